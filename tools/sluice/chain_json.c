/* JSON and text listings of parsed Bytom blocks and transactions (chain_json.h). */
#include "chain_json.h"

#include <string.h>

#include "bech32.h"

const char *chain_hrp(const char *network) {
    if (!network || strcmp(network, "mainnet") == 0) return "bm";
    if (strcmp(network, "testnet") == 0) return "tm";
    if (strcmp(network, "solonet") == 0) return "sm";
    return NULL;
}

static void hex(FILE *f, const uint8_t *p, size_t n) {
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        fputc(d[p[i] >> 4], f);
        fputc(d[p[i] & 15], f);
    }
}

static void jhex(FILE *f, const char *name, const uint8_t *p, size_t n, int comma) {
    fprintf(f, "%s\"%s\":\"", comma ? "," : "", name);
    hex(f, p, n);
    fputc('"', f);
}

static void jbytes(FILE *f, const char *name, sluice_bytes b) { jhex(f, name, b.p, b.len, 1); }

static void jaddress(FILE *f, sluice_bytes prog, const char *hrp) {
    char addr[BECH32_ADDR_MAX];
    if (hrp && bech32_program_address(addr, sizeof addr, hrp, prog.p, prog.len) == 0)
        fprintf(f, ",\"address\":\"%s\"", addr);
}

static const char *input_type(uint8_t t) {
    switch (t) {
    case SLUICE_BYTOM_INPUT_SPEND: return "spend";
    case SLUICE_BYTOM_INPUT_ISSUANCE: return "issue";
    case SLUICE_BYTOM_INPUT_COINBASE: return "coinbase";
    default: return "unknown";
    }
}

int chain_tx_fee(const sluice_bytom_tx *tx, int64_t *fee) {
    int64_t in = 0, out = 0;
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        const sluice_bytom_input *x = &tx->inputs[i];
        if (x->type == SLUICE_BYTOM_INPUT_COINBASE) {
            *fee = 0;
            return 0;
        }
        if (x->type == SLUICE_BYTOM_INPUT_UNKNOWN) continue;
        if (memcmp(x->asset_id, SLUICE_BYTOM_BTM_ASSET, 32) != 0) continue;
        if (x->amount > (uint64_t)INT64_MAX || __builtin_add_overflow(in, (int64_t)x->amount, &in))
            return -1;
    }
    for (uint32_t i = 0; i < tx->n_outputs; i++) {
        const sluice_bytom_output *o = &tx->outputs[i];
        if (memcmp(o->asset_id, SLUICE_BYTOM_BTM_ASSET, 32) != 0) continue;
        if (o->amount > (uint64_t)INT64_MAX || __builtin_add_overflow(out, (int64_t)o->amount, &out))
            return -1;
    }
    if (out > in) return -1;
    *fee = in - out;
    return 0;
}

static void json_input(FILE *f, const sluice_bytom_input *x, const char *hrp) {
    fprintf(f, "{\"type\":\"%s\"", input_type(x->type));
    fprintf(f, ",\"asset_version\":%llu", (unsigned long long)x->asset_version);
    if (x->type != SLUICE_BYTOM_INPUT_UNKNOWN) {
        jhex(f, "input_id", x->input_id, 32, 1);
        jhex(f, "asset_id", x->asset_id, 32, 1);
        fprintf(f, ",\"amount\":%llu", (unsigned long long)x->amount);
    }
    switch (x->type) {
    case SLUICE_BYTOM_INPUT_SPEND:
        jhex(f, "spent_output_id", x->spent_output_id, 32, 1);
        jhex(f, "source_id", x->source_id, 32, 1);
        fprintf(f, ",\"source_position\":%llu,\"vm_version\":%llu",
                (unsigned long long)x->source_position, (unsigned long long)x->vm_version);
        jbytes(f, "control_program", x->control_program);
        jaddress(f, x->control_program, hrp);
        if (x->spend_suffix.len) jbytes(f, "spend_commitment_suffix", x->spend_suffix);
        break;
    case SLUICE_BYTOM_INPUT_ISSUANCE:
        jbytes(f, "nonce", x->nonce);
        jbytes(f, "asset_definition", x->asset_definition);
        fprintf(f, ",\"vm_version\":%llu", (unsigned long long)x->vm_version);
        jbytes(f, "issuance_program", x->issuance_program);
        break;
    case SLUICE_BYTOM_INPUT_COINBASE:
        jbytes(f, "arbitrary", x->arbitrary);
        break;
    default:
        break;
    }
    if (x->type == SLUICE_BYTOM_INPUT_SPEND || x->type == SLUICE_BYTOM_INPUT_ISSUANCE) {
        fputs(",\"witness_arguments\":[", f);
        for (uint32_t a = 0; a < x->n_args; a++) {
            fputs(a ? ",\"" : "\"", f);
            hex(f, x->args[a].p, x->args[a].len);
            fputc('"', f);
        }
        fputc(']', f);
        jhex(f, "sign_data", x->sighash, 32, 1);
    }
    if (x->commitment_suffix.len) jbytes(f, "commitment_suffix", x->commitment_suffix);
    if (x->witness_suffix.len) jbytes(f, "witness_suffix", x->witness_suffix);
    fputc('}', f);
}

static void json_output(FILE *f, const sluice_bytom_output *o, uint32_t pos, const char *hrp) {
    fprintf(f, "{\"type\":\"%s\"", o->is_retirement ? "retire" : "control");
    jhex(f, "id", o->id, 32, 1);
    fprintf(f, ",\"position\":%u,\"asset_version\":%llu", pos, (unsigned long long)o->asset_version);
    jhex(f, "asset_id", o->asset_id, 32, 1);
    fprintf(f, ",\"amount\":%llu,\"vm_version\":%llu", (unsigned long long)o->amount,
            (unsigned long long)o->vm_version);
    jbytes(f, "control_program", o->control_program);
    jaddress(f, o->control_program, hrp);
    if (o->commitment_suffix.len) jbytes(f, "commitment_suffix", o->commitment_suffix);
    if (o->witness.len) jbytes(f, "witness", o->witness);
    fputc('}', f);
}

void chain_json_tx(FILE *f, const sluice_bytom_tx *tx, const char *hrp) {
    fputc('{', f);
    jhex(f, "tx_id", tx->id, 32, 0);
    fprintf(f, ",\"version\":%llu,\"size\":%u,\"time_range\":%llu", (unsigned long long)tx->version,
            tx->raw.len, (unsigned long long)tx->time_range);
    int64_t fee;
    if (chain_tx_fee(tx, &fee) == 0)
        fprintf(f, ",\"fee\":%lld", (long long)fee);
    else
        fputs(",\"fee\":null", f);
    jhex(f, "mux_id", tx->mux_id, 32, 1);
    fputs(",\"inputs\":[", f);
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        if (i) fputc(',', f);
        json_input(f, &tx->inputs[i], hrp);
    }
    fputs("],\"outputs\":[", f);
    for (uint32_t i = 0; i < tx->n_outputs; i++) {
        if (i) fputc(',', f);
        json_output(f, &tx->outputs[i], i, hrp);
    }
    fputs("]}", f);
}

void chain_json_header_members(FILE *f, const sluice_bytom_block *b) {
    const sluice_bytom_header *h = &b->header;
    jhex(f, "hash", b->hash, 32, 0);
    fprintf(f, ",\"size\":%u,\"serflags\":%u,\"version\":%llu,\"height\":%llu", b->raw.len,
            b->serflags, (unsigned long long)h->version, (unsigned long long)h->height);
    jhex(f, "previous_block_hash", h->prev_hash, 32, 1);
    fprintf(f, ",\"timestamp\":%llu,\"nonce\":%llu,\"bits\":%llu", (unsigned long long)h->timestamp,
            (unsigned long long)h->nonce, (unsigned long long)h->bits);
    jhex(f, "transaction_merkle_root", h->tx_merkle_root, 32, 1);
    jhex(f, "transaction_status_hash", h->tx_status_hash, 32, 1);
    if (b->ext_suffix.len) jbytes(f, "header_ext_suffix", b->ext_suffix);
}

void chain_json_block(FILE *f, const sluice_bytom_block *b, const char *hrp) {
    fputc('{', f);
    chain_json_header_members(f, b);
    fprintf(f, ",\"transaction_count\":%u,\"transactions\":[", b->n_txs);
    for (uint32_t i = 0; i < b->n_txs; i++) {
        if (i) fputc(',', f);
        chain_json_tx(f, &b->txs[i], hrp);
    }
    fputs("]}", f);
}

static void thex(FILE *f, const char *indent, const char *name, const uint8_t *p, size_t n) {
    fprintf(f, "%s%-20s ", indent, name);
    if (n == 0) fputs("(empty)", f);
    hex(f, p, n);
    fputc('\n', f);
}

void chain_text_tx(FILE *f, const sluice_bytom_tx *tx, const char *hrp, const char *indent) {
    char in2[64], addr[BECH32_ADDR_MAX];
    snprintf(in2, sizeof in2, "%s    ", indent);
    thex(f, indent, "tx_id", tx->id, 32);
    int64_t fee;
    fprintf(f, "%s%-20s %llu\n%s%-20s %u\n%s%-20s %llu\n", indent, "version",
            (unsigned long long)tx->version, indent, "size", tx->raw.len, indent, "time_range",
            (unsigned long long)tx->time_range);
    if (chain_tx_fee(tx, &fee) == 0)
        fprintf(f, "%s%-20s %lld\n", indent, "fee", (long long)fee);
    else
        fprintf(f, "%s%-20s (outputs exceed inputs)\n", indent, "fee");
    thex(f, indent, "mux_id", tx->mux_id, 32);
    for (uint32_t i = 0; i < tx->n_inputs; i++) {
        const sluice_bytom_input *x = &tx->inputs[i];
        fprintf(f, "%sinput %u: %s\n", indent, i, input_type(x->type));
        if (x->type == SLUICE_BYTOM_INPUT_UNKNOWN) {
            fprintf(f, "%s%-20s %llu\n", in2, "asset_version", (unsigned long long)x->asset_version);
            continue;
        }
        thex(f, in2, "input_id", x->input_id, 32);
        thex(f, in2, "asset_id", x->asset_id, 32);
        fprintf(f, "%s%-20s %llu\n", in2, "amount", (unsigned long long)x->amount);
        if (x->type == SLUICE_BYTOM_INPUT_SPEND) {
            thex(f, in2, "spent_output_id", x->spent_output_id, 32);
            thex(f, in2, "source_id", x->source_id, 32);
            fprintf(f, "%s%-20s %llu\n", in2, "source_position", (unsigned long long)x->source_position);
            thex(f, in2, "control_program", x->control_program.p, x->control_program.len);
            if (hrp && bech32_program_address(addr, sizeof addr, hrp, x->control_program.p,
                                              x->control_program.len) == 0)
                fprintf(f, "%s%-20s %s\n", in2, "address", addr);
        } else if (x->type == SLUICE_BYTOM_INPUT_ISSUANCE) {
            thex(f, in2, "nonce", x->nonce.p, x->nonce.len);
            thex(f, in2, "asset_definition", x->asset_definition.p, x->asset_definition.len);
            thex(f, in2, "issuance_program", x->issuance_program.p, x->issuance_program.len);
        } else {
            thex(f, in2, "arbitrary", x->arbitrary.p, x->arbitrary.len);
        }
        if (x->type != SLUICE_BYTOM_INPUT_COINBASE) {
            for (uint32_t a = 0; a < x->n_args; a++) {
                char nm[32];
                snprintf(nm, sizeof nm, "witness[%u]", a);
                thex(f, in2, nm, x->args[a].p, x->args[a].len);
            }
            thex(f, in2, "sign_data", x->sighash, 32);
        }
    }
    for (uint32_t i = 0; i < tx->n_outputs; i++) {
        const sluice_bytom_output *o = &tx->outputs[i];
        fprintf(f, "%soutput %u: %s\n", indent, i, o->is_retirement ? "retire" : "control");
        thex(f, in2, "id", o->id, 32);
        thex(f, in2, "asset_id", o->asset_id, 32);
        fprintf(f, "%s%-20s %llu\n", in2, "amount", (unsigned long long)o->amount);
        thex(f, in2, "control_program", o->control_program.p, o->control_program.len);
        if (hrp && bech32_program_address(addr, sizeof addr, hrp, o->control_program.p,
                                          o->control_program.len) == 0)
            fprintf(f, "%s%-20s %s\n", in2, "address", addr);
    }
}

void chain_text_block(FILE *f, const sluice_bytom_block *b, const char *hrp) {
    const sluice_bytom_header *h = &b->header;
    thex(f, "", "hash", b->hash, 32);
    fprintf(f, "%-20s %u\n%-20s %llu\n%-20s %llu\n", "size", b->raw.len, "version",
            (unsigned long long)h->version, "height", (unsigned long long)h->height);
    thex(f, "", "previous_block_hash", h->prev_hash, 32);
    fprintf(f, "%-20s %llu\n%-20s %llu\n%-20s %llu\n", "timestamp", (unsigned long long)h->timestamp,
            "nonce", (unsigned long long)h->nonce, "bits", (unsigned long long)h->bits);
    thex(f, "", "tx_merkle_root", h->tx_merkle_root, 32);
    thex(f, "", "tx_status_hash", h->tx_status_hash, 32);
    fprintf(f, "%-20s %u\n", "transactions", b->n_txs);
    for (uint32_t i = 0; i < b->n_txs; i++) {
        fprintf(f, "transaction %u:\n", i);
        chain_text_tx(f, &b->txs[i], hrp, "  ");
    }
}
