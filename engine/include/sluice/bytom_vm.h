/* The Bytom VM, version 1 (../specs/bytom-chain.md section 5; reference:
 * BytomDAO/bytom v1.1.1 protocol/vm: vm.go, ops.go, pushdata.go, control.go,
 * stack.go, splice.go, bitwise.go, numeric.go, crypto.go, introspection.go,
 * types.go, errors.go). A faithful port: the same result, the same error
 * class and the same gas (run limit) as the reference for every program. */
#ifndef SLUICE_BYTOM_VM_H
#define SLUICE_BYTOM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sluice/bytom_tx.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The VM's errors (protocol/vm/errors.go), plus SLUICE_VM_ERR_NOMEM. */
typedef enum {
    SLUICE_VM_OK = 0,
    SLUICE_VM_ERR_ALT_STACK_UNDERFLOW,
    SLUICE_VM_ERR_BAD_VALUE,
    SLUICE_VM_ERR_CONTEXT,
    SLUICE_VM_ERR_DATA_STACK_UNDERFLOW,
    SLUICE_VM_ERR_DISALLOWED_OPCODE,
    SLUICE_VM_ERR_DIVZERO,
    SLUICE_VM_ERR_FALSE_VM_RESULT,
    SLUICE_VM_ERR_LONG_PROGRAM,
    SLUICE_VM_ERR_RANGE,
    SLUICE_VM_ERR_RETURN,
    SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED,
    SLUICE_VM_ERR_SHORT_PROGRAM,
    SLUICE_VM_ERR_TOKEN,
    SLUICE_VM_ERR_UNEXPECTED,
    SLUICE_VM_ERR_UNSUPPORTED_VM,
    SLUICE_VM_ERR_VERIFY_FAILED,
    SLUICE_VM_ERR_NOMEM,
    /* Added: checked.ErrOverflow ("arithmetic overflow"), which ops.go ParseOp
     * returns when a PUSHDATA4 length (or a jump's end) overflows uint32. */
    SLUICE_VM_ERR_OVERFLOW,
    /* Added: the run took more than 2^16 + 16 * gas_limit steps (all VMs
     * together). Only programs that exploit the reference's CHECKPREDICATE
     * refund of a failed child's unpaid deferred push (a child that runs out
     * of gas on a deferred push still has the item refunded to its parent, so
     * gas can grow in a loop) get here; the reference would loop (almost)
     * forever on them. Any other program takes at most about 4 * gas_limit
     * steps (every step but CHECKMULTISIG of 0 keys costs at least 1 gas that
     * is never refunded). */
    SLUICE_VM_ERR_STEP_LIMIT
} sluice_vm_err;

/* The reference's error text for e ("false VM result", "run limit exceeded", ...). */
const char *sluice_vm_strerror(sluice_vm_err e);

/* Signature scheme of CHECKSIG / CHECKMULTISIG: the chain profile. */
typedef enum {
    SLUICE_VM_SIG_ED25519 = 0, /* mainnet: 32-byte keys, Go's Ed25519 rules */
    SLUICE_VM_SIG_SM2 = 1      /* national profile (build tag gm): 33-byte compressed keys,
                                  64-byte r||s, default user ID, message = the 32 bytes */
} sluice_vm_sig_profile;

/* Called for every signature check the program makes (crypto.go: after the
 * length checks that push false without verifying). Returns 1 if valid, 0 if
 * not. user is sluice_vm_context.user. */
typedef int (*sluice_vm_verify_fn)(void *user, sluice_vm_sig_profile profile,
                                   const uint8_t *pubkey, size_t pubkey_len,
                                   const uint8_t msg[32], const uint8_t *sig, size_t sig_len);

/* CHECKOUTPUT's question (vmcontext.go checkOutput): does destination `index`
 * of this entry's mux hold exactly this value and program? Returns
 * SLUICE_VM_OK and sets *ok, or an error (SLUICE_VM_ERR_BAD_VALUE for an
 * index out of range, SLUICE_VM_ERR_CONTEXT). */
typedef sluice_vm_err (*sluice_vm_check_output_fn)(void *user, uint64_t index, uint64_t amount,
                                                   const uint8_t *asset_id, size_t asset_id_len,
                                                   uint64_t vm_version, const uint8_t *code,
                                                   size_t code_len, bool expansion, bool *ok);

/* The execution context (vm/context.go). Pointers that are NULL mean "absent":
 * an opcode that needs an absent field fails with SLUICE_VM_ERR_CONTEXT. */
typedef struct {
    uint64_t vm_version;
    const uint8_t *code;
    size_t code_len;
    const sluice_bytes *args;      /* witness arguments, pushed in order */
    size_t n_args;

    const uint8_t *entry_id;       /* 32 bytes */
    const uint64_t *tx_version;
    const uint64_t *block_height;
    const uint64_t *num_results;
    const uint8_t *asset_id;       /* 32 bytes */
    const uint64_t *amount;
    const uint64_t *dest_pos;
    const uint8_t *spent_output_id;/* 32 bytes */
    const uint8_t *tx_sighash;     /* 32 bytes: SHA3(entry_id || tx_id); NULL = absent */

    sluice_vm_sig_profile profile;
    sluice_vm_verify_fn verify;    /* NULL: verify with the signature engine */
    sluice_vm_check_output_fn check_output; /* NULL: CHECKOUTPUT fails with CONTEXT */
    void *user;
} sluice_vm_context;

/* vm.Verify: runs the program with the arguments under gas_limit. Returns
 * SLUICE_VM_OK when the program finishes with a true top of stack (otherwise
 * SLUICE_VM_ERR_FALSE_VM_RESULT or the error that stopped it); *gas_left
 * receives the reference's gasLeft in every case (what validation charges).
 * As in the reference, expansion opcodes are disallowed when tx_version is
 * present and equal to 1, and cost 1 otherwise.
 * (Notes added by the VM port: like the reference, a CHECKPREDICATE child VM
 * does not inherit that restriction, so expansion opcodes cost 1 inside a
 * predicate and CHECKOUTPUT there passes expansion = false. ENTRYID has no
 * nil check in the reference: an absent entry_id pushes an empty item.
 * A context with NULL code or args but a non-zero length gives
 * SLUICE_VM_ERR_CONTEXT, gas_left = gas_limit.) */
sluice_vm_err sluice_vm_verify(const sluice_vm_context *ctx, int64_t gas_limit, int64_t *gas_left);

/* Added (for tests and tools): sluice_vm_verify that also returns the main
 * VM's data stack as it was when the run ended (bottom first), also after an
 * error. *stack is one malloc'd block to free(); NULL with *depth 0 when the
 * VM did not start (unsupported version) or memory ran out. */
sluice_vm_err sluice_vm_verify_stack(const sluice_vm_context *ctx, int64_t gas_limit,
                                     int64_t *gas_left, sluice_bytes **stack, size_t *depth);

/* Standard programs (consensus/segwit): P2WPKH `00 14 <20>` and P2WSH `00 20 <32>`. */
bool sluice_vm_is_p2wpkh(const uint8_t *prog, size_t len);
bool sluice_vm_is_p2wsh(const uint8_t *prog, size_t len);
/* Exactly as segwit.IsP2WPKHScript / IsP2WSHScript of v1.1.1: the program
 * parses into two instructions, the first any opcode <= OP_16 (0x60) and the
 * second OP_DATA_20 with 20 bytes (P2WPKH) or OP_DATA_32 with 32 (P2WSH). So
 * `51 14 <20>` is P2WPKH too, although only version 0 converts (below). */

/* Lengths of the converted witness scripts. */
#define SLUICE_VM_P2PKH_PROGRAM_LEN 27
#define SLUICE_VM_P2SH_PROGRAM_LEN 48

/* vmcontext.go witnessProgram: a P2WPKH or P2WSH control program whose first
 * instruction is OP_0 becomes its witness script (segwit.ConvertP2PKHSigProgram:
 * `DUP HASH160 <20> EQUALVERIFY TXSIGHASH SWAP CHECKSIG`, 27 bytes;
 * segwit.ConvertP2SHProgram: `DUP SHA3 <32> EQUALVERIFY <DATA_8 ff*8 = -1>
 * SWAP 0 CHECKPREDICATE`, 48 bytes), written to out. Returns its length, or 0
 * when the program is not converted (not P2WPKH/P2WSH, or another version):
 * the caller then runs prog itself. Also 0 when out is NULL or cap is below the
 * script's length, so always pass cap >= SLUICE_VM_P2SH_PROGRAM_LEN. */
size_t sluice_vm_witness_program(const uint8_t *prog, size_t len, uint8_t *out, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
