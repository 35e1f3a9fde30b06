/* Helpers shared by the sluice commands: strict 32-byte hex arguments and
 * backend selection / accelerator opening. */
#ifndef SLUICE_CMD_COMMON_H
#define SLUICE_CMD_COMMON_H

#include "cli.h"
#include "sluice/accel.h"
#include "sluice/error.h"
#include <stddef.h>
#include <stdint.h>

typedef enum { CMD_BACKEND_CPU, CMD_BACKEND_OPENCL, CMD_BACKEND_CUDA } cmd_backend;

/* Decodes exactly 32 bytes; on error prints "<opt>: <reason>" and returns 1. */
int cmd_hex32(sluice_cli *cli, const char *cmd, const char *opt, const char *hex, uint8_t out[32]);
int cmd_parse_backend(const char *s, cmd_backend *out);   /* 0 on success */
const char *cmd_backend_name(cmd_backend b);

/* Opens a Tensority context on device `index` of the backend's API. devname
 * gets "<api>:<index> <name>"; why gets the reason on failure. */
sluice_err cmd_accel_open(cmd_backend b, unsigned index, const int8_t *matrices, sluice_tensority_accel **out,
                          char *devname, size_t devname_cap, char *why, size_t why_cap);

/* Monotonic seconds. */
double cmd_now(void);

#endif
