/* Chain-file reader (sluice/chainfile.h): detects the format from the first
 * bytes ("SLCHAIN1", gzip magic 1f 8b per RFC 1952 section 2.3.1, else hex
 * text) and streams blocks out of a cf_src window without trusting any length
 * read from the input. */
#include "sluice/chainfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/chainfile_src.h"

#define CF_MAGIC_LEN 8
#define CF_FRAME_HDR 8   /* u32 LE length | u32 LE CRC-32C */

struct sluice_chainfile_reader {
    cf_src src;
    sluice_chainfile_format fmt;
    cf_payload pay;
    uint64_t index;      /* number of the next frame/block */
    uint64_t line;       /* text format: 1-based number of the next line */
    int ended;
    sluice_err err;      /* sticky error */
    char why[256];
};

static uint32_t load_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Detects the format; for framed files consumes the header. */
static sluice_err detect(sluice_chainfile_reader *r, char *why, size_t why_cap) {
    cf_src *s = &r->src;
    size_t avail = 0;
    sluice_err e = cf_src_need(s, CF_MAGIC_LEN, &avail);
    if (e != SLUICE_OK) return sluice_why(e, why, why_cap, "file header: %s", s->msg);
    const uint8_t *p = cf_src_ptr(s);
    if (avail >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
        if ((e = cf_src_start_gzip(s)) != SLUICE_OK) return sluice_why(e, why, why_cap, "%s", s->msg);
        if ((e = cf_src_need(s, CF_MAGIC_LEN, &avail)) != SLUICE_OK)
            return sluice_why(e, why, why_cap, "file header: %s", s->msg);
        p = cf_src_ptr(s);
        if (avail < CF_MAGIC_LEN && memcmp(p, SLUICE_CHAINFILE_MAGIC, avail) == 0)
            return sluice_why(SLUICE_ERR_LENGTH, why, why_cap,
                              "file header: truncated (%zu of %d bytes of " SLUICE_CHAINFILE_MAGIC
                              " inside the gzip stream)", avail, CF_MAGIC_LEN);
        if (avail < CF_MAGIC_LEN || memcmp(p, SLUICE_CHAINFILE_MAGIC, CF_MAGIC_LEN) != 0)
            return sluice_why(SLUICE_ERR_UNSUPPORTED, why, why_cap,
                              "file header: gzip content does not start with " SLUICE_CHAINFILE_MAGIC);
        r->fmt = SLUICE_CHAINFILE_FRAMED_GZIP;
        cf_src_skip(s, CF_MAGIC_LEN);
        return SLUICE_OK;
    }
    if (avail >= CF_MAGIC_LEN && memcmp(p, SLUICE_CHAINFILE_MAGIC, CF_MAGIC_LEN) == 0) {
        r->fmt = SLUICE_CHAINFILE_FRAMED;
        cf_src_skip(s, CF_MAGIC_LEN);
        return SLUICE_OK;
    }
    if (avail > 0 && avail < CF_MAGIC_LEN && memcmp(p, SLUICE_CHAINFILE_MAGIC, avail) == 0)
        return sluice_why(SLUICE_ERR_LENGTH, why, why_cap, "file header: truncated (%zu of %d bytes)",
                          avail, CF_MAGIC_LEN);
    r->fmt = SLUICE_CHAINFILE_HEX_LINES;
    r->line = 1;
    return SLUICE_OK;
}

static sluice_err open_common(sluice_chainfile_reader *r, sluice_err init_err,
                              sluice_chainfile_reader **out, char *why, size_t why_cap) {
    sluice_err e = init_err;
    if (e != SLUICE_OK) {
        sluice_why(e, why, why_cap, "%s", r->src.msg);
    } else {
        e = detect(r, why, why_cap);
    }
    if (e != SLUICE_OK) {
        sluice_chainfile_close(r);
        return e;
    }
    *out = r;
    return SLUICE_OK;
}

sluice_err sluice_chainfile_open(const char *path, sluice_chainfile_reader **out, char *why,
                                 size_t why_cap) {
    if (!path || !out) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "chain file: NULL argument");
    *out = NULL;
    int is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp) return sluice_why(SLUICE_ERR_IO, why, why_cap, "%s: %s", path, strerror(errno));
    sluice_chainfile_reader *r = calloc(1, sizeof *r);
    if (!r) {
        if (!is_stdin) fclose(fp);
        return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    }
    return open_common(r, cf_src_init_fp(&r->src, fp, !is_stdin), out, why, why_cap);
}

sluice_err sluice_chainfile_open_mem(const uint8_t *data, size_t len,
                                     sluice_chainfile_reader **out, char *why, size_t why_cap) {
    if (!out || (!data && len)) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "chain file: NULL argument");
    *out = NULL;
    sluice_chainfile_reader *r = calloc(1, sizeof *r);
    if (!r) return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    return open_common(r, cf_src_init_mem(&r->src, data, len), out, why, why_cap);
}

sluice_chainfile_format sluice_chainfile_format_of(const sluice_chainfile_reader *r) {
    return r->fmt;
}

/* One frame: header, length check, payload (in place when the window holds it
 * all, else copied into r->pay as it arrives), CRC-32C check. */
static sluice_err next_frame(sluice_chainfile_reader *r, const uint8_t **raw, size_t *len) {
    cf_src *s = &r->src;
    unsigned long long n = (unsigned long long)r->index;
    unsigned long long off = (unsigned long long)cf_src_offset(s);
    const char *unc = r->fmt == SLUICE_CHAINFILE_FRAMED_GZIP ? " (uncompressed)" : "";
    size_t avail = 0;
    sluice_err e = cf_src_need(s, CF_FRAME_HDR, &avail);
    if (e != SLUICE_OK)
        return sluice_why(e, r->why, sizeof r->why, "frame %llu at offset %llu%s: %s", n, off, unc, s->msg);
    if (avail == 0) return SLUICE_OK;   /* clean end */
    if (avail < CF_FRAME_HDR)
        return sluice_why(SLUICE_ERR_LENGTH, r->why, sizeof r->why,
                          "frame %llu at offset %llu%s: truncated frame header (%zu of %d bytes)", n, off,
                          unc, avail, CF_FRAME_HDR);
    const uint8_t *h = cf_src_ptr(s);
    uint32_t flen = load_le32(h), fcrc = load_le32(h + 4);
    if (flen > SLUICE_CHAINFILE_MAX_FRAME)
        return sluice_why(SLUICE_ERR_LENGTH, r->why, sizeof r->why,
                          "frame %llu at offset %llu%s: length %u exceeds the maximum %u", n, off, unc,
                          flen, SLUICE_CHAINFILE_MAX_FRAME);
    cf_src_skip(s, CF_FRAME_HDR);
    const uint8_t *data = NULL;
    if ((e = cf_src_need(s, flen, &avail)) != SLUICE_OK)
        return sluice_why(e, r->why, sizeof r->why, "frame %llu at offset %llu%s: %s", n, off, unc, s->msg);
    if (avail >= flen) {
        data = cf_src_ptr(s);
        cf_src_skip(s, flen);
    } else {
        r->pay.len = 0;
        while (r->pay.len < flen) {
            size_t left = flen - r->pay.len;
            if ((e = cf_src_need(s, left, &avail)) != SLUICE_OK)
                return sluice_why(e, r->why, sizeof r->why, "frame %llu at offset %llu%s: %s", n, off, unc,
                                  s->msg);
            if (avail == 0)
                return sluice_why(SLUICE_ERR_LENGTH, r->why, sizeof r->why,
                                  "frame %llu at offset %llu%s: truncated payload (%zu of %u bytes)", n, off,
                                  unc, r->pay.len, flen);
            size_t take = avail < left ? avail : left;
            if (cf_payload_reserve(&r->pay, r->pay.len + take) != SLUICE_OK)
                return sluice_why(SLUICE_ERR_NOMEM, r->why, sizeof r->why,
                                  "frame %llu at offset %llu%s: out of memory", n, off, unc);
            memcpy(r->pay.data + r->pay.len, cf_src_ptr(s), take);
            r->pay.len += take;
            cf_src_skip(s, take);
        }
        data = r->pay.data;
    }
    uint32_t got = sluice_chainfile_crc32c(data, flen);
    if (got != fcrc)
        return sluice_why(SLUICE_ERR_RANGE, r->why, sizeof r->why,
                          "frame %llu at offset %llu%s: CRC-32C mismatch (stored %08x, computed %08x)", n,
                          off, unc, fcrc, got);
    *raw = data ? data : (const uint8_t *)"";
    *len = flen;
    return SLUICE_OK;
}

sluice_err sluice_chainfile_next(sluice_chainfile_reader *r, const uint8_t **raw, size_t *len,
                                 uint64_t *index, char *why, size_t why_cap) {
    if (!r || !raw || !len || !index)
        return sluice_why(SLUICE_ERR_ARG, why, why_cap, "chain file: NULL argument");
    *raw = NULL;
    *len = 0;
    *index = r->index;
    if (r->err) return sluice_why(r->err, why, why_cap, "%s", r->why);
    if (r->ended) return SLUICE_OK;
    sluice_err e;
    if (r->fmt == SLUICE_CHAINFILE_HEX_LINES) {
        int got = 0;
        e = cf_hex_next(&r->src, &r->pay, &r->line, &got, r->why, sizeof r->why);
        if (e == SLUICE_OK && got) {
            *raw = r->pay.data;
            *len = r->pay.len;
        }
    } else {
        e = next_frame(r, raw, len);
    }
    if (e != SLUICE_OK) {
        r->err = e;
        *raw = NULL;
        *len = 0;
        return sluice_why(e, why, why_cap, "%s", r->why);
    }
    if (!*raw) {
        r->ended = 1;
        return SLUICE_OK;
    }
    r->index++;
    return SLUICE_OK;
}

void sluice_chainfile_progress(const sluice_chainfile_reader *r, uint64_t *done,
                               uint64_t *total) {
    const cf_src *s = &r->src;
    /* plain input: the decoded offset is the file offset; gzip: raw bytes fed
     * to inflate (read in CF_SRC_INBUF chunks) */
    uint64_t d = s->inf ? s->raw_read : cf_src_offset(s);
    if (s->raw_total && d > s->raw_total) d = s->raw_total;
    *done = d;
    *total = s->raw_total;
}

void sluice_chainfile_close(sluice_chainfile_reader *r) {
    if (!r) return;
    cf_src_free(&r->src);
    free(r->pay.data);
    free(r);
}
