/* 256-bit integers as four little-endian 64-bit limbs: the modular helpers
 * that every 4x64 field and scalar (sm2_field.c, sm2_scalar.c) would
 * otherwise write again. Constant time. */
#ifndef SLUICE_EC_U256_LIMBS_H
#define SLUICE_EC_U256_LIMBS_H

#include <stdint.h>

/* r = (a - b) mod m for a, b in [0, m): on a borrow the limbs hold
 * a - b + 2^256, and adding m (dropping the carry) gives a - b + m. */
static inline void sl_u256_sub_mod(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const uint64_t m[4]) {
    uint64_t t[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        unsigned __int128 x = (unsigned __int128)a[i] - b[i] - borrow;
        t[i] = (uint64_t)x;
        borrow = (uint64_t)(x >> 64) & 1;
    }
    uint64_t mask = (uint64_t)0 - borrow, carry = 0;
    for (int i = 0; i < 4; i++) {
        unsigned __int128 x = (unsigned __int128)t[i] + (m[i] & mask) + carry;
        r[i] = (uint64_t)x;
        carry = (uint64_t)(x >> 64);
    }
}

#endif
