/* Arithmetic mod p = 2^255 - 19 in 5x51-bit limbs (see ed25519_field.h for
 * the limb bounds). Schoolbook products with the wrap-around terms multiplied
 * by 19 because 2^255 == 19 (mod p), as in ref10's fe_mul / fe_sq; the
 * exponentiation chains for p-2 and (p-5)/8 are the 11-multiplication chains
 * of ref10's fe_invert / fe_pow22523; sqrt_ratio follows RFC 8032 5.1.3. */
#include "ec/ed25519_field.h"
#include "ec/ed25519_field_impl.h"
#include "ec/ed25519_ifma.h"

#define MASK51 FE51_MASK

/* sqrt(-1) = 2^((p-1)/4) mod p, in limbs (checked against BIGNUM by the test). */
static const sl_ed25519_fe SQRT_M1 = {{UINT64_C(0x61b274a0ea0b0), UINT64_C(0xd5a5fc8f189d),
                                       UINT64_C(0x7ef5e9cbd0c60), UINT64_C(0x78595a6804c9e),
                                       UINT64_C(0x2b8324804fc1d)}};

static uint64_t load64_le(const uint8_t *b) {
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--) x = (x << 8) | b[i];
    return x;
}

static void store64_le(uint8_t *b, uint64_t x) {
    for (int i = 0; i < 8; i++) b[i] = (uint8_t)(x >> (8 * i));
}

/* One carry pass; limbs may be anything below 2^63 on input, output tight. */
static void carry_pass(uint64_t l[5]) {
    uint64_t c;
    c = l[0] >> 51; l[0] &= MASK51; l[1] += c;
    c = l[1] >> 51; l[1] &= MASK51; l[2] += c;
    c = l[2] >> 51; l[2] &= MASK51; l[3] += c;
    c = l[3] >> 51; l[3] &= MASK51; l[4] += c;
    c = l[4] >> 51; l[4] &= MASK51; l[0] += 19 * c;
}

/* Fully reduces into l (limbs < 2^51, value < p). */
static void normalize(uint64_t l[5], const sl_ed25519_fe *a) {
    for (int i = 0; i < 5; i++) l[i] = a->v[i];
    carry_pass(l); /* now value < 2^255 + 2^18, l[0] < 2^52, others < 2^51 */
    /* q = 1 iff value + 19 >= 2^255 iff value >= p (value < 2p here). */
    uint64_t q = (l[0] + 19) >> 51;
    q = (l[1] + q) >> 51;
    q = (l[2] + q) >> 51;
    q = (l[3] + q) >> 51;
    q = (l[4] + q) >> 51;
    l[0] += 19 * q;
    uint64_t c;
    c = l[0] >> 51; l[0] &= MASK51; l[1] += c;
    c = l[1] >> 51; l[1] &= MASK51; l[2] += c;
    c = l[2] >> 51; l[2] &= MASK51; l[3] += c;
    c = l[3] >> 51; l[3] &= MASK51; l[4] += c;
    l[4] &= MASK51; /* drops the 2^255 that stands for the subtracted p */
}

int sl_ed25519_fe_set_b32(sl_ed25519_fe *r, const uint8_t b[32]) {
    uint64_t w0 = load64_le(b), w1 = load64_le(b + 8), w2 = load64_le(b + 16), w3 = load64_le(b + 24);
    sl_ed25519_fe t;
    t.v[0] = w0 & MASK51;
    t.v[1] = ((w0 >> 51) | (w1 << 13)) & MASK51;
    t.v[2] = ((w1 >> 38) | (w2 << 26)) & MASK51;
    t.v[3] = ((w2 >> 25) | (w3 << 39)) & MASK51;
    t.v[4] = (w3 >> 12) & MASK51; /* bit 255 ignored */
    /* >= p iff the top four limbs are all ones and v[0] >= 2^51 - 19. */
    uint64_t all = t.v[1] & t.v[2] & t.v[3] & t.v[4];
    int noncanon = (all == MASK51) & (t.v[0] >= MASK51 - 18);
    normalize(r->v, &t);
    return !noncanon;
}

void sl_ed25519_fe_get_b32(uint8_t b[32], const sl_ed25519_fe *a) {
    uint64_t l[5];
    normalize(l, a);
    store64_le(b, l[0] | (l[1] << 51));
    store64_le(b + 8, (l[1] >> 13) | (l[2] << 38));
    store64_le(b + 16, (l[2] >> 26) | (l[3] << 25));
    store64_le(b + 24, (l[3] >> 39) | (l[4] << 12));
}

void sl_ed25519_fe_set_u64(sl_ed25519_fe *r, uint64_t x) {
    r->v[0] = x & MASK51;
    r->v[1] = x >> 51;
    r->v[2] = r->v[3] = r->v[4] = 0;
}

void sl_ed25519_fe_add(sl_ed25519_fe *r, const sl_ed25519_fe *a, const sl_ed25519_fe *b) {
    fe51_add(r, a, b);
}

void sl_ed25519_fe_sub(sl_ed25519_fe *r, const sl_ed25519_fe *a, const sl_ed25519_fe *b) {
    fe51_sub(r, a, b);
}

void sl_ed25519_fe_neg(sl_ed25519_fe *r, const sl_ed25519_fe *a) { fe51_neg(r, a); }

void sl_ed25519_fe_carry(sl_ed25519_fe *r, const sl_ed25519_fe *a) { fe51_carry(r, a); }

void sl_ed25519_fe_mul(sl_ed25519_fe *r, const sl_ed25519_fe *a, const sl_ed25519_fe *b) {
    fe51_mul(r, a, b);
}

void sl_ed25519_fe_sqr(sl_ed25519_fe *r, const sl_ed25519_fe *a) { fe51_sqr(r, a); }

void sl_ed25519_fe_mul_small(sl_ed25519_fe *r, const sl_ed25519_fe *a, uint32_t k) {
    fe51_carry_wide(r, (fe51_u128)a->v[0] * k, (fe51_u128)a->v[1] * k, (fe51_u128)a->v[2] * k,
                    (fe51_u128)a->v[3] * k, (fe51_u128)a->v[4] * k);
}

/* Shared prefix of both chains: z11 = a^11 and z250 = a^(2^250 - 1). */
static void pow_2_250_1(sl_ed25519_fe *z11, sl_ed25519_fe *z250, const sl_ed25519_fe *a) {
    sl_ed25519_fe z2, z9, t, z5, z10, z20, z50, z100;
    fe51_sqr(&z2, a);            /* 2 */
    fe51_sqr_n(&t, &z2, 2);                    /* 8 */
    fe51_mul(&z9, &t, a);        /* 9 */
    fe51_mul(z11, &z9, &z2);     /* 11 */
    fe51_sqr(&t, z11);           /* 22 */
    fe51_mul(&z5, &t, &z9);      /* 31 = 2^5 - 1 */
    fe51_sqr_n(&t, &z5, 5);
    fe51_mul(&z10, &t, &z5);     /* 2^10 - 1 */
    fe51_sqr_n(&t, &z10, 10);
    fe51_mul(&z20, &t, &z10);    /* 2^20 - 1 */
    fe51_sqr_n(&t, &z20, 20);
    fe51_mul(&t, &t, &z20);      /* 2^40 - 1 */
    fe51_sqr_n(&t, &t, 10);
    fe51_mul(&z50, &t, &z10);    /* 2^50 - 1 */
    fe51_sqr_n(&t, &z50, 50);
    fe51_mul(&z100, &t, &z50);   /* 2^100 - 1 */
    fe51_sqr_n(&t, &z100, 100);
    fe51_mul(&t, &t, &z100);     /* 2^200 - 1 */
    fe51_sqr_n(&t, &t, 50);
    fe51_mul(z250, &t, &z50);    /* 2^250 - 1 */
}

void sl_ed25519_fe_inv(sl_ed25519_fe *r, const sl_ed25519_fe *a) {
    sl_ed25519_fe z11, t;
    pow_2_250_1(&z11, &t, a);
    fe51_sqr_n(&t, &t, 5);                     /* 2^255 - 32 */
    fe51_mul(r, &t, &z11);       /* 2^255 - 21 = p - 2 */
}

void sl_ed25519_fe_pow22523(sl_ed25519_fe *r, const sl_ed25519_fe *a) {
    sl_ed25519_fe z11, t;
    pow_2_250_1(&z11, &t, a);
    fe51_sqr_n(&t, &t, 2);                     /* 2^252 - 4 */
    fe51_mul(r, &t, a);          /* 2^252 - 3 = (p-5)/8 */
}

int sl_ed25519_fe_is_zero(const sl_ed25519_fe *a) {
    uint64_t l[5];
    normalize(l, a);
    uint64_t z = l[0] | l[1] | l[2] | l[3] | l[4];
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}

int sl_ed25519_fe_equal(const sl_ed25519_fe *a, const sl_ed25519_fe *b) {
    sl_ed25519_fe d;
    sl_ed25519_fe_sub(&d, a, b);
    return sl_ed25519_fe_is_zero(&d);
}

int sl_ed25519_fe_is_odd(const sl_ed25519_fe *a) {
    uint64_t l[5];
    normalize(l, a);
    return (int)(l[0] & 1);
}

void sl_ed25519_fe_cmov(sl_ed25519_fe *r, const sl_ed25519_fe *a, int flag) {
    uint64_t m = 0 - (uint64_t)(flag & 1);
    for (int i = 0; i < 5; i++) r->v[i] ^= m & (r->v[i] ^ a->v[i]);
}

/* Two independent copies of pow_2_250_1 + the tail of pow22523, step by
 * step: each chain is bound by the latency of its squarings, so running two
 * side by side nearly halves the time of two exponentiations. */
static void pow22523_x2(sl_ed25519_fe *r1, const sl_ed25519_fe *a1, sl_ed25519_fe *r2,
                        const sl_ed25519_fe *a2) {
    sl_ed25519_fe z2[2], z9[2], z11[2], t[2], z5[2], z10[2], z20[2], z50[2], z100[2];
    const sl_ed25519_fe *a[2] = {a1, a2};
#define X2_SQR_N(dst, src, n)                                                                  \
    do {                                                                                       \
        fe51_sqr(&(dst)[0], &(src)[0]);                                                        \
        fe51_sqr(&(dst)[1], &(src)[1]);                                                        \
        for (int i_ = 1; i_ < (n); i_++) {                                                     \
            fe51_sqr(&(dst)[0], &(dst)[0]);                                                    \
            fe51_sqr(&(dst)[1], &(dst)[1]);                                                    \
        }                                                                                      \
    } while (0)
#define X2_MUL(dst, x, y)                                                                      \
    do {                                                                                       \
        fe51_mul(&(dst)[0], &(x)[0], &(y)[0]);                                                 \
        fe51_mul(&(dst)[1], &(x)[1], &(y)[1]);                                                 \
    } while (0)
    sl_ed25519_fe av[2] = {*a[0], *a[1]};
    X2_SQR_N(z2, av, 1);     /* 2 */
    X2_SQR_N(t, z2, 2);      /* 8 */
    X2_MUL(z9, t, av);       /* 9 */
    X2_MUL(z11, z9, z2);     /* 11 */
    X2_SQR_N(t, z11, 1);     /* 22 */
    X2_MUL(z5, t, z9);       /* 2^5 - 1 */
    X2_SQR_N(t, z5, 5);
    X2_MUL(z10, t, z5);      /* 2^10 - 1 */
    X2_SQR_N(t, z10, 10);
    X2_MUL(z20, t, z10);     /* 2^20 - 1 */
    X2_SQR_N(t, z20, 20);
    X2_MUL(t, t, z20);       /* 2^40 - 1 */
    X2_SQR_N(t, t, 10);
    X2_MUL(z50, t, z10);     /* 2^50 - 1 */
    X2_SQR_N(t, z50, 50);
    X2_MUL(z100, t, z50);    /* 2^100 - 1 */
    X2_SQR_N(t, z100, 100);
    X2_MUL(t, t, z100);      /* 2^200 - 1 */
    X2_SQR_N(t, t, 50);
    X2_MUL(t, t, z50);       /* 2^250 - 1 */
    X2_SQR_N(t, t, 2);       /* 2^252 - 4 */
    X2_MUL(t, t, av);        /* 2^252 - 3 */
#undef X2_SQR_N
#undef X2_MUL
    *r1 = t[0];
    *r2 = t[1];
}

/* RFC 8032 5.1.3 step 3, first half: w = u v^7 (to be raised to (p-5)/8)
 * and uv3 = u v^3. */
static void sqrt_ratio_pre(sl_ed25519_fe *w, sl_ed25519_fe *uv3, const sl_ed25519_fe *u,
                           const sl_ed25519_fe *v) {
    sl_ed25519_fe t, v3, v7;
    fe51_sqr(&t, v);
    fe51_mul(&v3, &t, v);
    fe51_sqr(&t, &v3);
    fe51_mul(&v7, &t, v);
    fe51_mul(w, u, &v7);
    fe51_mul(uv3, u, &v3);
}

/* Second half: x = uv3 * w^((p-5)/8) (given as pw), then the root checks. */
static int sqrt_ratio_post(sl_ed25519_fe *r, const sl_ed25519_fe *uv3, const sl_ed25519_fe *pw,
                           const sl_ed25519_fe *u, const sl_ed25519_fe *v) {
    sl_ed25519_fe x, t, check, negu, xi;
    fe51_mul(&x, uv3, pw);
    /* v x^2 == u: x is a root; v x^2 == -u: x * sqrt(-1) is; else none. */
    fe51_sqr(&t, &x);
    fe51_mul(&check, v, &t);
    sl_ed25519_fe_neg(&negu, u);
    int correct = sl_ed25519_fe_equal(&check, u);
    int flipped = sl_ed25519_fe_equal(&check, &negu);
    fe51_mul(&xi, &x, &SQRT_M1);
    sl_ed25519_fe_cmov(&x, &xi, flipped & (correct ^ 1));
    /* choose the even root */
    sl_ed25519_fe_neg(&t, &x);
    sl_ed25519_fe_cmov(&x, &t, sl_ed25519_fe_is_odd(&x));
    int ok = correct | flipped;
    sl_ed25519_fe zero = {{0, 0, 0, 0, 0}};
    sl_ed25519_fe_cmov(&x, &zero, ok ^ 1);
    *r = x;
    return ok;
}

int sl_ed25519_fe_sqrt_ratio(sl_ed25519_fe *r, const sl_ed25519_fe *u, const sl_ed25519_fe *v) {
    /* RFC 8032 5.1.3 step 3: candidate x = u v^3 (u v^7)^((p-5)/8). */
    sl_ed25519_fe w, uv3;
    sqrt_ratio_pre(&w, &uv3, u, v);
    sl_ed25519_fe_pow22523(&w, &w);
    return sqrt_ratio_post(r, &uv3, &w, u, v);
}

void sl_ed25519_fe_sqrt_ratio_x2(int ok[2], sl_ed25519_fe r[2], const sl_ed25519_fe u[2],
                                 const sl_ed25519_fe v[2]) {
    sl_ed25519_fe_sqrt_ratio_x2_impl(ok, r, u, v, sl_ed25519_ifma_supported());
}

void sl_ed25519_fe_sqrt_ratio_x2_impl(int ok[2], sl_ed25519_fe r[2], const sl_ed25519_fe u[2],
                                      const sl_ed25519_fe v[2], int use_ifma) {
    sl_ed25519_fe w[2], uv3[2];
    sqrt_ratio_pre(&w[0], &uv3[0], &u[0], &v[0]);
    sqrt_ratio_pre(&w[1], &uv3[1], &u[1], &v[1]);
    if (use_ifma) {
        /* both chains in lanes of one vector (lanes 2 and 3 unused) */
        sl_ed25519_fe spare[2];
        sl_ed25519_fe *const r4[4] = {&w[0], &w[1], &spare[0], &spare[1]};
        const sl_ed25519_fe *const a4[4] = {&w[0], &w[1], &w[0], &w[1]};
        sl_ed25519_fe_pow22523_4_ifma(r4, a4);
    } else {
        pow22523_x2(&w[0], &w[0], &w[1], &w[1]);
    }
    ok[0] = sqrt_ratio_post(&r[0], &uv3[0], &w[0], &u[0], &v[0]);
    ok[1] = sqrt_ratio_post(&r[1], &uv3[1], &w[1], &u[1], &v[1]);
}

int sl_ed25519_fe_sqrt(sl_ed25519_fe *r, const sl_ed25519_fe *a) {
    sl_ed25519_fe one;
    sl_ed25519_fe_set_u64(&one, 1);
    return sl_ed25519_fe_sqrt_ratio(r, a, &one);
}

void sl_ed25519_fe_batch_inv(sl_ed25519_fe *out, const sl_ed25519_fe *in, size_t n) {
    if (n == 0) return;
    sl_ed25519_fe one, acc, t, inv;
    sl_ed25519_fe_set_u64(&one, 1);
    /* out[i] = product of in[0..i], zeros replaced by 1 */
    acc = one;
    for (size_t i = 0; i < n; i++) {
        t = in[i];
        sl_ed25519_fe_cmov(&t, &one, sl_ed25519_fe_is_zero(&in[i]));
        fe51_mul(&acc, &acc, &t);
        out[i] = acc;
    }
    sl_ed25519_fe_inv(&inv, &acc); /* 1 / (product of all non-zero in[i]) */
    for (size_t i = n; i-- > 0;) {
        int z = sl_ed25519_fe_is_zero(&in[i]);
        t = in[i];
        sl_ed25519_fe_cmov(&t, &one, z);
        sl_ed25519_fe r;
        if (i > 0) fe51_mul(&r, &inv, &out[i - 1]); else r = inv;
        fe51_mul(&inv, &inv, &t);
        sl_ed25519_fe zero = {{0, 0, 0, 0, 0}};
        sl_ed25519_fe_cmov(&r, &zero, z);
        out[i] = r;
    }
}
