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

/* Keccak-f[1600] on eight states: lane k of s[i] is lane i of state k.
 * theta, rho+pi fused as B[y][2x+3y] = ROT(A[x][y] ^ D[x], r[x][y]), chi, iota. */
static void perm_x8(V s[25]) {
    V a00 = s[0], a01 = s[1], a02 = s[2], a03 = s[3], a04 = s[4];
    V a05 = s[5], a06 = s[6], a07 = s[7], a08 = s[8], a09 = s[9];
    V a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13], a14 = s[14];
    V a15 = s[15], a16 = s[16], a17 = s[17], a18 = s[18], a19 = s[19];
    V a20 = s[20], a21 = s[21], a22 = s[22], a23 = s[23], a24 = s[24];
    for (int r = 0; r < 24; r++) {
        V c0 = V_XOR5(a00, a05, a10, a15, a20), c1 = V_XOR5(a01, a06, a11, a16, a21);
        V c2 = V_XOR5(a02, a07, a12, a17, a22), c3 = V_XOR5(a03, a08, a13, a18, a23);
        V c4 = V_XOR5(a04, a09, a14, a19, a24);
        V d0 = V_XOR(c4, V_ROL(c1, 1)), d1 = V_XOR(c0, V_ROL(c2, 1));
        V d2 = V_XOR(c1, V_ROL(c3, 1)), d3 = V_XOR(c2, V_ROL(c4, 1));
        V d4 = V_XOR(c3, V_ROL(c0, 1));
        V b00 = V_XOR(a00, d0);
        V b01 = V_ROL(V_XOR(a06, d1), 44), b02 = V_ROL(V_XOR(a12, d2), 43);
        V b03 = V_ROL(V_XOR(a18, d3), 21), b04 = V_ROL(V_XOR(a24, d4), 14);
        V b05 = V_ROL(V_XOR(a03, d3), 28), b06 = V_ROL(V_XOR(a09, d4), 20);
        V b07 = V_ROL(V_XOR(a10, d0), 3), b08 = V_ROL(V_XOR(a16, d1), 45);
        V b09 = V_ROL(V_XOR(a22, d2), 61);
        V b10 = V_ROL(V_XOR(a01, d1), 1), b11 = V_ROL(V_XOR(a07, d2), 6);
        V b12 = V_ROL(V_XOR(a13, d3), 25), b13 = V_ROL(V_XOR(a19, d4), 8);
        V b14 = V_ROL(V_XOR(a20, d0), 18);
        V b15 = V_ROL(V_XOR(a04, d4), 27), b16 = V_ROL(V_XOR(a05, d0), 36);
        V b17 = V_ROL(V_XOR(a11, d1), 10), b18 = V_ROL(V_XOR(a17, d2), 15);
        V b19 = V_ROL(V_XOR(a23, d3), 56);
        V b20 = V_ROL(V_XOR(a02, d2), 62), b21 = V_ROL(V_XOR(a08, d3), 55);
        V b22 = V_ROL(V_XOR(a14, d4), 39), b23 = V_ROL(V_XOR(a15, d0), 41);
        V b24 = V_ROL(V_XOR(a21, d1), 2);
        a00 = V_XOR(V_CHI(b00, b01, b02), _mm512_set1_epi64((long long)sluice_keccak_rc[r]));
        a01 = V_CHI(b01, b02, b03); a02 = V_CHI(b02, b03, b04);
        a03 = V_CHI(b03, b04, b00); a04 = V_CHI(b04, b00, b01);
        a05 = V_CHI(b05, b06, b07); a06 = V_CHI(b06, b07, b08); a07 = V_CHI(b07, b08, b09);
        a08 = V_CHI(b08, b09, b05); a09 = V_CHI(b09, b05, b06);
        a10 = V_CHI(b10, b11, b12); a11 = V_CHI(b11, b12, b13); a12 = V_CHI(b12, b13, b14);
        a13 = V_CHI(b13, b14, b10); a14 = V_CHI(b14, b10, b11);
        a15 = V_CHI(b15, b16, b17); a16 = V_CHI(b16, b17, b18); a17 = V_CHI(b17, b18, b19);
        a18 = V_CHI(b18, b19, b15); a19 = V_CHI(b19, b15, b16);
        a20 = V_CHI(b20, b21, b22); a21 = V_CHI(b21, b22, b23); a22 = V_CHI(b22, b23, b24);
        a23 = V_CHI(b23, b24, b20); a24 = V_CHI(b24, b20, b21);
    }
    s[0] = a00; s[1] = a01; s[2] = a02; s[3] = a03; s[4] = a04;
    s[5] = a05; s[6] = a06; s[7] = a07; s[8] = a08; s[9] = a09;
    s[10] = a10; s[11] = a11; s[12] = a12; s[13] = a13; s[14] = a14;
    s[15] = a15; s[16] = a16; s[17] = a17; s[18] = a18; s[19] = a19;
    s[20] = a20; s[21] = a21; s[22] = a22; s[23] = a23; s[24] = a24;
}

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
