/* The Bytom v1 entry graph of a transaction and its IDs (bytom-chain.md
 * section 2; BytomDAO/bytom v1.1.1 protocol/bc/types/map.go mapTx/MapTx,
 * protocol/bc/entry.go EntryID/writeForHash, bc/{spend,issuance,coinbase,
 * mux,output,retirement,tx_header,asset}.go writeForHash).
 *
 * EntryID(e) = SHA3("entryid:" || type || ":" || SHA3(body)); in bodies a
 * u64 is 8 bytes little-endian, a hash 32 raw bytes, a byte string a varstr,
 * a list varint31(count) || items, a nil pointer nothing and a nil hash 32
 * zero bytes. */
#include "chain/bytom_tx_internal.h"
#include "sluice/keccak.h"

#include <string.h>

/* consensus.BTMAssetID */
const uint8_t SLUICE_BYTOM_BTM_ASSET[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

#define OP_TRUE 0x51 /* the mux program (map.go) */

static void body_u64(sluice_keccak_ctx *h, uint64_t v) {
    uint8_t b[8];
    bw_le64(b, v);
    sluice_keccak_update(h, b, 8);
}

/* varint31/63 as WriteVarint31 would encode it (lengths and counts). */
static void body_varint(sluice_keccak_ctx *h, uint64_t v) {
    uint8_t tmp[10];
    bw_writer w = {tmp, sizeof tmp, 0};
    bw_put_varint(&w, v);
    sluice_keccak_update(h, tmp, w.n);
}

static void body_varstr(sluice_keccak_ctx *h, const uint8_t *p, size_t len) {
    body_varint(h, len);
    if (len) sluice_keccak_update(h, p, len);
}

/* ValueSource{ref, AssetAmount{asset, amount}, position}: 80 bytes. */
static void body_value_source(sluice_keccak_ctx *h, const uint8_t ref[32], const uint8_t asset[32], uint64_t amount,
                              uint64_t position) {
    sluice_keccak_update(h, ref, 32);
    sluice_keccak_update(h, asset, 32);
    body_u64(h, amount);
    body_u64(h, position);
}

/* Finishes EntryID(type, body) from the body's running hash. */
static void entry_finish(sluice_keccak_ctx *body, const char *type, uint8_t out[32]) {
    uint8_t inner[32];
    sluice_keccak_final(body, inner);
    sluice_keccak_ctx c;
    sluice_sha3_256_init(&c);
    sluice_keccak_update(&c, "entryid:", 8);
    sluice_keccak_update(&c, type, strlen(type));
    sluice_keccak_update(&c, ":", 1);
    sluice_keccak_update(&c, inner, 32);
    sluice_keccak_final(&c, out);
}

void sluice_bytom_asset_id(uint64_t vm_version, const uint8_t *program, size_t program_len,
                           const uint8_t *definition, size_t definition_len, uint8_t out[32]) {
    /* bc.ComputeAssetID: AssetDefinition{IssuanceProgram{vm, code}, Data}
     * written for hash, hashed once (no entry prefix). */
    uint8_t def_hash[32];
    sluice_sha3_256(def_hash, definition, definition_len);
    sluice_keccak_ctx h;
    sluice_sha3_256_init(&h);
    body_u64(&h, vm_version);
    body_varstr(&h, program, program_len);
    sluice_keccak_update(&h, def_hash, 32);
    sluice_keccak_final(&h, out);
}

void sluice_bytom_output_id(const uint8_t source_id[32], const uint8_t asset_id[32], uint64_t amount,
                            uint64_t source_position, uint64_t vm_version, const uint8_t *program,
                            size_t program_len, uint8_t out[32]) {
    /* bc.Output body: Source (ValueSource), ControlProgram (Program). */
    sluice_keccak_ctx h;
    sluice_sha3_256_init(&h);
    body_value_source(&h, source_id, asset_id, amount, source_position);
    body_u64(&h, vm_version);
    body_varstr(&h, program, program_len);
    entry_finish(&h, "output1", out);
}

static void map_input(sluice_bytom_input *in) {
    sluice_keccak_ctx h;
    sluice_sha3_256_init(&h);
    switch (in->type) {
    case SLUICE_BYTOM_INPUT_SPEND:
        /* The previous output rebuilt from the commitment (ordinal 0), then
         * Spend{SpentOutputId}. */
        sluice_bytom_output_id(in->source_id, in->asset_id, in->amount, in->source_position, in->vm_version,
                               in->control_program.p, in->control_program.len, in->spent_output_id);
        sluice_keccak_update(&h, in->spent_output_id, 32);
        entry_finish(&h, "spend1", in->input_id);
        break;
    case SLUICE_BYTOM_INPUT_ISSUANCE: {
        /* Issuance{NonceHash = SHA3(nonce), Value{asset, amount}}. */
        uint8_t nonce_hash[32];
        sluice_sha3_256(nonce_hash, in->nonce.p, in->nonce.len);
        sluice_keccak_update(&h, nonce_hash, 32);
        sluice_keccak_update(&h, in->asset_id, 32);
        body_u64(&h, in->amount);
        entry_finish(&h, "issuance1", in->input_id);
        break;
    }
    case SLUICE_BYTOM_INPUT_COINBASE:
        /* Coinbase{Arbitrary}. */
        body_varstr(&h, in->arbitrary.p, in->arbitrary.len);
        entry_finish(&h, "coinbase1", in->input_id);
        break;
    default:
        /* asset version != 1: no entry; MapTx leaves InputIDs[i] zero. */
        memset(in->input_id, 0, 32);
        break;
    }
}

void bytom_coinbase_values(sluice_bytom_tx *tx, sluice_bytom_input *ins, const sluice_bytom_output *outs) {
    /* map.go: a coinbase's mux source value is Outputs[0]'s AssetAmount
     * (bytom_tx_read rejects a coinbase without outputs). */
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        if (ins[i].type != SLUICE_BYTOM_INPUT_COINBASE || tx->n_outputs == 0) continue;
        memcpy(ins[i].asset_id, outs[0].asset_id, 32);
        ins[i].amount = outs[0].amount;
    }
}

void bytom_tx_map(sluice_bytom_tx *tx, sluice_bytom_input *ins, sluice_bytom_output *outs) {
    uint32_t n_in = tx->n_inputs, n_out = tx->n_outputs;

    bytom_coinbase_values(tx, ins, outs);
    for (uint32_t i = 0; i < n_in; i++) map_input(&ins[i]);

    /* Mux{Sources, Program{1, OP_TRUE}}: one source per input (a nil
     * source, for an input of an unknown asset version, writes nothing but
     * is counted), each (input entry, its value, position 0). */
    sluice_keccak_ctx h;
    sluice_sha3_256_init(&h);
    body_varint(&h, n_in);
    for (uint32_t i = 0; i < n_in; i++) {
        if (ins[i].type == SLUICE_BYTOM_INPUT_UNKNOWN) continue;
        body_value_source(&h, ins[i].input_id, ins[i].asset_id, ins[i].amount, 0);
    }
    static const uint8_t mux_prog[1] = {OP_TRUE};
    body_u64(&h, 1);
    body_varstr(&h, mux_prog, 1);
    entry_finish(&h, "mux1", tx->mux_id);

    /* Outputs: source (mux, value, i); Retirement when the program starts
     * with OP_FAIL, else Output with its program. */
    for (uint32_t i = 0; i < n_out; i++) {
        sluice_bytom_output *o = &outs[i];
        if (o->is_retirement) {
            sluice_sha3_256_init(&h);
            body_value_source(&h, tx->mux_id, o->asset_id, o->amount, i);
            entry_finish(&h, "retirement1", o->id);
        } else {
            sluice_bytom_output_id(tx->mux_id, o->asset_id, o->amount, i, o->vm_version, o->control_program.p,
                                   o->control_program.len, o->id);
        }
    }

    /* TxHeader{Version, TimeRange, ResultIds} (the serialized size is a
     * field of the entry but not part of its hashed body). */
    sluice_sha3_256_init(&h);
    body_u64(&h, tx->version);
    body_u64(&h, tx->time_range);
    body_varint(&h, n_out);
    for (uint32_t i = 0; i < n_out; i++) sluice_keccak_update(&h, outs[i].id, 32);
    entry_finish(&h, "txheader", tx->id);

    /* validation/vmcontext.go: TxSigHash = SHA3(input ID || tx ID). */
    for (uint32_t i = 0; i < n_in; i++) {
        uint8_t buf[64];
        memcpy(buf, ins[i].input_id, 32);
        memcpy(buf + 32, tx->id, 32);
        sluice_sha3_256(ins[i].sighash, buf, 64);
    }
}
