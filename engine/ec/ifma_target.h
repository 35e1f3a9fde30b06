/* What the AVX-512 IFMA lane files of engine/ec share (ed25519_ifma.c,
 * sm2_lanes*.c, secp256k1_lanes_ifma.c): the target attribute their vector
 * functions are compiled with, the forced-inline variant for the field
 * operations, and the run-time CPU check. Never assumed from the build
 * machine: a binary built here runs the scalar code on a CPU without IFMA.
 * x86-64 with GCC or Clang only; the includers guard their vector code with
 * SL_IFMA_BUILD. Internal header (engine/ec). */
#ifndef SLUICE_EC_IFMA_TARGET_H
#define SLUICE_EC_IFMA_TARGET_H

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SL_IFMA_BUILD 1

/* 256-bit vectors with 52-bit multiply-add (AVX-512VL + IFMA). */
#define SL_IFMA_TARGET __attribute__((target("avx512f,avx512vl,avx512ifma")))

/* Field operations forced inline into the point formulas (out of line, each
 * call passes its vectors through memory: measured ~10% slower chains);
 * not under AddressSanitizer, whose checks make the inlined bodies huge. */
#if defined(__SANITIZE_ADDRESS__)
#define SL_IFMA_INLINE SL_IFMA_TARGET
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SL_IFMA_INLINE SL_IFMA_TARGET
#endif
#endif
#ifndef SL_IFMA_INLINE
#define SL_IFMA_INLINE SL_IFMA_TARGET __attribute__((always_inline))
#endif

/* 1 if the CPU (and OS) offer AVX-512F, AVX-512VL and AVX-512 IFMA. The
 * run-time library fills the CPU model in a constructor, so no
 * __builtin_cpu_init call (and no write shared between threads) here. */
static inline int sl_ifma_cpu_supported(void) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512ifma");
}
#endif

#endif
