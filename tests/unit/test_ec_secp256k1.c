/* secp256k1 field (mod p) and scalar (mod n) arithmetic against OpenSSL BIGNUM:
 * edge values (0, 1, 2, p-1, p, p+1, 2^256-1, all-ones limbs, n-1, n, ...) and
 * 20,000 random inputs per operation, biased toward the top of the range; sqrt
 * on squares and non-squares; batch_inv vs single inv with zeros; 512-bit
 * scalar reduction. Group: lambda G == (beta Gx, Gy), the GLV split and wNAF
 * recodings reconstruct their scalar, the odd-multiples table, Strauss and
 * the multi-scalar multiplication (Strauss and Pippenger sizes) against plain
 * double-and-add, and the special cases of addition (P + P, P + (-P)). */
#include "../../engine/ec/secp256k1_field.h"
#include "../../engine/ec/secp256k1_scalar.h"
#include "../../engine/ec/secp256k1_group.h"
#include "../../engine/ec/secp256k1_fe52_impl.h"
#include "testutil.h"
#include <openssl/bn.h>
#include <stdlib.h>
#include <string.h>

#define N_RANDOM 20000

static BN_CTX *ctx;
static BIGNUM *P, *N;

static void bn_to_b32(uint8_t out[32], const BIGNUM *x) {
    if (BN_bn2binpad(x, out, 32) != 32) memset(out, 0xEE, 32);
}

/* Random 32 bytes, a fifth of them replaced by structured values near the top
 * (all-ones limbs, p/n minus small, 2^256 - small) to hit carry paths. */
static void rand_b32(tu_rng *r, uint8_t out[32], const BIGNUM *mod) {
    tu_rng_bytes(r, out, 32);
    unsigned sel = (unsigned)(tu_rng_next(r) % 10);
    if (sel == 0) {
        for (int i = 0; i < 4; i++)
            if (tu_rng_next(r) & 1) memset(out + 8 * i, 0xFF, 8);
    } else if (sel == 1) {
        BIGNUM *x = BN_new();
        BN_copy(x, mod);
        BN_sub_word(x, 1 + tu_rng_next(r) % 1000);
        bn_to_b32(out, x);
        BN_free(x);
    } else if (sel == 2) {
        memset(out, 0xFF, 24);
    } else if (sel == 3) {
        memset(out, 0, 24);
    }
}

/* A canonical field element + its BIGNUM from random bytes (reduced mod p). */
static void rand_fe(tu_rng *r, sl_secp256k1_fe *a, BIGNUM *bn) {
    uint8_t b[32];
    rand_b32(r, b, P);
    BN_bin2bn(b, 32, bn);
    int canon = sl_secp256k1_fe_set_b32(a, b);
    CHECK(canon == (BN_cmp(bn, P) < 0));
    BN_nnmod(bn, bn, P, ctx);
}

static void rand_sc(tu_rng *r, sl_secp256k1_sc *a, BIGNUM *bn) {
    uint8_t b[32];
    rand_b32(r, b, N);
    BN_bin2bn(b, 32, bn);
    int over = sl_secp256k1_sc_set_b32(a, b);
    CHECK(over == (BN_cmp(bn, N) >= 0));
    BN_nnmod(bn, bn, N, ctx);
}

static int fe_eq_bn(const sl_secp256k1_fe *a, const BIGNUM *x) {
    uint8_t got[32], want[32];
    sl_secp256k1_fe_get_b32(got, a);
    bn_to_b32(want, x);
    return memcmp(got, want, 32) == 0;
}

static int sc_eq_bn(const sl_secp256k1_sc *a, const BIGNUM *x) {
    uint8_t got[32], want[32];
    sl_secp256k1_sc_get_b32(got, a);
    bn_to_b32(want, x);
    return memcmp(got, want, 32) == 0;
}

/* Edge values as big-endian hex (64 digits). */
static const char *const FE_EDGE_HEX[] = {
    "0", "1", "2", "3", "7",
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2E", /* p-1 */
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2D", /* p-2 */
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", /* p */
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC30", /* p+1 */
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", /* 2^256-1 */
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000",
    "FFFFFFFFFFFFFFFF000000000000000000000000000000000000000000000000",
    "0000000000000000FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    "00000000000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    "8000000000000000000000000000000000000000000000000000000000000000",
    "7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF7FFFFE17", /* (p-1)/2 */
    "00000000000000000000000000000000000000000000000000000001000003D1", /* 2^256-p */
};
#define N_FE_EDGE (sizeof FE_EDGE_HEX / sizeof FE_EDGE_HEX[0])

static const char *const SC_EDGE_HEX[] = {
    "0", "1", "2",
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140", /* n-1 */
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", /* n */
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364142", /* n+1 */
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000000000000000000000000000",
    "000000000000000000000000000000014551231950B75FC4402DA1732FC9BEBF", /* 2^256-n */
    "7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", /* (n-1)/2 */
};
#define N_SC_EDGE (sizeof SC_EDGE_HEX / sizeof SC_EDGE_HEX[0])

/* Checks every field operation on (a, b) against BN. */
static void check_fe_ops(const sl_secp256k1_fe *a, const BIGNUM *A, const sl_secp256k1_fe *b,
                         const BIGNUM *B, BIGNUM *w) {
    sl_secp256k1_fe r;
    sl_secp256k1_fe_add(&r, a, b);
    BN_mod_add(w, A, B, P, ctx);
    CHECK(fe_eq_bn(&r, w));
    sl_secp256k1_fe_sub(&r, a, b);
    BN_mod_sub(w, A, B, P, ctx);
    CHECK(fe_eq_bn(&r, w));
    sl_secp256k1_fe_mul(&r, a, b);
    BN_mod_mul(w, A, B, P, ctx);
    CHECK(fe_eq_bn(&r, w));
    sl_secp256k1_fe_sqr(&r, a);
    BN_mod_sqr(w, A, P, ctx);
    CHECK(fe_eq_bn(&r, w));
    sl_secp256k1_fe_neg(&r, a);
    BN_mod_sub(w, P, A, P, ctx);
    CHECK(fe_eq_bn(&r, w));
    /* mul_small with a 64-bit factor taken from b's low limb. */
    sl_secp256k1_fe_mul_small(&r, a, b->v[0]);
    BN_set_word(w, b->v[0]);
    BN_mod_mul(w, A, w, P, ctx);
    CHECK(fe_eq_bn(&r, w));
    CHECK(sl_secp256k1_fe_equal(a, b) == (BN_cmp(A, B) == 0));
    CHECK(sl_secp256k1_fe_is_zero(a) == BN_is_zero(A));
    CHECK(sl_secp256k1_fe_is_odd(a) == BN_is_odd(A));
}

static void check_fe_inv_sqrt(const sl_secp256k1_fe *a, const BIGNUM *A, BIGNUM *w) {
    sl_secp256k1_fe r, r2;
    sl_secp256k1_fe_inv(&r, a);
    if (BN_is_zero(A)) {
        CHECK(sl_secp256k1_fe_is_zero(&r));
    } else {
        CHECK(BN_mod_inverse(w, A, P, ctx) != NULL);
        CHECK(fe_eq_bn(&r, w));
    }
    /* sqrt: a square iff the Legendre symbol is not -1 (BN_kronecker). */
    int is_sq = BN_kronecker(A, P, ctx) != -1;
    int ok = sl_secp256k1_fe_sqrt(&r, a);
    CHECK(ok == is_sq);
    sl_secp256k1_fe_sqr(&r2, &r);
    if (is_sq) {
        CHECK(sl_secp256k1_fe_equal(&r2, a));
        /* BN_mod_sqrt gives one of the two roots. */
        CHECK(BN_mod_sqrt(w, A, P, ctx) != NULL);
        sl_secp256k1_fe neg;
        sl_secp256k1_fe_neg(&neg, &r);
        CHECK(fe_eq_bn(&r, w) || fe_eq_bn(&neg, w));
    } else {
        sl_secp256k1_fe na;
        sl_secp256k1_fe_neg(&na, a);
        CHECK(sl_secp256k1_fe_equal(&r2, &na)); /* documented: r is a root of -a */
    }
}

static void test_fe_edges(void) {
    BIGNUM *A = BN_new(), *B = BN_new(), *w = BN_new();
    sl_secp256k1_fe fa[N_FE_EDGE];
    BIGNUM *bn[N_FE_EDGE];
    for (size_t i = 0; i < N_FE_EDGE; i++) {
        bn[i] = BN_new();
        CHECK(BN_hex2bn(&bn[i], FE_EDGE_HEX[i]) > 0);
        uint8_t b[32];
        bn_to_b32(b, bn[i]);
        int canon = sl_secp256k1_fe_set_b32(&fa[i], b);
        CHECK(canon == (BN_cmp(bn[i], P) < 0));
        BN_nnmod(bn[i], bn[i], P, ctx);
        CHECK(fe_eq_bn(&fa[i], bn[i]));
    }
    /* p itself is rejected and reduces to 0; p+1 to 1. */
    {
        uint8_t b[32];
        sl_secp256k1_fe r;
        bn_to_b32(b, P);
        CHECK(sl_secp256k1_fe_set_b32(&r, b) == 0);
        CHECK(sl_secp256k1_fe_is_zero(&r));
        b[31]++;
        CHECK(sl_secp256k1_fe_set_b32(&r, b) == 0);
        CHECK(r.v[0] == 1 && r.v[1] == 0 && r.v[2] == 0 && r.v[3] == 0);
    }
    for (size_t i = 0; i < N_FE_EDGE; i++) {
        for (size_t j = 0; j < N_FE_EDGE; j++) check_fe_ops(&fa[i], bn[i], &fa[j], bn[j], w);
        check_fe_inv_sqrt(&fa[i], bn[i], w);
    }
    /* mul_small by the extremes of a 64-bit factor. */
    for (size_t i = 0; i < N_FE_EDGE; i++) {
        sl_secp256k1_fe r;
        sl_secp256k1_fe_mul_small(&r, &fa[i], UINT64_MAX);
        BN_set_word(w, UINT64_MAX);
        BN_mod_mul(w, bn[i], w, P, ctx);
        CHECK(fe_eq_bn(&r, w));
    }
    for (size_t i = 0; i < N_FE_EDGE; i++) BN_free(bn[i]);
    BN_free(A);
    BN_free(B);
    BN_free(w);
}

static void test_fe_random(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 0x5ec9256b1ULL);
    BIGNUM *A = BN_new(), *B = BN_new(), *w = BN_new();
    for (int it = 0; it < N_RANDOM; it++) {
        sl_secp256k1_fe a, b;
        rand_fe(&rng, &a, A);
        rand_fe(&rng, &b, B);
        check_fe_ops(&a, A, &b, B, w);
        check_fe_inv_sqrt(&a, A, w);
        /* Aliasing: r == a. */
        sl_secp256k1_fe c = a;
        sl_secp256k1_fe_mul(&c, &c, &b);
        BN_mod_mul(w, A, B, P, ctx);
        CHECK(fe_eq_bn(&c, w));
        /* sqrt of a known square: b^2. */
        sl_secp256k1_fe sq, r;
        sl_secp256k1_fe_sqr(&sq, &b);
        CHECK(sl_secp256k1_fe_sqrt(&r, &sq) == 1);
        sl_secp256k1_fe nr;
        sl_secp256k1_fe_neg(&nr, &r);
        CHECK(sl_secp256k1_fe_equal(&r, &b) || sl_secp256k1_fe_equal(&nr, &b));
        /* cmov both ways. */
        c = a;
        sl_secp256k1_fe_cmov(&c, &b, 0);
        CHECK(sl_secp256k1_fe_equal(&c, &a));
        sl_secp256k1_fe_cmov(&c, &b, 1);
        CHECK(sl_secp256k1_fe_equal(&c, &b));
        /* Round trip of the canonical encoding. */
        uint8_t enc[32];
        sl_secp256k1_fe_get_b32(enc, &a);
        CHECK(sl_secp256k1_fe_set_b32(&c, enc) == 1);
        CHECK(sl_secp256k1_fe_equal(&c, &a));
    }
    BN_free(A);
    BN_free(B);
    BN_free(w);
}

/* Squares of elements whose limbs lie near 2^63.5 (a cross product of two such
 * limbs has high word 2^63 - 1, so doubling it lands at the 2^64 - 1 carry
 * boundary of sqr's doubled-term accumulation), near 2^64 - 1, or are 0. */
static void test_fe_sqr_carry_edges(void) {
    const uint64_t x = 13043817825332782212ULL; /* isqrt(2^127 - 2^64 + 3*2^62) */
    tu_rng rng;
    tu_rng_seed(&rng, 4242);
    BIGNUM *A = BN_new(), *w = BN_new();
    for (int it = 0; it < N_RANDOM; it++) {
        uint8_t b[32];
        for (int i = 0; i < 4; i++) {
            uint64_t d = tu_rng_next(&rng);
            uint64_t limb;
            switch (d & 3) {
            case 0: limb = x + ((d >> 8) & 0xFFFF) - 0x8000; break;
            case 1: limb = x + (d >> 40); break;
            case 2: limb = UINT64_MAX - ((d >> 8) & 0xFF); break;
            default: limb = (d >> 4) & 1 ? x : 0; break;
            }
            for (int j = 0; j < 8; j++) b[(3 - i) * 8 + j] = (uint8_t)(limb >> (56 - 8 * j));
        }
        sl_secp256k1_fe a, r;
        sl_secp256k1_fe_set_b32(&a, b);
        BN_bin2bn(b, 32, A);
        BN_nnmod(A, A, P, ctx);
        sl_secp256k1_fe_sqr(&r, &a);
        BN_mod_sqr(w, A, P, ctx);
        CHECK(fe_eq_bn(&r, w));
        sl_secp256k1_fe_mul(&r, &a, &a);
        CHECK(fe_eq_bn(&r, w));
    }
    BN_free(A);
    BN_free(w);
}

static void test_fe_batch_inv(void) {
    enum { K = 67 };
    tu_rng rng;
    tu_rng_seed(&rng, 77);
    sl_secp256k1_fe in[K], out[K];
    BIGNUM *A = BN_new();
    for (int i = 0; i < K; i++) rand_fe(&rng, &in[i], A);
    sl_secp256k1_fe_set_u64(&in[0], 0);
    sl_secp256k1_fe_set_u64(&in[5], 0);
    sl_secp256k1_fe_set_u64(&in[K - 1], 0);
    sl_secp256k1_fe_batch_inv(out, in, K);
    for (int i = 0; i < K; i++) {
        sl_secp256k1_fe want;
        sl_secp256k1_fe_inv(&want, &in[i]);
        CHECK(sl_secp256k1_fe_equal(&out[i], &want));
    }
    CHECK(sl_secp256k1_fe_is_zero(&out[0]) && sl_secp256k1_fe_is_zero(&out[5]));
    /* n = 1 and n = 0 (no write). */
    sl_secp256k1_fe one_out = in[1], want;
    sl_secp256k1_fe_batch_inv(&one_out, &in[1], 1);
    sl_secp256k1_fe_inv(&want, &in[1]);
    CHECK(sl_secp256k1_fe_equal(&one_out, &want));
    sl_secp256k1_fe untouched = in[2];
    sl_secp256k1_fe_batch_inv(&untouched, &in[3], 0);
    CHECK(sl_secp256k1_fe_equal(&untouched, &in[2]));
    BN_free(A);
}

static void check_sc_ops(const sl_secp256k1_sc *a, const BIGNUM *A, const sl_secp256k1_sc *b,
                         const BIGNUM *B, BIGNUM *w) {
    sl_secp256k1_sc r;
    sl_secp256k1_sc_add(&r, a, b);
    BN_mod_add(w, A, B, N, ctx);
    CHECK(sc_eq_bn(&r, w));
    sl_secp256k1_sc_sub(&r, a, b);
    BN_mod_sub(w, A, B, N, ctx);
    CHECK(sc_eq_bn(&r, w));
    sl_secp256k1_sc_mul(&r, a, b);
    BN_mod_mul(w, A, B, N, ctx);
    CHECK(sc_eq_bn(&r, w));
    sl_secp256k1_sc_neg(&r, a);
    BN_mod_sub(w, N, A, N, ctx);
    CHECK(sc_eq_bn(&r, w));
    CHECK(sl_secp256k1_sc_equal(a, b) == (BN_cmp(A, B) == 0));
    CHECK(sl_secp256k1_sc_is_zero(a) == BN_is_zero(A));
}

static void check_sc_inv(const sl_secp256k1_sc *a, const BIGNUM *A, BIGNUM *w) {
    sl_secp256k1_sc r;
    sl_secp256k1_sc_inv(&r, a);
    if (BN_is_zero(A)) {
        CHECK(sl_secp256k1_sc_is_zero(&r));
    } else {
        CHECK(BN_mod_inverse(w, A, N, ctx) != NULL);
        CHECK(sc_eq_bn(&r, w));
    }
}

/* 512-bit big-endian input vs BN_mod. */
static void check_sc_b64(const uint8_t in[64], BIGNUM *w) {
    sl_secp256k1_sc r;
    sl_secp256k1_sc_set_b64(&r, in);
    BN_bin2bn(in, 64, w);
    BN_mod(w, w, N, ctx);
    CHECK(sc_eq_bn(&r, w));
}

static void test_sc_edges(void) {
    BIGNUM *w = BN_new();
    sl_secp256k1_sc sa[N_SC_EDGE];
    BIGNUM *bn[N_SC_EDGE];
    for (size_t i = 0; i < N_SC_EDGE; i++) {
        bn[i] = BN_new();
        CHECK(BN_hex2bn(&bn[i], SC_EDGE_HEX[i]) > 0);
        uint8_t b[32];
        bn_to_b32(b, bn[i]);
        int over = sl_secp256k1_sc_set_b32(&sa[i], b);
        CHECK(over == (BN_cmp(bn[i], N) >= 0));
        BN_nnmod(bn[i], bn[i], N, ctx);
        CHECK(sc_eq_bn(&sa[i], bn[i]));
    }
    for (size_t i = 0; i < N_SC_EDGE; i++) {
        for (size_t j = 0; j < N_SC_EDGE; j++) check_sc_ops(&sa[i], bn[i], &sa[j], bn[j], w);
        check_sc_inv(&sa[i], bn[i], w);
    }
    /* 512-bit edges: 0, 2^512-1, n*2^256 + (n-1), (n-1)^2, n^2, n, 2^256. */
    uint8_t in[64];
    memset(in, 0, 64);
    check_sc_b64(in, w);
    memset(in, 0xFF, 64);
    check_sc_b64(in, w);
    bn_to_b32(in, N);
    bn_to_b32(in + 32, N);
    in[63]--;
    check_sc_b64(in, w);
    BIGNUM *sq = BN_new();
    BN_sub(sq, N, BN_value_one());
    BN_sqr(sq, sq, ctx);
    CHECK(BN_bn2binpad(sq, in, 64) == 64);
    check_sc_b64(in, w);
    BN_sqr(sq, N, ctx);
    CHECK(BN_bn2binpad(sq, in, 64) == 64);
    check_sc_b64(in, w);
    memset(in, 0, 32);
    bn_to_b32(in + 32, N);
    check_sc_b64(in, w);
    memset(in, 0, 64);
    in[31] = 1;
    check_sc_b64(in, w);
    for (size_t i = 0; i < N_SC_EDGE; i++) BN_free(bn[i]);
    BN_free(sq);
    BN_free(w);
}

static void test_sc_random(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 0x5c41a7ULL);
    BIGNUM *A = BN_new(), *B = BN_new(), *w = BN_new();
    for (int it = 0; it < N_RANDOM; it++) {
        sl_secp256k1_sc a, b;
        rand_sc(&rng, &a, A);
        rand_sc(&rng, &b, B);
        check_sc_ops(&a, A, &b, B, w);
        check_sc_inv(&a, A, w);
        uint8_t in[64];
        rand_b32(&rng, in, N);
        rand_b32(&rng, in + 32, N);
        check_sc_b64(in, w);
        uint8_t enc[32];
        sl_secp256k1_sc c;
        sl_secp256k1_sc_get_b32(enc, &a);
        CHECK(sl_secp256k1_sc_set_b32(&c, enc) == 0);
        CHECK(sl_secp256k1_sc_equal(&c, &a));
    }
    BN_free(A);
    BN_free(B);
    BN_free(w);
}


/* Affine equality of two Jacobian points (both may be infinity). */
static int gej_eq(const sl_secp256k1_gej *a, const sl_secp256k1_gej *b) {
    if (a->inf || b->inf) return a->inf == b->inf;
    sl_secp256k1_ge x, y;
    sl_secp256k1_ge_set_gej_var(&x, a);
    sl_secp256k1_ge_set_gej_var(&y, b);
    return sl_secp256k1_fe_equal(&x.x, &y.x) && sl_secp256k1_fe_equal(&x.y, &y.y);
}

static void rand_scalar(tu_rng *r, sl_secp256k1_sc *k) {
    uint8_t b[32];
    rand_b32(r, b, N);
    sl_secp256k1_sc_set_b32(k, b);
}

/* value of a signed 128-bit half as a scalar mod n */
static void sc128_to_sc(sl_secp256k1_sc *r, const sl_secp256k1_sc128 *h) {
    r->v[0] = h->v[0];
    r->v[1] = h->v[1];
    r->v[2] = r->v[3] = 0;
    if (h->neg) sl_secp256k1_sc_neg(r, r);
}

/* The 5x52 lazy representation at its documented limits: inputs built as
 * limb-wise sums of up to 16 canonical elements (magnitude 8, limbs below
 * 2^56), and
 * negations / halvings of such sums, multiplied and squared against BN. */
static void test_fe52_magnitudes(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 5252);
    BIGNUM *A = BN_new(), *B = BN_new(), *x = BN_new(), *w = BN_new(), *half = BN_new();
    BN_set_word(half, 2);
    BN_mod_inverse(half, half, P, ctx);
    for (int it = 0; it < 4000; it++) {
        int ka = 1 + (int)(tu_rng_next(&rng) % 16), kb = 1 + (int)(tu_rng_next(&rng) % 16);
        sk_fe52 a = {{0, 0, 0, 0, 0}}, b = {{0, 0, 0, 0, 0}}, r, t;
        BN_zero(A);
        BN_zero(B);
        for (int i = 0; i < ka; i++) {
            sl_secp256k1_fe e;
            rand_fe(&rng, &e, x);
            if (it % 4 == 0) { /* p - 1 limbs: the largest canonical value */
                uint8_t pm1[32];
                BN_sub(x, P, BN_value_one());
                bn_to_b32(pm1, x);
                sl_secp256k1_fe_set_b32(&e, pm1);
            }
            sk_fe52_from4(&t, &e);
            sk_fe52_add(&a, &t);
            BN_mod_add(A, A, x, P, ctx);
        }
        for (int i = 0; i < kb; i++) {
            sl_secp256k1_fe e;
            rand_fe(&rng, &e, x);
            sk_fe52_from4(&t, &e);
            sk_fe52_add(&b, &t);
            BN_mod_add(B, B, x, P, ctx);
        }
        sl_secp256k1_fe o;
        sk_fe52_mul(&r, &a, &b);
        sk_fe52_to4(&o, &r);
        BN_mod_mul(w, A, B, P, ctx);
        CHECK(fe_eq_bn(&o, w));
        sk_fe52_sqr(&r, &a);
        sk_fe52_to4(&o, &r);
        BN_mod_sqr(w, A, P, ctx);
        CHECK(fe_eq_bn(&o, w));
        /* negate(a, ka), then weak normalisation, then a product */
        sk_fe52_negate(&t, &a, (uint64_t)ka);
        sk_fe52_normalize_weak(&t);
        sk_fe52_mul(&r, &t, &b);
        sk_fe52_to4(&o, &r);
        BN_mod_sub(w, P, A, P, ctx);
        BN_mod_mul(w, w, B, P, ctx);
        CHECK(fe_eq_bn(&o, w));
        /* half of a magnitude-(ka) value */
        t = a;
        sk_fe52_half(&t);
        sk_fe52_to4(&o, &t);
        BN_mod_mul(w, A, half, P, ctx);
        CHECK(fe_eq_bn(&o, w));
        /* equality and zero tests modulo p */
        sk_fe52_negate(&t, &a, (uint64_t)ka);
        sk_fe52_add(&t, &a);
        CHECK(sk_fe52_is_zero_var(&t));
        CHECK(sk_fe52_equal_var(&a, &a));
        CHECK(sk_fe52_equal_var(&a, &b) == (BN_cmp(A, B) == 0));
    }
    BN_free(A);
    BN_free(B);
    BN_free(x);
    BN_free(w);
    BN_free(half);
}

static void test_group(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 0x6a0);
    sl_secp256k1_gej G, t, u;
    sl_secp256k1_gej_set_ge(&G, &sl_secp256k1_g);
    CHECK(sl_secp256k1_ge_on_curve_var(&sl_secp256k1_g));
    /* lambda G == (beta Gx, Gy); beta^3 == 1; lambda^3 == 1. */
    sl_secp256k1_ecmult_ref_var(&t, &G, &sl_secp256k1_sc_lambda);
    sl_secp256k1_ge lg = sl_secp256k1_g;
    sl_secp256k1_fe_mul(&lg.x, &lg.x, &sl_secp256k1_beta);
    sl_secp256k1_gej_set_ge(&u, &lg);
    CHECK(gej_eq(&t, &u));
    sl_secp256k1_fe b3;
    sl_secp256k1_fe_sqr(&b3, &sl_secp256k1_beta);
    sl_secp256k1_fe_mul(&b3, &b3, &sl_secp256k1_beta);
    CHECK(b3.v[0] == 1 && b3.v[1] == 0 && b3.v[2] == 0 && b3.v[3] == 0);
    /* n G = O, (n-1) G = -G; P + P == 2P, P + (-P) == O in every adder. */
    sl_secp256k1_sc k;
    sl_secp256k1_sc_set_u64(&k, 1);
    sl_secp256k1_sc_neg(&k, &k);
    sl_secp256k1_ecmult_ref_var(&t, &G, &k);
    sl_secp256k1_gej_add_var(&u, &t, &G);
    CHECK(u.inf);
    sl_secp256k1_gej_add_ge_var(&u, &t, &sl_secp256k1_g);
    CHECK(u.inf);
    sl_secp256k1_gej_double_var(&t, &G);
    sl_secp256k1_gej_add_var(&u, &G, &G);
    CHECK(gej_eq(&t, &u));
    sl_secp256k1_gej_add_ge_var(&u, &G, &sl_secp256k1_g);
    CHECK(gej_eq(&t, &u));
    /* The fixed table: entry k == (2k + 1) G. */
    const sl_secp256k1_ge *gt = sl_secp256k1_g_table();
    for (int i = 0; i < 40; i++) {
        size_t e = i < 20 ? (size_t)i : (size_t)(tu_rng_next(&rng) % SL_SECP256K1_G_TABLE);
        if (i == 39) e = SL_SECP256K1_G_TABLE - 1;
        sl_secp256k1_sc_set_u64(&k, 2 * e + 1);
        sl_secp256k1_ecmult_ref_var(&t, &G, &k);
        sl_secp256k1_gej_set_ge(&u, &gt[e]);
        CHECK(gej_eq(&t, &u));
    }
    for (int it = 0; it < 300; it++) {
        sl_secp256k1_sc k1, k2, a, b;
        rand_scalar(&rng, &k);
        if (it == 0) sl_secp256k1_sc_set_u64(&k, 0);
        /* split: k1 + lambda k2 == k, halves below 2^128 */
        sl_secp256k1_sc128 h1, h2;
        sl_secp256k1_split128(&h1, &h2, &k);
        sc128_to_sc(&k1, &h1);
        sc128_to_sc(&k2, &h2);
        sl_secp256k1_sc_mul(&a, &k2, &sl_secp256k1_sc_lambda);
        sl_secp256k1_sc_add(&a, &a, &k1);
        CHECK(sl_secp256k1_sc_equal(&a, &k));
        /* wNAF reconstructs the magnitude, digits odd and bounded. */
        int w = 2 + it % 15, naf[130];
        int len = sl_secp256k1_wnaf_var(naf, h1.v, w);
        sl_secp256k1_sc acc, two, dg;
        sl_secp256k1_sc_set_u64(&acc, 0);
        sl_secp256k1_sc_set_u64(&two, 2);
        int ok = 1;
        for (int i = len - 1; i >= 0; i--) {
            sl_secp256k1_sc_mul(&acc, &acc, &two);
            if (naf[i]) {
                ok &= (naf[i] & 1) && naf[i] < (1 << (w - 1)) && naf[i] > -(1 << (w - 1));
                sl_secp256k1_sc_set_u64(&dg, (uint64_t)(naf[i] < 0 ? -naf[i] : naf[i]));
                if (naf[i] < 0) sl_secp256k1_sc_neg(&dg, &dg);
                sl_secp256k1_sc_add(&acc, &acc, &dg);
            }
        }
        CHECK(ok);
        b.v[0] = h1.v[0];
        b.v[1] = h1.v[1];
        b.v[2] = b.v[3] = 0;
        CHECK(sl_secp256k1_sc_equal(&acc, &b));
        /* Strauss: kp P + kg G against double-and-add, P = x G random. */
        if (it < 60) {
            sl_secp256k1_sc x, kg;
            rand_scalar(&rng, &x);
            rand_scalar(&rng, &kg);
            if (it == 1) kg = k;          /* k P + k G with P = G below: doubling case */
            if (it == 2) sl_secp256k1_sc_neg(&kg, &k);  /* k P - k G = O */
            if (it <= 2) sl_secp256k1_sc_set_u64(&x, 1);
            sl_secp256k1_gej Pj, r1, r2, r3;
            sl_secp256k1_ecmult_ref_var(&Pj, &G, &x);
            sl_secp256k1_ge Pa, tab[64];
            sl_secp256k1_ge_set_gej_var(&Pa, &Pj);
            sl_secp256k1_fe zg;
            int wp = 2 + it % 7;
            sl_secp256k1_odd_multiples_var(tab, &zg, &Pa, (size_t)1 << (wp - 2));
            sl_secp256k1_ecmult_var(&r1, tab, &zg, wp, &k, &kg);
            sl_secp256k1_ecmult_ref_var(&r2, &Pj, &k);
            sl_secp256k1_ecmult_ref_var(&r3, &G, &kg);
            sl_secp256k1_gej_add_var(&r2, &r2, &r3);
            CHECK(gej_eq(&r1, &r2));
            if (it == 2) CHECK(r1.inf);
        }
    }
    /* MSM against the sum of double-and-add products, sizes through the
     * Strauss / Pippenger thresholds, with repeated and opposite points. */
    static const size_t sizes[] = {1, 2, 3, 7, 31, 32, 100, 130, 600, 2000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        sl_secp256k1_ge *pts = malloc(n * sizeof *pts);
        uint64_t (*kk)[2] = malloc(n * sizeof *kk);
        sl_secp256k1_gej want, r;
        want.inf = 1;
        for (size_t i = 0; i < n; i++) {
            sl_secp256k1_sc x, ks;
            rand_scalar(&rng, &x);
            sl_secp256k1_gej Pj, q;
            sl_secp256k1_ecmult_ref_var(&Pj, &G, &x);
            sl_secp256k1_ge_set_gej_var(&pts[i], &Pj);
            if (i % 5 == 3) pts[i] = pts[i - 1];
            if (i % 7 == 4) {
                pts[i] = pts[i - 1];
                sl_secp256k1_fe_neg(&pts[i].y, &pts[i].y);
            }
            kk[i][0] = tu_rng_next(&rng);
            kk[i][1] = tu_rng_next(&rng);
            if (i % 11 == 5) kk[i][1] = 0;
            if (i % 13 == 6) kk[i][0] = kk[i][1] = UINT64_MAX;
            if (i % 17 == 7) kk[i][0] = kk[i][1] = 0;
            ks.v[0] = kk[i][0];
            ks.v[1] = kk[i][1];
            ks.v[2] = ks.v[3] = 0;
            sl_secp256k1_gej_set_ge(&Pj, &pts[i]);
            sl_secp256k1_ecmult_ref_var(&q, &Pj, &ks);
            sl_secp256k1_gej_add_var(&want, &want, &q);
        }
        CHECK(sl_secp256k1_msm_var(&r, pts, (const uint64_t (*)[2])kk, n));
        CHECK(gej_eq(&r, &want));
        /* The same through a plan split into tasks: set in three ranges,
         * tasks run last first with one scratch, any number of parts
         * (more than the window's buckets included). */
        static const int parts[] = {1, 2, 3, 5, 64, 100000};
        for (size_t pl = 0; pl < 2 * sizeof parts / sizeof parts[0]; pl++) {
            size_t pp = pl / 2;
            sl_secp256k1_msm_plan *plan = sl_secp256k1_msm_plan_new(n, parts[pp]);
            CHECK(plan != NULL);
            if (!plan) continue;
            /* the additions on the IFMA lanes where the CPU has them, and
             * on the scalar reference */
            int lanes = sl_secp256k1_msm_plan_lanes(plan, (int)(pl % 2));
            CHECK(lanes == 0 || pl % 2 == 1);
            if (pl == 1 && s == 0)
                printf("msm plan: additions on %s\n", lanes ? "eight IFMA lanes" : "the scalar code");
            sl_secp256k1_msm_plan_set(plan, 2 * n / 3, n, pts, (const uint64_t (*)[2])kk);
            sl_secp256k1_msm_plan_set(plan, 0, n / 3, pts, (const uint64_t (*)[2])kk);
            sl_secp256k1_msm_plan_set(plan, n / 3, 2 * n / 3, pts, (const uint64_t (*)[2])kk);
            sl_secp256k1_msm_scratch scr = {NULL, 0};
            size_t nt = sl_secp256k1_msm_plan_tasks(plan);
            CHECK(nt >= (size_t)(parts[pp] < 16 ? parts[pp] : 16));
            for (size_t tk = nt; tk-- > 0;) CHECK(sl_secp256k1_msm_plan_run(plan, tk, &scr));
            sl_secp256k1_msm_plan_finish(&r, plan);
            CHECK(gej_eq(&r, &want));
            sl_secp256k1_msm_scratch_free(&scr);
            sl_secp256k1_msm_plan_free(plan);
        }
        /* Appending -(sum) as one more point gives O. */
        if (!want.inf) {
            sl_secp256k1_ge *p2 = malloc((n + 1) * sizeof *p2);
            uint64_t (*k2)[2] = malloc((n + 1) * sizeof *k2);
            memcpy(p2, pts, n * sizeof *pts);
            memcpy(k2, kk, n * sizeof *kk);
            sl_secp256k1_ge_set_gej_var(&p2[n], &want);
            sl_secp256k1_fe_neg(&p2[n].y, &p2[n].y);
            k2[n][0] = 1;
            k2[n][1] = 0;
            CHECK(sl_secp256k1_msm_var(&r, p2, (const uint64_t (*)[2])k2, n + 1));
            CHECK(r.inf);
            free(p2);
            free(k2);
        }
        free(pts);
        free(kk);
    }
}

int main(void) {
    ctx = BN_CTX_new();
    P = BN_new();
    N = BN_new();
    BN_hex2bn(&P, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F");
    BN_hex2bn(&N, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
    test_fe_edges();
    test_fe_random();
    test_fe_sqr_carry_edges();
    test_fe_batch_inv();
    test_sc_edges();
    test_sc_random();
    test_fe52_magnitudes();
    test_group();
    BN_free(P);
    BN_free(N);
    BN_CTX_free(ctx);
    return tu_finish("test_ec_secp256k1");
}
