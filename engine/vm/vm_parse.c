/* Instruction decoding (protocol/vm/ops.go ParseOp, ParseProgram) and the
 * standard-program helpers of consensus/segwit/segwit.go (IsP2WPKHScript,
 * IsP2WSHScript, ConvertP2PKHSigProgram, ConvertP2SHProgram) and
 * protocol/vm/vmutil/script.go (P2PKHSigProgram, P2SHProgram), Bytom v1.1.1. */
#include <string.h>

#include "vm/vm_internal.h"

/* OP_1..OP_16 carry the data {n}. */
static const uint8_t small_ints[17] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* checked.AddUint32 */
static bool add_u32(uint32_t a, uint32_t b, uint32_t *out)
{
    *out = a + b;
    return *out >= a;
}

int vm_parse_op(const uint8_t *prog, size_t len, uint32_t pc, vm_inst *inst)
{
    /* sic: the reference records ErrLongProgram without returning, so it is
     * reported unless a later check returns another error first. */
    int err = len > 0x7fffffffu ? SLUICE_VM_ERR_LONG_PROGRAM : SLUICE_VM_OK;
    uint32_t l = (uint32_t)len, end;
    inst->op = 0;
    inst->len = 0;
    inst->data = NULL;
    inst->data_len = 0;
    if (pc >= l)
        return SLUICE_VM_ERR_SHORT_PROGRAM;
    uint8_t op = prog[pc];
    inst->op = op;
    inst->len = 1;
    if (op >= VM_OP_1 && op <= VM_OP_16) {
        inst->data = &small_ints[op - VM_OP_1 + 1];
        inst->data_len = 1;
        return err;
    }
    if (op >= VM_OP_DATA_1 && op <= VM_OP_DATA_75) {
        inst->len += op;
        if (!add_u32(pc, inst->len, &end))
            return SLUICE_VM_ERR_OVERFLOW;
        if (end > l)
            return SLUICE_VM_ERR_SHORT_PROGRAM;
        inst->data = prog + pc + 1;
        inst->data_len = op;
        return err;
    }
    if (op == VM_OP_PUSHDATA1) {
        if (pc == l - 1)
            return SLUICE_VM_ERR_SHORT_PROGRAM;
        inst->len += (uint32_t)prog[pc + 1] + 1;
        if (!add_u32(pc, inst->len, &end))
            return SLUICE_VM_ERR_OVERFLOW;
        if (end > l)
            return SLUICE_VM_ERR_SHORT_PROGRAM;
        inst->data = prog + pc + 2;
        inst->data_len = end - (pc + 2);
        return err;
    }
    if (op == VM_OP_PUSHDATA2) {
        if (len < 3 || pc > l - 3)
            return SLUICE_VM_ERR_SHORT_PROGRAM;
        uint32_t n = (uint32_t)prog[pc + 1] | (uint32_t)prog[pc + 2] << 8;
        inst->len += n + 2;
        if (!add_u32(pc, inst->len, &end))
            return SLUICE_VM_ERR_OVERFLOW;
        if (end > l)
            return SLUICE_VM_ERR_SHORT_PROGRAM;
        inst->data = prog + pc + 3;
        inst->data_len = n;
        return err;
    }
    if (op == VM_OP_PUSHDATA4) {
        if (len < 5 || pc > l - 5)
            return SLUICE_VM_ERR_SHORT_PROGRAM;
        inst->len += 4;
        uint32_t n = le32(prog + pc + 1);
        if (!add_u32(inst->len, n, &inst->len))
            return SLUICE_VM_ERR_OVERFLOW;
        if (!add_u32(pc, inst->len, &end))
            return SLUICE_VM_ERR_OVERFLOW;
        if (end > l)
            return SLUICE_VM_ERR_SHORT_PROGRAM;
        inst->data = prog + pc + 5;
        inst->data_len = n;
        return err;
    }
    if (op == VM_OP_JUMP || op == VM_OP_JUMPIF) {
        inst->len += 4;
        if (!add_u32(pc, inst->len, &end))
            return SLUICE_VM_ERR_OVERFLOW;
        if (end > l)
            return SLUICE_VM_ERR_SHORT_PROGRAM;
        inst->data = prog + pc + 1;
        inst->data_len = 4;
        return err;
    }
    return err;
}

/* ParseProgram into at most max instructions; returns the count, or -1 when
 * the program does not parse or has more than max instructions. */
static int parse_program(const uint8_t *prog, size_t len, vm_inst *out, int max)
{
    int n = 0;
    for (uint32_t pc = 0; pc < (uint32_t)len;) {
        vm_inst inst;
        if (vm_parse_op(prog, len, pc, &inst) != SLUICE_VM_OK)
            return -1;
        if (n == max)
            return -1;
        out[n++] = inst;
        if (!add_u32(pc, inst.len, &pc))
            return -1;
    }
    return n;
}

/* segwit.IsP2WPKHScript / IsP2WSHScript: exactly two instructions, the first
 * any opcode <= OP_16 (the "version"), the second OP_DATA_20 / OP_DATA_32. */
static bool is_p2w(const uint8_t *prog, size_t len, uint8_t op, size_t size)
{
    vm_inst insts[2];
    if (!prog && len)
        return false;
    int n = parse_program(prog, len, insts, 2);
    return n == 2 && insts[0].op <= VM_OP_16 && insts[1].op == op && insts[1].data_len == size;
}

bool sluice_vm_is_p2wpkh(const uint8_t *prog, size_t len)
{
    return is_p2w(prog, len, VM_OP_DATA_20, 20);
}

bool sluice_vm_is_p2wsh(const uint8_t *prog, size_t len)
{
    return is_p2w(prog, len, VM_OP_DATA_32, 32);
}

size_t sluice_vm_witness_program(const uint8_t *prog, size_t len, uint8_t *out, size_t cap)
{
    vm_inst insts[2];
    bool pkh = sluice_vm_is_p2wpkh(prog, len);
    if (!pkh && !sluice_vm_is_p2wsh(prog, len))
        return 0;
    if (parse_program(prog, len, insts, 2) != 2 || insts[0].op != VM_OP_FALSE)
        return 0; /* "unknow P2PKH version number": the program stays as it is */
    size_t need = pkh ? SLUICE_VM_P2PKH_PROGRAM_LEN : SLUICE_VM_P2SH_PROGRAM_LEN;
    if (!out || cap < need)
        return 0;
    uint8_t *w = out;
    *w++ = VM_OP_DUP;
    if (pkh) {
        /* DUP HASH160 <20> EQUALVERIFY TXSIGHASH SWAP CHECKSIG */
        *w++ = VM_OP_HASH160;
        *w++ = VM_OP_DATA_20;
        memcpy(w, insts[1].data, 20);
        w += 20;
        *w++ = VM_OP_EQUALVERIFY;
        *w++ = VM_OP_TXSIGHASH;
        *w++ = VM_OP_SWAP;
        *w++ = VM_OP_CHECKSIG;
    } else {
        /* DUP SHA3 <32> EQUALVERIFY <-1 as DATA_8 ff..ff> SWAP 0 CHECKPREDICATE
         * (builder.AddInt64(-1) = PushdataInt64(-1) = PushdataBytes(Int64Bytes(-1))) */
        *w++ = VM_OP_SHA3;
        *w++ = VM_OP_DATA_32;
        memcpy(w, insts[1].data, 32);
        w += 32;
        *w++ = VM_OP_EQUALVERIFY;
        *w++ = 0x08;
        memset(w, 0xff, 8);
        w += 8;
        *w++ = VM_OP_SWAP;
        *w++ = VM_OP_FALSE;
        *w++ = VM_OP_CHECKPREDICATE;
    }
    return (size_t)(w - out);
}
