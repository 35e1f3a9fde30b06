/* The Bytom UTXO store on LMDB (../specs/bytom-chain.md sections 7 and 8;
 * reference: BytomDAO/bytom v1.1.1 database/storage/storage.proto UtxoEntry,
 * database/utxo_view.go, protocol/state/utxo_view.go).
 *
 * One entry per 32-byte output ID: {is_coinbase, spent, block_height}. The
 * store is a durable key/value set plus the best-block state ("tip": height,
 * block hash and an opaque blob the validator needs to resume). It applies no
 * consensus rule: the validator decides what to put and what to delete
 * (sluice_utxo_save_op() gives the reference's rule).
 *
 * Concurrency: any number of threads may read at once (each read uses its own
 * LMDB read transaction, MDB_NOTLS); commits are serialised internally. A read
 * never sees a half-applied commit. The map grows by itself: a commit that hits
 * MDB_MAP_FULL is aborted, the map is enlarged (waiting until no read of this
 * store is in progress) and the commit is retried from the start.
 *
 * Durability: LMDB's default (synchronous, fsync at every commit), so after a
 * crash or kill -9 at any moment the store holds exactly the last committed
 * transaction, tip and entries together.
 *
 * A store must not be used across fork(): close it before forking and open it
 * again in the child if needed. Only one process may write a store at a time. */
#ifndef SLUICE_UTXO_STORE_H
#define SLUICE_UTXO_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* storage.UtxoEntry. Stored as 10 bytes: is_coinbase, spent, height (BE64). */
typedef struct {
    uint8_t is_coinbase;    /* 0 or 1: output of a coinbase transaction */
    uint8_t spent;          /* 0 or 1 */
    uint64_t block_height;  /* height of the block that created the output */
} sluice_utxo_entry;

/* Largest tip blob sluice_utxo_commit() accepts. */
#define SLUICE_UTXO_TIP_BLOB_MAX 4096

/* Default initial map size of sluice_utxo_open() (grows on demand). */
#define SLUICE_UTXO_DEFAULT_MAP_SIZE ((size_t)64 << 20)

typedef struct sluice_utxo_store sluice_utxo_store;

/* Options of sluice_utxo_open_ex(); zero fields take the defaults. */
typedef struct {
    size_t map_size;       /* initial LMDB map size in bytes (default 64 MiB;
                              raised to the data file's size when larger) */
    unsigned max_readers;  /* concurrent read transactions (default 256) */
    unsigned resize_wait_ms; /* how long a commit that must grow the map waits
                                for open reads/snapshots to end before failing
                                with SLUICE_ERR_IO (default 30000) */
} sluice_utxo_options;

/* Opens the store in dir, creating what is missing (the directory itself,
 * mode 0755, whose parent must exist, and the LMDB environment in it). On
 * failure *out is NULL, a reason goes to why (capacity cap, may be NULL/0)
 * and the result is
 * SLUICE_ERR_ARG (NULL argument), SLUICE_ERR_NOMEM or SLUICE_ERR_IO (path is
 * not a directory, no permission, not an LMDB store of this format, ...). */
sluice_err sluice_utxo_open(const char *dir, sluice_utxo_store **out, char *why, size_t cap);
sluice_err sluice_utxo_open_ex(const char *dir, const sluice_utxo_options *opt,
                               sluice_utxo_store **out, char *why, size_t cap);

/* Closes the store (NULL is a no-op). No read or commit may be in progress. */
void sluice_utxo_close(sluice_utxo_store *store);

/* The best-block state of the last commit. *have_tip = 0 (and the other
 * outputs untouched) for a store that was never committed to. Otherwise
 * *height, hash and *blob_len are set and min(blob_len, cap) bytes of the blob
 * are copied to blob; SLUICE_ERR_LENGTH if blob is not NULL and cap < blob_len
 * (the prefix and the other outputs still set). blob NULL with cap 0 skips
 * the blob. Any output pointer except have_tip may be NULL. SLUICE_ERR_IO on
 * a read failure. */
sluice_err sluice_utxo_get_tip(sluice_utxo_store *store, uint64_t *height, uint8_t hash[32],
                               void *blob, size_t cap, size_t *blob_len, int *have_tip);

/* Single lookup: *found = 1 and *out set when id is in the store, else
 * *found = 0 (out untouched). SLUICE_ERR_IO on a read failure. */
sluice_err sluice_utxo_get(sluice_utxo_store *store, const uint8_t id[32],
                           sluice_utxo_entry *out, uint8_t *found);

/* Bulk lookup of n IDs: found[i] and out[i] as sluice_utxo_get() for ids[i]
 * (out[i] is zeroed when not found). The work is split over `threads` OpenMP
 * threads (0 = omp_get_max_threads(); never more than needed), each with its
 * own read transaction; all of them read the same committed state (no commit
 * can land between their starts). At most 64 threads, and none beyond one
 * per 256 IDs. Results do not depend on `threads`.
 * SLUICE_ERR_IO on a read failure (outputs then unspecified). */
sluice_err sluice_utxo_get_many(sluice_utxo_store *store, const uint8_t (*ids)[32], size_t n,
                                sluice_utxo_entry *out, uint8_t *found, int threads);

/* ---- Snapshots: a read view that stays fixed while commits go on --------- */
typedef struct sluice_utxo_snapshot sluice_utxo_snapshot;

/* Starts a snapshot of the last committed state. It holds one LMDB read
 * transaction (and reader slot) until sluice_utxo_snapshot_end(); keep it
 * short: while it is open the store cannot grow its map, so a commit that
 * needs a larger map waits for it, at most resize_wait_ms, then fails with
 * SLUICE_ERR_IO (nothing written; retry after ending the snapshot). Use a
 * snapshot from one thread at a time (any thread may end it). */
sluice_err sluice_utxo_snapshot_begin(sluice_utxo_store *store, sluice_utxo_snapshot **out);
/* Lookup in the snapshot, as sluice_utxo_get(). */
sluice_err sluice_utxo_snapshot_get(sluice_utxo_snapshot *snap, const uint8_t id[32],
                                    sluice_utxo_entry *out, uint8_t *found);
/* Ends the snapshot (NULL is a no-op). */
void sluice_utxo_snapshot_end(sluice_utxo_snapshot *snap);

/* ---- Commit ------------------------------------------------------------- */
typedef enum {
    SLUICE_UTXO_PUT = 1,   /* insert or overwrite id with entry */
    SLUICE_UTXO_DELETE = 2 /* remove id (no error if absent) */
} sluice_utxo_op_kind;

typedef struct {
    uint8_t id[32];
    sluice_utxo_op_kind kind;
    sluice_utxo_entry entry; /* PUT only */
} sluice_utxo_op;

/* The reference's save rule (database/utxo_view.go saveUtxoView): a spent
 * entry that is not a coinbase output is deleted; every other entry (a spent
 * coinbase output included) is stored as it is. Fills *op for (id, e). */
void sluice_utxo_save_op(sluice_utxo_op *op, const uint8_t id[32], const sluice_utxo_entry *e);

/* Applies ops[0..n) in order (a later op on the same id wins) and sets the tip
 * to (height, hash, blob[0..blob_len)), all in ONE LMDB write transaction:
 * either everything is durable when this returns SLUICE_OK, or nothing
 * changed. n may be 0 (tip only); blob may be NULL when blob_len is 0.
 * SLUICE_ERR_ARG for a NULL store/hash, an unknown op kind, or is_coinbase /
 * spent not 0 or 1; SLUICE_ERR_LENGTH if blob_len > SLUICE_UTXO_TIP_BLOB_MAX;
 * SLUICE_ERR_IO (reason in why) for an LMDB or disk error, including a map
 * that cannot grow: nothing was written, the caller may retry. An I/O error
 * is never a consensus failure. SLUICE_ERR_RANGE (nothing written) when one
 * transaction would change more pages than LMDB allows (MDB_TXN_FULL, about
 * 128k pages = 512 MiB of changed B-tree pages): commit a shorter prefix. */
sluice_err sluice_utxo_commit(sluice_utxo_store *store, const sluice_utxo_op *ops, size_t n,
                              uint64_t height, const uint8_t hash[32], const void *blob,
                              size_t blob_len, char *why, size_t cap);

/* ---- Whole-set views (tests, tooling) ----------------------------------- */

/* Number of entries in the last committed state. */
sluice_err sluice_utxo_count(sluice_utxo_store *store, size_t *n);

/* Digest of the last committed entry set: SHA3-256 over the records in
 * ascending id order, each record id(32) || is_coinbase(1) || spent(1) ||
 * block_height(8, big-endian). The tip is not included. Two stores have equal
 * digests iff (barring SHA3 collisions) they hold the same entries. */
sluice_err sluice_utxo_digest(sluice_utxo_store *store, uint8_t out[32]);

/* Calls fn(id, entry, arg) for every entry of the last committed state in
 * ascending id order; stops early (returning SLUICE_ERR_CANCELLED) when fn
 * returns non-zero. fn must not commit to this store. */
sluice_err sluice_utxo_foreach(sluice_utxo_store *store,
                               int (*fn)(const uint8_t id[32], const sluice_utxo_entry *e,
                                         void *arg),
                               void *arg);

/* Current LMDB map size in bytes (to observe growth). */
size_t sluice_utxo_map_size(sluice_utxo_store *store);

#ifdef __cplusplus
}
#endif
#endif
