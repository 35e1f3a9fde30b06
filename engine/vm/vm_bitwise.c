/* Bitwise ops and equality (protocol/vm/bitwise.go, Bytom v1.1.1). */
#include <string.h>

#include "vm/vm_internal.h"

/* INVERT: cost 1 + len(top); the top is replaced by its complement (no
 * memory accounting: same length). */
int vm_op_invert(vm_run *m, vm_frame *f)
{
    (void)m;
    vm_item top, res;
    uint8_t *w;
    int r = vm_apply_cost(f, 1);
    if (r == SLUICE_VM_OK)
        r = vm_top(f, &top);
    if (r == SLUICE_VM_OK)
        r = vm_apply_cost(f, (int64_t)top.len);
    if (r == SLUICE_VM_OK)
        r = vm_item_new(top.len, &res, &w);
    if (r != SLUICE_VM_OK)
        return r;
    for (size_t i = 0; i < top.len; i++)
        w[i] = (uint8_t)~top.p[i];
    f->data.v[f->data.n - 1] = res;
    vm_item_unref(top);
    return SLUICE_VM_OK;
}

/* Cost 1; pops b then a (deferred). */
static int pop_two(vm_frame *f, vm_item *a, vm_item *b)
{
    int r = vm_apply_cost(f, 1);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, b, true);
    if (r != SLUICE_VM_OK)
        return r;
    r = vm_pop(f, a, true);
    if (r != SLUICE_VM_OK)
        vm_item_unref(*b);
    return r;
}

/* AND: charges min(len a, len b); result has that length. */
int vm_op_and(vm_run *m, vm_frame *f)
{
    (void)m;
    vm_item a, b, res;
    uint8_t *w;
    int r = pop_two(f, &a, &b);
    if (r != SLUICE_VM_OK)
        return r;
    size_t mn = a.len < b.len ? a.len : b.len;
    r = vm_apply_cost(f, (int64_t)mn);
    if (r == SLUICE_VM_OK)
        r = vm_item_new(mn, &res, &w);
    if (r == SLUICE_VM_OK)
        for (size_t i = 0; i < mn; i++)
            w[i] = a.p[i] & b.p[i];
    vm_item_unref(a);
    vm_item_unref(b);
    return r != SLUICE_VM_OK ? r : vm_push(f, res, true);
}

/* OR / XOR: charges max(len a, len b); the shorter is zero-extended. */
static int do_or(vm_frame *f, bool xor)
{
    vm_item a, b, res;
    uint8_t *w;
    int r = pop_two(f, &a, &b);
    if (r != SLUICE_VM_OK)
        return r;
    size_t mx = a.len > b.len ? a.len : b.len;
    r = vm_apply_cost(f, (int64_t)mx);
    if (r == SLUICE_VM_OK)
        r = vm_item_new(mx, &res, &w);
    if (r == SLUICE_VM_OK)
        for (size_t i = 0; i < mx; i++) {
            uint8_t x = i < a.len ? a.p[i] : 0, y = i < b.len ? b.p[i] : 0;
            w[i] = xor ? (uint8_t)(x ^ y) : (uint8_t)(x | y);
        }
    vm_item_unref(a);
    vm_item_unref(b);
    return r != SLUICE_VM_OK ? r : vm_push(f, res, true);
}

int vm_op_or(vm_run *m, vm_frame *f)
{
    (void)m;
    return do_or(f, false);
}

int vm_op_xor(vm_run *m, vm_frame *f)
{
    (void)m;
    return do_or(f, true);
}

/* doEqual: cost 1 + min(len a, len b). */
static int do_equal(vm_frame *f, bool *eq)
{
    vm_item a, b;
    int r = pop_two(f, &a, &b);
    if (r != SLUICE_VM_OK)
        return r;
    size_t mn = a.len < b.len ? a.len : b.len;
    r = vm_apply_cost(f, (int64_t)mn);
    *eq = a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
    vm_item_unref(a);
    vm_item_unref(b);
    return r;
}

int vm_op_equal(vm_run *m, vm_frame *f)
{
    (void)m;
    bool eq;
    int r = do_equal(f, &eq);
    return r != SLUICE_VM_OK ? r : vm_push_bool(f, eq, true);
}

int vm_op_equalverify(vm_run *m, vm_frame *f)
{
    (void)m;
    bool eq;
    int r = do_equal(f, &eq);
    if (r != SLUICE_VM_OK)
        return r;
    return eq ? SLUICE_VM_OK : SLUICE_VM_ERR_VERIFY_FAILED;
}
