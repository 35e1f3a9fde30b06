/* Keccak-f[1600] and the hashes built on it (FIPS 202):
 *  - SHA3-256 / SHA3-512: domain padding 0x06 (Bytom, Tensority);
 *  - legacy Keccak-256 / Keccak-512: original padding 0x01 (Ethereum, Ethash). */
#ifndef SLUICE_KECCAK_H
#define SLUICE_KECCAK_H

#include <stddef.h>
#include <stdint.h>
#include "sluice/error.h"

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

/* ---- Four-way batch (multi-buffer) hashing --------------------------------
 * Four independent states or messages at once, for batches of small inputs
 * (Merkle leaves, entry IDs, nonces). Implementations: the scalar reference
 * (four calls of the one-state code), AVX2 and AVX-512VL; AUTO picks the best
 * one sluice_cpu_detect() reports (so SLUICE_CPU_MASK applies) and caches it.
 * Every implementation gives identical results. */
typedef enum {
    SLUICE_KECCAK_AUTO = 0,
    SLUICE_KECCAK_SCALAR,
    SLUICE_KECCAK_AVX2,
    SLUICE_KECCAK_AVX512
} sluice_keccak_impl;

/* The implementation AUTO resolves to on this CPU. */
sluice_keccak_impl sluice_keccak_x4_best(void);
/* 1 if impl can run here (compiled in and supported by the CPU), else 0. */
int sluice_keccak_x4_available(sluice_keccak_impl impl);
/* "scalar", "avx2", "avx512" ("auto" for AUTO; "?" for anything else). */
const char *sluice_keccak_impl_name(sluice_keccak_impl impl);

/* Keccak-f[1600] on four interleaved states: st[i][k] is lane i of state k.
 * SLUICE_ERR_UNSUPPORTED if impl is not available, SLUICE_ERR_ARG if unknown. */
sluice_err sluice_keccak_f1600_x4(sluice_keccak_impl impl, uint64_t st[25][4]);

/* out[k] = hash(in[k][0..len)) for k = 0..3, all four of the same length;
 * outlen 32 or 64 (SHA3/Keccak-256 or -512), pad 0x06 (SHA3) or 0x01 (Keccak).
 * SLUICE_ERR_ARG for another outlen/pad, SLUICE_ERR_UNSUPPORTED as above. */
sluice_err sluice_keccak_x4(sluice_keccak_impl impl, unsigned outlen, uint8_t pad,
                            uint8_t *const out[4], const uint8_t *const in[4], size_t len);

/* Shorthands with AUTO: four SHA3-256 / Keccak-256 digests. */
void sluice_sha3_256_x4(uint8_t out[4][32], const uint8_t *const in[4], size_t len);
void sluice_keccak256_x4(uint8_t out[4][32], const uint8_t *const in[4], size_t len);

#ifdef __cplusplus
}
#endif
#endif
