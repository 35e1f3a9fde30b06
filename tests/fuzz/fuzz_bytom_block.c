/* libFuzzer target for sluice_bytom_block_parse (sluice/bytom_tx.h).
 * Properties:
 *  - no input crashes the parser or the writer (ASan/UBSan clean), and a
 *    failed parse always says why and returns no block;
 *  - round trip: a block parsed with only minimal varints writes back to
 *    exactly the input; otherwise the (minimal) re-encoding parses to the same
 *    block hash, transaction IDs and serialized sizes minus the saved bytes;
 *  - every transaction's raw bytes lie inside the input, consecutively, and
 *    parse alone (the one-hash-at-a-time path) to the same IDs as in the
 *    block (the four-way batched path);
 *  - the Merkle roots can be computed over whatever parsed. */
#include "sluice/bytom_tx.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sluice_bytom_block *b = NULL;
    char why[256];
    why[0] = '\0';
    sluice_err e = sluice_bytom_block_parse(data, size, &b, why, sizeof why);
    if (e != SLUICE_OK) {
        REQUIRE(b == NULL && why[0] != '\0');
        return 0;
    }
    REQUIRE(b && b->raw.len == size);
    const uint8_t *next = data + b->header_raw.len;
    for (uint32_t i = 0; i < b->n_txs; i++) {
        const sluice_bytom_tx *t = &b->txs[i];
        REQUIRE(t->raw.p >= next && t->raw.p + t->raw.len <= data + size);
        next = t->raw.p + t->raw.len;
        sluice_bytom_tx *one = NULL;
        REQUIRE(sluice_bytom_tx_parse(t->raw.p, t->raw.len, &one, NULL, 0) == SLUICE_OK);
        REQUIRE(memcmp(one->id, t->id, 32) == 0 && memcmp(one->mux_id, t->mux_id, 32) == 0);
        for (uint32_t j = 0; j < t->n_inputs; j++) {
            REQUIRE(memcmp(one->inputs[j].input_id, t->inputs[j].input_id, 32) == 0);
            REQUIRE(memcmp(one->inputs[j].spent_output_id, t->inputs[j].spent_output_id, 32) == 0);
            REQUIRE(memcmp(one->inputs[j].sighash, t->inputs[j].sighash, 32) == 0);
        }
        for (uint32_t j = 0; j < t->n_outputs; j++) REQUIRE(memcmp(one->outputs[j].id, t->outputs[j].id, 32) == 0);
        sluice_bytom_tx_free(one);
    }
    uint8_t root[32];
    sluice_bytom_tx_merkle_root(b->txs, b->n_txs, root);

    size_t n = sluice_bytom_block_write(b, NULL, 0);
    uint8_t *out = malloc(n ? n : 1);
    REQUIRE(out);
    REQUIRE(sluice_bytom_block_write(b, out, n) == n);
    if (b->canonical) {
        REQUIRE(n == size && memcmp(out, data, size) == 0);
    } else {
        REQUIRE(n < size);
        sluice_bytom_block *c = NULL;
        REQUIRE(sluice_bytom_block_parse(out, n, &c, NULL, 0) == SLUICE_OK);
        REQUIRE(c->canonical && c->n_txs == b->n_txs);
        REQUIRE(memcmp(c->hash, b->hash, 32) == 0);
        for (uint32_t i = 0; i < b->n_txs; i++) {
            REQUIRE(memcmp(c->txs[i].id, b->txs[i].id, 32) == 0);
            REQUIRE(c->txs[i].raw.len <= b->txs[i].raw.len);
        }
        sluice_bytom_block_free(c);
    }
    free(out);
    sluice_bytom_block_free(b);
    return 0;
}
