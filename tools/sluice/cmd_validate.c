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
    "  On a terminal, a progress line (share of the file, blocks, tx/s, ETA) on stderr;\n"
    "  at the end a summary with the time per stage and the digest of the committed\n"
    "  UTXO set (SHA3-256, equal for equal sets; --json: utxo_digest).\n"
    "  Exit status: 0 all valid; 1 an invalid block (height, transaction, rule; all\n"
    "  blocks before it committed); 2 bad usage, unreadable/corrupt file or store error.\n";

typedef struct {
    double t_last;
    int tty;
} progress_state;

/* Writes "ETA 1m23s" (or "ETA --" when the input size is unknown) into buf:
 * the time left if the rest of the file goes at the rate seen so far. */
static void format_eta(char *buf, size_t cap, const sluice_pswv_stats *st) {
    if (!st->input_total || !st->input_done || st->total_s <= 0) {
        snprintf(buf, cap, "ETA --");
        return;
    }
    double frac = (double)st->input_done / (double)st->input_total;
    double left = st->total_s * (1.0 - frac) / frac;
    unsigned long s = (unsigned long)(left + 0.5);
    if (s >= 3600)
        snprintf(buf, cap, "ETA %luh%02lum", s / 3600, s / 60 % 60);
    else
        snprintf(buf, cap, "ETA %lum%02lus", s / 60, s % 60);
}

static void progress(const sluice_pswv_stats *st, void *arg) {
    progress_state *p = (progress_state *)arg;
    if (!p->tty) return;
    double tps = st->total_s > 0 ? (double)st->txs / st->total_s : 0.0;
    double bps = st->total_s > 0 ? (double)st->blocks / st->total_s : 0.0;
    char eta[32];
    format_eta(eta, sizeof eta, st);
    int pct = st->input_total ? (int)(100.0 * (double)st->input_done / (double)st->input_total) : 0;
    fprintf(stderr, "\r  %3d%%  blocks %llu (height %llu)  %.0f tx/s  %.1f blocks/s  %s   ", pct,
            (unsigned long long)st->blocks, (unsigned long long)st->committed_height, tps, bps,
            eta);
    fflush(stderr);
}

/* The store's UTXO digest as hex, or "" when it cannot be read. */
static void digest_hex(sluice_pswv *v, char out[65]) {
    uint8_t d[32];
    out[0] = 0;
    if (sluice_pswv_utxo_digest(v, d) != SLUICE_OK) return;
    for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
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
    char dig[65];
    digest_hex(v, dig);
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
        printf("},\"utxo_digest\":\"%s\"", dig);
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
        printf("\nutxo digest %s\n", dig);
    }
    sluice_pswv_close(v);
    return rc;
}
