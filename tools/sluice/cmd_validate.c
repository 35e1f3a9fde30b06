/* sluice validate (cmd_validate.h): runs the sliding-window validator
 * (sluice/pswv.h) over a chain file into a UTXO store; a progress line on
 * stderr when it is a terminal, a summary with the time per stage, --json
 * for programs. */
#include "cmd_validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sluice/pswv.h"

static const char validate_help[] =
    "usage: sluice validate CHAIN --db DIR [--window W] [--threads N]\n"
    "                       [--network mainnet|testnet|solonet|dev] [--profile mainnet|national]\n"
    "                       [--json]\n"
    "  Validates the Bytom v1 blocks of CHAIN (a framed chain file as chaingen writes it,\n"
    "  gzip or not, or a text file with one raw block in hex per line) in order, W blocks\n"
    "  at a time (default 64; 1 = one block at a time): header pass, parallel PoW, parse\n"
    "  and stateless checks, in-order UTXO pass over the store in DIR (created if missing),\n"
    "  and one commit of the valid prefix per window. A store that already holds blocks\n"
    "  continues from its tip (the file's blocks up to it are skipped after checking the\n"
    "  tip's hash). A file starting at height 0 must start with the network's genesis;\n"
    "  --network dev (default) accepts the file's own height-0 block (chaingen's).\n"
    "  --profile national (or gm / sm2) verifies SM2 signatures instead of Ed25519.\n"
    "  Exit status: 0 all valid; 1 an invalid block (height, transaction, rule; all\n"
    "  blocks before it committed); 2 bad usage, unreadable/corrupt file or store error.\n";

typedef struct {
    double t_last;
    int tty;
} progress_state;

static void progress(const sluice_pswv_stats *st, void *arg) {
    progress_state *p = (progress_state *)arg;
    if (!p->tty) return;
    double tps = st->total_s > 0 ? (double)st->txs / st->total_s : 0.0;
    double bps = st->total_s > 0 ? (double)st->blocks / st->total_s : 0.0;
    fprintf(stderr, "\r  blocks %llu (height %llu)  %.0f tx/s  %.1f blocks/s   ",
            (unsigned long long)st->blocks, (unsigned long long)st->committed_height, tps, bps);
    fflush(stderr);
}

int cmd_validate(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "validate";
    const char *db = NULL, *window = "64", *threads = "0", *network = "dev", *profile = "mainnet";
    const char *pos[1] = {NULL};
    int help = 0, npos = 0;
    cli_opt opts[] = {{"db", &db, NULL},           {"window", &window, NULL},
                      {"threads", &threads, NULL}, {"network", &network, NULL},
                      {"profile", &profile, NULL}, {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc, argv, opts, pos, 1, &npos, &help)) return CLI_USAGE;
    if (help) {
        fputs(validate_help, stdout);
        return CLI_OK;
    }
    if (npos != 1) return cli_fail(cli, cmd, "one CHAIN file is required");
    if (!db) return cli_fail(cli, cmd, "--db DIR is required");
    sluice_pswv_opts o;
    memset(&o, 0, sizeof o);
    unsigned w = 0, t = 0;
    if (!cli_parse_uint(window, 1, SLUICE_PSWV_MAX_WINDOW, &w))
        return cli_fail(cli, cmd, "--window wants 1..%u, got '%s'", SLUICE_PSWV_MAX_WINDOW,
                        window);
    if (!cli_parse_uint(threads, 0, 1024, &t))
        return cli_fail(cli, cmd, "--threads wants 0..1024 (0 = all cores), got '%s'", threads);
    if (strcmp(profile, "gm") == 0) profile = "national";
    if (sluice_bytom_profile_parse(profile, &o.profile) != SLUICE_OK)
        return cli_fail(cli, cmd, "unknown --profile '%s' (mainnet, national)", profile);
    o.window = w;
    o.threads = (int)t;
    o.network = network;
    progress_state ps = {0.0, isatty(STDERR_FILENO)};
    o.progress = progress;
    o.progress_arg = &ps;
    char why[512] = "";
    sluice_pswv *v = NULL;
    sluice_err e = sluice_pswv_open(db, &o, &v, why, sizeof why);
    if (e != SLUICE_OK) return cli_fail(cli, cmd, "%s", why);
    e = sluice_pswv_run_file(v, pos[0], why, sizeof why);
    if (ps.tty) fputc('\n', stderr);
    const sluice_pswv_stats *st = sluice_pswv_get_stats(v);
    const sluice_pswv_verdict *vd = sluice_pswv_get_verdict(v);
    double tps = st->total_s > 0 ? (double)st->txs / st->total_s : 0.0;
    int rc = e != SLUICE_OK ? CLI_USAGE : vd->invalid ? CLI_NEGATIVE : CLI_OK;
    if (cli->json) {
        printf("{\"valid\":%s,\"blocks\":%llu,\"txs\":%llu,\"skipped\":%llu,\"windows\":%llu,"
               "\"window\":%u,\"threads\":%u,",
               rc == CLI_OK ? "true" : "false", (unsigned long long)st->blocks,
               (unsigned long long)st->txs, (unsigned long long)st->skipped,
               (unsigned long long)st->windows, w, t);
        if (st->have_tip)
            printf("\"committed_height\":%llu,", (unsigned long long)st->committed_height);
        else
            printf("\"committed_height\":null,");
        printf("\"tx_per_sec\":%.1f,\"seconds\":%.3f,\"sig_checks\":%llu,\"utxo_reads\":%llu,"
               "\"stages\":{",
               tps, st->total_s, (unsigned long long)st->sig_checks,
               (unsigned long long)st->utxo_reads);
        for (int s = 0; s < SLUICE_PSWV_STAGE_COUNT; s++)
            printf("%s\"%s\":%.4f", s ? "," : "", sluice_pswv_stage_name((sluice_pswv_stage)s),
                   st->stage_s[s]);
        printf("}");
        if (vd->invalid) {
            printf(",\"first_invalid_height\":%llu,\"rule\":", (unsigned long long)vd->height);
            cli_json_string(stdout, vd->rule);
            printf(",\"tx_rule\":");
            cli_json_string(stdout, vd->tx_rule);
            printf(",\"tx_index\":%d,\"input\":%d,\"reason\":", vd->tx_index, vd->input);
            cli_json_string(stdout, vd->reason);
        }
        if (e != SLUICE_OK) {
            printf(",\"error\":");
            cli_json_string(stdout, why);
        }
        printf("}\n");
    } else {
        if (e != SLUICE_OK) fprintf(stderr, "sluice %s: %s\n", cmd, why);
        if (vd->invalid) {
            printf("INVALID block at height %llu", (unsigned long long)vd->height);
            if (vd->tx_index >= 0) printf(", transaction %d", vd->tx_index);
            if (vd->input >= 0) printf(", input %d", vd->input);
            printf(": %s%s%s (%s)\n", vd->rule, vd->tx_rule[0] ? "/" : "", vd->tx_rule,
                   vd->reason);
        }
        printf("%s: %llu blocks, %llu transactions validated (%llu skipped), ",
               rc == CLI_OK ? "valid" : "stopped", (unsigned long long)st->blocks,
               (unsigned long long)st->txs, (unsigned long long)st->skipped);
        if (st->have_tip)
            printf("committed height %llu\n", (unsigned long long)st->committed_height);
        else
            printf("nothing committed\n");
        printf("%.3f s, %.0f tx/s, window %u, threads %u; stages:", st->total_s, tps, w, t);
        for (int s = 0; s < SLUICE_PSWV_STAGE_COUNT; s++)
            printf(" %s %.3f s", sluice_pswv_stage_name((sluice_pswv_stage)s), st->stage_s[s]);
        printf("\n");
    }
    sluice_pswv_close(v);
    return rc;
}
