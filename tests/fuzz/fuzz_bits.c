/* Fuzzes the Bytom compact-bits PoW check against a naive model: the target is
 * built in a 300-byte little-endian big integer (exponent up to 255 shifts the
 * mantissa by up to 252 bytes), then compared byte by byte. Input: 8 bytes of
 * bits (little-endian) then 32 bytes of PoW result. */
#include "sluice/bytom_target.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BIG 300

static int model_pow_ok(const uint8_t result[32], uint64_t bits) {
    uint8_t target[BIG];
    memset(target, 0, sizeof target);
    uint64_t mantissa = bits & 0x007fffffffffffffULL;
    int negative = (bits >> 55) & 1;
    unsigned exponent = (unsigned)(bits >> 56);
    if (exponent <= 3) {
        mantissa >>= 8 * (3 - exponent);
        for (int i = 0; i < 8; i++) target[i] = (uint8_t)(mantissa >> (8 * i));
    } else {
        for (int i = 0; i < 8; i++) target[exponent - 3 + (unsigned)i] = (uint8_t)(mantissa >> (8 * i));
    }
    int zero = 1;
    for (int i = 0; i < BIG; i++) zero &= target[i] == 0;
    if (negative && !zero) return 0;   /* result >= 0 > -target */
    for (int i = BIG - 1; i >= 0; i--) {
        uint8_t r = i < 32 ? result[i] : 0;
        if (r != target[i]) return r < target[i];
    }
    return 1;   /* equal */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 40) return 0;
    uint64_t bits = 0;
    for (int i = 0; i < 8; i++) bits |= (uint64_t)data[i] << (8 * i);
    const uint8_t *result = data + 8;
    if (sluice_bytom_pow_ok(result, bits) != model_pow_ok(result, bits)) abort();
    sluice_bytom_target t;
    sluice_bytom_bits_to_target(bits, &t);
    if (t.negative && t.overflow) abort();
    return 0;
}
