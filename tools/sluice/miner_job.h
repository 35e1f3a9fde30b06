/* What flows between the pool connection (pool_client.h) and the mining
 * devices (miner.h): jobs in, shares out. One normalised form for every pool
 * dialect (../shared/specs/stratum.md). */
#ifndef SLUICE_MINER_JOB_H
#define SLUICE_MINER_JOB_H

#include <stdint.h>
#include "sluice/bytom_header.h"
#include "sluice/bytom_target.h"

typedef enum { MINER_ALGO_TENSORITY = 1, MINER_ALGO_ETHASH = 2 } miner_algo;

typedef struct {
    miner_algo algo;
    char job_id[128];         /* the pool's id, echoed in submissions */
    uint64_t seq;             /* 1, 2, 3, ... for every job received (set by the pool layer) */
    int clean;                /* work on older jobs is worthless (stale) */

    /* Tensority (Bytom pool protocol) */
    uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES]; /* header body; nonce field = start nonce */
    uint8_t seed[32];
    uint64_t start_nonce;     /* the pool's starting nonce (session prefix in the high bits) */
    sluice_bytom_target share_target;  /* result (LE) <= target is a share */
    uint32_t target_word;     /* the 4-byte target as sent (t: target = t * 2^224) */

    /* Ethash (stratum1/stratum2/stratum) */
    uint8_t header_hash[32];
    uint8_t seed_hash[32];
    int epoch;                /* recovered from seed_hash */
    uint8_t boundary[32];     /* big-endian: final <= boundary is a share */
    uint64_t nonce_prefix;    /* extranonce, already shifted into the high bits */
    unsigned nonce_prefix_bits; /* 0..64: the miner only varies the low 64 - bits bits */
    double share_difficulty;  /* for display (0 if unknown) */
} miner_job;

typedef struct {
    uint64_t job_seq;         /* the job it was found for */
    char job_id[128];
    uint64_t nonce;           /* the full 64-bit nonce */
    uint8_t mix[32];          /* Ethash mix digest */
    uint8_t result[32];       /* Ethash final or Tensority result */
    uint8_t header_hash[32];  /* Ethash header hash of the job */
    char device[64];          /* which device found it, e.g. "cpu", "opencl:0" */
} miner_share;

#endif
