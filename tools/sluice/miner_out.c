/* What `sluice mine` prints: JSON events, one object a line (--json), or
 * human log lines and the periodic status line (see miner_out.h). */
#include "miner_out.h"
#include <jansson.h>
#include <stdarg.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROGRESS_STREAMS 8

struct miner_out {
    FILE *f;
    int json;
    pthread_mutex_t lock;
    struct { char key[96]; int pct; } progress[PROGRESS_STREAMS];
};

miner_out *miner_out_new(FILE *f, int json) {
    miner_out *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    o->f = f;
    o->json = json;
    pthread_mutex_init(&o->lock, NULL);
    return o;
}

void miner_out_free(miner_out *o) {
    if (!o) return;
    pthread_mutex_destroy(&o->lock);
    free(o);
}

int miner_out_json(const miner_out *o) { return o->json; }

/* Prints obj as one line and frees it. */
static void put_json(miner_out *o, json_t *obj) {
    if (!obj) return;
    char *s = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(obj);
    if (!s) return;
    pthread_mutex_lock(&o->lock);
    fputs(s, o->f);
    fputc('\n', o->f);
    fflush(o->f);
    pthread_mutex_unlock(&o->lock);
    free(s);
}

static void stamp(char *buf, size_t cap) {
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
}

static void put_line(miner_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_line(miner_out *o, const char *fmt, ...) {
    char ts[32], msg[1024];
    stamp(ts, sizeof ts);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&o->lock);
    fprintf(o->f, "[%s] %s\n", ts, msg);
    fflush(o->f);
    pthread_mutex_unlock(&o->lock);
}

static const char *level_name(miner_log_level l) {
    return l == MINER_LOG_ERROR ? "error" : l == MINER_LOG_WARN ? "warn" : "info";
}

/* 1 when progress of `key` reached a new multiple of 5 % (or the end). */
static int progress_step(miner_out *o, const char *key, uint64_t done, uint64_t total) {
    int pct = total ? (int)(done * 100 / total) : 100;
    if (pct > 100) pct = 100;
    pthread_mutex_lock(&o->lock);
    int slot = -1, free_slot = -1;
    for (int i = 0; i < PROGRESS_STREAMS; i++) {
        if (strcmp(o->progress[i].key, key) == 0) slot = i;
        if (!o->progress[i].key[0] && free_slot < 0) free_slot = i;
    }
    if (slot < 0) {
        slot = free_slot >= 0 ? free_slot : 0;
        snprintf(o->progress[slot].key, sizeof o->progress[slot].key, "%s", key);
        o->progress[slot].pct = -100;
    }
    int show = pct == 100 || pct / 5 != o->progress[slot].pct / 5 || o->progress[slot].pct < 0;
    if (pct < o->progress[slot].pct) show = 1;   /* a new build of the same thing */
    o->progress[slot].pct = pct;
    if (pct == 100) o->progress[slot].key[0] = '\0';
    pthread_mutex_unlock(&o->lock);
    return show;
}

void miner_out_event(miner_out *o, const miner_event *ev) {
    char nonce[24];
    switch (ev->type) {
    case MINER_EV_JOB: {
        const miner_job *j = ev->job;
        if (o->json) {
            json_t *obj = json_pack("{s:s,s:s,s:I,s:b}", "event", "job", "job_id", j->job_id, "seq",
                                    (json_int_t)j->seq, "clean", j->clean != 0);
            if (obj && j->algo == MINER_ALGO_ETHASH) json_object_set_new(obj, "epoch", json_integer(j->epoch));
            put_json(o, obj);
        } else if (j->algo == MINER_ALGO_ETHASH) {
            char diff[48] = "";
            if (j->share_difficulty > 0) snprintf(diff, sizeof diff, " difficulty %.4g", j->share_difficulty);
            put_line(o, "new job %s (seq %llu%s) epoch %d%s", j->job_id, (unsigned long long)j->seq,
                     j->clean ? ", clean" : "", j->epoch, diff);
        } else {
            put_line(o, "new job %s (seq %llu)", j->job_id, (unsigned long long)j->seq);
        }
        break;
    }
    case MINER_EV_SHARE:
        snprintf(nonce, sizeof nonce, "0x%016llx", (unsigned long long)ev->nonce);
        if (o->json)
            put_json(o, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "event", "share", "job_id", ev->job_id, "nonce", nonce,
                                  "device", ev->device, "status", miner_share_status_name(ev->status), "reason",
                                  ev->reason ? ev->reason : ""));
        else
            put_line(o, "share %s: %s nonce %s job %s%s%s", miner_share_status_name(ev->status), ev->device, nonce,
                     ev->job_id, ev->reason && ev->reason[0] ? " - " : "", ev->reason ? ev->reason : "");
        break;
    case MINER_EV_LOG:
        if (o->json)
            put_json(o, json_pack("{s:s,s:s,s:s}", "event", "log", "level", level_name(ev->level), "msg", ev->msg));
        else
            put_line(o, "%s%s%s", ev->level == MINER_LOG_INFO ? "" : level_name(ev->level),
                     ev->level == MINER_LOG_INFO ? "" : ": ", ev->msg);
        break;
    case MINER_EV_PROGRESS: {
        char key[96];
        snprintf(key, sizeof key, "%s/%s", ev->device ? ev->device : "", ev->what ? ev->what : "");
        if (!progress_step(o, key, ev->done, ev->total)) break;
        double pct = ev->total ? 100.0 * (double)ev->done / (double)ev->total : 100.0;
        if (o->json)
            put_json(o, json_pack("{s:s,s:s,s:s,s:I,s:I,s:f}", "event", "progress", "device",
                                  ev->device ? ev->device : "", "what", ev->what ? ev->what : "", "done",
                                  (json_int_t)ev->done, "total", (json_int_t)ev->total, "percent", floor(pct)));
        else {
            char bar[21];
            int fill = (int)(pct / 5);
            for (int i = 0; i < 20; i++) bar[i] = i < fill ? '#' : '.';
            bar[20] = '\0';
            put_line(o, "%s: %s [%s] %3.0f%%", ev->device ? ev->device : "", ev->what ? ev->what : "", bar, pct);
        }
        break;
    }
    }
}

void miner_out_connection(miner_out *o, int connected, const char *url, const char *reason) {
    if (o->json) {
        json_t *obj = json_pack("{s:s,s:s}", "event", connected ? "connected" : "disconnected", "pool", url);
        if (obj && !connected) json_object_set_new(obj, "reason", json_string(reason ? reason : ""));
        put_json(o, obj);
    } else if (connected) {
        put_line(o, "connected to %s", url);
    } else {
        put_line(o, "disconnected from %s%s%s", url, reason && reason[0] ? ": " : "", reason ? reason : "");
    }
}

void miner_out_log(miner_out *o, miner_log_level level, const char *msg) {
    miner_event ev = {.type = MINER_EV_LOG, .level = level, .msg = msg};
    miner_out_event(o, &ev);
}

/* Rates rounded to 0.01 H/s for JSON. */
static double r2(double v) { return isfinite(v) ? round(v * 100) / 100 : 0; }

json_t *miner_snapshot_json(const miner_snapshot *s) {
    json_t *devs = json_array();
    for (unsigned i = 0; i < s->ndevices && i < MINER_MAX_DEVICES; i++)
        json_array_append_new(devs, json_pack("{s:s,s:f,s:f,s:I}", "name", s->devices[i].name, "hashrate",
                                              r2(s->devices[i].rate_10s), "hashrate_60s", r2(s->devices[i].rate_60s),
                                              "hashes", (json_int_t)s->devices[i].hashes));
    return json_pack("{s:f,s:f,s:f,s:o,s:I,s:I,s:I,s:I,s:I,s:I,s:s}", "uptime", round(s->uptime * 10) / 10, "hashrate",
                     r2(s->rate_10s), "hashrate_60s", r2(s->rate_60s), "devices", devs, "accepted",
                     (json_int_t)s->accepted, "rejected", (json_int_t)s->rejected, "stale", (json_int_t)s->stale,
                     "hw_errors", (json_int_t)s->hw_errors, "hashes", (json_int_t)s->hashes, "jobs",
                     (json_int_t)s->jobs, "job_id", s->job_id);
}

/* Picks a unit so that rate reads in 1..1000 of it. */
static double rate_unit(double rate, const char **unit) {
    static const char *const units[] = {"H/s", "kH/s", "MH/s", "GH/s", "TH/s"};
    double scale = 1;
    unsigned u = 0;
    while (u < 4 && rate >= scale * 1000) { scale *= 1000; u++; }
    *unit = units[u];
    return scale;
}

size_t miner_status_line(char *buf, size_t cap, const miner_snapshot *s, const char *pool, const char *when) {
    const char *unit;
    double scale = rate_unit(s->rate_10s > s->rate_60s ? s->rate_10s : s->rate_60s, &unit);
    unsigned long long up = s->uptime > 0 ? (unsigned long long)s->uptime : 0;
    size_t n = (size_t)snprintf(buf, cap, "[%s] speed 10s/60s %.1f %.1f %s |", when, s->rate_10s / scale,
                                s->rate_60s / scale, unit);
    for (unsigned i = 0; i < s->ndevices && i < MINER_MAX_DEVICES && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, " %s %.1f", s->devices[i].name, s->devices[i].rate_10s / scale);
    if (n < cap)
        n += (size_t)snprintf(buf + n, cap - n, " | shares %llu/%llu/%llu (acc/rej/stale)", (unsigned long long)s->accepted,
                              (unsigned long long)s->rejected, (unsigned long long)s->stale);
    if (n < cap && s->hw_errors)
        n += (size_t)snprintf(buf + n, cap - n, " hw %llu", (unsigned long long)s->hw_errors);
    if (n < cap)
        n += (size_t)snprintf(buf + n, cap - n, " | up %llu:%02llu:%02llu | pool %s", up / 3600, up / 60 % 60, up % 60,
                              pool && pool[0] ? pool : "(none)");
    return n < cap ? n : (cap ? cap - 1 : 0);
}

void miner_out_status(miner_out *o, const miner_snapshot *s, const char *pool) {
    if (o->json) {
        json_t *obj = json_pack("{s:s}", "event", "status"), *fields = miner_snapshot_json(s);
        if (obj && fields) json_object_update(obj, fields);
        json_decref(fields);
        put_json(o, obj);
        return;
    }
    char ts[32], line[1024];
    stamp(ts, sizeof ts);
    miner_status_line(line, sizeof line, s, pool, ts);
    pthread_mutex_lock(&o->lock);
    fprintf(o->f, "%s\n", line);
    fflush(o->f);
    pthread_mutex_unlock(&o->lock);
}

void miner_out_summary(miner_out *o, const miner_snapshot *s, unsigned reconnects, unsigned failovers) {
    uint64_t lost = s->outstanding + s->held + s->forgotten;
    if (o->json) {
        put_json(o, json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:f,s:I,s:I,s:I}", "event", "summary", "accepted",
                              (json_int_t)s->accepted, "rejected", (json_int_t)s->rejected, "stale",
                              (json_int_t)s->stale, "hw_errors", (json_int_t)s->hw_errors, "hashes",
                              (json_int_t)s->hashes, "uptime", round(s->uptime * 10) / 10, "reconnects",
                              (json_int_t)reconnects, "failovers", (json_int_t)failovers, "lost",
                              (json_int_t)lost));
        return;
    }
    double avg = s->uptime > 0 ? (double)s->hashes / s->uptime : 0;
    const char *unit;
    double scale = rate_unit(avg, &unit);
    put_line(o, "summary: shares %llu accepted, %llu rejected, %llu stale, %llu hw errors, %llu lost (unanswered "
                "or unsent at exit); %llu hashes in %.1f s (%.2f %s); %u reconnects, %u failovers",
             (unsigned long long)s->accepted, (unsigned long long)s->rejected, (unsigned long long)s->stale,
             (unsigned long long)s->hw_errors, (unsigned long long)lost, (unsigned long long)s->hashes, s->uptime,
             avg / scale, unit, reconnects, failovers);
}
