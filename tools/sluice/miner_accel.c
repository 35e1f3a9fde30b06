/* An accelerator device (OpenCL or CUDA through host/accel.h): its own
 * device context per seed (Tensority matrices uploaded) or epoch (Ethash DAG
 * generated on the device), then one search launch after another. The job
 * generation is checked before every launch, and the launch size adapts so a
 * launch takes about LAUNCH_TARGET seconds: a job switch waits for at most one
 * short launch, on a fast GPU and on a slow OpenCL CPU device alike. */
#include "miner_internal.h"
#include <stdio.h>
#include <string.h>

#define LAUNCH_FIRST 1u           /* nonces in the first launch (then doubled; slow devices exist) */
#define LAUNCH_TARGET 0.4         /* seconds */
#define FOUND_CAP 16

typedef struct {
    miner_dev *d;
    sluice_tensority_accel *tacc;
    sluice_ethash_accel *eacc;
    const miner_seedctx *for_ctx;    /* the context the device context was made for */
    uint32_t batch, batch_max;
} accel_state;

static void drop_device_ctx(accel_state *s) {
    sluice_tensority_accel_free(s->tacc);
    sluice_ethash_accel_free(s->eacc);
    s->tacc = NULL;
    s->eacc = NULL;
    s->for_ctx = NULL;
}

static void dag_progress(void *user, uint64_t done, uint64_t total) {
    accel_state *s = user;
    miner_event ev = {.type = MINER_EV_PROGRESS, .what = "device dag", .done = done, .total = total,
                      .device = s->d->spec.name};
    miner_emit(s->d->m, &ev);
}

static int make_device_ctx(accel_state *s, const miner_seedctx *ctx) {
    if (s->for_ctx == ctx && (s->tacc || s->eacc)) return 0;
    drop_device_ctx(s);
    miner *m = s->d->m;
    const sluice_accel_device *dev = &s->d->spec.accel;
    char why[256] = "";
    double t0 = miner_now();
    sluice_err e;
    if (ctx->algo == MINER_ALGO_TENSORITY) {
        e = sluice_tensority_accel_new(&s->tacc, dev, sluice_tensority_cache_matrix(ctx->tcache, 0), why, sizeof why);
        if (e == SLUICE_OK) s->batch_max = sluice_tensority_accel_batch(s->tacc);
    } else {
        sluice_ethash_accel_opts o;
        memset(&o, 0, sizeof o);
        o.progress = dag_progress;
        o.progress_user = s;
        e = sluice_ethash_accel_new(&s->eacc, dev, ctx->eepoch, &o, why, sizeof why);
        if (e == SLUICE_OK) s->batch_max = sluice_ethash_accel_batch(s->eacc);
    }
    if (e != SLUICE_OK) {
        miner_log(m, MINER_LOG_ERROR, "%s: device context: %s%s%s", s->d->spec.name, sluice_strerror(e),
                  why[0] ? ": " : "", why);
        drop_device_ctx(s);
        return -1;
    }
    if (m->cfg.accel_batch) s->batch_max = m->cfg.accel_batch;
    if (s->batch_max < 1) s->batch_max = 1;
    s->batch = s->batch_max < LAUNCH_FIRST ? s->batch_max : LAUNCH_FIRST;
    s->for_ctx = ctx;
    miner_log(m, MINER_LOG_INFO, "%s: %s ready in %.2f s (%s)", s->d->spec.name,
              ctx->algo == MINER_ALGO_TENSORITY ? "tensority matrices" : "ethash DAG", miner_now() - t0,
              dev->name);
    return 0;
}

static void mine_job(accel_state *s, const miner_job *job, uint64_t gen, const miner_seedctx *ctx) {
    miner_dev *d = s->d;
    miner *m = d->m;
    miner_nonce_range range;
    miner_nonce_range_init(&range, job, d->index, m->cfg.ndevices, m->cfg.salt);
    while (!miner_dev_interrupted(d)) {
        uint64_t start, count;
        if (!miner_nonce_peek(&range, s->batch, &start, &count)) {
            miner_log(m, MINER_LOG_WARN, "%s: nonce range of job '%s' exhausted; waiting for a new job", d->spec.name,
                      job->job_id);
            return;
        }
        uint64_t found[FOUND_CAP];
        unsigned nfound = 0;
        double t0 = miner_now();
        sluice_err e = s->tacc ? sluice_tensority_accel_search(s->tacc, job->body, start, (uint32_t)count,
                                                               &job->share_target, found, FOUND_CAP, &nfound)
                               : sluice_ethash_accel_search(s->eacc, job->header_hash, start, (uint32_t)count,
                                                            job->boundary, found, FOUND_CAP, &nfound);
        double took = miner_now() - t0;
        if (e != SLUICE_OK) {
            miner_log(m, MINER_LOG_ERROR, "%s: search failed: %s (%s); waiting for a new job", d->spec.name,
                      sluice_strerror(e), s->tacc ? sluice_tensority_accel_why(s->tacc)
                                                  : sluice_ethash_accel_why(s->eacc));
            drop_device_ctx(s);   /* rebuilt for the next job */
            return;
        }
        miner_dev_hashes(d, count);
        miner_nonce_advance(&range, count);
        if (nfound > FOUND_CAP) nfound = FOUND_CAP;
        for (unsigned i = 0; i < nfound; i++) {
            if (found[i] - start >= count)   /* not from this launch: a device fault */
                miner_hw_error(d, job->job_id, found[i], "nonce outside the launch");
            else
                miner_candidate(d, job, gen, ctx, found[i], NULL);
        }
        /* Adapt the launch size towards LAUNCH_TARGET seconds. */
        if (took < LAUNCH_TARGET / 2 && s->batch < s->batch_max && count == s->batch)
            s->batch = s->batch > s->batch_max / 2 ? s->batch_max : s->batch * 2;
        else if (took > LAUNCH_TARGET * 2 && s->batch > 1)
            s->batch /= 2;
    }
}

void *miner_accel_main(void *arg) {
    accel_state s;
    memset(&s, 0, sizeof s);
    s.d = arg;
    miner *m = s.d->m;
    miner_job job;
    uint64_t gen = 0;
    miner_seedctx *ctx = NULL;
    while (miner_dev_next_job(s.d, &job, &gen)) {
        if (!miner_seedctx_matches(ctx, &job)) {
            drop_device_ctx(&s);
            miner_seedctx_release(m, ctx);
            ctx = miner_seedctx_acquire(m, &job);
            if (!ctx) continue;
        }
        if (make_device_ctx(&s, ctx) != 0) continue;
        mine_job(&s, &job, gen, ctx);
    }
    drop_device_ctx(&s);
    miner_seedctx_release(m, ctx);
    return NULL;
}
