/* Bounded readers and writers for the Bytom v1 wire encoding
 * (../specs/bytom-chain.md section 1; reference: BytomDAO/bytom v1.1.1
 * encoding/blockchain/blockchain.go). Internal to engine/chain.
 *
 * Reader: every read checks the bytes left before touching them; a failing
 * read writes the reason and the absolute byte offset into the context's why
 * buffer and returns the error. Varints follow Go's binary.ReadUvarint (no
 * minimality check; more than 64 bits is an error), then the reference's
 * limits (varint63: <= 2^63-1, varint31: <= 2^31-1). Non-minimal encodings
 * are accepted like the reference does, and counted in noncanonical (the
 * writer emits minimal ones, so such an input does not round-trip).
 *
 * Writer: a byte sink that only counts when buf is NULL and never writes
 * past cap. */
#ifndef SLUICE_CHAIN_BYTOM_WIRE_H
#define SLUICE_CHAIN_BYTOM_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/bytom_tx.h"
#include "sluice/error.h"

/* Error reporting for one parse: where to write the reason, and how many
 * non-minimal varints were met. */
typedef struct {
    char *why;
    size_t why_cap;
    unsigned noncanonical;
} bw_ctx;

/* A window [pos, end) of the buffer starting at base (offsets are absolute). */
typedef struct {
    const uint8_t *base;
    size_t pos;
    size_t end;
} bw_reader;

#define BW_MAX_VARINT31 0x7fffffffull
#define BW_MAX_VARINT63 0x7fffffffffffffffull

static inline size_t bw_left(const bw_reader *r) { return r->end - r->pos; }

/* Unsigned LEB128 with value limit max (BW_MAX_VARINT63 or BW_MAX_VARINT31):
 * SLUICE_ERR_LENGTH when truncated, SLUICE_ERR_RANGE over 64 bits or over max. */
sluice_err bw_varint(bw_reader *r, bw_ctx *c, uint64_t max, const char *what, uint64_t *out);
sluice_err bw_varint31(bw_reader *r, bw_ctx *c, const char *what, uint32_t *out);
sluice_err bw_varint63(bw_reader *r, bw_ctx *c, const char *what, uint64_t *out);
/* n raw bytes (a hash or asset ID); *out points into the buffer. */
sluice_err bw_fixed(bw_reader *r, bw_ctx *c, size_t n, const char *what, const uint8_t **out);
/* varstr31: length then that many bytes (pointing into the buffer). */
sluice_err bw_varstr(bw_reader *r, bw_ctx *c, const char *what, sluice_bytes *out);
/* Extensible string: reads a varstr and returns a reader over its contents
 * (the suffix is what the caller leaves unread, see bw_rest). */
sluice_err bw_ext(bw_reader *r, bw_ctx *c, const char *what, bw_reader *sub);
/* A list count (varint31) of items taking at least min_item bytes each:
 * SLUICE_ERR_LENGTH when count * min_item exceeds the bytes left, checked
 * before the caller allocates anything. */
sluice_err bw_count(bw_reader *r, bw_ctx *c, size_t min_item, const char *what, uint32_t *out);
/* The unread rest of r (an extensible string's unknown suffix); consumes it. */
sluice_bytes bw_rest(bw_reader *r);
/* Fails with SLUICE_ERR_LENGTH unless r is fully consumed. */
sluice_err bw_expect_end(const bw_reader *r, bw_ctx *c, const char *what);
/* Records a failure at r's position: "<what> at byte <off>: <reason>". */
sluice_err bw_fail(const bw_reader *r, bw_ctx *c, sluice_err err, const char *what, const char *reason);

/* Byte sink: counts always, writes only when buf != NULL and within cap. */
typedef struct {
    uint8_t *buf;
    size_t cap;
    size_t n;
} bw_writer;

size_t bw_varint_len(uint64_t v);
void bw_put(bw_writer *w, const void *p, size_t len);
void bw_put_byte(bw_writer *w, uint8_t b);
void bw_put_varint(bw_writer *w, uint64_t v);
void bw_put_varstr(bw_writer *w, const uint8_t *p, size_t len);
static inline void bw_put_bytes(bw_writer *w, sluice_bytes b) { bw_put_varstr(w, b.p, b.len); }

/* Little-endian u64 (entry bodies hash u64 fields this way, entry.go). */
static inline void bw_le64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

#endif
