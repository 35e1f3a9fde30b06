/* The report: {"accepted","rejected","stale","connections","jobs","logins"}
 * (miner_contract.md) plus detail counters, written atomically (temp file +
 * rename) after every change so a test may poll it, and at exit. */
#include "testpool.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static json_t *report_json(const tp_pool *p) {
    const tp_counts *k = &p->counts;
    const char *dialects[] = {"bytom", "ethproxy", "ethstratum", "stratum"};
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:s,s:s,s:i}",
                     "accepted", (json_int_t)k->accepted, "rejected", (json_int_t)k->rejected,
                     "stale", (json_int_t)k->stale, "connections", (json_int_t)k->connections,
                     "jobs", (json_int_t)k->jobs, "logins", (json_int_t)k->logins,
                     "submits", (json_int_t)k->submits, "duplicates", (json_int_t)k->duplicates,
                     "accepted_current", (json_int_t)k->accepted_current,
                     "old_job_accepted", (json_int_t)k->old_job_accepted,
                     "hashrate_reports", (json_int_t)k->hashrate_reports,
                     "hostile_lines", (json_int_t)k->hostile_lines, "current_job", (json_int_t)p->current,
                     "dialect", dialects[p->opt.dialect], "hostile", tp_hostile_name(p->opt.hostile),
                     "port", (int)p->port);
}

int tp_write_report(const tp_pool *p, int to_stdout) {
    json_t *r = report_json(p);
    if (!r) return -1;
    int rc = 0;
    if (p->opt.report_file) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp.%d", p->opt.report_file, (int)getpid());
        if (json_dump_file(r, tmp, JSON_COMPACT) != 0 || rename(tmp, p->opt.report_file) != 0) {
            remove(tmp);
            rc = -1;
        }
    } else if (to_stdout) {
        char *text = json_dumps(r, JSON_COMPACT);
        if (text) printf("%s\n", text);
        free(text);
        fflush(stdout);
    }
    json_decref(r);
    return rc;
}
