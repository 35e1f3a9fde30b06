/* Names, the single-item dispatch and the accelerator preparation of the
 * signature engine: one front door over the three schemes' contracts
 * (sig_internal.h). */
#include <stddef.h>
#include <string.h>

#include "ec/sm2_lanes.h"
#include "sig/bip340_sig.h"
#include "sig/ed25519_sig.h"
#include "sig/sm2_sig.h"
#include "sig/sig_internal.h"

static const char *const scheme_names[SLUICE_SIG_NSCHEMES] = {"sm2", "bip340", "ed25519"};

static const char *const status_names[SLUICE_SIG_NSTATUS] = {
    "valid",
    "bad public key",
    "bad signature encoding",
    "user ID too long",
    "r out of range",
    "s out of range",
    "t = (r + s) mod n is zero",
    "point at infinity",
    "signature mismatch",
};

const char *sluice_sig_scheme_name(sluice_sig_scheme s)
{
    return (unsigned)s < SLUICE_SIG_NSCHEMES ? scheme_names[s] : "unknown";
}

sluice_err sluice_sig_scheme_parse(const char *name, sluice_sig_scheme *out)
{
    if (!name || !out)
        return SLUICE_ERR_ARG;
    for (unsigned i = 0; i < SLUICE_SIG_NSCHEMES; i++)
        if (strcmp(name, scheme_names[i]) == 0) {
            *out = (sluice_sig_scheme)i;
            return SLUICE_OK;
        }
    return SLUICE_ERR_ARG;
}

const char *sluice_sig_status_str(sluice_sig_status s)
{
    return (unsigned)s < SLUICE_SIG_NSTATUS ? status_names[s] : "unknown verdict";
}

/* An item whose pointers cannot be read (NULL with a non-zero length) or whose
 * scheme is unknown. */
static int item_malformed(const sluice_sig_item *it)
{
    return (unsigned)it->scheme >= SLUICE_SIG_NSCHEMES || (!it->pub && it->pub_len) ||
           (!it->msg && it->msg_len) || (!it->sig && it->sig_len) ||
           (it->scheme == SLUICE_SIG_SM2 && !it->id && it->id_len);
}

static sluice_sig_status prepare_key(void *key, const sluice_sig_item *it)
{
    switch (it->scheme) {
    case SLUICE_SIG_SM2:
        return sl_sm2_key_prepare(key, it->pub, it->pub_len, it->id, it->id_len);
    case SLUICE_SIG_BIP340:
        return sl_bip340_key_prepare(key, it->pub, it->pub_len);
    case SLUICE_SIG_ED25519:
        return sl_ed25519_key_prepare(key, it->pub, it->pub_len);
    }
    return SLUICE_SIG_BAD_ENCODING;
}

sluice_sig_status sl_sig_prepare_key(void *key, const sluice_sig_item *it)
{
    return prepare_key(key, it);
}

/* BIP340 keys through sl_bip340_key_prepare_many (the lifts' square roots
 * side by side), in rounds of a fixed size so the pointer arrays stay on
 * the stack. */
static void prepare_bip340_keys(void *const *keys, const sluice_sig_item *const *items, size_t n,
                                sluice_sig_status *st)
{
    enum { ROUND = 64 };
    for (size_t lo = 0; lo < n; lo += ROUND) {
        size_t m = n - lo < ROUND ? n - lo : ROUND;
        const uint8_t *pubs[ROUND];
        size_t lens[ROUND];
        for (size_t j = 0; j < m; j++) {
            pubs[j] = items[lo + j]->pub;
            lens[j] = items[lo + j]->pub_len;
        }
        sl_bip340_key_prepare_many(keys + lo, pubs, lens, m, st + lo);
    }
}

void sl_sig_prepare_keys(sluice_sig_scheme s, void *const *keys,
                         const sluice_sig_item *const *items, size_t n, sluice_sig_status *st)
{
    switch (s) {
    case SLUICE_SIG_SM2:
        sl_sm2_key_prepare_n(keys, items, n, st);
        return;
    case SLUICE_SIG_ED25519:
        sl_ed25519_key_prepare_n(keys, items, n, st);
        return;
    case SLUICE_SIG_BIP340:
        prepare_bip340_keys(keys, items, n, st);
        return;
    }
    for (size_t i = 0; i < n; i++)
        st[i] = prepare_key(keys[i], items[i]);
}

size_t sl_sig_key_size_first(sluice_sig_scheme s)
{
    switch (s) {
    case SLUICE_SIG_SM2:
        return offsetof(sl_sm2_key, tab);
    case SLUICE_SIG_BIP340:
        return offsetof(sl_bip340_key, tab);
    case SLUICE_SIG_ED25519:
        return offsetof(sl_ed25519_key, tab);
    }
    return 0;
}

size_t sl_sig_key_size(sluice_sig_scheme s)
{
    switch (s) {
    case SLUICE_SIG_SM2:
        return sl_sm2_key_size();
    case SLUICE_SIG_BIP340:
        return sl_bip340_key_size();
    case SLUICE_SIG_ED25519:
        return sl_ed25519_key_size();
    }
    return 0;
}

void sl_sig_key_upgrade(sluice_sig_scheme s, void *key)
{
    switch (s) {
    case SLUICE_SIG_ED25519:
        sl_ed25519_key_upgrade(key);
        return;
    case SLUICE_SIG_SM2:
        sl_sm2_key_upgrade(key);
        return;
    case SLUICE_SIG_BIP340:
        sl_bip340_key_upgrade(key);
        return;
    }
}

/* When the tables pay, measured with sluice bench sig --batch 1024 --keys K
 * (each key used 1024/K times in a fresh batch), one core:
 *   - single checks (one-shot vs tabled key): a table costs about two to
 *     four single checks and saves about half of each later one, so a key's
 *     second use builds it, as before;
 *   - SM2's batch in the IFMA lanes and BIP340's random-linear-combination
 *     batch read only P, never the tables: upgrading there only cost time
 *     (2 uses per key: SM2 65 vs 16.5 us per signature, BIP340 27 vs 12.5);
 *     SM2's batch without IFMA runs the tabled single checks;
 *   - Ed25519's batch checks a tabled key four at a time (about 7 us less
 *     per use than the half-size check of a first-use key), and the upgrade
 *     (the tables and the exact torsion test) costs about 38 us: the ski-
 *     rental point is after about 5 uses, so the 6th builds it (2 uses:
 *     28 us per signature against 13 without an upgrade). */
unsigned sl_sig_upgrade_at(sluice_sig_scheme s, int batch)
{
    if (!batch)
        return 2;
    switch (s) {
    case SLUICE_SIG_SM2:
        return sl_sm2_lanes_supported() ? 0 : 2;
    case SLUICE_SIG_BIP340:
        return 0;
    case SLUICE_SIG_ED25519:
        return 6;
    }
    return 0;
}

int sl_sig_item_malformed(const sluice_sig_item *it)
{
    return item_malformed(it);
}

sluice_sig_status sl_sig_verify_key(const void *key, const sluice_sig_item *it)
{
    switch (it->scheme) {
    case SLUICE_SIG_SM2:
        return sl_sm2_verify_key(key, it->msg, it->msg_len, it->sig, it->sig_len);
    case SLUICE_SIG_BIP340:
        return sl_bip340_verify_key(key, it->msg, it->msg_len, it->sig, it->sig_len);
    case SLUICE_SIG_ED25519:
        return sl_ed25519_verify_key(key, it->msg, it->msg_len, it->sig, it->sig_len);
    }
    return SLUICE_SIG_BAD_ENCODING;
}

void sl_sig_verify_batch(sluice_sig_scheme s, const void *const *keys, const sluice_sig_item *items,
                         size_t n, uint8_t *status)
{
    switch (s) {
    case SLUICE_SIG_SM2:
        sl_sm2_verify_batch(keys, items, n, status);
        return;
    case SLUICE_SIG_BIP340:
        sl_bip340_verify_batch(keys, items, n, status);
        return;
    case SLUICE_SIG_ED25519:
        sl_ed25519_verify_batch(keys, items, n, status);
        return;
    }
}

static sluice_sig_status device_item(const void *key, const sluice_sig_item *it, uint8_t *out)
{
    switch (it->scheme) {
    case SLUICE_SIG_SM2:
        return sl_sm2_device_item(key, it, out);
    case SLUICE_SIG_BIP340:
        return sl_bip340_device_item(key, it, out);
    case SLUICE_SIG_ED25519:
        return sl_ed25519_device_item(key, it, out);
    }
    return SLUICE_SIG_BAD_ENCODING;
}

sluice_sig_status sluice_sig_verify(const sluice_sig_item *item, sluice_sig_keycache *cache)
{
    if (!item || item_malformed(item))
        return SLUICE_SIG_BAD_ENCODING;
    if (cache) {
        sluice_sig_status st;
        const void *key = sl_keycache_get(cache, item, &st);
        if (key)
            st = sl_sig_verify_key(key, item);
        sl_keycache_end(cache);
        if (key || st != (sluice_sig_status)SL_SIG_NOMEM)
            return st;
    }
    /* Without a cache: the schemes' one-shot checks, which build only the
     * small tables a single use pays for. */
    switch (item->scheme) {
    case SLUICE_SIG_SM2:
        return sluice_sm2_verify(item->pub, item->pub_len, item->id, item->id_len, item->msg,
                                 item->msg_len, item->sig, item->sig_len);
    case SLUICE_SIG_BIP340:
        return sluice_bip340_verify(item->pub, item->pub_len, item->msg, item->msg_len, item->sig,
                                    item->sig_len);
    case SLUICE_SIG_ED25519:
        return sluice_ed25519_verify(item->pub, item->pub_len, item->msg, item->msg_len,
                                     item->sig, item->sig_len);
    }
    return SLUICE_SIG_BAD_ENCODING;
}

sluice_err sluice_sig_device_prepare(sluice_sig_keycache *cache, const sluice_sig_item *items,
                                     size_t n, uint8_t *work, uint8_t *need, uint8_t *status)
{
    if ((n && (!items || !work || !need || !status)))
        return SLUICE_ERR_ARG;
    _Alignas(64) uint8_t keybuf[SL_SIG_KEY_MAX];
    for (size_t i = 0; i < n; i++) {
        const sluice_sig_item *it = &items[i];
        uint8_t *out = work + i * SLUICE_SIG_DEVICE_ITEM;
        need[i] = 0;
        if (item_malformed(it)) {
            status[i] = SLUICE_SIG_BAD_ENCODING;
            continue;
        }
        sluice_sig_status st = SLUICE_SIG_VALID;
        const void *key = NULL;
        if (cache)
            key = sl_keycache_get(cache, it, &st);
        if (!cache || (!key && st == (sluice_sig_status)SL_SIG_NOMEM)) {
            st = prepare_key(keybuf, it);
            key = st == SLUICE_SIG_VALID ? keybuf : NULL;
        }
        if (key)
            st = device_item(key, it, out);
        status[i] = (uint8_t)st;
        need[i] = key && st == SLUICE_SIG_VALID;
        if (cache)
            sl_keycache_end(cache);
    }
    return SLUICE_OK;
}
