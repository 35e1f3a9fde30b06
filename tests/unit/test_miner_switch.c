/* The miner runtime in-process (tools/sluice/miner.h) with a fake job source
 * and share sink: share classification and counting, stale drops after a
 * clean job, hardware errors, answers racing submissions, and live job and
 * seed switching by the CPU device with every submitted share re-checked here. */
#include "miner_internal.h"
#include "sluice/bytom_header.h"
#include "sluice/ethash.h"
#include "sluice/tensority.h"
#include "testutil.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SHARES 256

typedef struct {
    pthread_mutex_t lock;
    miner *m;
    miner_share shares[MAX_SHARES];
    unsigned nshares;
    uint64_t next_id;
    int answer_inside;        /* answer (accept) from inside submit, before it returns */
    int refuse;               /* submit returns 0 */
    unsigned events[4];       /* by miner_event_type */
    unsigned share_events[4]; /* by miner_share_status */
} fake_sink;

static uint64_t fake_submit(void *user, const miner_share *s) {
    fake_sink *f = user;
    pthread_mutex_lock(&f->lock);
    if (f->refuse) { pthread_mutex_unlock(&f->lock); return 0; }
    if (f->nshares < MAX_SHARES) f->shares[f->nshares++] = *s;
    uint64_t id = ++f->next_id;
    int inside = f->answer_inside;
    pthread_mutex_unlock(&f->lock);
    if (inside) miner_share_result(f->m, id, 1, "");
    return id;
}

static void fake_event(void *user, const miner_event *ev) {
    fake_sink *f = user;
    pthread_mutex_lock(&f->lock);
    if ((unsigned)ev->type < 4) f->events[ev->type]++;
    if (ev->type == MINER_EV_SHARE && (unsigned)ev->status < 4) f->share_events[ev->status]++;
    pthread_mutex_unlock(&f->lock);
}

static void sink_init(fake_sink *f) {
    memset(f, 0, sizeof *f);
    pthread_mutex_init(&f->lock, NULL);
}

/* kind: the device's kind. Candidates of an accelerator are re-verified with
 * the best CPU implementation (fast); the no-thread tests use one (never
 * started) so they stay quick where the CPU's own candidates would need the
 * scalar reference (CPUs without AVX-512 VNNI). */
static miner *new_miner(fake_sink *f, miner_algo algo, miner_dev_kind kind) {
    miner_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.algo = algo;
    cfg.ndevices = 1;
    cfg.devices[0].kind = kind;
    snprintf(cfg.devices[0].name, sizeof cfg.devices[0].name, "%s", kind == MINER_DEV_CPU ? "cpu" : "opencl:0");
    cfg.cpu_threads = 1;
    cfg.ethash_light = 1;
    cfg.salt = 1000;
    cfg.cpu_chunk_seconds = 0.2;
    /* The live test's CPU candidates: the best implementation, not the scalar
     * reference the policy picks on CPUs without AVX-512 VNNI (minutes under
     * ASan); this test checks every share itself. */
    if (kind == MINER_DEV_CPU) cfg.verify_impl = (int)sluice_tensority_impl_best();
    miner_sink sink = {.submit = fake_submit, .event = fake_event, .user = f};
    char why[128];
    miner *m = miner_new(&cfg, &sink, why, sizeof why);
    f->m = m;
    return m;
}

static miner_job tensority_job(const char *id, uint8_t seed_byte, uint8_t body_byte, int easy) {
    miner_job j;
    memset(&j, 0, sizeof j);
    j.algo = MINER_ALGO_TENSORITY;
    snprintf(j.job_id, sizeof j.job_id, "%s", id);
    memset(j.seed, seed_byte, 32);
    memset(j.body, body_byte, sizeof j.body);
    j.start_nonce = 0x0000077700000000ull;
    if (easy) j.share_target.overflow = 1;   /* every result is a share */
    else j.share_target.negative = 1;        /* no result is */
    return j;
}

static void snapshot(miner *m, miner_snapshot *s) { miner_get_snapshot(m, s); }

/* Share accounting through miner_candidate / miner_share_result, no threads. */
static void accounting(void) {
    fake_sink f;
    sink_init(&f);
    miner *m = new_miner(&f, MINER_ALGO_TENSORITY, MINER_DEV_ACCEL);
    CHECK(m != NULL);
    if (!m) return;
    miner_job j1 = tensority_job("j1", 0x11, 0x22, 1);
    miner_set_job(m, &j1);
    miner_seedctx *ctx = miner_seedctx_acquire(m, &j1);
    CHECK(ctx != NULL && ctx->tcache != NULL);
    if (!ctx) { miner_free(m); return; }
    miner_dev *d = &m->devs[0];
    miner_snapshot s;

    /* A good candidate is submitted with the result computed independently. */
    miner_candidate(d, &j1, 1, ctx, j1.start_nonce + 5, NULL);
    CHECK(f.nshares == 1);
    uint8_t hh[32], want[32];
    sluice_bytom_header_hash_nonce(j1.body, j1.start_nonce + 5, hh);
    CHECK(sluice_tensority_hash(ctx->tcache, SLUICE_TENSORITY_AUTO, hh, want, NULL) == SLUICE_OK);
    CHECK_MEM(f.shares[0].result, want, 32);
    CHECK(f.shares[0].nonce == j1.start_nonce + 5);
    CHECK(strcmp(f.shares[0].job_id, "j1") == 0 && strcmp(f.shares[0].device, "opencl:0") == 0);
    snapshot(m, &s);
    CHECK(s.outstanding == 1 && s.accepted == 0);
    miner_share_result(m, 1, 1, "");
    snapshot(m, &s);
    CHECK(s.outstanding == 0 && s.accepted == 1);
    miner_share_result(m, 1, 1, "");   /* a repeated answer is not counted twice */
    snapshot(m, &s);
    CHECK(s.accepted == 1);

    /* Re-verification policy: another implementation for the CPU's own candidates. */
    sluice_tensority_impl best = sluice_tensority_impl_best();
    CHECK(miner_verify_tensority_impl(0) == best);
    CHECK(miner_verify_tensority_impl(1) != best || best == SLUICE_TENSORITY_REF);

    /* A device claiming a different result, or a nonce that misses the
     * target: hardware errors, never submitted. */
    uint8_t wrong[32];
    memcpy(wrong, want, 32);
    wrong[0] ^= 1;
    miner_candidate(d, &j1, 1, ctx, j1.start_nonce + 5, wrong);
    miner_job hard = j1;
    hard.share_target.overflow = 0;
    hard.share_target.negative = 1;
    miner_candidate(d, &hard, 1, ctx, j1.start_nonce + 6, NULL);
    snapshot(m, &s);
    CHECK(s.hw_errors == 2 && f.nshares == 1);

    /* Pool answers: rejected and stale by reason. */
    miner_candidate(d, &j1, 1, ctx, j1.start_nonce + 7, NULL);
    miner_candidate(d, &j1, 1, ctx, j1.start_nonce + 8, NULL);
    CHECK(f.nshares == 3);
    miner_share_result(m, 2, 0, "Low difficulty share");
    miner_share_result(m, 3, 0, "Block expired");
    snapshot(m, &s);
    CHECK(s.rejected == 1 && s.stale == 1 && s.outstanding == 0);

    /* A new (Bytom: always clean) job: candidates of the old one are dropped as stale. */
    miner_job j2 = tensority_job("j2", 0x11, 0x33, 1);
    j2.clean = 0;   /* ignored for Bytom jobs */
    miner_set_job(m, &j2);
    miner_candidate(d, &j1, 1, ctx, j1.start_nonce + 9, NULL);
    snapshot(m, &s);
    CHECK(s.stale == 2 && f.nshares == 3 && s.jobs == 2 && strcmp(s.job_id, "j2") == 0);

    /* The answer arrives inside submit (before the id is known): counted once. */
    f.answer_inside = 1;
    miner_candidate(d, &j2, 2, ctx, j2.start_nonce + 1, NULL);
    f.answer_inside = 0;
    snapshot(m, &s);
    CHECK(f.nshares == 4 && s.accepted == 2 && s.outstanding == 0);

    /* A share the sink cannot queue counts as rejected. */
    f.refuse = 1;
    miner_candidate(d, &j2, 2, ctx, j2.start_nonce + 2, NULL);
    f.refuse = 0;
    snapshot(m, &s);
    CHECK(s.rejected == 2 && s.outstanding == 0);

    /* Jobs for another algorithm or with absurd fields are ignored. */
    miner_job bad = j2;
    bad.algo = MINER_ALGO_ETHASH;
    miner_set_job(m, &bad);
    snapshot(m, &s);
    CHECK(s.jobs == 2);

    /* The same work again (a reconnect): devices keep their place, stale
     * counting is not disturbed; the job is still reported. */
    miner_job again = j2;
    again.seq = 99;
    miner_set_job(m, &again);
    miner_candidate(d, &j2, 2, ctx, j2.start_nonce + 3, NULL);
    snapshot(m, &s);
    CHECK(s.jobs == 2 && s.stale == 2 && f.nshares == 5);
    /* The device's copy still says seq 0; the share carries the seq the job
     * was announced with last (the pool client's job ring / fail-over rule). */
    CHECK(f.shares[4].job_seq == 99);
    miner_share_result(m, 5, 1, "");
    CHECK(f.events[MINER_EV_JOB] == 3);
    f.events[MINER_EV_JOB]--;
    snapshot(m, &s);
    CHECK(s.accepted == 3);

    /* Events: 2 jobs; shares: 2 accepted, 2 rejected, 2 stale, 2 hw errors. */
    CHECK(f.events[MINER_EV_JOB] == 2);
    CHECK(f.share_events[MINER_SHARE_ACCEPTED] == 3 && f.share_events[MINER_SHARE_REJECTED] == 2);
    CHECK(f.share_events[MINER_SHARE_STALE] == 2 && f.share_events[MINER_SHARE_HW_ERROR] == 2);
    CHECK(f.events[MINER_EV_LOG] >= 1);
    miner_seedctx_release(m, ctx);
    miner_free(m);
}

/* Disconnected: verified shares are held. The same work after the
 * reconnect sends them; a new job (another session's prefix) makes them stale. */
static void held_while_disconnected(void) {
    fake_sink f;
    sink_init(&f);
    miner *m = new_miner(&f, MINER_ALGO_TENSORITY, MINER_DEV_ACCEL);
    if (!m) { CHECK(0); return; }
    miner_job j = tensority_job("h", 0x11, 0x44, 1);
    miner_set_job(m, &j);
    miner_seedctx *ctx = miner_seedctx_acquire(m, &j);
    CHECK(ctx != NULL);
    if (!ctx) { miner_free(m); return; }
    miner_dev *d = &m->devs[0];
    miner_snapshot s;
    f.answer_inside = 1;
    miner_set_connected(m, 0);
    miner_candidate(d, &j, 1, ctx, j.start_nonce + 10, NULL);
    CHECK(f.nshares == 0);
    snapshot(m, &s);
    CHECK(s.held == 1 && s.outstanding == 0);
    miner_set_connected(m, 1);
    CHECK(f.nshares == 0);               /* not before the next job */
    miner_job resent = j;
    resent.seq = 7;                      /* the same work under the new connection's seq */
    miner_set_job(m, &resent);           /* the same work again: sent */
    snapshot(m, &s);
    CHECK(f.nshares == 1 && f.shares[0].nonce == j.start_nonce + 10 && s.accepted == 1 && s.jobs == 1);
    CHECK(f.shares[0].job_seq == 7 && s.held == 0);
    miner_set_connected(m, 0);
    miner_candidate(d, &j, 1, ctx, j.start_nonce + 11, NULL);
    miner_set_connected(m, 1);
    miner_job other = j;
    other.start_nonce += 1ull << 40;     /* a new session prefix: other work */
    miner_set_job(m, &other);
    snapshot(m, &s);
    CHECK(f.nshares == 1 && s.stale == 1 && s.accepted == 1 && s.jobs == 2);
    CHECK(f.share_events[MINER_SHARE_STALE] == 1 && f.share_events[MINER_SHARE_ACCEPTED] == 1);
    miner_seedctx_release(m, ctx);
    miner_free(m);
}

/* Ethash: a job without the clean flag keeps older jobs' shares valid; the
 * share carries the light-hash mix; out-of-range epochs are refused. */
static void ethash_clean_flag(void) {
    fake_sink f;
    sink_init(&f);
    miner *m = new_miner(&f, MINER_ALGO_ETHASH, MINER_DEV_ACCEL);
    if (!m) { CHECK(0); return; }
    miner_job e1;
    memset(&e1, 0, sizeof e1);
    e1.algo = MINER_ALGO_ETHASH;
    snprintf(e1.job_id, sizeof e1.job_id, "e1");
    e1.epoch = 0;                            /* seed hash of epoch 0: 32 zero bytes */
    memset(e1.header_hash, 0x5a, 32);
    memset(e1.boundary, 0xff, 32);           /* every nonce */
    e1.clean = 1;
    miner_set_job(m, &e1);
    miner_job e2 = e1;
    snprintf(e2.job_id, sizeof e2.job_id, "e2");
    e2.clean = 0;
    miner_set_job(m, &e2);
    miner_job bad = e2;
    bad.epoch = SLUICE_ETHASH_MAX_EPOCH + 1;
    miner_set_job(m, &bad);
    miner_snapshot s;
    snapshot(m, &s);
    CHECK(s.jobs == 2);
    miner_seedctx *ctx = miner_seedctx_acquire(m, &e1);
    CHECK(ctx && ctx->eepoch);
    if (ctx) {
        miner_candidate(&m->devs[0], &e1, 1, ctx, 42, NULL);   /* e2 is not clean: still sent */
        CHECK(f.nshares == 1);
        sluice_ethash_result r;
        sluice_ethash_light_hash(ctx->eepoch, e1.header_hash, 42, &r);
        CHECK_MEM(f.shares[0].mix, r.mix, 32);
        CHECK_MEM(f.shares[0].result, r.final, 32);
        miner_job e3 = e2;
        snprintf(e3.job_id, sizeof e3.job_id, "e3");
        e3.clean = 1;
        miner_set_job(m, &e3);
        miner_candidate(&m->devs[0], &e2, 2, ctx, 43, NULL);   /* e3 is clean: dropped */
        snapshot(m, &s);
        CHECK(f.nshares == 1 && s.stale == 1);
        miner_seedctx_release(m, ctx);
    }
    /* A job whose epoch does not match its seed hash gets no context. */
    miner_job wrong = e1;
    wrong.epoch = 1;
    CHECK(miner_seedctx_acquire(m, &wrong) == NULL);
    miner_free(m);
}

static unsigned shares_of(fake_sink *f, const char *job_id) {
    pthread_mutex_lock(&f->lock);
    unsigned n = 0;
    for (unsigned i = 0; i < f->nshares; i++) n += strcmp(f->shares[i].job_id, job_id) == 0;
    pthread_mutex_unlock(&f->lock);
    return n;
}

static int wait_shares(fake_sink *f, const char *job_id, unsigned n) {
    for (int i = 0; i < 6000; i++) {   /* 60 s at most (ASan, a loaded CI machine) */
        if (shares_of(f, job_id) >= n) return 1;
        usleep(10000);
    }
    return 0;
}

/* Live: the CPU device mines job A, switches to B (same seed) and to C (new
 * seed: the context is rebuilt); every share is checked against its own job. */
static void live_switching(void) {
    fake_sink f;
    sink_init(&f);
    f.answer_inside = 1;
    miner *m = new_miner(&f, MINER_ALGO_TENSORITY, MINER_DEV_CPU);
    if (!m) { CHECK(0); return; }
    char why[128];
    CHECK(miner_start(m, why, sizeof why) == 0);
    miner_job jobs[3] = {tensority_job("A", 0x01, 0xa0, 1), tensority_job("B", 0x01, 0xb0, 1),
                         tensority_job("C", 0x02, 0xc0, 1)};
    for (int k = 0; k < 3; k++) {
        jobs[k].seq = (uint64_t)k + 1;
        miner_set_job(m, &jobs[k]);
        CHECK(wait_shares(&f, jobs[k].job_id, 2));
    }
    miner_stop(m);
    miner_snapshot s;
    snapshot(m, &s);
    CHECK(s.jobs == 3 && s.hashes >= 6 && s.ndevices == 1 && strcmp(s.devices[0].name, "cpu") == 0);
    CHECK(s.accepted == f.nshares && s.outstanding == 0 && s.hw_errors == 0);
    /* Check every share with caches built here. */
    sluice_tensority_cache *c1 = NULL, *c2 = NULL;
    CHECK(sluice_tensority_cache_new(&c1, jobs[0].seed, 1) == SLUICE_OK);
    CHECK(sluice_tensority_cache_new(&c2, jobs[2].seed, 1) == SLUICE_OK);
    unsigned last_job = 0;
    for (unsigned i = 0; c1 && c2 && i < f.nshares; i++) {
        const miner_share *sh = &f.shares[i];
        int k = sh->job_id[0] - 'A';
        CHECK(k >= 0 && k < 3);
        if (k < 0 || k > 2) continue;
        CHECK((unsigned)k >= last_job);          /* never back to an older job */
        last_job = (unsigned)k;
        CHECK(sh->job_seq == (uint64_t)k + 1);
        miner_nonce_range r;
        miner_nonce_range_init(&r, &jobs[k], 0, 1, 1000);
        CHECK(miner_nonce_in_range(&r, sh->nonce));
        for (unsigned j = 0; j < i; j++)
            CHECK(!(f.shares[j].nonce == sh->nonce && strcmp(f.shares[j].job_id, sh->job_id) == 0));
        uint8_t hh[32], res[32];
        sluice_bytom_header_hash_nonce(jobs[k].body, sh->nonce, hh);
        CHECK(sluice_tensority_hash(k == 2 ? c2 : c1, SLUICE_TENSORITY_AUTO, hh, res, NULL) == SLUICE_OK);
        CHECK_MEM(sh->result, res, 32);
    }
    CHECK(last_job == 2);
    sluice_tensority_cache_free(c1);
    sluice_tensority_cache_free(c2);
    /* Every context was released by the device. */
    CHECK(m->ctxs == NULL);
    miner_free(m);
}

int main(void) {
    accounting();
    held_while_disconnected();
    ethash_clean_flag();
    live_switching();
    return tu_finish("test_miner_switch");
}
