/* Private: the four-way Keccak implementations behind sluice_keccak_x4() and
 * sluice_keccak_f1600_x4() (keccak.c dispatches; keccak_x4_body.h is the shared
 * SIMD code; keccak_x4_avx2.c / keccak_x4_avx512.c instantiate it). */
#ifndef SLUICE_HASH_KECCAK_X4_H
#define SLUICE_HASH_KECCAK_X4_H

#include <stddef.h>
#include <stdint.h>

/* Round constants RC[i_r] of FIPS 202 3.2.5 (defined in keccak.c). */
extern const uint64_t sluice_keccak_rc[24];

#if defined(__x86_64__) || defined(__i386__)
#define SLUICE_KECCAK_HAVE_X86 1
void sluice_keccak_f1600_x4_avx2(uint64_t st[25][4]);
void sluice_keccak_x4_avx2(uint8_t *const out[4], unsigned outlen, uint8_t pad,
                           const uint8_t *const in[4], size_t len);
void sluice_keccak_f1600_x4_avx512(uint64_t st[25][4]);
void sluice_keccak_x4_avx512(uint8_t *const out[4], unsigned outlen, uint8_t pad,
                             const uint8_t *const in[4], size_t len);
#endif

#endif
