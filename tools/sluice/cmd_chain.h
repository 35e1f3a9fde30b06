/* sluice block decode|verify and sluice tx decode: Bytom v1 blocks and
 * transactions (cmd_chain_decode.c, cmd_block_verify.c). */
#ifndef SLUICE_CMD_CHAIN_H
#define SLUICE_CMD_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"

/* argv[0] is "block" / "tx"; return the exit status. */
int cmd_block(sluice_cli *cli, int argc, char **argv);
int cmd_tx(sluice_cli *cli, int argc, char **argv);

/* `sluice block verify` (cmd_block_verify.c); argv[0] is "verify". */
int cmd_block_verify(sluice_cli *cli, int argc, char **argv);

/* The bytes named by a HEX positional argument or --file F (exactly one of
 * them); on failure prints the error and returns CLI_USAGE. */
int cmd_chain_bytes(sluice_cli *cli, const char *cmd, const char *hex_arg, const char *file,
                    const char *what, uint8_t **out, size_t *len);

#endif
