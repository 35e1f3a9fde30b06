/* The pool dialects as pure functions (no sockets, no threads): the session
 * state of one connection, the lines a client sends (login, submit,
 * hashrate) and the handling of every line the pool sends, which yields at
 * most one job, one share result, lines to send back and log messages.
 * Wire formats: the miner contract ("Wire protocols") and
 * ../shared/specs/stratum.md. pool_dialect.c holds what all dialects share,
 * pool_bytom.c the Bytom pool protocol, pool_eth.c the three Ethash ones. */
#ifndef SLUICE_POOL_DIALECT_H
#define SLUICE_POOL_DIALECT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "pool_client.h"

#define POOL_DIALECT_LINE_CAP 2048     /* longest line a client sends (user/pass <= 255 bytes) */
#define POOL_DIALECT_MAX_SEND 2
#define POOL_DIALECT_MAX_LOG 4
#define POOL_DIALECT_LOG_CAP 320
#define POOL_DIALECT_CRED_MAX 255      /* longest user, pass or agent */
#define POOL_DIALECT_JOB_RING 16       /* recent ethstratum jobs whose extranonce is remembered */

typedef enum {
    POOL_PHASE_LOGIN = 0,   /* login (or subscribe) sent */
    POOL_PHASE_AUTHORIZE,   /* ethstratum/stratum: authorize sent; ethproxy: getWork pending */
    POOL_PHASE_READY        /* logged in */
} pool_phase;

/* Session state of one connection. job_seq and client_id survive
 * pool_session_reset (job sequence numbers grow over reconnects). */
typedef struct {
    pool_dialect dialect;
    char user[POOL_DIALECT_CRED_MAX + 1];
    char pass[POOL_DIALECT_CRED_MAX + 1];
    char agent[POOL_DIALECT_CRED_MAX + 1];
    uint8_t client_id[32];        /* ethproxy eth_submitHashrate id */

    pool_phase phase;
    uint64_t next_id;             /* next JSON-RPC id (1 = login/subscribe) */
    uint64_t login_id, auth_id, getwork_id;
    uint64_t hashrate_ids[4];     /* recent eth_submitHashrate requests (answers ignored) */
    uint64_t job_seq;             /* seq of the last job produced */

    char session_id[128];         /* bytom: the login result's "id" */

    uint8_t extranonce[8];        /* ethstratum: current extranonce (for the next notify) */
    unsigned extranonce_len;
    double difficulty;            /* ethstratum: current share difficulty (0 = none yet) */

    int last_epoch;               /* hint for sluice_ethash_epoch_from_seed; -1 none */
    uint8_t last_seed[32];        /* the seed whose epoch is last_epoch */

    uint8_t last_work[96];        /* ethproxy: header||seed||boundary of the last job (dedupe) */
    int have_last_work;

    struct { uint64_t seq; uint64_t prefix; unsigned bits; } ring[POOL_DIALECT_JOB_RING];
    unsigned ring_next;
} pool_session;

/* What one received line produced. */
typedef struct {
    int has_job;
    miner_job job;

    int has_result;               /* a reply to request `result_id` that is not the dialect's own */
    uint64_t result_id;
    int accepted;
    char reason[256];             /* pool's message ("" when accepted) */

    int logged_in;                /* the login finished with this line */
    int fatal;                    /* the pool refused the login: drop the connection */

    unsigned nsend;               /* lines to send, in order, without '\n' */
    char send[POOL_DIALECT_MAX_SEND][POOL_DIALECT_LINE_CAP];

    unsigned nlog;
    pool_log_level log_level[POOL_DIALECT_MAX_LOG];
    char log[POOL_DIALECT_MAX_LOG][POOL_DIALECT_LOG_CAP];
} pool_dialect_out;

/* Sets up a session (phase LOGIN, next_id 1). user/pass/agent longer than
 * POOL_DIALECT_CRED_MAX: -1. client_id may be NULL (zeros). */
int pool_session_init(pool_session *s, pool_dialect dialect, const char *user, const char *pass,
                      const char *agent, const uint8_t client_id[32]);
/* Forgets the connection's state (new connection); keeps credentials,
 * job_seq, client_id and the epoch hint. */
void pool_session_reset(pool_session *s);

/* The first line to send on a new connection (login / subscribe) into line
 * (cap bytes, no '\n'). 0, or -1 when it does not fit. */
int pool_dialect_open(pool_session *s, char *line, size_t cap);

/* The submission of `share` as JSON-RPC request *rpc_id (allocated here, only on success).
 * 0, or -1 when it does not fit or the share is unusable (why in line). */
int pool_dialect_submit(pool_session *s, const miner_share *share, uint64_t *rpc_id, char *line, size_t cap);

/* eth_submitHashrate (ethproxy only): 1 with a line, 0 when the dialect has
 * no such request, -1 when it does not fit. */
int pool_dialect_hashrate(pool_session *s, double hashes_per_second, char *line, size_t cap);

/* Handles one received line (len bytes, need not be NUL-terminated). Never
 * fails: malformed input becomes log messages in out. */
void pool_dialect_handle_line(pool_session *s, const char *line, size_t len, pool_dialect_out *out);
/* Same for an already parsed JSON value. */
void pool_dialect_handle_json(pool_session *s, json_t *msg, pool_dialect_out *out);

/* ---- Shared by the dialect files (pool_dialect.c) ------------------------- */

void pool_out_log(pool_dialect_out *out, pool_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends json (compact) as a line to send; -1 when it does not fit. Does
 * not take the reference. */
int pool_out_send(pool_dialect_out *out, const json_t *req);
/* Renders req into line; 0, or -1 when it does not fit. */
int pool_json_line(const json_t *req, char *line, size_t cap);
/* A message's id as an unsigned integer (number or decimal string): 1 with
 * *id, 0 for null/absent, -1 for anything else. */
int pool_msg_id(const json_t *msg, uint64_t *id);
/* The message text of a JSON-RPC error (object with "message", array
 * [code, "message", ...], or a string) into buf. */
void pool_error_text(const json_t *err, char *buf, size_t cap);
/* A reply's verdict for a share: 1 accepted, 0 not (reason set). ok_fn
 * judges a non-null result. */
int pool_reply_verdict(const json_t *msg, int (*ok_fn)(const json_t *result), char *reason, size_t cap);
/* Decodes exactly len bytes of hex (optional 0x, either case) from a JSON
 * string; 0 or -1. */
int pool_hex_field(const json_t *v, uint8_t *out, size_t len);
/* A 256-bit big-endian boundary from a JSON string of hex (optional 0x,
 * either case) with at most 64 significant digits (any parity, leading zeros
 * allowed): 0, or -1 for anything else (not a string, empty, non-hex, >= 2^256). */
int pool_hex_u256(const json_t *v, uint8_t out[32]);
/* Answers an unknown request that has an id with a JSON-RPC error. */
void pool_reply_unknown(pool_dialect_out *out, const json_t *msg, const char *method);
/* Records a job's extranonce prefix for later submits (ethstratum). */
void pool_session_remember_job(pool_session *s, uint64_t seq, uint64_t prefix, unsigned bits);

/* Per-dialect handlers (pool_bytom.c, pool_eth.c). */
int pool_bytom_open(pool_session *s, char *line, size_t cap);
int pool_bytom_submit(pool_session *s, const miner_share *share, uint64_t id, char *line, size_t cap);
void pool_bytom_handle(pool_session *s, json_t *msg, pool_dialect_out *out);
/* Bytom job fields -> miner_job (no seq). 0, or -1 with a log in out. */
int pool_bytom_job(const json_t *params, miner_job *job, pool_dialect_out *out);

int pool_eth_open(pool_session *s, char *line, size_t cap);
int pool_eth_submit(pool_session *s, const miner_share *share, uint64_t id, char *line, size_t cap);
int pool_eth_hashrate(pool_session *s, double hashes_per_second, uint64_t id, char *line, size_t cap);
void pool_eth_handle(pool_session *s, json_t *msg, pool_dialect_out *out);

#endif
