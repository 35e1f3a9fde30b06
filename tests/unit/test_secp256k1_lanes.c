/* The four-chain IFMA Strauss (engine/ec/secp256k1_lanes.h) against the
 * scalar one-shot Strauss sl_secp256k1_ecmult_point_var (affine coordinates
 * compared exactly):
 *  - 2,000 random (P, kp, kg), P of either y parity;
 *  - every pair of edge scalars (0, 1, 2, 3, small odd and even values,
 *    2^64 - 1, 2^128 +- 1, 2^255, n - 1, n - 2, top bits set, lambda and
 *    -lambda) on random points, and P = G / P = -G / P = lambda G with
 *    kp = +-kg (the lane results cancel or coincide in the final sums: the
 *    result at infinity and a doubling in the combination), checked also
 *    against plain double-and-add;
 *  - the scalar fallback through the test hook (and, on a CPU without IFMA,
 *    every call);
 *  - P's table given (sl_secp256k1_ecmult_lanes_var: a prepared key's
 *    table, windows 2..8) against sl_secp256k1_ecmult_var;
 *  - BIP340 verdicts of sluice_bip340_verify (lanes, key without a table)
 *    and of keys with tables of every window against the scalar reference
 *    (double-and-add on the device work item) and libsecp256k1's verdicts,
 *    on random signatures from Debian's libsecp256k1, valid and tampered
 *    (the bip-0340 vectors go through the same paths in test_sig_bip340).
 * Why no crafted exceptional addition: inside one lane the accumulator at an
 * addition is an even multiple 2^s m (s >= w) of the lane's base point and
 * the entry an odd multiple d with |d| < 2^(w-1), so H = 0 cannot happen
 * for a point of prime order n (and a lane's result k P with 0 < |k| < 2^128
 * is never infinity); the Z == 0 check in the lanes is a safety net, and
 * the fallback it would take is the one the hook exercises here. Lane tests
 * are skipped (with a note) on a CPU without IFMA; the fallback tests run
 * everywhere. */
#include "../../engine/ec/secp256k1_group.h"
#include "../../engine/ec/secp256k1_lanes.h"
#include "../../engine/ec/secp256k1_scalar.h"
#include "../../engine/sig/bip340_sig.h"
#include "../../engine/sig/sig_internal.h"
#include "testutil.h"

#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
#include <stdlib.h>
#include <string.h>

static int have_lanes;

static int gej_same(const sl_secp256k1_gej *a, const sl_secp256k1_gej *b) {
    if (a->inf || b->inf) return a->inf == b->inf;
    sl_secp256k1_ge x, y;
    sl_secp256k1_ge_set_gej_var(&x, a);
    sl_secp256k1_ge_set_gej_var(&y, b);
    return sl_secp256k1_fe_equal(&x.x, &y.x) && sl_secp256k1_fe_equal(&x.y, &y.y);
}

static void rand_sc(tu_rng *r, sl_secp256k1_sc *k) {
    uint8_t b[32];
    tu_rng_bytes(r, b, 32);
    sl_secp256k1_sc_set_b32(k, b);
}

/* A random curve point (lift of a random x, y negated half of the time). */
static void rand_point(tu_rng *r, sl_secp256k1_ge *p) {
    for (;;) {
        uint8_t b[32];
        sl_secp256k1_fe x;
        tu_rng_bytes(r, b, 32);
        if (!sl_secp256k1_fe_set_b32(&x, b)) continue;
        if (!sl_secp256k1_ge_set_x_even_var(p, &x)) continue;
        if (tu_rng_next(r) & 1) sl_secp256k1_fe_neg(&p->y, &p->y);
        return;
    }
}

/* The lanes (and the forced fallback) against the scalar Strauss; returns
 * the lanes' return value. */
static int check_one(const sl_secp256k1_ge *p, const sl_secp256k1_sc *kp,
                     const sl_secp256k1_sc *kg) {
    sl_secp256k1_gej want, got, fb;
    sl_secp256k1_ecmult_point_var(&want, p, kp, kg);
    int ret = sl_secp256k1_ecmult_point_lanes_var(&got, p, kp, kg);
    CHECK(gej_same(&got, &want));
    CHECK(sl_secp256k1_ecmult_point_lanes_ex_var(&fb, p, kp, kg, 1) == 0);
    CHECK(gej_same(&fb, &want));
    return ret;
}

static void test_random(tu_rng *r) {
    int lanes = 0;
    for (int it = 0; it < 2000; it++) {
        sl_secp256k1_ge p;
        sl_secp256k1_sc kp, kg;
        rand_point(r, &p);
        rand_sc(r, &kp);
        rand_sc(r, &kg);
        lanes += check_one(&p, &kp, &kg);
    }
    /* With IFMA every random case runs in the lanes (see the file comment);
     * without, none does. */
    CHECK(lanes == (have_lanes ? 2000 : 0));
}

/* P's table given (sl_secp256k1_ecmult_lanes_var, a prepared key's path)
 * against sl_secp256k1_ecmult_var, for every window 2..8, and its fallback. */
static void test_tables(tu_rng *r) {
    int lanes = 0, runs = 0;
    for (int w = 2; w <= 8; w++) {
        for (int it = 0; it < 150; it++) {
            sl_secp256k1_ge p, tab[64];
            sl_secp256k1_fe zg;
            sl_secp256k1_sc kp, kg;
            rand_point(r, &p);
            rand_sc(r, &kp);
            rand_sc(r, &kg);
            if (it == 0) sl_secp256k1_sc_set_u64(&kp, 0);
            if (it == 1) sl_secp256k1_sc_set_u64(&kg, 0);
            sl_secp256k1_odd_multiples_var(tab, &zg, &p, (size_t)1 << (w - 2));
            sl_secp256k1_gej want, got, fb;
            sl_secp256k1_ecmult_var(&want, tab, &zg, w, &kp, &kg);
            lanes += sl_secp256k1_ecmult_lanes_var(&got, tab, &zg, w, &kp, &kg);
            runs++;
            CHECK(gej_same(&got, &want));
            CHECK(sl_secp256k1_ecmult_lanes_ex_var(&fb, tab, &zg, w, &kp, &kg, 1) == 0);
            CHECK(gej_same(&fb, &want));
        }
    }
    CHECK(lanes == (have_lanes ? runs : 0));
}

static void sc_from_hex(sl_secp256k1_sc *k, const char *hex) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) {
        unsigned v;
        CHECK(sscanf(hex + 2 * i, "%2x", &v) == 1);
        b[i] = (uint8_t)v;
    }
    sl_secp256k1_sc_set_b32(k, b);
}

enum { NEDGE = 16 };

static void edge_scalars(sl_secp256k1_sc e[NEDGE]) {
    static const char *const hex[NEDGE] = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000001",
        "0000000000000000000000000000000000000000000000000000000000000002",
        "0000000000000000000000000000000000000000000000000000000000000003",
        "0000000000000000000000000000000000000000000000000000000000000011",
        "0000000000000000000000000000000000000000000000000000000000004000",
        "000000000000000000000000000000000000000000000000ffffffffffffffff",
        "0000000000000000000000000000000100000000000000000000000000000001",
        "00000000000000000000000000000000ffffffffffffffffffffffffffffffff",
        "8000000000000000000000000000000000000000000000000000000000000000",
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", /* n - 1 */
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd036413f", /* n - 2 */
        "ffffffffffffffffffffffffffffffff00000000000000000000000000000000",
        "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0",
        "5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72", /* lambda */
        "ac9c52b33fa3cf1f5ad9e3fd77ed9ba4a880b9fc8ec739c2e0cfc810b51283cf", /* -lambda */
    };
    for (int i = 0; i < NEDGE; i++) sc_from_hex(&e[i], hex[i]);
}

/* kp P + kg G by double-and-add, the independent reference. */
static void ref(sl_secp256k1_gej *want, const sl_secp256k1_ge *p, const sl_secp256k1_sc *kp,
                const sl_secp256k1_sc *kg) {
    sl_secp256k1_gej pj, gj, t;
    sl_secp256k1_gej_set_ge(&pj, p);
    sl_secp256k1_gej_set_ge(&gj, &sl_secp256k1_g);
    sl_secp256k1_ecmult_ref_var(want, &pj, kp);
    sl_secp256k1_ecmult_ref_var(&t, &gj, kg);
    sl_secp256k1_gej_add_var(want, want, &t);
}

static void test_edges(tu_rng *r) {
    sl_secp256k1_sc e[NEDGE];
    edge_scalars(e);
    sl_secp256k1_ge p;
    rand_point(r, &p);
    for (int a = 0; a < NEDGE; a++)
        for (int b = 0; b < NEDGE; b++) check_one(&p, &e[a], &e[b]);
    /* Special points: G, -G, lambda G = (beta x_G, y_G), with kp = +-kg. */
    sl_secp256k1_ge sp[3];
    sp[0] = sl_secp256k1_g;
    sp[1] = sl_secp256k1_g;
    sl_secp256k1_fe_neg(&sp[1].y, &sp[1].y);
    sp[2] = sl_secp256k1_g;
    sl_secp256k1_fe_mul(&sp[2].x, &sp[2].x, &sl_secp256k1_beta);
    for (int q = 0; q < 3; q++) {
        for (int it = 0; it < 6; it++) {
            sl_secp256k1_sc kp, kg;
            if (it < 4)
                kp = e[1 + 9 * (it & 1) + (it >> 1)]; /* 1, n - 1, 2, n - 2 */
            else
                rand_sc(r, &kp);
            for (int sgn = 0; sgn < 2; sgn++) {
                kg = kp;
                if (sgn) sl_secp256k1_sc_neg(&kg, &kg);
                sl_secp256k1_gej want, got;
                ref(&want, &sp[q], &kp, &kg);
                CHECK(sl_secp256k1_ecmult_point_lanes_var(&got, &sp[q], &kp, &kg) == have_lanes);
                CHECK(gej_same(&got, &want));
                /* G - G and -G + G vanish. */
                if (q < 2 && sgn != (q == 1)) CHECK(got.inf);
                check_one(&sp[q], &kp, &kg);
            }
        }
    }
    /* lambda G with kp = lambda: lane results lambda^2 G terms against G's
     * (kp lambda G + kg G with kg = -lambda^2 = lambda + 1 vanishes). */
    sl_secp256k1_sc kg, one;
    sl_secp256k1_sc_set_u64(&one, 1);
    sl_secp256k1_sc_add(&kg, &e[14], &one); /* lambda^2 + lambda + 1 = 0 */
    sl_secp256k1_gej got;
    sl_secp256k1_ecmult_point_lanes_var(&got, &sp[2], &e[14], &kg);
    CHECK(got.inf);
    check_one(&sp[2], &e[14], &kg);
}

/* ---- BIP340 verdicts ---------------------------------------------------- */

/* The verdict by the scalar reference: the device work item checked with
 * double-and-add (sl_bip340_device_check_var), no lanes anywhere. */
static sluice_sig_status verify_scalar(const uint8_t pub[32], const uint8_t *msg, size_t ml,
                                       const uint8_t sig[64]) {
    static _Alignas(64) sl_bip340_key key;
    sluice_sig_status st = sl_bip340_key_prepare_window(&key, pub, 32, 0);
    if (st != SLUICE_SIG_VALID) return st;
    sluice_sig_item it;
    memset(&it, 0, sizeof it);
    it.scheme = SLUICE_SIG_BIP340;
    it.pub = pub;
    it.pub_len = 32;
    it.msg = msg;
    it.msg_len = ml;
    it.sig = sig;
    it.sig_len = 64;
    uint8_t item[160];
    st = sl_bip340_device_item(&key, &it, item);
    if (st != SLUICE_SIG_VALID) return st;
    return sl_bip340_device_check_var(item);
}

/* A prepared key with a table of every window 2..8 verifies as the scalar
 * reference (the lanes read the key's table). */
static sluice_sig_status verify_tabled(const uint8_t pub[32], const uint8_t *msg, size_t ml,
                                       const uint8_t sig[64]) {
    static _Alignas(64) sl_bip340_key key;
    sluice_sig_status first = SLUICE_SIG_VALID;
    for (int w = 2; w <= SL_BIP340_KEY_WINDOW; w++) {
        sluice_sig_status st = sl_bip340_key_prepare_window(&key, pub, 32, w);
        if (st == SLUICE_SIG_VALID) st = sl_bip340_verify_key(&key, msg, ml, sig, 64);
        if (w == 2) first = st;
        CHECK(st == first);
    }
    return first;
}

static void test_random_sigs(tu_rng *r) {
    secp256k1_context *lib = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    int valid = 0, invalid = 0;
    for (int it = 0; it < 300; it++) {
        uint8_t sk[32], pk[32], msg[32], aux[32], sig[64];
        secp256k1_keypair kp;
        secp256k1_xonly_pubkey xo;
        do tu_rng_bytes(r, sk, 32);
        while (!secp256k1_keypair_create(lib, &kp, sk));
        CHECK(secp256k1_keypair_xonly_pub(lib, &xo, NULL, &kp));
        CHECK(secp256k1_xonly_pubkey_serialize(lib, pk, &xo));
        tu_rng_bytes(r, msg, 32);
        tu_rng_bytes(r, aux, 32);
        CHECK(secp256k1_schnorrsig_sign32(lib, sig, msg, &kp, aux));
        int mode = it % 4; /* 0: as signed; 1: sig bit; 2: msg bit; 3: key bit */
        unsigned bit = (unsigned)(tu_rng_next(r) % 256);
        if (mode == 1) sig[bit / 8 % 64] ^= (uint8_t)(1u << (bit % 8));
        if (mode == 2) msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        if (mode == 3) pk[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        sluice_sig_status got = sluice_bip340_verify(pk, 32, msg, 32, sig, 64);
        CHECK(got == verify_scalar(pk, msg, 32, sig));
        if (it < 100) CHECK(got == verify_tabled(pk, msg, 32, sig));
        int lib_ok = 0;
        if (secp256k1_xonly_pubkey_parse(lib, &xo, pk))
            lib_ok = secp256k1_schnorrsig_verify(lib, sig, msg, 32, &xo);
        CHECK((got == SLUICE_SIG_VALID) == lib_ok);
        CHECK(mode != 0 || got == SLUICE_SIG_VALID);
        if (got == SLUICE_SIG_VALID)
            valid++;
        else
            invalid++;
    }
    CHECK(valid >= 75 && invalid >= 150);
    secp256k1_context_destroy(lib);
}

int main(void) {
    have_lanes = sl_secp256k1_lanes_supported();
    if (!have_lanes)
        printf("note: no AVX-512 IFMA on this CPU: lane results not exercised, "
               "only the scalar fallback\n");
    tu_rng r;
    tu_rng_seed(&r, 0x1a9e5ULL);
    test_random(&r);
    test_edges(&r);
    test_tables(&r);
    test_random_sigs(&r);
    return tu_finish("test_secp256k1_lanes");
}
