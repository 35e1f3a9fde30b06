/* Output of `sluice mine` (miner_contract.md "Miner"): with json, one JSON
 * object a line (events job, share, log, progress, connected, disconnected,
 * status, summary); otherwise timestamped human lines and the status line
 *   [2026-11-21 12:00:00] speed 10s/60s 98.2 97.9 H/s | cpu 98.2 | shares 12/0/1 (acc/rej/stale) | up 0:02:10 | pool 127.0.0.1:3333
 * Every function is thread-safe; lines are flushed at once. */
#ifndef SLUICE_MINER_OUT_H
#define SLUICE_MINER_OUT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include "miner.h"

typedef struct miner_out miner_out;

miner_out *miner_out_new(FILE *f, int json);
void miner_out_free(miner_out *o);
int miner_out_json(const miner_out *o);

/* A miner event (job, share, log, progress; progress shown every 5 %). */
void miner_out_event(miner_out *o, const miner_event *ev);
void miner_out_log(miner_out *o, miner_log_level level, const char *msg);
/* Connected to / disconnected from url (reason may be NULL). */
void miner_out_connection(miner_out *o, int connected, const char *url, const char *reason);
/* The status event / line; pool: what the line shows after "pool". */
void miner_out_status(miner_out *o, const miner_snapshot *s, const char *pool);
/* The summary; its "lost" figure is s->outstanding + s->held + s->forgotten:
 * verified shares the pool never answered or that were never sent (taken
 * after the pool connection is closed, they are lost for good). */
void miner_out_summary(miner_out *o, const miner_snapshot *s, unsigned reconnects, unsigned failovers);

/* The status fields as a JSON object (no "event"): uptime, hashrate (10 s),
 * hashrate_60s, devices [{name, hashrate, hashrate_60s, hashes}], accepted,
 * rejected, stale, hw_errors, hashes, jobs, job_id. New reference. */
json_t *miner_snapshot_json(const miner_snapshot *s);
/* The human status line (no newline) with timestamp `when`; returns its length. */
size_t miner_status_line(char *buf, size_t cap, const miner_snapshot *s, const char *pool, const char *when);

#endif
