/* sluice sigverify: a file of signatures verified as one batch (cmd_sigverify.c). */
#ifndef SLUICE_CMD_SIGVERIFY_H
#define SLUICE_CMD_SIGVERIFY_H

#include "cli.h"

/* argv[0] is "sigverify"; returns the exit status (0 all valid, 1 some
 * invalid, 2 bad usage or input). */
int cmd_sigverify(sluice_cli *cli, int argc, char **argv);

#endif
