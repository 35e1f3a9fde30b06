/* Compact bits -> target and the PoW comparison, as Bytom v1 does it
 * (consensus/difficulty/difficulty.go: CompactToBig, HashToBig, and
 * CheckProofOfWork = HashToBig(result) <= CompactToBig(bits)). */
#include "sluice/bytom_target.h"
#include <math.h>
#include <string.h>

void sluice_bytom_bits_to_target(uint64_t bits, sluice_bytom_target *t) {
    memset(t, 0, sizeof *t);
    uint64_t mantissa = bits & 0x007fffffffffffffULL;
    int negative = (bits & 0x0080000000000000ULL) != 0;
    unsigned exponent = (unsigned)(bits >> 56);
    if (exponent <= 3) {
        mantissa >>= 8 * (3 - exponent);
        for (int i = 0; i < 8; i++) t->le[i] = (uint8_t)(mantissa >> (8 * i));
    } else {
        unsigned shift = exponent - 3;   /* bytes */
        for (int i = 0; i < 8; i++) {
            uint8_t byte = (uint8_t)(mantissa >> (8 * i));
            if (!byte) continue;
            if (shift + (unsigned)i >= 32) t->overflow = 1;
            else t->le[shift + (unsigned)i] = byte;
        }
    }
    int zero = !t->overflow;
    for (int i = 0; i < 32 && zero; i++) zero = t->le[i] == 0;
    t->negative = negative && !zero;
    if (t->negative) t->overflow = 0;
}

int sluice_u256_cmp_le(const uint8_t a[32], const uint8_t b[32]) {
    for (int i = 31; i >= 0; i--)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

int sluice_bytom_pow_ok(const uint8_t result[32], uint64_t bits) {
    sluice_bytom_target t;
    sluice_bytom_bits_to_target(bits, &t);
    if (t.negative) return 0;          /* a non-negative hash never is <= a negative target */
    if (t.overflow) return 1;
    return sluice_u256_cmp_le(result, t.le) <= 0;
}

double sluice_bytom_bits_log2_work(uint64_t bits) {
    sluice_bytom_target t;
    sluice_bytom_bits_to_target(bits, &t);
    if (t.overflow) return 0.0;
    if (t.negative) return INFINITY;
    double v = 0.0;   /* target + 1 as a double */
    for (int i = 31; i >= 0; i--) v = v * 256.0 + t.le[i];
    return 256.0 - log2(v + 1.0);
}
