/* The VM context of a transaction input (reference: BytomDAO/bytom v1.1.1
 * protocol/validation/vmcontext.go NewTxVMContext, witnessProgram,
 * entryContext.checkOutput; consensus/segwit/segwit.go IsP2WScript,
 * ConvertP2PKHSigProgram, ConvertP2SHProgram). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "validate/validate_internal.h"

/* Opcodes used here (protocol/vm/ops.go). */
enum {
    OP_DATA_20 = 0x14,
    OP_DATA_32 = 0x20,
    OP_PUSHDATA1 = 0x4c,
    OP_PUSHDATA2 = 0x4d,
    OP_PUSHDATA4 = 0x4e,
    OP_TRUE = 0x51,
    OP_16 = 0x60,
    OP_JUMP = 0x63,
    OP_JUMPIF = 0x64,
    OP_FAIL = 0x6a
};

/* vm.ParseProgram, only as far as instruction boundaries go: up to `max`
 * instructions (opcode and data length); returns the instruction count, or
 * -1 if the program does not parse (a truncated push or jump) or has more
 * than max instructions. */
static int parse_insts(const uint8_t *p, size_t len, int max, uint8_t *ops, size_t *dlen) {
    size_t pc = 0;
    int n = 0;
    while (pc < len) {
        uint8_t op = p[pc];
        size_t hdr = 1, data = 0;
        if (op >= 0x01 && op <= 0x4b) {
            data = op;
        } else if (op == OP_PUSHDATA1 || op == OP_PUSHDATA2 || op == OP_PUSHDATA4) {
            size_t w = op == OP_PUSHDATA1 ? 1 : op == OP_PUSHDATA2 ? 2 : 4;
            if (len - pc - 1 < w) return -1;
            for (size_t i = 0; i < w; i++) data |= (size_t)p[pc + 1 + i] << (8 * i);
            hdr += w;
        } else if (op == OP_JUMP || op == OP_JUMPIF) {
            hdr += 4;  /* 4-byte little-endian address (ops.go ParseOp) */
            if (len - pc < hdr) return -1;
        }
        if (len - pc < hdr || len - pc - hdr < data) return -1;
        if (n == max) return -1;
        ops[n] = op;
        dlen[n] = data;
        n++;
        pc += hdr + data;
    }
    return n;
}

/* segwit.IsP2WPKHScript / IsP2WSHScript: two instructions, the first an
 * opcode <= OP_16 (any version byte or small push), the second a direct push
 * of 20 (resp. 32) bytes. */
static int is_p2w(const uint8_t *prog, size_t len, uint8_t data_op, size_t data_len) {
    uint8_t ops[2];
    size_t dl[2];
    if (parse_insts(prog, len, 2, ops, dl) != 2) return 0;
    if (ops[0] > OP_16) return 0;
    if (ops[1] != data_op || dl[1] != data_len) return 0;
    return 1;
}

int sl_bv_is_standard_program(const uint8_t *prog, size_t len) {
    if (is_p2w(prog, len, OP_DATA_20, 20) || is_p2w(prog, len, OP_DATA_32, 32))
        return 1;
    /* segwit.IsStraightforward: a lone OP_TRUE or OP_FAIL */
    uint8_t op;
    size_t dl;
    return parse_insts(prog, len, 1, &op, &dl) == 1 && (op == OP_TRUE || op == OP_FAIL);
}

void sl_bv_witness_program(const uint8_t *prog, size_t len, uint8_t buf[SL_BV_WITNESS_MAX],
                           const uint8_t **out, size_t *out_len) {
    /* vmcontext.go witnessProgram, implemented by the VM module */
    size_t k = sluice_vm_witness_program(prog, len, buf, SL_BV_WITNESS_MAX);
    *out = k ? buf : prog;
    *out_len = k ? k : len;
}

/* entryContext.checkOutput: the entry's destination is the mux; destination
 * `index` of the mux is output `index`. */
static sluice_vm_err check_output(void *user, uint64_t index, uint64_t amount,
                                  const uint8_t *asset_id, size_t asset_id_len,
                                  uint64_t vm_version, const uint8_t *code, size_t code_len,
                                  bool expansion, bool *ok) {
    const sl_bv_vmhold *hold = (const sl_bv_vmhold *)user;
    const sluice_bytom_tx *tx = hold->tx;
    *ok = false;
    if (index >= tx->n_outputs) return SLUICE_VM_ERR_BAD_VALUE;
    const sluice_bytom_output *o = &tx->outputs[index];
    uint64_t want_vm = o->vm_version;
    const uint8_t *want_code = o->control_program.p;
    size_t want_len = o->control_program.len;
    if (o->is_retirement) {
        /* Retirement: Program{VmVersion 0, Code empty}, or the asked code
         * when expansion is on ("a freebie match"). */
        want_vm = 0;
        want_code = expansion ? code : NULL;
        want_len = expansion ? code_len : 0;
    }
    *ok = want_vm == vm_version && want_len == code_len &&
          (code_len == 0 || memcmp(want_code, code, code_len) == 0) && asset_id_len == 32 &&
          memcmp(o->asset_id, asset_id, 32) == 0 && o->amount == amount;
    return SLUICE_VM_OK;
}

static int verify_tramp(void *user, sluice_vm_sig_profile profile, const uint8_t *pubkey,
                        size_t pubkey_len, const uint8_t msg[32], const uint8_t *sig,
                        size_t sig_len) {
    const sl_bv_vmhold *hold = (const sl_bv_vmhold *)user;
    return hold->sigs->verify(hold->sigs->user, profile, pubkey, pubkey_len, msg, sig, sig_len);
}

void sl_bv_vm_context(const sluice_bytom_tx *tx, const sluice_bytom_input *in, uint64_t dest_pos,
                      uint64_t block_height, const sl_bv_sigs *sigs, sl_bv_vmhold *hold,
                      sluice_vm_context *ctx) {
    memset(ctx, 0, sizeof *ctx);
    hold->tx = tx;
    hold->tx_version = tx->version;
    hold->block_height = block_height;
    hold->num_results = tx->n_outputs;
    hold->amount = in->amount;
    hold->dest_pos = dest_pos;

    const uint8_t *prog = in->type == SLUICE_BYTOM_INPUT_ISSUANCE ? in->issuance_program.p
                                                                   : in->control_program.p;
    size_t prog_len = in->type == SLUICE_BYTOM_INPUT_ISSUANCE ? in->issuance_program.len
                                                               : in->control_program.len;
    ctx->vm_version = in->vm_version;
    sl_bv_witness_program(prog, prog_len, hold->code_buf, &ctx->code, &ctx->code_len);
    ctx->args = in->args;
    ctx->n_args = in->n_args;
    ctx->entry_id = in->input_id;
    ctx->tx_version = &hold->tx_version;
    ctx->block_height = &hold->block_height;
    ctx->num_results = &hold->num_results;
    ctx->asset_id = in->asset_id;   /* spend: the spent output's; issuance: its value's */
    ctx->amount = &hold->amount;
    ctx->dest_pos = &hold->dest_pos;
    ctx->spent_output_id = in->type == SLUICE_BYTOM_INPUT_SPEND ? in->spent_output_id : NULL;
    ctx->tx_sighash = in->sighash;  /* SHA3(entry ID || tx ID), computed at parse time */
    ctx->profile = sigs->profile;
    /* The context has one user pointer, shared by both callbacks: it is the
     * hold, and the verify answers come through a trampoline. */
    hold->sigs = sigs;
    ctx->verify = sigs->verify ? verify_tramp : NULL;
    ctx->check_output = check_output;
    ctx->user = hold;
}

void sl_bv_detail(sluice_bytom_tx_result *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->detail, sizeof r->detail, fmt, ap);
    va_end(ap);
}
