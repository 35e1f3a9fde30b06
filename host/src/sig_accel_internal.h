/* Internal interface of signature verification on accelerators
 * (sluice_sig_accel_* in sluice/accel.h).
 *
 * Layers:
 *   accel_sig.c         the context: backend choice, device tables, runs of
 *                       prepared 160-byte work items (sl_sig_accel_run_work);
 *                       it uses no engine/sig symbol, so a program that only
 *                       runs prepared items (the kernel tests) links without
 *                       the signature engine;
 *   accel_sig_verify.c  sluice_sig_accel_verify and the offload hook: host
 *                       preparation (sluice_sig_device_prepare with the
 *                       context's key cache), device run, verdict merge;
 *   opencl_sig.c, cuda_sig.c  the backends (sl_sig_backend). */
#ifndef SLUICE_SIG_ACCEL_INTERNAL_H
#define SLUICE_SIG_ACCEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "accel_internal.h"
#include "sluice/accel.h"
#include "sluice/sig.h"

typedef struct {
    uint32_t batch;     /* most items per backend run */
    int is_cpu;         /* an OpenCL CPU device (PoCL) */
    double setup_s;     /* seconds spent building the base-point tables */
} sl_sig_caps;

typedef struct {
    /* Compiles the kernels and builds the comb tables of all three curves
     * on the device (kernels/common/sl_sig_kernels.h). */
    sluice_err (*create)(void **impl, const sluice_accel_device *dev, sl_sig_caps *caps, char *why,
                         size_t why_cap);
    void (*destroy)(void *impl);
    /* 1 <= n <= caps.batch items of one scheme (work: n * 160 bytes) to n
     * device verdicts (VALID, INFINITY, MISMATCH). */
    sluice_err (*run)(void *impl, sluice_sig_scheme scheme, const uint8_t *work, uint32_t n,
                      uint8_t *status, char *why, size_t why_cap);
    /* Reads entries first .. first+count-1 of a curve's comb table (words of
     * SL_SIG_TAB_WORDS_W or _E each), for tests. */
    sluice_err (*read_table)(void *impl, unsigned curve, uint32_t first, uint32_t count, uint64_t *out,
                             char *why, size_t why_cap);
} sl_sig_backend;

extern const sl_sig_backend sl_opencl_sig_backend;
extern const sl_sig_backend sl_cuda_sig_backend;

struct sluice_sig_accel {
    const sl_sig_backend *backend;
    void *impl;
    sl_sig_caps caps;
    sluice_accel_device dev;
    /* accel_sig_verify.c: host preparation of up to caps.batch items */
    sluice_sig_keycache *cache;                        /* created on first verify */
    void (*cache_free)(sluice_sig_keycache *);         /* set with cache */
    uint8_t *work;      /* caps.batch * 160 */
    uint8_t *need;      /* caps.batch */
    uint8_t *dstat;     /* caps.batch: device verdicts of the compacted items */
    uint32_t *index;    /* caps.batch: item index of each compacted item */
    sluice_sig_offload hook;
    char why[SL_WHY_CAP];
};

/* Runs n prepared work items of one scheme (layouts in
 * engine/sig/sig_internal.h) on the device in launches of caps.batch and
 * writes one device verdict per item (VALID, INFINITY or MISMATCH). The
 * items must be what sluice_sig_device_prepare writes (coordinates of a point
 * on the curve, reduced scalars): the device does not re-check them. */
sluice_err sl_sig_accel_run_work(sluice_sig_accel *ctx, sluice_sig_scheme scheme, const uint8_t *work,
                                 size_t n, uint8_t *status);

/* Items per launch the context uses (its batch). */
uint32_t sl_sig_accel_batch(const sluice_sig_accel *ctx);

/* Seconds the context spent building the base-point tables on the device. */
double sl_sig_accel_setup_seconds(const sluice_sig_accel *ctx);

/* Reads comb table entries of a curve (0 SM2, 1 secp256k1, 2 edwards25519),
 * SL_SIG_TAB_WORDS_W / _E words each (Montgomery form), for tests. */
sluice_err sl_sig_accel_read_table(sluice_sig_accel *ctx, unsigned curve, uint32_t first, uint32_t count,
                                   uint64_t *out);

/* Embedded kernel images (kernels/CMakeLists.txt, kernels/embed.cmake). */
#ifdef SLUICE_HAVE_OPENCL
extern const unsigned char sluice_opencl_sig_src[];
extern const unsigned long sluice_opencl_sig_src_size;
#endif
#ifdef SLUICE_HAVE_CUDA
extern const unsigned char sluice_cuda_sig_fatbin[];
extern const unsigned long sluice_cuda_sig_fatbin_size;
#endif

#endif
