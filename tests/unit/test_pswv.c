/* The sliding-window validator (sluice/pswv.h) over chains made by the
 * generator (tools/sluice/chain_build_gen.h): valid chains commit every block
 * and give the same UTXO digest whatever the window and thread count; each of
 * the nine generator faults is found at its height with its rule and
 * everything before it committed; a validator reopened over its store
 * resumes to the same digest; chain-file errors are reported, not crashed on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chain_build_gen.h"
#include "sluice/bytom_genesis.h"
#include "sluice/chainfile.h"
#include "sluice/hex.h"
#include "sluice/pswv.h"
#include "sluice/utxo_store.h"
#include "testutil.h"

#if defined(__SANITIZE_ADDRESS__)
#define PSWV_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PSWV_TEST_SANITIZED 1
#endif
#endif
#ifdef PSWV_TEST_SANITIZED
#define TXS 4
#define BASE 100 /* the shared store holds blocks 0..BASE */
#define RANDOM_CHAINS 0
#else
#define TXS 10
#define BASE 100
#define RANDOM_CHAINS 1
#endif

#define FAULT_H 103 /* every fault kind can be injected here */

typedef struct {
    uint8_t **raw;
    size_t *len;
    size_t n;
} chain;

static char tmp_root[256];
static const sluice_tensority_cache *shared_cache; /* the seed of heights 1..256 */

/* Elapsed seconds since the first call (phase notes on stderr). */
static double elapsed(void) {
    static struct timespec t0;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (t0.tv_sec == 0 && t0.tv_nsec == 0) t0 = t;
    return (double)(t.tv_sec - t0.tv_sec) + 1e-9 * (double)(t.tv_nsec - t0.tv_nsec);
}
#define PHASE(name) fprintf(stderr, "[%6.2f s] %s\n", elapsed(), name)
static int dir_seq;

static void chain_push(chain *c, uint8_t *raw, size_t len) {
    c->raw = (uint8_t **)realloc(c->raw, (c->n + 1) * sizeof *c->raw);
    c->len = (size_t *)realloc(c->len, (c->n + 1) * sizeof *c->len);
    if (!c->raw || !c->len) abort();
    c->raw[c->n] = raw;
    c->len[c->n] = len;
    c->n++;
}

static void chain_free(chain *c) {
    for (size_t i = 0; i < c->n; i++) free(c->raw[i]);
    free(c->raw);
    free(c->len);
    memset(c, 0, sizeof *c);
}

static chain chain_copy(const chain *c) {
    chain d = {0};
    for (size_t i = 0; i < c->n; i++) {
        uint8_t *p = (uint8_t *)malloc(c->len[i]);
        if (!p) abort();
        memcpy(p, c->raw[i], c->len[i]);
        chain_push(&d, p, c->len[i]);
    }
    return d;
}

/* Generates blocks until the generator is done or `upto` (inclusive) is reached. */
static void gen_more(cg_gen *g, chain *c, uint64_t upto) {
    char why[200];
    while (c->n <= upto) {
        uint8_t *raw = NULL;
        size_t len = 0;
        uint64_t h = 0;
        int rc = cg_gen_block(g, &raw, &len, &h, why, sizeof why);
        if (rc < 0) fprintf(stderr, "cg_gen_block: %s\n", why);
        CHECK(rc >= 0);
        if (rc <= 0) break;
        CHECK(h == c->n);
        chain_push(c, raw, len);
    }
}

static void new_dir(char *out, size_t cap) {
    snprintf(out, cap, "%s/db%d", tmp_root, dir_seq++);
}

/* A copy of a closed store (its LMDB data file) in a new directory. */
static void copy_store(const char *src, char *dst, size_t cap) {
    new_dir(dst, cap);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s/data.mdb' '%s/data.mdb'", dst, src, dst);
    CHECK(system(cmd) == 0);
}

typedef struct {
    sluice_pswv_verdict vd;
    sluice_pswv_stats st;
    uint8_t digest[32];
    sluice_err err;
} outcome;

static void digest_of(const char *dir, uint8_t d[32]) {
    sluice_utxo_store *s = NULL;
    char why[200];
    memset(d, 0, 32);
    CHECK(sluice_utxo_open(dir, &s, why, sizeof why) == SLUICE_OK);
    if (!s) return;
    CHECK(sluice_utxo_digest(s, d) == SLUICE_OK);
    sluice_utxo_close(s);
}

/* Validator options of the tests: mainnet profile, the shared seed cache. */
static sluice_pswv_opts test_opts(unsigned window, int threads, const char *network) {
    sluice_pswv_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.window = window;
    opts.threads = threads;
    opts.profile = SLUICE_BYTOM_PROFILE_MAINNET;
    opts.network = network;
    opts.caches = &shared_cache;
    opts.n_caches = shared_cache ? 1 : 0;
    return opts;
}

/* Feeds blocks [from, to) of c to a validator over dir. */
static outcome run_blocks(const char *dir, const chain *c, size_t from, size_t to, unsigned window,
                          int threads, const char *network) {
    outcome o;
    memset(&o, 0, sizeof o);
    sluice_pswv_opts opts = test_opts(window, threads, network);
    sluice_pswv *v = NULL;
    char why[300] = "";
    o.err = sluice_pswv_open(dir, &opts, &v, why, sizeof why);
    CHECK(o.err == SLUICE_OK);
    if (!v) return o;
    for (size_t i = from; i < to && o.err == SLUICE_OK; i++)
        o.err = sluice_pswv_feed(v, c->raw[i], c->len[i], why, sizeof why);
    if (o.err == SLUICE_OK) o.err = sluice_pswv_flush(v, why, sizeof why);
    if (o.err != SLUICE_OK) fprintf(stderr, "  pswv: %s\n", why);
    o.vd = *sluice_pswv_get_verdict(v);
    o.st = *sluice_pswv_get_stats(v);
    sluice_pswv_close(v);
    digest_of(dir, o.digest);
    return o;
}

static void write_file(const char *path, const chain *c, int gzip) {
    sluice_chainfile_writer *w = NULL;
    char why[200];
    CHECK(sluice_chainfile_writer_open(path, gzip, &w, why, sizeof why) == SLUICE_OK);
    for (size_t i = 0; w && i < c->n; i++)
        CHECK(sluice_chainfile_append(w, c->raw[i], c->len[i], why, sizeof why) == SLUICE_OK);
    if (w) CHECK(sluice_chainfile_writer_close(w, why, sizeof why) == SLUICE_OK);
}

static outcome run_file(const char *dir, const char *path, unsigned window, int threads) {
    outcome o;
    memset(&o, 0, sizeof o);
    sluice_pswv_opts opts = test_opts(window, threads, NULL);
    sluice_pswv *v = NULL;
    char why[300] = "";
    CHECK(sluice_pswv_open(dir, &opts, &v, why, sizeof why) == SLUICE_OK);
    if (!v) return o;
    o.err = sluice_pswv_run_file(v, path, why, sizeof why);
    if (o.err != SLUICE_OK) fprintf(stderr, "  run_file: %s (expected in error tests)\n", why);
    o.vd = *sluice_pswv_get_verdict(v);
    o.st = *sluice_pswv_get_stats(v);
    sluice_pswv_close(v);
    digest_of(dir, o.digest);
    return o;
}

static const unsigned windows[] = {1, 3, 16};
static const int threads[] = {1, 2};

/* Valid chains: every configuration commits all blocks with one digest. */
static void test_valid(const chain *c, const char *base, size_t from, uint8_t out_digest[32]) {
    uint8_t first[32];
    int have = 0;
    for (size_t wi = 0; wi < 3; wi++)
        for (size_t ti = 0; ti < 2; ti++) {
            char dir[300];
            copy_store(base, dir, sizeof dir);
            outcome o = run_blocks(dir, c, from, c->n, windows[wi], threads[ti], "dev");
            CHECK(o.err == SLUICE_OK);
            CHECK(o.vd.invalid == 0);
            CHECK(o.st.have_tip && o.st.committed_height == c->n - 1);
            CHECK(o.st.blocks == c->n - from);
            if (!have) memcpy(first, o.digest, 32);
            fprintf(stderr, "  valid %zu blocks, window %u threads %d: %.3f s (", c->n,
                    windows[wi], threads[ti], o.st.total_s);
            for (int s = 0; s < SLUICE_PSWV_STAGE_COUNT; s++)
                fprintf(stderr, " %s %.3f", sluice_pswv_stage_name((sluice_pswv_stage)s),
                        o.st.stage_s[s]);
            fprintf(stderr, " )\n");
            have = 1;
            CHECK_MEM(o.digest, first, 32);
        }
    if (out_digest) memcpy(out_digest, first, 32);
}

static const char *utxo_rule(cg_fault_kind k) {
    switch (k) {
    case CG_FAULT_SPEND_UNKNOWN:
    case CG_FAULT_SPEND_LATER: return "utxo_not_found";
    case CG_FAULT_IMMATURE_COINBASE: return "utxo_immature";
    default: return NULL;
    }
}

/* Every fault at FAULT_H: found there with its rule, the prefix committed. */
static void test_faults(const cg_gen *base, const chain *prefix, const uint8_t *prefix_digest,
                        const char *store, size_t from, const chain *valid) {
    for (int k = 1; k < CG_FAULT_COUNT; k++) {
        cg_gen *g = cg_gen_clone(base);
        CHECK(g != NULL);
        if (!g) continue;
        cg_gen_set_fault(g, (cg_fault_kind)k, FAULT_H);
        chain c = chain_copy(prefix);
        gen_more(g, &c, FAULT_H + 5);
        CHECK(c.n == FAULT_H + 1); /* the faulty block ends the chain */
        /* blocks after it (the valid chain's) are never committed */
        for (size_t i = FAULT_H + 1; i < FAULT_H + 5 && i < valid->n; i++) {
            uint8_t *q = (uint8_t *)malloc(valid->len[i]);
            if (!q) abort();
            memcpy(q, valid->raw[i], valid->len[i]);
            chain_push(&c, q, valid->len[i]);
        }
        sluice_bytom_rule tx_rule = SLUICE_RULE_OK;
        sluice_bytom_rule br = cg_fault_block_rule((cg_fault_kind)k, &tx_rule);
        char want_rule[48];
        snprintf(want_rule, sizeof want_rule, "%s",
                 br != SLUICE_RULE_OK ? sluice_bytom_rule_name(br) : utxo_rule((cg_fault_kind)k)
                 ? utxo_rule((cg_fault_kind)k) : "");
        sluice_pswv_verdict first;
        memset(&first, 0, sizeof first);
        for (size_t wi = 0; wi < 3; wi++)
            for (size_t ti = 0; ti < 2; ti++) {
                char dir[300];
                copy_store(store, dir, sizeof dir);
                outcome o = run_blocks(dir, &c, from, c.n, windows[wi], threads[ti], "dev");
                if (wi == 0 && ti == 0) {
                    first = o.vd;
                    fprintf(stderr, "  %-18s height %llu tx %d input %d: %s %s (%s)\n",
                            cg_fault_name((cg_fault_kind)k), (unsigned long long)o.vd.height,
                            o.vd.tx_index, o.vd.input, o.vd.rule, o.vd.tx_rule, o.vd.reason);
                }
                CHECK(o.err == SLUICE_OK);
                CHECK(o.vd.invalid == 1);
                CHECK(o.vd.height == FAULT_H);
                if (k == CG_FAULT_DOUBLE_SPEND)
                    CHECK(strcmp(o.vd.rule, "utxo_spent") == 0 ||
                          strcmp(o.vd.rule, "utxo_not_found") == 0);
                else
                    CHECK(strcmp(o.vd.rule, want_rule) == 0);
                if (br == SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID)
                    CHECK(strcmp(o.vd.tx_rule, sluice_bytom_rule_name(tx_rule)) == 0);
                if (br != SLUICE_RULE_BLOCK_POW && br != SLUICE_RULE_BLOCK_TX_ROOT &&
                    br != SLUICE_RULE_BLOCK_GAS_LIMIT)
                    CHECK(o.vd.tx_index > 0);
                /* the window's answer is window 1's */
                CHECK(strcmp(o.vd.rule, first.rule) == 0 && o.vd.tx_index == first.tx_index &&
                      o.vd.input == first.input);
                CHECK(o.st.have_tip && o.st.committed_height == FAULT_H - 1);
                CHECK_MEM(o.digest, prefix_digest, 32);
            }
        chain_free(&c);
        cg_gen_free(g);
    }
}

/* A stop after `cut` blocks, then the whole file again: same digest. */
static void test_resume(const chain *c, const uint8_t want[32], const char *base, size_t cut,
                        unsigned window) {
    char dir[300], path[300];
    copy_store(base, dir, sizeof dir);
    snprintf(path, sizeof path, "%s/resume.chain", tmp_root);
    write_file(path, c, 1);
    outcome a = run_blocks(dir, c, BASE + 1, cut, window, 2, "dev");
    CHECK(a.err == SLUICE_OK && a.st.committed_height == cut - 1);
    outcome b = run_file(dir, path, window, 2);
    CHECK(b.err == SLUICE_OK && b.vd.invalid == 0);
    CHECK(b.st.skipped == cut);
    CHECK(b.st.blocks == c->n - cut);
    CHECK(b.st.committed_height == c->n - 1);
    CHECK_MEM(b.digest, want, 32);
    /* a third run has nothing to do */
    outcome d = run_file(dir, path, window, 1);
    CHECK(d.err == SLUICE_OK && d.st.skipped == c->n && d.st.blocks == 0);
    CHECK_MEM(d.digest, want, 32);
}

/* Corrupted / truncated / hex files; wrong start; wrong network. */
static void test_files(const chain *c, const uint8_t want[32], const char *base) {
    char path[300], dir[300];
    snprintf(path, sizeof path, "%s/plain.chain", tmp_root);
    write_file(path, c, 0);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f) return;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = (uint8_t *)malloc((size_t)sz);
    CHECK(buf && fread(buf, 1, (size_t)sz, f) == (size_t)sz);
    fclose(f);
    /* offset of frame BAD's payload */
    const size_t BAD = BASE + 5;
    size_t off = 8;
    for (size_t i = 0; i < BAD; i++) off += 8 + c->len[i];
    /* CRC mismatch in frame BAD: blocks before it committed, no verdict */
    buf[off + 8 + c->len[BAD] / 2] ^= 0x40;
    f = fopen(path, "wb");
    CHECK(f && fwrite(buf, 1, (size_t)sz, f) == (size_t)sz);
    if (f) fclose(f);
    for (unsigned w = 1; w <= 16; w += 15) {
        copy_store(base, dir, sizeof dir);
        outcome o = run_file(dir, path, w, 2);
        CHECK(o.err == SLUICE_ERR_RANGE);
        CHECK(o.vd.invalid == 0);
        CHECK(o.st.have_tip && o.st.committed_height == BAD - 1);
    }
    /* truncated inside frame 50 */
    f = fopen(path, "wb");
    buf[off + 8 + c->len[BAD] / 2] ^= 0x40;
    CHECK(f && fwrite(buf, 1, off + 20, f) == off + 20);
    if (f) fclose(f);
    copy_store(base, dir, sizeof dir);
    outcome o = run_file(dir, path, 8, 1);
    CHECK(o.err == SLUICE_ERR_LENGTH && o.vd.invalid == 0 && o.st.committed_height == BAD - 1);
    free(buf);
    /* hex lines: the same chain, the same digest */
    snprintf(path, sizeof path, "%s/chain.hex", tmp_root);
    f = fopen(path, "w");
    CHECK(f != NULL);
    for (size_t i = 0; f && i < c->n; i++) {
        char *h = (char *)malloc(2 * c->len[i] + 1);
        if (!h) abort();
        sluice_hex_encode(h, c->raw[i], c->len[i]);
        fprintf(f, "%s\n", h);
        free(h);
    }
    if (f) fclose(f);
    copy_store(base, dir, sizeof dir);
    o = run_file(dir, path, 5, 2);
    CHECK(o.err == SLUICE_OK && o.vd.invalid == 0 && o.st.committed_height == c->n - 1);
    CHECK_MEM(o.digest, want, 32);
    /* an empty store and a first block that is not height 0: input error */
    new_dir(dir, sizeof dir);
    o = run_blocks(dir, c, 1, 5, 4, 1, "dev");
    CHECK(o.err == SLUICE_ERR_ARG && !o.st.have_tip);
    /* the dev genesis is not mainnet's */
    new_dir(dir, sizeof dir);
    o = run_blocks(dir, c, 0, 5, 4, 1, "mainnet");
    CHECK(o.err == SLUICE_OK && o.vd.invalid && o.vd.height == 0 && !o.st.have_tip);
    CHECK(strcmp(o.vd.rule, "genesis_mismatch") == 0);
    /* a block that does not parse */
    chain d = chain_copy(c);
    d.len[7] = 20;
    new_dir(dir, sizeof dir);
    o = run_blocks(dir, &d, 0, 12, 4, 2, "dev");
    CHECK(o.err == SLUICE_OK && o.vd.invalid && o.vd.height == 7);
    CHECK(strcmp(o.vd.rule, "block_parse") == 0 && o.st.committed_height == 6);
    chain_free(&d);
    /* bad options */
    sluice_pswv_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.network = "moon";
    sluice_pswv *v = NULL;
    char why[200];
    CHECK(sluice_pswv_open(dir, &opts, &v, why, sizeof why) == SLUICE_ERR_ARG && !v);
    opts.network = NULL;
    opts.window = SLUICE_PSWV_MAX_WINDOW + 1;
    CHECK(sluice_pswv_open(dir, &opts, &v, why, sizeof why) == SLUICE_ERR_ARG && !v);
}

int main(void) {
    const char *t = getenv("TMPDIR");
    snprintf(tmp_root, sizeof tmp_root, "%s/test_pswv_XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmp_root)) {
        perror("mkdtemp");
        return 1;
    }
    /* one Tensority cache shared by all the validators below (the base run
     * builds its own, so both paths are used) */
    uint8_t seed[32];
    sluice_tensority_cache *cache = NULL;
    sluice_bytom_initial_seed(seed);
    CHECK(sluice_tensority_cache_new(&cache, seed, 0) == SLUICE_OK);
    /* the base chain 0..FAULT_H-1; the generator is kept for the faults */
    cg_params p = {FAULT_H + 12, TXS, SLUICE_BYTOM_PROFILE_MAINNET, 7, CG_FAULT_NONE, 0, 0};
    cg_gen *g = NULL;
    char why[200];
    CHECK(cg_gen_new(&p, &g, why, sizeof why) == 0);
    if (!g) return tu_finish("test_pswv");
    PHASE("generate");
    chain prefix = {0};
    gen_more(g, &prefix, FAULT_H - 1);
    CHECK(prefix.n == FAULT_H);
    /* blocks 0..BASE validated once from genesis (PoW on every block) and
     * kept as a store that the other runs copy and continue */
    PHASE("base store");
    char base[300];
    new_dir(base, sizeof base);
    outcome b0 = run_blocks(base, &prefix, 0, BASE + 1, 16, 2, "dev");
    CHECK(b0.err == SLUICE_OK && !b0.vd.invalid && b0.st.committed_height == BASE);
    shared_cache = cache;
    uint8_t prefix_digest[32], full_digest[32];
    PHASE("valid prefix");
    test_valid(&prefix, base, BASE + 1, prefix_digest);
    if (getenv("PSWV_QUICK")) return tu_finish("test_pswv");
    chain full = chain_copy(&prefix);
    {
        cg_gen *g2 = cg_gen_clone(g);
        CHECK(g2 != NULL);
        if (g2) gen_more(g2, &full, FAULT_H + 12);
        cg_gen_free(g2);
    }
    PHASE("faults");
    test_faults(g, &prefix, prefix_digest, base, BASE + 1, &full);
    CHECK(full.n == FAULT_H + 13);
    PHASE("valid full");
    test_valid(&full, base, BASE + 1, full_digest);
    PHASE("resume");
    test_resume(&full, full_digest, base, BASE + 8, 7);
    test_resume(&full, full_digest, base, BASE + 12, 1);
    PHASE("files");
    test_files(&full, full_digest, base);
    PHASE("random");
#if RANDOM_CHAINS
    /* a chain of another seed from genesis: window 1 == window 9 on 2 threads */
    {
        cg_params q = {101, TXS + 5, SLUICE_BYTOM_PROFILE_MAINNET, 100, CG_FAULT_NONE, 0, 0};
        cg_gen *h = NULL;
        CHECK(cg_gen_new(&q, &h, why, sizeof why) == 0);
        chain c = {0};
        if (h) gen_more(h, &c, q.blocks);
        char d1[300], d2[300];
        new_dir(d1, sizeof d1);
        new_dir(d2, sizeof d2);
        outcome a = run_blocks(d1, &c, 0, c.n, 1, 1, "dev");
        outcome b = run_blocks(d2, &c, 0, c.n, 9, 2, "dev");
        CHECK(a.err == SLUICE_OK && b.err == SLUICE_OK && !a.vd.invalid && !b.vd.invalid);
        CHECK(a.st.committed_height == q.blocks && b.st.committed_height == q.blocks);
        CHECK_MEM(a.digest, b.digest, 32);
        chain_free(&c);
        cg_gen_free(h);
    }
#endif
    PHASE("done");
    sluice_tensority_cache_free(cache);
    chain_free(&full);
    chain_free(&prefix);
    cg_gen_free(g);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp_root);
    return tu_finish("test_pswv");
}
