/* The oracles as the bench's same-run baseline (see sig_baseline.h). */
#include "sig_baseline.h"
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DER_MAX 72

struct sig_baseline {
    const sig_gen_set *set;
    char name[64];
    EVP_PKEY **pkeys;               /* SM2, Ed25519: one per key */
    EVP_MD_CTX *md;                 /* Ed25519: reused */
    uint8_t (*der)[DER_MAX];        /* SM2: DER signature per item */
    size_t *der_len;
    secp256k1_context *secp;        /* BIP340 */
    secp256k1_xonly_pubkey *xkeys;  /* BIP340: one per key */
};

static EVP_PKEY *sm2_public_key(const uint8_t pub[65]) {
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY *pk = NULL;
    int ok = ctx && bld && OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0) &&
             OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, 65) &&
             (params = OSSL_PARAM_BLD_to_param(bld)) != NULL && EVP_PKEY_fromdata_init(ctx) > 0 &&
             EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) > 0;
    if (!ok) {
        EVP_PKEY_free(pk);
        pk = NULL;
    }
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX_free(ctx);
    return pk;
}

/* r ‖ s to DER, as OpenSSL's verifier wants it. */
static int raw_to_der(const uint8_t raw[64], uint8_t der[DER_MAX], size_t *len) {
    ECDSA_SIG *es = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, 32, NULL), *s = BN_bin2bn(raw + 32, 32, NULL);
    int ok = es && r && s && ECDSA_SIG_set0(es, r, s);
    if (!ok) {
        BN_free(r);
        BN_free(s);
    }
    unsigned char *p = der;
    int n = ok ? i2d_ECDSA_SIG(es, NULL) : -1;
    if (n > 0 && n <= DER_MAX) n = i2d_ECDSA_SIG(es, &p);
    else n = -1;
    ECDSA_SIG_free(es);
    if (n <= 0) return -1;
    *len = (size_t)n;
    return 0;
}

int sig_baseline_new(sig_baseline **out, const sig_gen_set *s, char *why, size_t why_cap) {
    *out = NULL;
    sig_baseline *b = calloc(1, sizeof *b);
    if (!b) goto nomem;
    b->set = s;
    const char *ver = OpenSSL_version(OPENSSL_VERSION_STRING);
    if (s->scheme == SLUICE_SIG_BIP340) {
        snprintf(b->name, sizeof b->name, "libsecp256k1-schnorrsig_verify");
        b->secp = secp256k1_context_create(SECP256K1_CONTEXT_VERIFY);
        b->xkeys = calloc(s->nkeys, sizeof *b->xkeys);
        if (!b->secp || !b->xkeys) goto nomem;
        for (size_t k = 0; k < s->nkeys; k++)
            if (!secp256k1_xonly_pubkey_parse(b->secp, &b->xkeys[k], s->recs[k].pub)) {
                snprintf(why, why_cap, "libsecp256k1 rejected public key %zu", k);
                goto fail;
            }
    } else {
        int sm2 = s->scheme == SLUICE_SIG_SM2;
        snprintf(b->name, sizeof b->name, "openssl-%s-%s", ver, sm2 ? "sm2" : "ed25519");
        b->pkeys = calloc(s->nkeys, sizeof *b->pkeys);
        if (!b->pkeys) goto nomem;
        for (size_t k = 0; k < s->nkeys; k++) {
            b->pkeys[k] = sm2 ? sm2_public_key(s->recs[k].pub)
                              : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, s->recs[k].pub, 32);
            if (!b->pkeys[k]) {
                snprintf(why, why_cap, "OpenSSL could not load public key %zu", k);
                goto fail;
            }
        }
        if (sm2) {
            b->der = malloc(s->n * sizeof *b->der);
            b->der_len = malloc(s->n * sizeof *b->der_len);
            if (!b->der || !b->der_len) goto nomem;
            for (size_t i = 0; i < s->n; i++)
                if (raw_to_der(s->recs[i].sig, b->der[i], &b->der_len[i])) {
                    snprintf(why, why_cap, "DER encoding of signature %zu failed", i);
                    goto fail;
                }
        } else if (!(b->md = EVP_MD_CTX_new())) {
            goto nomem;
        }
    }
    *out = b;
    return 0;
nomem:
    snprintf(why, why_cap, "out of memory");
fail:
    sig_baseline_free(b);
    return -1;
}

void sig_baseline_free(sig_baseline *b) {
    if (!b) return;
    for (size_t k = 0; b->pkeys && k < b->set->nkeys; k++) EVP_PKEY_free(b->pkeys[k]);
    free(b->pkeys);
    EVP_MD_CTX_free(b->md);
    free(b->der);
    free(b->der_len);
    if (b->secp) secp256k1_context_destroy(b->secp);
    free(b->xkeys);
    free(b);
}

static int sm2_verify(sig_baseline *b, size_t i) {
    EVP_PKEY *pk = b->pkeys[i % b->set->nkeys];
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(pk, NULL);
    int rc = -1;
    if (m && pc && EVP_PKEY_CTX_set1_id(pc, "1234567812345678", 16) > 0) {
        EVP_MD_CTX_set_pkey_ctx(m, pc);
        if (EVP_DigestVerifyInit(m, NULL, EVP_sm3(), NULL, pk) > 0) {
            int v = EVP_DigestVerify(m, b->der[i], b->der_len[i], b->set->recs[i].msg, sizeof b->set->recs[i].msg);
            rc = v == 1 ? 1 : v == 0 ? 0 : -1;
        }
    }
    EVP_MD_CTX_free(m);
    EVP_PKEY_CTX_free(pc);
    return rc;
}

static int ed25519_verify(sig_baseline *b, size_t i) {
    const sig_gen_rec *r = &b->set->recs[i];
    if (EVP_MD_CTX_reset(b->md) <= 0 ||
        EVP_DigestVerifyInit(b->md, NULL, NULL, NULL, b->pkeys[i % b->set->nkeys]) <= 0)
        return -1;
    int v = EVP_DigestVerify(b->md, r->sig, sizeof r->sig, r->msg, sizeof r->msg);
    return v == 1 ? 1 : v == 0 ? 0 : -1;
}

int sig_baseline_verify(sig_baseline *b, size_t i) {
    switch (b->set->scheme) {
    case SLUICE_SIG_SM2: return sm2_verify(b, i);
    case SLUICE_SIG_ED25519: return ed25519_verify(b, i);
    case SLUICE_SIG_BIP340: {
        const sig_gen_rec *r = &b->set->recs[i];
        return secp256k1_schnorrsig_verify(b->secp, r->sig, r->msg, sizeof r->msg, &b->xkeys[i % b->set->nkeys]);
    }
    }
    return -1;
}

int sig_baseline_verify_from_bytes(sig_baseline *b, size_t i) {
    const sig_gen_rec *r = &b->set->recs[i];
    switch (b->set->scheme) {
    case SLUICE_SIG_BIP340: {
        secp256k1_xonly_pubkey xk;
        if (!secp256k1_xonly_pubkey_parse(b->secp, &xk, r->pub)) return -1;
        return secp256k1_schnorrsig_verify(b->secp, r->sig, r->msg, sizeof r->msg, &xk);
    }
    case SLUICE_SIG_SM2:
    case SLUICE_SIG_ED25519: {
        int sm2 = b->set->scheme == SLUICE_SIG_SM2;
        EVP_PKEY *pk = sm2 ? sm2_public_key(r->pub) : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, r->pub, 32);
        if (!pk) return -1;
        EVP_PKEY *saved = b->pkeys[i % b->set->nkeys];
        b->pkeys[i % b->set->nkeys] = pk;
        int v = sm2 ? sm2_verify(b, i) : ed25519_verify(b, i);
        b->pkeys[i % b->set->nkeys] = saved;
        EVP_PKEY_free(pk);
        return v;
    }
    }
    return -1;
}

const char *sig_baseline_name(const sig_baseline *b) {
    return b->name;
}
