/* Stack manipulation (protocol/vm/stack.go, Bytom v1.1.1). The order of cost
 * charges, pops and pushes follows the reference, so a failing op leaves the
 * stacks exactly as Go does (which matters inside CHECKPREDICATE). */
#include <string.h>

#include "vm/vm_internal.h"

/* TOALTSTACK / FROMALTSTACK: cost 2, move without memory accounting. */
int vm_op_toaltstack(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 2);
    if (r != SLUICE_VM_OK)
        return r;
    if (f->data.n == 0)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    return vm_stack_append(&f->alt, f->data.v[--f->data.n]);
}

int vm_op_fromaltstack(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 2);
    if (r != SLUICE_VM_OK)
        return r;
    if (f->alt.n == 0)
        return SLUICE_VM_ERR_ALT_STACK_UNDERFLOW;
    return vm_stack_append(&f->data, f->alt.v[--f->alt.n]);
}

/* 2DROP: cost 2, two immediate pops (each refunds 8 + len at once). */
int vm_op_2drop(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 2);
    for (int i = 0; i < 2 && r == SLUICE_VM_OK; i++) {
        vm_item it;
        r = vm_pop(f, &it, false);
        if (r == SLUICE_VM_OK)
            vm_item_unref(it);
    }
    return r;
}

/* Pushes (not deferred) the item at depth `from_top` (1 = top). */
static int push_copy_of(vm_frame *f, size_t from_top)
{
    vm_item it = f->data.v[f->data.n - from_top];
    vm_item_ref(it);
    return vm_push(f, it, false);
}

/* nDup: cost n; n pushes of dataStack[len-n] (the stack grows each time). */
static int ndup(vm_frame *f, size_t n)
{
    int r = vm_apply_cost(f, (int64_t)n);
    if (r != SLUICE_VM_OK)
        return r;
    if (f->data.n < n)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    for (size_t i = 0; i < n && r == SLUICE_VM_OK; i++)
        r = push_copy_of(f, n);
    return r;
}

int vm_op_2dup(vm_run *m, vm_frame *f)
{
    (void)m;
    return ndup(f, 2);
}

int vm_op_3dup(vm_run *m, vm_frame *f)
{
    (void)m;
    return ndup(f, 3);
}

int vm_op_dup(vm_run *m, vm_frame *f)
{
    (void)m;
    return ndup(f, 1);
}

/* 2OVER: cost 2; needs 4 items; pushes dataStack[len-4] twice. */
int vm_op_2over(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 2);
    if (r != SLUICE_VM_OK)
        return r;
    if (f->data.n < 4)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    for (int i = 0; i < 2 && r == SLUICE_VM_OK; i++)
        r = push_copy_of(f, 4);
    return r;
}

/* 2ROT: cost 2; [a b c d e f] -> [c d e f a b]. */
int vm_op_2rot(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 2);
    if (r != SLUICE_VM_OK)
        return r;
    if (f->data.n < 6)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    vm_item *s = f->data.v + f->data.n - 6;
    vm_item a = s[0], b = s[1];
    memmove(s, s + 2, 4 * sizeof *s);
    s[4] = a;
    s[5] = b;
    return SLUICE_VM_OK;
}

/* 2SWAP: cost 2; [a b c d] -> [c d a b]. */
int vm_op_2swap(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 2);
    if (r != SLUICE_VM_OK)
        return r;
    if (f->data.n < 4)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    vm_item *s = f->data.v + f->data.n - 4;
    vm_item a = s[0], b = s[1];
    s[0] = s[2];
    s[1] = s[3];
    s[2] = a;
    s[3] = b;
    return SLUICE_VM_OK;
}

/* IFDUP: cost 1; duplicates the top if it is true. */
int vm_op_ifdup(vm_run *m, vm_frame *f)
{
    (void)m;
    vm_item top;
    int r = vm_apply_cost(f, 1);
    if (r == SLUICE_VM_OK)
        r = vm_top(f, &top);
    if (r != SLUICE_VM_OK)
        return r;
    return vm_as_bool(top.p, top.len) ? push_copy_of(f, 1) : SLUICE_VM_OK;
}

/* DEPTH: cost 1; push the number of items (not deferred). */
int vm_op_depth(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 1);
    return r != SLUICE_VM_OK ? r : vm_push_int64(f, (int64_t)f->data.n, false);
}

int vm_op_drop(vm_run *m, vm_frame *f)
{
    (void)m;
    vm_item it;
    int r = vm_apply_cost(f, 1);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &it, false);
    if (r == SLUICE_VM_OK)
        vm_item_unref(it);
    return r;
}

/* NIP: cost 1; takes the top off without accounting, pops (immediate refund)
 * the next, and puts the top back. With a single item that pop fails and the
 * top item stays removed, as in the reference. */
int vm_op_nip(vm_run *m, vm_frame *f)
{
    (void)m;
    vm_item top, it;
    int r = vm_apply_cost(f, 1);
    if (r == SLUICE_VM_OK)
        r = vm_top(f, &top);
    if (r != SLUICE_VM_OK)
        return r;
    f->data.n--;
    r = vm_pop(f, &it, false);
    if (r != SLUICE_VM_OK) {
        vm_item_unref(top);
        return r;
    }
    vm_item_unref(it);
    f->data.v[f->data.n++] = top; /* the slot it came from is still allocated */
    return SLUICE_VM_OK;
}

int vm_op_over(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 1);
    if (r != SLUICE_VM_OK)
        return r;
    if (f->data.n < 2)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    return push_copy_of(f, 2);
}

/* PICK: cost 2; n popped at once (refund now); n < 0 or n + 1 overflowing is
 * ErrBadValue; pushes a copy of the item n below the top. */
int vm_op_pick(vm_run *m, vm_frame *f)
{
    (void)m;
    int64_t n;
    int r = vm_apply_cost(f, 2);
    if (r == SLUICE_VM_OK)
        r = vm_pop_int64(f, &n, false);
    if (r != SLUICE_VM_OK)
        return r;
    if (n < 0 || n == INT64_MAX)
        return SLUICE_VM_ERR_BAD_VALUE;
    int64_t off = n + 1;
    if ((int64_t)f->data.n < off)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    return push_copy_of(f, (size_t)off);
}

/* rot(n): moves the item n-1 below the top to the top. */
static int rot(vm_frame *f, int64_t n)
{
    if (n < 1)
        return SLUICE_VM_ERR_BAD_VALUE;
    if ((int64_t)f->data.n < n)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    size_t index = f->data.n - (size_t)n;
    vm_item it = f->data.v[index];
    memmove(f->data.v + index, f->data.v + index + 1, ((size_t)n - 1) * sizeof it);
    f->data.v[f->data.n - 1] = it;
    return SLUICE_VM_OK;
}

int vm_op_roll(vm_run *m, vm_frame *f)
{
    (void)m;
    int64_t n;
    int r = vm_apply_cost(f, 2);
    if (r == SLUICE_VM_OK)
        r = vm_pop_int64(f, &n, false);
    if (r != SLUICE_VM_OK)
        return r;
    if (n < 0 || n == INT64_MAX)
        return SLUICE_VM_ERR_BAD_VALUE;
    return rot(f, n + 1);
}

int vm_op_rot(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 2);
    return r != SLUICE_VM_OK ? r : rot(f, 3);
}

int vm_op_swap(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 1);
    if (r != SLUICE_VM_OK)
        return r;
    size_t l = f->data.n;
    if (l < 2)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    vm_item t = f->data.v[l - 1];
    f->data.v[l - 1] = f->data.v[l - 2];
    f->data.v[l - 2] = t;
    return SLUICE_VM_OK;
}

/* TUCK: cost 1; [.. a b] -> [.. b a b]: the top two come off without
 * accounting, a copy of b is pushed (charged now), then a and b go back. If
 * that push fails, a and b stay removed (as in the reference). */
int vm_op_tuck(vm_run *m, vm_frame *f)
{
    (void)m;
    int r = vm_apply_cost(f, 1);
    if (r != SLUICE_VM_OK)
        return r;
    if (f->data.n < 2)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    vm_item a = f->data.v[f->data.n - 2], b = f->data.v[f->data.n - 1];
    f->data.n -= 2;
    vm_item_ref(b);
    r = vm_push(f, b, false);
    if (r == SLUICE_VM_OK)
        r = vm_stack_append(&f->data, a);
    else
        vm_item_unref(a);
    if (r == SLUICE_VM_OK)
        r = vm_stack_append(&f->data, b);
    else
        vm_item_unref(b);
    return r;
}
