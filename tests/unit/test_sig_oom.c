/* The signature batch out of memory: every allocation the engine makes is
 * made to fail in turn (malloc, calloc, realloc and aligned_alloc are
 * wrapped at link time, -Wl,--wrap, see tests/CMakeLists.txt), once only and
 * from that allocation on (see STRIDE), on one and two threads. A batch must then either
 * give exactly the single verdict of every item (its fallbacks: items
 * verified singly, the search on smaller scratch, a thread without a key
 * cache) or fail cleanly with SLUICE_ERR_NOMEM; never a crash, a leak (the
 * ASan build checks) or a wrong verdict. Two mixes of the three schemes,
 * one bad item in each: 64 BIP340 items on one thread, and 520 on two (the
 * combination split among the threads), each with 24 SM2 and 24 Ed25519
 * items; 6 keys a scheme (Ed25519: 2) in caches of 4. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sig_testgen.h"
#include "sluice/sig.h"
#include "testutil.h"

/* --- Failing allocations ----------------------------------------------- */
void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t a, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_aligned_alloc(size_t a, size_t n);

/* The wrappers are the program's malloc, so their state is necessarily
 * file-scope: armed only while a batch runs, so the test's own allocations
 * never fail. */
static atomic_int oom_armed;
static atomic_long oom_count;   /* allocations while armed */
static atomic_long oom_failed;  /* allocations made to fail */
static long oom_at = -1;        /* the first allocation to fail; -1: none */
static int oom_all;             /* 1: every allocation from oom_at on fails */

static int oom_fail_now(void)
{
    if (!atomic_load(&oom_armed))
        return 0;
    long k = atomic_fetch_add(&oom_count, 1);
    if (oom_at < 0 || k < oom_at || (k > oom_at && !oom_all))
        return 0;
    atomic_fetch_add(&oom_failed, 1);
    return 1;
}

void *__wrap_malloc(size_t n) { return oom_fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t k, size_t n) { return oom_fail_now() ? NULL : __real_calloc(k, n); }
void *__wrap_realloc(void *p, size_t n)
{
    return oom_fail_now() ? NULL : __real_realloc(p, n);
}
void *__wrap_aligned_alloc(size_t a, size_t n)
{
    return oom_fail_now() ? NULL : __real_aligned_alloc(a, n);
}

/* --- The batch ----------------------------------------------------------- */
#define N_BIP340 520 /* the threaded combination takes groups from 512 items */
#define N_OTHER 24
#define N_MAX (N_BIP340 + 2 * N_OTHER)
#define N_KEYS 6
#define MAX_KEYS 4 /* fewer than the keys: the caches evict too */

typedef struct {
    sig_testgen_rec recs[N_MAX];
    sluice_sig_item items[N_MAX];
    uint8_t expect[N_MAX];
    size_t n, bad;
} mix;

/* nb BIP340 items, then N_OTHER SM2 and N_OTHER Ed25519 items; one bad
 * item in each scheme. Ed25519 has 2 keys, so a key reaches its upgrade
 * (6 uses in a batch) within one lookup of the group. */
static int make_mix(mix *m, size_t nb)
{
    sig_testgen_rec *r = m->recs;
    if (sig_testgen(SLUICE_SIG_BIP340, r, nb, N_KEYS, 5) ||
        sig_testgen(SLUICE_SIG_SM2, r + nb, N_OTHER, N_KEYS, 6) ||
        sig_testgen(SLUICE_SIG_ED25519, r + nb + N_OTHER, N_OTHER, 2, 7))
        return -1;
    m->n = nb + 2 * N_OTHER;
    sig_testgen_corrupt(&r[nb / 3], 1);
    sig_testgen_corrupt(&r[nb + 5], 2);
    sig_testgen_corrupt(&r[nb + N_OTHER + 17], 3);
    m->bad = 0;
    for (size_t i = 0; i < m->n; i++) {
        m->items[i] = sig_testgen_item(&r[i]);
        m->expect[i] = (uint8_t)sluice_sig_verify(&m->items[i], NULL);
        m->bad += m->expect[i] != SLUICE_SIG_VALID;
    }
    CHECK(m->bad == 3);
    return 0;
}

/* One batch, run twice (cold and warm caches), with allocation `at`
 * failing (and all after it if `all`): 1 if it ran, 0 if it reported
 * SLUICE_ERR_NOMEM. */
static int run_once(const mix *m, int threads, long at, int all)
{
    static uint8_t st[N_MAX];
    oom_at = at;
    oom_all = all;
    atomic_store(&oom_count, 0);
    atomic_store(&oom_armed, 1);
    sluice_sig_batch_opts o = {0};
    o.threads = threads;
    o.max_keys = MAX_KEYS;
    sluice_sig_batch *b = NULL;
    sluice_err e = sluice_sig_batch_new(&b, &o);
    for (size_t i = 0; e == SLUICE_OK && i < m->n; i++)
        e = sluice_sig_batch_add(b, &m->items[i]);
    size_t diff = 0, nbad = 0;
    for (int round = 0; e == SLUICE_OK && round < 2; round++) {
        memset(st, 0xEE, sizeof st);
        e = sluice_sig_batch_run(b, st, &nbad);
        for (size_t i = 0; e == SLUICE_OK && i < m->n; i++) {
            if (st[i] != m->expect[i] && diff < 3)
                fprintf(stderr, "  item %zu (scheme %d): %d, single %d\n", i,
                        (int)m->items[i].scheme, st[i], m->expect[i]);
            diff += st[i] != m->expect[i];
        }
        if (e == SLUICE_OK)
            CHECK(nbad == m->bad);
    }
    sluice_sig_batch_free(b);
    atomic_store(&oom_armed, 0);
    if (diff)
        fprintf(stderr, "threads %d, allocation %ld failing%s: %zu verdicts differ\n", threads,
                at, all ? " (and all after)" : "", diff);
    CHECK(diff == 0);
    if (e != SLUICE_OK) {
        if (e != SLUICE_ERR_NOMEM)
            fprintf(stderr, "threads %d, allocation %ld failing: error %d\n", threads, at, (int)e);
        CHECK(e == SLUICE_ERR_NOMEM);
        return 0;
    }
    return 1;
}

/* Every allocation fails once, every 4th fails with all after it; under
 * ASan (about 6x slower, and the leak check) every 8th and 32nd. */
#if defined(__SANITIZE_ADDRESS__)
#define STRIDE 8
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STRIDE 8
#endif
#endif
#ifndef STRIDE
#define STRIDE 1
#endif

static void sweep(const mix *m, int threads)
{
    run_once(m, threads, -1, 0);
    long total = atomic_load(&oom_count);
    CHECK(total > 0); /* the wrappers are in place */
    long ran = 0, tried = 0, ran_all = 0, tried_all = 0, failed_before = atomic_load(&oom_failed);
    /* two threads allocate in either order: a few past the count too */
    for (long at = 0; at < total + 4; at++) {
        if (at % STRIDE == 0) {
            ran += run_once(m, threads, at, 0);
            tried++;
        }
        if (at % (4 * STRIDE) == 2) {
            ran_all += run_once(m, threads, at, 1);
            tried_all++;
        }
    }
    printf("%zu items on %d threads, %ld allocations: with one failing %ld of %ld batches ran, "
           "with all from one on %ld of %ld\n",
           m->n, threads, total, ran, tried, ran_all, tried_all);
    CHECK(atomic_load(&oom_failed) > failed_before);
    /* the fallbacks exist: most single failures leave the batch running */
    CHECK(ran > tried / 2);
}

int main(void)
{
    static mix small, large;
    if (make_mix(&small, 64) != 0 || make_mix(&large, N_BIP340) != 0) {
        fprintf(stderr, "could not generate signatures\n");
        return 1;
    }
    sweep(&small, 1);
    sweep(&large, 2);
    return tu_finish("sig_oom");
}
