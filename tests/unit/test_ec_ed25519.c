/* edwards25519 field (mod p = 2^255 - 19) and scalar (mod L) arithmetic of
 * engine/ec against OpenSSL BIGNUM: edge encodings, >= 20,000 random inputs
 * per operation including unnormalized limbs at the top of the documented
 * bounds, sqrt_ratio on squares and non-squares, batch inversion with zeros,
 * and 512-bit scalar reduction. */
#include "../../engine/ec/ed25519_field.h"
#include "../../engine/ec/ed25519_ifma.h"
#include "../../engine/ec/ed25519_lattice.h"
#include "../../engine/ec/ed25519_modinv.h"
#include "../../engine/ec/ed25519_scalar.h"
#include "testutil.h"
#include <openssl/bn.h>
#include <openssl/err.h>
#include <string.h>

#define N_RANDOM 20000
#define M51 ((UINT64_C(1) << 51) - 1)

static BN_CTX *ctx;
static BIGNUM *P, *L;
static tu_rng rng;

/* ---- helpers ------------------------------------------------------------ */

static BIGNUM *bn_le(const uint8_t *b, int n) { return BN_lebin2bn(b, n, NULL); }

/* The integer that the limbs stand for (not reduced). */
static BIGNUM *fe_value(const sl_ed25519_fe *a) {
    BIGNUM *r = BN_new(), *t = BN_new();
    BN_zero(r);
    for (int i = 4; i >= 0; i--) {
        BN_lshift(r, r, 51);
        BN_set_word(t, a->v[i]);
        BN_add(r, r, t);
    }
    BN_free(t);
    return r;
}

static BIGNUM *fe_mod(const sl_ed25519_fe *a) {
    BIGNUM *r = fe_value(a);
    BN_nnmod(r, r, P, ctx);
    return r;
}

/* get_b32 of x must equal the canonical encoding of want (mod p). */
static int fe_matches(const sl_ed25519_fe *x, const BIGNUM *want) {
    uint8_t got[32], exp[32];
    BIGNUM *w = BN_dup(want);
    BN_nnmod(w, w, P, ctx);
    BN_bn2lebinpad(w, exp, 32);
    BN_free(w);
    sl_ed25519_fe_get_b32(got, x);
    return memcmp(got, exp, 32) == 0;
}

static int limbs_below(const sl_ed25519_fe *a, int bits) {
    for (int i = 0; i < 5; i++)
        if (a->v[i] >> bits) return 0;
    return 1;
}

/* Random element with limbs < 2^bits, mixing canonical values, full random
 * limbs, all-ones limbs at the bound and small/edge values. */
static void rand_fe(sl_ed25519_fe *r, int bits) {
    uint64_t mask = (UINT64_C(1) << bits) - 1;
    uint64_t kind = tu_rng_next(&rng) % 8;
    if (kind == 0) {
        for (int i = 0; i < 5; i++) r->v[i] = mask; /* top of the bound */
    } else if (kind == 1) {
        sl_ed25519_fe_set_u64(r, tu_rng_next(&rng) % 4); /* 0..3 */
    } else if (kind == 2) {
        /* p - k or p + k as raw limbs */
        r->v[0] = M51 - 18 - (tu_rng_next(&rng) % 3) + (tu_rng_next(&rng) % 3);
        for (int i = 1; i < 5; i++) r->v[i] = M51;
    } else if (kind < 5) {
        uint8_t b[32];
        tu_rng_bytes(&rng, b, 32);
        sl_ed25519_fe_set_b32(r, b);
    } else {
        for (int i = 0; i < 5; i++) r->v[i] = tu_rng_next(&rng) & mask;
    }
}

static void rand_sc(sl_ed25519_sc *r) {
    uint8_t b[64];
    uint64_t kind = tu_rng_next(&rng) % 6;
    if (kind == 0) {
        sl_ed25519_sc_set_u64(r, tu_rng_next(&rng) % 3);
        return;
    }
    if (kind == 1) { /* L - 1 - small */
        sl_ed25519_sc one, z = {{0, 0, 0, 0}};
        sl_ed25519_sc_set_u64(&one, 1 + tu_rng_next(&rng) % 3);
        sl_ed25519_sc_sub(r, &z, &one);
        return;
    }
    tu_rng_bytes(&rng, b, 64);
    sl_ed25519_sc_set_b64(r, b);
}

static BIGNUM *sc_bn(const sl_ed25519_sc *a) {
    uint8_t b[32];
    sl_ed25519_sc_get_b32(b, a);
    return bn_le(b, 32);
}

static int sc_matches(const sl_ed25519_sc *x, const BIGNUM *want) {
    uint8_t got[32], exp[32];
    BIGNUM *w = BN_dup(want);
    BN_nnmod(w, w, L, ctx);
    BN_bn2lebinpad(w, exp, 32);
    BN_free(w);
    sl_ed25519_sc_get_b32(got, x);
    return memcmp(got, exp, 32) == 0;
}

/* ---- field ---------------------------------------------------------------- */

static void test_fe_encoding(void) {
    struct { const char *hex_be; int canon; } cases[] = {
        {"0", 1}, {"1", 1}, {"2", 1},
        {"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec", 1}, /* p-1 */
        {"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed", 0}, /* p */
        {"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffee", 0}, /* p+1 */
        {"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 0}, /* 2^255-1 */
        {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 0}, /* 2^256-1 */
        {"8000000000000000000000000000000000000000000000000000000000000005", 1}, /* bit 255 + 5 */
        {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec", 1}, /* bit 255 + p-1 */
        {"0007ffffffffffffc0000000000003ffffffffffffe0000000000001ffffffffff", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        BIGNUM *v = NULL;
        BN_hex2bn(&v, cases[i].hex_be);
        uint8_t b[32], out[32];
        BN_bn2lebinpad(v, b, 32);
        sl_ed25519_fe r;
        CHECK(sl_ed25519_fe_set_b32(&r, b) == cases[i].canon);
        CHECK(limbs_below(&r, 51));
        BN_clear_bit(v, 255); /* set_b32 ignores bit 255 */
        CHECK(fe_matches(&r, v));
        sl_ed25519_fe_get_b32(out, &r);
        CHECK((out[31] & 0x80) == 0);
        if (cases[i].canon) {
            b[31] &= 0x7f;
            CHECK_MEM(out, b, 32);
        }
        BN_free(v);
    }
    /* random round trips; canonical iff the low 255 bits are < p */
    for (int i = 0; i < N_RANDOM; i++) {
        uint8_t b[32], out[32];
        tu_rng_bytes(&rng, b, 32);
        if (i % 4 == 0) memset(b + 1, 0xff, 31); /* near 2^256: p..2^255-1 often */
        sl_ed25519_fe r;
        int c = sl_ed25519_fe_set_b32(&r, b);
        b[31] &= 0x7f;
        BIGNUM *v = bn_le(b, 32);
        CHECK(c == (BN_cmp(v, P) < 0));
        CHECK(fe_matches(&r, v));
        sl_ed25519_fe_get_b32(out, &r);
        if (c) CHECK_MEM(out, b, 32);
        BN_free(v);
    }
    sl_ed25519_fe r;
    sl_ed25519_fe_set_u64(&r, UINT64_MAX);
    BIGNUM *v = BN_new();
    BN_set_word(v, UINT64_MAX);
    CHECK(fe_matches(&r, v));
    BN_free(v);
}

static void test_fe_ops(void) {
    BIGNUM *want = BN_new();
    for (int i = 0; i < N_RANDOM; i++) {
        sl_ed25519_fe a, b, a53, b53, r;
        rand_fe(&a, 54);
        rand_fe(&b, 54);
        rand_fe(&a53, 53);
        rand_fe(&b53, 53);
        BIGNUM *A = fe_value(&a), *B = fe_value(&b), *A3 = fe_value(&a53), *B3 = fe_value(&b53);

        sl_ed25519_fe_mul(&r, &a, &b);
        BN_mod_mul(want, A, B, P, ctx);
        CHECK(fe_matches(&r, want));
        CHECK(limbs_below(&r, 52));

        sl_ed25519_fe_sqr(&r, &a);
        BN_mod_mul(want, A, A, P, ctx);
        CHECK(fe_matches(&r, want));
        CHECK(limbs_below(&r, 52));

        sl_ed25519_fe_add(&r, &a53, &b53);
        BN_mod_add(want, A3, B3, P, ctx);
        CHECK(fe_matches(&r, want));
        CHECK(limbs_below(&r, 54));
        sl_ed25519_fe_mul(&r, &r, &r); /* add output is valid mul input */
        BN_mod_mul(want, want, want, P, ctx);
        CHECK(fe_matches(&r, want));

        sl_ed25519_fe_sub(&r, &a, &b);
        BN_mod_sub(want, A, B, P, ctx);
        CHECK(fe_matches(&r, want));
        CHECK(limbs_below(&r, 52));

        sl_ed25519_fe_neg(&r, &a);
        BN_mod_sub(want, P, A, P, ctx);
        CHECK(fe_matches(&r, want));
        CHECK(limbs_below(&r, 52));

        sl_ed25519_fe_carry(&r, &a);
        CHECK(fe_matches(&r, A));
        CHECK(limbs_below(&r, 52));

        uint32_t k = (uint32_t)tu_rng_next(&rng);
        if (i % 3 == 0) k = 121666;
        if (i % 7 == 0) k = UINT32_MAX;
        sl_ed25519_fe_mul_small(&r, &a, k);
        BN_set_word(want, k);
        BN_mod_mul(want, want, A, P, ctx);
        CHECK(fe_matches(&r, want));
        CHECK(limbs_below(&r, 52));

        /* predicates on the canonical value */
        BN_nnmod(want, A, P, ctx);
        CHECK(sl_ed25519_fe_is_zero(&a) == BN_is_zero(want));
        CHECK(sl_ed25519_fe_is_odd(&a) == BN_is_odd(want));
        BIGNUM *Bm = BN_new();
        BN_nnmod(Bm, B, P, ctx);
        CHECK(sl_ed25519_fe_equal(&a, &b) == (BN_cmp(want, Bm) == 0));
        CHECK(sl_ed25519_fe_equal(&a, &a) == 1);
        BN_free(Bm);

        sl_ed25519_fe c = a;
        sl_ed25519_fe_cmov(&c, &b, 0);
        CHECK(memcmp(&c, &a, sizeof c) == 0);
        sl_ed25519_fe_cmov(&c, &b, 1);
        CHECK(memcmp(&c, &b, sizeof c) == 0);

        BN_free(A); BN_free(B); BN_free(A3); BN_free(B3);
    }
    /* loose representations of 0 and 1 (p, p+1 and 2p + 1 as raw limbs) */
    sl_ed25519_fe pp = {{M51 - 18, M51, M51, M51, M51}};
    CHECK(sl_ed25519_fe_is_zero(&pp));
    CHECK(!sl_ed25519_fe_is_odd(&pp));
    sl_ed25519_fe pp1 = {{M51 - 17, M51, M51, M51, M51}}, one;
    sl_ed25519_fe_set_u64(&one, 1);
    CHECK(sl_ed25519_fe_equal(&pp1, &one));
    CHECK(sl_ed25519_fe_is_odd(&pp1));
    sl_ed25519_fe p2 = {{2 * (M51 - 18) + 1, 2 * M51, 2 * M51, 2 * M51, 2 * M51}};
    CHECK(sl_ed25519_fe_equal(&p2, &one));
    BN_free(want);
}

static void test_fe_inv_pow(void) {
    BIGNUM *want = BN_new(), *e = BN_new();
    BN_sub(e, P, BN_value_one());
    BN_sub_word(e, 4);
    BN_rshift(e, e, 3); /* (p-5)/8 */
    for (int i = 0; i < N_RANDOM; i++) {
        sl_ed25519_fe a, r;
        rand_fe(&a, 54);
        BIGNUM *A = fe_mod(&a);
        sl_ed25519_fe_inv(&r, &a);
        CHECK(limbs_below(&r, 52));
        if (BN_is_zero(A)) {
            CHECK(sl_ed25519_fe_is_zero(&r));
        } else {
            CHECK(BN_mod_inverse(want, A, P, ctx) != NULL);
            CHECK(fe_matches(&r, want));
        }
        if (i % 4 == 0) {
            sl_ed25519_fe_pow22523(&r, &a);
            BN_mod_exp(want, A, e, P, ctx);
            CHECK(fe_matches(&r, want));
        }
        BN_free(A);
    }
    BN_free(want);
    BN_free(e);
}

/* r must be the even root of want_sq = u/v, or (ok == 0) u/v must be a non-square. */
static void check_sqrt_ratio(const sl_ed25519_fe *u, const sl_ed25519_fe *v, int expect_square) {
    sl_ed25519_fe r;
    int ok = sl_ed25519_fe_sqrt_ratio(&r, u, v);
    BIGNUM *U = fe_mod(u), *V = fe_mod(v), *W = BN_new(), *S = BN_new();
    CHECK(limbs_below(&r, 52));
    if (BN_is_zero(V)) {
        CHECK(ok == BN_is_zero(U));
        CHECK(sl_ed25519_fe_is_zero(&r));
    } else {
        CHECK(BN_mod_inverse(W, V, P, ctx) != NULL);
        BN_mod_mul(W, W, U, P, ctx);
        BIGNUM *root = BN_mod_sqrt(S, W, P, ctx);
        ERR_clear_error();
        CHECK(ok == (root != NULL));
        if (expect_square) CHECK(ok);
        if (root) {
            BIGNUM *sq = BN_new();
            BIGNUM *r_bn = fe_mod(&r);
            BN_mod_sqr(sq, r_bn, P, ctx);
            CHECK(BN_cmp(sq, W) == 0);
            CHECK(!BN_is_odd(r_bn));
            /* it is BIGNUM's root or its negation */
            BN_mod_sub(sq, P, S, P, ctx);
            CHECK(BN_cmp(r_bn, S) == 0 || BN_cmp(r_bn, sq) == 0);
            BN_free(sq);
            BN_free(r_bn);
        } else {
            CHECK(sl_ed25519_fe_is_zero(&r));
        }
    }
    BN_free(U); BN_free(V); BN_free(W); BN_free(S);
}

static void test_fe_sqrt(void) {
    int nonsquares = 0;
    for (int i = 0; i < N_RANDOM; i++) {
        sl_ed25519_fe u, v, s, t;
        rand_fe(&u, 54);
        rand_fe(&v, 54);
        check_sqrt_ratio(&u, &v, 0);
        /* u = s^2 v is always a square ratio */
        rand_fe(&s, 54);
        sl_ed25519_fe_sqr(&t, &s);
        sl_ed25519_fe_mul(&t, &t, &v);
        check_sqrt_ratio(&t, &v, 1);
        sl_ed25519_fe r;
        if (!sl_ed25519_fe_sqrt(&r, &u)) nonsquares++;
    }
    CHECK(nonsquares > N_RANDOM / 4); /* roughly half of random u are non-squares */
    /* sqrt(-1) exists (p = 1 mod 4); sqrt(2) does not (p = 5 mod 8) */
    sl_ed25519_fe m1, z = {{0, 0, 0, 0, 0}}, one, two, r, sq;
    sl_ed25519_fe_set_u64(&one, 1);
    sl_ed25519_fe_set_u64(&two, 2);
    sl_ed25519_fe_sub(&m1, &z, &one);
    CHECK(sl_ed25519_fe_sqrt(&r, &m1) == 1);
    sl_ed25519_fe_sqr(&sq, &r);
    CHECK(sl_ed25519_fe_equal(&sq, &m1));
    CHECK(sl_ed25519_fe_sqrt(&r, &two) == 0);
    CHECK(sl_ed25519_fe_sqrt(&r, &z) == 1 && sl_ed25519_fe_is_zero(&r));
    CHECK(sl_ed25519_fe_sqrt_ratio(&r, &one, &z) == 0);
    CHECK(sl_ed25519_fe_sqrt_ratio(&r, &z, &z) == 1);
    /* RFC 8032 base point: y = 4/5, x even; u = y^2 - 1, v = d y^2 + 1 */
    static const uint8_t by[32] = {0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                   0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                   0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};
    static const uint8_t dd[32] = {0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41,
                                   0x41, 0x4d, 0x0a, 0x70, 0x00, 0x98, 0xe8, 0x79, 0x77, 0x79, 0x40,
                                   0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52};
    static const uint8_t bx[32] = {0x1a, 0xd5, 0x25, 0x8f, 0x60, 0x2d, 0x56, 0xc9, 0xb2, 0xa7, 0x25,
                                   0x95, 0x60, 0xc7, 0x2c, 0x69, 0x5c, 0xdc, 0xd6, 0xfd, 0x31, 0xe2,
                                   0xa4, 0xc0, 0xfe, 0x53, 0x6e, 0xcd, 0xd3, 0x36, 0x69, 0x21};
    sl_ed25519_fe y, d, u, v, y2;
    CHECK(sl_ed25519_fe_set_b32(&y, by));
    CHECK(sl_ed25519_fe_set_b32(&d, dd));
    sl_ed25519_fe_sqr(&y2, &y);
    sl_ed25519_fe_sub(&u, &y2, &one);
    sl_ed25519_fe_mul(&v, &d, &y2);
    sl_ed25519_fe_add(&v, &v, &one);
    CHECK(sl_ed25519_fe_sqrt_ratio(&r, &u, &v) == 1);
    uint8_t got[32];
    sl_ed25519_fe_get_b32(got, &r);
    CHECK_MEM(got, bx, 32);
}

static void test_fe_batch_inv(void) {
    enum { N = 67 };
    sl_ed25519_fe in[N], out[N], one;
    sl_ed25519_fe_set_u64(&one, 1);
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < N; i++) rand_fe(&in[i], 54);
        sl_ed25519_fe_set_u64(&in[round % N], 0);
        sl_ed25519_fe_set_u64(&in[(round * 7 + 3) % N], 0);
        size_t n = round == 0 ? 1 : (size_t)N - (size_t)round;
        sl_ed25519_fe_batch_inv(out, in, n);
        for (size_t i = 0; i < n; i++) {
            sl_ed25519_fe single;
            sl_ed25519_fe_inv(&single, &in[i]);
            CHECK(sl_ed25519_fe_equal(&single, &out[i]));
            if (sl_ed25519_fe_is_zero(&in[i])) {
                CHECK(sl_ed25519_fe_is_zero(&out[i]));
            } else {
                sl_ed25519_fe t;
                sl_ed25519_fe_mul(&t, &out[i], &in[i]);
                CHECK(sl_ed25519_fe_equal(&t, &one));
            }
        }
    }
    sl_ed25519_fe_batch_inv(out, in, 0); /* no-op */
}

/* ---- scalars ------------------------------------------------------------ */

static void test_sc_encoding(void) {
    const char *edges[] = {
        "0", "1", "2",
        "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ec", /* L-1 */
        "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed", /* L */
        "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ee", /* L+1 */
        "2000000000000000000000000000000029bdf3bd45ef39acb024c634b9eba7da", /* 2L */
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    };
    for (int i = 0; i < N_RANDOM + (int)(sizeof edges / sizeof edges[0]); i++) {
        uint8_t b[32], out[32];
        BIGNUM *v = NULL;
        if (i < (int)(sizeof edges / sizeof edges[0])) {
            BN_hex2bn(&v, edges[i]);
            BN_bn2lebinpad(v, b, 32);
        } else {
            tu_rng_bytes(&rng, b, 32);
            if (i % 3 == 0) b[31] &= 0x1f; /* near L: about half above */
            if (i % 5 == 0) b[31] = 0x10;
            v = bn_le(b, 32);
        }
        sl_ed25519_sc r;
        int ovf = sl_ed25519_sc_set_b32(&r, b);
        CHECK(ovf == (BN_cmp(v, L) >= 0));
        CHECK(sc_matches(&r, v));
        if (!ovf) {
            sl_ed25519_sc_get_b32(out, &r);
            CHECK_MEM(out, b, 32);
        }
        BN_free(v);
    }
    /* 512-bit reductions */
    for (int i = 0; i < N_RANDOM + 4; i++) {
        uint8_t b[64];
        if (i == 0) memset(b, 0, 64);
        else if (i == 1) memset(b, 0xff, 64);
        else if (i == 2) { /* L * (2^259 - 1) sits just below 2^512 */
            BIGNUM *t = BN_new(), *k = BN_new();
            BN_set_bit(k, 259);
            BN_sub_word(k, 1);
            BN_mul(t, L, k, ctx);
            BN_bn2lebinpad(t, b, 64);
            BN_free(t); BN_free(k);
        } else if (i == 3) { /* L^2 - 1 */
            BIGNUM *t = BN_new();
            BN_sqr(t, L, ctx);
            BN_sub_word(t, 1);
            BN_bn2lebinpad(t, b, 64);
            BN_free(t);
        } else {
            tu_rng_bytes(&rng, b, 64);
        }
        sl_ed25519_sc r;
        sl_ed25519_sc_set_b64(&r, b);
        BIGNUM *v = bn_le(b, 64);
        CHECK(sc_matches(&r, v));
        BN_free(v);
    }
    sl_ed25519_sc r;
    sl_ed25519_sc_set_u64(&r, UINT64_MAX);
    BIGNUM *v = BN_new();
    BN_set_word(v, UINT64_MAX);
    CHECK(sc_matches(&r, v));
    BN_free(v);
}

/* The 512-bit reduction (sl_ed25519_sc_set_b64, folding at bit 252) and
 * sl_ed25519_sc_mul_b32_b16 against BN_nnmod / BN_mod_mul on edge values:
 * k L - 1, k L, k L + 1 for k from 1 up to the largest below 2^512 / L,
 * powers of two and their neighbours (each fold's boundary: 2^252, 2^385,
 * 2^504, 2^512 - 1), values whose low 252 bits are all zero or all ones,
 * and random values with random leading zero bytes. */
static int check_b64(const BIGNUM *v) { /* 0 for values outside [0, 2^512) */
    uint8_t b[64];
    if (BN_is_negative(v) || BN_num_bits(v) > 512) return 0;
    CHECK(BN_bn2lebinpad(v, b, 64) == 64);
    sl_ed25519_sc r;
    sl_ed25519_sc_set_b64(&r, b);
    CHECK(sc_matches(&r, v));
    return 1;
}

static void test_sc_reduce(void) {
    BIGNUM *v = BN_new(), *t = BN_new();
    int checked = 0;
    const char *ks[] = {"1", "2", "3", "f", "10", "11", "ffffffffffffffff",
                        "100000000000000000000000000000001",
                        "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe", NULL};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        BIGNUM *kk = NULL;
        if (ks[i]) {
            BN_hex2bn(&kk, ks[i]);
        } else { /* the largest k with k L < 2^512 (k L + 1 too) */
            kk = BN_new();
            BN_zero(t);
            BN_set_bit(t, 512);
            BN_sub_word(t, 2);
            BN_div(kk, NULL, t, L, ctx);
        }
        BN_mul(v, L, kk, ctx);
        for (int d = -1; d <= 1; d++) {
            BN_copy(t, v);
            if (d < 0) BN_sub_word(t, 1);
            if (d > 0) BN_add_word(t, 1);
            checked += check_b64(t);
        }
        BN_free(kk);
    }
    const int pw[] = {0, 1, 63, 64, 128, 251, 252, 253, 256, 260, 384, 385, 386, 504, 511, 512};
    for (size_t i = 0; i < sizeof pw / sizeof pw[0]; i++) {
        BN_zero(v);
        BN_set_bit(v, pw[i]);
        for (int d = -1; d <= 1; d++) {
            BN_copy(t, v);
            if (d < 0) BN_sub_word(t, 1);
            if (d > 0) BN_add_word(t, 1);
            checked += check_b64(t);
        }
    }
    for (int i = 0; i < 2000; i++) { /* low 252 bits zero / all ones, random top */
        uint8_t b[64];
        tu_rng_bytes(&rng, b, 64);
        memset(b, (i & 1) ? 0xff : 0, 31);
        b[31] = (uint8_t)((b[31] & 0xf0) | ((i & 1) ? 0x0f : 0));
        if (i % 7 == 0) memset(b + 32, 0xff, 32);
        BIGNUM *x = bn_le(b, 64);
        checked += check_b64(x);
        BN_free(x);
    }
    for (int i = 0; i < N_RANDOM; i++) { /* random, random length */
        uint8_t b[64] = {0}, s32[32], c16[16];
        tu_rng_bytes(&rng, b, (size_t)(tu_rng_next(&rng) % 65));
        BIGNUM *x = bn_le(b, 64);
        checked += check_b64(x);
        BN_free(x);
        /* (s c) mod L, s any 256-bit, c any 128-bit value */
        memset(s32, 0, 32);
        memset(c16, 0, 16);
        tu_rng_bytes(&rng, s32, (size_t)(tu_rng_next(&rng) % 33));
        tu_rng_bytes(&rng, c16, (size_t)(tu_rng_next(&rng) % 17));
        if (i % 11 == 0) memset(s32, 0xff, 32);
        if (i % 13 == 0) memset(c16, 0xff, 16);
        sl_ed25519_sc r;
        sl_ed25519_sc_mul_b32_b16(&r, s32, c16);
        BIGNUM *S = bn_le(s32, 32), *C = bn_le(c16, 16);
        BN_mod_mul(v, S, C, L, ctx);
        CHECK(sc_matches(&r, v));
        BN_free(S);
        BN_free(C);
        checked++;
    }
    /* all but 2^512 and 2^512 + 1 */
    CHECK(checked == 33 + 46 + 2000 + 2 * N_RANDOM);
    BN_free(v);
    BN_free(t);
}

static void test_sc_ops(void) {
    BIGNUM *want = BN_new();
    for (int i = 0; i < N_RANDOM; i++) {
        sl_ed25519_sc a, b, r;
        rand_sc(&a);
        rand_sc(&b);
        BIGNUM *A = sc_bn(&a), *B = sc_bn(&b);
        sl_ed25519_sc_add(&r, &a, &b);
        BN_mod_add(want, A, B, L, ctx);
        CHECK(sc_matches(&r, want));
        sl_ed25519_sc_sub(&r, &a, &b);
        BN_mod_sub(want, A, B, L, ctx);
        CHECK(sc_matches(&r, want));
        sl_ed25519_sc_neg(&r, &a);
        BN_mod_sub(want, L, A, L, ctx);
        CHECK(sc_matches(&r, want));
        sl_ed25519_sc_mul(&r, &a, &b);
        BN_mod_mul(want, A, B, L, ctx);
        CHECK(sc_matches(&r, want));
        sl_ed25519_sc_inv(&r, &a);
        if (BN_is_zero(A)) {
            CHECK(sl_ed25519_sc_is_zero(&r));
        } else {
            CHECK(BN_mod_inverse(want, A, L, ctx) != NULL);
            CHECK(sc_matches(&r, want));
        }
        CHECK(sl_ed25519_sc_is_zero(&a) == BN_is_zero(A));
        CHECK(sl_ed25519_sc_equal(&a, &b) == (BN_cmp(A, B) == 0));
        CHECK(sl_ed25519_sc_equal(&a, &a));
        BN_free(A); BN_free(B);
    }
    BN_free(want);
}

/* sqrt_ratio_x2 must give exactly what two sqrt_ratio calls give. */
static void test_fe_sqrt_x2(void) {
    int squares = 0, nonsquares = 0;
    for (int i = 0; i < 2000; i++) {
        sl_ed25519_fe u[2], v[2], r[2], want[2];
        int ok[2], wok[2];
        for (int j = 0; j < 2; j++) {
            rand_fe(&u[j], 54);
            rand_fe(&v[j], 54);
            if (i % 7 == 0) sl_ed25519_fe_sqr(&u[j], &u[j]); /* u/v with v = 1: a square */
            if (i % 7 == 0) sl_ed25519_fe_set_u64(&v[j], 1);
            if (i == 1) sl_ed25519_fe_set_u64(&u[j], 0);      /* 0 / v */
            if (i == 2) sl_ed25519_fe_set_u64(&v[j], 0);      /* u / 0 */
            wok[j] = sl_ed25519_fe_sqrt_ratio(&want[j], &u[j], &v[j]);
            squares += wok[j];
            nonsquares += !wok[j];
        }
        for (int impl = -1; impl <= sl_ed25519_ifma_supported(); impl++) {
            /* -1: the dispatching entry; 0: scalar; 1: IFMA where present */
            if (impl < 0) sl_ed25519_fe_sqrt_ratio_x2(ok, r, u, v);
            else sl_ed25519_fe_sqrt_ratio_x2_impl(ok, r, u, v, impl);
            for (int j = 0; j < 2; j++) {
                CHECK(ok[j] == wok[j]);
                uint8_t a[32], b[32];
                sl_ed25519_fe_get_b32(a, &r[j]);
                sl_ed25519_fe_get_b32(b, &want[j]);
                CHECK_MEM(a, b, 32);
                CHECK(limbs_below(&r[j], 52));
            }
        }
    }
    CHECK(squares > 500 && nonsquares > 500);
}

/* safegcd inversion == the Fermat inversion, on loose inputs with every
 * kind of rand_fe (edges, raw p + k, all-ones limbs) and exact values. */
static void check_inv_var(const sl_ed25519_fe *a) {
    sl_ed25519_fe r, w, r2 = *a;
    uint8_t got[32], want[32];
    sl_ed25519_fe_inv_var(&r, a);
    sl_ed25519_fe_inv(&w, a);
    sl_ed25519_fe_get_b32(got, &r);
    sl_ed25519_fe_get_b32(want, &w);
    CHECK_MEM(got, want, 32);
    CHECK(limbs_below(&r, 52));
    sl_ed25519_fe_inv_var(&r2, &r2); /* aliasing */
    sl_ed25519_fe_get_b32(got, &r2);
    CHECK_MEM(got, want, 32);
}

static void test_fe_inv_var(void) {
    sl_ed25519_fe a;
    /* 0, 1, 2, p - 1, p - 2, p (raw), p + 1 (raw), 2^255 - 1 (raw) */
    static const uint64_t small[3] = {0, 1, 2};
    for (int i = 0; i < 3; i++) {
        sl_ed25519_fe_set_u64(&a, small[i]);
        check_inv_var(&a);
        sl_ed25519_fe_neg(&a, &a);
        check_inv_var(&a);
    }
    for (int k = -1; k <= 19; k++) {
        a.v[0] = (uint64_t)((int64_t)(M51 - 18) + k); /* p + k as raw limbs */
        for (int i = 1; i < 5; i++) a.v[i] = M51;
        check_inv_var(&a);
    }
    sl_ed25519_fe_set_u64(&a, 1);
    sl_ed25519_fe one = a;
    sl_ed25519_fe_inv_var(&a, &one);
    CHECK(sl_ed25519_fe_equal(&a, &one));
    sl_ed25519_fe_set_u64(&a, 0);
    sl_ed25519_fe_inv_var(&a, &a);
    CHECK(sl_ed25519_fe_is_zero(&a));
    /* powers of two (long runs of zero bits in the divsteps) */
    for (int b = 0; b < 255; b++) {
        uint8_t e[32] = {0};
        e[b / 8] = (uint8_t)(1 << (b % 8));
        sl_ed25519_fe_set_b32(&a, e);
        check_inv_var(&a);
    }
    /* random loose inputs, and a * inv(a) == 1 against BIGNUM */
    for (int i = 0; i < N_RANDOM; i++) {
        rand_fe(&a, 54);
        check_inv_var(&a);
        if (i % 16 == 0) {
            sl_ed25519_fe r;
            sl_ed25519_fe_inv_var(&r, &a);
            BIGNUM *A = fe_mod(&a), *R = fe_mod(&r), *T = BN_new();
            BN_mod_mul(T, A, R, P, ctx);
            CHECK(BN_is_zero(A) ? BN_is_zero(R) : BN_is_one(T));
            BN_free(A); BN_free(R); BN_free(T);
        }
    }
}

/* The IFMA 4-way product == fe51 mul on tight inputs (random, limbs at
 * 2^52 - 1, small values, raw p + k), with aliasing outputs. */
static void test_fe_mul4_ifma(void) {
    if (!sl_ed25519_ifma_supported()) {
        fprintf(stderr, "test_ec_ed25519: no AVX-512 IFMA here, mul4 not tested\n");
        return;
    }
    for (int it = 0; it < N_RANDOM / 2; it++) {
        sl_ed25519_fe a[4], b[4], r[4], w;
        for (int j = 0; j < 4; j++) {
            rand_fe(&a[j], 52);
            rand_fe(&b[j], 52);
        }
        if (it == 0)
            for (int j = 0; j < 4; j++)
                for (int i = 0; i < 5; i++) a[j].v[i] = b[j].v[i] = (UINT64_C(1) << 52) - 1;
        sl_ed25519_mul4 m = {{&r[0], &r[1], &r[2], &r[3]},
                             {&a[0], &a[1], &a[2], &a[3]},
                             {&b[0], &b[1], &b[2], &b[3]}};
        if (it % 3 == 1) { /* outputs over the inputs, squares */
            for (int j = 0; j < 4; j++) m.r[j] = &a[j];
            for (int j = 0; j < 4; j++) m.b[j] = &a[j];
        }
        sl_ed25519_fe wa[4];
        for (int j = 0; j < 4; j++) sl_ed25519_fe_mul(&wa[j], m.a[j], m.b[j]);
        sl_ed25519_fe_mul4_ifma(&m);
        for (int j = 0; j < 4; j++) {
            uint8_t got[32], want[32];
            w = wa[j];
            sl_ed25519_fe_get_b32(got, m.r[j]);
            sl_ed25519_fe_get_b32(want, &w);
            CHECK_MEM(got, want, 32);
            CHECK(limbs_below(m.r[j], 52));
        }
    }
}

/* The IFMA exponentiation == sl_ed25519_fe_pow22523, four lanes at once. */
static void test_fe_pow4_ifma(void) {
    if (!sl_ed25519_ifma_supported()) return; /* reported by test_fe_mul4_ifma */
    for (int it = 0; it < 300; it++) {
        sl_ed25519_fe a[4], r[4];
        for (int j = 0; j < 4; j++) rand_fe(&a[j], 52);
        if (it == 0) sl_ed25519_fe_set_u64(&a[1], 0);
        sl_ed25519_fe *const r4[4] = {&r[0], &r[1], &r[2], &a[3]}; /* lane 3 in place */
        const sl_ed25519_fe *const a4[4] = {&a[0], &a[1], &a[2], &a[3]};
        sl_ed25519_fe want[4];
        for (int j = 0; j < 4; j++) sl_ed25519_fe_pow22523(&want[j], &a[j]);
        sl_ed25519_fe_pow22523_4_ifma(r4, a4);
        for (int j = 0; j < 4; j++) {
            uint8_t got[32], exp[32];
            sl_ed25519_fe_get_b32(got, r4[j]);
            sl_ed25519_fe_get_b32(exp, &want[j]);
            CHECK_MEM(got, exp, 32);
            CHECK(limbs_below(r4[j], 52));
        }
    }
}

/* The eight-lane (512-bit) exponentiation == sl_ed25519_fe_pow22523: limbs
 * up to 2^52 - 1, zero, p and p + small (non-reduced inputs), in place. */
static void test_fe_pow8_ifma(void) {
    if (!sl_ed25519_ifma_supported()) return; /* reported by test_fe_mul4_ifma */
    for (int it = 0; it < 200; it++) {
        sl_ed25519_fe a[8], r[8], want[8];
        for (int j = 0; j < 8; j++) rand_fe(&a[j], 52);
        if (it == 0) {
            sl_ed25519_fe_set_u64(&a[1], 0);
            for (int k = 0; k < 5; k++) a[2].v[k] = (UINT64_C(1) << 52) - 1; /* limbs at the top */
            a[3].v[0] = (UINT64_C(1) << 51) - 19; /* p itself */
            for (int k = 1; k < 5; k++) a[3].v[k] = (UINT64_C(1) << 51) - 1;
        }
        sl_ed25519_fe *const r8[8] = {&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &a[7]};
        const sl_ed25519_fe *const a8[8] = {&a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7]};
        for (int j = 0; j < 8; j++) sl_ed25519_fe_pow22523(&want[j], &a[j]);
        sl_ed25519_fe_pow22523_8_ifma(r8, a8);
        for (int j = 0; j < 8; j++) {
            uint8_t got[32], exp[32];
            sl_ed25519_fe_get_b32(got, r8[j]);
            sl_ed25519_fe_get_b32(exp, &want[j]);
            CHECK_MEM(got, exp, 32);
            CHECK(limbs_below(r8[j], 52));
        }
    }
}

/* ---- the half-size split -------------------------------------------------- */

/* The reference split: the plain extended Euclidean algorithm in BIGNUM,
 * stopped at the first remainder below 2^128; (r1, t1) if t1 is odd, else
 * (r0, t0). Sets c0 and c1 (signed). */
static void ref_split(BIGNUM *c0, BIGNUM *c1, const BIGNUM *k, const BIGNUM *L8) {
    BIGNUM *r0 = BN_dup(L8), *r1 = BN_dup(k), *t0 = BN_new(), *t1 = BN_new();
    BIGNUM *q = BN_new(), *r = BN_new(), *t = BN_new();
    BN_zero(t0);
    BN_one(t1);
    while (BN_num_bits(r1) > 128) {
        BN_div(q, r, r0, r1, ctx);
        BN_mul(t, q, t1, ctx);
        BN_sub(t, t0, t);
        BN_copy(r0, r1);
        BN_copy(r1, r);
        BN_copy(t0, t1);
        BN_copy(t1, t);
    }
    if (BN_is_odd(t1)) {
        BN_copy(c0, r1);
        BN_copy(c1, t1);
    } else {
        BN_copy(c0, r0);
        BN_copy(c1, t0);
    }
    BN_free(r0); BN_free(r1); BN_free(t0); BN_free(t1);
    BN_free(q); BN_free(r); BN_free(t);
}

/* c0 == c1 k (mod 8L), c1 odd, |c1| < 2^128, and exactly the reference's
 * pair, against BIGNUM. Returns the bit length of c0. */
static int check_split(const uint8_t k[32], const BIGNUM *L8) {
    uint8_t c0[32], c1[32];
    int neg = -1;
    CHECK(sl_ed25519_split_8l_var(c0, c1, &neg, k) == 1);
    CHECK(neg == 0 || neg == 1);
    BIGNUM *K = bn_le(k, 32), *C0 = bn_le(c0, 32), *C1 = bn_le(c1, 32), *T = BN_new();
    BIGNUM *W0 = BN_new(), *W1 = BN_new();
    ref_split(W0, W1, K, L8);
    CHECK(BN_cmp(W0, C0) == 0);
    CHECK(BN_ucmp(W1, C1) == 0 && BN_is_negative(W1) == neg);
    BN_free(W0);
    BN_free(W1);
    CHECK(BN_is_odd(C1));
    CHECK(BN_num_bits(C1) <= 128);
    if (neg) BN_set_negative(C1, 1);
    BN_mul(T, C1, K, ctx);
    BN_sub(T, T, C0);
    BN_nnmod(T, T, L8, ctx);
    CHECK(BN_is_zero(T));
    int bits = BN_num_bits(C0);
    BN_free(K); BN_free(C0); BN_free(C1); BN_free(T);
    return bits;
}

static void test_split(void) {
    BIGNUM *L8 = BN_new(), *t = BN_new();
    BN_lshift(L8, L, 3);
    uint8_t k[32];
    /* edges: 0, 1, 2, small, L - 1, 2^128 - 1, 2^128, 2^252, 8L - 1 */
    for (int e = 0; e < 9; e++) {
        BN_zero(t);
        switch (e) {
        case 0: break;
        case 1: BN_set_word(t, 1); break;
        case 2: BN_set_word(t, 2); break;
        case 3: BN_set_word(t, 0x123456789ULL); break;
        case 4: BN_sub(t, L, BN_value_one()); break;
        case 5: BN_set_bit(t, 128); BN_sub(t, t, BN_value_one()); break;
        case 6: BN_set_bit(t, 128); break;
        case 7: BN_set_bit(t, 252); break;
        default: BN_sub(t, L8, BN_value_one()); break;
        }
        BN_bn2lebinpad(t, k, 32);
        check_split(k, L8);
    }
    /* k = 0 gives c0 = 0, c1 = 1; k = 1 gives c0 = c1 = 1 */
    uint8_t c0[32], c1[32], want[32] = {0};
    int neg;
    memset(k, 0, 32);
    CHECK(sl_ed25519_split_8l_var(c0, c1, &neg, k) && neg == 0);
    CHECK_MEM(c0, want, 32);
    want[0] = 1;
    CHECK_MEM(c1, want, 32);
    k[0] = 1;
    CHECK(sl_ed25519_split_8l_var(c0, c1, &neg, k) && neg == 0);
    CHECK_MEM(c0, want, 32);
    CHECK_MEM(c1, want, 32);
    /* 8L and above are refused */
    BN_bn2lebinpad(L8, k, 32);
    CHECK(sl_ed25519_split_8l_var(c0, c1, &neg, k) == 0);
    memset(k, 0xff, 32);
    CHECK(sl_ed25519_split_8l_var(c0, c1, &neg, k) == 0);
    /* random scalars (with rand_sc's edges), and random values below 8L */
    for (int i = 0; i < N_RANDOM / 2; i++) {
        sl_ed25519_sc s;
        rand_sc(&s);
        sl_ed25519_sc_get_b32(k, &s);
        if (i % 2) {
            tu_rng_bytes(&rng, k, 32);
            k[31] &= 0x7f; /* < 2^255 < 8L */
        }
        check_split(k, L8);
    }
    /* challenges as verification makes them (a 512-bit hash mod L): the
     * split is meant to halve them. Not a correctness condition, but a
     * regression to full-length c0 would show here. */
    int shorter = 0;
    for (int i = 0; i < N_RANDOM / 2; i++) {
        uint8_t h[64];
        sl_ed25519_sc s;
        tu_rng_bytes(&rng, h, 64);
        sl_ed25519_sc_set_b64(&s, h);
        sl_ed25519_sc_get_b32(k, &s);
        shorter += check_split(k, L8) <= 140;
    }
    CHECK(shorter > N_RANDOM / 2 * 99 / 100); /* measured: about 99.99% */
    BN_free(L8);
    BN_free(t);
}

/* Challenges whose Euclidean sequence is far from typical, against the
 * reference: k = floor(8L x / y) for random x < y of a given size follows the
 * continued fraction of x / y and then meets one huge partial quotient
 * (a Lehmer run must stop there, wherever it falls, and hand over to the full
 * division step), and k = floor(8L F(n-1) / F(n)) for
 * Fibonacci numbers gives long runs of quotient 1 (the longest Lehmer runs). */
static void test_split_unusual(void) {
    BIGNUM *L8 = BN_new(), *x = BN_new(), *y = BN_new(), *t = BN_new(), *r = BN_new();
    BN_lshift(L8, L, 3);
    uint8_t k[32];
    static const int sizes[] = {2, 8, 30, 50, 60, 62, 63, 64, 65, 66, 90, 100, 120, 126, 127, 128};
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        for (int i = 0; i < 150; i++) {
            uint8_t b[32];
            tu_rng_bytes(&rng, b, 32);
            BN_lebin2bn(b, 32, y);
            BN_mask_bits(y, sizes[si]);
            BN_set_bit(y, sizes[si] - 1); /* exactly sizes[si] bits */
            tu_rng_bytes(&rng, b, 32);
            BN_lebin2bn(b, 32, x);
            BN_mod(x, x, y, ctx); /* 0 <= x < y */
            BN_mul(t, L8, x, ctx);
            BN_div(t, r, t, y, ctx);
            CHECK(BN_cmp(t, L8) < 0);
            BN_bn2lebinpad(t, k, 32);
            check_split(k, L8);
        }
    }
    BIGNUM *f0 = BN_new(), *f1 = BN_new();
    BN_one(f0);
    BN_one(f1);
    for (int n = 2; n < 200; n++) { /* f1 = F(n), f0 = F(n-1); F(199) ~ 2^137 */
        BN_add(t, f0, f1);
        BN_copy(f0, f1);
        BN_copy(f1, t);
        BN_mul(t, L8, f0, ctx);
        BN_div(t, r, t, f1, ctx);
        BN_bn2lebinpad(t, k, 32);
        check_split(k, L8);
    }
    BN_free(f0); BN_free(f1);
    BN_free(L8); BN_free(x); BN_free(y); BN_free(t); BN_free(r);
}

int main(void) {
    ctx = BN_CTX_new();
    P = NULL;
    L = NULL;
    BN_hex2bn(&P, "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
    BN_hex2bn(&L, "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");
    tu_rng_seed(&rng, 25519);
    test_fe_encoding();
    test_fe_ops();
    test_fe_inv_pow();
    test_fe_sqrt();
    test_fe_batch_inv();
    test_fe_sqrt_x2();
    test_fe_inv_var();
    test_fe_mul4_ifma();
    test_fe_pow4_ifma();
    test_fe_pow8_ifma();
    test_split();
    test_split_unusual();
    test_sc_encoding();
    test_sc_ops();
    test_sc_reduce();
    BN_free(P);
    BN_free(L);
    BN_CTX_free(ctx);
    return tu_finish("test_ec_ed25519");
}
