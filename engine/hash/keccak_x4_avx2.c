/* Four-way Keccak-f[1600] and sponge with AVX2 (one state per 64-bit lane of a
 * ymm register). Compiled with -mavx2 (CMake, by file name) and only called
 * after sluice_cpu_detect() reported AVX2; the scalar code in keccak.c is the
 * reference it is tested equal to (tests/unit/test_keccak.c). */
#include "hash/keccak_x4.h"
#include <string.h>

#ifdef SLUICE_KECCAK_HAVE_X86
#include <immintrin.h>

typedef __m256i V;
#define V_XOR(a, b) _mm256_xor_si256((a), (b))
#define V_XOR5(a, b, c, d, e) V_XOR(V_XOR(V_XOR(a, b), V_XOR(c, d)), e)
/* rotations by 8 and 56 are byte shuffles; others shift-shift-or */
#define V_ROL(x, n) ((n) == 8 ? _mm256_shuffle_epi8((x), rot8) : (n) == 56 ? _mm256_shuffle_epi8((x), rot56) \
                     : _mm256_or_si256(_mm256_slli_epi64((x), (n)), _mm256_srli_epi64((x), 64 - (n))))
#define V_CHI(a, b, c) V_XOR((a), _mm256_andnot_si256((b), (c)))   /* a ^ (~b & c) */
#define V_SET1(x) _mm256_set1_epi64x((long long)(x))
#define V_SET4(a, b, c, d) _mm256_set_epi64x((long long)(d), (long long)(c), (long long)(b), (long long)(a))
#define V_ZERO() _mm256_setzero_si256()
#define V_LOADU(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define V_STORE(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))

/* byte permutations rotating each 64-bit lane left by 8 / 56 bits */
#define rot8 _mm256_setr_epi8(7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14, \
                              7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14)
#define rot56 _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8, \
                               1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8)

#include "hash/keccak_x4_body.h"

void sluice_keccak_f1600_x4_avx2(uint64_t st[25][4]) { f1600_x4_mem(st); }

void sluice_keccak_x4_avx2(uint8_t *const out[4], unsigned outlen, uint8_t pad,
                           const uint8_t *const in[4], size_t len) {
    sponge_x4(out, outlen, pad, in, len);
}
#endif
