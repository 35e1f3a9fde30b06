#include "sluice/error.h"
#include <stdarg.h>
#include <stdio.h>

const char *sluice_strerror(sluice_err err) {
    switch (err) {
    case SLUICE_OK: return "ok";
    case SLUICE_ERR_ARG: return "invalid argument";
    case SLUICE_ERR_HEX: return "malformed hexadecimal string";
    case SLUICE_ERR_LENGTH: return "wrong length or truncated input";
    case SLUICE_ERR_NOMEM: return "out of memory";
    case SLUICE_ERR_UNSUPPORTED: return "not supported on this machine";
    case SLUICE_ERR_BACKEND: return "accelerator runtime error";
    case SLUICE_ERR_IO: return "I/O error";
    case SLUICE_ERR_RANGE: return "value out of range";
    case SLUICE_ERR_INTERNAL: return "internal self-check failed";
    case SLUICE_ERR_CANCELLED: return "cancelled";
    }
    return "unknown error";
}

sluice_err sluice_why(sluice_err err, char *why, size_t why_cap, const char *fmt, ...) {
    if (why && why_cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, why_cap, fmt, ap);
        va_end(ap);
    }
    return err;
}
