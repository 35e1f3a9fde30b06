/* Keccak-f[1600] and the hashes built on it (FIPS 202):
 *  - SHA3-256 / SHA3-512: domain padding 0x06 (Bytom, Tensority);
 *  - legacy Keccak-256 / Keccak-512: original padding 0x01 (Ethereum, Ethash). */
#ifndef SLUICE_KECCAK_H
#define SLUICE_KECCAK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The 24-round permutation on 25 little-endian 64-bit lanes, A[x + 5y]. */
void sluice_keccak_f1600(uint64_t state[25]);

/* Incremental sponge. rate = 200 - 2*digest_len bytes; pad is 0x06 or 0x01. */
typedef struct {
    uint64_t st[25];
    unsigned rate;     /* bytes absorbed per permutation */
    unsigned pos;      /* bytes absorbed into the current block */
    unsigned outlen;   /* digest length in bytes */
    uint8_t pad;       /* domain/padding byte */
} sluice_keccak_ctx;

void sluice_sha3_256_init(sluice_keccak_ctx *c);
void sluice_sha3_512_init(sluice_keccak_ctx *c);
void sluice_keccak256_init(sluice_keccak_ctx *c);
void sluice_keccak512_init(sluice_keccak_ctx *c);
void sluice_keccak_update(sluice_keccak_ctx *c, const void *data, size_t len);
/* Writes c->outlen bytes to out. The context must be re-initialised to reuse. */
void sluice_keccak_final(sluice_keccak_ctx *c, uint8_t *out);

/* One-shot helpers. */
void sluice_sha3_256(uint8_t out[32], const void *data, size_t len);
void sluice_sha3_512(uint8_t out[64], const void *data, size_t len);
void sluice_keccak256(uint8_t out[32], const void *data, size_t len);
void sluice_keccak512(uint8_t out[64], const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
