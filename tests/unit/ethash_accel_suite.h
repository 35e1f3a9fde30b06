/* One Ethash conformance suite for every accelerator backend (OpenCL, CUDA):
 * test_ethash_accel_opencl.c and test_ethash_accel_cuda.c pick the devices of
 * their API and run it. Every check compares bytes exactly with the CPU
 * reference of sluice/ethash.h (sluice_ethash_dataset_item,
 * sluice_ethash_hashimoto_ref) or with tests/vectors/ethash.txt:
 *   - argument errors, a DAG too large for the device (a clear
 *     SLUICE_ERR_UNSUPPORTED with a reason), a light-only context refusing
 *     DAG work;
 *   - DAG items of synthetic datasets built from the epoch-0 cache (501 and
 *     4099 items, every item read back) and the progress reports;
 *   - the vectors' `small` line (chfast's mock epoch: a 501-item dataset
 *     from a constant light cache; zero header, boundary 2^247, nonces
 *     940..949 find 948 with its mix and final), with both kernel families;
 *   - full hashes of random nonces against the reference, with both the
 *     one-hash-per-work-item and the lane-cooperative kernels;
 *   - searches: the found set equals the reference's in ranges spanning
 *     several launches and 2^64 (few hits, hits overflowing the device's
 *     result slots, the cap), and a boundary that equals a final in its top
 *     64 bits but is below it (a device candidate the exact check rejects);
 *   - light hashes of the epoch-0 `hash` vector lines (blocks 0 and 2) and
 *     of random nonces against the full hash.
 * The work scales with the device: a CPU OpenCL device (PoCL) gets small
 * counts, a GPU more. */
#ifndef SLUICE_ETHASH_ACCEL_SUITE_H
#define SLUICE_ETHASH_ACCEL_SUITE_H

#include "sluice/accel.h"

/* Runs the suite on dev (a listed device of api). Returns the number of
 * failed checks it added (0: all passed). */
int ethash_accel_suite_run(sluice_accel_api api, const sluice_accel_device *dev);

#endif
