/* The verdict on one submitted share, shared by every dialect: stale rules,
 * duplicates, verification, counting and the answer on the wire. */
#include "testpool.h"
#include <string.h>

static void reply_ok(tp_pool *p, tp_conn *c, json_t *id) {
    if (p->opt.dialect == TP_BYTOM)
        tp_reply(p, c, id, json_pack("{s:s}", "status", "OK"));
    else
        tp_reply(p, c, id, json_true());
}

void tp_reject_submit(tp_pool *p, tp_conn *c, json_t *id, const char *why) {
    p->counts.submits++;
    p->counts.rejected++;
    tp_log(p, c, "rejected submit: %s (rejected=%llu)", why, (unsigned long long)p->counts.rejected);
    tp_reply_error(p, c, id, -1, why);
    tp_write_report(p, 0);
}

void tp_judge_share(tp_pool *p, tp_conn *c, json_t *id, tp_job *job, const char *job_label,
                    uint64_t nonce, const uint8_t *mix) {
    p->counts.submits++;
    const char *stale = NULL;
    if (!job)
        stale = "job not found";
    else if (job->number != p->current && p->opt.stale_old_jobs)
        stale = p->opt.dialect == TP_BYTOM ? "Block expired" : "stale share";
    if (stale) {
        p->counts.stale++;
        tp_log(p, c, "stale share job %.20s nonce %016llx: %s (stale=%llu)", job_label,
               (unsigned long long)nonce, stale, (unsigned long long)p->counts.stale);
        tp_reply_error(p, c, id, -1, stale);
        tp_write_report(p, 0);
        return;
    }
    if (tp_job_seen_nonce(job, nonce)) {
        p->counts.rejected++;
        p->counts.duplicates++;
        tp_log(p, c, "rejected share job %.20s nonce %016llx: duplicate share (rejected=%llu)", job->id,
               (unsigned long long)nonce, (unsigned long long)p->counts.rejected);
        tp_reply_error(p, c, id, -1, "duplicate share");
        tp_write_report(p, 0);
        return;
    }
    const char *bad;
    char result_hex[67];
    if (p->opt.dialect == TP_BYTOM) {
        uint8_t result[32];
        bad = tp_verify_bytom(p, job, nonce, result);
        tp_hex(result_hex, result, 32, 0);
    } else {
        sluice_ethash_result r;
        bad = tp_verify_ethash(p, job, nonce, mix, &r);
        tp_hex(result_hex, r.final, 32, 0);
    }
    if (bad) {
        p->counts.rejected++;
        tp_log(p, c, "rejected share job %.20s nonce %016llx: %s (result %s, rejected=%llu)", job->id,
               (unsigned long long)nonce, bad, result_hex, (unsigned long long)p->counts.rejected);
        tp_reply_error(p, c, id, -1, bad);
        tp_write_report(p, 0);
        return;
    }
    tp_log(p, c, "accepted share job %.20s%s nonce %016llx (result %s, accepted=%llu)", job->id,
           job->number == p->current ? "" : " (old job)", (unsigned long long)nonce, result_hex,
           (unsigned long long)p->counts.accepted + 1);
    reply_ok(p, c, id);
    tp_after_accept(p, c, job);
}
