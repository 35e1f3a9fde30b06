/* Internal state of the Bytom VM v1 port (sluice/bytom_vm.h). Reference:
 * BytomDAO/bytom v1.1.1 protocol/vm. Shared by the .c files of engine/vm only.
 *
 * Stack items are byte strings that never change once pushed; they are
 * (pointer, length) views that either borrow memory that outlives the run
 * (the program, the arguments, the context) or share a reference-counted
 * buffer, so DUP, PICK, SUBSTR and CHECKPREDICATE copy no bytes.
 *
 * Go's VM leaves its stacks in a precise state when an operation fails half
 * way (items already popped are gone), and CHECKPREDICATE refunds the cost of
 * whatever a failed child left on its stacks; every op here therefore follows
 * the reference's order of pops, pushes and cost charges exactly. */
#ifndef SLUICE_VM_INTERNAL_H
#define SLUICE_VM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sluice/bytom_vm.h"

/* Opcodes of VM version 1 (ops.go). */
enum {
    VM_OP_FALSE = 0x00, VM_OP_DATA_1 = 0x01, VM_OP_DATA_20 = 0x14, VM_OP_DATA_32 = 0x20,
    VM_OP_DATA_75 = 0x4b, VM_OP_PUSHDATA1 = 0x4c, VM_OP_PUSHDATA2 = 0x4d, VM_OP_PUSHDATA4 = 0x4e,
    VM_OP_1NEGATE = 0x4f, VM_OP_1 = 0x51, VM_OP_16 = 0x60, VM_OP_NOP = 0x61,
    VM_OP_JUMP = 0x63, VM_OP_JUMPIF = 0x64, VM_OP_VERIFY = 0x69, VM_OP_FAIL = 0x6a,
    VM_OP_TOALTSTACK = 0x6b, VM_OP_FROMALTSTACK = 0x6c, VM_OP_2DROP = 0x6d, VM_OP_2DUP = 0x6e,
    VM_OP_3DUP = 0x6f, VM_OP_2OVER = 0x70, VM_OP_2ROT = 0x71, VM_OP_2SWAP = 0x72,
    VM_OP_IFDUP = 0x73, VM_OP_DEPTH = 0x74, VM_OP_DROP = 0x75, VM_OP_DUP = 0x76, VM_OP_NIP = 0x77,
    VM_OP_OVER = 0x78, VM_OP_PICK = 0x79, VM_OP_ROLL = 0x7a, VM_OP_ROT = 0x7b, VM_OP_SWAP = 0x7c,
    VM_OP_TUCK = 0x7d, VM_OP_CAT = 0x7e, VM_OP_SUBSTR = 0x7f, VM_OP_LEFT = 0x80,
    VM_OP_RIGHT = 0x81, VM_OP_SIZE = 0x82, VM_OP_INVERT = 0x83, VM_OP_AND = 0x84, VM_OP_OR = 0x85,
    VM_OP_XOR = 0x86, VM_OP_EQUAL = 0x87, VM_OP_EQUALVERIFY = 0x88, VM_OP_CATPUSHDATA = 0x89,
    VM_OP_1ADD = 0x8b, VM_OP_1SUB = 0x8c, VM_OP_2MUL = 0x8d, VM_OP_2DIV = 0x8e,
    VM_OP_NEGATE = 0x8f, VM_OP_ABS = 0x90, VM_OP_NOT = 0x91, VM_OP_0NOTEQUAL = 0x92,
    VM_OP_ADD = 0x93, VM_OP_SUB = 0x94, VM_OP_MUL = 0x95, VM_OP_DIV = 0x96, VM_OP_MOD = 0x97,
    VM_OP_LSHIFT = 0x98, VM_OP_RSHIFT = 0x99, VM_OP_BOOLAND = 0x9a, VM_OP_BOOLOR = 0x9b,
    VM_OP_NUMEQUAL = 0x9c, VM_OP_NUMEQUALVERIFY = 0x9d, VM_OP_NUMNOTEQUAL = 0x9e,
    VM_OP_LESSTHAN = 0x9f, VM_OP_GREATERTHAN = 0xa0, VM_OP_LESSTHANOREQUAL = 0xa1,
    VM_OP_GREATERTHANOREQUAL = 0xa2, VM_OP_MIN = 0xa3, VM_OP_MAX = 0xa4, VM_OP_WITHIN = 0xa5,
    VM_OP_SHA256 = 0xa8, VM_OP_SHA3 = 0xaa, VM_OP_HASH160 = 0xab, VM_OP_CHECKSIG = 0xac,
    VM_OP_CHECKMULTISIG = 0xad, VM_OP_TXSIGHASH = 0xae, VM_OP_CHECKPREDICATE = 0xc0,
    VM_OP_CHECKOUTPUT = 0xc1, VM_OP_ASSET = 0xc2, VM_OP_AMOUNT = 0xc3, VM_OP_PROGRAM = 0xc4,
    VM_OP_INDEX = 0xc9, VM_OP_ENTRYID = 0xca, VM_OP_OUTPUTID = 0xcb, VM_OP_BLOCKHEIGHT = 0xcd
};

/* Internal status besides sluice_vm_err: an op started a child VM. */
#define VM_SPAWN 1000

typedef struct vm_buf {
    size_t refs;
    uint8_t data[];
} vm_buf;

typedef struct {
    const uint8_t *p;
    size_t len;
    vm_buf *buf; /* NULL: borrowed memory that outlives the run */
} vm_item;

typedef struct {
    vm_item *v;
    size_t n, cap;
} vm_stack;

/* One virtual machine (vm.go virtualMachine); CHECKPREDICATE makes children. */
typedef struct vm_frame {
    vm_item prog;          /* the program (holds a reference for a predicate) */
    uint32_t pc, next_pc;
    int64_t run_limit, deferred;
    const uint8_t *op_data;/* the current instruction's data (vm.data) */
    size_t op_data_len;
    vm_buf *op_data_buf;   /* buffer op_data lives in (the program's), or NULL */
    int depth;
    /* expansionReserved: set from the context for the main VM only; a
     * CHECKPREDICATE child is built without it (control.go), so expansion
     * opcodes cost 1 there and CHECKOUTPUT is told false. */
    bool expansion_reserved;
    vm_stack data, alt;
} vm_frame;

typedef struct vm_run {
    const sluice_vm_context *ctx;
    uint64_t steps, max_steps; /* see SLUICE_VM_ERR_STEP_LIMIT */
    vm_frame **frames;     /* frames[nframes-1] runs; each is heap-allocated (stable) */
    size_t nframes, capframes;
} vm_run;

/* A parsed instruction (ops.go Instruction). */
typedef struct {
    uint8_t op;
    uint32_t len;
    const uint8_t *data;
    size_t data_len;
} vm_inst;

typedef int (*vm_op_fn)(vm_run *m, vm_frame *f);

/* ---- vm_state.c: items, stacks, costs, number encoding (vm.go, types.go) ---- */
void vm_item_ref(vm_item it);
void vm_item_unref(vm_item it);
/* A new item holding a copy of p[0..len) (len 0: no buffer). NOMEM on failure. */
int vm_item_new_copy(const uint8_t *p, size_t len, vm_item *out);
/* A new item with an uninitialised buffer of len bytes to fill (*out->p is writable). */
int vm_item_new(size_t len, vm_item *out, uint8_t **w);
void vm_stack_free(vm_stack *s);
/* Appends without cost accounting; takes the item's reference (unref on NOMEM). */
int vm_stack_append(vm_stack *s, vm_item it);

int64_t vm_wadd(int64_t a, int64_t b); /* two's complement wrap, like Go */
int vm_apply_cost(vm_frame *f, int64_t n);
void vm_defer_cost(vm_frame *f, int64_t n);
/* push(data, deferred): takes the item's reference (released on failure). */
int vm_push(vm_frame *f, vm_item it, bool deferred);
int vm_push_copy(vm_frame *f, const uint8_t *p, size_t len, bool deferred);
int vm_push_bool(vm_frame *f, bool b, bool deferred);
int vm_push_int64(vm_frame *f, int64_t n, bool deferred);
/* pop(deferred): the caller owns *out (vm_item_unref it). */
int vm_pop(vm_frame *f, vm_item *out, bool deferred);
int vm_pop_int64(vm_frame *f, int64_t *n, bool deferred);
int vm_top(vm_frame *f, vm_item *out); /* borrowed view, no reference taken */
int64_t vm_stack_cost(const vm_stack *s);
bool vm_as_bool(const uint8_t *p, size_t len);
int vm_as_int64(const uint8_t *p, size_t len, int64_t *out);
/* Int64Bytes: little-endian, trailing zero bytes trimmed; returns the length (0..8). */
size_t vm_int64_bytes(int64_t n, uint8_t out[8]);

/* ---- vm_parse.c ---- */
int vm_parse_op(const uint8_t *prog, size_t len, uint32_t pc, vm_inst *inst);

/* ---- vm_ops_table.c ---- */
extern const vm_op_fn vm_ops[256];
bool vm_is_expansion(uint8_t op);

/* ---- the op families ---- */
int vm_op_false(vm_run *m, vm_frame *f);
int vm_op_pushdata(vm_run *m, vm_frame *f);
int vm_op_1negate(vm_run *m, vm_frame *f);
int vm_op_nop(vm_run *m, vm_frame *f);

int vm_op_verify(vm_run *m, vm_frame *f);
int vm_op_fail(vm_run *m, vm_frame *f);
int vm_op_jump(vm_run *m, vm_frame *f);
int vm_op_jumpif(vm_run *m, vm_frame *f);
int vm_op_checkpredicate(vm_run *m, vm_frame *f);
/* Completes the parent's CHECKPREDICATE after its child ended (control.go). */
int vm_checkpredicate_finish(vm_frame *parent, vm_frame *child, bool child_ok);

int vm_op_toaltstack(vm_run *m, vm_frame *f);
int vm_op_fromaltstack(vm_run *m, vm_frame *f);
int vm_op_2drop(vm_run *m, vm_frame *f);
int vm_op_2dup(vm_run *m, vm_frame *f);
int vm_op_3dup(vm_run *m, vm_frame *f);
int vm_op_2over(vm_run *m, vm_frame *f);
int vm_op_2rot(vm_run *m, vm_frame *f);
int vm_op_2swap(vm_run *m, vm_frame *f);
int vm_op_ifdup(vm_run *m, vm_frame *f);
int vm_op_depth(vm_run *m, vm_frame *f);
int vm_op_drop(vm_run *m, vm_frame *f);
int vm_op_dup(vm_run *m, vm_frame *f);
int vm_op_nip(vm_run *m, vm_frame *f);
int vm_op_over(vm_run *m, vm_frame *f);
int vm_op_pick(vm_run *m, vm_frame *f);
int vm_op_roll(vm_run *m, vm_frame *f);
int vm_op_rot(vm_run *m, vm_frame *f);
int vm_op_swap(vm_run *m, vm_frame *f);
int vm_op_tuck(vm_run *m, vm_frame *f);

int vm_op_cat(vm_run *m, vm_frame *f);
int vm_op_substr(vm_run *m, vm_frame *f);
int vm_op_left(vm_run *m, vm_frame *f);
int vm_op_right(vm_run *m, vm_frame *f);
int vm_op_size(vm_run *m, vm_frame *f);
int vm_op_catpushdata(vm_run *m, vm_frame *f);

int vm_op_invert(vm_run *m, vm_frame *f);
int vm_op_and(vm_run *m, vm_frame *f);
int vm_op_or(vm_run *m, vm_frame *f);
int vm_op_xor(vm_run *m, vm_frame *f);
int vm_op_equal(vm_run *m, vm_frame *f);
int vm_op_equalverify(vm_run *m, vm_frame *f);

int vm_op_numeric(vm_run *m, vm_frame *f); /* all of numeric.go, by opcode */

int vm_op_sha256(vm_run *m, vm_frame *f);
int vm_op_sha3(vm_run *m, vm_frame *f);
int vm_op_hash160(vm_run *m, vm_frame *f);
int vm_op_checksig(vm_run *m, vm_frame *f);
int vm_op_checkmultisig(vm_run *m, vm_frame *f);
int vm_op_txsighash(vm_run *m, vm_frame *f);

int vm_op_checkoutput(vm_run *m, vm_frame *f);
int vm_op_asset(vm_run *m, vm_frame *f);
int vm_op_amount(vm_run *m, vm_frame *f);
int vm_op_program(vm_run *m, vm_frame *f);
int vm_op_index(vm_run *m, vm_frame *f);
int vm_op_entryid(vm_run *m, vm_frame *f);
int vm_op_outputid(vm_run *m, vm_frame *f);
int vm_op_blockheight(vm_run *m, vm_frame *f);

/* vm_core.c: adds a child frame on top (CHECKPREDICATE); NOMEM on failure. */
int vm_frame_spawn(vm_run *m, vm_frame **child);

#endif
