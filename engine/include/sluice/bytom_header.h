/* The Bytom v1 block header and its hash (../specs/bytom-chain.md section 2;
 * reference: BytomDAO/bytom v1.1.1 protocol/bc/blockheader.go, entry.go). */
#ifndef SLUICE_BYTOM_HEADER_H
#define SLUICE_BYTOM_HEADER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint64_t version;
    uint64_t height;
    uint8_t prev_hash[32];
    uint64_t timestamp;
    uint8_t tx_merkle_root[32];
    uint8_t tx_status_hash[32];
    uint64_t bits;
    uint64_t nonce;
} sluice_bytom_header;

#define SLUICE_BYTOM_HEADER_BODY_BYTES 136
/* The nonce is the last 8 bytes (little-endian) of the hashed body. */
#define SLUICE_BYTOM_HEADER_NONCE_OFFSET 128

/* EntryID(type, body) = SHA3-256("entryid:" || type || ":" || SHA3-256(body)). */
void sluice_bytom_entry_id(const char *type, const uint8_t *body, size_t len, uint8_t out[32]);

/* The 136-byte body hashed for the BlockHeader entry: version, height, prev,
 * timestamp, tx root, status hash, bits, nonce (u64 little-endian, hashes raw). */
void sluice_bytom_header_body(const sluice_bytom_header *h, uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES]);

/* Block hash = EntryID("blockheader", body). */
void sluice_bytom_header_hash(const sluice_bytom_header *h, uint8_t out[32]);

/* Block hash from a prepared body with its nonce replaced (mining loop). */
void sluice_bytom_header_hash_nonce(const uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES],
                                    uint64_t nonce, uint8_t out[32]);

#ifdef __cplusplus
}
#endif
#endif
