/* Chain-file writer (sluice/chainfile.h): "SLCHAIN1", then per block
 * u32 LE length | u32 LE CRC-32C | payload, through a 64 KiB buffer; with gzip,
 * the bytes go through ISA-L's streaming isal_deflate with gzip_flag =
 * IGZIP_GZIP, which writes the RFC 1952 member header and the CRC-32/ISIZE
 * trailer (isa-l/igzip_lib.h), so gzip(1) reads the file. */
#include "sluice/chainfile.h"

#include <errno.h>
#include <isa-l/igzip_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CF_W_BUF (64u * 1024u)
/* igzip level 2 with its default level buffer: igzip(1)'s default level. */
#define CF_W_LEVEL 2
#define CF_W_LEVEL_BUF ISAL_DEF_LVL2_DEFAULT

struct sluice_chainfile_writer {
    FILE *fp;
    int gzip;
    struct isal_zstream *zs;
    uint8_t *level_buf;
    uint8_t *buf;        /* pending uncompressed bytes */
    size_t len;
    uint8_t *out;        /* compressed output */
    sluice_err err;      /* first error (sticky) */
    char why[256];
    char path[160];
};

static sluice_err w_fail(sluice_chainfile_writer *w, sluice_err err, const char *what) {
    if (w->err == SLUICE_OK) {
        w->err = err;
        snprintf(w->why, sizeof w->why, "%s: %s", w->path, what);
    }
    return w->err;
}

static sluice_err w_write(sluice_chainfile_writer *w, const uint8_t *p, size_t n) {
    if (n && fwrite(p, 1, n, w->fp) != n) return w_fail(w, SLUICE_ERR_IO, strerror(errno));
    return SLUICE_OK;
}

/* Hands n bytes to the file, compressing when gzip is on; end finishes the
 * gzip stream (deflate end block and trailer). */
static sluice_err w_sink(sluice_chainfile_writer *w, const uint8_t *p, size_t n, int end) {
    if (!w->gzip) return w_write(w, p, n);
    struct isal_zstream *zs = w->zs;
    zs->next_in = (uint8_t *)(uintptr_t)p;
    zs->avail_in = (uint32_t)n;   /* n <= SLUICE_CHAINFILE_MAX_FRAME */
    zs->end_of_stream = (uint16_t)(end != 0);
    zs->flush = NO_FLUSH;
    for (;;) {
        zs->next_out = w->out;
        zs->avail_out = CF_W_BUF;
        int ret = isal_deflate(zs);
        if (ret != COMP_OK) {
            char what[64];
            snprintf(what, sizeof what, "isal_deflate failed (%d)", ret);
            return w_fail(w, SLUICE_ERR_IO, what);
        }
        sluice_err e = w_write(w, w->out, CF_W_BUF - zs->avail_out);
        if (e != SLUICE_OK) return e;
        if (end ? zs->internal_state.state == ZSTATE_END : zs->avail_in == 0) return SLUICE_OK;
    }
}

/* Buffers small writes; large ones go straight to the sink. */
static sluice_err w_put(sluice_chainfile_writer *w, const uint8_t *p, size_t n) {
    if (w->len + n <= CF_W_BUF) {
        if (n) memcpy(w->buf + w->len, p, n);
        w->len += n;
        return SLUICE_OK;
    }
    sluice_err e = w_sink(w, w->buf, w->len, 0);
    w->len = 0;
    if (e != SLUICE_OK) return e;
    if (n >= CF_W_BUF) return w_sink(w, p, n, 0);
    memcpy(w->buf, p, n);
    w->len = n;
    return SLUICE_OK;
}

static void w_free(sluice_chainfile_writer *w) {
    free(w->zs);
    free(w->level_buf);
    free(w->buf);
    free(w->out);
    free(w);
}

sluice_err sluice_chainfile_writer_open(const char *path, int gzip, sluice_chainfile_writer **out,
                                        char *why, size_t why_cap) {
    if (!path || !out) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "chain file: NULL argument");
    *out = NULL;
    sluice_chainfile_writer *w = calloc(1, sizeof *w);
    if (!w) return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    snprintf(w->path, sizeof w->path, "%s", path);
    w->gzip = gzip != 0;
    w->buf = malloc(CF_W_BUF);
    int ok = w->buf != NULL;
    if (ok && w->gzip) {
        w->zs = malloc(sizeof *w->zs);
        w->level_buf = malloc(CF_W_LEVEL_BUF);
        w->out = malloc(CF_W_BUF);
        ok = w->zs && w->level_buf && w->out;
        if (ok) {
            isal_deflate_init(w->zs);
            w->zs->gzip_flag = IGZIP_GZIP;
            w->zs->level = CF_W_LEVEL;
            w->zs->level_buf = w->level_buf;
            w->zs->level_buf_size = CF_W_LEVEL_BUF;
        }
    }
    if (!ok) {
        w_free(w);
        return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    }
    w->fp = fopen(path, "wb");
    if (!w->fp) {
        sluice_err e = sluice_why(SLUICE_ERR_IO, why, why_cap, "%s: %s", path, strerror(errno));
        w_free(w);
        return e;
    }
    w_put(w, (const uint8_t *)SLUICE_CHAINFILE_MAGIC, 8);
    *out = w;
    return SLUICE_OK;
}

sluice_err sluice_chainfile_append(sluice_chainfile_writer *w, const uint8_t *raw, size_t len,
                                   char *why, size_t why_cap) {
    if (!w || (!raw && len)) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "chain file: NULL argument");
    if (w->err) return sluice_why(w->err, why, why_cap, "%s", w->why);
    if (len > SLUICE_CHAINFILE_MAX_FRAME)
        return sluice_why(SLUICE_ERR_LENGTH, why, why_cap, "%s: block of %zu bytes exceeds the maximum %u",
                          w->path, len, SLUICE_CHAINFILE_MAX_FRAME);
    uint32_t crc = sluice_chainfile_crc32c(raw, len);
    uint8_t hdr[8];
    for (int i = 0; i < 4; i++) {
        hdr[i] = (uint8_t)(len >> (8 * i));
        hdr[4 + i] = (uint8_t)(crc >> (8 * i));
    }
    sluice_err e = w_put(w, hdr, sizeof hdr);
    if (e == SLUICE_OK) e = w_put(w, raw, len);
    if (e != SLUICE_OK) return sluice_why(e, why, why_cap, "%s", w->why);
    return SLUICE_OK;
}

sluice_err sluice_chainfile_writer_close(sluice_chainfile_writer *w, char *why, size_t why_cap) {
    if (!w) return SLUICE_OK;
    if (w->err == SLUICE_OK) w_sink(w, w->buf, w->len, 1);
    if (fflush(w->fp) != 0) w_fail(w, SLUICE_ERR_IO, strerror(errno));
    if (fclose(w->fp) != 0) w_fail(w, SLUICE_ERR_IO, strerror(errno));
    sluice_err e = w->err;
    if (e != SLUICE_OK) sluice_why(e, why, why_cap, "%s", w->why);
    w_free(w);
    return e;
}
