/* Ed25519 single verification with Bytom's rules = Go's ed25519.Verify
 * (Bytom v1.1.1 crypto/ed25519/ed25519.go): len(sig) == 64; sig[63] & 0xE0
 * == 0 (s < 2^253 only, NOT s < L); A decoded as Go's FromBytes (non-canonical
 * y and x = 0 with the sign bit accepted); k = SHA-512(R ‖ A ‖ M) mod L; R' =
 * [s]B - [k]A cofactorless, with s the raw integer ([s]B = [s mod L]B since B
 * has order L); valid iff encode(R') == R byte for byte. Small-order A or R
 * are not rejected. Verdict order follows the dispatch (engine/sig/sig.c):
 * the key first (BAD_PUBKEY), then BAD_ENCODING, S_RANGE, MISMATCH. */
#include <string.h>

#include "sig/ed25519_sig.h"
#include "sig/sig_internal.h"
#include "sluice/sha512.h"

void sl_ed25519_challenge(uint8_t k[32], const uint8_t r[32], const uint8_t pub[32],
                          const uint8_t *msg, size_t msg_len) {
    sluice_sha512_ctx c;
    uint8_t h[64];
    sl_ed25519_sc sc;
    sluice_sha512_init(&c);
    sluice_sha512_update(&c, r, 32);
    sluice_sha512_update(&c, pub, 32);
    if (msg_len) sluice_sha512_update(&c, msg, msg_len);
    sluice_sha512_final(&c, h);
    sl_ed25519_sc_set_b64(&sc, h);
    sl_ed25519_sc_get_b32(k, &sc);
}

sluice_sig_status sl_ed25519_sig_precheck(const uint8_t *sig, size_t sig_len) {
    if (sig_len != 64 || !sig) return SLUICE_SIG_BAD_ENCODING;
    if (sig[63] & 0xE0) return SLUICE_SIG_S_RANGE;
    return SLUICE_SIG_VALID;
}

size_t sl_ed25519_key_size(void) { return sizeof(sl_ed25519_key); }

sluice_sig_status sl_ed25519_key_prepare(void *key, const uint8_t *pub, size_t pub_len) {
    sl_ed25519_key *k = (sl_ed25519_key *)key;
    if (pub_len != 32 || !pub) return SLUICE_SIG_BAD_PUBKEY;
    memset(k->pad, 0, sizeof k->pad);
    memcpy(k->pub, pub, 32);
    if (!sl_ed25519_ge_decode_var(&k->A, pub)) return SLUICE_SIG_BAD_PUBKEY;
    k->torsion_free = 0;
    k->tables_ready = 0;
    return SLUICE_SIG_VALID;
}

void sl_ed25519_key_upgrade(void *key) {
    sl_ed25519_key *k = (sl_ed25519_key *)key;
    if (k->tables_ready) return;
    sl_ed25519_keytab_build(&k->tab, &k->A);
    k->torsion_free = (uint8_t)sl_ed25519_ge_torsion_free_var(&k->A);
    k->tables_ready = 1;
}

static sluice_sig_status compare_r(const sl_ed25519_ge *rp, const uint8_t *sig) {
    uint8_t enc[32];
    sl_ed25519_ge_encode(enc, rp);
    return memcmp(enc, sig, 32) == 0 ? SLUICE_SIG_VALID : SLUICE_SIG_MISMATCH;
}

sluice_sig_status sl_ed25519_verify_key(const void *key, const uint8_t *msg, size_t msg_len,
                                        const uint8_t *sig, size_t sig_len) {
    const sl_ed25519_key *k = (const sl_ed25519_key *)key;
    sluice_sig_status st = sl_ed25519_sig_precheck(sig, sig_len);
    if (st != SLUICE_SIG_VALID) return st;
    uint8_t kh[32];
    sl_ed25519_challenge(kh, sig, k->pub, msg, msg_len);
    sl_ed25519_ge rp;
    if (k->tables_ready) {
        sl_ed25519_double_scalarmul_keytab_var(&rp, sig + 32, kh, &k->tab, 1);
    } else { /* first use: the 256-doubling chain with -A, no tables */
        sl_ed25519_ge na;
        sl_ed25519_ge_neg(&na, &k->A);
        sl_ed25519_double_scalarmul_var(&rp, sig + 32, kh, &na);
    }
    return compare_r(&rp, sig);
}

sluice_sig_status sluice_ed25519_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg,
                                        size_t msg_len, const uint8_t *sig, size_t sig_len) {
    sl_ed25519_ge A;
    if (pub_len != 32 || !pub || !sl_ed25519_ge_decode_var(&A, pub)) return SLUICE_SIG_BAD_PUBKEY;
    if (!msg && msg_len) return SLUICE_SIG_BAD_ENCODING;
    sluice_sig_status st = sl_ed25519_sig_precheck(sig, sig_len);
    if (st != SLUICE_SIG_VALID) return st;
    uint8_t kh[32];
    sl_ed25519_challenge(kh, sig, pub, msg, msg_len);
    sl_ed25519_ge_neg(&A, &A);
    sl_ed25519_ge rp;
    sl_ed25519_double_scalarmul_var(&rp, sig + 32, kh, &A);
    return compare_r(&rp, sig);
}

sluice_sig_status sl_ed25519_device_item(const void *key, const sluice_sig_item *it,
                                         uint8_t *out) {
    const sl_ed25519_key *k = (const sl_ed25519_key *)key;
    sluice_sig_status st = sl_ed25519_sig_precheck(it->sig, it->sig_len);
    if (st != SLUICE_SIG_VALID) return st;
    /* the decoded key has Z = 1: X and Y are the affine coordinates */
    sl_ed25519_fe_get_b32(out, &k->A.X);
    sl_ed25519_fe_get_b32(out + 32, &k->A.Y);
    memcpy(out + 64, it->sig + 32, 32);
    sl_ed25519_challenge(out + 96, it->sig, k->pub, it->msg, it->msg_len);
    memcpy(out + 128, it->sig, 32);
    return SLUICE_SIG_VALID;
}
