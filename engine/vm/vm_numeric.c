/* Numeric ops on int64 (protocol/vm/numeric.go of Bytom v1.1.1 with
 * math/checked): every operand is popped deferred with popInt64 (more than 8
 * bytes = ErrBadValue), every result pushed deferred; overflow = ErrRange.
 * Costs: 2 for the unary ops, ADD, SUB, BOOLAND/OR, the comparisons, MIN,
 * MAX; 8 for MUL, DIV, MOD, LSHIFT, RSHIFT; 4 for WITHIN. */
#include "vm/vm_internal.h"

static int cost_of(uint8_t op)
{
    switch (op) {
    case VM_OP_MUL: case VM_OP_DIV: case VM_OP_MOD: case VM_OP_LSHIFT: case VM_OP_RSHIFT:
        return 8;
    case VM_OP_WITHIN:
        return 4;
    default:
        return 2;
    }
}

/* Go's int64 >> uint64(y): counts of 64 or more give 0 or -1. */
static int64_t sar(int64_t x, int64_t y)
{
    if (y >= 63)
        return x < 0 ? -1 : 0;
    return x < 0 ? ~(~x >> y) : x >> y;
}

/* checked.LshiftInt64 */
static bool lshift(int64_t a, int64_t b, int64_t *out)
{
    if (b < 0 || b >= 64)
        return false;
    if ((a >= 0 && a > (INT64_MAX >> b)) || (a < 0 && a < sar(INT64_MIN, b)))
        return false;
    *out = (int64_t)((uint64_t)a << b);
    return true;
}

static int unary(vm_frame *f, uint8_t op)
{
    int64_t n, res;
    int r = vm_pop_int64(f, &n, true);
    if (r != SLUICE_VM_OK)
        return r;
    switch (op) {
    case VM_OP_1ADD:
        if (__builtin_add_overflow(n, 1, &res))
            return SLUICE_VM_ERR_RANGE;
        break;
    case VM_OP_1SUB:
        if (__builtin_sub_overflow(n, 1, &res))
            return SLUICE_VM_ERR_RANGE;
        break;
    case VM_OP_2MUL:
        if (__builtin_mul_overflow(n, 2, &res))
            return SLUICE_VM_ERR_RANGE;
        break;
    case VM_OP_2DIV:
        res = sar(n, 1);
        break;
    case VM_OP_NEGATE:
        if (n == INT64_MIN)
            return SLUICE_VM_ERR_RANGE;
        res = -n;
        break;
    case VM_OP_ABS:
        if (n == INT64_MIN)
            return SLUICE_VM_ERR_RANGE;
        res = n < 0 ? -n : n;
        break;
    case VM_OP_NOT:
        return vm_push_bool(f, n == 0, true);
    default: /* 0NOTEQUAL */
        return vm_push_bool(f, n != 0, true);
    }
    return vm_push_int64(f, res, true);
}

/* Pops y then x. */
static int binary(vm_frame *f, uint8_t op)
{
    int64_t x, y, res;
    vm_item a, b;
    if (op == VM_OP_BOOLAND || op == VM_OP_BOOLOR) {
        /* plain pops: any length, truth by AsBool */
        int r = vm_pop(f, &b, true);
        if (r != SLUICE_VM_OK)
            return r;
        r = vm_pop(f, &a, true);
        if (r != SLUICE_VM_OK) {
            vm_item_unref(b);
            return r;
        }
        bool ba = vm_as_bool(a.p, a.len), bb = vm_as_bool(b.p, b.len);
        vm_item_unref(a);
        vm_item_unref(b);
        return vm_push_bool(f, op == VM_OP_BOOLAND ? (ba && bb) : (ba || bb), true);
    }
    int r = vm_pop_int64(f, &y, true);
    if (r != SLUICE_VM_OK)
        return r;
    if (op == VM_OP_LSHIFT && y < 0)
        return SLUICE_VM_ERR_BAD_VALUE; /* checked before x is popped */
    r = vm_pop_int64(f, &x, true);
    if (r != SLUICE_VM_OK)
        return r;
    switch (op) {
    case VM_OP_ADD:
        if (__builtin_add_overflow(x, y, &res))
            return SLUICE_VM_ERR_RANGE;
        break;
    case VM_OP_SUB:
        if (__builtin_sub_overflow(x, y, &res))
            return SLUICE_VM_ERR_RANGE;
        break;
    case VM_OP_MUL:
        if (__builtin_mul_overflow(x, y, &res))
            return SLUICE_VM_ERR_RANGE;
        break;
    case VM_OP_DIV:
        if (y == 0)
            return SLUICE_VM_ERR_DIVZERO;
        if (x == INT64_MIN && y == -1)
            return SLUICE_VM_ERR_RANGE;
        res = x / y; /* truncates, as Go */
        break;
    case VM_OP_MOD:
        if (y == 0)
            return SLUICE_VM_ERR_DIVZERO;
        if (x == INT64_MIN && y == -1)
            return SLUICE_VM_ERR_RANGE;
        res = x % y;
        /* "Go's modulus operator produces the wrong result for mixed-sign operands" */
        if (res != 0 && (x >= 0) != (y >= 0))
            res += y;
        break;
    case VM_OP_LSHIFT:
        if (x == 0 || y == 0) {
            res = x;
            break;
        }
        if (!lshift(x, y, &res))
            return SLUICE_VM_ERR_RANGE;
        break;
    case VM_OP_RSHIFT:
        if (y < 0)
            return SLUICE_VM_ERR_BAD_VALUE;
        res = sar(x, y);
        break;
    case VM_OP_NUMEQUALVERIFY:
        return x == y ? SLUICE_VM_OK : SLUICE_VM_ERR_VERIFY_FAILED;
    case VM_OP_NUMEQUAL:
        return vm_push_bool(f, x == y, true);
    case VM_OP_NUMNOTEQUAL:
        return vm_push_bool(f, x != y, true);
    case VM_OP_LESSTHAN:
        return vm_push_bool(f, x < y, true);
    case VM_OP_GREATERTHAN:
        return vm_push_bool(f, x > y, true);
    case VM_OP_LESSTHANOREQUAL:
        return vm_push_bool(f, x <= y, true);
    case VM_OP_GREATERTHANOREQUAL:
        return vm_push_bool(f, x >= y, true);
    case VM_OP_MIN:
        res = x > y ? y : x;
        break;
    default: /* MAX */
        res = x < y ? y : x;
        break;
    }
    return vm_push_int64(f, res, true);
}

/* WITHIN: pops max, min, x; pushes min <= x < max. */
static int within(vm_frame *f)
{
    int64_t mx, mn, x;
    int r = vm_pop_int64(f, &mx, true);
    if (r == SLUICE_VM_OK)
        r = vm_pop_int64(f, &mn, true);
    if (r == SLUICE_VM_OK)
        r = vm_pop_int64(f, &x, true);
    return r != SLUICE_VM_OK ? r : vm_push_bool(f, x >= mn && x < mx, true);
}

int vm_op_numeric(vm_run *m, vm_frame *f)
{
    (void)m;
    /* the opcode is the byte at pc */
    uint8_t op = f->prog.p[f->pc];
    int r = vm_apply_cost(f, cost_of(op));
    if (r != SLUICE_VM_OK)
        return r;
    if (op >= VM_OP_1ADD && op <= VM_OP_0NOTEQUAL)
        return unary(f, op);
    if (op == VM_OP_WITHIN)
        return within(f);
    return binary(f, op);
}
