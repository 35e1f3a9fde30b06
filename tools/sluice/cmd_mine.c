/* PLACEHOLDER during development (helper F replaces this file). */
#include "cli.h"
int cmd_mine(sluice_cli *cli, int argc, char **argv) { (void)argc; (void)argv; return cli_fail(cli, "mine", "not built yet"); }
