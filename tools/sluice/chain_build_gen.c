/* Chain generator (chain_build_gen.h): state, genesis, block assembly and
 * mining. Header rules: ../specs/bytom-chain.md section 6 (BytomDAO/bytom
 * v1.1.1 validation/block.go), seeds and PoW: tensority.md section 5. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain_build_gen_internal.h"
#include "sluice/bytom_genesis.h"
#include "sluice/bytom_target.h"
#include "sluice/bytom_tx.h"

/* ---- faults ------------------------------------------------------------------ */
static const char *const fault_names[CG_FAULT_COUNT] = {
    "none",       "double-spend", "spend-later", "spend-unknown", "immature-coinbase",
    "bad-signature", "bad-merkle", "imbalance",   "gas-limit",     "bad-pow"};

const char *cg_fault_name(cg_fault_kind k) {
    return (unsigned)k < CG_FAULT_COUNT ? fault_names[k] : "unknown";
}

uint64_t cg_fault_min_height(cg_fault_kind k) {
    switch (k) {
    case CG_FAULT_SPEND_UNKNOWN:
    case CG_FAULT_IMMATURE_COINBASE:
    case CG_FAULT_BAD_MERKLE:
    case CG_FAULT_BAD_POW:
        return 1;
    default:
        return CG_COINBASE_MATURITY;   /* needs mature BTM */
    }
}

int cg_fault_parse(const char *s, cg_fault_kind *kind, uint64_t *height, char *why,
                   size_t why_cap) {
    const char *at = strchr(s, '@');
    if (!at || at == s || !at[1]) {
        snprintf(why, why_cap, "--fault wants KIND@HEIGHT, got '%s'", s);
        return -1;
    }
    size_t n = (size_t)(at - s);
    for (int k = 1; k < CG_FAULT_COUNT; k++) {
        if (strlen(fault_names[k]) == n && memcmp(fault_names[k], s, n) == 0) {
            char *end = NULL;
            if (at[1] < '0' || at[1] > '9') break;
            unsigned long long h = strtoull(at + 1, &end, 10);
            if (*end || h == 0 || h > CG_MAX_BLOCKS) {
                snprintf(why, why_cap, "--fault height '%s' is not a number in 1..%llu", at + 1,
                         (unsigned long long)CG_MAX_BLOCKS);
                return -1;
            }
            *kind = (cg_fault_kind)k;
            *height = h;
            return 0;
        }
    }
    snprintf(why, why_cap,
             "unknown fault in '%s' (double-spend, spend-later, spend-unknown, "
             "immature-coinbase, bad-signature, bad-merkle, imbalance, gas-limit, bad-pow)",
             s);
    return -1;
}

sluice_bytom_rule cg_fault_block_rule(cg_fault_kind k, sluice_bytom_rule *tx_rule) {
    sluice_bytom_rule tr = SLUICE_RULE_OK, r = SLUICE_RULE_OK;
    switch (k) {
    case CG_FAULT_BAD_SIGNATURE:
        r = SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID;
        tr = SLUICE_RULE_TX_VM;
        break;
    case CG_FAULT_IMBALANCE:
        r = SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID;
        tr = SLUICE_RULE_TX_UNBALANCED;
        break;
    case CG_FAULT_BAD_MERKLE: r = SLUICE_RULE_BLOCK_TX_ROOT; break;
    case CG_FAULT_GAS_LIMIT: r = SLUICE_RULE_BLOCK_GAS_LIMIT; break;
    case CG_FAULT_BAD_POW: r = SLUICE_RULE_BLOCK_POW; break;
    default: break;
    }
    if (tx_rule) *tx_rule = tr;
    return r;
}

/* ---- small helpers ------------------------------------------------------------- */
/* xoshiro256** (Blackman and Vigna), seeded by splitmix64 */
static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t cg_rand(cg_gen *g) {
    uint64_t *s = g->rng;
    uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

uint64_t cg_below(cg_gen *g, uint64_t n) { return n ? cg_rand(g) % n : 0; }

int cg_uvec_push(cg_uvec *v, const cg_utxo *u) {
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        cg_utxo *p = (cg_utxo *)realloc(v->v, cap * sizeof *p);
        if (!p) return -1;
        v->v = p;
        v->cap = cap;
    }
    v->v[v->n++] = *u;
    return 0;
}

void cg_uvec_take(cg_uvec *v, size_t i, cg_utxo *out) {
    *out = v->v[i];
    v->v[i] = v->v[--v->n];
}

static int uvec_copy(cg_uvec *dst, const cg_uvec *src) {
    dst->n = dst->cap = 0;
    dst->v = NULL;
    if (!src->n) return 0;
    dst->v = (cg_utxo *)malloc(src->n * sizeof *dst->v);
    if (!dst->v) return -1;
    memcpy(dst->v, src->v, src->n * sizeof *dst->v);
    dst->n = dst->cap = src->n;
    return 0;
}

int cg_txs_push(cg_block_txs *b, uint8_t *raw, size_t len, int fail) {
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        uint8_t **r = (uint8_t **)realloc(b->raw, cap * sizeof *r);
        if (!r) return -1;
        b->raw = r;
        size_t *l = (size_t *)realloc(b->len, cap * sizeof *l);
        if (!l) return -1;
        b->len = l;
        uint8_t *f = (uint8_t *)realloc(b->fail, cap);
        if (!f) return -1;
        b->fail = f;
        b->cap = cap;
    }
    b->raw[b->n] = raw;
    b->len[b->n] = len;
    b->fail[b->n] = (uint8_t)(fail != 0);
    b->n++;
    return 0;
}

static void txs_free(cg_block_txs *b) {
    for (size_t i = 0; i < b->n; i++) free(b->raw[i]);
    free(b->raw);
    free(b->len);
    free(b->fail);
    memset(b, 0, sizeof *b);
}

/* ---- life cycle ------------------------------------------------------------------ */
static void keys_release(cg_keys *k) {
    if (!k || --k->refs > 0) return;
    for (uint32_t i = 0; i < k->n; i++)
        if (k->ready[i]) tb_key_free(&k->key[i]);
    free(k->key);
    free(k->p2wpkh);
    free(k->ready);
    free(k);
}

/* Makes key i: deterministic from the seed and the index. */
static int key_make(cg_keys *K, uint32_t i) {
    if (tb_key_new_det(&K->key[i], K->profile, K->seed * 1000003ULL + (uint64_t)i + 1)) return -1;
    tb_p2wpkh_program(&K->key[i], K->p2wpkh[i]);
    K->ready[i] = 1;
    return 0;
}

static cg_keys *keys_new(sluice_bytom_profile prof, uint64_t seed, uint32_t n) {
    cg_keys *K = (cg_keys *)calloc(1, sizeof *K);
    if (!K) return NULL;
    K->refs = 1;
    K->profile = prof;
    K->seed = seed;
    K->n = n;
    K->key = (tb_key *)calloc(n, sizeof *K->key);
    K->p2wpkh = (uint8_t(*)[22])calloc(n, sizeof *K->p2wpkh);
    K->ready = (uint8_t *)calloc(n, 1);
    int bad = !K->key || !K->p2wpkh || !K->ready;
    for (uint32_t i = 0; i < CG_MIN_KEYS && !bad; i++) bad = key_make(K, i) != 0;
    if (bad) {
        keys_release(K);
        return NULL;
    }
    for (int gi = 0; gi < CG_NGROUPS; gi++) {
        const tb_key *ks[3];
        for (int j = 0; j < 3; j++) ks[j] = &K->key[(gi * 3 + j) % CG_MIN_KEYS];
        K->script_len[gi] = tb_multisig_script(ks, 3, 2, K->script[gi], TB_MAX_PROG);
        tb_p2wsh_program(K->script[gi], K->script_len[gi], K->p2wsh[gi]);
    }
    return K;
}

int cg_gen_new(const cg_params *p, cg_gen **out, char *why, size_t why_cap) {
    *out = NULL;
    if (p->blocks > CG_MAX_BLOCKS) {
        snprintf(why, why_cap, "--blocks must be at most %llu", (unsigned long long)CG_MAX_BLOCKS);
        return -1;
    }
    if (p->keys && (p->keys < CG_MIN_KEYS || p->keys > CG_MAX_KEYS)) {
        snprintf(why, why_cap, "--keys must be %d..%d", CG_MIN_KEYS, CG_MAX_KEYS);
        return -1;
    }
    if (p->txs_per_block > CG_MAX_TXS_PER_BLOCK) {
        snprintf(why, why_cap, "--txs-per-block must be at most %d", CG_MAX_TXS_PER_BLOCK);
        return -1;
    }
    if (p->fault != CG_FAULT_NONE) {
        if (p->fault_height > p->blocks) {
            snprintf(why, why_cap, "fault height %llu is beyond the last block %llu",
                     (unsigned long long)p->fault_height, (unsigned long long)p->blocks);
            return -1;
        }
        if (p->fault_height < cg_fault_min_height(p->fault)) {
            snprintf(why, why_cap, "fault %s needs height >= %llu", cg_fault_name(p->fault),
                     (unsigned long long)cg_fault_min_height(p->fault));
            return -1;
        }
        if (p->txs_per_block == 0 && p->fault == CG_FAULT_DOUBLE_SPEND) {
            snprintf(why, why_cap, "double-spend needs an earlier spend: --txs-per-block >= 1");
            return -1;
        }
    }
    cg_gen *g = (cg_gen *)calloc(1, sizeof *g);
    if (!g) return -1;
    g->p = *p;
    uint64_t x = p->seed ^ 0x636861696e67656eULL;   /* splitmix64 */
    for (int i = 0; i < 4; i++) {
        x += 0x9e3779b97f4a7c15ULL;
        uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        g->rng[i] = z ^ (z >> 31);
    }
    g->keys = keys_new(p->profile, p->seed, p->keys ? p->keys : CG_MIN_KEYS);
    g->scratch = aligned_alloc(64, (sluice_tensority_scratch_size() + 63) / 64 * 64);
    if (!g->keys || !g->scratch) {
        snprintf(why, why_cap, "out of memory or key generation failed");
        cg_gen_free(g);
        return -1;
    }
    *out = g;
    return 0;
}

/* Index i with its key made (or 0, the first key, with failed set). */
static uint32_t key_ready(cg_keys *K, uint32_t i) {
    if (i >= K->n) return 0;
    if (!K->ready[i] && key_make(K, i) != 0) {
        K->failed = 1;
        return 0;
    }
    return i;
}

const tb_key *cg_key(cg_gen *g, uint32_t i) { return &g->keys->key[key_ready(g->keys, i)]; }

const uint8_t *cg_key_p2wpkh(cg_gen *g, uint32_t i) {
    return g->keys->p2wpkh[key_ready(g->keys, i)];
}

uint16_t cg_pick_key(cg_gen *g) { return (uint16_t)cg_below(g, g->keys->n); }

cg_gen *cg_gen_clone(const cg_gen *src) {
    cg_gen *g = (cg_gen *)calloc(1, sizeof *g);
    if (!g) return NULL;
    *g = *src;
    g->btm.v = g->big.v = g->assets.v = g->pending.v = NULL;
    g->retarget = NULL;
    g->cache = NULL;
    g->scratch = aligned_alloc(64, (sluice_tensority_scratch_size() + 63) / 64 * 64);
    g->keys->refs++;
    int bad = !g->scratch || uvec_copy(&g->btm, &src->btm) || uvec_copy(&g->big, &src->big) ||
              uvec_copy(&g->assets, &src->assets) || uvec_copy(&g->pending, &src->pending);
    if (!bad && src->n_retarget) {
        g->retarget = (sluice_bytom_header *)malloc(src->n_retarget * sizeof *g->retarget);
        if (g->retarget) memcpy(g->retarget, src->retarget, src->n_retarget * sizeof *g->retarget);
        else bad = 1;
        g->cap_retarget = src->n_retarget;
    } else {
        g->cap_retarget = 0;
    }
    if (bad) {
        cg_gen_free(g);
        return NULL;
    }
    return g;
}

void cg_gen_set_fault(cg_gen *g, cg_fault_kind kind, uint64_t height) {
    g->p.fault = kind;
    g->p.fault_height = height;
}

const cg_stats *cg_gen_stats(const cg_gen *g) { return &g->st; }

void cg_gen_free(cg_gen *g) {
    if (!g) return;
    keys_release(g->keys);
    free(g->btm.v);
    free(g->big.v);
    free(g->assets.v);
    free(g->pending.v);
    free(g->retarget);
    sluice_tensority_cache_free(g->cache);
    free(g->scratch);
    free(g);
}

/* ---- blocks ------------------------------------------------------------------------ */
static int build_coinbase(cg_gen *g, uint64_t height, uint64_t amount, uint16_t key,
                          const char *arb, uint8_t **raw, size_t *len) {
    tb_tx *t = (tb_tx *)malloc(sizeof *t);
    if (!t) return -1;
    tb_tx_init(t);
    int rc = -1;
    if (tb_add_coinbase(t, (const uint8_t *)arb, strlen(arb)) &&
        tb_add_output(t, SLUICE_BYTOM_BTM_ASSET, amount, cg_key_p2wpkh(g, key), 22))
        rc = tb_tx_build(t, raw, len);
    (void)height;
    free(t);
    return rc;
}

/* Mines: searches nonces (from a random start) until the PoW check passes, or
 * fails for the bad-pow fault. */
static int mine(cg_gen *g, sluice_bytom_header *h, const uint8_t seed[32], int want_fail,
                char *why, size_t why_cap) {
    if (!g->cache || memcmp(sluice_tensority_cache_seed(g->cache), seed, 32) != 0) {
        sluice_tensority_cache_free(g->cache);
        g->cache = NULL;
        if (sluice_tensority_cache_new(&g->cache, seed, 0) != SLUICE_OK) {
            snprintf(why, why_cap, "cannot build the Tensority cache");
            return -1;
        }
    }
    uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES], hash[32], res[32];
    sluice_bytom_header_body(h, body);
    uint64_t nonce = cg_rand(g) >> 2;   /* varint63: the nonce stays below 2^63 */
    for (int tries = 0; tries < 100000; tries++, nonce++) {
        sluice_bytom_header_hash_nonce(body, nonce, hash);
        if (sluice_tensority_hash(g->cache, SLUICE_TENSORITY_AUTO, hash, res, g->scratch) !=
            SLUICE_OK) {
            snprintf(why, why_cap, "Tensority hash failed");
            return -1;
        }
        g->st.pow_hashes++;
        if (sluice_bytom_pow_ok(res, h->bits) != want_fail) {
            h->nonce = nonce;
            return 0;
        }
    }
    snprintf(why, why_cap, "no nonce found");
    return -1;
}

static int emit_block(cg_gen *g, sluice_bytom_header *h, cg_block_txs *b, const uint8_t seed[32],
                      uint8_t **raw, size_t *len, char *why, size_t why_cap) {
    uint8_t *first = NULL;
    size_t flen = 0;
    if (tb_block_build(h, 0, b->raw, b->len, b->n, b->fail, &first, &flen)) {
        snprintf(why, why_cap, "block assembly failed");
        return -1;
    }
    sluice_bytom_block *pb = NULL;
    char w[160];
    if (sluice_bytom_block_parse(first, flen, &pb, w, sizeof w) != SLUICE_OK) {
        snprintf(why, why_cap, "built block does not parse: %s", w);
        free(first);
        return -1;
    }
    memcpy(h->tx_merkle_root, pb->header.tx_merkle_root, 32);
    memcpy(h->tx_status_hash, pb->header.tx_status_hash, 32);
    sluice_bytom_block_free(pb);
    free(first);
    int fault_here = g->p.fault != CG_FAULT_NONE && g->p.fault_height == h->height;
    if (fault_here && g->p.fault == CG_FAULT_BAD_MERKLE) h->tx_merkle_root[0] ^= 0x01;
    if (h->height > 0) {
        if (mine(g, h, seed, fault_here && g->p.fault == CG_FAULT_BAD_POW, why, why_cap))
            return -1;
    }
    if (tb_block_build(h, 1, b->raw, b->len, b->n, b->fail, raw, len)) {
        snprintf(why, why_cap, "block assembly failed");
        return -1;
    }
    return 0;
}

/* Records the block as the new parent. */
static int advance(cg_gen *g, const sluice_bytom_header *h, const uint8_t seed[32]) {
    g->parent = *h;
    sluice_bytom_header_hash(h, g->parent_hash);
    memcpy(g->parent_seed, seed, 32);
    if (h->height % SLUICE_BYTOM_BLOCKS_PER_RETARGET == 0) {
        if (g->n_retarget == g->cap_retarget) {
            size_t cap = g->cap_retarget ? g->cap_retarget * 2 : 8;
            sluice_bytom_header *r =
                (sluice_bytom_header *)realloc(g->retarget, cap * sizeof *r);
            if (!r) return -1;
            g->retarget = r;
            g->cap_retarget = cap;
        }
        g->retarget[g->n_retarget++] = *h;
    }
    g->st.blocks++;
    g->next_height = h->height + 1;
    return 0;
}

static int push_coinbase_utxo(cg_gen *g, const uint8_t *raw, size_t len, uint64_t height,
                              uint16_t key) {
    sluice_bytom_tx *ptx = NULL;
    if (sluice_bytom_tx_parse(raw, len, &ptx, NULL, 0) != SLUICE_OK) return -1;
    cg_utxo u;
    memset(&u, 0, sizeof u);
    memcpy(u.id, ptx->outputs[0].id, 32);
    memcpy(u.source_id, ptx->mux_id, 32);
    memcpy(u.asset, SLUICE_BYTOM_BTM_ASSET, 32);
    u.amount = ptx->outputs[0].amount;
    u.height = height;
    u.coinbase = 1;
    u.kind = CG_KIND_P2WPKH;
    u.key = key;
    sluice_bytom_tx_free(ptx);
    return cg_uvec_push(&g->pending, &u);
}

static int mature(cg_gen *g, uint64_t height) {
    /* state/utxo_view.go: spendable when coinbase height + 100 <= block height;
     * big coinbases feed the fan-outs (chain_build_gen_fill.c) */
    size_t k = 0;
    while (k < g->pending.n && g->pending.v[k].height + CG_COINBASE_MATURITY <= height) k++;
    for (size_t i = 0; i < k; i++) {
        const cg_utxo *u = &g->pending.v[i];
        if (cg_uvec_push(u->amount >= CG_BIG_MIN ? &g->big : &g->btm, u)) return -1;
    }
    memmove(g->pending.v, g->pending.v + k, (g->pending.n - k) * sizeof *g->pending.v);
    g->pending.n -= k;
    return 0;
}

int cg_gen_block(cg_gen *g, uint8_t **raw, size_t *len, uint64_t *height, char *why,
                 size_t why_cap) {
    *raw = NULL;
    *len = 0;
    if (why_cap) why[0] = 0;
    if (g->done || g->next_height > g->p.blocks) return 0;
    uint64_t H = g->next_height;
    sluice_bytom_header h;
    memset(&h, 0, sizeof h);
    h.version = 1;
    h.height = H;
    uint8_t seed[32] = {0};
    cg_block_txs b;
    memset(&b, 0, sizeof b);
    int rc = -1;
    uint16_t cb_key = cg_pick_key(g);
    if (H == 0) {
        h.timestamp = CG_GENESIS_TIMESTAMP;
        h.bits = CG_EASY_BITS;
        uint8_t *cb = NULL;
        size_t cl = 0;
        if (build_coinbase(g, 0, sluice_bytom_block_subsidy(0), cb_key,
                           "sluice chaingen: genesis of the dev network", &cb, &cl) ||
            cg_txs_push(&b, cb, cl, 0) || push_coinbase_utxo(g, cb, cl, 0, cb_key)) {
            snprintf(why, why_cap, "genesis coinbase failed");
            goto out;
        }
    } else {
        memcpy(h.prev_hash, g->parent_hash, 32);
        h.timestamp = g->parent.timestamp + CG_BLOCK_SPACING;
        const sluice_bytom_header *start = NULL;
        if (g->parent.height % SLUICE_BYTOM_BLOCKS_PER_RETARGET == 0 && g->parent.height > 0)
            start = &g->retarget[g->parent.height / SLUICE_BYTOM_BLOCKS_PER_RETARGET - 1];
        h.bits = sluice_bytom_next_bits(&g->parent, start);
        sluice_bytom_next_seed(g->parent.height, g->parent_hash, g->parent_seed, seed);
        if (mature(g, H) || cg_txs_push(&b, NULL, 0, 0)) goto out;   /* slot 0: the coinbase */
        if (cg_fill_block(g, H, &b, why, why_cap)) goto out;
        char arb[64];
        snprintf(arb, sizeof arb, "sluice chaingen %llu", (unsigned long long)H);
        uint64_t amount = sluice_bytom_block_subsidy(H) + b.fees;
        if (build_coinbase(g, H, amount, cb_key, arb, &b.raw[0], &b.len[0]) ||
            push_coinbase_utxo(g, b.raw[0], b.len[0], H, cb_key)) {
            snprintf(why, why_cap, "coinbase at height %llu failed", (unsigned long long)H);
            goto out;
        }
    }
    g->st.txs++;   /* the coinbase */
    if (g->keys->failed) {
        snprintf(why, why_cap, "key generation failed");
        goto out;
    }
    if (emit_block(g, &h, &b, seed, raw, len, why, why_cap)) goto out;
    if (advance(g, &h, seed)) goto out;
    if (g->p.fault != CG_FAULT_NONE && H == g->p.fault_height) g->done = 1;
    *height = H;
    g->st.utxos = g->btm.n + g->big.n + g->assets.n + g->pending.n + g->dust;
    rc = 1;
out:
    txs_free(&b);
    if (rc < 0 && why_cap && !why[0]) snprintf(why, why_cap, "block %llu failed", (unsigned long long)H);
    if (rc < 0) {
        free(*raw);
        *raw = NULL;
    }
    return rc;
}
