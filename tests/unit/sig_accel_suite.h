/* One signature-verification conformance suite for every accelerator backend
 * (OpenCL, CUDA): test_sig_accel_opencl.c and test_sig_accel_cuda.c pick the
 * devices of their API and run it. Every check is exact:
 *   - argument errors and the accessors;
 *   - comb table entries of sm2p256v1 and secp256k1 (j 2^(8 i) G, Montgomery
 *     form) against OpenSSL's EC arithmetic;
 *   - device work items built here with OpenSSL (independently of the engine):
 *     random s G + t P with the expected x (SM2: v, and v + n when x >= n) and
 *     s G - e P with its parity (BIP340), the point at infinity, the doubling
 *     and inverse cases of the fixed-base additions; each verdict also equals
 *     the engine's CPU model of the device check (sl_*_device_check_var);
 *   - the vectors (sm2.txt, bip340.csv, ed25519.txt): the expected verdict and
 *     sluice_sig_verify's;
 *   - oracle-made signatures (OpenSSL SM2 / Ed25519, libsecp256k1 BIP340),
 *     intact and with bit flips: verdicts equal sluice_sig_verify's item by item;
 *   - Ed25519 keys of small order (identity, order 2, order 4) whose checks
 *     depend on k's residue: verdicts equal sluice_sig_verify's;
 *   - a sluice_sig_batch whose offload hook is the context's: verdicts equal
 *     the single checks and the device took part.
 * Item counts scale with the device (a CPU OpenCL device gets small ones);
 * SLUICE_SIG_ACCEL_THROUGHPUT=N also times N items per scheme (printed only). */
#ifndef SLUICE_SIG_ACCEL_SUITE_H
#define SLUICE_SIG_ACCEL_SUITE_H

#include "sluice/accel.h"

/* Runs the suite on dev (a listed device of api). Returns the number of
 * failed checks it added (0: all passed). */
int sig_accel_suite_run(sluice_accel_api api, const sluice_accel_device *dev);

#endif
