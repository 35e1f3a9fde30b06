/* Bytom v1 difficulty: compact 64-bit bits and the proof-of-work comparison
 * (../specs/tensority.md section 5; reference: consensus/difficulty/difficulty.go
 * CompactToBig, HashToBig, CheckProofOfWork). */
#ifndef SLUICE_BYTOM_TARGET_H
#define SLUICE_BYTOM_TARGET_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The value N = (-1)^sign * mantissa * 256^(exponent-3) of a compact `bits`,
 * clamped to what a 256-bit comparison needs. */
typedef struct {
    uint8_t le[32];   /* |N| as a little-endian 256-bit integer when !overflow */
    int negative;     /* sign bit set and mantissa (after shifting) non-zero */
    int overflow;     /* |N| >= 2^256: every non-negative hash is below it */
} sluice_bytom_target;

void sluice_bytom_bits_to_target(uint64_t bits, sluice_bytom_target *t);

/* 1 iff the PoW result, read as a little-endian integer, is <= target(bits). */
int sluice_bytom_pow_ok(const uint8_t result[32], uint64_t bits);

/* Compares two little-endian 256-bit integers: -1, 0 or 1. */
int sluice_u256_cmp_le(const uint8_t a[32], const uint8_t b[32]);

/* Approximate difficulty-like figures for display: log2 of the expected number
 * of hashes to find a result <= target (0 for an overflowing target). */
double sluice_bytom_bits_log2_work(uint64_t bits);

#ifdef __cplusplus
}
#endif
#endif
