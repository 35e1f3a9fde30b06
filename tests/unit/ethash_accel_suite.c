/* The Ethash accelerator conformance suite (see ethash_accel_suite.h). */
#include "ethash_accel_suite.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sluice/ethash.h"
#include "sluice/hex.h"
#include "testutil.h"
#include "../../engine/pow/ethash_internal.h"   /* the mock epoch of the `small` vector */

#define SMALL_ITEMS 501     /* the vectors' `small` dataset */
#define MID_ITEMS 4099      /* a second synthetic dataset, not a multiple of any launch size */

/* How much work a device gets. */
typedef struct {
    unsigned random_hashes;   /* random nonces hashed on the device vs the reference */
    uint32_t search_extra;    /* a search covers batch + search_extra nonces */
    uint32_t coop_count;      /* nonces searched with the cooperative kernels */
    unsigned ref_samples;     /* 0: every device hash of the search range is checked with the reference */
    unsigned light_random;    /* random nonces light-hashed vs the full hash */
} suite_plan;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A dataset held on the host (items read back from the device and checked
 * against the reference), as sluice_ethash_item_fn's user. */
typedef struct {
    const uint8_t *items;
    uint64_t n;
} host_dag;

static void host_item(void *user, uint64_t index, uint8_t out[128])
{
    const host_dag *d = user;
    memcpy(out, d->items + 128 * (index % d->n), 128);
}

static sluice_ethash_accel *new_ctx(const sluice_accel_device *dev, const sluice_ethash_epoch *ep,
                                    const sluice_ethash_accel_opts *opts)
{
    char why[512] = "";
    sluice_ethash_accel *ctx = NULL;
    sluice_err err = sluice_ethash_accel_new(&ctx, dev, ep, opts, why, sizeof why);
    CHECK(err == SLUICE_OK);
    if (err != SLUICE_OK) {
        fprintf(stderr, "ethash_accel_new(%s %u.%u): %s: %s\n", sluice_accel_api_name(dev->api), dev->platform,
                dev->index, sluice_strerror(err), why);
        return NULL;
    }
    CHECK(ctx != NULL && why[0] == '\0');
    const sluice_accel_device *d = sluice_ethash_accel_device(ctx);
    CHECK(d && d->api == dev->api && d->platform == dev->platform && d->index == dev->index);
    CHECK(sluice_ethash_accel_batch(ctx) >= 1);
    return ctx;
}

static int report(sluice_ethash_accel *ctx, sluice_err err, const char *what)
{
    CHECK(err == SLUICE_OK);
    if (err != SLUICE_OK) fprintf(stderr, "%s: %s: %s\n", what, sluice_strerror(err), sluice_ethash_accel_why(ctx));
    return err == SLUICE_OK;
}

/* Bad arguments and impossible requests: errors with reasons, no context. */
static void test_errors(sluice_accel_api api, const sluice_accel_device *dev, const sluice_ethash_epoch *ep)
{
    char why[512] = "";
    sluice_ethash_accel *ctx = (sluice_ethash_accel *)1;
    sluice_ethash_accel_opts opts = {0};
    CHECK(sluice_ethash_accel_new(&ctx, NULL, ep, NULL, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(ctx == NULL && why[0] != '\0');
    why[0] = '\0';
    CHECK(sluice_ethash_accel_new(&ctx, dev, NULL, NULL, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(ctx == NULL && why[0] != '\0');
    CHECK(sluice_ethash_accel_new(NULL, dev, ep, NULL, NULL, 0) == SLUICE_ERR_ARG);
    sluice_accel_device bad = *dev;
    bad.api = (sluice_accel_api)7;
    CHECK(sluice_ethash_accel_new(&ctx, &bad, ep, NULL, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(ctx == NULL);
    bad = *dev;
    bad.index = 999;
    why[0] = '\0';
    CHECK(sluice_ethash_accel_new(&ctx, &bad, ep, NULL, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(ctx == NULL && why[0] != '\0');
    /* Node indices are 32-bit: at most 2^31 items. */
    opts.items = (1ull << 31) + 1;
    CHECK(sluice_ethash_accel_new(&ctx, dev, ep, &opts, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(ctx == NULL);
    /* 2^31 items = a 256 GiB DAG: no device has that; a clear refusal. */
    opts.items = 1ull << 31;
    why[0] = '\0';
    sluice_err err = sluice_ethash_accel_new(&ctx, dev, ep, &opts, why, sizeof why);
    CHECK(err == SLUICE_ERR_UNSUPPORTED);
    CHECK(ctx == NULL && why[0] != '\0');
    printf("  256 GiB DAG refused: %s\n", why);
    /* The accessors on no context. */
    CHECK(sluice_ethash_accel_batch(NULL) == 0 && sluice_ethash_accel_dag_items(NULL) == 0);
    CHECK(sluice_ethash_accel_device(NULL) == NULL && sluice_ethash_accel_why(NULL)[0] != '\0');
    CHECK(sluice_ethash_accel_set_cooperative(NULL, 1) == SLUICE_ERR_ARG);
    sluice_ethash_accel_free(NULL);
    (void)api;
}

typedef struct {
    uint64_t last, calls, total;
    int monotonic;
} progress_log;

static void on_progress(void *user, uint64_t done, uint64_t total)
{
    progress_log *p = user;
    if (done < p->last || done > total) p->monotonic = 0;
    p->last = done;
    p->total = total;
    p->calls++;
}

/* A synthetic DAG of `items` built on the device; every item read back equals
 * sluice_ethash_dataset_item. Returns the context and (in *dag) the items. */
static sluice_ethash_accel *dag_ctx(const sluice_accel_device *dev, const sluice_ethash_epoch *ep, uint64_t items,
                                    uint8_t **dag)
{
    progress_log pl = {0, 0, 0, 1};
    sluice_ethash_accel_opts opts = {0};
    opts.items = items;
    opts.progress = on_progress;
    opts.progress_user = &pl;
    *dag = NULL;
    sluice_ethash_accel *ctx = new_ctx(dev, ep, &opts);
    if (!ctx) return NULL;
    CHECK(sluice_ethash_accel_dag_items(ctx) == items);
    CHECK(sluice_ethash_accel_dag_seconds(ctx) > 0);
    CHECK(pl.calls >= 1 && pl.monotonic && pl.last == items && pl.total == items);
    uint8_t *d = malloc(items * 128), want[128];
    CHECK(d != NULL);
    if (!d) return ctx;
    memset(d, 0, items * 128);
    unsigned bad = 0;
    if (report(ctx, sluice_ethash_accel_dag_read(ctx, 0, items, d), "dag_read")) {
        for (uint64_t i = 0; i < items; i++) {
            sluice_ethash_dataset_item(ep, i, want);
            if (memcmp(d + 128 * i, want, 128) != 0 && bad++ < 3) CHECK_MEM(d + 128 * i, want, 128);
        }
    }
    CHECK(bad == 0);
    /* A read of items 7..9 alone, and reads past the end. */
    uint8_t three[3 * 128];
    if (report(ctx, sluice_ethash_accel_dag_read(ctx, 7, 3, three), "dag_read(7, 3)"))
        CHECK_MEM(three, d + 7 * 128, sizeof three);
    CHECK(sluice_ethash_accel_dag_read(ctx, items - 1, 2, three) == SLUICE_ERR_RANGE);
    CHECK(sluice_ethash_accel_why(ctx)[0] != '\0');
    CHECK(sluice_ethash_accel_dag_read(ctx, UINT64_MAX, 2, three) == SLUICE_ERR_RANGE);
    CHECK(sluice_ethash_accel_dag_read(ctx, 0, 1, NULL) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_accel_dag_read(ctx, items, 0, three) == SLUICE_OK);
    printf("  DAG of %llu items: built in %.3f s (%llu progress reports), every item equals the reference%s\n",
           (unsigned long long)items, sluice_ethash_accel_dag_seconds(ctx), (unsigned long long)pl.calls,
           bad ? " - NOT" : "");
    *dag = d;
    return ctx;
}

/* chfast/ethash's mock epoch context (test/unittests/test_ethash.cpp,
 * create_epoch_context_mock), which the vectors' `small` line uses: an
 * epoch-0-sized light cache whose every 64-bit word is 0xe14a54a1b2c3d4e5
 * (built through the internal struct, as tests/unit/test_ethash.c does). */
static sluice_ethash_epoch *mock_epoch0(void)
{
    sluice_ethash_epoch *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cache_items = sluice_ethash_light_cache_items(0);
    m->dataset_items = SMALL_ITEMS;
    m->cache_alloc = m->cache_items * 64;
    void *mem = NULL;
    if (posix_memalign(&mem, 64, m->cache_alloc) != 0) {
        free(m);
        return NULL;
    }
    m->cache = mem;
    for (uint64_t i = 0; i < m->cache_items; i++)
        for (int k = 0; k < 8; k++) m->cache[i].q[k] = 0xe14a54a1b2c3d4e5ull;
    return m;
}

/* The vectors' `small` line on the 501-item dataset of the mock epoch. */
static void test_small_vector(sluice_ethash_accel *ctx, const char *label)
{
    char line[512], tag[16], fin_hex[80], mix_hex[80];
    unsigned long long nonce = 0;
    uint8_t want_final[32], want_mix[32];
    int have = 0;
    FILE *f = tu_open_vectors("ethash.txt");
    while (tu_next_line(f, line, sizeof line))
        if (sscanf(line, "%15s %llu %79s %79s", tag, &nonce, fin_hex, mix_hex) == 4 && strcmp(tag, "small") == 0) {
            CHECK(sluice_hex_decode_exact(want_final, 32, fin_hex) == SLUICE_OK);
            CHECK(sluice_hex_decode_exact(want_mix, 32, mix_hex) == SLUICE_OK);
            have = 1;
        }
    fclose(f);
    CHECK(have && nonce == 948);
    if (!have) return;
    const uint8_t zero[32] = {0};
    uint8_t boundary[32] = {0x00, 0x80}, mix[32], fin[32];
    const uint64_t n948 = nonce;
    uint64_t found[16];
    unsigned nfound = 99;
    if (report(ctx, sluice_ethash_accel_search(ctx, zero, 940, 10, boundary, found, 16, &nfound), "search small")) {
        CHECK(nfound == 1 && found[0] == 948);
    }
    if (report(ctx, sluice_ethash_accel_hash(ctx, zero, &n948, 1, mix, fin), "hash small")) {
        CHECK_MEM(fin, want_final, 32);
        CHECK_MEM(mix, want_mix, 32);
    }
    printf("  small vector (mock epoch, 501 items, nonces 940..949, boundary 2^247), %s: %s\n", label,
           nfound == 1 && found[0] == 948 ? "finds 948" : "MISMATCH");
}

/* Random nonces (and header) hashed on the device equal the reference. */
static void test_random_hashes(sluice_ethash_accel *ctx, const host_dag *hd, unsigned n, tu_rng *rng,
                               const char *label)
{
    uint8_t hh[32];
    tu_rng_bytes(rng, hh, sizeof hh);
    uint64_t *nonces = malloc(n * sizeof *nonces);
    uint8_t *mix = calloc(n, 32), *fin = calloc(n, 32);
    CHECK(nonces && mix && fin);
    if (nonces && mix && fin) {
        for (unsigned i = 0; i < n; i++) nonces[i] = tu_rng_next(rng);
        if (n > 1) nonces[1] = UINT64_MAX;
        if (report(ctx, sluice_ethash_accel_hash(ctx, hh, nonces, n, mix, fin), "hash random")) {
            unsigned bad = 0;
            for (unsigned i = 0; i < n; i++) {
                sluice_ethash_result r;
                sluice_ethash_hashimoto_ref(hd->n, host_item, (void *)hd, hh, nonces[i], &r);
                if ((memcmp(r.mix, mix + 32 * i, 32) || memcmp(r.final, fin + 32 * i, 32)) && bad++ < 3) {
                    CHECK_MEM(mix + 32 * i, r.mix, 32);
                    CHECK_MEM(fin + 32 * i, r.final, 32);
                }
            }
            CHECK(bad == 0);
            printf("  %s: %u random nonces hashed on the device equal the reference\n", label, n - bad);
        }
    }
    free(nonces);
    free(mix);
    free(fin);
}

/* A boundary of 32 bytes: the big-endian top64, then `rest` bytes. */
static void make_boundary(uint8_t b[32], uint64_t top64, uint8_t rest)
{
    for (int i = 0; i < 8; i++) b[i] = (uint8_t)(top64 >> (56 - 8 * i));
    memset(b + 8, rest, 24);
}

/* Searches nonces start .. start+count-1 (finals of every nonce in fins) with
 * boundary b and cap; the result must be exactly the first `cap` nonces whose
 * final <= b, in nonce order. Returns how many meet b. */
static unsigned search_case(sluice_ethash_accel *ctx, const uint8_t hh[32], uint64_t start, uint32_t count,
                            const uint8_t *fins, const uint8_t b[32], unsigned cap, const char *what)
{
    uint64_t *found = calloc(cap + 1, sizeof *found);
    CHECK(found != NULL);
    if (!found) return 0;
    unsigned nfound = 12345, expect = 0, mismatched = 0;
    found[cap] = 0xfeedf00d;
    if (report(ctx, sluice_ethash_accel_search(ctx, hh, start, count, b, found, cap, &nfound), what)) {
        for (uint32_t k = 0; k < count; k++) {
            if (memcmp(fins + 32 * (size_t)k, b, 32) > 0) continue;
            if (expect < cap && (expect >= nfound || found[expect] != start + k)) mismatched++;
            expect++;
        }
        CHECK(nfound == (expect < cap ? expect : cap));
        CHECK(mismatched == 0);
        CHECK(found[cap] == 0xfeedf00d);
        if (nfound != (expect < cap ? expect : cap) || mismatched)
            fprintf(stderr, "  %s: found %u, expected %u (cap %u), %u differ\n", what, nfound, expect, cap, mismatched);
    }
    free(found);
    return expect;
}

/* Mining on one dataset: finals of every nonce of a range spanning two
 * launches (and 2^64), checked with the reference, then searches with
 * several boundaries must find exactly the nonces those finals meet. */
static void test_search(sluice_ethash_accel *ctx, const host_dag *hd, uint32_t count, unsigned ref_samples,
                        tu_rng *rng, const char *label)
{
    uint8_t hh[32];
    tu_rng_bytes(rng, hh, sizeof hh);
    const uint64_t start = 0 - (uint64_t)(count / 2);
    uint64_t *nonces = malloc((size_t)count * sizeof *nonces);
    uint8_t *mix = malloc((size_t)count * 32), *fins = malloc((size_t)count * 32);
    CHECK(nonces && mix && fins);
    if (!(nonces && mix && fins)) goto out;
    for (uint32_t k = 0; k < count; k++) nonces[k] = start + k;
    if (!report(ctx, sluice_ethash_accel_hash(ctx, hh, nonces, count, mix, fins), "hash search range")) goto out;
    unsigned checked = 0, bad = 0;
    for (uint32_t j = 0; j < (ref_samples ? ref_samples : count); j++) {
        const uint32_t k = ref_samples ? (j < 2 ? (j ? count - 1 : 0) : (uint32_t)(tu_rng_next(rng) % count)) : j;
        sluice_ethash_result r;
        sluice_ethash_hashimoto_ref(hd->n, host_item, (void *)hd, hh, nonces[k], &r);
        if (memcmp(r.final, fins + 32 * (size_t)k, 32) || memcmp(r.mix, mix + 32 * (size_t)k, 32)) bad++;
        checked++;
    }
    CHECK(bad == 0);

    uint8_t b[32];
    /* ~12 hits over the range: the result slots hold them all. */
    make_boundary(b, UINT64_MAX / count * 12, 0xff);
    const unsigned few = search_case(ctx, hh, start, count, fins, b, count, "search (few hits)");
    CHECK(few > 0);
    /* ~half the nonces: every launch overflows its slots; the host re-checks
     * whole launches. */
    make_boundary(b, UINT64_MAX / 2, 0xff);
    const unsigned half = search_case(ctx, hh, start, count, fins, b, count, "search (half hit)");
    CHECK(half > count / 4);
    search_case(ctx, hh, start, count, fins, b, 3, "search (cap 3)");
    search_case(ctx, hh, start, count, fins, b, 0, "search (cap 0)");
    make_boundary(b, 0, 0);
    CHECK(search_case(ctx, hh, start, count, fins, b, 4, "search (boundary 0)") == 0);
    /* Exactness: a boundary equal to a final in its top 64 bits but one below
     * it overall is a device candidate the exact check must reject; the final
     * itself is met (<=). */
    uint32_t k0 = (uint32_t)(tu_rng_next(rng) % count);
    memcpy(b, fins + 32 * (size_t)k0, 32);
    int i = 31;
    while (i >= 8 && b[i] == 0) b[i--] = 0xff;
    if (i >= 8) {
        b[i]--;
        CHECK(search_case(ctx, hh, start + k0, 1, fins + 32 * (size_t)k0, b, 4, "search (top 64 bits equal)") == 0);
    }
    CHECK(search_case(ctx, hh, start + k0, 1, fins + 32 * (size_t)k0, fins + 32 * (size_t)k0, 4,
                      "search (boundary = final)") == 1);
    printf("  %s: %u nonces across launches of %u: finals checked with the reference (%u), searches find exactly "
           "the %u / %u nonces meeting each boundary\n",
           label, count, sluice_ethash_accel_batch(ctx), checked, few, half);
out:
    free(nonces);
    free(mix);
    free(fins);
}

/* Errors on a live context leave a reason and the context usable. */
static void test_ctx_errors(sluice_ethash_accel *ctx)
{
    uint8_t hh[32] = {0}, b[32] = {0}, mix[32], fin[32];
    uint64_t nonce = 1, found[2];
    unsigned nfound = 5;
    CHECK(sluice_ethash_accel_hash(ctx, NULL, &nonce, 1, mix, fin) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_accel_why(ctx)[0] != '\0');
    CHECK(sluice_ethash_accel_hash(ctx, hh, NULL, 1, mix, fin) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_accel_hash(ctx, hh, &nonce, 1, NULL, fin) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_accel_light_hash(ctx, hh, &nonce, 1, mix, NULL) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_accel_hash(ctx, NULL, NULL, 0, NULL, NULL) == SLUICE_OK);
    CHECK(sluice_ethash_accel_why(ctx)[0] == '\0');
    CHECK(sluice_ethash_accel_search(ctx, NULL, 0, 1, b, found, 2, &nfound) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_accel_search(ctx, hh, 0, 1, NULL, found, 2, &nfound) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_accel_search(ctx, hh, 0, 1, b, NULL, 2, &nfound) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_accel_search(ctx, hh, 0, 1, b, found, 2, NULL) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_accel_search(ctx, hh, 0, 0, b, found, 2, &nfound) == SLUICE_OK);
    CHECK(nfound == 0);
}

/* Light hashes equal full hashes on the same (synthetic) dataset. */
static void test_light_vs_full(sluice_ethash_accel *ctx, unsigned n, tu_rng *rng)
{
    uint8_t hh[32], m1[8 * 32], f1[8 * 32], m2[8 * 32], f2[8 * 32];
    uint64_t nonces[8];
    if (n > 8) n = 8;
    tu_rng_bytes(rng, hh, sizeof hh);
    for (unsigned i = 0; i < n; i++) nonces[i] = tu_rng_next(rng);
    if (report(ctx, sluice_ethash_accel_light_hash(ctx, hh, nonces, n, m1, f1), "light_hash (synthetic)") &&
        report(ctx, sluice_ethash_accel_hash(ctx, hh, nonces, n, m2, f2), "hash (synthetic)")) {
        CHECK_MEM(m1, m2, 32 * n);
        CHECK_MEM(f1, f2, 32 * n);
    }
}

/* Light-only context of the real epoch 0: the vectors' epoch-0 `hash` lines;
 * DAG work refused with a reason. */
static void test_light_vectors(const sluice_accel_device *dev, const sluice_ethash_epoch *ep)
{
    sluice_ethash_accel_opts opts = {0};
    opts.light_only = 1;
    sluice_ethash_accel *ctx = new_ctx(dev, ep, &opts);
    if (!ctx) return;
    CHECK(sluice_ethash_accel_dag_items(ctx) == 0);
    CHECK(sluice_ethash_accel_dag_seconds(ctx) == 0);
    uint8_t hh[8][32], want_mix[8][32], want_fin[8][32], mix[8 * 32], fin[8 * 32];
    uint64_t nonces[8];
    char line[512], tag[16], a[80], b[80], c[80], d[80];
    unsigned long long block = 0;
    size_t n = 0;
    FILE *f = tu_open_vectors("ethash.txt");
    while (tu_next_line(f, line, sizeof line)) {
        if (sscanf(line, "%15s %llu %79s %79s %79s %79s", tag, &block, a, b, c, d) != 6 || strcmp(tag, "hash") != 0)
            continue;
        if (sluice_ethash_epoch_of_block(block) != 0 || n == 8) continue;
        uint8_t nb[8];
        CHECK(sluice_hex_decode_exact(hh[n], 32, a) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(nb, 8, b) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(want_mix[n], 32, c) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(want_fin[n], 32, d) == SLUICE_OK);
        nonces[n] = 0;
        for (int i = 0; i < 8; i++) nonces[n] = (nonces[n] << 8) | nb[i];
        n++;
    }
    fclose(f);
    CHECK(n == 3);   /* blocks 0, 2 and 0 */
    size_t matched = 0;
    for (size_t i = 0; i < n; i++)
        if (report(ctx, sluice_ethash_accel_light_hash(ctx, hh[i], &nonces[i], 1, mix, fin), "light_hash vector")) {
            CHECK_MEM(mix, want_mix[i], 32);
            CHECK_MEM(fin, want_fin[i], 32);
            matched += !memcmp(mix, want_mix[i], 32) && !memcmp(fin, want_fin[i], 32);
        }
    /* Several in one call (one launch). */
    if (n >= 2 && report(ctx, sluice_ethash_accel_light_hash(ctx, hh[1], nonces, 2, mix, fin), "light_hash x2")) {
        sluice_ethash_result r;
        sluice_ethash_light_hash_ref(ep, hh[1], nonces[0], &r);
        CHECK_MEM(mix, r.mix, 32);
        CHECK_MEM(fin, r.final, 32);
        CHECK_MEM(mix + 32, want_mix[1], 32);
        CHECK_MEM(fin + 32, want_fin[1], 32);
    }
    printf("  light hashes of the epoch-0 vectors: %zu of %zu match\n", matched, n);
    uint8_t b32[32] = {0}, item[128];
    uint64_t found[1];
    unsigned nfound = 3;
    CHECK(sluice_ethash_accel_hash(ctx, hh[0], nonces, 1, mix, fin) == SLUICE_ERR_UNSUPPORTED);
    CHECK(sluice_ethash_accel_why(ctx)[0] != '\0');
    CHECK(sluice_ethash_accel_search(ctx, hh[0], 0, 1, b32, found, 1, &nfound) == SLUICE_ERR_UNSUPPORTED);
    CHECK(nfound == 0);
    CHECK(sluice_ethash_accel_dag_read(ctx, 0, 1, item) == SLUICE_ERR_UNSUPPORTED);
    sluice_ethash_accel_free(ctx);
}

/* The vector lines of other epochs: `item` (epoch 13, item 0: a one-item
 * synthetic DAG of that epoch's cache built on the device) and the `hash`
 * lines past epoch 0 (light hashes on the device at their epoch). */
static void test_other_epoch_vectors(const sluice_accel_device *dev)
{
    char line[600], tag[16], a[300], b[80], c[80], d[80];
    unsigned long long num = 0, index = 0;
    size_t items_checked = 0, hashes_checked = 0;
    FILE *f = tu_open_vectors("ethash.txt");
    while (tu_next_line(f, line, sizeof line)) {
        if (sscanf(line, "%15s", tag) != 1) continue;
        if (strcmp(tag, "item") == 0 && sscanf(line, "%15s %llu %llu %299s", tag, &num, &index, a) == 4) {
            uint8_t want[128], got[128];
            CHECK(sluice_hex_decode_exact(want, 128, a) == SLUICE_OK);
            sluice_ethash_epoch *ep = NULL;
            CHECK(sluice_ethash_epoch_new(&ep, (int)num) == SLUICE_OK);
            sluice_ethash_accel_opts opts = {0};
            opts.items = index + 1;
            sluice_ethash_accel *ctx = ep ? new_ctx(dev, ep, &opts) : NULL;
            if (ctx && report(ctx, sluice_ethash_accel_dag_read(ctx, index, 1, got), "dag_read item vector")) {
                CHECK_MEM(got, want, 128);
                items_checked++;
            }
            sluice_ethash_accel_free(ctx);
            sluice_ethash_epoch_free(ep);
        } else if (strcmp(tag, "hash") == 0 &&
                   sscanf(line, "%15s %llu %79s %79s %79s %79s", tag, &num, a, b, c, d) == 6 &&
                   sluice_ethash_epoch_of_block(num) != 0) {
            uint8_t hh[32], nb[8], want_mix[32], want_fin[32], mix[32], fin[32];
            CHECK(sluice_hex_decode_exact(hh, 32, a) == SLUICE_OK);
            CHECK(sluice_hex_decode_exact(nb, 8, b) == SLUICE_OK);
            CHECK(sluice_hex_decode_exact(want_mix, 32, c) == SLUICE_OK);
            CHECK(sluice_hex_decode_exact(want_fin, 32, d) == SLUICE_OK);
            uint64_t nonce = 0;
            for (int i = 0; i < 8; i++) nonce = (nonce << 8) | nb[i];
            sluice_ethash_epoch *ep = NULL;
            CHECK(sluice_ethash_epoch_new(&ep, sluice_ethash_epoch_of_block(num)) == SLUICE_OK);
            sluice_ethash_accel_opts opts = {0};
            opts.light_only = 1;
            sluice_ethash_accel *ctx = ep ? new_ctx(dev, ep, &opts) : NULL;
            if (ctx && report(ctx, sluice_ethash_accel_light_hash(ctx, hh, &nonce, 1, mix, fin), "light_hash vector")) {
                CHECK_MEM(mix, want_mix, 32);
                CHECK_MEM(fin, want_fin, 32);
                hashes_checked++;
            }
            sluice_ethash_accel_free(ctx);
            sluice_ethash_epoch_free(ep);
        }
    }
    fclose(f);
    CHECK(items_checked == 1);    /* item 13 0 */
    CHECK(hashes_checked == 1);   /* block 5000000 (epoch 166) */
    printf("  other epochs: %zu item and %zu hash vector lines match\n", items_checked, hashes_checked);
}

int ethash_accel_suite_run(sluice_accel_api api, const sluice_accel_device *dev)
{
    const int failures0 = tu_failures;
    CHECK(dev != NULL && dev->api == api);
    if (!dev || dev->api != api) return tu_failures - failures0;
    const suite_plan cpu = {24, 904, 300, 0, 2};
    const suite_plan gpu = {4096, 100000, 100000, 2048, 8};
    const suite_plan *plan = dev->is_cpu ? &cpu : &gpu;
    printf("ethash suite on %s %u.%u (%s):\n", sluice_accel_api_name(api), dev->platform, dev->index, dev->name);
    tu_rng rng;
    tu_rng_seed(&rng, 0xe7a5c0deULL);
    sluice_ethash_epoch *ep = NULL;
    CHECK(sluice_ethash_epoch_new(&ep, 0) == SLUICE_OK);
    if (!ep) return tu_failures - failures0;
    double t0 = now_s();
    test_errors(api, dev, ep);
    double t1 = now_s();

    uint8_t *dag = NULL;
    sluice_ethash_accel *ctx = dag_ctx(dev, ep, SMALL_ITEMS, &dag);
    double t2 = now_s(), t3 = t2, t4 = t2;
    if (ctx && dag) {
        const host_dag hd = {dag, SMALL_ITEMS};
        test_ctx_errors(ctx);
        const int coop0 = sluice_ethash_accel_cooperative(ctx);
        CHECK(coop0 == (api == SLUICE_ACCEL_CUDA));
        test_random_hashes(ctx, &hd, plan->random_hashes, &rng, coop0 ? "cooperative kernels" : "one hash per work-item");
        test_light_vs_full(ctx, plan->light_random, &rng);
        test_search(ctx, &hd, sluice_ethash_accel_batch(ctx) + plan->search_extra, plan->ref_samples, &rng,
                    coop0 ? "search, cooperative" : "search, one hash per work-item");
        t3 = now_s();
        /* The other kernel family on the same DAG. */
        sluice_err err = sluice_ethash_accel_set_cooperative(ctx, !coop0);
        CHECK(err == SLUICE_OK);
        if (err != SLUICE_OK) {
            fprintf(stderr, "set_cooperative(%d): %s\n", !coop0, sluice_ethash_accel_why(ctx));
        } else {
            CHECK(sluice_ethash_accel_cooperative(ctx) == !coop0);
            test_random_hashes(ctx, &hd, plan->random_hashes / 2, &rng,
                               coop0 ? "one hash per work-item" : "cooperative kernels");
            test_search(ctx, &hd, plan->coop_count, plan->ref_samples, &rng,
                        coop0 ? "search, one hash per work-item" : "search, cooperative");
        }
        t4 = now_s();
    }
    sluice_ethash_accel_free(ctx);
    free(dag);

    /* The `small` vector, with both kernel families. */
    sluice_ethash_epoch *mock = mock_epoch0();
    CHECK(mock != NULL);
    sluice_ethash_accel_opts sopts = {0};
    sopts.items = SMALL_ITEMS;
    ctx = mock ? new_ctx(dev, mock, &sopts) : NULL;
    if (ctx) {
        for (int pass = 0; pass < 2; pass++) {
            if (pass && !report(ctx, sluice_ethash_accel_set_cooperative(ctx, !sluice_ethash_accel_cooperative(ctx)),
                                "set_cooperative"))
                break;
            test_small_vector(ctx, sluice_ethash_accel_cooperative(ctx) ? "cooperative" : "one hash per work-item");
        }
    }
    sluice_ethash_accel_free(ctx);
    sluice_ethash_epoch_free(mock);

    ctx = dag_ctx(dev, ep, MID_ITEMS, &dag);
    if (ctx && dag) {
        const host_dag hd = {dag, MID_ITEMS};
        test_random_hashes(ctx, &hd, plan->random_hashes / 2, &rng, "4099-item DAG");
    }
    sluice_ethash_accel_free(ctx);
    free(dag);
    double t5 = now_s();
    test_light_vectors(dev, ep);
    test_other_epoch_vectors(dev);
    double t6 = now_s();
    printf("  times: errors %.1f s, small DAG %.1f s, search %.1f s, other kernels %.1f s, 4099 DAG %.1f s, light %.1f s\n",
           t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5);
    sluice_ethash_epoch_free(ep);
    return tu_failures - failures0;
}
