/* The miner's nonce partition (tools/sluice/miner.h "Nonce partition"):
 * device ranges are disjoint, respect the pool's prefix / start nonce, give
 * contiguous blocks, wrap at the counter's end and run out exactly. */
#include "miner.h"
#include "testutil.h"
#include <stdlib.h>
#include <string.h>

static miner_job eth_job(uint64_t prefix, unsigned bits) {
    miner_job j;
    memset(&j, 0, sizeof j);
    j.algo = MINER_ALGO_ETHASH;
    j.nonce_prefix = prefix;
    j.nonce_prefix_bits = bits;
    return j;
}

static void dev_bits(void) {
    CHECK(miner_nonce_dev_bits(0) == 0);
    CHECK(miner_nonce_dev_bits(1) == 0);
    CHECK(miner_nonce_dev_bits(2) == 1);
    CHECK(miner_nonce_dev_bits(3) == 2);
    CHECK(miner_nonce_dev_bits(4) == 2);
    CHECK(miner_nonce_dev_bits(5) == 3);
    CHECK(miner_nonce_dev_bits(32) == 5);
    CHECK(miner_nonce_dev_bits(33) == 6);
}

/* Prefix 0xab in the top 8 bits, 3 devices: device d's nonces are
 * 0xab << 56 | d << 54 | counter (54 bits), counter starting at the salt. */
static void ethash_prefix_layout(void) {
    miner_job j = eth_job(0xabull << 56 | 0x1234 /* junk below the prefix is ignored */, 8);
    for (unsigned d = 0; d < 3; d++) {
        miner_nonce_range r;
        miner_nonce_range_init(&r, &j, d, 3, 0x777);
        uint64_t start, count;
        CHECK(r.local_bits == 54);
        CHECK(miner_nonce_peek(&r, 100, &start, &count));
        CHECK(start == (0xabull << 56 | (uint64_t)d << 54 | 0x777));
        CHECK(count == 100);
        CHECK(miner_nonce_in_range(&r, start));
        CHECK(miner_nonce_in_range(&r, start + 99));
        miner_nonce_advance(&r, 100);
        CHECK(miner_nonce_peek(&r, 5, &start, &count));
        CHECK(start == (0xabull << 56 | (uint64_t)d << 54 | (0x777 + 100)));
        /* Another device's or another prefix's nonce is not in this range. */
        CHECK(!miner_nonce_in_range(&r, 0xabull << 56 | (uint64_t)((d + 1) % 3) << 54 | 5));
        CHECK(!miner_nonce_in_range(&r, 0xacull << 56 | (uint64_t)d << 54 | 5));
    }
    miner_nonce_range r;
    miner_nonce_range_init(&r, &j, 3, 3, 0);   /* no device 3 of 3 */
    uint64_t s, c;
    CHECK(r.invalid && !miner_nonce_peek(&r, 1, &s, &c));
}

/* A tiny space: prefix of 60 bits leaves 4 bits; 3 devices take 2 of them,
 * 4 nonces each. Enumerate everything: disjoint, all under the prefix, each
 * range exactly 4 nonces, wrap from the salt included, then exhausted. */
static void small_space_exhaustive(void) {
    miner_job j = eth_job(0x0123456789abcde0ull, 60);
    int seen[16] = {0};
    for (unsigned d = 0; d < 3; d++) {
        miner_nonce_range r;
        miner_nonce_range_init(&r, &j, d, 3, 3 /* salt: start at counter 3, wrap to 0 */);
        CHECK(r.local_bits == 2);
        unsigned got = 0, blocks = 0;
        uint64_t start, count;
        while (miner_nonce_peek(&r, 16, &start, &count)) {
            blocks++;
            for (uint64_t k = 0; k < count; k++) {
                uint64_t n = start + k;
                CHECK((n & ~0xfull) == 0x0123456789abcde0ull);
                CHECK(((n & 0xf) >> 2) == d);
                CHECK(miner_nonce_in_range(&r, n));
                seen[n & 0xf]++;
                got++;
            }
            miner_nonce_advance(&r, count);
            if (blocks > 10) break;
        }
        CHECK(got == 4);
        CHECK(blocks == 2);   /* [3] then the wrap [0, 1, 2] */
        CHECK(r.exhausted);
    }
    for (unsigned i = 0; i < 12; i++) CHECK(seen[i] == 1);
    for (unsigned i = 12; i < 16; i++) CHECK(seen[i] == 0);
}

/* An 8-byte extranonce leaves nothing to vary: one device gets the single
 * nonce (the prefix); two devices need a bit that is not there. */
static void no_free_bits(void) {
    miner_job j = eth_job(0x1122334455667788ull, 64);
    miner_nonce_range r;
    uint64_t s, c;
    miner_nonce_range_init(&r, &j, 0, 1, 99);
    CHECK(miner_nonce_peek(&r, 10, &s, &c));
    CHECK(s == 0x1122334455667788ull && c == 1);
    miner_nonce_advance(&r, 1);
    CHECK(!miner_nonce_peek(&r, 10, &s, &c));
    miner_nonce_range_init(&r, &j, 1, 2, 0);
    CHECK(r.invalid && !miner_nonce_peek(&r, 1, &s, &c));
    j.nonce_prefix_bits = 200;   /* out of range: treated as 64 */
    miner_nonce_range_init(&r, &j, 0, 1, 0);
    CHECK(miner_nonce_peek(&r, 10, &s, &c) && c == 1);
}

/* No prefix, one device: the whole 64-bit space, counter wrapping at 2^64. */
static void full_space(void) {
    miner_job j = eth_job(0, 0);
    miner_nonce_range r;
    uint64_t s, c;
    miner_nonce_range_init(&r, &j, 0, 1, UINT64_MAX - 2);
    CHECK(r.local_bits == 64);
    CHECK(miner_nonce_peek(&r, 10, &s, &c));
    CHECK(s == UINT64_MAX - 2 && c == 3);   /* up to the wrap */
    miner_nonce_advance(&r, 3);
    CHECK(miner_nonce_peek(&r, 10, &s, &c));
    CHECK(s == 0 && c == 10);
    CHECK(miner_nonce_in_range(&r, 12345));
}

/* Tensority: nonce = start nonce + offset (32 bits), device index in the top
 * bits of the offset; the pool's start nonce is kept ("count upward"). */
static void tensority_start_nonce(void) {
    miner_job j;
    memset(&j, 0, sizeof j);
    j.algo = MINER_ALGO_TENSORITY;
    j.start_nonce = 0x0000001500000000ull;
    miner_nonce_range a, b;
    miner_nonce_range_init(&a, &j, 0, 2, 0);
    miner_nonce_range_init(&b, &j, 1, 2, 0);
    CHECK(a.local_bits == 31 && b.local_bits == 31);
    uint64_t s, c;
    CHECK(miner_nonce_peek(&a, 8, &s, &c) && s == 0x0000001500000000ull && c == 8);
    CHECK(miner_nonce_peek(&b, 8, &s, &c) && s == 0x0000001580000000ull && c == 8);
    CHECK(!miner_nonce_in_range(&a, 0x0000001580000000ull));
    CHECK(miner_nonce_in_range(&b, 0x0000001580000000ull));
    CHECK(!miner_nonce_in_range(&a, 0x0000001600000000ull));   /* beyond the 32-bit span */
    CHECK(!miner_nonce_in_range(&a, 0x00000014ffffffffull));   /* below the start */
}

/* Random device counts and prefixes: blocks of different devices never overlap. */
static void random_disjoint(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 42);
    for (int round = 0; round < 200; round++) {
        unsigned ndev = 1 + (unsigned)(tu_rng_next(&rng) % 9);
        unsigned bits = (unsigned)(tu_rng_next(&rng) % 61);
        miner_job j = eth_job(tu_rng_next(&rng), bits);
        uint64_t salt = tu_rng_next(&rng);
        miner_nonce_range r[9];
        uint64_t first[9];
        for (unsigned d = 0; d < ndev; d++) {
            miner_nonce_range_init(&r[d], &j, d, ndev, salt);
            uint64_t c;
            CHECK(miner_nonce_peek(&r[d], 1000, &first[d], &c));
        }
        for (unsigned d = 0; d < ndev; d++)
            for (unsigned e = 0; e < ndev; e++) CHECK(miner_nonce_in_range(&r[e], first[d]) == (d == e));
    }
}

int main(void) {
    dev_bits();
    ethash_prefix_layout();
    small_space_exhaustive();
    no_free_bits();
    full_space();
    tensority_start_nonce();
    random_disjoint();
    return tu_finish("test_miner_nonce");
}
