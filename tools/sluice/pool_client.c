/* The pool connection's network thread (pool_client.h): connect, log in,
 * pass jobs on, send queued shares, map JSON-RPC ids back to share ids, and
 * on any loss reconnect with exponential back-off, failing over to the next
 * URL after repeated failures. The wire formats live in the dialect files
 * (pool_dialect.h); sockets and line framing in pool_net.c. */
#include "pool_client.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "pool_dialect.h"
#include "pool_net.h"

#define CONNECT_TIMEOUT_MS 10000
#define LOGIN_TIMEOUT_MS 30000
#define SEND_TIMEOUT_MS 10000
#define STABLE_MS 5000           /* a login that lasted this long resets back-off and failure count */

typedef struct {
    uint64_t share_id;
    miner_share share;
} queued_share;

typedef struct {
    uint64_t rpc_id;
    uint64_t share_id;
} pending_share;

struct pool_client {
    pool_config cfg;
    pool_events ev;
    pthread_t thread;
    int wake[2];                 /* a byte on wake[1] makes the thread look at stop / queue */
    atomic_int stop;

    pthread_mutex_t mu;          /* guards everything below up to the network-thread-only part */
    queued_share *queue;         /* ring of POOL_SUBMIT_QUEUE_MAX */
    unsigned qhead, qlen;
    unsigned npending;
    uint64_t next_share_id;
    double hashrate;
    int hashrate_set;
    pool_client_stats stats;

    /* Network thread only. */
    pending_share *pending;      /* POOL_SUBMIT_QUEUE_MAX */
    pool_session session;
    pool_line_reader reader;
    unsigned url_index;
    uint64_t seq_floor;          /* jobs with seq <= this came from an earlier URL (0: none) */
};

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void say(pool_client *pc, pool_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(pool_client *pc, pool_log_level level, const char *fmt, ...) {
    if (!pc->ev.on_log) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pc->ev.on_log(pc->ev.user, level, msg);
}

static void wake_thread(pool_client *pc) {
    char b = 1;
    ssize_t r = write(pc->wake[1], &b, 1);   /* a full pipe already wakes it */
    (void)r;
}

static void drain_wake(pool_client *pc) {
    char buf[64];
    while (read(pc->wake[0], buf, sizeof buf) > 0) {}
}

/* ---- Connection ---------------------------------------------------------------- */

static int send_line(pool_client *pc, int fd, char *line, char *why, size_t cap) {
    size_t n = strlen(line);
    char buf[POOL_DIALECT_LINE_CAP + 1];
    if (n >= POOL_DIALECT_LINE_CAP) {
        snprintf(why, cap, "request too long");
        return -1;
    }
    memcpy(buf, line, n);
    buf[n++] = '\n';
    return pool_net_send_all(fd, buf, n, SEND_TIMEOUT_MS, &pc->stop, why, cap);
}

/* Reports every sent-but-unanswered share as lost. */
static void fail_pending(pool_client *pc) {
    pthread_mutex_lock(&pc->mu);
    unsigned n = pc->npending;
    pc->npending = 0;
    pc->stats.lost += n;
    pthread_mutex_unlock(&pc->mu);
    for (unsigned i = 0; i < n; i++)
        if (pc->ev.on_result) pc->ev.on_result(pc->ev.user, pc->pending[i].share_id, 0, POOL_REASON_CONNECTION_LOST);
}

/* Sends queued shares and a pending hashrate report (logged in only). A
 * share of a job that came from an earlier URL is not sent: another pool
 * knows nothing of that job (miner contract "Counting": dropped as stale). */
static int flush_queue(pool_client *pc, int fd, char *why, size_t cap) {
    char line[POOL_DIALECT_LINE_CAP];
    for (;;) {
        queued_share q;
        pthread_mutex_lock(&pc->mu);
        if (pc->qlen == 0) {
            pthread_mutex_unlock(&pc->mu);
            break;
        }
        q = pc->queue[pc->qhead];
        pc->qhead = (pc->qhead + 1) % POOL_SUBMIT_QUEUE_MAX;
        pc->qlen--;
        uint64_t rpc_id = 0;
        int ok;
        if (pc->seq_floor && q.share.job_seq <= pc->seq_floor) {
            snprintf(line, sizeof line, "%s", POOL_REASON_OTHER_POOL);
            ok = 0;
        } else {
            ok = pool_dialect_submit(&pc->session, &q.share, &rpc_id, line, sizeof line) == 0;
        }
        int stale = !ok && pool_reason_is_stale(line);
        if (ok) {
            pc->pending[pc->npending].rpc_id = rpc_id;
            pc->pending[pc->npending].share_id = q.share_id;
            pc->npending++;
        } else if (stale) {
            pc->stats.dropped_stale++;
        } else {
            pc->stats.lost++;
        }
        pthread_mutex_unlock(&pc->mu);
        if (!ok) {
            say(pc, stale ? POOL_LOG_INFO : POOL_LOG_ERROR, "share %llu not submitted: %s",
                (unsigned long long)q.share_id, line);
            if (pc->ev.on_result) pc->ev.on_result(pc->ev.user, q.share_id, 0, line);
            continue;
        }
        if (send_line(pc, fd, line, why, cap) != 0) return -1;
    }
    pthread_mutex_lock(&pc->mu);
    int has_rate = pc->hashrate_set;
    double rate = pc->hashrate;
    pc->hashrate_set = 0;
    pthread_mutex_unlock(&pc->mu);
    if (has_rate) {
        int r = pool_dialect_hashrate(&pc->session, rate, line, sizeof line);
        if (r > 0 && send_line(pc, fd, line, why, cap) != 0) return -1;
    }
    return 0;
}

/* The pool answered request rpc_id: find its share. */
static void deliver_result(pool_client *pc, const pool_dialect_out *out) {
    uint64_t share_id = 0;
    int found = 0;
    pthread_mutex_lock(&pc->mu);
    for (unsigned i = 0; i < pc->npending; i++) {
        if (pc->pending[i].rpc_id != out->result_id) continue;
        share_id = pc->pending[i].share_id;
        pc->pending[i] = pc->pending[--pc->npending];
        pc->stats.answered++;
        found = 1;
        break;
    }
    pthread_mutex_unlock(&pc->mu);
    if (!found) {
        say(pc, POOL_LOG_WARN, "pool answered unknown request id %llu; ignored",
            (unsigned long long)out->result_id);
        return;
    }
    if (!out->accepted)
        say(pc, POOL_LOG_INFO, "share %llu %s: %s", (unsigned long long)share_id,
            pool_reason_is_stale(out->reason) ? "stale" : "rejected", out->reason);
    if (pc->ev.on_result) pc->ev.on_result(pc->ev.user, share_id, out->accepted, out->reason);
}

/* Acts on what one line produced. 0 to go on, -1 to drop the connection. */
static int apply(pool_client *pc, int fd, pool_dialect_out *out, int *connected, int64_t *t_login,
                 char *why, size_t cap) {
    const pool_url *url = &pc->cfg.urls[pc->url_index];
    for (unsigned i = 0; i < out->nlog; i++) say(pc, out->log_level[i], "%s", out->log[i]);
    if (out->fatal) {
        snprintf(why, cap, "login refused by the pool");
        return -1;
    }
    for (unsigned i = 0; i < out->nsend; i++)
        if (send_line(pc, fd, out->send[i], why, cap) != 0) return -1;
    if (out->logged_in && !*connected) {
        *connected = 1;
        *t_login = now_ms();
        pthread_mutex_lock(&pc->mu);
        pc->stats.connected = 1;
        pthread_mutex_unlock(&pc->mu);
        say(pc, POOL_LOG_INFO, "logged in to %s", url->text);
        if (pc->ev.on_connection) pc->ev.on_connection(pc->ev.user, 1, url);
    }
    if (out->has_job) {
        pthread_mutex_lock(&pc->mu);
        pc->stats.jobs++;
        pthread_mutex_unlock(&pc->mu);
        if (pc->ev.on_job) pc->ev.on_job(pc->ev.user, &out->job);
    }
    if (out->has_result) deliver_result(pc, out);
    return 0;
}

/* Reads what the socket has and handles every complete line. 0 to go on,
 * -1 to drop the connection (why set). */
static int read_lines(pool_client *pc, int fd, pool_dialect_out *out, int *connected, int64_t *t_login,
                      char *why, size_t cap) {
    for (;;) {
        char *line;
        size_t len;
        int r;
        while ((r = pool_lines_next(&pc->reader, &line, &len)) == 1) {
            if (len == 0) continue;
            pool_dialect_handle_line(&pc->session, line, len, out);
            if (apply(pc, fd, out, connected, t_login, why, cap) != 0) return -1;
            if (atomic_load(&pc->stop)) return 0;
        }
        if (r < 0) {
            snprintf(why, cap, "pool sent a line over %d bytes", POOL_MAX_LINE);
            return -1;
        }
        long n = pool_lines_fill(&pc->reader, fd, why, cap);
        if (n == -2) return 0;
        if (n == 0) {
            snprintf(why, cap, "pool closed the connection");
            return -1;
        }
        if (n < 0) return -1;
    }
}

/* One connection to the current URL, until it fails or stop. Returns 1 if
 * it got logged in (*up_ms: for how long), 0 if not; why says what ended it. */
static int run_connection(pool_client *pc, pool_dialect_out *out, int64_t *up_ms, char *why, size_t cap) {
    const pool_url *url = &pc->cfg.urls[pc->url_index];
    *up_ms = 0;
    say(pc, POOL_LOG_INFO, "connecting to %s", url->text);
    int fd = pool_net_connect(url->host, url->port, CONNECT_TIMEOUT_MS, &pc->stop, why, cap);
    if (fd < 0) return 0;
    pc->session.dialect = url->dialect;   /* fail-over URLs may speak another Ethash dialect */
    pool_session_reset(&pc->session);
    pool_lines_reset(&pc->reader);
    int connected = 0;
    int64_t t_login = 0, login_deadline = now_ms() + LOGIN_TIMEOUT_MS;
    char line[POOL_DIALECT_LINE_CAP];
    int failed = pool_dialect_open(&pc->session, line, sizeof line) != 0;
    if (failed) snprintf(why, cap, "cannot encode the login request");
    else failed = send_line(pc, fd, line, why, cap) != 0;
    while (!failed && !atomic_load(&pc->stop)) {
        if (connected && flush_queue(pc, fd, why, cap) != 0) break;
        int timeout = 1000;
        if (!connected) {
            int64_t left = login_deadline - now_ms();
            if (left <= 0) {
                snprintf(why, cap, "login timed out");
                break;
            }
            if (left < timeout) timeout = (int)left;
        }
        struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = pc->wake[0], .events = POLLIN}};
        int r = poll(p, 2, timeout);
        if (r < 0 && errno != EINTR) {
            snprintf(why, cap, "poll failed: %s", strerror(errno));
            break;
        }
        if (r <= 0) continue;
        if (p[1].revents) drain_wake(pc);
        if (p[0].revents && read_lines(pc, fd, out, &connected, &t_login, why, cap) != 0) break;
    }
    if (atomic_load(&pc->stop)) snprintf(why, cap, "stopped");
    close(fd);
    if (!atomic_load(&pc->stop)) fail_pending(pc);   /* at stop: no results (pool_client.h) */
    if (connected) {
        *up_ms = now_ms() - t_login;
        pthread_mutex_lock(&pc->mu);
        pc->stats.connected = 0;
        pthread_mutex_unlock(&pc->mu);
    }
    return connected;
}

/* Sleeps ms unless stopped first. */
static void pause_ms(pool_client *pc, int64_t ms) {
    int64_t end = now_ms() + ms;
    while (!atomic_load(&pc->stop)) {
        int64_t left = end - now_ms();
        if (left <= 0) return;
        struct pollfd p = {.fd = pc->wake[0], .events = POLLIN};
        if (poll(&p, 1, (int)(left > 1000 ? 1000 : left)) > 0) drain_wake(pc);
    }
}

static void *net_thread(void *arg) {
    pool_client *pc = arg;
    pool_dialect_out *out = malloc(sizeof *out);   /* ~10 KiB: off the thread stack */
    if (!out) {
        say(pc, POOL_LOG_ERROR, "out of memory in the pool thread");
        return NULL;
    }
    unsigned failures = 0;
    double backoff = pc->cfg.backoff_initial_seconds;
    for (int attempt = 0; !atomic_load(&pc->stop); attempt++) {
        pthread_mutex_lock(&pc->mu);
        if (attempt > 0) pc->stats.reconnects++;
        pc->stats.url_index = pc->url_index;
        pthread_mutex_unlock(&pc->mu);
        char why[256] = "";
        int64_t up_ms = 0;
        const pool_url *url = &pc->cfg.urls[pc->url_index];
        int was_connected = run_connection(pc, out, &up_ms, why, sizeof why);
        if (atomic_load(&pc->stop)) {
            if (was_connected && pc->ev.on_connection) pc->ev.on_connection(pc->ev.user, 0, url);
            break;
        }
        say(pc, POOL_LOG_WARN, "%s %s: %s", was_connected ? "disconnected from" : "no connection to", url->text,
            why);
        if (was_connected && pc->ev.on_connection) pc->ev.on_connection(pc->ev.user, 0, url);
        if (was_connected && up_ms >= STABLE_MS) {
            failures = 0;
            backoff = pc->cfg.backoff_initial_seconds;
        }
        failures++;
        if (pc->cfg.nurls > 1 && failures >= pc->cfg.retries_before_failover) {
            pc->url_index = (pc->url_index + 1) % pc->cfg.nurls;
            pc->seq_floor = pc->session.job_seq;   /* every job so far is another pool's */
            failures = 0;
            pthread_mutex_lock(&pc->mu);
            pc->stats.failovers++;
            pthread_mutex_unlock(&pc->mu);
            say(pc, POOL_LOG_WARN, "failing over to %s", pc->cfg.urls[pc->url_index].text);
            continue;
        }
        say(pc, POOL_LOG_INFO, "reconnecting in %.3g s", backoff);
        pause_ms(pc, (int64_t)(backoff * 1000));
        backoff *= 2;
        if (backoff > pc->cfg.backoff_max_seconds) backoff = pc->cfg.backoff_max_seconds;
    }
    free(out);
    return NULL;
}

/* ---- Public API ------------------------------------------------------------------ */

static void client_free(pool_client *pc) {
    if (pc->wake[0] >= 0) close(pc->wake[0]);
    if (pc->wake[1] >= 0) close(pc->wake[1]);
    pool_lines_free(&pc->reader);
    pthread_mutex_destroy(&pc->mu);
    free(pc->queue);
    free(pc->pending);
    free(pc);
}

static pool_client *start_fail(pool_client *pc, char *why, size_t cap, const char *msg) {
    if (why && cap) snprintf(why, cap, "%s", msg);
    if (pc) client_free(pc);
    return NULL;
}

/* A random id for eth_submitHashrate (any 32 bytes; only used as a label). */
static void random_id(uint8_t id[32]) {
    if (getrandom(id, 32, GRND_NONBLOCK) == 32) return;
    uint64_t x = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)id;
    for (int i = 0; i < 32; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;   /* Knuth's MMIX LCG */
        id[i] = (uint8_t)(x >> 56);
    }
}

pool_client *pool_client_start(const pool_config *cfg, const pool_events *ev, char *why, size_t why_cap) {
    if (!cfg || !ev) return start_fail(NULL, why, why_cap, "missing pool configuration");
    if (cfg->nurls == 0 || cfg->nurls > POOL_MAX_URLS)
        return start_fail(NULL, why, why_cap, "between 1 and 8 pool URLs are needed");
    for (unsigned i = 0; i < cfg->nurls; i++) {
        const pool_url *u = &cfg->urls[i];
        int tensority = u->dialect == POOL_DIALECT_BYTOM;
        int ethash = u->dialect >= POOL_DIALECT_ETHPROXY && u->dialect <= POOL_DIALECT_STRATUM;
        if (!u->host[0] || memchr(u->host, '\0', sizeof u->host) == NULL || u->port == 0)
            return start_fail(NULL, why, why_cap, "pool URL without host or port");
        if ((cfg->algo == MINER_ALGO_TENSORITY && !tensority) || (cfg->algo == MINER_ALGO_ETHASH && !ethash) ||
            (cfg->algo != MINER_ALGO_TENSORITY && cfg->algo != MINER_ALGO_ETHASH))
            return start_fail(NULL, why, why_cap, "pool dialect does not match the algorithm");
    }
    if (!cfg->user || !cfg->user[0]) return start_fail(NULL, why, why_cap, "a pool user name is needed");
    pool_client *pc = calloc(1, sizeof *pc);
    if (!pc) return start_fail(NULL, why, why_cap, "out of memory");
    pc->wake[0] = pc->wake[1] = -1;
    pthread_mutex_init(&pc->mu, NULL);
    pc->cfg = *cfg;
    pc->cfg.user = pc->cfg.pass = pc->cfg.agent = NULL;   /* copied into the session */
    if (pc->cfg.retries_before_failover == 0) pc->cfg.retries_before_failover = 3;
    if (!(pc->cfg.backoff_max_seconds > 0)) pc->cfg.backoff_max_seconds = 30;
    if (!(pc->cfg.backoff_initial_seconds > 0)) pc->cfg.backoff_initial_seconds = 1;
    if (pc->cfg.backoff_initial_seconds > pc->cfg.backoff_max_seconds)
        pc->cfg.backoff_initial_seconds = pc->cfg.backoff_max_seconds;
    pc->ev = *ev;
    pc->next_share_id = 1;
    uint8_t client_id[32];
    random_id(client_id);
    if (pool_session_init(&pc->session, cfg->urls[0].dialect, cfg->user, cfg->pass ? cfg->pass : "x",
                          cfg->agent ? cfg->agent : "sluice/0.1.0", client_id) != 0)
        return start_fail(pc, why, why_cap, "pool user, password or agent longer than 255 bytes");
    pc->queue = calloc(POOL_SUBMIT_QUEUE_MAX, sizeof *pc->queue);
    pc->pending = calloc(POOL_SUBMIT_QUEUE_MAX, sizeof *pc->pending);
    if (!pc->queue || !pc->pending || pool_lines_init(&pc->reader, POOL_MAX_LINE) != 0)
        return start_fail(pc, why, why_cap, "out of memory");
    if (pipe2(pc->wake, O_NONBLOCK | O_CLOEXEC) != 0) return start_fail(pc, why, why_cap, "cannot create a pipe");
    if (pthread_create(&pc->thread, NULL, net_thread, pc) != 0)
        return start_fail(pc, why, why_cap, "cannot start the pool thread");
    return pc;
}

uint64_t pool_client_submit(pool_client *pc, const miner_share *share) {
    if (!pc || !share) return 0;
    uint64_t id = 0;
    pthread_mutex_lock(&pc->mu);
    pc->stats.submitted++;
    if (pc->qlen + pc->npending >= POOL_SUBMIT_QUEUE_MAX) {
        pc->stats.lost++;
    } else {
        id = pc->next_share_id++;
        queued_share *q = &pc->queue[(pc->qhead + pc->qlen) % POOL_SUBMIT_QUEUE_MAX];
        q->share_id = id;
        q->share = *share;
        q->share.job_id[sizeof q->share.job_id - 1] = '\0';
        pc->qlen++;
    }
    pthread_mutex_unlock(&pc->mu);
    if (id) wake_thread(pc);
    return id;
}

void pool_client_report_hashrate(pool_client *pc, double hashes_per_second) {
    if (!pc) return;
    pthread_mutex_lock(&pc->mu);
    pc->hashrate = hashes_per_second;
    pc->hashrate_set = 1;
    pthread_mutex_unlock(&pc->mu);
    wake_thread(pc);
}

void pool_client_state(pool_client *pc, unsigned *url_index, int *connected, unsigned *reconnects) {
    pool_client_stats st;
    pool_client_get_stats(pc, &st);
    if (url_index) *url_index = st.url_index;
    if (connected) *connected = st.connected;
    if (reconnects) *reconnects = st.reconnects;
}

void pool_client_get_stats(pool_client *pc, pool_client_stats *out) {
    memset(out, 0, sizeof *out);
    if (!pc) return;
    pthread_mutex_lock(&pc->mu);
    *out = pc->stats;
    out->pending = pc->qlen + pc->npending;
    pthread_mutex_unlock(&pc->mu);
}

void pool_client_stop(pool_client *pc) {
    if (!pc) return;
    atomic_store(&pc->stop, 1);
    wake_thread(pc);
    pthread_join(pc->thread, NULL);
    client_free(pc);
}
