/* secp256k1 field (mod p) and scalar (mod n) arithmetic against OpenSSL BIGNUM:
 * edge values (0, 1, 2, p-1, p, p+1, 2^256-1, all-ones limbs, n-1, n, ...) and
 * 20,000 random inputs per operation, biased toward the top of the range; sqrt
 * on squares and non-squares; batch_inv vs single inv with zeros; 512-bit
 * scalar reduction. */
#include "../../engine/ec/secp256k1_field.h"
#include "../../engine/ec/secp256k1_scalar.h"
#include "testutil.h"
#include <openssl/bn.h>
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
    BN_free(P);
    BN_free(N);
    BN_CTX_free(ctx);
    return tu_finish("test_ec_secp256k1");
}
