#include "cmd_common.h"
#include "sluice/hex.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

int cmd_hex32(sluice_cli *cli, const char *cmd, const char *opt, const char *hex, uint8_t out[32]) {
    sluice_err e = sluice_hex_decode_exact(out, 32, hex);
    if (e == SLUICE_OK) return 0;
    cli_fail(cli, cmd, "%s: %s (expected 64 hex digits, 32 bytes)", opt,
             e == SLUICE_ERR_LENGTH ? "wrong length" : "not hexadecimal");
    return 1;
}

int cmd_parse_backend(const char *s, cmd_backend *out) {
    if (strcmp(s, "cpu") == 0) *out = CMD_BACKEND_CPU;
    else if (strcmp(s, "opencl") == 0) *out = CMD_BACKEND_OPENCL;
    else if (strcmp(s, "cuda") == 0) *out = CMD_BACKEND_CUDA;
    else return 1;
    return 0;
}

const char *cmd_backend_name(cmd_backend b) {
    return b == CMD_BACKEND_OPENCL ? "opencl" : b == CMD_BACKEND_CUDA ? "cuda" : "cpu";
}

sluice_err cmd_accel_open(cmd_backend b, unsigned index, const int8_t *matrices, sluice_tensority_accel **out,
                          char *devname, size_t devname_cap, char *why, size_t why_cap) {
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
    return sluice_tensority_accel_new(out, &devs[index], matrices, why, why_cap);
}

double cmd_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}
