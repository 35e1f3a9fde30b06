/* Tensority chain step with AVX-512 VNNI (spec section 3): vpdpbusd multiplies
 * the biased (unsigned) row of A, broadcast 4 bytes at a time, by 16 columns
 * of M (signed) per instruction. Register block: 4 rows x 64 columns (16 zmm
 * accumulators); the 64-column slice of packed M (16 KiB) stays in L1 while all
 * 64 row groups stream past it. Accumulators start at -128 * colsum, which
 * removes the bias exactly (tensority_internal.h). */
#include "tensority_internal.h"
#include <immintrin.h>
#include <string.h>

#define ROWS 4

static inline int32_t load_i32(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Truncation of spec section 2: low byte of C + (C >> 8), then +128 (re-bias). */
static inline __m128i truncate_biased(__m512i acc, __m512i k128) {
    __m512i v = _mm512_add_epi32(acc, _mm512_srli_epi32(acc, 8));
    return _mm512_cvtepi32_epi8(_mm512_add_epi32(v, k128));
}

void ts_step_avx512vnni(const sluice_tensority_cache *c, unsigned m, const uint8_t *in, uint8_t *out,
                        ts_scratch *sc) {
    (void)sc;
    const uint8_t *pm = c->packed + (size_t)m * SLUICE_TENSORITY_MATRIX_BYTES;
    const int32_t *bias = c->bias + (size_t)m * TS_N;
    const __m512i k128 = _mm512_set1_epi32(128);
    for (int cg = 0; cg < 4; cg++) {              /* 64-column group: 4 blocks of 16 */
        const uint8_t *p0 = pm + TS_PACKED_OFFSET(4 * cg + 0, 0);
        const uint8_t *p1 = pm + TS_PACKED_OFFSET(4 * cg + 1, 0);
        const uint8_t *p2 = pm + TS_PACKED_OFFSET(4 * cg + 2, 0);
        const uint8_t *p3 = pm + TS_PACKED_OFFSET(4 * cg + 3, 0);
        const __m512i b0 = _mm512_loadu_si512(bias + 64 * cg + 0);
        const __m512i b1 = _mm512_loadu_si512(bias + 64 * cg + 16);
        const __m512i b2 = _mm512_loadu_si512(bias + 64 * cg + 32);
        const __m512i b3 = _mm512_loadu_si512(bias + 64 * cg + 48);
        for (int r0 = 0; r0 < TS_N; r0 += ROWS) {
            /* 16 named accumulators: an array here gets spilled to the stack. */
            __m512i c00 = b0, c01 = b1, c02 = b2, c03 = b3, c10 = b0, c11 = b1, c12 = b2, c13 = b3;
            __m512i c20 = b0, c21 = b1, c22 = b2, c23 = b3, c30 = b0, c31 = b1, c32 = b2, c33 = b3;
            const uint8_t *a0 = in + (size_t)r0 * TS_N, *a1 = a0 + TS_N, *a2 = a1 + TS_N, *a3 = a2 + TS_N;
            for (int t4 = 0; t4 < 64; t4++) {
                const __m512i m0 = _mm512_load_si512(p0 + 64 * t4);
                const __m512i m1 = _mm512_load_si512(p1 + 64 * t4);
                const __m512i m2 = _mm512_load_si512(p2 + 64 * t4);
                const __m512i m3 = _mm512_load_si512(p3 + 64 * t4);
                __m512i a;
#define ROW_MACS(ar, x0, x1, x2, x3)                                 \
                a = _mm512_set1_epi32(load_i32(ar + 4 * t4));        \
                x0 = _mm512_dpbusd_epi32(x0, a, m0);                 \
                x1 = _mm512_dpbusd_epi32(x1, a, m1);                 \
                x2 = _mm512_dpbusd_epi32(x2, a, m2);                 \
                x3 = _mm512_dpbusd_epi32(x3, a, m3);
                ROW_MACS(a0, c00, c01, c02, c03)
                ROW_MACS(a1, c10, c11, c12, c13)
                ROW_MACS(a2, c20, c21, c22, c23)
                ROW_MACS(a3, c30, c31, c32, c33)
#undef ROW_MACS
            }
#define ROW_STORE(r, x0, x1, x2, x3) do {                                             \
                uint8_t *dst = out + (size_t)(r0 + r) * TS_N + 64 * cg;               \
                _mm_storeu_si128((__m128i *)(dst + 0), truncate_biased(x0, k128));    \
                _mm_storeu_si128((__m128i *)(dst + 16), truncate_biased(x1, k128));   \
                _mm_storeu_si128((__m128i *)(dst + 32), truncate_biased(x2, k128));   \
                _mm_storeu_si128((__m128i *)(dst + 48), truncate_biased(x3, k128));   \
            } while (0)
            ROW_STORE(0, c00, c01, c02, c03);
            ROW_STORE(1, c10, c11, c12, c13);
            ROW_STORE(2, c20, c21, c22, c23);
            ROW_STORE(3, c30, c31, c32, c33);
#undef ROW_STORE
        }
    }
}
