/* BIP340 public keys: lift_x of the 32-byte x-only key (BIP340 "Specification":
 * lift_x fails if x >= p or x^3 + 7 is not a square; the point with even y
 * is taken) and the prepared key of sig_internal.h. */
#include <string.h>

#include "sig/bip340_sig.h"
#include "sig/sig_internal.h"

_Static_assert(sizeof(sl_bip340_key) <= SL_SIG_KEY_MAX, "BIP340 prepared key too large");

sluice_sig_status sl_bip340_key_prepare_window(sl_bip340_key *key, const uint8_t *pub,
                                               size_t pub_len, int window) {
    if (!pub || pub_len != 32)
        return SLUICE_SIG_BAD_PUBKEY;
    sl_secp256k1_fe x;
    if (!sl_secp256k1_fe_set_b32(&x, pub))
        return SLUICE_SIG_BAD_PUBKEY;
    if (!sl_secp256k1_ge_set_x_even_var(&key->pub, &x))
        return SLUICE_SIG_BAD_PUBKEY;
    memcpy(key->pk, pub, 32);
    key->window = window;
    memset(key->pad, 0, sizeof key->pad);
    if (window > 0)
        sl_secp256k1_odd_multiples_var(key->tab, &key->zg, &key->pub, (size_t)1 << (window - 2));
    else
        sl_secp256k1_fe_set_u64(&key->zg, 0); /* no table: tab is left unwritten */
    return SLUICE_SIG_VALID;
}

#define MANY_CHUNK 64

void sl_bip340_key_prepare_many(void *const *keys, const uint8_t *const *pubs,
                                const size_t *pub_lens, size_t n, sluice_sig_status *st) {
    for (size_t i0 = 0; i0 < n; i0 += MANY_CHUNK) {
        size_t cnt = n - i0 < MANY_CHUNK ? n - i0 : MANY_CHUNK, m = 0;
        sl_secp256k1_fe xs[MANY_CHUNK];
        sl_secp256k1_ge pts[MANY_CHUNK];
        int ok[MANY_CHUNK];
        size_t idx[MANY_CHUNK];
        for (size_t j = 0; j < cnt; j++) {
            size_t i = i0 + j;
            st[i] = SLUICE_SIG_BAD_PUBKEY;
            if (!pubs[i] || pub_lens[i] != 32 || !sl_secp256k1_fe_set_b32(&xs[m], pubs[i]))
                continue;
            idx[m++] = i;
        }
        sl_secp256k1_ge_set_x_even_many_var(pts, ok, xs, m);
        for (size_t j = 0; j < m; j++) {
            if (!ok[j])
                continue;
            size_t i = idx[j];
            sl_bip340_key *key = (sl_bip340_key *)keys[i];
            key->pub = pts[j];
            memcpy(key->pk, pubs[i], 32);
            key->window = 0;
            memset(key->pad, 0, sizeof key->pad);
            sl_secp256k1_fe_set_u64(&key->zg, 0);
            st[i] = SLUICE_SIG_VALID;
        }
    }
}

size_t sl_bip340_key_size(void) {
    return sizeof(sl_bip340_key);
}

/* A first-seen key is only lifted (the batch uses P alone; a single
 * verification builds the small one-shot table itself); sl_bip340_key_upgrade
 * builds the wide table on a key's second use (called by the key cache). */
sluice_sig_status sl_bip340_key_prepare(void *key, const uint8_t *pub, size_t pub_len) {
    return sl_bip340_key_prepare_window((sl_bip340_key *)key, pub, pub_len, 0);
}

void sl_bip340_key_upgrade(void *key) {
    sl_bip340_key *k = (sl_bip340_key *)key;
    if (k->window >= SL_BIP340_KEY_WINDOW)
        return;
    k->window = SL_BIP340_KEY_WINDOW;
    sl_secp256k1_odd_multiples_var(k->tab, &k->zg, &k->pub, (size_t)1 << (SL_BIP340_KEY_WINDOW - 2));
}
