/* Serializing Bytom v1 transactions and blocks (the reference's WriteTo:
 * BytomDAO/bytom v1.1.1 protocol/bc/types/{transaction.go writeTo,
 * txinput.go writeTo/writeInputCommitment/writeInputWitness, spend.go
 * writeExtensibleString, txoutput.go writeTo, block.go/blockheader.go
 * WriteTo}, encoding/blockchain WriteExtensibleString).
 *
 * Differences from the reference, for the round trip: the unknown suffix of
 * the header's commitment string and the output witness are written back
 * (the reference drops both); varints are always minimal. */
#include "chain/bytom_tx_internal.h"

#include <string.h>

typedef void (*contents_fn)(bw_writer *w, const void *obj);

/* WriteExtensibleString: varstr31 of the contents (sized by a dry run). */
static void put_ext(bw_writer *w, contents_fn fn, const void *obj) {
    bw_writer count = {NULL, 0, 0};
    fn(&count, obj);
    bw_put_varint(w, count.n);
    fn(w, obj);
}

static void put_suffix(bw_writer *w, sluice_bytes s) { bw_put(w, s.p, s.len); }

static void spend_commitment_contents(bw_writer *w, const void *obj) {
    const sluice_bytom_input *in = obj;
    bw_put(w, in->source_id, 32);
    bw_put(w, in->asset_id, 32);
    bw_put_varint(w, in->amount);
    bw_put_varint(w, in->source_position);
    bw_put_varint(w, in->vm_version);
    bw_put_bytes(w, in->control_program);
    put_suffix(w, in->spend_suffix);
}

static void input_commitment_contents(bw_writer *w, const void *obj) {
    const sluice_bytom_input *in = obj;
    if (in->asset_version == 1) {
        switch (in->type) {
        case SLUICE_BYTOM_INPUT_ISSUANCE:
            bw_put_byte(w, SLUICE_BYTOM_INPUT_ISSUANCE);
            bw_put_bytes(w, in->nonce);
            bw_put(w, in->asset_id, 32);
            bw_put_varint(w, in->amount);
            break;
        case SLUICE_BYTOM_INPUT_SPEND:
            bw_put_byte(w, SLUICE_BYTOM_INPUT_SPEND);
            put_ext(w, spend_commitment_contents, in);
            break;
        case SLUICE_BYTOM_INPUT_COINBASE:
            bw_put_byte(w, SLUICE_BYTOM_INPUT_COINBASE);
            bw_put_bytes(w, in->arbitrary);
            break;
        default:
            break;
        }
    }
    put_suffix(w, in->commitment_suffix);
}

static void put_args(bw_writer *w, const sluice_bytom_input *in) {
    bw_put_varint(w, in->n_args);
    for (uint32_t i = 0; i < in->n_args; i++) bw_put_bytes(w, in->args[i]);
}

static void input_witness_contents(bw_writer *w, const void *obj) {
    const sluice_bytom_input *in = obj;
    if (in->asset_version == 1) {
        switch (in->type) {
        case SLUICE_BYTOM_INPUT_ISSUANCE:
            bw_put_bytes(w, in->asset_definition);
            bw_put_varint(w, in->vm_version);
            bw_put_bytes(w, in->issuance_program);
            put_args(w, in);
            break;
        case SLUICE_BYTOM_INPUT_SPEND:
            put_args(w, in);
            break;
        default:
            break;
        }
    }
    put_suffix(w, in->witness_suffix);
}

static void output_commitment_contents(bw_writer *w, const void *obj) {
    const sluice_bytom_output *o = obj;
    if (o->asset_version == 1) {
        bw_put(w, o->asset_id, 32);
        bw_put_varint(w, o->amount);
        bw_put_varint(w, o->vm_version);
        bw_put_bytes(w, o->control_program);
    }
    put_suffix(w, o->commitment_suffix);
}

void bytom_tx_write_to(bw_writer *w, const sluice_bytom_tx *tx) {
    bw_put_byte(w, 0x07);
    bw_put_varint(w, tx->version);
    bw_put_varint(w, tx->time_range);
    bw_put_varint(w, tx->n_inputs);
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        const sluice_bytom_input *in = &tx->inputs[i];
        bw_put_varint(w, in->asset_version);
        put_ext(w, input_commitment_contents, in);
        put_ext(w, input_witness_contents, in);
    }
    bw_put_varint(w, tx->n_outputs);
    for (uint32_t i = 0; i < tx->n_outputs; i++) {
        const sluice_bytom_output *o = &tx->outputs[i];
        bw_put_varint(w, o->asset_version);
        put_ext(w, output_commitment_contents, o);
        bw_put_bytes(w, o->witness);
    }
}

static void block_commitment_contents(bw_writer *w, const void *obj) {
    const sluice_bytom_block *b = obj;
    bw_put(w, b->header.tx_merkle_root, 32);
    bw_put(w, b->header.tx_status_hash, 32);
    put_suffix(w, b->ext_suffix);
}

static void block_write_to(bw_writer *w, const sluice_bytom_block *b) {
    const sluice_bytom_header *h = &b->header;
    bw_put_byte(w, b->serflags);
    bw_put_varint(w, h->version);
    bw_put_varint(w, h->height);
    bw_put(w, h->prev_hash, 32);
    bw_put_varint(w, h->timestamp);
    put_ext(w, block_commitment_contents, b);
    bw_put_varint(w, h->nonce); /* nonce before bits on the wire (blockheader.go) */
    bw_put_varint(w, h->bits);
    if (b->serflags == 0x01) return; /* SerBlockHeader: no transactions */
    bw_put_varint(w, b->n_txs);
    for (uint32_t i = 0; i < b->n_txs; i++) bytom_tx_write_to(w, &b->txs[i]);
}

size_t sluice_bytom_tx_write(const sluice_bytom_tx *tx, uint8_t *buf, size_t buf_cap) {
    if (!tx) return 0;
    bw_writer count = {NULL, 0, 0};
    bytom_tx_write_to(&count, tx);
    if (buf && buf_cap >= count.n) {
        bw_writer w = {buf, buf_cap, 0};
        bytom_tx_write_to(&w, tx);
    }
    return count.n;
}

size_t sluice_bytom_block_write(const sluice_bytom_block *b, uint8_t *buf, size_t buf_cap) {
    if (!b) return 0;
    bw_writer count = {NULL, 0, 0};
    block_write_to(&count, b);
    if (buf && buf_cap >= count.n) {
        bw_writer w = {buf, buf_cap, 0};
        block_write_to(&w, b);
    }
    return count.n;
}
