/* The LMDB environment of the UTXO store: open/close, the read gate that makes
 * map resizing safe, and write transactions that grow the map on
 * MDB_MAP_FULL (LMDB docs: mdb_env_set_mapsize() may only be called while no
 * transaction of the process is active; MDB_NOTLS lets a read transaction be
 * begun on one thread and used or ended on another). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "state/utxo_internal.h"

#define UTXO_MIN_MAP_SIZE ((size_t)32 << 10)
#define UTXO_DEFAULT_MAX_READERS 256u
/* By default a resize waits at most this long for open reads to end. */
#define UTXO_DEFAULT_RESIZE_WAIT_MS 30000u

void utxo_reader_enter(sluice_utxo_store *s, size_t n)
{
    pthread_mutex_lock(&s->gate_mu);
    while (s->resizing)
        pthread_cond_wait(&s->gate_cv, &s->gate_mu);
    s->readers += n;
    pthread_mutex_unlock(&s->gate_mu);
}

void utxo_reader_exit(sluice_utxo_store *s, size_t n)
{
    pthread_mutex_lock(&s->gate_mu);
    s->readers -= n;
    if (s->readers == 0)
        pthread_cond_broadcast(&s->gate_cv);
    pthread_mutex_unlock(&s->gate_mu);
}

/* Sets the map size to `size` (0 = adopt the size another process set) once
 * no read is in progress. Caller holds write_mu and has no write txn open. */
static int utxo_resize(sluice_utxo_store *s, size_t size)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += s->resize_wait_ms / 1000;
    until.tv_nsec += (long)(s->resize_wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&s->gate_mu);
    s->resizing = 1;
    int rc = 0;
    while (s->readers > 0 && rc == 0)
        rc = pthread_cond_timedwait(&s->gate_cv, &s->gate_mu, &until);
    if (s->readers == 0) {
        rc = mdb_env_set_mapsize(s->env, size);
        MDB_envinfo info;
        if (mdb_env_info(s->env, &info) == 0)
            s->map_size = info.me_mapsize;
    } else {
        rc = ETIMEDOUT;
    }
    s->resizing = 0;
    pthread_cond_broadcast(&s->gate_cv);
    pthread_mutex_unlock(&s->gate_mu);
    return rc;
}

int utxo_read_begin(sluice_utxo_store *s, MDB_txn **txn)
{
    for (int attempt = 0;; attempt++) {
        utxo_reader_enter(s, 1);
        int rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, txn);
        if (rc == 0)
            return 0;
        utxo_reader_exit(s, 1);
        /* Another process grew the map: adopt its size (LMDB docs,
         * MDB_MAP_RESIZED). Resizing needs write_mu to keep commits out. */
        if (rc != MDB_MAP_RESIZED || attempt > 0)
            return rc;
        if (pthread_mutex_trylock(&s->write_mu) != 0)
            return rc; /* a commit is running: the caller may retry */
        rc = utxo_resize(s, 0);
        pthread_mutex_unlock(&s->write_mu);
        if (rc != 0)
            return rc;
    }
}

void utxo_read_end(sluice_utxo_store *s, MDB_txn *txn)
{
    mdb_txn_abort(txn);
    utxo_reader_exit(s, 1);
}

sluice_err utxo_write_txn(sluice_utxo_store *s, int (*fn)(MDB_txn *txn, void *arg, char *why,
                                                          size_t cap),
                          void *arg, const char *what, char *why, size_t cap)
{
    for (int attempt = 0; attempt < 48; attempt++) {
        MDB_txn *txn = NULL;
        int rc = mdb_txn_begin(s->env, NULL, 0, &txn);
        if (rc == 0) {
            rc = fn(txn, arg, why, cap);
            if (rc == 0)
                rc = mdb_txn_commit(txn); /* frees txn, even on failure */
            else
                mdb_txn_abort(txn);
            if (rc == 0)
                return SLUICE_OK;
            if (rc == UTXO_FN_FAIL)
                return SLUICE_ERR_IO;
        }
        if (rc == MDB_MAP_FULL || rc == MDB_MAP_RESIZED) {
            size_t cur;
            pthread_mutex_lock(&s->gate_mu);
            cur = s->map_size;
            pthread_mutex_unlock(&s->gate_mu);
            size_t next = rc == MDB_MAP_RESIZED ? 0 : cur * 2;
            if (rc == MDB_MAP_FULL && next / 2 != cur)
                return sluice_why(SLUICE_ERR_IO, why, cap, "utxo %s: map full at %zu bytes",
                                  what, cur);
            int r2 = utxo_resize(s, next);
            if (r2 != 0)
                return sluice_why(SLUICE_ERR_IO, why, cap,
                                  "utxo %s: map full at %zu bytes, cannot grow: %s", what, cur,
                                  r2 == ETIMEDOUT ? "read transactions stayed open"
                                                  : mdb_strerror(r2));
            continue;
        }
        if (rc == MDB_TXN_FULL)
            return sluice_why(SLUICE_ERR_RANGE, why, cap,
                              "utxo %s: too many changed pages for one transaction", what);
        return sluice_why(SLUICE_ERR_IO, why, cap, "utxo %s: %s", what, mdb_strerror(rc));
    }
    return sluice_why(SLUICE_ERR_IO, why, cap, "utxo %s: map kept filling up", what);
}

/* First write transaction of an open: create the two databases, check or
 * write the format tag. */
static int utxo_init_txn(MDB_txn *txn, void *arg, char *why, size_t cap)
{
    sluice_utxo_store *s = arg;
    int rc = mdb_dbi_open(txn, "utxo", MDB_CREATE, &s->utxo_dbi);
    if (rc == 0)
        rc = mdb_dbi_open(txn, "meta", MDB_CREATE, &s->meta_dbi);
    if (rc != 0)
        return rc;
    MDB_val k = {strlen(UTXO_META_FORMAT), (void *)UTXO_META_FORMAT}, v;
    rc = mdb_get(txn, s->meta_dbi, &k, &v);
    if (rc == MDB_NOTFOUND) {
        MDB_stat st;
        rc = mdb_stat(txn, s->utxo_dbi, &st);
        if (rc != 0)
            return rc;
        if (st.ms_entries != 0) {
            sluice_why(SLUICE_ERR_IO, why, cap, "utxo open: entries without a format tag");
            return UTXO_FN_FAIL;
        }
        MDB_val tag = {strlen(UTXO_FORMAT_TAG), (void *)UTXO_FORMAT_TAG};
        return mdb_put(txn, s->meta_dbi, &k, &tag, 0);
    }
    if (rc != 0)
        return rc;
    if (v.mv_size != strlen(UTXO_FORMAT_TAG) || memcmp(v.mv_data, UTXO_FORMAT_TAG, v.mv_size)) {
        sluice_why(SLUICE_ERR_IO, why, cap, "utxo open: not a %s store", UTXO_FORMAT_TAG);
        return UTXO_FN_FAIL;
    }
    return 0;
}

sluice_err sluice_utxo_open_ex(const char *dir, const sluice_utxo_options *opt,
                               sluice_utxo_store **out, char *why, size_t cap)
{
    if (out)
        *out = NULL;
    if (!dir || !out || !*dir)
        return sluice_why(SLUICE_ERR_ARG, why, cap, "utxo open: no directory given");
    size_t map_size = opt && opt->map_size ? opt->map_size : SLUICE_UTXO_DEFAULT_MAP_SIZE;
    unsigned max_readers = opt && opt->max_readers ? opt->max_readers : UTXO_DEFAULT_MAX_READERS;
    if (map_size < UTXO_MIN_MAP_SIZE)
        map_size = UTXO_MIN_MAP_SIZE;
    map_size = (map_size + 4095) & ~(size_t)4095;

    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return sluice_why(SLUICE_ERR_IO, why, cap, "utxo open: cannot create %s: %s", dir,
                          strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0)
        return sluice_why(SLUICE_ERR_IO, why, cap, "utxo open: %s: %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return sluice_why(SLUICE_ERR_IO, why, cap, "utxo open: %s is not a directory", dir);

    sluice_utxo_store *s = calloc(1, sizeof *s);
    if (!s)
        return sluice_why(SLUICE_ERR_NOMEM, why, cap, "utxo open: out of memory");
    s->resize_wait_ms = opt && opt->resize_wait_ms ? opt->resize_wait_ms
                                                   : UTXO_DEFAULT_RESIZE_WAIT_MS;
    pthread_mutex_init(&s->write_mu, NULL);
    pthread_mutex_init(&s->gate_mu, NULL);
    pthread_cond_init(&s->gate_cv, NULL);

    int rc = mdb_env_create(&s->env);
    if (rc == 0)
        rc = mdb_env_set_maxdbs(s->env, 4);
    if (rc == 0)
        rc = mdb_env_set_maxreaders(s->env, max_readers);
    if (rc == 0)
        rc = mdb_env_set_mapsize(s->env, map_size);
    /* Default durability: no MDB_NOSYNC / MDB_NOMETASYNC / MDB_WRITEMAP. */
    if (rc == 0)
        rc = mdb_env_open(s->env, dir, MDB_NOTLS, 0644);
    if (rc != 0) {
        sluice_err e = sluice_why(SLUICE_ERR_IO, why, cap, "utxo open: %s: %s", dir,
                                  mdb_strerror(rc));
        sluice_utxo_close(s);
        return e;
    }
    int dead = 0;
    mdb_reader_check(s->env, &dead); /* clear slots of killed processes */
    MDB_envinfo info;
    s->map_size = mdb_env_info(s->env, &info) == 0 ? info.me_mapsize : map_size;

    pthread_mutex_lock(&s->write_mu);
    sluice_err e = utxo_write_txn(s, utxo_init_txn, s, "open", why, cap);
    pthread_mutex_unlock(&s->write_mu);
    if (e != SLUICE_OK) {
        sluice_utxo_close(s);
        return e;
    }
    *out = s;
    return SLUICE_OK;
}

sluice_err sluice_utxo_open(const char *dir, sluice_utxo_store **out, char *why, size_t cap)
{
    return sluice_utxo_open_ex(dir, NULL, out, why, cap);
}

void sluice_utxo_close(sluice_utxo_store *store)
{
    if (!store)
        return;
    if (store->env)
        mdb_env_close(store->env);
    pthread_cond_destroy(&store->gate_cv);
    pthread_mutex_destroy(&store->gate_mu);
    pthread_mutex_destroy(&store->write_mu);
    free(store);
}

size_t sluice_utxo_map_size(sluice_utxo_store *store)
{
    if (!store)
        return 0;
    pthread_mutex_lock(&store->gate_mu);
    size_t n = store->map_size;
    pthread_mutex_unlock(&store->gate_mu);
    return n;
}
