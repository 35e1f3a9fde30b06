/* PLACEHOLDER during development (helper C replaces this file). */
#include "cli.h"
int cmd_ethash(sluice_cli *cli, int argc, char **argv) { (void)argc; (void)argv; return cli_fail(cli, "ethash", "not built yet"); }
