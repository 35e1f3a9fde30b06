/* RLP decoding (strict, canonical only) and encoding. Encoding rules: Ethereum
 * yellow paper appendix B; canonical-form checks as in go-ethereum
 * rlp/decode.go (readKind: ErrCanonSize, ErrCanonInt, "non-canonical size
 * information"). */
#include "sluice/eth_rlp.h"
#include <stdio.h>
#include <string.h>

/* fail(why, cap, err, fmt, ...): the reason into why, err returned. */
#define fail(why, why_cap, e, ...) sluice_why((e), (why), (why_cap), __VA_ARGS__)

/* The long-form length: ll big-endian bytes at p (1 <= ll <= 8). */
static sluice_err long_length(const uint8_t *p, size_t ll, size_t avail, size_t off, uint64_t *out, char *why,
                              size_t why_cap) {
    if (ll > avail)
        return fail(why, why_cap, SLUICE_ERR_LENGTH, "truncated: %zu-byte length at byte %zu runs past the end", ll,
                    off);
    if (p[0] == 0)
        return fail(why, why_cap, SLUICE_ERR_ARG, "non-canonical: length with leading zero bytes at byte %zu", off);
    uint64_t v = 0;
    for (size_t i = 0; i < ll; i++) v = v << 8 | p[i];
    if (v < 56)
        return fail(why, why_cap, SLUICE_ERR_ARG,
                    "non-canonical: long form for a %llu-byte payload at byte %zu (short form required below 56)",
                    (unsigned long long)v, off);
    *out = v;
    return SLUICE_OK;
}

/* Prefix of the item at in (len bytes left); off = its offset for messages. */
static sluice_err decode_at(const uint8_t *in, size_t len, size_t off, sluice_rlp_item *out, char *why,
                            size_t why_cap) {
    if (len == 0) return fail(why, why_cap, SLUICE_ERR_LENGTH, "truncated: no item at byte %zu", off);
    uint8_t b = in[0];
    size_t hdr;
    uint64_t plen = 0; /* set on every path; GCC -O3 cannot tell */
    memset(out, 0, sizeof *out);
    if (b < 0x80) {                       /* a single byte is its own encoding */
        hdr = 0;
        plen = 1;
    } else if (b <= 0xb7) {               /* string, 0..55 bytes */
        hdr = 1;
        plen = b - 0x80u;
        if (plen == 1 && len >= 2 && in[1] < 0x80)
            return fail(why, why_cap, SLUICE_ERR_ARG,
                        "non-canonical: single byte 0x%02x below 0x80 written as a string at byte %zu", in[1], off);
    } else if (b <= 0xbf) {               /* string, length of length b - 0xb7 */
        hdr = 1 + (size_t)(b - 0xb7u);
        sluice_err e = long_length(in + 1, hdr - 1, len - 1, off, &plen, why, why_cap);
        if (e) return e;
    } else if (b <= 0xf7) {               /* list, payload 0..55 bytes */
        hdr = 1;
        plen = b - 0xc0u;
        out->is_list = 1;
    } else {                              /* list, length of length b - 0xf7 */
        hdr = 1 + (size_t)(b - 0xf7u);
        sluice_err e = long_length(in + 1, hdr - 1, len - 1, off, &plen, why, why_cap);
        if (e) return e;
        out->is_list = 1;
    }
    if (plen > len - hdr)
        return fail(why, why_cap, SLUICE_ERR_LENGTH,
                    "truncated: item at byte %zu needs %llu payload bytes, %zu remain", off,
                    (unsigned long long)plen, len - hdr);
    out->payload = in + hdr;
    out->payload_len = (size_t)plen;
    out->raw = in;
    out->raw_len = hdr + (size_t)plen;
    return SLUICE_OK;
}

sluice_err sluice_rlp_decode_prefix(const uint8_t *in, size_t len, sluice_rlp_item *out, size_t *consumed,
                                    char *why, size_t why_cap) {
    if (!in && len) return fail(why, why_cap, SLUICE_ERR_ARG, "no input");
    sluice_err e = decode_at(in, len, 0, out, why, why_cap);
    if (e == SLUICE_OK && consumed) *consumed = out->raw_len;
    return e;
}

/* Walks a list's items recursively; base gives offsets for messages. */
static sluice_err walk(const uint8_t *base, const sluice_rlp_item *list, int depth, char *why, size_t why_cap) {
    if (depth > SLUICE_RLP_MAX_DEPTH)
        return fail(why, why_cap, SLUICE_ERR_ARG, "lists nested deeper than %d at byte %zu", SLUICE_RLP_MAX_DEPTH,
                    (size_t)(list->raw - base));
    const uint8_t *p = list->payload, *end = list->payload + list->payload_len;
    while (p < end) {
        sluice_rlp_item it;
        sluice_err e = decode_at(p, (size_t)(end - p), (size_t)(p - base), &it, why, why_cap);
        if (e) return e;
        if (it.is_list && (e = walk(base, &it, depth + 1, why, why_cap))) return e;
        p += it.raw_len;
    }
    return SLUICE_OK;
}

sluice_err sluice_rlp_decode(const uint8_t *in, size_t len, sluice_rlp_item *out, char *why, size_t why_cap) {
    if (!in && len) return fail(why, why_cap, SLUICE_ERR_ARG, "no input");
    sluice_err e = decode_at(in, len, 0, out, why, why_cap);
    if (e) return e;
    if (out->raw_len != len)
        return fail(why, why_cap, SLUICE_ERR_LENGTH, "trailing bytes: %zu after the %zu-byte item", len - out->raw_len,
                    out->raw_len);
    return out->is_list ? walk(in, out, 1, why, why_cap) : SLUICE_OK;
}

sluice_err sluice_rlp_list_items(const sluice_rlp_item *list, sluice_rlp_item *items, size_t cap, size_t *count,
                                 char *why, size_t why_cap) {
    *count = 0;
    if (!list->is_list) return fail(why, why_cap, SLUICE_ERR_ARG, "expected a list, got a byte string");
    const uint8_t *p = list->payload, *end = list->payload + list->payload_len;
    size_t n = 0;
    while (p < end) {
        sluice_rlp_item it;
        sluice_err e = decode_at(p, (size_t)(end - p), (size_t)(p - list->raw), &it, why, why_cap);
        if (e) return e;
        if (n < cap) items[n] = it;
        n++;
        p += it.raw_len;
    }
    *count = n;
    if (n > cap) return fail(why, why_cap, SLUICE_ERR_LENGTH, "list has %zu items, room for %zu", n, cap);
    return SLUICE_OK;
}

sluice_err sluice_rlp_get_fixed(const sluice_rlp_item *it, uint8_t *out, size_t n, char *why, size_t why_cap) {
    if (it->is_list) return fail(why, why_cap, SLUICE_ERR_ARG, "expected a %zu-byte string, got a list", n);
    if (it->payload_len != n)
        return fail(why, why_cap, SLUICE_ERR_LENGTH, "expected %zu bytes, got %zu", n, it->payload_len);
    memcpy(out, it->payload, n);
    return SLUICE_OK;
}

/* Common checks of an integer of at most max bytes. */
static sluice_err check_int(const sluice_rlp_item *it, size_t max, char *why, size_t why_cap) {
    if (it->is_list) return fail(why, why_cap, SLUICE_ERR_ARG, "expected an integer, got a list");
    if (it->payload_len > max)
        return fail(why, why_cap, SLUICE_ERR_RANGE, "integer of %zu bytes (at most %zu)", it->payload_len, max);
    if (it->payload_len && it->payload[0] == 0)
        return fail(why, why_cap, SLUICE_ERR_ARG, "non-canonical integer: leading zero bytes");
    return SLUICE_OK;
}

sluice_err sluice_rlp_get_u64(const sluice_rlp_item *it, uint64_t *out, char *why, size_t why_cap) {
    sluice_err e = check_int(it, 8, why, why_cap);
    if (e) return e;
    uint64_t v = 0;
    for (size_t i = 0; i < it->payload_len; i++) v = v << 8 | it->payload[i];
    *out = v;
    return SLUICE_OK;
}

sluice_err sluice_rlp_get_u256(const sluice_rlp_item *it, uint8_t out[32], char *why, size_t why_cap) {
    sluice_err e = check_int(it, 32, why, why_cap);
    if (e) return e;
    memset(out, 0, 32);
    if (it->payload_len) memcpy(out + 32 - it->payload_len, it->payload, it->payload_len);
    return SLUICE_OK;
}

/* ---- Encoding ------------------------------------------------------------ */

void sluice_rlp_writer_init(sluice_rlp_writer *w, uint8_t *buf, size_t cap) {
    w->buf = buf;
    w->cap = buf ? cap : 0;
    w->len = 0;
    w->overflow = 0;
    w->open_lists = 0;
}

static void put_raw(sluice_rlp_writer *w, const uint8_t *p, size_t n) {
    if (!w->overflow && n <= w->cap - w->len) {
        if (n) memcpy(w->buf + w->len, p, n);
    } else {
        w->overflow = 1;
    }
    w->len += n;
}

/* Prefix for a payload of n bytes: offset 0x80 (string) or 0xc0 (list).
 * Returns its size (at most 9). */
static size_t make_prefix(uint8_t out[9], size_t n, uint8_t offset) {
    if (n < 56) {
        out[0] = (uint8_t)(offset + n);
        return 1;
    }
    size_t bl = 0;
    for (uint64_t v = n; v; v >>= 8) bl++;
    out[0] = (uint8_t)(offset + 55 + bl);
    for (size_t i = 0; i < bl; i++) out[1 + i] = (uint8_t)((uint64_t)n >> (8 * (bl - 1 - i)));
    return 1 + bl;
}

void sluice_rlp_put_bytes(sluice_rlp_writer *w, const uint8_t *data, size_t len) {
    if (len == 1 && data[0] < 0x80) {
        put_raw(w, data, 1);
        return;
    }
    uint8_t pre[9];
    put_raw(w, pre, make_prefix(pre, len, 0x80));
    put_raw(w, data, len);
}

void sluice_rlp_put_u64(sluice_rlp_writer *w, uint64_t v) {
    uint8_t be[8];
    size_t n = 0;
    for (int s = 56; s >= 0; s -= 8)
        if (n || (v >> s) & 0xff) be[n++] = (uint8_t)(v >> s);
    sluice_rlp_put_bytes(w, be, n);
}

void sluice_rlp_put_u256(sluice_rlp_writer *w, const uint8_t be[32]) {
    size_t z = 0;
    while (z < 32 && be[z] == 0) z++;
    sluice_rlp_put_bytes(w, be + z, 32 - z);
}

size_t sluice_rlp_list_begin(sluice_rlp_writer *w) {
    w->open_lists++;
    return w->len;
}

void sluice_rlp_list_end(sluice_rlp_writer *w, size_t mark) {
    w->open_lists--;
    if (mark > w->len) {   /* not a mark from list_begin: w->len - mark would wrap and memmove run wild */
        w->overflow = 1;
        w->open_lists = w->open_lists ? w->open_lists : -1;   /* finish reports SLUICE_ERR_ARG */
        return;
    }
    uint8_t pre[9];
    size_t n = make_prefix(pre, w->len - mark, 0xc0);
    if (!w->overflow && n <= w->cap - w->len) {
        memmove(w->buf + mark + n, w->buf + mark, w->len - mark);
        memcpy(w->buf + mark, pre, n);
    } else {
        w->overflow = 1;
    }
    w->len += n;
}

sluice_err sluice_rlp_writer_finish(const sluice_rlp_writer *w, size_t *len) {
    if (len) *len = w->len;
    if (w->open_lists != 0) return SLUICE_ERR_ARG;
    return w->overflow ? SLUICE_ERR_LENGTH : SLUICE_OK;
}
