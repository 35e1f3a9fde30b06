/* edwards25519 field (mod p = 2^255 - 19) and scalar (mod L) arithmetic of
 * engine/ec against OpenSSL BIGNUM: edge encodings, >= 20,000 random inputs
 * per operation including unnormalized limbs at the top of the documented
 * bounds, sqrt_ratio on squares and non-squares, batch inversion with zeros,
 * and 512-bit scalar reduction. */
#include "../../engine/ec/ed25519_field.h"
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
    test_sc_encoding();
    test_sc_ops();
    BN_free(P);
    BN_free(L);
    BN_CTX_free(ctx);
    return tu_finish("test_ec_ed25519");
}
