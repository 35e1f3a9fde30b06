/* The three Ethash pool dialects, pool side (stratum.md "Ethash pools"):
 *   ethproxy   (stratum1+tcp): eth_submitLogin, eth_getWork, pushed work
 *              {"id":0,"result":[header, seed, boundary, block]}, eth_submitWork;
 *   ethstratum (stratum2+tcp, EthereumStratum/1.0.0): mining.subscribe with
 *              an extranonce, mining.authorize, set_difficulty + notify,
 *              mining.submit with the miner's part of the nonce;
 *   stratum    (plain): mining.notify [job, header, seed, boundary, clean],
 *              mining.submit [user, job, nonce, header, mix].
 * All jobs are at epoch 0 (seed = 32 zero bytes). */
#include "testpool.h"
#include <stdio.h>
#include <string.h>

static const uint8_t zero_seed[32];

/* EthereumStratum/1.0.0 extranonce of connection c: 0xa2ee, 0xa2ef, ... (2
 * bytes, so the miner varies the low 48 bits). */
static void assign_extranonce(tp_conn *c) {
    unsigned v = (0xa2eeu + c->no - 1) & 0xffffu;
    c->extranonce[0] = (uint8_t)(v >> 8);
    c->extranonce[1] = (uint8_t)v;
    c->extranonce_bytes = 2;
}

static json_t *ethproxy_work(const tp_job *job) {
    char header[67], seed[67], boundary[67], block[24];
    tp_hex(header, job->header_hash, 32, 1);
    tp_hex(seed, zero_seed, 32, 1);
    tp_hex(boundary, job->boundary, 32, 1);
    snprintf(block, sizeof block, "0x%llx", (unsigned long long)(1000 + job->number)); /* epoch 0 */
    return json_pack("[s,s,s,s]", header, seed, boundary, block);
}

void tp_eth_push_job(tp_pool *p, tp_conn *c, const tp_job *job) {
    char header[67], seed[67], boundary[67];
    json_t *msg;
    tp_log(p, c, "push job %.20s", job->id);
    switch (p->opt.dialect) {
    case TP_ETHPROXY:
        msg = json_pack("{s:i,s:s,s:o}", "id", 0, "jsonrpc", "2.0", "result", ethproxy_work(job));
        break;
    case TP_ETHSTRATUM:
        msg = json_pack("{s:n,s:s,s:[f]}", "id", "method", "mining.set_difficulty", "params",
                        job->share_difficulty);
        if (tp_send_json(p, c, msg) != 0) { json_decref(msg); return; }
        json_decref(msg);
        tp_hex(header, job->header_hash, 32, 0);
        tp_hex(seed, zero_seed, 32, 0);
        msg = json_pack("{s:n,s:s,s:[s,s,s,b]}", "id", "method", "mining.notify", "params", job->id, seed,
                        header, 1);
        break;
    default:
        tp_hex(header, job->header_hash, 32, 1);
        tp_hex(seed, zero_seed, 32, 1);
        tp_hex(boundary, job->boundary, 32, 1);
        msg = json_pack("{s:n,s:s,s:[s,s,s,s,b]}", "id", "method", "mining.notify", "params", job->id, header,
                        seed, boundary, 1);
        break;
    }
    tp_send_json(p, c, msg);
    json_decref(msg);
}

/* A login (eth_submitLogin / mining.authorize): 1 when accepted. */
static int login(tp_pool *p, tp_conn *c, json_t *id, json_t *params) {
    const char *user = json_string_value(json_array_get(params, 0));
    if (!user || !*user) {
        tp_log(p, c, "bad login request");
        tp_reply_error(p, c, id, -1, "invalid login");
        return 0;
    }
    if (p->opt.dialect == TP_ETHSTRATUM && !c->subscribed) {
        tp_log(p, c, "authorize before subscribe");
        tp_reply_error(p, c, id, -1, "not subscribed");
        return 0;
    }
    if (tp_hostile_on_login(p, c)) return 0;
    p->counts.logins++;
    c->authorized = 1;
    tp_log(p, c, "login '%.60s' (logins=%llu)", user, (unsigned long long)p->counts.logins);
    tp_reply(p, c, id, json_true());
    return c->state == TP_CONN_OPEN;
}

static void first_job(tp_pool *p, tp_conn *c) {
    if (tp_hostile_before_job(p, c, NULL) == TP_HOOK_STOP) return;
    c->got_first_job = 1;
    tp_eth_push_job(p, c, tp_current_job(p));
}

static void submit(tp_pool *p, tp_conn *c, json_t *id, json_t *params) {
    uint64_t nonce;
    uint8_t header[32], mix[32];
    if (!c->authorized) { tp_reject_submit(p, c, id, "unauthorized worker"); return; }
    if (!json_is_array(params)) { tp_reject_submit(p, c, id, "invalid params"); return; }
    if (p->opt.dialect == TP_ETHPROXY) {          /* ["0x<nonce16>","0x<header>","0x<mix>"] */
        if (tp_parse_hex_u64(json_string_value(json_array_get(params, 0)), 16, &nonce) != 0 ||
            tp_parse_hex_bytes(json_string_value(json_array_get(params, 1)), header, 32) != 0 ||
            tp_parse_hex_bytes(json_string_value(json_array_get(params, 2)), mix, 32) != 0) {
            tp_reject_submit(p, c, id, "invalid params");
            return;
        }
        char label[67];
        tp_hex(label, header, 32, 1);
        tp_judge_share(p, c, id, tp_find_job_by_header(p, header), label, nonce, mix);
        return;
    }
    const char *job_id = json_string_value(json_array_get(params, 1));
    if (!job_id) { tp_reject_submit(p, c, id, "invalid job id"); return; }
    tp_job *job = tp_find_job(p, job_id);
    if (p->opt.dialect == TP_ETHSTRATUM) {        /* [user, job, miner part of the nonce] */
        /* full nonce = extranonce || miner part, the extranonce being the top bytes */
        unsigned digits = 16 - 2 * c->extranonce_bytes;
        uint64_t part, prefix = 0;
        if (tp_parse_hex_u64(json_string_value(json_array_get(params, 2)), digits, &part) != 0) {
            tp_reject_submit(p, c, id, "invalid nonce (want the miner part without the extranonce)");
            return;
        }
        for (unsigned i = 0; i < c->extranonce_bytes; i++) prefix = (prefix << 8) | c->extranonce[i];
        nonce = c->extranonce_bytes ? (prefix << (8 * (8 - c->extranonce_bytes))) | part : part;
        tp_judge_share(p, c, id, job, job_id, nonce, NULL);
        return;
    }
    /* plain stratum: [user, job, "0x<nonce16>", "0x<header>", "0x<mix>"] */
    if (tp_parse_hex_u64(json_string_value(json_array_get(params, 2)), 16, &nonce) != 0 ||
        tp_parse_hex_bytes(json_string_value(json_array_get(params, 3)), header, 32) != 0 ||
        tp_parse_hex_bytes(json_string_value(json_array_get(params, 4)), mix, 32) != 0) {
        tp_reject_submit(p, c, id, "invalid params");
        return;
    }
    if (job && memcmp(header, job->header_hash, 32) != 0) { tp_reject_submit(p, c, id, "header mismatch"); return; }
    tp_judge_share(p, c, id, job, job_id, nonce, mix);
}

static void subscribe(tp_pool *p, tp_conn *c, json_t *id, json_t *params) {
    c->subscribed = 1;
    if (p->opt.dialect != TP_ETHSTRATUM) {
        tp_log(p, c, "subscribed");
        tp_reply(p, c, id, json_true());
        return;
    }
    const char *proto = json_string_value(json_array_get(params, 1));
    if (!proto || strcmp(proto, "EthereumStratum/1.0.0") != 0)
        tp_log(p, c, "subscribe without \"EthereumStratum/1.0.0\" (continuing)");
    assign_extranonce(c);
    char en[17], sub[17];
    tp_hex(en, c->extranonce, c->extranonce_bytes, 0);
    snprintf(sub, sizeof sub, "%016llx", (unsigned long long)tp_rng_u64(p));
    tp_log(p, c, "subscribed, extranonce %s", en);
    tp_reply(p, c, id, json_pack("[[s,s,s],s]", "mining.notify", sub, "EthereumStratum/1.0.0", en));
}

void tp_eth_handle(tp_pool *p, tp_conn *c, json_t *msg) {
    json_t *id = json_object_get(msg, "id");
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    if (!method) {
        tp_log(p, c, "a line without method (an answer?) ignored");
        return;
    }
    int proxy = p->opt.dialect == TP_ETHPROXY;
    if (proxy && strcmp(method, "eth_submitLogin") == 0) {
        login(p, c, id, params);
    } else if (proxy && strcmp(method, "eth_getWork") == 0) {
        if (!c->authorized) { tp_reply_error(p, c, id, -1, "not logged in"); return; }
        if (!c->got_first_job && tp_hostile_before_job(p, c, NULL) == TP_HOOK_STOP) return;
        c->got_first_job = 1;
        tp_log(p, c, "getWork -> job %.20s", tp_current_job(p)->id);
        tp_reply(p, c, id, ethproxy_work(tp_current_job(p)));
    } else if (proxy && strcmp(method, "eth_submitWork") == 0) {
        submit(p, c, id, params);
    } else if (strcmp(method, "eth_submitHashrate") == 0 || strcmp(method, "mining.hashrate") == 0) {
        p->counts.hashrate_reports++;
        tp_reply(p, c, id, json_true());
    } else if (!proxy && strcmp(method, "mining.subscribe") == 0) {
        subscribe(p, c, id, params);
    } else if (!proxy && strcmp(method, "mining.extranonce.subscribe") == 0) {
        tp_reply(p, c, id, json_true());
    } else if (!proxy && strcmp(method, "mining.authorize") == 0) {
        if (login(p, c, id, params)) first_job(p, c);
    } else if (!proxy && strcmp(method, "mining.submit") == 0) {
        submit(p, c, id, params);
    } else {
        tp_log(p, c, "unknown method '%.60s'", method);
        tp_reply_error(p, c, id, -1, "unknown method");
    }
}
