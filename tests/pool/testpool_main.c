/* sluice-testpool: options, start-up (verifier, first job, listening
 * socket, port file), the poll() loop, and the exit report. */
#include "testpool.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The one process-wide flag, set by the SIGTERM/SIGINT handler (a signal
 * handler can reach nothing else) and read by the main loop. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig) { stop_requested = sig; }

/* Seed of every bytom job: the first Tensority vector's seed (tests/vectors/tensority.txt). */
static const char bytom_seed_hex[] = "0737520781345b11b7bd0f843c1bdd9aea81b6da94fd141cc9f2df53ac6744d2";

static void usage(FILE *f) {
    fprintf(f,
            "usage: sluice-testpool --dialect bytom|ethproxy|ethstratum|stratum [--port-file F] [--report F]\n"
            "                       [--difficulty D] [--switch-after N] [--drop-after N] [--hostile MODE]\n"
            "                       [--max-seconds S] [--stale-old-jobs]\n"
            "A Stratum test pool on 127.0.0.1 (ephemeral port, written to --port-file). Every share is\n"
            "verified (Tensority / Ethash light hash at epoch 0). --difficulty D: expected hashes per share\n"
            "(default 8 for bytom, 200 for the ethash dialects). --switch-after N: new job every N accepted\n"
            "shares. --drop-after N: close the connection once after N accepted shares. --stale-old-jobs:\n"
            "shares for a job that is not the current one are stale (default: still verified and counted).\n"
            "--hostile MODE: malformed, unknown-method, absurd-target, huge-line, close-early.\n"
            "On SIGTERM/SIGINT or after --max-seconds: writes the report JSON and exits 0.\n");
}

static int parse_uint(const char *s, unsigned *out) {
    char *end;
    errno = 0;
    if (!s || *s < '0' || *s > '9') return -1;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v > 1000000000ul) return -1;
    *out = (unsigned)v;
    return 0;
}

static int parse_positive(const char *s, double *out) {
    char *end;
    errno = 0;
    if (!s || !*s) return -1;
    double v = strtod(s, &end);
    if (errno || *end || !(v > 0) || v > 1e30) return -1;
    *out = v;
    return 0;
}

static int parse_options(int argc, char **argv, tp_options *o) {
    const char *dialect = NULL;
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0, takes = 1;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); exit(0); }
        else if (strcmp(a, "--stale-old-jobs") == 0) { o->stale_old_jobs = 1; takes = 0; }
        else if (!v) bad = 1;
        else if (strcmp(a, "--dialect") == 0) dialect = v;
        else if (strcmp(a, "--port-file") == 0) o->port_file = v;
        else if (strcmp(a, "--report") == 0) o->report_file = v;
        else if (strcmp(a, "--difficulty") == 0) bad = parse_positive(v, &o->difficulty);
        else if (strcmp(a, "--switch-after") == 0) bad = parse_uint(v, &o->switch_after);
        else if (strcmp(a, "--drop-after") == 0) bad = parse_uint(v, &o->drop_after);
        else if (strcmp(a, "--max-seconds") == 0) bad = parse_positive(v, &o->max_seconds);
        else if (strcmp(a, "--hostile") == 0) bad = tp_hostile_parse(v, &o->hostile);
        else bad = 2;
        if (bad) {
            fprintf(stderr, "sluice-testpool: %s option '%s'%s%s\n", bad == 2 ? "unknown" : "bad or missing value for",
                    a, v && bad != 2 ? ": " : "", v && bad != 2 ? v : "");
            return -1;
        }
        i += takes;
    }
    if (!dialect) { fprintf(stderr, "sluice-testpool: --dialect is required\n"); return -1; }
    if (strcmp(dialect, "bytom") == 0) o->dialect = TP_BYTOM;
    else if (strcmp(dialect, "ethproxy") == 0) o->dialect = TP_ETHPROXY;
    else if (strcmp(dialect, "ethstratum") == 0) o->dialect = TP_ETHSTRATUM;
    else if (strcmp(dialect, "stratum") == 0) o->dialect = TP_STRATUM;
    else { fprintf(stderr, "sluice-testpool: unknown dialect '%s'\n", dialect); return -1; }
    if (o->difficulty == 0) o->difficulty = o->dialect == TP_BYTOM ? 8 : 200;
    return 0;
}

static void run_loop(tp_pool *p) {
    double deadline = p->opt.max_seconds > 0 ? p->started + p->opt.max_seconds : 0;
    while (!stop_requested) {
        double now = tp_now();
        if (deadline && now >= deadline) { tp_log(p, NULL, "--max-seconds reached"); break; }
        struct pollfd fds[TP_MAX_CONNS + 1];
        tp_conn *who[TP_MAX_CONNS + 1];
        nfds_t n = 0;
        fds[n].fd = p->listen_fd;
        fds[n].events = POLLIN;
        who[n++] = NULL;
        for (int i = 0; i < TP_MAX_CONNS; i++) {
            tp_conn *c = &p->conns[i];
            if (c->state == TP_CONN_CLOSING && now >= c->closing_deadline) tp_close(p, c, "drain timeout");
            if (c->state == TP_CONN_FREE) continue;
            fds[n].fd = c->fd;
            fds[n].events = POLLIN;
            who[n++] = c;
        }
        int rc = poll(fds, n, 100);
        if (rc < 0) {
            if (errno == EINTR) continue;
            tp_log(p, NULL, "poll failed: %s", strerror(errno));
            break;
        }
        for (nfds_t i = 1; i < n; i++)
            if (fds[i].revents && who[i]->state != TP_CONN_FREE && who[i]->fd == fds[i].fd) tp_read(p, who[i]);
        if (fds[0].revents & POLLIN) tp_accept(p);
    }
    if (stop_requested) tp_log(p, NULL, "signal %d: stopping", (int)stop_requested);
}

int main(int argc, char **argv) {
    tp_pool *p = calloc(1, sizeof *p);
    if (!p) return 1;
    if (parse_options(argc, argv, &p->opt) != 0) { usage(stderr); free(p); return 2; }
    p->started = tp_now();
    p->listen_fd = -1;
    tp_rng_seed(p, (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ (uint64_t)(tp_now() * 1e9));
    p->id_prefix = (uint32_t)tp_rng_u64(p);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int status = 1;
    if (p->opt.dialect == TP_BYTOM && tp_parse_hex_bytes(bytom_seed_hex, p->bytom_seed, 32) != 0) goto out;
    if (tp_verifier_prepare(p) != 0) goto out;
    tp_new_job(p);
    if (tp_listen(p) != 0) { fprintf(stderr, "sluice-testpool: cannot listen: %s\n", strerror(errno)); goto out; }
    if (p->opt.port_file && tp_write_port_file(p, p->opt.port_file) != 0) {
        fprintf(stderr, "sluice-testpool: cannot write %s\n", p->opt.port_file);
        goto out;
    }
    tp_log(p, NULL, "listening on 127.0.0.1:%u (difficulty %g, hostile %s)", (unsigned)p->port,
           p->opt.difficulty, tp_hostile_name(p->opt.hostile));
    tp_write_report(p, 0);
    run_loop(p);
    for (int i = 0; i < TP_MAX_CONNS; i++) tp_close(p, &p->conns[i], "pool stopping");
    status = tp_write_report(p, 1) == 0 ? 0 : 1;
    tp_log(p, NULL, "report: accepted=%llu rejected=%llu stale=%llu connections=%llu jobs=%llu logins=%llu",
           (unsigned long long)p->counts.accepted, (unsigned long long)p->counts.rejected,
           (unsigned long long)p->counts.stale, (unsigned long long)p->counts.connections,
           (unsigned long long)p->counts.jobs, (unsigned long long)p->counts.logins);
out:
    if (p->listen_fd >= 0) close(p->listen_fd);
    tp_jobs_free(p);
    sluice_tensority_cache_free(p->tcache);
    free(p->tscratch);
    sluice_ethash_epoch_free(p->epoch);
    free(p);
    return status;
}
