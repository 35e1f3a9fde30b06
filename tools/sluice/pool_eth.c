/* The three Ethash pool dialects as pure functions (pool_dialect.h), with
 * ethminer's URL schemes: stratum1+tcp (ETHPROXY), stratum2+tcp
 * (EthereumStratum/1.0.0, NiceHash) and stratum+tcp (plain stratum). Wire
 * formats: miner contract "Wire protocols"; ../shared/specs/stratum.md. */
#include "pool_dialect.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "sluice/ethash.h"
#include "sluice/hex.h"

/* ---- Requests ------------------------------------------------------------- */

static int emit(json_t *req, char *line, size_t cap) {
    if (!req) return -1;
    int r = pool_json_line(req, line, cap);
    json_decref(req);
    return r;
}

/* ETHPROXY's "worker": what follows the first '.' of wallet.worker ("" if none). */
static const char *worker_name(const char *user) {
    const char *dot = strchr(user, '.');
    return dot ? dot + 1 : "";
}

int pool_eth_open(pool_session *s, char *line, size_t cap) {
    s->login_id = s->next_id++;
    json_int_t id = (json_int_t)s->login_id;
    switch (s->dialect) {
    case POOL_DIALECT_ETHPROXY:
        return emit(json_pack("{sIsssss[ss]ss}", "id", id, "jsonrpc", "2.0", "method", "eth_submitLogin",
                              "params", s->user, s->pass, "worker", worker_name(s->user)),
                    line, cap);
    case POOL_DIALECT_ETHSTRATUM:
        return emit(json_pack("{sIsss[ss]}", "id", id, "method", "mining.subscribe", "params", s->agent,
                              "EthereumStratum/1.0.0"),
                    line, cap);
    default:
        return emit(json_pack("{sIsss[s]}", "id", id, "method", "mining.subscribe", "params", s->agent), line,
                    cap);
    }
}

static void hex0x(char *out, const uint8_t *b, size_t n) {
    out[0] = '0';
    out[1] = 'x';
    sluice_hex_encode(out + 2, b, n);
}

/* The extranonce of the job a share was found on (ethstratum): 1 when the
 * job is remembered (this connection, one of the last POOL_DIALECT_JOB_RING
 * jobs); else 0 with the current extranonce. */
static int job_prefix(const pool_session *s, uint64_t seq, uint64_t *prefix, unsigned *bits) {
    for (unsigned i = 0; i < POOL_DIALECT_JOB_RING; i++)
        if (s->ring[i].seq == seq && seq != 0) {
            *prefix = s->ring[i].prefix;
            *bits = s->ring[i].bits;
            return 1;
        }
    uint64_t p = 0;
    for (unsigned i = 0; i < s->extranonce_len; i++) p = p << 8 | s->extranonce[i];
    *bits = 8 * s->extranonce_len;
    *prefix = *bits ? p << (64 - *bits) : 0;
    return 0;
}

int pool_eth_submit(pool_session *s, const miner_share *share, uint64_t id, char *line, size_t cap) {
    char nonce[19], header[67], mix[67];
    snprintf(nonce, sizeof nonce, "0x%016" PRIx64, share->nonce);
    hex0x(header, share->header_hash, 32);
    hex0x(mix, share->mix, 32);
    json_int_t jid = (json_int_t)id;
    json_t *req;
    switch (s->dialect) {
    case POOL_DIALECT_ETHPROXY:
        req = json_pack("{sIsssss[sss]}", "id", jid, "jsonrpc", "2.0", "method", "eth_submitWork", "params",
                        nonce, header, mix);
        break;
    case POOL_DIALECT_ETHSTRATUM: {
        /* Only the miner's part of the nonce: 16 - 2 * len(extranonce) hex digits. */
        uint64_t prefix;
        unsigned bits;
        int known = job_prefix(s, share->job_seq, &prefix, &bits);
        uint64_t mask = bits >= 64 ? 0 : ~0ull >> bits;
        if ((share->nonce & ~mask) != prefix) {
            /* A job of this connection: the miner broke the nonce (rejected).
             * A job not remembered (an earlier connection's, whose extranonce
             * differs, or one many jobs old): its work is stale (miner
             * contract "Counting"); the reason says so. */
            if (known)
                snprintf(line, cap, "nonce 0x%016" PRIx64 " does not carry the job's extranonce", share->nonce);
            else
                snprintf(line, cap, "stale: nonce 0x%016" PRIx64 " lacks the current extranonce "
                         "(job of an earlier session, not sent)", share->nonce);
            return -1;
        }
        char part[17];
        int digits = (int)(64 - bits) / 4;
        if (digits > 0)
            snprintf(part, sizeof part, "%0*" PRIx64, digits, share->nonce & mask);
        else
            part[0] = '\0';
        req = json_pack("{sIsss[sss]}", "id", jid, "method", "mining.submit", "params", s->user,
                        share->job_id, part);
        break;
    }
    default:
        req = json_pack("{sIsss[sssss]}", "id", jid, "method", "mining.submit", "params", s->user,
                        share->job_id, nonce, header, mix);
        break;
    }
    if (emit(req, line, cap) != 0) {
        snprintf(line, cap, "cannot encode the submission");
        return -1;
    }
    return 0;
}

int pool_eth_hashrate(pool_session *s, double hashes_per_second, uint64_t id, char *line, size_t cap) {
    char rate[24], cid[67];
    uint64_t r = (hashes_per_second > 0 && hashes_per_second < 1.8e19) ? (uint64_t)hashes_per_second : 0;
    snprintf(rate, sizeof rate, "0x%" PRIx64, r);
    hex0x(cid, s->client_id, 32);
    return emit(json_pack("{sIsssss[ss]}", "id", (json_int_t)id, "jsonrpc", "2.0", "method",
                          "eth_submitHashrate", "params", rate, cid),
                line, cap);
}

/* ---- Jobs ------------------------------------------------------------------ */

/* The epoch of a pool's seed (hint: the last answer, so a repeat is free). */
static int seed_epoch(pool_session *s, const uint8_t seed[32]) {
    if (s->last_epoch >= 0 && memcmp(seed, s->last_seed, 32) == 0) return s->last_epoch;
    int e = sluice_ethash_epoch_from_seed(seed, s->last_epoch);
    if (e >= 0) {
        s->last_epoch = e;
        memcpy(s->last_seed, seed, 32);
    }
    return e;
}

static int is_zero(const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (b[i]) return 0;
    return 1;
}

/* EthereumStratum share difficulty of a boundary: 0xffff * 2^208 / boundary
 * (for display only). */
static double boundary_difficulty(const uint8_t boundary[32]) {
    double b = 0;
    for (int i = 0; i < 32; i++) b = b * 256.0 + boundary[i];
    return b > 0 ? ldexp(65535.0, 208) / b : 0;
}

static int job_id_field(const json_t *v, miner_job *job, pool_dialect_out *out) {
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) >= sizeof job->job_id ||
        strlen(json_string_value(v)) != json_string_length(v)) {
        pool_out_log(out, POOL_LOG_ERROR, "job rejected: job id is not a string of 1..%zu bytes",
                     sizeof job->job_id - 1);
        return -1;
    }
    snprintf(job->job_id, sizeof job->job_id, "%s", json_string_value(v));
    return 0;
}

/* Header, seed (-> epoch) and boundary, shared by ethproxy and stratum work. */
static int eth_work(pool_session *s, const json_t *header, const json_t *seed, const json_t *boundary,
                    miner_job *job, pool_dialect_out *out) {
    if (pool_hex_field(header, job->header_hash, 32) != 0) {
        pool_out_log(out, POOL_LOG_ERROR, "job rejected: header hash is not 64 hex digits");
        return -1;
    }
    if (pool_hex_field(seed, job->seed_hash, 32) != 0) {
        pool_out_log(out, POOL_LOG_ERROR, "job rejected: seed hash is not 64 hex digits");
        return -1;
    }
    if (boundary) {
        if (pool_hex_u256(boundary, job->boundary) != 0) {
            pool_out_log(out, POOL_LOG_ERROR, "job rejected: boundary is not hex of a 256-bit number");
            return -1;
        }
        if (is_zero(job->boundary, 32)) {
            pool_out_log(out, POOL_LOG_ERROR, "job rejected: boundary 0 (no hash can meet it)");
            return -1;
        }
        job->share_difficulty = boundary_difficulty(job->boundary);
    }
    job->epoch = seed_epoch(s, job->seed_hash);
    if (job->epoch < 0) {
        char hex[65];
        sluice_hex_encode(hex, job->seed_hash, 32);
        pool_out_log(out, POOL_LOG_ERROR, "job rejected: seed %.16s... is the seed of no epoch 0..%d", hex,
                     SLUICE_ETHASH_MAX_EPOCH);
        return -1;
    }
    job->algo = MINER_ALGO_ETHASH;
    return 0;
}

static void emit_job(pool_session *s, pool_dialect_out *out) {
    out->job.seq = ++s->job_seq;
    out->has_job = 1;
    pool_session_remember_job(s, out->job.seq, out->job.nonce_prefix, out->job.nonce_prefix_bits);
}

/* ETHPROXY work: ["0x<header>","0x<seed>","0x<boundary>"(,"0x<block>")]. */
static void ethproxy_work(pool_session *s, const json_t *arr, pool_dialect_out *out) {
    miner_job *job = &out->job;
    memset(job, 0, sizeof *job);
    if (json_array_size(arr) < 3) {
        pool_out_log(out, POOL_LOG_ERROR, "work rejected: fewer than 3 elements");
        return;
    }
    if (eth_work(s, json_array_get(arr, 0), json_array_get(arr, 1), json_array_get(arr, 2), job, out) != 0)
        return;
    uint8_t work[96];
    memcpy(work, job->header_hash, 32);
    memcpy(work + 32, job->seed_hash, 32);
    memcpy(work + 64, job->boundary, 32);
    if (s->have_last_work && memcmp(work, s->last_work, 96) == 0) return;   /* the same work again */
    memcpy(s->last_work, work, 96);
    s->have_last_work = 1;
    sluice_hex_encode(job->job_id, job->header_hash, 32);   /* the header hash is the id */
    job->clean = 1;
    emit_job(s, out);
}

/* EthereumStratum/1.0.0 mining.notify [job, seed, header, clean]: the
 * boundary comes from the last set_difficulty, the nonce prefix from the
 * extranonce. */
static void ethstratum_notify(pool_session *s, const json_t *p, pool_dialect_out *out) {
    miner_job *job = &out->job;
    memset(job, 0, sizeof *job);
    if (!json_is_array(p) || json_array_size(p) < 3) {
        pool_out_log(out, POOL_LOG_ERROR, "mining.notify rejected: params is not [job, seed, header, clean]");
        return;
    }
    const json_t *clean = json_array_get(p, 3);
    if (clean && !json_is_boolean(clean)) {
        pool_out_log(out, POOL_LOG_ERROR, "mining.notify rejected: clean flag is not a boolean");
        return;
    }
    if (job_id_field(json_array_get(p, 0), job, out) != 0) return;
    if (eth_work(s, json_array_get(p, 2), json_array_get(p, 1), NULL, job, out) != 0) return;
    double d = s->difficulty;
    if (d == 0) {
        pool_out_log(out, POOL_LOG_WARN, "mining.notify before mining.set_difficulty: using difficulty 1");
        d = 1;
    }
    sluice_ethash_boundary_from_share_difficulty(d, job->boundary);
    if (is_zero(job->boundary, 32)) {
        pool_out_log(out, POOL_LOG_ERROR, "mining.notify rejected: difficulty %g leaves boundary 0", d);
        return;
    }
    job->share_difficulty = d;
    uint64_t prefix = 0;
    for (unsigned i = 0; i < s->extranonce_len; i++) prefix = prefix << 8 | s->extranonce[i];
    job->nonce_prefix_bits = 8 * s->extranonce_len;
    job->nonce_prefix = job->nonce_prefix_bits ? prefix << (64 - job->nonce_prefix_bits) : 0;
    job->clean = clean ? json_is_true(clean) : 1;
    emit_job(s, out);
}

/* Plain stratum mining.notify [job, header, seed, boundary (, clean)]. */
static void stratum_notify(pool_session *s, const json_t *p, pool_dialect_out *out) {
    miner_job *job = &out->job;
    memset(job, 0, sizeof *job);
    if (!json_is_array(p) || json_array_size(p) < 4) {
        pool_out_log(out, POOL_LOG_ERROR, "mining.notify rejected: params is not [job, header, seed, boundary]");
        return;
    }
    const json_t *clean = json_array_get(p, 4);
    if (clean && !json_is_boolean(clean)) {
        pool_out_log(out, POOL_LOG_ERROR, "mining.notify rejected: clean flag is not a boolean");
        return;
    }
    if (job_id_field(json_array_get(p, 0), job, out) != 0) return;
    if (eth_work(s, json_array_get(p, 1), json_array_get(p, 2), json_array_get(p, 3), job, out) != 0) return;
    job->clean = clean ? json_is_true(clean) : 1;
    emit_job(s, out);
}

/* The extranonce (0..8 bytes of hex) of subscribe / set_extranonce. */
static int parse_extranonce(pool_session *s, const json_t *v, pool_dialect_out *out) {
    uint8_t b[8];
    size_t n = 0;
    if (!json_is_string(v) || sluice_hex_decode(b, sizeof b, &n, json_string_value(v)) != SLUICE_OK) {
        pool_out_log(out, POOL_LOG_ERROR, "extranonce rejected: not hex of 0..8 bytes");
        return -1;
    }
    memcpy(s->extranonce, b, n);
    s->extranonce_len = (unsigned)n;
    return 0;
}

static void ethstratum_method(pool_session *s, json_t *msg, const char *m, pool_dialect_out *out) {
    const json_t *p = json_object_get(msg, "params");
    if (strcmp(m, "mining.notify") == 0) {
        ethstratum_notify(s, p, out);
    } else if (strcmp(m, "mining.set_difficulty") == 0) {
        const json_t *d = json_is_array(p) ? json_array_get(p, 0) : NULL;
        double v = json_is_number(d) ? json_number_value(d) : -1;
        if (!(v > 0) || !isfinite(v)) {
            pool_out_log(out, POOL_LOG_ERROR, "mining.set_difficulty rejected: not a positive number");
            return;
        }
        s->difficulty = v;
        pool_out_log(out, POOL_LOG_INFO, "share difficulty %g (from the next job)", v);
    } else if (strcmp(m, "mining.set_extranonce") == 0) {
        if (parse_extranonce(s, json_is_array(p) ? json_array_get(p, 0) : NULL, out) == 0)
            pool_out_log(out, POOL_LOG_INFO, "extranonce of %u bytes (from the next job)", s->extranonce_len);
    } else {
        pool_reply_unknown(out, msg, m);
    }
}

/* ---- Replies ----------------------------------------------------------------- */

static int is_true(const json_t *res) { return json_is_true(res); }

static void refuse(pool_dialect_out *out, const char *what, const json_t *msg) {
    char why[256];
    const json_t *err = json_object_get(msg, "error");
    if (err && !json_is_null(err))
        pool_error_text(err, why, sizeof why);
    else
        snprintf(why, sizeof why, "result is not true");
    pool_out_log(out, POOL_LOG_ERROR, "%s refused: %s", what, why);
    out->fatal = 1;
}

static int reply_ok(const json_t *msg) {
    const json_t *err = json_object_get(msg, "error");
    return (!err || json_is_null(err)) && json_is_true(json_object_get(msg, "result"));
}

static void logged_in(pool_session *s, pool_dialect_out *out) {
    s->phase = POOL_PHASE_READY;
    out->logged_in = 1;
}

static void send_authorize(pool_session *s, pool_dialect_out *out) {
    s->auth_id = s->next_id++;
    json_t *req = json_pack("{sIsss[ss]}", "id", (json_int_t)s->auth_id, "method", "mining.authorize", "params",
                            s->user, s->pass);
    if (!req || pool_out_send(out, req) != 0) {
        pool_out_log(out, POOL_LOG_ERROR, "cannot encode mining.authorize");
        out->fatal = 1;
    }
    json_decref(req);
    s->phase = POOL_PHASE_AUTHORIZE;
}

/* Replies to the dialect's own requests: 1 when handled. */
static int own_reply(pool_session *s, json_t *msg, uint64_t id, pool_dialect_out *out) {
    if (id == s->login_id && s->phase == POOL_PHASE_LOGIN) {
        if (s->dialect == POOL_DIALECT_ETHPROXY) {
            if (!reply_ok(msg)) {
                refuse(out, "eth_submitLogin", msg);
                return 1;
            }
            logged_in(s, out);
            s->getwork_id = s->next_id++;
            json_t *req = json_pack("{sIsssss[]}", "id", (json_int_t)s->getwork_id, "jsonrpc", "2.0", "method",
                                    "eth_getWork", "params");
            if (!req || pool_out_send(out, req) != 0) pool_out_log(out, POOL_LOG_ERROR, "cannot encode eth_getWork");
            json_decref(req);
        } else if (s->dialect == POOL_DIALECT_ETHSTRATUM) {
            const json_t *err = json_object_get(msg, "error");
            const json_t *res = json_object_get(msg, "result");
            if ((err && !json_is_null(err)) || !json_is_array(res) || json_array_size(res) < 2) {
                refuse(out, "mining.subscribe", msg);
                return 1;
            }
            if (parse_extranonce(s, json_array_get(res, 1), out) != 0) {
                out->fatal = 1;
                return 1;
            }
            send_authorize(s, out);
        } else {
            /* Plain stratum: any answer to subscribe will do (some pools refuse it). */
            send_authorize(s, out);
        }
        return 1;
    }
    if (id == s->auth_id && s->phase == POOL_PHASE_AUTHORIZE) {
        if (reply_ok(msg))
            logged_in(s, out);
        else
            refuse(out, "mining.authorize", msg);
        return 1;
    }
    for (unsigned i = 0; i < sizeof s->hashrate_ids / sizeof s->hashrate_ids[0]; i++)
        if (s->hashrate_ids[i] == id && id != 0) return 1;   /* eth_submitHashrate answers are ignored */
    if (id == s->getwork_id && id != 0) {
        pool_out_log(out, POOL_LOG_WARN, "eth_getWork answered without work");
        return 1;
    }
    return 0;
}

void pool_eth_handle(pool_session *s, json_t *msg, pool_dialect_out *out) {
    const json_t *method = json_object_get(msg, "method");
    if (method && !json_is_null(method)) {
        if (!json_is_string(method)) {
            pool_out_log(out, POOL_LOG_WARN, "pool sent a non-string method; ignored");
            return;
        }
        const char *m = json_string_value(method);
        if (s->dialect == POOL_DIALECT_ETHSTRATUM)
            ethstratum_method(s, msg, m, out);
        else if (s->dialect == POOL_DIALECT_STRATUM && strcmp(m, "mining.notify") == 0)
            stratum_notify(s, json_object_get(msg, "params"), out);
        else
            pool_reply_unknown(out, msg, m);
        return;
    }
    uint64_t id = 0;
    int has = pool_msg_id(msg, &id);
    if (has < 0) {
        pool_out_log(out, POOL_LOG_WARN, "pool reply with a malformed id; ignored");
        return;
    }
    const json_t *res = json_object_get(msg, "result");
    /* ETHPROXY work: the eth_getWork answer or pushed work (id 0 or none). */
    if (s->dialect == POOL_DIALECT_ETHPROXY && json_is_array(res)) {
        ethproxy_work(s, res, out);
        return;
    }
    if (has == 0 || id == 0) {
        pool_out_log(out, POOL_LOG_WARN, "pool reply without an id; ignored");
        return;
    }
    if (own_reply(s, msg, id, out)) return;
    out->has_result = 1;
    out->result_id = id;
    out->accepted = pool_reply_verdict(msg, is_true, out->reason, sizeof out->reason);
}
