/* Reading Bytom v1 blocks (bytom-chain.md section 1; BytomDAO/bytom v1.1.1
 * protocol/bc/types/block.go readFrom/UnmarshalText, blockheader.go readFrom,
 * block_commitment.go readFrom): serflags 0x01 (header only) or 0x03 (full),
 * the header fields (nonce before bits), then the transactions; trailing
 * bytes are an error. The block hash is computed here, once. */
#include "chain/bytom_tx_internal.h"
#include "sluice/keccak.h"

#include <stddef.h>
#include <string.h>

typedef struct {
    bytom_arena arena;
    sluice_bytom_block block;
} block_holder;

static sluice_err read_header(bw_reader *r, bw_ctx *c, sluice_bytom_block *b) {
    const uint8_t *p = NULL;
    sluice_err e = bw_fixed(r, c, 1, "block serflags", &p);
    if (e != SLUICE_OK) return e;
    if (p[0] != 0x01 && p[0] != 0x03) {
        r->pos--;
        return bw_fail(r, c, SLUICE_ERR_ARG, "block serflags", "unsupported serialization flags");
    }
    b->serflags = p[0];
    sluice_bytom_header *h = &b->header;
    if ((e = bw_varint63(r, c, "block version", &h->version)) != SLUICE_OK) return e;
    if ((e = bw_varint63(r, c, "block height", &h->height)) != SLUICE_OK) return e;
    if ((e = bw_fixed(r, c, 32, "previous block hash", &p)) != SLUICE_OK) return e;
    memcpy(h->prev_hash, p, 32);
    if ((e = bw_varint63(r, c, "block timestamp", &h->timestamp)) != SLUICE_OK) return e;
    bw_reader s;
    if ((e = bw_ext(r, c, "block commitment", &s)) != SLUICE_OK) return e;
    if ((e = bw_fixed(&s, c, 32, "transactions merkle root", &p)) != SLUICE_OK) return e;
    memcpy(h->tx_merkle_root, p, 32);
    if ((e = bw_fixed(&s, c, 32, "transaction status hash", &p)) != SLUICE_OK) return e;
    memcpy(h->tx_status_hash, p, 32);
    b->ext_suffix = bw_rest(&s); /* the reference discards it; kept for the round trip */
    if ((e = bw_varint63(r, c, "block nonce", &h->nonce)) != SLUICE_OK) return e;
    if ((e = bw_varint63(r, c, "block bits", &h->bits)) != SLUICE_OK) return e;
    b->header_raw.p = r->base;
    b->header_raw.len = (uint32_t)r->pos;
    sluice_bytom_header_hash(h, b->hash); /* map.go mapBlockHeader */
    return SLUICE_OK;
}

static sluice_err read_block(bw_reader *r, bw_ctx *c, bytom_arena *a, sluice_bytom_block *b) {
    sluice_err e = read_header(r, c, b);
    if (e != SLUICE_OK || b->serflags == 0x01) return e;
    uint32_t n = 0;
    if ((e = bw_count(r, c, BYTOM_MIN_TX_BYTES, "transaction count", &n)) != SLUICE_OK) return e;
    sluice_bytom_tx *txs = NULL;
    if (n) {
        txs = bytom_arena_alloc(a, (size_t)n * sizeof *txs);
        if (!txs) return sluice_why(SLUICE_ERR_NOMEM, c->why, c->why_cap, "out of memory for %u transactions", n);
    }
    b->n_txs = n;
    b->txs = txs;
    /* With a four-way SHA3 (AVX2/AVX-512) every ID of every transaction is
     * hashed level by level across the block; without one, the queueing
     * costs more than it saves, so each transaction is mapped as it is read. */
    int batch = sluice_keccak_x4_best() != SLUICE_KECCAK_SCALAR;
    for (uint32_t i = 0; i < n; i++) {
        if ((e = bytom_tx_read(r, c, a, &txs[i], !batch)) != SLUICE_OK) return e;
    }
    if (batch && bytom_txs_map(txs, n) != SLUICE_OK)
        return sluice_why(SLUICE_ERR_NOMEM, c->why, c->why_cap, "out of memory mapping %u transactions", n);
    return SLUICE_OK;
}

sluice_err sluice_bytom_block_parse(const uint8_t *raw, size_t len, sluice_bytom_block **out, char *why,
                                    size_t why_cap) {
    if (!out || (!raw && len)) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "NULL argument");
    *out = NULL;
    if (len > SLUICE_BYTOM_MAX_BLOCK_BYTES)
        return sluice_why(SLUICE_ERR_LENGTH, why, why_cap, "block of %zu bytes is over the limit", len);
    bw_ctx c = {why, why_cap, 0};
    bytom_arena a;
    bytom_arena_init(&a, 4096 + len * 2);
    block_holder *h = bytom_arena_alloc(&a, sizeof *h);
    if (!h) {
        bytom_arena_free(&a);
        return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    }
    static const uint8_t empty = 0;
    bw_reader r = {raw ? raw : &empty, 0, len};
    sluice_err e = read_block(&r, &c, &a, &h->block);
    if (e == SLUICE_OK) e = bw_expect_end(&r, &c, "block");
    if (e != SLUICE_OK) {
        bytom_arena_free(&a);
        return e;
    }
    h->block.raw.p = len ? raw : NULL;
    h->block.raw.len = (uint32_t)len;
    h->block.canonical = c.noncanonical == 0;
    h->arena = a;
    *out = &h->block;
    return SLUICE_OK;
}

void sluice_bytom_block_free(sluice_bytom_block *b) {
    if (!b) return;
    block_holder *h = (block_holder *)(void *)((char *)b - offsetof(block_holder, block));
    bytom_arena_free(&h->arena);
}
