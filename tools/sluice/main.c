/* sluice: the command-line front end. `sluice [--json] <command> [options]`. */
#include "cli.h"
#include "cmd_chain.h"
#include "cmd_chaingen.h"
#include "cmd_sigverify.h"
#include "cmd_validate.h"
#include <string.h>

typedef struct {
    const char *name;
    int (*run)(sluice_cli *, int, char **);
    const char *summary;
} command;

static const command commands[] = {
    {"demo", cmd_demo, "mine a few blocks of a built-in local chain and verify them"},
    {"mine", cmd_mine, "mine on pools (Stratum) with CPUs, OpenCL and CUDA devices"},
    {"hash", cmd_hash, "compute a proof-of-work hash (tensority, ethash)"},
    {"ethash", cmd_ethash, "Ethash epochs and Ethereum header verification (verify-header)"},
    {"pow", cmd_pow, "check a proof of work against compact bits (pow check)"},
    {"sigverify", cmd_sigverify, "verify a file of SM2, BIP340 or Ed25519 signatures as one batch"},
    {"block", cmd_block, "decode a Bytom block, or verify it against the consensus rules"},
    {"tx", cmd_tx, "decode a Bytom transaction: every field and every ID"},
    {"validate", cmd_validate, "validate a chain file into a UTXO store (parallel sliding window)"},
    {"chaingen", cmd_chaingen, "generate a valid Bytom v1 chain file (optionally with one injected fault)"},
    {"devices", cmd_devices, "CPU topology, SIMD features and OpenCL/CUDA devices"},
    {"bench", cmd_bench, "measure hash and signature rates against a same-run baseline"},
};

static void usage(FILE *f) {
    fputs("usage: sluice [--json] <command> [options]\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun 'sluice <command> --help' for a command's options.\n"
          "Exit status: 0 success/valid, 1 negative answer, 2 bad usage or input.\n", f);
}

int main(int argc, char **argv) {
    sluice_cli cli = {0};
    int i = 1;
    for (; i < argc && strncmp(argv[i], "-", 1) == 0; i++) {
        if (strcmp(argv[i], "--json") == 0) cli.json = 1;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) { usage(stdout); return 0; }
        else return cli_fail(&cli, "", "unknown global option '%s' (see --help)", argv[i]);
    }
    if (i >= argc) { usage(stderr); return CLI_USAGE; }
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
        if (strcmp(argv[i], commands[c].name) == 0) return commands[c].run(&cli, argc - i, argv + i);
    cli_fail(&cli, argv[i], "unknown command (see 'sluice --help')");
    return CLI_USAGE;
}
