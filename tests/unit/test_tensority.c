/* Tensority: every CPU implementation against the vectors of BytomDAO/bytom's
 * go_algorithm/algorithm_test.go, and the fast paths against the scalar
 * reference on random (header hash, seed) pairs. */
#include "sluice/hex.h"
#include "sluice/tensority.h"
#include "testutil.h"
#include <stdlib.h>
#include <string.h>

#define MAX_VECTORS 32

typedef struct { uint8_t hh[32], seed[32], want[32]; } vec;

static int load_vectors(vec *v) {
    FILE *f = tu_open_vectors("tensority.txt");
    char line[512];
    int n = 0;
    while (n < MAX_VECTORS && tu_next_line(f, line, sizeof line)) {
        char a[128], b[128], c[128];
        CHECK(sscanf(line, "%127s %127s %127s", a, b, c) == 3);
        CHECK(sluice_hex_decode_exact(v[n].hh, 32, a) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(v[n].seed, 32, b) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(v[n].want, 32, c) == SLUICE_OK);
        n++;
    }
    fclose(f);
    return n;
}

static const sluice_tensority_impl fast_impls[] = {SLUICE_TENSORITY_AVX2, SLUICE_TENSORITY_AVX512VNNI};

static void test_vectors(void) {
    vec v[MAX_VECTORS];
    int n = load_vectors(v);
    CHECK(n == 10);
    void *scratch = NULL;
    CHECK(posix_memalign(&scratch, 64, sluice_tensority_scratch_size()) == 0);
    for (int i = 0; i < n; i++) {
        sluice_tensority_cache *c = NULL;
        CHECK(sluice_tensority_cache_new(&c, v[i].seed, 0) == SLUICE_OK);
        if (!c) continue;
        CHECK_MEM(sluice_tensority_cache_seed(c), v[i].seed, 32);
        uint8_t out[32];
        CHECK(sluice_tensority_hash_ref(sluice_tensority_cache_matrix(c, 0), v[i].hh, out) == SLUICE_OK);
        CHECK_MEM(out, v[i].want, 32);
        for (size_t k = 0; k < sizeof fast_impls / sizeof fast_impls[0]; k++) {
            if (!sluice_tensority_impl_available(fast_impls[k])) {
                printf("  %s not available on this CPU: skipped\n", sluice_tensority_impl_name(fast_impls[k]));
                continue;
            }
            memset(out, 0, 32);
            CHECK(sluice_tensority_hash(c, fast_impls[k], v[i].hh, out, scratch) == SLUICE_OK);
            CHECK_MEM(out, v[i].want, 32);
        }
        memset(out, 0, 32);
        CHECK(sluice_tensority_hash(c, SLUICE_TENSORITY_AUTO, v[i].hh, out, NULL) == SLUICE_OK);
        CHECK_MEM(out, v[i].want, 32);
        sluice_tensority_cache_free(c);
    }
    free(scratch);
}

static void test_random_pairs(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 0x7e5503);
    for (int s = 0; s < 2; s++) {
        uint8_t seed[32];
        tu_rng_bytes(&rng, seed, 32);
        sluice_tensority_cache *c = NULL;
        CHECK(sluice_tensority_cache_new(&c, seed, 1) == SLUICE_OK);
        if (!c) continue;
        for (int h = 0; h < 3; h++) {
            uint8_t hh[32], want[32], got[32];
            tu_rng_bytes(&rng, hh, 32);
            CHECK(sluice_tensority_hash_ref(sluice_tensority_cache_matrix(c, 0), hh, want) == SLUICE_OK);
            for (size_t k = 0; k < sizeof fast_impls / sizeof fast_impls[0]; k++) {
                if (!sluice_tensority_impl_available(fast_impls[k])) continue;
                CHECK(sluice_tensority_hash(c, fast_impls[k], hh, got, NULL) == SLUICE_OK);
                CHECK_MEM(got, want, 32);
            }
        }
        sluice_tensority_cache_free(c);
    }
}

static void test_cache_threads_agree(void) {
    uint8_t seed[32] = {1, 2, 3};
    sluice_tensority_cache *a = NULL, *b = NULL;
    CHECK(sluice_tensority_cache_new(&a, seed, 1) == SLUICE_OK);
    CHECK(sluice_tensority_cache_new(&b, seed, 2) == SLUICE_OK);
    if (a && b) {
        CHECK(memcmp(sluice_tensority_cache_matrix(a, 0), sluice_tensority_cache_matrix(b, 0),
                     SLUICE_TENSORITY_CACHE_BYTES) == 0);
        /* The expansion on its own equals the cache's matrices. */
        int8_t *m = malloc(SLUICE_TENSORITY_CACHE_BYTES);
        CHECK(m != NULL);
        if (m) {
            CHECK(sluice_tensority_expand_seed(seed, m) == SLUICE_OK);
            CHECK(memcmp(m, sluice_tensority_cache_matrix(a, 0), SLUICE_TENSORITY_CACHE_BYTES) == 0);
            free(m);
        }
        CHECK(sluice_tensority_cache_matrix(a, 255) != NULL);
        CHECK(sluice_tensority_cache_matrix(a, 256) == NULL);
    }
    sluice_tensority_cache_free(a);
    sluice_tensority_cache_free(b);
    CHECK(sluice_tensority_cache_footprint() >= SLUICE_TENSORITY_CACHE_BYTES);
}

static void test_api_errors(void) {
    sluice_tensority_impl impl;
    CHECK(sluice_tensority_impl_parse("avx512vnni", &impl) == SLUICE_OK && impl == SLUICE_TENSORITY_AVX512VNNI);
    CHECK(sluice_tensority_impl_parse("ref", &impl) == SLUICE_OK && impl == SLUICE_TENSORITY_REF);
    CHECK(sluice_tensority_impl_parse("sse9", &impl) == SLUICE_ERR_ARG);
    CHECK(sluice_tensority_impl_parse(NULL, &impl) == SLUICE_ERR_ARG);
    { uint8_t zero[32] = {0}; CHECK(sluice_tensority_cache_new(NULL, zero, 0) == SLUICE_ERR_ARG); }
    uint8_t hh[32] = {0}, out[32];
    CHECK(sluice_tensority_hash(NULL, SLUICE_TENSORITY_REF, hh, out, NULL) == SLUICE_ERR_ARG);
    /* With SIMD masked off, the fast paths must refuse rather than fault. */
    uint8_t seed[32] = {0};
    sluice_tensority_cache *c = NULL;
    CHECK(sluice_tensority_cache_new(&c, seed, 0) == SLUICE_OK);
    CHECK(sluice_tensority_hash(c, (sluice_tensority_impl)99, hh, out, NULL) == SLUICE_ERR_ARG);
    sluice_tensority_cache_free(c);
    c = NULL;
    setenv("SLUICE_CPU_MASK", "scalar", 1);
    CHECK(sluice_tensority_cache_new(&c, seed, 0) == SLUICE_OK);
    CHECK(sluice_tensority_impl_best() == SLUICE_TENSORITY_REF);
    CHECK(sluice_tensority_hash(c, SLUICE_TENSORITY_AUTO, hh, out, NULL) == SLUICE_OK);
    CHECK(sluice_tensority_hash(c, SLUICE_TENSORITY_AVX2, hh, out, NULL) == SLUICE_ERR_UNSUPPORTED);
    CHECK(sluice_tensority_hash(c, SLUICE_TENSORITY_AVX512VNNI, hh, out, NULL) == SLUICE_ERR_UNSUPPORTED);
    unsetenv("SLUICE_CPU_MASK");
    sluice_tensority_cache_free(c);
}

int main(void) {
    test_api_errors();
    test_cache_threads_agree();
    test_vectors();
    test_random_pairs();
    return tu_finish("test_tensority");
}
