/* libFuzzer target for the pool dialects (tools/sluice/pool_dialect.h) and
 * the bounded line reader (pool_net.h). Input: byte 0 picks the dialect (and
 * whether the session is first logged in with a scripted, valid exchange);
 * the rest is split into lines by the line reader (max 4 KiB per line here)
 * and each line goes to pool_dialect_handle_line, followed by a submission
 * built from the line's bytes. Properties checked on every output:
 *  - no crash, leak or undefined behaviour (ASan/UBSan);
 *  - every line the client would send is a JSON object that fits its buffer;
 *  - a job has seq == the session's job_seq, the dialect's algorithm, a
 *    non-empty job id, and no absurd target: bytom t != 0 with share_target
 *    = t * 2^224; Ethash epoch in 0..MAX (its seed matching), boundary != 0,
 *    the nonce prefix only in the top nonce_prefix_bits bits;
 *  - a share verdict is 0/1, with an empty reason exactly when accepted;
 *  - the line reader never returns more than max_line bytes. */
#include "pool_dialect.h"
#include "pool_net.h"
#include "sluice/ethash.h"
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)
#define FUZZ_MAX_LINE 4096
#define FUZZ_MAX_LINES 32    /* bounds the work per input (unknown seeds cost ~32k hashes) */

static pool_dialect_out O;

static void check_line(const char *line, size_t cap) {
    REQUIRE(memchr(line, '\0', cap) != NULL);
    json_error_t err;
    json_t *v = json_loads(line, 0, &err);
    REQUIRE(v && json_is_object(v));
    json_decref(v);
}

static void check_out(const pool_session *s) {
    REQUIRE(O.nsend <= POOL_DIALECT_MAX_SEND && O.nlog <= POOL_DIALECT_MAX_LOG);
    for (unsigned i = 0; i < O.nsend; i++) check_line(O.send[i], POOL_DIALECT_LINE_CAP);
    for (unsigned i = 0; i < O.nlog; i++) REQUIRE(memchr(O.log[i], '\0', POOL_DIALECT_LOG_CAP) != NULL);
    if (O.has_result) {
        REQUIRE(O.accepted == 0 || O.accepted == 1);
        REQUIRE(memchr(O.reason, '\0', sizeof O.reason) != NULL);
        REQUIRE((O.reason[0] == '\0') == (O.accepted == 1));
    }
    if (!O.has_job) return;
    const miner_job *j = &O.job;
    REQUIRE(j->seq == s->job_seq && j->seq > 0);
    REQUIRE(memchr(j->job_id, '\0', sizeof j->job_id) != NULL && j->job_id[0] != '\0');
    if (s->dialect == POOL_DIALECT_BYTOM) {
        REQUIRE(j->algo == MINER_ALGO_TENSORITY && j->clean == 1);
        REQUIRE(j->target_word != 0);
        for (int i = 0; i < 28; i++) REQUIRE(j->share_target.le[i] == 0);
        uint32_t t = (uint32_t)j->share_target.le[28] | (uint32_t)j->share_target.le[29] << 8 |
                     (uint32_t)j->share_target.le[30] << 16 | (uint32_t)j->share_target.le[31] << 24;
        REQUIRE(t == j->target_word);
        uint64_t nonce = 0;
        for (int i = 7; i >= 0; i--) nonce = nonce << 8 | j->body[SLUICE_BYTOM_HEADER_NONCE_OFFSET + i];
        REQUIRE(nonce == j->start_nonce);
    } else {
        REQUIRE(j->algo == MINER_ALGO_ETHASH);
        REQUIRE(j->epoch >= 0 && j->epoch <= SLUICE_ETHASH_MAX_EPOCH);
        REQUIRE(j->epoch == s->last_epoch && memcmp(j->seed_hash, s->last_seed, 32) == 0);
        int nonzero = 0;
        for (int i = 0; i < 32; i++) nonzero |= j->boundary[i];
        REQUIRE(nonzero);
        REQUIRE(j->nonce_prefix_bits <= 64);
        if (j->nonce_prefix_bits < 64) REQUIRE((j->nonce_prefix & (~0ull >> j->nonce_prefix_bits)) == 0);
    }
}

static void feed(pool_session *s, const char *line, size_t len) {
    pool_dialect_handle_line(s, line, len, &O);
    check_out(s);
}

/* A valid login for each dialect, so the fuzz lines also reach the logged-in paths. */
static void login(pool_session *s) {
    static const char *const bytom[] = {"{\"id\":1,\"result\":{\"id\":\"sess\",\"status\":\"OK\"},\"error\":null}"};
    static const char *const proxy[] = {"{\"id\":1,\"result\":true}"};
    static const char *const nh[] = {"{\"id\":1,\"result\":[[\"mining.notify\",\"x\",\"EthereumStratum/1.0.0\"],\"a2ee\"]}",
                                     "{\"id\":2,\"result\":true}",
                                     "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.5]}"};
    static const char *const plain[] = {"{\"id\":1,\"result\":true}", "{\"id\":2,\"result\":true}"};
    const char *const *lines;
    size_t n;
    switch (s->dialect) {
    case POOL_DIALECT_BYTOM: lines = bytom, n = 1; break;
    case POOL_DIALECT_ETHPROXY: lines = proxy, n = 1; break;
    case POOL_DIALECT_ETHSTRATUM: lines = nh, n = 3; break;
    default: lines = plain, n = 2; break;
    }
    char buf[POOL_DIALECT_LINE_CAP];
    REQUIRE(pool_dialect_open(s, buf, sizeof buf) == 0);
    check_line(buf, sizeof buf);
    for (size_t i = 0; i < n; i++) feed(s, lines[i], strlen(lines[i]));
    REQUIRE(s->phase == POOL_PHASE_READY);
}

static void try_submit(pool_session *s, const char *line, size_t len) {
    miner_share sh;
    memset(&sh, 0, sizeof sh);
    size_t k = len < sizeof sh.job_id - 1 ? len : sizeof sh.job_id - 1;
    memcpy(sh.job_id, line, k);   /* arbitrary bytes: may not be UTF-8 */
    for (size_t i = 0; i < len && i < 8; i++) sh.nonce = sh.nonce << 8 | (uint8_t)line[i];
    sh.job_seq = s->job_seq - (len & 1);
    if (len >= 64) memcpy(sh.mix, line + 32, 32);
    char out[POOL_DIALECT_LINE_CAP];
    uint64_t id = 0, before = s->next_id;
    if (pool_dialect_submit(s, &sh, &id, out, sizeof out) == 0) {
        check_line(out, sizeof out);
        REQUIRE(id == before && s->next_id == before + 1);
    } else {
        REQUIRE(s->next_id == before && memchr(out, '\0', sizeof out) != NULL);
    }
    int h = pool_dialect_hashrate(s, (double)len * 1e6, out, sizeof out);
    if (h == 1) check_line(out, sizeof out);
    REQUIRE(h == 1 || (h == 0 && s->dialect != POOL_DIALECT_ETHPROXY));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    static const pool_dialect dialects[] = {POOL_DIALECT_BYTOM, POOL_DIALECT_ETHPROXY, POOL_DIALECT_ETHSTRATUM,
                                            POOL_DIALECT_STRATUM};
    pool_session s;
    REQUIRE(pool_session_init(&s, dialects[data[0] & 3], "wallet.worker", "x", "sluice/0.1.0", NULL) == 0);
    if (data[0] & 4) login(&s);
    else {
        char buf[POOL_DIALECT_LINE_CAP];
        REQUIRE(pool_dialect_open(&s, buf, sizeof buf) == 0);
    }
    pool_line_reader r;
    REQUIRE(pool_lines_init(&r, FUZZ_MAX_LINE) == 0);
    const char *p = (const char *)data + 1;
    size_t left = size - 1;
    int lines = 0;
    while (lines < FUZZ_MAX_LINES) {
        size_t took = pool_lines_push(&r, p, left);
        p += took;
        left -= took;
        char *line;
        size_t len;
        int got;
        while (lines < FUZZ_MAX_LINES && (got = pool_lines_next(&r, &line, &len)) == 1) {
            REQUIRE(len <= FUZZ_MAX_LINE && line[len] == '\0');
            feed(&s, line, len);
            try_submit(&s, line, len);
            lines++;
        }
        if (lines >= FUZZ_MAX_LINES) break;
        if (got < 0) {   /* over-long line: a real client drops the connection */
            pool_lines_reset(&r);
            pool_session_reset(&s);
            if (left == 0) break;
            continue;
        }
        if (left == 0) {   /* the last line without its '\n' */
            if (pool_lines_push(&r, "\n", 1) == 1 && pool_lines_next(&r, &line, &len) == 1) {
                feed(&s, line, len);
                try_submit(&s, line, len);
            }
            break;
        }
    }
    pool_lines_free(&r);
    return 0;
}
