/* libFuzzer target for the Bytom VM v1 (sluice/bytom_vm.h): random programs
 * and witness arguments under a fixed context and gas limit.
 *
 * Input: byte 0 = number of arguments (mod 5); byte 1 = flags (bit 0: tx
 * version 1, so expansion opcodes are disallowed; bit 1: SM2 profile; bit 2:
 * CHECKOUTPUT answers false); then each argument as one length byte and its
 * bytes; the rest is the program. Properties:
 *  - never a crash, a leak or undefined behaviour (ASan/UBSan);
 *  - gas_left >= 0, and gas_left == 0 after a run-limit error;
 *  - gas_left <= the limit when the program holds no CHECKPREDICATE byte
 *    (0xc0) at all: only a CHECKPREDICATE child can create gas, by the
 *    reference's refund of a failed child's unpaid deferred push (see
 *    SLUICE_VM_ERR_STEP_LIMIT), so with one the limit can be exceeded;
 *  - the error is one of sluice_vm_err, never SLUICE_VM_ERR_NOMEM here;
 *  - sluice_vm_verify_stack gives the same error and gas as sluice_vm_verify;
 *  - a P2WPKH/P2WSH-shaped program converts to a script of the right length. */
#include "sluice/bytom_vm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)
#define GAS_LIMIT 20000

static sluice_vm_err fuzz_check_output(void *user, uint64_t index, uint64_t amount,
                                       const uint8_t *asset_id, size_t asset_id_len,
                                       uint64_t vm_version, const uint8_t *code,
                                       size_t code_len, bool expansion, bool *ok)
{
    (void)amount, (void)asset_id, (void)vm_version, (void)code, (void)expansion;
    REQUIRE(asset_id_len == 0 || asset_id != NULL);
    REQUIRE(code_len == 0 || code != NULL);
    if (index > 3)
        return SLUICE_VM_ERR_BAD_VALUE;
    *ok = user == NULL;
    return SLUICE_VM_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t id[32] = {0x11, 0x22, 0x33};
    static const uint64_t version1 = 1, amount = 1000, pos = 0, height = 12345;
    static int no;
    if (size < 2)
        return 0;
    size_t nargs = data[0] % 5, off = 2;
    uint8_t flags = data[1];
    sluice_bytes args[4];
    size_t n = 0;
    for (; n < nargs && off < size; n++) {
        size_t l = data[off++];
        if (l > size - off)
            l = size - off;
        args[n].p = data + off;
        args[n].len = (uint32_t)l;
        off += l;
    }
    /* the program in its own exact-size heap copy, so overreads are caught */
    size_t plen = size - off;
    uint8_t *prog = malloc(plen ? plen : 1);
    if (!prog)
        return 0;
    memcpy(prog, data + off, plen);

    sluice_vm_context c;
    memset(&c, 0, sizeof c);
    c.vm_version = 1;
    c.code = prog;
    c.code_len = plen;
    c.args = args;
    c.n_args = n;
    c.entry_id = id;
    c.tx_version = (flags & 1) ? &version1 : NULL;
    c.block_height = &height;
    c.num_results = &pos;
    c.asset_id = id;
    c.amount = &amount;
    c.dest_pos = &pos;
    c.spent_output_id = id;
    c.tx_sighash = id;
    c.profile = (flags & 2) ? SLUICE_VM_SIG_SM2 : SLUICE_VM_SIG_ED25519;
    c.check_output = fuzz_check_output;
    c.user = (flags & 4) ? &no : NULL;

    int64_t left = -1, left2 = -2;
    sluice_vm_err e = sluice_vm_verify(&c, GAS_LIMIT, &left);
    REQUIRE(left >= 0);
    if (!memchr(prog, 0xc0, plen))
        REQUIRE(left <= GAS_LIMIT);
    REQUIRE(e <= SLUICE_VM_ERR_STEP_LIMIT && e != SLUICE_VM_ERR_NOMEM);
    if (e == SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED)
        REQUIRE(left == 0);
    sluice_bytes *stack = NULL;
    size_t depth = 0;
    sluice_vm_err e2 = sluice_vm_verify_stack(&c, GAS_LIMIT, &left2, &stack, &depth);
    REQUIRE(e2 == e && left2 == left);
    REQUIRE(stack != NULL || depth == 0);
    free(stack);

    uint8_t out[64];
    size_t wl = sluice_vm_witness_program(prog, plen, out, sizeof out);
    REQUIRE(wl == 0 || wl == SLUICE_VM_P2PKH_PROGRAM_LEN || wl == SLUICE_VM_P2SH_PROGRAM_LEN);
    if (wl)
        REQUIRE(sluice_vm_is_p2wpkh(prog, plen) || sluice_vm_is_p2wsh(prog, plen));
    free(prog);
    return 0;
}
