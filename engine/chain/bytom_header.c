/* Bytom v1 block hash: EntryID of the BlockHeader entry (bytom-chain.md section
 * 2; BytomDAO/bytom v1.1.1 protocol/bc/entry.go EntryID, blockheader.go
 * writeForHash: version, height, previous id, timestamp, transactions root,
 * status hash, bits, nonce — u64 little-endian, hashes raw). */
#include "sluice/bytom_header.h"
#include "sluice/keccak.h"
#include <string.h>

static void put_u64le(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

void sluice_bytom_entry_id(const char *type, const uint8_t *body, size_t len, uint8_t out[32]) {
    uint8_t inner[32];
    sluice_sha3_256(inner, body, len);
    sluice_keccak_ctx c;
    sluice_sha3_256_init(&c);
    sluice_keccak_update(&c, "entryid:", 8);
    sluice_keccak_update(&c, type, strlen(type));
    sluice_keccak_update(&c, ":", 1);
    sluice_keccak_update(&c, inner, 32);
    sluice_keccak_final(&c, out);
}

void sluice_bytom_header_body(const sluice_bytom_header *h, uint8_t b[SLUICE_BYTOM_HEADER_BODY_BYTES]) {
    put_u64le(b + 0, h->version);
    put_u64le(b + 8, h->height);
    memcpy(b + 16, h->prev_hash, 32);
    put_u64le(b + 48, h->timestamp);
    memcpy(b + 56, h->tx_merkle_root, 32);
    memcpy(b + 88, h->tx_status_hash, 32);
    put_u64le(b + 120, h->bits);
    put_u64le(b + SLUICE_BYTOM_HEADER_NONCE_OFFSET, h->nonce);
}

void sluice_bytom_header_hash(const sluice_bytom_header *h, uint8_t out[32]) {
    uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES];
    sluice_bytom_header_body(h, body);
    sluice_bytom_entry_id("blockheader", body, sizeof body, out);
}

void sluice_bytom_header_hash_nonce(const uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES], uint64_t nonce,
                                    uint8_t out[32]) {
    uint8_t b[SLUICE_BYTOM_HEADER_BODY_BYTES];
    memcpy(b, body, SLUICE_BYTOM_HEADER_NONCE_OFFSET);
    put_u64le(b + SLUICE_BYTOM_HEADER_NONCE_OFFSET, nonce);
    sluice_bytom_entry_id("blockheader", b, sizeof b, out);
}
