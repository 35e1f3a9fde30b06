/* The chain generator (tools/sluice/chain_build_gen.h): generated chains are
 * reproducible, every block passes sluice_bytom_validate_block with full
 * context (parent, 11 timestamps, retarget start, seed: PoW checked) and an
 * independent in-memory UTXO replay (state/utxo_view.go rules: the output
 * exists, is unspent, a coinbase output is 100 blocks deep; status_fail
 * transactions apply only their BTM parts); each fault makes the expected
 * rule fail at its height. */
#include <stdlib.h>
#include <string.h>

#include "chain_build_gen.h"
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
#ifdef CG_TEST_SANITIZED
#define TXS_MAINNET 10
#define TXS_NATIONAL 4
#define POW_FROM 99   /* PoW checked on the blocks with transactions and the faults */
#else
#define TXS_MAINNET 30
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

/* Generates the next block and checks it is valid; appends its bytes to *all. */
static int next_valid(cg_gen *g, chain_ctx *c, uint8_t **all, size_t *all_len) {
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
    cg_params p = {10, 5, SLUICE_BYTOM_PROFILE_MAINNET, 1, CG_FAULT_DOUBLE_SPEND, 5};
    cg_gen *g = NULL;
    CHECK(cg_gen_new(&p, &g, why, sizeof why) == -1 && g == NULL);   /* below height 100 */
    p.fault = CG_FAULT_BAD_POW;
    p.fault_height = 11;
    CHECK(cg_gen_new(&p, &g, why, sizeof why) == -1);                /* beyond the chain */
    p.fault = CG_FAULT_NONE;
    p.txs_per_block = CG_MAX_TXS_PER_BLOCK + 1;
    CHECK(cg_gen_new(&p, &g, why, sizeof why) == -1);
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

/* Blocks 0..p->blocks, every one validated and replayed (validate != 0); the
 * faults are tried on clones before block fault_at (0: none). Returns the
 * chain's bytes. */
static uint8_t *make_chain(const cg_params *p, size_t *len, int validate, uint64_t fault_at) {
    cg_gen *g = NULL;
    char why[200];
    chain_ctx c;
    ctx_init(&c, p->profile);
    *len = 0;
    CHECK(cg_gen_new(p, &g, why, sizeof why) == 0);
    if (!g) return NULL;
    uint8_t *all = NULL;
    for (uint64_t i = 0; i <= p->blocks; i++) {
        if (fault_at && i == fault_at) run_faults(g, &c, i);
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
        } else if (next_valid(g, &c, &all, len) != 1) {
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

static void test_chain(sluice_bytom_profile prof, uint64_t blocks, uint32_t txs, int twice) {
    cg_params p = {blocks, txs, prof, 42, CG_FAULT_NONE, 0};
    size_t l1 = 0, l2 = 0;
    uint8_t *a = make_chain(&p, &l1, 1, CG_COINBASE_MATURITY + 2);
    CHECK(a != NULL && l1 > 1000);
    if (twice) {   /* reproducible from scratch */
        uint8_t *b = make_chain(&p, &l2, 0, 0);
        CHECK(a && b && l1 == l2 && memcmp(a, b, l1) == 0);
        free(b);
    }
    /* short chains: equal seeds, equal bytes; another seed, other bytes */
    cg_params q = p;
    q.blocks = 2;
    uint8_t *c = make_chain(&q, &l1, 1, 0);
    uint8_t *d = make_chain(&q, &l2, 0, 0);
    CHECK(c && d && l1 == l2 && memcmp(c, d, l1) == 0);
    free(d);
    q.seed = 43;
    d = make_chain(&q, &l2, 0, 0);
    CHECK(c && d && (l1 != l2 || memcmp(c, d, l1) != 0));
    free(a);
    free(c);
    free(d);
}

int main(void) {
    test_params();
    test_chain(SLUICE_BYTOM_PROFILE_MAINNET, 103, TXS_MAINNET, 0);
    test_chain(SLUICE_BYTOM_PROFILE_NATIONAL, 102, TXS_NATIONAL, 0);
    return tu_finish("test_chaingen");
}
