/* secp256k1 base field arithmetic, 4x64 limbs, fully reduced (see header).
 * Reduction: 2^256 = 2^32 + 977 = 0x1000003D1 (mod p), the folding used by
 * bitcoin-core/secp256k1 (src/field_5x52_int128_impl.h), here on 64-bit limbs.
 * Exponentiation chains for inv and sqrt follow the addition chains of
 * bitcoin-core/secp256k1 src/field_impl.h (blocks x2, x3, ..., x223). */
#include "ec/secp256k1_field.h"

typedef unsigned __int128 u128;

/* 2^256 - p. */
#define FE_C 0x1000003D1ULL

/* r = (c*2^256 + l) mod p for a carry bit c, valid
 * in the two shapes that occur: c == 0 (any l < 2^256), or c == 1 with
 * l < 2^256 - 2C. With t = l + C (carry c1): if c == 0, l >= p exactly when
 * c1 == 1 and then l - p = t mod 2^256; if c == 1, the value minus p is
 * l + C = t (no carry, and < p). So r = (c | c1) ? t : l. */
static void fe_final_sub(sl_secp256k1_fe *r, const uint64_t l[4], uint64_t c) {
    uint64_t t[4];
    u128 acc = (u128)l[0] + FE_C;
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
static void fe_fold_top(sl_secp256k1_fe *r, uint64_t l[4], uint64_t top) {
    u128 acc = (u128)top * FE_C + l[0];
    l[0] = (uint64_t)acc;
    acc = (acc >> 64) + l[1];
    l[1] = (uint64_t)acc;
    acc = (acc >> 64) + l[2];
    l[2] = (uint64_t)acc;
    acc = (acc >> 64) + l[3];
    l[3] = (uint64_t)acc;
    fe_final_sub(r, l, (uint64_t)(acc >> 64));
}

/* r = t mod p for a 512-bit t (t[0] least significant):
 * t = H*2^256 + L == H*C + L, which is < 2^256 + 2^34 * 2^64, then fold_top. */
static void fe_reduce512(sl_secp256k1_fe *r, const uint64_t t[8]) {
    uint64_t l[4];
    u128 acc = (u128)t[4] * FE_C + t[0];
    l[0] = (uint64_t)acc;
    acc = (acc >> 64) + (u128)t[5] * FE_C + t[1];
    l[1] = (uint64_t)acc;
    acc = (acc >> 64) + (u128)t[6] * FE_C + t[2];
    l[2] = (uint64_t)acc;
    acc = (acc >> 64) + (u128)t[7] * FE_C + t[3];
    l[3] = (uint64_t)acc;
    fe_fold_top(r, l, (uint64_t)(acc >> 64));
}

int sl_secp256k1_fe_set_b32(sl_secp256k1_fe *r, const uint8_t in[32]) {
    uint64_t l[4];
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++) w = (w << 8) | in[(3 - i) * 8 + j];
        l[i] = w;
    }
    fe_final_sub(r, l, 0);
    /* Canonical iff reduction changed nothing. */
    uint64_t diff = (r->v[0] ^ l[0]) | (r->v[1] ^ l[1]) | (r->v[2] ^ l[2]) | (r->v[3] ^ l[3]);
    return diff == 0;
}

void sl_secp256k1_fe_get_b32(uint8_t out[32], const sl_secp256k1_fe *a) {
    for (int i = 0; i < 4; i++) {
        uint64_t w = a->v[3 - i];
        for (int j = 7; j >= 0; j--) {
            out[i * 8 + j] = (uint8_t)w;
            w >>= 8;
        }
    }
}

void sl_secp256k1_fe_set_u64(sl_secp256k1_fe *r, uint64_t x) {
    r->v[0] = x;
    r->v[1] = r->v[2] = r->v[3] = 0;
}

void sl_secp256k1_fe_add(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    /* a + b < 2p < 2^257: s = a + b (carry c0), t = s + C (carry c1). The sum
     * is >= p exactly when c0 + c1 != 0, and then a + b - p = t mod 2^256. */
    uint64_t s[4], t[4];
    u128 acc = (u128)a->v[0] + b->v[0];
    s[0] = (uint64_t)acc;
    acc = (acc >> 64) + a->v[1] + b->v[1];
    s[1] = (uint64_t)acc;
    acc = (acc >> 64) + a->v[2] + b->v[2];
    s[2] = (uint64_t)acc;
    acc = (acc >> 64) + a->v[3] + b->v[3];
    s[3] = (uint64_t)acc;
    uint64_t c0 = (uint64_t)(acc >> 64);
    acc = (u128)s[0] + FE_C;
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

void sl_secp256k1_fe_sub(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    /* d = a - b mod 2^256; on borrow add p, i.e. subtract C mod 2^256 (the
     * true difference is then in (-p, 0), so d - C cannot borrow again). */
    uint64_t d[4];
    u128 acc = (u128)a->v[0] - b->v[0];
    d[0] = (uint64_t)acc;
    acc = (u128)a->v[1] - b->v[1] - (uint64_t)((acc >> 64) & 1);
    d[1] = (uint64_t)acc;
    acc = (u128)a->v[2] - b->v[2] - (uint64_t)((acc >> 64) & 1);
    d[2] = (uint64_t)acc;
    acc = (u128)a->v[3] - b->v[3] - (uint64_t)((acc >> 64) & 1);
    d[3] = (uint64_t)acc;
    uint64_t mask = 0 - (uint64_t)((acc >> 64) & 1);
    acc = (u128)d[0] - (FE_C & mask);
    r->v[0] = (uint64_t)acc;
    acc = (u128)d[1] - (uint64_t)((acc >> 64) & 1);
    r->v[1] = (uint64_t)acc;
    acc = (u128)d[2] - (uint64_t)((acc >> 64) & 1);
    r->v[2] = (uint64_t)acc;
    r->v[3] = d[3] - (uint64_t)((acc >> 64) & 1);
}

void sl_secp256k1_fe_neg(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) {
    sl_secp256k1_fe zero = {{0, 0, 0, 0}};
    sl_secp256k1_fe_sub(r, &zero, a);
}

/* Product scanning (column by column) with a 192-bit accumulator c0:c1:c2,
 * the muladd/extract scheme of bitcoin-core/secp256k1 src/scalar_4x64_impl.h. */
typedef struct {
    uint64_t c0, c1, c2;
} fe_acc;

static inline void acc_muladd(fe_acc *c, uint64_t a, uint64_t b) {
    u128 t = (u128)a * b;
    uint64_t th = (uint64_t)(t >> 64), tl = (uint64_t)t;
    c->c0 += tl;
    th += (c->c0 < tl);
    c->c1 += th;
    c->c2 += (c->c1 < th);
}

/* Adds 2*a*b (a cross term of a square): th:tl doubled into a 129-bit value,
 * with every carry passed up (bitcoin-core's muladd2 shape). */
static inline void acc_muladd2(fe_acc *c, uint64_t a, uint64_t b) {
    u128 t = (u128)a * b;
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

static inline uint64_t acc_extract(fe_acc *c) {
    uint64_t out = c->c0;
    c->c0 = c->c1;
    c->c1 = c->c2;
    c->c2 = 0;
    return out;
}

void sl_secp256k1_fe_mul(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    const uint64_t a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3];
    const uint64_t b0 = b->v[0], b1 = b->v[1], b2 = b->v[2], b3 = b->v[3];
    uint64_t t[8];
    fe_acc c = {0, 0, 0};
    acc_muladd(&c, a0, b0);
    t[0] = acc_extract(&c);
    acc_muladd(&c, a0, b1);
    acc_muladd(&c, a1, b0);
    t[1] = acc_extract(&c);
    acc_muladd(&c, a0, b2);
    acc_muladd(&c, a1, b1);
    acc_muladd(&c, a2, b0);
    t[2] = acc_extract(&c);
    acc_muladd(&c, a0, b3);
    acc_muladd(&c, a1, b2);
    acc_muladd(&c, a2, b1);
    acc_muladd(&c, a3, b0);
    t[3] = acc_extract(&c);
    acc_muladd(&c, a1, b3);
    acc_muladd(&c, a2, b2);
    acc_muladd(&c, a3, b1);
    t[4] = acc_extract(&c);
    acc_muladd(&c, a2, b3);
    acc_muladd(&c, a3, b2);
    t[5] = acc_extract(&c);
    acc_muladd(&c, a3, b3);
    t[6] = acc_extract(&c);
    t[7] = c.c0;
    fe_reduce512(r, t);
}

void sl_secp256k1_fe_sqr(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) {
    const uint64_t a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3];
    uint64_t t[8];
    fe_acc c = {0, 0, 0};
    acc_muladd(&c, a0, a0);
    t[0] = acc_extract(&c);
    acc_muladd2(&c, a0, a1);
    t[1] = acc_extract(&c);
    acc_muladd2(&c, a0, a2);
    acc_muladd(&c, a1, a1);
    t[2] = acc_extract(&c);
    acc_muladd2(&c, a0, a3);
    acc_muladd2(&c, a1, a2);
    t[3] = acc_extract(&c);
    acc_muladd2(&c, a1, a3);
    acc_muladd(&c, a2, a2);
    t[4] = acc_extract(&c);
    acc_muladd2(&c, a2, a3);
    t[5] = acc_extract(&c);
    acc_muladd(&c, a3, a3);
    t[6] = acc_extract(&c);
    t[7] = c.c0;
    fe_reduce512(r, t);
}

void sl_secp256k1_fe_mul_small(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, uint64_t k) {
    /* a*k < 2^320: fold the top limb (< 2^64) with 2^256 == C via a 512-bit reduce. */
    uint64_t t[8] = {0};
    u128 acc = 0;
    for (int i = 0; i < 4; i++) {
        acc = (u128)a->v[i] * k + (uint64_t)(acc >> 64);
        t[i] = (uint64_t)acc;
    }
    t[4] = (uint64_t)(acc >> 64);
    fe_reduce512(r, t);
}

/* r = a^(2^n) (n squarings). */
static void fe_sqr_n(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, int n) {
    *r = *a;
    for (int i = 0; i < n; i++) sl_secp256k1_fe_sqr(r, r);
}

/* The shared prefix of the inv and sqrt chains: x2 = a^(2^2-1), x22 = a^(2^22-1)
 * and x223 = a^(2^223-1) (bitcoin-core/secp256k1 src/field_impl.h). */
static void fe_chain_x223(sl_secp256k1_fe *x2, sl_secp256k1_fe *x22, sl_secp256k1_fe *x223,
                          const sl_secp256k1_fe *a) {
    sl_secp256k1_fe x3, x6, x9, x11, x44, x88, x176, x220, t;
    sl_secp256k1_fe_sqr(x2, a);
    sl_secp256k1_fe_mul(x2, x2, a);
    sl_secp256k1_fe_sqr(&x3, x2);
    sl_secp256k1_fe_mul(&x3, &x3, a);
    fe_sqr_n(&t, &x3, 3);
    sl_secp256k1_fe_mul(&x6, &t, &x3);
    fe_sqr_n(&t, &x6, 3);
    sl_secp256k1_fe_mul(&x9, &t, &x3);
    fe_sqr_n(&t, &x9, 2);
    sl_secp256k1_fe_mul(&x11, &t, x2);
    fe_sqr_n(&t, &x11, 11);
    sl_secp256k1_fe_mul(x22, &t, &x11);
    fe_sqr_n(&t, x22, 22);
    sl_secp256k1_fe_mul(&x44, &t, x22);
    fe_sqr_n(&t, &x44, 44);
    sl_secp256k1_fe_mul(&x88, &t, &x44);
    fe_sqr_n(&t, &x88, 88);
    sl_secp256k1_fe_mul(&x176, &t, &x88);
    fe_sqr_n(&t, &x176, 44);
    sl_secp256k1_fe_mul(&x220, &t, &x44);
    fe_sqr_n(&t, &x220, 3);
    sl_secp256k1_fe_mul(x223, &t, &x3);
}

void sl_secp256k1_fe_inv(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) {
    /* p - 2 = [223 ones] 0 [22 ones] 0000101101 (binary, most significant first). */
    sl_secp256k1_fe x2, x22, t;
    fe_chain_x223(&x2, &x22, &t, a);
    fe_sqr_n(&t, &t, 23);
    sl_secp256k1_fe_mul(&t, &t, &x22);
    fe_sqr_n(&t, &t, 5);
    sl_secp256k1_fe_mul(&t, &t, a);
    fe_sqr_n(&t, &t, 3);
    sl_secp256k1_fe_mul(&t, &t, &x2);
    fe_sqr_n(&t, &t, 2);
    sl_secp256k1_fe_mul(r, &t, a);
}

int sl_secp256k1_fe_sqrt(sl_secp256k1_fe *r, const sl_secp256k1_fe *a) {
    /* (p + 1)/4 = [223 ones] 0 [22 ones] 00001100. */
    sl_secp256k1_fe x2, x22, t, check;
    fe_chain_x223(&x2, &x22, &t, a);
    fe_sqr_n(&t, &t, 23);
    sl_secp256k1_fe_mul(&t, &t, &x22);
    fe_sqr_n(&t, &t, 6);
    sl_secp256k1_fe_mul(&t, &t, &x2);
    fe_sqr_n(&t, &t, 2);
    sl_secp256k1_fe_sqr(&check, &t);
    int ok = sl_secp256k1_fe_equal(&check, a);
    *r = t;
    return ok;
}

void sl_secp256k1_fe_batch_inv(sl_secp256k1_fe *out, const sl_secp256k1_fe *in, size_t n) {
    if (n == 0) return;
    /* Forward pass: out[i] = product of the nonzero in[0..i] (zeros count as 1).
     * One inversion of the total, then a backward pass peels one factor at a
     * time (Montgomery 1987; bitcoin-core secp256k1_fe_inv_all_var shape). */
    sl_secp256k1_fe one, acc, inv, t;
    sl_secp256k1_fe_set_u64(&one, 1);
    acc = one;
    for (size_t i = 0; i < n; i++) {
        sl_secp256k1_fe x = in[i];
        sl_secp256k1_fe_cmov(&x, &one, sl_secp256k1_fe_is_zero(&in[i]));
        sl_secp256k1_fe_mul(&acc, &acc, &x);
        out[i] = acc;
    }
    sl_secp256k1_fe_inv(&inv, &acc);
    for (size_t i = n - 1; i > 0; i--) {
        sl_secp256k1_fe x = in[i];
        int z = sl_secp256k1_fe_is_zero(&x);
        sl_secp256k1_fe_cmov(&x, &one, z);
        sl_secp256k1_fe_mul(&t, &inv, &out[i - 1]); /* 1/in[i] (or garbage if zero) */
        sl_secp256k1_fe_mul(&inv, &inv, &x);
        sl_secp256k1_fe zero = {{0, 0, 0, 0}};
        sl_secp256k1_fe_cmov(&t, &zero, z);
        out[i] = t;
    }
    sl_secp256k1_fe zero = {{0, 0, 0, 0}};
    t = inv;
    sl_secp256k1_fe_cmov(&t, &zero, sl_secp256k1_fe_is_zero(&in[0]));
    out[0] = t;
}

int sl_secp256k1_fe_is_zero(const sl_secp256k1_fe *a) {
    uint64_t z = a->v[0] | a->v[1] | a->v[2] | a->v[3];
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}

int sl_secp256k1_fe_equal(const sl_secp256k1_fe *a, const sl_secp256k1_fe *b) {
    uint64_t z = (a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) |
                 (a->v[3] ^ b->v[3]);
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}

int sl_secp256k1_fe_is_odd(const sl_secp256k1_fe *a) {
    return (int)(a->v[0] & 1);
}

void sl_secp256k1_fe_cmov(sl_secp256k1_fe *r, const sl_secp256k1_fe *a, int flag) {
    uint64_t mask = 0 - (uint64_t)(flag & 1);
    for (int i = 0; i < 4; i++) r->v[i] = (a->v[i] & mask) | (r->v[i] & ~mask);
}
