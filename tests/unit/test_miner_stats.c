/* Hashrate windows, share classification, the status line and the status
 * JSON of the miner (tools/sluice/miner.h, miner_out.h). Times are given
 * explicitly: nothing here reads the clock. */
#include "miner.h"
#include "miner_out.h"
#include "testutil.h"
#include <math.h>
#include <string.h>

static int near(double a, double b) { return fabs(a - b) < 1e-9 * (fabs(b) + 1); }

static void rate_windows(void) {
    miner_rate r;
    miner_rate_init(&r, 0.0);
    CHECK(miner_rate_get(&r, 0.0, 10) == 0);
    /* 100 hashes at t = 0.5, 1.5, ..., 59.5: 100 H/s steady. */
    for (int s = 0; s < 60; s++) miner_rate_add(&r, s + 0.5, 100);
    CHECK(r.total == 6000);
    /* At t = 60: 10 s window = seconds 51..60 -> 900 hashes (51..59) over 9 s. */
    CHECK(near(miner_rate_get(&r, 60.0, 10), 100.0));
    /* 60 s window = seconds 1..60 -> 5900 over 59 s. */
    CHECK(near(miner_rate_get(&r, 60.0, 60), 100.0));
    /* The device stops: 20 s later the 10 s window is empty, the 60 s one (21..80) counts 21..59. */
    CHECK(miner_rate_get(&r, 80.0, 10) == 0);
    CHECK(near(miner_rate_get(&r, 80.0, 60), 3900.0 / 59.0));
    /* Burst: 1000 hashes in second 81; at t = 81.5 the 10 s window holds them over 9.5 s. */
    miner_rate_add(&r, 81.2, 1000);
    CHECK(near(miner_rate_get(&r, 81.5, 10), 1000.0 / 9.5));
    /* Old slots are reused, not summed: second 81 + 64 = 145 overwrites slot 17. */
    miner_rate_add(&r, 145.0, 7);
    CHECK(near(miner_rate_get(&r, 145.5, 1), 7.0 / 0.5));
    CHECK(r.total == 6000 + 1000 + 7);
}

static void rate_young(void) {
    /* A device that started at t = 100.25: the window starts there, not 10 s earlier. */
    miner_rate r;
    miner_rate_init(&r, 100.25);
    miner_rate_add(&r, 100.75, 50);
    miner_rate_add(&r, 101.5, 50);
    CHECK(near(miner_rate_get(&r, 102.25, 10), 100.0 / 2.0));
    CHECK(near(miner_rate_get(&r, 102.25, 60), 100.0 / 2.0));
    /* Out-of-range windows are clamped; bad times are ignored. */
    CHECK(near(miner_rate_get(&r, 102.25, 1000), 100.0 / 2.0));
    miner_rate_add(&r, NAN, 5);
    miner_rate_add(&r, -1, 5);
    CHECK(r.total == 100);
    CHECK(miner_rate_get(&r, NAN, 10) == 0);
}

static void classify(void) {
    CHECK(miner_share_classify(1, "") == MINER_SHARE_ACCEPTED);
    CHECK(miner_share_classify(1, "stale") == MINER_SHARE_ACCEPTED);
    CHECK(miner_share_classify(0, "Low difficulty share") == MINER_SHARE_REJECTED);
    CHECK(miner_share_classify(0, "") == MINER_SHARE_REJECTED);
    CHECK(miner_share_classify(0, NULL) == MINER_SHARE_REJECTED);
    CHECK(miner_share_classify(0, "Block expired") == MINER_SHARE_STALE);
    CHECK(miner_share_classify(0, "STALE SHARE") == MINER_SHARE_STALE);
    CHECK(miner_share_classify(0, "error: Job Not Found (21)") == MINER_SHARE_STALE);
    CHECK(miner_share_classify(0, "job not") == MINER_SHARE_REJECTED);
    CHECK(miner_share_classify(0, "connection lost before the pool answered") == MINER_SHARE_REJECTED);
    CHECK(strcmp(miner_share_status_name(MINER_SHARE_HW_ERROR), "hw_error") == 0);
    CHECK(strcmp(miner_share_status_name(MINER_SHARE_STALE), "stale") == 0);
}

static miner_snapshot sample(void) {
    miner_snapshot s;
    memset(&s, 0, sizeof s);
    s.uptime = 130.4;
    s.rate_10s = 98.24;
    s.rate_60s = 97.9;
    s.hashes = 12345;
    s.ndevices = 2;
    snprintf(s.devices[0].name, sizeof s.devices[0].name, "cpu");
    s.devices[0].rate_10s = 60.04;
    s.devices[0].rate_60s = 59.9;
    s.devices[0].hashes = 7000;
    snprintf(s.devices[1].name, sizeof s.devices[1].name, "opencl:0");
    s.devices[1].rate_10s = 38.2;
    s.devices[1].rate_60s = 38.0;
    s.devices[1].hashes = 5345;
    s.accepted = 12;
    s.stale = 1;
    s.jobs = 3;
    snprintf(s.job_id, sizeof s.job_id, "job-\"3\"");
    return s;
}

static void status_line(void) {
    miner_snapshot s = sample();
    char buf[512];
    size_t n = miner_status_line(buf, sizeof buf, &s, "127.0.0.1:3333", "2026-11-21 12:00:00");
    const char *want = "[2026-11-21 12:00:00] speed 10s/60s 98.2 97.9 H/s | cpu 60.0 opencl:0 38.2 | "
                       "shares 12/0/1 (acc/rej/stale) | up 0:02:10 | pool 127.0.0.1:3333";
    CHECK(strcmp(buf, want) == 0);
    CHECK(n == strlen(want));
    if (strcmp(buf, want) != 0) fprintf(stderr, "got  %s\nwant %s\n", buf, want);
    /* Units scale with the rate; hardware errors appear when there are some. */
    s.rate_10s = 2.5e6;
    s.rate_60s = 2.4e6;
    s.devices[0].rate_10s = 1.5e6;
    s.devices[1].rate_10s = 1.0e6;
    s.hw_errors = 2;
    s.uptime = 3 * 3600 + 61;
    miner_status_line(buf, sizeof buf, &s, "", "T");
    want = "[T] speed 10s/60s 2.5 2.4 MH/s | cpu 1.5 opencl:0 1.0 | shares 12/0/1 (acc/rej/stale) hw 2 | "
           "up 3:01:01 | pool (none)";
    CHECK(strcmp(buf, want) == 0);
    if (strcmp(buf, want) != 0) fprintf(stderr, "got  %s\nwant %s\n", buf, want);
    /* A short buffer truncates, never overflows. */
    char small[16];
    memset(small, 'x', sizeof small);
    n = miner_status_line(small, 10, &s, "p", "T");
    CHECK(n == 9 && small[9] == '\0' && small[10] == 'x');
}

static void status_json(void) {
    miner_snapshot s = sample();
    json_t *o = miner_snapshot_json(&s);
    CHECK(o != NULL);
    if (!o) return;
    CHECK(json_real_value(json_object_get(o, "hashrate")) == 98.24);
    CHECK(json_real_value(json_object_get(o, "hashrate_60s")) == 97.9);
    CHECK(json_real_value(json_object_get(o, "uptime")) == 130.4);
    CHECK(json_integer_value(json_object_get(o, "accepted")) == 12);
    CHECK(json_integer_value(json_object_get(o, "rejected")) == 0);
    CHECK(json_integer_value(json_object_get(o, "stale")) == 1);
    CHECK(json_integer_value(json_object_get(o, "hw_errors")) == 0);
    CHECK(json_integer_value(json_object_get(o, "hashes")) == 12345);
    CHECK(strcmp(json_string_value(json_object_get(o, "job_id")), "job-\"3\"") == 0);
    json_t *devs = json_object_get(o, "devices");
    CHECK(json_array_size(devs) == 2);
    CHECK(strcmp(json_string_value(json_object_get(json_array_get(devs, 1), "name")), "opencl:0") == 0);
    CHECK(json_real_value(json_object_get(json_array_get(devs, 0), "hashrate")) == 60.04);
    CHECK(json_integer_value(json_object_get(json_array_get(devs, 1), "hashes")) == 5345);
    /* Serialised and parsed back: valid JSON with the quote escaped. */
    char *text = json_dumps(o, JSON_COMPACT);
    CHECK(text && strstr(text, "\"job_id\":\"job-\\\"3\\\"\"") != NULL);
    json_error_t err;
    json_t *back = text ? json_loads(text, 0, &err) : NULL;
    CHECK(back && json_equal(back, o));
    json_decref(back);
    free(text);
    json_decref(o);
}

/* The JSON event lines as a pool test would read them. */
static void event_lines(void) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    miner_out *o = miner_out_new(f, 1);
    miner_event ev = {.type = MINER_EV_SHARE, .status = MINER_SHARE_STALE, .job_id = "j1", .nonce = 0xab,
                      .device = "cuda:1", .reason = "Block expired"};
    miner_out_event(o, &ev);
    miner_out_connection(o, 0, "stratum+tcp://h:1", "connection lost");
    miner_snapshot s = sample();
    miner_out_status(o, &s, "h:1");
    s.outstanding = 2;   /* unanswered at exit */
    s.held = 1;          /* never sent */
    s.forgotten = 4;     /* dropped from a full table */
    miner_out_summary(o, &s, 2, 1);
    miner_out_free(o);
    fclose(f);
    char *save = NULL, *line = strtok_r(buf, "\n", &save);
    const char *want_event[] = {"share", "disconnected", "status", "summary"};
    int i = 0;
    for (; line && i < 4; i++, line = strtok_r(NULL, "\n", &save)) {
        json_error_t err;
        json_t *j = json_loads(line, 0, &err);
        CHECK(j != NULL);
        if (!j) continue;
        CHECK(strcmp(json_string_value(json_object_get(j, "event")), want_event[i]) == 0);
        if (i == 0) {
            CHECK(strcmp(json_string_value(json_object_get(j, "nonce")), "0x00000000000000ab") == 0);
            CHECK(strcmp(json_string_value(json_object_get(j, "status")), "stale") == 0);
            CHECK(strcmp(json_string_value(json_object_get(j, "device")), "cuda:1") == 0);
            CHECK(strcmp(json_string_value(json_object_get(j, "reason")), "Block expired") == 0);
        }
        if (i == 1) CHECK(strcmp(json_string_value(json_object_get(j, "pool")), "stratum+tcp://h:1") == 0);
        if (i == 2) CHECK(json_integer_value(json_object_get(j, "accepted")) == 12);
        if (i == 3) {
            CHECK(json_integer_value(json_object_get(j, "reconnects")) == 2);
            CHECK(json_integer_value(json_object_get(j, "failovers")) == 1);
            CHECK(json_integer_value(json_object_get(j, "stale")) == 1);
            CHECK(json_integer_value(json_object_get(j, "hashes")) == 12345);
            CHECK(json_integer_value(json_object_get(j, "lost")) == 7);
        }
        json_decref(j);
    }
    CHECK(i == 4 && line == NULL);
    free(buf);

    /* The human summary names the lost shares too. */
    buf = NULL;
    len = 0;
    f = open_memstream(&buf, &len);
    o = miner_out_new(f, 0);
    miner_out_summary(o, &s, 2, 1);
    miner_out_free(o);
    fclose(f);
    CHECK(buf && strstr(buf, "summary: shares 12 accepted, 0 rejected, 1 stale, 0 hw errors, 7 lost (unanswered or "
                             "unsent at exit); 12345 hashes in 130.4 s"));
    CHECK(buf && strstr(buf, "; 2 reconnects, 1 failovers\n"));
    free(buf);
}

int main(void) {
    rate_windows();
    rate_young();
    classify();
    status_line();
    status_json();
    event_lines();
    return tu_finish("test_miner_stats");
}
