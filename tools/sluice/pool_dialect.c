/* What the pool dialects share (pool_dialect.h): session set-up, JSON-RPC
 * plumbing (ids, error texts, reply verdicts), strict hex fields, the
 * dispatch to pool_bytom.c / pool_eth.c, and the contract's stale rule. */
#include "pool_dialect.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "sluice/hex.h"

/* Miner contract, "Counting": stale = an error whose message contains
 * "stale", "expired" or "job not found", case-insensitive. */
int pool_reason_is_stale(const char *reason) {
    static const char *const words[] = {"stale", "expired", "job not found"};
    if (!reason) return 0;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t n = strlen(words[w]);
        for (const char *p = reason; *p; p++)
            if (strncasecmp(p, words[w], n) == 0) return 1;
    }
    return 0;
}

static int copy_cred(char *dst, const char *src) {
    if (!src) src = "";
    size_t n = strlen(src);
    if (n > POOL_DIALECT_CRED_MAX) return -1;
    memcpy(dst, src, n + 1);
    return 0;
}

int pool_session_init(pool_session *s, pool_dialect dialect, const char *user, const char *pass,
                      const char *agent, const uint8_t client_id[32]) {
    memset(s, 0, sizeof *s);
    s->dialect = dialect;
    if (copy_cred(s->user, user) || copy_cred(s->pass, pass) || copy_cred(s->agent, agent)) return -1;
    if (client_id) memcpy(s->client_id, client_id, 32);
    s->last_epoch = -1;
    pool_session_reset(s);
    return 0;
}

void pool_session_reset(pool_session *s) {
    s->phase = POOL_PHASE_LOGIN;
    s->next_id = 1;
    s->login_id = s->auth_id = s->getwork_id = 0;
    memset(s->hashrate_ids, 0, sizeof s->hashrate_ids);
    s->session_id[0] = '\0';
    s->extranonce_len = 0;
    s->difficulty = 0;
    s->have_last_work = 0;
    memset(s->ring, 0, sizeof s->ring);
    s->ring_next = 0;
}

int pool_dialect_open(pool_session *s, char *line, size_t cap) {
    if (s->dialect == POOL_DIALECT_BYTOM) return pool_bytom_open(s, line, cap);
    return pool_eth_open(s, line, cap);
}

int pool_dialect_submit(pool_session *s, const miner_share *share, uint64_t *rpc_id, char *line, size_t cap) {
    uint64_t id = s->next_id;
    int r = s->dialect == POOL_DIALECT_BYTOM ? pool_bytom_submit(s, share, id, line, cap)
                                             : pool_eth_submit(s, share, id, line, cap);
    if (r == 0) {   /* ids are used only by requests that go out */
        s->next_id++;
        *rpc_id = id;
    }
    return r;
}

int pool_dialect_hashrate(pool_session *s, double hashes_per_second, char *line, size_t cap) {
    if (s->dialect != POOL_DIALECT_ETHPROXY) return 0;
    uint64_t id = s->next_id++;
    memmove(s->hashrate_ids + 1, s->hashrate_ids, sizeof s->hashrate_ids - sizeof s->hashrate_ids[0]);
    s->hashrate_ids[0] = id;
    return pool_eth_hashrate(s, hashes_per_second, id, line, cap) == 0 ? 1 : -1;
}

/* Up to 80 characters of a received line for log messages, non-printable
 * bytes shown as '?'. */
static void snippet(const char *line, size_t len, char *buf, size_t cap) {
    size_t n = len < 80 ? len : 80;
    if (n >= cap) n = cap - 1;
    for (size_t i = 0; i < n; i++) buf[i] = isprint((unsigned char)line[i]) ? line[i] : '?';
    buf[n] = '\0';
    if (len > n && n >= 3) memcpy(buf + n - 3, "...", 3);
}

static void dispatch(pool_session *s, json_t *msg, pool_dialect_out *out) {
    if (!json_is_object(msg)) {
        pool_out_log(out, POOL_LOG_WARN, "pool sent JSON that is not an object; ignored");
        return;
    }
    if (s->dialect == POOL_DIALECT_BYTOM)
        pool_bytom_handle(s, msg, out);
    else
        pool_eth_handle(s, msg, out);
}

void pool_dialect_handle_line(pool_session *s, const char *line, size_t len, pool_dialect_out *out) {
    memset(out, 0, sizeof *out);
    json_error_t err;
    json_t *msg = json_loadb(line, len, 0, &err);
    if (!msg) {
        char snip[96];
        snippet(line, len, snip, sizeof snip);
        pool_out_log(out, POOL_LOG_WARN, "malformed JSON from the pool (%s at column %d): %s", err.text,
                     err.column, snip);
        return;
    }
    dispatch(s, msg, out);
    json_decref(msg);
}

void pool_dialect_handle_json(pool_session *s, json_t *msg, pool_dialect_out *out) {
    memset(out, 0, sizeof *out);
    dispatch(s, msg, out);
}

void pool_out_log(pool_dialect_out *out, pool_log_level level, const char *fmt, ...) {
    if (out->nlog >= POOL_DIALECT_MAX_LOG) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->log[out->nlog], POOL_DIALECT_LOG_CAP, fmt, ap);
    va_end(ap);
    out->log_level[out->nlog++] = level;
}

int pool_json_line(const json_t *req, char *line, size_t cap) {
    size_t need = json_dumpb(req, NULL, 0, JSON_COMPACT);
    if (need == 0 || need >= cap) return -1;
    if (json_dumpb(req, line, cap, JSON_COMPACT) != need) return -1;
    line[need] = '\0';
    return 0;
}

int pool_out_send(pool_dialect_out *out, const json_t *req) {
    if (out->nsend >= POOL_DIALECT_MAX_SEND) return -1;
    if (pool_json_line(req, out->send[out->nsend], POOL_DIALECT_LINE_CAP) != 0) return -1;
    out->nsend++;
    return 0;
}

int pool_msg_id(const json_t *msg, uint64_t *id) {
    const json_t *v = json_object_get(msg, "id");
    if (!v || json_is_null(v)) return 0;
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        if (i < 0) return -1;
        *id = (uint64_t)i;
        return 1;
    }
    if (json_is_string(v)) {
        const char *t = json_string_value(v);
        if (!*t || strlen(t) > 19) return -1;
        uint64_t x = 0;
        for (const char *p = t; *p; p++) {
            if (*p < '0' || *p > '9') return -1;
            x = x * 10 + (uint64_t)(*p - '0');
        }
        *id = x;
        return 1;
    }
    return -1;
}

/* Control characters in a pool's text become spaces (log lines stay one line). */
static void sanitize(char *buf) {
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f) *p = ' ';
}

static void copy_text(char *buf, size_t cap, const char *t) {
    snprintf(buf, cap, "%s", t);
    sanitize(buf);
}

void pool_error_text(const json_t *err, char *buf, size_t cap) {
    const json_t *m = NULL;
    if (json_is_object(err)) m = json_object_get(err, "message");
    else if (json_is_array(err)) m = json_array_get(err, 1);
    else if (json_is_string(err)) m = err;
    if (json_is_string(m) && json_string_value(m)[0])
        copy_text(buf, cap, json_string_value(m));
    else
        copy_text(buf, cap, "error without a message");
}

int pool_reply_verdict(const json_t *msg, int (*ok_fn)(const json_t *result), char *reason, size_t cap) {
    const json_t *err = json_object_get(msg, "error");
    const json_t *res = json_object_get(msg, "result");
    if (err && !json_is_null(err)) {
        pool_error_text(err, reason, cap);
        return 0;
    }
    if (!res || json_is_null(res)) {
        copy_text(reason, cap, "pool answered neither result nor error");
        return 0;
    }
    if (ok_fn(res)) {
        reason[0] = '\0';
        return 1;
    }
    if (json_is_false(res)) {
        copy_text(reason, cap, "rejected by the pool (result false)");
    } else if (json_is_object(res) && json_is_string(json_object_get(res, "status"))) {
        snprintf(reason, cap, "rejected by the pool (status %.200s)",
                 json_string_value(json_object_get(res, "status")));
        sanitize(reason);
    } else {
        copy_text(reason, cap, "rejected by the pool (unexpected result)");
    }
    return 0;
}

int pool_hex_field(const json_t *v, uint8_t *out, size_t len) {
    if (!json_is_string(v)) return -1;
    return sluice_hex_decode_exact(out, len, json_string_value(v)) == SLUICE_OK ? 0 : -1;
}

static int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int pool_hex_u256(const json_t *v, uint8_t out[32]) {
    if (!json_is_string(v)) return -1;
    const char *h = json_string_value(v);
    if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X')) h += 2;
    size_t n = strlen(h);
    if (n == 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (nibble(h[i]) < 0) return -1;
    while (n > 1 && *h == '0') h++, n--;     /* leading zeros carry no value */
    if (n > 64) return -1;                    /* >= 2^256 */
    memset(out, 0, 32);
    for (size_t i = 0; i < n; i++) {          /* digit i from the right is nibble k */
        size_t k = n - 1 - i;
        int d = nibble(h[i]);
        out[31 - k / 2] |= (uint8_t)(k % 2 ? d << 4 : d);
    }
    return 0;
}

void pool_reply_unknown(pool_dialect_out *out, const json_t *msg, const char *method) {
    char m[96];
    copy_text(m, sizeof m, method);
    const json_t *id = json_object_get(msg, "id");
    if (!id || json_is_null(id)) {
        pool_out_log(out, POOL_LOG_WARN, "pool sent unknown method '%s'; ignored", m);
        return;
    }
    pool_out_log(out, POOL_LOG_WARN, "pool sent unknown request '%s'; answered with an error", m);
    json_t *rep = json_pack("{sOsOs{siss}}", "id", (json_t *)id, "result", json_null(), "error", "code",
                            -32601, "message", "Method not found");
    if (rep) {
        pool_out_send(out, rep);
        json_decref(rep);
    }
}

void pool_session_remember_job(pool_session *s, uint64_t seq, uint64_t prefix, unsigned bits) {
    unsigned i = s->ring_next++ % POOL_DIALECT_JOB_RING;
    s->ring[i].seq = seq;
    s->ring[i].prefix = prefix;
    s->ring[i].bits = bits;
}
