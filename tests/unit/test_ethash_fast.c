/* The fast Ethash paths (engine/pow/ethash_nodes*.c, ethash_light.c):
 *  - the multiply-shift remainder == % on edge and random values;
 *  - every node implementation available here (scalar, AVX2, AVX-512) ==
 *    ethash_node_ref on random and edge indices (0, >= dataset nodes, max
 *    u32), for batch sizes that leave partial lane groups;
 *  - light hash (each implementation) == the `hash` vectors and the reference;
 *  - batch (odd n, n = 1, n = 0, mixed header hashes, 1/2/0 threads, each
 *    implementation) == sluice_ethash_light_hash_ref;
 *  - search_light == a brute-force loop over the reference on an easy
 *    boundary; it honours count, stop and max_seconds, and bad arguments.
 * The epoch-0 cache is built once; epoch 166 (block 5000000) once more. */
#include "../../engine/pow/ethash_fast.h"
#include "sluice/ethash.h"
#include "sluice/hex.h"
#include "testutil.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const ethash_impl IMPLS[] = {ETHASH_IMPL_SCALAR, ETHASH_IMPL_AVX2, ETHASH_IMPL_AVX512};
#define NIMPLS (sizeof IMPLS / sizeof IMPLS[0])

static void unhex(uint8_t *out, size_t len, const char *hex) {
    if (sluice_hex_decode_exact(out, len, hex) != SLUICE_OK) {
        fprintf(stderr, "bad test hex: %s\n", hex);
        exit(2);
    }
}

static void test_fastmod(tu_rng *rng) {
    /* The divisors Ethash uses at its edges: cache and dataset items of epoch
     * 0 (262139, 8388593) and of the last epoch 32639 (67106813,
     * 2147418083, checked against the size formula below). */
    CHECK(sluice_ethash_light_cache_items(SLUICE_ETHASH_MAX_EPOCH) == 67106813u);
    CHECK(sluice_ethash_dataset_items(SLUICE_ETHASH_MAX_EPOCH) == 2147418083u);
    const uint32_t ds[] = {1, 2, 3, 7, 262139, 16776896 / 64 - 1, 8388593u, 67106813u, 2147418083u, 0x7fffffffu,
                           0x80000000u, 0xfffffffbu, 0xffffffffu};
    const uint32_t xs[] = {0, 1, 2, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        ethash_divisor dv = ethash_divisor_make(ds[i]);
        for (size_t j = 0; j < sizeof xs / sizeof xs[0]; j++) CHECK(ethash_mod(dv, xs[j]) == xs[j] % ds[i]);
        /* around multiples of d, where a rounding error would show */
        for (uint64_t m = 1; m < 4 && m * ds[i] <= 0xffffffffu; m++)
            for (int dx = -1; dx <= 1; dx++) {
                uint64_t x = m * ds[i] + (uint64_t)(int64_t)dx;
                if (x <= 0xffffffffu) CHECK(ethash_mod(dv, (uint32_t)x) == (uint32_t)x % ds[i]);
            }
    }
    int bad = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t r = tu_rng_next(rng);
        uint32_t d = (uint32_t)(r >> 32) >> (r & 31);
        if (!d) d = 1;
        uint32_t x = (uint32_t)r;
        if (ethash_mod(ethash_divisor_make(d), x) != x % d) bad++;
    }
    CHECK(bad == 0);
}

static void test_nodes(const sluice_ethash_epoch *ctx, tu_rng *rng) {
    enum { N = 70 };
    uint32_t idx[N];
    const uint32_t nodes = (uint32_t)(2 * ctx->dataset_items);
    const uint32_t edges[] = {0, 1, (uint32_t)ctx->cache_items - 1, (uint32_t)ctx->cache_items,
                              nodes - 1, nodes, nodes + 12345, 0xfffffffeu, 0xffffffffu};
    memcpy(idx, edges, sizeof edges);
    for (size_t k = sizeof edges / sizeof edges[0]; k < N; k++) idx[k] = (uint32_t)tu_rng_next(rng);
    ethash_node want[N];
    for (int k = 0; k < N; k++) ethash_node_ref(ctx, idx[k], &want[k]);

    /* n = 1, 2 (one light hash), partial and full lane groups of every
     * implementation (scalar 32, AVX2 and AVX-512 64 lanes), and over */
    const size_t sizes[] = {1, 2, 7, 32, 33, 64, 65, N};
    for (size_t i = 0; i < NIMPLS; i++) {
        if (!ethash_impl_available(IMPLS[i])) {
            printf("  nodes: %s not available here (skipped)\n", ethash_impl_name(IMPLS[i]));
            CHECK(ethash_nodes_with(IMPLS[i], ctx, idx, 1, want) == SLUICE_ERR_UNSUPPORTED);
            continue;
        }
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            ethash_node got[N];
            memset(got, 0xee, sizeof got);
            /* the last `sizes[s]` indices, so the edge values land in every lane position */
            size_t off = N - sizes[s];
            CHECK(ethash_nodes_with(IMPLS[i], ctx, idx + off, sizes[s], got) == SLUICE_OK);
            CHECK_MEM(got, want + off, sizes[s] * sizeof(ethash_node));
            if (off) {
                CHECK(ethash_nodes_with(IMPLS[i], ctx, idx, sizes[s], got) == SLUICE_OK);
                CHECK_MEM(got, want, sizes[s] * sizeof(ethash_node));
            }
        }
    }
    ethash_node got[N];
    ethash_nodes(ctx, idx, N, got);
    CHECK_MEM(got, want, sizeof got);
    CHECK(ethash_nodes_with(ETHASH_IMPL_AUTO, ctx, idx, 0, NULL) == SLUICE_OK);
    CHECK(ethash_nodes_with((ethash_impl)99, ctx, idx, 1, got) == SLUICE_ERR_ARG);
    CHECK(ethash_nodes_with(ETHASH_IMPL_AUTO, NULL, idx, 1, got) == SLUICE_ERR_ARG);
}

/* One light hash by every path against an expected result. */
static void check_light_all(const sluice_ethash_epoch *ctx, const uint8_t hh[32], uint64_t nonce,
                            const sluice_ethash_result *want) {
    sluice_ethash_result got;
    for (size_t i = 0; i < NIMPLS; i++) {
        if (!ethash_impl_available(IMPLS[i])) continue;
        memset(&got, 0xee, sizeof got);
        CHECK(ethash_light_hash_with(IMPLS[i], ctx, hh, nonce, &got) == SLUICE_OK);
        CHECK_MEM(&got, want, sizeof got);
    }
    memset(&got, 0xee, sizeof got);
    sluice_ethash_light_hash(ctx, hh, nonce, &got);
    CHECK_MEM(&got, want, sizeof got);
}

/* The `hash` lines of tests/vectors/ethash.txt whose epoch is `epoch`. */
static int test_hash_vectors(const sluice_ethash_epoch *ctx, int epoch) {
    FILE *f = tu_open_vectors("ethash.txt");
    char line[1024];
    int seen = 0;
    while (tu_next_line(f, line, sizeof line)) {
        char hh_hex[80], mix_hex[80], fin_hex[80];
        unsigned long long block, nonce;
        if (sscanf(line, "hash %llu %79s %llx %79s %79s", &block, hh_hex, &nonce, mix_hex, fin_hex) != 5)
            continue;
        if (sluice_ethash_epoch_of_block(block) != epoch) continue;
        uint8_t hh[32];
        sluice_ethash_result want;
        unhex(hh, 32, hh_hex);
        unhex(want.mix, 32, mix_hex);
        unhex(want.final, 32, fin_hex);
        check_light_all(ctx, hh, nonce, &want);
        /* a wrong nonce must not give the vector's answer */
        sluice_ethash_result other;
        sluice_ethash_light_hash(ctx, hh, nonce + 1, &other);
        CHECK(memcmp(other.mix, want.mix, 32) != 0);
        seen++;
    }
    fclose(f);
    return seen;
}

static void test_batch(const sluice_ethash_epoch *ctx, tu_rng *rng) {
    enum { N = 2 * ETHASH_LIGHT_LANES + 5 };
    uint8_t hh[N][32];
    uint64_t nonce[N];
    sluice_ethash_result want[N], got[N];
    for (int k = 0; k < N; k++) {
        tu_rng_bytes(rng, hh[k], 32);
        if (k % 5 == 3) memcpy(hh[k], hh[k - 1], 32);   /* some shared headers */
        nonce[k] = tu_rng_next(rng);
    }
    nonce[0] = 0;
    nonce[1] = UINT64_MAX;
    for (int k = 0; k < N; k++) sluice_ethash_light_hash_ref(ctx, hh[k], nonce[k], &want[k]);
    check_light_all(ctx, hh[N - 1], nonce[N - 1], &want[N - 1]);

    /* odd, one group, one lane over, several groups */
    const size_t sizes[] = {1, 3, ETHASH_LIGHT_LANES, ETHASH_LIGHT_LANES + 1, N};
    const unsigned threads[] = {1, 2, 0};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
            size_t off = N - sizes[s];
            memset(got, 0xee, sizeof got);
            CHECK(sluice_ethash_light_hash_batch(ctx, (const uint8_t (*)[32])(hh + off), nonce + off, sizes[s],
                                                 got, threads[t]) == SLUICE_OK);
            CHECK_MEM(got, want + off, sizes[s] * sizeof got[0]);
        }
    for (size_t i = 0; i < NIMPLS; i++) {
        if (!ethash_impl_available(IMPLS[i])) {
            CHECK(ethash_light_hash_batch_with(IMPLS[i], ctx, (const uint8_t (*)[32])hh, nonce, N, got, 1) ==
                  SLUICE_ERR_UNSUPPORTED);
            continue;
        }
        memset(got, 0xee, sizeof got);
        CHECK(ethash_light_hash_batch_with(IMPLS[i], ctx, (const uint8_t (*)[32])hh, nonce, N, got, 2) ==
              SLUICE_OK);
        CHECK_MEM(got, want, sizeof got);
    }
    /* n = 0 touches nothing; bad arguments */
    memset(got, 0xee, sizeof got);
    CHECK(sluice_ethash_light_hash_batch(ctx, NULL, NULL, 0, NULL, 1) == SLUICE_OK);
    CHECK(sluice_ethash_light_hash_batch(ctx, (const uint8_t (*)[32])hh, nonce, 0, got, 1) == SLUICE_OK);
    CHECK(got[0].mix[0] == 0xee);
    CHECK(sluice_ethash_light_hash_batch(NULL, (const uint8_t (*)[32])hh, nonce, 1, got, 1) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_light_hash_batch(ctx, NULL, nonce, 1, got, 1) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_light_hash_batch(ctx, (const uint8_t (*)[32])hh, NULL, 1, got, 1) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_light_hash_batch(ctx, (const uint8_t (*)[32])hh, nonce, 1, NULL, 1) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_light_hash_batch(ctx, (const uint8_t (*)[32])hh, nonce, 1, got, 5000) ==
          SLUICE_ERR_RANGE);
}

static void test_search(const sluice_ethash_epoch *ctx, tu_rng *rng) {
    uint8_t hh[32], boundary[32];
    tu_rng_bytes(rng, hh, 32);
    memset(boundary, 0xff, 32);
    boundary[0] = 0x0f;   /* about one nonce in 16 wins */
    const uint64_t start = 0xfffffffffffffff0ull;   /* the range wraps past 2^64 - 1 */

    /* brute force with the reference: the first winner at or after start */
    uint64_t win = 0;
    sluice_ethash_result win_hash;
    int found = 0;
    for (uint64_t off = 0; off < 200 && !found; off++) {
        sluice_ethash_light_hash_ref(ctx, hh, start + off, &win_hash);
        if (sluice_ethash_boundary_ok(win_hash.final, boundary)) { win = off; found = 1; }
    }
    CHECK(found);
    if (!found) return;

    sluice_ethash_search_params p = {0};
    p.header_hash = hh;
    p.start_nonce = start;
    p.boundary = boundary;
    sluice_ethash_search_result r;
    const unsigned threads[] = {1, 2};
    for (int t = 0; t < 2; t++) {
        p.threads = threads[t];
        p.count = 0;
        CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_OK);
        CHECK(r.found == 1);
        CHECK(r.nonce == start + win);
        CHECK_MEM(&r.hash, &win_hash, sizeof r.hash);
        CHECK(r.hashes >= win + 1);
        CHECK(r.threads == threads[t]);
        /* count stops just before the winner: nothing found, exactly count hashes */
        if (win > 0) {   /* (count 0 means no limit) */
            p.count = win;
            CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_OK);
            CHECK(r.found == 0);
            CHECK(r.hashes == win);
        }
        /* count ending on the winner */
        p.count = win + 1;
        CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_OK);
        CHECK(r.found == 1 && r.nonce == start + win);
    }
    /* an impossible boundary: exactly count hashes, over several lane groups */
    uint8_t zero[32] = {0};
    p.boundary = zero;
    p.count = 2 * ETHASH_LIGHT_LANES + 3;
    p.threads = 2;
    CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_OK);
    CHECK(r.found == 0);
    CHECK(r.hashes == 2 * ETHASH_LIGHT_LANES + 3);
    p.boundary = boundary;
    /* stop already set: no work */
    volatile int stop = 1;
    p.count = 0;
    p.threads = 2;
    p.stop = &stop;
    CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_OK);
    CHECK(r.found == 0 && r.hashes == 0);
    p.stop = NULL;
    /* an impossible boundary with a time limit returns, nothing found */
    p.boundary = zero;
    p.max_seconds = 0.05;
    CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_OK);
    CHECK(r.found == 0);
    /* bad arguments */
    p.boundary = NULL;
    CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_ERR_ARG);
    p.boundary = boundary;
    CHECK(sluice_ethash_search_light(NULL, &p, &r) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_search_light(ctx, NULL, &r) == SLUICE_ERR_ARG);
    p.header_hash = NULL;
    CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_ERR_ARG);
    /* A NaN time limit is an error, as a negative one (it meant "no limit"). */
    p.header_hash = hh;
    p.max_seconds = -0.5;
    CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_ERR_RANGE);
    p.max_seconds = NAN;
    CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_ERR_RANGE);
    p.max_seconds = 0;
    p.threads = 1025;
    CHECK(sluice_ethash_search_light(ctx, &p, &r) == SLUICE_ERR_RANGE);
}

int main(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 0x65746861736866ull);
    printf("  node implementations here: best %s\n", ethash_impl_name(ethash_impl_best()));
    test_fastmod(&rng);

    sluice_ethash_epoch *e0 = NULL;
    CHECK(sluice_ethash_epoch_new(&e0, 0) == SLUICE_OK);
    if (e0) {
        test_nodes(e0, &rng);
        CHECK(test_hash_vectors(e0, 0) >= 2);
        test_batch(e0, &rng);
        test_search(e0, &rng);
        sluice_ethash_epoch_free(e0);
    }
    sluice_ethash_epoch *e166 = NULL;
    CHECK(sluice_ethash_epoch_new(&e166, 166) == SLUICE_OK);
    if (e166) {
        CHECK(test_hash_vectors(e166, 166) == 1);
        test_nodes(e166, &rng);
        sluice_ethash_epoch_free(e166);
    }
    return tu_finish("test_ethash_fast");
}
