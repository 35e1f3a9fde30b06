/* CPU nonce search (see sluice/tensority_search.h). */
#include "sluice/tensority_search.h"
#include "sluice/bytom_header.h"
#include "tensority_internal.h"
#include <omp.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK 4   /* nonces claimed at once: small, a hash takes ~20 ms */
#define MAX_NODES 64

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static size_t bias_bytes(void) { return (size_t)SLUICE_TENSORITY_MATRICES * TS_N * sizeof(int32_t); }

sluice_err sluice_tensority_cache_clone(const sluice_tensority_cache *c, sluice_alloc_fn alloc, void *ctx,
                                        sluice_tensority_cache **out) {
    if (!c || !alloc || !out) return SLUICE_ERR_ARG;
    struct sluice_tensority_cache *k = calloc(1, sizeof *k);
    if (!k) return SLUICE_ERR_NOMEM;
    memcpy(k->seed, c->seed, 32);
    k->can_avx2 = c->can_avx2;
    k->can_avx512vnni = c->can_avx512vnni;
    k->best = c->best;
    k->matrices = alloc(ctx, SLUICE_TENSORITY_CACHE_BYTES);
    k->packed = alloc(ctx, SLUICE_TENSORITY_CACHE_BYTES);
    k->bias = alloc(ctx, bias_bytes());
    if (!k->matrices || !k->packed || !k->bias) {
        /* the caller's allocator has no free here: report and leak nothing we own */
        free(k);
        return SLUICE_ERR_NOMEM;
    }
    memcpy(k->matrices, c->matrices, SLUICE_TENSORITY_CACHE_BYTES);
    memcpy(k->packed, c->packed, SLUICE_TENSORITY_CACHE_BYTES);
    memcpy(k->bias, c->bias, bias_bytes());
    *out = k;
    return SLUICE_OK;
}

void sluice_tensority_cache_free_with(sluice_tensority_cache *c, sluice_free_fn release, void *ctx) {
    if (!c) return;
    release(ctx, c->matrices, SLUICE_TENSORITY_CACHE_BYTES);
    release(ctx, c->packed, SLUICE_TENSORITY_CACHE_BYTES);
    release(ctx, c->bias, bias_bytes());
    free(c);
}

typedef struct { const sluice_topology *topo; unsigned node; } node_alloc_ctx;
static void *node_alloc(void *ctx, size_t len) {
    node_alloc_ctx *n = ctx;
    return sluice_topology_alloc_on(n->topo, n->node, len);
}
static void node_free(void *ctx, void *p, size_t len) {
    node_alloc_ctx *n = ctx;
    if (p) sluice_topology_free(n->topo, p, len);
}

sluice_err sluice_tensority_search(const sluice_tensority_cache *cache, const sluice_tensority_search_params *p,
                                   sluice_tensority_search_result *r) {
    if (!cache || !p || !p->body || !r) return SLUICE_ERR_ARG;
    memset(r, 0, sizeof *r);
    sluice_tensority_impl impl = p->impl == SLUICE_TENSORITY_AUTO ? cache->best : p->impl;
    if ((impl == SLUICE_TENSORITY_AVX2 && !cache->can_avx2) ||
        (impl == SLUICE_TENSORITY_AVX512VNNI && !cache->can_avx512vnni))
        return SLUICE_ERR_UNSUPPORTED;
    unsigned threads = p->threads;
    if (!threads) {
        sluice_topology_summary s = {0};
        if (p->topo) sluice_topology_get_summary(p->topo, &s);
        threads = s.cores ? s.cores : (unsigned)omp_get_num_procs();
    }
    if (threads > 1024) return SLUICE_ERR_RANGE;

    /* One cache copy per NUMA node when there are several (never on one node). */
    sluice_tensority_cache *copies[MAX_NODES] = {0};
    node_alloc_ctx node_ctx[MAX_NODES];
    unsigned nodes = 1;
    if (p->topo) {
        sluice_topology_summary s;
        sluice_topology_get_summary(p->topo, &s);
        nodes = s.numa_nodes ? s.numa_nodes : 1;
        if (nodes > MAX_NODES) nodes = MAX_NODES;
        for (unsigned n = 0; nodes > 1 && n < nodes; n++) {
            node_ctx[n] = (node_alloc_ctx){p->topo, n};
            if (sluice_tensority_cache_clone(cache, node_alloc, &node_ctx[n], &copies[n]) != SLUICE_OK)
                copies[n] = NULL;   /* fall back to the shared copy for that node */
        }
    }

    uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES];
    memcpy(body, p->body, sizeof body);
    _Atomic uint64_t next = 0, hashes = 0;
    _Atomic int done = 0;
    _Atomic int err = SLUICE_OK;
    uint64_t win_nonce = 0;
    uint8_t win_hash[32], win_result[32];
    const double t0 = now_seconds();

#pragma omp parallel num_threads((int)threads)
    {
        unsigned me = (unsigned)omp_get_thread_num();
        const sluice_tensority_cache *mine = cache;
        if (p->topo) {
            sluice_topology_bind_worker(p->topo, me, threads);
            unsigned node = sluice_topology_numa_of_worker(p->topo, me, threads);
            if (node < MAX_NODES && copies[node]) mine = copies[node];
        }
        void *scratch = NULL;
        if (posix_memalign(&scratch, 64, sluice_tensority_scratch_size()) != 0) {
            atomic_store(&err, SLUICE_ERR_NOMEM);
            atomic_store(&done, 1);
        }
        while (!atomic_load_explicit(&done, memory_order_relaxed)) {
            if (p->stop && __atomic_load_n(p->stop, __ATOMIC_RELAXED)) break;   /* set by another thread */
            if (p->max_seconds > 0 && now_seconds() - t0 >= p->max_seconds) break;
            uint64_t first = atomic_fetch_add(&next, CHUNK);
            if (p->count && first >= p->count) break;
            uint64_t n = CHUNK;
            if (p->count && p->count - first < n) n = p->count - first;
            for (uint64_t i = 0; i < n && !atomic_load_explicit(&done, memory_order_relaxed); i++) {
                uint64_t nonce = p->start_nonce + first + i;
                uint8_t hh[32], res[32];
                sluice_bytom_header_hash_nonce(body, nonce, hh);
                sluice_err e = sluice_tensority_hash(mine, impl, hh, res, scratch);
                if (e != SLUICE_OK) { atomic_store(&err, e); atomic_store(&done, 1); break; }
                atomic_fetch_add_explicit(&hashes, 1, memory_order_relaxed);
                int ok = !p->target.negative && (p->target.overflow || sluice_u256_cmp_le(res, p->target.le) <= 0);
                if (ok) {
#pragma omp critical(sluice_tensority_win)
                    {
                        if (!atomic_load(&done)) {
                            win_nonce = nonce;
                            memcpy(win_hash, hh, 32);
                            memcpy(win_result, res, 32);
                            atomic_store(&done, 1);
                        }
                    }
                }
            }
        }
        free(scratch);
    }
    r->seconds = now_seconds() - t0;
    r->hashes = atomic_load(&hashes);
    r->threads = threads;
    r->impl = impl;
    for (unsigned n = 0; n < nodes && n < MAX_NODES; n++)
        if (copies[n]) sluice_tensority_cache_free_with(copies[n], node_free, &node_ctx[n]);
    if (atomic_load(&err) != SLUICE_OK) return (sluice_err)atomic_load(&err);
    if (atomic_load(&done)) {
        r->found = 1;
        r->nonce = win_nonce;
        memcpy(r->block_hash, win_hash, 32);
        memcpy(r->result, win_result, 32);
    }
    return SLUICE_OK;
}
