/* The miner runtime behind `sluice mine`: devices (CPU threads, OpenCL and
 * CUDA accelerators) mining one job at a time on disjoint nonce ranges, job
 * switching, CPU re-verification of candidates, share accounting, hashrate
 * statistics, the status output and the HTTP status API.
 *
 * Data flow (DESIGN.md "Data flow (miner)"): a job source (the pool client in
 * `sluice mine`, a fake in the tests) calls miner_set_job; every device drops
 * its work within one CPU search chunk / one kernel launch and moves on; a
 * per-seed (Tensority) or per-epoch (Ethash) context is built once and shared;
 * candidates are re-verified with the reference hash on the CPU and handed to
 * the sink's submit; the source reports the pool's answers through
 * miner_share_result.
 *
 * Nonce partition (miner_nonce_*): the nonce is base + offset where
 *  - Tensority: base = the job's start nonce (the pool's session prefix sits in
 *    its high bits; "count upward from it", specs/stratum.md) and the offset has
 *    MINER_TENSORITY_FREE_BITS bits;
 *  - Ethash: base = the extranonce prefix (high nonce_prefix_bits bits) and the
 *    offset has the 64 - nonce_prefix_bits low bits.
 * Of the offset's F bits, the top dev_bits = ceil(log2(ndevices)) hold the
 * device index (fixed for the run), the low F - dev_bits bits a per-device
 * counter that starts at a per-run random salt and wraps, so devices (and two
 * rigs on one ethproxy worker) never search the same nonces. */
#ifndef SLUICE_MINER_H
#define SLUICE_MINER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "miner_job.h"
#include "sluice/accel.h"

#define MINER_MAX_DEVICES 32
#define MINER_TENSORITY_FREE_BITS 32
#define MINER_VERSION "0.1.0"

/* ---- Nonce partition ------------------------------------------------------ */

typedef struct {
    uint64_t base;          /* added to every offset */
    uint64_t dev_offset;    /* device index << local_bits */
    unsigned local_bits;    /* counter bits (0..64) */
    uint64_t salt;          /* counter start, masked to local_bits */
    uint64_t next;          /* counter values used so far */
    int exhausted;          /* all 2^local_bits counter values used (or none available) */
    int invalid;            /* no range for this device (index too high, prefix too long) */
} miner_nonce_range;

/* Bits of the device index for n devices: ceil(log2(n)) (0 for n <= 1). */
unsigned miner_nonce_dev_bits(unsigned ndevices);
/* Device `dev` of `ndevices`' range for job (see the partition above). A job
 * whose prefix leaves fewer free bits than dev_bits gives an exhausted range. */
void miner_nonce_range_init(miner_nonce_range *r, const miner_job *job, unsigned dev, unsigned ndevices,
                            uint64_t salt);
/* The next block of up to `want` (>= 1) nonces that are contiguous in nonce
 * space: *start and *count (count >= 1). Returns 0 when the range is
 * exhausted. Does not consume: call miner_nonce_advance with what was done. */
int miner_nonce_peek(const miner_nonce_range *r, uint64_t want, uint64_t *start, uint64_t *count);
/* Marks n more counter values as used (clamped to the range). */
void miner_nonce_advance(miner_nonce_range *r, uint64_t n);
/* 1 iff nonce lies in device range r (any counter value). */
int miner_nonce_in_range(const miner_nonce_range *r, uint64_t nonce);

/* ---- Hashrate windows ------------------------------------------------------ */

#define MINER_RATE_SLOTS 64   /* one per second: covers the 60 s window */

typedef struct {
    int64_t sec[MINER_RATE_SLOTS];     /* which second a slot holds (-1 = none) */
    uint64_t hashes[MINER_RATE_SLOTS];
    uint64_t total;
    double start;                       /* when counting began */
} miner_rate;

void miner_rate_init(miner_rate *r, double now);
/* Adds hashes done at time now (seconds, monotonic). */
void miner_rate_add(miner_rate *r, double now, uint64_t hashes);
/* Hashes per second over the last `window` seconds (1..MINER_RATE_SLOTS-1):
 * the hashes of the seconds floor(now)-window+1 .. floor(now) divided by the
 * time from the later of that window's start and r->start until now. */
double miner_rate_get(const miner_rate *r, double now, unsigned window);

/* ---- Share classification (miner_contract.md "Counting") ------------------ */

typedef enum { MINER_SHARE_ACCEPTED, MINER_SHARE_REJECTED, MINER_SHARE_STALE, MINER_SHARE_HW_ERROR } miner_share_status;

/* The pool's answer: accepted, or stale when reason contains "stale",
 * "expired" or "job not found" (any case), else rejected. */
miner_share_status miner_share_classify(int accepted, const char *reason);
const char *miner_share_status_name(miner_share_status s);  /* "accepted", ... */

/* ---- Devices ---------------------------------------------------------------- */

typedef enum { MINER_DEV_CPU, MINER_DEV_ACCEL } miner_dev_kind;

typedef struct {
    miner_dev_kind kind;
    sluice_accel_device accel;   /* MINER_DEV_ACCEL */
    char name[64];               /* "cpu", "opencl:0", "cuda:1" */
} miner_device_spec;

/* Selects devices from `backends` (a comma list of cpu, opencl, cuda) and
 * `devices` (NULL = every device of the selected accelerator APIs; else a
 * comma list of indices into the list of those devices - OpenCL first, then
 * CUDA, in discovery order - or api:index items such as "opencl:0,cuda:1").
 * The CPU is one device however many threads it runs. Returns 0, or -1 with
 * why (unknown backend or device, an API with no device). */
int miner_devices_select(const char *backends, const char *devices, miner_device_spec *out, unsigned cap,
                         unsigned *count, char *why, size_t why_cap);
/* The same selection over a given accelerator list (tests): avail[navail]. */
int miner_devices_select_from(const char *backends, const char *devices, const sluice_accel_device *avail,
                              unsigned navail, miner_device_spec *out, unsigned cap, unsigned *count,
                              char *why, size_t why_cap);

/* ---- Events and snapshots ---------------------------------------------------- */

typedef enum { MINER_EV_JOB, MINER_EV_SHARE, MINER_EV_LOG, MINER_EV_PROGRESS } miner_event_type;
typedef enum { MINER_LOG_INFO, MINER_LOG_WARN, MINER_LOG_ERROR } miner_log_level;

typedef struct {
    miner_event_type type;
    /* JOB */
    const miner_job *job;
    /* SHARE */
    miner_share_status status;
    const char *job_id;
    uint64_t nonce;
    const char *device;
    const char *reason;          /* "" when none */
    /* LOG */
    miner_log_level level;
    const char *msg;
    /* PROGRESS (context build) */
    const char *what;            /* e.g. "dag epoch 0" */
    uint64_t done, total;
} miner_event;

typedef struct {
    char name[64];
    double rate_10s, rate_60s;
    uint64_t hashes;
} miner_device_stats;

typedef struct {
    double uptime;               /* seconds since miner_new */
    double rate_10s, rate_60s;   /* all devices */
    uint64_t hashes;
    unsigned ndevices;
    miner_device_stats devices[MINER_MAX_DEVICES];
    uint64_t accepted, rejected, stale, hw_errors;
    uint64_t outstanding;        /* submitted, no answer yet */
    uint64_t held;               /* verified while disconnected, not submitted yet */
    uint64_t forgotten;          /* submitted, then dropped unanswered (MINER_PENDING full) */
    uint64_t jobs;               /* jobs received */
    char job_id[128];            /* current job ("" before the first) */
} miner_snapshot;

/* ---- The miner ---------------------------------------------------------------- */

typedef struct {
    /* Sends a verified share; returns its id (>= 1) for miner_share_result,
     * or 0 when it could not be queued (counted rejected). */
    uint64_t (*submit)(void *user, const miner_share *share);
    /* Reports an event (from any thread, serialise as needed). May be NULL. */
    void (*event)(void *user, const miner_event *ev);
    void *user;
} miner_sink;

typedef struct {
    miner_algo algo;
    miner_device_spec devices[MINER_MAX_DEVICES];
    unsigned ndevices;
    unsigned cpu_threads;        /* 0 = one per core */
    int ethash_light;            /* the CPU mines in light mode (no DAG) */
    const char *dag_dir;         /* DAG disk cache: NULL none, "" the default dir (kept, not copied) */
    uint64_t salt;               /* nonce counter start (see above); tests use fixed values */
    double cpu_chunk_seconds;    /* longest CPU search call; 0 = 0.5 s */
    uint32_t accel_batch;        /* nonces per launch; 0 = what the device prefers */
    int verify_impl;             /* Tensority re-verification: 0 = another implementation than the
                                    one that found the candidate (miner_verify); else a
                                    sluice_tensority_impl to use always (tests on slow builds) */
} miner_config;

typedef struct miner miner;

/* Checks cfg and allocates (no threads yet). NULL with why on bad config. */
miner *miner_new(const miner_config *cfg, const miner_sink *sink, char *why, size_t why_cap);
/* Starts one thread per device. 0, or -1 with why. */
int miner_start(miner *m, char *why, size_t why_cap);
/* A new job: every device switches to it within one chunk / launch. Jobs for
 * another algorithm or with out-of-range fields are logged and ignored.
 * Thread-safe (called from the pool's network thread). */
void miner_set_job(miner *m, const miner_job *job);
/* The pool connection went down (0) or up (1). While it is down, verified
 * shares are held, not submitted; at the next job they are submitted if
 * their job is still current (the pool re-sent the same work) and counted
 * stale otherwise (e.g. a new session with another extranonce). Thread-safe. */
void miner_set_connected(miner *m, int connected);
/* The pool's answer to share `id` (from submit). Thread-safe. */
void miner_share_result(miner *m, uint64_t id, int accepted, const char *reason);
/* Counts and rates now. Thread-safe. */
void miner_get_snapshot(miner *m, miner_snapshot *s);
/* Stops and joins the device threads (idempotent). Shares already submitted
 * still get their answers through miner_share_result. */
void miner_stop(miner *m);
/* Stops if needed and frees. */
void miner_free(miner *m);

/* Monotonic seconds. */
double miner_now(void);

#endif
