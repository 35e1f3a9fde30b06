/* The chain generator (tools/sluice/chain_build_gen.h): generated chains are
 * reproducible, every block passes sluice_bytom_validate_block with full
 * context (parent, 11 timestamps, retarget start, seed: PoW checked) and an
 * independent in-memory UTXO replay (state/utxo_view.go rules: the output
 * exists, is unspent, a coinbase output is 100 blocks deep; status_fail
 * transactions apply only their BTM parts); each fault makes the expected
 * rule fail at its height. Block shapes: blocks 1..99 hold only their
 * coinbase, every later block exactly M transactions + the coinbase, no BTM
 * output is below its transaction's fee, and the p2wpkh mix (a branch of the
 * same chain from height 100 on) holds only one-input P2WPKH BTM spends
 * (control programs 0x00 0x14 + 20-byte hash) with fan-outs and spends of
 * outputs made earlier in the same block among them. */
#include <stdlib.h>
#include <string.h>

#include "chain_build_gen.h"
#include "chain_build_gen_internal.h"   /* cg_mix */
#include "sluice/bytom_genesis.h"
#include "sluice/bytom_tx.h"
#include "sluice/bytom_validate.h"
#include "testutil.h"

/* Sanitizer builds run Tensority about four times slower: there, smaller
 * blocks and PoW checked only from height 99 on (the generator still mines
 * every block). */
#if defined(__SANITIZE_ADDRESS__)
#define CG_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CG_TEST_SANITIZED 1
#endif
#endif
#define TXS_MAINNET 40
#ifdef CG_TEST_SANITIZED
#define TXS_NATIONAL 4
#define POW_FROM 99   /* PoW checked on the blocks with transactions and the faults */
#else
#define TXS_NATIONAL 12
#define POW_FROM 0
#endif


/* ---- UTXO replay: open addressing over output IDs ------------------------------- */
typedef struct {
    uint8_t id[32];
    uint64_t height;
    uint8_t used, coinbase, spent;
} rp_entry;

typedef struct {
    rp_entry *t;
    size_t cap, n;
} rp_set;

enum { RP_OK = 0, RP_NOT_FOUND, RP_SPENT, RP_IMMATURE };
static const char *const rp_names[] = {"ok", "not found", "spent", "immature"};

static rp_entry *rp_find(rp_set *s, const uint8_t id[32], int insert) {
    if (insert && (s->n + 1) * 2 > s->cap) {
        rp_set bigger = {calloc(s->cap ? s->cap * 2 : 1024, sizeof(rp_entry)),
                         s->cap ? s->cap * 2 : 1024, 0};
        if (!bigger.t) return NULL;
        for (size_t i = 0; i < s->cap; i++)
            if (s->t[i].used) *rp_find(&bigger, s->t[i].id, 1) = s->t[i];
        free(s->t);
        *s = bigger;
    }
    if (!s->cap) return NULL;
    uint64_t h;
    memcpy(&h, id, 8);
    for (size_t i = (size_t)h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        rp_entry *e = &s->t[i];
        if (!e->used) {
            if (!insert) return NULL;
            memset(e, 0, sizeof *e);
            e->used = 1;
            memcpy(e->id, id, 32);
            s->n++;
            return e;
        }
        if (memcmp(e->id, id, 32) == 0) return e;
    }
}

static int is_btm(const uint8_t a[32]) { return memcmp(a, SLUICE_BYTOM_BTM_ASSET, 32) == 0; }

/* Applies block b (statuses from the validator) in order; returns RP_*. */
static int rp_apply(rp_set *s, const sluice_bytom_block *b, const sluice_bytom_tx_result *res) {
    uint64_t H = b->header.height;
    for (uint32_t i = 0; i < b->n_txs; i++) {
        const sluice_bytom_tx *tx = &b->txs[i];
        int fail = res ? res[i].status_fail : 0;
        for (uint32_t k = 0; k < tx->n_inputs; k++) {
            const sluice_bytom_input *in = &tx->inputs[k];
            if (in->type != SLUICE_BYTOM_INPUT_SPEND) continue;
            if (fail && !is_btm(in->asset_id)) continue;
            rp_entry *e = rp_find(s, in->spent_output_id, 0);
            if (!e) return RP_NOT_FOUND;
            if (e->spent) return RP_SPENT;
            if (e->coinbase && e->height + 100 > H) return RP_IMMATURE;
            e->spent = 1;
        }
        for (uint32_t k = 0; k < tx->n_outputs; k++) {
            const sluice_bytom_output *o = &tx->outputs[k];
            if (o->is_retirement || (fail && !is_btm(o->asset_id))) continue;
            rp_entry *e = rp_find(s, o->id, 1);
            if (!e) return RP_NOT_FOUND;
            e->coinbase = i == 0;
            e->height = H;
        }
    }
    return RP_OK;
}

/* ---- chain context for validation -------------------------------------------------- */
typedef struct {
    sluice_bytom_profile profile;
    sluice_bytom_header parent;
    uint8_t parent_hash[32], parent_seed[32];
    uint64_t ts[11];          /* newest first */
    size_t n_ts;
    sluice_bytom_header retarget[8];
    size_t n_retarget;
    sluice_tensority_cache *cache;
    rp_set utxo;
    uint64_t n_blocks, n_txs, n_fail;
    uint64_t pow_from;        /* PoW checked from this height on (sanitizer builds: 99) */
} chain_ctx;

typedef struct {
    sluice_bytom_rule rule, tx_rule;
    int replay;
    int pow_checked;
} verdict;

/* Validates and applies one raw block; advances the context only when valid. */
static verdict check_block(chain_ctx *c, const uint8_t *raw, size_t len) {
    verdict v = {SLUICE_RULE_COUNT, SLUICE_RULE_OK, RP_OK, 0};
    sluice_bytom_block *b = NULL;
    char why[160];
    sluice_err pe = sluice_bytom_block_parse(raw, len, &b, why, sizeof why);
    if (pe != SLUICE_OK) fprintf(stderr, "  block parse: %s\n", why);
    CHECK(pe == SLUICE_OK);
    if (!b) return v;
    CHECK(b->canonical == 1);
    uint8_t seed[32] = {0};
    sluice_bytom_block_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    if (b->header.height > 0) {
        ctx.parent = &c->parent;
        ctx.parent_hash = c->parent_hash;
        ctx.prev_timestamps = c->ts;
        ctx.n_prev_timestamps = c->n_ts;
        if (c->parent.height % 2016 == 0 && c->parent.height > 0)
            ctx.retarget_start = &c->retarget[c->parent.height / 2016 - 1];
        sluice_bytom_next_seed(c->parent.height, c->parent_hash, c->parent_seed, seed);
        if (!c->cache || memcmp(sluice_tensority_cache_seed(c->cache), seed, 32) != 0) {
            sluice_tensority_cache_free(c->cache);
            c->cache = NULL;
            CHECK(sluice_tensority_cache_new(&c->cache, seed, 0) == SLUICE_OK);
        }
        ctx.seed_cache = c->cache;
        ctx.skip_pow = b->header.height < c->pow_from;
        ctx.now = CG_GENESIS_TIMESTAMP + 1000000000ULL;
    }
    sluice_bytom_validate_opts o = {c->profile, 1, 1};
    sluice_bytom_tx_result *res =
        (sluice_bytom_tx_result *)calloc(b->n_txs ? b->n_txs : 1, sizeof *res);
    sluice_bytom_block_result r;
    CHECK(sluice_bytom_validate_block(b, b->header.height ? &ctx : NULL, &o, res, &r) ==
          SLUICE_OK);
    v.rule = r.rule;
    v.tx_rule = r.tx_rule;
    v.pow_checked = r.pow_checked;
    if (b->header.height > 0)
        CHECK(r.not_checked == (ctx.skip_pow ? 1ULL << SLUICE_RULE_BLOCK_POW : 0));
    if (r.rule != SLUICE_RULE_OK) {
        fprintf(stderr, "  height %llu: %s tx %d %s: %s\n", (unsigned long long)b->header.height,
                sluice_bytom_rule_name(r.rule), r.tx_index, sluice_bytom_rule_name(r.tx_rule),
                r.detail);
    } else {
        v.replay = rp_apply(&c->utxo, b, res);
        if (v.replay != RP_OK)
            fprintf(stderr, "  height %llu: replay: %s\n", (unsigned long long)b->header.height,
                    rp_names[v.replay]);
    }
    if (r.rule == SLUICE_RULE_OK && v.replay == RP_OK) {
        c->parent = b->header;
        memcpy(c->parent_hash, b->hash, 32);
        memcpy(c->parent_seed, seed, 32);
        memmove(c->ts + 1, c->ts, 10 * sizeof c->ts[0]);
        c->ts[0] = b->header.timestamp;
        if (c->n_ts < 11) c->n_ts++;
        if (b->header.height % 2016 == 0 && c->n_retarget < 8)
            c->retarget[c->n_retarget++] = b->header;
        c->n_blocks++;
        c->n_txs += b->n_txs;
        c->n_fail += r.n_status_fail;
    }
    free(res);
    sluice_bytom_block_free(b);
    return v;
}

static void ctx_init(chain_ctx *c, sluice_bytom_profile p) {
    memset(c, 0, sizeof *c);
    c->profile = p;
    c->pow_from = POW_FROM;
}

static void ctx_free(chain_ctx *c) {
    sluice_tensority_cache_free(c->cache);
    free(c->utxo.t);
}


/* ---- block shapes ------------------------------------------------------------------- */
typedef struct {
    uint32_t m;                 /* transactions per block asked for */
    int p2wpkh;                 /* the p2wpkh mix: only one-input P2WPKH BTM spends */
    uint64_t blocks;            /* blocks checked */
    uint64_t fanouts;           /* p2wpkh: transactions with more than 2 outputs */
    uint64_t same_block;        /* inputs spending an output of an earlier tx of the block */
} shape;

static int p2wpkh_prog(const sluice_bytes *b) {
    return b->len == 22 && b->p[0] == 0x00 && b->p[1] == 0x14;
}

/* Checks the transaction count and, per transaction, the fee against every
 * BTM output and (p2wpkh) the inputs and outputs. */
static void check_shape(shape *s, const uint8_t *raw, size_t len) {
    sluice_bytom_block *b = NULL;
    CHECK(sluice_bytom_block_parse(raw, len, &b, NULL, 0) == SLUICE_OK);
    if (!b) return;
    uint64_t H = b->header.height;
    uint32_t want = H < CG_COINBASE_MATURITY ? 1 : 1 + s->m;
    if (b->n_txs != want)
        fprintf(stderr, "  height %llu: %u txs, want %u\n", (unsigned long long)H, b->n_txs, want);
    CHECK(b->n_txs == want);
    s->blocks++;
    uint8_t (*made)[32] = (uint8_t(*)[32])malloc((size_t)b->n_txs * TB_MAX_OUT * 32 + 32);
    size_t n_made = 0;
    CHECK(made != NULL);
    for (uint32_t i = 1; made && i < b->n_txs; i++) {
        const sluice_bytom_tx *tx = &b->txs[i];
        uint64_t in = 0, out = 0;
        int bad = 0;
        for (uint32_t k = 0; k < tx->n_inputs; k++) {
            const sluice_bytom_input *x = &tx->inputs[k];
            if (x->type == SLUICE_BYTOM_INPUT_SPEND) {
                for (size_t j = 0; j < n_made; j++)
                    if (memcmp(made[j], x->spent_output_id, 32) == 0) s->same_block++;
            }
            if (is_btm(x->asset_id)) in += x->amount;
            if (s->p2wpkh && (x->type != SLUICE_BYTOM_INPUT_SPEND || !is_btm(x->asset_id) ||
                              !p2wpkh_prog(&x->control_program)))
                bad = 1;
        }
        for (uint32_t k = 0; k < tx->n_outputs; k++) {
            const sluice_bytom_output *o = &tx->outputs[k];
            if (is_btm(o->asset_id)) out += o->amount;
            if (s->p2wpkh && (o->is_retirement || !is_btm(o->asset_id) ||
                              !p2wpkh_prog(&o->control_program)))
                bad = 1;
            if (n_made < (size_t)b->n_txs * TB_MAX_OUT) memcpy(made[n_made++], o->id, 32);
        }
        CHECK(in > out);
        for (uint32_t k = 0; k < tx->n_outputs; k++) {
            const sluice_bytom_output *o = &tx->outputs[k];
            if (is_btm(o->asset_id) && !o->is_retirement) CHECK(o->amount >= in - out);
        }
        if (s->p2wpkh) {
            CHECK(tx->n_inputs == 1 && tx->n_outputs >= 1 && tx->n_outputs <= TB_MAX_OUT);
            if (tx->n_outputs > 2) s->fanouts++;
        }
        if (bad) fprintf(stderr, "  height %llu tx %u: not a P2WPKH BTM spend\n",
                         (unsigned long long)H, i);
        CHECK(!bad);
    }
    free(made);
    sluice_bytom_block_free(b);
}

/* Generates the next block and checks it is valid (and its shape when sh);
 * appends its bytes to *all. */
static int next_valid(cg_gen *g, chain_ctx *c, uint8_t **all, size_t *all_len, shape *sh) {
    uint8_t *raw = NULL;
    size_t len = 0;
    uint64_t h = 0;
    char why[200] = "";
    int rc = cg_gen_block(g, &raw, &len, &h, why, sizeof why);
    if (rc < 0) fprintf(stderr, "cg_gen_block: %s\n", why);
    CHECK(rc >= 0);
    if (rc <= 0) return rc;
    verdict v = check_block(c, raw, len);
    CHECK(v.rule == SLUICE_RULE_OK && v.replay == RP_OK);
    if (h >= c->pow_from && h > 0) CHECK(v.pow_checked == 1);
    if (sh) check_shape(sh, raw, len);
    if (all) {
        uint8_t *p = (uint8_t *)realloc(*all, *all_len + len);
        CHECK(p != NULL);
        if (p) {
            memcpy(p + *all_len, raw, len);
            *all = p;
            *all_len += len;
        }
    }
    free(raw);
    return 1;
}

/* ---- tests ---------------------------------------------------------------------------- */
static void test_params(void) {
    cg_fault_kind k;
    uint64_t h;
    char why[200];
    CHECK(cg_fault_parse("double-spend@120", &k, &h, why, sizeof why) == 0);
    CHECK(k == CG_FAULT_DOUBLE_SPEND && h == 120);
    CHECK(cg_fault_parse("bad-pow@1", &k, &h, why, sizeof why) == 0);
    CHECK(k == CG_FAULT_BAD_POW && h == 1);
    CHECK(cg_fault_parse("bad-pow@0", &k, &h, why, sizeof why) == -1);
    CHECK(cg_fault_parse("bad-pow", &k, &h, why, sizeof why) == -1);
    CHECK(cg_fault_parse("bad-pow@", &k, &h, why, sizeof why) == -1);
    CHECK(cg_fault_parse("bad-pow@12x", &k, &h, why, sizeof why) == -1);
    CHECK(cg_fault_parse("bad-pow@-3", &k, &h, why, sizeof why) == -1);
    CHECK(cg_fault_parse("nope@3", &k, &h, why, sizeof why) == -1);
    CHECK(cg_fault_parse("@3", &k, &h, why, sizeof why) == -1);
    for (int i = 1; i < CG_FAULT_COUNT; i++) {
        char s[64];
        snprintf(s, sizeof s, "%s@77", cg_fault_name((cg_fault_kind)i));
        CHECK(cg_fault_parse(s, &k, &h, why, sizeof why) == 0 && (int)k == i && h == 77);
    }
    /* the easy bits are a fixed point of the retarget at exact 150 s spacing
     * (difficulty.go BigToCompact of the same target), and a faster chain
     * would make them harder */
    sluice_bytom_header start, parent;
    memset(&start, 0, sizeof start);
    start.bits = CG_EASY_BITS;
    start.timestamp = CG_GENESIS_TIMESTAMP;
    parent = start;
    parent.height = 2016;
    parent.timestamp = CG_GENESIS_TIMESTAMP + 2016ULL * CG_BLOCK_SPACING;
    CHECK(sluice_bytom_next_bits(&parent, &start) == CG_EASY_BITS);
    parent.timestamp -= 2016;
    CHECK(sluice_bytom_next_bits(&parent, &start) < CG_EASY_BITS);
    cg_params p = {10, 5, SLUICE_BYTOM_PROFILE_MAINNET, 1, CG_FAULT_DOUBLE_SPEND, 5, 0};
    cg_gen *g = NULL;
    CHECK(cg_gen_new(&p, &g, why, sizeof why) == -1 && g == NULL);   /* below height 100 */
    p.fault = CG_FAULT_BAD_POW;
    p.fault_height = 11;
    CHECK(cg_gen_new(&p, &g, why, sizeof why) == -1);                /* beyond the chain */
    p.fault = CG_FAULT_NONE;
    p.txs_per_block = CG_MAX_TXS_PER_BLOCK + 1;
    CHECK(cg_gen_new(&p, &g, why, sizeof why) == -1);
}

static void test_mix_names(void) {
    cg_mix m = CG_MIX_COUNT;
    CHECK(cg_mix_parse("default", &m) == 0 && m == CG_MIX_DEFAULT);
    CHECK(cg_mix_parse("p2wpkh", &m) == 0 && m == CG_MIX_P2WPKH);
    CHECK(cg_mix_parse("P2WPKH", &m) == -1 && cg_mix_parse("", &m) == -1);
    CHECK(cg_mix_parse("p2wpkh ", &m) == -1 && m == CG_MIX_P2WPKH);
    CHECK(strcmp(cg_mix_name(CG_MIX_DEFAULT), "default") == 0);
    CHECK(strcmp(cg_mix_name(CG_MIX_P2WPKH), "p2wpkh") == 0);
}

/* Every fault on a clone of g, at the height g makes next (context c). Also
 * checks that two plain clones make the same next block. */
static void run_faults(const cg_gen *g, const chain_ctx *c, uint64_t height) {
    char why[200];
    uint8_t *r1 = NULL, *r2 = NULL;
    size_t l1 = 0, l2 = 0;
    uint64_t h1 = 0, h2 = 0;
    cg_gen *a = cg_gen_clone(g), *b = cg_gen_clone(g);
    CHECK(a && b);
    if (a && b) {
        CHECK(cg_gen_block(a, &r1, &l1, &h1, why, sizeof why) == 1);
        CHECK(cg_gen_block(b, &r2, &l2, &h2, why, sizeof why) == 1);
        CHECK(h1 == height && h2 == height && l1 == l2 && r1 && r2 && memcmp(r1, r2, l1) == 0);
    }
    free(r1);
    free(r2);
    cg_gen_free(a);
    cg_gen_free(b);
    for (int k = 1; k < CG_FAULT_COUNT; k++) {
        cg_gen *f = cg_gen_clone(g);
        CHECK(f != NULL);
        if (!f) continue;
        cg_gen_set_fault(f, (cg_fault_kind)k, height);
        chain_ctx cc = *c;   /* the replay set and cache are not shared: */
        cc.cache = NULL;
        cc.utxo.t = (rp_entry *)malloc(c->utxo.cap * sizeof(rp_entry));
        CHECK(cc.utxo.t != NULL);
        if (cc.utxo.t) memcpy(cc.utxo.t, c->utxo.t, c->utxo.cap * sizeof(rp_entry));
        uint8_t *raw = NULL;
        size_t len = 0;
        uint64_t h = 0;
        int rc = cg_gen_block(f, &raw, &len, &h, why, sizeof why);
        if (rc != 1) fprintf(stderr, "fault %s: %s\n", cg_fault_name((cg_fault_kind)k), why);
        CHECK(rc == 1 && h == height);
        if (rc == 1 && cc.utxo.t) {
            fprintf(stderr, "fault %s@%llu:\n", cg_fault_name((cg_fault_kind)k),
                    (unsigned long long)h);
            verdict v = check_block(&cc, raw, len);
            sluice_bytom_rule want_tx;
            sluice_bytom_rule want = cg_fault_block_rule((cg_fault_kind)k, &want_tx);
            CHECK(v.rule == want);
            if (want == SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID) CHECK(v.tx_rule == want_tx);
            int want_rp = RP_OK;
            if (k == CG_FAULT_DOUBLE_SPEND) want_rp = RP_SPENT;
            if (k == CG_FAULT_SPEND_LATER || k == CG_FAULT_SPEND_UNKNOWN) want_rp = RP_NOT_FOUND;
            if (k == CG_FAULT_IMMATURE_COINBASE) want_rp = RP_IMMATURE;
            CHECK(v.replay == want_rp);
            if (v.rule != want || v.replay != want_rp)
                fprintf(stderr, "  fault %s: got %s / %s\n", cg_fault_name((cg_fault_kind)k),
                        sluice_bytom_rule_name(v.rule), rp_names[v.replay]);
            free(raw);
            /* the chain ends with the faulty block */
            raw = NULL;
            CHECK(cg_gen_block(f, &raw, &len, &h, why, sizeof why) == 0 && raw == NULL);
        }
        sluice_tensority_cache_free(cc.cache);
        free(cc.utxo.t);
        cg_gen_free(f);
    }
}

/* The p2wpkh mix on a clone of g from its next block to the chain's end (the
 * faults tried on another clone before the last block); a second clone makes
 * the same bytes. */
static void run_p2wpkh(const cg_gen *g, const chain_ctx *c, uint64_t last, uint32_t m) {
    char why[200];
    cg_gen *a = cg_gen_clone(g), *b = cg_gen_clone(g);
    CHECK(a && b);
    if (!a || !b) {
        cg_gen_free(a);
        cg_gen_free(b);
        return;
    }
    CHECK(cg_gen_set_mix(a, CG_MIX_P2WPKH) == 0 && cg_gen_set_mix(b, CG_MIX_P2WPKH) == 0);
    CHECK(cg_gen_set_mix(a, CG_MIX_COUNT) == -1);
    uint64_t first = c->parent.height + 1;
    chain_ctx cc = *c;   /* the replay set and cache are not shared */
    cc.cache = NULL;
    cc.utxo.t = (rp_entry *)malloc(c->utxo.cap * sizeof(rp_entry));
    CHECK(cc.utxo.t != NULL);
    if (cc.utxo.t) memcpy(cc.utxo.t, c->utxo.t, c->utxo.cap * sizeof(rp_entry));
    shape sh = {m, 1, 0, 0, 0};
    uint8_t *all = NULL, *other = NULL;
    size_t all_len = 0, other_len = 0;
    for (uint64_t h = first; cc.utxo.t && h <= last; h++) {
        if (h == last) run_faults(a, &cc, h);
        if (next_valid(a, &cc, &all, &all_len, &sh) != 1) break;
    }
    CHECK(sh.blocks == last - first + 1);
    /* fan-outs fill the first block; later spends use outputs of the same block */
    CHECK(sh.fanouts > 0 && sh.same_block > 0);
    CHECK(cg_gen_fanouts(a) == sh.fanouts);
    const cg_stats *st = cg_gen_stats(a);
    CHECK(st->multisig_spends == 0 && st->issuances == 0 && st->retirements == 0 &&
          st->status_fail == 0);
    CHECK(st->txs == last + 1 + (last - CG_COINBASE_MATURITY + 1) * m);
    fprintf(stderr, "  p2wpkh mix: heights %llu..%llu, %llu fan-outs, %llu same-block spends\n",
            (unsigned long long)first, (unsigned long long)last, (unsigned long long)sh.fanouts,
            (unsigned long long)sh.same_block);
    for (uint64_t h = first; h <= last; h++) {
        uint8_t *raw = NULL;
        size_t l = 0;
        uint64_t hh = 0;
        CHECK(cg_gen_block(b, &raw, &l, &hh, why, sizeof why) == 1 && hh == h);
        uint8_t *q = (uint8_t *)realloc(other, other_len + l);
        CHECK(q != NULL);
        if (q && raw) {
            memcpy(q + other_len, raw, l);
            other = q;
            other_len += l;
        }
        free(raw);
    }
    CHECK(all && other && all_len == other_len && memcmp(all, other, all_len) == 0);
    free(all);
    free(other);
    sluice_tensority_cache_free(cc.cache);
    free(cc.utxo.t);
    cg_gen_free(a);
    cg_gen_free(b);
}

/* Blocks 0..p->blocks, every one validated, replayed and its shape checked
 * (validate != 0); the faults are tried on clones before block fault_at (0:
 * none), the p2wpkh mix on a clone from block 100 on (p2wpkh_branch). Returns
 * the chain's bytes. */
static uint8_t *make_chain(const cg_params *p, size_t *len, int validate, uint64_t fault_at,
                           int p2wpkh_branch) {
    cg_gen *g = NULL;
    char why[200];
    chain_ctx c;
    ctx_init(&c, p->profile);
    *len = 0;
    CHECK(cg_gen_new(p, &g, why, sizeof why) == 0);
    if (!g) return NULL;
    uint8_t *all = NULL;
    shape sh = {p->txs_per_block, 0, 0, 0, 0};
    for (uint64_t i = 0; i <= p->blocks; i++) {
        if (fault_at && i == fault_at) run_faults(g, &c, i);
        if (p2wpkh_branch && i == CG_COINBASE_MATURITY && i <= p->blocks)
            run_p2wpkh(g, &c, p->blocks, p->txs_per_block);
        if (!validate) {
            uint8_t *raw = NULL;
            size_t l = 0;
            uint64_t h = 0;
            CHECK(cg_gen_block(g, &raw, &l, &h, why, sizeof why) == 1 && h == i);
            uint8_t *q = (uint8_t *)realloc(all, *len + l);
            CHECK(q != NULL);
            if (q && raw) {
                memcpy(q + *len, raw, l);
                all = q;
                *len += l;
            }
            free(raw);
        } else if (next_valid(g, &c, &all, len, &sh) != 1) {
            break;
        }
    }
    uint8_t *raw = NULL;
    size_t l = 0;
    uint64_t h;
    CHECK(cg_gen_block(g, &raw, &l, &h, why, sizeof why) == 0);   /* complete */
    const cg_stats *st = cg_gen_stats(g);
    CHECK(st->blocks == p->blocks + 1);
    fprintf(stderr, "  %s: %llu blocks, %llu txs (%llu spends, %llu multisig, %llu issuances, "
                    "%llu retirements, %llu status_fail), %llu PoW hashes, %llu utxos\n",
            sluice_bytom_profile_name(p->profile), (unsigned long long)st->blocks,
            (unsigned long long)st->txs, (unsigned long long)st->spends,
            (unsigned long long)st->multisig_spends, (unsigned long long)st->issuances,
            (unsigned long long)st->retirements, (unsigned long long)st->status_fail,
            (unsigned long long)st->pow_hashes, (unsigned long long)st->utxos);
    if (validate) {
        CHECK(c.n_blocks == p->blocks + 1);
        CHECK(c.n_txs == st->txs);
        CHECK(c.n_fail == st->status_fail);
        CHECK(sh.blocks == p->blocks + 1);
    }
    if (p->blocks >= CG_COINBASE_MATURITY) {
        /* every block from height 100 on is full */
        CHECK(st->txs == p->blocks + 1 + (p->blocks - 99) * p->txs_per_block);
        if (p->txs_per_block * (p->blocks - 99) >= 100)
            CHECK(st->multisig_spends > 0 && st->issuances > 0 && st->retirements > 0 &&
                  st->status_fail > 0);
    }
    cg_gen_free(g);
    ctx_free(&c);
    return all;
}

static void test_chain(sluice_bytom_profile prof, uint64_t blocks, uint32_t txs, int twice,
                       int p2wpkh) {
    cg_params p = {blocks, txs, prof, 42, CG_FAULT_NONE, 0, 0};
    size_t l1 = 0, l2 = 0;
    uint8_t *a = make_chain(&p, &l1, 1, CG_COINBASE_MATURITY + 2, p2wpkh);
    CHECK(a != NULL && l1 > 1000);
    if (twice) {   /* reproducible from scratch */
        uint8_t *b = make_chain(&p, &l2, 0, 0, 0);
        CHECK(a && b && l1 == l2 && memcmp(a, b, l1) == 0);
        free(b);
    }
    /* short chains: equal seeds, equal bytes; another seed, other bytes */
    cg_params q = p;
    q.blocks = 2;
    uint8_t *c = make_chain(&q, &l1, 1, 0, 0);
    uint8_t *d = make_chain(&q, &l2, 0, 0, 0);
    CHECK(c && d && l1 == l2 && memcmp(c, d, l1) == 0);
    free(d);
    q.seed = 43;
    d = make_chain(&q, &l2, 0, 0, 0);
    CHECK(c && d && (l1 != l2 || memcmp(c, d, l1) != 0));
    free(a);
    free(c);
    free(d);
}

int main(void) {
    test_params();
    test_mix_names();
    test_chain(SLUICE_BYTOM_PROFILE_MAINNET, 103, TXS_MAINNET, 0, 1);
    test_chain(SLUICE_BYTOM_PROFILE_NATIONAL, 102, TXS_NATIONAL, 0, 0);
    return tu_finish("test_chaingen");
}
