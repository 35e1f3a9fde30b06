/* Bytom v1 wire primitives (bytom-chain.md section 1; BytomDAO/bytom v1.1.1
 * encoding/blockchain/blockchain.go ReadVarint63/ReadVarint31/ReadVarstr31/
 * ReadVarstrList/ReadExtensibleString, Go encoding/binary ReadUvarint). */
#include "chain/bytom_wire.h"

#include <string.h>

sluice_err bw_fail(const bw_reader *r, bw_ctx *c, sluice_err err, const char *what, const char *reason) {
    return sluice_why(err, c->why, c->why_cap, "%s at byte %zu: %s", what, r->pos, reason);
}

sluice_err bw_varint(bw_reader *r, bw_ctx *c, uint64_t max, const char *what, uint64_t *out) {
    uint64_t x = 0;
    unsigned shift = 0;
    size_t start = r->pos;
    for (size_t i = 0;; i++) {
        if (r->pos >= r->end) {
            r->pos = start;
            return bw_fail(r, c, SLUICE_ERR_LENGTH, what, "truncated varint");
        }
        uint8_t b = r->base[r->pos];
        if (b < 0x80) {
            /* Go binary.ReadUvarint: the 10th byte may only be 0 or 1. */
            if (i > 9 || (i == 9 && b > 1)) {
                r->pos = start;
                return bw_fail(r, c, SLUICE_ERR_RANGE, what, "varint overflows 64 bits");
            }
            x |= (uint64_t)b << shift;
            r->pos++;
            if (x > max) {
                r->pos = start;
                return bw_fail(r, c, SLUICE_ERR_RANGE, what,
                               max == BW_MAX_VARINT31 ? "value over 2^31-1" : "value over 2^63-1");
            }
            if (r->pos - start != bw_varint_len(x)) c->noncanonical++;
            *out = x;
            return SLUICE_OK;
        }
        if (i >= 9) {
            r->pos = start;
            return bw_fail(r, c, SLUICE_ERR_RANGE, what, "varint overflows 64 bits");
        }
        x |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        r->pos++;
    }
}

sluice_err bw_varint31(bw_reader *r, bw_ctx *c, const char *what, uint32_t *out) {
    uint64_t v = 0;
    sluice_err e = bw_varint(r, c, BW_MAX_VARINT31, what, &v);
    if (e == SLUICE_OK) *out = (uint32_t)v;
    return e;
}

sluice_err bw_varint63(bw_reader *r, bw_ctx *c, const char *what, uint64_t *out) {
    return bw_varint(r, c, BW_MAX_VARINT63, what, out);
}

sluice_err bw_fixed(bw_reader *r, bw_ctx *c, size_t n, const char *what, const uint8_t **out) {
    if (bw_left(r) < n) return bw_fail(r, c, SLUICE_ERR_LENGTH, what, "truncated");
    *out = r->base + r->pos;
    r->pos += n;
    return SLUICE_OK;
}

sluice_err bw_varstr(bw_reader *r, bw_ctx *c, const char *what, sluice_bytes *out) {
    size_t start = r->pos;
    uint32_t n = 0;
    sluice_err e = bw_varint31(r, c, what, &n);
    if (e != SLUICE_OK) return e;
    if (bw_left(r) < n) {
        r->pos = start;
        return bw_fail(r, c, SLUICE_ERR_LENGTH, what, "string longer than the bytes left");
    }
    out->p = n ? r->base + r->pos : NULL;
    out->len = n;
    r->pos += n;
    return SLUICE_OK;
}

sluice_err bw_ext(bw_reader *r, bw_ctx *c, const char *what, bw_reader *sub) {
    sluice_bytes s;
    sluice_err e = bw_varstr(r, c, what, &s);
    if (e != SLUICE_OK) return e;
    sub->base = r->base;
    sub->end = r->pos;
    sub->pos = r->pos - s.len;
    return SLUICE_OK;
}

sluice_err bw_count(bw_reader *r, bw_ctx *c, size_t min_item, const char *what, uint32_t *out) {
    size_t start = r->pos;
    uint32_t n = 0;
    sluice_err e = bw_varint31(r, c, what, &n);
    if (e != SLUICE_OK) return e;
    if ((uint64_t)n * min_item > bw_left(r)) {
        r->pos = start;
        return bw_fail(r, c, SLUICE_ERR_LENGTH, what, "count larger than the bytes left");
    }
    *out = n;
    return SLUICE_OK;
}

sluice_bytes bw_rest(bw_reader *r) {
    sluice_bytes b;
    b.len = (uint32_t)bw_left(r);
    b.p = b.len ? r->base + r->pos : NULL;
    r->pos = r->end;
    return b;
}

sluice_err bw_expect_end(const bw_reader *r, bw_ctx *c, const char *what) {
    if (r->pos != r->end) return bw_fail(r, c, SLUICE_ERR_LENGTH, what, "trailing bytes");
    return SLUICE_OK;
}

size_t bw_varint_len(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

void bw_put(bw_writer *w, const void *p, size_t len) {
    if (len == 0) return;
    if (w->buf && w->n <= w->cap && len <= w->cap - w->n) memcpy(w->buf + w->n, p, len);
    w->n += len;
}

void bw_put_byte(bw_writer *w, uint8_t b) { bw_put(w, &b, 1); }

void bw_put_varint(bw_writer *w, uint64_t v) {
    uint8_t tmp[10];
    size_t n = 0;
    while (v >= 0x80) {
        tmp[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    tmp[n++] = (uint8_t)v;
    bw_put(w, tmp, n);
}

void bw_put_varstr(bw_writer *w, const uint8_t *p, size_t len) {
    bw_put_varint(w, len);
    bw_put(w, p, len);
}
