/* sluice pow check --algo tensority --header-hash HEX --seed HEX --bits N */
#include "cli.h"
#include "cmd_common.h"
#include "sluice/bytom_target.h"
#include "sluice/hex.h"
#include "sluice/tensority.h"
#include <string.h>

static const char help_text[] =
    "usage: sluice pow check --algo tensority --header-hash HEX --seed HEX --bits N [--impl NAME] [--json]\n"
    "  Checks a Bytom proof of work: Tensority(header hash, seed), read as a little-endian\n"
    "  256-bit integer, must be <= the target of the compact bits (decimal or 0x hex).\n"
    "  Exit status: 0 valid, 1 invalid, 2 bad usage or input.\n";

int cmd_pow(sluice_cli *cli, int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    if (strcmp(argv[1], "check") != 0) return cli_fail(cli, "pow", "unknown subcommand '%s' (supported: check)", argv[1]);
    const char *cmd = "pow check";
    const char *algo = NULL, *hh_s = NULL, *seed_s = NULL, *bits_s = NULL, *impl_s = "auto";
    int help = 0;
    cli_opt opts[] = {{"algo", &algo, NULL}, {"header-hash", &hh_s, NULL}, {"seed", &seed_s, NULL},
                      {"bits", &bits_s, NULL}, {"impl", &impl_s, NULL}, {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc - 1, argv + 1, opts, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) { fputs(help_text, stdout); return CLI_OK; }
    if (!algo || !hh_s || !seed_s || !bits_s) return cli_fail(cli, cmd, "--algo, --header-hash, --seed and --bits are required");
    if (strcmp(algo, "tensority") != 0) return cli_fail(cli, cmd, "unknown --algo '%s' (supported: tensority)", algo);
    uint8_t hh[32], seed[32], result[32];
    if (cmd_hex32(cli, cmd, "--header-hash", hh_s, hh) || cmd_hex32(cli, cmd, "--seed", seed_s, seed)) return CLI_USAGE;
    uint64_t bits;
    if (!cli_parse_u64(bits_s, &bits)) return cli_fail(cli, cmd, "bad --bits '%s' (a 64-bit number, decimal or 0x hex)", bits_s);
    sluice_tensority_impl impl;
    if (sluice_tensority_impl_parse(impl_s, &impl) != SLUICE_OK || !sluice_tensority_impl_available(impl))
        return cli_fail(cli, cmd, "--impl '%s' is unknown or not supported by this CPU", impl_s);

    sluice_tensority_cache *cache = NULL;
    sluice_err e = sluice_tensority_cache_new(&cache, seed, 0);
    if (e == SLUICE_OK) e = sluice_tensority_hash(cache, impl, hh, result, NULL);
    sluice_tensority_cache_free(cache);
    if (e != SLUICE_OK) return cli_fail(cli, cmd, "%s", sluice_strerror(e));

    sluice_bytom_target t;
    sluice_bytom_bits_to_target(bits, &t);
    int ok = sluice_bytom_pow_ok(result, bits);
    /* Show both numbers big-endian (most significant first), as humans read them. */
    uint8_t res_be[32], tgt_be[32];
    for (int i = 0; i < 32; i++) { res_be[i] = result[31 - i]; tgt_be[i] = t.le[31 - i]; }
    char res_hex[65], tgt_hex[65], raw_hex[65];
    sluice_hex_encode(res_hex, res_be, 32);
    sluice_hex_encode(tgt_hex, tgt_be, 32);
    sluice_hex_encode(raw_hex, result, 32);
    const char *tgt_show = t.negative ? "negative (nothing is valid)" : t.overflow ? ">= 2^256 (everything is valid)" : tgt_hex;
    if (cli->json) {
        printf("{\"algo\":\"tensority\",\"valid\":%s,\"result\":\"%s\",\"result_value\":\"%s\",\"bits\":%llu,"
               "\"target\":",
               ok ? "true" : "false", raw_hex, res_hex, (unsigned long long)bits);
        cli_json_string(stdout, tgt_show);
        printf(",\"log2_work\":%.4f}\n", sluice_bytom_bits_log2_work(bits));
    } else {
        printf("%s\n  result  %s (value, big-endian)\n  target  %s (bits %llu)\n", ok ? "valid" : "invalid",
               res_hex, tgt_show, (unsigned long long)bits);
    }
    return ok ? CLI_OK : CLI_NEGATIVE;
}
