/* The four-lane AVX-512 IFMA SM2 code (engine/ec/sm2_lanes*.c) against
 * OpenSSL BIGNUM / EC_POINT:
 *   - the conversions between the scalar field's form (x 2^256 mod p) and
 *     the lanes' (x 2^260 mod p, five 52-bit limbs), both portable;
 *   - every lane field operation (mul, sqr, add, sub, 3x, 8x, the square
 *     root power, the two-product multiplication, the zero mask) on random loose inputs (limbs < 2^52,
 *     value < 2^257) and edge values (0, 1, p - 1, p, 2p, values near 2^256
 *     and 2^257 - 1), checking the value mod p exactly and that the output
 *     is loose again;
 *   - s G + t P four lanes at once against OpenSSL's EC_POINT_mul (random
 *     and edge scalars, even and odd), the exceptional lane (P = +-2G makes
 *     the chain's first addition a doubling or P + (-P)) reported as
 *     fallback without spoiling the other lanes, and the forced-fallback
 *     hook.
 * The IFMA parts are skipped, saying so, on a CPU without IFMA. */
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <string.h>

#include "../../engine/ec/sm2_lanes.h"
#include "testutil.h"

#define FIELD_ITERS 3000
#define MULT_GROUPS 60

static const char *P_HEX = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF";
static const char *N_HEX = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123";
static const uint64_t M52 = (UINT64_C(1) << 52) - 1;

static BN_CTX *ctx;
static BIGNUM *bn_p, *bn_n, *bn_r260inv, *bn_r260;

static BIGNUM *bn_of_lfe(const sl_sm2_lfe *a) {
    BIGNUM *x = BN_new(), *t = BN_new();
    BN_zero(x);
    for (int i = 4; i >= 0; i--) {
        BN_lshift(x, x, 52);
        BN_set_word(t, a->v[i]);
        BN_add(x, x, t);
    }
    BN_free(t);
    return x;
}

static void lfe_of_bn(sl_sm2_lfe *a, const BIGNUM *x) {
    BIGNUM *t = BN_dup(x);
    for (int i = 0; i < 5; i++) {
        uint64_t w = 0;
        for (int b = 51; b >= 0; b--) w = (w << 1) | (uint64_t)BN_is_bit_set(t, b);
        a->v[i] = w;
        BN_rshift(t, t, 52);
    }
    BN_free(t);
}

/* loose: limbs < 2^52, value < 2^257 */
static int is_loose(const sl_sm2_lfe *a) {
    for (int i = 0; i < 5; i++)
        if (a->v[i] > M52)
            return 0;
    return a->v[4] < (UINT64_C(1) << 49);
}

static void rand_loose(tu_rng *r, sl_sm2_lfe *a, int i) {
    /* edge values first, then random ones of every size */
    static const char *edge[] = {
        "0", "1", "2",
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFE",   /* p - 1 */
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF",   /* p */
        "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF000000010000000000000000",   /* p + 1 */
        "1FFFFFFFDFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE00000001FFFFFFFFFFFFFFFE",  /* 2p */
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",   /* 2^256 - 1 */
        "10000000000000000000000000000000000000000000000000000000000000000", /* 2^256 */
        "1FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", /* 2^257 - 1 */
    };
    if (i < (int)(sizeof edge / sizeof edge[0])) {
        BIGNUM *x = NULL;
        BN_hex2bn(&x, edge[i]);
        lfe_of_bn(a, x);
        BN_free(x);
        return;
    }
    for (int k = 0; k < 5; k++) a->v[k] = tu_rng_next(r) & M52;
    int top = (int)(tu_rng_next(r) % 4);
    a->v[4] >>= top == 0 ? 3 : top == 1 ? 4 : top == 2 ? 20 : 52; /* < 2^49, 2^48, ... */
}

static void check_lfe_mod(const sl_sm2_lfe *got, const BIGNUM *want) {
    BIGNUM *g = bn_of_lfe(got);
    BN_mod(g, g, bn_p, ctx);
    CHECK(BN_cmp(g, want) == 0);
    CHECK(is_loose(got));
    BN_free(g);
}

static void test_conversions(tu_rng *r) {
    for (int it = 0; it < 500; it++) {
        uint8_t b[32];
        tu_rng_bytes(r, b, 32);
        if (it == 0) memset(b, 0, 32);
        if (it == 1) { memset(b, 0, 32); b[31] = 1; }
        sl_sm2_fe a;
        if (!sl_sm2_fe_set_b32(&a, b))
            continue;
        sl_sm2_lfe l;
        sl_sm2_lfe_from_fe(&l, &a);
        /* canonical limbs of x 2^260 mod p */
        BIGNUM *x = BN_bin2bn(b, 32, NULL), *want = BN_new();
        BN_mod_mul(want, x, bn_r260, bn_p, ctx);
        BIGNUM *got = bn_of_lfe(&l);
        CHECK(BN_cmp(got, want) == 0);
        for (int i = 0; i < 4; i++) CHECK(l.v[i] <= M52);
        BN_free(got);
        /* and back */
        sl_sm2_fe back;
        sl_sm2_lfe_to_fe(&back, &l);
        CHECK(sl_sm2_fe_equal(&back, &a));
        BN_free(x);
        BN_free(want);
    }
    /* to_fe from any limbs below 2^260 (not reduced) */
    for (int it = 0; it < 500; it++) {
        sl_sm2_lfe l;
        for (int k = 0; k < 5; k++) l.v[k] = tu_rng_next(r) & M52;
        if (it < 5) for (int k = 0; k < 5; k++) l.v[k] = it == 0 ? 0 : M52 >> (it - 1);
        sl_sm2_fe f;
        sl_sm2_lfe_to_fe(&f, &l);
        uint8_t b[32], wb[32];
        sl_sm2_fe_get_b32(b, &f);
        BIGNUM *x = bn_of_lfe(&l), *want = BN_new();
        BN_mod_mul(want, x, bn_r260inv, bn_p, ctx);
        CHECK(BN_bn2binpad(want, wb, 32) == 32);
        CHECK_MEM(b, wb, 32);
        BN_free(x);
        BN_free(want);
    }
}

static void test_field_op(int op, tu_rng *r) {
    BIGNUM *e = BN_new(), *want = BN_new(), *t = BN_new();
    BN_copy(e, bn_p);
    BN_add_word(e, 1);
    BN_rshift(e, e, 2); /* (p + 1) / 4 */
    int iters = op == SL_SM2_LOP_SQRT ? FIELD_ITERS / 20 : FIELD_ITERS;
    for (int it = 0; it < iters; it += 4) {
        sl_sm2_lfe a[4], b[4], res[4];
        for (int j = 0; j < 4; j++) {
            rand_loose(r, &a[j], it + j);
            rand_loose(r, &b[j], (it + 3 * j) % 37);
        }
        sl_sm2_lanes_fe_op_ifma(op, res, a, b);
        for (int j = 0; j < 4; j++) {
            BIGNUM *x = bn_of_lfe(&a[j]), *y = bn_of_lfe(&b[j]);
            switch (op) {
            case SL_SM2_LOP_MUL:
                BN_mod_mul(want, x, y, bn_p, ctx);
                BN_mod_mul(want, want, bn_r260inv, bn_p, ctx);
                break;
            case SL_SM2_LOP_SQR:
                BN_mod_mul(want, x, x, bn_p, ctx);
                BN_mod_mul(want, want, bn_r260inv, bn_p, ctx);
                break;
            case SL_SM2_LOP_ADD: BN_mod_add(want, x, y, bn_p, ctx); break;
            case SL_SM2_LOP_SUB: BN_mod_sub(want, x, y, bn_p, ctx); break;
            case SL_SM2_LOP_MUL3:
                BN_set_word(t, 3);
                BN_mod_mul(want, x, t, bn_p, ctx);
                break;
            case SL_SM2_LOP_MUL8:
                BN_set_word(t, 8);
                BN_mod_mul(want, x, t, bn_p, ctx);
                break;
            case SL_SM2_LOP_MUL2: /* (x y + x x) R^-1 */
                BN_mod_mul(want, x, y, bn_p, ctx);
                BN_mod_mul(t, x, x, bn_p, ctx);
                BN_mod_add(want, want, t, bn_p, ctx);
                BN_mod_mul(want, want, bn_r260inv, bn_p, ctx);
                break;
            case SL_SM2_LOP_SQRT: /* (x R^-1)^e R */
                BN_mod_mul(t, x, bn_r260inv, bn_p, ctx);
                BN_mod_exp(t, t, e, bn_p, ctx);
                BN_mod_mul(want, t, bn_r260, bn_p, ctx);
                break;
            default: break;
            }
            if (op == SL_SM2_LOP_ZERO) {
                BN_mod(t, x, bn_p, ctx);
                CHECK(res[j].v[0] == (uint64_t)BN_is_zero(t));
            } else {
                check_lfe_mod(&res[j], want);
            }
            BN_free(x);
            BN_free(y);
        }
    }
    BN_free(e);
    BN_free(want);
    BN_free(t);
}

/* The lane operations on converted elements against the scalar field
 * (sm2_field.h) itself: to_fe(op(from_fe(a), from_fe(b))) == op(a, b). */
static void test_vs_scalar_field(tu_rng *r) {
    for (int it = 0; it < FIELD_ITERS; it += 4) {
        sl_sm2_fe a[4], b[4];
        sl_sm2_lfe la[4], lb[4], lr[4];
        for (int j = 0; j < 4; j++) {
            uint8_t x[32], y[32];
            tu_rng_bytes(r, x, 32);
            tu_rng_bytes(r, y, 32);
            if (it == 0 && j < 2) memset(x, 0, 32);               /* 0 */
            if (it == 4) { /* p - 1 */
                memset(x, 0xFF, 32);
                x[3] = 0xFE;
                memset(x + 20, 0, 4);
                x[31] = 0xFE;
                CHECK(sl_sm2_fe_set_b32(&a[j], x));
            }
            if (!sl_sm2_fe_set_b32(&a[j], x)) sl_sm2_fe_set_u64(&a[j], 1);
            if (!sl_sm2_fe_set_b32(&b[j], y)) sl_sm2_fe_set_u64(&b[j], 7);
            sl_sm2_lfe_from_fe(&la[j], &a[j]);
            sl_sm2_lfe_from_fe(&lb[j], &b[j]);
        }
        for (int op = SL_SM2_LOP_MUL; op <= SL_SM2_LOP_SUB; op++) {
            sl_sm2_lanes_fe_op_ifma(op, lr, la, lb);
            for (int j = 0; j < 4; j++) {
                sl_sm2_fe want, got;
                switch (op) {
                case SL_SM2_LOP_MUL: sl_sm2_fe_mul(&want, &a[j], &b[j]); break;
                case SL_SM2_LOP_SQR: sl_sm2_fe_sqr(&want, &a[j]); break;
                case SL_SM2_LOP_ADD: sl_sm2_fe_add(&want, &a[j], &b[j]); break;
                default: sl_sm2_fe_sub(&want, &a[j], &b[j]); break;
                }
                sl_sm2_lfe_to_fe(&got, &lr[j]);
                CHECK(sl_sm2_fe_equal(&got, &want));
            }
        }
    }
}

/* ---- s G + t P ------------------------------------------------------------ */

static EC_GROUP *grp;

static void ge_of_point(sl_sm2_ge *g, const EC_POINT *pt) {
    BIGNUM *x = BN_new(), *y = BN_new();
    uint8_t b[32];
    CHECK(EC_POINT_get_affine_coordinates(grp, pt, x, y, ctx));
    CHECK(BN_bn2binpad(x, b, 32) == 32);
    CHECK(sl_sm2_fe_set_b32(&g->x, b));
    CHECK(BN_bn2binpad(y, b, 32) == 32);
    CHECK(sl_sm2_fe_set_b32(&g->y, b));
    BN_free(x);
    BN_free(y);
}

static void limbs_of_bn(uint64_t v[4], const BIGNUM *k) {
    uint8_t b[32];
    CHECK(BN_bn2binpad(k, b, 32) == 32);
    for (int i = 0; i < 4; i++) {
        v[i] = 0;
        for (int j = 0; j < 8; j++) v[i] = (v[i] << 8) | b[(3 - i) * 8 + j];
    }
}

/* scalar in [1, n-1]: random, or an edge value chosen by sel */
static void pick_scalar(BIGNUM *k, tu_rng *r, int sel) {
    switch (sel) {
    case 0: BN_one(k); break;
    case 1: BN_sub(k, bn_n, BN_value_one()); break;   /* n - 1 (even) */
    case 2: BN_set_word(k, 2); break;
    case 3: BN_one(k); BN_lshift(k, k, 255); break;    /* 2^255 */
    case 4: BN_sub(k, bn_n, BN_value_one()); BN_sub_word(k, 1); break; /* n - 2 (odd) */
    default: {
        uint8_t b[32];
        tu_rng_bytes(r, b, 32);
        BN_bin2bn(b, 32, k);
        BN_mod(k, k, bn_n, ctx);
        if (BN_is_zero(k)) BN_one(k);
    }
    }
}

/* x of the Jacobian (X, Z) as 32 bytes; 0 if Z == 0 */
static int affine_x(uint8_t out[32], const sl_sm2_fe *x, const sl_sm2_fe *z) {
    if (sl_sm2_fe_is_zero(z))
        return 0;
    sl_sm2_fe zi, z2, ax;
    sl_sm2_fe_inv(&zi, z);
    sl_sm2_fe_sqr(&z2, &zi);
    sl_sm2_fe_mul(&ax, x, &z2);
    sl_sm2_fe_get_b32(out, &ax);
    return 1;
}

static void test_mult4(tu_rng *r) {
    BIGNUM *s[4], *t[4], *d = BN_new(), *ox = BN_new();
    EC_POINT *P[4], *R = EC_POINT_new(grp);
    for (int j = 0; j < 4; j++) {
        s[j] = BN_new();
        t[j] = BN_new();
        P[j] = EC_POINT_new(grp);
    }
    int fallbacks = 0, checked = 0;
    for (int g = 0; g < MULT_GROUPS; g++) {
        sl_sm2_ge pg[4];
        const sl_sm2_ge *pp[4];
        uint64_t sl[4][4], tl[4][4];
        const uint64_t *sp[4], *tp[4];
        unsigned exceptional = 0;
        for (int j = 0; j < 4; j++) {
            pick_scalar(s[j], r, g < 8 ? (g + j) % 6 : 99);
            pick_scalar(t[j], r, g < 8 ? (g + 2 * j) % 6 : 99);
            /* groups 8..11: one lane with P = 2G or -2G (exceptional) */
            if (g >= 8 && g < 12 && j == g - 8) {
                BN_set_word(d, 2);
                if (g & 1) BN_sub(d, bn_n, d);
                exceptional |= 1u << j;
            } else {
                pick_scalar(d, r, 99);
            }
            CHECK(EC_POINT_mul(grp, P[j], d, NULL, NULL, ctx));
            ge_of_point(&pg[j], P[j]);
            pp[j] = &pg[j];
            limbs_of_bn(sl[j], s[j]);
            limbs_of_bn(tl[j], t[j]);
            sp[j] = sl[j];
            tp[j] = tl[j];
        }
        unsigned force = g >= 12 && g < 16 ? 1u << (g - 12) : 0;
        sl_sm2_fe x[4], z[4];
        unsigned fb = sl_sm2_lanes_mult4_ifma(x, z, pp, sp, tp, force);
        CHECK((fb & force) == force);
        CHECK((fb & exceptional) == exceptional);
        CHECK((fb & ~(force | exceptional)) == 0); /* no other lane is exceptional */
        for (int j = 0; j < 4; j++) {
            if (fb >> j & 1) {
                fallbacks++;
                continue;
            }
            uint8_t got[32], want[32];
            CHECK(EC_POINT_mul(grp, R, s[j], P[j], t[j], ctx));
            CHECK(!EC_POINT_is_at_infinity(grp, R));
            CHECK(EC_POINT_get_affine_coordinates(grp, R, ox, NULL, ctx));
            CHECK(BN_bn2binpad(ox, want, 32) == 32);
            CHECK(affine_x(got, &x[j], &z[j]));
            CHECK_MEM(got, want, 32);
            checked++;
        }
    }
    CHECK(fallbacks == 8);
    CHECK(checked == 4 * MULT_GROUPS - 8);
    for (int j = 0; j < 4; j++) {
        BN_free(s[j]);
        BN_free(t[j]);
        EC_POINT_free(P[j]);
    }
    EC_POINT_free(R);
    BN_free(d);
    BN_free(ox);
}

static void test_sqrt4(tu_rng *r) {
    for (int it = 0; it < 40; it++) {
        sl_sm2_fe a[4], got[4], want;
        for (int j = 0; j < 4; j++) {
            uint8_t b[32];
            tu_rng_bytes(r, b, 32);
            b[0] &= 0x7F;
            CHECK(sl_sm2_fe_set_b32(&a[j], b));
        }
        sl_sm2_lanes_sqrt4_ifma(got, a);
        for (int j = 0; j < 4; j++) {
            sl_sm2_fe_sqrt(&want, &a[j]); /* the candidate, root or not */
            CHECK(sl_sm2_fe_equal(&got[j], &want));
        }
    }
}

int main(void) {
    ctx = BN_CTX_new();
    bn_p = NULL;
    bn_n = NULL;
    BN_hex2bn(&bn_p, P_HEX);
    BN_hex2bn(&bn_n, N_HEX);
    bn_r260 = BN_new();
    bn_r260inv = BN_new();
    BIGNUM *two = BN_new(), *e = BN_new();
    BN_set_word(two, 2);
    BN_set_word(e, 260);
    BN_mod_exp(bn_r260, two, e, bn_p, ctx);
    BN_mod_inverse(bn_r260inv, bn_r260, bn_p, ctx);
    grp = EC_GROUP_new_by_curve_name(NID_sm2);
    CHECK(grp != NULL);
    tu_rng r;
    tu_rng_seed(&r, 0x5A2);
    test_conversions(&r);
    if (sl_sm2_lanes_supported()) {
        for (int op = SL_SM2_LOP_MUL; op <= SL_SM2_LOP_ZERO; op++) test_field_op(op, &r);
        test_vs_scalar_field(&r);
        test_sqrt4(&r);
        test_mult4(&r);
    } else {
        printf("test_sm2_lanes: CPU without AVX-512 IFMA: lane tests skipped\n");
    }
    BN_free(two);
    BN_free(e);
    BN_free(bn_p);
    BN_free(bn_n);
    BN_free(bn_r260);
    BN_free(bn_r260inv);
    EC_GROUP_free(grp);
    BN_CTX_free(ctx);
    return tu_finish("test_sm2_lanes");
}
