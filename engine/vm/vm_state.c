/* Stack items, stacks, run-limit (gas) accounting and the VM's number
 * encoding: protocol/vm/vm.go (push, pop, popInt64, top, applyCost, deferCost,
 * stackCost) and types.go (AsBool, AsInt64, Int64Bytes, BoolBytes) of Bytom
 * v1.1.1. */
#include <stdlib.h>
#include <string.h>

#include "vm/vm_internal.h"

void vm_item_ref(vm_item it)
{
    if (it.buf)
        it.buf->refs++;
}

void vm_item_unref(vm_item it)
{
    if (it.buf && --it.buf->refs == 0)
        free(it.buf);
}

int vm_item_new(size_t len, vm_item *out, uint8_t **w)
{
    out->len = len;
    out->buf = NULL;
    out->p = NULL;
    *w = NULL;
    if (len == 0)
        return SLUICE_VM_OK;
    if (len > SIZE_MAX - sizeof(vm_buf))
        return SLUICE_VM_ERR_NOMEM;
    vm_buf *b = malloc(sizeof(vm_buf) + len);
    if (!b)
        return SLUICE_VM_ERR_NOMEM;
    b->refs = 1;
    out->buf = b;
    out->p = b->data;
    *w = b->data;
    return SLUICE_VM_OK;
}

int vm_item_new_copy(const uint8_t *p, size_t len, vm_item *out)
{
    uint8_t *w;
    int r = vm_item_new(len, out, &w);
    if (r == SLUICE_VM_OK && len)
        memcpy(w, p, len);
    return r;
}

void vm_stack_free(vm_stack *s)
{
    for (size_t i = 0; i < s->n; i++)
        vm_item_unref(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

int vm_stack_append(vm_stack *s, vm_item it)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        vm_item *nv = (nc > SIZE_MAX / sizeof *nv) ? NULL : realloc(s->v, nc * sizeof *nv);
        if (!nv) {
            vm_item_unref(it);
            return SLUICE_VM_ERR_NOMEM;
        }
        s->v = nv;
        s->cap = nc;
    }
    s->v[s->n++] = it;
    return SLUICE_VM_OK;
}

int64_t vm_wadd(int64_t a, int64_t b)
{
    return (int64_t)((uint64_t)a + (uint64_t)b);
}

/* applyCost: "if n > vm.runLimit { vm.runLimit = 0; return ErrRunLimitExceeded }". */
int vm_apply_cost(vm_frame *f, int64_t n)
{
    if (n > f->run_limit) {
        f->run_limit = 0;
        return SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED;
    }
    f->run_limit = vm_wadd(f->run_limit, (int64_t)(0 - (uint64_t)n));
    return SLUICE_VM_OK;
}

void vm_defer_cost(vm_frame *f, int64_t n)
{
    f->deferred = vm_wadd(f->deferred, n);
}

static int64_t item_cost(size_t len)
{
    return (int64_t)(8 + (uint64_t)len);
}

int vm_push(vm_frame *f, vm_item it, bool deferred)
{
    int64_t cost = item_cost(it.len);
    if (deferred) {
        vm_defer_cost(f, cost);
    } else {
        int r = vm_apply_cost(f, cost);
        if (r != SLUICE_VM_OK) {
            vm_item_unref(it);
            return r;
        }
    }
    return vm_stack_append(&f->data, it);
}

int vm_push_copy(vm_frame *f, const uint8_t *p, size_t len, bool deferred)
{
    vm_item it;
    int r = vm_item_new_copy(p, len, &it);
    if (r != SLUICE_VM_OK)
        return r;
    return vm_push(f, it, deferred);
}

/* BoolBytes: true = {1}, false = {} (empty). */
int vm_push_bool(vm_frame *f, bool b, bool deferred)
{
    static const uint8_t one = 1;
    vm_item it = {b ? &one : NULL, b ? 1u : 0u, NULL};
    return vm_push(f, it, deferred);
}

int vm_push_int64(vm_frame *f, int64_t n, bool deferred)
{
    uint8_t b[8];
    size_t len = vm_int64_bytes(n, b);
    return vm_push_copy(f, b, len, deferred);
}

int vm_pop(vm_frame *f, vm_item *out, bool deferred)
{
    if (f->data.n == 0)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    *out = f->data.v[--f->data.n];
    int64_t cost = item_cost(out->len);
    if (deferred)
        vm_defer_cost(f, -cost);
    else
        f->run_limit = vm_wadd(f->run_limit, cost);
    return SLUICE_VM_OK;
}

int vm_pop_int64(vm_frame *f, int64_t *n, bool deferred)
{
    vm_item it;
    int r = vm_pop(f, &it, deferred);
    if (r != SLUICE_VM_OK)
        return r;
    r = vm_as_int64(it.p, it.len, n);
    vm_item_unref(it);
    return r;
}

int vm_top(vm_frame *f, vm_item *out)
{
    if (f->data.n == 0)
        return SLUICE_VM_ERR_DATA_STACK_UNDERFLOW;
    *out = f->data.v[f->data.n - 1];
    return SLUICE_VM_OK;
}

/* stackCost: 8 per item plus the bytes. */
int64_t vm_stack_cost(const vm_stack *s)
{
    uint64_t c = 8u * (uint64_t)s->n;
    for (size_t i = 0; i < s->n; i++)
        c += s->v[i].len;
    return (int64_t)c;
}

bool vm_as_bool(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i])
            return true;
    return false;
}

/* AsInt64: empty = 0; more than 8 bytes = ErrBadValue; else little-endian,
 * zero-padded to 8 bytes, read as two's complement. */
int vm_as_int64(const uint8_t *p, size_t len, int64_t *out)
{
    if (len == 0) {
        *out = 0;
        return SLUICE_VM_OK;
    }
    if (len > 8)
        return SLUICE_VM_ERR_BAD_VALUE;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++)
        v |= (uint64_t)p[i] << (8 * i);
    *out = (int64_t)v;
    return SLUICE_VM_OK;
}

size_t vm_int64_bytes(int64_t n, uint8_t out[8])
{
    uint64_t v = (uint64_t)n;
    size_t len = 0;
    for (size_t i = 0; i < 8; i++) {
        out[i] = (uint8_t)(v >> (8 * i));
        if (out[i])
            len = i + 1;
    }
    return len;
}
