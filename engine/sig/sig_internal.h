/* Internal contract between the signature schemes (engine/sig/<scheme>_*.c)
 * and the dispatch, key cache and batch layer (engine/sig/sig.c, keycache.c,
 * batch.c). Not a public header.
 *
 * Every scheme provides a "prepared key": the decoded public key with whatever
 * precomputation makes repeated verification fast (tables, ZA for SM2). It is
 * a plain, position-independent blob of at most SL_SIG_KEY_MAX bytes, stored
 * in 64-byte aligned memory, copied freely, never holding pointers.
 *
 * Verdicts (sluice_sig_status) are the same whatever path computes them:
 *   sl_<s>_key_prepare  -> VALID or the key's verdict (BAD_PUBKEY, BAD_ID)
 *   sl_<s>_verify_key   -> the single check given a prepared key
 *   sl_<s>_verify_batch -> status[i] == sl_<s>_verify_key(keys[i], items[i])
 *                          for every i with keys[i] != NULL (items with
 *                          keys[i] == NULL are skipped: their status is
 *                          already written by the caller). */
#ifndef SLUICE_SIG_INTERNAL_H
#define SLUICE_SIG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/sig.h"

#define SL_SIG_KEY_MAX 16384 /* bytes of a prepared key, any scheme */
#define SL_SIG_DEVICE_ITEM SLUICE_SIG_DEVICE_ITEM /* bytes of one accelerator work item */

/* --- SM2 (engine/sig/sm2_*.c) ---------------------------------------------- */
size_t sl_sm2_key_size(void);
sluice_sig_status sl_sm2_key_prepare(void *key, const uint8_t *pub, size_t pub_len,
                                     const uint8_t *id, size_t id_len);
sluice_sig_status sl_sm2_verify_key(const void *key, const uint8_t *msg, size_t msg_len,
                                    const uint8_t *sig, size_t sig_len);
void sl_sm2_verify_batch(const void *const *keys, const sluice_sig_item *items, size_t n,
                         uint8_t *status);
/* Prepares n keys at once: st[i] = sl_sm2_key_prepare(keys[i], items[i]->pub,
 * ->pub_len, ->id, ->id_len) for every i < n, the same blobs and verdicts
 * (a scheme may decode several keys side by side). keys[i] are distinct. */
void sl_sm2_key_prepare_n(void *const *keys, const sluice_sig_item *const *items, size_t n,
                          sluice_sig_status *st);

/* --- BIP340 (engine/sig/bip340_*.c) ----------------------------------------- */
size_t sl_bip340_key_size(void);
sluice_sig_status sl_bip340_key_prepare(void *key, const uint8_t *pub, size_t pub_len);
sluice_sig_status sl_bip340_verify_key(const void *key, const uint8_t *msg, size_t msg_len,
                                       const uint8_t *sig, size_t sig_len);
void sl_bip340_verify_batch(const void *const *keys, const sluice_sig_item *items, size_t n,
                            uint8_t *status);

/* --- Ed25519 (engine/sig/ed25519_*.c) --------------------------------------- */
size_t sl_ed25519_key_size(void);
sluice_sig_status sl_ed25519_key_prepare(void *key, const uint8_t *pub, size_t pub_len);
sluice_sig_status sl_ed25519_verify_key(const void *key, const uint8_t *msg, size_t msg_len,
                                        const uint8_t *sig, size_t sig_len);
void sl_ed25519_verify_batch(const void *const *keys, const sluice_sig_item *items, size_t n,
                             uint8_t *status);
/* As sl_sm2_key_prepare_n: st[i] = sl_ed25519_key_prepare(keys[i],
 * items[i]->pub, items[i]->pub_len). */
void sl_ed25519_key_prepare_n(void *const *keys, const sluice_sig_item *const *items, size_t n,
                              sluice_sig_status *st);

/* --- Accelerator work items --------------------------------------------------
 * sl_<s>_device_item does on the host everything but the point arithmetic
 * (parsing, range checks, hashing, scalar arithmetic) and writes a
 * SL_SIG_DEVICE_ITEM-byte item. It returns SLUICE_SIG_VALID when the device must
 * finish the check, or the final verdict when the host already knows it (the
 * item is then not sent). All 32-byte fields are big-endian integers for SM2 and
 * BIP340 and little-endian for Ed25519, each fully reduced as stated.
 *
 *   SM2     [0,32) Px  [32,64) Py   (affine public key, < p)
 *           [64,96) s  [96,128) t = (r + s) mod n   (both in [1, n-1])
 *           [128,160) v = (r - e) mod n
 *           device: (X:Y:Z) = s·G + t·P (Jacobian); INFINITY if Z == 0; VALID iff
 *           X == v·Z² or (v + n < p and X == (v + n)·Z²), else MISMATCH.
 *   BIP340  [0,32) Px  [32,64) Py   (even Py)   [64,96) s (< n)
 *           [96,128) e (< n)  [128,160) r (< p)
 *           device: R = s·G − e·P; INFINITY if R = O; MISMATCH if y(R) odd or
 *           x(R) != r; else VALID.
 *   Ed25519 [0,32) Ax  [32,64) Ay  (decoded public key, < p, little-endian)
 *           [64,96) s (< 2^253, as in the signature)  [96,128) k (< L)
 *           [128,160) R exactly as the 32 signature bytes
 *           device: R' = [s]B − [k]A (cofactorless); VALID iff encode(R') == R
 *           byte for byte, else MISMATCH. */
sluice_sig_status sl_sm2_device_item(const void *key, const sluice_sig_item *it, uint8_t *out);
sluice_sig_status sl_bip340_device_item(const void *key, const sluice_sig_item *it, uint8_t *out);
sluice_sig_status sl_ed25519_device_item(const void *key, const sluice_sig_item *it,
                                         uint8_t *out);

/* --- Dispatch over the schemes (engine/sig/sig.c) --------------------------- */
/* 1 if the item cannot be read: unknown scheme, NULL pointer with a length. */
int sl_sig_item_malformed(const sluice_sig_item *it);
size_t sl_sig_key_size(sluice_sig_scheme s);
/* The bytes of a prepared key that preparing it and verifying with it read
 * or write until sl_sig_key_upgrade (the blob before its tables, which come
 * last): what a key cache entry holds until the key's second use. */
size_t sl_sig_key_size_first(sluice_sig_scheme s);
/* Called by the key cache when a key has been used often enough
 * (sl_sig_upgrade_at): builds the per-key tables that only pay when a key
 * repeats (preparing a key stays cheap). */
void sl_sig_key_upgrade(sluice_sig_scheme s, void *key);
/* The use count at which a cached key of scheme s is upgraded, for the
 * single check (batch = 0: sluice_sig_verify with a cache, the batch's
 * singles-only mode) or for the scheme's batch (batch = 1); 0 = never (the
 * consumer never reads the tables). */
unsigned sl_sig_upgrade_at(sluice_sig_scheme s, int batch);
sluice_sig_status sl_sig_prepare_key(void *key, const sluice_sig_item *it);
/* n keys of scheme s at once (the scheme's _key_prepare_n, or one by one):
 * st[i] = sl_sig_prepare_key(keys[i], items[i]). */
void sl_sig_prepare_keys(sluice_sig_scheme s, void *const *keys,
                         const sluice_sig_item *const *items, size_t n, sluice_sig_status *st);
sluice_sig_status sl_sig_verify_key(const void *key, const sluice_sig_item *it);
void sl_sig_verify_batch(sluice_sig_scheme s, const void *const *keys, const sluice_sig_item *items,
                         size_t n, uint8_t *status);

/* --- Key cache (engine/sig/keycache.c) ---------------------------------------
 * Returns the prepared key for the item's (scheme, pub, id), preparing it on a
 * miss; NULL if the key is not valid, with its verdict in *st. Nothing is
 * evicted before sl_keycache_end(), but a key's upgrade moves its blob
 * (entries hold only sl_sig_key_size_first bytes until the upgrade), so a
 * pointer is good until the next lookup on the cache: a group of keys is held
 * with ONE sl_keycache_get_n call. Out of memory: NULL with *st = SL_SIG_NOMEM
 * (not a verdict: the caller prepares the key in its own buffer instead). */
#define SL_SIG_NOMEM 255
const void *sl_keycache_get(sluice_sig_keycache *c, const sluice_sig_item *it,
                            sluice_sig_status *st);
/* The same for items[0..n) of ONE scheme: keys[i] and st[i] as
 * sl_keycache_get would give them item by item (a key repeated within the n
 * items is prepared once and counts as a hit), but the misses are prepared
 * together (sl_sig_prepare_keys), so a scheme can decode several keys at
 * once. A key is upgraded when its use count reaches upgrade_at (0: never;
 * sl_keycache_get uses sl_sig_upgrade_at(scheme, 0)). */
void sl_keycache_get_n(sluice_sig_keycache *c, const sluice_sig_item *items, size_t n,
                       const void **keys, sluice_sig_status *st, unsigned upgrade_at);
/* Ends the current group: keys beyond max_keys may now be evicted. */
void sl_keycache_end(sluice_sig_keycache *c);

#endif
