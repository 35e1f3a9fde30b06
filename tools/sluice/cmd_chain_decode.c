/* sluice block decode / sluice tx decode: parse a raw Bytom block or
 * transaction and print every field and every ID (chain_json.h). */
#include <stdlib.h>
#include <string.h>

#include "chain_input.h"
#include "chain_json.h"
#include "cmd_chain.h"
#include "sluice/bytom_tx.h"

static const char block_help[] =
    "usage: sluice block decode HEX|--file F [--network mainnet|testnet|solonet] [--json]\n"
    "       sluice block verify --raw HEX|--file F [options]   (see 'sluice block verify --help')\n"
    "  decode: parses a raw Bytom v1 block (serflags 0x03, or 0x01 for a header) and prints\n"
    "  the header, the block hash, and every transaction with all its IDs: tx ID, mux ID,\n"
    "  input IDs, spent output IDs, output IDs, signature hashes (sign_data) and addresses\n"
    "  (for --network, default mainnet). F holds hex text (a node's get-raw-block answer)\n"
    "  or the raw bytes; '-' is standard input. --json prints one object with the node API's\n"
    "  field names. Exit status: 0 decoded; 2 bad usage, malformed hex or a block that does\n"
    "  not parse (the reason and byte offset are printed).\n";

static const char tx_help[] =
    "usage: sluice tx decode HEX|--file F [--network mainnet|testnet|solonet] [--json]\n"
    "  Parses a raw Bytom v1 transaction (starting with 07) and prints every field and every\n"
    "  ID: tx ID, size, fee, mux ID, input IDs, spent output IDs, sign_data, output IDs and\n"
    "  addresses. F holds hex text or raw bytes ('-' = standard input). --json prints one\n"
    "  object. Exit status: 0 decoded; 2 bad usage, malformed hex or a transaction that does\n"
    "  not parse.\n";

int cmd_chain_bytes(sluice_cli *cli, const char *cmd, const char *hex_arg, const char *file,
                    const char *what, uint8_t **out, size_t *len) {
    char why[200];
    if ((hex_arg != NULL) == (file != NULL))
        return cli_fail(cli, cmd, "give the %s as HEX or --file F (exactly one)", what);
    int rc = hex_arg ? chain_input_hex(hex_arg, strlen(hex_arg), out, len, why, sizeof why)
                     : chain_input_file(file, out, len, why, sizeof why);
    if (rc) return cli_fail(cli, cmd, "%s", why);
    return CLI_OK;
}

static int decode(sluice_cli *cli, const char *cmd, int argc, char **argv, int is_block) {
    const char *file = NULL, *network = "mainnet", *pos[1];
    int npos = 0, help = 0;
    cli_opt opts[] = {{"file", &file, NULL}, {"network", &network, NULL}, {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc, argv, opts, pos, 1, &npos, &help)) return CLI_USAGE;
    if (help) {
        fputs(is_block ? block_help : tx_help, stdout);
        return CLI_OK;
    }
    const char *hrp = chain_hrp(network);
    if (!hrp) return cli_fail(cli, cmd, "unknown --network '%s' (mainnet, testnet, solonet)", network);
    uint8_t *raw = NULL;
    size_t len = 0;
    int rc = cmd_chain_bytes(cli, cmd, npos ? pos[0] : NULL, file, is_block ? "block" : "transaction",
                             &raw, &len);
    if (rc) return rc;
    char why[256] = "";
    if (is_block) {
        sluice_bytom_block *b = NULL;
        sluice_err e = sluice_bytom_block_parse(raw, len, &b, why, sizeof why);
        if (e != SLUICE_OK) {
            free(raw);
            return cli_fail(cli, cmd, "block does not parse: %s", why[0] ? why : sluice_strerror(e));
        }
        if (cli->json) {
            chain_json_block(stdout, b, hrp);
            fputc('\n', stdout);
        } else {
            chain_text_block(stdout, b, hrp);
        }
        sluice_bytom_block_free(b);
    } else {
        sluice_bytom_tx *tx = NULL;
        sluice_err e = sluice_bytom_tx_parse(raw, len, &tx, why, sizeof why);
        if (e != SLUICE_OK) {
            free(raw);
            return cli_fail(cli, cmd, "transaction does not parse: %s", why[0] ? why : sluice_strerror(e));
        }
        if (cli->json) {
            chain_json_tx(stdout, tx, hrp);
            fputc('\n', stdout);
        } else {
            chain_text_tx(stdout, tx, hrp, "");
        }
        sluice_bytom_tx_free(tx);
    }
    free(raw);
    return CLI_OK;
}

int cmd_block(sluice_cli *cli, int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "decode") == 0) return decode(cli, "block decode", argc - 1, argv + 1, 1);
    if (argc >= 2 && strcmp(argv[1], "verify") == 0) return cmd_block_verify(cli, argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(block_help, stdout);
        return CLI_OK;
    }
    return cli_fail(cli, "block", "expected 'decode' or 'verify' (see 'sluice block --help')");
}

int cmd_tx(sluice_cli *cli, int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "decode") == 0) return decode(cli, "tx decode", argc - 1, argv + 1, 0);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(tx_help, stdout);
        return CLI_OK;
    }
    return cli_fail(cli, "tx", "expected 'decode' (see 'sluice tx --help')");
}
