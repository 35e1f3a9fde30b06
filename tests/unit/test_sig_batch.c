/* The signature front end: batches of mixed schemes on 1 and 2 threads, with
 * and without the combination, the key cache (hits, eviction), the offload
 * split and its failure fallback, malformed items and device preparation.
 * The expected verdict of every item is the single, cache-less check, and every
 * corrupted item must be invalid while every untouched one is valid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/sig/bip340_sig.h"
#include "sig_testgen.h"
#include "sluice/sig.h"
#include "testutil.h"

#define PER_SCHEME 300
#define NKEYS 40

typedef struct {
    sig_testgen_rec *recs;
    sluice_sig_item *items;
    uint8_t *expect;
    size_t n;
} dataset;

/* All three schemes interleaved, ~10% corrupted at random positions. */
static int make_dataset(dataset *d, tu_rng *rng)
{
    size_t n = 3 * PER_SCHEME;
    sig_testgen_rec *tmp = calloc(PER_SCHEME, sizeof *tmp);
    d->recs = calloc(n, sizeof *d->recs);
    d->items = calloc(n, sizeof *d->items);
    d->expect = calloc(n, 1);
    d->n = n;
    if (!tmp || !d->recs || !d->items || !d->expect)
        return -1;
    for (unsigned s = 0; s < SLUICE_SIG_NSCHEMES; s++) {
        if (sig_testgen((sluice_sig_scheme)s, tmp, PER_SCHEME, NKEYS, 1000 + s))
            return -1;
        for (size_t i = 0; i < PER_SCHEME; i++)
            d->recs[3 * i + s] = tmp[i];
    }
    free(tmp);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        int corrupt = tu_rng_next(rng) % 10 == 0;
        if (corrupt) {
            sig_testgen_corrupt(&d->recs[i], tu_rng_next(rng));
            bad++;
        }
        d->items[i] = sig_testgen_item(&d->recs[i]);
        d->expect[i] = (uint8_t)sluice_sig_verify(&d->items[i], NULL);
        CHECK((d->expect[i] == SLUICE_SIG_VALID) == !corrupt);
    }
    printf("dataset: %zu items, %zu corrupted\n", n, bad);
    return 0;
}

static void run_batch(const dataset *d, const sluice_sig_batch_opts *o, const char *what)
{
    sluice_sig_batch *b = NULL;
    CHECK(sluice_sig_batch_new(&b, o) == SLUICE_OK);
    if (!b)
        return;
    for (size_t i = 0; i < d->n; i++)
        CHECK(sluice_sig_batch_add(b, &d->items[i]) == SLUICE_OK);
    CHECK(sluice_sig_batch_count(b) == d->n);
    uint8_t *st = malloc(d->n);
    size_t nbad = 0, expect_bad = 0;
    /* Twice: the second run reuses the warm key caches. */
    for (int round = 0; round < 2; round++) {
        memset(st, 0xEE, d->n);
        CHECK(sluice_sig_batch_run(b, st, &nbad) == SLUICE_OK);
        size_t diff = 0;
        for (size_t i = 0; i < d->n; i++)
            diff += st[i] != d->expect[i];
        if (diff)
            fprintf(stderr, "%s round %d: %zu verdicts differ from single checks\n", what, round,
                    diff);
        CHECK(diff == 0);
    }
    for (size_t i = 0; i < d->n; i++)
        expect_bad += d->expect[i] != SLUICE_SIG_VALID;
    CHECK(nbad == expect_bad);
    sluice_sig_batch_clear(b);
    CHECK(sluice_sig_batch_count(b) == 0);
    CHECK(sluice_sig_batch_run(b, st, NULL) == SLUICE_OK); /* an empty batch */
    free(st);
    sluice_sig_batch_free(b);
}

/* An offload that fails after scribbling over its share: the batch must redo
 * the share on the CPU. */
static sluice_err failing_verify(void *ctx, sluice_sig_scheme s, const sluice_sig_item *items,
                                 size_t n, uint8_t *status)
{
    (void)s;
    (void)items;
    int *calls = ctx;
    (*calls)++;
    memset(status, SLUICE_SIG_VALID, n);
    return SLUICE_ERR_BACKEND;
}

/* An offload that answers with the single check on its own thread: exercises
 * the split of a group between the offload thread and the CPU threads. */
static sluice_err single_verify(void *ctx, sluice_sig_scheme s, const sluice_sig_item *items,
                                size_t n, uint8_t *status)
{
    size_t *count = ctx;
    for (size_t i = 0; i < n; i++) {
        if (items[i].scheme != s)
            return SLUICE_ERR_INTERNAL;
        status[i] = (uint8_t)sluice_sig_verify(&items[i], NULL);
    }
    *count += n;
    return SLUICE_OK;
}

static void test_batches(const dataset *d)
{
    sluice_sig_batch_opts o = {0};
    o.threads = 1;
    run_batch(d, &o, "1 thread");
    o.threads = 2;
    run_batch(d, &o, "2 threads");
    o.singles_only = 1;
    run_batch(d, &o, "singles");
    o.singles_only = 0;
    o.max_keys = 3; /* constant eviction */
    run_batch(d, &o, "tiny cache");

    int fails = 0;
    sluice_sig_offload bad = {&fails, failing_verify, 16, 0.5};
    sluice_sig_batch_opts ob = {2, 0, 0, &bad};
    run_batch(d, &ob, "failing offload");
    CHECK(fails == 2 * SLUICE_SIG_NSCHEMES); /* every group, both rounds */

    size_t offloaded = 0;
    sluice_sig_offload good = {&offloaded, single_verify, 16, 0.3};
    sluice_sig_batch_opts og = {2, 0, 0, &good};
    run_batch(d, &og, "offload split");
    CHECK(offloaded == 2 * SLUICE_SIG_NSCHEMES * (size_t)(PER_SCHEME * 0.3));
    good.min_items = PER_SCHEME + 1; /* groups too small: nothing offloaded */
    offloaded = 0;
    run_batch(d, &og, "offload below min_items");
    CHECK(offloaded == 0);
}

static void test_cache(const dataset *d)
{
    sluice_sig_keycache *c = sluice_sig_keycache_new(1000);
    CHECK(c != NULL);
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < d->n; i++)
            CHECK(sluice_sig_verify(&d->items[i], c) == d->expect[i]);
    uint64_t hits, misses;
    sluice_sig_keycache_stats(c, &hits, &misses);
    printf("cache: %llu hits, %llu misses\n", (unsigned long long)hits, (unsigned long long)misses);
    /* 3 x 40 good keys (corrupted keys are not cached and miss every time). */
    CHECK(hits + misses == 2 * d->n);
    CHECK(misses >= 3 * NKEYS && misses < 3 * NKEYS + 2 * d->n / 5);
    sluice_sig_keycache_free(c);

    c = sluice_sig_keycache_new(2); /* eviction on almost every call */
    for (size_t i = 0; i < d->n; i++)
        CHECK(sluice_sig_verify(&d->items[i], c) == d->expect[i]);
    sluice_sig_keycache_free(c);

    /* The same SM2 key under another ID is another cache entry and fails. */
    c = sluice_sig_keycache_new(8);
    sluice_sig_item it = d->items[0];
    CHECK(it.scheme == SLUICE_SIG_SM2);
    if (d->expect[0] == SLUICE_SIG_VALID) {
        static const uint8_t other_id[] = "1234567812345679";
        CHECK(sluice_sig_verify(&it, c) == SLUICE_SIG_VALID);
        it.id = other_id;
        it.id_len = 16;
        CHECK(sluice_sig_verify(&it, c) == SLUICE_SIG_MISMATCH);
        it.id = (const uint8_t *)"1234567812345678"; /* the default, given explicitly */
        CHECK(sluice_sig_verify(&it, c) == SLUICE_SIG_VALID);
        /* long IDs (identities kept in their own allocation), twice each:
         * ones differing in the last byte are different entries */
        static uint8_t long_id[2][300];
        memset(long_id, 'a', sizeof long_id);
        long_id[1][299] = 'b';
        for (int k = 0; k < 4; k++) {
            it.id = long_id[k % 2];
            it.id_len = 300;
            CHECK(sluice_sig_verify(&it, c) == SLUICE_SIG_MISMATCH);
        }
        it.id = NULL;
        it.id_len = 0;
        CHECK(sluice_sig_verify(&it, c) == SLUICE_SIG_VALID);
        uint64_t h2, m2;
        sluice_sig_keycache_stats(c, &h2, &m2);
        CHECK(m2 == 5 && h2 == 3); /* default, other, explicit default, two long */
    }
    sluice_sig_keycache_free(c);
}

static void test_malformed(const dataset *d)
{
    sluice_sig_item it = d->items[1];
    it.pub = NULL;
    CHECK(sluice_sig_verify(&it, NULL) == SLUICE_SIG_BAD_ENCODING);
    it = d->items[1];
    it.msg = NULL;
    it.msg_len = 5;
    CHECK(sluice_sig_verify(&it, NULL) == SLUICE_SIG_BAD_ENCODING);
    it = d->items[1];
    it.scheme = (sluice_sig_scheme)7;
    CHECK(sluice_sig_verify(&it, NULL) == SLUICE_SIG_BAD_ENCODING);
    CHECK(sluice_sig_verify(NULL, NULL) == SLUICE_SIG_BAD_ENCODING);
    sluice_sig_batch *b = NULL;
    CHECK(sluice_sig_batch_new(&b, NULL) == SLUICE_OK);
    CHECK(sluice_sig_batch_add(b, &it) == SLUICE_ERR_ARG);
    it = d->items[2];
    it.sig_len = 63;
    CHECK(sluice_sig_batch_add(b, &it) == SLUICE_OK);
    uint8_t st = 0;
    CHECK(sluice_sig_batch_run(b, &st, NULL) == SLUICE_OK);
    CHECK(st == SLUICE_SIG_BAD_ENCODING);
    sluice_sig_batch_free(b);

    sluice_sig_scheme s;
    CHECK(sluice_sig_scheme_parse("ed25519", &s) == SLUICE_OK && s == SLUICE_SIG_ED25519);
    CHECK(sluice_sig_scheme_parse("ecdsa", &s) == SLUICE_ERR_ARG);
    CHECK(strcmp(sluice_sig_status_str(SLUICE_SIG_T_ZERO), "t = (r + s) mod n is zero") == 0);
    CHECK(strcmp(sluice_sig_scheme_name(SLUICE_SIG_BIP340), "bip340") == 0);
}

/* Device preparation: final verdicts for items the host can judge, need = 1
 * exactly for the items with a valid key and in-range signature. */
static void test_device_prepare(const dataset *d)
{
    size_t n = 60;
    uint8_t *work = malloc(n * SLUICE_SIG_DEVICE_ITEM), need[60], st[60];
    sluice_sig_keycache *c = sluice_sig_keycache_new(16);
    for (int cached = 0; cached < 2; cached++) {
        CHECK(sluice_sig_device_prepare(cached ? c : NULL, d->items, n, work, need, st) ==
              SLUICE_OK);
        for (size_t i = 0; i < n; i++) {
            if (d->expect[i] == SLUICE_SIG_VALID)
                CHECK(need[i] == 1 && st[i] == SLUICE_SIG_VALID);
            if (!need[i])
                CHECK(st[i] == d->expect[i]);
        }
    }
    sluice_sig_keycache_free(c);
    free(work);
}

/* BIP340 groups large enough for the combination split among threads
 * (sl_bip340_verify_batch_threads, from 512 items on several threads):
 * all valid, exactly one bad item at random positions, and ~2% bad (bit
 * flips in signature, message or key, s >= n, r not an x coordinate, a
 * short signature), on 2 and 3 threads, with the default and a 3-key
 * cache, and split in groups (group_max 400: four groups of 375, as
 * 16,384 cuts larger batches); every verdict must equal the single
 * check's. */
#define MT_N 1500
static void test_bip340_threads(tu_rng *rng)
{
    sig_testgen_rec *good = calloc(MT_N, sizeof *good), *recs = calloc(MT_N, sizeof *recs);
    sluice_sig_item *items = calloc(MT_N, sizeof *items);
    uint8_t *expect = malloc(MT_N), *st = malloc(MT_N);
    if (!good || !recs || !items || !expect || !st ||
        sig_testgen(SLUICE_SIG_BIP340, good, MT_N, 700, 77) != 0) {
        CHECK(0);
        goto out;
    }
    for (int round = 0; round < 6; round++) {
        memcpy(recs, good, MT_N * sizeof *recs);
        size_t nbad = 0;
        if (round == 1 || round == 2) { /* one bad item */
            sig_testgen_corrupt(&recs[tu_rng_next(rng) % MT_N], tu_rng_next(rng));
            nbad = 1;
        } else if (round >= 3) {
            for (size_t i = 0; i < MT_N; i++) {
                uint64_t r = tu_rng_next(rng);
                if (r % 50)
                    continue;
                nbad++;
                switch ((r >> 8) % 4) {
                case 0:
                    sig_testgen_corrupt(&recs[i], r >> 16);
                    break;
                case 1: /* s = n - 1 + k > n */
                    memset(recs[i].sig + 32, 0xFF, 32);
                    break;
                case 2: /* r = 5: not an x coordinate on secp256k1 */
                    memset(recs[i].sig, 0, 32);
                    recs[i].sig[31] = 5;
                    break;
                default:
                    recs[i].sig_len = 63;
                    break;
                }
            }
        }
        size_t want_bad = 0;
        for (size_t i = 0; i < MT_N; i++) {
            items[i] = sig_testgen_item(&recs[i]);
            expect[i] = (uint8_t)sluice_sig_verify(&items[i], NULL);
            want_bad += expect[i] != SLUICE_SIG_VALID;
        }
        CHECK(want_bad == nbad);
        sluice_sig_batch_opts o = {0};
        o.threads = 2 + round % 2;
        o.max_keys = round % 3 == 2 ? 3 : 0;
        sluice_sig_batch *b = NULL;
        CHECK(sluice_sig_batch_new(&b, &o) == SLUICE_OK);
        if (!b)
            break;
        for (size_t i = 0; i < MT_N; i++) CHECK(sluice_sig_batch_add(b, &items[i]) == SLUICE_OK);
        for (int again = 0; again < 2; again++) { /* cold, then warm caches */
            size_t got_bad = 0, diff = 0;
            memset(st, 0xEE, MT_N);
            CHECK(sluice_sig_batch_run(b, st, &got_bad) == SLUICE_OK);
            for (size_t i = 0; i < MT_N; i++) diff += st[i] != expect[i];
            if (diff)
                fprintf(stderr, "bip340 threads round %d: %zu verdicts differ\n", round, diff);
            CHECK(diff == 0);
            CHECK(got_bad == want_bad);
        }
        sluice_sig_batch_free(b);
        /* the same items cut into four combinations of 375 */
        sluice_sig_keycache *caches[3] = {NULL, NULL, NULL};
        size_t diff = 0;
        memset(st, 0xEE, MT_N);
        sl_bip340_verify_batch_threads(caches, 0, o.threads, items, MT_N, st, 400);
        for (size_t i = 0; i < MT_N; i++) diff += st[i] != expect[i];
        if (diff)
            fprintf(stderr, "bip340 groups of 375, round %d: %zu verdicts differ\n", round, diff);
        CHECK(diff == 0);
        for (int t = 0; t < 3; t++) sluice_sig_keycache_free(caches[t]);
    }
out:
    free(good);
    free(recs);
    free(items);
    free(expect);
    free(st);
}

int main(void)
{
    tu_rng rng;
    tu_rng_seed(&rng, 4);
    dataset d;
    if (make_dataset(&d, &rng) != 0) {
        fprintf(stderr, "could not generate signatures\n");
        return 1;
    }
    test_batches(&d);
    test_cache(&d);
    test_malformed(&d);
    test_device_prepare(&d);
    test_bip340_threads(&rng);
    free(d.recs);
    free(d.items);
    free(d.expect);
    return tu_finish("sig_batch");
}
