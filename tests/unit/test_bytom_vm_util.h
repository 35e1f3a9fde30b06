/* Helpers shared by the test_bytom_vm_*.c tests (header-only, static): a small
 * assembler with the syntax of the reference's protocol/vm/assemble.go (names,
 * decimal numbers as PushdataInt64, 0x... as PushdataBytes, JUMP:n,
 * JUMPIF:n, $label definitions and JUMP:$label), a default context, and a
 * runner that returns error, gas left and the final stack. */
#ifndef TEST_BYTOM_VM_UTIL_H
#define TEST_BYTOM_VM_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sluice/bytom_vm.h"
#include "testutil.h"

static const struct {
    const char *name;
    uint8_t op;
} vmt_names[] = {
    {"FALSE", 0x00}, {"TRUE", 0x51}, {"1NEGATE", 0x4f}, {"NOP", 0x61}, {"VERIFY", 0x69},
    {"FAIL", 0x6a}, {"CHECKPREDICATE", 0xc0}, {"TOALTSTACK", 0x6b}, {"FROMALTSTACK", 0x6c},
    {"2DROP", 0x6d}, {"2DUP", 0x6e}, {"3DUP", 0x6f}, {"2OVER", 0x70}, {"2ROT", 0x71},
    {"2SWAP", 0x72}, {"IFDUP", 0x73}, {"DEPTH", 0x74}, {"DROP", 0x75}, {"DUP", 0x76},
    {"NIP", 0x77}, {"OVER", 0x78}, {"PICK", 0x79}, {"ROLL", 0x7a}, {"ROT", 0x7b},
    {"SWAP", 0x7c}, {"TUCK", 0x7d}, {"CAT", 0x7e}, {"SUBSTR", 0x7f}, {"LEFT", 0x80},
    {"RIGHT", 0x81}, {"SIZE", 0x82}, {"CATPUSHDATA", 0x89}, {"INVERT", 0x83}, {"AND", 0x84},
    {"OR", 0x85}, {"XOR", 0x86}, {"EQUAL", 0x87}, {"EQUALVERIFY", 0x88}, {"1ADD", 0x8b},
    {"1SUB", 0x8c}, {"2MUL", 0x8d}, {"2DIV", 0x8e}, {"NEGATE", 0x8f}, {"ABS", 0x90},
    {"NOT", 0x91}, {"0NOTEQUAL", 0x92}, {"ADD", 0x93}, {"SUB", 0x94}, {"MUL", 0x95},
    {"DIV", 0x96}, {"MOD", 0x97}, {"LSHIFT", 0x98}, {"RSHIFT", 0x99}, {"BOOLAND", 0x9a},
    {"BOOLOR", 0x9b}, {"NUMEQUAL", 0x9c}, {"NUMEQUALVERIFY", 0x9d}, {"NUMNOTEQUAL", 0x9e},
    {"LESSTHAN", 0x9f}, {"GREATERTHAN", 0xa0}, {"LESSTHANOREQUAL", 0xa1},
    {"GREATERTHANOREQUAL", 0xa2}, {"MIN", 0xa3}, {"MAX", 0xa4}, {"WITHIN", 0xa5},
    {"SHA256", 0xa8}, {"SHA3", 0xaa}, {"HASH160", 0xab}, {"CHECKSIG", 0xac},
    {"CHECKMULTISIG", 0xad}, {"TXSIGHASH", 0xae}, {"CHECKOUTPUT", 0xc1}, {"ASSET", 0xc2},
    {"AMOUNT", 0xc3}, {"PROGRAM", 0xc4}, {"INDEX", 0xc9}, {"ENTRYID", 0xca},
    {"OUTPUTID", 0xcb}, {"BLOCKHEIGHT", 0xcd}, {"PUSHDATA1", 0x4c}, {"PUSHDATA2", 0x4d},
    {"PUSHDATA4", 0x4e},
};

static inline size_t vmt_pushdata(const uint8_t *d, size_t l, uint8_t *w)
{
    size_t n = 0;
    if (l == 0) {
        w[n++] = 0x00;
    } else if (l <= 75) {
        w[n++] = (uint8_t)l;
    } else if (l < 256) {
        w[n++] = 0x4c;
        w[n++] = (uint8_t)l;
    } else if (l < 65536) {
        w[n++] = 0x4d;
        w[n++] = (uint8_t)l;
        w[n++] = (uint8_t)(l >> 8);
    } else {
        w[n++] = 0x4e;
        for (int i = 0; i < 4; i++)
            w[n++] = (uint8_t)(l >> (8 * i));
    }
    memcpy(w + n, d, l);
    return n + l;
}

static inline size_t vmt_int64_bytes(int64_t v, uint8_t out[8])
{
    size_t len = 0;
    for (int i = 0; i < 8; i++) {
        out[i] = (uint8_t)((uint64_t)v >> (8 * i));
        if (out[i])
            len = (size_t)i + 1;
    }
    return len;
}

static inline size_t vmt_pushint(int64_t v, uint8_t *w)
{
    uint8_t b[8];
    if (v == 0) {
        w[0] = 0x00;
        return 1;
    }
    if (v >= 1 && v <= 16) {
        w[0] = (uint8_t)(0x50 + v);
        return 1;
    }
    return vmt_pushdata(b, vmt_int64_bytes(v, b), w);
}

static inline int vmt_hex(const char *s, size_t n, uint8_t *out)
{
    if (n % 2)
        return -1;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1)
            return -1;
        out[i] = (uint8_t)v;
    }
    return (int)(n / 2);
}

/* Assembles src into out (cap bytes); returns the length or -1. Two passes
 * resolve $labels (each one the pc where it is defined). */
static inline long vmt_asm(const char *src, uint8_t *out, size_t cap)
{
    char labels[32][32];
    uint32_t lpc[32];
    int nl = 0;
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        const char *p = src;
        n = 0;
        while (*p) {
            while (*p == ' ')
                p++;
            if (!*p)
                break;
            const char *e = p;
            while (*e && *e != ' ')
                e++;
            char tok[4096];
            size_t tl = (size_t)(e - p);
            if (tl >= sizeof tok || n + tl / 2 + 16 > cap)
                return -1;
            memcpy(tok, p, tl);
            tok[tl] = 0;
            p = e;
            if (tok[0] == '$') {
                if (pass == 0 && nl < 32 && tl < sizeof labels[nl]) {
                    memcpy(labels[nl], tok, tl + 1);
                    lpc[nl++] = (uint32_t)n;
                }
                continue;
            }
            if (!strncmp(tok, "JUMP:", 5) || !strncmp(tok, "JUMPIF:", 7)) {
                const char *arg = strchr(tok, ':') + 1;
                uint32_t t = 0;
                if (arg[0] == '$') {
                    for (int i = 0; i < nl; i++)
                        if (!strcmp(labels[i], arg))
                            t = lpc[i];
                } else {
                    t = (uint32_t)strtoul(arg, NULL, 10);
                }
                out[n++] = tok[4] == ':' ? 0x63 : 0x64;
                for (int i = 0; i < 4; i++)
                    out[n++] = (uint8_t)(t >> (8 * i));
                continue;
            }
            if (tok[0] == '0' && tok[1] == 'x') {
                uint8_t d[2048];
                int dl = vmt_hex(tok + 2, tl - 2, d);
                if (dl < 0)
                    return -1;
                n += vmt_pushdata(d, (size_t)dl, out + n);
                continue;
            }
            if ((tok[0] >= '0' && tok[0] <= '9') || (tok[0] == '-' && tok[1])) {
                char *end;
                long long v = strtoll(tok, &end, 10);
                if (*end == 0) {
                    n += vmt_pushint(v, out + n);
                    continue;
                }
            }
            size_t i;
            for (i = 0; i < sizeof vmt_names / sizeof vmt_names[0]; i++)
                if (!strcmp(vmt_names[i].name, tok))
                    break;
            if (i == sizeof vmt_names / sizeof vmt_names[0]) {
                fprintf(stderr, "vmt_asm: unknown token %s\n", tok);
                return -1;
            }
            out[n++] = vmt_names[i].op;
        }
    }
    return (long)n;
}

/* A context with only the VM version set (every optional field absent). */
static inline sluice_vm_context vmt_ctx(const uint8_t *code, size_t len)
{
    sluice_vm_context c;
    memset(&c, 0, sizeof c);
    c.vm_version = 1;
    c.code = code;
    c.code_len = len;
    return c;
}

typedef struct {
    sluice_vm_err err;
    int64_t gas_left;
    sluice_bytes *stack;
    size_t depth;
} vmt_result;

static inline vmt_result vmt_run_ctx(const sluice_vm_context *c, int64_t gas)
{
    vmt_result r;
    r.err = sluice_vm_verify_stack(c, gas, &r.gas_left, &r.stack, &r.depth);
    return r;
}

/* Item i of a stack given as hex strings separated by spaces ("" = empty item,
 * written as "-"). Returns 1 when the stack equals want. */
static inline int vmt_stack_is(const vmt_result *r, const char *want)
{
    size_t i = 0;
    const char *p = want;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        uint8_t d[2048];
        int dl = (*p == '-') ? 0 : vmt_hex(p, (size_t)(e - p), d);
        if (dl < 0 || i >= r->depth || r->stack[i].len != (uint32_t)dl ||
            (dl && memcmp(r->stack[i].p, d, (size_t)dl)))
            return 0;
        i++;
        p = e;
    }
    return i == r->depth;
}

static inline void vmt_free(vmt_result *r)
{
    free(r->stack);
    r->stack = NULL;
}

/* Parses args given as hex strings ("-" = empty) into storage. */
typedef struct {
    sluice_bytes a[16];
    uint8_t mem[16][2048];
    size_t n;
} vmt_args;

static inline void vmt_parse_args(vmt_args *a, const char *s)
{
    a->n = 0;
    const char *p = s ? s : "";
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        int dl = (*p == '-') ? 0 : vmt_hex(p, (size_t)(e - p), a->mem[a->n]);
        a->a[a->n].p = a->mem[a->n];
        a->a[a->n].len = (uint32_t)(dl < 0 ? 0 : dl);
        a->n++;
        p = e;
    }
}

/* Gas not checked (the reference gives none for this case). */
#define VMT_ANY_GAS INT64_MIN

typedef struct {
    const char *prog;  /* assembler source, or "hex:..." raw bytes */
    const char *args;  /* hex items, bottom first, "-" = empty */
    int64_t r;         /* the run limit when the program starts */
    sluice_vm_err err;
    int64_t gas;       /* expected gas_left */
    const char *stack; /* expected final stack, or NULL to skip the check */
} op_case;

static inline long prog_bytes(const char *src, uint8_t *out, size_t cap)
{
    if (!strncmp(src, "hex:", 4)) {
        int n = vmt_hex(src + 4, strlen(src + 4), out);
        return n;
    }
    return vmt_asm(src, out, cap);
}

static inline void run_case(const op_case *c, int idx, const sluice_vm_context *base)
{
    static uint8_t prog[8192];
    vmt_args a;
    long n = prog_bytes(c->prog, prog, sizeof prog);
    CHECK(n >= 0);
    if (n < 0)
        return;
    vmt_parse_args(&a, c->args);
    int64_t gas = c->r;
    for (size_t i = 0; i < a.n; i++)
        gas += 8 + a.a[i].len;
    sluice_vm_context ctx = base ? *base : vmt_ctx(NULL, 0);
    ctx.code = prog;
    ctx.code_len = (size_t)n;
    ctx.args = a.a;
    ctx.n_args = a.n;
    vmt_result r = vmt_run_ctx(&ctx, gas);
    int ok = r.err == c->err && (c->gas == VMT_ANY_GAS || r.gas_left == c->gas) && (!c->stack || vmt_stack_is(&r, c->stack));
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  case %d [%s] args [%s]: err %s gas %lld (want %s gas %lld)\n", idx,
                c->prog, c->args ? c->args : "", sluice_vm_strerror(r.err), (long long)r.gas_left,
                sluice_vm_strerror(c->err), (long long)c->gas);
    vmt_free(&r);
}

#endif
