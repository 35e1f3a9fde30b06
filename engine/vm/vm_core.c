/* The interpreter loop: protocol/vm/vm.go Verify, run, step (Bytom v1.1.1).
 *
 * CHECKPREDICATE's child VMs (control.go) are kept on an explicit list of
 * frames instead of C recursion, so nesting is limited by the run limit only,
 * as in Go (v1 has no depth limit), and never by the C stack. */
#include <stdlib.h>
#include <string.h>

#include "vm/vm_internal.h"

/* A frame reached the end of its program without error. */
#define VM_DONE 1001

const char *sluice_vm_strerror(sluice_vm_err e)
{
    switch (e) {
    case SLUICE_VM_OK: return "ok";
    case SLUICE_VM_ERR_ALT_STACK_UNDERFLOW: return "alt stack underflow";
    case SLUICE_VM_ERR_BAD_VALUE: return "bad value";
    case SLUICE_VM_ERR_CONTEXT: return "wrong context";
    case SLUICE_VM_ERR_DATA_STACK_UNDERFLOW: return "data stack underflow";
    case SLUICE_VM_ERR_DISALLOWED_OPCODE: return "disallowed opcode";
    case SLUICE_VM_ERR_DIVZERO: return "division by zero";
    case SLUICE_VM_ERR_FALSE_VM_RESULT: return "false VM result";
    case SLUICE_VM_ERR_LONG_PROGRAM: return "program size exceeds maxint32";
    case SLUICE_VM_ERR_RANGE: return "range error";
    case SLUICE_VM_ERR_RETURN: return "RETURN executed";
    case SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED: return "run limit exceeded";
    case SLUICE_VM_ERR_SHORT_PROGRAM: return "unexpected end of program";
    case SLUICE_VM_ERR_TOKEN: return "unrecognized token";
    case SLUICE_VM_ERR_UNEXPECTED: return "unexpected error";
    case SLUICE_VM_ERR_UNSUPPORTED_VM: return "unsupported VM";
    case SLUICE_VM_ERR_VERIFY_FAILED: return "VERIFY failed";
    case SLUICE_VM_ERR_NOMEM: return "out of memory";
    case SLUICE_VM_ERR_OVERFLOW: return "arithmetic overflow";
    case SLUICE_VM_ERR_STEP_LIMIT: return "step limit exceeded";
    }
    return "unknown VM error";
}

static void frame_free(vm_frame *f)
{
    if (!f)
        return;
    vm_stack_free(&f->data);
    vm_stack_free(&f->alt);
    vm_item_unref(f->prog);
    free(f);
}

int vm_frame_spawn(vm_run *m, vm_frame **child)
{
    if (m->nframes == m->capframes) {
        size_t nc = m->capframes ? m->capframes * 2 : 8;
        vm_frame **nf = (nc > SIZE_MAX / sizeof *nf) ? NULL : realloc(m->frames, nc * sizeof *nf);
        if (!nf)
            return SLUICE_VM_ERR_NOMEM;
        m->frames = nf;
        m->capframes = nc;
    }
    vm_frame *f = calloc(1, sizeof *f);
    if (!f)
        return SLUICE_VM_ERR_NOMEM;
    m->frames[m->nframes++] = f;
    *child = f;
    return SLUICE_VM_OK;
}

/* falseResult: empty stack or a false top item. */
static bool false_result(const vm_frame *f)
{
    return f->data.n == 0 || !vm_as_bool(f->data.v[f->data.n - 1].p, f->data.v[f->data.n - 1].len);
}

/* vm.step: one instruction. */
static int step(vm_run *m, vm_frame *f)
{
    vm_inst inst;
    int r = vm_parse_op(f->prog.p, f->prog.len, f->pc, &inst);
    if (r != SLUICE_VM_OK)
        return r;
    f->next_pc = f->pc + inst.len;
    if (vm_is_expansion(inst.op)) {
        if (f->expansion_reserved)
            return SLUICE_VM_ERR_DISALLOWED_OPCODE;
        f->pc = f->next_pc;
        return vm_apply_cost(f, 1);
    }
    f->deferred = 0;
    f->op_data = inst.data;
    f->op_data_len = inst.data_len;
    /* the data of OP_1..OP_16 is static; the rest lies in the program */
    f->op_data_buf = (inst.op >= VM_OP_1 && inst.op <= VM_OP_16) ? NULL : f->prog.buf;
    r = vm_ops[inst.op](m, f);
    if (r != SLUICE_VM_OK)
        return r; /* an error, or VM_SPAWN: the rest happens when the child ends */
    r = vm_apply_cost(f, f->deferred);
    if (r != SLUICE_VM_OK)
        return r;
    f->pc = f->next_pc;
    return SLUICE_VM_OK;
}

/* The tail of the parent's step once its CHECKPREDICATE's child has ended. */
static int resume_parent(vm_frame *parent, vm_frame *child, bool child_ok)
{
    int r = vm_checkpredicate_finish(parent, child, child_ok);
    if (r != SLUICE_VM_OK)
        return r;
    r = vm_apply_cost(parent, parent->deferred);
    if (r != SLUICE_VM_OK)
        return r;
    parent->pc = parent->next_pc;
    return SLUICE_VM_OK;
}

static int run_frames(vm_run *m)
{
    for (;;) {
        vm_frame *f = m->frames[m->nframes - 1];
        if (++m->steps > m->max_steps)
            return SLUICE_VM_ERR_STEP_LIMIT;
        int r = f->pc < (uint32_t)f->prog.len ? step(m, f) : VM_DONE;
        while (r != SLUICE_VM_OK && r != VM_SPAWN) {
            /* running out of memory or steps ends the whole run, never just a child */
            if (r == SLUICE_VM_ERR_NOMEM || r == SLUICE_VM_ERR_STEP_LIMIT || m->nframes == 1)
                return r;
            vm_frame *child = m->frames[--m->nframes];
            vm_frame *parent = m->frames[m->nframes - 1];
            r = resume_parent(parent, child, r == VM_DONE && !false_result(child));
            frame_free(child);
        }
    }
}

/* Copies the main VM's data stack into one block: the sluice_bytes array
 * followed by the bytes. */
static int copy_stack(const vm_stack *s, sluice_bytes **out, size_t *depth)
{
    size_t bytes = s->n * sizeof(sluice_bytes);
    for (size_t i = 0; i < s->n; i++)
        bytes += s->v[i].len;
    sluice_bytes *b = malloc(bytes ? bytes : 1);
    if (!b)
        return SLUICE_VM_ERR_NOMEM;
    uint8_t *w = (uint8_t *)(b + s->n);
    for (size_t i = 0; i < s->n; i++) {
        b[i].p = w;
        b[i].len = (uint32_t)s->v[i].len;
        if (s->v[i].len)
            memcpy(w, s->v[i].p, s->v[i].len);
        w += s->v[i].len;
    }
    *out = b;
    *depth = s->n;
    return SLUICE_VM_OK;
}

static sluice_vm_err verify(const sluice_vm_context *ctx, int64_t gas_limit, int64_t *gas_left,
                            sluice_bytes **stack, size_t *depth)
{
    int64_t dummy;
    if (!gas_left)
        gas_left = &dummy;
    *gas_left = gas_limit;
    if (!ctx || ctx->vm_version != 1)
        return SLUICE_VM_ERR_UNSUPPORTED_VM;
    if ((!ctx->code && ctx->code_len) || (!ctx->args && ctx->n_args))
        return SLUICE_VM_ERR_CONTEXT;

    vm_run m;
    memset(&m, 0, sizeof m);
    m.ctx = ctx;
    /* 2^16 + 16 * gas_limit, saturating (SLUICE_VM_ERR_STEP_LIMIT) */
    uint64_t g = gas_limit > 0 ? (uint64_t)gas_limit : 0;
    m.max_steps = g > (UINT64_MAX - (1u << 16)) / 16 ? UINT64_MAX : (1u << 16) + 16 * g;
    vm_frame *f;
    int r = vm_frame_spawn(&m, &f);
    if (r == SLUICE_VM_OK) {
        f->prog.p = ctx->code;
        f->prog.len = ctx->code_len;
        f->run_limit = gas_limit;
        f->expansion_reserved = ctx->tx_version && *ctx->tx_version == 1;
        for (size_t i = 0; i < ctx->n_args && r == SLUICE_VM_OK; i++) {
            vm_item it = {ctx->args[i].p, ctx->args[i].len, NULL};
            r = vm_push(f, it, false);
        }
        if (r == SLUICE_VM_OK) {
            r = run_frames(&m);
            if (r == VM_DONE)
                r = false_result(m.frames[0]) ? SLUICE_VM_ERR_FALSE_VM_RESULT : SLUICE_VM_OK;
        }
        *gas_left = m.frames[0]->run_limit;
        if (stack && r != SLUICE_VM_ERR_NOMEM && copy_stack(&m.frames[0]->data, stack, depth))
            r = SLUICE_VM_ERR_NOMEM;
    }
    for (size_t i = 0; i < m.nframes; i++)
        frame_free(m.frames[i]);
    free(m.frames);
    return (sluice_vm_err)r;
}

sluice_vm_err sluice_vm_verify(const sluice_vm_context *ctx, int64_t gas_limit, int64_t *gas_left)
{
    return verify(ctx, gas_limit, gas_left, NULL, NULL);
}

sluice_vm_err sluice_vm_verify_stack(const sluice_vm_context *ctx, int64_t gas_limit,
                                     int64_t *gas_left, sluice_bytes **stack, size_t *depth)
{
    *stack = NULL;
    *depth = 0;
    return verify(ctx, gas_limit, gas_left, stack, depth);
}
