/* Tensority, Bytom's proof of work (../specs/tensority.md; reference:
 * BytomDAO/bytom branch prod, mining/tensority/go_algorithm).
 *
 * Life cycle, as in chfast/ethash: a cache is built once per seed (256 signed
 * 256x256 int8 matrices, 16 MiB, plus the packed layouts the CPU fast paths
 * need), shared read-only by every thread and device, and freed explicitly.
 * Hashing writes into caller-owned scratch memory in hot loops. */
#ifndef SLUICE_TENSORITY_H
#define SLUICE_TENSORITY_H

#include <stddef.h>
#include <stdint.h>
#include "sluice/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SLUICE_TENSORITY_DIM 256                     /* matrix side */
#define SLUICE_TENSORITY_MATRICES 256                /* matrices per seed */
#define SLUICE_TENSORITY_MATRIX_BYTES (256 * 256)    /* 64 KiB, row-major int8 */
#define SLUICE_TENSORITY_CACHE_BYTES (256u * 256u * 256u) /* 16 MiB */

/* CPU implementations. AUTO picks the fastest one this CPU supports. */
typedef enum {
    SLUICE_TENSORITY_AUTO = 0,
    SLUICE_TENSORITY_REF,         /* scalar reference, reads like the spec */
    SLUICE_TENSORITY_AVX2,        /* vpmaddubsw on nibble-split operands */
    SLUICE_TENSORITY_AVX512VNNI   /* vpdpbusd with the +128 bias */
} sluice_tensority_impl;

/* "ref", "avx2", "avx512vnni" (and "auto"). */
const char *sluice_tensority_impl_name(sluice_tensority_impl impl);
sluice_err sluice_tensority_impl_parse(const char *name, sluice_tensority_impl *out);
/* 1 when impl can run on this CPU (REF always can). */
int sluice_tensority_impl_available(sluice_tensority_impl impl);
/* The fastest available implementation. */
sluice_tensority_impl sluice_tensority_impl_best(void);

typedef struct sluice_tensority_cache sluice_tensority_cache;

/* Bytes a cache occupies (matrices plus packed layouts), known before allocation. */
size_t sluice_tensority_cache_footprint(void);

/* Builds the cache for seed with up to `threads` threads (0 = all cores). It
 * also records which implementations this CPU runs (SLUICE_CPU_MASK applies
 * as it is when the cache is built). The
 * scrypt-style chain of spec section 1 is serial by nature; the matrix split,
 * the packed layouts and column sums are built in parallel. */
sluice_err sluice_tensority_cache_new(sluice_tensority_cache **out, const uint8_t seed[32],
                                      unsigned threads);
void sluice_tensority_cache_free(sluice_tensority_cache *cache);

/* The seed the cache was built for. */
const uint8_t *sluice_tensority_cache_seed(const sluice_tensority_cache *cache);
/* Matrix idx (0..255), row-major signed int8: M[row][col] = m[row*256 + col].
 * All 256 matrices are contiguous, so matrix(cache, 0) is the whole 16 MiB. */
const int8_t *sluice_tensority_cache_matrix(const sluice_tensority_cache *cache, unsigned idx);

/* The 128-byte extended seed and the scrypt-like expansion into the 16 MiB of
 * matrices (spec section 1), single-threaded; exposed for tests and backends. */
/* SLUICE_ERR_NOMEM if its 128 KiB work area cannot be allocated. */
sluice_err sluice_tensority_expand_seed(const uint8_t seed[32], int8_t matrices[SLUICE_TENSORITY_CACHE_BYTES]);

/* Caller-owned scratch for one hash in flight; 64-byte aligned memory. */
size_t sluice_tensority_scratch_size(void);

/* result = Tensority(header_hash, seed of cache) with implementation impl.
 * scratch: sluice_tensority_scratch_size() bytes, 64-byte aligned, or NULL to
 * allocate internally (slower). SLUICE_ERR_UNSUPPORTED if impl cannot run on
 * the CPU as detected when the cache was built; SLUICE_ERR_ARG for an unknown impl. */
sluice_err sluice_tensority_hash(const sluice_tensority_cache *cache, sluice_tensority_impl impl,
                                 const uint8_t header_hash[32], uint8_t result[32], void *scratch);

/* The scalar reference alone (no packed layouts needed: it reads only the
 * row-major matrices), so other backends can be checked against it.
 * SLUICE_ERR_NOMEM if its 320 KiB work area cannot be allocated. */
sluice_err sluice_tensority_hash_ref(const int8_t *matrices, const uint8_t header_hash[32],
                               uint8_t result[32]);

/* Spec section 2 steps 3-4: sum of the four chain results (each 256x256 int8,
 * row-major, contiguous) folded with FNV and hashed. Shared by all backends. */
void sluice_tensority_finish(const int8_t chains[4][SLUICE_TENSORITY_MATRIX_BYTES],
                             uint8_t result[32]);
/* Same, from the already-summed S (mod 256). */
void sluice_tensority_fold(const uint8_t sum[SLUICE_TENSORITY_MATRIX_BYTES], uint8_t result[32]);

/* Spec section 2 step 1: the 4 x 32 matrix indices for a header hash. */
void sluice_tensority_sequence(const uint8_t header_hash[32], uint8_t seq[4][32]);

#ifdef __cplusplus
}
#endif
#endif
