/* sluice block verify: one Bytom v1 block against the consensus rules
 * (sluice/bytom_validate.h), with the parent's context when given. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chain_input.h"
#include "chain_json.h"
#include "cmd_chain.h"
#include "cmd_common.h"
#include "sluice/bytom_genesis.h"
#include "sluice/bytom_validate.h"
#include "sluice/hex.h"

static const char help_text[] =
    "usage: sluice block verify --raw HEX|--file F [--seed HEX] [--parent-raw HEX|--parent-file F]\n"
    "                           [--network mainnet|testnet|solonet] [--profile mainnet|national]\n"
    "                           [--threads N] [--no-batch] [--now UNIX|--no-time] [--json]\n"
    "  Validates one raw Bytom v1 block as the reference node does (validation/block.go,\n"
    "  tx.go, the VM): header rules, proof of work through Tensority, every transaction\n"
    "  (balance, gas, programs, signatures verified in one batch), coinbase amount, block\n"
    "  gas, both Merkle roots. Prints the block hash, the PoW result, the Merkle roots, each\n"
    "  transaction's status and gas, and valid or invalid with the exact rule that failed.\n"
    "  Context: --parent-raw/--parent-file (the parent block or header) enables the height,\n"
    "  previous-hash and bits checks and the median-time check against the parent only\n"
    "  (complete only for height 1); the retarget at multiples of 2016 needs the period's\n"
    "  first header, which this command does not take, so those bits are not checked.\n"
    "  --seed is the block's Tensority seed; without it the seed is known for heights 1..256\n"
    "  (the initial seed) and from a parent at a multiple of 256 (its hash); otherwise PoW\n"
    "  is not checked and the output says so. --profile national verifies SM2 signatures\n"
    "  (the gm build). --now (default: the clock) is the time for the 'too far in the\n"
    "  future' rule; --no-time skips it. --no-batch verifies signatures one by one.\n"
    "  A block at height 0 is valid only if it is the --network's genesis block (default\n"
    "  mainnet), which the node has built in rather than validating.\n"
    "  Exit status: 0 valid; 1 invalid; 2 bad usage or a block that does not parse.\n";

static int parse_block(sluice_cli *cli, const char *cmd, const char *hex, const char *file,
                       const char *what, uint8_t **raw, sluice_bytom_block **b) {
    size_t len = 0;
    int rc = cmd_chain_bytes(cli, cmd, hex, file, what, raw, &len);
    if (rc) return rc;
    char why[256] = "";
    sluice_err e = sluice_bytom_block_parse(*raw, len, b, why, sizeof why);
    if (e != SLUICE_OK)
        return cli_fail(cli, cmd, "%s does not parse: %s", what, why[0] ? why : sluice_strerror(e));
    return CLI_OK;
}

static const char *tx_status(const sluice_bytom_tx_result *r) {
    if (r->rule == SLUICE_RULE_OK) return "ok";
    return r->gas_valid ? "status_fail" : "invalid";
}

static void print_hex(FILE *f, const uint8_t *p, size_t n) {
    char buf[2 * 64 + 1];
    sluice_hex_encode(buf, p, n);
    fputs(buf, f);
}

static void json_not_checked(FILE *f, uint64_t mask) {
    fputs("\"not_checked\":[", f);
    int first = 1;
    for (int r = 1; r < SLUICE_RULE_COUNT && r < 64; r++)
        if (mask >> r & 1) {
            fprintf(f, "%s\"%s\"", first ? "" : ",", sluice_bytom_rule_name((sluice_bytom_rule)r));
            first = 0;
        }
    fputc(']', f);
}

static void report_json(const sluice_bytom_block *b, const sluice_bytom_block_result *res,
                        const sluice_bytom_tx_result *txr, const uint8_t tx_root[32],
                        sluice_bytom_profile profile) {
    FILE *f = stdout;
    fputs("{\"command\":\"block verify\",", f);
    chain_json_header_members(f, b);
    fprintf(f, ",\"profile\":\"%s\",\"valid\":%s,\"rule\":\"%s\",\"reason\":", sluice_bytom_profile_name(profile),
            res->rule == SLUICE_RULE_OK ? "true" : "false", sluice_bytom_rule_name(res->rule));
    if (res->rule == SLUICE_RULE_OK) {
        fputs("null", f);
    } else {
        char reason[400];
        snprintf(reason, sizeof reason, "%s%s%s", sluice_bytom_rule_str(res->rule), res->detail[0] ? ": " : "",
                 res->detail);
        cli_json_string(f, reason);
    }
    fprintf(f, ",\"tx_index\":%d", res->tx_index);
    if (res->rule == SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID)
        fprintf(f, ",\"tx_rule\":\"%s\"", sluice_bytom_rule_name(res->tx_rule));
    fprintf(f, ",\"pow\":{\"checked\":%s", res->pow_checked ? "true" : "false");
    if (res->pow_checked) {
        fputs(",\"result\":\"", f);
        print_hex(f, res->pow_result, 32);
        fputc('"', f);
    }
    fputs("},\"tx_merkle_root\":{\"computed\":\"", f);
    print_hex(f, tx_root, 32);
    fprintf(f, "\",\"ok\":%s},\"status_merkle_root\":{\"computed\":\"",
            memcmp(tx_root, b->header.tx_merkle_root, 32) == 0 ? "true" : "false");
    print_hex(f, res->status_root, 32);
    fprintf(f, "\",\"ok\":%s}", memcmp(res->status_root, b->header.tx_status_hash, 32) == 0 ? "true" : "false");
    fprintf(f, ",\"gas_used\":%llu,\"coinbase_expected\":%llu,\"status_fail_count\":%u,\"sig_checks\":%u,",
            (unsigned long long)res->gas_used, (unsigned long long)res->coinbase_expected, res->n_status_fail,
            res->sig_checks);
    json_not_checked(f, res->not_checked);
    fputs(",\"transactions\":[", f);
    for (uint32_t i = 0; i < b->n_txs; i++) {
        const sluice_bytom_tx_result *r = &txr[i];
        fprintf(f, "%s{\"tx_id\":\"", i ? "," : "");
        print_hex(f, b->txs[i].id, 32);
        fprintf(f, "\",\"status\":\"%s\",\"gas_valid\":%s,\"gas_used\":%lld,\"fee\":%llu", tx_status(r),
                r->gas_valid ? "true" : "false", (long long)r->gas_used, (unsigned long long)r->fee);
        if (r->rule != SLUICE_RULE_OK) {
            fprintf(f, ",\"rule\":\"%s\",\"reason\":", sluice_bytom_rule_name(r->rule));
            cli_json_string(f, sluice_bytom_rule_str(r->rule));
            if (r->rule == SLUICE_RULE_TX_VM) fprintf(f, ",\"vm_error\":\"%s\"", sluice_vm_strerror(r->vm_err));
            if (r->input >= 0) fprintf(f, ",\"input\":%d", r->input);
            if (r->detail[0]) {
                fputs(",\"detail\":", f);
                cli_json_string(f, r->detail);
            }
        }
        fputc('}', f);
    }
    fputs("]}\n", f);
}

static void report_text(const sluice_bytom_block *b, const sluice_bytom_block_result *res,
                        const sluice_bytom_tx_result *txr, const uint8_t tx_root[32],
                        sluice_bytom_profile profile) {
    FILE *f = stdout;
    fputs("block ", f);
    print_hex(f, b->hash, 32);
    fprintf(f, " height %llu, %u transaction%s, profile %s\n", (unsigned long long)b->header.height, b->n_txs,
            b->n_txs == 1 ? "" : "s", sluice_bytom_profile_name(profile));
    if (res->pow_checked) {
        fputs("  pow:              ", f);
        print_hex(f, res->pow_result, 32);
        fprintf(f, " (bits %llu)\n", (unsigned long long)b->header.bits);
    } else {
        fputs("  pow:              not checked (no seed: give --seed or the parent)\n", f);
    }
    int tx_ok = memcmp(tx_root, b->header.tx_merkle_root, 32) == 0;
    int st_ok = memcmp(res->status_root, b->header.tx_status_hash, 32) == 0;
    fputs("  tx merkle root:   ", f);
    print_hex(f, tx_root, 32);
    fputs(tx_ok ? " (matches)\n" : " (header has a different root)\n", f);
    fputs("  status root:      ", f);
    print_hex(f, res->status_root, 32);
    fputs(st_ok ? " (matches)\n" : " (header has a different root)\n", f);
    fprintf(f, "  gas used:         %llu; coinbase expected %llu; %u signature check%s\n",
            (unsigned long long)res->gas_used, (unsigned long long)res->coinbase_expected, res->sig_checks,
            res->sig_checks == 1 ? "" : "s");
    for (uint32_t i = 0; i < b->n_txs; i++) {
        const sluice_bytom_tx_result *r = &txr[i];
        fprintf(f, "  tx %u ", i);
        print_hex(f, b->txs[i].id, 32);
        fprintf(f, ": %s, gas %lld, fee %llu", tx_status(r), (long long)r->gas_used, (unsigned long long)r->fee);
        if (r->rule != SLUICE_RULE_OK) {
            fprintf(f, " (%s", sluice_bytom_rule_str(r->rule));
            if (r->rule == SLUICE_RULE_TX_VM) fprintf(f, ": %s", sluice_vm_strerror(r->vm_err));
            if (r->input >= 0) fprintf(f, ", input %d", r->input);
            if (r->detail[0]) fprintf(f, "; %s", r->detail);
            fputc(')', f);
        }
        fputc('\n', f);
    }
    if (res->not_checked) {
        fputs("  not checked:     ", f);
        for (int r = 1; r < SLUICE_RULE_COUNT && r < 64; r++)
            if (res->not_checked >> r & 1) fprintf(f, " %s", sluice_bytom_rule_name((sluice_bytom_rule)r));
        fputs(" (no context)\n", f);
    }
    if (res->rule == SLUICE_RULE_OK) {
        fputs("valid\n", f);
    } else {
        fprintf(f, "invalid: %s", sluice_bytom_rule_str(res->rule));
        if (res->tx_index >= 0) fprintf(f, " (transaction %d)", res->tx_index);
        if (res->detail[0]) fprintf(f, ": %s", res->detail);
        fputc('\n', f);
    }
}

static int verify_genesis(sluice_cli *cli, const sluice_bytom_block *b, const char *network) {
    sluice_bytom_header g;
    uint8_t want[32];
    sluice_bytom_network_genesis(network, &g);
    sluice_bytom_header_hash(&g, want);
    int same = memcmp(want, b->hash, 32) == 0;
    if (cli->json) {
        fputs("{\"command\":\"block verify\",", stdout);
        chain_json_header_members(stdout, b);
        printf(",\"network\":\"%s\",\"valid\":%s,\"rule\":\"%s\",\"reason\":", network, same ? "true" : "false",
               same ? "ok" : "block_genesis");
        if (same)
            fputs("null", stdout);
        else
            cli_json_string(stdout, "a block at height 0 must be the network's genesis block");
        fputs(",\"genesis_hash\":\"", stdout);
        print_hex(stdout, want, 32);
        fputs("\"}\n", stdout);
    } else {
        fputs("block ", stdout);
        print_hex(stdout, b->hash, 32);
        printf(" height 0: %s the %s genesis block (", same ? "is" : "is not", network);
        print_hex(stdout, want, 32);
        puts(same ? ")\nvalid" : ")\ninvalid: a block at height 0 must be the network's genesis block");
    }
    return same ? CLI_OK : CLI_NEGATIVE;
}

int cmd_block_verify(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "block verify";
    const char *raw_s = NULL, *file = NULL, *seed_s = NULL, *praw_s = NULL, *pfile = NULL;
    const char *network = "mainnet", *profile_s = "mainnet", *threads_s = "0", *now_s = NULL;
    int no_batch = 0, no_time = 0, help = 0, npos = 0;
    const char *pos[1];
    cli_opt opts[] = {{"raw", &raw_s, NULL},          {"file", &file, NULL},
                      {"seed", &seed_s, NULL},        {"parent-raw", &praw_s, NULL},
                      {"parent-file", &pfile, NULL},  {"network", &network, NULL},
                      {"profile", &profile_s, NULL},  {"threads", &threads_s, NULL},
                      {"now", &now_s, NULL},          {"no-batch", NULL, &no_batch},
                      {"no-time", NULL, &no_time},    {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc, argv, opts, pos, 1, &npos, &help)) return CLI_USAGE;
    if (help) {
        fputs(help_text, stdout);
        return CLI_OK;
    }
    if (npos) return cli_fail(cli, cmd, "unexpected argument '%s' (give the block with --raw or --file)", pos[0]);
    if (!chain_hrp(network)) return cli_fail(cli, cmd, "unknown --network '%s' (mainnet, testnet, solonet)", network);
    sluice_bytom_validate_opts vo = {0};
    if (sluice_bytom_profile_parse(profile_s, &vo.profile) != SLUICE_OK)
        return cli_fail(cli, cmd, "unknown --profile '%s' (mainnet, national)", profile_s);
    unsigned threads = 0;
    if (!cli_parse_uint(threads_s, 0, 1024, &threads))
        return cli_fail(cli, cmd, "bad --threads '%s' (0..1024, 0 = all cores)", threads_s);
    vo.threads = (int)threads;
    vo.batch_sigs = !no_batch;
    uint64_t now = (uint64_t)time(NULL);
    if (now_s && no_time) return cli_fail(cli, cmd, "--now and --no-time exclude each other");
    if (now_s && !cli_parse_u64(now_s, &now)) return cli_fail(cli, cmd, "bad --now '%s' (Unix seconds)", now_s);
    if (no_time) now = 0;
    uint8_t seed[32];
    if (seed_s && cmd_hex32(cli, cmd, "--seed", seed_s, seed)) return CLI_USAGE;
    if (praw_s && pfile) return cli_fail(cli, cmd, "give the parent with --parent-raw or --parent-file, not both");

    uint8_t *raw = NULL, *praw = NULL;
    sluice_bytom_block *b = NULL, *parent = NULL;
    sluice_bytom_tx_result *txr = NULL;
    int rc = parse_block(cli, cmd, raw_s, file, "block", &raw, &b);
    if (rc == CLI_OK && (praw_s || pfile)) rc = parse_block(cli, cmd, praw_s, pfile, "parent block", &praw, &parent);
    if (rc != CLI_OK) goto out;

    /* Height 0: the node never validates a genesis block, it has it built in
     * (config/genesis.go); the answer is whether this is the network's. */
    if (b->header.height == 0) {
        rc = verify_genesis(cli, b, network);
        goto out;
    }
    sluice_bytom_block_ctx ctx = {0};
    ctx.now = now;
    uint64_t ts[1];
    if (parent) {
        ctx.parent = &parent->header;
        ctx.parent_hash = parent->hash;
        ts[0] = parent->header.timestamp;
        ctx.prev_timestamps = ts;
        ctx.n_prev_timestamps = 1;
    }
    /* The seed (tensority.md section 5): heights 1..256 use the initial seed;
     * a parent at a multiple of 256 gives its hash. */
    if (seed_s) {
        ctx.seed = seed;
    } else if (b->header.height >= 1 && b->header.height <= 256) {
        sluice_bytom_initial_seed(seed);
        ctx.seed = seed;
    } else if (parent && parent->header.height % 256 == 0 && parent->header.height > 0 &&
               parent->header.height + 1 == b->header.height) {
        memcpy(seed, parent->hash, 32);
        ctx.seed = seed;
    }
    txr = calloc(b->n_txs ? b->n_txs : 1, sizeof *txr);
    if (!txr) {
        rc = cli_fail(cli, cmd, "out of memory");
        goto out;
    }
    sluice_bytom_block_result res;
    sluice_err e = sluice_bytom_validate_block(b, &ctx, &vo, txr, &res);
    if (e != SLUICE_OK) {
        rc = cli_fail(cli, cmd, "validation could not run: %s", sluice_strerror(e));
        goto out;
    }
    uint8_t tx_root[32];
    sluice_bytom_tx_merkle_root(b->txs, b->n_txs, tx_root);
    if (cli->json)
        report_json(b, &res, txr, tx_root, vo.profile);
    else
        report_text(b, &res, txr, tx_root, vo.profile);
    rc = res.rule == SLUICE_RULE_OK ? CLI_OK : CLI_NEGATIVE;
out:
    free(txr);
    if (b) sluice_bytom_block_free(b);
    if (parent) sluice_bytom_block_free(parent);
    free(raw);
    free(praw);
    return rc;
}
