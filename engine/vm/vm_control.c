/* Control flow (protocol/vm/control.go, Bytom v1.1.1): VERIFY, FAIL, JUMP,
 * JUMPIF and CHECKPREDICATE. */
#include "vm/vm_internal.h"

int vm_op_verify(vm_run *m, vm_frame *f)
{
    (void)m;
    vm_item p;
    int r = vm_apply_cost(f, 1);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &p, true);
    if (r != SLUICE_VM_OK)
        return r;
    bool ok = vm_as_bool(p.p, p.len);
    vm_item_unref(p);
    return ok ? SLUICE_VM_OK : SLUICE_VM_ERR_VERIFY_FAILED;
}

int vm_op_fail(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 1);
    return r != SLUICE_VM_OK ? r : SLUICE_VM_ERR_RETURN;
}

static uint32_t jump_target(const vm_frame *f)
{
    const uint8_t *d = f->op_data;
    return (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;
}

/* opJump: cost 1; nextPC = the little-endian uint32 operand (any value: a
 * target at or past the end simply ends the program). */
int vm_op_jump(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 1);
    if (r != SLUICE_VM_OK)
        return r;
    f->next_pc = jump_target(f);
    return SLUICE_VM_OK;
}

int vm_op_jumpif(vm_run *m, vm_frame *f)
{
    (void)m;
    vm_item p;
    int r = vm_apply_cost(f, 1);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &p, true);
    if (r != SLUICE_VM_OK)
        return r;
    if (vm_as_bool(p.p, p.len))
        f->next_pc = jump_target(f);
    vm_item_unref(p);
    return SLUICE_VM_OK;
}

/* opCheckPredicate, first half: cost 256 with 192 refunded at the end; pops
 * limit, predicate, n (all deferred); limit < 0 is ErrBadValue; n < 0 means
 * the whole stack; n > depth is ErrDataStackUnderflow; limit 0 means all of
 * the current run limit, which is charged now. The child gets the top n items
 * (removed from this stack), an empty alt stack and runLimit = limit; like
 * the reference's child it does not inherit expansionReserved. */
int vm_op_checkpredicate(vm_run *m, vm_frame *f)
{
    int64_t limit, n;
    vm_item pred = {0};
    int r = vm_apply_cost(f, 256);
    if (r != SLUICE_VM_OK)
        return r;
    vm_defer_cost(f, -256 + 64);
    r = vm_pop_int64(f, &limit, true);
    if (r != SLUICE_VM_OK)
        return r;
    r = vm_pop(f, &pred, true);
    if (r != SLUICE_VM_OK)
        return r;
    r = vm_pop_int64(f, &n, true);
    if (r == SLUICE_VM_OK && limit < 0)
        r = SLUICE_VM_ERR_BAD_VALUE;
    int64_t l = (int64_t)f->data.n;
    if (r == SLUICE_VM_OK) {
        if (n < 0)
            n = l;
        if (n > l)
            r = SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    }
    if (r == SLUICE_VM_OK) {
        if (limit == 0)
            limit = f->run_limit;
        r = vm_apply_cost(f, limit);
    }
    vm_frame *child = NULL;
    if (r == SLUICE_VM_OK)
        r = vm_frame_spawn(m, &child);
    if (r != SLUICE_VM_OK) {
        vm_item_unref(pred);
        return r;
    }
    child->prog = pred;
    child->run_limit = limit;
    child->depth = f->depth + 1;
    child->expansion_reserved = false; /* not copied to the child (control.go) */
    size_t first = (size_t)(l - n);
    for (size_t i = first; i < f->data.n; i++) {
        r = vm_stack_append(&child->data, f->data.v[i]);
        if (r != SLUICE_VM_OK) {
            /* out of memory ends the run: release the items not yet moved */
            for (size_t j = i + 1; j < f->data.n; j++)
                vm_item_unref(f->data.v[j]);
            f->data.n = first;
            return r;
        }
    }
    f->data.n = first;
    return VM_SPAWN;
}

/* opCheckPredicate, second half, after the child's run: refund the child's
 * remaining run limit and the cost of what it left on both stacks, then push
 * whether it succeeded with a true top item (deferred). */
int vm_checkpredicate_finish(vm_frame *parent, vm_frame *child, bool child_ok)
{
    vm_defer_cost(parent, -child->run_limit);
    vm_defer_cost(parent, -vm_stack_cost(&child->data));
    vm_defer_cost(parent, -vm_stack_cost(&child->alt));
    return vm_push_bool(parent, child_ok, true);
}
