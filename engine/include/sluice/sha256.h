/* SHA-256 (FIPS 180-4), used by BIP340 (tagged hashes
 * SHA256(SHA256(tag) ‖ SHA256(tag) ‖ x)) and the batch randomizers.
 * 256-bit digest, 512-bit blocks, big-endian words. */
#ifndef SLUICE_SHA256_H
#define SLUICE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SLUICE_SHA256_DIGEST_LEN 32
#define SLUICE_SHA256_BLOCK_LEN 64

/* Incremental context; plain data, may be copied to fork a common prefix
 * (e.g. the midstate after a tagged-hash prefix). */
typedef struct {
    uint32_t h[8];      /* chaining value */
    uint64_t nblocks;   /* 64-byte blocks already compressed */
    uint8_t buf[64];    /* partial block */
    unsigned pos;       /* bytes in buf, 0..63 */
} sluice_sha256_ctx;

void sluice_sha256_init(sluice_sha256_ctx *c);
void sluice_sha256_update(sluice_sha256_ctx *c, const void *data, size_t len);
/* Writes the 32-byte digest. The context must be re-initialised to reuse. */
void sluice_sha256_final(sluice_sha256_ctx *c, uint8_t out[32]);

/* One-shot helper. */
void sluice_sha256(uint8_t out[32], const void *data, size_t len);

/* Initialises c to the state after absorbing SHA256(tag) ‖ SHA256(tag) (one
 * full block), the prefix of a BIP340 tagged hash: continuing with x and
 * finalising gives tagged_hash(tag, x). */
void sluice_sha256_init_tagged(sluice_sha256_ctx *c, const void *tag, size_t tag_len);

/* The compression function (FIPS 180-4 6.2.2) over nblocks consecutive
 * 64-byte blocks, for callers that pad themselves. */
void sluice_sha256_compress(uint32_t h[8], const uint8_t *blocks, size_t nblocks);

#ifdef __cplusplus
}
#endif
#endif
