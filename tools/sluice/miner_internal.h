/* The miner's shared state, seen by its own files only (miner_*.c). */
#ifndef SLUICE_MINER_INTERNAL_H
#define SLUICE_MINER_INTERNAL_H

#include <pthread.h>
#include "miner.h"
#include "sluice/ethash.h"
#include "sluice/tensority.h"

/* A per-seed (Tensority) or per-epoch (Ethash) context, built once and shared
 * read-only by every device; freed when the last device lets go. */
typedef struct miner_seedctx {
    struct miner_seedctx *next;        /* the miner's list, guarded by its lock */
    int refs;                          /* devices holding or waiting for it */
    int ready, failed;
    miner_algo algo;
    uint8_t key[32];                   /* seed or Ethash seed hash */
    int epoch;                         /* Ethash */
    sluice_tensority_cache *tcache;    /* Tensority */
    sluice_ethash_epoch *eepoch;       /* Ethash light cache */
} miner_seedctx;

typedef struct miner_dev {
    struct miner *m;
    unsigned index;
    miner_device_spec spec;
    pthread_t thread;
    int started;
    volatile int interrupt;            /* a new job or stop: end the chunk / launch now (atomic access) */
    miner_rate rate;                   /* guarded by m->lock */
} miner_dev;

#define MINER_PENDING 256
#define MINER_ORPHANS 32
#define MINER_HELD 64

typedef struct {
    miner_share share;                 /* verified, found while disconnected */
    uint64_t gen;                      /* generation of its job */
} miner_held;

typedef struct {
    uint64_t id;                       /* 0 = free slot */
    char job_id[128];
    uint64_t nonce;
    char device[64];
} miner_pending;

typedef struct {
    uint64_t id;                       /* an answer that came before its submit returned */
    int accepted;
    char reason[128];
} miner_orphan;

struct miner {
    miner_config cfg;
    miner_sink sink;
    pthread_mutex_t lock;
    pthread_cond_t cond;               /* a new job, a built context, or stop */
    miner_job job;                     /* the current job (valid when gen > 0) */
    uint64_t gen;                      /* our count of accepted jobs (atomic reads) */
    uint64_t clean_gen;                /* gen of the last clean job: older candidates are stale */
    int stopping;
    volatile int dag_cancel;           /* set by miner_stop: a CPU DAG build stops (not by job switches) */
    double t0;
    miner_dev devs[MINER_MAX_DEVICES];
    miner_seedctx *ctxs;
    uint64_t accepted, rejected, stale, hw_errors, outstanding;
    uint64_t forgotten;                /* unanswered shares dropped from a full `pending` */
    miner_pending pending[MINER_PENDING];
    miner_orphan orphans[MINER_ORPHANS];
    unsigned orphan_next;
    int disconnected;                  /* the source said the pool connection is down */
    miner_held held[MINER_HELD];       /* shares waiting for the next job after a reconnect */
    unsigned nheld;
};

/* Submits the held shares whose job is still current, counts the others
 * stale (miner_share.c). Called with the lock NOT held, after a job update. */
void miner_release_held(struct miner *m);

/* Events (miner_ctx.c): forwards to the sink. */
void miner_emit(struct miner *m, const miner_event *ev);
void miner_log(struct miner *m, miner_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Device side of job switching (miner_ctx.c). Blocks until the current job's
 * generation differs from *gen (copies it into job and *gen, clears the
 * device's interrupt flag) or the miner stops (returns 0). */
int miner_dev_next_job(miner_dev *d, miner_job *job, uint64_t *gen);
/* 1 when the device should end its chunk (new job or stop). */
int miner_dev_interrupted(const miner_dev *d);
/* Counts hashes done by the device. */
void miner_dev_hashes(miner_dev *d, uint64_t n);
/* Sleeps up to `seconds` unless interrupted (new job or stop). */
void miner_dev_pause(miner_dev *d, double seconds);

/* Seed/epoch contexts (miner_seedctx.c). acquire blocks while another device
 * builds the same context; NULL (logged) when it cannot be built. */
miner_seedctx *miner_seedctx_acquire(struct miner *m, const miner_job *job);
void miner_seedctx_release(struct miner *m, miner_seedctx *c);
int miner_seedctx_matches(const miner_seedctx *c, const miner_job *job);

/* Re-verification on the CPU (miner_verify.c): 1 when nonce meets the job's
 * target; fills share's result (and mix, header hash). Ethash: the reference
 * light hash. Tensority: the implementation miner_verify_tensority_impl
 * picks - for a candidate the CPU search found (with the best one), another
 * one (AVX2 after AVX-512 VNNI, else the scalar reference); for an
 * accelerator's, the best CPU one; forced_impl (config verify_impl) when non-zero. */
int miner_verify(const miner_job *job, const miner_seedctx *ctx, uint64_t nonce, int found_on_cpu, int forced_impl,
                 miner_share *share);
sluice_tensority_impl miner_verify_tensority_impl(int found_on_cpu);

/* A candidate found by device d for job (generation gen) (miner_share.c):
 * re-verified, dropped as stale when a clean job replaced its job, else
 * submitted. claimed: the device's own result (32 bytes) or NULL; a result
 * that differs from the reference counts as a hardware error. */
void miner_candidate(miner_dev *d, const miner_job *job, uint64_t gen, const miner_seedctx *ctx, uint64_t nonce,
                     const uint8_t *claimed);

/* Counts and reports a hardware error (a wrong candidate) of device d. */
void miner_hw_error(miner_dev *d, const char *job_id, uint64_t nonce, const char *why);

/* Device threads (miner_cpu.c, miner_accel.c). */
void *miner_cpu_main(void *dev);
void *miner_accel_main(void *dev);

#endif
