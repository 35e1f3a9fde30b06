/* The fast paths of the secp256k1 code against OpenSSL BIGNUM:
 *  - 5x52 mul / sqr (secp256k1_fe52_impl.h) on inputs of every magnitude up
 *    to 8, written with non-canonical limbs (multiples of p added limb by
 *    limb, 2^52 borrowed between limbs), and random and edge values;
 *  - the variable-time zero test on representations of 0, p and their
 *    neighbours;
 *  - the safegcd inversion (secp256k1_modinv.h) against BN_mod_inverse and
 *    the Fermat inversion, on random values and edge values (0, 1, 2, p - 1,
 *    p - 2, powers of two, (p + 1)/2, values with all-ones limbs);
 *  - lift_x against BN_mod_sqrt, including x with no point, one at a time
 *    and many at once (sl_secp256k1_ge_set_x_even_many_var), and the
 *    multi-lane square roots (4 interleaved, 8 on AVX-512 IFMA) against the
 *    one-lane chain;
 *  - wNAF recoding on scalars with long zero runs, every window;
 *  - the affine-bucket multi-scalar multiplication on inputs that force its
 *    rare paths: equal points in a bucket (affine doubling) and opposite
 *    points (a pair that vanishes), against double-and-add;
 *  - sl_bip340_key_prepare_many (batched lifts) against the one-key prepare;
 *  - the one-shot Strauss (sl_secp256k1_ecmult_point_var) against
 *    double-and-add. */
#include "../../engine/ec/secp256k1_field.h"
#include "../../engine/ec/secp256k1_scalar.h"
#include "../../engine/ec/secp256k1_group.h"
#include "../../engine/ec/secp256k1_fe52_impl.h"
#include "../../engine/ec/secp256k1_modinv.h"
#include "../../engine/sig/bip340_sig.h"
#include "../../engine/sig/sig_internal.h"
#include "testutil.h"
#include <openssl/bn.h>
#include <string.h>

#define N_RANDOM 5000

static BN_CTX *ctx;
static BIGNUM *P;

static void fe_to_bn(BIGNUM *bn, const sl_secp256k1_fe *a) {
    uint8_t b[32];
    sl_secp256k1_fe_get_b32(b, a);
    BN_bin2bn(b, 32, bn);
}

static void bn_to_fe(sl_secp256k1_fe *a, const BIGNUM *bn) {
    uint8_t b[32];
    if (BN_bn2binpad(bn, b, 32) != 32) memset(b, 0, 32);
    CHECK(sl_secp256k1_fe_set_b32(a, b));
}

/* A value mod p: random bytes, or (one time in three) a structured edge. */
static void rand_value(tu_rng *r, BIGNUM *bn) {
    uint8_t b[32];
    tu_rng_bytes(r, b, 32);
    switch (tu_rng_next(r) % 9) {
    case 0: /* p - small */
        BN_copy(bn, P);
        BN_sub_word(bn, 1 + tu_rng_next(r) % 2000);
        return;
    case 1: /* small */
        BN_set_word(bn, tu_rng_next(r) % 2000);
        return;
    case 2: /* all-ones 64-bit limbs */
        for (int i = 0; i < 4; i++)
            if (tu_rng_next(r) & 1) memset(b + 8 * i, 0xFF, 8);
        break;
    default:
        break;
    }
    BN_bin2bn(b, 32, bn);
    BN_nnmod(bn, bn, P, ctx);
}

/* x in 5x52 limbs with magnitude m (1..8), the same value mod p: canonical
 * limbs plus j <= m - 1 times 2p limb by limb, then random borrows of 2^52
 * from the limb above (value unchanged, limbs within 2m (2^52 - 1)). */
static void spread(tu_rng *r, sk_fe52 *out, const sl_secp256k1_fe *x, uint64_t m) {
    sk_fe52_from4(out, x);
    uint64_t j = tu_rng_next(r) % m;
    if (tu_rng_next(r) % 4 == 0)
        j = m - 1; /* the largest multiple most of the time at the edge */
    const uint64_t pl[5] = {SK_P0, SK_P1, SK_P1, SK_P1, SK_P4};
    for (int i = 0; i < 5; i++) out->n[i] += 2 * j * pl[i];
    for (int i = 0; i < 4; i++) {
        uint64_t lim = 2 * m * SK_M52;
        if ((tu_rng_next(r) & 1) && out->n[i + 1] > 0 && out->n[i] + (SK_M52 + 1) <= lim) {
            out->n[i + 1] -= 1;
            out->n[i] += SK_M52 + 1;
        }
    }
}

static void check_fe52_value(const sk_fe52 *a, const BIGNUM *want) {
    sl_secp256k1_fe got;
    sk_fe52_to4(&got, a);
    BIGNUM *g = BN_new();
    fe_to_bn(g, &got);
    CHECK(BN_cmp(g, want) == 0);
    BN_free(g);
}

static void test_mul_sqr(tu_rng *r) {
    BIGNUM *a = BN_new(), *b = BN_new(), *w = BN_new();
    for (int it = 0; it < N_RANDOM; it++) {
        rand_value(r, a);
        rand_value(r, b);
        sl_secp256k1_fe fa, fb;
        bn_to_fe(&fa, a);
        bn_to_fe(&fb, b);
        uint64_t ma = 1 + tu_rng_next(r) % 8, mb = 1 + tu_rng_next(r) % 8;
        sk_fe52 xa, xb, t;
        spread(r, &xa, &fa, ma);
        spread(r, &xb, &fb, mb);
        BN_mod_mul(w, a, b, P, ctx);
        sk_fe52_mul(&t, &xa, &xb);
        check_fe52_value(&t, w);
        /* The output (magnitude 1) feeds another product. */
        sk_fe52_mul(&t, &t, &xb);
        BN_mod_mul(w, w, b, P, ctx);
        check_fe52_value(&t, w);
        BN_mod_sqr(w, a, P, ctx);
        sk_fe52_sqr(&t, &xa);
        check_fe52_value(&t, w);
        sk_fe52_sqr(&t, &t);
        BN_mod_sqr(w, w, P, ctx);
        check_fe52_value(&t, w);
        /* Limb bound of the output: magnitude 1. */
        CHECK(t.n[0] <= 2 * SK_M52 && t.n[1] <= 2 * SK_M52 && t.n[2] <= 2 * SK_M52 &&
              t.n[3] <= 2 * SK_M52 && t.n[4] <= 2 * SK_M48);
    }
    /* The largest limbs allowed (magnitude 8) in every position. */
    sk_fe52 big;
    for (int i = 0; i < 4; i++) big.n[i] = 16 * SK_M52;
    big.n[4] = 16 * SK_M48;
    BN_zero(a);
    for (int i = 4; i >= 0; i--) {
        BN_lshift(a, a, 52);
        BIGNUM *limb = BN_new();
        BN_set_word(limb, big.n[i]);
        BN_add(a, a, limb);
        BN_free(limb);
    }
    BN_nnmod(a, a, P, ctx);
    sk_fe52 t;
    sk_fe52_mul(&t, &big, &big);
    BN_mod_sqr(w, a, P, ctx);
    check_fe52_value(&t, w);
    sk_fe52_sqr(&t, &big);
    check_fe52_value(&t, w);
    BN_free(a);
    BN_free(b);
    BN_free(w);
}

static void test_is_zero(tu_rng *r) {
    sl_secp256k1_fe zero = {{0, 0, 0, 0}}, one = {{1, 0, 0, 0}}, pm1;
    sl_secp256k1_fe_neg(&pm1, &one); /* p - 1 */
    for (uint64_t m = 1; m <= 8; m++) {
        for (int it = 0; it < 200; it++) {
            sk_fe52 x;
            spread(r, &x, &zero, m);
            CHECK(sk_fe52_is_zero_var(&x));
            spread(r, &x, &one, m);
            CHECK(!sk_fe52_is_zero_var(&x));
            spread(r, &x, &pm1, m);
            CHECK(!sk_fe52_is_zero_var(&x));
        }
    }
    /* p itself, limb exact, and p +- 1, 2p, with large magnitudes. */
    sk_fe52 x = {{SK_P0, SK_P1, SK_P1, SK_P1, SK_P4}};
    CHECK(sk_fe52_is_zero_var(&x));
    x.n[0] += 1;
    CHECK(!sk_fe52_is_zero_var(&x));
    x.n[0] -= 2;
    CHECK(!sk_fe52_is_zero_var(&x));
    sk_fe52 y = {{0, 0, 0, 0, 0}};
    sk_fe52_negate(&y, &y, 7); /* 16 p limb by limb: zero at magnitude 16 */
    CHECK(sk_fe52_is_zero_var(&y));
}

static void test_inv_var(tu_rng *r) {
    BIGNUM *a = BN_new(), *w = BN_new(), *g = BN_new();
    /* Edge values. */
    BIGNUM *edges[12];
    for (int i = 0; i < 12; i++) edges[i] = BN_new();
    BN_set_word(edges[0], 1);
    BN_set_word(edges[1], 2);
    BN_copy(edges[2], P);
    BN_sub_word(edges[2], 1);
    BN_copy(edges[3], P);
    BN_sub_word(edges[3], 2);
    BN_set_word(edges[4], 1);
    BN_lshift(edges[4], edges[4], 255);
    BN_copy(edges[5], P);
    BN_add_word(edges[5], 1);
    BN_rshift1(edges[5], edges[5]); /* (p + 1)/2 = 1/2 */
    BN_set_word(edges[6], 0x1000003D1ULL);
    BN_set_word(edges[7], 1);
    BN_lshift(edges[7], edges[7], 62);
    BN_set_word(edges[8], 1);
    BN_lshift(edges[8], edges[8], 248);
    BN_set_word(edges[9], 3);
    BN_one(edges[10]);
    BN_lshift(edges[10], edges[10], 256);
    BN_sub_word(edges[10], 1);
    BN_nnmod(edges[10], edges[10], P, ctx); /* 2^256 - 1 mod p */
    BN_set_word(edges[11], 7);
    for (int i = 0; i < 12 + N_RANDOM; i++) {
        if (i < 12)
            BN_copy(a, edges[i]);
        else
            rand_value(r, a);
        sl_secp256k1_fe fa, fi, ff;
        bn_to_fe(&fa, a);
        sl_secp256k1_fe_inv_var(&fi, &fa);
        if (BN_is_zero(a)) {
            CHECK(sl_secp256k1_fe_is_zero(&fi));
            continue;
        }
        CHECK(BN_mod_inverse(w, a, P, ctx) != NULL);
        fe_to_bn(g, &fi);
        CHECK(BN_cmp(g, w) == 0);
        sl_secp256k1_fe_inv(&ff, &fa);
        CHECK(sl_secp256k1_fe_equal(&ff, &fi));
        /* Aliased output. */
        sl_secp256k1_fe_inv_var(&fa, &fa);
        CHECK(sl_secp256k1_fe_equal(&fa, &fi));
    }
    sl_secp256k1_fe z = {{0, 0, 0, 0}}, zi;
    sl_secp256k1_fe_inv_var(&zi, &z);
    CHECK(sl_secp256k1_fe_is_zero(&zi));
    for (int i = 0; i < 12; i++) BN_free(edges[i]);
    BN_free(a);
    BN_free(w);
    BN_free(g);
}

static void test_lift_x(tu_rng *r) {
    BIGNUM *x = BN_new(), *c = BN_new(), *y = BN_new(), *g = BN_new();
    int found = 0, missing = 0;
    for (int it = 0; it < 2000; it++) {
        rand_value(r, x);
        BN_mod_sqr(c, x, P, ctx);
        BN_mod_mul(c, c, x, P, ctx);
        BN_add_word(c, 7);
        BN_nnmod(c, c, P, ctx);
        sl_secp256k1_fe fx;
        bn_to_fe(&fx, x);
        sl_secp256k1_ge pt;
        int ok = sl_secp256k1_ge_set_x_even_var(&pt, &fx);
        int sq = BN_kronecker(c, P, ctx) >= 0;
        CHECK(ok == sq);
        if (!ok) {
            missing++;
            continue;
        }
        found++;
        CHECK(BN_mod_sqrt(y, c, P, ctx) != NULL);
        if (BN_is_odd(y)) BN_sub(y, P, y);
        fe_to_bn(g, &pt.y);
        CHECK(BN_cmp(g, y) == 0);
        CHECK(sl_secp256k1_fe_equal(&pt.x, &fx));
    }
    CHECK(found > 500 && missing > 500);
    BN_free(x);
    BN_free(c);
    BN_free(y);
    BN_free(g);
}

static int gej_same(const sl_secp256k1_gej *a, const sl_secp256k1_gej *b) {
    if (a->inf || b->inf) return a->inf == b->inf;
    sl_secp256k1_ge x, y;
    sl_secp256k1_ge_set_gej_var(&x, a);
    sl_secp256k1_ge_set_gej_var(&y, b);
    return sl_secp256k1_fe_equal(&x.x, &y.x) && sl_secp256k1_fe_equal(&x.y, &y.y);
}

static void test_lift_many(tu_rng *r) {
    enum { M = 59 }; /* groups of eight, then four, then a tail of three */
    sl_secp256k1_fe xs[M];
    sl_secp256k1_ge got[M];
    int ok[M];
    BIGNUM *x = BN_new();
    for (int i = 0; i < M; i++) {
        rand_value(r, x);
        bn_to_fe(&xs[i], x);
    }
    sl_secp256k1_ge_set_x_even_many_var(got, ok, xs, M);
    for (int i = 0; i < M; i++) {
        sl_secp256k1_ge want;
        int w = sl_secp256k1_ge_set_x_even_var(&want, &xs[i]);
        CHECK(ok[i] == w);
        if (w) CHECK(sl_secp256k1_fe_equal(&got[i].x, &want.x) && sl_secp256k1_fe_equal(&got[i].y, &want.y));
    }
    BN_free(x);
}

/* The multi-lane square roots (4 interleaved; 8 on AVX-512 IFMA when the
 * processor has it) against the one-lane chain, on squares and non-squares
 * of every magnitude up to 8, and on 0. */
static void test_sqrt_lanes(tu_rng *r) {
    BIGNUM *v = BN_new();
    int have8 = sl_secp256k1_fe52_sqrt8_supported();
    printf("sqrt8 on AVX-512 IFMA: %s\n", have8 ? "yes" : "no (plain loop)");
    for (int it = 0; it < 150; it++) {
        sk_fe52 a[8], r8[8], r4[8], r1;
        int ok8[8], ok4[8];
        for (int j = 0; j < 8; j++) {
            sl_secp256k1_fe f;
            rand_value(r, v);
            if (it == 0 && j == 0) BN_zero(v);
            if ((j & 1) && !(it & 3)) BN_mod_sqr(v, v, P, ctx); /* certainly a square */
            bn_to_fe(&f, v);
            spread(r, &a[j], &f, 1 + tu_rng_next(r) % 8);
        }
        sl_secp256k1_fe52_sqrt8(r8, ok8, a);
        sl_secp256k1_fe52_sqrt4(r4, ok4, a);
        sl_secp256k1_fe52_sqrt4(r4 + 4, ok4 + 4, a + 4);
        for (int j = 0; j < 8; j++) {
            int ok1 = sl_secp256k1_fe52_sqrt(&r1, &a[j]);
            sl_secp256k1_fe w, g8, g4;
            sk_fe52_to4(&w, &r1);
            sk_fe52_to4(&g8, &r8[j]);
            sk_fe52_to4(&g4, &r4[j]);
            CHECK(ok8[j] == ok1 && ok4[j] == ok1);
            CHECK(sl_secp256k1_fe_equal(&g8, &w) && sl_secp256k1_fe_equal(&g4, &w));
        }
    }
    BN_free(v);
}

/* wNAF on magnitudes with long zero runs (whole zero 64-bit words, the top
 * bit alone, all ones), every window 2..16: digits odd and bounded, nonzero
 * digits at least w apart, and sum d_i 2^i == k (mod 2^128; the value is
 * below 2^129 by the length bound). */
static void test_wnaf_edges(tu_rng *r) {
    const uint64_t edge[][2] = {{0, 0}, {1, 0}, {2, 0}, {1ULL << 63, 0}, {0, 1}, {1, 1},
                                {0, 1ULL << 63}, {UINT64_MAX, UINT64_MAX}, {UINT64_MAX, 0},
                                {0, UINT64_MAX}, {1ULL << 40, 1ULL << 20}, {3, 1ULL << 62}};
    const int nedge = (int)(sizeof edge / sizeof edge[0]);
    for (int it = 0; it < nedge + 200; it++) {
        uint64_t k[2];
        if (it < nedge) {
            k[0] = edge[it][0];
            k[1] = edge[it][1];
        } else {
            k[0] = tu_rng_next(r) & (tu_rng_next(r) | (0 - (tu_rng_next(r) & 1)));
            k[1] = (tu_rng_next(r) & 3) ? 0 : tu_rng_next(r) >> (tu_rng_next(r) % 64);
        }
        for (int w = 2; w <= 16; w++) {
            int naf[130];
            int len = sl_secp256k1_wnaf_var(naf, k, w);
            unsigned __int128 acc = 0, want = ((unsigned __int128)k[1] << 64) | k[0];
            int ok = len >= 0 && len <= 130, last = -1000;
            for (int i = len; i < 130; i++) ok &= naf[i] == 0;
            for (int i = len - 1; i >= 0 && ok; i--) {
                acc <<= 1;
                if (!naf[i]) continue;
                ok &= (naf[i] & 1) && naf[i] < (1 << (w - 1)) && naf[i] > -(1 << (w - 1));
                ok &= last - i >= w || last < 0;
                last = i;
                acc += (unsigned __int128)(__int128)naf[i];
            }
            CHECK(ok && acc == want);
            CHECK((len == 0) == (k[0] == 0 && k[1] == 0));
        }
    }
}

/* sl_bip340_key_prepare_many against sl_bip340_key_prepare, key by key:
 * random x (about half are on the curve), x = 0 (not on the curve), x >= p,
 * NULL and wrong lengths, over several chunks of the batched lift. */
static void test_key_prepare_many(tu_rng *r) {
    enum { M = 150 };
    static uint8_t pubs[M][32];
    static _Alignas(64) uint8_t many[M][sizeof(sl_bip340_key)];
    static _Alignas(64) uint8_t one[sizeof(sl_bip340_key)];
    const uint8_t *pp[M];
    size_t lens[M];
    void *keys[M];
    sluice_sig_status st[M];
    for (int i = 0; i < M; i++) {
        tu_rng_bytes(r, pubs[i], 32);
        pp[i] = pubs[i];
        lens[i] = 32;
        keys[i] = many[i];
        memset(many[i], 0xA5, sizeof many[i]);
        if (i == 5) memset(pubs[i], 0, 32);     /* x = 0: 7 is not a square */
        if (i == 6) memset(pubs[i], 0xFF, 32);  /* x >= p */
        if (i == 7) pp[i] = NULL;
        if (i == 8) lens[i] = 31;
    }
    sl_bip340_key_prepare_many(keys, pp, lens, M, st);
    int valid = 0;
    for (int i = 0; i < M; i++) {
        sluice_sig_status want = sl_bip340_key_prepare(one, pp[i], lens[i]);
        CHECK(st[i] == want);
        if (want != SLUICE_SIG_VALID) continue;
        valid++;
        const sl_bip340_key *a = (const sl_bip340_key *)many[i], *b = (const sl_bip340_key *)one;
        CHECK(sl_secp256k1_fe_equal(&a->pub.x, &b->pub.x) && sl_secp256k1_fe_equal(&a->pub.y, &b->pub.y));
        CHECK(memcmp(a->pk, b->pk, 32) == 0 && a->window == b->window && a->window == 0);
    }
    CHECK(valid > 40 && valid < M - 40);
    CHECK(st[5] == SLUICE_SIG_BAD_PUBKEY && st[6] == SLUICE_SIG_BAD_PUBKEY &&
          st[7] == SLUICE_SIG_BAD_PUBKEY && st[8] == SLUICE_SIG_BAD_PUBKEY);
}

/* A random scalar: random bytes, reduced. */
static void rand_sc(tu_rng *r, sl_secp256k1_sc *k) {
    uint8_t b[32];
    tu_rng_bytes(r, b, 32);
    sl_secp256k1_sc_set_b32(k, b);
}

/* sl_secp256k1_ecmult_point_var (one-shot table in 5x52) against plain
 * double-and-add, including kp = 0, kg = 0, P = G with kp = kg (a doubling
 * inside the loop) and kp = -kg (the result at infinity). */
static void test_ecmult_point(tu_rng *r) {
    for (int it = 0; it < 40; it++) {
        sl_secp256k1_sc x, kp, kg;
        rand_sc(r, &x);
        rand_sc(r, &kp);
        rand_sc(r, &kg);
        if (it < 4) sl_secp256k1_sc_set_u64(&x, 1); /* P = G */
        if (it == 0) kg = kp;
        if (it == 1) sl_secp256k1_sc_neg(&kg, &kp);
        if (it == 2) sl_secp256k1_sc_set_u64(&kp, 0);
        if (it == 3) sl_secp256k1_sc_set_u64(&kg, 0);
        sl_secp256k1_gej gj, pj, want, t;
        sl_secp256k1_gej_set_ge(&gj, &sl_secp256k1_g);
        sl_secp256k1_ecmult_ref_var(&pj, &gj, &x);
        sl_secp256k1_ge p;
        CHECK(sl_secp256k1_ge_set_gej_var(&p, &pj));
        sl_secp256k1_gej_set_ge(&pj, &p);
        sl_secp256k1_ecmult_ref_var(&want, &pj, &kp);
        sl_secp256k1_ecmult_ref_var(&t, &gj, &kg);
        sl_secp256k1_gej_add_var(&want, &want, &t);
        sl_secp256k1_gej got;
        sl_secp256k1_ecmult_point_var(&got, &p, &kp, &kg);
        CHECK(gej_same(&got, &want));
        if (it == 1) CHECK(got.inf);
    }
}

/* sum k[i] pts[i] by double-and-add, the reference for the MSM. */
static void msm_ref(sl_secp256k1_gej *want, const sl_secp256k1_ge *pts, const uint64_t (*k)[2], size_t n) {
    want->inf = 1;
    for (size_t i = 0; i < n; i++) {
        sl_secp256k1_sc ks = {{k[i][0], k[i][1], 0, 0}};
        sl_secp256k1_gej pj, q;
        sl_secp256k1_gej_set_ge(&pj, &pts[i]);
        sl_secp256k1_ecmult_ref_var(&q, &pj, &ks);
        sl_secp256k1_gej_add_var(want, want, &q);
    }
}

static void test_msm_affine_edges(tu_rng *r) {
    enum { M = 300 }; /* above the affine-bucket threshold */
    static sl_secp256k1_ge pts[M];
    static uint64_t k[M][2];
    sl_secp256k1_gej want, got;
    sl_secp256k1_ge p = sl_secp256k1_g, np = sl_secp256k1_g;
    sl_secp256k1_fe_neg(&np.y, &np.y);
    /* 1: one point, one scalar: every bucket holds copies of one point. */
    uint64_t k0 = tu_rng_next(r), k1 = tu_rng_next(r) >> 8;
    for (int i = 0; i < M; i++) {
        pts[i] = p;
        k[i][0] = k0;
        k[i][1] = k1;
    }
    CHECK(sl_secp256k1_msm_var(&got, pts, (const uint64_t (*)[2])k, M));
    msm_ref(&want, pts, (const uint64_t (*)[2])k, M);
    CHECK(gej_same(&got, &want));
    /* 2: P and -P alternating with equal scalars: everything cancels. */
    for (int i = 0; i < M; i++) pts[i] = (i & 1) ? np : p;
    CHECK(sl_secp256k1_msm_var(&got, pts, (const uint64_t (*)[2])k, M));
    CHECK(got.inf);
    /* 3: a few distinct points, each repeated, mixed signs, random scalars
     * drawn from a small set so buckets collide often. */
    sl_secp256k1_ge base[4];
    base[0] = p;
    for (int j = 1; j < 4; j++) {
        sl_secp256k1_gej t;
        sl_secp256k1_gej_set_ge(&t, &base[j - 1]);
        sl_secp256k1_gej_double_var(&t, &t);
        sl_secp256k1_ge_set_gej_var(&base[j], &t);
    }
    uint64_t ks[3][2] = {{tu_rng_next(r), tu_rng_next(r)}, {tu_rng_next(r), 0}, {5, 1}};
    for (int i = 0; i < M; i++) {
        pts[i] = base[tu_rng_next(r) % 4];
        if (tu_rng_next(r) & 1) sl_secp256k1_fe_neg(&pts[i].y, &pts[i].y);
        int s = (int)(tu_rng_next(r) % 3);
        k[i][0] = ks[s][0];
        k[i][1] = ks[s][1];
    }
    CHECK(sl_secp256k1_msm_var(&got, pts, (const uint64_t (*)[2])k, M));
    msm_ref(&want, pts, (const uint64_t (*)[2])k, M);
    CHECK(gej_same(&got, &want));
}

int main(void) {
    ctx = BN_CTX_new();
    P = BN_new();
    BN_hex2bn(&P, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F");
    tu_rng r;
    tu_rng_seed(&r, 0x5ec9256b1fa57ULL);
    test_mul_sqr(&r);
    test_is_zero(&r);
    test_inv_var(&r);
    test_lift_x(&r);
    test_wnaf_edges(&r);
    test_sqrt_lanes(&r);
    test_lift_many(&r);
    test_msm_affine_edges(&r);
    test_key_prepare_many(&r);
    test_ecmult_point(&r);
    BN_free(P);
    BN_CTX_free(ctx);
    return tu_finish("test_secp256k1_fast");
}
