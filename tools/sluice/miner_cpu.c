/* The CPU device: one thread that drives the engine's multi-threaded nonce
 * searches (tensority_search.h, ethash.h) in short chunks. A job switch sets
 * the device's interrupt flag, which the searches poll as their stop flag, so
 * the CPU moves to the new job within one hash batch. */
#include "miner_internal.h"
#include "sluice/tensority_search.h"
#include "sluice/topology.h"
#include <stdio.h>
#include <string.h>

#define CPU_CHUNK_NONCES (1u << 20)   /* the chunk also ends after cfg.cpu_chunk_seconds */

typedef struct {
    miner_dev *d;
    const sluice_topology *topo;
    sluice_ethash_dag *dag;          /* full mode: the DAG of dag_epoch */
    int dag_epoch;
} cpu_state;

/* What one search chunk did. */
typedef struct {
    uint64_t hashes;
    int found;
    uint64_t nonce;
    uint8_t result[32];
} chunk_out;

static sluice_err tensority_chunk(cpu_state *s, const miner_job *job, const miner_seedctx *ctx, uint64_t start,
                                  uint64_t count, chunk_out *o) {
    const miner_config *cfg = &s->d->m->cfg;
    sluice_tensority_search_params p;
    memset(&p, 0, sizeof p);
    p.body = job->body;
    p.start_nonce = start;
    p.count = count;
    p.target = job->share_target;
    p.threads = cfg->cpu_threads;
    p.max_seconds = cfg->cpu_chunk_seconds;
    p.stop = &s->d->interrupt;
    p.topo = s->topo;
    sluice_tensority_search_result r;
    sluice_err e = sluice_tensority_search(ctx->tcache, &p, &r);
    if (e != SLUICE_OK) return e;
    o->hashes = r.hashes;
    o->found = r.found;
    o->nonce = r.nonce;
    memcpy(o->result, r.result, 32);
    return SLUICE_OK;
}

static void dag_progress(void *user, uint64_t done, uint64_t total) {
    cpu_state *s = user;
    char what[64];
    snprintf(what, sizeof what, "dag epoch %d", s->dag_epoch);
    miner_event ev = {.type = MINER_EV_PROGRESS, .what = what, .done = done, .total = total, .device = "cpu"};
    miner_emit(s->d->m, &ev);
}

/* Full mode: the DAG of the job's epoch (built, or loaded from the disk cache). */
static int ensure_dag(cpu_state *s, const miner_seedctx *ctx) {
    if (s->dag && s->dag_epoch == ctx->epoch) return 0;
    sluice_ethash_dag_free(s->dag);
    s->dag = NULL;
    s->dag_epoch = ctx->epoch;
    miner *m = s->d->m;
    sluice_ethash_dag_opts o;
    memset(&o, 0, sizeof o);
    o.threads = m->cfg.cpu_threads;
    o.cache_dir = m->cfg.dag_dir;
    o.progress = dag_progress;
    o.progress_user = s;
    o.stop = &m->dag_cancel;   /* shutdown, not job switches: a new job of the same epoch needs this DAG */
    sluice_ethash_dag_info info;
    char why[256] = "";
    miner_log(m, MINER_LOG_INFO, "cpu: building the DAG of epoch %d (%.2f GiB)", ctx->epoch,
              (double)sluice_ethash_epoch_dataset_items(ctx->eepoch) * 128.0 / (1024.0 * 1024 * 1024));
    sluice_err e = sluice_ethash_dag_new(&s->dag, ctx->eepoch, &o, &info, why, sizeof why);
    if (e == SLUICE_ERR_CANCELLED) {
        miner_log(m, MINER_LOG_INFO, "cpu: DAG build of epoch %d stopped (shutting down)", ctx->epoch);
        s->dag = NULL;
        return -1;
    }
    if (e != SLUICE_OK) {
        miner_log(m, MINER_LOG_ERROR, "cpu: DAG of epoch %d: %s%s%s", ctx->epoch, sluice_strerror(e),
                  why[0] ? ": " : "", why);
        s->dag = NULL;
        return -1;
    }
    if (why[0]) miner_log(m, MINER_LOG_WARN, "cpu: DAG disk cache: %s", why);
    miner_log(m, MINER_LOG_INFO, "cpu: DAG of epoch %d %s in %.1f s%s%s", ctx->epoch,
              info.from_disk ? "loaded" : "built", info.seconds, info.path[0] ? " " : "", info.path);
    return 0;
}

static sluice_err ethash_chunk(cpu_state *s, const miner_job *job, const miner_seedctx *ctx, uint64_t start,
                               uint64_t count, chunk_out *o) {
    const miner_config *cfg = &s->d->m->cfg;
    sluice_ethash_search_params p;
    memset(&p, 0, sizeof p);
    p.header_hash = job->header_hash;
    p.start_nonce = start;
    p.count = count;
    p.boundary = job->boundary;
    p.threads = cfg->cpu_threads;
    p.max_seconds = cfg->cpu_chunk_seconds;
    p.stop = &s->d->interrupt;
    sluice_ethash_search_result r;
    sluice_err e = cfg->ethash_light ? sluice_ethash_search_light(ctx->eepoch, &p, &r)
                                     : sluice_ethash_search(s->dag, &p, &r);
    if (e != SLUICE_OK) return e;
    o->hashes = r.hashes;
    o->found = r.found;
    o->nonce = r.nonce;
    memcpy(o->result, r.hash.final, 32);
    return SLUICE_OK;
}

/* Mines job until it is replaced, its range runs out, or an error. */
static void mine_job(cpu_state *s, const miner_job *job, uint64_t gen, const miner_seedctx *ctx) {
    miner_dev *d = s->d;
    miner *m = d->m;
    miner_nonce_range range;
    miner_nonce_range_init(&range, job, d->index, m->cfg.ndevices, m->cfg.salt);
    while (!miner_dev_interrupted(d)) {
        uint64_t start, count;
        if (!miner_nonce_peek(&range, CPU_CHUNK_NONCES, &start, &count)) {
            miner_log(m, MINER_LOG_WARN, "cpu: nonce range of job '%s' exhausted; waiting for a new job", job->job_id);
            return;
        }
        chunk_out o;
        memset(&o, 0, sizeof o);
        sluice_err e = job->algo == MINER_ALGO_TENSORITY ? tensority_chunk(s, job, ctx, start, count, &o)
                                                         : ethash_chunk(s, job, ctx, start, count, &o);
        if (e != SLUICE_OK) {
            miner_log(m, MINER_LOG_ERROR, "cpu: search failed: %s; waiting for a new job", sluice_strerror(e));
            return;
        }
        miner_dev_hashes(d, o.hashes);
        /* Searched: [start, start + hashes) when nothing was found; past the
         * winner otherwise (so it is never searched, nor found, again). */
        uint64_t done = o.hashes;
        if (o.found && o.nonce - start + 1 > done) done = o.nonce - start + 1;
        miner_nonce_advance(&range, done);
        if (o.found) miner_candidate(d, job, gen, ctx, o.nonce, o.result);
    }
}

void *miner_cpu_main(void *arg) {
    cpu_state s;
    memset(&s, 0, sizeof s);
    s.d = arg;
    s.dag_epoch = -1;
    miner *m = s.d->m;
    /* Thread placement from hwloc; the search also clones the cache per NUMA
     * node on every call when there are several, so leave it out there. */
    sluice_topology *topo = NULL;
    if (sluice_topology_open(&topo) == SLUICE_OK) {
        sluice_topology_summary sum;
        sluice_topology_get_summary(topo, &sum);
        if (sum.numa_nodes <= 1) s.topo = topo;
    }
    miner_job job;
    uint64_t gen = 0;
    miner_seedctx *ctx = NULL;
    while (miner_dev_next_job(s.d, &job, &gen)) {
        if (!miner_seedctx_matches(ctx, &job)) {
            miner_seedctx_release(m, ctx);
            ctx = miner_seedctx_acquire(m, &job);
            if (!ctx) continue;   /* logged; wait for the next job */
        }
        if (job.algo == MINER_ALGO_ETHASH && !m->cfg.ethash_light && ensure_dag(&s, ctx) != 0) continue;
        mine_job(&s, &job, gen, ctx);
    }
    miner_seedctx_release(m, ctx);
    sluice_ethash_dag_free(s.dag);
    sluice_topology_close(topo);
    return NULL;
}
