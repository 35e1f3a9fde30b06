/* SHA-256 compression with the x86 SHA extensions (see sha256_impl.h).
 * The state lives in two vectors, ABEF and CDGH, the order sha256rnds2
 * takes; each sha256rnds2 does two rounds with the two low words of its
 * message-plus-constant operand, so a group of four rounds is two calls
 * with the operand's halves swapped in between. The schedule of FIPS 180-4
 * 6.2.2 step 1, four words at a time:
 *   W[i] = msg2(msg1(W[i-4], W[i-3]) + (W[i-2]:W[i-1] shifted by one
 *          word, the w[t-7] terms), W[i-1]).
 * The round constants are sha256.c's (sl_sha256_k). */
#include "hash/sha256_impl.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#include <stdatomic.h>

#define SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* CPUID leaf 7 EBX bit 29 (SHA) and leaf 1 ECX bit 19 (SSE4.1), read once:
 * CPUID traps under a hypervisor (microseconds), and this is asked on every
 * compression. Written with CPUID itself because Clang 14's
 * __builtin_cpu_supports does not know "sha". The cache is a plain fact
 * about the CPU: racing first calls store the same value. */
int sl_sha256_shani_supported(void) {
    static atomic_int known = -1;
    int v = atomic_load_explicit(&known, memory_order_relaxed);
    if (v < 0) {
        unsigned a, b, c, d;
        int sse41 = __get_cpuid(1, &a, &b, &c, &d) && (c >> 19 & 1);
        int sha = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b >> 29 & 1);
        v = sse41 && sha;
        atomic_store_explicit(&known, v, memory_order_relaxed);
    }
    return v;
}

SHANI_TARGET void sl_sha256_compress_shani(uint32_t h[8], const uint8_t *blocks, size_t nblocks) {
    /* big-endian words: reverse the bytes of each 32-bit lane */
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&h[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&h[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (; nblocks > 0; nblocks--, blocks += 64) {
        const __m128i abef0 = abef, cdgh0 = cdgh;
        __m128i w[4];
#pragma GCC unroll 16
        for (int i = 0; i < 16; i++) {
            __m128i wi;
            if (i < 4) {
                wi = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16 * i)), bswap);
            } else {
                __m128i t = _mm_sha256msg1_epu32(w[i & 3], w[(i - 3) & 3]);
                t = _mm_add_epi32(t, _mm_alignr_epi8(w[(i - 1) & 3], w[(i - 2) & 3], 4));
                wi = _mm_sha256msg2_epu32(t, w[(i - 1) & 3]);
            }
            w[i & 3] = wi;
            __m128i m = _mm_add_epi32(wi, _mm_load_si128((const __m128i *)&sl_sha256_k[4 * i]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(m, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else /* not x86-64 with GCC or Clang: the scalar code only */

int sl_sha256_shani_supported(void) { return 0; }

void sl_sha256_compress_shani(uint32_t h[8], const uint8_t *blocks, size_t nblocks) {
    sl_sha256_compress_scalar(h, blocks, nblocks);
}

#endif
