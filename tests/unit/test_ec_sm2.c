/* SM2 (sm2p256v1) field and scalar arithmetic (engine/ec/sm2_field.c,
 * sm2_scalar.c) against OpenSSL BIGNUM: random inputs (uniform and with
 * limbs drawn from edge patterns) for every operation, edge values (0, 1, 2,
 * p-1, p, p+1, 2^256-1, all-ones limbs), canonical-encoding rejection,
 * sqrt on squares and non-squares, batch_inv vs inv (with zeros), and scalar
 * reduction of 256- and 512-bit values mod n. */
#include "../../engine/ec/sm2_field.h"
#include "../../engine/ec/sm2_scalar.h"
#include "testutil.h"
#include <openssl/bn.h>
#include <openssl/err.h>
#include <string.h>

#define ITERS 20000

static const char *P_HEX = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF";
static const char *N_HEX = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123";

static BN_CTX *ctx;
static BIGNUM *bn_p, *bn_n;

/* Limb patterns that stress carries and the reduction. */
static uint64_t edge_limb(tu_rng *r) {
    static const uint64_t pat[] = {
        0, 1, 2, 0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFF00000000ULL, 0x00000000FFFFFFFFULL,
        0xFFFFFFFEFFFFFFFFULL, 0x8000000000000000ULL, 0xFFFFFFFFFFFFFFFEULL
    };
    uint64_t k = tu_rng_next(r);
    if ((k & 3) == 0) return tu_rng_next(r);
    return pat[(k >> 2) % (sizeof pat / sizeof pat[0])];
}

/* 32 random big-endian bytes: uniform for even i, edge-pattern limbs for odd i. */
static void rand_b32(tu_rng *r, uint8_t out[32], int i) {
    if ((i & 1) == 0) { tu_rng_bytes(r, out, 32); return; }
    for (int l = 0; l < 4; l++) {
        uint64_t x = edge_limb(r);
        for (int j = 0; j < 8; j++) out[l * 8 + j] = (uint8_t)(x >> (56 - 8 * j));
    }
}

/* A random canonical field element (bytes below p), with its bytes. */
static void rand_fe(tu_rng *r, sl_sm2_fe *a, uint8_t b[32], int i) {
    do rand_b32(r, b, i); while (!sl_sm2_fe_set_b32(a, b));
}

static void rand_sc(tu_rng *r, sl_sm2_sc *a, uint8_t b[32], int i) {
    do rand_b32(r, b, i); while (sl_sm2_sc_set_b32(a, b));
}

static BIGNUM *bn_of(const uint8_t *b, int len) {
    return BN_bin2bn(b, len, NULL);
}

static void bn_to_b32(uint8_t out[32], const BIGNUM *x) {
    CHECK(BN_bn2binpad(x, out, 32) == 32);
}

static void hex_to_b32(uint8_t out[32], const char *hex) {
    BIGNUM *x = NULL;
    BN_hex2bn(&x, hex);
    bn_to_b32(out, x);
    BN_free(x);
}

/* ---- field ---------------------------------------------------------------- */

static void test_fe_encoding(void) {
    uint8_t b[32], out[32];
    sl_sm2_fe a;
    struct { const char *hex; int ok; } cases[] = {
        {"0", 1}, {"1", 1}, {"2", 1},
        {"FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFE", 1}, /* p-1 */
        {"FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", 0}, /* p */
        {"FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF000000010000000000000000", 0}, /* p+1 */
        {"FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", 0}, /* 2^256-1 */
        {"FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF", 1}, /* all-ones limbs, < p */
        {"FFFFFFFF00000000000000000000000000000000000000000000000000000000", 0}, /* > p, top limb */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        BIGNUM *x = NULL;
        BN_hex2bn(&x, cases[i].hex);
        bn_to_b32(b, x);
        int want = BN_cmp(x, bn_p) < 0;
        CHECK(want == cases[i].ok); /* the table itself is right */
        memset(&a, 0xAB, sizeof a);
        int ok = sl_sm2_fe_set_b32(&a, b);
        CHECK(ok == want);
        if (ok) {
            sl_sm2_fe_get_b32(out, &a);
            CHECK_MEM(out, b, 32);
        } else {
            CHECK(sl_sm2_fe_is_zero(&a));
        }
        BN_free(x);
    }
    /* p + 1 exactly */
    BIGNUM *x = BN_dup(bn_p);
    BN_add_word(x, 1);
    bn_to_b32(b, x);
    CHECK(sl_sm2_fe_set_b32(&a, b) == 0);
    BN_free(x);
    sl_sm2_fe_set_u64(&a, 0xFFFFFFFFFFFFFFFFULL);
    sl_sm2_fe_get_b32(out, &a);
    uint8_t want[32] = {0};
    memset(want + 24, 0xFF, 8);
    CHECK_MEM(out, want, 32);
}

enum fe_op { FE_ADD, FE_SUB, FE_MUL, FE_SQR, FE_NEG, FE_MULSMALL, FE_INV };

/* Runs ITERS random cases of op and compares with BN. */
static void test_fe_op(enum fe_op op, uint64_t seed) {
    tu_rng r;
    tu_rng_seed(&r, seed);
    BIGNUM *want = BN_new();
    int bad = 0;
    for (int i = 0; i < ITERS; i++) {
        uint8_t ab[32], bb[32], got[32], exp[32];
        sl_sm2_fe a, b, c;
        rand_fe(&r, &a, ab, i);
        rand_fe(&r, &b, bb, i >> 1);
        uint32_t m = (uint32_t)tu_rng_next(&r);
        if (i % 7 == 0) m = 0xFFFFFFFFu;
        BIGNUM *x = bn_of(ab, 32), *y = bn_of(bb, 32);
        switch (op) {
        case FE_ADD: sl_sm2_fe_add(&c, &a, &b); BN_mod_add(want, x, y, bn_p, ctx); break;
        case FE_SUB: sl_sm2_fe_sub(&c, &a, &b); BN_mod_sub(want, x, y, bn_p, ctx); break;
        case FE_MUL: sl_sm2_fe_mul(&c, &a, &b); BN_mod_mul(want, x, y, bn_p, ctx); break;
        case FE_SQR: sl_sm2_fe_sqr(&c, &a); BN_mod_mul(want, x, x, bn_p, ctx); break;
        case FE_NEG: sl_sm2_fe_neg(&c, &a); BN_mod_sub(want, bn_p, x, bn_p, ctx); break;
        case FE_MULSMALL:
            sl_sm2_fe_mul_small(&c, &a, m);
            BN_set_word(y, m);
            BN_mod_mul(want, x, y, bn_p, ctx);
            break;
        case FE_INV:
            sl_sm2_fe_inv(&c, &a);
            if (BN_is_zero(x)) BN_zero(want);
            else CHECK(BN_mod_inverse(want, x, bn_p, ctx) != NULL);
            break;
        }
        sl_sm2_fe_get_b32(got, &c);
        bn_to_b32(exp, want);
        if (memcmp(got, exp, 32) != 0 && bad++ < 3) {
            fprintf(stderr, "fe op %d mismatch at i=%d\n", (int)op, i);
            tu_dump("  a   ", ab, 32);
            tu_dump("  b   ", bb, 32);
            tu_dump("  got ", got, 32);
            tu_dump("  want", exp, 32);
        }
        BN_free(x);
        BN_free(y);
    }
    tu_checks++;
    if (bad) tu_failures++;
    BN_free(want);
}

/* Every pair of edge values through add/sub/mul/sqr/inv vs BN. */
static void test_fe_edges(void) {
    const char *hex[] = {
        "0", "1", "2", "3",
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFE", /* p-1 */
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFD", /* p-2 */
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF",
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFF00000000",
        "7FFFFFFF7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF800000007FFFFFFFFFFFFFFF", /* (p-1)/2 */
        "8000000000000000000000000000000000000000000000000000000000000000",
        "FFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
        "100000000000000000000000000000000000000000000000000000000",
    };
    size_t nh = sizeof hex / sizeof hex[0];
    BIGNUM *w = BN_new();
    for (size_t i = 0; i < nh; i++) {
        for (size_t j = 0; j < nh; j++) {
            uint8_t ab[32], bb[32], got[32], exp[32];
            sl_sm2_fe a, b, c;
            hex_to_b32(ab, hex[i]);
            hex_to_b32(bb, hex[j]);
            CHECK(sl_sm2_fe_set_b32(&a, ab) == 1);
            CHECK(sl_sm2_fe_set_b32(&b, bb) == 1);
            BIGNUM *x = bn_of(ab, 32), *y = bn_of(bb, 32);
            sl_sm2_fe_add(&c, &a, &b); BN_mod_add(w, x, y, bn_p, ctx);
            sl_sm2_fe_get_b32(got, &c); bn_to_b32(exp, w); CHECK_MEM(got, exp, 32);
            sl_sm2_fe_sub(&c, &a, &b); BN_mod_sub(w, x, y, bn_p, ctx);
            sl_sm2_fe_get_b32(got, &c); bn_to_b32(exp, w); CHECK_MEM(got, exp, 32);
            sl_sm2_fe_mul(&c, &a, &b); BN_mod_mul(w, x, y, bn_p, ctx);
            sl_sm2_fe_get_b32(got, &c); bn_to_b32(exp, w); CHECK_MEM(got, exp, 32);
            CHECK(sl_sm2_fe_equal(&a, &b) == (i == j));
            BN_free(x);
            BN_free(y);
        }
        uint8_t ab[32], got[32], exp[32];
        sl_sm2_fe a, c;
        hex_to_b32(ab, hex[i]);
        sl_sm2_fe_set_b32(&a, ab);
        BIGNUM *x = bn_of(ab, 32);
        sl_sm2_fe_sqr(&c, &a); BN_mod_sqr(w, x, bn_p, ctx);
        sl_sm2_fe_get_b32(got, &c); bn_to_b32(exp, w); CHECK_MEM(got, exp, 32);
        sl_sm2_fe_inv(&c, &a);
        if (BN_is_zero(x)) CHECK(sl_sm2_fe_is_zero(&c));
        else {
            BN_mod_inverse(w, x, bn_p, ctx);
            sl_sm2_fe_get_b32(got, &c); bn_to_b32(exp, w); CHECK_MEM(got, exp, 32);
        }
        CHECK(sl_sm2_fe_is_odd(&a) == BN_is_odd(x));
        CHECK(sl_sm2_fe_is_zero(&a) == BN_is_zero(x));
        BN_free(x);
    }
    BN_free(w);
}

static void test_fe_sqrt(void) {
    tu_rng r;
    tu_rng_seed(&r, 0x5172);
    BIGNUM *w = BN_new();
    int bad = 0, squares = 0, nonsquares = 0;
    for (int i = 0; i < ITERS; i++) {
        uint8_t ab[32], got[32], exp[32];
        sl_sm2_fe a, s, root, neg, chk;
        rand_fe(&r, &a, ab, i);
        /* a^2 always has a root, equal to a or -a. */
        sl_sm2_fe_sqr(&s, &a);
        int ok = sl_sm2_fe_sqrt(&root, &s);
        sl_sm2_fe_neg(&neg, &a);
        if (!ok || !(sl_sm2_fe_equal(&root, &a) || sl_sm2_fe_equal(&root, &neg))) bad++;
        /* -a^2 is a non-square for a != 0, since -1 is one (p = 3 mod 4). */
        sl_sm2_fe_neg(&s, &s);
        ok = sl_sm2_fe_sqrt(&root, &s);
        if (ok != sl_sm2_fe_is_zero(&a)) bad++;
        /* a itself vs BN_mod_sqrt. */
        BIGNUM *x = bn_of(ab, 32);
        ok = sl_sm2_fe_sqrt(&root, &a);
        BIGNUM *res = BN_mod_sqrt(w, x, bn_p, ctx);
        ERR_clear_error();
        if ((res != NULL) != ok) bad++;
        if (ok) {
            squares++;
            sl_sm2_fe_sqr(&chk, &root);
            if (!sl_sm2_fe_equal(&chk, &a)) bad++;
            bn_to_b32(exp, w);
            sl_sm2_fe_get_b32(got, &root);
            if (memcmp(got, exp, 32) != 0) {
                BN_sub(w, bn_p, w);
                bn_to_b32(exp, w);
                if (!BN_is_zero(x) && memcmp(got, exp, 32) != 0) bad++;
            }
        } else nonsquares++;
        BN_free(x);
    }
    if (bad) fprintf(stderr, "sqrt: %d mismatches\n", bad);
    CHECK(bad == 0);
    CHECK(squares > ITERS / 4 && nonsquares > ITERS / 4);
    sl_sm2_fe z, rz;
    sl_sm2_fe_set_u64(&z, 0);
    CHECK(sl_sm2_fe_sqrt(&rz, &z) == 1 && sl_sm2_fe_is_zero(&rz));
    BN_free(w);
}

static void test_fe_batch_inv(void) {
    enum { N = 67 };
    tu_rng r;
    tu_rng_seed(&r, 0xBA7C);
    sl_sm2_fe a[N], out[N];
    for (int rep = 0; rep < 20; rep++) {
        for (int i = 0; i < N; i++) {
            uint8_t b[32];
            rand_fe(&r, &a[i], b, i + rep);
            if ((tu_rng_next(&r) % 5) == 0 || (rep == 0 && i == 0) || (rep == 1 && i == N - 1))
                sl_sm2_fe_set_u64(&a[i], 0);
        }
        if (rep == 2) for (int i = 0; i < N; i++) sl_sm2_fe_set_u64(&a[i], 0);
        int n = rep == 3 ? 1 : N;
        sl_sm2_fe_batch_inv(out, a, (size_t)n);
        for (int i = 0; i < n; i++) {
            sl_sm2_fe want;
            sl_sm2_fe_inv(&want, &a[i]);
            CHECK(sl_sm2_fe_equal(&out[i], &want));
        }
    }
    sl_sm2_fe_batch_inv(out, a, 0); /* no-op */
}

static void test_fe_cmov(void) {
    sl_sm2_fe a, b, c;
    sl_sm2_fe_set_u64(&a, 5);
    sl_sm2_fe_set_u64(&b, 7);
    c = a;
    sl_sm2_fe_cmov(&c, &b, 0);
    CHECK(sl_sm2_fe_equal(&c, &a));
    sl_sm2_fe_cmov(&c, &b, 1);
    CHECK(sl_sm2_fe_equal(&c, &b));
    CHECK(!sl_sm2_fe_equal(&a, &b));
    CHECK(sl_sm2_fe_is_odd(&a) && !sl_sm2_fe_is_zero(&a));
}

/* ---- scalar --------------------------------------------------------------- */

static void test_sc_encoding(void) {
    tu_rng r;
    tu_rng_seed(&r, 0x5C01);
    BIGNUM *w = BN_new();
    int bad = 0;
    const char *edges[] = {
        "0", "1", "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54122",
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123",
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54124",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    };
    const int edge_over[] = {0, 0, 0, 1, 1, 1, 1};
    for (int i = 0; i < (int)(sizeof edges / sizeof edges[0]) + ITERS; i++) {
        uint8_t b[32], got[32], exp[32];
        int ne = (int)(sizeof edges / sizeof edges[0]);
        if (i < ne) hex_to_b32(b, edges[i]);
        else rand_b32(&r, b, i);
        BIGNUM *x = bn_of(b, 32);
        sl_sm2_sc s;
        int over = sl_sm2_sc_set_b32(&s, b);
        if (i < ne) CHECK(over == edge_over[i]);
        if (over != (BN_cmp(x, bn_n) >= 0)) bad++;
        BN_nnmod(w, x, bn_n, ctx);
        sl_sm2_sc_get_b32(got, &s);
        bn_to_b32(exp, w);
        if (memcmp(got, exp, 32) != 0) bad++;
        BN_free(x);
    }
    /* 512-bit reduction: edges then random. */
    for (int i = 0; i < ITERS + 4; i++) {
        uint8_t b[64], got[32], exp[32];
        if (i == 0) memset(b, 0, 64);
        else if (i == 1) memset(b, 0xFF, 64);
        else if (i == 2) { memset(b, 0, 64); hex_to_b32(b + 32, N_HEX); }
        else if (i == 3) { hex_to_b32(b, N_HEX); hex_to_b32(b + 32, N_HEX); }
        else { rand_b32(&r, b, i); rand_b32(&r, b + 32, i >> 1); }
        BIGNUM *x = bn_of(b, 64);
        sl_sm2_sc s;
        sl_sm2_sc_set_b64(&s, b);
        BN_nnmod(w, x, bn_n, ctx);
        sl_sm2_sc_get_b32(got, &s);
        bn_to_b32(exp, w);
        if (memcmp(got, exp, 32) != 0) {
            if (bad++ < 3) tu_dump("b64 in", b, 64);
        }
        BN_free(x);
    }
    if (bad) fprintf(stderr, "scalar encoding: %d mismatches\n", bad);
    CHECK(bad == 0);
    BN_free(w);
}

enum sc_op { SC_ADD, SC_SUB, SC_NEG, SC_MUL, SC_INV };

static void test_sc_op(enum sc_op op, uint64_t seed) {
    tu_rng r;
    tu_rng_seed(&r, seed);
    BIGNUM *want = BN_new();
    int bad = 0;
    for (int i = 0; i < ITERS; i++) {
        uint8_t ab[32], bb[32], got[32], exp[32];
        sl_sm2_sc a, b, c;
        rand_sc(&r, &a, ab, i);
        rand_sc(&r, &b, bb, i >> 1);
        if (i == 0) { hex_to_b32(ab, "0"); sl_sm2_sc_set_b32(&a, ab); }
        if (i == 1) {
            hex_to_b32(ab, "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54122");
            memcpy(bb, ab, 32);
            sl_sm2_sc_set_b32(&a, ab);
            sl_sm2_sc_set_b32(&b, bb);
        }
        BIGNUM *x = bn_of(ab, 32), *y = bn_of(bb, 32);
        switch (op) {
        case SC_ADD: sl_sm2_sc_add(&c, &a, &b); BN_mod_add(want, x, y, bn_n, ctx); break;
        case SC_SUB: sl_sm2_sc_sub(&c, &a, &b); BN_mod_sub(want, x, y, bn_n, ctx); break;
        case SC_NEG: sl_sm2_sc_neg(&c, &a); BN_mod_sub(want, bn_n, x, bn_n, ctx); break;
        case SC_MUL: sl_sm2_sc_mul(&c, &a, &b); BN_mod_mul(want, x, y, bn_n, ctx); break;
        case SC_INV:
            sl_sm2_sc_inv(&c, &a);
            if (BN_is_zero(x)) BN_zero(want);
            else CHECK(BN_mod_inverse(want, x, bn_n, ctx) != NULL);
            break;
        }
        sl_sm2_sc_get_b32(got, &c);
        bn_to_b32(exp, want);
        if (memcmp(got, exp, 32) != 0 && bad++ < 3) {
            fprintf(stderr, "sc op %d mismatch at i=%d\n", (int)op, i);
            tu_dump("  got ", got, 32);
            tu_dump("  want", exp, 32);
        }
        CHECK(sl_sm2_sc_is_zero(&a) == BN_is_zero(x));
        CHECK(sl_sm2_sc_equal(&a, &b) == (BN_cmp(x, y) == 0));
        BN_free(x);
        BN_free(y);
    }
    tu_checks++;
    if (bad) tu_failures++;
    BN_free(want);
}

int main(void) {
    ctx = BN_CTX_new();
    bn_p = NULL;
    bn_n = NULL;
    BN_hex2bn(&bn_p, P_HEX);
    BN_hex2bn(&bn_n, N_HEX);
    test_fe_encoding();
    test_fe_edges();
    test_fe_op(FE_ADD, 1);
    test_fe_op(FE_SUB, 2);
    test_fe_op(FE_MUL, 3);
    test_fe_op(FE_SQR, 4);
    test_fe_op(FE_NEG, 5);
    test_fe_op(FE_MULSMALL, 6);
    test_fe_op(FE_INV, 7);
    test_fe_sqrt();
    test_fe_batch_inv();
    test_fe_cmov();
    test_sc_encoding();
    test_sc_op(SC_ADD, 11);
    test_sc_op(SC_SUB, 12);
    test_sc_op(SC_NEG, 13);
    test_sc_op(SC_MUL, 14);
    test_sc_op(SC_INV, 15);
    BN_free(bn_p);
    BN_free(bn_n);
    BN_CTX_free(ctx);
    return tu_finish("test_ec_sm2");
}
