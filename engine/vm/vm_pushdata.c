/* Data pushing (protocol/vm/pushdata.go, v1.1.1): FALSE, DATA_n, PUSHDATAn,
 * OP_1..OP_16, 1NEGATE, NOP. */
#include "vm/vm_internal.h"

/* opFalse: cost 1, then push {} (8). */
int vm_op_false(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 1);
    return r != SLUICE_VM_OK ? r : vm_push_bool(f, false, false);
}

/* opPushdata: cost 1, then push a copy of the instruction's data (8 + len).
 * The item shares the program's memory instead of copying it. */
int vm_op_pushdata(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 1);
    if (r != SLUICE_VM_OK)
        return r;
    vm_item it = {f->op_data, f->op_data_len, f->op_data_buf};
    if (it.len == 0)
        it.buf = NULL;
    vm_item_ref(it);
    return vm_push(f, it, false);
}

/* op1Negate: cost 1, push Int64Bytes(-1) (8 bytes 0xff, cost 16). */
int vm_op_1negate(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 1);
    return r != SLUICE_VM_OK ? r : vm_push_int64(f, -1, false);
}

int vm_op_nop(vm_run *m, vm_frame *f)
{
    (void)m;
    return vm_apply_cost(f, 1);
}
