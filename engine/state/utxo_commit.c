/* Commits to the UTXO store: a window's put/delete operations and the new tip
 * in one LMDB write transaction (../specs/bytom-chain.md section 8 step 7;
 * the save rule follows BytomDAO/bytom database/utxo_view.go saveUtxoView). */
#include <string.h>

#include "state/utxo_internal.h"

void sluice_utxo_save_op(sluice_utxo_op *op, const uint8_t id[32], const sluice_utxo_entry *e)
{
    memset(op, 0, sizeof *op);
    memcpy(op->id, id, 32);
    if (e->spent && !e->is_coinbase) {
        op->kind = SLUICE_UTXO_DELETE;
    } else {
        op->kind = SLUICE_UTXO_PUT;
        op->entry = *e;
    }
}

typedef struct {
    sluice_utxo_store *s;
    const sluice_utxo_op *ops;
    size_t n;
    uint8_t *tip;       /* encoded tip record */
    size_t tip_len;
} utxo_commit_args;

static int utxo_commit_txn(MDB_txn *txn, void *arg, char *why, size_t cap)
{
    (void)why;
    (void)cap;
    const utxo_commit_args *a = arg;
    for (size_t i = 0; i < a->n; i++) {
        const sluice_utxo_op *op = &a->ops[i];
        MDB_val k = {32, (void *)op->id};
        int rc;
        if (op->kind == SLUICE_UTXO_PUT) {
            uint8_t buf[UTXO_VALUE_LEN];
            utxo_encode(buf, &op->entry);
            MDB_val v = {UTXO_VALUE_LEN, buf};
            rc = mdb_put(txn, a->s->utxo_dbi, &k, &v, 0);
        } else {
            rc = mdb_del(txn, a->s->utxo_dbi, &k, NULL);
            if (rc == MDB_NOTFOUND)
                rc = 0;
        }
        if (rc != 0)
            return rc;
    }
    MDB_val k = {strlen(UTXO_META_TIP), (void *)UTXO_META_TIP};
    MDB_val v = {a->tip_len, a->tip};
    return mdb_put(txn, a->s->meta_dbi, &k, &v, 0);
}

sluice_err sluice_utxo_commit(sluice_utxo_store *store, const sluice_utxo_op *ops, size_t n,
                              uint64_t height, const uint8_t hash[32], const void *blob,
                              size_t blob_len, char *why, size_t cap)
{
    if (!store || !hash || (n > 0 && !ops) || (blob_len > 0 && !blob))
        return sluice_why(SLUICE_ERR_ARG, why, cap, "utxo commit: NULL argument");
    if (blob_len > SLUICE_UTXO_TIP_BLOB_MAX)
        return sluice_why(SLUICE_ERR_LENGTH, why, cap, "utxo commit: tip blob of %zu bytes > %d",
                          blob_len, SLUICE_UTXO_TIP_BLOB_MAX);
    for (size_t i = 0; i < n; i++) {
        if (ops[i].kind != SLUICE_UTXO_PUT && ops[i].kind != SLUICE_UTXO_DELETE)
            return sluice_why(SLUICE_ERR_ARG, why, cap, "utxo commit: op %zu has kind %d", i,
                              (int)ops[i].kind);
        if (ops[i].kind == SLUICE_UTXO_PUT &&
            (ops[i].entry.is_coinbase > 1 || ops[i].entry.spent > 1))
            return sluice_why(SLUICE_ERR_ARG, why, cap,
                              "utxo commit: op %zu has a flag other than 0/1", i);
    }
    uint8_t tip[UTXO_TIP_FIXED_LEN + SLUICE_UTXO_TIP_BLOB_MAX];
    for (int i = 0; i < 8; i++)
        tip[i] = (uint8_t)(height >> (56 - 8 * i));
    memcpy(tip + 8, hash, 32);
    if (blob_len > 0)
        memcpy(tip + UTXO_TIP_FIXED_LEN, blob, blob_len);
    utxo_commit_args a = {store, ops, n, tip, UTXO_TIP_FIXED_LEN + blob_len};
    pthread_mutex_lock(&store->write_mu);
    sluice_err err = utxo_write_txn(store, utxo_commit_txn, &a, "commit", why, cap);
    pthread_mutex_unlock(&store->write_mu);
    return err;
}
