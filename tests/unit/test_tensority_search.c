/* The CPU nonce search: winners re-verified with the reference, exact hash
 * counts on bounded ranges, stop flag, time limit, NUMA copy of the cache. */
#include "sluice/bytom_genesis.h"
#include "sluice/bytom_header.h"
#include "sluice/bytom_target.h"
#include "sluice/tensority_search.h"
#include "sluice/topology.h"
#include "testutil.h"
#include <stdlib.h>
#include <string.h>

static void *plain_alloc(void *ctx, size_t len) {
    (void)ctx;
    void *p = NULL;
    return posix_memalign(&p, 64, len) == 0 ? p : NULL;
}
static void plain_free(void *ctx, void *p, size_t len) { (void)ctx; (void)len; free(p); }

int main(void) {
    uint8_t seed[32];
    sluice_bytom_initial_seed(seed);
    sluice_tensority_cache *cache = NULL;
    CHECK(sluice_tensority_cache_new(&cache, seed, 0) == SLUICE_OK);
    if (!cache) return tu_finish("test_tensority_search");
    sluice_topology *topo = NULL;
    if (sluice_topology_open(&topo) != SLUICE_OK) topo = NULL;

    sluice_bytom_header h;
    sluice_bytom_mainnet_genesis(&h);
    h.height = 1;
    h.bits = (34ULL << 56) | 16;   /* 2^252: 1 in 16 */
    uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES];
    sluice_bytom_header_body(&h, body);

    for (unsigned threads = 1; threads <= 2; threads++) {
        sluice_tensority_search_params p;
        memset(&p, 0, sizeof p);
        p.body = body;
        p.start_nonce = 1000 * threads;
        p.count = 4096;
        p.threads = threads;
        p.topo = topo;
        sluice_bytom_bits_to_target(h.bits, &p.target);
        sluice_tensority_search_result r;
        CHECK(sluice_tensority_search(cache, &p, &r) == SLUICE_OK);
        CHECK(r.found);
        CHECK(r.threads == threads);
        CHECK(r.nonce >= p.start_nonce && r.nonce < p.start_nonce + p.count);
        CHECK(r.hashes >= 1);
        /* independent re-verification */
        sluice_bytom_header w = h;
        w.nonce = r.nonce;
        uint8_t bh[32], res[32];
        sluice_bytom_header_hash(&w, bh);
        CHECK_MEM(bh, r.block_hash, 32);
        CHECK(sluice_tensority_hash_ref(sluice_tensority_cache_matrix(cache, 0), bh, res) == SLUICE_OK);
        CHECK_MEM(res, r.result, 32);
        CHECK(sluice_bytom_pow_ok(res, h.bits));
    }

    /* An impossible target over a bounded range: exactly `count` hashes, not found. */
    {
        sluice_tensority_search_params p;
        memset(&p, 0, sizeof p);
        p.body = body;
        p.count = 7;
        p.threads = 2;
        p.target.negative = 1;
        sluice_tensority_search_result r;
        CHECK(sluice_tensority_search(cache, &p, &r) == SLUICE_OK);
        CHECK(!r.found);
        CHECK(r.hashes == 7);
        /* A raised stop flag stops before any work. */
        volatile int stop = 1;
        p.stop = &stop;
        p.count = 0;
        CHECK(sluice_tensority_search(cache, &p, &r) == SLUICE_OK);
        CHECK(!r.found && r.hashes == 0);
        /* A time limit ends an unbounded search. */
        p.stop = NULL;
        p.max_seconds = 0.2;
        CHECK(sluice_tensority_search(cache, &p, &r) == SLUICE_OK);
        CHECK(!r.found && r.seconds < 5.0);
        /* Bad arguments. */
        CHECK(sluice_tensority_search(NULL, &p, &r) == SLUICE_ERR_ARG);
        p.body = NULL;
        CHECK(sluice_tensority_search(cache, &p, &r) == SLUICE_ERR_ARG);
    }

    /* A copy of the cache (the per-NUMA-node path) hashes identically. */
    {
        sluice_tensority_cache *copy = NULL;
        CHECK(sluice_tensority_cache_clone(cache, plain_alloc, NULL, &copy) == SLUICE_OK);
        if (copy) {
            uint8_t hh[32] = {42}, a[32], b[32];
            CHECK(sluice_tensority_hash(cache, SLUICE_TENSORITY_AUTO, hh, a, NULL) == SLUICE_OK);
            CHECK(sluice_tensority_hash(copy, SLUICE_TENSORITY_AUTO, hh, b, NULL) == SLUICE_OK);
            CHECK_MEM(a, b, 32);
            CHECK_MEM(sluice_tensority_cache_seed(copy), seed, 32);
            sluice_tensority_cache_free_with(copy, plain_free, NULL);
        }
    }
    sluice_topology_close(topo);
    sluice_tensority_cache_free(cache);
    return tu_finish("test_tensority_search");
}
