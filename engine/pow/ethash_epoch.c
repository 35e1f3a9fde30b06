/* Ethash epoch arithmetic and the epoch context (the light cache).
 * Spec: ../shared/specs/ethash.md "Parameters" and "Algorithm" steps 1-3;
 * reference: chfast/ethash lib/ethash/ethash.cpp (calculate_*_num_items,
 * calculate_seed, build_light_cache) and lib/ethash/primes.c. */
#include "pow/ethash_internal.h"
#include "sluice/keccak.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Saturating: a plain (int) cast of block / 30000 wraps for blocks past
 * 30000 * 2^31 (block 30000 * (2^32 + 5) would map to epoch 5). */
int sluice_ethash_epoch_of_block(uint64_t block) {
    uint64_t e = block / SLUICE_ETHASH_EPOCH_LENGTH;
    return e > (uint64_t)INT_MAX ? INT_MAX : (int)e;
}

static int epoch_in_range(int epoch) { return epoch >= 0 && epoch <= SLUICE_ETHASH_MAX_EPOCH; }

/* Trial division by odd numbers up to sqrt(n) (primes.c does the same); the
 * largest n here is about 2^31, so at most ~23k divisions per candidate. */
static int is_odd_prime(uint64_t n) {
    for (uint64_t d = 3; d * d <= n; d += 2)
        if (n % d == 0) return 0;
    return 1;
}

/* Largest prime <= n, for n >= 3. The size formulas give even upper bounds,
 * so the search starts at the odd number below and steps by 2 (the Ethash
 * wiki's "sz -= 2 * HASH_BYTES" loop). */
static uint64_t largest_prime_le(uint64_t n) {
    if (n % 2 == 0) n--;
    while (!is_odd_prime(n)) n -= 2;
    return n;
}

uint64_t sluice_ethash_light_cache_items(int epoch) {
    if (!epoch_in_range(epoch)) return 0;
    uint64_t bytes = SLUICE_ETHASH_LIGHT_CACHE_INIT_SIZE + (uint64_t)SLUICE_ETHASH_LIGHT_CACHE_GROWTH * (uint64_t)epoch;
    return largest_prime_le(bytes / SLUICE_ETHASH_CACHE_ITEM_BYTES);
}

uint64_t sluice_ethash_dataset_items(int epoch) {
    if (!epoch_in_range(epoch)) return 0;
    uint64_t bytes = SLUICE_ETHASH_FULL_DATASET_INIT_SIZE + SLUICE_ETHASH_FULL_DATASET_GROWTH * (uint64_t)epoch;
    return largest_prime_le(bytes / SLUICE_ETHASH_DATASET_ITEM_BYTES);
}

sluice_err sluice_ethash_seed(int epoch, uint8_t out[32]) {
    if (!out) return SLUICE_ERR_ARG;
    if (!epoch_in_range(epoch)) return SLUICE_ERR_RANGE;
    uint8_t s[32] = {0};
    for (int i = 0; i < epoch; i++) sluice_keccak256(s, s, 32);
    memcpy(out, s, 32);
    return SLUICE_OK;
}

/* The seed chain can only be walked forward from epoch 0 (each seed is the
 * hash of the previous one), so without state kept between calls (the API has
 * none) the cost is (answer + 1) Keccak-256 hashes whatever the hint: about
 * 0.1 ms at epoch 400, 10 ms for a seed matching no epoch. The hint is
 * therefore not needed for correctness and is ignored. Seeds of distinct
 * epochs differ (a repeat would be a Keccak-256 cycle), so the first match is
 * the answer. */
int sluice_ethash_epoch_from_seed(const uint8_t seed[32], int hint) {
    if (!seed) return -1;
    (void)hint;
    uint8_t s[32] = {0};
    for (int e = 0; e <= SLUICE_ETHASH_MAX_EPOCH; e++) {
        if (memcmp(s, seed, 32) == 0) return e;
        sluice_keccak256(s, s, 32);
    }
    return -1;
}

/* Spec step 3 (chfast build_light_cache): a Keccak-512 chain from the seed,
 * then LIGHT_CACHE_ROUNDS passes of RandMemoHash. */
static void build_light_cache(ethash_node *c, uint64_t n, const uint8_t seed[32]) {
    sluice_keccak512(c[0].b, seed, 32);
    for (uint64_t i = 1; i < n; i++) sluice_keccak512(c[i].b, c[i - 1].b, 64);
    for (int round = 0; round < SLUICE_ETHASH_LIGHT_CACHE_ROUNDS; round++) {
        for (uint64_t i = 0; i < n; i++) {
            uint64_t v = c[i].w[0] % n;          /* le32 of word 0 (host is little-endian) */
            uint64_t w = (i + n - 1) % n;
            ethash_node x;
            for (int k = 0; k < 8; k++) x.q[k] = c[v].q[k] ^ c[w].q[k];
            sluice_keccak512(c[i].b, x.b, 64);
        }
    }
}

sluice_err sluice_ethash_epoch_new(sluice_ethash_epoch **out, int epoch) {
    if (!out) return SLUICE_ERR_ARG;
    *out = NULL;
    if (!epoch_in_range(epoch)) return SLUICE_ERR_RANGE;
    sluice_ethash_epoch *ctx = calloc(1, sizeof *ctx);
    if (!ctx) return SLUICE_ERR_NOMEM;
    ctx->epoch = epoch;
    ctx->cache_items = sluice_ethash_light_cache_items(epoch);
    ctx->dataset_items = sluice_ethash_dataset_items(epoch);
    sluice_ethash_seed(epoch, ctx->seed);
    ctx->cache_alloc = (size_t)ctx->cache_items * SLUICE_ETHASH_CACHE_ITEM_BYTES;
    /* 2 MiB-aligned and offered to transparent huge pages: light hashing reads
     * the cache at random, so fewer TLB misses are worth ~10% (measured). */
    void *mem = NULL;
    if (posix_memalign(&mem, 2u << 20, ctx->cache_alloc) != 0) {
        free(ctx);
        return SLUICE_ERR_NOMEM;
    }
#ifdef MADV_HUGEPAGE
    (void)madvise(mem, ctx->cache_alloc, MADV_HUGEPAGE);   /* advice only: failure is harmless */
#endif
    ctx->cache = mem;
    build_light_cache(ctx->cache, ctx->cache_items, ctx->seed);
    *out = ctx;
    return SLUICE_OK;
}

void sluice_ethash_epoch_free(sluice_ethash_epoch *ctx) {
    if (!ctx) return;
    free(ctx->cache);
    free(ctx);
}

int sluice_ethash_epoch_number(const sluice_ethash_epoch *ctx) { return ctx->epoch; }
const uint8_t *sluice_ethash_epoch_seed_hash(const sluice_ethash_epoch *ctx) { return ctx->seed; }
uint64_t sluice_ethash_epoch_cache_items(const sluice_ethash_epoch *ctx) { return ctx->cache_items; }
uint64_t sluice_ethash_epoch_dataset_items(const sluice_ethash_epoch *ctx) { return ctx->dataset_items; }
const uint8_t *sluice_ethash_epoch_cache(const sluice_ethash_epoch *ctx) { return ctx->cache->b; }
