/* BIP340 single verification (bitcoin/bips bip-0340.mediawiki,
 * "Verification"), the accelerator work item and its CPU model.
 *   fail if r >= p (R_RANGE), s >= n (S_RANGE);
 *   e = int(tagged_hash("BIP0340/challenge", r ‖ pk ‖ m)) mod n;
 *   R = s G - e P; fail if R = O (INFINITY), y(R) odd or x(R) != r (MISMATCH). */
#include <pthread.h>
#include <string.h>

#include "ec/secp256k1_lanes.h"
#include "sig/bip340_sig.h"
#include "sig/sig_internal.h"
#include "sluice/sha256.h"

static sluice_sha256_ctx challenge_mid;
static pthread_once_t challenge_once = PTHREAD_ONCE_INIT;

static void challenge_init(void) {
    static const char tag[] = "BIP0340/challenge";
    sluice_sha256_init_tagged(&challenge_mid, tag, sizeof tag - 1);
}

void sl_bip340_challenge(sl_secp256k1_sc *e, const uint8_t r[32], const uint8_t pk[32],
                         const uint8_t *msg, size_t msg_len) {
    pthread_once(&challenge_once, challenge_init);
    sluice_sha256_ctx c = challenge_mid;
    sluice_sha256_update(&c, r, 32);
    sluice_sha256_update(&c, pk, 32);
    sluice_sha256_update(&c, msg, msg_len);
    uint8_t h[32];
    sluice_sha256_final(&c, h);
    sl_secp256k1_sc_set_b32(e, h);
}

sluice_sig_status sl_bip340_sig_parse(sl_secp256k1_fe *r, sl_secp256k1_sc *s, const uint8_t *sig,
                                      size_t sig_len) {
    if (!sig || sig_len != 64)
        return SLUICE_SIG_BAD_ENCODING;
    if (!sl_secp256k1_fe_set_b32(r, sig))
        return SLUICE_SIG_R_RANGE;
    if (sl_secp256k1_sc_set_b32(s, sig + 32))
        return SLUICE_SIG_S_RANGE;
    return SLUICE_SIG_VALID;
}

/* The verdict on R (true Jacobian coordinates) against r: x(R) == r is
 * checked first without an inversion (X == r Z^2), then the parity of y. */
static sluice_sig_status final_check(const sl_secp256k1_gej *R, const sl_secp256k1_fe *r) {
    if (R->inf)
        return SLUICE_SIG_INFINITY;
    sl_secp256k1_fe z2, rx;
    sl_secp256k1_fe_sqr(&z2, &R->z);
    sl_secp256k1_fe_mul(&rx, r, &z2);
    if (!sl_secp256k1_fe_equal(&rx, &R->x))
        return SLUICE_SIG_MISMATCH;
    sl_secp256k1_ge a;
    sl_secp256k1_ge_set_gej_var(&a, R);
    return sl_secp256k1_fe_is_odd(&a.y) ? SLUICE_SIG_MISMATCH : SLUICE_SIG_VALID;
}

sluice_sig_status sl_bip340_verify_key(const void *key, const uint8_t *msg, size_t msg_len,
                                       const uint8_t *sig, size_t sig_len) {
    const sl_bip340_key *k = (const sl_bip340_key *)key;
    sl_secp256k1_fe r;
    sl_secp256k1_sc s, e;
    sluice_sig_status st = sl_bip340_sig_parse(&r, &s, sig, sig_len);
    if (st != SLUICE_SIG_VALID)
        return st;
    sl_bip340_challenge(&e, sig, k->pk, msg, msg_len);
    sl_secp256k1_sc_neg(&e, &e);
    sl_secp256k1_gej R;
    if (k->window > 0) {
        /* A prepared key's table, in the IFMA lanes where the CPU has
         * them (else sl_secp256k1_ecmult_var, the reference). */
        sl_secp256k1_ecmult_lanes_var(&R, k->tab, &k->zg, k->window, &e, &s);
    } else {
        /* A key without a table: the small one-shot table (window
         * SL_SECP256K1_POINT_WINDOW) with the four GLV chains in the AVX-512
         * IFMA lanes (secp256k1_lanes.h); without IFMA, or for an
         * exceptional lane, that function runs the scalar reference
         * sl_secp256k1_ecmult_point_var itself (same point either way). */
        sl_secp256k1_ecmult_point_lanes_var(&R, &k->pub, &e, &s);
    }
    return final_check(&R, &r);
}

sluice_sig_status sluice_bip340_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg,
                                       size_t msg_len, const uint8_t *sig, size_t sig_len) {
    if (!msg && msg_len)
        return SLUICE_SIG_BAD_ENCODING;
    _Alignas(64) sl_bip340_key key;
    sluice_sig_status st = sl_bip340_key_prepare_window(&key, pub, pub_len, 0);
    if (st != SLUICE_SIG_VALID)
        return st;
    return sl_bip340_verify_key(&key, msg, msg_len, sig, sig_len);
}

sluice_sig_status sl_bip340_device_item(const void *key, const sluice_sig_item *it, uint8_t *out) {
    const sl_bip340_key *k = (const sl_bip340_key *)key;
    sl_secp256k1_fe r;
    sl_secp256k1_sc s, e;
    sluice_sig_status st = sl_bip340_sig_parse(&r, &s, it->sig, it->sig_len);
    if (st != SLUICE_SIG_VALID)
        return st;
    sl_bip340_challenge(&e, it->sig, k->pk, it->msg, it->msg_len);
    sl_secp256k1_fe_get_b32(out, &k->pub.x);
    sl_secp256k1_fe_get_b32(out + 32, &k->pub.y);
    memcpy(out + 64, it->sig + 32, 32);
    sl_secp256k1_sc_get_b32(out + 96, &e);
    memcpy(out + 128, it->sig, 32);
    return SLUICE_SIG_VALID;
}

sluice_sig_status sl_bip340_device_check_var(const uint8_t item[160]) {
    sl_secp256k1_ge P;
    sl_secp256k1_fe r;
    sl_secp256k1_sc s, e;
    if (!sl_secp256k1_fe_set_b32(&P.x, item) || !sl_secp256k1_fe_set_b32(&P.y, item + 32) ||
        sl_secp256k1_sc_set_b32(&s, item + 64) || sl_secp256k1_sc_set_b32(&e, item + 96) ||
        !sl_secp256k1_fe_set_b32(&r, item + 128) || !sl_secp256k1_ge_on_curve_var(&P) ||
        sl_secp256k1_fe_is_odd(&P.y))
        return SLUICE_SIG_BAD_ENCODING;
    sl_secp256k1_gej G, Pj, sG, eP, R;
    sl_secp256k1_gej_set_ge(&G, &sl_secp256k1_g);
    sl_secp256k1_gej_set_ge(&Pj, &P);
    sl_secp256k1_ecmult_ref_var(&sG, &G, &s);
    sl_secp256k1_sc_neg(&e, &e);
    sl_secp256k1_ecmult_ref_var(&eP, &Pj, &e);
    sl_secp256k1_gej_add_var(&R, &sG, &eP);
    return final_check(&R, &r);
}
