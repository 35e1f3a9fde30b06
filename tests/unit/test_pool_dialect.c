/* The pool dialects as pure functions (pool_dialect.h): exact request lines,
 * job conversion (checked field by field against values worked out here),
 * share verdicts and the contract's stale rule, and rejection of absurd or
 * malformed input. Includes the EthereumStratum/1.0.0 real example of
 * ../shared/specs/stratum.md (extranonce a2eea0, miner nonce cfae7df760,
 * epoch 50, share difficulty ~1.863), checked with the Ethash light hash. */
#include "pool_dialect.h"
#include "sluice/ethash.h"
#include "sluice/hex.h"
#include "testutil.h"
#include <math.h>
#include <string.h>

static pool_dialect_out O;   /* ~10 KiB: not on the stack */

static void feed(pool_session *s, const char *line) { pool_dialect_handle_line(s, line, strlen(line), &O); }

static int has_log(pool_log_level level, const char *part) {
    for (unsigned i = 0; i < O.nlog; i++)
        if (O.log_level[i] == level && strstr(O.log[i], part)) return 1;
    return 0;
}

#define CHECK_STR(got, want) do { tu_checks++; if (strcmp((got), (want)) != 0) { tu_failures++; \
    fprintf(stderr, "%s:%d: got  %s\n%*s want %s\n", __FILE__, __LINE__, (got), (int)strlen(__FILE__) + 6, "", \
            (want)); } } while (0)

/* A rejected job: no job, an ERROR log naming `part`. */
#define CHECK_REJECTED(part) do { CHECK(!O.has_job); CHECK(has_log(POOL_LOG_ERROR, (part))); } while (0)

static void hexb(uint8_t *out, size_t n, const char *hex) {
    if (sluice_hex_decode_exact(out, n, hex) != SLUICE_OK) {
        fprintf(stderr, "bad test hex %s\n", hex);
        tu_failures++;
    }
}

/* ---- Bytom ----------------------------------------------------------------- */

#define B_VER "0100000000000000"
#define B_HEIGHT "a086010000000000"
#define B_PREV "11223344556677889900aabbccddeeff0123456789abcdef0011223344556677"
#define B_TIME "e3d2c15b00000000"
#define B_ROOT "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
#define B_STATUS "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
#define B_BITS "ffff3f0000000020"
#define B_NONCE "0100000000000080"
#define B_SEED "9e6291970cb44dd94008c79bcaf9d86f18b4b49ba5b2a04781db7199ed3b9e4e"

static const char *bytom_job_json(char *buf, size_t cap, const char *override_key, const char *override_val) {
    const char *keys[] = {"version", "height", "timestamp", "bits", "nonce", "previous_block_hash",
                          "transactions_merkle_root", "transaction_status_hash", "seed", "job_id", "target"};
    const char *vals[] = {"\"" B_VER "\"", "\"" B_HEIGHT "\"", "\"" B_TIME "\"", "\"" B_BITS "\"",
                          "\"" B_NONCE "\"", "\"" B_PREV "\"", "\"" B_ROOT "\"", "\"" B_STATUS "\"",
                          "\"" B_SEED "\"", "\"J7\"", "\"c5a70000\""};
    size_t n = 0;
    n += (size_t)snprintf(buf + n, cap - n, "{");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = vals[i];
        if (override_key && strcmp(keys[i], override_key) == 0) {
            if (!override_val) continue;   /* field left out */
            v = override_val;
        }
        n += (size_t)snprintf(buf + n, cap - n, "%s\"%s\":%s", n > 1 ? "," : "", keys[i], v);
    }
    snprintf(buf + n, cap - n, "}");
    return buf;
}

static void check_bytom_job(const miner_job *j, uint64_t seq) {
    CHECK(j->algo == MINER_ALGO_TENSORITY);
    CHECK_STR(j->job_id, "J7");
    CHECK(j->seq == seq);
    CHECK(j->clean == 1);
    /* The body is the fields' raw bytes in order (u64s are LE on the wire and in the body). */
    uint8_t want[136];
    hexb(want, 8, B_VER);
    hexb(want + 8, 8, B_HEIGHT);
    hexb(want + 16, 32, B_PREV);
    hexb(want + 48, 8, B_TIME);
    hexb(want + 56, 32, B_ROOT);
    hexb(want + 88, 32, B_STATUS);
    hexb(want + 120, 8, B_BITS);
    hexb(want + 128, 8, B_NONCE);
    CHECK_MEM(j->body, want, 136);
    uint8_t seed[32];
    hexb(seed, 32, B_SEED);
    CHECK_MEM(j->seed, seed, 32);
    CHECK(j->start_nonce == 0x8000000000000001ull);
    CHECK(j->target_word == 0xa7c5u);   /* "c5a70000" LE = 42949 = floor(2^32 / 100000) */
    uint8_t t[32] = {0};
    t[28] = 0xc5;
    t[29] = 0xa7;
    CHECK_MEM(j->share_target.le, t, 32);
    CHECK(!j->share_target.negative && !j->share_target.overflow);
}

static void test_bytom(void) {
    pool_session s;
    char line[POOL_DIALECT_LINE_CAP], job[2048], msg[4096];
    CHECK(pool_session_init(&s, POOL_DIALECT_BYTOM, "bm1qwallet.rig", "x", "sluice/0.1.0", NULL) == 0);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    CHECK_STR(line, "{\"id\":1,\"method\":\"login\",\"params\":{\"login\":\"bm1qwallet.rig\",\"pass\":\"x\","
                    "\"agent\":\"sluice/0.1.0\"}}");

    snprintf(msg, sizeof msg, "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"id\":\"sess-9\",\"job\":%s,"
             "\"status\":\"OK\"},\"error\":null}", bytom_job_json(job, sizeof job, NULL, NULL));
    feed(&s, msg);
    CHECK(O.logged_in && !O.fatal && O.has_job && !O.has_result && O.nsend == 0);
    CHECK_STR(s.session_id, "sess-9");
    check_bytom_job(&O.job, 1);

    miner_share sh;
    memset(&sh, 0, sizeof sh);
    strcpy(sh.job_id, "J7");
    sh.nonce = 0x8000000000000abcull;
    uint64_t id = 0;
    CHECK(pool_dialect_submit(&s, &sh, &id, line, sizeof line) == 0);
    CHECK(id == 2);
    CHECK_STR(line, "{\"id\":2,\"method\":\"submit\",\"params\":{\"id\":\"sess-9\",\"job_id\":\"J7\","
                    "\"nonce\":\"8000000000000abc\"}}");

    feed(&s, "{\"id\":2,\"jsonrpc\":\"2.0\",\"result\":{\"status\":\"OK\"},\"error\":null}");
    CHECK(O.has_result && O.result_id == 2 && O.accepted == 1 && O.reason[0] == '\0');
    feed(&s, "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":null,\"error\":{\"code\":-1,\"message\":\"Low difficulty share\"}}");
    CHECK(O.has_result && O.result_id == 3 && O.accepted == 0);
    CHECK_STR(O.reason, "Low difficulty share");
    CHECK(!pool_reason_is_stale(O.reason));
    feed(&s, "{\"id\":\"4\",\"result\":null,\"error\":{\"code\":-1,\"message\":\"Block expired\"}}");
    CHECK(O.has_result && O.result_id == 4 && O.accepted == 0 && pool_reason_is_stale(O.reason));
    feed(&s, "{\"id\":5,\"result\":{\"status\":\"KO\"},\"error\":null}");
    CHECK(O.has_result && O.accepted == 0 && strstr(O.reason, "KO"));
    feed(&s, "{\"id\":6,\"result\":null,\"error\":null}");
    CHECK(O.has_result && O.accepted == 0 && O.reason[0]);
    feed(&s, "{\"id\":7,\"result\":{\"status\":\"OK\"},\"error\":[21,\"Job not found\",null]}");
    CHECK(O.has_result && O.accepted == 0 && pool_reason_is_stale(O.reason));

    /* Pushed jobs: seq grows; every field is checked. */
    snprintf(msg, sizeof msg, "{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":%s}",
             bytom_job_json(job, sizeof job, NULL, NULL));
    feed(&s, msg);
    CHECK(O.has_job);
    check_bytom_job(&O.job, 2);
    snprintf(msg, sizeof msg, "{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":%s}",
             bytom_job_json(job, sizeof job, "version", "\"0X0100000000000000\""));
    feed(&s, msg);
    CHECK(O.has_job && O.job.seq == 3);

    static const struct { const char *key, *val, *log; } rejects[] = {
        {"target", "\"00000000\"", "target 0"},
        {"target", "\"c5a700\"", "'target'"},
        {"target", "\"c5a7000000\"", "'target'"},
        {"target", "42949", "'target'"},
        {"bits", "\"ffff3f000000002\"", "'bits'"},
        {"bits", "\"ffff3f00000000200\"", "'bits'"},
        {"height", "\"a08601000000000g\"", "'height'"},
        {"version", "1", "'version'"},
        {"nonce", NULL, "'nonce'"},
        {"timestamp", "null", "'timestamp'"},
        {"seed", "\"" B_SEED "00\"", "'seed'"},
        {"previous_block_hash", "\"0x11\"", "'previous_block_hash'"},
        {"transactions_merkle_root", "[]", "'transactions_merkle_root'"},
        {"transaction_status_hash", "{}", "'transaction_status_hash'"},
        {"job_id", "7", "job_id"},
        {"job_id", "\"\"", "job_id"},
        {"job_id", NULL, "job_id"},
    };
    for (size_t i = 0; i < sizeof rejects / sizeof rejects[0]; i++) {
        snprintf(msg, sizeof msg, "{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":%s}",
                 bytom_job_json(job, sizeof job, rejects[i].key, rejects[i].val));
        feed(&s, msg);
        CHECK_REJECTED(rejects[i].log);
    }
    /* jansson refuses an embedded NUL outright. */
    snprintf(msg, sizeof msg, "{\"method\":\"job\",\"params\":%s}",
             bytom_job_json(job, sizeof job, "job_id", "\"a\\u0000b\""));
    feed(&s, msg);
    CHECK(!O.has_job && has_log(POOL_LOG_WARN, "malformed JSON"));
    char longid[200];
    memset(longid, 'x', sizeof longid);
    longid[0] = '"';
    strcpy(longid + 129, "\"");
    snprintf(msg, sizeof msg, "{\"method\":\"job\",\"params\":%s}", bytom_job_json(job, sizeof job, "job_id", longid));
    feed(&s, msg);
    CHECK_REJECTED("job_id");
    feed(&s, "{\"method\":\"job\",\"params\":[1,2]}");
    CHECK_REJECTED("not an object");
    CHECK(s.job_seq == 3);   /* rejected jobs use no sequence number */

    /* Malformed lines, unknown methods and ids. */
    feed(&s, "{\"id\":1,\"result\":");
    CHECK(!O.has_job && !O.has_result && O.nsend == 0 && has_log(POOL_LOG_WARN, "malformed JSON"));
    feed(&s, "[1,2,3]");
    CHECK(!O.has_result && has_log(POOL_LOG_WARN, "not an object"));
    feed(&s, "{\"id\":1} trailing");
    CHECK(!O.has_result && has_log(POOL_LOG_WARN, "malformed JSON"));
    feed(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"mining.ping\",\"params\":[]}");
    CHECK(O.nsend == 0 && has_log(POOL_LOG_WARN, "unknown method 'mining.ping'"));
    feed(&s, "{\"id\":77,\"method\":\"getversion\",\"params\":[]}");
    CHECK(O.nsend == 1 && has_log(POOL_LOG_WARN, "getversion"));
    CHECK_STR(O.send[0], "{\"id\":77,\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
    feed(&s, "{\"id\":\"x7\",\"result\":{\"status\":\"OK\"}}");
    CHECK(!O.has_result && has_log(POOL_LOG_WARN, "malformed id"));
    feed(&s, "{\"id\":-3,\"result\":{\"status\":\"OK\"}}");
    CHECK(!O.has_result && has_log(POOL_LOG_WARN, "malformed id"));
    feed(&s, "{\"result\":{\"status\":\"OK\"}}");
    CHECK(!O.has_result && has_log(POOL_LOG_WARN, "without an id"));
    feed(&s, "{\"method\":5}");
    CHECK(has_log(POOL_LOG_WARN, "non-string method"));
    feed(&s, "{\"id\":999,\"result\":{\"status\":\"OK\"}}");   /* the client decides it is unknown */
    CHECK(O.has_result && O.result_id == 999 && O.accepted);

    /* Login refusals are fatal; a login with a bad job still logs in. */
    pool_session_reset(&s);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    feed(&s, "{\"id\":1,\"result\":null,\"error\":{\"code\":-1,\"message\":\"Unauthorized worker\"}}");
    CHECK(O.fatal && !O.logged_in && has_log(POOL_LOG_ERROR, "Unauthorized worker"));
    pool_session_reset(&s);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    feed(&s, "{\"id\":1,\"result\":{\"status\":\"OK\"},\"error\":null}");
    CHECK(O.fatal && has_log(POOL_LOG_ERROR, "session id"));
    pool_session_reset(&s);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    feed(&s, "{\"id\":1,\"result\":{\"id\":\"s\",\"status\":\"NO\"},\"error\":null}");
    CHECK(O.fatal);
    pool_session_reset(&s);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    snprintf(msg, sizeof msg, "{\"id\":1,\"result\":{\"id\":\"s2\",\"job\":%s,\"status\":\"OK\"},\"error\":null}",
             bytom_job_json(job, sizeof job, "target", "\"00000000\""));
    feed(&s, msg);
    CHECK(O.logged_in && !O.fatal && !O.has_job && has_log(POOL_LOG_ERROR, "target 0"));
    CHECK(s.job_seq == 3);   /* kept over the reset */

    /* Credentials are bounded. */
    char big[300];
    memset(big, 'u', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(pool_session_init(&s, POOL_DIALECT_BYTOM, big, "x", "a", NULL) == -1);
    /* Bytom has no hashrate request. */
    CHECK(pool_session_init(&s, POOL_DIALECT_BYTOM, "u", "x", "a", NULL) == 0);
    CHECK(pool_dialect_hashrate(&s, 1000, line, sizeof line) == 0);
}

/* ---- Ethash dialects ------------------------------------------------------- */

#define E_SEED1 "290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563"   /* keccak256(0^32): epoch 1 */
#define E_HDR "fc12eb20c58158071c956316cdcd12a22dd8bf126ac4aee559f0ffe4df11f279"
#define E_HDR2 "0102030405060708091011121314151617181920212223242526272829303132"
#define E_MIX "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
#define E_BND "0000000112e0be826d694b2e62d01511f12a6061fbaec8bc02357593e70e52ba"
#define ZERO64 "0000000000000000000000000000000000000000000000000000000000000000"

static void test_hex_u256(void) {
    static const struct { const char *in; const char *want; } ok[] = {
        {"\"0x" E_BND "\"", E_BND},
        {"\"" E_BND "\"", E_BND},
        {"\"0XFFFF\"", "000000000000000000000000000000000000000000000000000000000000ffff"},
        {"\"0xfff\"", "0000000000000000000000000000000000000000000000000000000000000fff"},
        {"\"0x1\"", "0000000000000000000000000000000000000000000000000000000000000001"},
        {"\"0x00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"",
         "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"},
        {"\"0x0\"", ZERO64},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        json_t *v = json_loads(ok[i].in, JSON_DECODE_ANY, NULL);
        uint8_t got[32], want[32];
        hexb(want, 32, ok[i].want);
        CHECK(v && pool_hex_u256(v, got) == 0);
        CHECK_MEM(got, want, 32);
        json_decref(v);
    }
    static const char *bad[] = {"\"0x10000000000000000000000000000000000000000000000000000000000000000\"", "\"\"",
                                "\"0x\"", "\"0xg1\"", "\"-1\"", "1", "null", "[\"0x1\"]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *v = json_loads(bad[i], JSON_DECODE_ANY, NULL);
        uint8_t got[32];
        CHECK(v && pool_hex_u256(v, got) == -1);
        json_decref(v);
    }
}

static void test_ethproxy(void) {
    pool_session s;
    char line[POOL_DIALECT_LINE_CAP], msg[1024];
    uint8_t cid[32];
    memset(cid, 0xab, 32);
    CHECK(pool_session_init(&s, POOL_DIALECT_ETHPROXY, "0xabc.rig1", "pw", "sluice/0.1.0", cid) == 0);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    CHECK_STR(line, "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"eth_submitLogin\",\"params\":[\"0xabc.rig1\",\"pw\"],"
                    "\"worker\":\"rig1\"}");
    feed(&s, "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":true}");
    CHECK(O.logged_in && !O.fatal && O.nsend == 1);
    CHECK_STR(O.send[0], "{\"id\":2,\"jsonrpc\":\"2.0\",\"method\":\"eth_getWork\",\"params\":[]}");

    feed(&s, "{\"id\":2,\"jsonrpc\":\"2.0\",\"result\":[\"0x" E_HDR "\",\"0x" E_SEED1 "\",\"0x" E_BND "\"]}");
    CHECK(O.has_job && !O.has_result);
    uint8_t hdr[32], seed[32], bnd[32];
    hexb(hdr, 32, E_HDR);
    hexb(seed, 32, E_SEED1);
    hexb(bnd, 32, E_BND);
    CHECK(O.job.algo == MINER_ALGO_ETHASH && O.job.seq == 1 && O.job.clean == 1);
    CHECK_MEM(O.job.header_hash, hdr, 32);
    CHECK_MEM(O.job.seed_hash, seed, 32);
    CHECK_MEM(O.job.boundary, bnd, 32);
    CHECK(O.job.epoch == 1);
    CHECK(O.job.nonce_prefix == 0 && O.job.nonce_prefix_bits == 0);
    CHECK_STR(O.job.job_id, E_HDR);
    /* 0xffff * 2^208 / 0x0000000112e0be82... = 0.9329... (0x112e0be82 / 2^32 = 1.0737). */
    CHECK(fabs(O.job.share_difficulty - 65535.0 / 65536.0 / (double)0x112e0be82 * 4294967296.0) < 1e-9);

    /* The same work pushed again is no new job; new work is, also in upper case. */
    feed(&s, "{\"id\":0,\"jsonrpc\":\"2.0\",\"result\":[\"0x" E_HDR "\",\"0x" E_SEED1 "\",\"0x" E_BND "\"]}");
    CHECK(!O.has_job && O.nlog == 0);
    feed(&s, "{\"id\":0,\"jsonrpc\":\"2.0\",\"result\":[\"0X0102030405060708091011121314151617181920212223242526272829303132\","
             "\"" ZERO64 "\",\"0x00000000FFFF\",\"0x1d4c0\"]}");
    CHECK(O.has_job && O.job.seq == 2 && O.job.epoch == 0);
    hexb(hdr, 32, E_HDR2);
    CHECK_MEM(O.job.header_hash, hdr, 32);
    uint8_t want_b[32] = {0};
    want_b[30] = want_b[31] = 0xff;
    CHECK_MEM(O.job.boundary, want_b, 32);

    static const struct { const char *work, *log; } rejects[] = {
        {"[\"0x" E_HDR "\",\"0x" E_SEED1 "\",\"0x0\"]", "boundary 0"},
        {"[\"0x" E_HDR "\",\"0x" E_SEED1 "\",\"0x" ZERO64 "\"]", "boundary 0"},
        {"[\"0x" E_HDR "\",\"0x" E_SEED1 "\",\"0x1" ZERO64 "\"]", "boundary"},
        {"[\"0x" E_HDR "\",\"0x" E_SEED1 "\",\"0xzz\"]", "boundary"},
        {"[\"0x" E_HDR "\",\"0x" E_SEED1 "\",12]", "boundary"},
        {"[\"0x" E_HDR "\",\"0x1111111111111111111111111111111111111111111111111111111111111111\",\"0x" E_BND "\"]",
         "seed of no epoch"},
        {"[\"0x" E_HDR "\",\"0x" E_SEED1 "00\",\"0x" E_BND "\"]", "seed hash"},
        {"[\"0x" E_HDR "0\",\"0x" E_SEED1 "\",\"0x" E_BND "\"]", "header"},
        {"[null,\"0x" E_SEED1 "\",\"0x" E_BND "\"]", "header"},
        {"[\"0x" E_HDR "\",\"0x" E_SEED1 "\"]", "fewer than 3"},
    };
    for (size_t i = 0; i < sizeof rejects / sizeof rejects[0]; i++) {
        snprintf(msg, sizeof msg, "{\"id\":0,\"result\":%s}", rejects[i].work);
        feed(&s, msg);
        CHECK_REJECTED(rejects[i].log);
    }
    CHECK(s.job_seq == 2);

    miner_share sh;
    memset(&sh, 0, sizeof sh);
    sh.nonce = 0xdeadbeefull;
    hexb(sh.header_hash, 32, E_HDR2);
    hexb(sh.mix, 32, E_MIX);
    sh.job_seq = 2;
    uint64_t id;
    CHECK(pool_dialect_submit(&s, &sh, &id, line, sizeof line) == 0 && id == 3);
    CHECK_STR(line, "{\"id\":3,\"jsonrpc\":\"2.0\",\"method\":\"eth_submitWork\",\"params\":[\"0x00000000deadbeef\","
                    "\"0x" E_HDR2 "\",\"0x" E_MIX "\"]}");
    feed(&s, "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":true}");
    CHECK(O.has_result && O.result_id == 3 && O.accepted);
    feed(&s, "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":false}");
    CHECK(O.has_result && !O.accepted && strstr(O.reason, "false") && !pool_reason_is_stale(O.reason));
    feed(&s, "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":null,\"error\":{\"code\":-32000,\"message\":\"Stale share\"}}");
    CHECK(O.has_result && !O.accepted && pool_reason_is_stale(O.reason));

    CHECK(pool_dialect_hashrate(&s, 2000000.7, line, sizeof line) == 1);
    CHECK_STR(line, "{\"id\":4,\"jsonrpc\":\"2.0\",\"method\":\"eth_submitHashrate\",\"params\":[\"0x1e8480\","
                    "\"0xabababababababababababababababababababababababababababababababab\"]}");
    feed(&s, "{\"id\":4,\"jsonrpc\":\"2.0\",\"result\":true}");
    CHECK(!O.has_result && O.nlog == 0);   /* hashrate answers are not share results */
    CHECK(pool_dialect_hashrate(&s, -5, line, sizeof line) == 1 && strstr(line, "[\"0x0\","));

    feed(&s, "{\"id\":9,\"method\":\"client.get_version\",\"params\":[]}");
    CHECK(O.nsend == 1 && strstr(O.send[0], "\"id\":9") && strstr(O.send[0], "\"error\""));

    pool_session_reset(&s);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    feed(&s, "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":false}");
    CHECK(O.fatal && !O.logged_in);
    /* After a reset the same work is a new job again (devices may have dropped it). */
    pool_session_reset(&s);
    feed(&s, "{\"id\":0,\"result\":[\"0x" E_HDR2 "\",\"" ZERO64 "\",\"0x00000000FFFF\"]}");
    CHECK(O.has_job && O.job.seq == 3);
}

/* The NiceHash example: extranonce a2eea0 + miner part cfae7df760 at epoch
 * 50 on header fc12...f279 has share difficulty ~1.863. The job boundaries
 * produced from set_difficulty 1.8 and 1.9 must accept / refuse it. */
static void test_ethstratum_example(pool_session *s, const miner_job *job18, const miner_job *job19) {
    sluice_ethash_epoch *ctx = NULL;
    CHECK(sluice_ethash_epoch_new(&ctx, 50) == SLUICE_OK);
    if (!ctx) return;
    uint64_t nonce = job18->nonce_prefix | 0xcfae7df760ull;
    CHECK(nonce == 0xa2eea0cfae7df760ull);
    sluice_ethash_result r;
    sluice_ethash_light_hash_ref(ctx, job18->header_hash, nonce, &r);
    double fin = 0;
    for (int i = 0; i < 32; i++) fin = fin * 256 + r.final[i];
    double diff = ldexp(65535.0, 208) / fin;
    printf("ethstratum example: share difficulty %.4f\n", diff);
    CHECK(diff > 1.86 && diff < 1.87);
    CHECK(sluice_ethash_boundary_ok(r.final, job18->boundary) == 1);
    CHECK(sluice_ethash_boundary_ok(r.final, job19->boundary) == 0);
    sluice_ethash_epoch_free(ctx);

    /* Its submission carries only the miner's part. */
    miner_share sh;
    memset(&sh, 0, sizeof sh);
    strcpy(sh.job_id, job18->job_id);
    sh.job_seq = job18->seq;
    sh.nonce = nonce;
    char line[POOL_DIALECT_LINE_CAP];
    uint64_t id;
    CHECK(pool_dialect_submit(s, &sh, &id, line, sizeof line) == 0);
    char want[256];
    snprintf(want, sizeof want, "{\"id\":%llu,\"method\":\"mining.submit\",\"params\":[\"user.w\",\"%s\",\"cfae7df760\"]}",
             (unsigned long long)id, job18->job_id);
    CHECK_STR(line, want);
    sh.nonce = 0xa2eea1cfae7df760ull;   /* wrong extranonce */
    CHECK(pool_dialect_submit(s, &sh, &id, line, sizeof line) == -1 && strstr(line, "extranonce"));
}

static void test_ethstratum(void) {
    pool_session s;
    char line[POOL_DIALECT_LINE_CAP], msg[1024], seed50[65];
    uint8_t seed[32];
    CHECK(sluice_ethash_seed(50, seed) == SLUICE_OK);
    sluice_hex_encode(seed50, seed, 32);
    CHECK(pool_session_init(&s, POOL_DIALECT_ETHSTRATUM, "user.w", "pw", "sluice/0.1.0", NULL) == 0);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    CHECK_STR(line, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"sluice/0.1.0\",\"EthereumStratum/1.0.0\"]}");
    feed(&s, "{\"id\":1,\"result\":[[\"mining.notify\",\"ae6812eb4cd7735a302a8a9dd95cf71f\",\"EthereumStratum/1.0.0\"],"
             "\"a2eea0\"],\"error\":null}");
    CHECK(!O.logged_in && !O.fatal && O.nsend == 1);
    CHECK_STR(O.send[0], "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"user.w\",\"pw\"]}");
    CHECK(s.extranonce_len == 3);
    feed(&s, "{\"id\":2,\"result\":true,\"error\":null}");
    CHECK(O.logged_in && !O.fatal);

    /* Before any set_difficulty: difficulty 1 with a warning. */
    snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"j0\",\"%s\",\"" E_HDR "\",true]}",
             seed50);
    feed(&s, msg);
    CHECK(O.has_job && has_log(POOL_LOG_WARN, "set_difficulty"));
    uint8_t d1[32] = {0};
    d1[4] = d1[5] = 0xff;   /* 0x00000000ffff0000... */
    CHECK_MEM(O.job.boundary, d1, 32);
    CHECK(O.job.epoch == 50 && O.job.share_difficulty == 1.0);

    feed(&s, "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[1.8]}");
    CHECK(!O.has_job && s.difficulty == 1.8);
    snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"bf0488aa\",\"%s\",\"" E_HDR "\",true]}",
             seed50);
    feed(&s, msg);
    CHECK(O.has_job && O.job.seq == 2 && O.job.clean == 1 && O.job.epoch == 50);
    CHECK_STR(O.job.job_id, "bf0488aa");
    CHECK(O.job.nonce_prefix == 0xa2eea00000000000ull && O.job.nonce_prefix_bits == 24);
    CHECK(O.job.share_difficulty == 1.8);
    uint8_t b[32];
    sluice_ethash_boundary_from_share_difficulty(1.8, b);
    CHECK_MEM(O.job.boundary, b, 32);
    miner_job job18 = O.job;

    feed(&s, "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[19e-1]}");
    snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"j19\",\"%s\",\"" E_HDR "\",false]}",
             seed50);
    feed(&s, msg);
    CHECK(O.has_job && O.job.clean == 0 && O.job.seq == 3);
    miner_job job19 = O.job;
    test_ethstratum_example(&s, &job18, &job19);

    /* set_extranonce applies from the next notify; old jobs keep theirs. */
    feed(&s, "{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"ABCD\"]}");
    CHECK(!O.has_job && s.extranonce_len == 2);
    snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"j4\",\"%s\",\"" E_HDR "\"]}",
             seed50);
    feed(&s, msg);
    CHECK(O.has_job && O.job.clean == 1 && O.job.nonce_prefix == 0xabcd000000000000ull && O.job.nonce_prefix_bits == 16);
    miner_share sh;
    memset(&sh, 0, sizeof sh);
    strcpy(sh.job_id, "j4");
    sh.job_seq = O.job.seq;
    sh.nonce = 0xabcd00000000002aull;
    uint64_t id;
    CHECK(pool_dialect_submit(&s, &sh, &id, line, sizeof line) == 0 && strstr(line, "\"j4\",\"00000000002a\"]"));
    strcpy(sh.job_id, job18.job_id);
    sh.job_seq = job18.seq;
    sh.nonce = 0xa2eea0000000002aull;
    CHECK(pool_dialect_submit(&s, &sh, &id, line, sizeof line) == 0 && strstr(line, ",\"000000002a\"]"));
    /* An 8-byte extranonce leaves the miner nothing to send; none leaves all 16 digits. */
    feed(&s, "{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"0102030405060708\"]}");
    snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"j5\",\"%s\",\"" E_HDR "\"]}",
             seed50);
    feed(&s, msg);
    CHECK(O.has_job && O.job.nonce_prefix == 0x0102030405060708ull && O.job.nonce_prefix_bits == 64);
    sh.job_seq = O.job.seq;
    sh.nonce = 0x0102030405060708ull;
    CHECK(pool_dialect_submit(&s, &sh, &id, line, sizeof line) == 0 && strstr(line, ",\"\"]"));
    feed(&s, "{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"\"]}");
    feed(&s, msg);
    CHECK(O.has_job && O.job.nonce_prefix == 0 && O.job.nonce_prefix_bits == 0);
    sh.job_seq = O.job.seq;
    sh.nonce = 0xfedcba9876543210ull;
    CHECK(pool_dialect_submit(&s, &sh, &id, line, sizeof line) == 0 && strstr(line, ",\"fedcba9876543210\"]"));

    /* Absurd values. */
    double before = s.difficulty;
    static const char *bad_diff[] = {"[0]", "[-1]", "[\"2\"]", "[]", "{}", "[null]"};
    for (size_t i = 0; i < sizeof bad_diff / sizeof bad_diff[0]; i++) {
        snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":%s}", bad_diff[i]);
        feed(&s, msg);
        CHECK(has_log(POOL_LOG_ERROR, "set_difficulty rejected") && s.difficulty == before);
    }
    feed(&s, "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[1e300]}");   /* boundary would be 0 */
    snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"j6\",\"%s\",\"" E_HDR "\"]}",
             seed50);
    feed(&s, msg);
    CHECK_REJECTED("boundary 0");
    feed(&s, "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[2]}");
    static const char *bad_ex[] = {"[\"zz\"]", "[\"010203040506070809\"]", "[\"abc\"]", "[7]", "[]"};
    for (size_t i = 0; i < sizeof bad_ex / sizeof bad_ex[0]; i++) {
        snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":%s}", bad_ex[i]);
        feed(&s, msg);
        CHECK(has_log(POOL_LOG_ERROR, "extranonce rejected") && s.extranonce_len == 0);
    }
    static const struct { const char *params, *log; } bad_notify[] = {
        {"[\"j\",\"S\",\"" E_HDR "\",\"yes\"]", "clean"},
        {"[\"j\",\"S\"]", "params"},
        {"{\"job\":1}", "params"},
        {"[7,\"S\",\"" E_HDR "\"]", "job id"},
        {"[\"j\",\"S\",\"" E_HDR "ab\"]", "header"},
        {"[\"j\",\"" ZERO64 "1\",\"" E_HDR "\"]", "seed"},
        {"[\"j\",\"1111111111111111111111111111111111111111111111111111111111111111\",\"" E_HDR "\"]", "no epoch"},
    };
    for (size_t i = 0; i < sizeof bad_notify / sizeof bad_notify[0]; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s", bad_notify[i].params);
        char *S = strstr(p, "\"S\"");
        if (S) {   /* put the real seed in */
            char tmp[512];
            snprintf(tmp, sizeof tmp, "%.*s\"%s\"%s", (int)(S - p), p, seed50, S + 3);
            snprintf(p, sizeof p, "%s", tmp);
        }
        snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":%s}", p);
        feed(&s, msg);
        CHECK_REJECTED(bad_notify[i].log);
    }
    feed(&s, "{\"id\":12,\"method\":\"client.reconnect\",\"params\":[]}");
    CHECK(O.nsend == 1 && strstr(O.send[0], "Method not found"));

    /* Share results. */
    feed(&s, "{\"id\":40,\"result\":true,\"error\":null}");
    CHECK(O.has_result && O.result_id == 40 && O.accepted);
    feed(&s, "{\"id\":41,\"result\":false,\"error\":null}");
    CHECK(O.has_result && !O.accepted);
    feed(&s, "{\"id\":42,\"result\":null,\"error\":[21,\"Job not found\",null]}");
    CHECK(O.has_result && !O.accepted && pool_reason_is_stale(O.reason));

    /* Refusals. */
    pool_session_reset(&s);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    feed(&s, "{\"id\":1,\"result\":[[\"mining.notify\",\"x\",\"EthereumStratum/1.0.0\"],\"nothex\"],\"error\":null}");
    CHECK(O.fatal && O.nsend == 0);
    pool_session_reset(&s);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    feed(&s, "{\"id\":1,\"result\":null,\"error\":{\"code\":20,\"message\":\"nope\"}}");
    CHECK(O.fatal && has_log(POOL_LOG_ERROR, "nope"));
    pool_session_reset(&s);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    feed(&s, "{\"id\":1,\"result\":[[],\"\"],\"error\":null}");
    CHECK(!O.fatal && O.nsend == 1);
    feed(&s, "{\"id\":2,\"result\":false,\"error\":null}");
    CHECK(O.fatal && !O.logged_in);
}

static void test_stratum(void) {
    pool_session s;
    char line[POOL_DIALECT_LINE_CAP], msg[1024];
    CHECK(pool_session_init(&s, POOL_DIALECT_STRATUM, "0xabc.w", "x", "sluice/0.1.0", NULL) == 0);
    CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
    CHECK_STR(line, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"sluice/0.1.0\"]}");
    feed(&s, "{\"id\":1,\"result\":null,\"error\":{\"code\":-3,\"message\":\"not supported\"}}");   /* tolerated */
    CHECK(!O.fatal && O.nsend == 1);
    CHECK_STR(O.send[0], "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"0xabc.w\",\"x\"]}");
    feed(&s, "{\"id\":2,\"result\":true,\"error\":null}");
    CHECK(O.logged_in);
    snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"0x17\",\"0x" E_HDR2 "\",\"0x"
             E_SEED1 "\",\"0x" E_BND "\",false]}");
    feed(&s, msg);
    CHECK(O.has_job && O.job.clean == 0 && O.job.epoch == 1 && O.job.seq == 1);
    CHECK_STR(O.job.job_id, "0x17");
    uint8_t b[32];
    hexb(b, 32, E_BND);
    CHECK_MEM(O.job.boundary, b, 32);
    snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"0x18\",\"0x" E_HDR2 "\",\"0x"
             E_SEED1 "\",\"0x" E_BND "\"]}");
    feed(&s, msg);
    CHECK(O.has_job && O.job.clean == 1);
    snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"0x19\",\"0x" E_HDR2 "\",\"0x"
             E_SEED1 "\",\"0x" ZERO64 "\"]}");
    feed(&s, msg);
    CHECK_REJECTED("boundary 0");
    feed(&s, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"0x19\",\"0x" E_HDR2 "\"]}");
    CHECK_REJECTED("params");
    feed(&s, "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[2]}");
    CHECK(!O.has_job && has_log(POOL_LOG_WARN, "unknown method"));

    miner_share sh;
    memset(&sh, 0, sizeof sh);
    strcpy(sh.job_id, "0x18");
    sh.nonce = 0x1122334455667788ull;
    hexb(sh.header_hash, 32, E_HDR2);
    hexb(sh.mix, 32, E_MIX);
    uint64_t id;
    CHECK(pool_dialect_submit(&s, &sh, &id, line, sizeof line) == 0 && id == 3);
    CHECK_STR(line, "{\"id\":3,\"method\":\"mining.submit\",\"params\":[\"0xabc.w\",\"0x18\",\"0x1122334455667788\","
                    "\"0x" E_HDR2 "\",\"0x" E_MIX "\"]}");
    feed(&s, "{\"id\":3,\"result\":true,\"error\":null}");
    CHECK(O.has_result && O.result_id == 3 && O.accepted);
    CHECK(pool_dialect_hashrate(&s, 5, line, sizeof line) == 0);
}

static void test_stale_rule(void) {
    CHECK(pool_reason_is_stale("stale share"));
    CHECK(pool_reason_is_stale("Stale"));
    CHECK(pool_reason_is_stale("Block EXPIRED"));
    CHECK(pool_reason_is_stale("error: job not found (21)"));
    CHECK(pool_reason_is_stale("Job Not Found"));
    CHECK(!pool_reason_is_stale("Low difficulty share"));
    CHECK(!pool_reason_is_stale("job not"));
    CHECK(!pool_reason_is_stale(""));
    CHECK(!pool_reason_is_stale(NULL));
    CHECK(!pool_reason_is_stale(POOL_REASON_CONNECTION_LOST));
}

/* After a reconnect (pool_session_reset) the ring of recent jobs is empty:
 * a share of the earlier connection's job whose nonce lacks the new
 * extranonce is stale and not sent (the contract's stale rule matches its
 * reason); the same mismatch on a job of this connection is a broken nonce
 * (not stale); an old job's share that fits the new extranonce is sent and
 * the pool decides. */
static void test_ethstratum_old_session(void) {
    pool_session s;
    char line[POOL_DIALECT_LINE_CAP];
    CHECK(pool_session_init(&s, POOL_DIALECT_ETHSTRATUM, "u", "x", "sluice/0.1.0", NULL) == 0);
    static const char *const extranonce[2] = {"a2eea0", "b3"};
    miner_job jobs[2];
    for (int k = 0; k < 2; k++) {
        if (k) pool_session_reset(&s);   /* a new connection */
        char msg[512];
        CHECK(pool_dialect_open(&s, line, sizeof line) == 0);
        snprintf(msg, sizeof msg, "{\"id\":1,\"result\":[[\"mining.notify\",\"s\",\"EthereumStratum/1.0.0\"],"
                 "\"%s\"],\"error\":null}", extranonce[k]);
        feed(&s, msg);
        feed(&s, "{\"id\":2,\"result\":true,\"error\":null}");
        CHECK(O.logged_in);
        feed(&s, "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[2]}");
        snprintf(msg, sizeof msg, "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"j%d\",\"" ZERO64
                 "\",\"" E_HDR "\",true]}", k);
        feed(&s, msg);
        CHECK(O.has_job);
        jobs[k] = O.job;
    }
    CHECK(jobs[0].seq == 1 && jobs[1].seq == 2 && jobs[1].nonce_prefix == 0xb300000000000000ull);
    miner_share sh;
    memset(&sh, 0, sizeof sh);
    strcpy(sh.job_id, "j0");
    sh.job_seq = jobs[0].seq;
    sh.nonce = 0xa2eea0000000002aull;   /* right for j0, found before the reconnect */
    uint64_t id = 0;
    CHECK(pool_dialect_submit(&s, &sh, &id, line, sizeof line) == -1);
    CHECK(strstr(line, "stale") && pool_reason_is_stale(line) && strstr(line, "extranonce"));
    strcpy(sh.job_id, "j1");
    sh.job_seq = jobs[1].seq;           /* the same nonce on this connection's job: broken */
    CHECK(pool_dialect_submit(&s, &sh, &id, line, sizeof line) == -1);
    CHECK(strstr(line, "extranonce") && !pool_reason_is_stale(line));
    strcpy(sh.job_id, "j0");
    sh.job_seq = jobs[0].seq;
    sh.nonce = 0xb30000000000002aull;   /* fits the new extranonce: sent */
    CHECK(pool_dialect_submit(&s, &sh, &id, line, sizeof line) == 0);
    CHECK_STR(line, "{\"id\":3,\"method\":\"mining.submit\",\"params\":[\"u\",\"j0\",\"0000000000002a\"]}");
}

int main(void) {
    test_stale_rule();
    test_hex_u256();
    test_bytom();
    test_ethproxy();
    test_ethstratum();
    test_ethstratum_old_session();
    test_stratum();
    return tu_finish("test_pool_dialect");
}
