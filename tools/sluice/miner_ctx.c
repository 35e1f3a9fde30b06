/* The miner's state: configuration, the current job and job switching,
 * counters and snapshots, device thread start/stop (see miner.h). */
#include "miner_internal.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void miner_emit(miner *m, const miner_event *ev) {
    if (m->sink.event) m->sink.event(m->sink.user, ev);
}

void miner_log(miner *m, miner_log_level level, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    miner_event ev = {.type = MINER_EV_LOG, .level = level, .msg = msg};
    miner_emit(m, &ev);
}

miner *miner_new(const miner_config *cfg, const miner_sink *sink, char *why, size_t why_cap) {
    if (!cfg || !sink || !sink->submit) { snprintf(why, why_cap, "no configuration or share sink"); return NULL; }
    if (cfg->algo != MINER_ALGO_TENSORITY && cfg->algo != MINER_ALGO_ETHASH) {
        snprintf(why, why_cap, "unknown algorithm");
        return NULL;
    }
    if (cfg->ndevices < 1 || cfg->ndevices > MINER_MAX_DEVICES) {
        snprintf(why, why_cap, "need 1..%d devices (got %u)", MINER_MAX_DEVICES, cfg->ndevices);
        return NULL;
    }
    unsigned ncpu = 0;
    for (unsigned i = 0; i < cfg->ndevices; i++) ncpu += cfg->devices[i].kind == MINER_DEV_CPU;
    if (ncpu > 1) { snprintf(why, why_cap, "the CPU is one device (given %u times)", ncpu); return NULL; }
    miner *m = calloc(1, sizeof *m);
    if (!m) { snprintf(why, why_cap, "out of memory"); return NULL; }
    m->cfg = *cfg;
    if (!(m->cfg.cpu_chunk_seconds > 0) || m->cfg.cpu_chunk_seconds > 10) m->cfg.cpu_chunk_seconds = 0.5;
    m->sink = *sink;
    pthread_mutex_init(&m->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&m->cond, &ca);
    pthread_condattr_destroy(&ca);
    m->t0 = miner_now();
    for (unsigned i = 0; i < cfg->ndevices; i++) {
        m->devs[i].m = m;
        m->devs[i].index = i;
        m->devs[i].spec = cfg->devices[i];
        m->devs[i].spec.name[sizeof m->devs[i].spec.name - 1] = '\0';
        miner_rate_init(&m->devs[i].rate, m->t0);
    }
    return m;
}

int miner_start(miner *m, char *why, size_t why_cap) {
    for (unsigned i = 0; i < m->cfg.ndevices; i++) {
        miner_dev *d = &m->devs[i];
        void *(*fn)(void *) = d->spec.kind == MINER_DEV_CPU ? miner_cpu_main : miner_accel_main;
        int rc = pthread_create(&d->thread, NULL, fn, d);
        if (rc != 0) {
            snprintf(why, why_cap, "cannot start a thread for %s: %s", d->spec.name, strerror(rc));
            miner_stop(m);
            return -1;
        }
        d->started = 1;
    }
    return 0;
}

/* Checks what a device relies on; 0 with a reason when the job is unusable. */
static int job_usable(const miner *m, const miner_job *job, char *why, size_t cap) {
    if (job->algo != m->cfg.algo) { snprintf(why, cap, "job for another algorithm"); return 0; }
    if (job->algo == MINER_ALGO_ETHASH) {
        if (job->epoch < 0 || job->epoch > SLUICE_ETHASH_MAX_EPOCH) {
            snprintf(why, cap, "epoch %d out of range", job->epoch);
            return 0;
        }
        if (job->nonce_prefix_bits > 64) {
            snprintf(why, cap, "nonce prefix of %u bits", job->nonce_prefix_bits);
            return 0;
        }
    }
    return 1;
}

/* 1 when b is the same work as a (a pool re-sends its job after a reconnect). */
static int same_work(const miner_job *a, const miner_job *b) {
    if (a->algo != b->algo || strcmp(a->job_id, b->job_id) != 0) return 0;
    if (a->algo == MINER_ALGO_TENSORITY)
        return memcmp(a->body, b->body, sizeof a->body) == 0 && memcmp(a->seed, b->seed, 32) == 0 &&
               a->start_nonce == b->start_nonce && a->share_target.negative == b->share_target.negative &&
               a->share_target.overflow == b->share_target.overflow &&
               memcmp(a->share_target.le, b->share_target.le, 32) == 0;
    return memcmp(a->header_hash, b->header_hash, 32) == 0 && memcmp(a->seed_hash, b->seed_hash, 32) == 0 &&
           a->epoch == b->epoch && memcmp(a->boundary, b->boundary, 32) == 0 &&
           a->nonce_prefix == b->nonce_prefix && a->nonce_prefix_bits == b->nonce_prefix_bits;
}

void miner_set_job(miner *m, const miner_job *in) {
    if (!m || !in) return;
    miner_job job = *in;
    job.job_id[sizeof job.job_id - 1] = '\0';
    if (!isfinite(job.share_difficulty) || job.share_difficulty < 0) job.share_difficulty = 0;
    char why[128];
    if (!job_usable(m, &job, why, sizeof why)) {
        miner_log(m, MINER_LOG_WARN, "ignoring job '%s': %s", job.job_id, why);
        return;
    }
    /* Bytom jobs have no clean flag: each replaces the last (miner_contract.md). */
    if (job.algo == MINER_ALGO_TENSORITY) job.clean = 1;
    pthread_mutex_lock(&m->lock);
    if (m->gen && same_work(&m->job, &job)) {
        /* The same work again: devices keep their place in the nonce range
         * (starting over would find and send the same shares twice). */
        m->job.seq = job.seq;
        pthread_mutex_unlock(&m->lock);
        miner_event ev = {.type = MINER_EV_JOB, .job = &job};
        miner_emit(m, &ev);
        miner_release_held(m);
        return;
    }
    if (m->gen == 0) job.clean = 1;
    m->job = job;
    __atomic_store_n(&m->gen, m->gen + 1, __ATOMIC_SEQ_CST);
    if (job.clean) m->clean_gen = m->gen;
    for (unsigned i = 0; i < m->cfg.ndevices; i++) __atomic_store_n(&m->devs[i].interrupt, 1, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&m->cond);
    pthread_mutex_unlock(&m->lock);
    miner_event ev = {.type = MINER_EV_JOB, .job = &job};
    miner_emit(m, &ev);
    miner_release_held(m);
}

void miner_set_connected(miner *m, int connected) {
    if (!m) return;
    pthread_mutex_lock(&m->lock);
    m->disconnected = !connected;
    pthread_mutex_unlock(&m->lock);
}

int miner_dev_next_job(miner_dev *d, miner_job *job, uint64_t *gen) {
    miner *m = d->m;
    pthread_mutex_lock(&m->lock);
    while (!m->stopping && (m->gen == 0 || m->gen == *gen)) pthread_cond_wait(&m->cond, &m->lock);
    int ok = !m->stopping;
    if (ok) {
        *job = m->job;
        *gen = m->gen;
        __atomic_store_n(&d->interrupt, 0, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&m->lock);
    return ok;
}

int miner_dev_interrupted(const miner_dev *d) { return __atomic_load_n(&d->interrupt, __ATOMIC_SEQ_CST) != 0; }

void miner_dev_hashes(miner_dev *d, uint64_t n) {
    if (!n) return;
    pthread_mutex_lock(&d->m->lock);
    miner_rate_add(&d->rate, miner_now(), n);
    pthread_mutex_unlock(&d->m->lock);
}

void miner_dev_pause(miner_dev *d, double seconds) {
    miner *m = d->m;
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    double whole = floor(seconds);
    until.tv_sec += (time_t)whole;
    until.tv_nsec += (long)((seconds - whole) * 1e9);
    if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&m->lock);
    while (!miner_dev_interrupted(d) && !m->stopping)
        if (pthread_cond_timedwait(&m->cond, &m->lock, &until) == ETIMEDOUT) break;
    pthread_mutex_unlock(&m->lock);
}

void miner_get_snapshot(miner *m, miner_snapshot *s) {
    memset(s, 0, sizeof *s);
    pthread_mutex_lock(&m->lock);
    double now = miner_now();
    s->uptime = now - m->t0;
    s->ndevices = m->cfg.ndevices;
    for (unsigned i = 0; i < m->cfg.ndevices; i++) {
        miner_device_stats *ds = &s->devices[i];
        const miner_dev *d = &m->devs[i];
        snprintf(ds->name, sizeof ds->name, "%s", d->spec.name);
        ds->rate_10s = miner_rate_get(&d->rate, now, 10);
        ds->rate_60s = miner_rate_get(&d->rate, now, 60);
        ds->hashes = d->rate.total;
        s->rate_10s += ds->rate_10s;
        s->rate_60s += ds->rate_60s;
        s->hashes += ds->hashes;
    }
    s->accepted = m->accepted;
    s->rejected = m->rejected;
    s->stale = m->stale;
    s->hw_errors = m->hw_errors;
    s->outstanding = m->outstanding;
    s->held = m->nheld;
    s->forgotten = m->forgotten;
    s->jobs = m->gen;
    if (m->gen) snprintf(s->job_id, sizeof s->job_id, "%s", m->job.job_id);
    pthread_mutex_unlock(&m->lock);
}

void miner_stop(miner *m) {
    if (!m) return;
    pthread_mutex_lock(&m->lock);
    m->stopping = 1;
    __atomic_store_n(&m->dag_cancel, 1, __ATOMIC_SEQ_CST);
    for (unsigned i = 0; i < m->cfg.ndevices; i++) __atomic_store_n(&m->devs[i].interrupt, 1, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&m->cond);
    pthread_mutex_unlock(&m->lock);
    for (unsigned i = 0; i < m->cfg.ndevices; i++)
        if (m->devs[i].started) {
            pthread_join(m->devs[i].thread, NULL);
            m->devs[i].started = 0;
        }
}

void miner_free(miner *m) {
    if (!m) return;
    miner_stop(m);
    /* Devices release their contexts on exit; anything left was never used. */
    while (m->ctxs) {
        miner_seedctx *c = m->ctxs;
        m->ctxs = c->next;
        sluice_tensority_cache_free(c->tcache);
        sluice_ethash_epoch_free(c->eepoch);
        free(c);
    }
    pthread_cond_destroy(&m->cond);
    pthread_mutex_destroy(&m->lock);
    free(m);
}
