/* Tensority cache life cycle, implementation choice and the SIMD driver loop. */
#include "sluice/cpu.h"
#include "sluice/tensority.h"
#include "tensority_internal.h"
#include <omp.h>
#include <stdlib.h>
#include <string.h>

static void *alloc64(size_t n) {
    void *p = NULL;
    return posix_memalign(&p, 64, n) == 0 ? p : NULL;
}

const char *sluice_tensority_impl_name(sluice_tensority_impl impl) {
    switch (impl) {
    case SLUICE_TENSORITY_AUTO: return "auto";
    case SLUICE_TENSORITY_REF: return "ref";
    case SLUICE_TENSORITY_AVX2: return "avx2";
    case SLUICE_TENSORITY_AVX512VNNI: return "avx512vnni";
    }
    return "unknown";
}

sluice_err sluice_tensority_impl_parse(const char *name, sluice_tensority_impl *out) {
    static const sluice_tensority_impl all[] = {SLUICE_TENSORITY_AUTO, SLUICE_TENSORITY_REF,
                                                SLUICE_TENSORITY_AVX2, SLUICE_TENSORITY_AVX512VNNI};
    if (!name || !out) return SLUICE_ERR_ARG;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, sluice_tensority_impl_name(all[i])) == 0) { *out = all[i]; return SLUICE_OK; }
    return SLUICE_ERR_ARG;
}

int sluice_tensority_impl_available(sluice_tensority_impl impl) {
    sluice_cpu_features f;
    sluice_cpu_detect(&f);
    switch (impl) {
    case SLUICE_TENSORITY_AUTO:
    case SLUICE_TENSORITY_REF: return 1;
    case SLUICE_TENSORITY_AVX2: return f.avx2;
    case SLUICE_TENSORITY_AVX512VNNI: return f.avx512f && f.avx512bw && f.avx512vl && f.avx512vnni;
    }
    return 0;
}

sluice_tensority_impl sluice_tensority_impl_best(void) {
    if (sluice_tensority_impl_available(SLUICE_TENSORITY_AVX512VNNI)) return SLUICE_TENSORITY_AVX512VNNI;
    if (sluice_tensority_impl_available(SLUICE_TENSORITY_AVX2)) return SLUICE_TENSORITY_AVX2;
    return SLUICE_TENSORITY_REF;
}

size_t sluice_tensority_cache_footprint(void) {
    return sizeof(struct sluice_tensority_cache) + 2 * (size_t)SLUICE_TENSORITY_CACHE_BYTES +
           (size_t)SLUICE_TENSORITY_MATRICES * TS_N * sizeof(int32_t);
}

/* Packs matrix m into the layout of tensority_internal.h and its column sums. */
static void pack_matrix(struct sluice_tensority_cache *c, unsigned m) {
    const int8_t *src = c->matrices + (size_t)m * SLUICE_TENSORITY_MATRIX_BYTES;
    uint8_t *dst = c->packed + (size_t)m * SLUICE_TENSORITY_MATRIX_BYTES;
    for (int cb = 0; cb < 16; cb++)
        for (int t4 = 0; t4 < 64; t4++)
            for (int i = 0; i < 16; i++)
                memcpy(dst + TS_PACKED_OFFSET(cb, t4) + 4 * i, src + (16 * cb + i) * TS_N + 4 * t4, 4);
    for (int col = 0; col < TS_N; col++) {
        int32_t sum = 0;
        for (int t = 0; t < TS_N; t++) sum += src[col * TS_N + t];
        c->bias[m * TS_N + col] = -128 * sum;
    }
}

sluice_err sluice_tensority_cache_new(sluice_tensority_cache **out, const uint8_t seed[32], unsigned threads) {
    if (!out || !seed) return SLUICE_ERR_ARG;
    *out = NULL;
    struct sluice_tensority_cache *c = calloc(1, sizeof *c);
    if (!c) return SLUICE_ERR_NOMEM;
    memcpy(c->seed, seed, 32);
    c->can_avx2 = sluice_tensority_impl_available(SLUICE_TENSORITY_AVX2);
    c->can_avx512vnni = sluice_tensority_impl_available(SLUICE_TENSORITY_AVX512VNNI);
    c->best = sluice_tensority_impl_best();
    c->matrices = alloc64(SLUICE_TENSORITY_CACHE_BYTES);
    c->packed = alloc64(SLUICE_TENSORITY_CACHE_BYTES);
    c->bias = alloc64((size_t)SLUICE_TENSORITY_MATRICES * TS_N * sizeof(int32_t));
    if (!c->matrices || !c->packed || !c->bias) {
        sluice_tensority_cache_free(c);
        return SLUICE_ERR_NOMEM;
    }
    /* The SMix chain is inherently serial (X carries across all 128 calls). */
    sluice_err e = sluice_tensority_expand_seed(seed, c->matrices);
    if (e != SLUICE_OK) {
        sluice_tensority_cache_free(c);
        return e;
    }
    int nt = threads ? (int)threads : 0;
#pragma omp parallel for schedule(static) if(nt != 1) num_threads(nt > 0 ? nt : omp_get_max_threads())
    for (int m = 0; m < SLUICE_TENSORITY_MATRICES; m++) pack_matrix(c, (unsigned)m);
    *out = c;
    return SLUICE_OK;
}

void sluice_tensority_cache_free(sluice_tensority_cache *c) {
    if (!c) return;
    free(c->matrices);
    free(c->packed);
    free(c->bias);
    free(c);
}

const uint8_t *sluice_tensority_cache_seed(const sluice_tensority_cache *c) { return c->seed; }

const int8_t *sluice_tensority_cache_matrix(const sluice_tensority_cache *c, unsigned idx) {
    if (!c || idx >= SLUICE_TENSORITY_MATRICES) return NULL;
    return c->matrices + (size_t)idx * SLUICE_TENSORITY_MATRIX_BYTES;
}

size_t sluice_tensority_scratch_size(void) { return sizeof(ts_scratch); }

void ts_first_step(uint8_t *dst, const int8_t *m) {
    /* C = I * M^T = M^T; trunc(C) = low byte of C + (C >> 8) with C sign-extended;
     * +128 biases it for the SIMD paths. */
    for (int r = 0; r < TS_N; r++)
        for (int col = 0; col < TS_N; col++) {
            int32_t v = m[col * TS_N + r];
            dst[r * TS_N + col] = (uint8_t)(v + (v >> 8) + 128);
        }
}

typedef void (*ts_step_fn)(const sluice_tensority_cache *, unsigned, const uint8_t *, uint8_t *, ts_scratch *);

sluice_err sluice_tensority_hash(const sluice_tensority_cache *c, sluice_tensority_impl impl,
                                 const uint8_t header_hash[32], uint8_t result[32], void *scratch) {
    if (!c || !header_hash || !result) return SLUICE_ERR_ARG;
    if (impl == SLUICE_TENSORITY_AUTO) impl = c->best;
    if ((impl == SLUICE_TENSORITY_AVX2 && !c->can_avx2) ||
        (impl == SLUICE_TENSORITY_AVX512VNNI && !c->can_avx512vnni))
        return SLUICE_ERR_UNSUPPORTED;
    if (impl != SLUICE_TENSORITY_REF && impl != SLUICE_TENSORITY_AVX2 && impl != SLUICE_TENSORITY_AVX512VNNI)
        return SLUICE_ERR_ARG;
    if (impl == SLUICE_TENSORITY_REF) {
        return sluice_tensority_hash_ref(c->matrices, header_hash, result);
    }
    ts_step_fn step = impl == SLUICE_TENSORITY_AVX512VNNI ? ts_step_avx512vnni : ts_step_avx2;
    ts_scratch *sc = scratch, *owned = NULL;
    if (!sc) {
        sc = owned = alloc64(sizeof *sc);
        if (!sc) return SLUICE_ERR_NOMEM;
    }
    uint8_t seq[4][32];
    sluice_tensority_sequence(header_hash, seq);
    for (int k = 0; k < 4; k++) {
        uint8_t *in = sc->a, *outb = sc->b;
        ts_first_step(in, c->matrices + (size_t)seq[k][0] * SLUICE_TENSORITY_MATRIX_BYTES);
        for (int s = 1; s < 64; s++) {
            step(c, seq[k][s % 32], in, outb, sc);
            uint8_t *t = in; in = outb; outb = t;
        }
        if (k == 0) memcpy(sc->s, in, sizeof sc->s);
        else for (size_t i = 0; i < sizeof sc->s; i++) sc->s[i] = (uint8_t)(sc->s[i] + in[i]);
    }
    sluice_tensority_fold(sc->s, result);
    free(owned);
    return SLUICE_OK;
}
