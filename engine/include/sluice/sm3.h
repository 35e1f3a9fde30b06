/* SM3 cryptographic hash (GB/T 32905-2016; also ISO/IEC 10118-3:2018), used by
 * SM2 signatures (GB/T 32918). 256-bit digest, 512-bit blocks, big-endian. */
#ifndef SLUICE_SM3_H
#define SLUICE_SM3_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SLUICE_SM3_DIGEST_LEN 32
#define SLUICE_SM3_BLOCK_LEN 64

/* Incremental context; plain data, may be copied (e.g. to fork a common prefix
 * such as SM2's Z_A). */
typedef struct {
    uint32_t v[8];      /* chaining value V(i) */
    uint64_t nblocks;   /* 64-byte blocks already compressed */
    uint8_t buf[64];    /* partial block */
    unsigned pos;       /* bytes in buf, 0..63 */
} sluice_sm3_ctx;

void sluice_sm3_init(sluice_sm3_ctx *c);
void sluice_sm3_update(sluice_sm3_ctx *c, const void *data, size_t len);
/* Writes the 32-byte digest. The context must be re-initialised to reuse. */
void sluice_sm3_final(sluice_sm3_ctx *c, uint8_t out[32]);

/* One-shot helper. */
void sluice_sm3(uint8_t out[32], const void *data, size_t len);

/* The compression function CF (GB/T 32905-2016 5.3.3) applied to nblocks
 * consecutive 64-byte blocks: V <- CF(V, B(i)). Exposed for callers that
 * manage their own padding (and for benchmarks). */
void sluice_sm3_compress(uint32_t v[8], const uint8_t *blocks, size_t nblocks);

#ifdef __cplusplus
}
#endif
#endif
