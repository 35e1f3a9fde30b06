/* Internal state of the chain generator (chain_build_gen.h), shared by
 * chain_build_gen.c (blocks, mining, state), chain_build_gen_tx.c (the
 * transaction plans and the default mix's kinds), chain_build_gen_fill.c
 * (filling a block: fan-outs, the mixes) and chain_build_gen_fault.c (the
 * faults' transactions). Also declares the transaction mix option, which
 * sits beside cg_params (cg_gen_set_mix). */
#ifndef SLUICE_CHAIN_BUILD_GEN_INTERNAL_H
#define SLUICE_CHAIN_BUILD_GEN_INTERNAL_H

#include "chain_build.h"
#include "chain_build_gen.h"
#include "sluice/tensority.h"

#define CG_NGROUPS 8                      /* 2-of-3 multisig groups over the first keys */
#define CG_MIN_OUT 20000000ULL            /* smallest BTM output made (0.2 BTM) */
#define CG_PROBE_FEE 10000000ULL          /* 0.1 BTM: 50,000 gas for the first build */
/* An input below this cannot pay the probe fee and keep a CG_MIN_OUT output:
 * the generator leaves such an output unspent ("dust"). */
#define CG_SPEND_FLOOR (CG_PROBE_FEE + CG_MIN_OUT)
#define CG_SPLIT_MIN 100000000ULL         /* 1 BTM: a split keeps every part at least this */
#define CG_FAN_MIN 200000000ULL           /* fan-out outputs: 2 .. 20 BTM */
#define CG_FAN_MAX 2000000000ULL
#define CG_BIG_MIN 10000000000ULL         /* 100 BTM: outputs kept to feed fan-outs */
#define CG_POOL_SLACK 8                   /* spare pool entries a block keeps */
#define CG_BLOCK_GAS_SOFT 9000000ULL      /* no transaction is added beyond this gas */

/* Transaction mix (sluice chaingen --mix). */
typedef enum {
    CG_MIX_DEFAULT = 0,   /* P2WPKH, P2WSH 2-of-3, issuances, multi-asset, retirements,
                             ~2 % status_fail */
    CG_MIX_P2WPKH,        /* only P2WPKH BTM spends (1 input, 1-2 outputs) and fan-outs */
    CG_MIX_COUNT
} cg_mix;

/* "default", "p2wpkh". */
const char *cg_mix_name(cg_mix m);
/* Parses a mix name; returns 0 or -1. */
int cg_mix_parse(const char *s, cg_mix *m);
/* Sets the mix of a generator from its next block on (like cg_gen_set_fault,
 * e.g. on a clone). Returns 0, or -1 for an unknown mix. */
int cg_gen_set_mix(cg_gen *g, cg_mix m);
/* Fan-out transactions made so far (they are counted in cg_stats.txs and
 * spends too), and outputs left unspent as too small to spend (dust). */
uint64_t cg_gen_fanouts(const cg_gen *g);
uint64_t cg_gen_dust(const cg_gen *g);

/* Keys and programs, shared by clones (reference counted). Keys at index
 * >= CG_MIN_KEYS are made on first use (cg_key); a failure to make one sets
 * failed, and the block being made is then reported as an error. */
typedef struct {
    int refs;
    sluice_bytom_profile profile;
    uint64_t seed;
    uint32_t n;                  /* keys in use: outputs are paid to 0..n-1 */
    int failed;
    tb_key *key;                 /* n entries, made when ready[i] */
    uint8_t (*p2wpkh)[22];
    uint8_t *ready;
    uint8_t script[CG_NGROUPS][TB_MAX_PROG];   /* multisig witness script */
    size_t script_len[CG_NGROUPS];
    uint8_t p2wsh[CG_NGROUPS][34];
} cg_keys;

enum { CG_KIND_P2WPKH = 0, CG_KIND_MULTISIG = 1 };

/* One unspent output the generator can spend. */
typedef struct {
    uint8_t id[32];
    uint8_t source_id[32];   /* the creating tx's mux ID */
    uint8_t asset[32];
    uint64_t amount, pos, height;
    uint8_t coinbase;
    uint8_t kind;            /* CG_KIND_* */
    uint16_t key;            /* key index or group index */
} cg_utxo;

typedef struct {
    cg_utxo *v;
    size_t n, cap;
} cg_uvec;

/* The transactions of the block being made. */
typedef struct {
    uint8_t **raw;
    size_t *len;
    uint8_t *fail;
    size_t n, cap;
    uint64_t fees;
    uint64_t gas;
} cg_block_txs;

struct cg_gen {
    cg_params p;
    cg_keys *keys;
    uint64_t rng[4];
    cg_mix mix;
    cg_uvec btm;             /* spendable BTM outputs (normal spends draw from here) */
    cg_uvec big;             /* spendable BTM outputs >= CG_BIG_MIN: matured coinbases
                                and fan-out changes, the fan-outs' inputs (newest last) */
    cg_uvec assets;          /* spendable non-BTM outputs */
    cg_uvec pending;         /* coinbase outputs not yet mature, in height order */
    cg_utxo last_spent;      /* the last BTM output spent (double-spend fault) */
    int have_last_spent;
    uint64_t next_height;
    int done;
    sluice_bytom_header parent;
    uint8_t parent_hash[32];
    uint8_t parent_seed[32];
    sluice_bytom_header *retarget;   /* headers at heights k * 2016 */
    size_t n_retarget, cap_retarget;
    sluice_tensority_cache *cache;   /* not shared with clones */
    void *scratch;
    uint64_t asset_nonce;
    uint64_t fanouts, dust;
    cg_stats st;
};

/* Key i (< g->keys->n) and its P2WPKH program, made on first use. */
const tb_key *cg_key(cg_gen *g, uint32_t i);
const uint8_t *cg_key_p2wpkh(cg_gen *g, uint32_t i);
/* A random key index. */
uint16_t cg_pick_key(cg_gen *g);

uint64_t cg_rand(cg_gen *g);
/* uniform in [0, n) (n > 0) */
uint64_t cg_below(cg_gen *g, uint64_t n);

int cg_uvec_push(cg_uvec *v, const cg_utxo *u);
/* removes element i (swap with the last) */
void cg_uvec_take(cg_uvec *v, size_t i, cg_utxo *out);

int cg_txs_push(cg_block_txs *b, uint8_t *raw, size_t len, int fail);

/* ---- transaction plans (chain_build_gen_tx.c) ---- */
typedef struct {
    uint8_t asset[32];
    uint64_t amount;
    uint8_t kind;
    uint16_t key;
    int retire;
} cg_out;

enum { CG_TAMPER_NONE = 0, CG_TAMPER_SIG, CG_TAMPER_IMBALANCE };

typedef struct {
    cg_utxo in[TB_MAX_IN];
    int corrupt[TB_MAX_IN];
    size_t n_in;
    int src_big;                /* the BTM inputs came from g->big (given back there) */
    /* issuance */
    int issue;
    uint64_t issue_amount;
    uint16_t issue_key;
    int heavy;                  /* issuance program that burns gas (gas-limit fault) */
    uint8_t issue_nonce[8];
    uint8_t issue_asset[32];    /* computed */
    /* outputs; the BTM change (kind/key in change) is added last */
    cg_out out[TB_MAX_OUT];
    size_t n_out;
    cg_out change;
    int change_big;             /* a change >= CG_BIG_MIN goes to g->big */
    int expect_fail;
    int tamper;
    uint64_t probe_fee;
} cg_plan;

void cg_plan_init(cg_plan *p);
int cg_is_btm(const uint8_t asset[32]);
/* A recipient: P2WPKH of a random key, or (allow_multisig, default mix, 1 in
 * 5) a P2WSH 2-of-3 group. */
void cg_pick_recipient(cg_gen *g, cg_out *o, int allow_multisig);
void cg_add_out(cg_gen *g, cg_plan *p, const uint8_t asset[32], uint64_t amount);
/* Up to k BTM recipients out of the BTM inputs; fewer when the inputs cannot
 * keep every part (recipients and change) at CG_SPLIT_MIN or more. */
void cg_add_btm_recipients(cg_gen *g, cg_plan *p, size_t k);
void cg_add_change(cg_gen *g, cg_plan *p);
/* Takes random BTM inputs from g->btm until their sum reaches need (at most
 * 3). Returns 0, or 1 (inputs given back). */
int cg_take_btm(cg_gen *g, cg_plan *p, uint64_t need);
/* Fills t from the plan with the given fee (change = BTM in - BTM out - fee).
 * Returns 0, -2 when the BTM inputs cannot pay, -1 on error. */
int cg_plan_to_tx(cg_gen *g, cg_plan *p, uint64_t fee, int tamper, tb_tx *t);
/* Builds the plan's transaction (fee from its measured gas), appends it to
 * the block and applies it to the pools. Returns 0, 1 when the plan is not
 * affordable (inputs given back), -1 on an internal error (why). */
int cg_commit(cg_gen *g, cg_plan *p, uint64_t height, cg_block_txs *b, char *why,
              size_t why_cap);
/* One transaction of the default mix. Returns 0, 1 (nothing affordable), -1. */
int cg_default_tx(cg_gen *g, uint64_t height, cg_block_txs *b, char *why, size_t why_cap);
/* An issuance (tamper: CG_TAMPER_IMBALANCE for the fault). */
int cg_tx_issue(cg_gen *g, uint64_t height, cg_block_txs *b, int tamper, char *why,
                size_t why_cap);

/* ---- blocks (chain_build_gen_fill.c, chain_build_gen_fault.c) ---- */
/* Fills the block's transactions after the coinbase (the coinbase is built
 * later): M transactions of the mix (fan-outs included), then the fault's
 * transactions when this is the fault height. Returns 0 or -1 (why). */
int cg_fill_block(cg_gen *g, uint64_t height, cg_block_txs *b, char *why, size_t why_cap);
/* The fault's transactions at the fault height. Returns 0 or -1 (why). */
int cg_fault_txs(cg_gen *g, uint64_t height, cg_block_txs *b, char *why, size_t why_cap);

#endif
