/* Parser of one `sluice sigverify` input line (format in sig_line.h). */
#include "sig_line.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 4

typedef struct {
    const char *p;
    size_t len;
} field;

static int is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Checks f as hex (optional 0x); on success strips the prefix from *f.
 * Returns 0, or 1 with the reason in why. */
static int hex_check(const char *name, field *f, char *why, size_t why_cap) {
    if (f->len >= 2 && f->p[0] == '0' && (f->p[1] == 'x' || f->p[1] == 'X')) {
        f->p += 2;
        f->len -= 2;
    }
    for (size_t i = 0; i < f->len; i++) {
        unsigned char c = (unsigned char)f->p[i];
        if (nibble((char)c) >= 0) continue;
        if (c > 0x20 && c < 0x7f)
            snprintf(why, why_cap, "%s: not hexadecimal ('%c' at digit %zu)", name, c, i + 1);
        else
            snprintf(why, why_cap, "%s: not hexadecimal (byte 0x%02x at digit %zu)", name, c, i + 1);
        return 1;
    }
    if (f->len % 2) {
        snprintf(why, why_cap, "%s: odd number of hex digits (%zu)", name, f->len);
        return 1;
    }
    return 0;
}

static void hex_decode(uint8_t *out, const field *f) {
    for (size_t i = 0; i < f->len / 2; i++)
        out[i] = (uint8_t)(nibble(f->p[2 * i]) << 4 | nibble(f->p[2 * i + 1]));
}

static sig_line_result malformed(char *why, size_t why_cap, const char *msg) {
    snprintf(why, why_cap, "%s", msg);
    return SIG_LINE_MALFORMED;
}

sig_line_result sig_line_parse(sluice_sig_scheme scheme, const char *text, size_t len, sig_line_item *out,
                               char *why, size_t why_cap) {
    memset(out, 0, sizeof *out);
    if (why_cap) why[0] = '\0';
    if (memchr(text, '\0', len)) return malformed(why, why_cap, "line contains a NUL byte (binary data, not hex)");

    field f[MAX_FIELDS];
    size_t nf = 0, extra = 0, i = 0;
    while (i < len) {
        while (i < len && is_blank(text[i])) i++;
        if (i >= len) break;
        size_t start = i;
        while (i < len && !is_blank(text[i])) i++;
        if (nf == 0 && text[start] == '#') return SIG_LINE_SKIP;
        if (nf < MAX_FIELDS) f[nf++] = (field){text + start, i - start};
        else extra++;
    }
    if (nf == 0) return SIG_LINE_SKIP;
    if (extra) {
        snprintf(why, why_cap, "too many fields (%zu; expected PUBKEY MESSAGE SIGNATURE%s)", nf + extra,
                 scheme == SLUICE_SIG_SM2 ? " [id=HEX]" : "");
        return SIG_LINE_MALFORMED;
    }
    if (nf < 3) {
        snprintf(why, why_cap, "missing fields (%zu of 3: PUBKEY MESSAGE SIGNATURE%s)", nf,
                 scheme == SLUICE_SIG_SM2 ? " [id=HEX]" : "");
        return SIG_LINE_MALFORMED;
    }
    int has_id = nf == 4;
    if (has_id) {
        if (scheme != SLUICE_SIG_SM2)
            return malformed(why, why_cap, "a 4th field (only SM2 lines take an optional id=HEX)");
        if (f[3].len < 3 || memcmp(f[3].p, "id=", 3) != 0)
            return malformed(why, why_cap, "4th field is not id=HEX");
        f[3].p += 3;
        f[3].len -= 3;
        if (f[3].len == 1 && f[3].p[0] == '-') f[3].len = 0;   /* "id=-": the empty ID */
    }
    if (f[1].len == 1 && f[1].p[0] == '-') f[1].len = 0;       /* "-": the empty message */

    static const char *const names[MAX_FIELDS] = {"public key", "message", "signature", "id"};
    size_t total = 1;
    for (size_t k = 0; k < nf; k++) {
        if (hex_check(names[k], &f[k], why, why_cap)) return SIG_LINE_MALFORMED;
        total += f[k].len / 2;
    }
    out->buf = malloc(total);
    if (!out->buf) return malformed(why, why_cap, "out of memory");
    uint8_t *p = out->buf;
    const uint8_t **dst[MAX_FIELDS] = {&out->pub, &out->msg, &out->sig, &out->id};
    size_t *lens[MAX_FIELDS] = {&out->pub_len, &out->msg_len, &out->sig_len, &out->id_len};
    for (size_t k = 0; k < nf; k++) {
        hex_decode(p, &f[k]);
        *dst[k] = p;
        *lens[k] = f[k].len / 2;
        p += f[k].len / 2;
    }
    return SIG_LINE_ITEM;
}

void sig_line_item_free(sig_line_item *it) {
    free(it->buf);
    memset(it, 0, sizeof *it);
}

sluice_sig_item sig_line_to_item(sluice_sig_scheme scheme, const sig_line_item *it) {
    sluice_sig_item item = {scheme, it->pub, it->pub_len, it->msg, it->msg_len, it->sig, it->sig_len,
                            it->id, it->id_len};
    return item;
}
