/* Bytom VM v1: the per-family table tests of the reference (BytomDAO v1
 * protocol/vm stack_test.go TestStackOps and TestStackUnderflow,
 * splice_test.go TestSpliceOps, numeric_test.go TestNumericOps and
 * TestRangeErrs, bitwise_test.go TestBitwiseOps, pushdata_test.go), with the
 * exact stacks and gas. See test_bytom_vm_ops.c for how an op-level case of
 * the reference becomes a program here (gas_left = R' + deferredCost). The
 * gas of the failing cases (which the reference does not state) is derived
 * from the reference's order of charges and written next to each case. */
#include "test_bytom_vm_util.h"

#define A SLUICE_VM_OK
#define F SLUICE_VM_ERR_FALSE_VM_RESULT
#define RL SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED
#define BV SLUICE_VM_ERR_BAD_VALUE
#define UF SLUICE_VM_ERR_DATA_STACK_UNDERFLOW

static const op_case stack_cases[] = {
    {"TOALTSTACK", "01", 50000, F, 49998, ""},
    {"TOALTSTACK FROMALTSTACK", "01", 50000, A, 49996, "01"},
    {"FROMALTSTACK", "", 50000, SLUICE_VM_ERR_ALT_STACK_UNDERFLOW, 49998, ""},
    {"2DROP", "01 01", 50000, F, 50016, ""},
    {"2DUP", "02 01", 50000, A, 49980, "02 01 02 01"},
    {"3DUP", "03 02 01", 50000, A, 49970, "03 02 01 03 02 01"},
    {"2OVER", "04 03 02 01", 50000, A, 49980, "04 03 02 01 04 03"},
    {"2OVER", "04 03 02 01", 2, RL, 0, "04 03 02 01"},
    {"2ROT", "06 05 04 03 02 01", 50000, A, 49998, "04 03 02 01 06 05"},
    {"2SWAP", "04 03 02 01", 50000, A, 49998, "02 01 04 03"},
    {"IFDUP", "01", 50000, A, 49990, "01 01"},
    {"IFDUP", "-", 50000, F, 49999, "-"},
    {"IFDUP", "01", 1, RL, 0, "01"},
    {"DEPTH", "01", 50000, A, 49990, "01 01"},
    {"DEPTH", "01", 1, RL, 0, "01"},
    {"DROP", "01", 50000, F, 50008, ""},
    {"DUP", "01", 50000, A, 49990, "01 01"},
    {"DUP", "01", 1, RL, 0, "01"},
    {"NIP", "02 01", 50000, A, 50008, "01"},
    /* NIP on one item: the top is taken off, the pop fails, the top stays off */
    {"NIP", "01", 50000, UF, 49999, ""},
    {"OVER", "02 01", 50000, A, 49990, "02 01 02"},
    {"OVER", "02 01", 1, RL, 0, "02 01"},
    {"PICK", "03 02 01 02", 50000, A, 49998, "03 02 01 03"},
    {"PICK", "ffff 02 01 02", 2, RL, 0, "ffff 02 01"},
    {"PICK", "01 ffffffffffffff7f", 50000, BV, 50014, "01"},
    {"PICK", "01 ffffffffffffffff", 50000, BV, 50014, "01"},
    {"ROLL", "03 02 01 02", 50000, A, 50007, "02 01 03"},
    {"ROLL", "01 05", 50000, UF, 50007, "01"},
    {"ROT", "03 02 01", 50000, A, 49998, "02 01 03"},
    {"SWAP", "02 01", 50000, A, 49999, "01 02"},
    {"TUCK", "02 01", 50000, A, 49990, "01 02 01"},
    /* TUCK whose push fails: both items stay removed (as in the reference) */
    {"TUCK", "02 01", 1, RL, 0, ""},
};

static const op_case splice_cases[] = {
    {"CAT", "68656c6c6f 776f726c64", 50000, A, 49986 + 18, "68656c6c6f776f726c64"},
    {"CAT", "68656c6c6f 776f726c64", 4, RL, 0, ""},
    {"SUBSTR", "68656c6c6f776f726c64 03 05", 50000, A, 49991 + 28, "6c6f776f72"},
    {"SUBSTR", "68656c6c6f776f726c64 03 ffffffffffffffff", 50000, BV, 49996, NULL},
    {"SUBSTR", "68656c6c6f776f726c64 ffffffffffffffff 05", 50000, BV, 49991, NULL},
    {"SUBSTR", "68656c6c6f776f726c64 06 05", 50000, BV, 49991, ""},
    {"SUBSTR", "68656c6c6f776f726c64 03 05", 4, RL, 0, NULL},
    {"LEFT", "68656c6c6f776f726c64 05", 50000, A, 49991 + 19, "68656c6c6f"},
    {"LEFT", "68656c6c6f776f726c64 ffffffffffffffff", 50000, BV, 49996, NULL},
    {"LEFT", "68656c6c6f776f726c64 0b", 50000, BV, 49985, ""},
    {"LEFT", "68656c6c6f776f726c64 05", 4, RL, 0, NULL},
    {"RIGHT", "68656c6c6f776f726c64 05", 50000, A, 49991 + 19, "776f726c64"},
    {"RIGHT", "68656c6c6f776f726c64 ffffffffffffffff", 50000, BV, 49996, NULL},
    {"RIGHT", "68656c6c6f776f726c64 0b", 50000, BV, 49985, ""},
    {"RIGHT", "68656c6c6f776f726c64 05", 4, RL, 0, NULL},
    {"SIZE", "68656c6c6f776f726c64", 50000, A, 49999 - 9, "68656c6c6f776f726c64 0a"},
    {"CATPUSHDATA", "ff abcd", 50000, A, 49993 + 10, "ff02abcd"},
    {"CATPUSHDATA", "ff abcd", 4, RL, 0, NULL},
    {"CAT", "", 0, RL, 0, ""},
    {"SUBSTR", "", 0, RL, 0, ""},
    {"LEFT", "", 0, RL, 0, ""},
    {"RIGHT", "", 0, RL, 0, ""},
    {"CATPUSHDATA", "", 0, RL, 0, ""},
    {"SIZE", "", 0, RL, 0, ""},
};

static const op_case numeric_cases[] = {
    {"1ADD", "02", 50000, A, 49998, "03"},
    {"1SUB", "02", 50000, A, 49998, "01"},
    {"2MUL", "02", 50000, A, 49998, "04"},
    {"2DIV", "02", 50000, A, 49998, "01"},
    {"2DIV", "feffffffffffffff", 50000, A, 49998, "ffffffffffffffff"},
    {"2DIV", "ffffffffffffffff", 50000, A, 49998, "ffffffffffffffff"},
    {"NEGATE", "02", 50000, A, 49998 - 7, "feffffffffffffff"},
    {"ABS", "02", 50000, A, 49998, "02"},
    {"ABS", "feffffffffffffff", 50000, A, 49998 + 7, "02"},
    {"NOT", "02", 50000, F, 49998 + 1, "-"},
    {"0NOTEQUAL", "02", 50000, A, 49998, "01"},
    {"ADD", "02 01", 50000, A, 49998 + 9, "03"},
    {"SUB", "02 01", 50000, A, 49998 + 9, "01"},
    {"MUL", "02 01", 50000, A, 49992 + 9, "02"},
    {"DIV", "02 01", 50000, A, 49992 + 9, "02"},
    {"DIV", "feffffffffffffff 01", 50000, A, 49992 + 9, "feffffffffffffff"},
    {"DIV", "feffffffffffffff ffffffffffffffff", 50000, A, 49992 + 23, "02"},
    {"DIV", "fdffffffffffffff 02", 50000, A, 49992 + 9, "ffffffffffffffff"},
    {"DIV", "02 -", 50000, SLUICE_VM_ERR_DIVZERO, 49992, ""},
    {"MOD", "02 01", 50000, F, 49992 + 10, "-"},
    {"MOD", "f4ffffffffffffff 0a", 50000, A, 49992 + 16, "08"},
    {"MOD", "02 00", 50000, SLUICE_VM_ERR_DIVZERO, 49992, ""},
    {"LSHIFT", "02 01", 50000, A, 49992 + 9, "04"},
    {"LSHIFT", "feffffffffffffff 01", 50000, A, 49992 + 9, "fcffffffffffffff"},
    {"RSHIFT", "02 01", 50000, A, 49992 + 9, "01"},
    {"RSHIFT", "feffffffffffffff 01", 50000, A, 49992 + 9, "ffffffffffffffff"},
    {"BOOLAND", "02 01", 50000, A, 49998 + 9, "01"},
    {"BOOLOR", "02 01", 50000, A, 49998 + 9, "01"},
    {"NUMEQUAL", "02 01", 50000, F, 49998 + 10, "-"},
    {"NUMEQUALVERIFY", "02 02", 50000, F, 49998 + 18, ""},
    {"NUMEQUALVERIFY", "01 02", 50000, SLUICE_VM_ERR_VERIFY_FAILED, 49998, ""},
    {"NUMNOTEQUAL", "02 01", 50000, A, 49998 + 9, "01"},
    {"LESSTHAN", "02 01", 50000, F, 49998 + 10, "-"},
    {"LESSTHANOREQUAL", "02 01", 50000, F, 49998 + 10, "-"},
    {"GREATERTHAN", "02 01", 50000, A, 49998 + 9, "01"},
    {"GREATERTHANOREQUAL", "02 01", 50000, A, 49998 + 9, "01"},
    {"MIN", "02 01", 50000, A, 49998 + 9, "01"},
    {"MIN", "01 02", 50000, A, 49998 + 9, "01"},
    {"MAX", "02 01", 50000, A, 49998 + 9, "02"},
    {"MAX", "01 02", 50000, A, 49998 + 9, "02"},
    {"WITHIN", "01 01 02", 50000, A, 49996 + 18, "01"},
    /* operands of more than 8 bytes: ErrBadValue after the pop */
    {"1ADD", "000000000000000000", 50000, BV, 49998, ""},
    /* LSHIFT: a negative count fails before x is popped; RSHIFT after */
    {"LSHIFT", "02 ffffffffffffffff", 50000, BV, 49992, "02"},
    {"RSHIFT", "02 ffffffffffffffff", 50000, BV, 49992, ""},
    {"RSHIFT", "feffffffffffffff 40", 50000, A, 49992 + 9, "ffffffffffffffff"},
    {"RSHIFT", "02 ffffffffffffff7f", 50000, F, 49992 + 17, "-"},
};

static const char *numops[] = {"1ADD", "1SUB", "2MUL", "2DIV", "NEGATE", "ABS", "NOT",
                               "0NOTEQUAL", "ADD", "SUB", "MUL", "DIV", "MOD", "LSHIFT",
                               "RSHIFT", "BOOLAND", "BOOLOR", "NUMEQUAL", "NUMEQUALVERIFY",
                               "NUMNOTEQUAL", "LESSTHAN", "LESSTHANOREQUAL", "GREATERTHAN",
                               "GREATERTHANOREQUAL", "MIN", "MAX", "WITHIN"};

static const op_case bitwise_cases[] = {
    {"INVERT", "ff", 50000, F, 49998, "00"},
    {"INVERT", "ff00", 50000, A, 49997, "00ff"},
    {"AND", "ff 80", 50000, A, 49998 + 9, "80"},
    {"AND", "ff 80ff", 50000, A, 49998 + 10, "80"},
    {"AND", "80ff ff", 50000, A, 49998 + 10, "80"},
    {"OR", "ff 80", 50000, A, 49998 + 9, "ff"},
    {"OR", "ff 8010", 50000, A, 49997 + 9, "ff10"},
    {"OR", "ff10 80", 50000, A, 49997 + 9, "ff10"},
    {"XOR", "ff 80", 50000, A, 49998 + 9, "7f"},
    {"XOR", "ff 8010", 50000, A, 49997 + 9, "7f10"},
    {"XOR", "ff10 80", 50000, A, 49997 + 9, "7f10"},
    {"EQUAL", "ff ff", 50000, A, 49998 + 9, "01"},
    {"EQUAL", "ff10 ff10", 50000, A, 49997 + 11, "01"},
    {"EQUAL", "ff 80", 50000, F, 49998 + 10, "-"},
    {"EQUAL", "ff ff80", 50000, F, 49998 + 11, "-"},
    {"EQUAL", "ff80 ff", 50000, F, 49998 + 11, "-"},
    {"EQUALVERIFY", "ff ff", 50000, F, 49998 + 18, ""},
    {"EQUALVERIFY", "ff10 ff10", 50000, F, 49997 + 20, ""},
    {"EQUALVERIFY", "ff 80", 50000, SLUICE_VM_ERR_VERIFY_FAILED, 49998, ""},
    {"EQUALVERIFY", "ff ff80", 50000, SLUICE_VM_ERR_VERIFY_FAILED, 49998, ""},
    {"EQUALVERIFY", "ff80 ff", 50000, SLUICE_VM_ERR_VERIFY_FAILED, 49998, ""},
    {"INVERT", "ff ff", 0, RL, 0, "ff ff"},
    {"INVERT", "ff ff", 1, RL, 0, "ff ff"},
    {"AND", "ff ff", 0, RL, 0, "ff ff"},
    {"AND", "ff ff", 1, RL, 0, ""},
    {"OR", "ff ff", 1, RL, 0, ""},
    {"XOR", "ff ff", 1, RL, 0, ""},
    {"EQUAL", "ff ff", 1, RL, 0, ""},
    {"EQUALVERIFY", "ff ff", 0, RL, 0, "ff ff"},
    {"EQUALVERIFY", "ff ff", 1, RL, 0, ""},
};

/* pushdata.go */
static const op_case push_cases[] = {
    {"FALSE", "", 50000, F, 49991, "-"},
    {"1NEGATE", "", 50000, A, 49983, "ffffffffffffffff"},
    {"NOP", "", 50000, F, 49999, ""},
    {"hex:5a", "", 50000, A, 49990, "0a"},
    {"hex:60", "", 50000, A, 49990, "10"},
    {"hex:03aabbcc", "", 50000, A, 49988, "aabbcc"},
    {"hex:4c0105", "", 50000, A, 49990, "05"},
    {"hex:4d010005", "", 50000, A, 49990, "05"},
    {"hex:4e0100000005", "", 50000, A, 49990, "05"},
    {"hex:4c00", "", 50000, F, 49991, "-"},
    {"hex:03aabbcc", "", 11, RL, 0, ""},
    {"FALSE", "", 0, RL, 0, ""},
};

/* numeric_test.go TestRangeErrs: true = ErrRange. */
static const struct {
    const char *prog;
    int range;
} range_cases[] = {
    {"0 1ADD", 0},
    {"-9223372036854775808 1ADD", 0},
    {"9223372036854775806 1ADD", 0},
    {"9223372036854775807 1ADD", 1},
    {"0 1SUB", 0},
    {"9223372036854775807 1SUB", 0},
    {"-9223372036854775807 1SUB", 0},
    {"-9223372036854775808 1SUB", 1},
    {"1 2MUL", 0},
    {"4611686018427387902 2MUL", 0},
    {"4611686018427387904 2MUL", 1},
    {"-4611686018427387903 2MUL", 0},
    {"-4611686018427387905 2MUL", 1},
    {"1 NEGATE", 0},
    {"-1 NEGATE", 0},
    {"9223372036854775807 NEGATE", 0},
    {"-9223372036854775808 NEGATE", 1},
    {"1 ABS", 0},
    {"-1 ABS", 0},
    {"9223372036854775807 ABS", 0},
    {"-9223372036854775808 ABS", 1},
    {"2 3 ADD", 0},
    {"-9223372036854775808 9223372036854775807 ADD", 0},
    {"4611686018427387902 4611686018427387901 ADD", 0},
    {"4611686018427387904 4611686018427387905 ADD", 1},
    {"-4611686018427387903 -4611686018427387902 ADD", 0},
    {"-4611686018427387905 -4611686018427387906 ADD", 1},
    {"2 3 SUB", 0},
    {"1 9223372036854775807 SUB", 0},
    {"-1 -9223372036854775808 SUB", 0},
    {"1 -9223372036854775808 SUB", 1},
    {"-1 9223372036854775807 SUB", 0},
    {"-2 9223372036854775807 SUB", 1},
    {"1 2 LSHIFT", 0},
    {"-1 2 LSHIFT", 0},
    {"-1 63 LSHIFT", 0},
    {"-1 64 LSHIFT", 1},
    {"0 64 LSHIFT", 0},
    {"1 62 LSHIFT", 0},
    {"1 63 LSHIFT", 1},
    {"9223372036854775807 0 LSHIFT", 0},
    {"9223372036854775807 1 LSHIFT", 1},
    {"4611686018427387903 1 LSHIFT", 0},
    {"4611686018427387903 2 LSHIFT", 1},
    {"-9223372036854775808 0 LSHIFT", 0},
    {"-9223372036854775808 1 LSHIFT", 1},
    {"-4611686018427387904 1 LSHIFT", 0},
    {"-4611686018427387904 2 LSHIFT", 1},
    /* beyond the reference's table: MUL, DIV, MOD at the edges */
    {"-9223372036854775808 -1 MUL", 1},
    {"-9223372036854775808 1 MUL", 0},
    {"3037000500 3037000500 MUL", 1},
    {"3037000499 3037000499 MUL", 0},
    {"-9223372036854775808 -1 DIV", 1},
    {"-9223372036854775808 -1 MOD", 1},
    {"-9223372036854775808 1 DIV", 0},
};

static void test_range(void)
{
    for (size_t i = 0; i < sizeof range_cases / sizeof range_cases[0]; i++) {
        uint8_t prog[128];
        long n = vmt_asm(range_cases[i].prog, prog, sizeof prog);
        CHECK(n > 0);
        sluice_vm_context c = vmt_ctx(prog, (size_t)n);
        int64_t left;
        sluice_vm_err e = sluice_vm_verify(&c, 50000, &left);
        /* without a range error the result is a number: true unless 0 */
        int ok = range_cases[i].range ? e == SLUICE_VM_ERR_RANGE
                                      : (e == SLUICE_VM_OK || e == SLUICE_VM_ERR_FALSE_VM_RESULT);
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "  range %s: %s\n", range_cases[i].prog, sluice_vm_strerror(e));
    }
}

/* stack_test.go TestStackUnderflow: with fewer than n (empty) items, every op
 * fails with ErrDataStackUnderflow. */
static void test_underflow(void)
{
    static const struct {
        int n;
        const char *op;
    } u[] = {
        {1, "INVERT"}, {2, "AND"}, {2, "OR"}, {2, "XOR"}, {2, "EQUAL"}, {2, "EQUALVERIFY"},
        {1, "VERIFY"}, {3, "CHECKPREDICATE"}, {1, "hex:6400000000"}, {1, "SHA256"},
        {1, "SHA3"}, {1, "HASH160"}, {3, "CHECKSIG"}, {3, "CHECKMULTISIG"},
        {5, "CHECKOUTPUT"}, {1, "1ADD"}, {1, "1SUB"}, {1, "2MUL"}, {1, "2DIV"},
        {1, "NEGATE"}, {1, "ABS"}, {1, "NOT"}, {1, "0NOTEQUAL"}, {2, "ADD"}, {2, "SUB"},
        {2, "MUL"}, {2, "DIV"}, {2, "MOD"}, {2, "LSHIFT"}, {2, "RSHIFT"}, {2, "BOOLAND"},
        {2, "BOOLOR"}, {2, "NUMEQUAL"}, {2, "NUMEQUALVERIFY"}, {2, "NUMNOTEQUAL"},
        {2, "LESSTHAN"}, {2, "GREATERTHAN"}, {2, "LESSTHANOREQUAL"},
        {2, "GREATERTHANOREQUAL"}, {2, "MIN"}, {2, "MAX"}, {3, "WITHIN"}, {2, "CAT"},
        {3, "SUBSTR"}, {2, "LEFT"}, {2, "RIGHT"}, {1, "SIZE"}, {2, "CATPUSHDATA"},
        {1, "TOALTSTACK"}, {2, "2DROP"}, {2, "2DUP"}, {3, "3DUP"}, {4, "2OVER"},
        {6, "2ROT"}, {4, "2SWAP"}, {1, "IFDUP"}, {1, "DROP"}, {1, "DUP"}, {2, "NIP"},
        {2, "OVER"}, {2, "PICK"}, {2, "ROLL"}, {3, "ROT"}, {2, "SWAP"}, {2, "TUCK"},
    };
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
        for (int k = 0; k < u[i].n; k++) {
            char args[64] = "";
            for (int j = 0; j < k; j++)
                strcat(args, "- ");
            op_case c = {u[i].op, args, 50000, UF, VMT_ANY_GAS, NULL};
            run_case(&c, 1000 + (int)i * 10 + k, NULL);
        }
    }
}

static void run_table(const op_case *t, size_t n, int base)
{
    for (size_t i = 0; i < n; i++)
        run_case(&t[i], base + (int)i, NULL);
}

int main(void)
{
    run_table(stack_cases, sizeof stack_cases / sizeof stack_cases[0], 0);
    static const char *stackops[] = {"DEPTH", "FROMALTSTACK", "TOALTSTACK", "2DROP", "2DUP",
                                     "3DUP", "2OVER", "2ROT", "2SWAP", "IFDUP", "DROP", "DUP",
                                     "NIP", "OVER", "PICK", "ROLL", "ROT", "SWAP", "TUCK"};
    for (size_t i = 0; i < sizeof stackops / sizeof stackops[0]; i++) {
        op_case c = {stackops[i], "", 0, RL, 0, ""};
        run_case(&c, 100 + (int)i, NULL);
    }
    run_table(splice_cases, sizeof splice_cases / sizeof splice_cases[0], 200);
    run_table(numeric_cases, sizeof numeric_cases / sizeof numeric_cases[0], 300);
    for (size_t i = 0; i < sizeof numops / sizeof numops[0]; i++) {
        op_case c = {numops[i], "02 02 02", 0, RL, 0, "02 02 02"};
        run_case(&c, 400 + (int)i, NULL);
    }
    run_table(bitwise_cases, sizeof bitwise_cases / sizeof bitwise_cases[0], 500);
    run_table(push_cases, sizeof push_cases / sizeof push_cases[0], 600);
    test_range();
    test_underflow();
    return tu_finish("test_bytom_vm_families");
}
