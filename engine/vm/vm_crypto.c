/* Hashes and signatures (protocol/vm/crypto.go, Bytom v1.1.1): SHA256, SHA3,
 * HASH160 (RIPEMD-160 of the data, crypto.Ripemd160), CHECKSIG,
 * CHECKMULTISIG, TXSIGHASH.
 *
 * Signature profile (sluice_vm_sig_profile): Ed25519 is the mainnet build
 * (Go's ed25519.Verify; a key of another length than 32 pushes false without
 * verifying, Go's Verify itself rejects a signature of another length than
 * 64). SM2 is the national-cryptography build (tag gm): keys of 33 bytes
 * (compressed), 64-byte r || s, default user ID, message = the 32 bytes;
 * a key of another length than 33 or a signature of another length than 64
 * pushes false without verifying. */
#include <stdlib.h>

#include "sluice/keccak.h"
#include "sluice/ripemd160.h"
#include "sluice/sha256.h"
#include "sluice/sig.h"
#include "vm/vm_internal.h"

/* doHash: pop (refund now), cost max(len, 64), push the digest (charged now). */
static int do_hash(vm_frame *f, int which)
{
    vm_item x;
    uint8_t d[32];
    int r = vm_pop(f, &x, false);
    if (r != SLUICE_VM_OK)
        return r;
    int64_t cost = (int64_t)x.len;
    if (which == 2)
        cost = (int64_t)(x.len + 64); /* opHash160: len + 64 */
    else if (cost < 64)
        cost = 64;
    r = vm_apply_cost(f, cost);
    if (r == SLUICE_VM_OK) {
        if (which == 0)
            sluice_sha256(d, x.p, x.len);
        else if (which == 1)
            sluice_sha3_256(d, x.p, x.len);
        else
            sluice_ripemd160(d, x.p, x.len);
    }
    vm_item_unref(x);
    return r != SLUICE_VM_OK ? r : vm_push_copy(f, d, which == 2 ? 20 : 32, false);
}

int vm_op_sha256(vm_run *m, vm_frame *f)
{
    (void)m;
    return do_hash(f, 0);
}

int vm_op_sha3(vm_run *m, vm_frame *f)
{
    (void)m;
    return do_hash(f, 1);
}

int vm_op_hash160(vm_run *m, vm_frame *f)
{
    (void)m;
    return do_hash(f, 2);
}

static size_t key_size(const sluice_vm_context *c)
{
    return c->profile == SLUICE_VM_SIG_SM2 ? 33 : 32;
}

/* One signature check after the length checks: the context's callback, or
 * the engine's verifier. */
static bool verify_one(const sluice_vm_context *c, const vm_item *pub, const uint8_t msg[32],
                       const vm_item *sig)
{
    if (sig->len != 64)
        return false; /* ed25519.Verify: false; gm build: checked before verifying */
    if (c->verify)
        return c->verify(c->user, c->profile, pub->p, pub->len, msg, sig->p, sig->len) == 1;
    if (c->profile == SLUICE_VM_SIG_SM2)
        return sluice_sm2_verify(pub->p, pub->len, NULL, 0, msg, 32, sig->p, sig->len) ==
               SLUICE_SIG_VALID;
    return sluice_ed25519_verify(pub->p, pub->len, msg, 32, sig->p, sig->len) == SLUICE_SIG_VALID;
}

/* opCheckSig: cost 1024; pops pubkey, msg, sig (deferred); len(msg) != 32 is
 * ErrBadValue; a key of the wrong size pushes false; else the verdict. */
int vm_op_checksig(vm_run *m, vm_frame *f)
{
    vm_item pub = {0}, msg = {0}, sig = {0};
    int r = vm_apply_cost(f, 1024);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &pub, true);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &msg, true);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &sig, true);
    if (r == SLUICE_VM_OK && msg.len != 32)
        r = SLUICE_VM_ERR_BAD_VALUE;
    bool ok = false;
    if (r == SLUICE_VM_OK && pub.len == key_size(m->ctx))
        ok = verify_one(m->ctx, &pub, msg.p, &sig);
    vm_item_unref(pub);
    vm_item_unref(msg);
    vm_item_unref(sig);
    return r != SLUICE_VM_OK ? r : vm_push_bool(f, ok, true);
}

/* opCheckMultiSig: pops numPubkeys (deferred); numPubkeys < 0 or
 * numPubkeys * 1024 overflowing is ErrBadValue; cost 1024 * numPubkeys; pops
 * numSigs, which must be in [0, numPubkeys] and non-zero when numPubkeys > 0;
 * pops the keys, msg (len 32 or ErrBadValue), the signatures; any key of the
 * wrong size pushes false; else each signature must match a key, in order
 * (a key is consumed whether or not it matches). */
int vm_op_checkmultisig(vm_run *m, vm_frame *f)
{
    int64_t npub, nsig;
    vm_item msg = {0};
    vm_item *items = NULL; /* keys, then signatures */
    size_t nitems = 0;
    int r = vm_pop_int64(f, &npub, true);
    if (r != SLUICE_VM_OK)
        return r;
    if (npub < 0 || npub > INT64_MAX / 1024)
        return SLUICE_VM_ERR_BAD_VALUE;
    r = vm_apply_cost(f, npub * 1024);
    if (r == SLUICE_VM_OK)
        r = vm_pop_int64(f, &nsig, true);
    if (r != SLUICE_VM_OK)
        return r;
    if (nsig < 0 || nsig > npub || (npub > 0 && nsig == 0))
        return SLUICE_VM_ERR_BAD_VALUE;
    /* every item popped is in the stack, so at most depth + 1 are needed */
    size_t want = (size_t)npub + (size_t)nsig;
    size_t cap = want < f->data.n ? want : f->data.n;
    if (cap) {
        items = malloc(cap * sizeof *items);
        if (!items)
            return SLUICE_VM_ERR_NOMEM;
    }
    vm_item tmp;
    /* a pop succeeds only while the stack holds an item, so nitems < cap */
    for (int64_t i = 0; i < npub && r == SLUICE_VM_OK; i++) {
        r = vm_pop(f, &tmp, true);
        if (r == SLUICE_VM_OK)
            items[nitems++] = tmp;
    }
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &msg, true);
    if (r == SLUICE_VM_OK && msg.len != 32)
        r = SLUICE_VM_ERR_BAD_VALUE;
    for (int64_t i = 0; i < nsig && r == SLUICE_VM_OK; i++) {
        r = vm_pop(f, &tmp, true);
        if (r == SLUICE_VM_OK)
            items[nitems++] = tmp;
    }
    bool ok = false;
    if (r == SLUICE_VM_OK) {
        const vm_item *keys = items, *sigs = items ? items + npub : NULL;
        size_t ks = key_size(m->ctx), k = 0, s = 0;
        bool sizes_ok = true;
        for (int64_t i = 0; i < npub; i++)
            sizes_ok = sizes_ok && keys[i].len == ks;
        if (sizes_ok) {
            while (s < (size_t)nsig && k < (size_t)npub) {
                if (verify_one(m->ctx, &keys[k], msg.p, &sigs[s]))
                    s++;
                k++;
            }
            ok = s == (size_t)nsig;
        }
    }
    for (size_t i = 0; i < nitems; i++)
        vm_item_unref(items[i]);
    free(items);
    vm_item_unref(msg);
    return r != SLUICE_VM_OK ? r : vm_push_bool(f, ok, true);
}

/* opTxSigHash: cost 256; no sighash in the context is ErrContext; pushes the
 * 32-byte hash (charged now). */
int vm_op_txsighash(vm_run *m, vm_frame *f)
{
    int r = vm_apply_cost(f, 256);
    if (r != SLUICE_VM_OK)
        return r;
    if (!m->ctx->tx_sighash)
        return SLUICE_VM_ERR_CONTEXT;
    vm_item it = {m->ctx->tx_sighash, 32, NULL};
    return vm_push(f, it, false);
}
