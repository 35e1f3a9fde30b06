/* Bytom v1 blocks: the real block of block_test.go TestReadFrom (round trip,
 * header fields, hash, both Merkle roots, transaction sizes 81 and 560), the
 * header hash vectors as serialized header-only blocks, the Merkle root of
 * five real transactions (merkle_test.go TestMerkleRootRealTx), Merkle edge
 * cases, and hostile blocks (every truncation, limits, counts, flips). */
#include "sluice/bytom_header.h"
#include "sluice/bytom_tx.h"
#include "sluice/hex.h"
#include "sluice/keccak.h"
#include "testutil.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define MAXB 8192

static char *vector_hex(const char *key, int nth) {
    FILE *f = tu_open_vectors("bytom_chain.txt");
    static char buf[32768];
    char *res = NULL;
    size_t klen = strlen(key);
    while (tu_next_line(f, buf, sizeof buf)) {
        if (strncmp(buf, key, klen) == 0 && buf[klen] == ' ' && nth-- == 0) {
            res = strdup(buf + klen + 1);
            char *sp = strchr(res, ' ');
            if (sp) *sp = '\0';
            break;
        }
    }
    fclose(f);
    CHECK(res != NULL);
    return res;
}

static size_t unhex(uint8_t *out, size_t cap, const char *hex) {
    size_t n = 0;
    CHECK(sluice_hex_decode(out, cap, &n, hex) == SLUICE_OK);
    return n;
}

static void unhex32(uint8_t out[32], const char *hex) { CHECK(sluice_hex_decode_exact(out, 32, hex) == SLUICE_OK); }

static void check_round_trip(const sluice_bytom_block *b, const uint8_t *raw, size_t len) {
    uint8_t *out = malloc(len + 1);
    CHECK(b->raw.p == raw && b->raw.len == len && b->canonical);
    CHECK(sluice_bytom_block_write(b, NULL, 0) == len);
    CHECK(sluice_bytom_block_write(b, out, len + 1) == len);
    CHECK_MEM(out, raw, len);
    free(out);
}

static size_t load_raw_block(uint8_t *raw, size_t cap) {
    char *hex = vector_hex("raw_block", 0);
    size_t len = hex ? unhex(raw, cap, hex) : 0;
    free(hex);
    return len;
}

static void test_raw_block(void) {
    static uint8_t raw[MAXB];
    size_t len = load_raw_block(raw, sizeof raw);
    sluice_bytom_block *b = NULL;
    char why[256] = "";
    CHECK(sluice_bytom_block_parse(raw, len, &b, why, sizeof why) == SLUICE_OK);
    if (!b) {
        fprintf(stderr, "  %s\n", why);
        return;
    }
    check_round_trip(b, raw, len);
    const sluice_bytom_header *h = &b->header;
    uint8_t want[32], got[32];
    CHECK(b->serflags == 0x03 && h->version == 1 && h->height == 12171);
    unhex32(want, "3077f24528e94ecfc4491bb2e9ed6264a632a9a4b86b00c88093ca545d14a137");
    CHECK_MEM(h->prev_hash, want, 32);
    CHECK(h->timestamp == 1553496788 && h->nonce == 23 && h->bits == 2305843009213970283ULL);
    unhex32(want, "35a2d11158f47a5c5267630b2b6cf9e9a5f79a598085a2572a68defeb8013ad2");
    CHECK_MEM(h->tx_merkle_root, want, 32);
    unhex32(want, "6978a65b4ee5b6f4914fe5c05000459a803ecf59132604e5d334d64249c5e50a");
    CHECK_MEM(h->tx_status_hash, want, 32);
    CHECK(b->ext_suffix.len == 0);
    /* block hash = EntryID(BlockHeader) of those fields */
    sluice_bytom_header_hash(h, got);
    CHECK_MEM(b->hash, got, 32);
    /* transactions: sizes 81 and 560, consecutive in raw */
    CHECK(b->n_txs == 2);
    if (b->n_txs == 2) {
        CHECK(b->txs[0].raw.len == 81 && b->txs[1].raw.len == 560);
        CHECK(b->txs[0].raw.p == raw + b->header_raw.len + 1);
        CHECK(b->txs[1].raw.p == b->txs[0].raw.p + 81);
        CHECK(b->txs[0].inputs[0].type == SLUICE_BYTOM_INPUT_COINBASE);
        /* the computed roots equal the header's (both transactions succeed) */
        sluice_bytom_tx_merkle_root(b->txs, b->n_txs, got);
        CHECK_MEM(got, h->tx_merkle_root, 32);
        uint8_t fail[2] = {0, 0};
        sluice_bytom_status_merkle_root(fail, 2, got);
        CHECK_MEM(got, h->tx_status_hash, 32);
        fail[1] = 1;
        sluice_bytom_status_merkle_root(fail, 2, got);
        CHECK(memcmp(got, h->tx_status_hash, 32) != 0);
        /* a transaction inside the block equals the same bytes parsed alone */
        sluice_bytom_tx *t = NULL;
        CHECK(sluice_bytom_tx_parse(b->txs[1].raw.p, b->txs[1].raw.len, &t, NULL, 0) == SLUICE_OK);
        if (t) {
            CHECK_MEM(t->id, b->txs[1].id, 32);
            CHECK_MEM(t->mux_id, b->txs[1].mux_id, 32);
            CHECK(t->n_inputs == b->txs[1].n_inputs);
            for (uint32_t i = 0; i < t->n_inputs; i++) CHECK_MEM(t->inputs[i].sighash, b->txs[1].inputs[i].sighash, 32);
            sluice_bytom_tx_free(t);
        }
    }
    /* the header alone (serflags 0x01) gives the same hash and round-trips */
    static uint8_t hdr[512];
    memcpy(hdr, raw, b->header_raw.len);
    hdr[0] = 0x01;
    sluice_bytom_block *hb = NULL;
    CHECK(sluice_bytom_block_parse(hdr, b->header_raw.len, &hb, why, sizeof why) == SLUICE_OK);
    if (hb) {
        CHECK(hb->serflags == 0x01 && hb->n_txs == 0 && hb->txs == NULL);
        CHECK_MEM(hb->hash, b->hash, 32);
        check_round_trip(hb, hdr, b->header_raw.len);
        sluice_bytom_block_free(hb);
    }
    sluice_bytom_block_free(b);
}

/* Serialized header-only block from fields (an encoder independent of the engine's). */
static size_t put_varint(uint8_t *p, uint64_t v) {
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

static size_t serialize_header(uint8_t *p, uint8_t serflags, const sluice_bytom_header *h, const char *ext_sfx) {
    size_t n = 0, sl = strlen(ext_sfx);
    p[n++] = serflags;
    n += put_varint(p + n, h->version);
    n += put_varint(p + n, h->height);
    memcpy(p + n, h->prev_hash, 32);
    n += 32;
    n += put_varint(p + n, h->timestamp);
    n += put_varint(p + n, 64 + sl);
    memcpy(p + n, h->tx_merkle_root, 32);
    memcpy(p + n + 32, h->tx_status_hash, 32);
    memcpy(p + n + 64, ext_sfx, sl);
    n += 64 + sl;
    n += put_varint(p + n, h->nonce);
    n += put_varint(p + n, h->bits);
    return n;
}

static void test_header_vectors(void) {
    FILE *f = tu_open_vectors("bytom_header.txt");
    char line[1024];
    int count = 0;
    while (tu_next_line(f, line, sizeof line)) {
        char prev[80], root[80], status[80], want_s[80];
        sluice_bytom_header h;
        memset(&h, 0, sizeof h);
        CHECK(sscanf(line, "%" SCNu64 " %" SCNu64 " %79s %" SCNu64 " %79s %79s %" SCNu64 " %" SCNu64 " %79s", &h.version,
                     &h.height, prev, &h.timestamp, root, status, &h.bits, &h.nonce, want_s) == 9);
        unhex32(h.prev_hash, prev);
        unhex32(h.tx_merkle_root, root);
        unhex32(h.tx_status_hash, status);
        uint8_t want[32];
        unhex32(want, want_s);
        uint8_t raw[256];
        for (int variant = 0; variant < 3; variant++) {
            /* header only; full with zero transactions; header with an ext suffix */
            size_t n = serialize_header(raw, variant == 1 ? 0x03 : 0x01, &h, variant == 2 ? "future" : "");
            if (variant == 1) raw[n++] = 0;
            sluice_bytom_block *b = NULL;
            char why[200] = "";
            CHECK(sluice_bytom_block_parse(raw, n, &b, why, sizeof why) == SLUICE_OK);
            if (!b) {
                fprintf(stderr, "  %s\n", why);
                continue;
            }
            CHECK_MEM(b->hash, want, 32);
            CHECK(b->header.bits == h.bits && b->header.nonce == h.nonce && b->header.height == h.height);
            CHECK(b->ext_suffix.len == (variant == 2 ? 6u : 0u));
            check_round_trip(b, raw, n);
            sluice_bytom_block_free(b);
        }
        count++;
    }
    fclose(f);
    CHECK(count == 2);
}

static void test_merkle(void) {
    static uint8_t raw[MAXB];
    sluice_bytom_tx *txs[5] = {0};
    sluice_bytom_tx flat[5];
    int n = 0;
    for (int k = 0; k < 5; k++) {
        char *hex = vector_hex("merkle_real_tx", k);
        if (!hex) continue;
        size_t len = unhex(raw, sizeof raw, hex);
        uint8_t *copy = malloc(len);
        memcpy(copy, raw, len);
        free(hex);
        CHECK(sluice_bytom_tx_parse(copy, len, &txs[k], NULL, 0) == SLUICE_OK);
        if (txs[k]) flat[n++] = *txs[k];
    }
    CHECK(n == 5);
    char *root_hex = vector_hex("merkle_root", 0);
    uint8_t want[32], got[32];
    if (root_hex) unhex32(want, root_hex);
    free(root_hex);
    sluice_bytom_tx_merkle_root(flat, (size_t)n, got);
    CHECK_MEM(got, want, 32);
    /* structure: n = 3 is node(node(leaf0, leaf1), leaf2) */
    uint8_t leaf[3][32], buf[65], l01[32], expect[32];
    for (int i = 0; i < 3; i++) {
        buf[0] = 0;
        memcpy(buf + 1, flat[i].id, 32);
        sluice_sha3_256(leaf[i], buf, 33);
    }
    buf[0] = 1;
    memcpy(buf + 1, leaf[0], 32);
    memcpy(buf + 33, leaf[1], 32);
    sluice_sha3_256(l01, buf, 65);
    memcpy(buf + 1, l01, 32);
    memcpy(buf + 33, leaf[2], 32);
    sluice_sha3_256(expect, buf, 65);
    sluice_bytom_tx_merkle_root(flat, 3, got);
    CHECK_MEM(got, expect, 32);
    sluice_bytom_tx_merkle_root(flat, 1, got);
    CHECK_MEM(got, leaf[0], 32);
    /* empty trees: SHA3("") */
    sluice_sha3_256(expect, "", 0);
    sluice_bytom_tx_merkle_root(NULL, 0, got);
    CHECK_MEM(got, expect, 32);
    sluice_bytom_status_merkle_root(NULL, 0, got);
    CHECK_MEM(got, expect, 32);
    /* one failed transaction: SHA3(0x00 || {"status_fail":true}) */
    const char *js = "\x00{\"status_fail\":true}";
    sluice_sha3_256(expect, js, 1 + strlen(js + 1));
    uint8_t one = 1;
    sluice_bytom_status_merkle_root(&one, 1, got);
    CHECK_MEM(got, expect, 32);
    for (int k = 0; k < 5; k++) {
        if (txs[k]) {
            const uint8_t *p = txs[k]->raw.p;
            sluice_bytom_tx_free(txs[k]);
            free((void *)p);
        }
    }
}


/* Merkle roots against a direct recursive transcription of merkle.go
 * (split at the largest power of two below n) for n = 1..70, random items:
 * covers the engine's small-tree fold and its level-by-level four-way path. */
static void ref_root(const uint8_t (*leaf)[32], size_t n, uint8_t out[32]) {
    if (n == 1) {
        memcpy(out, leaf[0], 32);
        return;
    }
    size_t k = 1;
    while (k * 2 < n) k *= 2;
    uint8_t m[65];
    m[0] = 1;
    ref_root(leaf, k, m + 1);
    ref_root(leaf + k, n - k, m + 33);
    sluice_sha3_256(out, m, 65);
}

static void test_merkle_random(void) {
    tu_rng r;
    tu_rng_seed(&r, 11);
    static sluice_bytom_tx txs[70];
    static uint8_t leaves[70][32], flags[70];
    int bad = 0;
    for (size_t n = 1; n <= 70; n++) {
        memset(txs, 0, sizeof txs);
        for (size_t i = 0; i < n; i++) {
            uint8_t m[33];
            tu_rng_bytes(&r, txs[i].id, 32);
            m[0] = 0;
            memcpy(m + 1, txs[i].id, 32);
            sluice_sha3_256(leaves[i], m, 33);
        }
        uint8_t want[32], got[32];
        ref_root((const uint8_t(*)[32])leaves, n, want);
        sluice_bytom_tx_merkle_root(txs, n, got);
        bad += memcmp(got, want, 32) != 0;
        for (size_t i = 0; i < n; i++) {
            flags[i] = (uint8_t)(tu_rng_next(&r) % 3 == 0);
            const char *js = flags[i] ? "\x00{\"status_fail\":true}" : "\x00{}";
            sluice_sha3_256(leaves[i], js, 1 + strlen(js + 1));
        }
        ref_root((const uint8_t(*)[32])leaves, n, want);
        sluice_bytom_status_merkle_root(flags, n, got);
        bad += memcmp(got, want, 32) != 0;
    }
    CHECK(bad == 0);
}

static void test_hostile(void) {
    static uint8_t raw[MAXB];
    size_t len = load_raw_block(raw, sizeof raw);
    char why[256];
    sluice_bytom_block *b = NULL;
    /* every truncation fails with SLUICE_ERR_LENGTH (exact-size copies for ASan) */
    int bad = 0;
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *copy = malloc(cut ? cut : 1);
        memcpy(copy, raw, cut);
        sluice_err e = sluice_bytom_block_parse(copy, cut, &b, why, sizeof why);
        if (e != SLUICE_ERR_LENGTH || b != NULL) {
            bad++;
            if (bad < 5) fprintf(stderr, "  cut %zu: err %d %s\n", cut, e, why);
        }
        free(copy);
    }
    CHECK(bad == 0);
    /* trailing byte */
    raw[len] = 0;
    CHECK(sluice_bytom_block_parse(raw, len + 1, &b, why, sizeof why) == SLUICE_ERR_LENGTH);
    CHECK(strstr(why, "trailing") != NULL);
    /* serflags 0x00 / 0x02 / 0x07 */
    static const uint8_t flags[] = {0x00, 0x02, 0x07, 0xff};
    for (size_t i = 0; i < sizeof flags; i++) {
        uint8_t save = raw[0];
        raw[0] = flags[i];
        CHECK(sluice_bytom_block_parse(raw, len, &b, why, sizeof why) == SLUICE_ERR_ARG);
        raw[0] = save;
    }
    /* a header-only block with the transactions after it: trailing bytes */
    raw[0] = 0x01;
    CHECK(sluice_bytom_block_parse(raw, len, &b, why, sizeof why) == SLUICE_ERR_LENGTH);
    raw[0] = 0x03;
    /* huge transaction count (still a varint31), and one over 2^31-1 */
    sluice_bytom_header h;
    memset(&h, 0, sizeof h);
    h.version = 1;
    h.height = 5;
    uint8_t blk[256];
    size_t n = serialize_header(blk, 0x03, &h, "");
    size_t hn = n;
    n += put_varint(blk + n, 0x7fffffff);
    memset(blk + n, 0, 20);
    CHECK(sluice_bytom_block_parse(blk, n + 20, &b, why, sizeof why) == SLUICE_ERR_LENGTH);
    n = hn + put_varint(blk + hn, 0x80000000u);
    CHECK(sluice_bytom_block_parse(blk, n, &b, why, sizeof why) == SLUICE_ERR_RANGE);
    /* height over 2^63-1 */
    h.height = 0x8000000000000000ULL;
    n = serialize_header(blk, 0x01, &h, "");
    CHECK(sluice_bytom_block_parse(blk, n, &b, why, sizeof why) == SLUICE_ERR_RANGE);
    /* block commitment shorter than the two roots */
    h.height = 5;
    n = serialize_header(blk, 0x01, &h, "");
    size_t ext_at = 1 + 1 + 1 + 32 + 1;
    CHECK(blk[ext_at] == 64);
    blk[ext_at] = 63;
    memmove(blk + ext_at + 1 + 63, blk + ext_at + 1 + 64, n - (ext_at + 1 + 64));
    CHECK(sluice_bytom_block_parse(blk, n - 1, &b, why, sizeof why) == SLUICE_ERR_LENGTH);
    CHECK(b == NULL);
    /* many minimal opaque inputs: parses (bounded by the input length) */
    static uint8_t big[MAXB];
    n = serialize_header(big, 0x03, &h, "");
    big[n++] = 1;
    big[n++] = 7;
    big[n++] = 1;
    big[n++] = 0;
    size_t k = 2000;
    n += put_varint(big + n, k);
    for (size_t i = 0; i < k; i++) big[n++] = 0, big[n++] = 0, big[n++] = 0; /* av 0, "", "" */
    big[n++] = 0;
    CHECK(sluice_bytom_block_parse(big, n, &b, why, sizeof why) == SLUICE_OK);
    if (b) {
        CHECK(b->txs[0].n_inputs == k && b->txs[0].inputs[k - 1].type == SLUICE_BYTOM_INPUT_UNKNOWN);
        check_round_trip(b, big, n);
        sluice_bytom_block_free(b);
    }
}


/* ---- random blocks: the block path (IDs hashed level by level, four at a
 * time) against the one-transaction path (one hash after the other) ---- */

typedef struct {
    uint8_t *b;
    size_t n;
} rbuf;

static void rb_put(rbuf *w, const void *p, size_t n) {
    if (n) memcpy(w->b + w->n, p, n);
    w->n += n;
}
static void rb_varint(rbuf *w, uint64_t v) { w->n += put_varint(w->b + w->n, v); }
static void rb_varstr(rbuf *w, const void *p, size_t n) {
    rb_varint(w, n);
    rb_put(w, p, n);
}
static void rb_rand(tu_rng *r, uint8_t *p, size_t n) { tu_rng_bytes(r, p, n); }

/* Appends an extensible string whose contents the callback wrote into tmp. */
static void rb_ext(rbuf *w, const rbuf *tmp) { rb_varstr(w, tmp->b, tmp->n); }

static void random_tx(tu_rng *r, rbuf *w) {
    static uint8_t t1[4096], t2[4096], t3[4096];
    uint8_t rnd[64], asset[32];
    unsigned n_in = (unsigned)(tu_rng_next(r) % 5), n_out = (unsigned)(tu_rng_next(r) % 5);
    int has_cb = 0;
    rb_put(w, "\x07", 1);
    rb_varint(w, 1 + tu_rng_next(r) % 3);
    rb_varint(w, tu_rng_next(r) % 2 ? 0 : tu_rng_next(r) % 1000000);
    rb_varint(w, n_in);
    for (unsigned i = 0; i < n_in; i++) {
        unsigned kind = (unsigned)(tu_rng_next(r) % 8); /* mostly spends */
        rbuf com = {t1, 0}, wit = {t2, 0};
        uint64_t av = 1;
        if (kind <= 4) { /* spend */
            rbuf sc = {t3, 0};
            rb_rand(r, rnd, 64);
            rb_put(&sc, rnd, 32);
            rb_put(&sc, tu_rng_next(r) % 2 ? SLUICE_BYTOM_BTM_ASSET : rnd + 32, 32);
            rb_varint(&sc, tu_rng_next(r) >> (tu_rng_next(r) % 63 + 1));
            rb_varint(&sc, tu_rng_next(r) % 5);
            rb_varint(&sc, 1);
            size_t pl = tu_rng_next(r) % 3 ? 22 : tu_rng_next(r) % 60;
            rb_rand(r, rnd, 64);
            rb_varstr(&sc, rnd, pl);
            com.b[com.n++] = 1;
            rb_ext(&com, &sc);
            unsigned na = (unsigned)(tu_rng_next(r) % 4);
            rb_varint(&wit, na);
            for (unsigned a = 0; a < na; a++) {
                rb_rand(r, rnd, 64);
                rb_varstr(&wit, rnd, tu_rng_next(r) % 65);
            }
        } else if (kind == 5) { /* issuance */
            uint8_t prog[40], def[50];
            size_t pl = tu_rng_next(r) % 40, dl = tu_rng_next(r) % 50, nl = tu_rng_next(r) % 20;
            rb_rand(r, prog, sizeof prog);
            rb_rand(r, def, sizeof def);
            uint64_t vm = tu_rng_next(r) % 3;
            sluice_bytom_asset_id(vm, prog, pl, def, dl, asset);
            com.b[com.n++] = 0;
            rb_rand(r, rnd, 64);
            rb_varstr(&com, rnd, nl);
            rb_put(&com, asset, 32);
            rb_varint(&com, tu_rng_next(r) >> 2);
            rb_varstr(&wit, def, dl);
            rb_varint(&wit, vm);
            rb_varstr(&wit, prog, pl);
            rb_varint(&wit, 1);
            rb_varstr(&wit, "arg", 3);
        } else if (kind == 6) { /* coinbase */
            com.b[com.n++] = 2;
            rb_rand(r, rnd, 64);
            rb_varstr(&com, rnd, tu_rng_next(r) % 64);
            has_cb = 1;
        } else { /* opaque asset version */
            av = 2 + tu_rng_next(r) % 5;
            rb_rand(r, rnd, 64);
            rb_put(&com, rnd, tu_rng_next(r) % 30);
            rb_put(&wit, rnd + 30, tu_rng_next(r) % 30);
        }
        rb_varint(w, av);
        rb_ext(w, &com);
        rb_ext(w, &wit);
    }
    if (has_cb && n_out == 0) n_out = 1;
    rb_varint(w, n_out);
    for (unsigned i = 0; i < n_out; i++) {
        rbuf oc = {t1, 0};
        uint64_t av = tu_rng_next(r) % 8 ? 1 : 7;
        if (av == 1) {
            rb_rand(r, rnd, 64);
            rb_put(&oc, tu_rng_next(r) % 2 ? SLUICE_BYTOM_BTM_ASSET : rnd, 32);
            rb_varint(&oc, tu_rng_next(r) >> (tu_rng_next(r) % 63 + 1));
            rb_varint(&oc, 1);
            size_t pl = tu_rng_next(r) % 3 ? 22 : tu_rng_next(r) % 40;
            rb_rand(r, rnd, 64);
            if (pl && tu_rng_next(r) % 4 == 0) rnd[0] = 0x6a; /* retirement */
            rb_varstr(&oc, rnd, pl);
        } else {
            rb_rand(r, rnd, 64);
            rb_put(&oc, rnd, tu_rng_next(r) % 40);
        }
        rb_varint(w, av);
        rb_ext(w, &oc);
        rb_varstr(w, "", 0);
    }
}

static int same_tx(const sluice_bytom_tx *a, const sluice_bytom_tx *b) {
    int ok = memcmp(a->id, b->id, 32) == 0 && memcmp(a->mux_id, b->mux_id, 32) == 0 &&
             a->n_inputs == b->n_inputs && a->n_outputs == b->n_outputs && a->raw.len == b->raw.len;
    for (uint32_t i = 0; ok && i < a->n_inputs; i++) {
        const sluice_bytom_input *x = &a->inputs[i], *y = &b->inputs[i];
        ok = memcmp(x->input_id, y->input_id, 32) == 0 && memcmp(x->spent_output_id, y->spent_output_id, 32) == 0 &&
             memcmp(x->sighash, y->sighash, 32) == 0 && memcmp(x->asset_id, y->asset_id, 32) == 0 &&
             x->amount == y->amount && x->type == y->type;
    }
    for (uint32_t i = 0; ok && i < a->n_outputs; i++) ok = memcmp(a->outputs[i].id, b->outputs[i].id, 32) == 0;
    return ok;
}

static void test_random_blocks(void) {
    tu_rng r;
    tu_rng_seed(&r, 5);
    size_t cap = 1 << 20;
    uint8_t *raw = malloc(cap);
    int compared = 0, mismatched = 0;
    for (int blk = 0; blk < 12; blk++) {
        sluice_bytom_header h;
        memset(&h, 0, sizeof h);
        h.version = 1;
        h.height = 100 + (uint64_t)blk;
        rbuf w = {raw, 0};
        w.n = serialize_header(raw, 0x03, &h, blk % 3 ? "" : "x");
        unsigned ntx = (unsigned)(1 + tu_rng_next(&r) % 60);
        rb_varint(&w, ntx);
        for (unsigned t = 0; t < ntx; t++) random_tx(&r, &w);
        sluice_bytom_block *b = NULL;
        char why[256] = "";
        CHECK(sluice_bytom_block_parse(raw, w.n, &b, why, sizeof why) == SLUICE_OK);
        if (!b) {
            fprintf(stderr, "  random block %d: %s\n", blk, why);
            continue;
        }
        check_round_trip(b, raw, w.n);
        CHECK(b->n_txs == ntx);
        for (uint32_t t = 0; t < b->n_txs; t++) {
            sluice_bytom_tx *one = NULL;
            CHECK(sluice_bytom_tx_parse(b->txs[t].raw.p, b->txs[t].raw.len, &one, why, sizeof why) == SLUICE_OK);
            if (!one) continue;
            compared++;
            if (!same_tx(one, &b->txs[t])) mismatched++;
            sluice_bytom_tx_free(one);
        }
        sluice_bytom_block_free(b);
    }
    CHECK(compared > 100);
    CHECK(mismatched == 0);
    free(raw);
}

static void test_flips(void) {
    static uint8_t raw[MAXB], out[MAXB];
    size_t len = load_raw_block(raw, sizeof raw);
    tu_rng rng;
    tu_rng_seed(&rng, 77);
    int ok = 0, bad_rt = 0;
    for (int it = 0; it < 2000; it++) {
        uint8_t *copy = malloc(len);
        memcpy(copy, raw, len);
        int flips = 1 + (int)(tu_rng_next(&rng) % 4);
        for (int f = 0; f < flips; f++) copy[tu_rng_next(&rng) % len] = (uint8_t)tu_rng_next(&rng);
        sluice_bytom_block *b = NULL;
        if (sluice_bytom_block_parse(copy, len, &b, NULL, 0) == SLUICE_OK) {
            ok++;
            size_t n = sluice_bytom_block_write(b, out, sizeof out);
            if (b->canonical && (n != len || memcmp(out, copy, len) != 0)) bad_rt++;
            sluice_bytom_block_free(b);
        }
        free(copy);
    }
    CHECK(bad_rt == 0);
    CHECK(ok > 0);
}

int main(void) {
    test_raw_block();
    test_header_vectors();
    test_merkle();
    test_merkle_random();
    test_hostile();
    test_random_blocks();
    test_flips();
    return tu_finish("test_bytom_block");
}
