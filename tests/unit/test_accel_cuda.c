/* CUDA Tensority backend. Without an NVIDIA driver or GPU it checks what can
 * be checked: the embedded fatbin (present when nvcc ran at build time) and a
 * clean "no driver" answer from the listing. With a GPU: every vector line,
 * random (header, seed) pairs against sluice_tensority_hash_ref, batch
 * splitting, and nonce searches checked on the CPU. */
#include <stdlib.h>
#include <string.h>
#include "sluice/accel.h"
#include "sluice/bytom_header.h"
#include "sluice/hex.h"
#include "sluice/tensority.h"
#include "testutil.h"

static sluice_tensority_accel *new_ctx(const sluice_accel_device *dev, const uint8_t seed[32], int8_t *mats)
{
    char why[512] = "";
    sluice_tensority_expand_seed(seed, mats);
    sluice_tensority_accel *ctx = NULL;
    sluice_err err = sluice_tensority_accel_new(&ctx, dev, mats, why, sizeof why);
    CHECK(err == SLUICE_OK);
    if (err != SLUICE_OK) fprintf(stderr, "accel_new: %s: %s\n", sluice_strerror(err), why);
    return err == SLUICE_OK ? ctx : NULL;
}

static void test_vectors(const sluice_accel_device *dev, int8_t *mats)
{
    char line[512], a[80], b[80], c[80];
    uint8_t hh[32], seed[32], want[32], got[32], last_seed[32];
    sluice_tensority_accel *ctx = NULL;
    int n = 0;
    FILE *f = tu_open_vectors("tensority.txt");
    while (tu_next_line(f, line, sizeof line)) {
        if (sscanf(line, "%79s %79s %79s", a, b, c) != 3) continue;
        CHECK(sluice_hex_decode_exact(hh, 32, a) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(seed, 32, b) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(want, 32, c) == SLUICE_OK);
        if (!ctx || memcmp(seed, last_seed, 32) != 0) {   /* a context per seed */
            sluice_tensority_accel_free(ctx);
            ctx = new_ctx(dev, seed, mats);
            memcpy(last_seed, seed, 32);
            if (!ctx) break;
        }
        sluice_err err = sluice_tensority_accel_hash(ctx, hh, 1, got);
        CHECK(err == SLUICE_OK);
        if (err != SLUICE_OK) fprintf(stderr, "accel_hash: %s\n", sluice_tensority_accel_why(ctx));
        CHECK_MEM(got, want, 32);
        n++;
    }
    fclose(f);
    sluice_tensority_accel_free(ctx);
    CHECK(n >= 10);
    printf("vectors: %d checked\n", n);
}

static void test_random(const sluice_accel_device *dev, int8_t *mats)
{
    tu_rng rng;
    tu_rng_seed(&rng, 0xc0dau);
    uint8_t seed[32], want[32];
    tu_rng_bytes(&rng, seed, sizeof seed);
    sluice_tensority_accel *ctx = new_ctx(dev, seed, mats);
    if (!ctx) return;
    /* batch + 2 hashes: two launches; the first two and last two are checked. */
    size_t n = (size_t)sluice_tensority_accel_batch(ctx) + 2;
    uint8_t *hh = malloc(32 * n), *got = malloc(32 * n);
    CHECK(hh && got);
    if (hh && got) {
        tu_rng_bytes(&rng, hh, 32 * n);
        sluice_err err = sluice_tensority_accel_hash(ctx, hh, n, got);
        CHECK(err == SLUICE_OK);
        if (err != SLUICE_OK) fprintf(stderr, "accel_hash: %s\n", sluice_tensority_accel_why(ctx));
        size_t idx[4] = {0, 1, n - 2, n - 1};
        for (int k = 0; k < 4 && err == SLUICE_OK; k++) {
            sluice_tensority_hash_ref(mats, hh + 32 * idx[k], want);
            CHECK_MEM(got + 32 * idx[k], want, 32);
        }
        printf("random: %zu hashed, 4 checked with the reference\n", n);
    }
    free(hh);
    free(got);

    /* Search, target about half: 8 nonces checked one by one on the CPU. */
    uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES];
    tu_rng_bytes(&rng, body, sizeof body);
    sluice_bytom_target t;
    memset(&t, 0, sizeof t);
    memset(t.le, 0xff, sizeof t.le);
    t.le[31] = 0x7f;
    uint64_t found[8], start = 1000;
    unsigned nfound = 0, nexpect = 0, matched = 0;
    CHECK(sluice_tensority_accel_search(ctx, body, start, 8, &t, found, 8, &nfound) == SLUICE_OK);
    for (unsigned k = 0; k < 8; k++) {
        uint8_t h[32], r[32];
        sluice_bytom_header_hash_nonce(body, start + k, h);
        sluice_tensority_hash_ref(mats, h, r);
        if (r[31] >= 0x80) continue;
        nexpect++;
        for (unsigned i = 0; i < nfound; i++) matched += found[i] == start + k;
    }
    CHECK(nfound == nexpect);
    CHECK(matched == nexpect);

    /* Search past one batch with a target every result meets: every nonce
     * comes back exactly once. */
    uint32_t count = sluice_tensority_accel_batch(ctx) + 3;
    uint64_t *all = calloc(count, sizeof *all);
    uint8_t *seen = calloc(count, 1);
    CHECK(all && seen);
    if (all && seen) {
        memset(&t, 0, sizeof t);
        t.overflow = 1;
        CHECK(sluice_tensority_accel_search(ctx, body, start, count, &t, all, count, &nfound) == SLUICE_OK);
        CHECK(nfound == count);
        unsigned ok = 0;
        for (unsigned i = 0; i < nfound; i++)
            if (all[i] >= start && all[i] < start + count && !seen[all[i] - start]) { seen[all[i] - start] = 1; ok++; }
        CHECK(ok == count);
    }
    free(all);
    free(seen);
    sluice_tensority_accel_free(ctx);
}

int main(void)
{
    char why[512] = "";
    sluice_accel_device devs[16];
    unsigned count = 0;
    CHECK(strcmp(sluice_accel_api_name(SLUICE_ACCEL_CUDA), "cuda") == 0);
    const void *img = NULL;
    size_t size = sluice_accel_kernel_image(SLUICE_ACCEL_CUDA, &img);
    sluice_err err = sluice_accel_list(SLUICE_ACCEL_CUDA, devs, 16, &count, why, sizeof why);
    if (!sluice_accel_compiled(SLUICE_ACCEL_CUDA)) {
        CHECK(size == 0);
        CHECK(err == SLUICE_ERR_UNSUPPORTED);
        CHECK(why[0] != '\0');
        printf("CUDA not compiled in: %s\n", why);
        return tu_finish("test_accel_cuda");
    }
    /* A fatbin starts with the fatbin magic 0xba55ed50 (little-endian). */
    const uint8_t magic[4] = {0x50, 0xed, 0x55, 0xba};
    CHECK(size > 1024 && img != NULL);
    CHECK(img && memcmp(img, magic, 4) == 0);
    printf("embedded fatbin: %zu bytes\n", size);
    if (err != SLUICE_OK || count == 0) {
        /* No driver, or a driver without a device: a clean answer with a reason. */
        CHECK(err == SLUICE_OK || err == SLUICE_ERR_UNSUPPORTED);
        CHECK(err == SLUICE_OK || why[0] != '\0');
        CHECK(count == 0);
        sluice_accel_device fake = {0};
        fake.api = SLUICE_ACCEL_CUDA;
        sluice_tensority_accel *ctx = NULL;
        int8_t dummy[16] = {0};
        char why2[512] = "";
        CHECK(sluice_tensority_accel_new(&ctx, &fake, dummy, why2, sizeof why2) != SLUICE_OK);
        CHECK(ctx == NULL && why2[0] != '\0');
        printf("no CUDA device (%s): device tests skipped\n", err ? why : "none listed");
        return tu_finish("test_accel_cuda");
    }
    for (unsigned i = 0; i < count && i < 16; i++)
        printf("cuda %u: %s | %s | %s | %llu MiB | smem %llu KiB | %u SMs | %u MHz\n", devs[i].index, devs[i].name,
               devs[i].version, devs[i].driver, (unsigned long long)(devs[i].global_mem >> 20),
               (unsigned long long)(devs[i].local_mem >> 10), devs[i].compute_units, devs[i].clock_mhz);
    int8_t *mats = malloc(SLUICE_TENSORITY_CACHE_BYTES);
    CHECK(mats != NULL);
    if (!mats) return tu_finish("test_accel_cuda");
    test_vectors(&devs[0], mats);
    test_random(&devs[0], mats);
    free(mats);
    return tu_finish("test_accel_cuda");
}
