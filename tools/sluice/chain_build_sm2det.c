/* Reproducible SM2 keys and signatures for generated chains (chain_build.h
 * tb_key_new_det, tb_sm2_sign_det). Signature per GB/T 32918.2-2016 section
 * 6.1: e = SM3(Z_A || M), Z_A = SM3(ENTL || ID || a || b || xG || yG || xA ||
 * yA), (x1, y1) = kG, r = (e + x1) mod n, s = (1 + d)^-1 (k - r d) mod n; the
 * nonce k is derived from SHA3-256(d || M || counter) instead of a random
 * source, so equal inputs give equal bytes (any valid k gives a valid
 * signature; the verifier cannot tell). The default user ID
 * "1234567812345678" is what Bytom's crypto/sm2 uses. */
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <stdio.h>
#include <string.h>

#include "chain_build.h"
#include "sluice/keccak.h"
#include "sluice/sm3.h"

static const char sm2_default_id[] = "1234567812345678";

typedef struct {
    EC_GROUP *g;
    BN_CTX *bn;
    BIGNUM *n, *a, *b, *p;
} sm2_ctx;

static int ctx_open(sm2_ctx *c) {
    memset(c, 0, sizeof *c);
    c->g = EC_GROUP_new_by_curve_name(NID_sm2);
    c->bn = BN_CTX_new();
    c->a = BN_new();
    c->b = BN_new();
    c->p = BN_new();
    if (!c->g || !c->bn || !c->a || !c->b || !c->p) return -1;
    c->n = BN_dup(EC_GROUP_get0_order(c->g));
    if (!c->n || !EC_GROUP_get_curve(c->g, c->p, c->a, c->b, c->bn)) return -1;
    return 0;
}

static void ctx_close(sm2_ctx *c) {
    BN_free(c->n);
    BN_free(c->a);
    BN_free(c->b);
    BN_free(c->p);
    BN_CTX_free(c->bn);
    EC_GROUP_free(c->g);
}

/* x, y of point P as 32-byte big-endian strings */
static int point_xy(sm2_ctx *c, const EC_POINT *P, uint8_t x[32], uint8_t y[32]) {
    BIGNUM *bx = BN_new(), *by = BN_new();
    int ok = bx && by && EC_POINT_get_affine_coordinates(c->g, P, bx, by, c->bn) &&
             BN_bn2binpad(bx, x, 32) == 32 && (!y || BN_bn2binpad(by, y, 32) == 32);
    BN_free(bx);
    BN_free(by);
    return ok ? 0 : -1;
}

int tb_key_new_det(tb_key *k, sluice_bytom_profile profile, uint64_t seed) {
    if (profile == SLUICE_BYTOM_PROFILE_MAINNET) return tb_key_new(k, profile, seed);
    memset(k, 0, sizeof *k);
    k->profile = profile;
    sm2_ctx c;
    int rc = -1;
    BIGNUM *d = NULL;
    EC_POINT *P = NULL;
    if (ctx_open(&c)) goto out;
    /* d = 1 + (SHA3("sluice-sm2-key" || seed LE) mod (n - 2)), in [1, n-2] */
    uint8_t in[24], h[32];
    memcpy(in, "sluice-sm2-key", 14);
    for (int i = 0; i < 8; i++) in[14 + i] = (uint8_t)(seed >> (8 * i));
    in[22] = in[23] = 0;
    sluice_sha3_256(h, in, sizeof in);
    d = BN_bin2bn(h, 32, NULL);
    BIGNUM *nm2 = BN_dup(c.n);
    if (!d || !nm2 || !BN_sub_word(nm2, 2) || !BN_mod(d, d, nm2, c.bn) || !BN_add_word(d, 1)) {
        BN_free(nm2);
        goto out;
    }
    BN_free(nm2);
    P = EC_POINT_new(c.g);
    uint8_t x[32], y[32];
    if (!P || !EC_POINT_mul(c.g, P, d, NULL, NULL, c.bn) || point_xy(&c, P, x, y)) goto out;
    if (BN_bn2binpad(d, k->priv, 32) != 32) goto out;
    k->pub[0] = (uint8_t)(2 | (y[31] & 1));
    memcpy(k->pub + 1, x, 32);
    k->pub_len = 33;
    k->deterministic = 1;
    rc = 0;
out:
    if (rc) fprintf(stderr, "tb_key_new_det: OpenSSL failed\n");
    BN_free(d);
    EC_POINT_free(P);
    ctx_close(&c);
    return rc;
}

/* e = SM3(Z_A || msg) */
static int sm2_e(sm2_ctx *c, const tb_key *k, const uint8_t msg[32], uint8_t e[32]) {
    uint8_t buf[32];
    EC_POINT *A = EC_POINT_new(c->g);
    uint8_t xa[32], ya[32], xg[32], yg[32];
    int ok = A && EC_POINT_oct2point(c->g, A, k->pub, k->pub_len, c->bn) &&
             !point_xy(c, A, xa, ya) && !point_xy(c, EC_GROUP_get0_generator(c->g), xg, yg);
    EC_POINT_free(A);
    if (!ok) return -1;
    sluice_sm3_ctx s;
    sluice_sm3_init(&s);
    const uint8_t entl[2] = {0, 16 * 8};   /* ID length in bits, big-endian */
    sluice_sm3_update(&s, entl, 2);
    sluice_sm3_update(&s, sm2_default_id, 16);
    if (BN_bn2binpad(c->a, buf, 32) != 32) return -1;
    sluice_sm3_update(&s, buf, 32);
    if (BN_bn2binpad(c->b, buf, 32) != 32) return -1;
    sluice_sm3_update(&s, buf, 32);
    sluice_sm3_update(&s, xg, 32);
    sluice_sm3_update(&s, yg, 32);
    sluice_sm3_update(&s, xa, 32);
    sluice_sm3_update(&s, ya, 32);
    uint8_t za[32];
    sluice_sm3_final(&s, za);
    sluice_sm3_init(&s);
    sluice_sm3_update(&s, za, 32);
    sluice_sm3_update(&s, msg, 32);
    sluice_sm3_final(&s, e);
    return 0;
}

int tb_sm2_sign_det(const tb_key *k, const uint8_t msg[32], uint8_t sig[64]) {
    sm2_ctx c;
    int rc = -1;
    BIGNUM *d = NULL, *e = NULL, *kk = NULL, *x1 = NULL, *r = NULL, *s = NULL, *t = NULL,
           *u = NULL;
    EC_POINT *R = NULL;
    uint8_t eb[32];
    if (ctx_open(&c) || sm2_e(&c, k, msg, eb)) goto out;
    d = BN_bin2bn(k->priv, 32, NULL);
    e = BN_bin2bn(eb, 32, NULL);
    kk = BN_new();
    x1 = BN_new();
    r = BN_new();
    s = BN_new();
    t = BN_new();
    u = BN_new();
    R = EC_POINT_new(c.g);
    if (!d || !e || !kk || !x1 || !r || !s || !t || !u || !R) goto out;
    for (uint32_t ctr = 0; ctr < 64; ctr++) {
        uint8_t in[32 + 32 + 4], h[32];
        memcpy(in, k->priv, 32);
        memcpy(in + 32, msg, 32);
        for (int i = 0; i < 4; i++) in[64 + i] = (uint8_t)(ctr >> (8 * i));
        sluice_sha3_256(h, in, sizeof in);
        if (!BN_bin2bn(h, 32, kk) || !BN_mod(kk, kk, c.n, c.bn)) goto out;
        if (BN_is_zero(kk)) continue;
        if (!EC_POINT_mul(c.g, R, kk, NULL, NULL, c.bn) ||
            !EC_POINT_get_affine_coordinates(c.g, R, x1, NULL, c.bn))
            goto out;
        if (!BN_mod_add(r, e, x1, c.n, c.bn)) goto out;          /* r = e + x1 */
        if (!BN_add(t, r, kk)) goto out;
        if (BN_is_zero(r) || BN_cmp(t, c.n) == 0) continue;      /* r = 0 or r + k = n */
        if (!BN_mod_mul(t, r, d, c.n, c.bn) || !BN_mod_sub(t, kk, t, c.n, c.bn)) goto out;
        if (!BN_copy(u, d) || !BN_add_word(u, 1) || !BN_mod_inverse(u, u, c.n, c.bn)) goto out;
        if (!BN_mod_mul(s, u, t, c.n, c.bn)) goto out;          /* s = (1+d)^-1 (k - r d) */
        if (BN_is_zero(s)) continue;
        if (BN_bn2binpad(r, sig, 32) != 32 || BN_bn2binpad(s, sig + 32, 32) != 32) goto out;
        rc = 0;
        break;
    }
out:
    if (rc) fprintf(stderr, "tb_sm2_sign_det: failed\n");
    BN_free(d);
    BN_free(e);
    BN_free(kk);
    BN_free(x1);
    BN_free(r);
    BN_free(s);
    BN_free(t);
    BN_free(u);
    EC_POINT_free(R);
    ctx_close(&c);
    return rc;
}
