/* The Ethash full dataset (DAG): 2 MiB-aligned anonymous memory with
 * transparent huge pages asked for (madvise), built in parallel with OpenMP
 * from the light cache through ethash_nodes() in chunks (so the fast node
 * paths apply), or loaded from / stored to the disk cache (ethash_dagfile.c).
 * Spec: ../shared/specs/ethash.md step 4 and "Speed facts". */
#include "pow/ethash_dagfile.h"
#include "pow/ethash_internal.h"
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define HUGE_PAGE ((size_t)2 << 20)
#define MAX_CHUNK_ITEMS 4096u      /* 8192 nodes (1 MiB) per ethash_nodes() call */
#define PROGRESS_STEPS 200u
#define MAX_THREADS 1024u          /* as sluice_ethash_light_hash_batch and the searches */

struct sluice_ethash_dag {
    const sluice_ethash_epoch *ctx;
    uint64_t items;
    uint8_t *data;        /* items * 128 bytes, 2 MiB aligned */
    void *map;            /* the mapping (data rounded out to huge pages) */
    size_t map_len;
};

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* say(why, cap, fmt, ...): a reason into why. */
#define say(why, cap, ...) ((void)sluice_why(SLUICE_OK, (why), (cap), __VA_ARGS__))

/* Anonymous memory rounded up to whole huge pages, the start aligned to 2 MiB
 * (so every page of the DAG can be a huge page); 1 if THP was accepted. */
static int dag_alloc(sluice_ethash_dag *d, size_t bytes, int want_huge) {
    size_t len = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    d->map_len = len + HUGE_PAGE;
    void *m = mmap(NULL, d->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) { d->map = NULL; return -1; }
    d->map = m;
    d->data = (uint8_t *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
#ifdef MADV_HUGEPAGE
    if (want_huge && madvise(d->data, len, MADV_HUGEPAGE) == 0) return 1;
#else
    (void)want_huge;
#endif
    return 0;
}

typedef struct {
    sluice_ethash_progress_fn fn;
    void *user;
    uint64_t done, total, next, step;
} progress_state;

/* Called by every building thread after each chunk; serialised. */
static void progress_add(progress_state *p, uint64_t n) {
#pragma omp critical(sluice_ethash_dag_progress)
    {
        p->done += n;
        if (p->fn && (p->done >= p->next || p->done == p->total)) {
            p->fn(p->user, p->done, p->total);
            p->next = p->done + p->step;
        }
    }
}

/* Item i = nodes 2i, 2i+1 (node indices 32-bit, as sluice_ethash_dataset_item).
 * Every thread checks stop before each chunk (an OpenMP loop cannot be left
 * early, so once stop is seen the remaining chunks are skipped at no cost):
 * a stop is obeyed within one chunk (at most 4096 items) per thread.
 * Returns 1 if stopped before every chunk was built. */
static int dag_build(sluice_ethash_dag *d, unsigned threads, progress_state *prog, const volatile int *stop) {
    const uint64_t items = d->items;
    uint64_t chunk = items / ((uint64_t)threads * 64);
    if (chunk > MAX_CHUNK_ITEMS) chunk = MAX_CHUNK_ITEMS;
    if (chunk < 16) chunk = 16;
    const int64_t nchunks = (int64_t)((items + chunk - 1) / chunk);
    if ((uint64_t)nchunks < threads) threads = (unsigned)nchunks;   /* no idle threads for tiny DAGs */
    int skipped = 0;
#pragma omp parallel num_threads(threads) reduction(| : skipped)
    {
        uint32_t idx[2 * MAX_CHUNK_ITEMS];
#pragma omp for schedule(dynamic, 1)
        for (int64_t c = 0; c < nchunks; c++) {
            if (skipped || (stop && __atomic_load_n(stop, __ATOMIC_RELAXED))) {
                skipped = 1;
                continue;
            }
            uint64_t first = (uint64_t)c * chunk;
            uint64_t n = items - first < chunk ? items - first : chunk;
            for (uint64_t k = 0; k < 2 * n; k++) idx[k] = (uint32_t)(2 * first + k);
            ethash_nodes(d->ctx, idx, (size_t)(2 * n), (ethash_node *)(d->data + first * SLUICE_ETHASH_DATASET_ITEM_BYTES));
            progress_add(prog, n);
        }
    }
    return skipped;
}

static unsigned default_threads(unsigned t) {
    if (t) return t;
    int n = omp_get_num_procs();
    return n > 0 ? (unsigned)n : 1;
}

/* The cancelled outcome: the DAG freed, info cleared, why says at which stage. */
static sluice_err cancelled(sluice_ethash_dag *d, sluice_ethash_dag_info *info, char *why, size_t why_cap,
                            const char *during) {
    sluice_ethash_dag_free(d);
    memset(info, 0, sizeof *info);
    say(why, why_cap, "cancelled while %s", during);
    return SLUICE_ERR_CANCELLED;
}

sluice_err sluice_ethash_dag_new(sluice_ethash_dag **out, const sluice_ethash_epoch *ctx,
                                 const sluice_ethash_dag_opts *opts, sluice_ethash_dag_info *info, char *why,
                                 size_t why_cap) {
    if (why && why_cap) why[0] = '\0';
    sluice_ethash_dag_info scratch;
    if (!info) info = &scratch;
    memset(info, 0, sizeof *info);
    if (out) *out = NULL;
    if (!out || !ctx) return SLUICE_ERR_ARG;
    const sluice_ethash_dag_opts none = {0};
    if (!opts) opts = &none;
    const uint64_t items = opts->items ? opts->items : ctx->dataset_items;
    if (items == 0 || items > ((uint64_t)1 << 31)) {   /* node indices are 32-bit */
        say(why, why_cap, "dataset of %llu items not supported", (unsigned long long)items);
        return SLUICE_ERR_RANGE;
    }
    if (opts->threads > MAX_THREADS) {
        say(why, why_cap, "%u threads requested (at most %u)", opts->threads, MAX_THREADS);
        return SLUICE_ERR_RANGE;
    }
    const volatile int *stop = opts->stop;
    if (stop && __atomic_load_n(stop, __ATOMIC_RELAXED)) {
        say(why, why_cap, "cancelled before the DAG build started");
        return SLUICE_ERR_CANCELLED;
    }
    const uint64_t bytes = items * SLUICE_ETHASH_DATASET_ITEM_BYTES;
    const double t0 = now_s();
    sluice_ethash_dag *d = calloc(1, sizeof *d);
    if (!d) return SLUICE_ERR_NOMEM;
    d->ctx = ctx;
    d->items = items;
    int huge = dag_alloc(d, (size_t)bytes, !opts->no_hugepages);
    if (huge < 0) {
        free(d);
        say(why, why_cap, "cannot map %llu bytes for the DAG", (unsigned long long)bytes);
        return SLUICE_ERR_NOMEM;
    }
    info->hugepages = huge;

    /* Disk cache: real DAGs, or synthetic ones when a test asks. */
    const int synthetic = items != ctx->dataset_items;
    char dir[512], path[sizeof info->path];
    int use_file = opts->cache_dir != NULL && (!synthetic || opts->cache_synthetic);
    if (use_file && (ethash_dagfile_dir(opts->cache_dir, dir, sizeof dir, why, why_cap) != 0 ||
                     ethash_dagfile_path(dir, ctx, items, path, sizeof path) != 0)) {
        if (why && why_cap && !why[0]) say(why, why_cap, "DAG cache path too long");
        use_file = 0;   /* not fatal: build in memory */
    }
    int loaded = 0;
    if (use_file) {
        snprintf(info->path, sizeof info->path, "%s", path);
        char reason[600] = "";
        ethash_dagfile_status st = ethash_dagfile_load(path, ctx, items, d->data, opts->progress,
                                                       opts->progress_user, stop, reason, sizeof reason);
        if (st == ETHASH_DAGFILE_CANCELLED) return cancelled(d, info, why, why_cap, "loading the DAG file");
        if (st == ETHASH_DAGFILE_LOADED) loaded = 1;
        else if (st == ETHASH_DAGFILE_BAD) {
            info->rebuilt_bad_file = 1;
            say(why, why_cap, "rebuilt the DAG: %s", reason);
        }
    }
    if (!loaded) {
        progress_state prog = {opts->progress, opts->progress_user, 0, items, 0, items / PROGRESS_STEPS};
        if (prog.step == 0) prog.step = 1;
        if (dag_build(d, default_threads(opts->threads), &prog, stop))
            return cancelled(d, info, why, why_cap, "building the DAG");
        if (use_file) {
            char reason[600] = "";
            int st = ethash_dagfile_store(path, ctx, items, d->data, stop, reason, sizeof reason);
            if (st > 0) return cancelled(d, info, why, why_cap, "writing the DAG file");
            if (st < 0) {
                say(why, why_cap, "DAG kept in memory only: %s", reason);
                info->path[0] = '\0';
            }
        }
    }
    info->from_disk = loaded;
    info->seconds = now_s() - t0;
    *out = d;
    return SLUICE_OK;
}

void sluice_ethash_dag_free(sluice_ethash_dag *dag) {
    if (!dag) return;
    if (dag->map) munmap(dag->map, dag->map_len);
    free(dag);
}

const sluice_ethash_epoch *sluice_ethash_dag_epoch(const sluice_ethash_dag *dag) { return dag->ctx; }
uint64_t sluice_ethash_dag_items(const sluice_ethash_dag *dag) { return dag->items; }
const uint8_t *sluice_ethash_dag_data(const sluice_ethash_dag *dag) { return dag->data; }
