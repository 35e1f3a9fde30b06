/* BIP340 Schnorr verification internals (bitcoin/bips bip-0340.mediawiki):
 * the prepared key layout, the challenge hash, and the CPU model of the
 * accelerator check. The contract functions (sl_bip340_*) are declared in
 * sig_internal.h, the public sluice_bip340_verify in sluice/sig.h. Internal
 * header. */
#ifndef SLUICE_SIG_BIP340_SIG_H
#define SLUICE_SIG_BIP340_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "../ec/secp256k1_group.h" /* relative: also includable from tests */
#include "sluice/sig.h"

/* Window of the odd-multiples table of P in an upgraded (repeating) key:
 * 2^(W-2) entries. A freshly prepared key holds no table (window 0): the
 * batch never uses one, and a single verification with such a key (as the
 * one-shot sluice_bip340_verify) builds the small table of
 * sl_secp256k1_ecmult_point_var (window SL_SECP256K1_POINT_WINDOW) on its
 * stack. */
#define SL_BIP340_KEY_WINDOW 8

/* The prepared key blob (plain bytes, no pointers; see sig_internal.h). */
typedef struct {
    sl_secp256k1_ge pub;  /* P = lift_x(pk), even y */
    sl_secp256k1_fe zg;   /* global Z of tab (window > 0) */
    uint8_t pk[32];       /* the 32-byte x-only key as given */
    int32_t window;       /* table window: 0 (no table) or 2..SL_BIP340_KEY_WINDOW */
    int32_t pad[7];
    sl_secp256k1_ge tab[1 << (SL_BIP340_KEY_WINDOW - 2)]; /* (2k+1) P, global Z */
} sl_bip340_key;

/* Prepares key with a table of the given window (0 for none, or
 * 2..SL_BIP340_KEY_WINDOW). BAD_PUBKEY if pub is NULL, not 32 bytes, >= p,
 * or not an x coordinate. */
sluice_sig_status sl_bip340_key_prepare_window(sl_bip340_key *key, const uint8_t *pub,
                                               size_t pub_len, int window);

/* Prepares n keys at once, each exactly as sl_bip340_key_prepare would
 * (P only, no table), with the square roots of the lifts computed together
 * (eight lanes on AVX-512 IFMA, else four interleaved): for a front end that
 * meets many new keys in one group (the batch key cache), this removes most
 * of the per-key square-root cost. st[i] gets key i's verdict (VALID or
 * BAD_PUBKEY); keys[i] is written only when VALID. The key cache calls it
 * (through sl_sig_prepare_keys) for a chunk's new keys. */
void sl_bip340_key_prepare_many(void *const *keys, const uint8_t *const *pubs,
                                const size_t *pub_lens, size_t n, sluice_sig_status *st);

/* Widens a prepared key's table to SL_BIP340_KEY_WINDOW (idempotent). */
void sl_bip340_key_upgrade(void *key);

/* e = int(tagged_hash("BIP0340/challenge", r ‖ pk ‖ msg)) mod n (BIP340
 * "Verification"), from the precomputed midstate of the tag prefix. */
void sl_bip340_challenge(sl_secp256k1_sc *e, const uint8_t r[32], const uint8_t pk[32],
                         const uint8_t *msg, size_t msg_len);

/* Parses sig = r ‖ s: BAD_ENCODING (NULL or length != 64), R_RANGE
 * (r >= p), S_RANGE (s >= n), else VALID with *r and *s set. */
sluice_sig_status sl_bip340_sig_parse(sl_secp256k1_fe *r, sl_secp256k1_sc *s, const uint8_t *sig,
                                      size_t sig_len);

/* The CPU model of the accelerator's BIP340 check on a 160-byte device item
 * (layout in sig_internal.h), written independently of the fast path:
 * R = s G - e P by plain double-and-add; INFINITY if R = O; MISMATCH if
 * y(R) odd or x(R) != r; else VALID. BAD_ENCODING if a field of the item is
 * out of its range, P is not on the curve or Py is odd. */
sluice_sig_status sl_bip340_device_check_var(const uint8_t item[160]);

/* The random linear combination alone, for tests: 1 if every item parses,
 * lifts and the whole group's combination gives O; 0 otherwise; -1 if out
 * of memory. keys[i] must all be non-NULL. */
int sl_bip340_batch_combination_var(const void *const *keys, const sluice_sig_item *items,
                                    size_t n);

/* The batch of n BIP340 items on threads (OpenMP) in one combination per
 * group of up to group_max items (0, or more than 16,384: 16,384; the
 * groups are of equal size), every stage split in small pieces that any
 * thread takes (bip340_batch.c): status[i] as sl_bip340_verify_batch gives
 * it (the single verdict), with keys looked up in caches[t] by thread t
 * (created with max_keys where NULL; caches holds at least threads
 * entries). Out of memory anywhere, the affected items are verified singly:
 * the verdicts stay the single ones. The randomizers are the same as
 * sl_bip340_verify_batch's for the same group of items. */
void sl_bip340_verify_batch_threads(sluice_sig_keycache **caches, size_t max_keys, int threads,
                                    const sluice_sig_item *items, size_t n, uint8_t *status,
                                    size_t group_max);

#endif
