/* Crash safety of the UTXO store: a child process applies a deterministic
 * sequence of synthetic windows (each adds, re-marks, deletes and re-creates
 * known IDs and sets the tip), committing one window per transaction, and is
 * killed with SIGKILL at random moments. After every kill the parent reopens
 * the store and checks that the tip is a window the child committed (the last
 * one it reported, or the one after if the kill came between commit and
 * report), that the tip's hash and blob belong to that window, and that the
 * entry set equals the set after exactly that many windows, computed here
 * from a closed formula and hashed with OpenSSL. Then it resumes from the tip,
 * and the final set and tip equal those of an uninterrupted run. */
#include <errno.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sluice/utxo_store.h"
#include "testutil.h"

#define IDS_PER_WINDOW 128   /* K: outputs created by each window */
#define KILLS 8
#define CHILD_LIMIT 100000   /* the killed child stops here if never killed */
#define FINAL_EXTRA 25       /* windows run after the last kill */

/* ---- the synthetic chain -------------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* A(w, j): the id of output j of window w. */
static void out_id(uint8_t id[32], uint64_t w, unsigned j)
{
    uint64_t x = mix64(w * 1000003u + j);
    for (int i = 0; i < 32; i++) {
        if (i % 8 == 0)
            x = mix64(x);
        id[i] = (uint8_t)(x >> (8 * (i % 8)));
    }
}

static void tip_of(uint64_t w, uint8_t hash[32], uint8_t *blob, size_t *len)
{
    out_id(hash, w ^ 0x5555aaaa5555aaaaULL, 7);
    *len = 1 + (w * 37) % 200;
    for (size_t i = 0; i < *len; i++)
        blob[i] = (uint8_t)(w + i * 3);
}

static sluice_utxo_op mk(uint64_t w, unsigned j, sluice_utxo_op_kind kind, uint8_t cb,
                         uint8_t spent, uint64_t height)
{
    sluice_utxo_op op;
    memset(&op, 0, sizeof op);
    out_id(op.id, w, j);
    op.kind = kind;
    op.entry.is_coinbase = cb;
    op.entry.spent = spent;
    op.entry.block_height = height;
    return op;
}

/* The operations of window w (>= 1), in order:
 *  1. create A(w, j) for all j: {coinbase iff j % 8 == 3, unspent, height w};
 *  2. mark A(w-1, j), j % 4 == 1, as spent coinbase outputs (kept, as the
 *     reference keeps spent coinbase entries);
 *  3. delete A(w-2, j) for even j, then re-create A(w-2, 0) at height w
 *     (spend-then-recreate inside one transaction);
 *  4. delete every A(w-4, j). */
static size_t window_ops(uint64_t w, sluice_utxo_op *ops)
{
    size_t n = 0;
    for (unsigned j = 0; j < IDS_PER_WINDOW; j++)
        ops[n++] = mk(w, j, SLUICE_UTXO_PUT, j % 8 == 3, 0, w);
    if (w > 1)
        for (unsigned j = 1; j < IDS_PER_WINDOW; j += 4)
            ops[n++] = mk(w - 1, j, SLUICE_UTXO_PUT, 1, 1, w - 1);
    if (w > 2) {
        for (unsigned j = 0; j < IDS_PER_WINDOW; j += 2)
            ops[n++] = mk(w - 2, j, SLUICE_UTXO_DELETE, 0, 0, 0);
        ops[n++] = mk(w - 2, 0, SLUICE_UTXO_PUT, 0, 0, w);
    }
    if (w > 4)
        for (unsigned j = 0; j < IDS_PER_WINDOW; j++)
            ops[n++] = mk(w - 4, j, SLUICE_UTXO_DELETE, 0, 0, 0);
    return n;
}
#define MAX_WINDOW_OPS (3 * IDS_PER_WINDOW + IDS_PER_WINDOW / 4 + 2)

static int commit_window(sluice_utxo_store *s, uint64_t w)
{
    static sluice_utxo_op ops[MAX_WINDOW_OPS];
    uint8_t hash[32], blob[256];
    size_t len;
    size_t n = window_ops(w, ops);
    tip_of(w, hash, blob, &len);
    char why[256];
    sluice_err e = sluice_utxo_commit(s, ops, n, w, hash, blob, len, why, sizeof why);
    if (e != SLUICE_OK)
        fprintf(stderr, "commit of window %llu: %s\n", (unsigned long long)w, why);
    return e == SLUICE_OK;
}

/* ---- the expected set after h windows, from the rules above --------------- */

typedef struct {
    uint8_t rec[42]; /* id || coinbase || spent || BE64 height */
} rec42;

static int rec_cmp(const void *a, const void *b)
{
    return memcmp(a, b, 32);
}

static size_t expected_set(uint64_t h, rec42 *out)
{
    size_t n = 0;
    for (uint64_t w = h > 3 ? h - 3 : 1; w <= h && w >= 1; w++) {
        for (unsigned j = 0; j < IDS_PER_WINDOW; j++) {
            uint8_t cb, spent;
            uint64_t height;
            if (j % 2 == 0 && w + 2 <= h) {
                if (j != 0)
                    continue;        /* deleted by window w+2 */
                cb = 0, spent = 0, height = w + 2; /* re-created by w+2 */
            } else if (j % 4 == 1 && w + 1 <= h) {
                cb = 1, spent = 1, height = w;
            } else {
                cb = j % 8 == 3, spent = 0, height = w;
            }
            uint8_t *r = out[n++].rec;
            out_id(r, w, j);
            r[32] = cb;
            r[33] = spent;
            for (int i = 0; i < 8; i++)
                r[34 + i] = (uint8_t)(height >> (56 - 8 * i));
        }
    }
    return n;
}

static void expected_digest(uint64_t h, uint8_t out[32], size_t *count)
{
    static rec42 recs[4 * IDS_PER_WINDOW];
    size_t n = expected_set(h, recs);
    if (n > 0)
        qsort(recs, n, sizeof recs[0], rec_cmp);
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    EVP_DigestInit_ex(c, EVP_sha3_256(), NULL);
    for (size_t i = 0; i < n; i++)
        EVP_DigestUpdate(c, recs[i].rec, 42);
    unsigned len = 32;
    EVP_DigestFinal_ex(c, out, &len);
    EVP_MD_CTX_free(c);
    *count = n;
}

/* ---- checks ---------------------------------------------------------------- */

/* Opens dir and checks tip and set; returns the tip height (0 if none). */
static uint64_t check_store(const char *dir, int *ok)
{
    char why[256];
    sluice_utxo_store *s;
    *ok = 0;
    if (sluice_utxo_open(dir, &s, why, sizeof why) != SLUICE_OK) {
        fprintf(stderr, "reopen: %s\n", why);
        return 0;
    }
    uint64_t h = 0;
    uint8_t hash[32], blob[SLUICE_UTXO_TIP_BLOB_MAX], want_hash[32], want_blob[256];
    size_t len = 0, want_len = 0, count = 0, want_count = 0;
    int have = 0;
    int good = sluice_utxo_get_tip(s, &h, hash, blob, sizeof blob, &len, &have) == SLUICE_OK;
    if (good && have) {
        tip_of(h, want_hash, want_blob, &want_len);
        good = memcmp(hash, want_hash, 32) == 0 && len == want_len &&
               memcmp(blob, want_blob, len) == 0;
        if (!good)
            fprintf(stderr, "tip %llu: hash/blob do not belong to it\n", (unsigned long long)h);
    }
    uint8_t dig[32], want[32];
    expected_digest(h, want, &want_count);
    if (good && sluice_utxo_digest(s, dig) == SLUICE_OK &&
        sluice_utxo_count(s, &count) == SLUICE_OK) {
        good = memcmp(dig, want, 32) == 0 && count == want_count;
        if (!good)
            fprintf(stderr, "tip %llu: set differs (%zu entries, want %zu)\n",
                    (unsigned long long)h, count, want_count);
    } else {
        good = 0;
    }
    sluice_utxo_close(s);
    *ok = good;
    return h;
}

/* Child: resume from the tip, commit windows up to limit, reporting each
 * committed height on fd. Never returns. */
static void child_run(const char *dir, uint64_t limit, int fd)
{
    char why[256];
    sluice_utxo_store *s;
    if (sluice_utxo_open(dir, &s, why, sizeof why) != SLUICE_OK)
        _exit(3);
    uint64_t h = 0;
    int have = 0;
    if (sluice_utxo_get_tip(s, &h, NULL, NULL, 0, NULL, &have) != SLUICE_OK)
        _exit(4);
    for (uint64_t w = h + 1; w <= limit; w++) {
        if (!commit_window(s, w))
            _exit(5);
        if (write(fd, &w, sizeof w) != (ssize_t)sizeof w)
            _exit(6);
    }
    sluice_utxo_close(s);
    _exit(0);
}

static void run_to(const char *dir, uint64_t limit)
{
    char why[256];
    sluice_utxo_store *s;
    CHECK(sluice_utxo_open(dir, &s, why, sizeof why) == SLUICE_OK);
    if (!s)
        return;
    uint64_t h = 0;
    int have = 0, ok = 1;
    CHECK(sluice_utxo_get_tip(s, &h, NULL, NULL, 0, NULL, &have) == SLUICE_OK);
    for (uint64_t w = h + 1; w <= limit && ok; w++)
        ok = commit_window(s, w);
    CHECK(ok);
    sluice_utxo_close(s);
}

static void rm_store(const char *dir)
{
    char p[1024];
    if (snprintf(p, sizeof p, "%s/data.mdb", dir) < (int)sizeof p)
        unlink(p);
    if (snprintf(p, sizeof p, "%s/lock.mdb", dir) < (int)sizeof p)
        unlink(p);
    rmdir(dir);
}

int main(void)
{
    char root[400], killed[512], straight[512];
    const char *base = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/sluice-utxo-crash-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    if (snprintf(killed, sizeof killed, "%s/killed", root) >= (int)sizeof killed ||
        snprintf(straight, sizeof straight, "%s/straight", root) >= (int)sizeof straight)
        return 1;

    /* The formula itself: a few hand-checked sizes (4 windows alive at most). */
    uint8_t d0[32], d1[32];
    size_t c0, c1;
    expected_digest(0, d0, &c0);
    expected_digest(1, d1, &c1);
    CHECK(c0 == 0 && c1 == IDS_PER_WINDOW && memcmp(d0, d1, 32) != 0);
    expected_digest(10, d1, &c1);
    /* windows 7..10 alive: 7 and 8 lost their even outputs but output 0. */
    CHECK(c1 == 2 * IDS_PER_WINDOW + 2 * (IDS_PER_WINDOW / 2 + 1));

    tu_rng rng;
    tu_rng_seed(&rng, 0xc0ffee);
    uint64_t prev = 0;
    int mid_run = 0;
    for (int k = 0; k < KILLS; k++) {
        int fds[2];
        if (pipe(fds) != 0) {
            perror("pipe");
            return 1;
        }
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            close(fds[0]);
            child_run(killed, CHILD_LIMIT, fds[1]);
        }
        close(fds[1]);
        /* 40..400 ms, at 1 ms granularity, so kills land at varied points. */
        unsigned ms = 40 + (unsigned)(tu_rng_next(&rng) % 361);
        struct timespec ts = {0, (long)ms * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int st = 0;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
        }
        uint64_t last = prev, w;
        while (read(fds[0], &w, sizeof w) == (ssize_t)sizeof w)
            last = w;
        close(fds[0]);
        int was_killed = WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
        mid_run += was_killed;
        if (!was_killed)
            CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        int ok = 0;
        uint64_t h = check_store(killed, &ok);
        CHECK(ok);
        /* Committed and reported, or committed just before the kill. */
        CHECK(h == last || (was_killed && h == last + 1));
        CHECK(h >= prev);
        printf("kill %d after %u ms: tip %llu (last reported %llu)%s\n", k + 1, ms,
               (unsigned long long)h, (unsigned long long)last,
               was_killed ? "" : " [child had finished]");
        prev = h;
    }
    CHECK(mid_run > 0);

    uint64_t final = prev + FINAL_EXTRA;
    run_to(killed, final);
    run_to(straight, final);
    int ok1 = 0, ok2 = 0;
    CHECK(check_store(killed, &ok1) == final && ok1);
    CHECK(check_store(straight, &ok2) == final && ok2);
    /* And the two stores directly: same digest. */
    sluice_utxo_store *a, *b;
    char why[256];
    uint8_t da[32], db[32];
    CHECK(sluice_utxo_open(killed, &a, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_utxo_open(straight, &b, why, sizeof why) == SLUICE_OK);
    if (a && b) {
        CHECK(sluice_utxo_digest(a, da) == SLUICE_OK && sluice_utxo_digest(b, db) == SLUICE_OK);
        CHECK_MEM(da, db, 32);
    }
    sluice_utxo_close(a);
    sluice_utxo_close(b);
    printf("final tip %llu after %d kills (%d mid-run)\n", (unsigned long long)final, KILLS,
           mid_run);
    rm_store(killed);
    rm_store(straight);
    CHECK(rmdir(root) == 0);
    return tu_finish("test_utxo_crash");
}
