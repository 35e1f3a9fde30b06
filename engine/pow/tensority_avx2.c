/* Tensority chain step with AVX2. vpmaddubsw (u8 x s8 -> pairwise s16 sums)
 * would saturate on 255 * 128 * 2, so the biased A byte u is split into nibbles
 * u = 16h + l (h, l <= 15): each pair sum is at most 2 * 15 * 128, exact. The
 * s16 lanes wrap, which is exact because only C mod 2^16 matters (spec section
 * 2). Reads the same packed layout as the VNNI path: a 32-byte half of a packed
 * vector is 8 columns x 4 t; vpmaddwd with ones folds the two s16 halves of
 * each column into its dword. Register block: 2 rows x 16 columns. */
#include "tensority_internal.h"
#include <immintrin.h>
#include <string.h>

static inline int32_t load_i32(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Eight dword results -> eight biased bytes of trunc(C). */
static inline void store_truncated(uint8_t *dst, __m256i hi, __m256i lo, __m256i bias) {
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i c16 = _mm256_add_epi16(_mm256_slli_epi16(hi, 4), lo);
    __m256i c = _mm256_add_epi32(_mm256_madd_epi16(c16, ones), bias);
    __m256i v = _mm256_add_epi32(_mm256_add_epi32(c, _mm256_srli_epi32(c, 8)), _mm256_set1_epi32(128));
    const __m256i pick = _mm256_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                          0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    __m256i b = _mm256_shuffle_epi8(v, pick);
    b = _mm256_permutevar8x32_epi32(b, _mm256_setr_epi32(0, 4, 1, 1, 1, 1, 1, 1));
    _mm_storel_epi64((__m128i *)dst, _mm256_castsi256_si128(b));
}

void ts_step_avx2(const sluice_tensority_cache *c, unsigned m, const uint8_t *in, uint8_t *out,
                  ts_scratch *sc) {
    const uint8_t *pm = c->packed + (size_t)m * SLUICE_TENSORITY_MATRIX_BYTES;
    const int32_t *bias = c->bias + (size_t)m * TS_N;
    const __m256i lo_mask = _mm256_set1_epi8(0x0f);
    /* Nibble split of the whole biased A, once per step. */
    uint8_t *hi = sc->hi, *lo = sc->lo;
    for (size_t i = 0; i < sizeof sc->hi; i += 32) {
        __m256i u = _mm256_loadu_si256((const __m256i *)(in + i));
        _mm256_store_si256((__m256i *)(lo + i), _mm256_and_si256(u, lo_mask));
        _mm256_store_si256((__m256i *)(hi + i), _mm256_and_si256(_mm256_srli_epi16(u, 4), lo_mask));
    }
    for (int cb = 0; cb < 16; cb++) {
        const uint8_t *p = pm + TS_PACKED_OFFSET(cb, 0);
        const __m256i bias0 = _mm256_loadu_si256((const __m256i *)(bias + 16 * cb));
        const __m256i bias1 = _mm256_loadu_si256((const __m256i *)(bias + 16 * cb + 8));
        for (int r0 = 0; r0 < TS_N; r0 += 2) {
            __m256i h00 = _mm256_setzero_si256(), h01 = h00, h10 = h00, h11 = h00;
            __m256i l00 = h00, l01 = h00, l10 = h00, l11 = h00;
            const uint8_t *hr0 = hi + (size_t)r0 * TS_N, *hr1 = hr0 + TS_N;
            const uint8_t *lr0 = lo + (size_t)r0 * TS_N, *lr1 = lr0 + TS_N;
            for (int t4 = 0; t4 < 64; t4++) {
                const __m256i m0 = _mm256_load_si256((const __m256i *)(p + 64 * t4));
                const __m256i m1 = _mm256_load_si256((const __m256i *)(p + 64 * t4 + 32));
                __m256i a;
                a = _mm256_set1_epi32(load_i32(hr0 + 4 * t4));
                h00 = _mm256_add_epi16(h00, _mm256_maddubs_epi16(a, m0));
                h01 = _mm256_add_epi16(h01, _mm256_maddubs_epi16(a, m1));
                a = _mm256_set1_epi32(load_i32(lr0 + 4 * t4));
                l00 = _mm256_add_epi16(l00, _mm256_maddubs_epi16(a, m0));
                l01 = _mm256_add_epi16(l01, _mm256_maddubs_epi16(a, m1));
                a = _mm256_set1_epi32(load_i32(hr1 + 4 * t4));
                h10 = _mm256_add_epi16(h10, _mm256_maddubs_epi16(a, m0));
                h11 = _mm256_add_epi16(h11, _mm256_maddubs_epi16(a, m1));
                a = _mm256_set1_epi32(load_i32(lr1 + 4 * t4));
                l10 = _mm256_add_epi16(l10, _mm256_maddubs_epi16(a, m0));
                l11 = _mm256_add_epi16(l11, _mm256_maddubs_epi16(a, m1));
            }
            uint8_t *d0 = out + (size_t)r0 * TS_N + 16 * cb, *d1 = d0 + TS_N;
            store_truncated(d0, h00, l00, bias0);
            store_truncated(d0 + 8, h01, l01, bias1);
            store_truncated(d1, h10, l10, bias0);
            store_truncated(d1 + 8, h11, l11, bias1);
        }
    }
}
