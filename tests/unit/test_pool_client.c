/* The pool client against a tiny scripted pool on 127.0.0.1 (a thread of
 * this test): login, jobs, submit round trips with accepted / stale /
 * rejected answers, malformed and absurd lines, unknown methods and ids, a
 * line over POOL_MAX_LINE, reconnect after a close (queued shares go out
 * after the new login, unanswered ones are reported lost), failover to the
 * second URL, prompt stop; plus the bounded line reader and start-up checks. */
#include "pool_client.h"
#include "pool_net.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- Events recorded from the client ----------------------------------------- */

typedef struct {
    pthread_mutex_t mu;
    int njobs;
    miner_job last_job;
    int nresults;
    struct { uint64_t id; int accepted; char reason[160]; } results[32];
    int nup, ndown;
    uint16_t last_up_port;
    char logs[16384];
} recorder;

static recorder R = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void reset_recorder(void) {
    pthread_mutex_lock(&R.mu);
    R.njobs = R.nresults = R.nup = R.ndown = 0;
    R.last_up_port = 0;
    R.logs[0] = '\0';
    pthread_mutex_unlock(&R.mu);
}

static void on_job(void *u, const miner_job *job) {
    (void)u;
    pthread_mutex_lock(&R.mu);
    R.njobs++;
    R.last_job = *job;
    pthread_mutex_unlock(&R.mu);
}

static void on_result(void *u, uint64_t id, int accepted, const char *reason) {
    (void)u;
    pthread_mutex_lock(&R.mu);
    if (R.nresults < 32) {
        R.results[R.nresults].id = id;
        R.results[R.nresults].accepted = accepted;
        snprintf(R.results[R.nresults].reason, sizeof R.results[0].reason, "%s", reason);
    }
    R.nresults++;
    pthread_mutex_unlock(&R.mu);
}

static void on_connection(void *u, int connected, const pool_url *url) {
    (void)u;
    pthread_mutex_lock(&R.mu);
    if (connected) {
        R.nup++;
        R.last_up_port = url->port;
    } else {
        R.ndown++;
    }
    pthread_mutex_unlock(&R.mu);
}

static void on_log(void *u, pool_log_level level, const char *msg) {
    (void)u;
    pthread_mutex_lock(&R.mu);
    size_t n = strlen(R.logs);
    if (n + strlen(msg) + 2 < sizeof R.logs) snprintf(R.logs + n, sizeof R.logs - n, "%s\n", msg);
    pthread_mutex_unlock(&R.mu);
    if (getenv("POOL_TEST_VERBOSE")) fprintf(stderr, "[client %d] %s\n", (int)level, msg);
}

static const pool_events EVENTS = {on_job, on_result, on_connection, on_log, NULL};

/* Waits (10 s at most) until cond holds, reading R under its lock. */
#define WAIT_UNTIL(cond) do { int ok_ = 0; for (int t_ = 0; t_ < 2000 && !ok_; t_++) { \
    pthread_mutex_lock(&R.mu); ok_ = (cond); pthread_mutex_unlock(&R.mu); if (!ok_) sleep_ms(5); } \
    CHECK(ok_); if (!ok_) fprintf(stderr, "  timed out waiting for %s\n", #cond); } while (0)

static int logged(const char *part) {
    pthread_mutex_lock(&R.mu);
    int r = strstr(R.logs, part) != NULL;
    pthread_mutex_unlock(&R.mu);
    return r;
}

/* ---- The scripted pool --------------------------------------------------------- */

typedef struct server server;
struct server {
    int lfd;
    uint16_t port;
    pthread_t th;
    void (*script)(server *);
    atomic_int failures;     /* checks failed in the server thread */
    atomic_int go;           /* set by the test to let the script continue */
    atomic_int stage;        /* set by the script to tell the test where it is */
};

typedef struct {
    int fd;
    char buf[8192];
    size_t len;
} conn;

#define SCHECK(sv, cond) do { if (!(cond)) { atomic_fetch_add(&(sv)->failures, 1); \
    fprintf(stderr, "%s:%d: server check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static void *server_main(void *arg) {
    server *sv = arg;
    sv->script(sv);
    return NULL;
}

static int server_start(server *sv, void (*script)(server *)) {
    memset(sv, 0, sizeof *sv);
    sv->script = script;
    sv->lfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(sv->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    if (bind(sv->lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(sv->lfd, 4) != 0 ||
        getsockname(sv->lfd, (struct sockaddr *)&a, &alen) != 0)
        return -1;
    sv->port = ntohs(a.sin_port);
    return pthread_create(&sv->th, NULL, server_main, sv);
}

static void server_join(server *sv) {
    pthread_join(sv->th, NULL);
    close(sv->lfd);
    CHECK(atomic_load(&sv->failures) == 0);
}

/* A port on which nothing listens (bound, then closed). */
static uint16_t dead_port(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    bind(fd, (struct sockaddr *)&a, sizeof a);
    getsockname(fd, (struct sockaddr *)&a, &alen);
    close(fd);
    return ntohs(a.sin_port);
}

static int srv_accept(server *sv, conn *c) {
    struct pollfd p = {.fd = sv->lfd, .events = POLLIN};
    memset(c, 0, sizeof *c);
    c->fd = -1;
    if (poll(&p, 1, 10000) != 1) return -1;
    c->fd = accept(sv->lfd, NULL, NULL);
    return c->fd;
}

/* The next line (without '\n') into out; 0 at EOF or after 10 s. */
static int srv_line(conn *c, char *out, size_t cap) {
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        if (nl) {
            size_t n = (size_t)(nl - c->buf);
            snprintf(out, cap, "%.*s", (int)n, c->buf);
            memmove(c->buf, nl + 1, c->len - n - 1);
            c->len -= n + 1;
            return 1;
        }
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        if (c->fd < 0 || poll(&p, 1, 10000) != 1) return 0;
        ssize_t r = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
        if (r <= 0) return 0;
        c->len += (size_t)r;
    }
}

static void srv_send(conn *c, const char *text) {
    size_t n = strlen(text), off = 0;
    while (off < n) {
        ssize_t w = send(c->fd, text + off, n - off, MSG_NOSIGNAL);
        if (w <= 0) return;
        off += (size_t)w;
    }
}

static void srv_close(conn *c) {
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
}

/* Waits for the test's go signal (10 s at most). */
static void srv_wait_go(server *sv) {
    for (int i = 0; i < 2000 && !atomic_load(&sv->go); i++) sleep_ms(5);
    atomic_store(&sv->go, 0);
}

/* Reads lines until EOF (the client stopped) or 10 s. */
static void srv_drain(conn *c) {
    char line[8192];
    while (srv_line(c, line, sizeof line)) {}
    srv_close(c);
}

static pool_client *start_client(const char *const *urls, unsigned n, miner_algo algo, const char *user,
                                 unsigned retries) {
    pool_config cfg;
    memset(&cfg, 0, sizeof cfg);
    char why[256];
    for (unsigned i = 0; i < n; i++) CHECK(pool_url_parse(urls[i], algo, &cfg.urls[i], why, sizeof why) == 0);
    cfg.nurls = n;
    cfg.user = user;
    cfg.pass = "x";
    cfg.agent = "sluice-test";
    cfg.algo = algo;
    cfg.retries_before_failover = retries;
    cfg.backoff_initial_seconds = 0.02;
    cfg.backoff_max_seconds = 0.1;
    pool_client *pc = pool_client_start(&cfg, &EVENTS, why, sizeof why);
    CHECK(pc != NULL);
    if (!pc) fprintf(stderr, "  start: %s\n", why);
    return pc;
}

/* ---- Bytom: round trips, hostile lines, reconnect ------------------------------ */

#define BJOB(id, target) "{\"version\":\"0100000000000000\",\"height\":\"a086010000000000\"," \
    "\"timestamp\":\"e3d2c15b00000000\",\"bits\":\"ffff3f0000000020\",\"nonce\":\"0000000000000080\"," \
    "\"previous_block_hash\":\"11223344556677889900aabbccddeeff0123456789abcdef0011223344556677\"," \
    "\"transactions_merkle_root\":\"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf\"," \
    "\"transaction_status_hash\":\"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf\"," \
    "\"seed\":\"9e6291970cb44dd94008c79bcaf9d86f18b4b49ba5b2a04781db7199ed3b9e4e\",\"job_id\":\"" id "\"," \
    "\"target\":\"" target "\"}"

static void bytom_script(server *sv) {
    conn c;
    char line[8192];
    SCHECK(sv, srv_accept(sv, &c) >= 0);
    SCHECK(sv, srv_line(&c, line, sizeof line));
    SCHECK(sv, strcmp(line, "{\"id\":1,\"method\":\"login\",\"params\":{\"login\":\"w.rig\",\"pass\":\"x\","
                            "\"agent\":\"sluice-test\"}}") == 0);
    srv_send(&c, "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"id\":\"S1\",\"job\":" BJOB("J1", "c5a70000")
                 ",\"status\":\"OK\"},\"error\":null}\n");
    static const char *answers[] = {
        "{\"id\":2,\"jsonrpc\":\"2.0\",\"result\":{\"status\":\"OK\"},\"error\":null}\n",
        "{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":null,\"error\":{\"code\":-1,\"message\":\"Block expired\"}}\n",
        "{\"id\":4,\"jsonrpc\":\"2.0\",\"result\":null,\"error\":{\"code\":-1,\"message\":\"Low difficulty share\"}}\n",
    };
    for (int i = 0; i < 3; i++) {
        char want[256];
        snprintf(want, sizeof want, "{\"id\":%d,\"method\":\"submit\",\"params\":{\"id\":\"S1\",\"job_id\":\"J1\","
                 "\"nonce\":\"800000000000000%d\"}}", i + 2, i);
        SCHECK(sv, srv_line(&c, line, sizeof line));
        SCHECK(sv, strcmp(line, want) == 0);
        srv_send(&c, answers[i]);
    }
    /* Hostile lines: the client logs them and goes on. */
    srv_send(&c, "{nonsense\n\n[1,2]\n{\"id\":50,\"method\":\"getversion\",\"params\":[]}\n");
    SCHECK(sv, srv_line(&c, line, sizeof line));
    SCHECK(sv, strstr(line, "\"id\":50") && strstr(line, "\"error\":{"));
    srv_send(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":" BJOB("J0", "00000000") "}\r\n");
    srv_send(&c, "{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":" BJOB("J2", "ffff0000") "}\r\n");
    srv_send(&c, "{\"id\":99,\"result\":{\"status\":\"OK\"},\"error\":null}\n");
    /* Share 4 is read and never answered: the close makes it lost. */
    SCHECK(sv, srv_line(&c, line, sizeof line));
    SCHECK(sv, strstr(line, "\"job_id\":\"J2\"") != NULL);
    srv_close(&c);

    SCHECK(sv, srv_accept(sv, &c) >= 0);
    SCHECK(sv, srv_line(&c, line, sizeof line));
    SCHECK(sv, strstr(line, "\"method\":\"login\"") != NULL);
    srv_wait_go(sv);   /* share 5 is queued while the login is pending */
    srv_send(&c, "{\"id\":1,\"result\":{\"id\":\"S2\",\"job\":" BJOB("J3", "c5a70000") ",\"status\":\"OK\"},\"error\":null}\n");
    SCHECK(sv, srv_line(&c, line, sizeof line));
    SCHECK(sv, strcmp(line, "{\"id\":2,\"method\":\"submit\",\"params\":{\"id\":\"S2\",\"job_id\":\"J2\","
                            "\"nonce\":\"0000000000000005\"}}") == 0);
    srv_send(&c, "{\"id\":2,\"result\":{\"status\":\"OK\"},\"error\":null}\n");
    SCHECK(sv, srv_line(&c, line, sizeof line));   /* share 6: never answered */
    SCHECK(sv, strstr(line, "\"id\":3,\"method\":\"submit\"") != NULL);
    atomic_store(&sv->stage, 1);
    srv_drain(&c);
}

static uint64_t submit(pool_client *pc, const char *job_id, uint64_t seq, uint64_t nonce) {
    miner_share sh;
    memset(&sh, 0, sizeof sh);
    snprintf(sh.job_id, sizeof sh.job_id, "%s", job_id);
    sh.job_seq = seq;
    sh.nonce = nonce;
    strcpy(sh.device, "cpu");
    return pool_client_submit(pc, &sh);
}

static void test_bytom_session(void) {
    reset_recorder();
    server sv;
    CHECK(server_start(&sv, bytom_script) == 0);
    char url[64];
    snprintf(url, sizeof url, "stratum+tcp://127.0.0.1:%u", sv.port);
    const char *urls[] = {url};
    pool_client *pc = start_client(urls, 1, MINER_ALGO_TENSORITY, "w.rig", 0);
    if (!pc) return;
    WAIT_UNTIL(R.njobs == 1 && R.nup == 1);
    CHECK(strcmp(R.last_job.job_id, "J1") == 0 && R.last_job.seq == 1 && R.last_job.target_word == 0xa7c5);
    CHECK(R.last_job.start_nonce == 0x8000000000000000ull);
    uint64_t ids[5];
    for (int i = 0; i < 3; i++) {
        ids[i] = submit(pc, "J1", 1, 0x8000000000000000ull + (uint64_t)i);
        CHECK(ids[i] == (uint64_t)i + 1);
        WAIT_UNTIL(R.nresults == i + 1);
    }
    CHECK(R.results[0].id == ids[0] && R.results[0].accepted == 1 && R.results[0].reason[0] == '\0');
    CHECK(R.results[1].id == ids[1] && R.results[1].accepted == 0 && strcmp(R.results[1].reason, "Block expired") == 0);
    CHECK(pool_reason_is_stale(R.results[1].reason));
    CHECK(R.results[2].id == ids[2] && R.results[2].accepted == 0 &&
          strcmp(R.results[2].reason, "Low difficulty share") == 0 && !pool_reason_is_stale(R.results[2].reason));

    WAIT_UNTIL(R.njobs == 2 && strstr(R.logs, "unknown request id 99"));
    CHECK(strcmp(R.last_job.job_id, "J2") == 0 && R.last_job.seq == 2 && R.last_job.target_word == 0xffff);
    CHECK(logged("malformed JSON") && logged("not an object") && logged("getversion") && logged("target 0"));

    ids[3] = submit(pc, "J2", 2, 0x8000000000000007ull);
    WAIT_UNTIL(R.ndown == 1 && R.nresults == 4);
    CHECK(R.results[3].id == ids[3] && R.results[3].accepted == 0 &&
          strcmp(R.results[3].reason, POOL_REASON_CONNECTION_LOST) == 0);
    CHECK(logged("pool closed the connection"));
    ids[4] = submit(pc, "J2", 2, 5);
    atomic_store(&sv.go, 1);
    WAIT_UNTIL(R.nresults == 5 && R.nup == 2 && R.njobs == 3);
    CHECK(R.results[4].id == ids[4] && R.results[4].accepted == 1);
    CHECK(strcmp(R.last_job.job_id, "J3") == 0 && R.last_job.seq == 3);

    pool_client_stats st;
    pool_client_get_stats(pc, &st);
    CHECK(st.connected == 1 && st.url_index == 0 && st.reconnects == 1 && st.failovers == 0);
    CHECK(st.jobs == 3 && st.submitted == 5 && st.answered == 4 && st.lost == 1 && st.pending == 0);
    unsigned idx = 9, rc = 9;
    int conn_now = -1;
    pool_client_state(pc, &idx, &conn_now, &rc);
    CHECK(idx == 0 && conn_now == 1 && rc == 1);
    CHECK(submit(pc, "J3", 3, 6) == 6);
    for (int i = 0; i < 2000 && atomic_load(&sv.stage) < 1; i++) sleep_ms(5);
    CHECK(atomic_load(&sv.stage) == 1);
    pool_client_get_stats(pc, &st);
    CHECK(st.pending == 1);
    pool_client_stop(pc);
    CHECK(R.ndown == 2);   /* stop ends the connection too */
    CHECK(R.nresults == 5);   /* and reports nothing for the unanswered share */
    server_join(&sv);
}

/* ---- ETHPROXY: getWork, hashrate, pushed work, a line over the limit -------- */

#define SEED0 "0x0000000000000000000000000000000000000000000000000000000000000000"
#define HDR_A "0x1111111111111111111111111111111111111111111111111111111111111111"
#define HDR_B "0x2222222222222222222222222222222222222222222222222222222222222222"
#define BND "0x00000000ffff0000000000000000000000000000000000000000000000000000"

/* Answers ETHPROXY requests by method; returns when the client goes away or
 * after `huge` sends a line over POOL_MAX_LINE. */
static void ethproxy_conn(server *sv, conn *c, int first) {
    char line[8192];
    int submits = 0;
    while (srv_line(c, line, sizeof line)) {
        json_t *m = json_loads(line, 0, NULL);
        SCHECK(sv, m != NULL);
        const char *method = json_string_value(json_object_get(m, "method"));
        json_int_t id = json_integer_value(json_object_get(m, "id"));
        char rep[512];
        if (method && strcmp(method, "eth_submitLogin") == 0) {
            SCHECK(sv, strcmp(line, "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"eth_submitLogin\","
                                    "\"params\":[\"0xw.rig\",\"x\"],\"worker\":\"rig\"}") == 0);
            srv_send(c, "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":true}\n");
        } else if (method && strcmp(method, "eth_getWork") == 0) {
            snprintf(rep, sizeof rep, "{\"id\":%d,\"jsonrpc\":\"2.0\",\"result\":[\"" HDR_A "\",\"" SEED0 "\",\"" BND
                     "\"]}\n", (int)id);
            srv_send(c, rep);
            if (!first) {
                atomic_store(&sv->stage, 2);
            }
        } else if (method && strcmp(method, "eth_submitHashrate") == 0) {
            const char *rate = json_string_value(json_array_get(json_object_get(m, "params"), 0));
            SCHECK(sv, rate && strcmp(rate, "0x4d2") == 0);
            snprintf(rep, sizeof rep, "{\"id\":%d,\"jsonrpc\":\"2.0\",\"result\":true}\n", (int)id);
            srv_send(c, rep);
            atomic_store(&sv->stage, 1);
        } else if (method && strcmp(method, "eth_submitWork") == 0) {
            char want[512];
            snprintf(want, sizeof want, "{\"id\":%d,\"jsonrpc\":\"2.0\",\"method\":\"eth_submitWork\",\"params\":"
                     "[\"0x00000000000004d2\",\"" HDR_A "\",\"0x%064d\"]}", (int)id, 0);
            SCHECK(sv, strcmp(line, want) == 0);
            snprintf(rep, sizeof rep, "{\"id\":%d,\"jsonrpc\":\"2.0\",\"result\":%s}\n", (int)id,
                     submits++ ? "null,\"error\":{\"code\":-32000,\"message\":\"stale share\"}" : "true");
            srv_send(c, rep);
            if (submits == 2) {
                /* New work pushed, then a line over the limit (no newline). */
                srv_send(c, "{\"id\":0,\"jsonrpc\":\"2.0\",\"result\":[\"" HDR_B "\",\"" SEED0 "\",\"" BND "\"]}\n");
                char *huge = malloc(POOL_MAX_LINE + 4096);
                memset(huge, 'x', POOL_MAX_LINE + 4096);
                size_t off = 0;
                while (off < POOL_MAX_LINE + 4096) {
                    ssize_t w = send(c->fd, huge + off, POOL_MAX_LINE + 4096 - off, MSG_NOSIGNAL);
                    if (w <= 0) break;
                    off += (size_t)w;
                }
                free(huge);
            }
        } else {
            SCHECK(sv, !"unexpected request");
        }
        json_decref(m);
    }
    srv_close(c);
}

static void ethproxy_script(server *sv) {
    conn c;
    SCHECK(sv, srv_accept(sv, &c) >= 0);
    ethproxy_conn(sv, &c, 1);
    SCHECK(sv, srv_accept(sv, &c) >= 0);
    ethproxy_conn(sv, &c, 0);
}

static void test_ethproxy_session(void) {
    reset_recorder();
    server sv;
    CHECK(server_start(&sv, ethproxy_script) == 0);
    char url[64];
    snprintf(url, sizeof url, "stratum1+tcp://127.0.0.1:%u", sv.port);
    const char *urls[] = {url};
    pool_client *pc = start_client(urls, 1, MINER_ALGO_ETHASH, "0xw.rig", 0);
    if (!pc) return;
    WAIT_UNTIL(R.njobs == 1 && R.nup == 1);
    CHECK(R.last_job.epoch == 0 && R.last_job.seq == 1 && R.last_job.clean == 1 && R.last_job.boundary[4] == 0xff);
    pool_client_report_hashrate(pc, 1234.5);
    for (int i = 0; i < 2000 && atomic_load(&sv.stage) < 1; i++) sleep_ms(5);
    CHECK(atomic_load(&sv.stage) == 1);
    miner_share sh;
    memset(&sh, 0, sizeof sh);
    sh.nonce = 1234;
    sh.job_seq = 1;
    memset(sh.header_hash, 0x11, 32);
    CHECK(pool_client_submit(pc, &sh) == 1);
    WAIT_UNTIL(R.nresults == 1);
    CHECK(R.results[0].accepted == 1);
    CHECK(pool_client_submit(pc, &sh) == 2);
    WAIT_UNTIL(R.nresults == 2 && R.njobs >= 2);
    CHECK(R.results[1].accepted == 0 && pool_reason_is_stale(R.results[1].reason));
    /* The over-long line drops the connection; the client comes back. */
    WAIT_UNTIL(R.ndown == 1 && R.nup == 2 && R.njobs == 3);
    CHECK(logged("line over 65536 bytes"));
    for (int i = 0; i < 2000 && atomic_load(&sv.stage) < 2; i++) sleep_ms(5);
    pool_client_stop(pc);
    server_join(&sv);
}

/* ---- Failover to the second URL (EthereumStratum) --------------------------- */

static void ethstratum_script(server *sv) {
    conn c;
    char line[8192];
    SCHECK(sv, srv_accept(sv, &c) >= 0);
    SCHECK(sv, srv_line(&c, line, sizeof line));
    SCHECK(sv, strcmp(line, "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"sluice-test\","
                            "\"EthereumStratum/1.0.0\"]}") == 0);
    srv_send(&c, "{\"id\":1,\"result\":[[\"mining.notify\",\"ae68\",\"EthereumStratum/1.0.0\"],\"a2eea0\"],"
                 "\"error\":null}\n");
    SCHECK(sv, srv_line(&c, line, sizeof line));
    SCHECK(sv, strcmp(line, "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"user\",\"x\"]}") == 0);
    srv_send(&c, "{\"id\":2,\"result\":true,\"error\":null}\n"
                 "{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[2]}\n"
                 "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"bf0488aa\",\"" SEED0 "\",\"" HDR_A "\",true]}\n");
    SCHECK(sv, srv_line(&c, line, sizeof line));
    SCHECK(sv, strcmp(line, "{\"id\":3,\"method\":\"mining.submit\",\"params\":[\"user\",\"bf0488aa\",\"cfae7df760\"]}") == 0);
    srv_send(&c, "{\"id\":3,\"result\":true,\"error\":null}\n");
    srv_drain(&c);
}

static void test_failover(void) {
    reset_recorder();
    server sv;
    CHECK(server_start(&sv, ethstratum_script) == 0);
    char url0[64], url1[64];
    /* The first URL speaks another dialect (ETHPROXY): the second must still
     * get EthereumStratum (the session follows the URL in use). */
    snprintf(url0, sizeof url0, "stratum1+tcp://127.0.0.1:%u", dead_port());
    snprintf(url1, sizeof url1, "stratum2+tcp://127.0.0.1:%u", sv.port);
    const char *urls[] = {url0, url1};
    pool_client *pc = start_client(urls, 2, MINER_ALGO_ETHASH, "user", 2);
    if (!pc) return;
    WAIT_UNTIL(R.nup == 1 && R.njobs == 1);
    CHECK(R.last_up_port == sv.port);
    CHECK(R.last_job.nonce_prefix == 0xa2eea00000000000ull && R.last_job.nonce_prefix_bits == 24);
    pool_client_stats st;
    pool_client_get_stats(pc, &st);
    CHECK(st.failovers == 1 && st.url_index == 1 && st.reconnects == 2 && st.connected == 1);
    CHECK(logged("failing over to") && logged("no connection to"));
    CHECK(R.ndown == 0);   /* failed connection attempts are no "loss" */
    miner_share sh;
    memset(&sh, 0, sizeof sh);
    strcpy(sh.job_id, "bf0488aa");
    sh.job_seq = R.last_job.seq;
    sh.nonce = 0xa1eea0cfae7df760ull;   /* wrong extranonce: refused at once */
    uint64_t bad = pool_client_submit(pc, &sh);
    WAIT_UNTIL(R.nresults == 1);
    CHECK(R.results[0].id == bad && R.results[0].accepted == 0 && strstr(R.results[0].reason, "extranonce"));
    sh.nonce = 0xa2eea0cfae7df760ull;
    uint64_t good = pool_client_submit(pc, &sh);
    WAIT_UNTIL(R.nresults == 2);
    CHECK(R.results[1].id == good && R.results[1].accepted == 1);
    pool_client_stop(pc);
    server_join(&sv);
}

/* ---- Failover: the old pool's jobs are not sent to the new one ----------------- */

/* Pool A: a login with job A1, then (on go) the connection closes for good. */
static void bytom_a_script(server *sv) {
    conn c;
    char line[8192];
    SCHECK(sv, srv_accept(sv, &c) >= 0);
    SCHECK(sv, srv_line(&c, line, sizeof line));
    srv_send(&c, "{\"id\":1,\"result\":{\"id\":\"SA\",\"job\":" BJOB("A1", "c5a70000") ",\"status\":\"OK\"},\"error\":null}\n");
    srv_wait_go(sv);
    srv_close(&c);
}

/* Pool B: the login is answered (job B1) on go; the first submission must be
 * for B1 (a share of A1 must not come here). */
static void bytom_b_script(server *sv) {
    conn c;
    char line[8192];
    SCHECK(sv, srv_accept(sv, &c) >= 0);
    SCHECK(sv, srv_line(&c, line, sizeof line));
    SCHECK(sv, strstr(line, "\"method\":\"login\"") != NULL);
    atomic_store(&sv->stage, 1);
    srv_wait_go(sv);
    srv_send(&c, "{\"id\":1,\"result\":{\"id\":\"SB\",\"job\":" BJOB("B1", "c5a70000") ",\"status\":\"OK\"},\"error\":null}\n");
    SCHECK(sv, srv_line(&c, line, sizeof line));
    SCHECK(sv, strcmp(line, "{\"id\":2,\"method\":\"submit\",\"params\":{\"id\":\"SB\",\"job_id\":\"B1\","
                            "\"nonce\":\"0000000000000009\"}}") == 0);
    srv_send(&c, "{\"id\":2,\"result\":{\"status\":\"OK\"},\"error\":null}\n");
    srv_drain(&c);
}

static void test_failover_old_jobs(void) {
    reset_recorder();
    server a, b;
    CHECK(server_start(&a, bytom_a_script) == 0);
    CHECK(server_start(&b, bytom_b_script) == 0);
    char url0[64], url1[64];
    snprintf(url0, sizeof url0, "stratum+tcp://127.0.0.1:%u", a.port);
    snprintf(url1, sizeof url1, "bytom+tcp://127.0.0.1:%u", b.port);
    const char *urls[] = {url0, url1};
    pool_client *pc = start_client(urls, 2, MINER_ALGO_TENSORITY, "w.rig", 1);
    if (!pc) return;
    WAIT_UNTIL(R.njobs == 1 && R.nup == 1);
    CHECK(strcmp(R.last_job.job_id, "A1") == 0 && R.last_job.seq == 1);
    atomic_store(&a.go, 1);                       /* A goes away: fail over to B */
    WAIT_UNTIL(R.ndown == 1);
    for (int i = 0; i < 2000 && atomic_load(&b.stage) < 1; i++) sleep_ms(5);
    CHECK(atomic_load(&b.stage) == 1);
    uint64_t old = submit(pc, "A1", 1, 7);        /* queued while B's login is pending */
    atomic_store(&b.go, 1);
    WAIT_UNTIL(R.nresults == 1 && R.njobs == 2);
    CHECK(R.results[0].id == old && R.results[0].accepted == 0 &&
          strcmp(R.results[0].reason, POOL_REASON_OTHER_POOL) == 0 && pool_reason_is_stale(R.results[0].reason));
    CHECK(strcmp(R.last_job.job_id, "B1") == 0 && R.last_job.seq == 2 && R.last_up_port == b.port);
    uint64_t good = submit(pc, "B1", 2, 9);
    WAIT_UNTIL(R.nresults == 2);
    CHECK(R.results[1].id == good && R.results[1].accepted == 1);
    pool_client_stats st;
    pool_client_get_stats(pc, &st);
    CHECK(st.failovers == 1 && st.url_index == 1 && st.submitted == 2 && st.answered == 1);
    CHECK(st.dropped_stale == 1 && st.lost == 0 && st.pending == 0);
    pool_client_stop(pc);
    server_join(&a);
    server_join(&b);
}

/* ---- Stop is prompt wherever the thread is ------------------------------------- */

static void silent_script(server *sv) {
    conn c;
    char line[8192];
    SCHECK(sv, srv_accept(sv, &c) >= 0);
    SCHECK(sv, srv_line(&c, line, sizeof line));   /* the login, never answered */
    atomic_store(&sv->stage, 1);
    srv_drain(&c);
}

static void test_stop(void) {
    reset_recorder();
    server sv;
    CHECK(server_start(&sv, silent_script) == 0);
    char url[64];
    snprintf(url, sizeof url, "tcp://127.0.0.1:%u", sv.port);
    const char *urls[] = {url};
    pool_client *pc = start_client(urls, 1, MINER_ALGO_TENSORITY, "u", 0);
    if (!pc) return;
    for (int i = 0; i < 2000 && atomic_load(&sv.stage) < 1; i++) sleep_ms(5);
    CHECK(atomic_load(&sv.stage) == 1);
    CHECK(submit(pc, "J", 1, 1) == 1);   /* queued behind the login: no result at stop */
    double t0 = now_s();
    pool_client_stop(pc);
    printf("stop while waiting for the login: %.3f s\n", now_s() - t0);
    CHECK(R.nup == 0 && R.ndown == 0 && R.nresults == 0);
    server_join(&sv);

    /* In a long back-off. */
    pool_config cfg;
    memset(&cfg, 0, sizeof cfg);
    char why[256];
    snprintf(url, sizeof url, "tcp://127.0.0.1:%u", dead_port());
    CHECK(pool_url_parse(url, MINER_ALGO_TENSORITY, &cfg.urls[0], why, sizeof why) == 0);
    cfg.nurls = 1;
    cfg.user = "u";
    cfg.algo = MINER_ALGO_TENSORITY;
    cfg.backoff_initial_seconds = 30;
    pc = pool_client_start(&cfg, &EVENTS, why, sizeof why);
    CHECK(pc != NULL);
    if (!pc) return;
    for (int i = 0; i < 2000 && !logged("reconnecting in 30 s"); i++) sleep_ms(5);
    CHECK(logged("reconnecting in 30 s"));
    t0 = now_s();
    pool_client_stop(pc);
    printf("stop during a 30 s back-off: %.3f s\n", now_s() - t0);
}

/* ---- Start-up checks, the line reader, connect errors -------------------------- */

static void test_start_checks(void) {
    pool_config cfg;
    memset(&cfg, 0, sizeof cfg);
    char why[256];
    CHECK(pool_url_parse("stratum+tcp://127.0.0.1:1", MINER_ALGO_TENSORITY, &cfg.urls[0], why, sizeof why) == 0);
    cfg.algo = MINER_ALGO_TENSORITY;
    cfg.user = "u";
    why[0] = '\0';
    CHECK(pool_client_start(&cfg, &EVENTS, why, sizeof why) == NULL && strstr(why, "URL"));
    cfg.nurls = POOL_MAX_URLS + 1;
    CHECK(pool_client_start(&cfg, &EVENTS, why, sizeof why) == NULL);
    cfg.nurls = 1;
    cfg.algo = MINER_ALGO_ETHASH;
    CHECK(pool_client_start(&cfg, &EVENTS, why, sizeof why) == NULL && strstr(why, "algorithm"));
    cfg.algo = MINER_ALGO_TENSORITY;
    cfg.user = NULL;
    CHECK(pool_client_start(&cfg, &EVENTS, why, sizeof why) == NULL && strstr(why, "user"));
    char big[400];
    memset(big, 'u', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    cfg.user = big;
    CHECK(pool_client_start(&cfg, &EVENTS, why, sizeof why) == NULL && strstr(why, "255"));
    CHECK(pool_client_start(NULL, &EVENTS, why, sizeof why) == NULL);
    pool_client_stop(NULL);
    CHECK(pool_client_submit(NULL, NULL) == 0);
}

static void test_line_reader(void) {
    pool_line_reader r;
    char *line;
    size_t len;
    CHECK(pool_lines_init(&r, 16) == 0);
    CHECK(pool_lines_push(&r, "abc\r\nde", 7) == 7);
    CHECK(pool_lines_next(&r, &line, &len) == 1 && len == 3 && strcmp(line, "abc") == 0);
    CHECK(pool_lines_next(&r, &line, &len) == 0);
    CHECK(pool_lines_push(&r, "f\n\n", 3) == 3);
    CHECK(pool_lines_next(&r, &line, &len) == 1 && len == 3 && strcmp(line, "def") == 0);
    CHECK(pool_lines_next(&r, &line, &len) == 1 && len == 0);
    CHECK(pool_lines_next(&r, &line, &len) == 0);
    /* Exactly max_line bytes is a line; one more is an error. */
    CHECK(pool_lines_push(&r, "0123456789abcdef\n", 17) == 17);
    CHECK(pool_lines_next(&r, &line, &len) == 1 && len == 16 && strcmp(line, "0123456789abcdef") == 0);
    CHECK(pool_lines_push(&r, "0123456789abcdefg", 17) == 17);
    CHECK(pool_lines_next(&r, &line, &len) == -1);
    CHECK(pool_lines_push(&r, "more", 4) == 0);   /* full */
    pool_lines_reset(&r);
    CHECK(pool_lines_push(&r, "0123456789abcdefg\n", 18) == 17);
    CHECK(pool_lines_next(&r, &line, &len) == -1);
    pool_lines_reset(&r);

    /* Over a socket pair: partial lines, then EOF. */
    int sp[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sp) == 0);
    char why[128];
    CHECK(pool_lines_fill(&r, sp[0], why, sizeof why) == -2);
    CHECK(write(sp[1], "hello\nwor", 9) == 9);
    CHECK(pool_lines_fill(&r, sp[0], why, sizeof why) == 9);
    CHECK(pool_lines_next(&r, &line, &len) == 1 && strcmp(line, "hello") == 0);
    CHECK(pool_lines_next(&r, &line, &len) == 0);
    CHECK(write(sp[1], "ld\n", 3) == 3);
    close(sp[1]);
    CHECK(pool_lines_fill(&r, sp[0], why, sizeof why) == 3);
    CHECK(pool_lines_next(&r, &line, &len) == 1 && strcmp(line, "world") == 0);
    CHECK(pool_lines_fill(&r, sp[0], why, sizeof why) == 0);
    close(sp[0]);
    pool_lines_free(&r);

    atomic_int stop = 0;
    CHECK(pool_net_connect("127.0.0.1", dead_port(), 2000, &stop, why, sizeof why) == -1);
    CHECK(strstr(why, "cannot connect") && strstr(why, "refused"));
}

int main(void) {
    test_start_checks();
    test_line_reader();
    test_bytom_session();
    test_ethproxy_session();
    test_failover();
    test_failover_old_jobs();
    test_stop();
    return tu_finish("test_pool_client");
}
