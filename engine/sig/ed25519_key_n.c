/* sl_ed25519_key_prepare_n (sig_internal.h): several keys prepared at once.
 * The work of preparing a key is decoding A (one square root, Go's
 * FromBytes rules, ed25519_group.h); here the keys of a call are decoded
 * side by side (sl_ed25519_ge_decode_n_impl_var: eight square roots in the
 * IFMA lanes), then each blob is filled as sl_ed25519_key_prepare fills it
 * (sl_ed25519_key_fill: reduced limbs, so the same bytes). */
#include "ec/ed25519_ifma.h"
#include "sig/ed25519_sig.h"
#include "sig/sig_internal.h"

/* keys decoded per round (stack arrays) */
#define KEY_N_ROUND 32

void sl_ed25519_key_prepare_n_impl(void *const *keys, const sluice_sig_item *const *items,
                                   size_t n, sluice_sig_status *st, int use_ifma) {
    const uint8_t *enc[KEY_N_ROUND];
    size_t idx[KEY_N_ROUND];
    sl_ed25519_ge A[KEY_N_ROUND];
    int ok[KEY_N_ROUND];
    size_t i = 0;
    while (i < n) {
        /* the next round of well-formed keys; wrong lengths are decided here */
        size_t m = 0;
        for (; i < n && m < KEY_N_ROUND; i++) {
            const sluice_sig_item *it = items[i];
            if (it->pub_len != 32 || !it->pub) {
                st[i] = SLUICE_SIG_BAD_PUBKEY;
                continue;
            }
            enc[m] = it->pub;
            idx[m++] = i;
        }
        sl_ed25519_ge_decode_n_impl_var(ok, A, enc, m, use_ifma);
        for (size_t j = 0; j < m; j++)
            st[idx[j]] = sl_ed25519_key_fill(keys[idx[j]], enc[j], &A[j], ok[j]);
    }
}

void sl_ed25519_key_prepare_n(void *const *keys, const sluice_sig_item *const *items, size_t n,
                              sluice_sig_status *st) {
    sl_ed25519_key_prepare_n_impl(keys, items, n, st, sl_ed25519_ifma_supported());
}
