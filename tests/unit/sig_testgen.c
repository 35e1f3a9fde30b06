/* Oracle-made signatures for tests (see sig_testgen.h). */
#include "sig_testgen.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const char sm2_default_id[] = "1234567812345678";

/* SM2 key from a 32-byte private scalar (reduced into [1, n-1] by retrying). */
static EVP_PKEY *sm2_key_from(tu_rng *rng)
{
    EVP_PKEY_CTX *kctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    EVP_PKEY *pkey = NULL;
    (void)rng; /* OpenSSL draws the private key; the messages stay reproducible */
    if (!kctx || EVP_PKEY_keygen_init(kctx) <= 0 || EVP_PKEY_generate(kctx, &pkey) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(kctx);
    return pkey;
}

/* r ‖ s from OpenSSL's DER signature. */
static int der_to_raw(const uint8_t *der, size_t len, uint8_t raw[64])
{
    const unsigned char *p = der;
    ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)len);
    if (!es)
        return -1;
    const BIGNUM *r, *s;
    ECDSA_SIG_get0(es, &r, &s);
    int ok = BN_bn2binpad(r, raw, 32) == 32 && BN_bn2binpad(s, raw + 32, 32) == 32;
    ECDSA_SIG_free(es);
    return ok ? 0 : -1;
}

static int sm2_sign(EVP_PKEY *pkey, sig_testgen_rec *r)
{
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(pkey, NULL);
    uint8_t der[80];
    size_t dlen = sizeof der;
    int ok = m && pc && EVP_PKEY_CTX_set1_id(pc, sm2_default_id, 16) > 0;
    if (ok) {
        EVP_MD_CTX_set_pkey_ctx(m, pc);
        ok = EVP_DigestSignInit(m, NULL, EVP_sm3(), NULL, pkey) > 0 &&
             EVP_DigestSign(m, der, &dlen, r->msg, r->msg_len) > 0 && der_to_raw(der, dlen, r->sig) == 0;
    }
    EVP_MD_CTX_free(m);
    EVP_PKEY_CTX_free(pc);
    r->sig_len = 64;
    return ok ? 0 : -1;
}

static int ed_sign(EVP_PKEY *pkey, sig_testgen_rec *r)
{
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    size_t slen = 64;
    int ok = m && EVP_DigestSignInit(m, NULL, NULL, NULL, pkey) > 0 &&
             EVP_DigestSign(m, r->sig, &slen, r->msg, r->msg_len) > 0 && slen == 64;
    EVP_MD_CTX_free(m);
    r->sig_len = 64;
    return ok ? 0 : -1;
}

static int gen_openssl(sluice_sig_scheme scheme, sig_testgen_rec *out, size_t n, size_t nkeys,
                       tu_rng *rng)
{
    EVP_PKEY **keys = calloc(nkeys, sizeof *keys);
    int rc = keys ? 0 : -1;
    for (size_t k = 0; k < nkeys && !rc; k++) {
        if (scheme == SLUICE_SIG_SM2) {
            keys[k] = sm2_key_from(rng);
        } else {
            uint8_t seed[32];
            tu_rng_bytes(rng, seed, 32);
            keys[k] = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
        }
        if (!keys[k])
            rc = -1;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        sig_testgen_rec *r = &out[i];
        EVP_PKEY *pk = keys[i % nkeys];
        r->scheme = scheme;
        r->msg_len = (size_t)(tu_rng_next(rng) % sizeof r->msg);
        tu_rng_bytes(rng, r->msg, r->msg_len);
        if (scheme == SLUICE_SIG_SM2) {
            size_t len = 0;
            if (EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, r->pub,
                                                sizeof r->pub, &len) <= 0 || len != 65)
                rc = -1;
            r->pub_len = 65;
            if (!rc)
                rc = sm2_sign(pk, r);
        } else {
            size_t len = 32;
            if (EVP_PKEY_get_raw_public_key(pk, r->pub, &len) <= 0 || len != 32)
                rc = -1;
            r->pub_len = 32;
            if (!rc)
                rc = ed_sign(pk, r);
        }
    }
    for (size_t k = 0; keys && k < nkeys; k++)
        EVP_PKEY_free(keys[k]);
    free(keys);
    return rc;
}

static int gen_bip340(sig_testgen_rec *out, size_t n, size_t nkeys, tu_rng *rng)
{
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    secp256k1_keypair *kp = calloc(nkeys, sizeof *kp);
    int rc = ctx && kp ? 0 : -1;
    for (size_t k = 0; k < nkeys && !rc; k++) {
        uint8_t sk[32];
        do
            tu_rng_bytes(rng, sk, 32);
        while (!secp256k1_keypair_create(ctx, &kp[k], sk));
    }
    for (size_t i = 0; i < n && !rc; i++) {
        sig_testgen_rec *r = &out[i];
        secp256k1_xonly_pubkey xo;
        uint8_t aux[32];
        r->scheme = SLUICE_SIG_BIP340;
        r->msg_len = 32; /* sign32 signs 32-byte messages */
        tu_rng_bytes(rng, r->msg, 32);
        tu_rng_bytes(rng, aux, 32);
        if (!secp256k1_keypair_xonly_pub(ctx, &xo, NULL, &kp[i % nkeys]) ||
            !secp256k1_xonly_pubkey_serialize(ctx, r->pub, &xo) ||
            !secp256k1_schnorrsig_sign32(ctx, r->sig, r->msg, &kp[i % nkeys], aux))
            rc = -1;
        r->pub_len = 32;
        r->sig_len = 64;
    }
    free(kp);
    if (ctx)
        secp256k1_context_destroy(ctx);
    return rc;
}

int sig_testgen(sluice_sig_scheme scheme, sig_testgen_rec *out, size_t n, size_t nkeys,
                uint64_t seed)
{
    tu_rng rng;
    tu_rng_seed(&rng, seed);
    if (!nkeys)
        nkeys = 1;
    memset(out, 0, n * sizeof *out);
    int rc = scheme == SLUICE_SIG_BIP340 ? gen_bip340(out, n, nkeys, &rng)
                                         : gen_openssl(scheme, out, n, nkeys, &rng);
    if (rc)
        fprintf(stderr, "sig_testgen: the %s oracle failed\n", sluice_sig_scheme_name(scheme));
    return rc;
}

sluice_sig_item sig_testgen_item(const sig_testgen_rec *r)
{
    sluice_sig_item it = {r->scheme, r->pub, r->pub_len, r->msg, r->msg_len, r->sig, r->sig_len,
                          NULL, 0};
    return it;
}

void sig_testgen_corrupt(sig_testgen_rec *r, uint64_t sel)
{
    uint64_t bit = sel >> 2;
    switch (sel % 3) {
    case 0:
        r->sig[(bit / 8) % r->sig_len] ^= (uint8_t)(1u << (bit % 8));
        break;
    case 1:
        if (r->msg_len) {
            r->msg[(bit / 8) % r->msg_len] ^= (uint8_t)(1u << (bit % 8));
        } else {
            r->msg[0] = 0;
            r->msg_len = 1; /* a different message */
        }
        break;
    default: /* past the SM2 prefix byte, so the key stays uncompressed */
        r->pub[1 + (bit / 8) % (r->pub_len - 1)] ^= (uint8_t)(1u << (bit % 8));
        break;
    }
}
