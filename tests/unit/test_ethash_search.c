/* Ethash full-DAG hash and search on synthetic DAGs: the `small` vector
 * (chfast's mock context, 501 items, nonce 948), full hash equal to the
 * reference Hashimoto on random inputs, the lowest winner whatever the thread
 * count, count / stop / max_seconds limits, nonce wrap-around, bad arguments.
 * Every winner is re-verified against the reference. */
#include "sluice/ethash.h"
#include "sluice/hex.h"
#include "testutil.h"
#include "ethash_mock.h"
#include "../../engine/pow/ethash_internal.h"   /* to build small mock epoch contexts */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* chfast/ethash test_ethash.cpp create_epoch_context_mock: epoch-0-sized
 * light cache, every 64-bit word 0xe14a54a1b2c3d4e5. */
static sluice_ethash_epoch *mock_chfast(void) {
    sluice_ethash_epoch *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cache_items = sluice_ethash_light_cache_items(0);
    m->dataset_items = sluice_ethash_dataset_items(0);
    m->cache_alloc = m->cache_items * 64;
    void *mem = NULL;
    if (posix_memalign(&mem, 64, m->cache_alloc) != 0) { free(m); return NULL; }
    m->cache = mem;
    for (uint64_t i = 0; i < m->cache_items; i++)
        for (int k = 0; k < 8; k++) m->cache[i].q[k] = 0xe14a54a1b2c3d4e5ull;
    return m;
}


static sluice_ethash_dag *make_dag(const sluice_ethash_epoch *ctx, uint64_t items) {
    sluice_ethash_dag_opts o;
    memset(&o, 0, sizeof o);
    o.items = items;
    o.threads = 2;
    sluice_ethash_dag *d = NULL;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, NULL, NULL, 0) == SLUICE_OK);
    return d;
}

/* Reference lookup: items computed from the light cache. */
static void ref_lookup(void *user, uint64_t i, uint8_t out[128]) {
    sluice_ethash_dataset_item((const sluice_ethash_epoch *)user, i, out);
}

static void ref_hash(const sluice_ethash_dag *dag, const uint8_t hh[32], uint64_t nonce, sluice_ethash_result *r) {
    const sluice_ethash_epoch *ctx = sluice_ethash_dag_epoch(dag);
    sluice_ethash_hashimoto_ref(sluice_ethash_dag_items(dag), ref_lookup, (void *)ctx, hh, nonce, r);
}

static void test_small_vector(void) {
    FILE *f = tu_open_vectors("ethash.txt");
    char line[1024], fin_hex[100] = "", mix_hex[100] = "";
    unsigned long long want_nonce = 0;
    while (tu_next_line(f, line, sizeof line))
        if (strncmp(line, "small ", 6) == 0) CHECK(sscanf(line, "small %llu %99s %99s", &want_nonce, fin_hex, mix_hex) == 3);
    fclose(f);
    uint8_t want_final[32], want_mix[32];
    CHECK(sluice_hex_decode_exact(want_final, 32, fin_hex) == SLUICE_OK);
    CHECK(sluice_hex_decode_exact(want_mix, 32, mix_hex) == SLUICE_OK);

    sluice_ethash_epoch *ctx = mock_chfast();
    CHECK(ctx != NULL);
    if (!ctx) return;
    sluice_ethash_dag *dag = make_dag(ctx, 501);
    if (!dag) { sluice_ethash_epoch_free(ctx); return; }
    uint8_t header[32] = {0}, boundary[32] = {0};
    boundary[1] = 0x80;   /* 2^247 */
    for (unsigned threads = 1; threads <= 3; threads++) {
        sluice_ethash_search_params p;
        memset(&p, 0, sizeof p);
        p.header_hash = header;
        p.boundary = boundary;
        p.start_nonce = 940;
        p.count = 10;
        p.threads = threads;
        sluice_ethash_search_result r;
        CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_OK);
        CHECK(r.found == 1 && r.nonce == want_nonce);
        CHECK_MEM(r.hash.final, want_final, 32);
        CHECK_MEM(r.hash.mix, want_mix, 32);
        CHECK(r.threads == threads);
        CHECK(r.hashes >= 9 && r.hashes <= 10);   /* the winner is the 9th nonce */
        p.start_nonce = 483;                      /* chfast: no solution in 483..492 */
        CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_OK);
        CHECK(r.found == 0 && r.hashes == 10);
    }
    sluice_ethash_result full;
    sluice_ethash_full_hash(dag, header, 948, &full);
    CHECK_MEM(full.final, want_final, 32);
    CHECK_MEM(full.mix, want_mix, 32);
    sluice_ethash_dag_free(dag);
    sluice_ethash_epoch_free(ctx);
}

static void test_full_vs_ref(const sluice_ethash_dag *dag) {
    tu_rng rng;
    tu_rng_seed(&rng, 0xf0f0);
    for (int t = 0; t < 40; t++) {
        uint8_t hh[32];
        tu_rng_bytes(&rng, hh, 32);
        uint64_t nonce = tu_rng_next(&rng);
        sluice_ethash_result a, b;
        sluice_ethash_full_hash(dag, hh, nonce, &a);
        ref_hash(dag, hh, nonce, &b);
        CHECK_MEM(&a, &b, sizeof a);
    }
}

static sluice_ethash_search_result run(const sluice_ethash_dag *dag, const uint8_t hh[32], const uint8_t boundary[32],
                                       uint64_t start, uint64_t count, unsigned threads) {
    sluice_ethash_search_params p;
    memset(&p, 0, sizeof p);
    p.header_hash = hh;
    p.boundary = boundary;
    p.start_nonce = start;
    p.count = count;
    p.threads = threads;
    sluice_ethash_search_result r;
    CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_OK);
    if (r.found) {   /* re-verify the winner against the reference */
        sluice_ethash_result want;
        ref_hash(dag, hh, r.nonce, &want);
        CHECK_MEM(&r.hash, &want, sizeof want);
        CHECK(sluice_ethash_boundary_ok(want.final, boundary));
        CHECK(r.nonce - start < count || count == 0);
    }
    return r;
}

/* With about 1 winner in 16 nonces, the search must report the lowest one. */
static void test_lowest_winner(const sluice_ethash_dag *dag) {
    uint8_t hh[32], boundary[32];
    memset(hh, 0x3c, 32);
    memset(boundary, 0xff, 32);
    boundary[0] = 0x0f;   /* final <= 0x0fff...: P = 1/16 */
    for (uint64_t start = 1000; start < 1400; start += 100) {
        uint64_t want = UINT64_MAX;
        for (uint64_t n = start; n < start + 100 && want == UINT64_MAX; n++) {
            sluice_ethash_result r;
            sluice_ethash_full_hash(dag, hh, n, &r);
            if (sluice_ethash_boundary_ok(r.final, boundary)) want = n;
        }
        for (unsigned threads = 1; threads <= 4; threads *= 2) {
            sluice_ethash_search_result r = run(dag, hh, boundary, start, 100, threads);
            if (want == UINT64_MAX) CHECK(r.found == 0 && r.hashes == 100);
            else CHECK(r.found == 1 && r.nonce == want);
        }
    }
}

static void test_limits(const sluice_ethash_dag *dag) {
    uint8_t hh[32] = {1}, zero[32] = {0}, ones[32];
    memset(ones, 0xff, 32);
    /* Exact counts, not multiples of the lane count. */
    sluice_ethash_search_result r = run(dag, hh, zero, 5, 37, 2);
    CHECK(r.found == 0 && r.hashes == 37);
    r = run(dag, hh, zero, 5, 1, 1);
    CHECK(r.found == 0 && r.hashes == 1);
    /* Everything wins: the first nonce; wrap-around past 2^64 - 1. */
    r = run(dag, hh, ones, UINT64_MAX - 2, 10, 2);
    CHECK(r.found == 1 && r.nonce == UINT64_MAX - 2);
    /* The winner is re-verified: a boundary met only by the wrapped nonce 1. */
    sluice_ethash_result at1;
    sluice_ethash_full_hash(dag, hh, 1, &at1);
    uint64_t lowest_other = UINT64_MAX;
    for (uint64_t k = 0; k < 6; k++) {
        if (k == 3) continue;   /* nonce 1 = (2^64 - 2) + 3 */
        sluice_ethash_result o;
        sluice_ethash_full_hash(dag, hh, UINT64_MAX - 1 + k, &o);
        if (memcmp(o.final, at1.final, 32) <= 0) lowest_other = k;
    }
    if (lowest_other == UINT64_MAX) {
        r = run(dag, hh, at1.final, UINT64_MAX - 1, 6, 2);
        CHECK(r.found == 1 && r.nonce == 1);
    }
    /* stop already set: nothing hashed. */
    volatile int stop = 1;
    sluice_ethash_search_params p;
    memset(&p, 0, sizeof p);
    p.header_hash = hh;
    p.boundary = zero;
    p.stop = &stop;
    p.threads = 2;
    CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_OK);
    CHECK(r.found == 0 && r.hashes == 0);
    /* Unbounded count, stopped by max_seconds (no timing asserted). */
    stop = 0;
    p.max_seconds = 0.05;
    CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_OK);
    CHECK(r.found == 0 && r.hashes > 0 && r.threads == 2);
    /* Bad arguments. */
    CHECK(sluice_ethash_search(NULL, &p, &r) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_search(dag, NULL, &r) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_search(dag, &p, NULL) == SLUICE_ERR_ARG);
    p.boundary = NULL;
    CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_ERR_ARG);
    p.boundary = zero;
    p.header_hash = NULL;
    CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_ERR_ARG);
    /* Thread counts and time limits that used to run: UINT_MAX threads became
     * num_threads(-1); a negative or NaN limit meant "no limit". As the light
     * search, they are SLUICE_ERR_RANGE now, and no hash is computed. */
    p.header_hash = hh;
    p.count = 16;
    p.max_seconds = 0;
    p.threads = 1025;
    CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_ERR_RANGE && r.hashes == 0);
    p.threads = 0xffffffffu;
    CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_ERR_RANGE);
    p.threads = 2;
    p.max_seconds = -1;
    CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_ERR_RANGE);
    p.max_seconds = NAN;
    CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_ERR_RANGE);
    p.max_seconds = 0;
    p.threads = 3;   /* more threads than the one lane group of 16 nonces */
    CHECK(sluice_ethash_search(dag, &p, &r) == SLUICE_OK && r.hashes == 16 && r.found == 0);
}

/* Runs this test again with SLUICE_CPU_MASK=scalar, so the generic round
 * loop and the scalar multi-buffer Keccak are checked too (the choice is made
 * once per process). */
static void test_scalar_path(const char *self) {
    if (getenv("SLUICE_ETHASH_SEARCH_CHILD")) return;
    setenv("SLUICE_ETHASH_SEARCH_CHILD", "1", 1);
    setenv("SLUICE_CPU_MASK", "scalar", 1);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "'%s'", self);
    printf("  again with SLUICE_CPU_MASK=scalar:\n");
    fflush(stdout);
    CHECK(system(cmd) == 0);
}

int main(int argc, char **argv) {
    (void)argc;
    test_small_vector();
    sluice_ethash_epoch *ctx = ethash_mock_random(4099, 0x5ea4c4);
    CHECK(ctx != NULL);
    sluice_ethash_dag *dag = ctx ? make_dag(ctx, 2053) : NULL;
    if (dag) {
        test_full_vs_ref(dag);
        test_lowest_winner(dag);
        test_limits(dag);
    }
    sluice_ethash_dag_free(dag);
    sluice_ethash_epoch_free(ctx);
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    self[len > 0 ? len : 0] = '\0';
    test_scalar_path(len > 0 ? self : argv[0]);
    return tu_finish("test_ethash_search");
}
