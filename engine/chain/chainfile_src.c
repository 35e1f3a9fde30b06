/* Buffered byte source of the chain-file reader: plain bytes from a FILE or
 * memory, or bytes inflated from RFC 1952 gzip with ISA-L's isal_inflate in
 * streaming mode (isa-l/igzip_lib.h; crc_flag = ISAL_GZIP parses the member
 * header and verifies the CRC-32/ISIZE trailer). Concatenated gzip members are
 * read one after another (RFC 1952 section 2.2), as gzip(1) does. */
#include "chain/chainfile_src.h"

#include "sluice/chainfile.h"

#include <errno.h>
#include <isa-l/igzip_lib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CF_MEM_CHUNK (1u << 30)  /* avail_in is a uint32_t: hand memory over in chunks */

static sluice_err src_fail(cf_src *s, sluice_err err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static sluice_err src_fail(cf_src *s, sluice_err err, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->msg, sizeof s->msg, fmt, ap);
    va_end(ap);
    s->err = err;
    return err;
}

sluice_err cf_src_init_fp(cf_src *s, FILE *fp, int own_fp) {
    memset(s, 0, sizeof *s);
    s->fp = fp;
    s->own_fp = own_fp;
    struct stat stb;
    if (fstat(fileno(fp), &stb) == 0 && S_ISREG(stb.st_mode) && stb.st_size > 0)
        s->raw_total = (uint64_t)stb.st_size;
    s->own_buf = malloc(CF_SRC_WINDOW);
    if (!s->own_buf) return src_fail(s, SLUICE_ERR_NOMEM, "out of memory");
    s->buf = s->own_buf;
    return SLUICE_OK;
}

sluice_err cf_src_init_mem(cf_src *s, const uint8_t *data, size_t len) {
    static const uint8_t empty[1] = {0};
    memset(s, 0, sizeof *s);
    s->mem = data ? data : empty;
    s->mem_len = data ? len : 0;
    s->buf = s->mem;          /* plain memory: the window is the caller's buffer */
    s->end = s->mem_len;
    s->raw_eof = 1;
    s->raw_read = s->mem_len;
    s->raw_total = s->mem_len;
    return SLUICE_OK;
}

sluice_err cf_src_start_gzip(cf_src *s) {
    s->inf = malloc(sizeof *s->inf);
    if (!s->inf) return src_fail(s, SLUICE_ERR_NOMEM, "out of memory");
    isal_inflate_init(s->inf);
    s->inf->crc_flag = ISAL_GZIP;
    if (s->fp) {
        /* The bytes already read into the window are compressed input. */
        s->inbuf = malloc(CF_SRC_INBUF);
        if (!s->inbuf) return src_fail(s, SLUICE_ERR_NOMEM, "out of memory");
        size_t have = s->end - s->pos;
        memcpy(s->inbuf, s->own_buf + s->pos, have);
        s->inf->next_in = s->inbuf;
        s->inf->avail_in = (uint32_t)have;
    } else {
        s->own_buf = malloc(CF_SRC_WINDOW);
        if (!s->own_buf) return src_fail(s, SLUICE_ERR_NOMEM, "out of memory");
        s->mem_pos = 0;
        s->raw_read = 0;
        s->raw_eof = s->mem_len == 0;
        s->inf->next_in = NULL;
        s->inf->avail_in = 0;
    }
    s->buf = s->own_buf;
    s->pos = s->end = 0;
    return SLUICE_OK;
}

void cf_src_free(cf_src *s) {
    if (s->fp && s->own_fp) fclose(s->fp);
    free(s->own_buf);
    free(s->inbuf);
    free(s->inf);
    memset(s, 0, sizeof *s);
}

/* Moves the unconsumed window bytes to the front of own_buf. */
static void window_compact(cf_src *s) {
    size_t have = s->end - s->pos;
    if (s->pos && have) memmove(s->own_buf, s->own_buf + s->pos, have);
    s->pos = 0;
    s->end = have;
}

/* Plain FILE input: appends what fread gives to the window. */
static sluice_err plain_fill(cf_src *s) {
    window_compact(s);
    size_t room = CF_SRC_WINDOW - s->end;
    size_t got = fread(s->own_buf + s->end, 1, room, s->fp);
    s->end += got;
    s->raw_read += got;
    if (got < room) {
        if (ferror(s->fp))
            return src_fail(s, SLUICE_ERR_IO, "read error after byte %llu: %s",
                            (unsigned long long)s->raw_read, strerror(errno));
        if (feof(s->fp)) s->raw_eof = 1;
    }
    return SLUICE_OK;
}

/* Compressed input: makes at least n (<= CF_SRC_INBUF) bytes available at
 * inf->next_in unless the raw input ends first. */
static sluice_err gz_input_need(cf_src *s, size_t n) {
    struct inflate_state *inf = s->inf;
    while (inf->avail_in < n && !s->raw_eof) {
        if (s->mem) {
            /* Memory is contiguous: extend the current span. */
            size_t left = s->mem_len - s->mem_pos;
            size_t room = CF_MEM_CHUNK - inf->avail_in;
            size_t take = left < room ? left : room;
            if (inf->avail_in == 0) inf->next_in = (uint8_t *)(uintptr_t)(s->mem + s->mem_pos);
            inf->avail_in += (uint32_t)take;
            s->mem_pos += take;
            s->raw_read += take;
            if (s->mem_pos == s->mem_len) s->raw_eof = 1;
            if (take == 0) break;
        } else {
            if (inf->avail_in && inf->next_in != s->inbuf) memmove(s->inbuf, inf->next_in, inf->avail_in);
            inf->next_in = s->inbuf;
            size_t room = CF_SRC_INBUF - inf->avail_in;
            size_t got = fread(s->inbuf + inf->avail_in, 1, room, s->fp);
            inf->avail_in += (uint32_t)got;
            s->raw_read += got;
            if (got < room) {
                if (ferror(s->fp))
                    return src_fail(s, SLUICE_ERR_IO, "read error after byte %llu: %s",
                                    (unsigned long long)s->raw_read, strerror(errno));
                s->raw_eof = 1;
            }
        }
    }
    return SLUICE_OK;
}

static const char *isal_reason(int ret) {
    switch (ret) {
    case ISAL_INVALID_BLOCK: return "invalid deflate block";
    case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK: return "invalid lookback distance";
    case ISAL_INVALID_WRAPPER: return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM: return "gzip trailer CRC-32 or length mismatch";
    case ISAL_NEED_DICT: return "stream needs a dictionary";
    default: return "inflate error";
    }
}

/* Gzip input: one step of inflating into the window. *eof = 1 at the clean
 * end of the last member. */
static sluice_err gz_fill(cf_src *s, int *eof) {
    struct inflate_state *inf = s->inf;
    sluice_err e;
    window_compact(s);
    if (s->member_done) {
        /* Another member (1f 8b), the end, or trailing garbage. */
        if ((e = gz_input_need(s, 2)) != SLUICE_OK) return e;
        if (inf->avail_in == 0) {
            *eof = 1;
            return SLUICE_OK;
        }
        if (inf->avail_in < 2 || inf->next_in[0] != 0x1f || inf->next_in[1] != 0x8b)
            return src_fail(s, SLUICE_ERR_IO, "data after the end of the gzip stream at compressed byte %llu",
                            (unsigned long long)(s->raw_read - inf->avail_in));
        uint8_t *next_in = inf->next_in;
        uint32_t avail_in = inf->avail_in;
        isal_inflate_reset(inf);
        inf->next_in = next_in;
        inf->avail_in = avail_in;
        inf->crc_flag = ISAL_GZIP;
        s->member_done = 0;
    }
    if (inf->avail_in == 0 && (e = gz_input_need(s, 1)) != SLUICE_OK) return e;
    uint32_t in_before = inf->avail_in;
    uint32_t room = (uint32_t)(CF_SRC_WINDOW - s->end);
    inf->next_out = s->own_buf + s->end;
    inf->avail_out = room;
    int ret = isal_inflate(inf);
    size_t produced = room - inf->avail_out;
    s->end += produced;
    unsigned long long at = (unsigned long long)(s->raw_read - inf->avail_in);
    if (ret < 0 || ret == ISAL_NEED_DICT)
        return src_fail(s, SLUICE_ERR_IO, "corrupt gzip data near compressed byte %llu (%s)", at,
                        isal_reason(ret));
    if (inf->block_state == ISAL_BLOCK_FINISH) {
        s->member_done = 1;
        return SLUICE_OK;
    }
    if (produced == 0 && inf->avail_in == in_before) {
        if (inf->avail_in == 0 && s->raw_eof)
            return src_fail(s, SLUICE_ERR_LENGTH, "gzip stream truncated at compressed byte %llu", at);
        if (inf->avail_in != 0)
            return src_fail(s, SLUICE_ERR_IO, "gzip stream stalled at compressed byte %llu", at);
    }
    return SLUICE_OK;
}

sluice_err cf_src_need(cf_src *s, size_t k, size_t *avail) {
    size_t want = k < CF_SRC_WINDOW / 2 ? k : CF_SRC_WINDOW / 2;
    /* An error is reported only once the bytes decoded before it are used up,
     * so that it is charged to the frame it actually cuts. */
    if (s->err) {
        *avail = s->end - s->pos;
        if (*avail >= want) return SLUICE_OK;
        *avail = 0;
        return s->err;
    }
    int eof = 0;
    while (s->end - s->pos < want && !eof) {
        sluice_err e;
        if (s->inf) {
            e = gz_fill(s, &eof);
        } else if (s->fp && !s->raw_eof) {
            e = plain_fill(s);
        } else {
            break;
        }
        if (e != SLUICE_OK) {
            *avail = s->end - s->pos;
            if (*avail >= want) return SLUICE_OK;
            *avail = 0;
            return e;
        }
    }
    *avail = s->end - s->pos;
    return SLUICE_OK;
}

sluice_err cf_payload_reserve(cf_payload *p, size_t need) {
    if (need <= p->cap) return SLUICE_OK;
    size_t cap = p->cap ? p->cap * 2 : 4096;
    if (cap > SLUICE_CHAINFILE_MAX_FRAME) cap = SLUICE_CHAINFILE_MAX_FRAME;
    if (cap < need) cap = need;
    uint8_t *d = realloc(p->data, cap);
    if (!d) return SLUICE_ERR_NOMEM;
    p->data = d;
    p->cap = cap;
    return SLUICE_OK;
}
