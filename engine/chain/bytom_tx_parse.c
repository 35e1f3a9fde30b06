/* Reading Bytom v1 transactions (bytom-chain.md section 1; BytomDAO/bytom
 * v1.1.1 protocol/bc/types/transaction.go TxData.readFrom, txinput.go
 * TxInput.readFrom, spend.go SpendCommitment.readFrom, txoutput.go
 * TxOutput.readFrom, output_commitment.go OutputCommitment.readFrom).
 *
 * Every byte string points into the caller's buffer; arrays come from the
 * object's arena and are sized by counts already checked against the bytes
 * left. Unknown extensible-string suffixes are kept for the round trip. */
#include "chain/bytom_tx_internal.h"

#include <stddef.h>
#include <string.h>

#define OP_FAIL 0x6a /* protocol/vm/ops.go; vmutil.IsUnspendable */

/* ReadVarstrList: a count, then that many varstrs. */
static sluice_err read_args(bw_reader *r, bw_ctx *c, bytom_arena *a, sluice_bytom_input *in) {
    uint32_t n = 0;
    sluice_err e = bw_count(r, c, BYTOM_MIN_ARG_BYTES, "witness argument count", &n);
    if (e != SLUICE_OK) return e;
    in->n_args = n;
    in->args = NULL;
    if (n == 0) return SLUICE_OK;
    sluice_bytes *args = bytom_arena_alloc(a, (size_t)n * sizeof *args);
    if (!args) return sluice_why(SLUICE_ERR_NOMEM, c->why, c->why_cap, "out of memory for %u arguments", n);
    for (uint32_t i = 0; i < n; i++) {
        e = bw_varstr(r, c, "witness argument", &args[i]);
        if (e != SLUICE_OK) return e;
    }
    in->args = args;
    return SLUICE_OK;
}

/* SpendCommitment.readFrom (asset version 1): its own extensible string. */
static sluice_err read_spend_commitment(bw_reader *r, bw_ctx *c, sluice_bytom_input *in) {
    bw_reader s;
    sluice_err e = bw_ext(r, c, "spend commitment", &s);
    const uint8_t *p = NULL;
    if (e == SLUICE_OK) e = bw_fixed(&s, c, 32, "spend source id", &p);
    if (e != SLUICE_OK) return e;
    memcpy(in->source_id, p, 32);
    if ((e = bw_fixed(&s, c, 32, "spend asset id", &p)) != SLUICE_OK) return e;
    memcpy(in->asset_id, p, 32);
    if ((e = bw_varint63(&s, c, "spend amount", &in->amount)) != SLUICE_OK) return e;
    if ((e = bw_varint63(&s, c, "spend source position", &in->source_position)) != SLUICE_OK) return e;
    size_t vm_at = s.pos;
    if ((e = bw_varint63(&s, c, "spend vm version", &in->vm_version)) != SLUICE_OK) return e;
    if (in->vm_version != 1) {
        s.pos = vm_at;
        return bw_fail(&s, c, SLUICE_ERR_ARG, "spend vm version", "unrecognized VM version for asset version 1");
    }
    if ((e = bw_varstr(&s, c, "spend control program", &in->control_program)) != SLUICE_OK) return e;
    in->spend_suffix = bw_rest(&s);
    return SLUICE_OK;
}

/* The input commitment's contents (after asset version 1). */
static sluice_err read_commitment(bw_reader *s, bw_ctx *c, sluice_bytom_input *in, const uint8_t **issued_asset) {
    const uint8_t *t = NULL;
    sluice_err e = bw_fixed(s, c, 1, "input commitment type", &t);
    if (e != SLUICE_OK) return e;
    switch (t[0]) {
    case SLUICE_BYTOM_INPUT_ISSUANCE:
        in->type = SLUICE_BYTOM_INPUT_ISSUANCE;
        if ((e = bw_varstr(s, c, "issuance nonce", &in->nonce)) != SLUICE_OK) return e;
        if ((e = bw_fixed(s, c, 32, "issuance asset id", issued_asset)) != SLUICE_OK) return e;
        return bw_varint63(s, c, "issuance amount", &in->amount);
    case SLUICE_BYTOM_INPUT_SPEND:
        in->type = SLUICE_BYTOM_INPUT_SPEND;
        return read_spend_commitment(s, c, in);
    case SLUICE_BYTOM_INPUT_COINBASE:
        in->type = SLUICE_BYTOM_INPUT_COINBASE;
        return bw_varstr(s, c, "coinbase arbitrary", &in->arbitrary);
    default:
        s->pos--;
        return bw_fail(s, c, SLUICE_ERR_ARG, "input commitment type", "unsupported input type");
    }
}

/* The input witness's contents (after asset version 1). */
static sluice_err read_witness(bw_reader *s, bw_ctx *c, bytom_arena *a, sluice_bytom_input *in,
                               const uint8_t *issued_asset) {
    sluice_err e;
    switch (in->type) {
    case SLUICE_BYTOM_INPUT_ISSUANCE: {
        if ((e = bw_varstr(s, c, "issuance asset definition", &in->asset_definition)) != SLUICE_OK) return e;
        if ((e = bw_varint63(s, c, "issuance vm version", &in->vm_version)) != SLUICE_OK) return e;
        size_t prog_at = s->pos;
        if ((e = bw_varstr(s, c, "issuance program", &in->issuance_program)) != SLUICE_OK) return e;
        /* txinput.go: the asset ID computed from the witness must equal the
         * commitment's (errBadAssetID), checked before the arguments. */
        sluice_bytom_asset_id(in->vm_version, in->issuance_program.p, in->issuance_program.len,
                              in->asset_definition.p, in->asset_definition.len, in->asset_id);
        if (memcmp(in->asset_id, issued_asset, 32) != 0) {
            s->pos = prog_at;
            return bw_fail(s, c, SLUICE_ERR_ARG, "issuance witness",
                           "asset ID does not match other issuance parameters");
        }
        return read_args(s, c, a, in);
    }
    case SLUICE_BYTOM_INPUT_SPEND:
        return read_args(s, c, a, in);
    default: /* coinbase: the whole witness is suffix */
        return SLUICE_OK;
    }
}

/* TxInput.readFrom. */
static sluice_err read_input(bw_reader *r, bw_ctx *c, bytom_arena *a, sluice_bytom_input *in) {
    sluice_err e = bw_varint63(r, c, "input asset version", &in->asset_version);
    if (e != SLUICE_OK) return e;
    bw_reader s;
    if ((e = bw_ext(r, c, "input commitment", &s)) != SLUICE_OK) return e;
    const uint8_t *issued_asset = NULL;
    if (in->asset_version == 1) {
        if ((e = read_commitment(&s, c, in, &issued_asset)) != SLUICE_OK) return e;
    } else {
        in->type = SLUICE_BYTOM_INPUT_UNKNOWN; /* opaque, mapped to no entry */
    }
    in->commitment_suffix = bw_rest(&s);
    if ((e = bw_ext(r, c, "input witness", &s)) != SLUICE_OK) return e;
    if (in->asset_version == 1 && (e = read_witness(&s, c, a, in, issued_asset)) != SLUICE_OK) return e;
    in->witness_suffix = bw_rest(&s);
    return SLUICE_OK;
}

/* TxOutput.readFrom: the witness varstr is read (the reference discards it;
 * we keep it so that the encoding round-trips). */
static sluice_err read_output(bw_reader *r, bw_ctx *c, sluice_bytom_output *out) {
    sluice_err e = bw_varint63(r, c, "output asset version", &out->asset_version);
    if (e != SLUICE_OK) return e;
    bw_reader s;
    if ((e = bw_ext(r, c, "output commitment", &s)) != SLUICE_OK) return e;
    if (out->asset_version == 1) {
        const uint8_t *p = NULL;
        if ((e = bw_fixed(&s, c, 32, "output asset id", &p)) != SLUICE_OK) return e;
        memcpy(out->asset_id, p, 32);
        if ((e = bw_varint63(&s, c, "output amount", &out->amount)) != SLUICE_OK) return e;
        size_t vm_at = s.pos;
        if ((e = bw_varint63(&s, c, "output vm version", &out->vm_version)) != SLUICE_OK) return e;
        if (out->vm_version != 1) {
            s.pos = vm_at;
            return bw_fail(&s, c, SLUICE_ERR_ARG, "output vm version",
                           "unrecognized VM version for asset version 1");
        }
        if ((e = bw_varstr(&s, c, "output control program", &out->control_program)) != SLUICE_OK) return e;
    }
    /* asset version != 1: zero asset/amount/VM and no program, as the
     * reference's zero-valued OutputCommitment hashes (nil AssetId => 32
     * zero bytes, entry.go writeForHash). */
    out->commitment_suffix = bw_rest(&s);
    if ((e = bw_varstr(r, c, "output witness", &out->witness)) != SLUICE_OK) return e;
    out->is_retirement = out->control_program.len > 0 && out->control_program.p[0] == OP_FAIL;
    return SLUICE_OK;
}

sluice_err bytom_tx_read(bw_reader *r, bw_ctx *c, bytom_arena *a, sluice_bytom_tx *tx, int map_ids) {
    size_t start = r->pos;
    unsigned nc0 = c->noncanonical;
    const uint8_t *flags = NULL;
    sluice_err e = bw_fixed(r, c, 1, "transaction serflags", &flags);
    if (e != SLUICE_OK) return e;
    if (flags[0] != 0x07) {
        r->pos--;
        return bw_fail(r, c, SLUICE_ERR_ARG, "transaction serflags", "unsupported serflags (want 0x07)");
    }
    if ((e = bw_varint63(r, c, "transaction version", &tx->version)) != SLUICE_OK) return e;
    if ((e = bw_varint63(r, c, "transaction time range", &tx->time_range)) != SLUICE_OK) return e;

    uint32_t n = 0;
    if ((e = bw_count(r, c, BYTOM_MIN_INPUT_BYTES, "input count", &n)) != SLUICE_OK) return e;
    sluice_bytom_input *ins = NULL;
    if (n) {
        ins = bytom_arena_alloc(a, (size_t)n * sizeof *ins);
        if (!ins) return sluice_why(SLUICE_ERR_NOMEM, c->why, c->why_cap, "out of memory for %u inputs", n);
    }
    tx->n_inputs = n;
    tx->inputs = ins;
    for (uint32_t i = 0; i < n; i++)
        if ((e = read_input(r, c, a, &ins[i])) != SLUICE_OK) return e;

    if ((e = bw_count(r, c, BYTOM_MIN_OUTPUT_BYTES, "output count", &n)) != SLUICE_OK) return e;
    sluice_bytom_output *outs = NULL;
    if (n) {
        outs = bytom_arena_alloc(a, (size_t)n * sizeof *outs);
        if (!outs) return sluice_why(SLUICE_ERR_NOMEM, c->why, c->why_cap, "out of memory for %u outputs", n);
    }
    tx->n_outputs = n;
    tx->outputs = outs;
    for (uint32_t i = 0; i < n; i++)
        if ((e = read_output(r, c, &outs[i])) != SLUICE_OK) return e;

    /* map.go gives a coinbase the value of Outputs[0]; the Go code panics
     * when there is none, so such a transaction cannot exist: reject it. */
    if (n == 0)
        for (uint32_t i = 0; i < tx->n_inputs; i++)
            if (ins[i].type == SLUICE_BYTOM_INPUT_COINBASE)
                return sluice_why(SLUICE_ERR_ARG, c->why, c->why_cap,
                                  "coinbase input %u in a transaction without outputs (at byte %zu)", i, r->pos);

    /* SerializedSize = the bytes consumed (transaction.go readFrom). */
    tx->raw.p = r->base + start;
    tx->raw.len = (uint32_t)(r->pos - start);
    tx->canonical = c->noncanonical == nc0;
    if (map_ids) bytom_tx_map(tx, ins, outs);
    return SLUICE_OK;
}

typedef struct {
    bytom_arena arena;
    sluice_bytom_tx tx;
} tx_holder;

sluice_err sluice_bytom_tx_parse(const uint8_t *raw, size_t len, sluice_bytom_tx **out, char *why, size_t why_cap) {
    if (!out || (!raw && len)) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "NULL argument");
    *out = NULL;
    if (len > SLUICE_BYTOM_MAX_BLOCK_BYTES)
        return sluice_why(SLUICE_ERR_LENGTH, why, why_cap, "transaction of %zu bytes is over the limit", len);
    bw_ctx c = {why, why_cap, 0};
    bytom_arena a;
    bytom_arena_init(&a, 2048 + len * 2);
    tx_holder *h = bytom_arena_alloc(&a, sizeof *h);
    if (!h) {
        bytom_arena_free(&a);
        return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    }
    static const uint8_t empty = 0;
    bw_reader r = {raw ? raw : &empty, 0, len};
    sluice_err e = bytom_tx_read(&r, &c, &a, &h->tx, 1);
    if (e == SLUICE_OK) e = bw_expect_end(&r, &c, "transaction");
    if (e != SLUICE_OK) {
        bytom_arena_free(&a);
        return e;
    }
    h->arena = a;
    *out = &h->tx;
    return SLUICE_OK;
}

void sluice_bytom_tx_free(sluice_bytom_tx *tx) {
    if (!tx) return;
    tx_holder *h = (tx_holder *)(void *)((char *)tx - offsetof(tx_holder, tx));
    bytom_arena_free(&h->arena);
}
