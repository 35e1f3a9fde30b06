/* Hex or raw input for the chain commands (chain_input.h). */
#include "chain_input.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int chain_input_hex(const char *text, size_t n, uint8_t **out, size_t *len, char *why,
                    size_t why_cap) {
    size_t a = 0, b = n;
    while (a < b && isspace((unsigned char)text[a])) a++;
    while (b > a && isspace((unsigned char)text[b - 1])) b--;
    if (b - a >= 2 && text[a] == '0' && (text[a + 1] == 'x' || text[a + 1] == 'X')) a += 2;
    /* whitespace inside (line breaks of a wrapped dump) is skipped */
    size_t digits = 0;
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)text[i];
        if (isspace(c)) continue;
        if (hexval(c) < 0) {
            snprintf(why, why_cap, "malformed hex: character 0x%02x at offset %zu", c, i);
            return -1;
        }
        digits++;
    }
    if (digits == 0) {
        snprintf(why, why_cap, "empty input");
        return -1;
    }
    if (digits % 2) {
        snprintf(why, why_cap, "malformed hex: odd number of digits (%zu)", digits);
        return -1;
    }
    if (digits / 2 > CHAIN_INPUT_MAX) {
        snprintf(why, why_cap, "input too large (%zu bytes, limit %u)", digits / 2, CHAIN_INPUT_MAX);
        return -1;
    }
    uint8_t *buf = malloc(digits / 2);
    if (!buf) {
        snprintf(why, why_cap, "out of memory");
        return -1;
    }
    size_t k = 0;
    int hi = -1;
    for (size_t i = a; i < b; i++) {
        int v = hexval((unsigned char)text[i]);
        if (v < 0) continue;
        if (hi < 0) {
            hi = v;
        } else {
            buf[k++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    *out = buf;
    *len = k;
    return 0;
}

static int is_hex_text(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n && isspace(p[i])) i++;
    if (n - i >= 2 && p[i] == '0' && (p[i + 1] == 'x' || p[i + 1] == 'X')) i += 2;
    for (; i < n; i++)
        if (!isspace(p[i]) && hexval(p[i]) < 0) return 0;
    return 1;
}

int chain_input_file(const char *path, uint8_t **out, size_t *len, char *why, size_t why_cap) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(why, why_cap, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    int rc = -1;
    if (!buf) {
        snprintf(why, why_cap, "out of memory");
        goto done;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= 2 * (size_t)CHAIN_INPUT_MAX + 64) {
                snprintf(why, why_cap, "%s: input too large (limit %u bytes)", path, CHAIN_INPUT_MAX);
                goto done;
            }
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                snprintf(why, why_cap, "out of memory");
                goto done;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        snprintf(why, why_cap, "cannot read %s: %s", path, strerror(errno));
        goto done;
    }
    if (n == 0) {
        snprintf(why, why_cap, "%s is empty", path);
        goto done;
    }
    if (is_hex_text(buf, n)) {
        rc = chain_input_hex((const char *)buf, n, out, len, why, why_cap);
    } else if (n > CHAIN_INPUT_MAX) {
        snprintf(why, why_cap, "%s: input too large (limit %u bytes)", path, CHAIN_INPUT_MAX);
    } else {
        *out = buf;
        *len = n;
        buf = NULL;
        rc = 0;
    }
done:
    free(buf);
    if (f && f != stdin) fclose(f);
    return rc;
}
