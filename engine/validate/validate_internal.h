/* Internal contract between the validation files (the .c files of engine/validate).
 * Not a public header. */
#ifndef SLUICE_VALIDATE_INTERNAL_H
#define SLUICE_VALIDATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/bytom_validate.h"
#include "sluice/bytom_vm.h"

/* How CHECKSIG / CHECKMULTISIG get their answers while a transaction is
 * validated: verify NULL = the signature engine (sluice_vm_verify's default),
 * else the callback (the batch layer's recorder). */
typedef struct {
    sluice_vm_sig_profile profile;
    sluice_vm_verify_fn verify;
    void *user;
} sl_bv_sigs;

/* ValidateTx (tx.go) with the given signature answers; writes *out. Returns
 * SLUICE_OK, or SLUICE_ERR_NOMEM (then *out is meaningless and the caller
 * must fail the whole validation). */
sluice_err sl_bv_validate_tx(const sluice_bytom_tx *tx, uint64_t block_height,
                             uint64_t block_version, int is_block_tx0, const sl_bv_sigs *sigs,
                             sluice_bytom_tx_result *out);

/* validate_vmctx.c: the program the VM runs for a control program
 * (vmcontext.go witnessProgram / segwit.Convert*): P2WPKH and P2WSH are
 * expanded into buf (at least SL_BV_WITNESS_MAX bytes) and *out points to
 * buf; any other program is returned as is. */
#define SL_BV_WITNESS_MAX 48
void sl_bv_witness_program(const uint8_t *prog, size_t len, uint8_t buf[SL_BV_WITNESS_MAX],
                           const uint8_t **out, size_t *out_len);

/* segwit.IsP2WScript: P2WPKH, P2WSH, or a program that is a lone OP_TRUE /
 * OP_FAIL instruction. */
int sl_bv_is_standard_program(const uint8_t *prog, size_t len);

/* The VM context of one input (vmcontext.go NewTxVMContext). `in` is the
 * input whose entry the reference keeps for this input ID; dest_pos its
 * WitnessDestination position; num_results the number of outputs. The
 * context points into *hold, which must outlive the VM run. */
typedef struct {
    uint64_t tx_version;
    uint64_t block_height;
    uint64_t num_results;
    uint64_t amount;
    uint64_t dest_pos;
    const sluice_bytom_tx *tx;
    const sl_bv_sigs *sigs;
    uint8_t code_buf[SL_BV_WITNESS_MAX];
} sl_bv_vmhold;

void sl_bv_vm_context(const sluice_bytom_tx *tx, const sluice_bytom_input *in, uint64_t dest_pos,
                      uint64_t block_height, const sl_bv_sigs *sigs, sl_bv_vmhold *hold,
                      sluice_vm_context *ctx);

/* Fills the result's detail text (printf style, truncated). */
void sl_bv_detail(sluice_bytom_tx_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
