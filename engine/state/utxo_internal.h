/* Internals of the LMDB UTXO store (sluice/utxo_store.h), shared by the
 * files of engine/state/. */
#ifndef SLUICE_STATE_UTXO_INTERNAL_H
#define SLUICE_STATE_UTXO_INTERNAL_H

#include <lmdb.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "sluice/utxo_store.h"

/* Stored value of one entry: is_coinbase(1) spent(1) block_height(8, BE). */
#define UTXO_VALUE_LEN 10
/* Meta records: the tip = height(8, BE) hash(32) blob; the format tag. */
#define UTXO_TIP_FIXED_LEN 40
#define UTXO_META_TIP "tip"
#define UTXO_META_FORMAT "format"
#define UTXO_FORMAT_TAG "sluice-utxo-1"

struct sluice_utxo_store {
    MDB_env *env;
    MDB_dbi utxo_dbi;   /* output id (32 bytes) -> value (10 bytes) */
    MDB_dbi meta_dbi;   /* "tip", "format" */
    /* Commits are serialised by write_mu. */
    pthread_mutex_t write_mu;
    /* Read gate: LMDB may only remap (mdb_env_set_mapsize) while no
     * transaction of this process is active, so every read transaction is
     * counted here and a resize waits for the count to reach zero. A plain
     * counter (not a rwlock) because a snapshot may end on another thread. */
    pthread_mutex_t gate_mu;
    pthread_cond_t gate_cv;
    size_t readers;     /* read transactions in progress */
    int resizing;       /* a resize is waiting or running: new readers wait */
    size_t map_size;    /* current map size (under gate_mu) */
    unsigned resize_wait_ms; /* see sluice_utxo_options */
};

struct sluice_utxo_snapshot {
    sluice_utxo_store *store;
    MDB_txn *txn;
};

/* Read gate (see above): counts n read transactions in or out at once.
 * utxo_reader_enter waits while a resize is pending; it never fails. */
void utxo_reader_enter(sluice_utxo_store *s, size_t n);
void utxo_reader_exit(sluice_utxo_store *s, size_t n);

/* Begins a read-only transaction inside the gate (entering it); on failure
 * the gate is left and an LMDB error code returned. utxo_read_end aborts the
 * transaction and leaves the gate. */
int utxo_read_begin(sluice_utxo_store *s, MDB_txn **txn);
void utxo_read_end(sluice_utxo_store *s, MDB_txn *txn);

/* Runs fn in a write transaction and commits it; on MDB_MAP_FULL (from fn or
 * from the commit) the transaction is dropped, the map doubled and fn run
 * again from the start. Caller holds write_mu. Returns SLUICE_OK or
 * SLUICE_ERR_IO with a reason. fn returns an LMDB code (0 = success) or
 * UTXO_FN_FAIL (no LMDB code is -1) after writing its own reason to why. */
#define UTXO_FN_FAIL (-1)
sluice_err utxo_write_txn(sluice_utxo_store *s, int (*fn)(MDB_txn *txn, void *arg, char *why,
                                                          size_t cap),
                          void *arg, const char *what, char *why, size_t cap);

/* Value encoding (10 bytes). utxo_decode returns 0 on a malformed value. */
void utxo_encode(uint8_t v[UTXO_VALUE_LEN], const sluice_utxo_entry *e);
int utxo_decode(sluice_utxo_entry *e, const MDB_val *v);

/* One lookup in txn: 0 found / MDB_NOTFOUND / an LMDB error / -1 corrupt. */
int utxo_lookup(const sluice_utxo_store *s, MDB_txn *txn, const uint8_t id[32],
                sluice_utxo_entry *out);

#endif
