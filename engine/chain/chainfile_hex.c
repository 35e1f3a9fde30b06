/* Text chain files: one raw block per line in hexadecimal, as a Bytom node's
 * get-raw-block returns it (BytomDAO/bytom api/block_retrieve.go, raw_block).
 * Blank lines and lines whose first non-blank character is '#' are skipped;
 * spaces, tabs and '\r' (CRLF files) around the hex digits are tolerated.
 * The line is decoded as it streams through the source window, so no line is
 * held as text and a block never exceeds SLUICE_CHAINFILE_MAX_FRAME. */
#include "chain/chainfile_src.h"

#include "sluice/chainfile.h"

enum { HX_START, HX_COMMENT, HX_DIGITS, HX_TRAIL };

static int hex_nibble(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int is_blank(uint8_t c) { return c == ' ' || c == '\t' || c == '\r'; }

static sluice_err bad_char(uint64_t line, uint64_t col, uint8_t c, const char *where, char *why,
                           size_t why_cap) {
    if (c >= 0x21 && c <= 0x7e)
        return sluice_why(SLUICE_ERR_HEX, why, why_cap, "line %llu: unexpected '%c' at column %llu%s",
                          (unsigned long long)line, c, (unsigned long long)col, where);
    return sluice_why(SLUICE_ERR_HEX, why, why_cap, "line %llu: unexpected byte 0x%02x at column %llu%s",
                      (unsigned long long)line, c, (unsigned long long)col, where);
}

/* The end of a line holding digits: the block is complete unless a digit is
 * left over. */
static sluice_err finish_line(uint64_t line, int half, char *why, size_t why_cap) {
    if (half >= 0)
        return sluice_why(SLUICE_ERR_HEX, why, why_cap, "line %llu: odd number of hex digits",
                          (unsigned long long)line);
    return SLUICE_OK;
}

sluice_err cf_hex_next(cf_src *s, cf_payload *p, uint64_t *line, int *got, char *why,
                       size_t why_cap) {
    int state = HX_START;
    int half = -1;      /* the high nibble waiting for its low one */
    uint64_t col = 0;   /* 1-based column of the character being read */
    p->len = 0;
    *got = 0;
    for (;;) {
        size_t avail = 0;
        sluice_err e = cf_src_need(s, 1, &avail);
        if (e != SLUICE_OK)
            return sluice_why(e, why, why_cap, "line %llu: %s", (unsigned long long)*line, s->msg);
        if (avail == 0) {
            if (state == HX_DIGITS || state == HX_TRAIL) {
                if ((e = finish_line(*line, half, why, why_cap)) != SLUICE_OK) return e;
                (*line)++;
                *got = 1;
            }
            return SLUICE_OK;
        }
        const uint8_t *q = cf_src_ptr(s);
        size_t i = 0;
        for (; i < avail; i++) {
            uint8_t c = q[i];
            col++;
            if (c == '\n') {
                cf_src_skip(s, i + 1);
                if (state == HX_DIGITS || state == HX_TRAIL) {
                    if ((e = finish_line(*line, half, why, why_cap)) != SLUICE_OK) return e;
                    (*line)++;
                    *got = 1;
                    return SLUICE_OK;
                }
                (*line)++;
                state = HX_START;
                col = 0;
                q += i + 1;
                avail -= i + 1;
                i = (size_t)-1;   /* the loop's i++ makes it 0 */
                continue;
            }
            switch (state) {
            case HX_COMMENT:
                break;
            case HX_START:
                if (is_blank(c)) break;
                if (c == '#') {
                    state = HX_COMMENT;
                    break;
                }
                state = HX_DIGITS;
                /* fall through */
            case HX_DIGITS: {
                int v = hex_nibble(c);
                if (v < 0) {
                    if (is_blank(c)) {
                        state = HX_TRAIL;
                        break;
                    }
                    return bad_char(*line, col, c, "", why, why_cap);
                }
                if (half < 0) {
                    half = v;
                    break;
                }
                if (p->len >= SLUICE_CHAINFILE_MAX_FRAME)
                    return sluice_why(SLUICE_ERR_LENGTH, why, why_cap,
                                      "line %llu: block longer than %u bytes", (unsigned long long)*line,
                                      SLUICE_CHAINFILE_MAX_FRAME);
                if (p->len == p->cap && cf_payload_reserve(p, p->len + 1) != SLUICE_OK)
                    return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "line %llu: out of memory",
                                      (unsigned long long)*line);
                p->data[p->len++] = (uint8_t)(half << 4 | v);
                half = -1;
                break;
            }
            case HX_TRAIL:
                if (!is_blank(c)) return bad_char(*line, col, c, " after the hex block", why, why_cap);
                break;
            }
        }
        cf_src_skip(s, avail);
    }
}
