/* Arithmetic mod L (ed25519_scalar.h). Products are reduced with Barrett's
 * method (Handbook of Applied Cryptography, algorithm 14.42, base b = 2^64,
 * k = 4): q = floor(floor(x / b^3) * mu / b^5) with mu = floor(b^8 / L), then
 * r = x - q L taken mod b^5, which is < 3L, and at most two constant-time
 * subtractions of L. */
#include "ec/ed25519_scalar.h"

typedef unsigned __int128 u128;

static const uint64_t L_LIMBS[4] = {UINT64_C(0x5812631a5cf5d3ed), UINT64_C(0x14def9dea2f79cd6), 0,
                                    UINT64_C(0x1000000000000000)};
/* mu = floor(2^512 / L), five limbs (a 261-bit value). */
static const uint64_t MU[5] = {UINT64_C(0xed9ce5a30a2c131b), UINT64_C(0x2106215d086329a7),
                               UINT64_C(0xffffffffffffffeb), UINT64_C(0xffffffffffffffff), 0xf};

static uint64_t load64_le(const uint8_t *b) {
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--) x = (x << 8) | b[i];
    return x;
}

/* r = a - L if a >= L (n limbs, n >= 4, the extra limbs taken as zero in L);
 * returns 1 if it subtracted. */
static int cond_sub_l(uint64_t *a, int n) {
    uint64_t d[5], borrow = 0;
    for (int i = 0; i < n; i++) {
        uint64_t li = i < 4 ? L_LIMBS[i] : 0;
        u128 t = (u128)a[i] - li - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    uint64_t keep = 0 - borrow; /* all ones if a < L */
    for (int i = 0; i < n; i++) a[i] = (a[i] & keep) | (d[i] & ~keep);
    return (int)(borrow ^ 1);
}

/* r = x mod L for an 8-limb x (HAC 14.42). */
static void reduce512(sl_ed25519_sc *r, const uint64_t x[8]) {
    /* q1 = x >> 192 (5 limbs); q3 = (q1 * mu) >> 320 */
    uint64_t q2[10] = {0};
    for (int i = 0; i < 5; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 5; j++) {
            u128 t = (u128)x[3 + i] * MU[j] + q2[i + j] + carry;
            q2[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        q2[i + 5] = carry;
    }
    const uint64_t *q3 = q2 + 5;
    /* r2 = (q3 * L) mod b^5 */
    uint64_t r2[5] = {0};
    for (int i = 0; i < 5; i++) {
        uint64_t carry = 0;
        for (int j = 0; i + j < 5 && j < 4; j++) {
            u128 t = (u128)q3[i] * L_LIMBS[j] + r2[i + j] + carry;
            r2[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        if (i + 4 < 5) r2[i + 4] += carry;
    }
    /* r = (x mod b^5) - r2 mod b^5; the true difference is in [0, 3L) */
    uint64_t rr[5], borrow = 0;
    for (int i = 0; i < 5; i++) {
        u128 t = (u128)x[i] - r2[i] - borrow;
        rr[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    cond_sub_l(rr, 5);
    cond_sub_l(rr, 5);
    for (int i = 0; i < 4; i++) r->v[i] = rr[i];
}

int sl_ed25519_sc_set_b32(sl_ed25519_sc *r, const uint8_t b[32]) {
    uint64_t a[5];
    for (int i = 0; i < 4; i++) a[i] = load64_le(b + 8 * i);
    a[4] = 0;
    /* 2^256 < 16 L, so reduce through the general path and separately report
     * whether the input was >= L (a subtraction of L from it does not borrow). */
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] - L_LIMBS[i] - borrow;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    uint64_t x[8] = {a[0], a[1], a[2], a[3], 0, 0, 0, 0};
    reduce512(r, x);
    return (int)(borrow ^ 1);
}

void sl_ed25519_sc_set_b64(sl_ed25519_sc *r, const uint8_t b[64]) {
    uint64_t x[8];
    for (int i = 0; i < 8; i++) x[i] = load64_le(b + 8 * i);
    reduce512(r, x);
}

void sl_ed25519_sc_get_b32(uint8_t b[32], const sl_ed25519_sc *a) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) b[8 * i + j] = (uint8_t)(a->v[i] >> (8 * j));
}

void sl_ed25519_sc_set_u64(sl_ed25519_sc *r, uint64_t x) {
    /* every 64-bit value is < L */
    r->v[0] = x;
    r->v[1] = r->v[2] = r->v[3] = 0;
}

void sl_ed25519_sc_add(sl_ed25519_sc *r, const sl_ed25519_sc *a, const sl_ed25519_sc *b) {
    /* a + b < 2L < 2^254: no carry out of four limbs */
    uint64_t s[4], carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a->v[i] + b->v[i] + carry;
        s[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    cond_sub_l(s, 4);
    for (int i = 0; i < 4; i++) r->v[i] = s[i];
}

void sl_ed25519_sc_sub(sl_ed25519_sc *r, const sl_ed25519_sc *a, const sl_ed25519_sc *b) {
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a->v[i] - b->v[i] - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    /* add L back when a < b */
    uint64_t m = 0 - borrow, carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)d[i] + (L_LIMBS[i] & m) + carry;
        r->v[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
}

void sl_ed25519_sc_neg(sl_ed25519_sc *r, const sl_ed25519_sc *a) {
    sl_ed25519_sc z = {{0, 0, 0, 0}};
    sl_ed25519_sc_sub(r, &z, a);
}

void sl_ed25519_sc_mul(sl_ed25519_sc *r, const sl_ed25519_sc *a, const sl_ed25519_sc *b) {
    uint64_t x[8] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 t = (u128)a->v[i] * b->v[j] + x[i + j] + carry;
            x[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        x[i + 4] = carry;
    }
    reduce512(r, x);
}

void sl_ed25519_sc_inv(sl_ed25519_sc *r, const sl_ed25519_sc *a) {
    /* Left-to-right square-and-multiply over the public exponent L - 2. */
    static const uint64_t E[4] = {UINT64_C(0x5812631a5cf5d3eb), UINT64_C(0x14def9dea2f79cd6), 0,
                                  UINT64_C(0x1000000000000000)};
    sl_ed25519_sc acc = *a; /* top bit of E is bit 252 */
    for (int bit = 251; bit >= 0; bit--) {
        sl_ed25519_sc_mul(&acc, &acc, &acc);
        if ((E[bit >> 6] >> (bit & 63)) & 1) sl_ed25519_sc_mul(&acc, &acc, a);
    }
    *r = acc;
}

int sl_ed25519_sc_is_zero(const sl_ed25519_sc *a) {
    uint64_t z = a->v[0] | a->v[1] | a->v[2] | a->v[3];
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}

int sl_ed25519_sc_equal(const sl_ed25519_sc *a, const sl_ed25519_sc *b) {
    uint64_t z = (a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) | (a->v[3] ^ b->v[3]);
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}
