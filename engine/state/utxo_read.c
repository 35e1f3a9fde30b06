/* Reads of the UTXO store: single and bulk lookups, the tip, snapshots. */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "state/utxo_internal.h"

/* Below this many IDs per thread a second thread is not worth starting. */
#define UTXO_MIN_IDS_PER_THREAD 256
/* Each thread holds a reader slot (256 by default): stay well below. */
#define UTXO_MAX_BULK_THREADS 64

void utxo_encode(uint8_t v[UTXO_VALUE_LEN], const sluice_utxo_entry *e)
{
    v[0] = e->is_coinbase;
    v[1] = e->spent;
    for (int i = 0; i < 8; i++)
        v[2 + i] = (uint8_t)(e->block_height >> (56 - 8 * i));
}

int utxo_decode(sluice_utxo_entry *e, const MDB_val *v)
{
    const uint8_t *p = v->mv_data;
    if (v->mv_size != UTXO_VALUE_LEN || p[0] > 1 || p[1] > 1)
        return 0;
    e->is_coinbase = p[0];
    e->spent = p[1];
    e->block_height = 0;
    for (int i = 0; i < 8; i++)
        e->block_height = (e->block_height << 8) | p[2 + i];
    return 1;
}

int utxo_lookup(const sluice_utxo_store *s, MDB_txn *txn, const uint8_t id[32],
                sluice_utxo_entry *out)
{
    MDB_val k = {32, (void *)id}, v;
    int rc = mdb_get(txn, s->utxo_dbi, &k, &v);
    if (rc != 0)
        return rc;
    return utxo_decode(out, &v) ? 0 : -1;
}

/* Maps a lookup result to (found, error). */
static sluice_err utxo_result(int rc, uint8_t *found)
{
    *found = rc == 0;
    return rc == 0 || rc == MDB_NOTFOUND ? SLUICE_OK : SLUICE_ERR_IO;
}

sluice_err sluice_utxo_get(sluice_utxo_store *store, const uint8_t id[32],
                           sluice_utxo_entry *out, uint8_t *found)
{
    if (!store || !id || !out || !found)
        return SLUICE_ERR_ARG;
    MDB_txn *txn;
    if (utxo_read_begin(store, &txn) != 0)
        return SLUICE_ERR_IO;
    sluice_utxo_entry e;
    int rc = utxo_lookup(store, txn, id, &e);
    utxo_read_end(store, txn);
    if (rc == 0)
        *out = e;
    return utxo_result(rc, found);
}

/* Begins t read transactions that all see the same commit (equal
 * mdb_txn_id), entering the read gate once for all of them (so that a resize
 * cannot start between them). Commits are rare, so a mismatch is simply
 * retried; after a few tries commits are held off with write_mu (no resize
 * can be running then, and none starts before write_mu is released). */
static int utxo_begin_same(sluice_utxo_store *s, MDB_txn **txns, int t)
{
    for (int attempt = 0;; attempt++) {
        int locked = attempt >= 4;
        if (locked)
            pthread_mutex_lock(&s->write_mu);
        utxo_reader_enter(s, (size_t)t);
        int got = 0, rc = 0;
        while (got < t && (rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &txns[got])) == 0)
            got++;
        if (locked)
            pthread_mutex_unlock(&s->write_mu);
        int same = rc == 0;
        for (int i = 1; same && i < t; i++)
            same = mdb_txn_id(txns[i]) == mdb_txn_id(txns[0]);
        if (same)
            return 0;
        for (int i = 0; i < got; i++)
            mdb_txn_abort(txns[i]);
        utxo_reader_exit(s, (size_t)t);
        if (rc != 0)
            return rc;
    }
}

sluice_err sluice_utxo_get_many(sluice_utxo_store *store, const uint8_t (*ids)[32], size_t n,
                                sluice_utxo_entry *out, uint8_t *found, int threads)
{
    if (!store || (n > 0 && (!ids || !out || !found)) || threads < 0)
        return SLUICE_ERR_ARG;
    if (n == 0)
        return SLUICE_OK;
    int t = threads > 0 ? threads : omp_get_max_threads();
    size_t useful = (n + UTXO_MIN_IDS_PER_THREAD - 1) / UTXO_MIN_IDS_PER_THREAD;
    if ((size_t)t > useful)
        t = (int)useful;
    if (t > UTXO_MAX_BULK_THREADS)
        t = UTXO_MAX_BULK_THREADS;
    if (t < 1)
        t = 1;
    MDB_txn **txns = malloc((size_t)t * sizeof *txns);
    if (!txns)
        return SLUICE_ERR_NOMEM;
    if (utxo_begin_same(store, txns, t) != 0) {
        free(txns);
        return SLUICE_ERR_IO;
    }
    int failed = 0;
    /* Each thread owns one transaction (LMDB: a transaction is used by one
     * thread at a time; MDB_NOTLS allows it to be another than its creator). */
#pragma omp parallel num_threads(t) reduction(| : failed)
    {
        int me = omp_get_thread_num(), nt = omp_get_num_threads();
        size_t lo = n * (size_t)me / (size_t)nt, hi = n * (size_t)(me + 1) / (size_t)nt;
        for (size_t i = lo; i < hi; i++) {
            int rc = utxo_lookup(store, txns[me], ids[i], &out[i]);
            if (rc != 0)
                memset(&out[i], 0, sizeof out[i]);
            uint8_t f;
            failed |= utxo_result(rc, &f) != SLUICE_OK;
            found[i] = f;
        }
    }
    for (int i = 0; i < t; i++)
        mdb_txn_abort(txns[i]);
    utxo_reader_exit(store, (size_t)t);
    free(txns);
    return failed ? SLUICE_ERR_IO : SLUICE_OK;
}

sluice_err sluice_utxo_get_tip(sluice_utxo_store *store, uint64_t *height, uint8_t hash[32],
                               void *blob, size_t cap, size_t *blob_len, int *have_tip)
{
    if (!store || !have_tip || (cap > 0 && !blob))
        return SLUICE_ERR_ARG;
    MDB_txn *txn;
    if (utxo_read_begin(store, &txn) != 0)
        return SLUICE_ERR_IO;
    MDB_val k = {strlen(UTXO_META_TIP), (void *)UTXO_META_TIP}, v;
    int rc = mdb_get(txn, store->meta_dbi, &k, &v);
    sluice_err err = SLUICE_OK;
    if (rc == MDB_NOTFOUND) {
        *have_tip = 0;
    } else if (rc != 0 || v.mv_size < UTXO_TIP_FIXED_LEN ||
               v.mv_size > UTXO_TIP_FIXED_LEN + SLUICE_UTXO_TIP_BLOB_MAX) {
        err = SLUICE_ERR_IO;
    } else {
        const uint8_t *p = v.mv_data;
        size_t len = v.mv_size - UTXO_TIP_FIXED_LEN;
        uint64_t h = 0;
        for (int i = 0; i < 8; i++)
            h = (h << 8) | p[i];
        *have_tip = 1;
        if (height)
            *height = h;
        if (hash)
            memcpy(hash, p + 8, 32);
        if (blob_len)
            *blob_len = len;
        if (len > 0 && cap > 0)
            memcpy(blob, p + UTXO_TIP_FIXED_LEN, len < cap ? len : cap);
        if (blob && cap < len)
            err = SLUICE_ERR_LENGTH;
    }
    utxo_read_end(store, txn);
    return err;
}

sluice_err sluice_utxo_snapshot_begin(sluice_utxo_store *store, sluice_utxo_snapshot **out)
{
    if (!out)
        return SLUICE_ERR_ARG;
    *out = NULL;
    if (!store)
        return SLUICE_ERR_ARG;
    sluice_utxo_snapshot *snap = calloc(1, sizeof *snap);
    if (!snap)
        return SLUICE_ERR_NOMEM;
    if (utxo_read_begin(store, &snap->txn) != 0) {
        free(snap);
        return SLUICE_ERR_IO;
    }
    snap->store = store;
    *out = snap;
    return SLUICE_OK;
}

sluice_err sluice_utxo_snapshot_get(sluice_utxo_snapshot *snap, const uint8_t id[32],
                                    sluice_utxo_entry *out, uint8_t *found)
{
    if (!snap || !id || !out || !found)
        return SLUICE_ERR_ARG;
    sluice_utxo_entry e;
    int rc = utxo_lookup(snap->store, snap->txn, id, &e);
    if (rc == 0)
        *out = e;
    return utxo_result(rc, found);
}

void sluice_utxo_snapshot_end(sluice_utxo_snapshot *snap)
{
    if (!snap)
        return;
    utxo_read_end(snap->store, snap->txn);
    free(snap);
}
