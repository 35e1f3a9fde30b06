/* Transaction introspection (protocol/vm/introspection.go, Bytom v1.1.1):
 * CHECKOUTPUT, ASSET, AMOUNT, PROGRAM, INDEX, ENTRYID, OUTPUTID, BLOCKHEIGHT.
 * All cost 1 (CHECKOUTPUT 16) and push deferred. */
#include "vm/vm_internal.h"

/* opCheckOutput: pops code, vmVersion (< 0 ErrBadValue), assetID, amount
 * (< 0 ErrBadValue), index (< 0 ErrBadValue), all deferred; no CheckOutput in
 * the context is ErrContext; the callback's error is returned as is. */
int vm_op_checkoutput(vm_run *m, vm_frame *f)
{
    vm_item code = {0}, asset = {0};
    int64_t vmver = 0, amount = 0, index = 0;
    int r = vm_apply_cost(f, 16);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &code, true);
    if (r == SLUICE_VM_OK)
        r = vm_pop_int64(f, &vmver, true);
    if (r == SLUICE_VM_OK && vmver < 0)
        r = SLUICE_VM_ERR_BAD_VALUE;
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &asset, true);
    if (r == SLUICE_VM_OK)
        r = vm_pop_int64(f, &amount, true);
    if (r == SLUICE_VM_OK && amount < 0)
        r = SLUICE_VM_ERR_BAD_VALUE;
    if (r == SLUICE_VM_OK)
        r = vm_pop_int64(f, &index, true);
    if (r == SLUICE_VM_OK && index < 0)
        r = SLUICE_VM_ERR_BAD_VALUE;
    if (r == SLUICE_VM_OK && !m->ctx->check_output)
        r = SLUICE_VM_ERR_CONTEXT;
    bool ok = false;
    if (r == SLUICE_VM_OK)
        r = m->ctx->check_output(m->ctx->user, (uint64_t)index, (uint64_t)amount, asset.p,
                                 asset.len, (uint64_t)vmver, code.p, code.len,
                                 f->expansion_reserved, &ok);
    vm_item_unref(code);
    vm_item_unref(asset);
    return r != SLUICE_VM_OK ? r : vm_push_bool(f, ok, true);
}

static int push_bytes(vm_frame *f, const uint8_t *p, size_t len)
{
    int r = vm_apply_cost(f, 1);
    if (r != SLUICE_VM_OK)
        return r;
    if (!p)
        return SLUICE_VM_ERR_CONTEXT;
    vm_item it = {p, len, NULL};
    return vm_push(f, it, true);
}

static int push_u64(vm_frame *f, const uint64_t *v)
{
    int r = vm_apply_cost(f, 1);
    if (r != SLUICE_VM_OK)
        return r;
    if (!v)
        return SLUICE_VM_ERR_CONTEXT;
    return vm_push_int64(f, (int64_t)*v, true); /* pushInt64(int64(*v)) */
}

int vm_op_asset(vm_run *m, vm_frame *f)
{
    return push_bytes(f, m->ctx->asset_id, 32);
}

int vm_op_amount(vm_run *m, vm_frame *f)
{
    return push_u64(f, m->ctx->amount);
}

/* opProgram: the context's code (the main program, also inside a child VM). */
int vm_op_program(vm_run *m, vm_frame *f)
{
    int r = vm_apply_cost(f, 1);
    if (r != SLUICE_VM_OK)
        return r;
    vm_item it = {m->ctx->code, m->ctx->code_len, NULL};
    return vm_push(f, it, true);
}

int vm_op_index(vm_run *m, vm_frame *f)
{
    return push_u64(f, m->ctx->dest_pos);
}

/* opEntryID: pushes the entry ID with no nil check (absent = empty item). */
int vm_op_entryid(vm_run *m, vm_frame *f)
{
    int r = vm_apply_cost(f, 1);
    if (r != SLUICE_VM_OK)
        return r;
    vm_item it = {m->ctx->entry_id, m->ctx->entry_id ? 32u : 0u, NULL};
    return vm_push(f, it, true);
}

int vm_op_outputid(vm_run *m, vm_frame *f)
{
    return push_bytes(f, m->ctx->spent_output_id, 32);
}

int vm_op_blockheight(vm_run *m, vm_frame *f)
{
    return push_u64(f, m->ctx->block_height);
}
