/* Oracle-made signatures for the bench and the demo (see sig_gen.h). */
#include "sig_gen.h"
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char sm2_default_id[] = "1234567812345678";

/* splitmix64 (Steele, Lea, Flood 2014): reproducible messages and keys. */
static uint64_t mix_next(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void mix_bytes(uint64_t *s, uint8_t *out, size_t n) {
    for (size_t i = 0; i < n; i += 8) {
        uint64_t v = mix_next(s);
        for (size_t k = 0; k < 8 && i + k < n; k++) out[i + k] = (uint8_t)(v >> (8 * k));
    }
}

/* OpenSSL's SM2 signature is DER; the record keeps r ‖ s. */
static int der_to_raw(const uint8_t *der, size_t len, uint8_t raw[64]) {
    const unsigned char *p = der;
    ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)len);
    if (!es) return -1;
    const BIGNUM *r, *s;
    ECDSA_SIG_get0(es, &r, &s);
    int ok = BN_bn2binpad(r, raw, 32) == 32 && BN_bn2binpad(s, raw + 32, 32) == 32;
    ECDSA_SIG_free(es);
    return ok ? 0 : -1;
}

static int sm2_sign(EVP_PKEY *pkey, sig_gen_rec *r) {
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(pkey, NULL);
    uint8_t der[80];
    size_t dlen = sizeof der;
    int ok = m && pc && EVP_PKEY_CTX_set1_id(pc, sm2_default_id, 16) > 0;
    if (ok) {
        EVP_MD_CTX_set_pkey_ctx(m, pc);
        ok = EVP_DigestSignInit(m, NULL, EVP_sm3(), NULL, pkey) > 0 &&
             EVP_DigestSign(m, der, &dlen, r->msg, sizeof r->msg) > 0 && der_to_raw(der, dlen, r->sig) == 0;
    }
    EVP_MD_CTX_free(m);
    EVP_PKEY_CTX_free(pc);
    return ok ? 0 : -1;
}

static int ed25519_sign(EVP_PKEY *pkey, sig_gen_rec *r) {
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    size_t slen = sizeof r->sig;
    int ok = m && EVP_DigestSignInit(m, NULL, NULL, NULL, pkey) > 0 &&
             EVP_DigestSign(m, r->sig, &slen, r->msg, sizeof r->msg) > 0 && slen == 64;
    EVP_MD_CTX_free(m);
    return ok ? 0 : -1;
}

/* One key of an OpenSSL scheme and its public key bytes. */
static EVP_PKEY *openssl_key(sluice_sig_scheme scheme, EVP_PKEY_CTX *sm2_kctx, uint64_t *rng, uint8_t pub[65],
                             uint8_t *pub_len) {
    EVP_PKEY *pk = NULL;
    size_t len = 0;
    if (scheme == SLUICE_SIG_SM2) {
        if (EVP_PKEY_generate(sm2_kctx, &pk) <= 0) return NULL;
        if (EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub, 65, &len) <= 0 ||
            len != 65) {
            EVP_PKEY_free(pk);
            return NULL;
        }
    } else {
        uint8_t seed[32];
        mix_bytes(rng, seed, sizeof seed);
        pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof seed);
        len = 32;
        if (!pk || EVP_PKEY_get_raw_public_key(pk, pub, &len) <= 0 || len != 32) {
            EVP_PKEY_free(pk);
            return NULL;
        }
    }
    *pub_len = (uint8_t)len;
    return pk;
}

static int gen_openssl(sig_gen_set *s, uint64_t *rng, char *why, size_t why_cap) {
    EVP_PKEY_CTX *kctx = NULL;
    if (s->scheme == SLUICE_SIG_SM2) {
        kctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
        if (!kctx || EVP_PKEY_keygen_init(kctx) <= 0) {
            EVP_PKEY_CTX_free(kctx);
            snprintf(why, why_cap, "OpenSSL has no SM2 key generation");
            return -1;
        }
    }
    int rc = 0;
    EVP_PKEY *pk = NULL;
    uint8_t pub[65], pub_len = 0;
    /* Keys in order: signature i uses key i % nkeys, so key k signs i = k, k + nkeys, ... */
    for (size_t k = 0; k < s->nkeys && !rc; k++) {
        pk = openssl_key(s->scheme, kctx, rng, pub, &pub_len);
        if (!pk) {
            snprintf(why, why_cap, "OpenSSL %s key generation failed", sluice_sig_scheme_name(s->scheme));
            rc = -1;
            break;
        }
        for (size_t i = k; i < s->n && !rc; i += s->nkeys) {
            sig_gen_rec *r = &s->recs[i];
            memcpy(r->pub, pub, pub_len);
            r->pub_len = pub_len;
            rc = s->scheme == SLUICE_SIG_SM2 ? sm2_sign(pk, r) : ed25519_sign(pk, r);
            if (rc) snprintf(why, why_cap, "OpenSSL %s signing failed", sluice_sig_scheme_name(s->scheme));
        }
        EVP_PKEY_free(pk);
    }
    EVP_PKEY_CTX_free(kctx);
    return rc;
}

static int gen_bip340(sig_gen_set *s, uint64_t *rng, char *why, size_t why_cap) {
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN);
    if (!ctx) {
        snprintf(why, why_cap, "secp256k1_context_create failed");
        return -1;
    }
    int rc = 0;
    for (size_t k = 0; k < s->nkeys && !rc; k++) {
        secp256k1_keypair kp;
        secp256k1_xonly_pubkey xo;
        uint8_t sk[32], pub[32];
        do mix_bytes(rng, sk, sizeof sk);
        while (!secp256k1_keypair_create(ctx, &kp, sk));
        if (!secp256k1_keypair_xonly_pub(ctx, &xo, NULL, &kp) || !secp256k1_xonly_pubkey_serialize(ctx, pub, &xo)) {
            rc = -1;
            break;
        }
        for (size_t i = k; i < s->n && !rc; i += s->nkeys) {
            sig_gen_rec *r = &s->recs[i];
            uint8_t aux[32];
            mix_bytes(rng, aux, sizeof aux);
            memcpy(r->pub, pub, 32);
            r->pub_len = 32;
            if (!secp256k1_schnorrsig_sign32(ctx, r->sig, r->msg, &kp, aux)) rc = -1;
        }
    }
    if (rc) snprintf(why, why_cap, "libsecp256k1 BIP340 signing failed");
    secp256k1_context_destroy(ctx);
    return rc;
}

int sig_gen(sig_gen_set *out, sluice_sig_scheme scheme, size_t n, size_t nkeys, uint64_t seed, char *why,
            size_t why_cap) {
    memset(out, 0, sizeof *out);
    if (n == 0 || nkeys == 0 || nkeys > n || (unsigned)scheme >= SLUICE_SIG_NSCHEMES) {
        snprintf(why, why_cap, "bad generator arguments");
        return -1;
    }
    out->recs = calloc(n, sizeof *out->recs);
    if (!out->recs) {
        snprintf(why, why_cap, "out of memory (%zu signatures)", n);
        return -1;
    }
    out->scheme = scheme;
    out->n = n;
    out->nkeys = nkeys;
    uint64_t rng = seed;
    for (size_t i = 0; i < n; i++) mix_bytes(&rng, out->recs[i].msg, sizeof out->recs[i].msg);
    int rc = scheme == SLUICE_SIG_BIP340 ? gen_bip340(out, &rng, why, why_cap) : gen_openssl(out, &rng, why, why_cap);
    if (rc) sig_gen_free(out);
    return rc;
}

void sig_gen_free(sig_gen_set *s) {
    free(s->recs);
    memset(s, 0, sizeof *s);
}

sluice_sig_item sig_gen_item(const sig_gen_set *s, size_t i) {
    const sig_gen_rec *r = &s->recs[i];
    sluice_sig_item it = {s->scheme, r->pub, r->pub_len, r->msg, sizeof r->msg, r->sig, sizeof r->sig, NULL, 0};
    return it;
}
