/* sluice chaingen: write a generated, valid Bytom v1 chain (or one with a
 * single injected fault) to a chain file (cmd_chaingen.c; generator:
 * chain_build_gen.h; file format: sluice/chainfile.h). */
#ifndef SLUICE_CMD_CHAINGEN_H
#define SLUICE_CMD_CHAINGEN_H

#include "cli.h"

/* argv[0] is "chaingen"; returns the exit status (0 written, 1 the generator
 * failed, 2 bad usage or the output file cannot be written). */
int cmd_chaingen(sluice_cli *cli, int argc, char **argv);

#endif
