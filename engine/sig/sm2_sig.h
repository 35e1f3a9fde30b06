/* SM2 signature verification internals (GB/T 32918.2, GM/T 0003.2): the
 * prepared key layout, public-key decoding, Z_A, and the CPU reference of the
 * accelerator check. The contract functions (sl_sm2_*) are declared in
 * sig_internal.h, the public ones in sluice/sig.h. Internal header. */
#ifndef SLUICE_SIG_SM2_SIG_H
#define SLUICE_SIG_SM2_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "../ec/sm2_group.h" /* relative: also includable from tests */
#include "sluice/sig.h"

/* The prepared key splits t into eight 32-bit chunks, t = sum_k t_k 2^(32k)
 * (the chunks of sl_sm2_scalar_chunk), and keeps a width-SL_SM2_KEY_WINDOW
 * NAF table of odd multiples for each 2^(32k) P, so t P needs only a
 * 32-doubling chain (shared with s G, split the same way over the
 * fixed-base tables of sm2_group.h). 8 x 16 affine points = 8 KiB (window 7
 * would need 16 KiB, more than SL_SIG_KEY_MAX leaves). The coordinates are
 * the field's Montgomery-form limbs (sm2_field.h): the blob is only ever
 * read by this build's code (pub_xy holds the plain bytes). */
#define SL_SM2_KEY_WINDOW 6
#define SL_SM2_KEY_TABLE (1 << (SL_SM2_KEY_WINDOW - 2))
#define SL_SM2_KEY_SPLIT SL_SM2_GEN_SPLIT
/* The light table (a key not yet upgraded, and the one-shot verify): a
 * width-5 NAF table of P for a 256-doubling Strauss chain. */
#define SL_SM2_LIGHT_WINDOW 5
#define SL_SM2_LIGHT_TABLE (1 << (SL_SM2_LIGHT_WINDOW - 2))

/* The prepared key blob (plain bytes, no pointers; see sig_internal.h).
 * sl_sm2_key_prepare fills everything but tab (decode, Z_A: a few µs, no
 * field inversion: a key seen once goes through the four-lane path, which
 * builds its own tables of P, or through the scalar path, which builds the
 * light table of P on the fly); sl_sm2_key_upgrade builds tab and sets
 * tables_ready. Every path gives the same verdicts. */
typedef struct {
    sl_sm2_ge pub;                      /* P */
    uint8_t pub_xy[64];                 /* Px ‖ Py big-endian */
    uint8_t za[32];                     /* Z_A for the key's user ID */
    uint8_t tables_ready;               /* 1 once sl_sm2_key_upgrade built tab */
    uint8_t pad[31];                    /* tab starts at byte 192, 64-byte aligned */
    /* last: a key cache entry holds only the bytes before it until the
     * upgrade (sl_sig_key_size_first) */
    sl_sm2_ge tab[SL_SM2_KEY_SPLIT][SL_SM2_KEY_TABLE]; /* (2j + 1) 2^(32k) P; valid iff tables_ready */
} sl_sm2_key;

/* sl_sm2_verify_batch (sig_internal.h) with the path chosen by the caller:
 * when use_ifma is 1 (only where sl_sm2_lanes_supported()), every item
 * goes four at a time (a last group of 1 to 3 too) through the AVX-512 IFMA
 * lanes (ec/sm2_lanes.h), a lane that meets an exceptional case (and every
 * lane whose bit is set in force_fallback: a test hook) being verified by
 * the scalar code. Keys with tables_ready go there too: four 256-doubling
 * chains side by side cost less per item than one 32-doubling key-table
 * chain (measured: 20.8-23.3 against 25.1-27.0 us per item with 16 keys,
 * sluice bench sig --keys 16). use_ifma = 0 verifies every item singly
 * (sl_sm2_verify_key: the key tables where built). The verdicts are
 * those of sl_sm2_verify_key in every case. */
void sl_sm2_verify_batch_impl(const void *const *keys, const sluice_sig_item *items, size_t n,
                              uint8_t *status, int use_ifma, unsigned force_fallback);

/* sl_sm2_key_prepare_n (sig_internal.h) with the path chosen by the caller:
 * use_ifma = 1 (only where sl_sm2_lanes_supported()) decodes compressed keys
 * four at a time (the square roots in the IFMA lanes), 0 one by one. Same
 * blobs and verdicts as sl_sm2_key_prepare either way. */
void sl_sm2_key_prepare_n_impl(void *const *keys, const sluice_sig_item *const *items, size_t n,
                               sluice_sig_status *st, int use_ifma);

/* Builds the eight window-6 tables of a prepared key (two field inversions
 * and 224 doublings, ~100 µs) and sets tables_ready, so that later verifies
 * with it take the 32-doubling path; a no-op if already done. The key cache
 * calls it on a key's second use. key: a blob filled by sl_sm2_key_prepare
 * with SLUICE_SIG_VALID. */
void sl_sm2_key_upgrade(void *key);

/* The default user ID (GB/T 32918.2 examples; GM/T 0009). */
#define SL_SM2_DEFAULT_ID "1234567812345678"
#define SL_SM2_DEFAULT_ID_LEN 16
/* ENTL is 16 bits of bit length: at most 8191 bytes of ID. */
#define SL_SM2_MAX_ID_LEN 8191

/* Decodes 04 ‖ x ‖ y (65 bytes) or 02/03 ‖ x (33 bytes): coordinates < p,
 * on the curve (the decompressed y chosen by the prefix parity). Returns 1
 * and sets *out, or 0 (BAD_PUBKEY). */
int sl_sm2_pub_decode_var(sl_sm2_ge *out, const uint8_t *pub, size_t pub_len);

/* Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ Gx ‖ Gy ‖ Px ‖ Py) (GB/T 32918.2 5.5).
 * id == NULL means the default ID. Returns 0 (BAD_ID) when
 * id_len > SL_SM2_MAX_ID_LEN, else 1. */
int sl_sm2_za(uint8_t za[32], const uint8_t *id, size_t id_len, const sl_sm2_ge *pub);

/* The CPU reference of the accelerator's SM2 check on a 160-byte device
 * item (layout in sig_internal.h): (X:Y:Z) = s G + t P, INFINITY if O, VALID
 * iff X == v Z^2 or (v + n < p and X == (v + n) Z^2), else MISMATCH.
 * Returns BAD_ENCODING if a field of the item is out of its range. */
sluice_sig_status sl_sm2_device_check_var(const uint8_t item[160]);

#endif
