/* The `sluice mine` main loop (see miner_run.h). */
#include "miner_run.h"
#include "miner_api.h"
#include "miner_out.h"
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#define SHUTDOWN_WAIT_SECONDS 2.0   /* for the pool's answers to shares in flight */

typedef struct {
    const miner_run_config *cfg;
    miner_out *out;
    miner *m;
    pool_client *pool;               /* set before the devices start */
    int started;                     /* pool_client_start returned */
} run_state;

static const char *algo_name(miner_algo a) { return a == MINER_ALGO_ETHASH ? "ethash" : "tensority"; }

/* ---- miner -> pool / output ---- */

static uint64_t sink_submit(void *user, const miner_share *share) {
    run_state *st = user;
    return st->pool ? pool_client_submit(st->pool, share) : 0;
}

static void sink_event(void *user, const miner_event *ev) {
    run_state *st = user;
    miner_out_event(st->out, ev);
}

/* ---- pool -> miner / output ---- */

static void on_job(void *user, const miner_job *job) {
    run_state *st = user;
    miner_set_job(st->m, job);
}

static void on_result(void *user, uint64_t id, int accepted, const char *reason) {
    run_state *st = user;
    miner_share_result(st->m, id, accepted, reason);
}

static void on_connection(void *user, int connected, const pool_url *url) {
    run_state *st = user;
    miner_set_connected(st->m, connected);
    miner_out_connection(st->out, connected, url ? url->text : "", connected ? NULL : "connection lost");
}

static void on_log(void *user, pool_log_level level, const char *msg) {
    run_state *st = user;
    miner_out_log(st->out, level == POOL_LOG_ERROR ? MINER_LOG_ERROR : level == POOL_LOG_WARN ? MINER_LOG_WARN
                                                                                              : MINER_LOG_INFO,
                  msg ? msg : "");
}

/* ---- HTTP API ---- */

static void pool_now(run_state *st, char *text, size_t cap, char *hostport, size_t hp_cap, int *connected) {
    unsigned idx = 0, reconnects = 0;
    *connected = 0;
    if (st->pool) pool_client_state(st->pool, &idx, connected, &reconnects);
    if (idx >= st->cfg->pool.nurls) idx = 0;
    const pool_url *u = &st->cfg->pool.urls[idx];
    if (text) snprintf(text, cap, "%s", u->text);
    if (hostport) snprintf(hostport, hp_cap, "%s:%u", u->host, (unsigned)u->port);
}

static char *api_body(void *user) {
    run_state *st = user;
    miner_snapshot s;
    miner_get_snapshot(st->m, &s);
    json_t *obj = miner_snapshot_json(&s);
    if (!obj) return NULL;
    char url[512];
    int connected;
    pool_now(st, url, sizeof url, NULL, 0, &connected);
    json_object_set_new(obj, "algo", json_string(algo_name(st->cfg->miner.algo)));
    json_object_set_new(obj, "pool", json_string(url));
    json_object_set_new(obj, "connected", json_boolean(connected));
    json_object_set_new(obj, "version", json_string(MINER_VERSION));
    char *text = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(obj);
    return text;
}

/* ---- main loop ---- */

static int block_signals(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, set, NULL) != 0) return -1;
    return signalfd(-1, set, SFD_NONBLOCK | SFD_CLOEXEC);
}

static void status(run_state *st) {
    miner_snapshot s;
    miner_get_snapshot(st->m, &s);
    char hostport[300];
    int connected;
    pool_now(st, NULL, 0, hostport, sizeof hostport, &connected);
    miner_out_status(st->out, &s, hostport);
    if (st->pool) pool_client_report_hashrate(st->pool, s.rate_60s > 0 ? s.rate_60s : s.rate_10s);
}

int miner_run(const miner_run_config *cfg) {
    char why[512] = "";
    run_state st;
    memset(&st, 0, sizeof st);
    st.cfg = cfg;
    /* Before any thread exists, so every thread inherits the mask. */
    sigset_t sigs;
    int sfd = block_signals(&sigs);
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, NULL);
    st.out = miner_out_new(stdout, cfg->json);
    if (!st.out || sfd < 0) {
        fprintf(stderr, "sluice mine: cannot set up output or signals: %s\n", strerror(errno));
        if (sfd >= 0) close(sfd);
        miner_out_free(st.out);
        return 2;
    }
    int rc = 0;
    miner_sink sink = {.submit = sink_submit, .event = sink_event, .user = &st};
    pool_events ev = {.on_job = on_job, .on_result = on_result, .on_connection = on_connection, .on_log = on_log,
                      .user = &st};
    miner_api *api = NULL;
    st.m = miner_new(&cfg->miner, &sink, why, sizeof why);
    if (!st.m) { rc = 2; goto done; }
    if (!cfg->json) {
        char line[512];
        size_t n = (size_t)snprintf(line, sizeof line, "sluice mine %s: %s on", MINER_VERSION,
                                    algo_name(cfg->miner.algo));
        for (unsigned i = 0; i < cfg->miner.ndevices && n < sizeof line; i++)
            n += (size_t)snprintf(line + n, sizeof line - n, "%s %s", i ? "," : "", cfg->miner.devices[i].name);
        miner_out_log(st.out, MINER_LOG_INFO, line);
    }
    st.pool = pool_client_start(&cfg->pool, &ev, why, sizeof why);
    if (!st.pool) { rc = 2; goto done; }
    if (miner_start(st.m, why, sizeof why) != 0) { rc = 2; goto done; }
    if (cfg->api_port) {
        api = miner_api_start(cfg->api_port, api_body, &st, why, sizeof why);
        if (!api) {
            char msg[600];
            snprintf(msg, sizeof msg, "HTTP API not started: %s", why);
            miner_out_log(st.out, MINER_LOG_ERROR, msg);
            rc = 2;
            goto done;
        }
        char msg[64];
        snprintf(msg, sizeof msg, "HTTP API on http://127.0.0.1:%u/1/summary", (unsigned)miner_api_port(api));
        miner_out_log(st.out, MINER_LOG_INFO, msg);
    }
    double t0 = miner_now(), next_status = t0 + cfg->status_interval;
    for (;;) {
        double now = miner_now();
        if (cfg->duration > 0 && now - t0 >= cfg->duration) break;
        if (cfg->max_shares) {
            miner_snapshot s;
            miner_get_snapshot(st.m, &s);
            if (s.accepted >= cfg->max_shares) break;
        }
        if (now >= next_status) {
            status(&st);
            while (next_status <= now) next_status += cfg->status_interval;
        }
        double wake = next_status;
        if (cfg->duration > 0 && t0 + cfg->duration < wake) wake = t0 + cfg->duration;
        int ms = (int)ceil((wake - now) * 1000);
        if (cfg->max_shares && ms > 100) ms = 100;
        if (ms < 1) ms = 1;
        if (ms > 1000) ms = 1000;
        struct pollfd p = {.fd = sfd, .events = POLLIN};
        if (poll(&p, 1, ms) > 0 && (p.revents & POLLIN)) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
                char msg[64];
                snprintf(msg, sizeof msg, "%s: shutting down", si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
                miner_out_log(st.out, MINER_LOG_INFO, msg);
                break;
            }
        }
    }
done:
    if (rc != 0 && why[0]) {
        if (cfg->json) {
            json_t *e = json_pack("{s:s,s:s}", "error", why, "command", "mine");
            char *s = e ? json_dumps(e, JSON_COMPACT) : NULL;
            if (s) { puts(s); free(s); }
            json_decref(e);
        }
        fprintf(stderr, "sluice mine: %s\n", why);
    }
    miner_api_stop(api);
    if (st.m) miner_stop(st.m);
    pool_client_stats ps;
    memset(&ps, 0, sizeof ps);
    if (st.pool) {
        /* Shares in flight: give the pool a moment to answer. */
        double until = miner_now() + SHUTDOWN_WAIT_SECONDS;
        for (;;) {
            miner_snapshot s;
            miner_get_snapshot(st.m, &s);
            if (s.outstanding == 0 || miner_now() >= until) break;
            usleep(20000);
        }
        pool_client_get_stats(st.pool, &ps);
        pool_client_stop(st.pool);
    }
    if (st.m && rc == 0) {
        miner_snapshot s;
        miner_get_snapshot(st.m, &s);
        miner_out_summary(st.out, &s, ps.reconnects, ps.failovers);
    }
    miner_free(st.m);
    miner_out_free(st.out);
    close(sfd);
    return rc;
}
