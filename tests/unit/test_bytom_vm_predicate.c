/* Bytom VM v1: CHECKPREDICATE child VMs (nesting, the gas handed to the child
 * and back, what a failed child leaves on its stacks), run-limit exhaustion,
 * deep recursion, and the introspection opcodes (introspection.go) with and
 * without their context fields, CHECKOUTPUT through its callback.
 *
 * Expected gas follows control.go: a CHECKPREDICATE at run limit X whose
 * child consumes C and leaves stacks costing sc leaves the parent at
 * X - 64 - C + pops + sc - push, where pops is the cost of the three popped
 * items and push that of the boolean pushed (9 true, 8 false). */
#include "test_bytom_vm_util.h"

/* Runs src with args under gas; checks the error, the gas used (including
 * the arguments' 8 + len each) and the final stack. */
static void expect(const char *src, const char *args, const sluice_vm_context *base, int64_t gas,
                   sluice_vm_err err, int64_t used, const char *stack)
{
    vmt_args a;
    vmt_parse_args(&a, args);
    int64_t ac = 0;
    for (size_t i = 0; i < a.n; i++)
        ac += 8 + a.a[i].len;
    op_case c = {src, args, gas - ac, err, used == VMT_ANY_GAS ? VMT_ANY_GAS : gas - used, stack};
    run_case(&c, (int)used, base);
}

#define G 10000

static void test_predicates(void)
{
    /* TRUE inside a predicate inside a predicate: child2 10, child1 77, total 144 */
    expect("hex:000500015100c000c0", "", NULL, G, SLUICE_VM_OK, 144, "01");
    /* the child pushes 1 2 3 then FAILs: its stack (27) is refunded, result false */
    expect("hex:00045152536a00c0", "", NULL, G, SLUICE_VM_ERR_FALSE_VM_RESULT, 79, "-");
    /* the child moves TRUE to its alt stack: refunded too, result false */
    expect("hex:0002516b00c0", "", NULL, G, SLUICE_VM_ERR_FALSE_VM_RESULT, 78, "-");
    /* an explicit limit of 15: the child runs out on its second TRUE */
    expect("hex:00035151515fc0", "", NULL, G, SLUICE_VM_ERR_FALSE_VM_RESULT, 81, "-");
    /* a limit above the run limit: the parent fails, nothing left */
    expect("hex:000151021027c0", "", NULL, G, SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED, G, NULL);
    /* n = 2 items handed to the child (which pays nothing for them) */
    expect("2 0x935c9c 0 CHECKPREDICATE", "05 07", NULL, G, SLUICE_VM_OK, 81, "01");
    /* n = -1: the whole stack */
    expect("-1 0x935c9c 0 CHECKPREDICATE", "05 07", NULL, G, SLUICE_VM_OK, 81, "01");
    /* n above the depth */
    expect("2 0x51 0 CHECKPREDICATE", "05", NULL, G, SLUICE_VM_ERR_DATA_STACK_UNDERFLOW, 294, NULL);
    /* n = 1 of 2: the parent keeps the rest below the result */
    expect("1 0x51 0 CHECKPREDICATE", "aa bb", NULL, G, SLUICE_VM_OK, VMT_ANY_GAS, "aa 01");
    /* a predicate that does not parse: false result, parent continues */
    expect("0 0x4c 0 CHECKPREDICATE NOT", "", NULL, G, SLUICE_VM_OK, VMT_ANY_GAS, "01");
    /* an infinite loop: the run limit ends it with nothing left */
    expect("hex:6300000000", "", NULL, G, SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED, G, NULL);
}

/* A predicate that calls itself with all the gas: DUP 1 SWAP 0 CHECKPREDICATE
 * recurses (thousands of levels) until the deepest child runs out; every
 * level then returns false. No C recursion: must not crash in any build. */
static void test_deep_recursion(void)
{
    static const uint8_t p[5] = {0x76, 0x51, 0x7c, 0x00, 0xc0};
    sluice_bytes arg = {p, 5};
    sluice_vm_context c = vmt_ctx(p, 5);
    c.args = &arg;
    c.n_args = 1;
    int64_t left = -1;
    sluice_vm_err e = sluice_vm_verify(&c, 3000000, &left);
    CHECK(e == SLUICE_VM_ERR_FALSE_VM_RESULT);
    CHECK(left >= 0 && left <= 3000000);
    /* the same program bounded by an explicit child limit nests once */
    static const uint8_t q[6] = {0x76, 0x51, 0x7c, 0x01, 0x05, 0xc0};
    sluice_bytes qa = {q, 6};
    c.code = q;
    c.code_len = 6;
    c.args = &qa;
    e = sluice_vm_verify(&c, 3000, &left);
    CHECK(e == SLUICE_VM_ERR_FALSE_VM_RESULT);
}

typedef struct {
    int calls;
    uint64_t index, amount, vmver;
    uint8_t asset[64];
    size_t asset_len;
    uint8_t code[64];
    size_t code_len;
    bool expansion;
    sluice_vm_err answer_err;
    bool answer;
} co_state;

static sluice_vm_err check_output(void *user, uint64_t index, uint64_t amount,
                                  const uint8_t *asset_id, size_t asset_id_len,
                                  uint64_t vm_version, const uint8_t *code, size_t code_len,
                                  bool expansion, bool *ok)
{
    co_state *s = user;
    s->calls++;
    s->index = index;
    s->amount = amount;
    s->vmver = vm_version;
    s->asset_len = asset_id_len < 64 ? asset_id_len : 64;
    memcpy(s->asset, asset_id, s->asset_len);
    s->code_len = code_len < 64 ? code_len : 64;
    memcpy(s->code, code, s->code_len);
    s->expansion = expansion;
    *ok = s->answer;
    return s->answer_err;
}

#define ASSET "0xabababababababababababababababababababababababababababababababab"

static void test_checkoutput(void)
{
    co_state st;
    memset(&st, 0, sizeof st);
    st.answer = true;
    sluice_vm_context c = vmt_ctx(NULL, 0);
    c.check_output = check_output;
    c.user = &st;
    /* pushes 81, CHECKOUTPUT 16, pops 76 back, push 9: 30 */
    expect("1 5 " ASSET " 1 0x51 CHECKOUTPUT", "", &c, G, SLUICE_VM_OK, 30, "01");
    CHECK(st.calls == 1 && st.index == 1 && st.amount == 5 && st.vmver == 1);
    CHECK(st.asset_len == 32 && st.asset[0] == 0xab && st.asset[31] == 0xab);
    CHECK(st.code_len == 1 && st.code[0] == 0x51 && !st.expansion);
    st.answer = false;
    expect("1 5 " ASSET " 1 0x51 CHECKOUTPUT", "", &c, G, SLUICE_VM_ERR_FALSE_VM_RESULT, 29, "-");
    st.answer_err = SLUICE_VM_ERR_BAD_VALUE;
    expect("1 5 " ASSET " 1 0x51 CHECKOUTPUT", "", &c, G, SLUICE_VM_ERR_BAD_VALUE, 97, "");
    st.answer_err = SLUICE_VM_OK;
    st.answer = true;
    uint64_t v1 = 1;
    c.tx_version = &v1;
    expect("1 5 " ASSET " 1 0x51 CHECKOUTPUT", "", &c, G, SLUICE_VM_OK, 30, "01");
    CHECK(st.expansion);
    /* inside a CHECKPREDICATE child expansionReserved is false (control.go
     * does not copy it), so CHECKOUTPUT is told false there */
    {
        uint8_t child[128], parent[160];
        long cl = vmt_asm("1 5 " ASSET " 1 0x51 CHECKOUTPUT", child, sizeof child);
        CHECK(cl > 0 && cl < 75);
        size_t pl = 0;
        parent[pl++] = 0x00;
        parent[pl++] = (uint8_t)cl;
        memcpy(parent + pl, child, (size_t)cl);
        pl += (size_t)cl;
        parent[pl++] = 0x00;
        parent[pl++] = 0xc0;
        sluice_vm_context pc = c;
        pc.code = parent;
        pc.code_len = pl;
        int64_t left;
        st.expansion = true;
        CHECK(sluice_vm_verify(&pc, G, &left) == SLUICE_VM_OK);
        CHECK(!st.expansion);
    }
    c.tx_version = NULL;
    int before = st.calls;
    /* negative amount, index, vm version: ErrBadValue before the callback */
    expect("1 -1 " ASSET " 1 0x51 CHECKOUTPUT", "", &c, G, SLUICE_VM_ERR_BAD_VALUE, 88 + 16, NULL);
    expect("-1 5 " ASSET " 1 0x51 CHECKOUTPUT", "", &c, G, SLUICE_VM_ERR_BAD_VALUE, 88 + 16, "");
    expect("1 5 " ASSET " -1 0x51 CHECKOUTPUT", "", &c, G, SLUICE_VM_ERR_BAD_VALUE, 88 + 16, NULL);
    CHECK(st.calls == before);
    /* no callback: ErrContext after the pops */
    c.check_output = NULL;
    expect("1 5 " ASSET " 1 0x51 CHECKOUTPUT", "", &c, G, SLUICE_VM_ERR_CONTEXT, 97, "");
}

static void test_introspection(void)
{
    static const uint8_t id[32] = {1, 2, 3};
    uint64_t amount = 5, zero = 0, big = 0x8000000000000000ull, pos = 1, height = 300;
    sluice_vm_context c = vmt_ctx(NULL, 0);
    expect("ASSET", "", &c, G, SLUICE_VM_ERR_CONTEXT, 1, "");
    expect("AMOUNT", "", &c, G, SLUICE_VM_ERR_CONTEXT, 1, "");
    expect("INDEX", "", &c, G, SLUICE_VM_ERR_CONTEXT, 1, "");
    expect("OUTPUTID", "", &c, G, SLUICE_VM_ERR_CONTEXT, 1, "");
    expect("BLOCKHEIGHT", "", &c, G, SLUICE_VM_ERR_CONTEXT, 1, "");
    /* ENTRYID has no nil check: an absent ID pushes an empty item */
    expect("ENTRYID", "", &c, G, SLUICE_VM_ERR_FALSE_VM_RESULT, 9, "-");
    expect("PROGRAM", "", &c, G, SLUICE_VM_OK, 10, "c4");
    c.asset_id = id;
    c.amount = &amount;
    c.dest_pos = &pos;
    c.spent_output_id = id;
    c.entry_id = id;
    c.block_height = &height;
    const char *idhex = "0102030000000000000000000000000000000000000000000000000000000000";
    expect("ASSET", "", &c, G, SLUICE_VM_OK, 41, idhex);
    expect("OUTPUTID", "", &c, G, SLUICE_VM_OK, 41, idhex);
    expect("ENTRYID", "", &c, G, SLUICE_VM_OK, 41, idhex);
    expect("AMOUNT", "", &c, G, SLUICE_VM_OK, 10, "05");
    expect("INDEX", "", &c, G, SLUICE_VM_OK, 10, "01");
    expect("BLOCKHEIGHT", "", &c, G, SLUICE_VM_OK, 11, "2c01");
    c.amount = &zero;
    expect("AMOUNT", "", &c, G, SLUICE_VM_ERR_FALSE_VM_RESULT, 9, "-");
    /* pushInt64(int64(amount)): 2^63 becomes eight bytes */
    c.amount = &big;
    expect("AMOUNT", "", &c, G, SLUICE_VM_OK, 17, "0000000000000080");
    /* the run limit applies to the deferred push */
    expect("AMOUNT", "", &c, 16, SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED, 16, NULL);
}

/* Expansion opcodes with tx version 1: disallowed in the main VM, allowed
 * (cost 1) inside a CHECKPREDICATE child, which the reference builds without
 * expansionReserved. */
static void test_expansion_in_child(void)
{
    uint64_t v1 = 1;
    sluice_vm_context c = vmt_ctx(NULL, 0);
    c.tx_version = &v1;
    expect("hex:ff51", "", &c, G, SLUICE_VM_ERR_DISALLOWED_OPCODE, 0, "");
    /* child: NOPxff 1, TRUE 10; total 9 + 11 + 9 + (64 + 11 - 26 - 9 + 9) = 78 */
    expect("hex:0002ff5100c0", "", &c, G, SLUICE_VM_OK, 78, "01");
}

/* The reference's gas creation: a child that runs out of gas on a deferred
 * push (here PROGRAM, pushing the 83-byte main program) keeps the unpaid item,
 * and the parent refunds its cost as part of the child's stack. The port does
 * the same: gas_left ends above the limit. Looping on it would never end in
 * the reference; the port stops with SLUICE_VM_ERR_STEP_LIMIT. */
static void test_gas_creation(void)
{
    char src[512];
    char pad[160] = "0x";
    for (int i = 0; i < 75; i++)
        strcat(pad, "ab");
    /* used = 29 + (39 - L) + NOT 3 + pad/DROP 2 = 73 - L, L = 83 */
    snprintf(src, sizeof src, "0 0xc4 1 CHECKPREDICATE NOT %s DROP", pad);
    uint8_t prog[256];
    long n = vmt_asm(src, prog, sizeof prog);
    CHECK(n == 83);
    expect(src, "", NULL, 1000, SLUICE_VM_OK, 73 - 83, "01");
    snprintf(src, sizeof src, "$top 0 0xc4 1 CHECKPREDICATE DROP %s DROP JUMP:$top", pad);
    n = vmt_asm(src, prog, sizeof prog);
    CHECK(n == 88);
    sluice_vm_context c = vmt_ctx(prog, (size_t)n);
    int64_t left;
    CHECK(sluice_vm_verify(&c, 1000, &left) == SLUICE_VM_ERR_STEP_LIMIT);
    CHECK(strcmp(sluice_vm_strerror(SLUICE_VM_ERR_STEP_LIMIT), "step limit exceeded") == 0);
}

int main(void)
{
    test_gas_creation();
    test_predicates();
    test_expansion_in_child();
    test_deep_recursion();
    test_checkoutput();
    test_introspection();
    return tu_finish("test_bytom_vm_predicate");
}
