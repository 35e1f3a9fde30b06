/* One line of a `sluice sigverify` input file, parsed into a verification
 * item: "PUBKEY MESSAGE SIGNATURE [id=HEX]" in hexadecimal, fields separated
 * by spaces or tabs. MESSAGE may be "-" for the empty message; the fourth
 * field (SM2 only) is the user ID ("id=" or "id=-" for an empty ID; without
 * it the default "1234567812345678" applies). Blank lines and lines whose
 * first non-blank character is '#' carry no item. Each hex field may have a
 * "0x" prefix. Lengths are not checked here: a 31-byte key is well-formed
 * input that the verifier rejects (SLUICE_SIG_BAD_PUBKEY), not a parse error. */
#ifndef SLUICE_SIG_LINE_H
#define SLUICE_SIG_LINE_H

#include "sluice/sig.h"
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SIG_LINE_SKIP = 0,    /* blank or comment */
    SIG_LINE_ITEM = 1,    /* *out holds an item */
    SIG_LINE_MALFORMED = 2 /* why holds the reason */
} sig_line_result;

/* The decoded fields; all pointers point into buf (one allocation). */
typedef struct {
    uint8_t *buf;
    const uint8_t *pub, *msg, *sig, *id;   /* id == NULL: default SM2 ID */
    size_t pub_len, msg_len, sig_len, id_len;
} sig_line_item;

/* Parses text[0..len) (may contain NUL bytes, which make it malformed; no
 * terminator needed; a trailing '\r' is white space). On SIG_LINE_ITEM,
 * *out owns memory: release it with sig_line_item_free. On
 * SIG_LINE_MALFORMED, why (capacity why_cap > 0) gets a one-line reason
 * naming the field, e.g. "signature: odd number of hex digits (127)". Out of
 * memory is reported as malformed with the reason "out of memory". */
sig_line_result sig_line_parse(sluice_sig_scheme scheme, const char *text, size_t len, sig_line_item *out,
                               char *why, size_t why_cap);

void sig_line_item_free(sig_line_item *it);

/* The verification item view of a parsed line (borrows its memory). */
sluice_sig_item sig_line_to_item(sluice_sig_scheme scheme, const sig_line_item *it);

#endif
