/* ethash_nodes with AVX-512 (node formula and lockstep scheme: ethash_nodes.c).
 * One node's mix is one zmm: a parent round is vpmulld + vpxord (fnv of the
 * 16 words, spec "fnv(u, v) = (u * 0x01000193) ^ v"). Up to LANES nodes are in
 * flight; the parent index of each lane's next round is computed (exact
 * multiply-shift remainder, ethash_fast.h) and prefetched right after its mix
 * update. The two Keccak-512 steps run eight nodes at a time in an eight-way
 * zmm Keccak-f[1600] (FIPS 202 3.2; same round structure as
 * engine/hash/keccak_x4_body.h). Compiled with the AVX-512 flags (CMake, by
 * file name); called only when sluice_cpu_detect() reports AVX-512F/BW/VL/DQ. */
#include "pow/ethash_fast.h"

#ifdef ETHASH_HAVE_X86
#include "hash/keccak_x4.h"
#include <immintrin.h>
#include <string.h>

/* Nodes in flight. Throughput is bound by outstanding cache misses, not by
 * arithmetic (with the cache in L2 one core does ~1.6 M nodes/s): on a Zen 4
 * EPYC at epoch 0, 16 lanes gave ~0.3 M nodes/s, 32 ~0.5 M, 64 ~0.65 M. */
#ifndef ETHASH_AVX512_LANES
#define ETHASH_AVX512_LANES 64
#endif
#define LANES ETHASH_AVX512_LANES

typedef __m512i V;
#define V_XOR(a, b) _mm512_xor_si512((a), (b))
/* 0x96 = a ^ b ^ c; 0xD2 = a ^ (~b & c) (chi) */
#define V_XOR5(a, b, c, d, e) \
    _mm512_ternarylogic_epi64(_mm512_ternarylogic_epi64((a), (b), (c), 0x96), (d), (e), 0x96)
#define V_ROL(x, n) _mm512_rol_epi64((x), (n))
#define V_CHI(a, b, c) _mm512_ternarylogic_epi64((a), (b), (c), 0xD2)

#define V_SET1(x) _mm512_set1_epi64((long long)(x))

/* Keccak-f[1600] on eight states (lane k of s[i] is lane i of state k): the
 * permutation shared with the hash module's multi-buffer code. */
#define KECCAK_PERM_NAME perm_x8
#include "hash/keccak_perm_body.h"
#undef KECCAK_PERM_NAME

/* In place: mix[l] = keccak512(mix[l]) for l < m <= 8. A 64-byte message is
 * one block of the 72-byte rate: lanes 0..7 the message, lane 8 the padding
 * 0x01 (legacy Keccak) ... 0x80 (FIPS 202 5.1, pad10*1). */
static void keccak512_x8(V *mix, unsigned m) {
    V s[25];
    /* 8x8 transpose of 64-bit words: s[i] lane k = word i of node k. */
    _Alignas(64) uint64_t t[8][8];
    memset(t, 0, sizeof t);
    for (unsigned k = 0; k < m; k++) {
        _Alignas(64) uint64_t q[8];
        _mm512_store_si512((void *)q, mix[k]);
        for (int i = 0; i < 8; i++) t[i][k] = q[i];
    }
    for (int i = 0; i < 8; i++) s[i] = _mm512_load_si512((const void *)t[i]);
    s[8] = _mm512_set1_epi64((long long)0x8000000000000001ull);
    for (int i = 9; i < 25; i++) s[i] = _mm512_setzero_si512();
    perm_x8(s);
    for (int i = 0; i < 8; i++) _mm512_store_si512((void *)t[i], s[i]);
    for (unsigned k = 0; k < m; k++) {
        _Alignas(64) uint64_t q[8];
        for (int i = 0; i < 8; i++) q[i] = t[i][k];
        mix[k] = _mm512_load_si512((const void *)q);
    }
}

static void keccak512_lanes(V *mix, unsigned m) {
    for (unsigned k = 0; k < m; k += 8) keccak512_x8(mix + k, m - k < 8 ? m - k : 8);
}

/* Word k (a literal 0..15) of a zmm. */
#define WORD(x, k) ((uint32_t)_mm_extract_epi32(_mm512_extracti32x4_epi32((x), (k) >> 2), (k) & 3))

/* Parent round j = j0 + K of every lane (K a literal 0..15), then the next
 * round's parent index from word (K + 1) % 16 of the new mix, prefetched. */
#define ROUND(K)                                                                          \
    for (unsigned l = 0; l < m; l++) {                                                    \
        V par = _mm512_load_si512((const void *)&cache[next[l]]);                          \
        V x = _mm512_xor_si512(_mm512_mullo_epi32(mix[l], prime), par);                    \
        mix[l] = x;                                                                        \
        next[l] = ethash_mod(dv, sluice_ethash_fnv(idx[l] ^ (j0 + (K) + 1), WORD(x, ((K) + 1) & 15))); \
        _mm_prefetch((const char *)&cache[next[l]], _MM_HINT_T0);                          \
    }

static inline __attribute__((always_inline)) void group(const ethash_node *cache, ethash_divisor dv,
                                                        const uint32_t *idx, unsigned m,
                                                        ethash_node *out) {
    V mix[LANES];
    uint32_t next[LANES];
    const V prime = _mm512_set1_epi32(0x01000193);
    for (unsigned l = 0; l < m; l++) {
        V c = _mm512_load_si512((const void *)&cache[ethash_mod(dv, idx[l])]);
        mix[l] = _mm512_xor_si512(c, _mm512_castsi128_si512(_mm_cvtsi32_si128((int)idx[l])));
    }
    keccak512_lanes(mix, m);
    for (unsigned l = 0; l < m; l++) {
        next[l] = ethash_mod(dv, sluice_ethash_fnv(idx[l], WORD(mix[l], 0)));
        _mm_prefetch((const char *)&cache[next[l]], _MM_HINT_T0);
    }
    for (uint32_t j0 = 0; j0 < SLUICE_ETHASH_FULL_DATASET_ITEM_PARENTS; j0 += 16) {
        ROUND(0) ROUND(1) ROUND(2) ROUND(3) ROUND(4) ROUND(5) ROUND(6) ROUND(7)
        ROUND(8) ROUND(9) ROUND(10) ROUND(11) ROUND(12) ROUND(13) ROUND(14) ROUND(15)
    }
    keccak512_lanes(mix, m);
    for (unsigned l = 0; l < m; l++) _mm512_storeu_si512((void *)out[l].b, mix[l]);
}

static void group_full(const ethash_node *cache, ethash_divisor dv, const uint32_t *idx, ethash_node *out) {
    group(cache, dv, idx, LANES, out);
}

static void group_any(const ethash_node *cache, ethash_divisor dv, const uint32_t *idx, unsigned m,
                      ethash_node *out) {
    group(cache, dv, idx, m, out);
}

void ethash_nodes_avx512(const struct sluice_ethash_epoch *ctx, const uint32_t *indices, size_t n,
                         ethash_node *out) {
    const ethash_divisor dv = ethash_divisor_make((uint32_t)ctx->cache_items);
    size_t k = 0;
    for (; n - k >= LANES; k += LANES) group_full(ctx->cache, dv, indices + k, out + k);
    if (k < n) group_any(ctx->cache, dv, indices + k, (unsigned)(n - k), out + k);
}
#endif
