/* OpenCL Tensority backend against the vectors and the scalar reference
 * (specs/tensority.md): every line of tensority.txt, random (header, seed)
 * pairs checked with sluice_tensority_hash_ref, and one nonce search with an
 * easy target checked nonce by nonce on the CPU. Kept to ~20 hashes: on PoCL
 * (a CPU OpenCL) one Tensority hash is 4.2 G int8 MACs. */
#include <stdlib.h>
#include <string.h>
#include "sluice/accel.h"
#include "sluice/bytom_header.h"
#include "sluice/hex.h"
#include "sluice/tensority.h"
#include "testutil.h"

#define MAX_VECTORS 32

typedef struct {
    uint8_t hh[32], seed[32], want[32];
} vector;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static sluice_tensority_accel *new_ctx(const sluice_accel_device *dev, const uint8_t seed[32], int8_t *mats)
{
    char why[512];
    sluice_tensority_expand_seed(seed, mats);
    sluice_tensority_accel *ctx = NULL;
    sluice_err err = sluice_tensority_accel_new(&ctx, dev, mats, why, sizeof why);
    CHECK(err == SLUICE_OK);
    if (err != SLUICE_OK) fprintf(stderr, "accel_new: %s: %s\n", sluice_strerror(err), why);
    return err == SLUICE_OK ? ctx : NULL;
}

/* All vectors, grouped by seed: one context (upload, program) per seed. */
static void test_vectors(const sluice_accel_device *dev, int8_t *mats)
{
    vector v[MAX_VECTORS];
    size_t nv = 0;
    char line[512], a[80], b[80], c[80];
    FILE *f = tu_open_vectors("tensority.txt");
    while (nv < MAX_VECTORS && tu_next_line(f, line, sizeof line)) {
        if (sscanf(line, "%79s %79s %79s", a, b, c) != 3) continue;
        CHECK(sluice_hex_decode_exact(v[nv].hh, 32, a) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(v[nv].seed, 32, b) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(v[nv].want, 32, c) == SLUICE_OK);
        nv++;
    }
    fclose(f);
    CHECK(nv >= 10);
    int done[MAX_VECTORS] = {0};
    for (size_t i = 0; i < nv; i++) {
        if (done[i]) continue;
        uint8_t hh[MAX_VECTORS * 32], got[MAX_VECTORS * 32];
        size_t idx[MAX_VECTORS], n = 0;
        for (size_t j = i; j < nv; j++)
            if (!done[j] && memcmp(v[j].seed, v[i].seed, 32) == 0) {
                memcpy(hh + 32 * n, v[j].hh, 32);
                idx[n++] = j;
                done[j] = 1;
            }
        sluice_tensority_accel *ctx = new_ctx(dev, v[i].seed, mats);
        if (!ctx) continue;
        sluice_err err = sluice_tensority_accel_hash(ctx, hh, n, got);
        CHECK(err == SLUICE_OK);
        if (err != SLUICE_OK) fprintf(stderr, "accel_hash: %s\n", sluice_tensority_accel_why(ctx));
        for (size_t k = 0; k < n && err == SLUICE_OK; k++) CHECK_MEM(got + 32 * k, v[idx[k]].want, 32);
        sluice_tensority_accel_free(ctx);
    }
    printf("vectors: %zu checked\n", nv);
}

/* Random header hashes under a random seed, against the scalar reference;
 * then a search over a few nonces with a target about half of all results
 * meet, checked against header hash + reference on the CPU. */
static void test_random_and_search(const sluice_accel_device *dev, int8_t *mats)
{
    tu_rng rng;
    tu_rng_seed(&rng, 0x51c3u);
    uint8_t seed[32], hh[3 * 32], got[3 * 32], want[32];
    tu_rng_bytes(&rng, seed, sizeof seed);
    tu_rng_bytes(&rng, hh, sizeof hh);
    sluice_tensority_accel *ctx = new_ctx(dev, seed, mats);
    if (!ctx) return;
    CHECK(sluice_tensority_accel_batch(ctx) >= 1);

    CHECK(sluice_tensority_accel_hash(ctx, hh, 3, got) == SLUICE_OK);
    for (int k = 0; k < 3; k++) {
        sluice_tensority_hash_ref(mats, hh + 32 * k, want);
        CHECK_MEM(got + 32 * k, want, 32);
    }

    uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES];
    tu_rng_bytes(&rng, body, sizeof body);
    const uint64_t start = 0xfffffffffffffffeULL;   /* wraps around: exercises 64-bit nonces */
    enum { COUNT = 4 };
    sluice_bytom_target t;
    memset(&t, 0, sizeof t);
    memset(t.le, 0xff, sizeof t.le);
    t.le[31] = 0x7f;                                /* result < 2^255 */
    uint64_t found[COUNT + 1], expect[COUNT];
    unsigned nfound = 99, nexpect = 0;
    sluice_err err = sluice_tensority_accel_search(ctx, body, start, COUNT, &t, found, COUNT + 1, &nfound);
    CHECK(err == SLUICE_OK);
    if (err != SLUICE_OK) fprintf(stderr, "accel_search: %s\n", sluice_tensority_accel_why(ctx));
    for (unsigned k = 0; k < COUNT; k++) {
        uint8_t h[32], r[32];
        sluice_bytom_header_hash_nonce(body, start + k, h);
        sluice_tensority_hash_ref(mats, h, r);
        if (r[31] < 0x80) expect[nexpect++] = start + k;
    }
    CHECK(nfound == nexpect);
    if (nfound == nexpect) {
        qsort(found, nfound, sizeof found[0], cmp_u64);
        qsort(expect, nexpect, sizeof expect[0], cmp_u64);
        CHECK(memcmp(found, expect, nfound * sizeof found[0]) == 0);
    }
    printf("search: %u of %d nonces under the target\n", nfound, COUNT);

    /* A negative target admits nothing and needs no device work. */
    t.negative = 1;
    CHECK(sluice_tensority_accel_search(ctx, body, start, COUNT, &t, found, COUNT, &nfound) == SLUICE_OK);
    CHECK(nfound == 0);
    sluice_tensority_accel_free(ctx);
}

/* Bad arguments give errors with reasons, not crashes. */
static void test_errors(const sluice_accel_device *dev, int8_t *mats)
{
    char why[512] = "";
    sluice_tensority_accel *ctx = NULL;
    CHECK(sluice_tensority_accel_new(&ctx, NULL, mats, why, sizeof why) == SLUICE_ERR_ARG);
    sluice_accel_device bad = *dev;
    bad.index = 999;
    why[0] = '\0';
    CHECK(sluice_tensority_accel_new(&ctx, &bad, mats, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(why[0] != '\0');
    CHECK(ctx == NULL);
    unsigned count = 0;
    CHECK(sluice_accel_list((sluice_accel_api)7, NULL, 0, &count, why, sizeof why) == SLUICE_ERR_ARG);
}

int main(void)
{
    char why[512] = "";
    sluice_accel_device devs[16];
    unsigned count = 0;
    CHECK(strcmp(sluice_accel_api_name(SLUICE_ACCEL_OPENCL), "opencl") == 0);
    sluice_err err = sluice_accel_list(SLUICE_ACCEL_OPENCL, devs, 16, &count, why, sizeof why);
    if (!sluice_accel_compiled(SLUICE_ACCEL_OPENCL)) {
        CHECK(err == SLUICE_ERR_UNSUPPORTED);
        CHECK(why[0] != '\0');
        CHECK(sluice_accel_kernel_image(SLUICE_ACCEL_OPENCL, NULL) == 0);
        printf("OpenCL not compiled in: %s\n", why);
        return tu_finish("test_accel_opencl");
    }
    const void *src = NULL;
    size_t srclen = sluice_accel_kernel_image(SLUICE_ACCEL_OPENCL, &src);
    CHECK(srclen > 1000 && src != NULL);
    CHECK(src && strstr((const char *)src, "sl_chain") != NULL);
    CHECK(src && strstr((const char *)src, "#include \"") == NULL);   /* headers inlined */
    if (err != SLUICE_OK || count == 0) {
        CHECK(err == SLUICE_ERR_UNSUPPORTED ? why[0] != '\0' : err == SLUICE_OK);
        printf("no OpenCL device (%s): device tests skipped\n", err ? why : "none listed");
        return tu_finish("test_accel_opencl");
    }
    for (unsigned i = 0; i < count && i < 16; i++)
        printf("opencl %u.%u: %s | %s | %s | %s | %llu MiB | local %llu KiB | %u CUs | %u MHz | %s\n",
               devs[i].platform, devs[i].index, devs[i].name, devs[i].vendor, devs[i].version, devs[i].driver,
               (unsigned long long)(devs[i].global_mem >> 20), (unsigned long long)(devs[i].local_mem >> 10),
               devs[i].compute_units, devs[i].clock_mhz, devs[i].is_cpu ? "cpu" : "gpu");
    const char *pick = getenv("SLUICE_OPENCL_DEVICE");   /* "P.D", default the first device */
    unsigned use = 0;
    if (pick)
        for (unsigned i = 0; i < count && i < 16; i++) {
            char id[32];
            snprintf(id, sizeof id, "%u.%u", devs[i].platform, devs[i].index);
            if (strcmp(id, pick) == 0) use = i;
        }
    int8_t *mats = malloc(SLUICE_TENSORITY_CACHE_BYTES);
    CHECK(mats != NULL);
    if (!mats) return tu_finish("test_accel_opencl");
    test_errors(&devs[use], mats);
    test_vectors(&devs[use], mats);
    test_random_and_search(&devs[use], mats);
    free(mats);
    return tu_finish("test_accel_opencl");
}
