/* Ethash reference: sizes, seeds, light caches, dataset items and hashes
 * against tests/vectors/ethash.txt (chfast/ethash unit tests), the `small`
 * 501-item dataset search, targets (boundary / difficulty edge cases around
 * 2^256) and light verification verdicts. */
#include "sluice/ethash.h"
#include "sluice/hex.h"
#include "sluice/keccak.h"
#include "testutil.h"
#include "../../engine/pow/ethash_internal.h"   /* the mock context of the `small` vector */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Epoch contexts used by several vector lines, built once. */
#define MAX_CTX 6
static sluice_ethash_epoch *ctxs[MAX_CTX];

static const sluice_ethash_epoch *get_ctx(int epoch) {
    for (int i = 0; i < MAX_CTX; i++)
        if (ctxs[i] && sluice_ethash_epoch_number(ctxs[i]) == epoch) return ctxs[i];
    for (int i = 0; i < MAX_CTX; i++)
        if (!ctxs[i]) {
            sluice_err e = sluice_ethash_epoch_new(&ctxs[i], epoch);
            CHECK(e == SLUICE_OK);
            if (e != SLUICE_OK) { fprintf(stderr, "epoch %d: %s\n", epoch, sluice_strerror(e)); exit(1); }
            return ctxs[i];
        }
    fprintf(stderr, "too many epochs\n");
    exit(1);
}

static void hex32(uint8_t out[32], const char *hex) { CHECK(sluice_hex_decode_exact(out, 32, hex) == SLUICE_OK); }

static void test_vector_lines(void) {
    FILE *f = tu_open_vectors("ethash.txt");
    char line[1024];
    int n_hash = 0, n_sizes = 0, n_seed = 0, n_cache = 0, n_item = 0, n_empty = 0;
    while (tu_next_line(f, line, sizeof line)) {
        char kind[32], a[300], b[300], c[300], d[300];
        int k = sscanf(line, "%31s %299s %299s %299s %299s", kind, a, b, c, d);
        if (strcmp(kind, "hash") == 0 && k == 5) {
            uint64_t block = strtoull(a, NULL, 10), nonce = strtoull(c, NULL, 16);
            char mix_hex[65], final_hex[65];
            uint8_t hh[32], mix[32], fin[32];
            CHECK(sscanf(line, "%*s %*s %*s %*s %64s %64s", mix_hex, final_hex) == 2);
            hex32(hh, b);
            hex32(mix, mix_hex);
            hex32(fin, final_hex);
            const sluice_ethash_epoch *ctx = get_ctx(sluice_ethash_epoch_of_block(block));
            sluice_ethash_result r;
            sluice_ethash_light_hash_ref(ctx, hh, nonce, &r);
            CHECK_MEM(r.mix, mix, 32);
            CHECK_MEM(r.final, fin, 32);
            /* Light verification: valid at difficulty 1, mix and difficulty failures. */
            uint8_t one[32] = {0}, huge[32] = {0};
            one[31] = 1;
            huge[0] = 0x80;   /* 2^255: final would have to be <= 2 */
            CHECK(sluice_ethash_verify(ctx, hh, nonce, mix, one) == SLUICE_ETHASH_VALID);
            CHECK(sluice_ethash_verify(ctx, hh, nonce, mix, huge) == SLUICE_ETHASH_BAD_DIFFICULTY);
            uint8_t bad_mix[32];
            memcpy(bad_mix, mix, 32);
            bad_mix[17] ^= 0x04;
            CHECK(sluice_ethash_verify(ctx, hh, nonce, bad_mix, one) == SLUICE_ETHASH_BAD_MIX);
            CHECK(sluice_ethash_verify(ctx, hh, nonce + 1, mix, one) == SLUICE_ETHASH_BAD_MIX);
            /* The largest difficulty the hash meets is floor(2^256 / final)
             * = floor((2^256 - 1) / final) (final is not a power of two). */
            uint8_t dmax[32], dmax1[32];
            sluice_ethash_boundary_from_difficulty(fin, dmax);
            memcpy(dmax1, dmax, 32);
            for (int i = 31; i >= 0 && ++dmax1[i] == 0; i--) {}
            CHECK(sluice_ethash_verify(ctx, hh, nonce, mix, dmax) == SLUICE_ETHASH_VALID);
            CHECK(sluice_ethash_verify(ctx, hh, nonce, mix, dmax1) == SLUICE_ETHASH_BAD_DIFFICULTY);
            n_hash++;
        } else if (strcmp(kind, "sizes") == 0 && k == 4) {
            int epoch = atoi(a);
            uint64_t cache_bytes = strtoull(b, NULL, 10), full_bytes = strtoull(c, NULL, 10);
            CHECK(sluice_ethash_light_cache_items(epoch) * 64 == cache_bytes);
            CHECK(sluice_ethash_dataset_items(epoch) * 128 == full_bytes);
            n_sizes++;
        } else if (strcmp(kind, "seed") == 0 && k == 3) {
            int epoch = atoi(a);
            uint8_t want[32], got[32];
            hex32(want, b);
            CHECK(sluice_ethash_seed(epoch, got) == SLUICE_OK);
            CHECK_MEM(got, want, 32);
            CHECK(sluice_ethash_epoch_from_seed(want, -1) == epoch);
            CHECK(sluice_ethash_epoch_from_seed(want, epoch) == epoch);
            CHECK(sluice_ethash_epoch_from_seed(want, epoch - 1) == epoch);
            CHECK(sluice_ethash_epoch_from_seed(want, 5) == epoch);
            n_seed++;
        } else if (strcmp(kind, "cachehash") == 0 && k == 3) {
            const sluice_ethash_epoch *ctx = get_ctx(atoi(a));
            uint8_t want[32], got[32];
            hex32(want, b);
            sluice_keccak256(got, sluice_ethash_epoch_cache(ctx), sluice_ethash_epoch_cache_items(ctx) * 64);
            CHECK_MEM(got, want, 32);
            CHECK(sluice_ethash_epoch_cache_items(ctx) == sluice_ethash_light_cache_items(atoi(a)));
            CHECK(sluice_ethash_epoch_dataset_items(ctx) == sluice_ethash_dataset_items(atoi(a)));
            CHECK(((uintptr_t)sluice_ethash_epoch_cache(ctx) & 63) == 0);
            uint8_t seed[32];
            sluice_ethash_seed(atoi(a), seed);
            CHECK_MEM(sluice_ethash_epoch_seed_hash(ctx), seed, 32);
            n_cache++;
        } else if (strcmp(kind, "item") == 0 && k == 4) {
            const sluice_ethash_epoch *ctx = get_ctx(atoi(a));
            uint8_t want[128], got[128];
            CHECK(sluice_hex_decode_exact(want, 128, c) == SLUICE_OK);
            sluice_ethash_dataset_item(ctx, strtoull(b, NULL, 10), got);
            CHECK_MEM(got, want, 128);
            n_item++;
        } else if (strcmp(kind, "keccak256_empty") == 0 && k == 2) {
            uint8_t want[32], got[32];
            hex32(want, a);
            sluice_keccak256(got, "", 0);
            CHECK_MEM(got, want, 32);
            n_empty++;
        }
    }
    fclose(f);
    CHECK(n_hash == 4);
    CHECK(n_sizes == 8);
    CHECK(n_seed == 5);
    CHECK(n_cache == 2);
    CHECK(n_item == 1);
    CHECK(n_empty == 1);
}

static void test_epoch_ranges(void) {
    uint8_t s[32], zero[32] = {0};
    CHECK(sluice_ethash_seed(0, s) == SLUICE_OK);
    CHECK_MEM(s, zero, 32);
    CHECK(sluice_ethash_epoch_from_seed(zero, -1) == 0);
    CHECK(sluice_ethash_seed(-1, s) == SLUICE_ERR_RANGE);
    CHECK(sluice_ethash_seed(SLUICE_ETHASH_MAX_EPOCH + 1, s) == SLUICE_ERR_RANGE);
    CHECK(sluice_ethash_seed(0, NULL) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_light_cache_items(-1) == 0 && sluice_ethash_dataset_items(-1) == 0);
    CHECK(sluice_ethash_light_cache_items(SLUICE_ETHASH_MAX_EPOCH + 1) == 0);
    CHECK(sluice_ethash_dataset_items(SLUICE_ETHASH_MAX_EPOCH + 1) == 0);
    CHECK(sluice_ethash_light_cache_items(SLUICE_ETHASH_MAX_EPOCH) != 0);
    /* Seed of the last epoch is recovered; a seed of no epoch is not. */
    CHECK(sluice_ethash_seed(SLUICE_ETHASH_MAX_EPOCH, s) == SLUICE_OK);
    CHECK(sluice_ethash_epoch_from_seed(s, -1) == SLUICE_ETHASH_MAX_EPOCH);
    s[0] ^= 1;
    CHECK(sluice_ethash_epoch_from_seed(s, 100) == -1);
    CHECK(sluice_ethash_epoch_from_seed(NULL, 0) == -1);
    /* The seed one step past the last epoch (keccak256 of its seed) is no epoch's. */
    CHECK(sluice_ethash_seed(SLUICE_ETHASH_MAX_EPOCH, s) == SLUICE_OK);
    sluice_keccak256(s, s, 32);
    CHECK(sluice_ethash_epoch_from_seed(s, -1) == -1);
    memset(s, 0xff, 32);
    CHECK(sluice_ethash_epoch_from_seed(s, SLUICE_ETHASH_MAX_EPOCH + 7) == -1);
    /* Block edges: the last block of the last epoch and the first past it;
     * blocks whose epoch does not fit an int saturate (the plain cast mapped
     * 30000 * (2^32 + 5) to epoch 5 and UINT64_MAX to a negative epoch). */
    CHECK(sluice_ethash_epoch_of_block(30000ull * (SLUICE_ETHASH_MAX_EPOCH + 1) - 1) == SLUICE_ETHASH_MAX_EPOCH);
    CHECK(sluice_ethash_epoch_of_block(30000ull * (SLUICE_ETHASH_MAX_EPOCH + 1)) == SLUICE_ETHASH_MAX_EPOCH + 1);
    CHECK(sluice_ethash_epoch_of_block(30000ull * 2147483647ull) == 2147483647);
    CHECK(sluice_ethash_epoch_of_block(30000ull * 2147483648ull) == 2147483647);
    CHECK(sluice_ethash_epoch_of_block(30000ull * ((1ull << 32) + 5)) == 2147483647);
    CHECK(sluice_ethash_epoch_of_block(UINT64_MAX) == 2147483647);
    CHECK(sluice_ethash_epoch_of_block(0) == 0);
    CHECK(sluice_ethash_epoch_of_block(29999) == 0);
    CHECK(sluice_ethash_epoch_of_block(30000) == 1);
    CHECK(sluice_ethash_epoch_of_block(5000000) == 166);
    sluice_ethash_epoch *ctx = (sluice_ethash_epoch *)1;
    CHECK(sluice_ethash_epoch_new(&ctx, -1) == SLUICE_ERR_RANGE && ctx == NULL);
    CHECK(sluice_ethash_epoch_new(&ctx, SLUICE_ETHASH_MAX_EPOCH + 1) == SLUICE_ERR_RANGE && ctx == NULL);
    CHECK(sluice_ethash_epoch_new(NULL, 0) == SLUICE_ERR_ARG);
    sluice_ethash_epoch_free(NULL);
    /* Primality of the sizes: both are odd and have no small factor. */
    static const int epochs[] = {0, 1, 100, 2047, 30000, SLUICE_ETHASH_MAX_EPOCH};
    for (size_t i = 0; i < sizeof epochs / sizeof epochs[0]; i++) {
        uint64_t c = sluice_ethash_light_cache_items(epochs[i]), d = sluice_ethash_dataset_items(epochs[i]);
        for (uint64_t p = 2; p < 2000; p++) CHECK(c % p != 0 && d % p != 0);
        CHECK(c * 64 <= SLUICE_ETHASH_LIGHT_CACHE_INIT_SIZE + (uint64_t)SLUICE_ETHASH_LIGHT_CACHE_GROWTH * epochs[i]);
        CHECK(d * 128 <= SLUICE_ETHASH_FULL_DATASET_INIT_SIZE + SLUICE_ETHASH_FULL_DATASET_GROWTH * epochs[i]);
    }
}

/* chfast/ethash's mock epoch context (test_ethash.cpp create_epoch_context_mock):
 * an epoch-0-sized light cache whose every 64-bit word is 0xe14a54a1b2c3d4e5,
 * built through the internal struct (no 0.3 s cache build). */
static sluice_ethash_epoch *mock_epoch0(uint64_t dataset_items) {
    sluice_ethash_epoch *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cache_items = sluice_ethash_light_cache_items(0);
    m->dataset_items = dataset_items;
    m->cache_alloc = m->cache_items * 64;
    void *mem = NULL;
    if (posix_memalign(&mem, 64, m->cache_alloc) != 0) { free(m); return NULL; }
    m->cache = mem;
    for (uint64_t i = 0; i < m->cache_items; i++)
        for (int k = 0; k < 8; k++) m->cache[i].q[k] = 0xe14a54a1b2c3d4e5ull;
    return m;
}

/* The `small` vector: a 501-item dataset from the mock context, zero header
 * hash, boundary 2^247, nonces 940..949: only 948 qualifies. */
typedef struct { uint8_t (*items)[128]; } small_ds;
static void small_lookup(void *user, uint64_t i, uint8_t out[128]) {
    memcpy(out, ((small_ds *)user)->items[i], 128);
}

static void test_small_dataset(void) {
    FILE *f = tu_open_vectors("ethash.txt");
    char line[1024], fin_hex[100] = "", mix_hex[100] = "";
    uint64_t want_nonce = 0;
    while (tu_next_line(f, line, sizeof line))
        if (strncmp(line, "small ", 6) == 0) {
            unsigned long long nn;
            CHECK(sscanf(line, "small %llu %99s %99s", &nn, fin_hex, mix_hex) == 3);
            want_nonce = nn;
        }
    fclose(f);
    CHECK(want_nonce == 948);
    uint8_t want_final[32], want_mix[32];
    hex32(want_final, fin_hex);
    hex32(want_mix, mix_hex);
    sluice_ethash_epoch *ctx = mock_epoch0(501);
    small_ds ds = {malloc(501 * 128)};
    CHECK(ctx != NULL && ds.items != NULL);
    if (!ctx || !ds.items) return;
    for (uint64_t i = 0; i < 501; i++) sluice_ethash_dataset_item(ctx, i, ds.items[i]);
    uint8_t header[32] = {0}, boundary[32] = {0};
    boundary[1] = 0x80;   /* 2^247 */
    int found = 0;
    for (uint64_t nonce = 940; nonce < 950; nonce++) {
        sluice_ethash_result r, l;
        sluice_ethash_hashimoto_ref(501, small_lookup, &ds, header, nonce, &r);
        sluice_ethash_light_hash_ref(ctx, header, nonce, &l);   /* items from the cache: same */
        CHECK_MEM(&l, &r, sizeof r);
        if (sluice_ethash_boundary_ok(r.final, boundary)) {
            CHECK(nonce == want_nonce);
            CHECK_MEM(r.final, want_final, 32);
            CHECK_MEM(r.mix, want_mix, 32);
            found++;
        }
    }
    CHECK(found == 1);
    /* 483..492 has no solution (chfast test_ethash.cpp small_dataset). */
    for (uint64_t nonce = 483; nonce < 493; nonce++) {
        sluice_ethash_result r;
        sluice_ethash_hashimoto_ref(501, small_lookup, &ds, header, nonce, &r);
        CHECK(!sluice_ethash_boundary_ok(r.final, boundary));
    }
    free(ds.items);
    sluice_ethash_epoch_free(ctx);
}

static void be_from_u64(uint8_t out[32], uint64_t v) {
    memset(out, 0, 32);
    for (int i = 0; i < 8; i++) out[31 - i] = (uint8_t)(v >> (8 * i));
}

static void test_targets(void) {
    uint8_t f[32], d[32], b[32], want[32];
    uint8_t zero[32] = {0}, ones[32];
    memset(ones, 0xff, 32);
    /* boundary_ok: <= is ok, equality included. */
    CHECK(sluice_ethash_boundary_ok(zero, zero));
    CHECK(sluice_ethash_boundary_ok(ones, ones));
    be_from_u64(f, 1000);
    be_from_u64(b, 1000);
    CHECK(sluice_ethash_boundary_ok(f, b));
    be_from_u64(f, 1001);
    CHECK(!sluice_ethash_boundary_ok(f, b));
    memcpy(f, b, 32);
    f[0] = 1;   /* high byte decides */
    CHECK(!sluice_ethash_boundary_ok(f, b));
    CHECK(sluice_ethash_boundary_ok(b, f));

    /* difficulty_ok: difficulty 0 never; final * d <= 2^256 exactly. */
    CHECK(!sluice_ethash_difficulty_ok(zero, zero));
    CHECK(!sluice_ethash_difficulty_ok(ones, zero));
    CHECK(sluice_ethash_difficulty_ok(zero, ones));          /* 0 * anything */
    be_from_u64(d, 1);
    CHECK(sluice_ethash_difficulty_ok(ones, d));              /* (2^256-1) * 1 */
    be_from_u64(d, 2);
    CHECK(!sluice_ethash_difficulty_ok(ones, d));
    memset(f, 0, 32);
    f[0] = 0x80;                                              /* 2^255 * 2 == 2^256: ok */
    CHECK(sluice_ethash_difficulty_ok(f, d));
    f[31] = 1;                                                /* (2^255 + 1) * 2 > 2^256 */
    CHECK(!sluice_ethash_difficulty_ok(f, d));
    be_from_u64(f, 2);
    memset(d, 0, 32);
    d[0] = 0x80;                                              /* 2 * 2^255 == 2^256 */
    CHECK(sluice_ethash_difficulty_ok(f, d));
    d[31] = 1;
    CHECK(!sluice_ethash_difficulty_ok(f, d));
    be_from_u64(f, 1);
    CHECK(sluice_ethash_difficulty_ok(f, ones));              /* 1 * (2^256-1) */
    be_from_u64(f, 2);
    CHECK(!sluice_ethash_difficulty_ok(f, ones));
    /* 2^128 * 2^128 == 2^256 ok; (2^128 + 1) * 2^128 not. */
    memset(f, 0, 32);
    f[15] = 1;
    CHECK(sluice_ethash_difficulty_ok(f, f));
    memcpy(d, f, 32);
    d[31] = 1;
    CHECK(!sluice_ethash_difficulty_ok(f, d));
    CHECK(!sluice_ethash_difficulty_ok(d, f));

    /* boundary_from_difficulty = floor((2^256 - 1) / d). */
    sluice_ethash_boundary_from_difficulty(zero, b);
    CHECK_MEM(b, ones, 32);
    be_from_u64(d, 1);
    sluice_ethash_boundary_from_difficulty(d, b);
    CHECK_MEM(b, ones, 32);
    be_from_u64(d, 2);
    sluice_ethash_boundary_from_difficulty(d, b);
    memset(want, 0xff, 32);
    want[0] = 0x7f;
    CHECK_MEM(b, want, 32);
    be_from_u64(d, 3);
    sluice_ethash_boundary_from_difficulty(d, b);
    memset(want, 0x55, 32);
    CHECK_MEM(b, want, 32);
    be_from_u64(d, 0x10000);
    sluice_ethash_boundary_from_difficulty(d, b);
    memset(want, 0xff, 32);
    want[0] = want[1] = 0;
    CHECK_MEM(b, want, 32);
    memset(d, 0, 32);
    d[0] = 0x80;   /* 2^255 -> 1 */
    sluice_ethash_boundary_from_difficulty(d, b);
    be_from_u64(want, 1);
    CHECK_MEM(b, want, 32);
    sluice_ethash_boundary_from_difficulty(ones, b);   /* 2^256 - 1 -> 1 */
    CHECK_MEM(b, want, 32);
    be_from_u64(d, 1000000007ull);
    sluice_ethash_boundary_from_difficulty(d, b);
    /* b * d <= 2^256 - 1 < (b + 1) * d */
    CHECK(sluice_ethash_difficulty_ok(b, d));
    uint8_t b1[32];
    memcpy(b1, b, 32);
    for (int i = 31; i >= 0 && ++b1[i] == 0; i--) {}
    CHECK(!sluice_ethash_difficulty_ok(b1, d));

    /* Random agreement of difficulty_ok with the boundary (d not a power of 2),
     * at the boundary and one above it. */
    tu_rng rng;
    tu_rng_seed(&rng, 0xe7a5);
    for (int t = 0; t < 300; t++) {
        tu_rng_bytes(&rng, d, 32);
        int zeros = (int)(tu_rng_next(&rng) % 31);
        memset(d, 0, (size_t)zeros);   /* difficulties of every magnitude */
        d[31] |= 1;
        if (memcmp(d + 0, zero, 31) == 0 && d[31] == 1) continue;
        sluice_ethash_boundary_from_difficulty(d, b);
        CHECK(sluice_ethash_difficulty_ok(b, d));
        memcpy(b1, b, 32);
        for (int i = 31; i >= 0 && ++b1[i] == 0; i--) {}
        CHECK(!sluice_ethash_difficulty_ok(b1, d));
        tu_rng_bytes(&rng, f, 32);
        CHECK(sluice_ethash_difficulty_ok(f, d) == sluice_ethash_boundary_ok(f, b));
    }

    /* Share difficulty (EthereumStratum/1.0.0): 1.0 -> 0x00000000ffff0000... */
    sluice_ethash_boundary_from_share_difficulty(1.0, b);
    memset(want, 0, 32);
    want[4] = want[5] = 0xff;
    CHECK_MEM(b, want, 32);
    sluice_ethash_boundary_from_share_difficulty(2.0, b);
    memset(want, 0, 32);
    want[4] = 0x7f; want[5] = 0xff; want[6] = 0x80;
    CHECK_MEM(b, want, 32);
    sluice_ethash_boundary_from_share_difficulty(0.5, b);
    memset(want, 0, 32);
    want[3] = 0x01; want[4] = 0xff; want[5] = 0xfe;
    CHECK_MEM(b, want, 32);
    sluice_ethash_boundary_from_share_difficulty(65535.0, b);   /* 2^208 */
    memset(want, 0, 32);
    want[5] = 1;
    CHECK_MEM(b, want, 32);
    sluice_ethash_boundary_from_share_difficulty(3.0, b);       /* 0xffff * 2^208 / 3 = 0x5555 * 2^208 */
    memset(want, 0, 32);
    want[4] = want[5] = 0x55;
    CHECK_MEM(b, want, 32);
    sluice_ethash_boundary_from_share_difficulty(0.0, b);
    CHECK_MEM(b, ones, 32);
    sluice_ethash_boundary_from_share_difficulty(-4.0, b);
    CHECK_MEM(b, ones, 32);
    sluice_ethash_boundary_from_share_difficulty(1e-300, b);
    CHECK_MEM(b, ones, 32);
    sluice_ethash_boundary_from_share_difficulty(1e300, b);
    CHECK_MEM(b, zero, 32);
    sluice_ethash_boundary_from_share_difficulty(4294967296.0 * 65535.0, b);   /* 2^208 / 2^32 = 2^176 */
    memset(want, 0, 32);
    want[9] = 1;
    CHECK_MEM(b, want, 32);
    /* Doubles that are not ordinary numbers: defined answers, no UB (the
     * ASan/UBSan build runs this). NaN, -inf and -0 are "no work": all ones;
     * +inf and DBL_MAX: 0; the smallest denormal: all ones. */
    const double all_ones_d[] = {NAN, -NAN, -INFINITY, -0.0, -DBL_MIN, 4.9406564584124654e-324, DBL_MIN};
    for (size_t i = 0; i < sizeof all_ones_d / sizeof all_ones_d[0]; i++) {
        memset(b, 0x11, 32);
        sluice_ethash_boundary_from_share_difficulty(all_ones_d[i], b);
        CHECK_MEM(b, ones, 32);
    }
    const double zero_d[] = {INFINITY, DBL_MAX, 0x1p+300};
    for (size_t i = 0; i < sizeof zero_d / sizeof zero_d[0]; i++) {
        memset(b, 0x11, 32);
        sluice_ethash_boundary_from_share_difficulty(zero_d[i], b);
        CHECK_MEM(b, zero, 32);
    }
    /* The edge of 256 bits: 0xffff * 2^208 / d reaches 2^256 at d = 0xffff *
     * 2^-48 (all ones, clamped); d = 2^-32 gives 0xffff * 2^240 exactly. */
    sluice_ethash_boundary_from_share_difficulty(65535.0 * 0x1p-48, b);
    CHECK_MEM(b, ones, 32);
    sluice_ethash_boundary_from_share_difficulty(0x1p-32, b);
    memset(want, 0, 32);
    want[0] = want[1] = 0xff;
    CHECK_MEM(b, want, 32);
    /* 0xffff * 2^208 / 2^224 = 0xffff / 2^16 -> 0; one step lower, 2^223: 1. */
    sluice_ethash_boundary_from_share_difficulty(0x1p+224, b);
    CHECK_MEM(b, zero, 32);
    sluice_ethash_boundary_from_share_difficulty(0x1p+223, b);
    be_from_u64(want, 1);
    CHECK_MEM(b, want, 32);
    /* Larger difficulty, never a larger boundary (random doubles of every size). */
    for (int t = 0; t < 2000; t++) {
        double x = ldexp((double)(tu_rng_next(&rng) >> 11), (int)(tu_rng_next(&rng) % 600) - 353);
        double y = x * (1.0 + (double)(tu_rng_next(&rng) % 1000) / 997.0);
        uint8_t bx[32], by[32];
        sluice_ethash_boundary_from_share_difficulty(x, bx);
        sluice_ethash_boundary_from_share_difficulty(y, by);
        CHECK(memcmp(by, bx, 32) <= 0);
    }

    CHECK(strcmp(sluice_ethash_verdict_name(SLUICE_ETHASH_VALID), "valid") == 0);
    CHECK(strcmp(sluice_ethash_verdict_name(SLUICE_ETHASH_BAD_MIX), "mix hash mismatch") == 0);
    CHECK(strcmp(sluice_ethash_verdict_name(SLUICE_ETHASH_BAD_DIFFICULTY), "difficulty not met") == 0);
    CHECK(strcmp(sluice_ethash_verdict_name((sluice_ethash_verdict)77), "unknown verdict") == 0);
}

/* The reference dataset item is nodes 2i and 2i+1, and fnv is the spec's. */
static void test_items_and_fnv(void) {
    CHECK(sluice_ethash_fnv(0, 0) == 0);
    CHECK(sluice_ethash_fnv(1, 0) == 0x01000193u);
    CHECK(sluice_ethash_fnv(0xffffffffu, 5) == ((0xffffffffu * 0x01000193u) ^ 5u));
    const sluice_ethash_epoch *ctx = get_ctx(0);
    uint8_t a[128], b[128];
    sluice_ethash_dataset_item(ctx, 0, a);
    sluice_ethash_dataset_item(ctx, 1, b);
    CHECK(memcmp(a, b, 128) != 0);
    CHECK(memcmp(a, a + 64, 64) != 0);
}

int main(void) {
    test_epoch_ranges();
    test_targets();
    test_items_and_fnv();
    test_small_dataset();
    test_vector_lines();
    for (int i = 0; i < MAX_CTX; i++) sluice_ethash_epoch_free(ctxs[i]);
    return tu_finish("test_ethash");
}
