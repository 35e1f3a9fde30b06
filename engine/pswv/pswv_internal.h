/* Internals of the sliding-window validator (sluice/pswv.h). */
#ifndef SLUICE_PSWV_INTERNAL_H
#define SLUICE_PSWV_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/bytom_header.h"
#include "sluice/pswv.h"
#include "sluice/tensority.h"
#include "sluice/utxo_store.h"

/* The chain context after the last committed block (kept in the tip blob). */
typedef struct {
    int have;                      /* 0: nothing committed yet (genesis expected) */
    sluice_bytom_header parent;    /* the last committed header */
    uint8_t parent_hash[32];
    uint8_t parent_seed[32];       /* Tensority seed of that block (zero for genesis) */
    uint64_t ts[11];               /* timestamps, newest first */
    uint32_t n_ts;
    /* The two latest headers at heights multiple of 2016: a retarget after
     * parent height P (P % 2016 == 0, P > 0) needs the one at P - 2016. */
    sluice_bytom_header ret_cur, ret_prev;
    uint8_t have_ret_cur, have_ret_prev;
    uint8_t genesis_hash[32];
} pswv_chain;

/* Tip blob (de)serialisation; returns the length / 0 on success, -1 on a bad blob. */
size_t pswv_chain_encode(const pswv_chain *c, uint8_t *buf, size_t cap);
int pswv_chain_decode(pswv_chain *c, const uint8_t *buf, size_t len);
/* Advances c over a block with header h and hash; seed = its Tensority seed. */
void pswv_chain_advance(pswv_chain *c, const sluice_bytom_header *h, const uint8_t hash[32],
                        const uint8_t seed[32]);

/* ---- UTXO overlay: open-addressing map over 32-byte IDs with an undo log. */
typedef struct {
    uint8_t id[32];
    sluice_utxo_entry e;
    uint64_t spent_at;             /* height of the block that spent it (overlay only) */
    uint8_t used, exists, dirty;
} pswv_slot;

typedef struct {
    pswv_slot *t;
    size_t cap, n;
    struct { size_t slot; pswv_slot old; } *undo;
    size_t n_undo, cap_undo;
} pswv_overlay;

int pswv_overlay_init(pswv_overlay *o, size_t expect);
void pswv_overlay_free(pswv_overlay *o);
/* The slot of id, inserted (used = 1, exists = 0) when absent; NULL on no memory. */
pswv_slot *pswv_overlay_slot(pswv_overlay *o, const uint8_t id[32]);
/* Records the slot's current state before a change; -1 on no memory. */
int pswv_overlay_save(pswv_overlay *o, pswv_slot *s);
/* Rolls the changes back to undo mark `mark`. */
void pswv_overlay_rollback(pswv_overlay *o, size_t mark);

#endif

/* ---- the validator object (pswv_api.c) and one window (pswv_window.c) ---- */
#define PSWV_MAX_CACHES 32

struct sluice_pswv {
    sluice_pswv_opts o;
    char network[16];
    int threads;
    sluice_utxo_store *store;
    pswv_chain chain;              /* after the last committed block */
    int synced;                    /* the skip-to-tip check is done */
    uint8_t **raw;                 /* buffered blocks (owned copies) */
    size_t *len;
    unsigned n_buf;
    sluice_tensority_cache *caches[PSWV_MAX_CACHES];
    unsigned n_caches;
    sluice_pswv_stats st;
    sluice_pswv_verdict vd;
    int stopped;                   /* an invalid block was found */
};

/* Validates the buffered blocks as one window and commits the valid prefix;
 * frees the buffer. */
sluice_err pswv_window_run(struct sluice_pswv *v, char *why, size_t why_cap);
double pswv_now(void);
