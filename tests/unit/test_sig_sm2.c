/* SM2 signature verification (engine/sig/sm2_*.c, engine/ec/sm2_group.c):
 * the GB/T 32918 example (Z_A, e, r, s), OpenSSL 3.0 as the differential
 * oracle (signatures it makes must verify, bit flips it rejects we reject),
 * every verdict of the spec's order with a crafted input, compressed keys,
 * strict DER, user IDs, the batch and the accelerator work item (its check
 * recomputed on the CPU), and the wNAF recoding. */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/ec/sm2_group.h"
#include "../../engine/ec/sm2_lanes.h"
#include "../../engine/sig/sig_internal.h"
#include "../../engine/sig/sm2_sig.h"
#include "sluice/hex.h"
#include "sluice/sm3.h"
#include "testutil.h"

#define NDIFF 2000 /* oracle signatures */
#define NKEYS 400

static const char *N_HEX = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123";
static const char *P_HEX = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF";

static _Alignas(64) uint8_t keybuf[SL_SIG_KEY_MAX];

/* ---- helpers ------------------------------------------------------------- */

static void bn_b32(uint8_t out[32], const BIGNUM *x) {
    CHECK(BN_bn2binpad(x, out, 32) == 32);
}

static void compress(uint8_t out[33], const uint8_t pub65[65]) {
    out[0] = (uint8_t)(0x02 | (pub65[64] & 1));
    memcpy(out + 1, pub65 + 1, 32);
}

/* Verdict through the prepared key (BAD_PUBKEY/BAD_ID from key_prepare),
 * checked equal on the light key (fresh from key_prepare) and on the same key
 * after sl_sm2_key_upgrade (the eight window-6 split tables). */
static sluice_sig_status verify_prepared(const uint8_t *pub, size_t pub_len, const uint8_t *id,
                                         size_t id_len, const uint8_t *msg, size_t msg_len,
                                         const uint8_t *sig, size_t sig_len) {
    sluice_sig_status st = sl_sm2_key_prepare(keybuf, pub, pub_len, id, id_len);
    if (st != SLUICE_SIG_VALID)
        return st;
    const sl_sm2_key *k = (const sl_sm2_key *)keybuf;
    CHECK(k->tables_ready == 0);
    sluice_sig_status light = sl_sm2_verify_key(keybuf, msg, msg_len, sig, sig_len);
    sl_sm2_key_upgrade(keybuf);
    CHECK(k->tables_ready == 1);
    sluice_sig_status full = sl_sm2_verify_key(keybuf, msg, msg_len, sig, sig_len);
    CHECK(light == full);
    return full;
}

/* Both paths must agree; returns the verdict. */
static sluice_sig_status verify_both(const uint8_t *pub, size_t pub_len, const uint8_t *id,
                                     size_t id_len, const uint8_t *msg, size_t msg_len,
                                     const uint8_t *sig, size_t sig_len) {
    sluice_sig_status a = sluice_sm2_verify(pub, pub_len, id, id_len, msg, msg_len, sig, sig_len);
    sluice_sig_status b = verify_prepared(pub, pub_len, id, id_len, msg, msg_len, sig, sig_len);
    CHECK(a == b);
    return a;
}

/* DER of (r, s) from 64 raw bytes, by OpenSSL. Returns the length. */
static size_t der_of(uint8_t *out, const uint8_t raw[64]) {
    ECDSA_SIG *es = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, 32, NULL), *s = BN_bin2bn(raw + 32, 32, NULL);
    ECDSA_SIG_set0(es, r, s);
    unsigned char *p = out;
    int n = i2d_ECDSA_SIG(es, &p);
    ECDSA_SIG_free(es);
    CHECK(n > 0);
    return n > 0 ? (size_t)n : 0;
}

/* OpenSSL SM2 key pair. */
static EVP_PKEY *ossl_key(void) {
    EVP_PKEY_CTX *k = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    EVP_PKEY *p = NULL;
    if (!k || EVP_PKEY_keygen_init(k) <= 0 || EVP_PKEY_generate(k, &p) <= 0)
        p = NULL;
    EVP_PKEY_CTX_free(k);
    return p;
}

static int ossl_pub(EVP_PKEY *pk, uint8_t pub[65]) {
    size_t len = 0;
    return EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub, 65, &len) >
               0 && len == 65;
}

/* Signs with OpenSSL under the given ID (DER out). */
static size_t ossl_sign(EVP_PKEY *pk, const uint8_t *id, size_t id_len, const uint8_t *msg,
                        size_t msg_len, uint8_t der[80]) {
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(pk, NULL);
    size_t len = 80;
    int ok = m && pc && EVP_PKEY_CTX_set1_id(pc, id, (int)id_len) > 0;
    if (ok) {
        EVP_MD_CTX_set_pkey_ctx(m, pc);
        ok = EVP_DigestSignInit(m, NULL, EVP_sm3(), NULL, pk) > 0 &&
             EVP_DigestSign(m, der, &len, msg, msg_len) > 0;
    }
    EVP_MD_CTX_free(m);
    EVP_PKEY_CTX_free(pc);
    CHECK(ok);
    return ok ? len : 0;
}

/* OpenSSL's verdict (1 valid) on a 65-byte key, default ID, DER signature. */
static int ossl_verify(const uint8_t pub[65], const uint8_t *msg, size_t msg_len,
                       const uint8_t *der, size_t der_len) {
    OSSL_PARAM params[3];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)"SM2", 0);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pub, 65);
    params[2] = OSSL_PARAM_construct_end();
    EVP_PKEY_CTX *fc = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    EVP_PKEY *pk = NULL;
    int ok = fc && EVP_PKEY_fromdata_init(fc) > 0 &&
             EVP_PKEY_fromdata(fc, &pk, EVP_PKEY_PUBLIC_KEY, params) > 0;
    EVP_PKEY_CTX_free(fc);
    if (!ok)
        return 0;
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(pk, NULL);
    int res = 0;
    if (m && pc && EVP_PKEY_CTX_set1_id(pc, SL_SM2_DEFAULT_ID, 16) > 0) {
        EVP_MD_CTX_set_pkey_ctx(m, pc);
        res = EVP_DigestVerifyInit(m, NULL, EVP_sm3(), NULL, pk) > 0 &&
              EVP_DigestVerify(m, der, der_len, msg, msg_len) == 1;
    }
    EVP_MD_CTX_free(m);
    EVP_PKEY_CTX_free(pc);
    EVP_PKEY_free(pk);
    return res;
}

/* ---- the GB/T 32918 example ---------------------------------------------- */

static void test_vector(void) {
    FILE *f = tu_open_vectors("sm2.txt");
    char line[512];
    uint8_t id[64], px[32], py[32], za[32], e[32], r[32], s[32];
    size_t id_len = 0;
    char msg[128] = "";
    int seen = 0;
    while (tu_next_line(f, line, sizeof line)) {
        char *v = strchr(line, ' ');
        if (!v)
            continue;
        *v++ = 0;
        if (!strcmp(line, "id")) {
            CHECK(sluice_hex_decode(id, sizeof id, &id_len, v) == SLUICE_OK);
            seen |= 1;
        } else if (!strcmp(line, "public_x")) {
            CHECK(sluice_hex_decode_exact(px, 32, v) == SLUICE_OK);
            seen |= 2;
        } else if (!strcmp(line, "public_y")) {
            CHECK(sluice_hex_decode_exact(py, 32, v) == SLUICE_OK);
            seen |= 4;
        } else if (!strcmp(line, "message_ascii")) {
            snprintf(msg, sizeof msg, "%s", v);
            seen |= 8;
        } else if (!strcmp(line, "za")) {
            CHECK(sluice_hex_decode_exact(za, 32, v) == SLUICE_OK);
            seen |= 16;
        } else if (!strcmp(line, "e")) {
            CHECK(sluice_hex_decode_exact(e, 32, v) == SLUICE_OK);
            seen |= 32;
        } else if (!strcmp(line, "r")) {
            CHECK(sluice_hex_decode_exact(r, 32, v) == SLUICE_OK);
            seen |= 64;
        } else if (!strcmp(line, "s")) {
            CHECK(sluice_hex_decode_exact(s, 32, v) == SLUICE_OK);
            seen |= 128;
        }
    }
    fclose(f);
    CHECK(seen == 255);
    CHECK(!strcmp(msg, "message digest"));
    uint8_t pub[65], pubc[33], sig[64], got[32], der[80];
    pub[0] = 0x04;
    memcpy(pub + 1, px, 32);
    memcpy(pub + 33, py, 32);
    compress(pubc, pub);
    memcpy(sig, r, 32);
    memcpy(sig + 32, s, 32);
    sl_sm2_ge p;
    CHECK(sl_sm2_pub_decode_var(&p, pub, 65));
    CHECK(sl_sm2_za(got, id, id_len, &p));
    CHECK_MEM(got, za, 32);
    CHECK(sl_sm2_za(got, NULL, 0, &p)); /* NULL = the default ID, the vector's */
    CHECK_MEM(got, za, 32);
    sluice_sm3_ctx c;
    sluice_sm3_init(&c);
    sluice_sm3_update(&c, za, 32);
    sluice_sm3_update(&c, msg, strlen(msg));
    sluice_sm3_final(&c, got);
    CHECK_MEM(got, e, 32);
    const uint8_t *m = (const uint8_t *)msg;
    size_t ml = strlen(msg);
    CHECK(verify_both(pub, 65, id, id_len, m, ml, sig, 64) == SLUICE_SIG_VALID);
    CHECK(verify_both(pub, 65, NULL, 0, m, ml, sig, 64) == SLUICE_SIG_VALID);
    CHECK(verify_both(pubc, 33, NULL, 0, m, ml, sig, 64) == SLUICE_SIG_VALID);
    size_t dl = der_of(der, sig);
    CHECK(verify_both(pubc, 33, NULL, 0, m, ml, der, dl) == SLUICE_SIG_VALID);
    CHECK(verify_both(pub, 65, NULL, 0, m, ml - 1, sig, 64) == SLUICE_SIG_MISMATCH);
}

/* ---- OpenSSL differential ------------------------------------------------ */

/* One OpenSSL-made item (own storage; this test makes its own so that it
 * links without the other schemes). */
typedef struct {
    uint8_t pub[65];
    size_t pub_len;
    uint8_t msg[128];
    size_t msg_len;
    uint8_t sig[64];
} sm2_rec;

/* n records over nkeys OpenSSL keys (round-robin), random messages of
 * 0..127 bytes, default ID, r ‖ s taken from OpenSSL's DER by OpenSSL. */
static int gen_recs(sm2_rec *out, size_t n, size_t nkeys, uint64_t seed) {
    tu_rng rng;
    tu_rng_seed(&rng, seed);
    EVP_PKEY **keys = calloc(nkeys, sizeof *keys);
    int rc = keys ? 0 : -1;
    for (size_t k = 0; k < nkeys && !rc; k++)
        if (!(keys[k] = ossl_key()))
            rc = -1;
    for (size_t i = 0; i < n && !rc; i++) {
        sm2_rec *r = &out[i];
        uint8_t der[80];
        r->msg_len = (size_t)(tu_rng_next(&rng) % sizeof r->msg);
        tu_rng_bytes(&rng, r->msg, r->msg_len);
        r->pub_len = 65;
        if (!ossl_pub(keys[i % nkeys], r->pub)) {
            rc = -1;
            break;
        }
        size_t dl = ossl_sign(keys[i % nkeys], (const uint8_t *)SL_SM2_DEFAULT_ID, 16, r->msg,
                              r->msg_len, der);
        const unsigned char *dp = der;
        ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &dp, (long)dl);
        const BIGNUM *br, *bs;
        if (!es) {
            rc = -1;
            break;
        }
        ECDSA_SIG_get0(es, &br, &bs);
        if (BN_bn2binpad(br, r->sig, 32) != 32 || BN_bn2binpad(bs, r->sig + 32, 32) != 32)
            rc = -1;
        ECDSA_SIG_free(es);
    }
    for (size_t k = 0; keys && k < nkeys; k++)
        EVP_PKEY_free(keys[k]);
    free(keys);
    return rc;
}

static sluice_sig_item rec_item(const sm2_rec *r) {
    sluice_sig_item it = {SLUICE_SIG_SM2, r->pub, r->pub_len, r->msg, r->msg_len, r->sig, 64,
                          NULL, 0};
    return it;
}

/* Flips one bit (chosen by sel) of the signature, the message or the key
 * coordinates (past the 04 prefix). */
static void rec_corrupt(sm2_rec *r, uint64_t sel) {
    uint64_t bit = sel >> 2;
    switch (sel % 3) {
    case 0:
        r->sig[(bit / 8) % 64] ^= (uint8_t)(1u << (bit % 8));
        break;
    case 1:
        if (r->msg_len) {
            r->msg[(bit / 8) % r->msg_len] ^= (uint8_t)(1u << (bit % 8));
        } else {
            r->msg[0] = 0;
            r->msg_len = 1;
        }
        break;
    default:
        r->pub[1 + (bit / 8) % 64] ^= (uint8_t)(1u << (bit % 8));
        break;
    }
}

static void test_oracle(void) {
    sm2_rec *recs = calloc(NDIFF, sizeof *recs);
    CHECK(recs && gen_recs(recs, NDIFF, NKEYS, 0x53324D32) == 0);
    if (!recs)
        return;
    tu_rng rng;
    tu_rng_seed(&rng, 77);
    int bad_valid = 0, bad_reject = 0, disagree = 0;
    for (size_t i = 0; i < NDIFF; i++) {
        sm2_rec *r = &recs[i];
        uint8_t pubc[33], der[80];
        compress(pubc, r->pub);
        int use_c = (int)(i & 1);
        const uint8_t *pk = use_c ? pubc : r->pub;
        size_t pkl = use_c ? 33 : 65;
        sluice_sig_status st = (i % 4 == 3) ? verify_both(pk, pkl, NULL, 0, r->msg, r->msg_len,
                                                          r->sig, 64)
                                            : sluice_sm2_verify(pk, pkl, NULL, 0, r->msg,
                                                                r->msg_len, r->sig, 64);
        bad_valid += st != SLUICE_SIG_VALID;
        if (i % 8 == 0) {
            size_t dl = der_of(der, r->sig);
            bad_valid += sluice_sm2_verify(pk, pkl, NULL, 0, r->msg, r->msg_len, der, dl) !=
                         SLUICE_SIG_VALID;
        }
        /* A bit flip anywhere must be rejected, by both verifiers. */
        sm2_rec bad = *r;
        rec_corrupt(&bad, tu_rng_next(&rng));
        st = (i % 4 == 1) ? verify_both(bad.pub, bad.pub_len, NULL, 0, bad.msg, bad.msg_len,
                                        bad.sig, 64)
                          : sluice_sm2_verify(bad.pub, bad.pub_len, NULL, 0, bad.msg, bad.msg_len,
                                              bad.sig, 64);
        bad_reject += st == SLUICE_SIG_VALID;
        if (i % 10 == 0) {
            size_t dl = der_of(der, bad.sig);
            int o = ossl_verify(bad.pub, bad.msg, bad.msg_len, der, dl);
            disagree += o != (st == SLUICE_SIG_VALID);
            dl = der_of(der, r->sig);
            disagree += ossl_verify(r->pub, r->msg, r->msg_len, der, dl) != 1;
        }
    }
    CHECK(bad_valid == 0);
    CHECK(bad_reject == 0);
    CHECK(disagree == 0);

    /* Batch: statuses equal verify_key item by item, NULL keys skipped. */
    enum { NB = 64 };
    static _Alignas(64) uint8_t keys[NB][sizeof(sl_sm2_key)];
    const void *kp[NB];
    sluice_sig_item items[NB];
    sm2_rec brec[NB];
    uint8_t status[NB];
    for (int i = 0; i < NB; i++) {
        brec[i] = recs[i];
        if (tu_rng_next(&rng) % 5 == 0)
            rec_corrupt(&brec[i], tu_rng_next(&rng));
        items[i] = rec_item(&brec[i]);
        sluice_sig_status ks = sl_sm2_key_prepare(keys[i], brec[i].pub, brec[i].pub_len, NULL, 0);
        if (ks == SLUICE_SIG_VALID && (i & 1))
            sl_sm2_key_upgrade(keys[i]); /* light and upgraded keys mixed */
        kp[i] = ks == SLUICE_SIG_VALID && i % 9 != 4 ? keys[i] : NULL;
        status[i] = 0xEE;
    }
    sl_sm2_verify_batch(kp, items, NB, status);
    int nbad = 0;
    for (int i = 0; i < NB; i++) {
        if (!kp[i]) {
            CHECK(status[i] == 0xEE);
            continue;
        }
        sluice_sig_status want = sl_sm2_verify_key(kp[i], items[i].msg, items[i].msg_len,
                                                   items[i].sig, items[i].sig_len);
        CHECK(status[i] == want);
        nbad += want != SLUICE_SIG_VALID;
    }
    CHECK(nbad > 0);

    /* Device items: the CPU recomputation of the device check agrees. */
    int dev_bad = 0, dev_sent = 0;
    for (int i = 0; i < 200; i++) {
        sm2_rec rr = recs[i];
        if (i & 1)
            rec_corrupt(&rr, tu_rng_next(&rng));
        sluice_sig_item it = rec_item(&rr);
        if (sl_sm2_key_prepare(keybuf, rr.pub, rr.pub_len, NULL, 0) != SLUICE_SIG_VALID)
            continue;
        sluice_sig_status want = sl_sm2_verify_key(keybuf, rr.msg, rr.msg_len, rr.sig, 64);
        uint8_t item[SL_SIG_DEVICE_ITEM];
        sluice_sig_status st = sl_sm2_device_item(keybuf, &it, item);
        if (st != SLUICE_SIG_VALID) {
            dev_bad += st != want;
            continue;
        }
        dev_sent++;
        dev_bad += sl_sm2_device_check_var(item) != want;
        dev_bad += memcmp(item, rr.pub + 1, 64) != 0;
    }
    CHECK(dev_bad == 0);
    CHECK(dev_sent > 100);
    free(recs);
}

/* ---- crafted negative cases, one per verdict ----------------------------- */

static void test_verdicts(void) {
    EVP_PKEY *pk = ossl_key();
    CHECK(pk != NULL);
    if (!pk)
        return;
    uint8_t pub[65], pubc[33], der[80], sig[64], msg[3] = {'a', 'b', 'c'};
    CHECK(ossl_pub(pk, pub));
    compress(pubc, pub);
    size_t dl = ossl_sign(pk, (const uint8_t *)SL_SM2_DEFAULT_ID, 16, msg, 3, der);
    CHECK(sluice_sm2_sig_from_der(der, dl, sig) == SLUICE_SIG_VALID);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, der, dl) == SLUICE_SIG_VALID);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_VALID);

    BN_CTX *bc = BN_CTX_new();
    BIGNUM *n = NULL, *p = NULL;
    BN_hex2bn(&n, N_HEX);
    BN_hex2bn(&p, P_HEX);
    uint8_t nb[32], bad[64], key2[65];
    bn_b32(nb, n);

    /* BAD_PUBKEY: lengths, prefixes, coordinates >= p, off the curve,
     * compressed x without a root, infinity. It comes before everything. */
    CHECK(verify_both(pub, 64, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
    CHECK(verify_both(pub, 0, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
    CHECK(verify_both(pubc, 32, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
    static const uint8_t prefixes[] = {0x00, 0x01, 0x05, 0x06, 0x07, 0xFF};
    for (size_t i = 0; i < sizeof prefixes; i++) {
        memcpy(key2, pub, 65);
        key2[0] = prefixes[i];
        CHECK(verify_both(key2, 65, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
        memcpy(key2, pubc, 33);
        key2[0] = prefixes[i];
        CHECK(verify_both(key2, 33, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
    }
    memcpy(key2, pub, 65);
    key2[64] ^= 1; /* off the curve */
    CHECK(verify_both(key2, 65, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
    memcpy(key2, pub, 65);
    bn_b32(key2 + 33, p); /* y = p */
    CHECK(verify_both(key2, 65, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
    {
        /* y + p with the same value mod p does not fit 32 bytes; x + p does
         * not either: use x = p (>= p) in the compressed form. */
        uint8_t c2[33];
        c2[0] = 0x02;
        bn_b32(c2 + 1, p);
        CHECK(verify_both(c2, 33, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
        /* an x with no point: search from x = 1 */
        int found = 0;
        for (uint8_t x = 1; x < 100 && !found; x++) {
            memset(c2 + 1, 0, 32);
            c2[32] = x;
            sl_sm2_ge g;
            sl_sm2_fe fx;
            sl_sm2_fe_set_b32(&fx, c2 + 1);
            if (!sl_sm2_ge_set_x_var(&g, &fx, 0)) {
                found = 1;
                CHECK(verify_both(c2, 33, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
            }
        }
        CHECK(found);
    }
    uint8_t zero1 = 0;
    CHECK(verify_both(&zero1, 1, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
    CHECK(verify_both(key2, 65, NULL, 0, msg, 3, sig, 63) == SLUICE_SIG_BAD_PUBKEY);

    /* BAD_ID before BAD_ENCODING; 8191 bytes still fine. */
    static uint8_t longid[8192];
    memset(longid, 'A', sizeof longid);
    CHECK(verify_both(pub, 65, longid, 8192, msg, 3, sig, 64) == SLUICE_SIG_BAD_ID);
    CHECK(verify_both(pub, 65, longid, 8192, msg, 3, sig, 63) == SLUICE_SIG_BAD_ID);
    CHECK(verify_both(pub, 65, longid, (size_t)1 << 40, msg, 3, sig, 64) == SLUICE_SIG_BAD_ID);
    CHECK(verify_both(pub, 65, longid, 8191, msg, 3, sig, 64) == SLUICE_SIG_MISMATCH);
    {
        uint8_t d2[80];
        /* OpenSSL 3.0 refuses IDs of 8191 bytes (id_len >= UINT16_MAX / 8),
         * one short of what the 16-bit ENTL allows: its longest is 8190. */
        size_t l2 = ossl_sign(pk, longid, 8190, msg, 3, d2);
        CHECK(verify_both(pub, 65, longid, 8190, msg, 3, d2, l2) == SLUICE_SIG_VALID);
        CHECK(verify_both(pub, 65, longid, 8191, msg, 3, d2, l2) == SLUICE_SIG_MISMATCH);
    }

    /* BAD_ENCODING */
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, sig, 63) == SLUICE_SIG_BAD_ENCODING);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, sig, 65) == SLUICE_SIG_BAD_ENCODING);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, sig, 0) == SLUICE_SIG_BAD_ENCODING);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, NULL, 64) == SLUICE_SIG_BAD_ENCODING);

    /* R_RANGE: r = 0, r = n, r = 2^256 - 1; before S_RANGE. */
    memcpy(bad, sig, 64);
    memset(bad, 0, 32);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, bad, 64) == SLUICE_SIG_R_RANGE);
    memset(bad + 32, 0, 32);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, bad, 64) == SLUICE_SIG_R_RANGE);
    memcpy(bad, nb, 32);
    memcpy(bad + 32, sig + 32, 32);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, bad, 64) == SLUICE_SIG_R_RANGE);
    memset(bad, 0xFF, 32);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, bad, 64) == SLUICE_SIG_R_RANGE);
    /* S_RANGE: s = 0, s = n, s = 2^256 - 1 */
    memcpy(bad, sig, 32);
    memset(bad + 32, 0, 32);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, bad, 64) == SLUICE_SIG_S_RANGE);
    memcpy(bad + 32, nb, 32);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, bad, 64) == SLUICE_SIG_S_RANGE);
    memset(bad + 32, 0xFF, 32);
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, bad, 64) == SLUICE_SIG_S_RANGE);
    /* T_ZERO: s = n - r */
    {
        BIGNUM *r = BN_bin2bn(sig, 32, NULL), *s = BN_new();
        BN_sub(s, n, r);
        memcpy(bad, sig, 32);
        bn_b32(bad + 32, s);
        CHECK(verify_both(pub, 65, NULL, 0, msg, 3, bad, 64) == SLUICE_SIG_T_ZERO);
        BN_free(r);
        BN_free(s);
    }
    /* MISMATCH: flip each byte of r, s, the message; wrong ID. */
    for (int i = 0; i < 64; i++) {
        memcpy(bad, sig, 64);
        bad[i] ^= (uint8_t)(1u << (i & 7));
        sluice_sig_status st = verify_both(pub, 65, NULL, 0, msg, 3, bad, 64);
        CHECK(st == SLUICE_SIG_MISMATCH || st == SLUICE_SIG_R_RANGE || st == SLUICE_SIG_S_RANGE);
    }
    msg[1] ^= 4;
    CHECK(verify_both(pub, 65, NULL, 0, msg, 3, sig, 64) == SLUICE_SIG_MISMATCH);
    msg[1] ^= 4;
    CHECK(verify_both(pub, 65, (const uint8_t *)"1234567812345679", 16, msg, 3, sig, 64) ==
          SLUICE_SIG_MISMATCH);
    CHECK(verify_both(pub, 65, (const uint8_t *)"", 0, msg, 3, sig, 64) == SLUICE_SIG_MISMATCH);

    /* Custom and empty IDs, signed by OpenSSL with the same ID. */
    {
        static const char *ids[] = {"", "A", "alice@example.com", "12345678123456781"};
        for (size_t i = 0; i < 4; i++) {
            const uint8_t *id = (const uint8_t *)ids[i];
            size_t il = strlen(ids[i]);
            uint8_t d2[80];
            size_t l2 = ossl_sign(pk, id, il, msg, 3, d2);
            CHECK(verify_both(pub, 65, id, il, msg, 3, d2, l2) == SLUICE_SIG_VALID);
            CHECK(verify_both(pubc, 33, id, il, msg, 3, d2, l2) == SLUICE_SIG_VALID);
            CHECK(verify_both(pub, 65, NULL, 0, msg, 3, d2, l2) == SLUICE_SIG_MISMATCH);
        }
    }

    /* INFINITY: with private key d (P = dG), s + t d = 0 mod n makes
     * s G + t P = O: pick r, then s = -r d / (1 + d). */
    {
        BIGNUM *d = NULL;
        CHECK(EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, &d) > 0);
        BIGNUM *r = BN_new(), *s = BN_new(), *t = BN_new();
        BN_set_word(r, 12345);
        BN_add(t, d, BN_value_one());
        BN_mod_inverse(t, t, n, bc);
        BN_mod_mul(s, r, d, n, bc);
        BN_mod_mul(s, s, t, n, bc);
        BN_sub(s, n, s);
        bn_b32(bad, r);
        bn_b32(bad + 32, s);
        CHECK(verify_both(pub, 65, NULL, 0, msg, 3, bad, 64) == SLUICE_SIG_INFINITY);
        CHECK(verify_both(pubc, 33, NULL, 0, msg, 3, bad, 64) == SLUICE_SIG_INFINITY);
        BN_free(d);
        BN_free(r);
        BN_free(s);
        BN_free(t);
    }
    BN_free(n);
    BN_free(p);
    BN_CTX_free(bc);
    EVP_PKEY_free(pk);
}

/* The final comparison's x1 >= n branch through the device check: a point
 * R with n <= x(R) < p, P = t^-1 (R - s G), v = x(R) - n must be VALID, and
 * v = x(R) - n + 1 MISMATCH (v + n >= p is never accepted). */
static void test_x1_above_n(void) {
    EC_GROUP *grp = EC_GROUP_new_by_curve_name(NID_sm2);
    BN_CTX *bc = BN_CTX_new();
    BIGNUM *n = NULL, *x = NULL, *y = BN_new(), *s = BN_new(), *t = BN_new(), *ti = BN_new();
    BN_hex2bn(&n, N_HEX);
    x = BN_dup(n);
    EC_POINT *R = EC_POINT_new(grp), *Q = EC_POINT_new(grp);
    int found = 0;
    for (int i = 0; i < 200 && !found; i++) {
        if (EC_POINT_set_compressed_coordinates(grp, R, x, 0, bc) == 1)
            found = 1;
        else
            BN_add_word(x, 1);
    }
    CHECK(found);
    BN_set_word(s, 0xABCDEF);
    BN_set_word(t, 0x13579);
    BN_mod_inverse(ti, t, n, bc);
    /* Q = t^-1 (R - s G) */
    EC_POINT_mul(grp, Q, s, NULL, NULL, bc);
    EC_POINT_invert(grp, Q, bc);
    EC_POINT_add(grp, Q, Q, R, bc);
    EC_POINT_mul(grp, Q, NULL, Q, ti, bc);
    BIGNUM *qx = BN_new(), *qy = BN_new(), *v = BN_new();
    EC_POINT_get_affine_coordinates(grp, Q, qx, qy, bc);
    uint8_t item[160];
    bn_b32(item, qx);
    bn_b32(item + 32, qy);
    bn_b32(item + 64, s);
    bn_b32(item + 96, t);
    BN_sub(v, x, n);
    bn_b32(item + 128, v);
    CHECK(sl_sm2_device_check_var(item) == SLUICE_SIG_VALID);
    BN_add_word(v, 1);
    bn_b32(item + 128, v);
    CHECK(sl_sm2_device_check_var(item) == SLUICE_SIG_MISMATCH);
    /* out-of-range item fields */
    bn_b32(item + 128, n);
    CHECK(sl_sm2_device_check_var(item) == SLUICE_SIG_BAD_ENCODING);
    /* Q is a valid public key (decodes, prepares). */
    uint8_t pub[65];
    pub[0] = 4;
    memcpy(pub + 1, item, 64);
    CHECK(sl_sm2_key_prepare(keybuf, pub, 65, NULL, 0) == SLUICE_SIG_VALID);
    BN_free(n); BN_free(x); BN_free(y); BN_free(s); BN_free(t); BN_free(ti);
    BN_free(qx); BN_free(qy); BN_free(v);
    EC_POINT_free(R);
    EC_POINT_free(Q);
    EC_GROUP_free(grp);
    BN_CTX_free(bc);
}

/* ---- strict DER ---------------------------------------------------------- */

static void test_der(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 5);
    uint8_t raw[64], der[80], out[64];
    for (int i = 0; i < 500; i++) {
        tu_rng_bytes(&rng, raw, 64);
        /* short and zero-leading values too */
        if (i % 4 == 1)
            memset(raw, 0, 1 + i % 31);
        if (i % 4 == 2)
            memset(raw + 32, 0, 1 + i % 32);
        if (i % 7 == 3)
            raw[0] |= 0x80;
        size_t dl = der_of(der, raw);
        CHECK(sluice_sm2_sig_from_der(der, dl, out) == SLUICE_SIG_VALID);
        CHECK_MEM(out, raw, 64);
        /* every truncation and one trailing byte fail */
        CHECK(sluice_sm2_sig_from_der(der, dl - 1 - (size_t)(i % (int)(dl - 1)), out) ==
              SLUICE_SIG_BAD_ENCODING);
        der[dl] = 0;
        CHECK(sluice_sm2_sig_from_der(der, dl + 1, out) == SLUICE_SIG_BAD_ENCODING);
    }
    /* hand-made cases */
    static const struct {
        uint8_t b[16];
        size_t len;
        int ok;
    } cases[] = {
        {{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02}, 8, 1},
        {{0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x02}, 8, 1},        /* r = 0 parses */
        {{0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x02}, 9, 1},  /* needed 00 */
        {{0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x02}, 9, 0},  /* non-minimal 00 */
        {{0x30, 0x06, 0x02, 0x01, 0x80, 0x02, 0x01, 0x02}, 8, 0},        /* negative */
        {{0x30, 0x06, 0x02, 0x01, 0xFF, 0x02, 0x01, 0x02}, 8, 0},        /* negative */
        {{0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x02}, 7, 0},              /* empty integer */
        {{0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02}, 8, 0},        /* SET tag */
        {{0x30, 0x06, 0x03, 0x01, 0x01, 0x02, 0x01, 0x02}, 8, 0},        /* BIT STRING */
        {{0x30, 0x06, 0x02, 0x01, 0x01, 0x04, 0x01, 0x02}, 8, 0},        /* OCTET STRING */
        {{0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02}, 9, 0},  /* long form */
        {{0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02}, 8, 0},        /* length too big */
        {{0x30, 0x05, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02}, 8, 0},        /* length too small */
        {{0x30, 0x08, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0x05, 0x00}, 10, 0}, /* 3rd element */
        {{0x30, 0x06, 0x02, 0x81, 0x01, 0x01, 0x02, 0x01}, 8, 0},        /* long int length */
        {{0x30, 0x03, 0x02, 0x01, 0x01}, 5, 0},                          /* one integer */
        {{0x30, 0x00}, 2, 0},
        {{0x30}, 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sluice_sig_status st = sluice_sm2_sig_from_der(cases[i].b, cases[i].len, out);
        CHECK(st == (cases[i].ok ? SLUICE_SIG_VALID : SLUICE_SIG_BAD_ENCODING));
        if (st != (cases[i].ok ? SLUICE_SIG_VALID : SLUICE_SIG_BAD_ENCODING))
            fprintf(stderr, "  der case %zu\n", i);
    }
    /* 33 significant bytes: too large; 32 with the 00 pad: fine */
    uint8_t big[2 + 2 + 34 + 3];
    big[0] = 0x30;
    big[1] = 2 + 34 + 3;
    big[2] = 0x02;
    big[3] = 34;
    big[4] = 0x00;
    memset(big + 5, 0x80, 33);
    big[38] = 0x02;
    big[39] = 0x01;
    big[40] = 0x01;
    CHECK(sluice_sm2_sig_from_der(big, sizeof big, out) == SLUICE_SIG_BAD_ENCODING);
    big[1] = 2 + 33 + 3;
    big[3] = 33;
    memmove(big + 5, big + 6, 35);
    CHECK(sluice_sm2_sig_from_der(big, sizeof big - 1, out) == SLUICE_SIG_VALID);
    CHECK(out[0] == 0x80 && out[31] == 0x80 && out[63] == 0x01);
    CHECK(sluice_sm2_sig_from_der(NULL, 8, out) == SLUICE_SIG_BAD_ENCODING);
}

/* ---- wNAF recoding ------------------------------------------------------- */

static void test_wnaf(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 9);
    int bad = 0;
    for (int i = 0; i < 3000; i++) {
        uint64_t k[4];
        tu_rng_bytes(&rng, k, sizeof k);
        int w = 2 + i % 9;
        int bits = (i % 3 == 0) ? 64 : 256;
        if (i % 5 == 0)
            k[0] |= 0xFFFFFFFFFFFF0000ULL; /* runs of ones make carries */
        if (i % 11 == 0)
            k[0] = k[1] = k[2] = k[3] = ~(uint64_t)0;
        if (i % 13 == 0)
            k[0] = k[1] = k[2] = k[3] = 0;
        if (bits == 64)
            k[1] = k[2] = k[3] = 0;
        int16_t d[257];
        int len = sl_sm2_wnaf_var(d, k, bits, w);
        /* sum d_i 2^i == k: positive digits into pos, negative into neg
         * (5 limbs each), then pos == k + neg. */
        uint64_t pos[5] = {0, 0, 0, 0, 0}, neg[5] = {0, 0, 0, 0, 0}, kn[5];
        int lastnz = -1000;
        for (int j = 0; j <= bits; j++) {
            if (j >= len && d[j])
                bad++;
            if (!d[j])
                continue;
            if (!(d[j] & 1) || d[j] >= (1 << (w - 1)) || d[j] <= -(1 << (w - 1)))
                bad++;
            if (j - lastnz < w)
                bad++;
            lastnz = j;
            uint64_t add[5] = {0, 0, 0, 0, 0};
            uint64_t mag = (uint64_t)(d[j] < 0 ? -d[j] : d[j]);
            add[j / 64] = mag << (j % 64);
            if (j % 64 && j / 64 < 4)
                add[j / 64 + 1] = mag >> (64 - j % 64);
            uint64_t *acc = d[j] > 0 ? pos : neg;
            unsigned __int128 c = 0;
            for (int l = 0; l < 5; l++) {
                c += (unsigned __int128)acc[l] + add[l];
                acc[l] = (uint64_t)c;
                c >>= 64;
            }
        }
        unsigned __int128 c = 0;
        for (int l = 0; l < 5; l++) {
            c += (unsigned __int128)(l < 4 ? k[l] : 0) + neg[l];
            kn[l] = (uint64_t)c;
            c >>= 64;
        }
        for (int l = 0; l < 5; l++)
            bad += pos[l] != kn[l];
        if (len > 0 && !d[len - 1])
            bad++;
    }
    CHECK(bad == 0);
}


/* ---- the four-lane batch (sl_sm2_verify_batch_impl) ------------------------ */

/* A valid signature with the private key d (GB/T 32918.2 6.1: e = SM3(Z_A ‖ M),
 * (x1, y1) = k G, r = (e + x1) mod n, s = (1 + d)^-1 (k - r d) mod n), for
 * keys OpenSSL would not make on purpose (d = 2, n - 2). pub65 gets d G. */
static void sign_with(uint8_t pub65[65], uint8_t sig[64], const BIGNUM *d, const uint8_t *msg,
                      size_t msg_len, tu_rng *rng) {
    EC_GROUP *grp = EC_GROUP_new_by_curve_name(NID_sm2);
    BN_CTX *bc = BN_CTX_new();
    BIGNUM *n = NULL, *k = BN_new(), *x1 = BN_new(), *e = BN_new(), *r = BN_new(),
           *s = BN_new(), *t = BN_new(), *px = BN_new(), *py = BN_new();
    BN_hex2bn(&n, N_HEX);
    EC_POINT *P = EC_POINT_new(grp), *K = EC_POINT_new(grp);
    CHECK(EC_POINT_mul(grp, P, d, NULL, NULL, bc));
    CHECK(EC_POINT_get_affine_coordinates(grp, P, px, py, bc));
    pub65[0] = 4;
    bn_b32(pub65 + 1, px);
    bn_b32(pub65 + 33, py);
    sl_sm2_ge pg;
    CHECK(sl_sm2_pub_decode_var(&pg, pub65, 65));
    uint8_t za[32], e32[32], kb[32];
    CHECK(sl_sm2_za(za, NULL, 0, &pg));
    sluice_sm3_ctx c;
    sluice_sm3_init(&c);
    sluice_sm3_update(&c, za, 32);
    sluice_sm3_update(&c, msg, msg_len);
    sluice_sm3_final(&c, e32);
    BN_bin2bn(e32, 32, e);
    for (;;) {
        tu_rng_bytes(rng, kb, 32);
        BN_bin2bn(kb, 32, k);
        BN_mod(k, k, n, bc);
        CHECK(EC_POINT_mul(grp, K, k, NULL, NULL, bc));
        CHECK(EC_POINT_get_affine_coordinates(grp, K, x1, NULL, bc));
        BN_mod_add(r, e, x1, n, bc);
        BN_add(t, r, k);
        if (BN_is_zero(r) || BN_cmp(t, n) == 0)
            continue;
        BN_copy(t, d);
        BN_add_word(t, 1);
        BN_mod_inverse(t, t, n, bc);   /* (1 + d)^-1 */
        BN_mod_mul(s, r, d, n, bc);
        BN_mod_sub(s, k, s, n, bc);    /* k - r d */
        BN_mod_mul(s, s, t, n, bc);
        if (!BN_is_zero(s))
            break;
    }
    bn_b32(sig, r);
    bn_b32(sig + 32, s);
    BN_free(n); BN_free(k); BN_free(x1); BN_free(e); BN_free(r); BN_free(s); BN_free(t);
    BN_free(px); BN_free(py);
    EC_POINT_free(P);
    EC_POINT_free(K);
    EC_GROUP_free(grp);
    BN_CTX_free(bc);
}

/* Tampers with r or s (sel): r = 0, s = n, r + s = n (T_ZERO), r + 1. */
static void tamper_rs(sm2_rec *r, uint64_t sel) {
    uint8_t nb[32];
    BIGNUM *n = NULL, *x = BN_new(), *y = BN_new();
    BN_hex2bn(&n, N_HEX);
    bn_b32(nb, n);
    switch (sel % 4) {
    case 0: memset(r->sig, 0, 32); break;
    case 1: memcpy(r->sig + 32, nb, 32); break;
    case 2: /* s = n - r */
        BN_bin2bn(r->sig, 32, x);
        BN_sub(y, n, x);
        bn_b32(r->sig + 32, y);
        break;
    default:
        BN_bin2bn(r->sig, 32, x);
        BN_add_word(x, 1);
        if (BN_cmp(x, n) >= 0) BN_zero(x);
        bn_b32(r->sig, x);
        break;
    }
    BN_free(n); BN_free(x); BN_free(y);
}

enum { LB = 160 };

/* Checks one batch of m items (keys prepared here, some upgraded, some
 * NULL) on every path against sl_sm2_verify_key; returns the VALID count. */
static int check_lane_batch(const sm2_rec *rec, size_t m, tu_rng *rng) {
    static _Alignas(64) uint8_t keys[LB][sizeof(sl_sm2_key)];
    const void *kp[LB];
    sluice_sig_item items[LB];
    uint8_t st_lanes[LB], st_forced[LB], st_scalar[LB];
    int valid = 0;
    for (size_t i = 0; i < m; i++) {
        items[i] = rec_item(&rec[i]);
        sluice_sig_status ks = sl_sm2_key_prepare(keys[i], rec[i].pub, rec[i].pub_len, NULL, 0);
        kp[i] = ks == SLUICE_SIG_VALID && tu_rng_next(rng) % 13 != 0 ? keys[i] : NULL;
        if (kp[i] && tu_rng_next(rng) % 7 == 0)
            sl_sm2_key_upgrade(keys[i]);
        st_lanes[i] = st_forced[i] = st_scalar[i] = 0xEE;
    }
    unsigned force = (unsigned)(tu_rng_next(rng) % 15) + 1;
    sl_sm2_verify_batch_impl(kp, items, m, st_scalar, 0, 0);
    if (sl_sm2_lanes_supported()) {
        sl_sm2_verify_batch_impl(kp, items, m, st_lanes, 1, 0);
        sl_sm2_verify_batch_impl(kp, items, m, st_forced, 1, force);
    } else {
        memcpy(st_lanes, st_scalar, m);
        memcpy(st_forced, st_scalar, m);
    }
    for (size_t i = 0; i < m; i++) {
        if (!kp[i]) {
            CHECK(st_scalar[i] == 0xEE && st_lanes[i] == 0xEE && st_forced[i] == 0xEE);
            continue;
        }
        uint8_t want = (uint8_t)sl_sm2_verify_key(kp[i], items[i].msg, items[i].msg_len,
                                                  items[i].sig, items[i].sig_len);
        CHECK(st_scalar[i] == want);
        CHECK(st_lanes[i] == want);
        CHECK(st_forced[i] == want);
        valid += want == SLUICE_SIG_VALID;
    }
    return valid;
}

static void test_lanes_batch(void) {
    if (!sl_sm2_lanes_supported())
        printf("test_sig_sm2: CPU without AVX-512 IFMA: lane batch compared on the scalar path only\n");
    enum { NR = 120 };
    sm2_rec *recs = calloc(NR, sizeof *recs), *b = calloc(LB, sizeof *b);
    CHECK(recs && b && gen_recs(recs, NR, NR, 0x4C414E45) == 0);
    if (!recs || !b) {
        free(recs);
        free(b);
        return;
    }
    tu_rng rng;
    tu_rng_seed(&rng, 0x1F3A);
    /* All valid (compressed and uncompressed keys), every group size. */
    for (size_t i = 0; i < NR; i++) {
        b[i] = recs[i];
        if (i & 1) {
            compress(b[i].pub, recs[i].pub);
            b[i].pub_len = 33;
        }
    }
    int nvalid = 0, nkey = 0;
    for (size_t m = 1; m <= 9; m++) {
        nvalid += check_lane_batch(b + 10 * m, m, &rng);
        nkey += (int)m;
    }
    CHECK(nvalid > nkey / 2); /* all valid: only the NULL keys are skipped */
    /* Bad items at random positions: bit flips (message, signature, key),
     * r / s tampered, the wrong key. */
    int bad_seen = 0;
    for (int round = 0; round < 12; round++) {
        size_t m = round < 8 ? (size_t)(round % 4) + 1 : 37 + (size_t)round;
        for (size_t i = 0; i < m; i++) {
            size_t src = (size_t)(tu_rng_next(&rng) % NR);
            b[i] = recs[src];
            if (tu_rng_next(&rng) & 1) {
                compress(b[i].pub, recs[src].pub);
                b[i].pub_len = 33;
            }
            switch (tu_rng_next(&rng) % 6) {
            case 0: rec_corrupt(&b[i], tu_rng_next(&rng)); bad_seen++; break;
            case 1: tamper_rs(&b[i], tu_rng_next(&rng)); bad_seen++; break;
            case 2: /* another key */
                memcpy(b[i].pub, recs[(src + 1) % NR].pub, 65);
                b[i].pub_len = 65;
                bad_seen++;
                break;
            default: break;
            }
        }
        int v = check_lane_batch(b, m, &rng);
        CHECK(v <= (int)m);
    }
    CHECK(bad_seen > 10);

    /* Exceptional lanes: keys 2G and -2G (the lanes' first addition of P is
     * then a doubling or P + (-P): the lane falls back to the scalar code),
     * valid and tampered, mixed with ordinary items. */
    BIGNUM *d = BN_new(), *n = NULL;
    BN_hex2bn(&n, N_HEX);
    for (int i = 0; i < 8; i++) {
        sm2_rec *r = &b[i];
        if (i % 3 == 2) {
            *r = recs[i];
        } else {
            BN_set_word(d, 2);
            if (i & 1) BN_sub(d, n, d);
            r->msg_len = 5 + (size_t)i;
            tu_rng_bytes(&rng, r->msg, r->msg_len);
            sign_with(r->pub, r->sig, d, r->msg, r->msg_len, &rng);
            r->pub_len = 65;
            if (i == 4) { compress(r->pub, r->pub); r->pub_len = 33; }
            if (i == 6) r->sig[40] ^= 1;
        }
    }
    /* the crafted signatures verify on the one-shot path */
    for (int i = 0; i < 8; i++)
        if (i % 3 != 2)
            CHECK(sluice_sm2_verify(b[i].pub, b[i].pub_len, NULL, 0, b[i].msg, b[i].msg_len,
                                    b[i].sig, 64) == (i == 6 ? SLUICE_SIG_MISMATCH : SLUICE_SIG_VALID));
    for (size_t m = 2; m <= 8; m += 3) CHECK(check_lane_batch(b, m, &rng) > 0);
    BN_free(d);
    BN_free(n);

    /* sl_sm2_key_prepare_n_impl == sl_sm2_key_prepare one by one: keys
     * compressed (x not on the curve, x >= p, both parities), uncompressed,
     * bad prefixes and lengths, an ID too long. */
    static _Alignas(64) uint8_t ka[LB][sizeof(sl_sm2_key)], kb[LB][sizeof(sl_sm2_key)];
    sluice_sig_item it[LB];
    const sluice_sig_item *itp[LB];
    void *kap[LB];
    sluice_sig_status sa[LB], sb[LB];
    static uint8_t longid[SL_SM2_MAX_ID_LEN + 1];
    size_t m = 0;
    for (size_t i = 0; i < 70; i++, m++) {
        b[i] = recs[i];
        it[i] = rec_item(&b[i]);
        switch (tu_rng_next(&rng) % 8) {
        case 0: case 1: case 2:
            compress(b[i].pub, recs[i].pub);
            b[i].pub_len = 33;
            break;
        case 3: /* compressed, x changed: on the curve or not */
            compress(b[i].pub, recs[i].pub);
            b[i].pub_len = 33;
            b[i].pub[5] ^= 0x10;
            break;
        case 4: /* x >= p */
            compress(b[i].pub, recs[i].pub);
            b[i].pub_len = 33;
            memset(b[i].pub + 1, 0xFF, 32);
            break;
        case 5:
            compress(b[i].pub, recs[i].pub);
            b[i].pub_len = 33;
            b[i].pub[0] = (uint8_t)(tu_rng_next(&rng) & 1 ? 0x04 : 0x05);
            break;
        case 6:
            compress(b[i].pub, recs[i].pub);
            b[i].pub_len = 33;
            it[i].id = longid;
            it[i].id_len = sizeof longid;
            break;
        default: break;
        }
        it[i].pub = b[i].pub;
        it[i].pub_len = b[i].pub_len;
        itp[i] = &it[i];
        kap[i] = ka[i];
        memset(ka[i], 0, sizeof ka[i]);
        memset(kb[i], 0, sizeof kb[i]);
        sb[i] = sl_sm2_key_prepare(kb[i], it[i].pub, it[i].pub_len, it[i].id, it[i].id_len);
    }
    int pv = 0, pbad = 0;
    for (int use = 0; use < 2; use++) {
        if (use && !sl_sm2_lanes_supported())
            break;
        for (size_t i = 0; i < m; i++) memset(ka[i], 0, sizeof ka[i]);
        sl_sm2_key_prepare_n_impl(kap, itp, m, sa, use);
        for (size_t i = 0; i < m; i++) {
            CHECK(sa[i] == sb[i]);
            if (sb[i] == SLUICE_SIG_VALID) {
                CHECK_MEM(ka[i], kb[i], sizeof(sl_sm2_key));
                pv++;
            } else {
                pbad++;
            }
        }
    }
    CHECK(pv > 20);
    CHECK(pbad > 10);
    free(recs);
    free(b);
}

int main(void) {
    test_lanes_batch();
    test_vector();
    test_wnaf();
    test_der();
    test_verdicts();
    test_x1_above_n();
    test_oracle();
    return tu_finish("test_sig_sm2");
}
