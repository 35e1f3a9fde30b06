/* Block validation (sluice/bytom_validate.h): the real block at height 12171
 * (block_test.go TestReadFrom), header rules with and without context, the
 * retarget and median helpers, proof of work with a known seed, built blocks
 * valid and invalid in each way, in both profiles, and batched signature
 * verification equal to one-by-one verification on blocks with random bad
 * signatures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain_build.h"
#include "sluice/bytom_target.h"
#include "sluice/bytom_tx.h"
#include "sluice/bytom_validate.h"
#include "sluice/tensority.h"
#include "testutil.h"

static const uint8_t *BTM = SLUICE_BYTOM_BTM_ASSET;
#define FEE 10000000ULL
#define NOTCHK(r, rule) (((r).not_checked >> (rule)) & 1)

static char *vector_field(const char *file, const char *key, int index) {
    FILE *f = tu_open_vectors(file);
    static char line[1 << 16];
    int seen = 0;
    char *res = NULL;
    while (tu_next_line(f, line, sizeof line)) {
        size_t kl = strlen(key);
        if (key[0] && (strncmp(line, key, kl) || line[kl] != ' ')) continue;
        if (seen++ != index) continue;
        res = strdup(line + (key[0] ? kl + 1 : 0));
        break;
    }
    fclose(f);
    return res;
}

static sluice_bytom_block_result vblock(const sluice_bytom_block *b, const sluice_bytom_block_ctx *c,
                                        sluice_bytom_profile prof, int batch, int threads,
                                        sluice_bytom_tx_result *txr) {
    sluice_bytom_validate_opts o = {prof, threads, batch};
    sluice_bytom_block_result r;
    sluice_err e = sluice_bytom_validate_block(b, c, &o, txr, &r);
    CHECK(e == SLUICE_OK);
    if (e != SLUICE_OK) r.rule = SLUICE_RULE_COUNT;
    return r;
}

static void expect(const char *what, const sluice_bytom_block_result *r, sluice_bytom_rule rule) {
    tu_checks++;
    if (r->rule != rule) {
        tu_failures++;
        fprintf(stderr, "%s: got %s (%s), want %s\n", what, sluice_bytom_rule_name(r->rule),
                r->detail, sluice_bytom_rule_name(rule));
    }
}

static void test_real_block(void) {
    char *hex = vector_field("bytom_chain.txt", "raw_block", 0);
    CHECK(hex != NULL);
    if (!hex) return;
    size_t cap = strlen(hex) / 2;
    uint8_t *raw = malloc(cap);
    long n = tb_unhex(hex, raw, cap);
    free(hex);
    sluice_bytom_block *b = NULL;
    char why[160];
    CHECK(n > 0 && sluice_bytom_block_parse(raw, (size_t)n, &b, why, sizeof why) == SLUICE_OK);
    if (!b) {
        free(raw);
        return;
    }
    CHECK(b->header.height == 12171);
    sluice_bytom_tx_result txr[4];
    sluice_bytom_block_result r = vblock(b, NULL, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, txr);
    expect("12171 no context", &r, SLUICE_RULE_OK);
    CHECK(NOTCHK(r, SLUICE_RULE_BLOCK_HEIGHT) && NOTCHK(r, SLUICE_RULE_BLOCK_BITS) &&
          NOTCHK(r, SLUICE_RULE_BLOCK_PREV_HASH) && NOTCHK(r, SLUICE_RULE_BLOCK_TIME_FUTURE) &&
          NOTCHK(r, SLUICE_RULE_BLOCK_TIME_MEDIAN) && NOTCHK(r, SLUICE_RULE_BLOCK_POW));
    CHECK(!NOTCHK(r, SLUICE_RULE_BLOCK_VERSION) && !NOTCHK(r, SLUICE_RULE_BLOCK_TX_ROOT) &&
          !NOTCHK(r, SLUICE_RULE_BLOCK_STATUS_ROOT));
    CHECK(r.pow_checked == 0);
    CHECK(b->n_txs == 2);
    CHECK(r.n_status_fail == 0);
    CHECK_MEM(r.status_root, b->header.tx_status_hash, 32);
    CHECK(r.coinbase_expected == 41250000000ULL + txr[1].fee);
    CHECK(b->txs[0].outputs[0].amount == r.coinbase_expected);
    CHECK(txr[0].gas_valid && txr[1].gas_valid && txr[0].rule == SLUICE_RULE_OK &&
          txr[1].rule == SLUICE_RULE_OK);
    CHECK(r.gas_used == (uint64_t)(txr[0].gas_used + txr[1].gas_used));
    CHECK(r.sig_checks >= 1 && r.reruns == 0);
    /* unbatched: the same verdict */
    sluice_bytom_tx_result txr2[4];
    sluice_bytom_block_result r2 = vblock(b, NULL, SLUICE_BYTOM_PROFILE_MAINNET, 0, 2, txr2);
    CHECK(r2.rule == r.rule && r2.gas_used == r.gas_used && r2.sig_checks == 0);
    CHECK(memcmp(txr, txr2, 2 * sizeof txr[0]) == 0);
    /* the national profile verifies the Ed25519 signature as SM2: it fails */
    r2 = vblock(b, NULL, SLUICE_BYTOM_PROFILE_NATIONAL, 1, 1, txr2);
    CHECK(r2.rule == SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID && r2.tx_index == 1 &&
          r2.tx_rule == SLUICE_RULE_TX_VM);

    /* with a parent context */
    sluice_bytom_header parent = b->header;
    parent.height = 12170;
    parent.timestamp = b->header.timestamp - 150;
    uint64_t ts[11];
    for (int i = 0; i < 11; i++) ts[i] = b->header.timestamp - 150 * (uint64_t)(i + 1);
    sluice_bytom_block_ctx c;
    memset(&c, 0, sizeof c);
    c.parent = &parent;
    c.parent_hash = b->header.prev_hash;
    c.prev_timestamps = ts;
    c.n_prev_timestamps = 11;
    c.now = b->header.timestamp;
    c.skip_pow = 1;
    r = vblock(b, &c, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, NULL);
    expect("12171 with parent", &r, SLUICE_RULE_OK);
    CHECK(r.not_checked == (1ULL << SLUICE_RULE_BLOCK_POW));
    CHECK(r.expected_bits == b->header.bits);
    parent.height = 12169;
    r = vblock(b, &c, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, NULL);
    expect("12171 height", &r, SLUICE_RULE_BLOCK_HEIGHT);
    parent.height = 12170;
    parent.bits = b->header.bits + 1;
    r = vblock(b, &c, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, NULL);
    expect("12171 bits", &r, SLUICE_RULE_BLOCK_BITS);
    parent.bits = b->header.bits;
    uint8_t wrong[32];
    memcpy(wrong, b->header.prev_hash, 32);
    wrong[7] ^= 1;
    c.parent_hash = wrong;
    r = vblock(b, &c, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, NULL);
    expect("12171 prev", &r, SLUICE_RULE_BLOCK_PREV_HASH);
    c.parent_hash = b->header.prev_hash;
    c.now = b->header.timestamp - 3600;
    r = vblock(b, &c, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, NULL);
    expect("12171 now-3600", &r, SLUICE_RULE_OK);
    c.now = b->header.timestamp - 3601;
    r = vblock(b, &c, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, NULL);
    expect("12171 future", &r, SLUICE_RULE_BLOCK_TIME_FUTURE);
    c.now = b->header.timestamp;
    for (int i = 0; i < 6; i++) ts[i] = b->header.timestamp + (uint64_t)i;   /* median = ts */
    ts[5] = b->header.timestamp;
    ts[0] = b->header.timestamp;
    r = vblock(b, &c, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, NULL);
    expect("12171 median", &r, SLUICE_RULE_BLOCK_TIME_MEDIAN);
    c.n_prev_timestamps = 10;   /* incomplete: not checked */
    r = vblock(b, &c, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, NULL);
    expect("12171 median unknown", &r, SLUICE_RULE_OK);
    CHECK(NOTCHK(r, SLUICE_RULE_BLOCK_TIME_MEDIAN));

    sluice_bytom_block_free(b);
    free(raw);
}

static void test_bits_and_median(void) {
    sluice_bytom_header p, s;
    memset(&p, 0, sizeof p);
    memset(&s, 0, sizeof s);
    p.bits = 0x1d00ffff00000000ULL;   /* any: not a retarget height */
    p.height = 2015;
    CHECK(sluice_bytom_next_bits(&p, NULL) == p.bits);
    p.height = 0;
    CHECK(sluice_bytom_next_bits(&p, NULL) == p.bits);
    /* retarget at parent height 2016: exact timespan keeps the target (in
     * BigToCompact's 3-byte mantissa form) */
    p.height = 2016;
    s.height = 0;
    p.bits = (0x20ULL << 56) | 0x123456ULL;   /* target 0x123456 << 8*(0x20-3) */
    s.timestamp = 1000;
    p.timestamp = 1000 + 2016 * 150;
    CHECK(sluice_bytom_next_bits(&p, &s) == p.bits);
    /* twice as slow: target doubles */
    p.timestamp = 1000 + 2 * 2016 * 150;
    CHECK(sluice_bytom_next_bits(&p, &s) == ((0x20ULL << 56) | 0x2468acULL));
    /* half: 0x123456 / 2 = 0x091a2b */
    p.timestamp = 1000 + 2016 * 75;
    CHECK(sluice_bytom_next_bits(&p, &s) == ((0x20ULL << 56) | 0x091a2bULL));
    /* growth past 3 bytes moves the exponent: 0x123456 * 16 = 0x1234560 */
    p.timestamp = 1000 + 16 * 2016 * 150;
    CHECK(sluice_bytom_next_bits(&p, &s) == ((0x21ULL << 56) | 0x012345ULL));
    /* a 55-bit mantissa is truncated to its top 3 bytes */
    p.bits = (0x20ULL << 56) | 0x00123456789abcdeULL;
    p.timestamp = 1000 + 2016 * 150;
    CHECK(sluice_bytom_next_bits(&p, &s) == ((0x24ULL << 56) | 0x123456ULL));
    /* timestamps going backwards: negative target, Euclidean division */
    p.bits = (0x03ULL << 56) | 0x000003ULL;   /* 3 */
    p.timestamp = 999;                         /* span -1: 3 * -1 / 302400 = -1 */
    CHECK(sluice_bytom_next_bits(&p, &s) == ((0x01ULL << 56) | 0x0080000000000000ULL | 0x010000ULL));
    /* zero span: target 0 */
    p.timestamp = 1000;
    CHECK(sluice_bytom_next_bits(&p, &s) == 0);

    uint64_t t[11] = {5, 1, 9, 3, 7, 11, 2, 10, 4, 8, 6};
    CHECK(sluice_bytom_median_time(t, 11) == 6);
    CHECK(sluice_bytom_median_time(t, 1) == 5);
    CHECK(sluice_bytom_median_time(t, 2) == 5);   /* sorted {1,5}[1] */
    CHECK(sluice_bytom_median_time(t, 0) == 0);
}

/* ---- built blocks ---------------------------------------------------------- */
typedef struct {
    uint8_t *raw[16];
    size_t len[16];
    size_t n;
} txset;

static void txset_free(txset *s) {
    for (size_t i = 0; i < s->n; i++) free(s->raw[i]);
    s->n = 0;
}

static int add_tx(txset *s, tb_tx *t) {
    if (s->n >= 16 || tb_tx_build(t, &s->raw[s->n], &s->len[s->n])) return -1;
    s->n++;
    return 0;
}

static void coinbase_tx(tb_tx *t, const tb_key *k, uint64_t amount) {
    static const uint8_t arb[] = "sluice";
    tb_tx_init(t);
    tb_add_coinbase(t, arb, sizeof arb - 1);
    tb_add_output_p2wpkh(t, k, BTM, amount);
}

/* Builds a block from the set; status NULL = all successful. */
static sluice_bytom_block *make_block(const sluice_bytom_header *h, int keep, txset *s,
                                      const uint8_t *status, uint8_t **raw) {
    size_t len = 0;
    if (tb_block_build(h, keep, s->raw, s->len, s->n, status, raw, &len)) return NULL;
    sluice_bytom_block *b = NULL;
    char why[160];
    if (sluice_bytom_block_parse(*raw, len, &b, why, sizeof why) != SLUICE_OK) {
        fprintf(stderr, "built block does not parse: %s\n", why);
        return NULL;
    }
    return b;
}

static sluice_bytom_block_result check_built(const char *what, const sluice_bytom_header *h,
                                             int keep, txset *s, const uint8_t *status,
                                             sluice_bytom_profile prof, sluice_bytom_rule want) {
    uint8_t *raw = NULL;
    sluice_bytom_block_result r;
    memset(&r, 0, sizeof r);
    r.rule = SLUICE_RULE_COUNT;
    sluice_bytom_block *b = make_block(h, keep, s, status, &raw);
    CHECK(b != NULL);
    if (b) {
        r = vblock(b, NULL, prof, 1, 2, NULL);
        expect(what, &r, want);
        sluice_bytom_block_result r2 = vblock(b, NULL, prof, 0, 1, NULL);
        CHECK(r2.rule == r.rule && r2.tx_index == r.tx_index && r2.gas_used == r.gas_used);
        sluice_bytom_block_free(b);
    }
    free(raw);
    return r;
}

static void test_built(sluice_bytom_profile prof) {
    tb_key k[4];
    for (int i = 0; i < 4; i++) CHECK(tb_key_new(&k[i], prof, 7 + (uint64_t)i) == 0);
    const tb_key *ms[3] = {&k[0], &k[1], &k[2]};
    uint8_t src[4][32], asset_x[32];
    for (int i = 0; i < 4; i++) memset(src[i], 0x50 + i, 32);
    memset(asset_x, 0x77, 32);
    sluice_bytom_header h;
    memset(&h, 0, sizeof h);
    h.version = 1;
    h.height = 5000;
    h.timestamp = 1600000000;
    h.bits = 0x2000000000000000ULL;
    const uint64_t subsidy = 41250000000ULL;
    const char *pn = sluice_bytom_profile_name(prof);
    char name[80];
    tb_tx t;
    txset s = {{0}, {0}, 0};

    /* coinbase + P2WPKH tx + multisig tx + non-BTM tx with a bad signature (status_fail) */
    tb_tx spends[3];
    tb_tx_init(&spends[0]);
    tb_add_spend_p2wpkh(&spends[0], &k[0], src[0], BTM, 5 * FEE, 0);
    tb_add_output_p2wpkh(&spends[0], &k[1], BTM, 4 * FEE);
    tb_tx_init(&spends[1]);
    tb_add_spend_multisig(&spends[1], ms, 3, 2, 0x3, src[1], BTM, 5 * FEE, 1);
    tb_add_output_p2wpkh(&spends[1], &k[1], BTM, 3 * FEE);
    tb_tx_init(&spends[2]);
    tb_add_spend_p2wpkh(&spends[2], &k[0], src[2], BTM, 5 * FEE, 0);
    tb_add_spend_p2wpkh(&spends[2], &k[3], src[3], asset_x, 1234, 0)->corrupt_sig = 1;
    tb_add_output_p2wpkh(&spends[2], &k[1], BTM, 4 * FEE);
    tb_add_output_p2wpkh(&spends[2], &k[1], asset_x, 1234);
    uint64_t fees = FEE + 2 * FEE + FEE;
    uint8_t status[4] = {0, 0, 0, 1};

    coinbase_tx(&t, &k[2], subsidy + fees);
    CHECK(add_tx(&s, &t) == 0);
    for (int i = 0; i < 3; i++) CHECK(add_tx(&s, &spends[i]) == 0);
    snprintf(name, sizeof name, "%s valid block", pn);
    sluice_bytom_block_result r = check_built(name, &h, 0, &s, status, prof, SLUICE_RULE_OK);
    CHECK(r.n_status_fail == 1);
    CHECK(r.coinbase_expected == subsidy + fees);
    snprintf(name, sizeof name, "%s status root", pn);
    check_built(name, &h, 0, &s, NULL, prof, SLUICE_RULE_BLOCK_STATUS_ROOT);
    sluice_bytom_header hk = h;
    memset(hk.tx_merkle_root, 0xab, 32);
    snprintf(name, sizeof name, "%s tx root", pn);
    check_built(name, &hk, 1, &s, NULL, prof, SLUICE_RULE_BLOCK_TX_ROOT);
    hk = h;
    hk.version = 2;
    snprintf(name, sizeof name, "%s version", pn);
    check_built(name, &hk, 0, &s, status, prof, SLUICE_RULE_BLOCK_VERSION);
    txset_free(&s);

    /* coinbase amount off by one */
    coinbase_tx(&t, &k[2], subsidy + fees - 1);
    CHECK(add_tx(&s, &t) == 0);
    for (int i = 0; i < 3; i++) CHECK(add_tx(&s, &spends[i]) == 0);
    snprintf(name, sizeof name, "%s coinbase amount", pn);
    r = check_built(name, &h, 0, &s, status, prof, SLUICE_RULE_BLOCK_COINBASE_AMOUNT);
    CHECK(r.tx_index == 0);
    txset_free(&s);

    /* a BTM input with a bad signature: tx not gas-valid */
    coinbase_tx(&t, &k[2], subsidy + FEE);
    CHECK(add_tx(&s, &t) == 0);
    spends[0].in[0].corrupt_sig = 1;
    CHECK(add_tx(&s, &spends[0]) == 0);
    spends[0].in[0].corrupt_sig = 0;
    snprintf(name, sizeof name, "%s bad BTM signature", pn);
    r = check_built(name, &h, 0, &s, NULL, prof, SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID);
    CHECK(r.tx_index == 1 && r.tx_rule == SLUICE_RULE_TX_VM);
    txset_free(&s);

    /* no coinbase; empty block; coinbase in transaction 1 */
    CHECK(add_tx(&s, &spends[0]) == 0);
    snprintf(name, sizeof name, "%s no coinbase", pn);
    check_built(name, &h, 0, &s, NULL, prof, SLUICE_RULE_BLOCK_COINBASE_MISSING);
    txset_free(&s);
    snprintf(name, sizeof name, "%s empty block", pn);
    check_built(name, &h, 0, &s, NULL, prof, SLUICE_RULE_BLOCK_COINBASE_MISSING);
    coinbase_tx(&t, &k[2], subsidy);
    CHECK(add_tx(&s, &t) == 0);
    CHECK(add_tx(&s, &t) == 0);
    snprintf(name, sizeof name, "%s two coinbases", pn);
    r = check_built(name, &h, 0, &s, NULL, prof, SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID);
    CHECK(r.tx_index == 1 && r.tx_rule == SLUICE_RULE_TX_WRONG_COINBASE);
    txset_free(&s);
    /* a coinbase alone at the genesis-free height 1 */
    h.height = 1;
    coinbase_tx(&t, &k[2], subsidy);
    CHECK(add_tx(&s, &t) == 0);
    snprintf(name, sizeof name, "%s coinbase only", pn);
    check_built(name, &h, 0, &s, NULL, prof, SLUICE_RULE_OK);
    h.height = 840000;
    snprintf(name, sizeof name, "%s halving", pn);
    check_built(name, &h, 0, &s, NULL, prof, SLUICE_RULE_BLOCK_COINBASE_AMOUNT);
    txset_free(&s);

    for (int i = 0; i < 4; i++) tb_key_free(&k[i]);
}

/* Random blocks with random bad signatures: batched == one by one, for any
 * thread count, transaction by transaction. */
static void test_batch_equal(sluice_bytom_profile prof, uint64_t seed) {
    tu_rng rng;
    tu_rng_seed(&rng, seed);
    tb_key k[4];
    for (int i = 0; i < 4; i++) CHECK(tb_key_new(&k[i], prof, seed * 10 + (uint64_t)i) == 0);
    const tb_key *ms[3] = {&k[0], &k[1], &k[2]};
    uint8_t asset_x[32];
    memset(asset_x, 0x66, 32);
    txset s = {{0}, {0}, 0};
    tb_tx t;
    uint64_t fees = 0;
    size_t ntx = 9;
    tb_tx txs[9];
    for (size_t i = 0; i < ntx; i++) {
        tb_tx *x = &txs[i];
        tb_tx_init(x);
        uint8_t src[32];
        tu_rng_bytes(&rng, src, 32);
        uint64_t kind = tu_rng_next(&rng) % 3;
        tb_input *in;
        if (kind == 0) in = tb_add_spend_p2wpkh(x, &k[i % 4], src, BTM, 5 * FEE, 0);
        else in = tb_add_spend_multisig(x, ms, 3, 2, kind == 1 ? 0x3 : 0x5, src, BTM, 5 * FEE, 0);
        in->corrupt_sig = (tu_rng_next(&rng) % 4) == 0;
        tb_add_output_p2wpkh(x, &k[1], BTM, 4 * FEE);
        if (tu_rng_next(&rng) % 2) {   /* plus a non-BTM input */
            tu_rng_bytes(&rng, src, 32);
            tb_add_spend_p2wpkh(x, &k[3], src, asset_x, 99, 1)->corrupt_sig =
                (tu_rng_next(&rng) % 3) == 0;
            tb_add_output_p2wpkh(x, &k[1], asset_x, 99);
        }
        fees += FEE;
    }
    coinbase_tx(&t, &k[2], 41250000000ULL + fees);
    CHECK(add_tx(&s, &t) == 0);
    for (size_t i = 0; i < ntx; i++) CHECK(add_tx(&s, &txs[i]) == 0);
    sluice_bytom_header h;
    memset(&h, 0, sizeof h);
    h.version = 1;
    h.height = 300000;
    h.timestamp = 1600000000;
    h.bits = 0x2000000000000000ULL;
    uint8_t *raw = NULL;
    sluice_bytom_block *b = make_block(&h, 0, &s, NULL, &raw);
    CHECK(b != NULL);
    if (b) {
        sluice_bytom_tx_result a[10], c[10], d[10];
        sluice_bytom_block_result ra = vblock(b, NULL, prof, 0, 1, a);
        sluice_bytom_block_result rc = vblock(b, NULL, prof, 1, 1, c);
        sluice_bytom_block_result rd = vblock(b, NULL, prof, 1, 2, d);
        CHECK(memcmp(a, c, b->n_txs * sizeof a[0]) == 0);
        CHECK(memcmp(a, d, b->n_txs * sizeof a[0]) == 0);
        CHECK(ra.rule == rc.rule && ra.rule == rd.rule && ra.tx_index == rc.tx_index &&
              ra.tx_index == rd.tx_index && ra.gas_used == rc.gas_used);
        CHECK(memcmp(ra.status_root, rc.status_root, 32) == 0);
        CHECK(rc.sig_checks > 0 && rc.sig_checks == rd.sig_checks && rc.reruns == rd.reruns);
        /* every transaction with a corrupted signature is re-run; so may be a
         * 2-of-3 whose optimistic run paired a signature with the wrong key */
        uint32_t bad = 0;
        for (size_t i = 0; i < ntx; i++) {
            int any = 0;
            for (size_t j = 0; j < txs[i].n_in; j++) any |= txs[i].in[j].corrupt_sig;
            bad += (uint32_t)any;
            if (txs[i].in[0].corrupt_sig) CHECK(!a[i + 1].gas_valid && a[i + 1].rule == SLUICE_RULE_TX_VM);
        }
        CHECK(rc.reruns >= bad && rc.reruns <= ntx);
        sluice_bytom_block_free(b);
    }
    free(raw);
    txset_free(&s);
    for (int i = 0; i < 4; i++) tb_key_free(&k[i]);
}

/* ---- the block gas limit: transactions with one big witness argument ---- */
typedef struct {
    uint8_t *p;
    size_t n;
} gbuf;

static void g_put(gbuf *b, const void *d, size_t n) {
    if (n) memcpy(b->p + b->n, d, n);
    b->n += n;
}
static void g_varint(gbuf *b, uint64_t v) {
    do {
        uint8_t x = (uint8_t)(v & 0x7f);
        v >>= 7;
        if (v) x |= 0x80;
        g_put(b, &x, 1);
    } while (v);
}
static void g_varstr(gbuf *b, const uint8_t *d, size_t n) {
    g_varint(b, n);
    g_put(b, d, n);
}

static void g_spend(gbuf *t, uint8_t tag, const uint8_t asset[32], uint64_t amount,
                    const uint8_t *prog, size_t prog_len) {
    uint8_t inner[300], commit[320], wit[8];
    gbuf b = {inner, 0};
    uint8_t src[32];
    memset(src, tag, 32);
    src[0] = asset[0];
    g_put(&b, src, 32);
    g_put(&b, asset, 32);
    g_varint(&b, amount);
    g_varint(&b, 0);
    g_varint(&b, 1);
    g_varstr(&b, prog, prog_len);
    gbuf c = {commit, 0};
    const uint8_t one = 1;
    g_put(&c, &one, 1);
    g_varstr(&c, inner, b.n);
    gbuf w = {wit, 0};
    g_varint(&w, 0);   /* no arguments */
    g_varint(t, 1);
    g_varstr(t, commit, c.n);
    g_varstr(t, wit, w.n);
}

static void g_output(gbuf *t, const uint8_t asset[32], uint64_t amount) {
    uint8_t out[64];
    const uint8_t optrue = 0x51;
    gbuf o = {out, 0};
    g_put(&o, asset, 32);
    g_varint(&o, amount);
    g_varint(&o, 1);
    g_varstr(&o, &optrue, 1);
    g_varint(t, 1);
    g_varstr(t, out, o.n);
    g_varstr(t, NULL, 0);
}

/* A small transaction that burns a lot of gas after it is gas-valid: a BTM
 * spend of a lone OP_TRUE (standard) paying `fee`, and a spend of another
 * asset whose program counts `loops` down (n; L: 1SUB DUP JUMPIF L; NOT). */
static uint8_t *gas_tx(uint8_t tag, uint32_t loops, uint64_t fee, size_t *len) {
    static const uint8_t ASSET_Y[32] = {0x42, 0x42, 0x42};
    const uint8_t optrue = 0x51;
    const uint8_t prog[] = {0x03, (uint8_t)loops, (uint8_t)(loops >> 8), (uint8_t)(loops >> 16),
                            0x8c, 0x76, 0x64, 0x04, 0x00, 0x00, 0x00, 0x91};
    const uint64_t amount = 1000000000000ULL;
    uint8_t *tx = malloc(1024);
    gbuf t = {tx, 0};
    const uint8_t flag = 7;
    g_put(&t, &flag, 1);
    g_varint(&t, 1);
    g_varint(&t, 0);
    g_varint(&t, 2);
    g_spend(&t, tag, BTM, amount, &optrue, 1);
    g_spend(&t, tag, ASSET_Y, 5, prog, sizeof prog);
    g_varint(&t, 2);
    g_output(&t, BTM, amount - fee);
    g_output(&t, ASSET_Y, 5);
    *len = t.n;
    return tx;
}

static void test_gas_limit(void) {
    const uint64_t fee = 200ULL * 200000;   /* the most gas a transaction can get */
    uint32_t loops = 45000;
    tb_key k;
    CHECK(tb_key_new(&k, SLUICE_BYTOM_PROFILE_MAINNET, 3) == 0);
    /* per-transaction gas, measured on one */
    size_t len1;
    uint8_t *one = gas_tx(1, loops, fee, &len1);
    sluice_bytom_tx *p1 = NULL;
    char why[160];
    CHECK(sluice_bytom_tx_parse(one, len1, &p1, why, sizeof why) == SLUICE_OK);
    sluice_bytom_tx_result r1;
    memset(&r1, 0, sizeof r1);
    if (p1) CHECK(sluice_bytom_validate_tx(p1, 10, 1, 0, SLUICE_BYTOM_PROFILE_MAINNET, &r1) == SLUICE_OK);
    sluice_bytom_tx_free(p1);
    free(one);
    CHECK(r1.rule == SLUICE_RULE_OK && r1.gas_used > 100000);
    if (r1.rule != SLUICE_RULE_OK || r1.gas_used <= 100000) {
        fprintf(stderr, "gas tx: %s (%s) gas %lld\n", sluice_bytom_rule_name(r1.rule), r1.detail,
                (long long)r1.gas_used);
        tb_key_free(&k);
        return;
    }
    size_t fit = (size_t)(SLUICE_BYTOM_MAX_BLOCK_GAS / (uint64_t)r1.gas_used);   /* sum <= limit */
    for (int over = 0; over < 2; over++) {
        size_t n = fit + (size_t)over + 1;   /* + coinbase */
        uint8_t **txs = calloc(n, sizeof *txs);
        size_t *lens = calloc(n, sizeof *lens);
        tb_tx t;
        coinbase_tx(&t, &k, 41250000000ULL + (uint64_t)(n - 1) * fee);
        CHECK(tb_tx_build(&t, &txs[0], &lens[0]) == 0);
        for (size_t i = 1; i < n; i++) txs[i] = gas_tx((uint8_t)i, loops, fee, &lens[i]);
        sluice_bytom_header h;
        memset(&h, 0, sizeof h);
        h.version = 1;
        h.height = 10;
        h.timestamp = 1600000000;
        uint8_t *raw = NULL;
        size_t rlen = 0;
        CHECK(tb_block_build(&h, 0, txs, lens, n, NULL, &raw, &rlen) == 0);
        sluice_bytom_block *b = NULL;
        CHECK(raw && sluice_bytom_block_parse(raw, rlen, &b, why, sizeof why) == SLUICE_OK);
        if (b) {
            sluice_bytom_block_result r = vblock(b, NULL, SLUICE_BYTOM_PROFILE_MAINNET, 1, 2, NULL);
            CHECK(r.gas_used == (uint64_t)r1.gas_used * (n - 1));
            expect(over ? "gas over the limit" : "gas at the limit", &r,
                   over ? SLUICE_RULE_BLOCK_GAS_LIMIT : SLUICE_RULE_OK);
            if (over) CHECK(r.tx_index == (int32_t)(n - 1));
            sluice_bytom_block_free(b);
        }
        free(raw);
        for (size_t i = 0; i < n; i++) free(txs[i]);
        free(txs);
        free(lens);
    }
    tb_key_free(&k);
}

/* PoW with a known seed (tensority.txt vector 1's seed): a target that every
 * hash meets, and target 0 that this one does not. */
static void test_pow(void) {
    char *line = vector_field("tensority.txt", "", 0);
    CHECK(line != NULL);
    if (!line) return;
    uint8_t seed[32];
    CHECK(tb_unhex(strtok(line, " "), seed, 32) == 32);   /* header hash */
    CHECK(tb_unhex(strtok(NULL, " "), seed, 32) == 32);   /* seed */
    free(line);
    sluice_tensority_cache *cache = NULL;
    CHECK(sluice_tensority_cache_new(&cache, seed, 0) == SLUICE_OK);
    if (!cache) return;
    tb_key k;
    CHECK(tb_key_new(&k, SLUICE_BYTOM_PROFILE_MAINNET, 1) == 0);
    tb_tx t;
    coinbase_tx(&t, &k, 41250000000ULL);
    txset s = {{0}, {0}, 0};
    CHECK(add_tx(&s, &t) == 0);
    sluice_bytom_header h;
    memset(&h, 0, sizeof h);
    h.version = 1;
    h.height = 77;
    h.timestamp = 1600000000;
    h.bits = 0x2100000000000001ULL;   /* 1 << 8*(0x21-3) = 2^240 */
    for (int pass = 0; pass < 2; pass++) {
        uint8_t *raw = NULL;
        sluice_bytom_block *b = make_block(&h, 0, &s, NULL, &raw);
        CHECK(b != NULL);
        if (b) {
            sluice_bytom_block_ctx c;
            memset(&c, 0, sizeof c);
            c.seed_cache = cache;
            sluice_bytom_block_result r = vblock(b, &c, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, NULL);
            CHECK(r.pow_checked == 1);
            uint8_t want[32];
            CHECK(sluice_tensority_hash(cache, SLUICE_TENSORITY_REF, b->hash, want, NULL) ==
                  SLUICE_OK);
            CHECK_MEM(r.pow_result, want, 32);
            int ok = sluice_bytom_pow_ok(want, h.bits);
            expect("pow", &r, ok ? SLUICE_RULE_OK : SLUICE_RULE_BLOCK_POW);
            if (pass == 1) CHECK(!ok);
            CHECK(!NOTCHK(r, SLUICE_RULE_BLOCK_POW));
            c.skip_pow = 1;
            r = vblock(b, &c, SLUICE_BYTOM_PROFILE_MAINNET, 1, 1, NULL);
            CHECK(r.pow_checked == 0 && NOTCHK(r, SLUICE_RULE_BLOCK_POW));
            sluice_bytom_block_free(b);
        }
        free(raw);
        h.bits = 0;   /* target 0 */
    }
    txset_free(&s);
    tb_key_free(&k);
    sluice_tensority_cache_free(cache);
}

int main(void) {
    test_bits_and_median();
    test_real_block();
    test_built(SLUICE_BYTOM_PROFILE_MAINNET);
    test_built(SLUICE_BYTOM_PROFILE_NATIONAL);
    for (uint64_t seed = 1; seed <= 3; seed++) {
        test_batch_equal(SLUICE_BYTOM_PROFILE_MAINNET, seed);
        test_batch_equal(SLUICE_BYTOM_PROFILE_NATIONAL, seed);
    }
    test_gas_limit();
    test_pow();
    return tu_finish("test_bytom_validate_block");
}
