/* Accelerator runtime: device discovery and Tensority on OpenCL and CUDA, one
 * backend per API behind this one interface (the hashcat/xmrig model).
 * The CUDA backend loads libcuda at run time (dlopen): the program runs, and
 * reports "no CUDA driver", on machines without any CUDA library. */
#ifndef SLUICE_ACCEL_H
#define SLUICE_ACCEL_H

#include <stddef.h>
#include <stdint.h>
#include "sluice/error.h"
#include "sluice/bytom_target.h"
#include "sluice/sig.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { SLUICE_ACCEL_OPENCL = 1, SLUICE_ACCEL_CUDA = 2 } sluice_accel_api;

typedef struct {
    sluice_accel_api api;
    unsigned platform;        /* OpenCL platform index (0 for CUDA) */
    unsigned index;           /* device index within the platform / CUDA ordinal */
    char name[128];
    char vendor[128];
    char version[128];        /* OpenCL device version / CUDA "sm_XY" */
    char driver[128];         /* driver / runtime version */
    uint64_t global_mem;      /* bytes */
    uint64_t local_mem;       /* bytes of local/shared memory per group */
    unsigned compute_units;   /* CUs / SMs */
    unsigned clock_mhz;
    int is_cpu;               /* an OpenCL CPU device (e.g. PoCL) */
} sluice_accel_device;

/* Whether this build has the backend compiled in (OpenCL loader linked, CUDA
 * kernels built by nvcc). */
int sluice_accel_compiled(sluice_accel_api api);
const char *sluice_accel_api_name(sluice_accel_api api);   /* "opencl" / "cuda" */

/* Lists the devices of one API. *count gets how many were found (up to cap are
 * written). When the runtime is missing, returns SLUICE_ERR_UNSUPPORTED and a
 * reason in why (e.g. "libcuda.so.1 not found"); that is not a crash. */
sluice_err sluice_accel_list(sluice_accel_api api, sluice_accel_device *out, unsigned cap,
                             unsigned *count, char *why, size_t why_cap);

/* A Tensority context on one device for one seed: the 16 MiB of matrices are
 * uploaded once, kernels compiled once. */
typedef struct sluice_tensority_accel sluice_tensority_accel;

/* matrices: the cache's 16 MiB (sluice_tensority_cache_matrix(cache, 0)). */
sluice_err sluice_tensority_accel_new(sluice_tensority_accel **out, const sluice_accel_device *dev,
                                      const int8_t *matrices, char *why, size_t why_cap);
void sluice_tensority_accel_free(sluice_tensority_accel *ctx);

/* Hashes n header hashes (n*32 bytes) into results (n*32 bytes). */
sluice_err sluice_tensority_accel_hash(sluice_tensority_accel *ctx, const uint8_t *header_hashes,
                                       size_t n, uint8_t *results);

/* Mining: for nonces start .. start+count-1 put into the 136-byte header body
 * (sluice_bytom_header_body), computes block hash and Tensority on the device
 * and returns the nonces whose result <= target (up to cap, in *nfound; more
 * may exist). Candidates must be re-verified on the CPU by the caller. */
sluice_err sluice_tensority_accel_search(sluice_tensority_accel *ctx, const uint8_t body[136],
                                         uint64_t start_nonce, uint32_t count,
                                         const sluice_bytom_target *target,
                                         uint64_t *found, unsigned cap, unsigned *nfound);

/* Nonces per launch the context prefers (enough to fill the device). */
uint32_t sluice_tensority_accel_batch(const sluice_tensority_accel *ctx);

/* Additions for tests, tools and diagnostics. */

/* The kernel image embedded in this build for api: the OpenCL C source (with
 * its headers inlined) or the CUDA fatbin. Returns its size in bytes (0 when
 * the backend is not compiled) and sets *data (may be NULL) to it. */
size_t sluice_accel_kernel_image(sluice_accel_api api, const void **data);

/* Why the last call on ctx failed ("" if none did). Valid until the next call. */
const char *sluice_tensority_accel_why(const sluice_tensority_accel *ctx);

/* The API and device a context runs on. */
const sluice_accel_device *sluice_tensority_accel_device(const sluice_tensority_accel *ctx);

/* ---- Ethash on accelerators -------------------------------------------------
 * One context per device and epoch: the light cache is uploaded, the DAG is
 * generated on the device from it (in slices, so no launch runs too long),
 * kernels are compiled once. */
typedef struct sluice_ethash_accel sluice_ethash_accel;

typedef struct {
    uint64_t items;        /* 0 = the epoch's dataset; else a synthetic dataset of
                              that many items (tests), built the same way */
    int light_only;        /* no DAG: only sluice_ethash_accel_light_hash works */
    void (*progress)(void *user, uint64_t done, uint64_t total);  /* DAG slices */
    void *progress_user;
} sluice_ethash_accel_opts;

/* epoch: a sluice_ethash_epoch (declared in sluice/ethash.h). */
struct sluice_ethash_epoch;
sluice_err sluice_ethash_accel_new(sluice_ethash_accel **out, const sluice_accel_device *dev,
                                   const struct sluice_ethash_epoch *epoch,
                                   const sluice_ethash_accel_opts *opts, char *why, size_t why_cap);
void sluice_ethash_accel_free(sluice_ethash_accel *ctx);

/* Mining: nonces start .. start+count-1 against a 32-byte big-endian boundary;
 * returns up to cap nonces whose final <= boundary (the device compares the
 * top 64 bits; every candidate is checked exactly on the device's full hash,
 * and callers still re-verify on the CPU before submitting). */
sluice_err sluice_ethash_accel_search(sluice_ethash_accel *ctx, const uint8_t header_hash[32],
                                      uint64_t start_nonce, uint32_t count, const uint8_t boundary[32],
                                      uint64_t *found, unsigned cap, unsigned *nfound);
/* Full-DAG hashes of n given nonces: mix (n*32) and final (n*32) bytes. */
sluice_err sluice_ethash_accel_hash(sluice_ethash_accel *ctx, const uint8_t header_hash[32],
                                    const uint64_t *nonces, size_t n, uint8_t *mix, uint8_t *final);
/* Light hashes (items computed from the cache on the device), for checking
 * real epochs without a DAG. Works with or without light_only. */
sluice_err sluice_ethash_accel_light_hash(sluice_ethash_accel *ctx, const uint8_t header_hash[32],
                                          const uint64_t *nonces, size_t n, uint8_t *mix, uint8_t *final);
/* Reads back DAG items first .. first+n-1 (n*128 bytes), for tests. */
sluice_err sluice_ethash_accel_dag_read(sluice_ethash_accel *ctx, uint64_t first, uint64_t n, uint8_t *out);
uint32_t sluice_ethash_accel_batch(const sluice_ethash_accel *ctx);
uint64_t sluice_ethash_accel_dag_items(const sluice_ethash_accel *ctx);
double sluice_ethash_accel_dag_seconds(const sluice_ethash_accel *ctx);   /* device DAG build time */
const char *sluice_ethash_accel_why(const sluice_ethash_accel *ctx);
const sluice_accel_device *sluice_ethash_accel_device(const sluice_ethash_accel *ctx);

/* Which kernels search and full hashes use: 1 = lane-cooperative (8
 * work-items per hash, each holding 16 bytes of the mix, so a dataset item is
 * one coalesced 128-byte load; the ethminer structure and the CUDA default),
 * 0 = one work-item per hash (the OpenCL default). OpenCL has no portable
 * shuffles, so there the cooperative kernels exchange through local memory:
 * slow, but the same algorithm as CUDA's, which lets it be tested on any
 * OpenCL device. SLUICE_ERR_UNSUPPORTED (with why) if the device cannot run
 * them. Results are identical either way. */
sluice_err sluice_ethash_accel_set_cooperative(sluice_ethash_accel *ctx, int on);
int sluice_ethash_accel_cooperative(const sluice_ethash_accel *ctx);

/* The Ethash kernel image embedded for api (as sluice_accel_kernel_image does
 * for Tensority): the OpenCL C source with its headers inlined, or the CUDA
 * fatbin; its size (0 when the backend is not compiled), *data (may be NULL). */
size_t sluice_ethash_accel_kernel_image(sluice_accel_api api, const void **data);

/* ---- Signature verification on accelerators ---------------------------------
 * One context per device: kernels compiled once, base-point tables uploaded
 * once. The host prepares every item with sluice_sig_device_prepare (parsing,
 * hashing, scalar arithmetic); the device does the point arithmetic. Verdicts
 * equal sluice_sig_verify's item by item. */
typedef struct sluice_sig_accel sluice_sig_accel;
sluice_err sluice_sig_accel_new(sluice_sig_accel **out, const sluice_accel_device *dev,
                                char *why, size_t why_cap);
void sluice_sig_accel_free(sluice_sig_accel *ctx);
/* Verifies n items of one scheme; status gets one sluice_sig_status per item. */
sluice_err sluice_sig_accel_verify(sluice_sig_accel *ctx, sluice_sig_scheme scheme,
                                   const sluice_sig_item *items, size_t n, uint8_t *status);
/* The hook to put in sluice_sig_batch_opts.offload; valid while ctx lives. */
const sluice_sig_offload *sluice_sig_accel_offload(sluice_sig_accel *ctx);
const char *sluice_sig_accel_why(const sluice_sig_accel *ctx);
const sluice_accel_device *sluice_sig_accel_device(const sluice_sig_accel *ctx);
/* The signature kernel image embedded for api (OpenCL C source or CUDA fatbin). */
size_t sluice_sig_accel_kernel_image(sluice_accel_api api, const void **data);

#ifdef __cplusplus
}
#endif
#endif
