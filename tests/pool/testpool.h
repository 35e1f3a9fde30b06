/* sluice-testpool: a small, real Stratum server for the miner's end-to-end
 * tests (contract: notes/miner_contract.md "Test pool server"; protocols:
 * ../shared/specs/stratum.md). It is a second, independent implementation of
 * the pool side of the four dialects (bytom, ethproxy, ethstratum, stratum):
 * it shares no code with tools/sluice/pool_*.c and verifies every share with
 * the engine's own hash functions (Tensority, Ethash light hash).
 *
 * One thread, poll(): a listening socket on 127.0.0.1 plus up to
 * TP_MAX_CONNS clients (a reconnecting miner simply comes back). Jobs are
 * global; every logged-in connection gets each new job. */
#ifndef SLUICE_TESTPOOL_H
#define SLUICE_TESTPOOL_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "sluice/bytom_header.h"
#include "sluice/ethash.h"
#include "sluice/tensority.h"

#define TP_MAX_CONNS 8
#define TP_JOB_HISTORY 16            /* older jobs are forgotten ("job not found") */
#define TP_MAX_LINE (64 * 1024)      /* a client line longer than this closes the connection */
#define TP_HUGE_LINE_BYTES (1u << 20) /* --hostile huge-line: 1 MiB without a newline */

typedef enum { TP_BYTOM = 0, TP_ETHPROXY, TP_ETHSTRATUM, TP_STRATUM } tp_dialect;

typedef enum {
    TP_HOSTILE_NONE = 0,
    TP_HOSTILE_MALFORMED,       /* invalid JSON lines and wrong types before the job */
    TP_HOSTILE_UNKNOWN_METHOD,  /* notifications and requests with unknown methods */
    TP_HOSTILE_ABSURD_TARGET,   /* zero target / boundary 0 / boundary > 2^256 */
    TP_HOSTILE_HUGE_LINE,       /* a 1 MiB line without newline (first connection) */
    TP_HOSTILE_CLOSE_EARLY      /* close right after the login (first connection) */
} tp_hostile;

typedef struct {
    tp_dialect dialect;
    const char *port_file;      /* NULL: print the port on stdout only */
    const char *report_file;    /* NULL: report on stdout at exit */
    double difficulty;          /* expected hashes per share (both algorithms) */
    unsigned switch_after;      /* new job every N accepted shares (0 = never) */
    unsigned drop_after;        /* drop the connection once after N accepted shares (0 = never) */
    tp_hostile hostile;
    double max_seconds;         /* 0 = run until SIGTERM/SIGINT */
    int stale_old_jobs;         /* shares for any job but the current one are stale */
} tp_options;

/* One job as the pool sent it, with the shares already seen for it. */
typedef struct {
    uint64_t number;            /* 1, 2, ... (0 = slot unused) */
    char id[80];                /* job id on the wire (ethproxy: the header hash) */
    /* bytom */
    sluice_bytom_header header; /* nonce = 0; the start nonce is per connection */
    uint32_t target_word;       /* t: a share is LE256(result) <= t * 2^224 */
    /* ethash (epoch 0) */
    uint8_t header_hash[32];
    uint8_t boundary[32];       /* big-endian */
    double share_difficulty;    /* ethstratum set_difficulty value */
    /* duplicate detection: full nonces of every share submitted for this job */
    uint64_t *nonces;
    size_t nnonces, cap_nonces;
} tp_job;

typedef struct {
    uint64_t accepted, rejected, stale;
    uint64_t connections, jobs, logins;
    uint64_t submits;           /* every submit request */
    uint64_t duplicates;        /* rejected as "duplicate share" (also in rejected) */
    uint64_t old_job_accepted;  /* accepted shares for a job that was no longer current */
    uint64_t hashrate_reports;  /* eth_submitHashrate / mining.hashrate */
    uint64_t hostile_lines;     /* hostile lines sent */
    uint64_t accepted_current;  /* accepted shares for the job current at the time */
} tp_counts;

typedef enum { TP_CONN_FREE = 0, TP_CONN_OPEN, TP_CONN_CLOSING } tp_conn_state;

typedef struct {
    tp_conn_state state;
    int fd;
    unsigned no;                /* 1, 2, ... in accept order */
    int subscribed, authorized; /* logged in: jobs are pushed */
    int got_first_job;          /* the first job went out (hostile hooks run before it) */
    char session[40];           /* bytom login session id */
    uint64_t start_nonce;       /* bytom: the session's nonce prefix */
    uint8_t extranonce[8];      /* ethstratum */
    unsigned extranonce_bytes;
    double closing_deadline;    /* TP_CONN_CLOSING: close for good at this time */
    char *buf;                  /* unread input */
    size_t len, cap;
} tp_conn;

typedef struct {
    tp_options opt;
    tp_counts counts;
    tp_job jobs[TP_JOB_HISTORY];
    uint64_t current;           /* number of the current job */
    uint32_t id_prefix;         /* random, so two pools never share a job id */
    tp_conn conns[TP_MAX_CONNS];
    int listen_fd;
    uint16_t port;
    int dropped_once;
    double started;             /* monotonic seconds */
    uint64_t rng[4];            /* xoshiro256** state */
    /* verifiers, built once (tp_verifier_prepare) */
    uint8_t bytom_seed[32];
    sluice_tensority_cache *tcache;
    void *tscratch;             /* sluice_tensority_scratch_size() bytes, 64-byte aligned */
    sluice_ethash_epoch *epoch;
} tp_pool;

/* ---- testpool_util.c ---------------------------------------------------- */
double tp_now(void);                                      /* monotonic seconds */
void tp_log(const tp_pool *p, const tp_conn *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));                /* one line on stderr */
void tp_rng_seed(tp_pool *p, uint64_t seed);
uint64_t tp_rng_u64(tp_pool *p);
void tp_rng_bytes(tp_pool *p, uint8_t *out, size_t n);
/* Lowercase hex of n bytes (optionally "0x"-prefixed) into out (cap >= 2n+3). */
void tp_hex(char *out, const uint8_t *in, size_t n, int prefix);
/* Parses hex (optional 0x/0X, either case) of 1..max_digits digits into a
 * big-endian number; 0 on success, -1 otherwise. exact_digits > 0 demands
 * exactly that many digits. */
int tp_parse_hex_u64(const char *s, unsigned exact_digits, uint64_t *out);
/* Exactly n bytes of hex (optional 0x); 0 on success. */
int tp_parse_hex_bytes(const char *s, uint8_t *out, size_t n);
/* The bytom target word t = floor(2^32 / D) clamped to 1..0xffffffff (the
 * top 4 bytes of 2^256 / D, ../shared/specs/stratum.md "Bytom"). */
uint32_t tp_bytom_target_word(double difficulty);
/* boundary = floor(2^256 / D) clamped to 2^256 - 1, big-endian (D >= 1). */
void tp_ethash_boundary(double difficulty, uint8_t boundary[32]);

/* ---- testpool_net.c ----------------------------------------------------- */
/* Binds 127.0.0.1 on an ephemeral port and listens; 0 on success. */
int tp_listen(tp_pool *p);
/* Writes the port to path atomically (temp file + rename); 0 on success. */
int tp_write_port_file(const tp_pool *p, const char *path);
/* Accepts one pending connection into a free slot (refuses it when full). */
void tp_accept(tp_pool *p);
/* Sends one JSON value as a line (compact) / raw bytes. -1 when the send
 * failed (the connection is then closed). */
int tp_send_json(tp_pool *p, tp_conn *c, json_t *msg);
int tp_send_raw(tp_pool *p, tp_conn *c, const char *data, size_t len);
/* Reads what is available and handles every complete line. */
void tp_read(tp_pool *p, tp_conn *c);
/* Closes now (how = "closed") or gracefully: shut down our side, drain the
 * client's input for up to 2 s, then close (so answers already sent arrive). */
void tp_close(tp_pool *p, tp_conn *c, const char *why);
void tp_close_gracefully(tp_pool *p, tp_conn *c, const char *why);

/* ---- testpool_jobs.c ---------------------------------------------------- */
/* Makes a new current job (random header) and returns it. */
tp_job *tp_new_job(tp_pool *p);
tp_job *tp_current_job(tp_pool *p);
/* The remembered job with this wire id, or NULL. */
tp_job *tp_find_job(tp_pool *p, const char *id);
/* ethproxy: the remembered job with this header hash, or NULL. */
tp_job *tp_find_job_by_header(tp_pool *p, const uint8_t header_hash[32]);
/* 1 if (job, nonce) was seen before; otherwise records it and returns 0. */
int tp_job_seen_nonce(tp_job *job, uint64_t nonce);
void tp_jobs_free(tp_pool *p);
/* Sends the new current job to every logged-in connection. */
void tp_broadcast_job(tp_pool *p);
/* Counts an accepted share and runs --switch-after / --drop-after. */
void tp_after_accept(tp_pool *p, tp_conn *c, const tp_job *job);

/* ---- testpool_verify.c -------------------------------------------------- */
/* Builds the verifier of the dialect (Tensority cache for the job seed /
 * Ethash light cache of epoch 0) unless built already; 0 on success. The pool
 * calls it before listening, so the first share is answered at once. */
int tp_verifier_prepare(tp_pool *p);
/* Share verdicts: NULL = valid, else the rejection message. */
const char *tp_verify_bytom(tp_pool *p, const tp_job *job, uint64_t nonce, uint8_t result[32]);
const char *tp_verify_ethash(tp_pool *p, const tp_job *job, uint64_t nonce,
                             const uint8_t *mix /* NULL: not submitted */, sluice_ethash_result *out);

/* ---- testpool_share.c --------------------------------------------------- */
/* Judges one submitted share and answers request `id`: job NULL (unknown id)
 * or not current with --stale-old-jobs -> stale; a (job, nonce) seen before
 * -> rejected "duplicate share"; else verified (mix: the submitted mix, NULL
 * when the dialect sends none). Counts, logs, and runs tp_after_accept. */
void tp_judge_share(tp_pool *p, tp_conn *c, json_t *id, tp_job *job, const char *job_label,
                    uint64_t nonce, const uint8_t *mix);
/* Counts a rejected submit that could not even be parsed, and answers it. */
void tp_reject_submit(tp_pool *p, tp_conn *c, json_t *id, const char *why);

/* ---- testpool_bytom.c / testpool_eth.c ---------------------------------- */
void tp_bytom_handle(tp_pool *p, tp_conn *c, json_t *msg);
void tp_bytom_push_job(tp_pool *p, tp_conn *c, const tp_job *job);
/* The JOB object of the bytom protocol for connection c. */
json_t *tp_bytom_job_json(const tp_pool *p, const tp_conn *c, const tp_job *job, uint32_t target_word);
void tp_eth_handle(tp_pool *p, tp_conn *c, json_t *msg);
void tp_eth_push_job(tp_pool *p, tp_conn *c, const tp_job *job);
/* Answers to request `id` (a JSON value, borrowed): result, or an error. */
void tp_reply(tp_pool *p, tp_conn *c, json_t *id, json_t *result /* stolen */);
void tp_reply_error(tp_pool *p, tp_conn *c, json_t *id, int code, const char *message);

/* ---- testpool_hostile.c ------------------------------------------------- */
/* Runs before the first job goes to connection c (bytom: login_id is the
 * login request's id, whose answer carries the job; else NULL). */
typedef enum {
    TP_HOOK_CONTINUE = 0,   /* send the job as usual */
    TP_HOOK_STOP,           /* send no job (closed, or meant to choke on a huge line) */
    TP_HOOK_ANSWERED        /* bytom: the login was answered (with a bad job); push the job */
} tp_hook;
tp_hook tp_hostile_before_job(tp_pool *p, tp_conn *c, json_t *login_id);
/* Runs when a login arrives; returns 1 when the connection was closed. */
int tp_hostile_on_login(tp_pool *p, tp_conn *c);
const char *tp_hostile_name(tp_hostile h);
int tp_hostile_parse(const char *s, tp_hostile *out);

/* ---- testpool_report.c -------------------------------------------------- */
/* Writes the report JSON to opt.report_file atomically (or stdout when
 * to_stdout and no file). 0 on success. */
int tp_write_report(const tp_pool *p, int to_stdout);

#endif
