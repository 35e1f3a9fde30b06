/* Ed25519 with Bytom's acceptance rules (Go's ed25519.Verify, Bytom v1.1.1
 * crypto/ed25519): the prepared key and the helpers shared by the single,
 * batch and device paths (engine/sig/ed25519_*.c). Internal header. */
#ifndef SLUICE_SIG_ED25519_SIG_H
#define SLUICE_SIG_ED25519_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "../ec/ed25519_group.h" /* relative: also includable from tests */
#include "../ec/ed25519_scalar.h"
#include "sluice/sig.h"

/* The prepared key (sl_ed25519_key_prepare): plain bytes, no pointers.
 * Preparing only decodes A (cheap: most keys are seen once); the key cache
 * calls sl_ed25519_key_upgrade on a key's second use, which builds the tables
 * and decides the torsion flag. */
typedef struct {
    uint8_t pub[32];           /* the key exactly as given (hashed into k) */
    uint8_t torsion_free;      /* 1 iff [L]A = O (decided exactly); 0 until upgraded */
    uint8_t tables_ready;      /* tab is built (sl_ed25519_key_upgrade) */
    uint8_t pad[30];
    sl_ed25519_ge A;           /* decoded as Go does (Z = 1) */
    sl_ed25519_keytab tab;     /* odd multiples of 2^(64j) A */
} sl_ed25519_key;

/* The tail of sl_ed25519_key_prepare(_n) for a 32-byte key: pub, the
 * flags (0) and, where ok (A = pub's decoding), A with fully reduced limbs,
 * so the blob is the same whichever decoder made A. Returns VALID, or
 * BAD_PUBKEY where !ok (A unread). */
sluice_sig_status sl_ed25519_key_fill(void *key, const uint8_t pub[32], const sl_ed25519_ge *A,
                                      int ok);
/* sl_ed25519_key_prepare_n (sig_internal.h) with the IFMA square roots off
 * (use_ifma = 0) or on (1, only where sl_ed25519_ifma_supported()); the
 * contract's function picks by the CPU. Same blobs and verdicts. */
void sl_ed25519_key_prepare_n_impl(void *const *keys, const sluice_sig_item *const *items,
                                   size_t n, sluice_sig_status *st, int use_ifma);

/* Builds the per-key tables and the torsion flag ([L]A computed with the new
 * tables; about 30 µs on one core in all, pays from a key's second use on).
 * Idempotent. */
void sl_ed25519_key_upgrade(void *key);

/* k = SHA-512(R ‖ A ‖ M) mod L as 32 little-endian bytes (RFC 8032 5.1.7
 * step 2 with the original bytes of R and A). */
void sl_ed25519_challenge(uint8_t k[32], const uint8_t r[32], const uint8_t pub[32],
                          const uint8_t *msg, size_t msg_len);

/* k[i] = sl_ed25519_challenge(k[i], r[i], pub[i], msg[i], len[i]) for
 * i < n (n <= 8): with use_avx512 (only where sl_ed25519_ifma_supported(),
 * which includes AVX-512F) the SHA-512 compressions of all n side by side
 * in the lanes of 512-bit vectors (ed25519_challenge_n.c), else one by
 * one. r[i] and pub[i] point to 32 bytes, msg[i] to len[i] (NULL allowed
 * when len[i] is 0). */
void sl_ed25519_challenge_n(uint8_t (*k)[32], const uint8_t *const *r, const uint8_t *const *pub,
                            const uint8_t *const *msg, const size_t *len, int n, int use_avx512);

/* The signature checks that come before any point arithmetic: BAD_ENCODING
 * if sig_len != 64, S_RANGE if sig[63] & 0xE0 (s >= 2^253), else VALID. */
sluice_sig_status sl_ed25519_sig_precheck(const uint8_t *sig, size_t sig_len);

/* Four first-use checks at once (1 <= m <= 4 items): st[j] =
 * sl_ed25519_verify_key(key[j], it[j]...) for items that passed
 * sl_ed25519_sig_precheck, computed as that function does for a key without
 * tables (the half-size check of ed25519_lattice.h, whatever key[j]'s
 * tables) but with the R decoded four at a time and the chains of up to four
 * items in the lanes of sl_ed25519_base_two_x4_var (ed25519_lanes.h;
 * use_ifma = 1 only where sl_ed25519_ifma_supported()). */
void sl_ed25519_verify_key_x4(uint8_t st[4], const sl_ed25519_key *const key[4],
                              const sluice_sig_item *const it[4], int m, int use_ifma);

/* The same for 1 <= m <= 8 items: their R decoded eight at a time (the
 * 512-bit IFMA lanes, sl_ed25519_ge_decode_n_impl_var), the chains in one
 * run of eight 512-bit lanes when more than four items reach them and
 * use_ifma = 2 (only where sl_ed25519_ifma_supported(); the batch passes 2
 * where sl_ed25519_lanes8_preferred()), else in runs of four lanes
 * (use_ifma = 1) or one by one (0). st[j] = sl_ed25519_verify_key(key[j],
 * it[j]...). */
void sl_ed25519_verify_key_x8(uint8_t st[8], const sl_ed25519_key *const key[8],
                              const sluice_sig_item *const it[8], int m, int use_ifma);

/* The RLC batch over items that all passed their prechecks and have
 * torsion-free keys; see ed25519_batch.c. Exposed for tests. */
void sl_ed25519_verify_batch_rlc(const void *const *keys, const sluice_sig_item *items, size_t n,
                                 uint8_t *status);
/* The batch as plain single checks with the prepared keys (the reference the
 * RLC path is tested against, and the faster path where measured so). */
void sl_ed25519_verify_batch_singles(const void *const *keys, const sluice_sig_item *items,
                                     size_t n, uint8_t *status);
/* The same with the four-lane IFMA chains (ed25519_lanes.h) in groups of
 * four (use_ifma = 1, only where sl_ed25519_ifma_supported()): items whose
 * keys have tables by the key-table chain, the others in groups of eight by
 * sl_ed25519_verify_key_x8; a group's lone leftover by sl_ed25519_verify_key.
 * use_ifma = 2: both kinds in groups of eight, each group's chains in one
 * run of eight 512-bit lanes (sl_ed25519_lanes_run8_ifma). With use_ifma =
 * 0 every item by sl_ed25519_verify_key. The function above picks by the
 * CPU (2 where sl_ed25519_lanes8_preferred()). Same statuses. */
void sl_ed25519_verify_batch_singles_impl(const void *const *keys, const sluice_sig_item *items,
                                          size_t n, uint8_t *status, int use_ifma);

#endif
