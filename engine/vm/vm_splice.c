/* Byte-string splicing (protocol/vm/splice.go, Bytom v1.1.1): CAT, SUBSTR,
 * LEFT, RIGHT, SIZE, CATPUSHDATA. The length-dependent costs are charged and
 * then given back as a deferred refund, as in the reference. */
#include <string.h>

#include "vm/vm_internal.h"

/* Pops b then a (deferred); charges len(a)+len(b) and defers its refund. */
static int pop_pair(vm_frame *f, vm_item *a, vm_item *b, int64_t *lens)
{
    int r = vm_apply_cost(f, 4);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, b, true);
    if (r != SLUICE_VM_OK)
        return r;
    r = vm_pop(f, a, true);
    if (r != SLUICE_VM_OK) {
        vm_item_unref(*b);
        return r;
    }
    *lens = (int64_t)(a->len + b->len);
    r = vm_apply_cost(f, *lens);
    if (r != SLUICE_VM_OK) {
        vm_item_unref(*a);
        vm_item_unref(*b);
        return r;
    }
    vm_defer_cost(f, -*lens);
    return SLUICE_VM_OK;
}

int vm_op_cat(vm_run *m, vm_frame *f)
{
    (void)m;
    vm_item a, b, res;
    int64_t lens;
    uint8_t *w;
    int r = pop_pair(f, &a, &b, &lens);
    if (r != SLUICE_VM_OK)
        return r;
    r = vm_item_new(a.len + b.len, &res, &w);
    if (r == SLUICE_VM_OK && res.len) {
        if (a.len)
            memcpy(w, a.p, a.len);
        if (b.len)
            memcpy(w + a.len, b.p, b.len);
    }
    vm_item_unref(a);
    vm_item_unref(b);
    return r != SLUICE_VM_OK ? r : vm_push(f, res, true);
}

/* PushdataBytes(b): the shortest push of b (pushdata.go). */
static size_t pushdata_prefix(size_t l, uint8_t pre[5])
{
    if (l == 0) {
        pre[0] = VM_OP_FALSE;
        return 1;
    }
    if (l <= 75) {
        pre[0] = (uint8_t)(VM_OP_DATA_1 + l - 1);
        return 1;
    }
    if (l < 1u << 8) {
        pre[0] = VM_OP_PUSHDATA1;
        pre[1] = (uint8_t)l;
        return 2;
    }
    if (l < 1u << 16) {
        pre[0] = VM_OP_PUSHDATA2;
        pre[1] = (uint8_t)l;
        pre[2] = (uint8_t)(l >> 8);
        return 3;
    }
    pre[0] = VM_OP_PUSHDATA4;
    for (int i = 0; i < 4; i++)
        pre[1 + i] = (uint8_t)((uint64_t)l >> (8 * i));
    return 5;
}

/* CATPUSHDATA: a || PushdataBytes(b); the charge is len(a)+len(b) (refunded). */
int vm_op_catpushdata(vm_run *m, vm_frame *f)
{
    (void)m;
    vm_item a, b, res;
    int64_t lens;
    uint8_t pre[5], *w;
    int r = pop_pair(f, &a, &b, &lens);
    if (r != SLUICE_VM_OK)
        return r;
    size_t pl = pushdata_prefix(b.len, pre);
    r = vm_item_new(a.len + pl + b.len, &res, &w);
    if (r == SLUICE_VM_OK) {
        if (a.len)
            memcpy(w, a.p, a.len);
        memcpy(w + a.len, pre, pl);
        if (b.len)
            memcpy(w + a.len + pl, b.p, b.len);
    }
    vm_item_unref(a);
    vm_item_unref(b);
    return r != SLUICE_VM_OK ? r : vm_push(f, res, true);
}

/* Pushes str[off, off+size) sharing str's memory (deferred), then drops str. */
static int push_slice(vm_frame *f, vm_item str, size_t off, size_t size)
{
    vm_item it = {size ? str.p + off : NULL, size, size ? str.buf : NULL};
    vm_item_ref(it);
    vm_item_unref(str);
    return vm_push(f, it, true);
}

/* Cost 4; size popped (deferred), size < 0 = ErrBadValue; size charged and
 * its refund deferred. */
static int pop_size(vm_frame *f, int64_t *size)
{
    int r = vm_apply_cost(f, 4);
    if (r == SLUICE_VM_OK)
        r = vm_pop_int64(f, size, true);
    if (r != SLUICE_VM_OK)
        return r;
    if (*size < 0)
        return SLUICE_VM_ERR_BAD_VALUE;
    r = vm_apply_cost(f, *size);
    if (r != SLUICE_VM_OK)
        return r;
    vm_defer_cost(f, -*size);
    return SLUICE_VM_OK;
}

int vm_op_substr(vm_run *m, vm_frame *f)
{
    (void)m;
    int64_t size, offset;
    vm_item str;
    int r = pop_size(f, &size);
    if (r == SLUICE_VM_OK)
        r = vm_pop_int64(f, &offset, true);
    if (r != SLUICE_VM_OK)
        return r;
    if (offset < 0)
        return SLUICE_VM_ERR_BAD_VALUE;
    r = vm_pop(f, &str, true);
    if (r != SLUICE_VM_OK)
        return r;
    /* end := offset + size (checked); end > len(str) is ErrBadValue */
    if (offset > INT64_MAX - size || offset + size > (int64_t)str.len) {
        vm_item_unref(str);
        return SLUICE_VM_ERR_BAD_VALUE;
    }
    return push_slice(f, str, (size_t)offset, (size_t)size);
}

int vm_op_left(vm_run *m, vm_frame *f)
{
    (void)m;
    int64_t size;
    vm_item str;
    int r = pop_size(f, &size);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &str, true);
    if (r != SLUICE_VM_OK)
        return r;
    if (size > (int64_t)str.len) {
        vm_item_unref(str);
        return SLUICE_VM_ERR_BAD_VALUE;
    }
    return push_slice(f, str, 0, (size_t)size);
}

int vm_op_right(vm_run *m, vm_frame *f)
{
    (void)m;
    int64_t size;
    vm_item str;
    int r = pop_size(f, &size);
    if (r == SLUICE_VM_OK)
        r = vm_pop(f, &str, true);
    if (r != SLUICE_VM_OK)
        return r;
    if (size > (int64_t)str.len) {
        vm_item_unref(str);
        return SLUICE_VM_ERR_BAD_VALUE;
    }
    return push_slice(f, str, str.len - (size_t)size, (size_t)size);
}

/* SIZE: cost 1; pushes len(top) (deferred), leaving the top in place. */
int vm_op_size(vm_run *m, vm_frame *f)
{
    (void)m;
    vm_item top;
    int r = vm_apply_cost(f, 1);
    if (r == SLUICE_VM_OK)
        r = vm_top(f, &top);
    return r != SLUICE_VM_OK ? r : vm_push_int64(f, (int64_t)top.len, true);
}
