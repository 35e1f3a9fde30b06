/* Whole-set views of the UTXO store (tests and tooling): entry count, an
 * ordered walk, and the SHA3-256 digest of the ordered records. */
#include <string.h>

#include "sluice/keccak.h"
#include "state/utxo_internal.h"

sluice_err sluice_utxo_count(sluice_utxo_store *store, size_t *n)
{
    if (!store || !n)
        return SLUICE_ERR_ARG;
    MDB_txn *txn;
    if (utxo_read_begin(store, &txn) != 0)
        return SLUICE_ERR_IO;
    MDB_stat st;
    int rc = mdb_stat(txn, store->utxo_dbi, &st);
    utxo_read_end(store, txn);
    if (rc != 0)
        return SLUICE_ERR_IO;
    *n = st.ms_entries;
    return SLUICE_OK;
}

sluice_err sluice_utxo_foreach(sluice_utxo_store *store,
                               int (*fn)(const uint8_t id[32], const sluice_utxo_entry *e,
                                         void *arg),
                               void *arg)
{
    if (!store || !fn)
        return SLUICE_ERR_ARG;
    MDB_txn *txn;
    if (utxo_read_begin(store, &txn) != 0)
        return SLUICE_ERR_IO;
    MDB_cursor *cur;
    sluice_err err = SLUICE_OK;
    if (mdb_cursor_open(txn, store->utxo_dbi, &cur) != 0) {
        utxo_read_end(store, txn);
        return SLUICE_ERR_IO;
    }
    /* LMDB keeps keys in ascending memcmp order (the default comparator). */
    MDB_val k, v;
    int rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
    for (; rc == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
        sluice_utxo_entry e;
        if (k.mv_size != 32 || !utxo_decode(&e, &v)) {
            err = SLUICE_ERR_IO;
            break;
        }
        uint8_t id[32];
        memcpy(id, k.mv_data, 32);
        if (fn(id, &e, arg) != 0) {
            err = SLUICE_ERR_CANCELLED;
            break;
        }
    }
    if (err == SLUICE_OK && rc != MDB_NOTFOUND)
        err = SLUICE_ERR_IO;
    mdb_cursor_close(cur);
    utxo_read_end(store, txn);
    return err;
}

static int utxo_digest_one(const uint8_t id[32], const sluice_utxo_entry *e, void *arg)
{
    uint8_t v[UTXO_VALUE_LEN];
    utxo_encode(v, e);
    sluice_keccak_update(arg, id, 32);
    sluice_keccak_update(arg, v, sizeof v);
    return 0;
}

sluice_err sluice_utxo_digest(sluice_utxo_store *store, uint8_t out[32])
{
    if (!store || !out)
        return SLUICE_ERR_ARG;
    sluice_keccak_ctx c;
    sluice_sha3_256_init(&c);
    sluice_err err = sluice_utxo_foreach(store, utxo_digest_one, &c);
    if (err != SLUICE_OK)
        return err;
    sluice_keccak_final(&c, out);
    return SLUICE_OK;
}
