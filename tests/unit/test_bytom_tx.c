/* Bytom v1 transactions: parsing, byte-exact round trip, entry IDs
 * (vectors from BytomDAO/bytom v1.1.1 tests, tests/vectors/bytom_chain.txt:
 * tx_id, output_id, decoded_tx, rule_aa, merkle_real_tx), hand-built
 * transactions for every input type, suffixes and unknown asset versions,
 * and hostile inputs (truncations, limits, counts, flips). */
#include "sluice/bytom_header.h"
#include "sluice/bytom_tx.h"
#include "sluice/hex.h"
#include "sluice/keccak.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#define MAXTX 4096

/* ---- vectors ---- */

typedef struct {
    char key[32];
    char *tok[12];
    int ntok;
    char *line;
} vline;

static vline vlines[64];
static int nvlines;

static void load_vectors(void) {
    FILE *f = tu_open_vectors("bytom_chain.txt");
    static char buf[32768];
    while (nvlines < 64 && tu_next_line(f, buf, sizeof buf)) {
        vline *v = &vlines[nvlines++];
        v->line = strdup(buf);
        char *save = NULL;
        char *t = strtok_r(v->line, " ", &save);
        snprintf(v->key, sizeof v->key, "%s", t ? t : "");
        while ((t = strtok_r(NULL, " ", &save)) && v->ntok < 12) v->tok[v->ntok++] = t;
    }
    fclose(f);
    CHECK(nvlines >= 12);
}

static const vline *find(const char *key, int nth) {
    for (int i = 0; i < nvlines; i++)
        if (strcmp(vlines[i].key, key) == 0 && nth-- == 0) return &vlines[i];
    return NULL;
}

static size_t unhex(uint8_t *out, size_t cap, const char *hex) {
    size_t n = 0;
    CHECK(sluice_hex_decode(out, cap, &n, hex) == SLUICE_OK);
    return n;
}

static void unhex32(uint8_t out[32], const char *hex) { CHECK(sluice_hex_decode_exact(out, 32, hex) == SLUICE_OK); }

/* Parses raw, checks the exact round trip, returns the parsed tx (or NULL). */
static sluice_bytom_tx *parse_rt(const uint8_t *raw, size_t len) {
    sluice_bytom_tx *tx = NULL;
    char why[256] = "";
    sluice_err e = sluice_bytom_tx_parse(raw, len, &tx, why, sizeof why);
    CHECK(e == SLUICE_OK);
    if (e != SLUICE_OK) {
        fprintf(stderr, "  parse failed: %s\n", why);
        return NULL;
    }
    CHECK(tx->raw.p == raw && tx->raw.len == len);
    CHECK(tx->canonical == 1);
    static uint8_t out[MAXTX];
    size_t n = sluice_bytom_tx_write(tx, NULL, 0);
    CHECK(n == len);
    CHECK(sluice_bytom_tx_write(tx, out, sizeof out) == len);
    if (n == len) CHECK_MEM(out, raw, len);
    /* too small a buffer: nothing written, size still reported */
    memset(out, 0xee, 4);
    CHECK(sluice_bytom_tx_write(tx, out, len - 1) == len);
    CHECK(out[0] == 0xee);
    return tx;
}

static void test_tx_id_vectors(void) {
    static uint8_t raw[MAXTX];
    for (int k = 0; k < 2; k++) {
        const vline *v = find("tx_id", k);
        CHECK(v && v->ntok == 2);
        if (!v) continue;
        size_t len = unhex(raw, sizeof raw, v->tok[0]);
        uint8_t want[32];
        unhex32(want, v->tok[1]);
        sluice_bytom_tx *tx = parse_rt(raw, len);
        if (!tx) continue;
        CHECK_MEM(tx->id, want, 32);
        if (k == 1) {
            /* a coinbase input with two outputs: map.go gives the coinbase the
             * value of Outputs[0] */
            CHECK(tx->n_inputs == 1 && tx->n_outputs == 2);
            CHECK(tx->inputs[0].type == SLUICE_BYTOM_INPUT_COINBASE);
            CHECK(tx->inputs[0].arbitrary.len == 9 && memcmp(tx->inputs[0].arbitrary.p, "arbitrary", 9) == 0);
            CHECK_MEM(tx->inputs[0].asset_id, tx->outputs[0].asset_id, 32);
            CHECK(tx->inputs[0].amount == tx->outputs[0].amount);
            /* input ID = EntryID("coinbase1", varstr(arbitrary)) */
            uint8_t body[10], id[32];
            body[0] = 9;
            memcpy(body + 1, "arbitrary", 9);
            sluice_bytom_entry_id("coinbase1", body, 10, id);
            CHECK_MEM(tx->inputs[0].input_id, id, 32);
        } else {
            CHECK(tx->n_inputs == 0 && tx->n_outputs == 0 && tx->version == 1);
        }
        sluice_bytom_tx_free(tx);
    }
}

static void test_output_id_vectors(void) {
    for (int k = 0; k < 2; k++) {
        const vline *v = find("output_id", k);
        CHECK(v && v->ntok == 7);
        if (!v) continue;
        uint8_t src[32], asset[32], want[32], got[32], prog[256];
        unhex32(src, v->tok[0]);
        unhex32(asset, v->tok[1]);
        uint64_t amount = strtoull(v->tok[2], NULL, 10), pos = strtoull(v->tok[3], NULL, 10),
                 vm = strtoull(v->tok[4], NULL, 10);
        size_t plen = unhex(prog, sizeof prog, v->tok[5]);
        unhex32(want, v->tok[6]);
        sluice_bytom_output_id(src, asset, amount, pos, vm, prog, plen, got);
        CHECK_MEM(got, want, 32);
    }
}

static void test_decoded_tx(void) {
    static uint8_t raw[MAXTX];
    const vline *v = find("decoded_tx", 0);
    CHECK(v && v->ntok == 6);
    if (!v) return;
    size_t len = unhex(raw, sizeof raw, v->tok[0]);
    CHECK(len == 332);
    sluice_bytom_tx *tx = parse_rt(raw, len);
    if (!tx) return;
    uint8_t want[32];
    unhex32(want, v->tok[1]);
    CHECK_MEM(tx->id, want, 32);
    CHECK(tx->n_inputs == 1 && tx->n_outputs == 2);
    const sluice_bytom_input *in = &tx->inputs[0];
    CHECK(in->type == SLUICE_BYTOM_INPUT_SPEND && in->asset_version == 1 && in->vm_version == 1);
    unhex32(want, v->tok[2]);
    CHECK_MEM(in->input_id, want, 32);
    unhex32(want, v->tok[3]);
    CHECK_MEM(in->spent_output_id, want, 32);
    unhex32(want, v->tok[4]);
    CHECK_MEM(tx->outputs[0].id, want, 32);
    unhex32(want, v->tok[5]);
    CHECK_MEM(tx->outputs[1].id, want, 32);
    /* P2WPKH witness: [signature(64), public key(32)] */
    CHECK(in->n_args == 2 && in->args[0].len == 64 && in->args[1].len == 32);
    CHECK(in->control_program.len == 22 && in->control_program.p[0] == 0x00 && in->control_program.p[1] == 0x14);
    /* fee = inputs - outputs, all BTM */
    uint64_t sum_out = 0;
    for (uint32_t i = 0; i < tx->n_outputs; i++) {
        CHECK_MEM(tx->outputs[i].asset_id, SLUICE_BYTOM_BTM_ASSET, 32);
        CHECK(!tx->outputs[i].is_retirement);
        sum_out += tx->outputs[i].amount;
    }
    CHECK_MEM(in->asset_id, SLUICE_BYTOM_BTM_ASSET, 32);
    CHECK(in->amount - sum_out == 20000000);
    /* sighash = SHA3(input ID || tx ID) */
    uint8_t buf[64], sh[32];
    memcpy(buf, in->input_id, 32);
    memcpy(buf + 32, tx->id, 32);
    sluice_sha3_256(sh, buf, 64);
    CHECK_MEM(in->sighash, sh, 32);
    /* the spent output ID is the public output ID of the commitment */
    sluice_bytom_output_id(in->source_id, in->asset_id, in->amount, in->source_position, in->vm_version,
                           in->control_program.p, in->control_program.len, sh);
    CHECK_MEM(in->spent_output_id, sh, 32);
    /* spend input ID = EntryID("spend1", spent output ID) */
    sluice_bytom_entry_id("spend1", in->spent_output_id, 32, sh);
    CHECK_MEM(in->input_id, sh, 32);
    /* output 0's ID from the mux ID */
    const sluice_bytom_output *o = &tx->outputs[0];
    sluice_bytom_output_id(tx->mux_id, o->asset_id, o->amount, 0, o->vm_version, o->control_program.p,
                           o->control_program.len, sh);
    CHECK_MEM(o->id, sh, 32);
    sluice_bytom_tx_free(tx);
}

static void test_rule_aa_and_merkle_txs(void) {
    static uint8_t raw[MAXTX];
    const vline *v = find("rule_aa", 0);
    CHECK(v != NULL);
    if (v) {
        size_t len = unhex(raw, sizeof raw, v->tok[0]);
        sluice_bytom_tx *tx = parse_rt(raw, len);
        if (tx) {
            CHECK(tx->n_inputs == 4);
            /* the same output is spent twice */
            int dup = 0;
            for (uint32_t i = 0; i < tx->n_inputs; i++)
                for (uint32_t j = i + 1; j < tx->n_inputs; j++)
                    dup += memcmp(tx->inputs[i].spent_output_id, tx->inputs[j].spent_output_id, 32) == 0;
            CHECK(dup >= 1);
            sluice_bytom_tx_free(tx);
        }
    }
    int n_issuance = 0;
    for (int k = 0; k < 5; k++) {
        v = find("merkle_real_tx", k);
        CHECK(v != NULL);
        if (!v) continue;
        size_t len = unhex(raw, sizeof raw, v->tok[0]);
        sluice_bytom_tx *tx = parse_rt(raw, len);
        if (tx) {
            for (uint32_t i = 0; i < tx->n_inputs; i++) {
                CHECK(tx->inputs[i].type == SLUICE_BYTOM_INPUT_SPEND || tx->inputs[i].type == SLUICE_BYTOM_INPUT_ISSUANCE);
                n_issuance += tx->inputs[i].type == SLUICE_BYTOM_INPUT_ISSUANCE;
            }
            sluice_bytom_tx_free(tx);
        }
    }
    CHECK(n_issuance == 1); /* the second one issues an asset (its ID is checked by the Merkle root) */
}

/* ---- hand-built transactions (an encoder independent of the engine's) ---- */

typedef struct {
    uint8_t b[MAXTX];
    size_t n;
} buf_t;

static void put(buf_t *w, const void *p, size_t n) {
    memcpy(w->b + w->n, p, n);
    w->n += n;
}
static void putb(buf_t *w, uint8_t x) { w->b[w->n++] = x; }
static void putv(buf_t *w, uint64_t v) {
    while (v >= 0x80) {
        putb(w, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    putb(w, (uint8_t)v);
}
static void puts_(buf_t *w, const void *p, size_t n) {
    putv(w, n);
    put(w, p, n);
}
static void putbuf(buf_t *w, const buf_t *x) { puts_(w, x->b, x->n); }

static const uint8_t P2WPKH[22] = {0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};

/* spend input: commitment suffix/witness suffix/spend suffix optional */
static void put_spend(buf_t *w, uint64_t amount, const char *spend_sfx, const char *com_sfx, const char *wit_sfx) {
    buf_t sc = {{0}, 0}, com = {{0}, 0}, wit = {{0}, 0};
    uint8_t src[32];
    memset(src, 0x42, 32);
    put(&sc, src, 32);
    put(&sc, SLUICE_BYTOM_BTM_ASSET, 32);
    putv(&sc, amount);
    putv(&sc, 3);
    putv(&sc, 1);
    puts_(&sc, P2WPKH, sizeof P2WPKH);
    put(&sc, spend_sfx, strlen(spend_sfx));
    putb(&com, 1);
    putbuf(&com, &sc);
    put(&com, com_sfx, strlen(com_sfx));
    putv(&wit, 2);
    puts_(&wit, "sigsigsig", 9);
    puts_(&wit, "key", 3);
    put(&wit, wit_sfx, strlen(wit_sfx));
    putv(w, 1);
    putbuf(w, &com);
    putbuf(w, &wit);
}

static void put_output(buf_t *w, uint64_t amount, const uint8_t *prog, size_t plen, const char *com_sfx,
                       const char *witness) {
    buf_t com = {{0}, 0};
    put(&com, SLUICE_BYTOM_BTM_ASSET, 32);
    putv(&com, amount);
    putv(&com, 1);
    puts_(&com, prog, plen);
    put(&com, com_sfx, strlen(com_sfx));
    putv(w, 1);
    putbuf(w, &com);
    puts_(w, witness, strlen(witness));
}

static sluice_err try_parse(const buf_t *w, char *why, size_t cap) {
    sluice_bytom_tx *tx = NULL;
    sluice_err e = sluice_bytom_tx_parse(w->b, w->n, &tx, why, cap);
    CHECK((e == SLUICE_OK) == (tx != NULL));
    sluice_bytom_tx_free(tx);
    return e;
}

static void build_spend_tx(buf_t *w, const char *spend_sfx, const char *com_sfx, const char *wit_sfx,
                           const char *out_sfx, const char *out_wit) {
    w->n = 0;
    putb(w, 7);
    putv(w, 1);
    putv(w, 0);
    putv(w, 1);
    put_spend(w, 1000, spend_sfx, com_sfx, wit_sfx);
    putv(w, 2);
    put_output(w, 600, P2WPKH, sizeof P2WPKH, out_sfx, out_wit);
    static const uint8_t ret[2] = {0x6a, 0x01};
    put_output(w, 300, ret, 2, "", "");
}

static void test_suffixes_round_trip(void) {
    static buf_t plain, sfx;
    build_spend_tx(&plain, "", "", "", "", "");
    build_spend_tx(&sfx, "SS", "CCC", "W", "OO", "witness!");
    sluice_bytom_tx *a = parse_rt(plain.b, plain.n);
    sluice_bytom_tx *b = parse_rt(sfx.b, sfx.n);
    if (a && b) {
        const sluice_bytom_input *in = &b->inputs[0];
        CHECK(in->spend_suffix.len == 2 && memcmp(in->spend_suffix.p, "SS", 2) == 0);
        CHECK(in->commitment_suffix.len == 3 && memcmp(in->commitment_suffix.p, "CCC", 3) == 0);
        CHECK(in->witness_suffix.len == 1 && in->witness_suffix.p[0] == 'W');
        CHECK(b->outputs[0].commitment_suffix.len == 2);
        CHECK(b->outputs[0].witness.len == 8 && memcmp(b->outputs[0].witness.p, "witness!", 8) == 0);
        CHECK(a->inputs[0].spend_suffix.len == 0 && a->outputs[0].witness.len == 0);
        /* suffixes and the output witness are not hashed: same IDs */
        CHECK_MEM(a->id, b->id, 32);
        CHECK_MEM(a->inputs[0].input_id, b->inputs[0].input_id, 32);
        CHECK_MEM(a->outputs[1].id, b->outputs[1].id, 32);
        CHECK(b->raw.len == sfx.n && a->raw.len == plain.n && sfx.n > plain.n);
        /* retirement: EntryID("retirement1", ValueSource(mux, BTM, 300, 1)) */
        CHECK(a->outputs[1].is_retirement && !a->outputs[0].is_retirement);
        uint8_t vs[80], id[32];
        memcpy(vs, a->mux_id, 32);
        memcpy(vs + 32, SLUICE_BYTOM_BTM_ASSET, 32);
        for (int i = 0; i < 8; i++) vs[64 + i] = (uint8_t)((uint64_t)300 >> (8 * i)), vs[72 + i] = (uint8_t)(i == 0);
        sluice_bytom_entry_id("retirement1", vs, 80, id);
        CHECK_MEM(a->outputs[1].id, id, 32);
    }
    sluice_bytom_tx_free(a);
    sluice_bytom_tx_free(b);
}

static void build_issuance_tx(buf_t *w, int corrupt_asset) {
    static const uint8_t prog[1] = {0x51};
    const char *def = "{\"name\":\"X\"}";
    uint8_t asset[32];
    sluice_bytom_asset_id(1, prog, 1, (const uint8_t *)def, strlen(def), asset);
    if (corrupt_asset) asset[5] ^= 1;
    buf_t com = {{0}, 0}, wit = {{0}, 0};
    putb(&com, 0);
    puts_(&com, "nonce123", 8);
    put(&com, asset, 32);
    putv(&com, 5000);
    puts_(&wit, def, strlen(def));
    putv(&wit, 1);
    puts_(&wit, prog, 1);
    putv(&wit, 1);
    puts_(&wit, "arg", 3);
    w->n = 0;
    putb(w, 7);
    putv(w, 1);
    putv(w, 0);
    putv(w, 1);
    putv(w, 1);
    putbuf(w, &com);
    putbuf(w, &wit);
    putv(w, 1);
    buf_t oc = {{0}, 0};
    put(&oc, asset, 32);
    putv(&oc, 5000);
    putv(&oc, 1);
    puts_(&oc, P2WPKH, sizeof P2WPKH);
    putv(w, 1);
    putbuf(w, &oc);
    putv(w, 0);
}

static void test_issuance(void) {
    static buf_t w;
    build_issuance_tx(&w, 0);
    sluice_bytom_tx *tx = parse_rt(w.b, w.n);
    if (tx) {
        const sluice_bytom_input *in = &tx->inputs[0];
        CHECK(in->type == SLUICE_BYTOM_INPUT_ISSUANCE && in->amount == 5000 && in->vm_version == 1);
        CHECK(in->nonce.len == 8 && in->issuance_program.len == 1 && in->n_args == 1);
        CHECK_MEM(in->asset_id, tx->outputs[0].asset_id, 32);
        /* SHA3(vm u64 LE || varstr(program) || SHA3(definition)) */
        const char *def = "{\"name\":\"X\"}";
        uint8_t body[8 + 2 + 32], want[32];
        memset(body, 0, sizeof body);
        body[0] = 1;
        body[8] = 1;
        body[9] = 0x51;
        sluice_sha3_256(body + 10, def, strlen(def));
        sluice_sha3_256(want, body, sizeof body);
        CHECK_MEM(in->asset_id, want, 32);
        /* EntryID("issuance1", SHA3(nonce) || asset || amount LE) */
        uint8_t ib[72];
        sluice_sha3_256(ib, "nonce123", 8);
        memcpy(ib + 32, want, 32);
        memset(ib + 64, 0, 8);
        ib[64] = 5000 & 0xff;
        ib[65] = 5000 >> 8;
        sluice_bytom_entry_id("issuance1", ib, 72, want);
        CHECK_MEM(in->input_id, want, 32);
        sluice_bytom_tx_free(tx);
    }
    char why[256] = "";
    build_issuance_tx(&w, 1);
    CHECK(try_parse(&w, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(strstr(why, "asset ID") != NULL);
}

static void test_unknown_asset_version(void) {
    static buf_t w;
    w.n = 0;
    putb(&w, 7);
    putv(&w, 1);
    putv(&w, 0);
    putv(&w, 2);
    put_spend(&w, 77, "", "", "");
    putv(&w, 2); /* asset version 2: opaque commitment and witness */
    puts_(&w, "opaque-commitment", 17);
    puts_(&w, "opaque-witness", 14);
    putv(&w, 1);
    putv(&w, 9); /* output of asset version 9 */
    puts_(&w, "xyz", 3);
    putv(&w, 0);
    sluice_bytom_tx *tx = parse_rt(w.b, w.n);
    if (!tx) return;
    const sluice_bytom_input *u = &tx->inputs[1];
    CHECK(u->type == SLUICE_BYTOM_INPUT_UNKNOWN && u->asset_version == 2);
    CHECK(u->commitment_suffix.len == 17 && u->witness_suffix.len == 14);
    static const uint8_t zero[32];
    CHECK_MEM(u->input_id, zero, 32);
    const sluice_bytom_output *o = &tx->outputs[0];
    CHECK(o->asset_version == 9 && o->commitment_suffix.len == 3 && o->amount == 0 && o->control_program.len == 0);
    /* zero-valued commitment hashed as the reference does (nil asset => zeros) */
    uint8_t id[32];
    sluice_bytom_output_id(tx->mux_id, zero, 0, 0, 0, NULL, 0, id);
    CHECK_MEM(o->id, id, 32);
    /* the mux counts both sources but writes only the spend's */
    uint8_t mb[1 + 80 + 8 + 2];
    mb[0] = 2;
    memcpy(mb + 1, tx->inputs[0].input_id, 32);
    memcpy(mb + 33, SLUICE_BYTOM_BTM_ASSET, 32);
    memset(mb + 65, 0, 16);
    mb[65] = 77;
    memset(mb + 81, 0, 8);
    mb[81] = 1;
    mb[89] = 1;
    mb[90] = 0x51;
    sluice_bytom_entry_id("mux1", mb, sizeof mb, id);
    CHECK_MEM(tx->mux_id, id, 32);
    sluice_bytom_tx_free(tx);
}

static void test_bad_fields(void) {
    static buf_t w;
    char why[256];
    /* serflags */
    build_spend_tx(&w, "", "", "", "", "");
    w.b[0] = 0x05;
    CHECK(try_parse(&w, why, sizeof why) == SLUICE_ERR_ARG);
    /* trailing byte */
    build_spend_tx(&w, "", "", "", "", "");
    putb(&w, 0);
    CHECK(try_parse(&w, why, sizeof why) == SLUICE_ERR_LENGTH);
    CHECK(strstr(why, "trailing") != NULL);
    /* empty and NULL */
    sluice_bytom_tx *tx = NULL;
    CHECK(sluice_bytom_tx_parse(NULL, 0, &tx, why, sizeof why) == SLUICE_ERR_LENGTH && tx == NULL);
    CHECK(sluice_bytom_tx_parse(NULL, 5, &tx, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(sluice_bytom_tx_parse(w.b, w.n, NULL, why, sizeof why) == SLUICE_ERR_ARG);
    /* unknown input type 3 */
    w.n = 0;
    putb(&w, 7); putv(&w, 1); putv(&w, 0); putv(&w, 1);
    putv(&w, 1); puts_(&w, "\x03", 1); putv(&w, 0);
    putv(&w, 0);
    CHECK(try_parse(&w, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(strstr(why, "input type") != NULL);
    /* empty commitment for asset version 1 (no type byte) */
    w.n = 0;
    putb(&w, 7); putv(&w, 1); putv(&w, 0); putv(&w, 1);
    putv(&w, 1); putv(&w, 0); putv(&w, 0);
    putv(&w, 0);
    CHECK(try_parse(&w, why, sizeof why) == SLUICE_ERR_LENGTH);
    /* coinbase without outputs: the reference cannot map it */
    w.n = 0;
    putb(&w, 7); putv(&w, 1); putv(&w, 0); putv(&w, 1);
    putv(&w, 1); puts_(&w, "\x02\x00", 2); putv(&w, 0);
    putv(&w, 0);
    CHECK(try_parse(&w, why, sizeof why) == SLUICE_ERR_ARG);
    /* output VM version 2 */
    w.n = 0;
    putb(&w, 7); putv(&w, 1); putv(&w, 0); putv(&w, 0); putv(&w, 1);
    {
        buf_t oc = {{0}, 0};
        put(&oc, SLUICE_BYTOM_BTM_ASSET, 32); putv(&oc, 1); putv(&oc, 2); puts_(&oc, "\x51", 1);
        putv(&w, 1); putbuf(&w, &oc); putv(&w, 0);
    }
    CHECK(try_parse(&w, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(strstr(why, "VM version") != NULL);
    /* version over 2^63-1 (2^63, minimal 10 bytes) and over 64 bits */
    static const uint8_t v63[] = {0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0, 0, 0};
    tx = NULL;
    CHECK(sluice_bytom_tx_parse(v63, sizeof v63, &tx, why, sizeof why) == SLUICE_ERR_RANGE);
    static const uint8_t v64[] = {0x07, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0};
    CHECK(sluice_bytom_tx_parse(v64, sizeof v64, &tx, why, sizeof why) == SLUICE_ERR_RANGE);
    static const uint8_t v11[] = {0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0, 0, 0};
    CHECK(sluice_bytom_tx_parse(v11, sizeof v11, &tx, why, sizeof why) == SLUICE_ERR_RANGE);
    /* 2^63-1 is fine */
    static const uint8_t vmax[] = {0x07, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0};
    CHECK(sluice_bytom_tx_parse(vmax, sizeof vmax, &tx, why, sizeof why) == SLUICE_OK);
    if (tx) CHECK(tx->version == 0x7fffffffffffffffULL && tx->canonical);
    sluice_bytom_tx_free(tx);
    tx = NULL;
    /* input count over 2^31-1 (varint31), and a huge count within it */
    static const uint8_t c31[] = {0x07, 1, 0, 0x80, 0x80, 0x80, 0x80, 0x08, 0};
    CHECK(sluice_bytom_tx_parse(c31, sizeof c31, &tx, why, sizeof why) == SLUICE_ERR_RANGE);
    static const uint8_t cbig[] = {0x07, 1, 0, 0xff, 0xff, 0xff, 0xff, 0x07, 0};
    CHECK(sluice_bytom_tx_parse(cbig, sizeof cbig, &tx, why, sizeof why) == SLUICE_ERR_LENGTH);
    CHECK(strstr(why, "count") != NULL);
    /* witness argument count larger than the witness */
    build_spend_tx(&w, "", "", "", "", "");
    /* find the witness count byte (2) followed by varstr "sigsigsig" */
    for (size_t i = 0; i + 2 < w.n; i++)
        if (w.b[i] == 2 && w.b[i + 1] == 9 && w.b[i + 2] == 's') {
            w.b[i] = 100;
            break;
        }
    CHECK(try_parse(&w, why, sizeof why) == SLUICE_ERR_LENGTH);
    CHECK(tx == NULL);
}

static void test_noncanonical(void) {
    static buf_t w, c;
    build_spend_tx(&c, "", "", "", "", "");
    /* same tx with the version as 0x81 0x00 (1, non-minimal) */
    w.n = 0;
    putb(&w, 7);
    putb(&w, 0x81);
    putb(&w, 0x00);
    put(&w, c.b + 2, c.n - 2);
    sluice_bytom_tx *a = NULL, *b = NULL;
    CHECK(sluice_bytom_tx_parse(w.b, w.n, &a, NULL, 0) == SLUICE_OK);
    CHECK(sluice_bytom_tx_parse(c.b, c.n, &b, NULL, 0) == SLUICE_OK);
    if (a && b) {
        CHECK(a->canonical == 0 && b->canonical == 1);
        CHECK(a->raw.len == w.n); /* serialized size = bytes consumed */
        CHECK_MEM(a->id, b->id, 32);
        CHECK(sluice_bytom_tx_write(a, NULL, 0) == c.n); /* re-encoded minimally */
    }
    sluice_bytom_tx_free(a);
    sluice_bytom_tx_free(b);
}

/* Every truncation of every vector transaction fails cleanly. */
static void test_truncations(void) {
    static uint8_t raw[MAXTX];
    const char *keys[] = {"tx_id", "decoded_tx", "rule_aa", "merkle_real_tx"};
    int failures = 0, total = 0;
    for (size_t k = 0; k < 4; k++)
        for (int nth = 0;; nth++) {
            const vline *v = find(keys[k], nth);
            if (!v) break;
            size_t len = unhex(raw, sizeof raw, v->tok[0]);
            for (size_t cut = 0; cut < len; cut++) {
                uint8_t *copy = malloc(cut ? cut : 1); /* exact-size buffer: ASan sees any overread */
                memcpy(copy, raw, cut);
                sluice_bytom_tx *tx = NULL;
                char why[200];
                sluice_err e = sluice_bytom_tx_parse(copy, cut, &tx, why, sizeof why);
                total++;
                if (e != SLUICE_ERR_LENGTH || tx != NULL) {
                    failures++;
                    if (failures < 5) fprintf(stderr, "  cut %zu/%zu of %s: err %d (%s)\n", cut, len, keys[k], e, why);
                }
                free(copy);
            }
        }
    CHECK(failures == 0);
    CHECK(total > 3000);
}

/* Random byte flips never crash; whatever parses canonically round-trips. */
static void test_flips(void) {
    static uint8_t raw[MAXTX], out[MAXTX];
    const vline *v = find("decoded_tx", 0);
    if (!v) return;
    size_t len = unhex(raw, sizeof raw, v->tok[0]);
    tu_rng rng;
    tu_rng_seed(&rng, 20261121);
    int ok = 0, bad_rt = 0;
    for (int it = 0; it < 3000; it++) {
        uint8_t *copy = malloc(len);
        memcpy(copy, raw, len);
        int flips = 1 + (int)(tu_rng_next(&rng) % 3);
        for (int f = 0; f < flips; f++) copy[tu_rng_next(&rng) % len] ^= (uint8_t)(1u << (tu_rng_next(&rng) % 8));
        sluice_bytom_tx *tx = NULL;
        if (sluice_bytom_tx_parse(copy, len, &tx, NULL, 0) == SLUICE_OK) {
            ok++;
            size_t n = sluice_bytom_tx_write(tx, out, sizeof out);
            if (tx->canonical && (n != len || memcmp(out, copy, len) != 0)) bad_rt++;
            sluice_bytom_tx_free(tx);
        }
        free(copy);
    }
    CHECK(bad_rt == 0);
    CHECK(ok > 0); /* flips inside signatures/keys keep the tx parseable */
}

int main(void) {
    load_vectors();
    test_tx_id_vectors();
    test_output_id_vectors();
    test_decoded_tx();
    test_rule_aa_and_merkle_txs();
    test_suffixes_round_trip();
    test_issuance();
    test_unknown_asset_version();
    test_bad_fields();
    test_noncanonical();
    test_truncations();
    test_flips();
    return tu_finish("test_bytom_tx");
}
