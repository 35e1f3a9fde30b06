/* Field arithmetic mod 2^255 - 19 in the eight 64-bit lanes of 512-bit
 * AVX-512 IFMA vectors (fe8_*) and the eight-lane point step (lanes_step8):
 * ed25519_ifma_vec.h for 512-bit vectors, shared by ed25519_ifma8.c (eight
 * square roots) and ed25519_lanes8_ifma.c (eight point chains). x86-64 with
 * GCC or Clang only. Internal header (engine/ec). */
#ifndef SLUICE_EC_ED25519_FE8_IFMA_H
#define SLUICE_EC_ED25519_FE8_IFMA_H

#include <immintrin.h>
#include <stdint.h>

#define IFMA8_TARGET __attribute__((target("avx512f,avx512ifma")))

#define FE_W 8
#define FE_VEC __m512i
#define FE_TARGET IFMA8_TARGET
#define FE_ADD _mm512_add_epi64
#define FE_SUB _mm512_sub_epi64
#define FE_SRLI _mm512_srli_epi64
#define FE_SLLI _mm512_slli_epi64
#define FE_AND _mm512_and_si512
#define FE_SET1 _mm512_set1_epi64
#define FE_ZERO _mm512_setzero_si512
#define FE_MADDLO _mm512_madd52lo_epu64
#define FE_MADDHI _mm512_madd52hi_epu64
#define FE_BLEND _mm512_mask_blend_epi64
#include "ec/ed25519_ifma_vec.h"

#endif
