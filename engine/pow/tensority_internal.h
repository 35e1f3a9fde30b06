/* Internal layout shared by the Tensority CPU paths (not a public header).
 *
 * Packed layout ("VNNI layout", also read by the AVX2 path): for matrix m,
 * column block cb (16 columns) and inner group t4 (4 consecutive t), one
 * 64-byte vector holds M[16cb + i][4t4 + q] at byte 4i + q. This is the
 * operand order of vpdpbusd (16 dword lanes, 4 bytes each) for C = A * M^T.
 *
 * Bias: the SIMD paths keep A biased as u = A + 128 (mod 256, i.e. A ^ 0x80)
 * so it can be the unsigned operand; sum_t u*M = C + 128 * sum_t M[c][t], so
 * the accumulators start at bias[c] = -128 * colsum[c]. Four biased chain
 * outputs sum to S + 512 = S (mod 256): the fold needs no correction. */
#ifndef SLUICE_TENSORITY_INTERNAL_H
#define SLUICE_TENSORITY_INTERNAL_H

#include "sluice/tensority.h"

#define TS_N 256
#define TS_PACKED_OFFSET(cb, t4) ((size_t)((cb) * 64 + (t4)) * 64)

struct sluice_tensority_cache {
    uint8_t seed[32];
    int8_t *matrices;     /* 16 MiB, row-major */
    uint8_t *packed;      /* 16 MiB, packed layout above */
    int32_t *bias;        /* 256 x 256: -128 * colsum for matrix m, column c */
    /* Implementations this CPU runs, read once at build time so that hashing
     * never executes CPUID (a VM exit under a hypervisor). */
    int can_avx2, can_avx512vnni;
    sluice_tensority_impl best;
};

/* One scratch region: biased A (two buffers) and the running biased sum. */
typedef struct {
    uint8_t a[TS_N * TS_N];
    uint8_t b[TS_N * TS_N];
    uint8_t s[TS_N * TS_N];
    uint8_t hi[TS_N * TS_N];   /* AVX2 nibble split of A */
    uint8_t lo[TS_N * TS_N];
} ts_scratch;

/* dst = biased trunc(M^T): the first product of every chain, I * M^T. */
void ts_first_step(uint8_t *dst, const int8_t *m);

/* One chain step on biased A: out = biased trunc(in * M^T), matrix m. */
void ts_step_avx512vnni(const sluice_tensority_cache *c, unsigned m, const uint8_t *in, uint8_t *out,
                        ts_scratch *sc);
void ts_step_avx2(const sluice_tensority_cache *c, unsigned m, const uint8_t *in, uint8_t *out,
                  ts_scratch *sc);

#endif
