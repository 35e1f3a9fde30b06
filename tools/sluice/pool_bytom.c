/* The Bytom pool protocol (login / job / submit) as pure functions
 * (pool_dialect.h). Wire format: miner contract "Wire protocols", bytom;
 * ../shared/specs/stratum.md "Bytom (Tensority) pools" (the btmcpool /
 * Antpool protocol): LE hex u64 fields, raw-byte hashes, a 4-byte LE target
 * t meaning t * 2^224, and a big-endian numeric nonce in submissions. */
#include "pool_dialect.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "sluice/bytom_header.h"

int pool_bytom_open(pool_session *s, char *line, size_t cap) {
    s->login_id = s->next_id++;
    json_t *req = json_pack("{sIsss{ssssss}}", "id", (json_int_t)s->login_id, "method", "login", "params",
                            "login", s->user, "pass", s->pass, "agent", s->agent);
    if (!req) return -1;
    int r = pool_json_line(req, line, cap);
    json_decref(req);
    return r;
}

int pool_bytom_submit(pool_session *s, const miner_share *share, uint64_t id, char *line, size_t cap) {
    char nonce[17];
    /* Big-endian numeric hex (stratum.md: "parsed as a u64"), unlike the LE job fields. */
    snprintf(nonce, sizeof nonce, "%016" PRIx64, share->nonce);
    json_t *req = json_pack("{sIsss{ssssss}}", "id", (json_int_t)id, "method", "submit", "params", "id",
                            s->session_id, "job_id", share->job_id, "nonce", nonce);
    if (!req) {
        snprintf(line, cap, "cannot encode the submission (job id not UTF-8?)");
        return -1;
    }
    int r = pool_json_line(req, line, cap);
    json_decref(req);
    if (r) snprintf(line, cap, "submission too long");
    return r;
}

/* An 8-byte little-endian hex field (version, height, timestamp, bits, nonce). */
static int le64_field(const json_t *job, const char *name, uint64_t *v, pool_dialect_out *out) {
    uint8_t b[8];
    if (pool_hex_field(json_object_get(job, name), b, 8) != 0) {
        pool_out_log(out, POOL_LOG_ERROR, "bytom job rejected: '%s' is not 16 hex digits", name);
        return -1;
    }
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--) x = x << 8 | b[i];
    *v = x;
    return 0;
}

static int hash_field(const json_t *job, const char *name, uint8_t out32[32], pool_dialect_out *out) {
    if (pool_hex_field(json_object_get(job, name), out32, 32) != 0) {
        pool_out_log(out, POOL_LOG_ERROR, "bytom job rejected: '%s' is not 64 hex digits", name);
        return -1;
    }
    return 0;
}

int pool_bytom_job(const json_t *params, miner_job *job, pool_dialect_out *out) {
    if (!json_is_object(params)) {
        pool_out_log(out, POOL_LOG_ERROR, "bytom job rejected: not an object");
        return -1;
    }
    memset(job, 0, sizeof *job);
    sluice_bytom_header h;
    memset(&h, 0, sizeof h);
    if (le64_field(params, "version", &h.version, out) || le64_field(params, "height", &h.height, out) ||
        le64_field(params, "timestamp", &h.timestamp, out) || le64_field(params, "bits", &h.bits, out) ||
        le64_field(params, "nonce", &h.nonce, out) ||
        hash_field(params, "previous_block_hash", h.prev_hash, out) ||
        hash_field(params, "transactions_merkle_root", h.tx_merkle_root, out) ||
        hash_field(params, "transaction_status_hash", h.tx_status_hash, out) ||
        hash_field(params, "seed", job->seed, out))
        return -1;
    const json_t *id = json_object_get(params, "job_id");
    if (!json_is_string(id) || json_string_length(id) == 0 || json_string_length(id) >= sizeof job->job_id ||
        strlen(json_string_value(id)) != json_string_length(id)) {
        pool_out_log(out, POOL_LOG_ERROR, "bytom job rejected: 'job_id' is not a string of 1..%zu bytes",
                     sizeof job->job_id - 1);
        return -1;
    }
    uint8_t t[4];
    if (pool_hex_field(json_object_get(params, "target"), t, 4) != 0) {
        pool_out_log(out, POOL_LOG_ERROR, "bytom job rejected: 'target' is not 8 hex digits");
        return -1;
    }
    /* stratum.md: the 4 bytes read as a little-endian u32 t stand for t * 2^224. */
    uint32_t tw = (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 | (uint32_t)t[3] << 24;
    if (tw == 0) {
        pool_out_log(out, POOL_LOG_ERROR, "bytom job rejected: target 0 (no result can meet it)");
        return -1;
    }
    job->algo = MINER_ALGO_TENSORITY;
    snprintf(job->job_id, sizeof job->job_id, "%s", json_string_value(id));
    job->clean = 1;                    /* Bytom jobs carry no clean flag: each replaces the last */
    sluice_bytom_header_body(&h, job->body);
    job->start_nonce = h.nonce;
    job->target_word = tw;
    memcpy(job->share_target.le + 28, t, 4);   /* LE256 of t * 2^224 */
    return 0;
}

static int status_ok(const json_t *res) {
    const json_t *st = json_is_object(res) ? json_object_get(res, "status") : NULL;
    return json_is_string(st) && strcasecmp(json_string_value(st), "OK") == 0;
}

static void handle_login_reply(pool_session *s, json_t *msg, pool_dialect_out *out) {
    char why[256];
    const json_t *err = json_object_get(msg, "error");
    const json_t *res = json_object_get(msg, "result");
    if (err && !json_is_null(err)) {
        pool_error_text(err, why, sizeof why);
        pool_out_log(out, POOL_LOG_ERROR, "login refused: %s", why);
        out->fatal = 1;
        return;
    }
    const json_t *sid = json_is_object(res) ? json_object_get(res, "id") : NULL;
    if (!json_is_string(sid) || json_string_length(sid) == 0 ||
        json_string_length(sid) >= sizeof s->session_id ||
        strlen(json_string_value(sid)) != json_string_length(sid)) {
        pool_out_log(out, POOL_LOG_ERROR, "login reply without a usable session id");
        out->fatal = 1;
        return;
    }
    const json_t *st = json_object_get(res, "status");
    if (st && !status_ok(res)) {
        pool_out_log(out, POOL_LOG_ERROR, "login refused: status is not OK");
        out->fatal = 1;
        return;
    }
    snprintf(s->session_id, sizeof s->session_id, "%s", json_string_value(sid));
    s->phase = POOL_PHASE_READY;
    out->logged_in = 1;
    const json_t *job = json_object_get(res, "job");
    if (job && !json_is_null(job) && pool_bytom_job(job, &out->job, out) == 0) {
        out->job.seq = ++s->job_seq;
        out->has_job = 1;
    }
}

void pool_bytom_handle(pool_session *s, json_t *msg, pool_dialect_out *out) {
    const json_t *method = json_object_get(msg, "method");
    if (method && !json_is_null(method)) {
        if (!json_is_string(method)) {
            pool_out_log(out, POOL_LOG_WARN, "pool sent a non-string method; ignored");
            return;
        }
        if (strcmp(json_string_value(method), "job") == 0) {
            if (pool_bytom_job(json_object_get(msg, "params"), &out->job, out) == 0) {
                out->job.seq = ++s->job_seq;
                out->has_job = 1;
            }
            return;
        }
        pool_reply_unknown(out, msg, json_string_value(method));
        return;
    }
    uint64_t id = 0;
    int has = pool_msg_id(msg, &id);
    if (has < 0) {
        pool_out_log(out, POOL_LOG_WARN, "pool reply with a malformed id; ignored");
        return;
    }
    if (has == 0) {
        pool_out_log(out, POOL_LOG_WARN, "pool reply without an id; ignored");
        return;
    }
    if (id == s->login_id && s->phase == POOL_PHASE_LOGIN) {
        handle_login_reply(s, msg, out);
        return;
    }
    out->has_result = 1;
    out->result_id = id;
    out->accepted = pool_reply_verdict(msg, status_ok, out->reason, sizeof out->reason);
}
