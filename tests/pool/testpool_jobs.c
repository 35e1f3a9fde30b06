/* Jobs of the test pool: random headers, the remembered history, duplicate
 * detection, and the --switch-after / --drop-after policy. */
#include "testpool.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Mainnet genesis bits (only carried in the header; shares use the job target). */
#define TP_BYTOM_BITS 2161727821137910632ull

static tp_job *slot(tp_pool *p, uint64_t number) { return &p->jobs[(number - 1) % TP_JOB_HISTORY]; }

tp_job *tp_current_job(tp_pool *p) { return p->current ? slot(p, p->current) : NULL; }

tp_job *tp_new_job(tp_pool *p) {
    uint64_t number = p->current + 1;
    tp_job *j = slot(p, number);
    free(j->nonces);
    memset(j, 0, sizeof *j);
    j->number = number;
    if (p->opt.dialect == TP_BYTOM) {
        snprintf(j->id, sizeof j->id, "job-%llu", (unsigned long long)number);
        j->header.version = 1;
        j->header.height = 100000 + number;
        j->header.timestamp = (uint64_t)time(NULL);
        tp_rng_bytes(p, j->header.prev_hash, 32);
        tp_rng_bytes(p, j->header.tx_merkle_root, 32);
        tp_rng_bytes(p, j->header.tx_status_hash, 32);
        j->header.bits = TP_BYTOM_BITS;
        j->target_word = tp_bytom_target_word(p->opt.difficulty);
    } else {
        tp_rng_bytes(p, j->header_hash, 32);
        tp_ethash_boundary(p->opt.difficulty, j->boundary);
        /* EthereumStratum/1.0.0: difficulty 1 = boundary 0xffff * 2^208, so a
         * boundary of 2^256 / D is the share difficulty D * 0xffff / 2^48. */
        j->share_difficulty = p->opt.difficulty * 65535.0 / 281474976710656.0;
        if (p->opt.dialect == TP_ETHPROXY)
            tp_hex(j->id, j->header_hash, 32, 1);
        else
            snprintf(j->id, sizeof j->id, "%08x%08llx", p->id_prefix, (unsigned long long)number);
    }
    p->current = number;
    p->counts.jobs++;
    tp_log(p, NULL, "new job %s (jobs=%llu)", j->id, (unsigned long long)p->counts.jobs);
    return j;
}

tp_job *tp_find_job(tp_pool *p, const char *id) {
    for (int i = 0; i < TP_JOB_HISTORY; i++)
        if (p->jobs[i].number && strcmp(p->jobs[i].id, id) == 0) return &p->jobs[i];
    return NULL;
}

tp_job *tp_find_job_by_header(tp_pool *p, const uint8_t header_hash[32]) {
    for (int i = 0; i < TP_JOB_HISTORY; i++)
        if (p->jobs[i].number && memcmp(p->jobs[i].header_hash, header_hash, 32) == 0) return &p->jobs[i];
    return NULL;
}

int tp_job_seen_nonce(tp_job *job, uint64_t nonce) {
    for (size_t i = 0; i < job->nnonces; i++)
        if (job->nonces[i] == nonce) return 1;
    if (job->nnonces == job->cap_nonces) {
        size_t cap = job->cap_nonces ? 2 * job->cap_nonces : 64;
        uint64_t *n = realloc(job->nonces, cap * sizeof *n);
        if (!n) return 0;             /* cannot remember it: treat as new */
        job->nonces = n;
        job->cap_nonces = cap;
    }
    job->nonces[job->nnonces++] = nonce;
    return 0;
}

void tp_jobs_free(tp_pool *p) {
    for (int i = 0; i < TP_JOB_HISTORY; i++) {
        free(p->jobs[i].nonces);
        p->jobs[i].nonces = NULL;
    }
}

static void push(tp_pool *p, tp_conn *c, const tp_job *job) {
    if (p->opt.dialect == TP_BYTOM)
        tp_bytom_push_job(p, c, job);
    else
        tp_eth_push_job(p, c, job);
}

void tp_broadcast_job(tp_pool *p) {
    const tp_job *job = tp_current_job(p);
    for (int i = 0; i < TP_MAX_CONNS; i++) {
        tp_conn *c = &p->conns[i];
        if (c->state == TP_CONN_OPEN && c->authorized && c->got_first_job) push(p, c, job);
    }
}

void tp_after_accept(tp_pool *p, tp_conn *c, const tp_job *job) {
    p->counts.accepted++;
    if (job->number == p->current) p->counts.accepted_current++;
    else p->counts.old_job_accepted++;
    uint64_t a = p->counts.accepted;
    if (p->opt.switch_after && a % p->opt.switch_after == 0) {
        tp_new_job(p);
        tp_broadcast_job(p);
    }
    if (p->opt.drop_after && !p->dropped_once && a >= p->opt.drop_after) {
        p->dropped_once = 1;
        tp_close_gracefully(p, c, "--drop-after reached");
    }
    tp_write_report(p, 0);
}
