/* The SM2 field's fast paths (engine/ec/sm2_field_impl.h: Montgomery
 * multiplication with the shift-only reduction, ADC/SBB-intrinsic carries)
 * and the group code built on them (engine/ec/sm2_group.c), against simple
 * references on thousands of random and edge inputs:
 *   - the raw limb operations (Montgomery mul/sqr, add, sub, neg) of the
 *     library (x86-64: intrinsic carries) against this file's copy of the
 *     header compiled with SL_SM2_PORTABLE_CARRY (unsigned __int128 carries)
 *     and against OpenSSL BIGNUM (a b R^-1 mod p, R = 2^256);
 *   - the conversions at the API edge (set_b32 / set_u64 / get_b32 / is_odd
 *     and the Montgomery-form limbs they produce, x R mod p);
 *   - the Montgomery-form curve constants b, G against GM/T 0003.5;
 *   - point doubling, mixed and Jacobian addition (including a = b,
 *     a = -b and O), the odd-multiple tables on both of their paths, the
 *     affine conversion and the Strauss multi-multiplication (over the
 *     fixed-base tables and a key's odd-multiple table) against OpenSSL's
 *     EC_POINT arithmetic on the SM2 curve. */
#define SL_SM2_PORTABLE_CARRY 1
#include "../../engine/ec/sm2_field_impl.h"
#include "../../engine/ec/sm2_group.h"
#include "testutil.h"
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <string.h>

#define ITERS 5000

static const char *P_HEX = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF";

static BN_CTX *ctx;
static BIGNUM *bn_p, *bn_r, *bn_rinv; /* p, R mod p, R^-1 mod p */

static BIGNUM *bn_of_limbs(const uint64_t v[4]) {
    uint8_t b[32];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) b[(3 - i) * 8 + j] = (uint8_t)(v[i] >> (56 - 8 * j));
    return BN_bin2bn(b, 32, NULL);
}

static void limbs_of_bn(uint64_t v[4], const BIGNUM *x) {
    uint8_t b[32];
    CHECK(BN_bn2binpad(x, b, 32) == 32);
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++) w = (w << 8) | b[(3 - i) * 8 + j];
        v[i] = w;
    }
}

/* Limbs below p: edge values for i < 8 (0, 1, 2, p-1, p-2, R mod p,
 * 2^255, 2^224 - 1), then random limbs or limbs drawn from edge patterns,
 * redrawn until below p. */
static void rand_limbs(tu_rng *r, uint64_t v[4], int i) {
    static const uint64_t pat[] = {
        0, 1, 2, 0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFF00000000ULL, 0x00000000FFFFFFFFULL,
        0xFFFFFFFEFFFFFFFFULL, 0x8000000000000000ULL, 0xFFFFFFFFFFFFFFFEULL
    };
    switch (i) {
    case 0: v[0] = v[1] = v[2] = v[3] = 0; return;
    case 1: v[0] = 1; v[1] = v[2] = v[3] = 0; return;
    case 2: v[0] = 2; v[1] = v[2] = v[3] = 0; return;
    case 3: memcpy(v, SM2_P, 32); v[0] -= 1; return;
    case 4: memcpy(v, SM2_P, 32); v[0] -= 2; return;
    case 5: memcpy(v, SM2_FE_ONE.v, 32); return;
    case 6: v[0] = v[1] = v[2] = 0; v[3] = 0x8000000000000000ULL; return;
    case 7: v[0] = v[1] = v[2] = ~(uint64_t)0; v[3] = 0xFFFFFFFFULL; return;
    default: break;
    }
    for (;;) {
        for (int l = 0; l < 4; l++) {
            uint64_t k = tu_rng_next(r);
            v[l] = (i & 1) ? pat[k % (sizeof pat / sizeof pat[0])] : tu_rng_next(r);
        }
        /* below p? */
        int below = 0;
        for (int l = 3; l >= 0; l--) {
            if (v[l] != SM2_P[l]) { below = v[l] < SM2_P[l]; break; }
        }
        if (below) return;
    }
}

enum op { OP_MUL, OP_SQR, OP_ADD, OP_SUB, OP_NEG };

/* Library (sl_sm2_fe_*), portable inline copy and BIGNUM on raw limbs. */
static void test_raw_op(enum op op, uint64_t seed) {
    tu_rng r;
    tu_rng_seed(&r, seed);
    BIGNUM *want = BN_new();
    int bad = 0;
    for (int i = 0; i < ITERS; i++) {
        sl_sm2_fe a, b, lib, port;
        rand_limbs(&r, a.v, i < 64 ? i % 8 : i + 8);
        rand_limbs(&r, b.v, i < 64 ? i / 8 : i + 9);
        BIGNUM *x = bn_of_limbs(a.v), *y = bn_of_limbs(b.v);
        switch (op) {
        case OP_MUL:
            sl_sm2_fe_mul(&lib, &a, &b);
            sm2_fe_mul_inl(&port, &a, &b);
            BN_mod_mul(want, x, y, bn_p, ctx);
            BN_mod_mul(want, want, bn_rinv, bn_p, ctx);
            break;
        case OP_SQR:
            sl_sm2_fe_sqr(&lib, &a);
            sm2_fe_sqr_inl(&port, &a);
            BN_mod_mul(want, x, x, bn_p, ctx);
            BN_mod_mul(want, want, bn_rinv, bn_p, ctx);
            break;
        case OP_ADD:
            sl_sm2_fe_add(&lib, &a, &b);
            sm2_fe_add_inl(&port, &a, &b);
            BN_mod_add(want, x, y, bn_p, ctx);
            break;
        case OP_SUB:
            sl_sm2_fe_sub(&lib, &a, &b);
            sm2_fe_sub_inl(&port, &a, &b);
            BN_mod_sub(want, x, y, bn_p, ctx);
            break;
        case OP_NEG:
            sl_sm2_fe_neg(&lib, &a);
            sm2_fe_neg_inl(&port, &a);
            BN_mod_sub(want, bn_p, x, bn_p, ctx);
            break;
        }
        uint64_t w[4];
        limbs_of_bn(w, want);
        if ((memcmp(lib.v, w, 32) != 0 || memcmp(port.v, w, 32) != 0) && bad++ < 3)
            fprintf(stderr, "op %d mismatch at i=%d\n", (int)op, i);
        BN_free(x);
        BN_free(y);
    }
    CHECK(bad == 0);
    BN_free(want);
}

/* set_b32 / set_u64 store x R mod p; get_b32 and is_odd read the plain value. */
static void test_conversions(void) {
    tu_rng r;
    tu_rng_seed(&r, 0xC0417);
    BIGNUM *want = BN_new();
    int bad = 0;
    for (int i = 0; i < ITERS; i++) {
        uint64_t v[4], w[4];
        uint8_t b[32], back[32];
        rand_limbs(&r, v, i);
        BIGNUM *x = bn_of_limbs(v);
        CHECK(BN_bn2binpad(x, b, 32) == 32);
        sl_sm2_fe a;
        if (!sl_sm2_fe_set_b32(&a, b)) bad++;
        BN_mod_mul(want, x, bn_r, bn_p, ctx);
        limbs_of_bn(w, want);
        if (memcmp(a.v, w, 32) != 0) bad++;
        sl_sm2_fe_get_b32(back, &a);
        if (memcmp(back, b, 32) != 0) bad++;
        if (sl_sm2_fe_is_odd(&a) != (int)(v[0] & 1)) bad++;
        /* set_u64 of the low limb */
        sl_sm2_fe u;
        sl_sm2_fe_set_u64(&u, v[0]);
        BN_set_word(x, v[0]);
        BN_mod_mul(want, x, bn_r, bn_p, ctx);
        limbs_of_bn(w, want);
        if (memcmp(u.v, w, 32) != 0) bad++;
        BN_free(x);
    }
    CHECK(bad == 0);
    sl_sm2_fe one;
    sl_sm2_fe_set_u64(&one, 1);
    CHECK(memcmp(one.v, SM2_FE_ONE.v, 32) == 0);
    /* 2^256 - 1 and p are not canonical. */
    uint8_t ff[32];
    memset(ff, 0xFF, 32);
    sl_sm2_fe a;
    CHECK(sl_sm2_fe_set_b32(&a, ff) == 0 && sl_sm2_fe_is_zero(&a));
    BN_free(want);
}

static void hex32(uint8_t out[32], const char *hex) {
    BIGNUM *x = NULL;
    CHECK(BN_hex2bn(&x, hex) > 0);
    CHECK(BN_bn2binpad(x, out, 32) == 32);
    BN_free(x);
}

static void test_constants(void) {
    uint8_t got[32], want[32];
    sl_sm2_fe_get_b32(got, &sl_sm2_curve_b);
    hex32(want, "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93");
    CHECK_MEM(got, want, 32);
    sl_sm2_fe_get_b32(got, &sl_sm2_gen.x);
    hex32(want, "32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7");
    CHECK_MEM(got, want, 32);
    sl_sm2_fe_get_b32(got, &sl_sm2_gen.y);
    hex32(want, "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0");
    CHECK_MEM(got, want, 32);
    CHECK(sl_sm2_ge_on_curve_var(&sl_sm2_gen));
}

/* ---- group vs OpenSSL ------------------------------------------------------ */

static EC_GROUP *grp;

/* Affine bytes of an OpenSSL point (x ‖ y), 0 if at infinity. */
static int ossl_xy(uint8_t out[64], const EC_POINT *pt) {
    if (EC_POINT_is_at_infinity(grp, pt))
        return 0;
    BIGNUM *x = BN_new(), *y = BN_new();
    CHECK(EC_POINT_get_affine_coordinates(grp, pt, x, y, ctx));
    CHECK(BN_bn2binpad(x, out, 32) == 32 && BN_bn2binpad(y, out + 32, 32) == 32);
    BN_free(x);
    BN_free(y);
    return 1;
}

/* Affine bytes of our Jacobian point, 0 if at infinity. */
static int our_xy(uint8_t out[64], const sl_sm2_gej *a) {
    if (a->inf)
        return 0;
    sl_sm2_ge g;
    CHECK(sl_sm2_ge_set_all_gej_var(&g, a, 1));
    sl_sm2_fe_get_b32(out, &g.x);
    sl_sm2_fe_get_b32(out + 32, &g.y);
    return 1;
}

static void ge_of_ossl(sl_sm2_ge *g, const EC_POINT *pt) {
    uint8_t xy[64];
    CHECK(ossl_xy(xy, pt));
    CHECK(sl_sm2_fe_set_b32(&g->x, xy) && sl_sm2_fe_set_b32(&g->y, xy + 32));
}

static void rand_scalar(tu_rng *r, BIGNUM *k, uint8_t b[32]) {
    tu_rng_bytes(r, b, 32);
    BN_bin2bn(b, 32, k);
    BN_nnmod(k, k, EC_GROUP_get0_order(grp), ctx);
    CHECK(BN_bn2binpad(k, b, 32) == 32);
}

static void limbs_of_b32(uint64_t v[4], const uint8_t b[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++) w = (w << 8) | b[(3 - i) * 8 + j];
        v[i] = w;
    }
}

/* Doubling and mixed addition, including the a = b, a = -b and a = O cases. */
static void test_point_ops(void) {
    tu_rng r;
    tu_rng_seed(&r, 0x6E0);
    BIGNUM *k = BN_new();
    EC_POINT *pa = EC_POINT_new(grp), *pb = EC_POINT_new(grp), *pc = EC_POINT_new(grp);
    int bad = 0;
    for (int i = 0; i < 200; i++) {
        uint8_t kb[32], got[64], want[64];
        rand_scalar(&r, k, kb);
        CHECK(EC_POINT_mul(grp, pa, k, NULL, NULL, ctx));
        rand_scalar(&r, k, kb);
        CHECK(EC_POINT_mul(grp, pb, k, NULL, NULL, ctx));
        if (i == 1) CHECK(EC_POINT_copy(pb, pa));                          /* a = b */
        if (i == 2) { CHECK(EC_POINT_copy(pb, pa)); CHECK(EC_POINT_invert(grp, pb, ctx)); } /* a = -b */
        sl_sm2_ge ga, gb;
        ge_of_ossl(&ga, pa);
        ge_of_ossl(&gb, pb);
        /* a in a non-trivial Jacobian form: 2a computed as a + a via doubling of (a). */
        sl_sm2_gej ja, jr;
        sl_sm2_gej_set_ge(&ja, &ga);
        sl_sm2_gej_double_var(&jr, &ja);
        CHECK(EC_POINT_dbl(grp, pc, pa, ctx));
        int oi = our_xy(got, &jr), wi = ossl_xy(want, pc);
        if (oi != wi || (oi && memcmp(got, want, 64) != 0)) bad++;
        /* (2a) + b with 2a Jacobian (Z != 1). */
        sl_sm2_gej_add_ge_var(&jr, &jr, &gb);
        CHECK(EC_POINT_add(grp, pc, pc, pb, ctx));
        oi = our_xy(got, &jr);
        wi = ossl_xy(want, pc);
        if (oi != wi || (oi && memcmp(got, want, 64) != 0)) bad++;
        /* a + b with a affine-as-Jacobian: covers a = b and a = -b (i = 1, 2). */
        sl_sm2_gej_add_ge_var(&jr, &ja, &gb);
        CHECK(EC_POINT_add(grp, pc, pa, pb, ctx));
        oi = our_xy(got, &jr);
        wi = ossl_xy(want, pc);
        if (oi != wi || (oi && memcmp(got, want, 64) != 0)) bad++;
        if (i == 2) CHECK(jr.inf == 1);
        /* Jacobian + Jacobian: (2a) + (2b), both with Z != 1; covers
         * 2a = 2b and 2a = -2b (i = 1, 2) and O on either side. */
        sl_sm2_gej jb, j2a, j2b;
        sl_sm2_gej_set_ge(&jb, &gb);
        sl_sm2_gej_double_var(&j2a, &ja);
        sl_sm2_gej_double_var(&j2b, &jb);
        sl_sm2_gej_add_var(&jr, &j2a, &j2b);
        CHECK(EC_POINT_dbl(grp, pc, pa, ctx));
        CHECK(EC_POINT_dbl(grp, pb, pb, ctx));
        CHECK(EC_POINT_add(grp, pc, pc, pb, ctx));
        oi = our_xy(got, &jr);
        wi = ossl_xy(want, pc);
        if (oi != wi || (oi && memcmp(got, want, 64) != 0)) bad++;
        if (i == 2) CHECK(jr.inf == 1);
        sl_sm2_gej_add_var(&j2a, &j2a, &j2b); /* aliasing r = a */
        CHECK(j2a.inf == jr.inf && (jr.inf || (sl_sm2_fe_equal(&j2a.x, &jr.x) &&
                                               sl_sm2_fe_equal(&j2a.y, &jr.y) &&
                                               sl_sm2_fe_equal(&j2a.z, &jr.z))));
        sl_sm2_gej o2 = {.inf = 1};
        sl_sm2_gej_add_var(&jr, &o2, &j2b);
        CHECK(our_xy(got, &jr) && ossl_xy(want, pb) && memcmp(got, want, 64) == 0);
        sl_sm2_gej_add_var(&jr, &j2b, &o2);
        CHECK(our_xy(got, &jr) && memcmp(got, want, 64) == 0);
    }
    /* O + b = b */
    sl_sm2_gej o = {.inf = 1}, jr;
    sl_sm2_gej_add_ge_var(&jr, &o, &sl_sm2_gen);
    uint8_t got[64], gx[32];
    CHECK(our_xy(got, &jr));
    sl_sm2_fe_get_b32(gx, &sl_sm2_gen.x);
    CHECK_MEM(got, gx, 32);
    CHECK(bad == 0);
    EC_POINT_free(pa);
    EC_POINT_free(pb);
    EC_POINT_free(pc);
    BN_free(k);
}

/* sl_sm2_odd_multiples_var on its one-inversion path (one base, 8 and 16
 * points) and its mixed-addition path (8 bases x 16 points, as the key
 * upgrade uses it) against OpenSSL's (2i + 1) B. */
static void test_odd_multiples(void) {
    tu_rng r;
    tu_rng_seed(&r, 0x0DD);
    BIGNUM *k = BN_new(), *m = BN_new();
    EC_POINT *pb = EC_POINT_new(grp), *pw = EC_POINT_new(grp);
    static const size_t shapes[3][2] = {{1, 8}, {1, 16}, {8, 16}};
    int bad = 0;
    for (int sh = 0; sh < 3; sh++) {
        size_t nb = shapes[sh][0], count = shapes[sh][1];
        sl_sm2_gej bases[8];
        sl_sm2_ge out[128];
        EC_POINT *bp[8];
        for (size_t b = 0; b < nb; b++) {
            uint8_t kb[32];
            rand_scalar(&r, k, kb);
            bp[b] = EC_POINT_new(grp);
            CHECK(EC_POINT_mul(grp, bp[b], k, NULL, NULL, ctx));
            sl_sm2_ge g;
            ge_of_ossl(&g, bp[b]);
            /* give the base a Z != 1: 2 (g / 2) is not available, so use
             * the doubling of a point and compare against 2 k G. */
            sl_sm2_gej_set_ge(&bases[b], &g);
            if ((b + (size_t)sh) & 1) { /* shape 1: a lone base with Z != 1 */
                sl_sm2_gej_double_var(&bases[b], &bases[b]);
                CHECK(EC_POINT_dbl(grp, bp[b], bp[b], ctx));
            }
        }
        sl_sm2_odd_multiples_var(out, bases, nb, count);
        for (size_t b = 0; b < nb; b++) {
            for (size_t i = 0; i < count; i++) {
                uint8_t want[64], got[64];
                BN_set_word(m, 2 * i + 1);
                CHECK(EC_POINT_mul(grp, pw, NULL, bp[b], m, ctx));
                CHECK(ossl_xy(want, pw));
                sl_sm2_fe_get_b32(got, &out[b * count + i].x);
                sl_sm2_fe_get_b32(got + 32, &out[b * count + i].y);
                if (memcmp(got, want, 64) != 0) bad++;
            }
            EC_POINT_free(bp[b]);
        }
    }
    CHECK(bad == 0);
    EC_POINT_free(pb);
    EC_POINT_free(pw);
    BN_free(k);
    BN_free(m);
}

/* s G + t P through the Strauss code, with the eight fixed-base tables for
 * s (32-bit chunks, window SL_SM2_GEN_WINDOW) and a width-5 odd-multiple
 * table of P for t, as the verifier uses them. */
static void test_strauss(void) {
    tu_rng r;
    tu_rng_seed(&r, 0x57A55);
    BIGNUM *s = BN_new(), *t = BN_new(), *d = BN_new();
    EC_POINT *pp = EC_POINT_new(grp), *want_pt = EC_POINT_new(grp);
    int bad = 0;
    for (int i = 0; i < 40; i++) {
        uint8_t sb[32], tb[32], db[32], got[64], want[64];
        rand_scalar(&r, d, db);
        rand_scalar(&r, s, sb);
        rand_scalar(&r, t, tb);
        if (i == 0) { BN_zero(s); memset(sb, 0, 32); }
        if (i == 1) { BN_zero(t); memset(tb, 0, 32); }
        if (i == 2) { /* s = n - 1 */
            BN_sub(s, EC_GROUP_get0_order(grp), BN_value_one());
            CHECK(BN_bn2binpad(s, sb, 32) == 32);
        }
        CHECK(EC_POINT_mul(grp, pp, d, NULL, NULL, ctx));
        if (i == 3) { /* t P = -s G: the sum is O */
            CHECK(EC_POINT_mul(grp, pp, BN_value_one(), NULL, NULL, ctx));
            BN_sub(t, EC_GROUP_get0_order(grp), s);
            CHECK(BN_bn2binpad(t, tb, 32) == 32);
        }
        CHECK(EC_POINT_mul(grp, want_pt, s, pp, t, ctx));

        sl_sm2_ge p, tab[8];
        ge_of_ossl(&p, pp);
        sl_sm2_gej pj;
        sl_sm2_gej_set_ge(&pj, &p);
        sl_sm2_odd_multiples_var(tab, &pj, 1, 8);
        uint64_t sl[4], tl[4];
        limbs_of_b32(sl, sb);
        limbs_of_b32(tl, tb);
        int16_t dg[SL_SM2_GEN_SPLIT][SL_SM2_GEN_CHUNK + 1], dp[257];
        sl_sm2_stream st[SL_SM2_GEN_SPLIT + 1];
        for (int k = 0; k < SL_SM2_GEN_SPLIT; k++) {
            uint64_t chunk[4];
            sl_sm2_scalar_chunk(chunk, sl, k);
            st[k].digits = dg[k];
            st[k].len = sl_sm2_wnaf_var(dg[k], chunk, SL_SM2_GEN_CHUNK, SL_SM2_GEN_WINDOW);
            st[k].table = sl_sm2_gen_table(k);
        }
        st[SL_SM2_GEN_SPLIT].digits = dp;
        st[SL_SM2_GEN_SPLIT].len = sl_sm2_wnaf_var(dp, tl, 256, 5);
        st[SL_SM2_GEN_SPLIT].table = tab;
        sl_sm2_gej q;
        sl_sm2_ecmult_strauss_var(&q, st, SL_SM2_GEN_SPLIT + 1);
        int oi = our_xy(got, &q), wi = ossl_xy(want, want_pt);
        if (oi != wi || (oi && memcmp(got, want, 64) != 0)) bad++;
        if (i == 3) CHECK(q.inf == 1);
    }
    CHECK(bad == 0);
    EC_POINT_free(pp);
    EC_POINT_free(want_pt);
    BN_free(s);
    BN_free(t);
    BN_free(d);
}

int main(void) {
    ctx = BN_CTX_new();
    bn_p = NULL;
    BN_hex2bn(&bn_p, P_HEX);
    bn_r = BN_new();
    bn_rinv = BN_new();
    BN_set_bit(bn_r, 256);
    BN_nnmod(bn_r, bn_r, bn_p, ctx);
    CHECK(BN_mod_inverse(bn_rinv, bn_r, bn_p, ctx) != NULL);
    grp = EC_GROUP_new_by_curve_name(NID_sm2);
    CHECK(grp != NULL);
    test_raw_op(OP_MUL, 1);
    test_raw_op(OP_SQR, 2);
    test_raw_op(OP_ADD, 3);
    test_raw_op(OP_SUB, 4);
    test_raw_op(OP_NEG, 5);
    test_conversions();
    test_constants();
    if (grp) {
        test_point_ops();
        test_odd_multiples();
        test_strauss();
    }
    EC_GROUP_free(grp);
    BN_free(bn_p);
    BN_free(bn_r);
    BN_free(bn_rinv);
    BN_CTX_free(ctx);
    return tu_finish("test_sm2_field");
}
