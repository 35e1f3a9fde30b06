/* Candidates to shares: verification, stale drops, submission, and the
 * pool's answers counted as in miner_contract.md "Counting". */
#include "miner_internal.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Case-insensitive substring search (reason is at most a few hundred bytes). */
static int contains_nocase(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && tolower((unsigned char)p[i]) == needle[i]) i++;
        if (i == n) return 1;
    }
    return 0;
}

miner_share_status miner_share_classify(int accepted, const char *reason) {
    if (accepted) return MINER_SHARE_ACCEPTED;
    if (reason && (contains_nocase(reason, "stale") || contains_nocase(reason, "expired") ||
                   contains_nocase(reason, "job not found")))
        return MINER_SHARE_STALE;
    return MINER_SHARE_REJECTED;
}

const char *miner_share_status_name(miner_share_status s) {
    switch (s) {
    case MINER_SHARE_ACCEPTED: return "accepted";
    case MINER_SHARE_REJECTED: return "rejected";
    case MINER_SHARE_STALE: return "stale";
    case MINER_SHARE_HW_ERROR: return "hw_error";
    }
    return "unknown";
}

static void emit_share(miner *m, miner_share_status st, const char *job_id, uint64_t nonce, const char *device,
                       const char *reason) {
    miner_event ev = {.type = MINER_EV_SHARE, .status = st, .job_id = job_id, .nonce = nonce, .device = device,
                      .reason = reason ? reason : ""};
    miner_emit(m, &ev);
}

/* Counts an answer (lock held). */
static void count_locked(miner *m, miner_share_status st) {
    if (m->outstanding) m->outstanding--;
    if (st == MINER_SHARE_ACCEPTED) m->accepted++;
    else if (st == MINER_SHARE_STALE) m->stale++;
    else m->rejected++;
}

static void submit_share(miner *m, const miner_share *share);

void miner_hw_error(miner_dev *d, const char *job_id, uint64_t nonce, const char *why) {
    pthread_mutex_lock(&d->m->lock);
    d->m->hw_errors++;
    pthread_mutex_unlock(&d->m->lock);
    emit_share(d->m, MINER_SHARE_HW_ERROR, job_id, nonce, d->spec.name, why);
}

void miner_candidate(miner_dev *d, const miner_job *job, uint64_t gen, const miner_seedctx *ctx, uint64_t nonce,
                     const uint8_t *claimed) {
    miner *m = d->m;
    miner_share sh;
    memset(&sh, 0, sizeof sh);
    sh.job_seq = job->seq;
    snprintf(sh.job_id, sizeof sh.job_id, "%s", job->job_id);
    sh.nonce = nonce;
    snprintf(sh.device, sizeof sh.device, "%s", d->spec.name);
    int ok = miner_verify(job, ctx, nonce, d->spec.kind == MINER_DEV_CPU, m->cfg.verify_impl, &sh);
    const char *why = "failed CPU re-verification";
    if (ok && claimed && memcmp(claimed, sh.result, 32) != 0) {
        ok = 0;
        why = "device result differs from the CPU reference";
    }
    if (!ok) {
        miner_hw_error(d, sh.job_id, nonce, why);
        return;
    }
    pthread_mutex_lock(&m->lock);
    int stale = gen < m->clean_gen;
    /* Still the current work: it may have been announced again (a reconnect
     * or a fail-over re-sending the same job) under a newer seq, which the
     * pool client needs (its job ring, the fail-over rule of pool_client.h). */
    if (gen == m->gen) sh.job_seq = m->job.seq;
    if (!stale && m->disconnected && m->nheld < MINER_HELD) {
        m->held[m->nheld].share = sh;
        m->held[m->nheld].gen = gen;
        m->nheld++;
        pthread_mutex_unlock(&m->lock);
        return;
    }
    if (stale) m->stale++;
    pthread_mutex_unlock(&m->lock);
    if (stale) {
        emit_share(m, MINER_SHARE_STALE, sh.job_id, nonce, sh.device, "job replaced by a clean job (not sent)");
        return;
    }
    submit_share(m, &sh);
}

void miner_release_held(miner *m) {
    for (;;) {
        pthread_mutex_lock(&m->lock);
        if (m->disconnected || m->nheld == 0) { pthread_mutex_unlock(&m->lock); return; }
        miner_held h = m->held[0];
        memmove(&m->held[0], &m->held[1], (m->nheld - 1) * sizeof m->held[0]);
        m->nheld--;
        int stale = h.gen < m->clean_gen;
        if (stale) m->stale++;
        if (h.gen == m->gen) h.share.job_seq = m->job.seq;   /* as in miner_candidate */
        pthread_mutex_unlock(&m->lock);
        if (stale)
            emit_share(m, MINER_SHARE_STALE, h.share.job_id, h.share.nonce, h.share.device,
                       "found while disconnected; its job was replaced (not sent)");
        else
            submit_share(m, &h.share);
    }
}

/* Hands a verified share to the sink and files it under its id. */
static void submit_share(miner *m, const miner_share *share) {
    miner_share sh = *share;
    uint64_t nonce = sh.nonce;
    pthread_mutex_lock(&m->lock);
    m->outstanding++;
    pthread_mutex_unlock(&m->lock);
    /* Submit without our lock: the pool may answer (miner_share_result) from
     * its thread before submit returns; such answers wait in `orphans`. */
    uint64_t id = m->sink.submit(m->sink.user, &sh);
    if (id == 0) {
        pthread_mutex_lock(&m->lock);
        count_locked(m, MINER_SHARE_REJECTED);
        pthread_mutex_unlock(&m->lock);
        emit_share(m, MINER_SHARE_REJECTED, sh.job_id, nonce, sh.device, "could not be queued");
        return;
    }
    pthread_mutex_lock(&m->lock);
    for (unsigned i = 0; i < MINER_ORPHANS; i++) {
        miner_orphan *o = &m->orphans[i];
        if (o->id != id) continue;
        o->id = 0;
        miner_share_status st = miner_share_classify(o->accepted, o->reason);
        char reason[sizeof o->reason];
        memcpy(reason, o->reason, sizeof reason);
        count_locked(m, st);
        pthread_mutex_unlock(&m->lock);
        emit_share(m, st, sh.job_id, nonce, sh.device, reason);
        return;
    }
    miner_pending *slot = NULL;
    for (unsigned i = 0; i < MINER_PENDING && !slot; i++)
        if (m->pending[i].id == 0) slot = &m->pending[i];
    if (!slot) {   /* the pool never answered 256 shares: forget the oldest */
        slot = &m->pending[0];
        for (unsigned i = 1; i < MINER_PENDING; i++)
            if (m->pending[i].id < slot->id) slot = &m->pending[i];
        if (m->outstanding) m->outstanding--;
        m->forgotten++;
    }
    slot->id = id;
    memcpy(slot->job_id, sh.job_id, sizeof slot->job_id);
    slot->nonce = nonce;
    memcpy(slot->device, sh.device, sizeof slot->device);
    pthread_mutex_unlock(&m->lock);
}

void miner_share_result(miner *m, uint64_t id, int accepted, const char *reason) {
    if (!m || id == 0) return;
    if (!reason) reason = "";
    miner_share_status st = miner_share_classify(accepted, reason);
    pthread_mutex_lock(&m->lock);
    for (unsigned i = 0; i < MINER_PENDING; i++) {
        miner_pending *p = &m->pending[i];
        if (p->id != id) continue;
        miner_pending copy = *p;
        p->id = 0;
        count_locked(m, st);
        pthread_mutex_unlock(&m->lock);
        emit_share(m, st, copy.job_id, copy.nonce, copy.device, reason);
        return;
    }
    /* Not submitted yet (as far as we know): keep it for miner_candidate. */
    miner_orphan *o = &m->orphans[m->orphan_next++ % MINER_ORPHANS];
    o->id = id;
    o->accepted = accepted;
    snprintf(o->reason, sizeof o->reason, "%s", reason);
    pthread_mutex_unlock(&m->lock);
}
