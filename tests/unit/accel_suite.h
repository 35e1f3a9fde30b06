/* One conformance suite for every accelerator backend (OpenCL, CUDA): the
 * checks live here once, and test_accel_opencl.c / test_accel_cuda.c only pick
 * the devices of their API and add what is specific to it.
 *
 * accel_suite_run(api, dev) on one listed device checks, with exact byte
 * comparisons (CHECK / CHECK_MEM of testutil.h, which count failures):
 *   - argument errors: reasons, no crashes, no context on failure;
 *   - every line of tensority.txt (exactly ACCEL_SUITE_VECTORS), one context
 *     per seed, each seed's header hashes in one call;
 *   - random (header hash, seed) pairs against sluice_tensority_hash_ref;
 *   - a request of batch + 1 hashes (two launches), checked with the
 *     reference on both sides of the batch boundary;
 *   - a mining search over the same batch + 1 nonces (wrapping past 2^64):
 *     the found set is exactly the nonces whose hashes meet the target, and
 *     every found nonce is re-verified on the CPU (block hash + reference);
 *   - searches with a target every result meets (each nonce once, the cap
 *     honoured) and with one none meets (negative target).
 * The amount of work scales with the device: a CPU OpenCL device (PoCL, ~3
 * H/s) runs ~30 hashes in ~11 s; a GPU runs batches of ~1000 and more
 * reference checks (~40 reference hashes on the host CPU). */
#ifndef SLUICE_ACCEL_SUITE_H
#define SLUICE_ACCEL_SUITE_H

#include "sluice/accel.h"

#define ACCEL_SUITE_VECTORS 10   /* lines of tests/vectors/tensority.txt */

/* Runs the suite on dev (which must be a device of api, as listed). Returns
 * the number of failed checks it added (0: all passed). */
int accel_suite_run(sluice_accel_api api, const sluice_accel_device *dev);

/* Prints one listed device as a line (for the test logs). */
void accel_suite_print_device(const sluice_accel_device *dev);

#endif
