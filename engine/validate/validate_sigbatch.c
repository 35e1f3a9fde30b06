/* Every transaction of a block (or of a window of blocks, for the sliding-
 * window validator) validated in parallel, with all their signature checks
 * verified in one batch and exact per-signature answers.
 *
 * Method (exact by construction):
 *   1. each transaction is validated with a CHECKSIG answer of "valid" for
 *      every signature whose lengths let it reach verification; each check is
 *      recorded (scheme, key, message, signature, copied);
 *   2. all recorded checks go into one sluice_sig_batch (whose verdicts equal
 *      the single checks');
 *   3. every transaction whose recorded checks were not all valid is validated
 *      again from the start with the real verifier.
 * If all of a transaction's recorded answers were true, the optimistic run
 * made exactly the checks the real run makes, with the same answers, so its
 * result (rule, gas) is the real one. Otherwise the re-run is the real run.
 * (The answer does change gas: crypto.go pushes the result with
 * pushBool(ok, true), a deferred cost of 8 + len, i.e. 9 for true and 8 for
 * false, so reusing an optimistic run's gas for a failed check would be
 * wrong; the re-run avoids that.) */
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sluice/sig.h"
#include "validate/validate_internal.h"
#include "validate/validate_sigbatch.h"

/* Transactions a thread takes at a time: neighbours share cache lines in
 * the recorder and result arrays, so one at a time (dynamic, 1) made the
 * threads fight over them (two threads were barely faster than one). */
#define TX_CHUNK 32

/* One recorded check: offsets into the transaction's byte store. */
typedef struct {
    sluice_sig_scheme scheme;
    size_t pub_off, pub_len, msg_off, sig_off, sig_len;
} sig_rec;

typedef struct {
    sig_rec *recs;
    size_t n, cap;
    uint8_t *bytes;
    size_t nbytes, capbytes;
    int nomem;
} tx_recorder;

static int grow(void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap : 16;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

static size_t put_bytes(tx_recorder *r, const uint8_t *p, size_t n) {
    if (grow((void **)&r->bytes, &r->capbytes, r->nbytes + n + 1, 1)) {
        r->nomem = 1;
        return 0;
    }
    size_t off = r->nbytes;
    if (n) memcpy(r->bytes + off, p, n);
    r->nbytes += n;
    return off;
}

/* The optimistic answer. Checks that the scheme rejects on lengths alone get
 * their true answer (false) here and are not batched: Go's ed25519.Verify
 * returns false for a signature that is not 64 bytes; the SM2 profile only
 * verifies 33-byte keys and 64-byte signatures. */
static int record_verify(void *user, sluice_vm_sig_profile profile, const uint8_t *pubkey,
                         size_t pubkey_len, const uint8_t msg[32], const uint8_t *sig,
                         size_t sig_len) {
    tx_recorder *r = (tx_recorder *)user;
    sluice_sig_scheme scheme;
    if (profile == SLUICE_VM_SIG_SM2) {
        if (pubkey_len != 33 || sig_len != 64) return 0;
        scheme = SLUICE_SIG_SM2;
    } else {
        if (pubkey_len != 32 || sig_len != 64) return 0;
        scheme = SLUICE_SIG_ED25519;
    }
    if (grow((void **)&r->recs, &r->cap, r->n + 1, sizeof *r->recs)) {
        r->nomem = 1;
        return 1;
    }
    sig_rec *s = &r->recs[r->n++];
    s->scheme = scheme;
    s->pub_len = pubkey_len;
    s->sig_len = sig_len;
    s->pub_off = put_bytes(r, pubkey, pubkey_len);
    s->msg_off = put_bytes(r, msg, 32);
    s->sig_off = put_bytes(r, sig, sig_len);
    return 1;
}

static int thread_count(int threads) {
    return threads > 0 ? threads : omp_get_max_threads();
}

static sluice_vm_sig_profile vm_profile(sluice_bytom_profile p) {
    return p == SLUICE_BYTOM_PROFILE_NATIONAL ? SLUICE_VM_SIG_SM2 : SLUICE_VM_SIG_ED25519;
}

/* The transactions of several blocks as one list: entry i is transaction
 * tx_of[i] of block blk_of[i]. */
typedef struct {
    const sluice_bytom_block *const *blocks;
    sluice_bytom_tx_result *const *res;
    uint32_t *blk_of, *tx_of;
    long n;
} tx_list;

static sluice_err tx_run(const tx_list *l, long i, const sl_bv_sigs *sigs) {
    const sluice_bytom_block *b = l->blocks[l->blk_of[i]];
    uint32_t t = l->tx_of[i];
    return sl_bv_validate_tx(&b->txs[t], b->header.height, b->header.version, t == 0, sigs,
                             &l->res[l->blk_of[i]][t]);
}

/* Plain mode: every transaction with the real verifier. */
static sluice_err validate_plain(const tx_list *l, const sluice_bytom_validate_opts *o) {
    sl_bv_sigs sigs = {vm_profile(o->profile), NULL, NULL};
    int failed = 0;
    long n = l->n;
#pragma omp parallel for num_threads(thread_count(o->threads)) schedule(dynamic, TX_CHUNK) \
    reduction(| : failed)
    for (long i = 0; i < n; i++) {
        if (tx_run(l, i, &sigs) != SLUICE_OK) failed |= 1;
    }
    return failed ? SLUICE_ERR_NOMEM : SLUICE_OK;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static sluice_err validate_list(const tx_list *l, const sluice_bytom_validate_opts *o,
                                uint32_t *sig_checks, uint32_t *reruns, double *sig_seconds) {
    *sig_checks = 0;
    *reruns = 0;
    *sig_seconds = 0;
    if (l->n == 0) return SLUICE_OK;
    if (!o->batch_sigs) return validate_plain(l, o);

    long n = l->n;
    tx_recorder *rec = (tx_recorder *)calloc((size_t)n, sizeof *rec);
    if (!rec) return SLUICE_ERR_NOMEM;
    sluice_err err = SLUICE_OK;
    int failed = 0;

    /* 1. optimistic runs */
#pragma omp parallel for num_threads(thread_count(o->threads)) schedule(dynamic, TX_CHUNK) \
    reduction(| : failed)
    for (long i = 0; i < n; i++) {
        sl_bv_sigs sigs = {vm_profile(o->profile), record_verify, &rec[i]};
        if (tx_run(l, i, &sigs) != SLUICE_OK || rec[i].nomem)
            failed |= 1;
    }
    if (failed) {
        err = SLUICE_ERR_NOMEM;
        goto done;
    }

    /* 2. one batch for all the transactions */
    size_t total = 0;
    for (long i = 0; i < n; i++) total += rec[i].n;
    uint8_t *status = NULL;
    if (total) {
        double t_sig = now_seconds();
        sluice_sig_batch_opts bo;
        memset(&bo, 0, sizeof bo);
        bo.threads = o->threads;
        sluice_sig_batch *batch = NULL;
        err = sluice_sig_batch_new(&batch, &bo);
        if (err != SLUICE_OK) goto done;
        for (long i = 0; i < n && err == SLUICE_OK; i++) {
            for (size_t k = 0; k < rec[i].n && err == SLUICE_OK; k++) {
                const sig_rec *s = &rec[i].recs[k];
                sluice_sig_item it;
                memset(&it, 0, sizeof it);
                it.scheme = s->scheme;
                it.pub = rec[i].bytes + s->pub_off;
                it.pub_len = s->pub_len;
                it.msg = rec[i].bytes + s->msg_off;
                it.msg_len = 32;
                it.sig = rec[i].bytes + s->sig_off;
                it.sig_len = s->sig_len;
                it.id = NULL;   /* SM2: the default user ID */
                err = sluice_sig_batch_add(batch, &it);
            }
        }
        status = err == SLUICE_OK ? (uint8_t *)malloc(total) : NULL;
        if (err == SLUICE_OK && !status) err = SLUICE_ERR_NOMEM;
        if (err == SLUICE_OK) err = sluice_sig_batch_run(batch, status, NULL);
        sluice_sig_batch_free(batch);
        *sig_seconds = now_seconds() - t_sig;
        if (err != SLUICE_OK) {
            free(status);
            goto done;
        }
    }
    *sig_checks = (uint32_t)total;

    /* 3. re-run the transactions with a false answer */
    uint8_t *again = (uint8_t *)calloc((size_t)n, 1);
    if (!again) {
        free(status);
        err = SLUICE_ERR_NOMEM;
        goto done;
    }
    size_t pos = 0;
    uint32_t nre = 0;
    for (long i = 0; i < n; i++) {
        for (size_t k = 0; k < rec[i].n; k++)
            if (status[pos + k] != SLUICE_SIG_VALID) again[i] = 1;
        pos += rec[i].n;
        nre += again[i];
    }
    free(status);
    sl_bv_sigs real = {vm_profile(o->profile), NULL, NULL};
#pragma omp parallel for num_threads(thread_count(o->threads)) schedule(dynamic, TX_CHUNK) \
    reduction(| : failed)
    for (long i = 0; i < n; i++) {
        if (!again[i]) continue;
        if (tx_run(l, i, &real) != SLUICE_OK) failed |= 1;
    }
    free(again);
    *reruns = nre;
    if (failed) err = SLUICE_ERR_NOMEM;

done:
    for (long i = 0; i < n; i++) {
        free(rec[i].recs);
        free(rec[i].bytes);
    }
    free(rec);
    return err;
}

sluice_err sl_bv_validate_blocks_txs(const sluice_bytom_block *const *blocks, size_t n_blocks,
                                     const sluice_bytom_validate_opts *o,
                                     sluice_bytom_tx_result *const *res, uint32_t *sig_checks,
                                     uint32_t *reruns, double *sig_seconds) {
    double sig_s_local = 0;
    if (!sig_seconds) sig_seconds = &sig_s_local;
    size_t n = 0;
    for (size_t k = 0; k < n_blocks; k++) n += blocks[k]->n_txs;
    tx_list l = {blocks, res, NULL, NULL, (long)n};
    l.blk_of = (uint32_t *)malloc((n ? n : 1) * sizeof *l.blk_of);
    l.tx_of = (uint32_t *)malloc((n ? n : 1) * sizeof *l.tx_of);
    sluice_err err = SLUICE_ERR_NOMEM;
    if (l.blk_of && l.tx_of) {
        size_t i = 0;
        for (size_t k = 0; k < n_blocks; k++)
            for (uint32_t t = 0; t < blocks[k]->n_txs; t++, i++) {
                l.blk_of[i] = (uint32_t)k;
                l.tx_of[i] = t;
            }
        err = validate_list(&l, o, sig_checks, reruns, sig_seconds);
    }
    free(l.blk_of);
    free(l.tx_of);
    return err;
}

sluice_err sl_bv_validate_block_txs(const sluice_bytom_block *b,
                                    const sluice_bytom_validate_opts *o,
                                    sluice_bytom_tx_result *res, uint32_t *sig_checks,
                                    uint32_t *reruns) {
    return sl_bv_validate_blocks_txs(&b, 1, o, &res, sig_checks, reruns, NULL);
}
