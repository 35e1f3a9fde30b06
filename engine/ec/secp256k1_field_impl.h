/* secp256k1 base field arithmetic, 4x64 limbs, fully reduced: the static
 * inline bodies behind secp256k1_field.h, for the group code's hot loops
 * (one call per field operation would cost more than the operation). Same
 * representation, invariants and names as secp256k1_field.h with the prefix
 * sk_fe_ instead of sl_secp256k1_fe_. Internal header of the engine (engine/ec).
 *
 * Reduction: 2^256 = 2^32 + 977 = 0x1000003D1 (mod p), the folding used by
 * bitcoin-core/secp256k1 (src/field_5x52_int128_impl.h), here on 64-bit limbs. */
#ifndef SLUICE_EC_SECP256K1_FIELD_IMPL_H
#define SLUICE_EC_SECP256K1_FIELD_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "secp256k1_field.h"

typedef unsigned __int128 sk_u128;
/* 2^256 - p. */
#define SK_FE_C 0x1000003D1ULL

/* r = (c*2^256 + l) mod p for a carry bit c, valid
 * in the two shapes that occur: c == 0 (any l < 2^256), or c == 1 with
 * l < 2^256 - 2C. With t = l + C (carry c1): if c == 0, l >= p exactly when
 * c1 == 1 and then l - p = t mod 2^256; if c == 1, the value minus p is
 * l + C = t (no carry, and < p). So r = (c | c1) ? t : l. */
static inline void sk_fe_int_final_sub(sl_secp256k1_fe *r, const uint64_t l[4], uint64_t c) {
    uint64_t t[4];
    sk_u128 acc = (sk_u128)l[0] + SK_FE_C;
    t[0] = (uint64_t)acc;
    acc = (acc >> 64) + l[1];
    t[1] = (uint64_t)acc;
    acc = (acc >> 64) + l[2];
    t[2] = (uint64_t)acc;
    acc = (acc >> 64) + l[3];
    t[3] = (uint64_t)acc;
    uint64_t mask = 0 - (c | (uint64_t)(acc >> 64));
    for (int i = 0; i < 4; i++) r->v[i] = (t[i] & mask) | (l[i] & ~mask);
}

/* r = (top * 2^256 + l) mod p for top < 2^62: fold top*C into l. A carry out
 * of that sum means it wrapped, leaving l < top*C < 2^96, which final_sub's
 * c == 1 case covers. */
static inline void sk_fe_int_fold_top(sl_secp256k1_fe *r, uint64_t l[4], uint64_t top) {
    sk_u128 acc = (sk_u128)top * SK_FE_C + l[0];
    l[0] = (uint64_t)acc;
    acc = (acc >> 64) + l[1];
    l[1] = (uint64_t)acc;
    acc = (acc >> 64) + l[2];
    l[2] = (uint64_t)acc;
    acc = (acc >> 64) + l[3];
    l[3] = (uint64_t)acc;
    sk_fe_int_final_sub(r, l, (uint64_t)(acc >> 64));
}

/* r = t mod p for a 512-bit t (t[0] least significant):
 * t = H*2^256 + L == H*C + L, which is < 2^256 + 2^34 * 2^64, then fold_top. */
static inline void sk_fe_int_reduce512(sl_secp256k1_fe *r, const uint64_t t[8]) {
    uint64_t l[4];
    sk_u128 acc = (sk_u128)t[4] * SK_FE_C + t[0];
    l[0] = (uint64_t)acc;
    acc = (acc >> 64) + (sk_u128)t[5] * SK_FE_C + t[1];
    l[1] = (uint64_t)acc;
    acc = (acc >> 64) + (sk_u128)t[6] * SK_FE_C + t[2];
    l[2] = (uint64_t)acc;
    acc = (acc >> 64) + (sk_u128)t[7] * SK_FE_C + t[3];
    l[3] = (uint64_t)acc;
    sk_fe_int_fold_top(r, l, (uint64_t)(acc >> 64));
}

static inline int sk_fe_set_b32(sl_secp256k1_fe *r, const uint8_t in[32]) {
    uint64_t l[4];
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++) w = (w << 8) | in[(3 - i) * 8 + j];
        l[i] = w;
    }
    sk_fe_int_final_sub(r, l, 0);
    /* Canonical iff reduction changed nothing. */
    uint64_t diff = (r->v[0] ^ l[0]) | (r->v[1] ^ l[1]) | (r->v[2] ^ l[2]) | (r->v[3] ^ l[3]);
    return diff == 0;
}

static inline void sk_fe_get_b32(uint8_t out[32], const sl_secp256k1_fe *a) {
    for (int i = 0; i < 4; i++) {
        uint64_t w = a->v[3 - i];
        for (int j = 7; j >= 0; j--) {
            out[i * 8 + j] = (uint8_t)w;
            w >>= 8;
        }
    }
}

static inline void sk_fe_set_u64(sl_secp256k1_fe *r, uint64_t x) {
    r->v[0] = x;
    r->v[1] = r->v[2] = r->v[3] = 0;
}

static inline void sk_fe_add(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    /* a + b < 2p < 2^257: s = a + b (carry c0), t = s + C (carry c1). The sum
     * is >= p exactly when c0 + c1 != 0, and then a + b - p = t mod 2^256. */
    uint64_t s[4], t[4];
    sk_u128 acc = (sk_u128)a->v[0] + b->v[0];
    s[0] = (uint64_t)acc;
    acc = (acc >> 64) + a->v[1] + b->v[1];
    s[1] = (uint64_t)acc;
    acc = (acc >> 64) + a->v[2] + b->v[2];
    s[2] = (uint64_t)acc;
    acc = (acc >> 64) + a->v[3] + b->v[3];
    s[3] = (uint64_t)acc;
    uint64_t c0 = (uint64_t)(acc >> 64);
    acc = (sk_u128)s[0] + SK_FE_C;
    t[0] = (uint64_t)acc;
    acc = (acc >> 64) + s[1];
    t[1] = (uint64_t)acc;
    acc = (acc >> 64) + s[2];
    t[2] = (uint64_t)acc;
    acc = (acc >> 64) + s[3];
    t[3] = (uint64_t)acc;
    uint64_t mask = 0 - (c0 | (uint64_t)(acc >> 64));
    for (int i = 0; i < 4; i++) r->v[i] = (t[i] & mask) | (s[i] & ~mask);
}

static inline void sk_fe_sub(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    /* d = a - b mod 2^256; on borrow add p, i.e. subtract C mod 2^256 (the
     * true difference is then in (-p, 0), so d - C cannot borrow again). */
    uint64_t d[4];
    sk_u128 acc = (sk_u128)a->v[0] - b->v[0];
    d[0] = (uint64_t)acc;
    acc = (sk_u128)a->v[1] - b->v[1] - (uint64_t)((acc >> 64) & 1);
    d[1] = (uint64_t)acc;
    acc = (sk_u128)a->v[2] - b->v[2] - (uint64_t)((acc >> 64) & 1);
    d[2] = (uint64_t)acc;
    acc = (sk_u128)a->v[3] - b->v[3] - (uint64_t)((acc >> 64) & 1);
    d[3] = (uint64_t)acc;
    uint64_t mask = 0 - (uint64_t)((acc >> 64) & 1);
    acc = (sk_u128)d[0] - (SK_FE_C & mask);
    r->v[0] = (uint64_t)acc;
    acc = (sk_u128)d[1] - (uint64_t)((acc >> 64) & 1);
    r->v[1] = (uint64_t)acc;
    acc = (sk_u128)d[2] - (uint64_t)((acc >> 64) & 1);
    r->v[2] = (uint64_t)acc;
    r->v[3] = d[3] - (uint64_t)((acc >> 64) & 1);
}

static inline void sk_fe_neg(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) {
    sl_secp256k1_fe zero = {{0, 0, 0, 0}};
    sk_fe_sub(r, &zero, a);
}

/* Product scanning (column by column) with a 192-bit accumulator c0:c1:c2,
 * the muladd/extract scheme of bitcoin-core/secp256k1 src/scalar_4x64_impl.h. */
typedef struct {
    uint64_t c0, c1, c2;
} sk_fe_acc;

static inline void sk_fe_acc_muladd(sk_fe_acc *c, uint64_t a, uint64_t b) {
    sk_u128 t = (sk_u128)a * b;
    uint64_t th = (uint64_t)(t >> 64), tl = (uint64_t)t;
    c->c0 += tl;
    th += (c->c0 < tl);
    c->c1 += th;
    c->c2 += (c->c1 < th);
}

/* Adds 2*a*b (a cross term of a square): th:tl doubled into a 129-bit value,
 * with every carry passed up (bitcoin-core's muladd2 shape). */
static inline void sk_fe_acc_muladd2(sk_fe_acc *c, uint64_t a, uint64_t b) {
    sk_u128 t = (sk_u128)a * b;
    uint64_t th = (uint64_t)(t >> 64), tl = (uint64_t)t;
    uint64_t th2 = th + th;
    c->c2 += (th2 < th);          /* bit 128 of 2ab */
    uint64_t tl2 = tl + tl;
    th2 += (tl2 < tl);            /* th2 is even here, so +1 cannot wrap */
    c->c0 += tl2;
    uint64_t k = (c->c0 < tl2);
    th2 += k;
    c->c2 += k & (th2 == 0);      /* th2 wrapped to 0 */
    c->c1 += th2;
    c->c2 += (c->c1 < th2);
}

static inline uint64_t sk_fe_acc_extract(sk_fe_acc *c) {
    uint64_t out = c->c0;
    c->c0 = c->c1;
    c->c1 = c->c2;
    c->c2 = 0;
    return out;
}

static inline void sk_fe_mul(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    const uint64_t a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3];
    const uint64_t b0 = b->v[0], b1 = b->v[1], b2 = b->v[2], b3 = b->v[3];
    uint64_t t[8];
    sk_fe_acc c = {0, 0, 0};
    sk_fe_acc_muladd(&c, a0, b0);
    t[0] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd(&c, a0, b1);
    sk_fe_acc_muladd(&c, a1, b0);
    t[1] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd(&c, a0, b2);
    sk_fe_acc_muladd(&c, a1, b1);
    sk_fe_acc_muladd(&c, a2, b0);
    t[2] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd(&c, a0, b3);
    sk_fe_acc_muladd(&c, a1, b2);
    sk_fe_acc_muladd(&c, a2, b1);
    sk_fe_acc_muladd(&c, a3, b0);
    t[3] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd(&c, a1, b3);
    sk_fe_acc_muladd(&c, a2, b2);
    sk_fe_acc_muladd(&c, a3, b1);
    t[4] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd(&c, a2, b3);
    sk_fe_acc_muladd(&c, a3, b2);
    t[5] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd(&c, a3, b3);
    t[6] = sk_fe_acc_extract(&c);
    t[7] = c.c0;
    sk_fe_int_reduce512(r, t);
}

static inline void sk_fe_sqr(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) {
    const uint64_t a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3];
    uint64_t t[8];
    sk_fe_acc c = {0, 0, 0};
    sk_fe_acc_muladd(&c, a0, a0);
    t[0] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd2(&c, a0, a1);
    t[1] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd2(&c, a0, a2);
    sk_fe_acc_muladd(&c, a1, a1);
    t[2] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd2(&c, a0, a3);
    sk_fe_acc_muladd2(&c, a1, a2);
    t[3] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd2(&c, a1, a3);
    sk_fe_acc_muladd(&c, a2, a2);
    t[4] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd2(&c, a2, a3);
    t[5] = sk_fe_acc_extract(&c);
    sk_fe_acc_muladd(&c, a3, a3);
    t[6] = sk_fe_acc_extract(&c);
    t[7] = c.c0;
    sk_fe_int_reduce512(r, t);
}

static inline void sk_fe_mul_small(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, uint64_t k) {
    /* a*k < 2^320: fold the top limb (< 2^64) with 2^256 == C via a 512-bit reduce. */
    uint64_t t[8] = {0};
    sk_u128 acc = 0;
    for (int i = 0; i < 4; i++) {
        acc = (sk_u128)a->v[i] * k + (uint64_t)(acc >> 64);
        t[i] = (uint64_t)acc;
    }
    t[4] = (uint64_t)(acc >> 64);
    sk_fe_int_reduce512(r, t);
}

static inline int sk_fe_is_zero(const sl_secp256k1_fe *a) {
    uint64_t z = a->v[0] | a->v[1] | a->v[2] | a->v[3];
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}

static inline int sk_fe_equal(const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    uint64_t z = (a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) |
                 (a->v[3] ^ b->v[3]);
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}

static inline int sk_fe_is_odd(const sl_secp256k1_fe *a) {
    return (int)(a->v[0] & 1);
}

static inline void sk_fe_cmov(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, int flag) {
    uint64_t mask = 0 - (uint64_t)(flag & 1);
    for (int i = 0; i < 4; i++) r->v[i] = (a->v[i] & mask) | (r->v[i] & ~mask);
}

#endif
