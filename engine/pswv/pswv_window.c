/* One window of the sliding-window validator (../specs/bytom-chain.md
 * section 8, steps 2-7): parse, header context, PoW, stateless validation,
 * the in-order UTXO pass over an overlay, and the commit of the valid prefix.
 * Every step keeps the serial answer: the first invalid block in chain order
 * and its first failing rule in validation/block.go order, then the UTXO
 * rules of protocol/state/utxo_view.go (applyBlock / applyTransaction). */
#include <inttypes.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pswv/pswv_internal.h"
#include "sluice/bytom_genesis.h"
#include "sluice/bytom_target.h"
#include "sluice/bytom_tx.h"
#include "sluice/bytom_validate.h"
#include "validate/validate_sigbatch.h"

double pswv_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Everything one block of the window needs and produces. */
typedef struct {
    sluice_bytom_block *b;
    char parse_why[160];
    int genesis;                   /* validated without a parent (first block of the chain) */
    sluice_bytom_header parent;
    uint8_t parent_hash[32];
    uint64_t ts[11];
    size_t n_ts;
    sluice_bytom_header ret;
    int have_ret;
    uint8_t seed[32];
    const sluice_tensority_cache *cache;
    int pow_ok;
    uint8_t pow_result[32];
    sluice_err err;                /* validate_block's own error (not a verdict) */
    sluice_bytom_block_result r;
    sluice_bytom_tx_result *tx;
} pswv_blk;

static void set_verdict(struct sluice_pswv *v, uint64_t height, int32_t tx, int32_t input,
                        const char *rule, const char *tx_rule, const char *fmt, const char *d) {
    sluice_pswv_verdict *vd = &v->vd;
    memset(vd, 0, sizeof *vd);
    vd->invalid = 1;
    vd->height = height;
    vd->tx_index = tx;
    vd->input = input;
    snprintf(vd->rule, sizeof vd->rule, "%s", rule);
    snprintf(vd->tx_rule, sizeof vd->tx_rule, "%s", tx_rule ? tx_rule : "");
    snprintf(vd->reason, sizeof vd->reason, fmt, d);
    v->stopped = 1;
}

static int is_btm(const uint8_t a[32]) { return memcmp(a, SLUICE_BYTOM_BTM_ASSET, 32) == 0; }

/* The Tensority cache for seed, built once and shared by the window. */
static const sluice_tensority_cache *cache_for(struct sluice_pswv *v, const uint8_t seed[32],
                                               sluice_err *err) {
    for (size_t i = 0; i < v->o.n_caches; i++)
        if (v->o.caches[i] && memcmp(sluice_tensority_cache_seed(v->o.caches[i]), seed, 32) == 0)
            return v->o.caches[i];
    for (unsigned i = 0; i < v->n_caches; i++)
        if (memcmp(sluice_tensority_cache_seed(v->caches[i]), seed, 32) == 0) return v->caches[i];
    if (v->n_caches == PSWV_MAX_CACHES) {
        sluice_tensority_cache_free(v->caches[0]);
        memmove(v->caches, v->caches + 1, (PSWV_MAX_CACHES - 1) * sizeof v->caches[0]);
        v->n_caches--;
    }
    sluice_tensority_cache *c = NULL;
    *err = sluice_tensority_cache_new(&c, seed, (unsigned)v->threads);
    if (*err != SLUICE_OK) return NULL;
    v->caches[v->n_caches++] = c;
    return c;
}

/* Keeps only the cache of `seed` (the next block's) after a window. */
static void caches_trim(struct sluice_pswv *v, const uint8_t seed[32]) {
    unsigned k = 0;
    for (unsigned i = 0; i < v->n_caches; i++) {
        if (memcmp(sluice_tensority_cache_seed(v->caches[i]), seed, 32) == 0)
            v->caches[k++] = v->caches[i];
        else
            sluice_tensority_cache_free(v->caches[i]);
    }
    v->n_caches = k;
}

/* Step 2: the context of every block from the chain before it; returns how
 * many blocks stay in the window (a block that does not link ends it). */
static size_t header_pass(struct sluice_pswv *v, pswv_blk *w, size_t n) {
    pswv_chain c = v->chain;
    for (size_t i = 0; i < n; i++) {
        pswv_blk *k = &w[i];
        if (!k->b) return i + 1;
        const sluice_bytom_header *h = &k->b->header;
        if (!c.have) {
            k->genesis = 1;
            memset(k->seed, 0, 32);
        } else {
            k->parent = c.parent;
            memcpy(k->parent_hash, c.parent_hash, 32);
            memcpy(k->ts, c.ts, sizeof k->ts);
            k->n_ts = c.n_ts;
            uint64_t ph = c.parent.height;
            if (ph % SLUICE_BYTOM_BLOCKS_PER_RETARGET == 0 && ph > 0) {
                /* BlockNode.CalcNextBits: the header at ph - 2016 */
                if (c.have_ret_prev && c.ret_prev.height + SLUICE_BYTOM_BLOCKS_PER_RETARGET == ph) {
                    k->ret = c.ret_prev;
                    k->have_ret = 1;
                }
            }
            sluice_bytom_next_seed(ph, c.parent_hash, c.parent_seed, k->seed);
        }
        pswv_chain_advance(&c, h, k->b->hash, k->seed);
        if (!k->genesis && (h->height != k->parent.height + 1 ||
                            memcmp(h->prev_hash, k->parent_hash, 32) != 0))
            return i + 1; /* validate_block names the rule; nothing after it can link */
    }
    return n;
}

/* Step 6 for one block: applies its transactions to the overlay
 * (utxo_view.go applyTransaction; status_fail: BTM parts only). Returns 0 or
 * fills the verdict and returns 1; -1 on no memory. */
static int utxo_apply(struct sluice_pswv *v, pswv_overlay *o, const pswv_blk *k) {
    const sluice_bytom_block *b = k->b;
    uint64_t H = b->header.height;
    for (uint32_t t = 0; t < b->n_txs; t++) {
        const sluice_bytom_tx *tx = &b->txs[t];
        int fail = k->tx ? k->tx[t].status_fail : 0;
        for (uint32_t i = 0; i < tx->n_inputs; i++) {
            const sluice_bytom_input *in = &tx->inputs[i];
            if (in->type != SLUICE_BYTOM_INPUT_SPEND) continue;
            if (fail && !is_btm(in->asset_id)) continue;
            pswv_slot *s = pswv_overlay_slot(o, in->spent_output_id);
            if (!s) return -1;
            /* The reference reads every block's view from the database, where a
             * spent non-coinbase output of an earlier block is already deleted. */
            int gone = !s->exists || (s->e.spent && !s->e.is_coinbase && s->spent_at < H);
            if (gone) {
                set_verdict(v, H, (int32_t)t, (int32_t)i, "utxo_not_found", NULL, "%s",
                            "fail to find utxo entry");
                return 1;
            }
            if (s->e.spent) {
                set_verdict(v, H, (int32_t)t, (int32_t)i, "utxo_spent", NULL, "%s",
                            "utxo has been spent");
                return 1;
            }
            /* consensus.CoinbasePendingBlockNumber = 100 */
            if (s->e.is_coinbase && s->e.block_height + 100 > H) {
                set_verdict(v, H, (int32_t)t, (int32_t)i, "utxo_immature", NULL, "%s",
                            "coinbase utxo is not ready for use");
                return 1;
            }
            if (pswv_overlay_save(o, s)) return -1;
            s->e.spent = 1;
            s->spent_at = H;
            s->dirty = 1;
        }
        for (uint32_t i = 0; i < tx->n_outputs; i++) {
            const sluice_bytom_output *out = &tx->outputs[i];
            if (out->is_retirement || (fail && !is_btm(out->asset_id))) continue;
            pswv_slot *s = pswv_overlay_slot(o, out->id);
            if (!s || pswv_overlay_save(o, s)) return -1;
            s->exists = 1;
            s->dirty = 1;
            s->e.is_coinbase = t == 0;
            s->e.spent = 0;
            s->e.block_height = H;
        }
    }
    return 0;
}

/* Step 6: prefetch and the in-order pass over blocks [0, n); returns how many
 * blocks are valid (n unless a verdict was set), or -1 with err set. */
static long utxo_pass(struct sluice_pswv *v, pswv_blk *w, size_t n, pswv_overlay *o,
                      sluice_err *err, char *why, size_t why_cap) {
    size_t n_ids = 0, n_spend = 0;
    for (size_t i = 0; i < n; i++)
        for (uint32_t t = 0; t < w[i].b->n_txs; t++) {
            n_ids += w[i].b->txs[t].n_inputs + w[i].b->txs[t].n_outputs;
            n_spend += w[i].b->txs[t].n_inputs;
        }
    if (pswv_overlay_init(o, n_ids)) goto nomem;
    uint8_t(*ids)[32] = (uint8_t(*)[32])malloc((n_spend ? n_spend : 1) * 32);
    sluice_utxo_entry *ents = (sluice_utxo_entry *)malloc((n_spend ? n_spend : 1) * sizeof *ents);
    uint8_t *found = (uint8_t *)malloc(n_spend ? n_spend : 1);
    if (!ids || !ents || !found) {
        free(ids);
        free(ents);
        free(found);
        goto nomem;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        for (uint32_t t = 0; t < w[i].b->n_txs; t++)
            for (uint32_t k = 0; k < w[i].b->txs[t].n_inputs; k++) {
                const sluice_bytom_input *in = &w[i].b->txs[t].inputs[k];
                if (in->type != SLUICE_BYTOM_INPUT_SPEND) continue;
                pswv_slot *s = pswv_overlay_slot(o, in->spent_output_id);
                if (!s) continue; /* cannot happen: sized for every ID */
                if (s->dirty) continue;
                s->dirty = 2; /* queued */
                memcpy(ids[m++], in->spent_output_id, 32);
            }
    sluice_err e = SLUICE_OK;
    for (int attempt = 0; attempt < 3; attempt++) {
        e = m ? sluice_utxo_get_many(v->store, (const uint8_t(*)[32])ids, m, ents, found,
                                     v->threads)
              : SLUICE_OK;
        if (e != SLUICE_ERR_IO) break;
        usleep(100000);
    }
    if (e != SLUICE_OK) {
        free(ids);
        free(ents);
        free(found);
        *err = sluice_why(e, why, why_cap, "UTXO store read failed (%s)", sluice_strerror(e));
        return -1;
    }
    v->st.utxo_reads += m;
    for (size_t j = 0; j < m; j++) {
        pswv_slot *s = pswv_overlay_slot(o, ids[j]);
        s->dirty = 0;
        s->exists = found[j];
        s->e = ents[j];
    }
    free(ids);
    free(ents);
    free(found);
    for (size_t i = 0; i < n; i++) {
        size_t mark = o->n_undo;
        int rc = utxo_apply(v, o, &w[i]);
        if (rc < 0) goto nomem;
        if (rc > 0) {
            pswv_overlay_rollback(o, mark);
            return (long)i;
        }
    }
    return (long)n;
nomem:
    *err = sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory in the UTXO pass");
    return -1;
}

/* Step 7: one store transaction for blocks [0, n_valid). */
static sluice_err commit(struct sluice_pswv *v, pswv_blk *w, size_t n_valid,
                         const pswv_overlay *o, char *why, size_t why_cap) {
    pswv_chain c = v->chain;
    uint64_t txs = 0;
    for (size_t i = 0; i < n_valid; i++) {
        pswv_chain_advance(&c, &w[i].b->header, w[i].b->hash, w[i].seed);
        txs += w[i].b->n_txs;
    }
    size_t n_ops = 0;
    for (size_t i = 0; i < o->cap; i++) n_ops += o->t[i].used && o->t[i].dirty == 1;
    sluice_utxo_op *ops = (sluice_utxo_op *)malloc((n_ops ? n_ops : 1) * sizeof *ops);
    if (!ops) return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory in the commit");
    size_t k = 0;
    for (size_t i = 0; i < o->cap; i++) {
        const pswv_slot *s = &o->t[i];
        if (!s->used || s->dirty != 1) continue;
        if (s->exists)
            sluice_utxo_save_op(&ops[k++], s->id, &s->e);
    }
    uint8_t blob[SLUICE_UTXO_TIP_BLOB_MAX];
    size_t blob_len = pswv_chain_encode(&c, blob, sizeof blob);
    sluice_err e = SLUICE_OK;
    for (int attempt = 0; attempt < 3; attempt++) {
        e = sluice_utxo_commit(v->store, ops, k, c.parent.height, c.parent_hash, blob, blob_len,
                               why, why_cap);
        if (e != SLUICE_ERR_IO) break;
        usleep(200000);
    }
    free(ops);
    if (e != SLUICE_OK) return e;
    v->chain = c;
    v->st.blocks += n_valid;
    v->st.txs += txs;
    v->st.have_tip = 1;
    v->st.committed_height = c.parent.height;
    return SLUICE_OK;
}

static void blk_free(pswv_blk *w, size_t n) {
    for (size_t i = 0; i < n; i++) {
        sluice_bytom_block_free(w[i].b);
        free(w[i].tx);
    }
    free(w);
}

/* The validate_block context of block k; PoW is done separately (skip_pow). */
static void blk_ctx(const pswv_blk *k, uint64_t now, sluice_bytom_block_ctx *ctx) {
    memset(ctx, 0, sizeof *ctx);
    ctx->parent = &k->parent;
    ctx->parent_hash = k->parent_hash;
    ctx->prev_timestamps = k->ts;
    ctx->n_prev_timestamps = k->n_ts;
    ctx->retarget_start = k->have_ret ? &k->ret : NULL;
    ctx->skip_pow = 1;
    ctx->now = now;
}

/* The rule of block k after merging the separately computed PoW in
 * validation/block.go order (header rules, then PoW, then the body). */
static void merge_pow(pswv_blk *k) {
    if (k->genesis || k->pow_ok) return;
    sluice_bytom_rule r = k->r.rule;
    if (r == SLUICE_RULE_OK || r > SLUICE_RULE_BLOCK_POW) {
        k->r.rule = SLUICE_RULE_BLOCK_POW;
        k->r.tx_index = -1;
        k->r.tx_rule = SLUICE_RULE_OK;
        snprintf(k->r.detail, sizeof k->r.detail, "proof of work above the target");
    }
}

sluice_err pswv_window_run(struct sluice_pswv *v, char *why, size_t why_cap) {
    size_t n = v->n_buf;
    sluice_err err = SLUICE_OK;
    if (n == 0) return SLUICE_OK;
    double t0 = pswv_now(), t, sig_s = 0;
    pswv_blk *w = (pswv_blk *)calloc(n, sizeof *w);
    if (!w) return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    int T = v->threads;

    /* step 3 (first part): parse + IDs + Merkle inputs, in parallel */
#pragma omp parallel for schedule(dynamic, 1) num_threads(T) if (n > 1 && T > 1)
    for (long i = 0; i < (long)n; i++)
        if (sluice_bytom_block_parse(v->raw[i], v->len[i], &w[i].b, w[i].parse_why,
                                     sizeof w[i].parse_why) != SLUICE_OK)
            w[i].b = NULL;
    t = pswv_now();
    v->st.stage_s[SLUICE_PSWV_STAGE_PARSE] += t - t0;
    t0 = t;

    /* step 2: header context */
    size_t n_eff = header_pass(v, w, n);
    t = pswv_now();
    v->st.stage_s[SLUICE_PSWV_STAGE_HEADER] += t - t0;
    t0 = t;

    /* PoW: caches first (serial, each built with all threads), then hashes */
    for (size_t i = 0; i < n_eff; i++) {
        if (!w[i].b || w[i].genesis) continue;
        w[i].cache = cache_for(v, w[i].seed, &err);
        if (!w[i].cache) {
            sluice_why(err, why, why_cap, "Tensority cache: %s", sluice_strerror(err));
            goto out;
        }
    }
    size_t scratch_sz = (sluice_tensority_scratch_size() + 63) & ~(size_t)63;
#pragma omp parallel num_threads(T) if (n_eff > 1 && T > 1)
    {
        void *scratch = aligned_alloc(64, scratch_sz);
#pragma omp for schedule(dynamic, 1)
        for (long i = 0; i < (long)n_eff; i++) {
            pswv_blk *k = &w[i];
            if (!k->b || k->genesis) continue;
            if (sluice_tensority_hash(k->cache, SLUICE_TENSORITY_AUTO, k->b->hash, k->pow_result,
                                      scratch) != SLUICE_OK)
                k->err = SLUICE_ERR_INTERNAL;
            k->pow_ok = sluice_bytom_pow_ok(k->pow_result, k->b->header.bits);
        }
        free(scratch);
    }
    /* step 3: nothing after a structurally bad block (no work, a header rule,
     * a wrong tx Merkle root) gets any script work; that block itself is
     * still validated in full below so its first rule is the serial one. */
    {
        uint64_t now = v->o.now ? v->o.now : (uint64_t)time(NULL);
        for (size_t i = 0; i < n_eff; i++) {
            pswv_blk *k = &w[i];
            if (!k->b) break;
            int bad = !k->genesis && !k->pow_ok;
            if (!bad && !k->genesis) {
                sluice_bytom_block_ctx ctx;
                sluice_bytom_block_result hr;
                blk_ctx(k, now, &ctx);
                bad = sl_bv_check_header(k->b, &ctx, &hr) != SLUICE_OK || hr.rule != SLUICE_RULE_OK;
            }
            if (!bad) {
                uint8_t root[32];
                sluice_bytom_tx_merkle_root(k->b->txs, k->b->n_txs, root);
                bad = memcmp(root, k->b->header.tx_merkle_root, 32) != 0;
            }
            if (bad) {
                n_eff = i + 1;
                break;
            }
        }
    }
    t = pswv_now();
    v->st.stage_s[SLUICE_PSWV_STAGE_POW] += t - t0;
    t0 = t;

    /* step 4: the transactions of every block of the window in one parallel
     * loop with ONE signature batch (validate_sigbatch.c), then each block's
     * header rules and body folding (gas sum, coinbase, roots). */
    {
        sluice_bytom_validate_opts opts = {v->o.profile, T, 1};
        uint64_t now = v->o.now ? v->o.now : (uint64_t)time(NULL);
        const sluice_bytom_block **bl = (const sluice_bytom_block **)calloc(n_eff, sizeof *bl);
        sluice_bytom_tx_result **rs = (sluice_bytom_tx_result **)calloc(n_eff, sizeof *rs);
        size_t m = 0;
        int nomem = !bl || !rs;
        for (size_t i = 0; i < n_eff && !nomem; i++) {
            pswv_blk *k = &w[i];
            if (!k->b) continue;
            k->tx = (sluice_bytom_tx_result *)calloc(k->b->n_txs ? k->b->n_txs : 1,
                                                     sizeof *k->tx);
            if (!k->tx) nomem = 1;
            bl[m] = k->b;
            rs[m++] = k->tx;
        }
        uint32_t sig_checks = 0, reruns = 0;
        sluice_err e = nomem ? SLUICE_ERR_NOMEM
                             : sl_bv_validate_blocks_txs(bl, m, &opts, rs, &sig_checks, &reruns,
                                                         &sig_s);
        free(bl);
        free(rs);
        if (e != SLUICE_OK) {
            err = sluice_why(e, why, why_cap, "transaction validation failed (%s)",
                             sluice_strerror(e));
            goto out;
        }
        v->st.sig_checks += sig_checks;
#pragma omp parallel for schedule(dynamic, 1) num_threads(T) if (n_eff > 1 && T > 1)
        for (long i = 0; i < (long)n_eff; i++) {
            pswv_blk *k = &w[i];
            if (!k->b) continue;
            sluice_bytom_block_ctx ctx;
            blk_ctx(k, now, &ctx);
            sluice_err be = sl_bv_validate_block_given(k->b, k->genesis ? NULL : &ctx, &opts,
                                                       k->tx, &k->r);
            if (be != SLUICE_OK) k->err = be;
            merge_pow(k);
        }
    }
    for (size_t i = 0; i < n_eff; i++)
        if (w[i].err != SLUICE_OK) {
            err = sluice_why(w[i].err, why, why_cap, "block validation failed internally (%s)",
                             sluice_strerror(w[i].err));
            goto out;
        }
    t = pswv_now();
    v->st.stage_s[SLUICE_PSWV_STAGE_SIGS] += sig_s;
    v->st.stage_s[SLUICE_PSWV_STAGE_TXS] += t - t0 - sig_s;
    t0 = t;

    /* the first block that fails a block rule (or does not parse) */
    size_t n_ok = n_eff;
    for (size_t i = 0; i < n_eff; i++) {
        pswv_blk *k = &w[i];
        int bad = !k->b || k->r.rule != SLUICE_RULE_OK;
        if (!bad && k->genesis && strcmp(v->network, "dev") != 0) {
            sluice_bytom_header g;
            uint8_t gh[32];
            sluice_bytom_network_genesis(v->network, &g);
            sluice_bytom_header_hash(&g, gh);
            bad = memcmp(gh, k->b->hash, 32) != 0;
        }
        if (bad) {
            n_ok = i;
            break;
        }
    }

    /* step 6 */
    pswv_overlay o;
    memset(&o, 0, sizeof o);
    long n_valid = utxo_pass(v, w, n_ok, &o, &err, why, why_cap);
    t = pswv_now();
    v->st.stage_s[SLUICE_PSWV_STAGE_UTXO] += t - t0;
    t0 = t;
    if (n_valid < 0) {
        pswv_overlay_free(&o);
        goto out;
    }
    if (!v->stopped && (size_t)n_valid == n_ok && n_ok < n_eff) {
        pswv_blk *k = &w[n_ok];
        uint64_t h = v->chain.have ? v->chain.parent.height + 1 + n_ok : n_ok;
        if (!k->b) {
            set_verdict(v, h, -1, -1, "block_parse", NULL, "block does not parse: %s",
                        k->parse_why);
        } else if (k->r.rule == SLUICE_RULE_OK) {
            set_verdict(v, k->b->header.height, -1, -1, "genesis_mismatch", NULL,
                        "height-0 block is not the %s genesis", v->network);
        } else {
            int tx = k->r.rule == SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID;
            char d[200];
            const char *rs = sluice_bytom_rule_str(k->r.rule);
            if (strncmp(k->r.detail, rs, strlen(rs)) == 0) /* the detail already names it */
                snprintf(d, sizeof d, "%s", k->r.detail);
            else
                snprintf(d, sizeof d, "%s%s%s", rs, k->r.detail[0] ? ": " : "", k->r.detail);
            set_verdict(v, k->b->header.height, k->r.tx_index,
                        tx && k->r.tx_index >= 0 ? k->tx[k->r.tx_index].input : -1,
                        sluice_bytom_rule_name(k->r.rule),
                        tx ? sluice_bytom_rule_name(k->r.tx_rule) : NULL, "%s", d);
        }
    }
    if (n_valid > 0) err = commit(v, w, (size_t)n_valid, &o, why, why_cap);
    pswv_overlay_free(&o);
    t = pswv_now();
    v->st.stage_s[SLUICE_PSWV_STAGE_COMMIT] += t - t0;
    v->st.windows++;
    if (v->chain.have) {
        uint8_t next[32];
        sluice_bytom_next_seed(v->chain.parent.height, v->chain.parent_hash,
                               v->chain.parent_seed, next);
        caches_trim(v, next);
    }
out:
    blk_free(w, n);
    for (size_t i = 0; i < n; i++) free(v->raw[i]);
    v->n_buf = 0;
    return err;
}
