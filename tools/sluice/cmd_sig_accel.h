/* The signature accelerator for `sluice sigverify` and `sluice bench sig`
 * (--backend opencl|cuda, --device I): opening it on one device and the
 * offload hook the batch takes. */
#ifndef SLUICE_CMD_SIG_ACCEL_H
#define SLUICE_CMD_SIG_ACCEL_H

#include "cmd_common.h"
#include "sluice/sig.h"

typedef struct cmd_sig_accel cmd_sig_accel;

/* Opens the accelerator on device `index` of backend b (OpenCL or CUDA).
 * devname gets "<api>:<index> <name>"; on failure why gets the reason (no
 * runtime, no such device, kernel build failed). */
sluice_err cmd_sig_accel_open(cmd_backend b, unsigned index, cmd_sig_accel **out, char *devname,
                              size_t devname_cap, char *why, size_t why_cap);
void cmd_sig_accel_close(cmd_sig_accel *a);   /* NULL is fine */
/* The hook for sluice_sig_batch_opts.offload; valid while a is open. */
const sluice_sig_offload *cmd_sig_accel_offload(cmd_sig_accel *a);
/* Why the device failed last ("" if it did not). */
const char *cmd_sig_accel_why(const cmd_sig_accel *a);

#endif
