/* The validator's chain context and its tip-blob encoding (sluice/pswv.h):
 * what sluice_bytom_validate_block needs about the blocks before the next
 * one (validation/block.go ValidateBlockHeader: parent, median of the last
 * 11 timestamps, the retarget start header; tensority.md section 5: seed). */
#include <string.h>

#include "pswv/pswv_internal.h"
#include "sluice/bytom_genesis.h"

#define PSWV_BLOB_MAGIC "PSWV1"
#define PSWV_HDR_BYTES (8 * 5 + 32 * 3)

static void put64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint64_t get64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static uint8_t *put_hdr(uint8_t *p, const sluice_bytom_header *h) {
    put64(p, h->version);
    put64(p + 8, h->height);
    memcpy(p + 16, h->prev_hash, 32);
    put64(p + 48, h->timestamp);
    memcpy(p + 56, h->tx_merkle_root, 32);
    memcpy(p + 88, h->tx_status_hash, 32);
    put64(p + 120, h->bits);
    put64(p + 128, h->nonce);
    return p + PSWV_HDR_BYTES;
}

static const uint8_t *get_hdr(const uint8_t *p, sluice_bytom_header *h) {
    h->version = get64(p);
    h->height = get64(p + 8);
    memcpy(h->prev_hash, p + 16, 32);
    h->timestamp = get64(p + 48);
    memcpy(h->tx_merkle_root, p + 56, 32);
    memcpy(h->tx_status_hash, p + 88, 32);
    h->bits = get64(p + 120);
    h->nonce = get64(p + 128);
    return p + PSWV_HDR_BYTES;
}

#define PSWV_BLOB_BYTES (5 + 1 + 3 * PSWV_HDR_BYTES + 32 * 3 + 2 + 11 * 8)

size_t pswv_chain_encode(const pswv_chain *c, uint8_t *buf, size_t cap) {
    if (cap < PSWV_BLOB_BYTES) return 0;
    uint8_t *p = buf;
    memcpy(p, PSWV_BLOB_MAGIC, 5);
    p += 5;
    *p++ = (uint8_t)c->n_ts;
    p = put_hdr(p, &c->parent);
    p = put_hdr(p, &c->ret_cur);
    p = put_hdr(p, &c->ret_prev);
    memcpy(p, c->parent_hash, 32);
    memcpy(p + 32, c->parent_seed, 32);
    memcpy(p + 64, c->genesis_hash, 32);
    p += 96;
    *p++ = c->have_ret_cur;
    *p++ = c->have_ret_prev;
    for (int i = 0; i < 11; i++, p += 8) put64(p, c->ts[i]);
    return (size_t)(p - buf);
}

int pswv_chain_decode(pswv_chain *c, const uint8_t *buf, size_t len) {
    if (len != PSWV_BLOB_BYTES || memcmp(buf, PSWV_BLOB_MAGIC, 5) != 0) return -1;
    memset(c, 0, sizeof *c);
    const uint8_t *p = buf + 5;
    c->n_ts = *p++;
    if (c->n_ts > 11) return -1;
    p = get_hdr(p, &c->parent);
    p = get_hdr(p, &c->ret_cur);
    p = get_hdr(p, &c->ret_prev);
    memcpy(c->parent_hash, p, 32);
    memcpy(c->parent_seed, p + 32, 32);
    memcpy(c->genesis_hash, p + 64, 32);
    p += 96;
    c->have_ret_cur = *p++ ? 1 : 0;
    c->have_ret_prev = *p++ ? 1 : 0;
    for (int i = 0; i < 11; i++, p += 8) c->ts[i] = get64(p);
    c->have = 1;
    return 0;
}

void pswv_chain_advance(pswv_chain *c, const sluice_bytom_header *h, const uint8_t hash[32],
                        const uint8_t seed[32]) {
    if (!c->have) memcpy(c->genesis_hash, hash, 32);
    c->have = 1;
    c->parent = *h;
    memcpy(c->parent_hash, hash, 32);
    memcpy(c->parent_seed, seed, 32);
    memmove(c->ts + 1, c->ts, 10 * sizeof c->ts[0]);
    c->ts[0] = h->timestamp;
    if (c->n_ts < 11) c->n_ts++;
    /* state.BlockNode.CalcNextBits: the retarget after height P looks back to P - 2016 */
    if (h->height % SLUICE_BYTOM_BLOCKS_PER_RETARGET == 0) {
        c->ret_prev = c->ret_cur;
        c->have_ret_prev = c->have_ret_cur;
        c->ret_cur = *h;
        c->have_ret_cur = 1;
    }
}
