/* SHA-512 (FIPS 180-4), used by Ed25519 (RFC 8032: k = SHA-512(R ‖ A ‖ M)).
 * 512-bit digest, 1024-bit blocks, big-endian words. */
#ifndef SLUICE_SHA512_H
#define SLUICE_SHA512_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SLUICE_SHA512_DIGEST_LEN 64
#define SLUICE_SHA512_BLOCK_LEN 128

/* Incremental context; plain data, may be copied to fork a common prefix. */
typedef struct {
    uint64_t h[8];      /* chaining value */
    uint64_t nblocks;   /* 128-byte blocks already compressed */
    uint8_t buf[128];   /* partial block */
    unsigned pos;       /* bytes in buf, 0..127 */
} sluice_sha512_ctx;

void sluice_sha512_init(sluice_sha512_ctx *c);
void sluice_sha512_update(sluice_sha512_ctx *c, const void *data, size_t len);
/* Writes the 64-byte digest. The context must be re-initialised to reuse. */
void sluice_sha512_final(sluice_sha512_ctx *c, uint8_t out[64]);

/* One-shot helper. */
void sluice_sha512(uint8_t out[64], const void *data, size_t len);

/* The compression function (FIPS 180-4 6.4.2) over nblocks consecutive
 * 128-byte blocks, for callers that pad themselves. */
void sluice_sha512_compress(uint64_t h[8], const uint8_t *blocks, size_t nblocks);

#ifdef __cplusplus
}
#endif
#endif
