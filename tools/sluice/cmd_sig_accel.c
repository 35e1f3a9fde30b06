/* See cmd_sig_accel.h: a thin wrapper over sluice_sig_accel (sluice/accel.h). */
#include "cmd_sig_accel.h"
#include "sluice/accel.h"
#include <stdio.h>
#include <stdlib.h>

struct cmd_sig_accel {
    sluice_sig_accel *ctx;
};

sluice_err cmd_sig_accel_open(cmd_backend b, unsigned index, cmd_sig_accel **out, char *devname,
                              size_t devname_cap, char *why, size_t why_cap) {
    *out = NULL;
    sluice_accel_api api = b == CMD_BACKEND_CUDA ? SLUICE_ACCEL_CUDA : SLUICE_ACCEL_OPENCL;
    sluice_accel_device devs[64];
    unsigned count = 0;
    sluice_err e = sluice_accel_list(api, devs, 64, &count, why, why_cap);
    if (e != SLUICE_OK) return e;
    if (count > 64) count = 64;
    if (index >= count) {
        snprintf(why, why_cap, "no %s device %u (%u found)", sluice_accel_api_name(api), index, count);
        return SLUICE_ERR_UNSUPPORTED;
    }
    snprintf(devname, devname_cap, "%s:%u %s", sluice_accel_api_name(api), index, devs[index].name);
    cmd_sig_accel *a = calloc(1, sizeof *a);
    if (!a) return SLUICE_ERR_NOMEM;
    e = sluice_sig_accel_new(&a->ctx, &devs[index], why, why_cap);
    if (e != SLUICE_OK) {
        free(a);
        return e;
    }
    *out = a;
    return SLUICE_OK;
}

void cmd_sig_accel_close(cmd_sig_accel *a) {
    if (!a) return;
    sluice_sig_accel_free(a->ctx);
    free(a);
}

const sluice_sig_offload *cmd_sig_accel_offload(cmd_sig_accel *a) {
    return sluice_sig_accel_offload(a->ctx);
}

const char *cmd_sig_accel_why(const cmd_sig_accel *a) {
    return sluice_sig_accel_why(a->ctx);
}
