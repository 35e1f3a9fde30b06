/* RLP, Ethereum's Recursive Length Prefix serialisation (Ethereum yellow paper
 * appendix B; reference: go-ethereum rlp/decode.go, whose strict rules this
 * decoder follows).
 *
 * Decoding is strict: only the canonical encoding of a value is accepted.
 * Rejected, each with its own reason:
 *  - a prefix announcing more bytes than remain (truncated input);
 *  - bytes left over after the top-level item;
 *  - a single byte < 0x80 written as a one-byte string (0x81 0x05);
 *  - a long form (0xb8.., 0xf8..) for a payload shorter than 56 bytes;
 *  - a length with leading zero bytes;
 *  - lists nested deeper than SLUICE_RLP_MAX_DEPTH;
 *  - (integer accessors) leading zero bytes, including a lone 0x00; zero is
 *    the empty string 0x80.
 * Errors: SLUICE_ERR_LENGTH for truncation, trailing bytes and wrong field
 * sizes; SLUICE_ERR_ARG for non-canonical, ill-typed or too deeply nested
 * encodings; SLUICE_ERR_RANGE (accessors only) for a well-formed integer too
 * large for its type. Every decoding function also writes a one-line reason
 * to why (may be NULL). */
#ifndef SLUICE_ETH_RLP_H
#define SLUICE_ETH_RLP_H

#include <stddef.h>
#include <stdint.h>
#include "sluice/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Deepest list nesting the decoder walks (a header is depth 1). */
#define SLUICE_RLP_MAX_DEPTH 32

/* One decoded item: a view into the caller's buffer (nothing is copied). */
typedef struct {
    int is_list;              /* 1: list (payload holds encoded items), 0: byte string */
    const uint8_t *payload;   /* the string's bytes, or the list's concatenated items */
    size_t payload_len;
    const uint8_t *raw;       /* the whole encoded item, prefix included */
    size_t raw_len;
} sluice_rlp_item;

/* Decodes the item at the start of in[0..len) (prefix checks only; a list's
 * contents are not walked). *consumed (may be NULL) gets raw_len. */
sluice_err sluice_rlp_decode_prefix(const uint8_t *in, size_t len, sluice_rlp_item *out, size_t *consumed,
                                    char *why, size_t why_cap);

/* Decodes in[0..len) as exactly one item with nothing after it, and checks
 * every nested item recursively (canonical prefixes, lengths, depth). */
sluice_err sluice_rlp_decode(const uint8_t *in, size_t len, sluice_rlp_item *out, char *why, size_t why_cap);

/* Splits a list's payload into its items: up to cap items go to items[],
 * *count gets the number of items (also when it exceeds cap, which is then
 * SLUICE_ERR_LENGTH). items may be NULL with cap 0 to count only. */
sluice_err sluice_rlp_list_items(const sluice_rlp_item *list, sluice_rlp_item *items, size_t cap, size_t *count,
                                 char *why, size_t why_cap);

/* Typed accessors for a string item (a list is SLUICE_ERR_ARG). */
/* Exactly n bytes (hashes, addresses, bloom, nonce). */
sluice_err sluice_rlp_get_fixed(const sluice_rlp_item *it, uint8_t *out, size_t n, char *why, size_t why_cap);
/* A canonical unsigned integer of at most 8 bytes. */
sluice_err sluice_rlp_get_u64(const sluice_rlp_item *it, uint64_t *out, char *why, size_t why_cap);
/* A canonical unsigned integer of at most 32 bytes, as 32 bytes big-endian. */
sluice_err sluice_rlp_get_u256(const sluice_rlp_item *it, uint8_t out[32], char *why, size_t why_cap);

/* ---- Encoding -------------------------------------------------------------
 * A writer appends canonical encodings to a caller-owned buffer. When the
 * buffer is too small (or NULL with cap 0) nothing past cap is written but
 * len keeps counting, so one pass with cap 0 measures the encoding:
 *     sluice_rlp_writer w; sluice_rlp_writer_init(&w, buf, cap);
 *     size_t l = sluice_rlp_list_begin(&w);
 *     sluice_rlp_put_bytes(&w, hash, 32); sluice_rlp_put_u64(&w, number);
 *     sluice_rlp_list_end(&w, l);
 *     if (sluice_rlp_writer_finish(&w, &n) != SLUICE_OK) ... (n = bytes needed)
 * Lists nest; list_end moves the list's payload to make room for its prefix. */
typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t len;       /* bytes written (or needed, once past cap) */
    int overflow;     /* len went past cap at some point */
    int open_lists;   /* list_begin calls not yet closed */
} sluice_rlp_writer;

void sluice_rlp_writer_init(sluice_rlp_writer *w, uint8_t *buf, size_t cap);
/* A byte string (a single byte < 0x80 is written as itself). */
void sluice_rlp_put_bytes(sluice_rlp_writer *w, const uint8_t *data, size_t len);
/* An unsigned integer, big-endian without leading zeros (0 is 0x80). */
void sluice_rlp_put_u64(sluice_rlp_writer *w, uint64_t v);
/* A 256-bit unsigned integer given as 32 bytes big-endian. */
void sluice_rlp_put_u256(sluice_rlp_writer *w, const uint8_t be[32]);
/* Opens a list; returns the mark to pass to list_end. */
size_t sluice_rlp_list_begin(sluice_rlp_writer *w);
void sluice_rlp_list_end(sluice_rlp_writer *w, size_t mark);
/* *len (may be NULL) gets the encoding's size. SLUICE_ERR_LENGTH if it did
 * not fit in cap, SLUICE_ERR_ARG if a list is still open (or list_end got a
 * mark past the end: nothing is moved then). */
sluice_err sluice_rlp_writer_finish(const sluice_rlp_writer *w, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
