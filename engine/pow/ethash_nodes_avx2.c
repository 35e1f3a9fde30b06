/* ethash_nodes with AVX2 (node formula and lockstep scheme: ethash_nodes.c).
 * One node's mix is two ymm: a parent round is two vpmulld + two vpxor (fnv of
 * the 16 words). Up to LANES nodes are in flight; each lane's next parent is
 * computed (exact multiply-shift remainder, ethash_fast.h) and prefetched right
 * after its mix update. The two Keccak-512 steps go four nodes at a time
 * through the four-way AVX2 Keccak-f[1600] of engine/hash. Compiled with the
 * AVX2 flags (CMake, by file name); called only when sluice_cpu_detect()
 * reports AVX2. */
#include "pow/ethash_fast.h"

#ifdef ETHASH_HAVE_X86
#include "hash/keccak_x4.h"
#include <immintrin.h>
#include <string.h>

/* Nodes in flight (miss-bound, as in ethash_nodes_avx512.c). */
#define LANES 64

typedef struct {
    __m256i lo, hi;   /* words 0..7, 8..15 */
} mix2;

/* In place: node[k] = keccak512(node[k]) for k < m <= 4: one 72-byte-rate
 * block, message in lanes 0..7, padding 0x01 ... 0x80 in lane 8 (FIPS 202 5.1). */
static void keccak512_x4(mix2 *mix, unsigned m) {
    _Alignas(32) uint64_t st[25][4];
    memset(st, 0, sizeof st);
    for (unsigned k = 0; k < m; k++) {
        _Alignas(32) uint64_t q[8];
        _mm256_store_si256((__m256i *)(void *)q, mix[k].lo);
        _mm256_store_si256((__m256i *)(void *)(q + 4), mix[k].hi);
        for (int i = 0; i < 8; i++) st[i][k] = q[i];
    }
    for (int k = 0; k < 4; k++) st[8][k] = 0x8000000000000001ull;
    sluice_keccak_f1600_x4_avx2(st);
    for (unsigned k = 0; k < m; k++) {
        _Alignas(32) uint64_t q[8];
        for (int i = 0; i < 8; i++) q[i] = st[i][k];
        mix[k].lo = _mm256_load_si256((const __m256i *)(const void *)q);
        mix[k].hi = _mm256_load_si256((const __m256i *)(const void *)(q + 4));
    }
}

static void keccak512_lanes(mix2 *mix, unsigned m) {
    for (unsigned k = 0; k < m; k += 4) keccak512_x4(mix + k, m - k < 4 ? m - k : 4);
}

/* Word k (a literal 0..15) of a node. */
#define WORD(x, k) ((uint32_t)_mm256_extract_epi32((k) < 8 ? (x).lo : (x).hi, (k) & 7))

#define ROUND(K)                                                                          \
    for (unsigned l = 0; l < m; l++) {                                                    \
        const __m256i *par = (const __m256i *)(const void *)&cache[next[l]];              \
        mix[l].lo = _mm256_xor_si256(_mm256_mullo_epi32(mix[l].lo, prime), _mm256_load_si256(par)); \
        mix[l].hi = _mm256_xor_si256(_mm256_mullo_epi32(mix[l].hi, prime), _mm256_load_si256(par + 1)); \
        next[l] = ethash_mod(dv, sluice_ethash_fnv(idx[l] ^ (j0 + (K) + 1), WORD(mix[l], ((K) + 1) & 15))); \
        _mm_prefetch((const char *)&cache[next[l]], _MM_HINT_T0);                          \
    }

static inline __attribute__((always_inline)) void group(const ethash_node *cache, ethash_divisor dv,
                                                        const uint32_t *idx, unsigned m,
                                                        ethash_node *out) {
    mix2 mix[LANES];
    uint32_t next[LANES];
    const __m256i prime = _mm256_set1_epi32(0x01000193);
    for (unsigned l = 0; l < m; l++) {
        const __m256i *c = (const __m256i *)(const void *)&cache[ethash_mod(dv, idx[l])];
        mix[l].lo = _mm256_xor_si256(_mm256_load_si256(c), _mm256_setr_epi32((int)idx[l], 0, 0, 0, 0, 0, 0, 0));
        mix[l].hi = _mm256_load_si256(c + 1);
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
    for (unsigned l = 0; l < m; l++) {
        _mm256_storeu_si256((__m256i *)(void *)out[l].b, mix[l].lo);
        _mm256_storeu_si256((__m256i *)(void *)(out[l].b + 32), mix[l].hi);
    }
}

static void group_full(const ethash_node *cache, ethash_divisor dv, const uint32_t *idx, ethash_node *out) {
    group(cache, dv, idx, LANES, out);
}

static void group_any(const ethash_node *cache, ethash_divisor dv, const uint32_t *idx, unsigned m,
                      ethash_node *out) {
    group(cache, dv, idx, m, out);
}

void ethash_nodes_avx2(const struct sluice_ethash_epoch *ctx, const uint32_t *indices, size_t n,
                       ethash_node *out) {
    const ethash_divisor dv = ethash_divisor_make((uint32_t)ctx->cache_items);
    size_t k = 0;
    for (; n - k >= LANES; k += LANES) group_full(ctx->cache, dv, indices + k, out + k);
    if (k < n) group_any(ctx->cache, dv, indices + k, (unsigned)(n - k), out + k);
}
#endif
