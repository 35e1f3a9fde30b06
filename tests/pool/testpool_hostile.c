/* --hostile MODE: what a broken or malicious pool sends, so the miner's pool
 * client can be seen to log it and keep running (miner_contract.md):
 *   malformed       invalid JSON lines and well-formed messages with wrong
 *                   types, before the first job of every connection;
 *   unknown-method  notifications and requests with methods nobody knows;
 *   absurd-target   jobs with a zero target / boundary 0 and targets above
 *                   2^256, then a good job;
 *   huge-line       a 1 MiB line without newline (first connection only: the
 *                   client must drop it; later connections are served);
 *   close-early     the connection is closed right after the login (first
 *                   connection only). */
#include "testpool.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"none", "malformed", "unknown-method", "absurd-target", "huge-line",
                                    "close-early"};

const char *tp_hostile_name(tp_hostile h) { return names[h]; }

int tp_hostile_parse(const char *s, tp_hostile *out) {
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0) { *out = (tp_hostile)i; return 0; }
    return -1;
}

/* Sends lines (each without its newline); stops early if the connection died. */
static int send_lines(tp_pool *p, tp_conn *c, const char *const *lines, size_t n) {
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(lines[i]);
        char *buf = malloc(len + 1);
        if (!buf) return -1;
        memcpy(buf, lines[i], len);
        buf[len] = '\n';
        int rc = tp_send_raw(p, c, buf, len + 1);
        free(buf);
        if (rc != 0) return -1;
        p->counts.hostile_lines++;
    }
    return 0;
}

#define H64 "1111111111111111111111111111111111111111111111111111111111111111"
#define Z64 "0000000000000000000000000000000000000000000000000000000000000000"

static const char *const garbage[] = {
    "this is not json",
    "{\"id\":9999,\"result\":",
    "[1,2,3]",
    "\"a string\"",
    "{}",
    "null",
    "\x01\x02\xff\xfe binary junk",
    "{\"id\":\"x\",\"method\":42,\"params\":{}}",
    "{\"id\":9999,\"result\":{\"unexpected\":true},\"error\":null}",
};

static const char *const malformed_bytom[] = {
    "{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":\"not an object\"}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":{\"job_id\":\"bad-1\"}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":{\"version\":1,\"height\":[],\"timestamp\":null,"
    "\"bits\":{},\"nonce\":7,\"previous_block_hash\":5,\"transactions_merkle_root\":true,"
    "\"transaction_status_hash\":\"" H64 "\",\"seed\":\"" H64 "\",\"job_id\":17,\"target\":12}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":{\"version\":\"0100000000000000\",\"height\":\"zz00000000000000\","
    "\"timestamp\":\"0000000000000000\",\"bits\":\"0000000000000000\",\"nonce\":\"0000000000000000\","
    "\"previous_block_hash\":\"1234\",\"transactions_merkle_root\":\"" H64 "\",\"transaction_status_hash\":\"" H64 "\","
    "\"seed\":\"" H64 "zz\",\"job_id\":\"bad-3\",\"target\":\"ffff\"}}",
};

static const char *const malformed_ethproxy[] = {
    "{\"id\":0,\"result\":\"0xdead\"}",
    "{\"id\":0,\"result\":[1,2,3]}",
    "{\"id\":0,\"result\":[\"0x12\",\"0x34\",\"0x56\"]}",
    "{\"id\":0,\"result\":[\"0xzz" H64 "\",\"0x" Z64 "\",\"0x" H64 "\"]}",
    "{\"id\":0,\"result\":[]}",
};

static const char *const malformed_ethstratum[] = {
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":\"x\"}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[1,2,3,4]}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"bad-1\",\"zz" H64 "\",\"" H64 "\",true]}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"bad-2\",\"1234\",\"" H64 "\",true]}",
    "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[\"abc\"]}",
    "{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[5]}",
    "{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"zz\"]}",
    "{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"0102030405060708090a\"]}",
};

static const char *const malformed_stratum[] = {
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":\"x\"}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[1,2,3,4]}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"bad-1\",\"0xzz\",\"0x" Z64 "\",\"0x" H64 "\",true]}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"bad-2\",\"0x" H64 "\",\"0x" Z64 "\",\"0x12\",true]}",
};

static const char *const unknown_bytom[] = {
    "{\"jsonrpc\":\"2.0\",\"method\":\"mining.foo\",\"params\":{}}",
    "{\"id\":77,\"jsonrpc\":\"2.0\",\"method\":\"client.get_version\",\"params\":[]}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"show_message\",\"params\":[\"hello from the test pool\"]}",
};

static const char *const unknown_eth[] = {
    "{\"id\":null,\"method\":\"client.show_message\",\"params\":[\"hello from the test pool\"]}",
    "{\"id\":78,\"method\":\"client.get_version\",\"params\":[]}",
    "{\"id\":null,\"method\":\"mining.foo\",\"params\":[]}",
    "{\"id\":0,\"jsonrpc\":\"2.0\",\"method\":\"eth_foo\",\"params\":[]}",
};

static const char *const absurd_ethproxy[] = {
    "{\"id\":0,\"jsonrpc\":\"2.0\",\"result\":[\"0x2222222222222222222222222222222222222222222222222222222222222222\","
    "\"0x" Z64 "\",\"0x" Z64 "\",\"0x3e8\"]}",
    "{\"id\":0,\"jsonrpc\":\"2.0\",\"result\":[\"0x3333333333333333333333333333333333333333333333333333333333333333\","
    "\"0x" Z64 "\",\"0x1" Z64 "\",\"0x3e8\"]}",
    "{\"id\":0,\"jsonrpc\":\"2.0\",\"result\":[\"0x4444444444444444444444444444444444444444444444444444444444444444\","
    "\"0x" Z64 "\",\"0x01" Z64 "\",\"0x3e8\"]}",
};

static const char *const absurd_ethstratum[] = {
    "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0]}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"absurd-1\",\"" Z64 "\","
    "\"2222222222222222222222222222222222222222222222222222222222222222\",true]}",
    "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[-1]}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"absurd-2\",\"" Z64 "\","
    "\"3333333333333333333333333333333333333333333333333333333333333333\",true]}",
    "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[1e-300]}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"absurd-3\",\"" Z64 "\","
    "\"4444444444444444444444444444444444444444444444444444444444444444\",true]}",
};

static const char *const absurd_stratum[] = {
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"absurd-1\","
    "\"0x2222222222222222222222222222222222222222222222222222222222222222\",\"0x" Z64 "\",\"0x" Z64 "\",true]}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"absurd-2\","
    "\"0x3333333333333333333333333333333333333333333333333333333333333333\",\"0x" Z64 "\",\"0x1" Z64 "\",true]}",
    "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"absurd-3\","
    "\"0x4444444444444444444444444444444444444444444444444444444444444444\",\"0x" Z64 "\",\"0x01" Z64 "\",true]}",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* bytom absurd-target: the login answer carries a job with target 0, then a
 * job whose 10-byte target encodes a number above 2^256 is pushed. */
static tp_hook bytom_absurd(tp_pool *p, tp_conn *c, json_t *login_id) {
    const tp_job *good = tp_current_job(p);
    tp_job bad = *good;
    snprintf(bad.id, sizeof bad.id, "absurd-1");
    json_t *j = tp_bytom_job_json(p, c, &bad, 0);
    tp_reply(p, c, login_id, json_pack("{s:s,s:o,s:s}", "id", c->session, "job", j, "status", "OK"));
    p->counts.hostile_lines++;
    snprintf(bad.id, sizeof bad.id, "absurd-2");
    j = tp_bytom_job_json(p, c, &bad, 0);
    json_object_set_new(j, "target", json_string("00000000000000000001"));
    json_t *msg = json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", "job", "params", j);
    tp_send_json(p, c, msg);
    json_decref(msg);
    p->counts.hostile_lines++;
    return c->state == TP_CONN_OPEN ? TP_HOOK_ANSWERED : TP_HOOK_STOP;
}

static int huge_line(tp_pool *p, tp_conn *c) {
    const char *head = "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"";
    size_t n = TP_HUGE_LINE_BYTES, hl = strlen(head);
    char *buf = malloc(n);
    if (!buf) return -1;
    memset(buf, 'a', n);
    memcpy(buf, head, hl);
    tp_log(p, c, "hostile: sending a %zu-byte line without newline", n);
    /* counted as it starts: a client that works hangs up after its line
     * limit, so the send usually ends in a reset, not in success */
    p->counts.hostile_lines++;
    int rc = tp_send_raw(p, c, buf, n);
    free(buf);
    return rc;
}

tp_hook tp_hostile_before_job(tp_pool *p, tp_conn *c, json_t *login_id) {
    tp_dialect d = p->opt.dialect;
    int rc = 0;
    switch (p->opt.hostile) {
    case TP_HOSTILE_NONE:
    case TP_HOSTILE_CLOSE_EARLY:
        return TP_HOOK_CONTINUE;
    case TP_HOSTILE_MALFORMED:
        tp_log(p, c, "hostile: malformed lines before the job");
        rc = send_lines(p, c, garbage, N(garbage));
        if (rc == 0) {
            if (d == TP_BYTOM) rc = send_lines(p, c, malformed_bytom, N(malformed_bytom));
            else if (d == TP_ETHPROXY) rc = send_lines(p, c, malformed_ethproxy, N(malformed_ethproxy));
            else if (d == TP_ETHSTRATUM) rc = send_lines(p, c, malformed_ethstratum, N(malformed_ethstratum));
            else rc = send_lines(p, c, malformed_stratum, N(malformed_stratum));
        }
        break;
    case TP_HOSTILE_UNKNOWN_METHOD:
        tp_log(p, c, "hostile: unknown methods before the job");
        rc = d == TP_BYTOM ? send_lines(p, c, unknown_bytom, N(unknown_bytom))
                           : send_lines(p, c, unknown_eth, N(unknown_eth));
        break;
    case TP_HOSTILE_ABSURD_TARGET:
        tp_log(p, c, "hostile: absurd targets before the good job");
        if (d == TP_BYTOM) return bytom_absurd(p, c, login_id);
        if (d == TP_ETHPROXY) rc = send_lines(p, c, absurd_ethproxy, N(absurd_ethproxy));
        else if (d == TP_ETHSTRATUM) rc = send_lines(p, c, absurd_ethstratum, N(absurd_ethstratum));
        else rc = send_lines(p, c, absurd_stratum, N(absurd_stratum));
        break;
    case TP_HOSTILE_HUGE_LINE:
        if (c->no != 1) return TP_HOOK_CONTINUE;
        huge_line(p, c);
        return TP_HOOK_STOP;
    }
    return rc == 0 && c->state == TP_CONN_OPEN ? TP_HOOK_CONTINUE : TP_HOOK_STOP;
}

int tp_hostile_on_login(tp_pool *p, tp_conn *c) {
    if (p->opt.hostile != TP_HOSTILE_CLOSE_EARLY || c->no != 1) return 0;
    p->counts.hostile_lines++;
    tp_close(p, c, "hostile: closing right after the login");
    return 1;
}
