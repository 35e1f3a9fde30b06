/* Per-seed (Tensority) and per-epoch (Ethash) contexts: built once by the
 * first device that needs one, shared by all, freed with the last user. */
#include "miner_internal.h"
#include <stdlib.h>
#include <string.h>

static const uint8_t *job_key(const miner_job *job) {
    return job->algo == MINER_ALGO_TENSORITY ? job->seed : job->seed_hash;
}

int miner_seedctx_matches(const miner_seedctx *c, const miner_job *job) {
    return c && c->algo == job->algo && memcmp(c->key, job_key(job), 32) == 0 &&
           (job->algo != MINER_ALGO_ETHASH || c->epoch == job->epoch);
}

static int build(miner *m, miner_seedctx *c) {
    sluice_err e;
    if (c->algo == MINER_ALGO_TENSORITY) {
        e = sluice_tensority_cache_new(&c->tcache, c->key, m->cfg.cpu_threads);
        if (e != SLUICE_OK) {
            miner_log(m, MINER_LOG_ERROR, "tensority cache: %s", sluice_strerror(e));
            return -1;
        }
        return 0;
    }
    double t0 = miner_now();
    e = sluice_ethash_epoch_new(&c->eepoch, c->epoch);
    if (e != SLUICE_OK) {
        miner_log(m, MINER_LOG_ERROR, "ethash epoch %d: %s", c->epoch, sluice_strerror(e));
        return -1;
    }
    /* The pool's seed must be this epoch's (a mismatch means a bad job). */
    if (memcmp(sluice_ethash_epoch_seed_hash(c->eepoch), c->key, 32) != 0) {
        miner_log(m, MINER_LOG_ERROR, "ethash: seed hash of the job is not the seed of epoch %d", c->epoch);
        return -1;
    }
    miner_log(m, MINER_LOG_INFO, "ethash epoch %d light cache built in %.2f s", c->epoch, miner_now() - t0);
    return 0;
}

static void destroy(miner_seedctx *c) {
    sluice_tensority_cache_free(c->tcache);
    sluice_ethash_epoch_free(c->eepoch);
    free(c);
}

/* Drops one reference (lock held); unlinks and returns c when it was the last. */
static miner_seedctx *unref_locked(miner *m, miner_seedctx *c) {
    if (--c->refs > 0) return NULL;
    for (miner_seedctx **p = &m->ctxs; *p; p = &(*p)->next)
        if (*p == c) { *p = c->next; break; }
    return c;
}

miner_seedctx *miner_seedctx_acquire(miner *m, const miner_job *job) {
    pthread_mutex_lock(&m->lock);
    miner_seedctx *c = m->ctxs;
    while (c && !(miner_seedctx_matches(c, job) && !c->failed)) c = c->next;
    if (c) {
        c->refs++;
        while (!c->ready) pthread_cond_wait(&m->cond, &m->lock);   /* another device builds it */
    } else {
        c = calloc(1, sizeof *c);
        if (!c) {
            pthread_mutex_unlock(&m->lock);
            miner_log(m, MINER_LOG_ERROR, "out of memory for a context");
            return NULL;
        }
        c->refs = 1;
        c->algo = job->algo;
        memcpy(c->key, job_key(job), 32);
        c->epoch = job->epoch;
        c->next = m->ctxs;
        m->ctxs = c;
        pthread_mutex_unlock(&m->lock);
        int rc = build(m, c);
        pthread_mutex_lock(&m->lock);
        c->failed = rc != 0;
        c->ready = 1;
        pthread_cond_broadcast(&m->cond);
    }
    miner_seedctx *dead = NULL;
    if (c->failed) {
        dead = unref_locked(m, c);
        c = NULL;
    }
    pthread_mutex_unlock(&m->lock);
    if (dead) destroy(dead);
    return c;
}

void miner_seedctx_release(miner *m, miner_seedctx *c) {
    if (!c) return;
    pthread_mutex_lock(&m->lock);
    miner_seedctx *dead = unref_locked(m, c);
    pthread_mutex_unlock(&m->lock);
    if (dead) destroy(dead);
}
