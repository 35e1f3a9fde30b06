/* sluice bench block: parse + ID throughput and stateless block validation
 * throughput on a generated block of P2WPKH transactions, with the time
 * split into parsing and IDs, signatures, and the VM and rules (issue 5).
 * The baseline, measured in the same run, is the reference node's way: one
 * thread, every signature verified on its own when its opcode runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain_build.h"
#include "cli.h"
#include "cmd_bench_block.h"
#include "cmd_common.h"
#include "sluice/bytom_validate.h"
#include "sluice/sig.h"

static const char help_text[] =
    "usage: sluice bench block [--txs N] [--threads T] [--profile mainnet|national] [--seconds S] [--json]\n"
    "  Builds a block of a coinbase and N (default 4000) transactions, each spending one P2WPKH\n"
    "  output with its own key (Ed25519, or SM2 for the national profile; signed with OpenSSL)\n"
    "  to two P2WPKH outputs, then measures for about S seconds each (default 1):\n"
    "    parse      parsing the raw block with every entry ID (one thread);\n"
    "    validate   sluice_bytom_validate_block (no parent context, so no PoW) with the\n"
    "               block's signatures in one batch on T threads (default 0 = all cores),\n"
    "               and on one thread;\n"
    "    baseline   the same validation on one thread with every signature verified on\n"
    "               its own, as the reference node does;\n"
    "    stages     on one thread: parse + IDs, the block's signatures alone as one batch,\n"
    "               and the rest of validation (VM, balances, gas, roots) by difference.\n"
    "  rate = validated transactions per second on T threads; ratio = rate / baseline.\n"
    "  Exit status: 0 measured; 1 the block did not validate; 2 bad usage or set-up failure.\n";

typedef struct {
    uint8_t *raw;
    size_t len;
    unsigned ntx;           /* transactions besides the coinbase */
} bench_block;

/* A block at height 1000 of ntx one-in two-out P2WPKH spends with distinct
 * keys, fee 20,000,000 each, and the coinbase paying subsidy + fees. */
static int make_block(sluice_bytom_profile profile, unsigned ntx, bench_block *out, char *why, size_t cap) {
    const uint64_t height = 1000, fee = 20000000;
    uint8_t **txs = calloc((size_t)ntx + 1, sizeof *txs);
    size_t *lens = calloc((size_t)ntx + 1, sizeof *lens);
    int rc = -1;
    if (!txs || !lens) {
        snprintf(why, cap, "out of memory");
        goto done;
    }
    tb_tx *t = malloc(sizeof *t);
    if (!t) {
        snprintf(why, cap, "out of memory");
        goto done;
    }
    tb_key payee;
    if (tb_key_new(&payee, profile, 7)) {
        free(t);
        snprintf(why, cap, "key generation failed");
        goto done;
    }
    for (unsigned i = 0; i < ntx; i++) {
        tb_key k;
        if (tb_key_new(&k, profile, 1000 + i)) {
            snprintf(why, cap, "key generation failed");
            break;
        }
        uint8_t src[32];
        for (int j = 0; j < 32; j++) src[j] = (uint8_t)(i * 31 + j * 7 + (i >> 8));
        uint64_t amount = 1000000000ULL + i;
        tb_tx_init(t);
        tb_add_spend_p2wpkh(t, &k, src, SLUICE_BYTOM_BTM_ASSET, amount, i & 3);
        tb_add_output_p2wpkh(t, &payee, SLUICE_BYTOM_BTM_ASSET, amount / 2);
        tb_add_output_p2wpkh(t, &k, SLUICE_BYTOM_BTM_ASSET, amount - amount / 2 - fee);
        int r = tb_tx_build(t, &txs[i + 1], &lens[i + 1]);
        tb_key_free(&k);
        if (r) {
            snprintf(why, cap, "building transaction %u failed", i + 1);
            break;
        }
    }
    if (!txs[ntx] && ntx) {
        tb_key_free(&payee);
        free(t);
        goto done;
    }
    tb_tx_init(t);
    static const uint8_t arb[] = "sluice bench";
    tb_add_coinbase(t, arb, sizeof arb - 1);
    tb_add_output_p2wpkh(t, &payee, SLUICE_BYTOM_BTM_ASSET, sluice_bytom_block_subsidy(height) + fee * ntx);
    int r = tb_tx_build(t, &txs[0], &lens[0]);
    tb_key_free(&payee);
    free(t);
    if (r) {
        snprintf(why, cap, "building the coinbase failed");
        goto done;
    }
    sluice_bytom_header h;
    memset(&h, 0, sizeof h);
    h.version = 1;
    h.height = height;
    h.timestamp = 1600000000;
    h.bits = 2305843009214532812ULL;
    if (tb_block_build(&h, 0, txs, lens, (size_t)ntx + 1, NULL, &out->raw, &out->len)) {
        snprintf(why, cap, "building the block failed");
        goto done;
    }
    out->ntx = ntx;
    rc = 0;
done:
    if (txs)
        for (unsigned i = 0; i <= ntx; i++) free(txs[i]);
    free(txs);
    free(lens);
    return rc;
}

/* Seconds per run of fn over at least secs (and at least 2 runs). */
typedef int (*run_fn)(void *arg);
static int time_runs(run_fn fn, void *arg, double secs, double *per_run) {
    unsigned runs = 0;
    double t0 = cmd_now(), now;
    do {
        if (fn(arg)) return -1;
        runs++;
        now = cmd_now();
    } while (now - t0 < secs || runs < 2);
    *per_run = (now - t0) / runs;
    return 0;
}

typedef struct {
    const bench_block *bb;
    sluice_bytom_block *parsed;
    sluice_bytom_validate_opts vo;
    sluice_bytom_tx_result *txr;
    sluice_bytom_block_result res;
    uint8_t *status;
} bench_ctx;

static int run_parse(void *arg) {
    bench_ctx *c = arg;
    sluice_bytom_block *b = NULL;
    if (sluice_bytom_block_parse(c->bb->raw, c->bb->len, &b, NULL, 0) != SLUICE_OK) return -1;
    sluice_bytom_block_free(b);
    return 0;
}

static int run_validate(void *arg) {
    bench_ctx *c = arg;
    if (sluice_bytom_validate_block(c->parsed, NULL, &c->vo, c->txr, &c->res) != SLUICE_OK) return -1;
    return c->res.rule == SLUICE_RULE_OK ? 0 : -1;
}

/* The block's signature checks as sig items: P2WPKH witness [sig, pubkey]
 * over the input's signature hash. */
static sluice_err add_block_sigs(const sluice_bytom_block *b, sluice_bytom_profile profile, sluice_sig_batch *batch) {
    for (uint32_t i = 0; i < b->n_txs; i++)
        for (uint32_t j = 0; j < b->txs[i].n_inputs; j++) {
            const sluice_bytom_input *in = &b->txs[i].inputs[j];
            if (in->type != SLUICE_BYTOM_INPUT_SPEND || in->n_args != 2) continue;
            sluice_sig_item it = {profile == SLUICE_BYTOM_PROFILE_NATIONAL ? SLUICE_SIG_SM2 : SLUICE_SIG_ED25519,
                                  in->args[1].p, in->args[1].len, in->sighash, 32, in->args[0].p,
                                  in->args[0].len, NULL, 0};
            sluice_err e = sluice_sig_batch_add(batch, &it);
            if (e != SLUICE_OK) return e;
        }
    return SLUICE_OK;
}

/* A fresh batch per run, as validation makes one per block: its key caches
 * start empty. */
static int run_sigs(void *arg) {
    bench_ctx *c = arg;
    sluice_sig_batch_opts so = {1, 0, 0, NULL};
    sluice_sig_batch *batch = NULL;
    size_t bad = 0;
    int rc = -1;
    if (sluice_sig_batch_new(&batch, &so) == SLUICE_OK && add_block_sigs(c->parsed, c->vo.profile, batch) == SLUICE_OK &&
        sluice_sig_batch_run(batch, c->status, &bad) == SLUICE_OK && !bad)
        rc = 0;
    if (batch) sluice_sig_batch_free(batch);
    return rc;
}

int cmd_bench_block(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "bench block";
    const char *txs_s = "4000", *threads_s = "0", *secs_s = "1", *profile_s = "mainnet";
    int help = 0;
    cli_opt opts[] = {{"txs", &txs_s, NULL}, {"threads", &threads_s, NULL}, {"seconds", &secs_s, NULL},
                      {"profile", &profile_s, NULL}, {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc - 1, argv + 1, opts, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) {
        fputs(help_text, stdout);
        return CLI_OK;
    }
    unsigned ntx, threads;
    double secs;
    sluice_bytom_profile profile;
    if (!cli_parse_uint(txs_s, 1, 100000, &ntx)) return cli_fail(cli, cmd, "bad --txs '%s' (1..100000)", txs_s);
    if (!cli_parse_uint(threads_s, 0, 1024, &threads))
        return cli_fail(cli, cmd, "bad --threads '%s' (0..1024, 0 = all cores)", threads_s);
    if (!cli_parse_double(secs_s, 0.01, 600, &secs)) return cli_fail(cli, cmd, "bad --seconds '%s'", secs_s);
    if (sluice_bytom_profile_parse(profile_s, &profile) != SLUICE_OK)
        return cli_fail(cli, cmd, "unknown --profile '%s' (mainnet, national)", profile_s);
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (unsigned)n : 1;
    }
    char why[256] = "";
    bench_block bb = {0};
    if (make_block(profile, ntx, &bb, why, sizeof why)) return cli_fail(cli, cmd, "%s", why);
    bench_ctx c = {0};
    c.bb = &bb;
    int rc = CLI_USAGE;
    if (sluice_bytom_block_parse(bb.raw, bb.len, &c.parsed, why, sizeof why) != SLUICE_OK) {
        rc = cli_fail(cli, cmd, "the generated block does not parse: %s", why);
        goto out;
    }
    c.txr = calloc(c.parsed->n_txs, sizeof *c.txr);
    size_t nsig = 0;
    for (uint32_t i = 0; i < c.parsed->n_txs; i++) nsig += c.parsed->txs[i].n_inputs;
    if (!c.txr || !(c.status = malloc(nsig + 1))) {
        rc = cli_fail(cli, cmd, "out of memory");
        goto out;
    }
    double t_parse, t_val_n, t_val_1, t_base, t_sigs;
    c.vo = (sluice_bytom_validate_opts){profile, (int)threads, 1};
    if (run_validate(&c)) { /* untimed warm-up, and the verdict */
        fprintf(stderr, "sluice bench block: the generated block is invalid: %s (%s)\n",
                sluice_bytom_rule_str(c.res.rule), c.res.detail);
        rc = CLI_NEGATIVE;
        goto out;
    }
    if (time_runs(run_parse, &c, secs, &t_parse) || time_runs(run_validate, &c, secs, &t_val_n)) goto fail;
    c.vo.threads = 1;
    if (time_runs(run_validate, &c, secs, &t_val_1)) goto fail;
    nsig = c.res.sig_checks;

    if (time_runs(run_sigs, &c, secs, &t_sigs)) goto fail;
    c.vo.batch_sigs = 0;
    if (time_runs(run_validate, &c, secs, &t_base)) goto fail;

    double n = bb.ntx + 1;
    double rate = n / t_val_n, base = n / t_base;
    double rest = t_val_1 - t_sigs > 0 ? t_val_1 - t_sigs : 0;
    double total1 = t_parse + t_sigs + rest;   /* the three stages; >= t_parse + t_val_1 */
    if (cli->json) {
        printf("{\"bench\":\"block\",\"backend\":\"cpu\",\"threads\":%u,\"profile\":\"%s\",\"txs\":%u,\"block_bytes\":%zu,"
               "\"signatures\":%zu,\"rate\":%.1f,\"unit\":\"tx/s\",\"baseline\":{\"name\":\"1 thread, signatures one by "
               "one (reference node)\",\"rate\":%.1f},\"ratio\":%.3f,\"parse_rate\":%.1f,\"validate_1thread_rate\":%.1f,"
               "\"scaling\":%.3f,\"stages_1thread\":{\"parse_ids_s\":%.6f,\"signatures_s\":%.6f,\"vm_rules_s\":%.6f,"
               "\"signature_share\":%.4f}}\n",
               threads, sluice_bytom_profile_name(profile), bb.ntx + 1, bb.len, nsig, rate, base, rate / base,
               n / t_parse, n / t_val_1, t_val_1 / t_val_n, t_parse, t_sigs, rest, t_sigs / total1);
    } else {
        printf("bench block: %u transactions (%zu bytes, %zu %s signatures), profile %s\n", bb.ntx + 1, bb.len, nsig,
               profile == SLUICE_BYTOM_PROFILE_NATIONAL ? "SM2" : "Ed25519", sluice_bytom_profile_name(profile));
        printf("  parse + IDs          %10.0f tx/s  (1 thread)\n", n / t_parse);
        printf("  validate, batched    %10.0f tx/s  (%u thread%s)\n", rate, threads, threads == 1 ? "" : "s");
        printf("  validate, batched    %10.0f tx/s  (1 thread; %u threads = %.2fx)\n", n / t_val_1, threads,
               t_val_1 / t_val_n);
        printf("  baseline             %10.0f tx/s  (1 thread, signatures one by one as the node does)\n", base);
        printf("  ratio                %10.2fx\n", rate / base);
        printf("  where one thread's time goes: parse + IDs %.1f%%, signatures %.1f%%, VM and rules %.1f%%\n",
               100 * t_parse / total1, 100 * t_sigs / total1, 100 * rest / total1);
    }
    rc = CLI_OK;
    goto out;
fail:
    rc = cli_fail(cli, cmd, "a timed run failed");
out:
    free(c.status);
    free(c.txr);
    if (c.parsed) sluice_bytom_block_free(c.parsed);
    free(bb.raw);
    return rc;
}
