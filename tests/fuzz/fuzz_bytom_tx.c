/* libFuzzer target for sluice_bytom_tx_parse (sluice/bytom_tx.h).
 * Properties:
 *  - no input crashes the parser or the writer (ASan/UBSan clean), and a
 *    failed parse always says why and returns no transaction;
 *  - round trip: a transaction parsed with only minimal varints writes back
 *    to exactly the input; otherwise the re-encoding parses to the same IDs;
 *  - byte strings point inside the input; the signature hash of every input
 *    is SHA3(input ID || tx ID) (checked against a fresh hash). */
#include "sluice/bytom_tx.h"
#include "sluice/keccak.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

static void inside(const uint8_t *data, size_t size, sluice_bytes b) {
    REQUIRE(b.len == 0 || (b.p >= data && b.p + b.len <= data + size));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sluice_bytom_tx *tx = NULL;
    char why[256];
    why[0] = '\0';
    if (sluice_bytom_tx_parse(data, size, &tx, why, sizeof why) != SLUICE_OK) {
        REQUIRE(tx == NULL && why[0] != '\0');
        return 0;
    }
    REQUIRE(tx->raw.len == size);
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        const sluice_bytom_input *in = &tx->inputs[i];
        inside(data, size, in->control_program);
        inside(data, size, in->nonce);
        inside(data, size, in->commitment_suffix);
        inside(data, size, in->witness_suffix);
        for (uint32_t j = 0; j < in->n_args; j++) inside(data, size, in->args[j]);
        uint8_t buf[64], sh[32];
        memcpy(buf, in->input_id, 32);
        memcpy(buf + 32, tx->id, 32);
        sluice_sha3_256(sh, buf, 64);
        REQUIRE(memcmp(sh, in->sighash, 32) == 0);
    }
    for (uint32_t i = 0; i < tx->n_outputs; i++) {
        inside(data, size, tx->outputs[i].control_program);
        inside(data, size, tx->outputs[i].witness);
    }
    size_t n = sluice_bytom_tx_write(tx, NULL, 0);
    uint8_t *out = malloc(n ? n : 1);
    REQUIRE(out);
    REQUIRE(sluice_bytom_tx_write(tx, out, n) == n);
    if (tx->canonical) {
        REQUIRE(n == size && memcmp(out, data, size) == 0);
    } else {
        sluice_bytom_tx *c = NULL;
        REQUIRE(n < size);
        REQUIRE(sluice_bytom_tx_parse(out, n, &c, NULL, 0) == SLUICE_OK);
        REQUIRE(c->canonical && memcmp(c->id, tx->id, 32) == 0);
        REQUIRE(c->n_inputs == tx->n_inputs);
        for (uint32_t i = 0; i < c->n_inputs; i++)
            REQUIRE(memcmp(c->inputs[i].input_id, tx->inputs[i].input_id, 32) == 0);
        sluice_bytom_tx_free(c);
    }
    free(out);
    sluice_bytom_tx_free(tx);
    return 0;
}
