/* Private to the chain-file reader (engine/chain/chainfile_*.c): a buffered
 * byte source over a FILE or a memory buffer, optionally inflated with ISA-L
 * igzip (RFC 1952 gzip, concatenated members allowed), exposed as a window of
 * decompressed bytes that the format parsers peek at and consume. */
#ifndef SLUICE_CHAIN_CHAINFILE_SRC_H
#define SLUICE_CHAIN_CHAINFILE_SRC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sluice/error.h"

struct inflate_state;

#define CF_SRC_WINDOW (64u * 1024u)   /* bytes of decoded window (file or gzip) */
#define CF_SRC_INBUF (64u * 1024u)    /* bytes of compressed input read at a time */

typedef struct {
    /* raw input: exactly one of fp / mem is set */
    FILE *fp;
    int own_fp;
    const uint8_t *mem;
    size_t mem_len;
    size_t mem_pos;       /* gzip over memory: compressed bytes handed to inflate */
    int raw_eof;          /* no more raw (compressed or plain) bytes */
    uint64_t raw_read;    /* raw bytes taken from fp/mem so far */
    uint64_t raw_total;   /* the raw input's size (0: unknown, e.g. a pipe) */

    /* gzip layer (inf != NULL when the input is gzip) */
    struct inflate_state *inf;
    uint8_t *inbuf;       /* compressed bytes read from fp */
    int member_done;      /* inflate finished a gzip member */

    /* decoded window: buf[pos, end) are available; for plain memory input buf
     * is the caller's buffer itself (no copy) */
    const uint8_t *buf;
    uint8_t *own_buf;
    size_t pos, end;
    uint64_t consumed;    /* decoded bytes consumed before buf[pos] */

    /* the first error met (sticky) */
    sluice_err err;
    char msg[192];
} cf_src;

/* Sets up s over an open stream (own_fp: fclose on cf_src_free) or over memory,
 * reading plain bytes. cf_src_start_gzip then switches to inflating, and must be
 * called before anything is consumed. Errors: SLUICE_ERR_NOMEM (msg set). */
sluice_err cf_src_init_fp(cf_src *s, FILE *fp, int own_fp);
sluice_err cf_src_init_mem(cf_src *s, const uint8_t *data, size_t len);
sluice_err cf_src_start_gzip(cf_src *s);
void cf_src_free(cf_src *s);

/* Makes at least min(k, CF_SRC_WINDOW / 2) bytes available in the window
 * unless the input ends first; *avail gets the count available (0 = end).
 * On a read or gzip error returns it (also kept in s->err / s->msg), but only
 * once fewer than the wanted bytes are left: bytes decoded before the error
 * are still handed out first. */
sluice_err cf_src_need(cf_src *s, size_t k, size_t *avail);

static inline const uint8_t *cf_src_ptr(const cf_src *s) { return s->buf + s->pos; }
static inline void cf_src_skip(cf_src *s, size_t n) { s->pos += n; s->consumed += n; }
/* Decoded bytes consumed so far (the offset of cf_src_ptr in the stream). */
static inline uint64_t cf_src_offset(const cf_src *s) { return s->consumed; }

/* A growable payload buffer, bounded by SLUICE_CHAINFILE_MAX_FRAME; it grows
 * with the bytes actually read, never with a length taken from the input. */
typedef struct {
    uint8_t *data;
    size_t len, cap;
} cf_payload;

/* Ensures room for `need` bytes (need <= SLUICE_CHAINFILE_MAX_FRAME), at least
 * doubling. Returns SLUICE_ERR_NOMEM on failure. */
sluice_err cf_payload_reserve(cf_payload *p, size_t need);

/* Text format: reads the next non-blank, non-comment line of s as one block
 * into p. *line is the 1-based number of the next line to read (advanced).
 * Returns SLUICE_OK with *got = 1 and the block in p, SLUICE_OK with *got = 0
 * at the end, or SLUICE_ERR_HEX / SLUICE_ERR_LENGTH / a source error with
 * "line N: ..." in why. */
sluice_err cf_hex_next(cf_src *s, cf_payload *p, uint64_t *line, int *got, char *why,
                       size_t why_cap);

#endif
