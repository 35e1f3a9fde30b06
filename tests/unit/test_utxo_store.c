/* The LMDB UTXO store (sluice/utxo_store.h): round trips of entries and the
 * tip, operation order inside a commit, argument errors, bulk reads equal to
 * single reads, snapshots, map growth from a tiny map (also under concurrent
 * readers), bad directories, and the set digest against an independent
 * OpenSSL SHA3-256 over the sorted records. */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sluice/utxo_store.h"
#include "testutil.h"

/* ---- temporary directories ---------------------------------------------- */

static void tmp_dir(char *buf, size_t cap)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, cap, "%s/sluice-utxo-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(buf)) {
        perror("mkdtemp");
        exit(1);
    }
}

static int mkdir_ok(const char *dir)
{
    return mkdir(dir, 0755) == 0;
}

/* out = a/b; exits on an over-long path (a test setup error). */
static void path_join(char *out, size_t cap, const char *a, const char *b)
{
    if (snprintf(out, cap, "%s/%s", a, b) >= (int)cap) {
        fprintf(stderr, "path too long: %s/%s\n", a, b);
        exit(1);
    }
}

static void rm_store(const char *dir)
{
    char p[1024];
    path_join(p, sizeof p, dir, "data.mdb");
    unlink(p);
    path_join(p, sizeof p, dir, "lock.mdb");
    unlink(p);
    rmdir(dir);
}

/* ---- a reference model: sorted (id, entry) records ----------------------- */

typedef struct {
    uint8_t id[32];
    sluice_utxo_entry e;
} rec;

static int rec_cmp(const void *a, const void *b)
{
    return memcmp(((const rec *)a)->id, ((const rec *)b)->id, 32);
}

/* SHA3-256 over the records sorted by id, each id || cb || spent || BE64
 * height, computed with OpenSSL (independent of the engine's Keccak). */
static void model_digest(rec *r, size_t n, uint8_t out[32])
{
    if (n > 0)
        qsort(r, n, sizeof *r, rec_cmp);
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    EVP_DigestInit_ex(c, EVP_sha3_256(), NULL);
    for (size_t i = 0; i < n; i++) {
        uint8_t v[10] = {r[i].e.is_coinbase, r[i].e.spent};
        for (int k = 0; k < 8; k++)
            v[2 + k] = (uint8_t)(r[i].e.block_height >> (56 - 8 * k));
        EVP_DigestUpdate(c, r[i].id, 32);
        EVP_DigestUpdate(c, v, 10);
    }
    unsigned len = 32;
    EVP_DigestFinal_ex(c, out, &len);
    EVP_MD_CTX_free(c);
}

static sluice_utxo_entry rand_entry(tu_rng *r)
{
    uint64_t x = tu_rng_next(r);
    sluice_utxo_entry e = {(uint8_t)(x & 1), (uint8_t)((x >> 1) & 1), x >> 20};
    return e;
}

static int entry_eq(const sluice_utxo_entry *a, const sluice_utxo_entry *b)
{
    return a->is_coinbase == b->is_coinbase && a->spent == b->spent &&
           a->block_height == b->block_height;
}

static sluice_utxo_op put_op(const uint8_t id[32], sluice_utxo_entry e)
{
    sluice_utxo_op op;
    memset(&op, 0, sizeof op);
    memcpy(op.id, id, 32);
    op.kind = SLUICE_UTXO_PUT;
    op.entry = e;
    return op;
}

static sluice_utxo_op del_op(const uint8_t id[32])
{
    sluice_utxo_op op;
    memset(&op, 0, sizeof op);
    memcpy(op.id, id, 32);
    op.kind = SLUICE_UTXO_DELETE;
    return op;
}

static const uint8_t HASH_A[32] = {0xaa, 1, 2, 3};

/* ---- tests ---------------------------------------------------------------- */

static void test_bad_dirs(const char *root)
{
    sluice_utxo_store *s = (sluice_utxo_store *)&s;
    char why[256] = "", p[512];
    CHECK(sluice_utxo_open(NULL, &s, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(s == NULL);
    CHECK(sluice_utxo_open("", &s, why, sizeof why) == SLUICE_ERR_ARG);
    path_join(p, sizeof p, root, "plainfile");
    FILE *f = fopen(p, "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    why[0] = 0;
    s = (sluice_utxo_store *)&s;
    CHECK(sluice_utxo_open(p, &s, why, sizeof why) == SLUICE_ERR_IO);
    CHECK(s == NULL);
    CHECK(strstr(why, "not a directory") != NULL);
    path_join(p, sizeof p, root, "plainfile/sub");
    why[0] = 0;
    CHECK(sluice_utxo_open(p, &s, why, sizeof why) == SLUICE_ERR_IO);
    CHECK(s == NULL && why[0] != 0);
    path_join(p, sizeof p, root, "plainfile");
    unlink(p);
    /* A directory holding a foreign file named data.mdb is not a store. */
    path_join(p, sizeof p, root, "junk");
    char d[1024];
    path_join(d, sizeof d, p, "data.mdb");
    CHECK(mkdir_ok(p));
    f = fopen(d, "w");
    if (f) {
        for (int i = 0; i < 20000; i++)
            fputc(i * 7, f);
        fclose(f);
    }
    why[0] = 0;
    CHECK(sluice_utxo_open(p, &s, why, sizeof why) == SLUICE_ERR_IO);
    CHECK(s == NULL && why[0] != 0);
    rm_store(p);
}

static void test_fresh_and_round_trip(const char *dir)
{
    char why[256];
    sluice_utxo_store *s;
    CHECK(sluice_utxo_open(dir, &s, why, sizeof why) == SLUICE_OK);
    if (!s)
        return;
    int have = 7;
    uint64_t h = 99;
    CHECK(sluice_utxo_get_tip(s, &h, NULL, NULL, 0, NULL, &have) == SLUICE_OK);
    CHECK(have == 0 && h == 99);
    size_t n = 5;
    CHECK(sluice_utxo_count(s, &n) == SLUICE_OK && n == 0);
    uint8_t dig[32], want[32];
    CHECK(sluice_utxo_digest(s, dig) == SLUICE_OK);
    model_digest(NULL, 0, want);
    CHECK_MEM(dig, want, 32);

    enum { N = 1000 };
    static rec recs[N];
    static sluice_utxo_op ops[N];
    tu_rng r;
    tu_rng_seed(&r, 11);
    for (int i = 0; i < N; i++) {
        tu_rng_bytes(&r, recs[i].id, 32);
        recs[i].e = rand_entry(&r);
        ops[i] = put_op(recs[i].id, recs[i].e);
    }
    uint8_t blob[300];
    for (int i = 0; i < 300; i++)
        blob[i] = (uint8_t)(i * 13 + 1);
    CHECK(sluice_utxo_commit(s, ops, N, 12345, HASH_A, blob, sizeof blob, why, sizeof why) ==
          SLUICE_OK);
    sluice_utxo_close(s);

    CHECK(sluice_utxo_open(dir, &s, why, sizeof why) == SLUICE_OK);
    if (!s)
        return;
    uint8_t hash[32], got[SLUICE_UTXO_TIP_BLOB_MAX];
    size_t len = 0;
    CHECK(sluice_utxo_get_tip(s, &h, hash, got, sizeof got, &len, &have) == SLUICE_OK);
    CHECK(have == 1 && h == 12345 && len == 300);
    CHECK_MEM(hash, HASH_A, 32);
    CHECK_MEM(got, blob, 300);
    /* A short buffer: the prefix, the full length, SLUICE_ERR_LENGTH. */
    uint8_t small[10] = {0};
    len = 0;
    CHECK(sluice_utxo_get_tip(s, &h, NULL, small, sizeof small, &len, &have) ==
          SLUICE_ERR_LENGTH);
    CHECK(len == 300 && have == 1);
    CHECK_MEM(small, blob, 10);

    int all = 1;
    for (int i = 0; i < N; i++) {
        sluice_utxo_entry e;
        uint8_t f = 0;
        all &= sluice_utxo_get(s, recs[i].id, &e, &f) == SLUICE_OK && f == 1 &&
               entry_eq(&e, &recs[i].e);
    }
    CHECK(all);
    uint8_t absent[32] = {0};
    sluice_utxo_entry e = {9, 9, 9};
    uint8_t f = 1;
    CHECK(sluice_utxo_get(s, absent, &e, &f) == SLUICE_OK && f == 0 && e.spent == 9);
    CHECK(sluice_utxo_count(s, &n) == SLUICE_OK && n == N);
    CHECK(sluice_utxo_digest(s, dig) == SLUICE_OK);
    model_digest(recs, N, want);
    CHECK_MEM(dig, want, 32);

    /* Order inside one commit: put then delete = absent; delete then put =
     * present; delete of an absent id is no error; the later put wins. */
    sluice_utxo_entry e1 = {0, 0, 1}, e2 = {1, 1, 2};
    sluice_utxo_op seq[6] = {put_op(absent, e1), del_op(absent), del_op(recs[0].id),
                             put_op(recs[0].id, e2), put_op(recs[1].id, e1),
                             put_op(recs[1].id, e2)};
    uint8_t none[32];
    memset(none, 0x5a, 32);
    sluice_utxo_op seq2[1] = {del_op(none)};
    CHECK(sluice_utxo_commit(s, seq, 6, 12346, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_commit(s, seq2, 1, 12347, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_get(s, absent, &e, &f) == SLUICE_OK && f == 0);
    CHECK(sluice_utxo_get(s, recs[0].id, &e, &f) == SLUICE_OK && f == 1 && entry_eq(&e, &e2));
    CHECK(sluice_utxo_get(s, recs[1].id, &e, &f) == SLUICE_OK && f == 1 && entry_eq(&e, &e2));
    CHECK(sluice_utxo_count(s, &n) == SLUICE_OK && n == N);
    CHECK(sluice_utxo_get_tip(s, &h, NULL, NULL, 0, &len, &have) == SLUICE_OK);
    CHECK(h == 12347 && len == 0);

    /* Rejected commits change nothing (tip and entries). */
    sluice_utxo_op bad = put_op(recs[2].id, e1);
    bad.kind = (sluice_utxo_op_kind)7;
    why[0] = 0;
    CHECK(sluice_utxo_commit(s, &bad, 1, 1, HASH_A, NULL, 0, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(why[0] != 0);
    bad = put_op(recs[2].id, e1);
    bad.entry.spent = 2;
    CHECK(sluice_utxo_commit(s, &bad, 1, 1, HASH_A, NULL, 0, why, sizeof why) == SLUICE_ERR_ARG);
    static uint8_t big[SLUICE_UTXO_TIP_BLOB_MAX + 1];
    CHECK(sluice_utxo_commit(s, NULL, 0, 1, HASH_A, big, sizeof big, why, sizeof why) ==
          SLUICE_ERR_LENGTH);
    CHECK(sluice_utxo_commit(s, NULL, 0, 1, NULL, NULL, 0, why, sizeof why) == SLUICE_ERR_ARG);
    /* The largest blob is accepted and read back whole. */
    for (size_t i = 0; i < SLUICE_UTXO_TIP_BLOB_MAX; i++)
        big[i] = (uint8_t)(i ^ (i >> 8));
    CHECK(sluice_utxo_commit(s, NULL, 0, 12348, HASH_A, big, SLUICE_UTXO_TIP_BLOB_MAX, why,
                             sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_get_tip(s, &h, NULL, got, sizeof got, &len, &have) == SLUICE_OK);
    CHECK(h == 12348 && len == SLUICE_UTXO_TIP_BLOB_MAX);
    CHECK_MEM(got, big, SLUICE_UTXO_TIP_BLOB_MAX);
    CHECK(sluice_utxo_get(s, recs[2].id, &e, &f) == SLUICE_OK && f == 1 &&
          entry_eq(&e, &recs[2].e));
    sluice_utxo_close(s);
}

static void test_save_rule(void)
{
    uint8_t id[32];
    memset(id, 3, 32);
    sluice_utxo_op op;
    sluice_utxo_entry spent = {0, 1, 5}, spent_cb = {1, 1, 6}, live = {0, 0, 7};
    sluice_utxo_save_op(&op, id, &spent);
    CHECK(op.kind == SLUICE_UTXO_DELETE && op.id[31] == 3);
    sluice_utxo_save_op(&op, id, &spent_cb);
    CHECK(op.kind == SLUICE_UTXO_PUT && entry_eq(&op.entry, &spent_cb));
    sluice_utxo_save_op(&op, id, &live);
    CHECK(op.kind == SLUICE_UTXO_PUT && entry_eq(&op.entry, &live));
}

/* Bulk reads with 1, 2 and the default thread count equal single reads, for
 * a mix of present and absent IDs (and a few duplicates). */
static void test_bulk(const char *dir)
{
    char why[256];
    sluice_utxo_store *s;
    CHECK(sluice_utxo_open(dir, &s, why, sizeof why) == SLUICE_OK);
    if (!s)
        return;
    enum { N = 4000, Q = 3000 };
    static sluice_utxo_op ops[N];
    static uint8_t ids[Q][32];
    static sluice_utxo_entry out1[Q], out2[Q], out0[Q], single[Q];
    static uint8_t f1[Q], f2[Q], f0[Q], fs[Q];
    tu_rng r;
    tu_rng_seed(&r, 22);
    for (int i = 0; i < N; i++) {
        uint8_t id[32];
        tu_rng_bytes(&r, id, 32);
        ops[i] = put_op(id, rand_entry(&r));
    }
    CHECK(sluice_utxo_commit(s, ops, N, 1, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    size_t present = 0;
    for (int i = 0; i < Q; i++) {
        if (i % 3 == 0)
            tu_rng_bytes(&r, ids[i], 32);
        else
            memcpy(ids[i], ops[(i * 7) % N].id, 32);
    }
    CHECK(sluice_utxo_get_many(s, (const uint8_t(*)[32])ids, Q, out1, f1, 1) == SLUICE_OK);
    CHECK(sluice_utxo_get_many(s, (const uint8_t(*)[32])ids, Q, out2, f2, 2) == SLUICE_OK);
    CHECK(sluice_utxo_get_many(s, (const uint8_t(*)[32])ids, Q, out0, f0, 0) == SLUICE_OK);
    int same = 1;
    for (int i = 0; i < Q; i++) {
        sluice_utxo_entry z = {0, 0, 0};
        same &= sluice_utxo_get(s, ids[i], &single[i], &fs[i]) == SLUICE_OK;
        if (!fs[i])
            single[i] = z;
        same &= f1[i] == fs[i] && f2[i] == fs[i] && f0[i] == fs[i];
        same &= entry_eq(&out1[i], &single[i]) && entry_eq(&out2[i], &single[i]) &&
                entry_eq(&out0[i], &single[i]);
        present += fs[i];
        /* Present exactly when taken from ops, with that op's entry. */
        same &= fs[i] == (i % 3 != 0);
        if (i % 3 != 0)
            same &= entry_eq(&single[i], &ops[(i * 7) % N].entry);
    }
    CHECK(same);
    CHECK(present == Q - Q / 3);
    CHECK(sluice_utxo_get_many(s, NULL, 0, NULL, NULL, 2) == SLUICE_OK);
    CHECK(sluice_utxo_get_many(s, NULL, 5, out1, f1, 2) == SLUICE_ERR_ARG);
    sluice_utxo_close(s);
}

/* A snapshot begun before a commit keeps the old state; new reads see the new. */
static void test_snapshot(const char *dir)
{
    char why[256];
    sluice_utxo_store *s;
    CHECK(sluice_utxo_open(dir, &s, why, sizeof why) == SLUICE_OK);
    if (!s)
        return;
    uint8_t a[32], b[32];
    memset(a, 0xa1, 32);
    memset(b, 0xb2, 32);
    sluice_utxo_entry ea = {0, 0, 10}, eb = {1, 0, 11}, ea2 = {0, 0, 12};
    sluice_utxo_op o1[1] = {put_op(a, ea)};
    CHECK(sluice_utxo_commit(s, o1, 1, 10, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    sluice_utxo_snapshot *snap = NULL;
    CHECK(sluice_utxo_snapshot_begin(s, &snap) == SLUICE_OK);
    if (!snap) {
        sluice_utxo_close(s);
        return;
    }
    sluice_utxo_op o2[2] = {del_op(a), put_op(b, eb)};
    CHECK(sluice_utxo_commit(s, o2, 2, 11, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    sluice_utxo_entry e;
    uint8_t f;
    CHECK(sluice_utxo_snapshot_get(snap, a, &e, &f) == SLUICE_OK && f == 1 && entry_eq(&e, &ea));
    CHECK(sluice_utxo_snapshot_get(snap, b, &e, &f) == SLUICE_OK && f == 0);
    CHECK(sluice_utxo_get(s, a, &e, &f) == SLUICE_OK && f == 0);
    CHECK(sluice_utxo_get(s, b, &e, &f) == SLUICE_OK && f == 1 && entry_eq(&e, &eb));
    sluice_utxo_op o3[1] = {put_op(a, ea2)};
    CHECK(sluice_utxo_commit(s, o3, 1, 12, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_snapshot_get(snap, a, &e, &f) == SLUICE_OK && f == 1 && entry_eq(&e, &ea));
    sluice_utxo_snapshot_end(snap);
    CHECK(sluice_utxo_snapshot_begin(s, &snap) == SLUICE_OK);
    if (snap) {
        CHECK(sluice_utxo_snapshot_get(snap, a, &e, &f) == SLUICE_OK && f == 1 &&
              entry_eq(&e, &ea2));
        CHECK(sluice_utxo_snapshot_get(snap, b, &e, &f) == SLUICE_OK && f == 1);
        sluice_utxo_snapshot_end(snap);
    }
    sluice_utxo_close(s);
}

/* Readers running while commits grow the map: a fixed set of IDs that no
 * commit touches must always be found with their entries. */
typedef struct {
    sluice_utxo_store *s;
    const sluice_utxo_op *fixed;
    int nfixed;
    volatile int *stop;
    int bad, rounds;
} reader_arg;

static void *reader_main(void *p)
{
    reader_arg *a = p;
    enum { M = 64 };
    uint8_t ids[M][32];
    sluice_utxo_entry out[M];
    uint8_t f[M];
    for (int i = 0; i < M; i++)
        memcpy(ids[i], a->fixed[i % a->nfixed].id, 32);
    do {
        if (sluice_utxo_get_many(a->s, (const uint8_t(*)[32])ids, M, out, f, 1) != SLUICE_OK) {
            a->bad++;
            continue;
        }
        for (int i = 0; i < M; i++)
            if (!f[i] || !entry_eq(&out[i], &a->fixed[i % a->nfixed].entry))
                a->bad++;
        a->rounds++;
    } while (!__atomic_load_n(a->stop, __ATOMIC_ACQUIRE));
    return NULL;
}

static void test_map_growth(const char *dir)
{
    char why[256];
    sluice_utxo_store *s;
    sluice_utxo_options opt = {32 << 10, 0, 0};
    CHECK(sluice_utxo_open_ex(dir, &opt, &s, why, sizeof why) == SLUICE_OK);
    if (!s)
        return;
    size_t first = sluice_utxo_map_size(s);
    CHECK(first <= (64u << 10));
    enum { FIXED = 16, PER = 2500, COMMITS = 8 };
    static rec recs[FIXED + PER * COMMITS];
    static sluice_utxo_op ops[PER];
    static sluice_utxo_op fixed[FIXED];
    tu_rng r;
    tu_rng_seed(&r, 33);
    for (int i = 0; i < FIXED; i++) {
        tu_rng_bytes(&r, recs[i].id, 32);
        recs[i].e = rand_entry(&r);
        fixed[i] = put_op(recs[i].id, recs[i].e);
    }
    CHECK(sluice_utxo_commit(s, fixed, FIXED, 0, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    volatile int stop = 0;
    reader_arg ra[2] = {{s, fixed, FIXED, &stop, 0, 0}, {s, fixed, FIXED, &stop, 0, 0}};
    pthread_t th[2];
    for (int t = 0; t < 2; t++)
        pthread_create(&th[t], NULL, reader_main, &ra[t]);
    size_t nrec = FIXED;
    int ok = 1;
    for (int c = 0; c < COMMITS; c++) {
        for (int i = 0; i < PER; i++) {
            tu_rng_bytes(&r, recs[nrec].id, 32);
            recs[nrec].e = rand_entry(&r);
            ops[i] = put_op(recs[nrec].id, recs[nrec].e);
            nrec++;
        }
        ok &= sluice_utxo_commit(s, ops, PER, (uint64_t)c + 1, HASH_A, NULL, 0, why,
                                 sizeof why) == SLUICE_OK;
    }
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    for (int t = 0; t < 2; t++)
        pthread_join(th[t], NULL);
    CHECK(ok);
    CHECK(ra[0].bad == 0 && ra[1].bad == 0);
    CHECK(ra[0].rounds > 0 && ra[1].rounds > 0);
    printf("map %zu -> %zu bytes; reader rounds during the commits: %d, %d\n",
           first, sluice_utxo_map_size(s), ra[0].rounds, ra[1].rounds);
    size_t grown = sluice_utxo_map_size(s);
    CHECK(grown > first);
    CHECK(grown >= (size_t)(FIXED + PER * COMMITS) * 42);
    size_t n = 0;
    CHECK(sluice_utxo_count(s, &n) == SLUICE_OK && n == nrec);
    uint8_t dig[32], want[32];
    CHECK(sluice_utxo_digest(s, dig) == SLUICE_OK);
    model_digest(recs, nrec, want);
    CHECK_MEM(dig, want, 32);
    sluice_utxo_close(s);
    /* Reopening with the tiny map adopts the data file's size. */
    CHECK(sluice_utxo_open_ex(dir, &opt, &s, why, sizeof why) == SLUICE_OK);
    if (!s)
        return;
    CHECK(sluice_utxo_map_size(s) >= first);
    CHECK(sluice_utxo_digest(s, dig) == SLUICE_OK);
    CHECK_MEM(dig, want, 32);
    sluice_utxo_close(s);
}

/* A commit that must grow the map while a snapshot is open waits for it at
 * most resize_wait_ms, then fails with SLUICE_ERR_IO and writes nothing; after
 * the snapshot ends the same commit succeeds. */
static void test_growth_blocked(const char *dir)
{
    char why[256] = "";
    sluice_utxo_store *s;
    sluice_utxo_options opt = {32 << 10, 0, 50};
    CHECK(sluice_utxo_open_ex(dir, &opt, &s, why, sizeof why) == SLUICE_OK);
    if (!s)
        return;
    enum { N = 3000 };
    static sluice_utxo_op ops[N];
    tu_rng r;
    tu_rng_seed(&r, 55);
    for (int i = 0; i < N; i++) {
        uint8_t id[32];
        tu_rng_bytes(&r, id, 32);
        ops[i] = put_op(id, rand_entry(&r));
    }
    sluice_utxo_snapshot *snap = NULL;
    CHECK(sluice_utxo_snapshot_begin(s, &snap) == SLUICE_OK);
    size_t before = sluice_utxo_map_size(s);
    CHECK(sluice_utxo_commit(s, ops, N, 1, HASH_A, NULL, 0, why, sizeof why) == SLUICE_ERR_IO);
    CHECK(strstr(why, "read transactions stayed open") != NULL);
    CHECK(sluice_utxo_map_size(s) == before);
    sluice_utxo_snapshot_end(snap);
    size_t n = 1;
    int have = 1;
    CHECK(sluice_utxo_count(s, &n) == SLUICE_OK && n == 0);
    CHECK(sluice_utxo_get_tip(s, NULL, NULL, NULL, 0, NULL, &have) == SLUICE_OK && have == 0);
    CHECK(sluice_utxo_commit(s, ops, N, 1, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_count(s, &n) == SLUICE_OK && n == N);
    CHECK(sluice_utxo_map_size(s) > before);
    sluice_utxo_close(s);
}

/* Two stores built in different orders (and different commit splits, with
 * transient entries) have equal digests, equal to the model's; one change
 * makes them differ; undoing it makes them equal again. */
static void test_digest(const char *dir1, const char *dir2)
{
    char why[256];
    sluice_utxo_store *a, *b;
    CHECK(sluice_utxo_open(dir1, &a, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_open(dir2, &b, why, sizeof why) == SLUICE_OK);
    if (!a || !b) {
        sluice_utxo_close(a);
        sluice_utxo_close(b);
        return;
    }
    enum { N = 500 };
    static rec recs[N];
    static sluice_utxo_op fwd[N], rev[N];
    tu_rng r;
    tu_rng_seed(&r, 44);
    for (int i = 0; i < N; i++) {
        tu_rng_bytes(&r, recs[i].id, 32);
        recs[i].e = rand_entry(&r);
        fwd[i] = put_op(recs[i].id, recs[i].e);
        rev[N - 1 - i] = fwd[i];
    }
    CHECK(sluice_utxo_commit(a, fwd, N, 1, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    uint8_t tmp[32];
    memset(tmp, 0x77, 32);
    sluice_utxo_entry z = {0, 0, 0};
    sluice_utxo_op extra[1] = {put_op(tmp, z)};
    CHECK(sluice_utxo_commit(b, extra, 1, 1, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_commit(b, rev, N / 2, 2, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_commit(b, rev + N / 2, N - N / 2, 3, HASH_A, NULL, 0, why, sizeof why) ==
          SLUICE_OK);
    uint8_t da[32], db[32], want[32];
    CHECK(sluice_utxo_digest(b, db) == SLUICE_OK);
    extra[0] = del_op(tmp);
    CHECK(sluice_utxo_commit(b, extra, 1, 4, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_digest(a, da) == SLUICE_OK);
    CHECK(memcmp(da, db, 32) != 0); /* b still held tmp then */
    CHECK(sluice_utxo_digest(b, db) == SLUICE_OK);
    model_digest(recs, N, want);
    CHECK_MEM(da, want, 32);
    CHECK_MEM(db, want, 32);
    /* One field changed: height, then spent, then one entry removed. */
    sluice_utxo_entry e = recs[123].e;
    e.block_height ^= 1;
    sluice_utxo_op ch[1] = {put_op(recs[123].id, e)};
    CHECK(sluice_utxo_commit(b, ch, 1, 5, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_digest(b, db) == SLUICE_OK);
    CHECK(memcmp(da, db, 32) != 0);
    e = recs[123].e;
    e.spent ^= 1;
    ch[0] = put_op(recs[123].id, e);
    CHECK(sluice_utxo_commit(b, ch, 1, 6, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_digest(b, db) == SLUICE_OK);
    CHECK(memcmp(da, db, 32) != 0);
    ch[0] = put_op(recs[123].id, recs[123].e);
    CHECK(sluice_utxo_commit(b, ch, 1, 7, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_digest(b, db) == SLUICE_OK);
    CHECK_MEM(db, da, 32);
    ch[0] = del_op(recs[0].id);
    CHECK(sluice_utxo_commit(b, ch, 1, 8, HASH_A, NULL, 0, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_digest(b, db) == SLUICE_OK);
    CHECK(memcmp(da, db, 32) != 0);
    qsort(recs, N, sizeof recs[0], rec_cmp);
    /* recs[] is sorted now; the model without the deleted id equals b. */
    for (int i = 0; i < N; i++)
        if (memcmp(recs[i].id, ch[0].id, 32) == 0) {
            recs[i] = recs[N - 1];
            break;
        }
    model_digest(recs, N - 1, want);
    CHECK_MEM(db, want, 32);
    sluice_utxo_close(a);
    sluice_utxo_close(b);
}

/* foreach walks in ascending id order and stops when asked. */
typedef struct {
    uint8_t last[32];
    size_t seen, stop_at;
    int ordered;
} walk_arg;

static int walk_one(const uint8_t id[32], const sluice_utxo_entry *e, void *p)
{
    walk_arg *w = p;
    (void)e;
    if (w->seen > 0 && memcmp(w->last, id, 32) >= 0)
        w->ordered = 0;
    memcpy(w->last, id, 32);
    w->seen++;
    return w->stop_at && w->seen == w->stop_at;
}

static void test_foreach(const char *dir)
{
    char why[256];
    sluice_utxo_store *s;
    CHECK(sluice_utxo_open(dir, &s, why, sizeof why) == SLUICE_OK);
    if (!s)
        return;
    size_t n = 0;
    CHECK(sluice_utxo_count(s, &n) == SLUICE_OK && n > 100);
    walk_arg w = {{0}, 0, 0, 1};
    CHECK(sluice_utxo_foreach(s, walk_one, &w) == SLUICE_OK);
    CHECK(w.seen == n && w.ordered);
    walk_arg w3 = {{0}, 0, 3, 1};
    CHECK(sluice_utxo_foreach(s, walk_one, &w3) == SLUICE_ERR_CANCELLED);
    CHECK(w3.seen == 3);
    CHECK(sluice_utxo_foreach(s, NULL, NULL) == SLUICE_ERR_ARG);
    sluice_utxo_close(s);
}

int main(void)
{
    char root[400], d[7][512];
    tmp_dir(root, sizeof root);
    for (int i = 0; i < 7; i++) {
        char name[8] = {'s', (char)('0' + i), 0};
        path_join(d[i], sizeof d[i], root, name);
    }
    test_bad_dirs(root);
    test_save_rule();
    test_fresh_and_round_trip(d[0]); /* the store directory is created */
    test_bulk(d[1]);
    test_snapshot(d[2]);
    test_map_growth(d[3]);
    test_digest(d[4], d[5]);
    test_foreach(d[1]);
    test_growth_blocked(d[6]);
    for (int i = 0; i < 7; i++)
        rm_store(d[i]);
    CHECK(rmdir(root) == 0);
    return tu_finish("test_utxo_store");
}
