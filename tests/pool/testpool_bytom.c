/* The Bytom pool protocol, pool side (stratum.md "Bytom (Tensority) pools";
 * as btmcpool / Antpool speak it): login -> session + first job, pushed
 * "job" notifications, submit with a big-endian numeric nonce. */
#include "testpool.h"
#include <stdio.h>
#include <string.h>

/* 8-byte little-endian hex of v (the job's u64 fields). */
static void le64_hex(char out[17], uint64_t v) {
    uint8_t b[8];
    for (int i = 0; i < 8; i++) b[i] = (uint8_t)(v >> (8 * i));
    tp_hex(out, b, 8, 0);
}

json_t *tp_bytom_job_json(const tp_pool *p, const tp_conn *c, const tp_job *job, uint32_t target_word) {
    char version[17], height[17], timestamp[17], bits[17], nonce[17], target[9];
    char prev[65], root[65], status[65], seed_hex[65];
    le64_hex(version, job->header.version);
    le64_hex(height, job->header.height);
    le64_hex(timestamp, job->header.timestamp);
    le64_hex(bits, job->header.bits);
    le64_hex(nonce, c->start_nonce);
    uint8_t t[4] = {(uint8_t)target_word, (uint8_t)(target_word >> 8), (uint8_t)(target_word >> 16),
                    (uint8_t)(target_word >> 24)};
    tp_hex(target, t, 4, 0);
    tp_hex(prev, job->header.prev_hash, 32, 0);
    tp_hex(root, job->header.tx_merkle_root, 32, 0);
    tp_hex(status, job->header.tx_status_hash, 32, 0);
    tp_hex(seed_hex, p->bytom_seed, 32, 0);
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "version", version, "height", height,
                     "timestamp", timestamp, "bits", bits, "nonce", nonce, "previous_block_hash", prev,
                     "transactions_merkle_root", root, "transaction_status_hash", status, "seed",
                     seed_hex, "job_id", job->id, "target", target);
}

void tp_bytom_push_job(tp_pool *p, tp_conn *c, const tp_job *job) {
    json_t *params = tp_bytom_job_json(p, c, job, job->target_word);
    json_t *msg = json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", "job", "params", params);
    tp_log(p, c, "push job %s", job->id);
    tp_send_json(p, c, msg);
    json_decref(msg);
}

static void login(tp_pool *p, tp_conn *c, json_t *id, json_t *params) {
    const char *user = json_string_value(json_object_get(params, "login"));
    if (!json_is_object(params) || !user || !*user) {
        tp_log(p, c, "bad login request");
        tp_reply_error(p, c, id, -1, "invalid login");
        return;
    }
    if (tp_hostile_on_login(p, c)) return;
    p->counts.logins++;
    c->authorized = 1;
    snprintf(c->session, sizeof c->session, "sess-%u-%08llx", c->no,
             (unsigned long long)(tp_rng_u64(p) & 0xffffffffu));
    c->start_nonce = (uint64_t)c->no << 40;       /* the session's nonce prefix */
    tp_log(p, c, "login '%.60s' -> session %s (logins=%llu)", user, c->session,
           (unsigned long long)p->counts.logins);
    tp_hook hook = tp_hostile_before_job(p, c, id);
    if (hook == TP_HOOK_STOP) return;
    const tp_job *job = tp_current_job(p);
    c->got_first_job = 1;
    if (hook == TP_HOOK_ANSWERED) {
        tp_bytom_push_job(p, c, job);
        return;
    }
    json_t *j = tp_bytom_job_json(p, c, job, job->target_word);
    tp_reply(p, c, id, json_pack("{s:s,s:o,s:s}", "id", c->session, "job", j, "status", "OK"));
}

static void submit(tp_pool *p, tp_conn *c, json_t *id, json_t *params) {
    const char *session = json_string_value(json_object_get(params, "id"));
    const char *job_id = json_string_value(json_object_get(params, "job_id"));
    const char *nonce_hex = json_string_value(json_object_get(params, "nonce"));
    uint64_t nonce;
    if (!c->authorized) { tp_reject_submit(p, c, id, "unauthenticated"); return; }
    if (!session || strcmp(session, c->session) != 0) { tp_reject_submit(p, c, id, "invalid session id"); return; }
    if (!job_id) { tp_reject_submit(p, c, id, "missing job_id"); return; }
    /* The submitted nonce is big-endian numeric hex (stratum.md). */
    if (tp_parse_hex_u64(nonce_hex, 0, &nonce) != 0) { tp_reject_submit(p, c, id, "invalid nonce"); return; }
    tp_judge_share(p, c, id, tp_find_job(p, job_id), job_id, nonce, NULL);
}

void tp_bytom_handle(tp_pool *p, tp_conn *c, json_t *msg) {
    json_t *id = json_object_get(msg, "id");
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    if (!method) {
        tp_log(p, c, "a line without method (an answer?) ignored");
        return;
    }
    if (strcmp(method, "login") == 0) {
        login(p, c, id, params);
    } else if (strcmp(method, "submit") == 0) {
        submit(p, c, id, params);
    } else if (strcmp(method, "getjob") == 0 && c->authorized) {
        const tp_job *job = tp_current_job(p);
        json_t *j = tp_bytom_job_json(p, c, job, job->target_word);
        tp_reply(p, c, id, j);
    } else if (strcmp(method, "keepalived") == 0) {
        tp_reply(p, c, id, json_pack("{s:s}", "status", "KEEPALIVED"));
    } else {
        tp_log(p, c, "unknown method '%.60s'", method);
        tp_reply_error(p, c, id, -1, "unknown method");
    }
}
