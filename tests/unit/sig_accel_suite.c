/* The signature accelerator conformance suite (see sig_accel_suite.h). */
#include "sig_accel_suite.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../engine/sig/bip340_sig.h"   /* sl_bip340_device_check_var */
#include "../../engine/sig/sm2_sig.h"      /* sl_sm2_device_check_var */
#include "../../host/src/sig_accel_internal.h"
#include "../../kernels/common/sl_sig_params.h"
#include "sig_testgen.h"
#include "sluice/hex.h"
#include "sluice/sig.h"
#include "testutil.h"

#define ITEM SLUICE_SIG_DEVICE_ITEM

/* How much work a device gets. */
typedef struct {
    size_t crafted;   /* random device items per Weierstrass curve built with OpenSSL */
    size_t oracle;    /* oracle-made signatures per scheme (half of them corrupted) */
    size_t batch;     /* items per scheme in the offloaded batch */
} suite_plan;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- OpenSSL EC helpers -------------------------------------------------- */

typedef struct {
    EC_GROUP *g;
    BIGNUM *p, *n;
    BN_CTX *bn;
} ec_env;

static int ec_env_init(ec_env *e, int nid)
{
    e->g = EC_GROUP_new_by_curve_name(nid);
    e->p = BN_new();
    e->n = BN_new();
    e->bn = BN_CTX_new();
    return e->g && e->p && e->n && e->bn && EC_GROUP_get_curve(e->g, e->p, NULL, NULL, e->bn) == 1 &&
           BN_copy(e->n, EC_GROUP_get0_order(e->g)) != NULL;
}

static void ec_env_free(ec_env *e)
{
    EC_GROUP_free(e->g);
    BN_free(e->p);
    BN_free(e->n);
    BN_CTX_free(e->bn);
}

/* A reproducible scalar in [1, n-1]. */
static BIGNUM *rand_scalar(const ec_env *e, tu_rng *rng)
{
    uint8_t b[40];
    tu_rng_bytes(rng, b, sizeof b);
    BIGNUM *k = BN_bin2bn(b, sizeof b, NULL);
    BN_mod(k, k, e->n, e->bn);
    if (BN_is_zero(k)) BN_one(k);
    return k;
}

static void put32(uint8_t *out, const BIGNUM *v) { BN_bn2binpad(v, out, 32); }

/* x, y of q (not infinity) into out[0..64). */
static void put_point(const ec_env *e, uint8_t *out, const EC_POINT *q)
{
    BIGNUM *x = BN_new(), *y = BN_new();
    EC_POINT_get_affine_coordinates(e->g, q, x, y, e->bn);
    put32(out, x);
    put32(out + 32, y);
    BN_free(x);
    BN_free(y);
}

/* q = s G + t P (P may be NULL: s G). */
static void lin(const ec_env *e, EC_POINT *q, const BIGNUM *s, const EC_POINT *p, const BIGNUM *t)
{
    EC_POINT_mul(e->g, q, s, p, t, e->bn);
}

/* ---- context ----------------------------------------------------------------- */

static sluice_sig_accel *new_ctx(const sluice_accel_device *dev)
{
    char why[512] = "";
    sluice_sig_accel *ctx = NULL;
    sluice_err err = sluice_sig_accel_new(&ctx, dev, why, sizeof why);
    CHECK(err == SLUICE_OK);
    if (err != SLUICE_OK) {
        fprintf(stderr, "sig_accel_new(%s %u.%u): %s: %s\n", sluice_accel_api_name(dev->api), dev->platform,
                dev->index, sluice_strerror(err), why);
        return NULL;
    }
    CHECK(ctx != NULL && why[0] == '\0');
    const sluice_accel_device *d = sluice_sig_accel_device(ctx);
    CHECK(d && d->api == dev->api && d->platform == dev->platform && d->index == dev->index);
    CHECK(sl_sig_accel_batch(ctx) >= 1);
    const sluice_sig_offload *o = sluice_sig_accel_offload(ctx);
    CHECK(o && o->ctx == ctx && o->verify && o->min_items >= 1 && o->share > 0 && o->share <= 1);
    printf("  context: batch %u, base-point tables built on the device in %.3f s\n", sl_sig_accel_batch(ctx),
           sl_sig_accel_setup_seconds(ctx));
    return ctx;
}

static int report(sluice_sig_accel *ctx, sluice_err err, const char *what)
{
    CHECK(err == SLUICE_OK);
    if (err != SLUICE_OK) fprintf(stderr, "%s: %s: %s\n", what, sluice_strerror(err), sluice_sig_accel_why(ctx));
    return err == SLUICE_OK;
}

static void test_errors(const sluice_accel_device *dev, sluice_sig_accel *ctx)
{
    char why[512] = "";
    sluice_sig_accel *c2 = (sluice_sig_accel *)1;
    CHECK(sluice_sig_accel_new(&c2, NULL, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(c2 == NULL && why[0] != '\0');
    CHECK(sluice_sig_accel_new(NULL, dev, NULL, 0) == SLUICE_ERR_ARG);
    sluice_accel_device bad = *dev;
    bad.api = (sluice_accel_api)7;
    CHECK(sluice_sig_accel_new(&c2, &bad, why, sizeof why) == SLUICE_ERR_ARG && c2 == NULL);
    bad = *dev;
    bad.index = 999;
    why[0] = '\0';
    CHECK(sluice_sig_accel_new(&c2, &bad, why, sizeof why) != SLUICE_OK);
    CHECK(c2 == NULL && why[0] != '\0');
    CHECK(sluice_sig_accel_device(NULL) == NULL && sluice_sig_accel_why(NULL)[0] != '\0');
    CHECK(sluice_sig_accel_offload(NULL) == NULL);
    sluice_sig_accel_free(NULL);
    uint8_t st[2];
    CHECK(sluice_sig_accel_verify(NULL, SLUICE_SIG_SM2, NULL, 0, st) == SLUICE_ERR_ARG);
    CHECK(sluice_sig_accel_verify(ctx, (sluice_sig_scheme)5, NULL, 0, st) == SLUICE_ERR_ARG);
    CHECK(sluice_sig_accel_why(ctx)[0] != '\0');
    CHECK(sluice_sig_accel_verify(ctx, SLUICE_SIG_SM2, NULL, 1, st) == SLUICE_ERR_ARG);
    CHECK(sluice_sig_accel_verify(ctx, SLUICE_SIG_SM2, NULL, 0, st) == SLUICE_OK);
    /* An item of another scheme than the one asked for. */
    sluice_sig_item it = {SLUICE_SIG_BIP340, NULL, 0, NULL, 0, NULL, 0, NULL, 0};
    CHECK(sluice_sig_accel_verify(ctx, SLUICE_SIG_SM2, &it, 1, st) == SLUICE_ERR_ARG);
    /* A malformed item gets its verdict from the host (nothing for the device). */
    it.scheme = SLUICE_SIG_SM2;
    st[0] = 0xee;
    CHECK(sluice_sig_accel_verify(ctx, SLUICE_SIG_SM2, &it, 1, st) == SLUICE_OK);
    CHECK(st[0] == sluice_sig_verify(&it, NULL));
    CHECK(sl_sig_accel_read_table(ctx, 3, 0, 1, NULL) == SLUICE_ERR_ARG);
    CHECK(sl_sig_accel_read_table(ctx, 0, SL_SIG_COMB_ENTRIES, 1, NULL) == SLUICE_ERR_ARG);
    CHECK(sl_sig_accel_run_work(ctx, (sluice_sig_scheme)3, NULL, 0, st) == SLUICE_ERR_ARG);
}

/* ---- comb tables -------------------------------------------------------------- */

/* 32 big-endian bytes from 4 little-endian-ordered limbs. */
static void limbs_to_be(const uint64_t *w, uint8_t out[32])
{
    for (int i = 0; i < 4; i++)
        for (int k = 0; k < 8; k++) out[8 * i + k] = (uint8_t)(w[3 - i] >> (56 - 8 * k));
}

/* Entries [i][j] = j 2^(8 i) G of sm2p256v1 and secp256k1, in Montgomery form. */
static void test_tables(sluice_sig_accel *ctx, tu_rng *rng)
{
    const int nids[2] = {NID_sm2, NID_secp256k1};
    unsigned checked = 0;
    for (unsigned curve = 0; curve < 2; curve++) {
        ec_env e;
        CHECK(ec_env_init(&e, nids[curve]));
        BIGNUM *k = BN_new(), *x = BN_new(), *y = BN_new();
        EC_POINT *q = EC_POINT_new(e.g);
        const unsigned wins[] = {0, 1, 2, 15, 31};
        for (size_t wi = 0; wi < sizeof wins / sizeof wins[0]; wi++) {
            const unsigned js[] = {0, 1, 2, 128, 255, 1 + (unsigned)(tu_rng_next(rng) % 255)};
            for (size_t ji = 0; ji < sizeof js / sizeof js[0]; ji++) {
                const uint32_t idx = wins[wi] * 256 + js[ji];
                uint64_t w[SL_SIG_TAB_WORDS_W];
                if (!report(ctx, sl_sig_accel_read_table(ctx, curve, idx, 1, w), "read_table")) continue;
                uint8_t got[64], want[64];
                limbs_to_be(w, got);
                limbs_to_be(w + 4, got + 32);
                if (js[ji] == 0) {
                    memset(want, 0, 64);
                } else {
                    BN_set_word(k, js[ji]);
                    BN_lshift(k, k, 8 * (int)wins[wi]);
                    lin(&e, q, k, NULL, NULL);
                    EC_POINT_get_affine_coordinates(e.g, q, x, y, e.bn);
                    BN_lshift(x, x, 256);   /* Montgomery form: x 2^256 mod p */
                    BN_mod(x, x, e.p, e.bn);
                    BN_lshift(y, y, 256);
                    BN_mod(y, y, e.p, e.bn);
                    put32(want, x);
                    put32(want + 32, y);
                }
                CHECK_MEM(got, want, 64);
                checked++;
            }
        }
        EC_POINT_free(q);
        BN_free(k);
        BN_free(x);
        BN_free(y);
        ec_env_free(&e);
    }
    printf("  comb tables: %u entries of sm2p256v1 and secp256k1 equal OpenSSL's multiples\n", checked);
}

/* ---- device items built with OpenSSL ----------------------------------------- */

typedef sluice_sig_status (*device_check_fn)(const uint8_t item[160]);

/* Runs n items on the device; every verdict must equal want[i] and the
 * engine's CPU model of the device check. */
static void run_items(sluice_sig_accel *ctx, sluice_sig_scheme s, const uint8_t *work, size_t n,
                      const uint8_t *want, device_check_fn model, const char *label)
{
    uint8_t *got = malloc(n ? n : 1);
    CHECK(got != NULL);
    if (!got) return;
    memset(got, 0xee, n);
    unsigned bad = 0, valid = 0;
    if (report(ctx, sl_sig_accel_run_work(ctx, s, work, n, got), label)) {
        for (size_t i = 0; i < n; i++) {
            const sluice_sig_status m = model(work + i * ITEM);
            if ((got[i] != want[i] || got[i] != m) && bad++ < 5)
                fprintf(stderr, "  %s item %zu: device %u, expected %u, CPU model %u\n", label, i, got[i], want[i],
                        (unsigned)m);
            valid += got[i] == SLUICE_SIG_VALID;
        }
    }
    CHECK(bad == 0);
    printf("  %s: %zu device items (%u valid) as expected and as the CPU model%s\n", label, n, valid,
           bad ? " - NOT" : "");
    free(got);
}

/* SM2: random P = k G, s, t; v = x(s G + t P) mod n (VALID) or v + 1 (MISMATCH);
 * then the special cases: x1 >= n (only v + n matches), O, and the doubling
 * and inverse branches of the fixed-base additions. */
static void test_sm2_items(sluice_sig_accel *ctx, tu_rng *rng, size_t count)
{
    ec_env e;
    CHECK(ec_env_init(&e, NID_sm2));
    const size_t n = count + 6;
    uint8_t *work = calloc(n, ITEM), *want = calloc(n, 1);
    EC_POINT *p = EC_POINT_new(e.g), *q = EC_POINT_new(e.g), *g = EC_POINT_new(e.g);
    BIGNUM *x = BN_new(), *v = BN_new(), *s = NULL, *t = NULL, *k = NULL;
    EC_POINT_copy(g, EC_GROUP_get0_generator(e.g));
    for (size_t i = 0; i < count; i++) {
        uint8_t *it = work + i * ITEM;
        k = rand_scalar(&e, rng);
        s = rand_scalar(&e, rng);
        t = rand_scalar(&e, rng);
        lin(&e, p, k, NULL, NULL);
        lin(&e, q, s, p, t);
        put_point(&e, it, p);
        put32(it + 64, s);
        put32(it + 96, t);
        EC_POINT_get_affine_coordinates(e.g, q, x, NULL, e.bn);
        BN_nnmod(v, x, e.n, e.bn);
        if (i & 1) {
            BN_add_word(v, 1);
            BN_nnmod(v, v, e.n, e.bn);
        }
        put32(it + 128, v);
        want[i] = (i & 1) ? SLUICE_SIG_MISMATCH : SLUICE_SIG_VALID;
        BN_free(k);
        BN_free(s);
        BN_free(t);
    }
    /* x1 >= n: Q with x in [n, p), P = Q - G, s = t = 1 gives Q; v = x1 - n. */
    BIGNUM *one = BN_new(), *tt = BN_new(), *ss = BN_new();
    BN_one(one);
    BN_copy(x, e.n);
    do BN_add_word(x, 1);
    while (EC_POINT_set_compressed_coordinates(e.g, q, x, 0, e.bn) != 1);
    EC_POINT_copy(p, g);
    EC_POINT_invert(e.g, p, e.bn);
    EC_POINT_add(e.g, p, q, p, e.bn);
    for (int c = 0; c < 2; c++) {
        uint8_t *it = work + (count + c) * ITEM;
        put_point(&e, it, p);
        put32(it + 64, one);
        put32(it + 96, one);
        BN_sub(v, x, e.n);
        if (c) BN_add_word(v, 1);
        put32(it + 128, v);
        want[count + c] = c ? SLUICE_SIG_MISMATCH : SLUICE_SIG_VALID;
    }
    /* P = G: 1 G + (n - 1) G = O; 3 G + (n - 3) G = O (inverse branch of an
     * addition); 3 G + 3 G = 6 G (doubling branch); 2 G + (n - 1) G = G. */
    const struct { unsigned s; unsigned tsub; unsigned tadd; uint8_t want; } sp[4] = {
        {1, 1, 0, SLUICE_SIG_INFINITY}, {3, 3, 0, SLUICE_SIG_INFINITY}, {3, 0, 3, SLUICE_SIG_VALID},
        {2, 1, 0, SLUICE_SIG_VALID}};
    for (int c = 0; c < 4; c++) {
        uint8_t *it = work + (count + 2 + c) * ITEM;
        put_point(&e, it, g);
        BN_set_word(ss, sp[c].s);
        if (sp[c].tsub) {
            BN_copy(tt, e.n);
            BN_sub_word(tt, sp[c].tsub);
        } else {
            BN_set_word(tt, sp[c].tadd);
        }
        put32(it + 64, ss);
        put32(it + 96, tt);
        BN_zero(v);
        if (sp[c].want == SLUICE_SIG_VALID) {
            lin(&e, q, ss, g, tt);
            EC_POINT_get_affine_coordinates(e.g, q, x, NULL, e.bn);
            BN_nnmod(v, x, e.n, e.bn);
        } else {
            BN_one(v);
        }
        put32(it + 128, v);
        want[count + 2 + c] = sp[c].want;
    }
    run_items(ctx, SLUICE_SIG_SM2, work, n, want, sl_sm2_device_check_var, "SM2 items");
    BN_free(one);
    BN_free(tt);
    BN_free(ss);
    BN_free(x);
    BN_free(v);
    EC_POINT_free(p);
    EC_POINT_free(q);
    EC_POINT_free(g);
    free(work);
    free(want);
    ec_env_free(&e);
}

/* BIP340: random P = k G with even y, s, e; R = s G - e P, r = x(R): VALID when
 * y(R) is even, else MISMATCH; r + 1: MISMATCH; then O and the doubling and
 * inverse branches. */
static void test_bip340_items(sluice_sig_accel *ctx, tu_rng *rng, size_t count)
{
    ec_env e;
    CHECK(ec_env_init(&e, NID_secp256k1));
    const size_t n = count + 4;
    uint8_t *work = calloc(n, ITEM), *want = calloc(n, 1);
    EC_POINT *p = EC_POINT_new(e.g), *q = EC_POINT_new(e.g), *g = EC_POINT_new(e.g);
    BIGNUM *x = BN_new(), *y = BN_new(), *ne = BN_new(), *ss = BN_new();
    EC_POINT_copy(g, EC_GROUP_get0_generator(e.g));
    for (size_t i = 0; i < n; i++) {
        uint8_t *it = work + i * ITEM;
        BIGNUM *s, *ee;
        if (i < count) {
            BIGNUM *k = rand_scalar(&e, rng);
            lin(&e, p, k, NULL, NULL);
            EC_POINT_get_affine_coordinates(e.g, p, x, y, e.bn);
            if (BN_is_odd(y)) EC_POINT_invert(e.g, p, e.bn);
            BN_free(k);
            s = rand_scalar(&e, rng);
            ee = rand_scalar(&e, rng);
        } else {
            /* P = G (even y): s = e = 5 -> O; s = 2, e = n - 2 -> 2 G + 2 G
             * (doubling); s = 3, e = 3 + ... -> inverse: s = 3, e = 3 -> O via the
             * comb's inverse branch; s = 7, e = 2 -> 5 G. */
            static const unsigned sv[4] = {5, 2, 3, 7}, ev[4] = {5, 0, 3, 2};
            EC_POINT_copy(p, g);
            s = BN_new();
            ee = BN_new();
            BN_set_word(s, sv[i - count]);
            if (i - count == 1) {
                BN_copy(ee, e.n);
                BN_sub_word(ee, 2);
            } else {
                BN_set_word(ee, ev[i - count]);
            }
        }
        BN_sub(ne, e.n, ee);
        lin(&e, q, s, p, ne);
        put_point(&e, it, p);
        put32(it + 64, s);
        put32(it + 96, ee);
        if (EC_POINT_is_at_infinity(e.g, q)) {
            BN_one(x);
            want[i] = SLUICE_SIG_INFINITY;
        } else {
            EC_POINT_get_affine_coordinates(e.g, q, x, y, e.bn);
            want[i] = BN_is_odd(y) ? SLUICE_SIG_MISMATCH : SLUICE_SIG_VALID;
            if (i < count && (i & 1)) {
                BN_add_word(x, 1);
                want[i] = SLUICE_SIG_MISMATCH;
            }
        }
        put32(it + 128, x);
        BN_free(s);
        BN_free(ee);
    }
    CHECK(want[count] == SLUICE_SIG_INFINITY && want[count + 2] == SLUICE_SIG_INFINITY);
    run_items(ctx, SLUICE_SIG_BIP340, work, n, want, sl_bip340_device_check_var, "BIP340 items");
    BN_free(x);
    BN_free(y);
    BN_free(ne);
    BN_free(ss);
    EC_POINT_free(p);
    EC_POINT_free(q);
    EC_POINT_free(g);
    free(work);
    free(want);
    ec_env_free(&e);
}

/* ---- signatures ----------------------------------------------------------------- */

/* Device verdicts of n items of one scheme vs sluice_sig_verify; want (may be
 * NULL) the expected validity. Returns the seconds verify took. */
static double compare_items(sluice_sig_accel *ctx, sluice_sig_scheme s, const sluice_sig_item *items, size_t n,
                            const int *want_valid, const char *label)
{
    uint8_t *got = malloc(n ? n : 1);
    CHECK(got != NULL);
    if (!got) return 0;
    memset(got, 0xee, n);
    const double t0 = now_s();
    const int ok = report(ctx, sluice_sig_accel_verify(ctx, s, items, n, got), label);
    const double dt = now_s() - t0;
    unsigned bad = 0, valid = 0;
    for (size_t i = 0; ok && i < n; i++) {
        const sluice_sig_status cpu = sluice_sig_verify(&items[i], NULL);
        const int w = want_valid ? want_valid[i] : -1;
        if ((got[i] != cpu || (w >= 0 && (got[i] == SLUICE_SIG_VALID) != w)) && bad++ < 5)
            fprintf(stderr, "  %s item %zu: device %u (%s), CPU %u (%s), expected %s\n", label, i, got[i],
                    sluice_sig_status_str((sluice_sig_status)got[i]), (unsigned)cpu, sluice_sig_status_str(cpu),
                    w < 0 ? "-" : w ? "valid" : "invalid");
        valid += got[i] == SLUICE_SIG_VALID;
    }
    CHECK(ok && bad == 0);
    printf("  %s: %zu items (%u valid), every verdict equals sluice_sig_verify's%s\n", label, n, valid,
           bad ? " - NOT" : "");
    free(got);
    return dt;
}

static int hex_var(uint8_t *out, size_t cap, size_t *len, const char *hex)
{
    *len = 0;
    if (strcmp(hex, "-") == 0 || hex[0] == '\0') return 1;
    return sluice_hex_decode(out, cap, len, hex) == SLUICE_OK;
}

static void test_vectors(sluice_sig_accel *ctx)
{
    char line[2048];
    /* sm2.txt: one signature (GB/T 32918 Annex A), and the same with s + 1. */
    {
        uint8_t pub[65] = {4}, sig[2][64], id[64];
        size_t id_len = 0;
        char msg[256] = "";
        FILE *f = tu_open_vectors("sm2.txt");
        char name[64], value[1024];
        while (tu_next_line(f, line, sizeof line)) {
            if (sscanf(line, "%63s %1023[^\n]", name, value) != 2) continue;
            if (!strcmp(name, "id")) CHECK(hex_var(id, sizeof id, &id_len, value));
            if (!strcmp(name, "public_x")) CHECK(sluice_hex_decode_exact(pub + 1, 32, value) == SLUICE_OK);
            if (!strcmp(name, "public_y")) CHECK(sluice_hex_decode_exact(pub + 33, 32, value) == SLUICE_OK);
            if (!strcmp(name, "message_ascii")) snprintf(msg, sizeof msg, "%.200s", value);
            if (!strcmp(name, "r")) CHECK(sluice_hex_decode_exact(sig[0], 32, value) == SLUICE_OK);
            if (!strcmp(name, "s")) CHECK(sluice_hex_decode_exact(sig[0] + 32, 32, value) == SLUICE_OK);
        }
        fclose(f);
        memcpy(sig[1], sig[0], 64);
        sig[1][63] ^= 1;
        sluice_sig_item it[2];
        for (int i = 0; i < 2; i++) {
            sluice_sig_item x = {SLUICE_SIG_SM2, pub, 65, (const uint8_t *)msg, strlen(msg), sig[i], 64, id, id_len};
            it[i] = x;
        }
        const int want[2] = {1, 0};
        compare_items(ctx, SLUICE_SIG_SM2, it, 2, want, "sm2.txt");
    }
    /* bip340.csv: index,secret key,public key,aux_rand,message,signature,result,comment */
    {
        enum { MAXV = 64 };
        static uint8_t pub[MAXV][32], msg[MAXV][256], sig[MAXV][64];
        sluice_sig_item it[MAXV];
        int want[MAXV];
        size_t n = 0;
        FILE *f = tu_open_vectors("bip340.csv");
        while (tu_next_line(f, line, sizeof line) && n < MAXV) {
            if (!strncmp(line, "index", 5)) continue;
            char *fld[8] = {0};
            int nf = 0;
            for (char *p = line; nf < 8;) {
                fld[nf++] = p;
                char *c = strchr(p, ',');
                if (!c) break;
                *c = '\0';
                p = c + 1;
            }
            if (nf < 7) continue;
            size_t ml = 0, pl = 0, sl = 0;
            const int ok = hex_var(pub[n], 32, &pl, fld[2]) && hex_var(msg[n], sizeof msg[n], &ml, fld[4]) &&
                           hex_var(sig[n], 64, &sl, fld[5]);
            CHECK(ok && pl == 32 && sl == 64);
            sluice_sig_item x = {SLUICE_SIG_BIP340, pub[n], pl, msg[n], ml, sig[n], sl, NULL, 0};
            it[n] = x;
            want[n] = strcmp(fld[6], "TRUE") == 0;
            n++;
        }
        fclose(f);
        CHECK(n >= 15);
        compare_items(ctx, SLUICE_SIG_BIP340, it, n, want, "bip340.csv");
    }
    /* ed25519.txt: public_key message_hex signature go_accepts strict_accepts comment */
    {
        enum { MAXV = 64 };
        static uint8_t pub[MAXV][32], msg[MAXV][1024], sig[MAXV][64];
        sluice_sig_item it[MAXV];
        int want[MAXV];
        size_t n = 0;
        FILE *f = tu_open_vectors("ed25519.txt");
        while (tu_next_line(f, line, sizeof line) && n < MAXV) {
            char ph[80], mh[2100], sh[140];
            int go = 0, strict = 0;
            if (sscanf(line, "%79s %2099s %139s %d %d", ph, mh, sh, &go, &strict) != 5) continue;
            size_t ml = 0, pl = 0, sl = 0;
            CHECK(hex_var(pub[n], 32, &pl, ph) && hex_var(msg[n], sizeof msg[n], &ml, mh) &&
                  hex_var(sig[n], 64, &sl, sh));
            sluice_sig_item x = {SLUICE_SIG_ED25519, pub[n], pl, msg[n], ml, sig[n], sl, NULL, 0};
            it[n] = x;
            want[n] = go;
            n++;
        }
        fclose(f);
        CHECK(n >= 5);
        compare_items(ctx, SLUICE_SIG_ED25519, it, n, want, "ed25519.txt");
    }
}

static const char *const scheme_label[3] = {"SM2 signatures", "BIP340 signatures", "Ed25519 signatures"};

/* Oracle-made signatures, every other one corrupted by a bit flip. */
static void test_oracle(sluice_sig_accel *ctx, size_t count, uint64_t seed)
{
    sig_testgen_rec *recs = calloc(count, sizeof *recs);
    sluice_sig_item *items = calloc(count, sizeof *items);
    int *want = calloc(count, sizeof *want);
    CHECK(recs && items && want);
    for (int s = 0; recs && items && want && s < SLUICE_SIG_NSCHEMES; s++) {
        if (sig_testgen((sluice_sig_scheme)s, recs, count, 8, seed + (uint64_t)s) != 0) {
            CHECK(!"sig_testgen");
            continue;
        }
        tu_rng rng;
        tu_rng_seed(&rng, seed ^ 0x5157u);
        for (size_t i = 0; i < count; i++) {
            want[i] = (i & 1) == 0;
            if (!want[i]) sig_testgen_corrupt(&recs[i], tu_rng_next(&rng));
            items[i] = sig_testgen_item(&recs[i]);
        }
        compare_items(ctx, (sluice_sig_scheme)s, items, count, want, scheme_label[s]);
    }
    free(recs);
    free(items);
    free(want);
}

/* Ed25519 keys of small order: the identity (y = 1), the point of order 2
 * (y = -1) and the two of order 4 (y = 0, either sign), each with signatures
 * R = a B (a key's public point), s = a mod L on random messages, so R' =
 * [s]B - [k]A = R + [k](-A) depends on k mod the order of A. */
static void test_ed25519_torsion(sluice_sig_accel *ctx, tu_rng *rng)
{
    enum { NKEYS = 4, NMSG = 16, N = NKEYS * NMSG };
    static uint8_t pubs[NKEYS][32], sigs[N][64], msgs[N][48];
    memset(pubs, 0, sizeof pubs);
    pubs[0][0] = 1;                                  /* identity */
    memset(pubs[1], 0xff, 32);                       /* y = p - 1: order 2 */
    pubs[1][0] = 0xec;
    pubs[1][31] = 0x7f;
    pubs[3][31] = 0x80;                              /* y = 0, x odd: order 4 */
    /* L = 2^252 + 27742317777372353535851937790883648493 */
    BIGNUM *L = NULL, *a = BN_new();
    BN_CTX *bn = BN_CTX_new();
    BN_dec2bn(&L, "7237005577332262213973186563042994240857116359379907606001950938285454250989");
    sluice_sig_item items[N];
    for (int i = 0; i < N; i++) {
        uint8_t seed[32], h[64], pub[32];
        tu_rng_bytes(rng, seed, sizeof seed);
        EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
        size_t pl = 32;
        unsigned hl = 64;
        CHECK(pk && EVP_PKEY_get_raw_public_key(pk, pub, &pl) == 1 && pl == 32);
        EVP_PKEY_free(pk);
        /* RFC 8032 5.1.5: a = clamp(SHA-512(seed)[0..32]), little-endian. */
        CHECK(EVP_Digest(seed, 32, h, &hl, EVP_sha512(), NULL) == 1);
        h[0] &= 248;
        h[31] &= 127;
        h[31] |= 64;
        BN_lebin2bn(h, 32, a);
        BN_nnmod(a, a, L, bn);
        memcpy(sigs[i], pub, 32);
        BN_bn2lebinpad(a, sigs[i] + 32, 32);
        tu_rng_bytes(rng, msgs[i], sizeof msgs[i]);
        sluice_sig_item x = {SLUICE_SIG_ED25519, pubs[i / NMSG], 32, msgs[i], (size_t)(i % 48), sigs[i], 64, NULL, 0};
        items[i] = x;
    }
    uint8_t got[N];
    int valid[NKEYS] = {0, 0, 0, 0};
    if (report(ctx, sluice_sig_accel_verify(ctx, SLUICE_SIG_ED25519, items, N, got), "torsion keys")) {
        unsigned bad = 0;
        for (int i = 0; i < N; i++) {
            const sluice_sig_status cpu = sluice_sig_verify(&items[i], NULL);
            if (got[i] != cpu && bad++ < 5)
                fprintf(stderr, "  torsion item %d (key %d): device %u, CPU %u\n", i, i / NMSG, got[i], (unsigned)cpu);
            valid[i / NMSG] += got[i] == SLUICE_SIG_VALID;
        }
        CHECK(bad == 0);
    }
    /* The identity key accepts all; order 2 exactly the even k (some of 16). */
    CHECK(valid[0] == NMSG);
    CHECK(valid[1] > 0 && valid[1] < NMSG);
    printf("  Ed25519 small-order keys: valid %d/%d (identity), %d/%d (order 2), %d/%d, %d/%d (order 4), as the CPU\n",
           valid[0], NMSG, valid[1], NMSG, valid[2], NMSG, valid[3], NMSG);
    BN_free(L);
    BN_free(a);
    BN_CTX_free(bn);
}

/* ---- batch with the offload hook ---------------------------------------------- */

typedef struct {
    const sluice_sig_offload *inner;
    size_t calls, items;
} counting_hook;

static sluice_err counting_verify(void *c, sluice_sig_scheme s, const sluice_sig_item *items, size_t n,
                                  uint8_t *status)
{
    counting_hook *h = c;
    h->calls++;
    h->items += n;
    return h->inner->verify(h->inner->ctx, s, items, n, status);
}

static void test_batch(sluice_sig_accel *ctx, size_t per_scheme, uint64_t seed)
{
    const size_t n = 3 * per_scheme;
    sig_testgen_rec *recs = calloc(n, sizeof *recs);
    uint8_t *st = malloc(n);
    CHECK(recs && st);
    if (!recs || !st) goto done;
    for (int s = 0; s < SLUICE_SIG_NSCHEMES; s++)
        CHECK(sig_testgen((sluice_sig_scheme)s, recs + s * per_scheme, per_scheme, 16, seed + 7 * (uint64_t)s) == 0);
    tu_rng rng;
    tu_rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++)
        if (tu_rng_next(&rng) % 5 == 0) sig_testgen_corrupt(&recs[i], tu_rng_next(&rng));
    counting_hook h = {sluice_sig_accel_offload(ctx), 0, 0};
    sluice_sig_offload hook = *h.inner;
    hook.ctx = &h;
    hook.verify = counting_verify;
    hook.min_items = 16;   /* so a test-sized group reaches the device */
    hook.share = 0.5;
    sluice_sig_batch_opts opts = {2, 0, 0, &hook};
    sluice_sig_batch *b = NULL;
    CHECK(sluice_sig_batch_new(&b, &opts) == SLUICE_OK);
    if (!b) goto done;
    for (size_t i = 0; i < n; i++) {   /* interleaved schemes */
        const size_t j = (i % 3) * per_scheme + i / 3;
        sluice_sig_item it = sig_testgen_item(&recs[j]);
        CHECK(sluice_sig_batch_add(b, &it) == SLUICE_OK);
    }
    size_t n_invalid = 0, want_invalid = 0;
    CHECK(sluice_sig_batch_run(b, st, &n_invalid) == SLUICE_OK);
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        const size_t j = (i % 3) * per_scheme + i / 3;
        sluice_sig_item it = sig_testgen_item(&recs[j]);
        const sluice_sig_status cpu = sluice_sig_verify(&it, NULL);
        want_invalid += cpu != SLUICE_SIG_VALID;
        if (st[i] != cpu && bad++ < 5) fprintf(stderr, "  batch item %zu: %u, single %u\n", i, st[i], (unsigned)cpu);
    }
    CHECK(bad == 0 && n_invalid == want_invalid);
    CHECK(h.calls >= 1 && h.items >= 1);
    printf("  batch of %zu with the offload hook: %zu items in %zu device calls, verdicts equal the single checks%s\n",
           n, h.items, h.calls, bad ? " - NOT" : "");
    sluice_sig_batch_free(b);
done:
    free(recs);
    free(st);
}

/* Device throughput per scheme (printed, never asserted): n valid signatures
 * over 64 keys, verify (host preparation + device) and the device part alone. */
static void throughput(sluice_sig_accel *ctx, size_t n)
{
    sig_testgen_rec *recs = calloc(n, sizeof *recs);
    sluice_sig_item *items = calloc(n, sizeof *items);
    uint8_t *work = malloc(n * ITEM), *need = malloc(n), *st = malloc(n);
    for (int s = 0; recs && items && work && need && st && s < SLUICE_SIG_NSCHEMES; s++) {
        if (sig_testgen((sluice_sig_scheme)s, recs, n, 64, 99 + (uint64_t)s) != 0) continue;
        for (size_t i = 0; i < n; i++) items[i] = sig_testgen_item(&recs[i]);
        double t0 = now_s();
        sluice_err e1 = sluice_sig_accel_verify(ctx, (sluice_sig_scheme)s, items, n, st);
        const double t_verify = now_s() - t0;
        size_t valid = 0;
        for (size_t i = 0; i < n; i++) valid += st[i] == SLUICE_SIG_VALID;
        CHECK(e1 == SLUICE_OK && valid == n);
        CHECK(sluice_sig_device_prepare(NULL, items, n, work, need, st) == SLUICE_OK);
        t0 = now_s();
        sluice_err e2 = sl_sig_accel_run_work(ctx, (sluice_sig_scheme)s, work, n, st);
        const double t_dev = now_s() - t0;
        CHECK(e2 == SLUICE_OK);
        printf("  throughput %s: %zu items, verify %.0f items/s, device part %.0f items/s\n",
               sluice_sig_scheme_name((sluice_sig_scheme)s), n, (double)n / t_verify, (double)n / t_dev);
    }
    free(recs);
    free(items);
    free(work);
    free(need);
    free(st);
}

int sig_accel_suite_run(sluice_accel_api api, const sluice_accel_device *dev)
{
    const int before = tu_failures;
    printf("sig suite on %s %u.%u (%s)\n", sluice_accel_api_name(api), dev->platform, dev->index, dev->name);
    sluice_sig_accel *ctx = new_ctx(dev);
    if (!ctx) return tu_failures - before;
    const suite_plan plan = dev->is_cpu ? (suite_plan){64, 64, 96} : (suite_plan){4096, 2048, 4096};
    tu_rng rng;
    tu_rng_seed(&rng, 0x51600001u);
    test_errors(dev, ctx);
    test_tables(ctx, &rng);
    test_sm2_items(ctx, &rng, plan.crafted);
    test_bip340_items(ctx, &rng, plan.crafted);
    test_vectors(ctx);
    test_oracle(ctx, plan.oracle, 0x5160u);
    test_ed25519_torsion(ctx, &rng);
    test_batch(ctx, plan.batch, 0x5161u);
    const char *tp = getenv("SLUICE_SIG_ACCEL_THROUGHPUT");
    if (tp && atol(tp) > 0) throughput(ctx, (size_t)atol(tp));
    sluice_sig_accel_free(ctx);
    return tu_failures - before;
}
