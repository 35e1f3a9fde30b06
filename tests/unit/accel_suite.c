/* The accelerator conformance suite (see accel_suite.h). */
#include "accel_suite.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sluice/bytom_header.h"
#include "sluice/bytom_target.h"
#include "sluice/hex.h"
#include "sluice/tensority.h"
#include "testutil.h"

#define MAX_LINES 32   /* read past ACCEL_SUITE_VECTORS so that extra lines are noticed */

/* How much work a device gets: a CPU device (PoCL: ~3 H/s, batch 8) gets a
 * few hashes, a GPU (batch ~1000) full batches and more reference checks. */
typedef struct {
    unsigned seeds;            /* random seeds with `headers` random header hashes each */
    unsigned headers;
    unsigned extra_samples;    /* random indices of the batch + 1 request checked */
    int all_search;            /* search batch + 3 nonces with a target all meet */
} suite_plan;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A context for seed; mats gets the seed's matrices (the reference reads them). */
static sluice_tensority_accel *new_ctx(const sluice_accel_device *dev, const uint8_t seed[32], int8_t *mats)
{
    char why[512] = "";
    CHECK(sluice_tensority_expand_seed(seed, mats) == SLUICE_OK);
    sluice_tensority_accel *ctx = NULL;
    sluice_err err = sluice_tensority_accel_new(&ctx, dev, mats, why, sizeof why);
    CHECK(err == SLUICE_OK);
    if (err != SLUICE_OK) {
        fprintf(stderr, "accel_new(%s %u.%u): %s: %s\n", sluice_accel_api_name(dev->api), dev->platform,
                dev->index, sluice_strerror(err), why);
        return NULL;
    }
    CHECK(ctx != NULL);
    CHECK(sluice_tensority_accel_batch(ctx) >= 1);
    const sluice_accel_device *d = sluice_tensority_accel_device(ctx);
    CHECK(d && d->api == dev->api && d->platform == dev->platform && d->index == dev->index);
    return ctx;
}

static sluice_err hash_or_report(sluice_tensority_accel *ctx, const uint8_t *hh, size_t n, uint8_t *out)
{
    sluice_err err = sluice_tensority_accel_hash(ctx, hh, n, out);
    CHECK(err == SLUICE_OK);
    if (err != SLUICE_OK)
        fprintf(stderr, "accel_hash(%zu): %s: %s\n", n, sluice_strerror(err), sluice_tensority_accel_why(ctx));
    return err;
}

/* Bad arguments: errors with reasons, no context, no crash. */
static void test_errors(sluice_accel_api api, const sluice_accel_device *dev, int8_t *mats)
{
    char why[512] = "";
    sluice_tensority_accel *ctx = NULL;
    CHECK(sluice_tensority_accel_new(&ctx, NULL, mats, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(ctx == NULL && why[0] != '\0');
    why[0] = '\0';
    CHECK(sluice_tensority_accel_new(&ctx, dev, NULL, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(ctx == NULL && why[0] != '\0');
    CHECK(sluice_tensority_accel_new(NULL, dev, mats, NULL, 0) == SLUICE_ERR_ARG);

    sluice_accel_device bad = *dev;
    bad.index = 999;
    why[0] = '\0';
    CHECK(sluice_tensority_accel_new(&ctx, &bad, mats, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(ctx == NULL && why[0] != '\0');
    bad = *dev;
    bad.api = (sluice_accel_api)7;
    CHECK(sluice_tensority_accel_new(&ctx, &bad, mats, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(ctx == NULL);

    unsigned count = 5;
    CHECK(sluice_accel_list((sluice_accel_api)7, NULL, 0, &count, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(count == 0);
    CHECK(sluice_accel_list(api, NULL, 0, NULL, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(sluice_accel_list(api, NULL, 1, &count, why, sizeof why) == SLUICE_ERR_ARG);
    /* Counting only (cap 0) finds this device again. */
    CHECK(sluice_accel_list(api, NULL, 0, &count, why, sizeof why) == SLUICE_OK);
    CHECK(count > dev->index);
}

/* Errors on a live context leave a reason and the context usable. */
static void test_ctx_errors(sluice_tensority_accel *ctx)
{
    uint8_t buf[32], body[SLUICE_BYTOM_HEADER_BODY_BYTES] = {0};
    uint64_t found[1];
    unsigned nfound = 7;
    sluice_bytom_target t;
    memset(&t, 0, sizeof t);
    CHECK(sluice_tensority_accel_hash(ctx, NULL, 1, buf) == SLUICE_ERR_ARG);
    CHECK(sluice_tensority_accel_why(ctx)[0] != '\0');
    CHECK(sluice_tensority_accel_hash(ctx, buf, 1, NULL) == SLUICE_ERR_ARG);
    CHECK(sluice_tensority_accel_hash(ctx, NULL, 0, NULL) == SLUICE_OK);   /* nothing to do */
    CHECK(sluice_tensority_accel_why(ctx)[0] == '\0');
    CHECK(sluice_tensority_accel_search(ctx, NULL, 0, 1, &t, found, 1, &nfound) == SLUICE_ERR_ARG);
    CHECK(sluice_tensority_accel_search(ctx, body, 0, 1, NULL, found, 1, &nfound) == SLUICE_ERR_ARG);
    CHECK(sluice_tensority_accel_search(ctx, body, 0, 1, &t, NULL, 1, &nfound) == SLUICE_ERR_ARG);
    CHECK(sluice_tensority_accel_search(ctx, body, 0, 0, &t, found, 1, &nfound) == SLUICE_OK);
    CHECK(nfound == 0);
}

typedef struct {
    uint8_t hh[32], seed[32], want[32];
} vector;

/* Every line of tensority.txt; one context per seed, its lines in one call. */
static void test_vectors(const sluice_accel_device *dev, int8_t *mats)
{
    static vector v[MAX_LINES];
    size_t nv = 0;
    char line[512], a[80], b[80], c[80];
    FILE *f = tu_open_vectors("tensority.txt");
    while (tu_next_line(f, line, sizeof line)) {
        CHECK(sscanf(line, "%79s %79s %79s", a, b, c) == 3);
        if (nv == MAX_LINES) { nv++; break; }
        CHECK(sluice_hex_decode_exact(v[nv].hh, 32, a) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(v[nv].seed, 32, b) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(v[nv].want, 32, c) == SLUICE_OK);
        nv++;
    }
    fclose(f);
    CHECK(nv == ACCEL_SUITE_VECTORS);
    if (nv > MAX_LINES) nv = MAX_LINES;
    int done[MAX_LINES] = {0};
    size_t checked = 0, seeds = 0;
    for (size_t i = 0; i < nv; i++) {
        if (done[i]) continue;
        uint8_t hh[MAX_LINES * 32], got[MAX_LINES * 32];
        size_t idx[MAX_LINES], n = 0;
        for (size_t j = i; j < nv; j++)
            if (!done[j] && memcmp(v[j].seed, v[i].seed, 32) == 0) {
                memcpy(hh + 32 * n, v[j].hh, 32);
                idx[n++] = j;
                done[j] = 1;
            }
        seeds++;
        sluice_tensority_accel *ctx = new_ctx(dev, v[i].seed, mats);
        if (!ctx) continue;
        memset(got, 0, sizeof got);
        if (hash_or_report(ctx, hh, n, got) == SLUICE_OK)
            for (size_t k = 0; k < n; k++) {
                CHECK_MEM(got + 32 * k, v[idx[k]].want, 32);
                checked++;
            }
        sluice_tensority_accel_free(ctx);
    }
    CHECK(checked == ACCEL_SUITE_VECTORS);
    printf("  vectors: %zu of %zu lines match (%zu seeds)\n", checked, nv, seeds);
}

/* Random header hashes under random seeds against the reference. */
static void test_random(const sluice_accel_device *dev, const suite_plan *plan, tu_rng *rng, int8_t *mats)
{
    uint8_t seed[32], want[32];
    unsigned pairs = 0;
    for (unsigned s = 0; s < plan->seeds; s++) {
        tu_rng_bytes(rng, seed, sizeof seed);
        sluice_tensority_accel *ctx = new_ctx(dev, seed, mats);
        if (!ctx) return;
        test_ctx_errors(ctx);
        uint8_t hh[8 * 32], got[8 * 32];
        unsigned n = plan->headers < 8 ? plan->headers : 8;
        tu_rng_bytes(rng, hh, 32 * n);
        memset(got, 0, sizeof got);
        if (hash_or_report(ctx, hh, n, got) == SLUICE_OK)
            for (unsigned k = 0; k < n; k++) {
                CHECK(sluice_tensority_hash_ref(mats, hh + 32 * k, want) == SLUICE_OK);
                CHECK_MEM(got + 32 * k, want, 32);
                pairs++;
            }
        sluice_tensority_accel_free(ctx);
    }
    printf("  random: %u (header, seed) pairs match the reference (%u seed(s))\n", pairs, plan->seeds);
}

/* The reference result of nonce start+k, computed once (ref[k], have[k]). */
static const uint8_t *ref_of(const int8_t *mats, const uint8_t *hh, size_t k, uint8_t *ref, uint8_t *have)
{
    if (!have[k]) {
        CHECK(sluice_tensority_hash_ref(mats, hh + 32 * k, ref + 32 * k) == SLUICE_OK);
        have[k] = 1;
    }
    return ref + 32 * k;
}

/* Found nonces: all in [start, start + count) (mod 2^64) and distinct. */
static int nonces_valid(uint64_t *found, unsigned nfound, uint64_t start, uint32_t count)
{
    int ok = 1;
    qsort(found, nfound, sizeof found[0], cmp_u64);
    for (unsigned i = 0; i < nfound; i++) {
        if (found[i] - start >= count) ok = 0;            /* wraps like the device does */
        if (i > 0 && found[i] == found[i - 1]) ok = 0;
    }
    return ok;
}

/* Batches and mining on one random seed. The nonces start .. start+batch
 * (batch + 1 of them, wrapping past 2^64) of a random header body are
 *  1. hashed as block hashes in one request (two launches; checked with the
 *     reference on both sides of the batch boundary and at random indices);
 *  2. searched with a target ~16 of them (half, at most) meet: the found
 *     set must be exactly the nonces whose hash from step 1 meets it, and
 *     every found nonce is re-verified on the CPU (block hash + reference);
 * then searches with a target every result meets (each nonce once, the cap
 * honoured) and one none meets. */
static void test_batches_and_search(const sluice_accel_device *dev, const suite_plan *plan, tu_rng *rng,
                                    int8_t *mats)
{
    uint8_t seed[32];
    tu_rng_bytes(rng, seed, sizeof seed);
    sluice_tensority_accel *ctx = new_ctx(dev, seed, mats);
    if (!ctx) return;
    const uint32_t batch = sluice_tensority_accel_batch(ctx), count = batch + 1;
    const uint64_t start = 0 - (uint64_t)(count / 2 + 1);
    uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES];
    tu_rng_bytes(rng, body, sizeof body);
    uint8_t *hh = malloc((size_t)32 * count), *got = calloc(count, 32), *ref = malloc((size_t)32 * count);
    uint8_t *have = calloc(count, 1), *is_found = calloc(count, 1);
    uint64_t *found = calloc(count + 1, sizeof *found);
    CHECK(hh && got && ref && have && is_found && found);
    if (!(hh && got && ref && have && is_found && found)) goto out;
    for (uint32_t k = 0; k < count; k++) sluice_bytom_header_hash_nonce(body, start + k, hh + 32 * k);

    /* 1. batch + 1 hashes */
    if (hash_or_report(ctx, hh, count, got) != SLUICE_OK) goto out;
    size_t idx[3 + 16] = {0, batch - 1, batch};
    size_t ni = 3, nref = 0;
    for (unsigned k = 0; k < plan->extra_samples && k < 16; k++) idx[ni++] = tu_rng_next(rng) % count;
    for (size_t k = 0; k < ni; k++) {
        if (have[idx[k]]) continue;
        CHECK_MEM(got + 32 * idx[k], ref_of(mats, hh, idx[k], ref, have), 32);
        nref++;
    }
    printf("  batches: %u hashes in one request (batch %u), %zu checked with the reference\n", count, batch, nref);

    /* 2. search */
    sluice_bytom_target t;
    memset(&t, 0, sizeof t);
    memset(t.le, 0xff, sizeof t.le);
    /* ~16 hits expected (half of the nonces on a small batch): results whose
     * top byte is <= top. */
    const uint32_t top = 256u * 16u / count >= 129 ? 0x7f : 256u * 16u / count - 1;
    t.le[31] = (uint8_t)top;
    unsigned nfound = 12345, expect = 0, verified = 0;
    sluice_err err = sluice_tensority_accel_search(ctx, body, start, count, &t, found, count + 1, &nfound);
    CHECK(err == SLUICE_OK);
    if (err != SLUICE_OK) {
        fprintf(stderr, "accel_search: %s: %s\n", sluice_strerror(err), sluice_tensority_accel_why(ctx));
        goto out;
    }
    CHECK(nfound <= count);
    if (nfound > count) nfound = count;
    CHECK(nonces_valid(found, nfound, start, count));
    for (unsigned i = 0; i < nfound; i++) {   /* every found nonce, re-verified on the CPU */
        const uint64_t k = found[i] - start;
        if (k >= count) continue;
        is_found[k] = 1;
        uint8_t h[32];
        sluice_bytom_header_hash_nonce(body, found[i], h);
        CHECK_MEM(h, hh + 32 * k, 32);
        const int hit = sluice_u256_cmp_le(ref_of(mats, hh, k, ref, have), t.le) <= 0;
        CHECK(hit);
        verified += hit != 0;
    }
    for (uint32_t k = 0; k < count; k++) {   /* exactly the nonces whose hash meets the target */
        const int meets = sluice_u256_cmp_le(got + 32 * k, t.le) <= 0;
        expect += meets != 0;
        CHECK(meets == is_found[k]);
        if (have[k]) CHECK((sluice_u256_cmp_le(ref + 32 * k, t.le) <= 0) == is_found[k]);
    }
    CHECK(nfound == expect);
    CHECK(nfound > 0);   /* the fixed inputs have hits: the test sees the found path */
    printf("  search: %u of %u nonces meet the target, as their hashes say; all %u re-verified on the CPU\n",
           nfound, count, verified);

    /* 3. A target every result meets: each nonce once; the cap bounds what
     * comes back (the rest are counted, not stored). */
    memset(&t, 0, sizeof t);
    t.overflow = 1;
    const uint64_t s2 = tu_rng_next(rng);
    if (plan->all_search) {
        const uint32_t all = batch + 3;
        uint64_t *every = calloc(all, sizeof *every);
        CHECK(every != NULL);
        if (every) {
            nfound = 0;
            CHECK(sluice_tensority_accel_search(ctx, body, s2, all, &t, every, all, &nfound) == SLUICE_OK);
            CHECK(nfound == all);
            if (nfound == all) CHECK(nonces_valid(every, nfound, s2, all));
            free(every);
        }
    }
    uint64_t few[4] = {0, 0, 0, 0};
    const uint32_t n2 = plan->all_search ? 4 : 2;   /* cap n2 - 1 < hits */
    few[n2 - 1] = 0xdeadbeef;
    nfound = 0;
    CHECK(sluice_tensority_accel_search(ctx, body, s2, n2, &t, few, n2 - 1, &nfound) == SLUICE_OK);
    CHECK(nfound == n2 - 1);
    CHECK(few[n2 - 1] == 0xdeadbeef);
    CHECK(nonces_valid(few, nfound < n2 - 1 ? nfound : n2 - 1, s2, n2));
    if (plan->all_search) {   /* no buffer at all: hits are counted, none stored */
        nfound = 5;
        CHECK(sluice_tensority_accel_search(ctx, body, s2, 1, &t, NULL, 0, &nfound) == SLUICE_OK);
        CHECK(nfound == 0);
    }

    /* 4. A negative target admits nothing (no device work). */
    memset(&t, 0, sizeof t);
    t.negative = 1;
    nfound = 9;
    CHECK(sluice_tensority_accel_search(ctx, body, 0, 1000000, &t, few, 1, &nfound) == SLUICE_OK);
    CHECK(nfound == 0);
out:
    free(hh);
    free(got);
    free(ref);
    free(have);
    free(is_found);
    free(found);
    sluice_tensority_accel_free(ctx);
}

void accel_suite_print_device(const sluice_accel_device *d)
{
    printf("%s %u.%u: %s | %s | %s | %s | %llu MiB | local %llu KiB | %u CUs | %u MHz | %s\n",
           sluice_accel_api_name(d->api), d->platform, d->index, d->name, d->vendor, d->version, d->driver,
           (unsigned long long)(d->global_mem >> 20), (unsigned long long)(d->local_mem >> 10), d->compute_units,
           d->clock_mhz, d->is_cpu ? "cpu" : "gpu");
}

int accel_suite_run(sluice_accel_api api, const sluice_accel_device *dev)
{
    const int failures0 = tu_failures;
    CHECK(dev != NULL && dev->api == api);
    CHECK(sluice_accel_compiled(api));
    if (!dev || dev->api != api) return tu_failures - failures0;
    const suite_plan cpu = {1, 1, 0, 0};
    const suite_plan gpu = {3, 4, 8, 1};
    const suite_plan *plan = dev->is_cpu ? &cpu : &gpu;
    printf("suite on %s %u.%u (%s):\n", sluice_accel_api_name(api), dev->platform, dev->index, dev->name);

    int8_t *mats = malloc(SLUICE_TENSORITY_CACHE_BYTES);
    CHECK(mats != NULL);
    if (!mats) return tu_failures - failures0;
    tu_rng rng;
    tu_rng_seed(&rng, 0x51c3c0daULL);
    double t0 = now_s();
    test_errors(api, dev, mats);
    test_vectors(dev, mats);
    double t1 = now_s();
    test_random(dev, plan, &rng, mats);
    double t2 = now_s();
    test_batches_and_search(dev, plan, &rng, mats);
    double t3 = now_s();
    printf("  times: vectors %.1f s, random %.1f s, batches and search %.1f s\n", t1 - t0, t2 - t1, t3 - t2);
    free(mats);
    return tu_failures - failures0;
}
