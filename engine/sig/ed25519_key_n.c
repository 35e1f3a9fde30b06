/* sl_ed25519_key_prepare_n (sig_internal.h): several keys prepared at once. */
#include "sig/ed25519_sig.h"
#include "sig/sig_internal.h"

void sl_ed25519_key_prepare_n(void *const *keys, const sluice_sig_item *const *items, size_t n,
                              sluice_sig_status *st) {
    for (size_t i = 0; i < n; i++)
        st[i] = sl_ed25519_key_prepare(keys[i], items[i]->pub, items[i]->pub_len);
}
