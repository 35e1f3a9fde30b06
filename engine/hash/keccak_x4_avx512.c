/* Four-way Keccak-f[1600] and sponge with AVX-512VL on ymm registers: native
 * 64-bit rotates (vprolq) and three-input logic (vpternlogq) for theta's
 * five-way XOR and chi; 32 registers hold the whole state. Compiled with the
 * AVX-512 flags (CMake, by file name) and only called after sluice_cpu_detect()
 * reported AVX-512F+VL; tested equal to the scalar reference in keccak.c. */
#include "hash/keccak_x4.h"
#include <string.h>

#ifdef SLUICE_KECCAK_HAVE_X86
#include <immintrin.h>

typedef __m256i V;
#define V_XOR(a, b) _mm256_xor_si256((a), (b))
/* 0x96 = a ^ b ^ c */
#define V_XOR5(a, b, c, d, e) \
    _mm256_ternarylogic_epi64(_mm256_ternarylogic_epi64((a), (b), (c), 0x96), (d), (e), 0x96)
#define V_ROL(x, n) _mm256_rol_epi64((x), (n))
/* 0xD2 = a ^ (~b & c) */
#define V_CHI(a, b, c) _mm256_ternarylogic_epi64((a), (b), (c), 0xD2)
#define V_SET1(x) _mm256_set1_epi64x((long long)(x))
#define V_SET4(a, b, c, d) _mm256_set_epi64x((long long)(d), (long long)(c), (long long)(b), (long long)(a))
#define V_ZERO() _mm256_setzero_si256()
#define V_LOADU(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define V_STORE(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))

#include "hash/keccak_x4_body.h"

void sluice_keccak_f1600_x4_avx512(uint64_t st[25][4]) { f1600_x4_mem(st); }

void sluice_keccak_x4_avx512(uint8_t *const out[4], unsigned outlen, uint8_t pad,
                             const uint8_t *const in[4], size_t len) {
    sponge_x4(out, outlen, pad, in, len);
}
#endif
