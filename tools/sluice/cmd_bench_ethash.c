/* PLACEHOLDER during development (helper A1 replaces this file). */
#include "cmd_bench_ethash.h"
int cmd_bench_ethash(sluice_cli *cli, int argc, char **argv) { (void)argc; return cli_fail(cli, "bench", "%s: not built yet", argv[1]); }
