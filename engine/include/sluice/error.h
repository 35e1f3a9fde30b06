/* Error codes of the Sluice engine. Every public function that can fail returns
 * a sluice_err; sluice_strerror() gives its one-line description. */
#ifndef SLUICE_ERROR_H
#define SLUICE_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    SLUICE_OK = 0,
    SLUICE_ERR_ARG,          /* invalid argument (NULL, out of range, unknown name) */
    SLUICE_ERR_HEX,          /* malformed hexadecimal text */
    SLUICE_ERR_LENGTH,       /* input has the wrong length or is truncated */
    SLUICE_ERR_NOMEM,        /* allocation failed */
    SLUICE_ERR_UNSUPPORTED,  /* backend or CPU feature not available here */
    SLUICE_ERR_BACKEND,      /* accelerator runtime error (OpenCL, CUDA) */
    SLUICE_ERR_IO,           /* file or system I/O error */
    SLUICE_ERR_RANGE,        /* numeric value out of range */
    SLUICE_ERR_INTERNAL,     /* self-check failed (a fast path disagreed with the reference) */
    SLUICE_ERR_CANCELLED     /* stopped on request (a stop flag) before finishing */
} sluice_err;

/* A static, human-readable description of err (never NULL). */
const char *sluice_strerror(sluice_err err);

/* Writes a printf-style reason into why (when why is not NULL and why_cap > 0)
 * and returns err: `return sluice_why(SLUICE_ERR_LENGTH, why, cap, "...", ...);`. */
sluice_err sluice_why(sluice_err err, char *why, size_t why_cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#ifdef __cplusplus
}
#endif
#endif
