/* sluice validate: the parallel sliding-window validator (sluice/pswv.h)
 * over a chain file and a UTXO store (cmd_validate.c). */
#ifndef SLUICE_CMD_VALIDATE_H
#define SLUICE_CMD_VALIDATE_H

#include "cli.h"

/* argv[0] is "validate"; returns the exit status: 0 every block valid and
 * committed, 1 an invalid block (everything before it committed), 2 bad
 * usage, an unreadable or corrupt chain file, or a store (I/O) error. */
int cmd_validate(sluice_cli *cli, int argc, char **argv);

#endif
