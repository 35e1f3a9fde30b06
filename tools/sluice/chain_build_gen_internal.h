/* Internal state of the chain generator (chain_build_gen.h), shared by
 * chain_build_gen.c (blocks, mining, state) and chain_build_gen_tx.c (the
 * transaction kinds). */
#ifndef SLUICE_CHAIN_BUILD_GEN_INTERNAL_H
#define SLUICE_CHAIN_BUILD_GEN_INTERNAL_H

#include "chain_build.h"
#include "chain_build_gen.h"
#include "sluice/tensority.h"

#define CG_NKEYS 24
#define CG_NGROUPS 8                      /* 2-of-3 multisig groups over the keys */
#define CG_MIN_OUT 20000000ULL            /* smallest BTM output made (0.2 BTM) */

/* Keys and programs, shared by clones (reference counted). */
typedef struct {
    int refs;
    tb_key key[CG_NKEYS];
    uint8_t p2wpkh[CG_NKEYS][22];
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
    cg_uvec btm;             /* spendable BTM outputs */
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
    cg_stats st;
};

uint64_t cg_rand(cg_gen *g);
/* uniform in [0, n) (n > 0) */
uint64_t cg_below(cg_gen *g, uint64_t n);

int cg_uvec_push(cg_uvec *v, const cg_utxo *u);
/* removes element i (swap with the last) */
void cg_uvec_take(cg_uvec *v, size_t i, cg_utxo *out);

int cg_txs_push(cg_block_txs *b, uint8_t *raw, size_t len, int fail);

/* Fills the block's transactions after the coinbase (the coinbase is built
 * later): the normal mix, then the fault's transactions when this is the fault
 * height. Returns 0 or -1 (why). */
int cg_fill_block(cg_gen *g, uint64_t height, cg_block_txs *b, char *why, size_t why_cap);

#endif
