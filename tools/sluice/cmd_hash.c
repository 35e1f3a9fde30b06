/* sluice hash tensority | bytom-header | ethash */
#include "cli.h"
#include "cmd_common.h"
#include "sluice/accel.h"
#include "sluice/bytom_header.h"
#include "sluice/ethash.h"
#include "sluice/hex.h"
#include "sluice/tensority.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char tensority_help[] =
    "usage: sluice hash tensority --header-hash HEX --seed HEX [--impl NAME] [--backend cpu|opencl|cuda]\n"
    "                             [--device N] [--json]\n"
    "  Prints the 32-byte Tensority result (hex, raw byte order) of a block hash under a seed.\n"
    "  --impl     CPU implementation: auto (default), ref, avx2, avx512vnni\n"
    "  --backend  cpu (default), opencl or cuda (first device unless --device)\n";

static const char header_help[] =
    "usage: sluice hash bytom-header --height N --prev HEX --timestamp N --tx-root HEX --status-hash HEX\n"
    "                                --bits N --nonce N [--version N] [--json]\n"
    "  Prints the Bytom v1 block hash (EntryID of the header).\n";

static int hash_tensority(sluice_cli *cli, int argc, char **argv) {
    const char *hh_s = NULL, *seed_s = NULL, *impl_s = "auto", *backend_s = "cpu", *dev_s = "0";
    int help = 0;
    cli_opt opts[] = {{"header-hash", &hh_s, NULL}, {"seed", &seed_s, NULL}, {"impl", &impl_s, NULL},
                      {"backend", &backend_s, NULL}, {"device", &dev_s, NULL}, {NULL, NULL, NULL}};
    if (cli_parse(cli, "hash tensority", argc, argv, opts, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) { fputs(tensority_help, stdout); return CLI_OK; }
    uint8_t hh[32], seed[32], out[32];
    if (!hh_s || !seed_s) return cli_fail(cli, "hash tensority", "--header-hash and --seed are required");
    if (cmd_hex32(cli, "hash tensority", "--header-hash", hh_s, hh)) return CLI_USAGE;
    if (cmd_hex32(cli, "hash tensority", "--seed", seed_s, seed)) return CLI_USAGE;
    sluice_tensority_impl impl;
    if (sluice_tensority_impl_parse(impl_s, &impl) != SLUICE_OK)
        return cli_fail(cli, "hash tensority", "unknown --impl '%s' (auto, ref, avx2, avx512vnni)", impl_s);
    if (!sluice_tensority_impl_available(impl))
        return cli_fail(cli, "hash tensority", "--impl %s is not supported by this CPU", impl_s);
    unsigned dev_index;
    if (!cli_parse_uint(dev_s, 0, 1023, &dev_index)) return cli_fail(cli, "hash tensority", "bad --device '%s'", dev_s);
    cmd_backend backend;
    if (cmd_parse_backend(backend_s, &backend))
        return cli_fail(cli, "hash tensority", "unknown --backend '%s' (cpu, opencl, cuda)", backend_s);
    if (backend != CMD_BACKEND_CPU && impl != SLUICE_TENSORITY_AUTO)
        return cli_fail(cli, "hash tensority", "--impl selects a CPU implementation; it cannot be used with --backend %s",
                        backend_s);

    sluice_tensority_cache *cache = NULL;
    sluice_err e = sluice_tensority_cache_new(&cache, seed, 0);
    if (e != SLUICE_OK) return cli_fail(cli, "hash tensority", "cannot build the cache: %s", sluice_strerror(e));
    const char *ran = NULL;
    char devname[160] = "";
    if (backend == CMD_BACKEND_CPU) {
        e = sluice_tensority_hash(cache, impl, hh, out, NULL);
        ran = sluice_tensority_impl_name(impl == SLUICE_TENSORITY_AUTO ? sluice_tensority_impl_best() : impl);
    } else {
        char why[256] = "";
        sluice_tensority_accel *ctx = NULL;
        e = cmd_accel_open(backend, dev_index, sluice_tensority_cache_matrix(cache, 0), &ctx, devname,
                           sizeof devname, why, sizeof why);
        if (e == SLUICE_OK) e = sluice_tensority_accel_hash(ctx, hh, 1, out);
        sluice_tensority_accel_free(ctx);
        ran = cmd_backend_name(backend);
        if (e != SLUICE_OK) {
            sluice_tensority_cache_free(cache);
            return cli_fail(cli, "hash tensority", "%s backend: %s%s%s", ran, sluice_strerror(e),
                            why[0] ? ": " : "", why);
        }
    }
    sluice_tensority_cache_free(cache);
    if (e != SLUICE_OK) return cli_fail(cli, "hash tensority", "%s", sluice_strerror(e));
    char hex[65];
    sluice_hex_encode(hex, out, 32);
    if (cli->json) {
        printf("{\"algo\":\"tensority\",\"header_hash\":\"%s\",\"seed\":\"%s\",\"result\":\"%s\",\"backend\":\"%s\"",
               hh_s + (strncmp(hh_s, "0x", 2) == 0 ? 2 : 0), seed_s + (strncmp(seed_s, "0x", 2) == 0 ? 2 : 0),
               hex, cmd_backend_name(backend));
        printf(",\"impl\":");
        cli_json_string(stdout, ran);
        if (devname[0]) { printf(",\"device\":"); cli_json_string(stdout, devname); }
        printf("}\n");
    } else {
        printf("%s\n", hex);
    }
    return CLI_OK;
}

static int hash_header(sluice_cli *cli, int argc, char **argv) {
    const char *ver = "1", *height = NULL, *prev = NULL, *ts = NULL, *root = NULL, *status = NULL, *bits = NULL,
               *nonce = NULL;
    int help = 0;
    cli_opt opts[] = {{"version", &ver, NULL},     {"height", &height, NULL},    {"prev", &prev, NULL},
                      {"timestamp", &ts, NULL},    {"tx-root", &root, NULL},     {"status-hash", &status, NULL},
                      {"bits", &bits, NULL},       {"nonce", &nonce, NULL},      {NULL, NULL, NULL}};
    const char *cmd = "hash bytom-header";
    if (cli_parse(cli, cmd, argc, argv, opts, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) { fputs(header_help, stdout); return CLI_OK; }
    if (!height || !prev || !ts || !root || !status || !bits || !nonce)
        return cli_fail(cli, cmd, "--height, --prev, --timestamp, --tx-root, --status-hash, --bits and --nonce are required");
    sluice_bytom_header h;
    memset(&h, 0, sizeof h);
    if (!cli_parse_u64(ver, &h.version)) return cli_fail(cli, cmd, "bad --version '%s'", ver);
    if (!cli_parse_u64(height, &h.height)) return cli_fail(cli, cmd, "bad --height '%s'", height);
    if (!cli_parse_u64(ts, &h.timestamp)) return cli_fail(cli, cmd, "bad --timestamp '%s'", ts);
    if (!cli_parse_u64(bits, &h.bits)) return cli_fail(cli, cmd, "bad --bits '%s'", bits);
    if (!cli_parse_u64(nonce, &h.nonce)) return cli_fail(cli, cmd, "bad --nonce '%s'", nonce);
    if (cmd_hex32(cli, cmd, "--prev", prev, h.prev_hash) || cmd_hex32(cli, cmd, "--tx-root", root, h.tx_merkle_root) ||
        cmd_hex32(cli, cmd, "--status-hash", status, h.tx_status_hash))
        return CLI_USAGE;
    uint8_t out[32];
    char hex[65];
    sluice_bytom_header_hash(&h, out);
    sluice_hex_encode(hex, out, 32);
    if (cli->json) printf("{\"algo\":\"bytom-header\",\"height\":%llu,\"hash\":\"%s\"}\n", (unsigned long long)h.height, hex);
    else printf("%s\n", hex);
    return CLI_OK;
}

static const char ethash_help[] =
    "usage: sluice hash ethash --block N --header-hash HEX --nonce HEX [--json]\n"
    "  Prints the Ethash mix hash (`mix <hex>`) and final hash (`final <hex>`) of a header hash\n"
    "  and nonce at block N, in light mode (from the epoch's light cache, no DAG).\n"
    "  --nonce  the 64-bit nonce as hexadecimal, with or without 0x (1 to 16 digits)\n";

/* 1 to 16 hex digits, optional 0x prefix, nothing else. */
static int parse_nonce_hex(const char *s, uint64_t *out) {
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
    size_t n = strlen(s);
    if (n == 0 || n > 16) return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isxdigit((unsigned char)s[i])) return 0;
        int c = (unsigned char)s[i];
        v = (v << 4) | (uint64_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    *out = v;
    return 1;
}

static int hash_ethash(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "hash ethash", *block_s = NULL, *hh_s = NULL, *nonce_s = NULL;
    int help = 0;
    cli_opt opts[] = {{"block", &block_s, NULL}, {"header-hash", &hh_s, NULL}, {"nonce", &nonce_s, NULL},
                      {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc, argv, opts, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) { fputs(ethash_help, stdout); return CLI_OK; }
    if (!block_s || !hh_s || !nonce_s) return cli_fail(cli, cmd, "--block, --header-hash and --nonce are required");
    uint64_t block, nonce;
    uint8_t hh[32];
    if (!cli_parse_u64(block_s, &block)) return cli_fail(cli, cmd, "bad --block '%s'", block_s);
    const uint64_t last_block = (uint64_t)SLUICE_ETHASH_EPOCH_LENGTH * (SLUICE_ETHASH_MAX_EPOCH + 1) - 1;
    if (block > last_block)
        return cli_fail(cli, cmd, "--block %llu is past the last Ethash epoch (blocks 0..%llu)",
                        (unsigned long long)block, (unsigned long long)last_block);
    if (cmd_hex32(cli, cmd, "--header-hash", hh_s, hh)) return CLI_USAGE;
    if (!parse_nonce_hex(nonce_s, &nonce))
        return cli_fail(cli, cmd, "bad --nonce '%s' (1 to 16 hex digits, optional 0x)", nonce_s);
    int epoch = sluice_ethash_epoch_of_block(block);
    sluice_ethash_epoch *ctx = NULL;
    sluice_err e = sluice_ethash_epoch_new(&ctx, epoch);
    if (e != SLUICE_OK) return cli_fail(cli, cmd, "epoch %d: %s", epoch, sluice_strerror(e));
    sluice_ethash_result r;
    sluice_ethash_light_hash(ctx, hh, nonce, &r);
    sluice_ethash_epoch_free(ctx);
    char mix[65], fin[65], hhx[65];
    sluice_hex_encode(mix, r.mix, 32);
    sluice_hex_encode(fin, r.final, 32);
    sluice_hex_encode(hhx, hh, 32);
    if (cli->json)
        printf("{\"algo\":\"ethash\",\"block\":%llu,\"epoch\":%d,\"header_hash\":\"%s\",\"nonce\":\"%016llx\","
               "\"mix\":\"%s\",\"final\":\"%s\"}\n",
               (unsigned long long)block, epoch, hhx, (unsigned long long)nonce, mix, fin);
    else
        printf("mix %s\nfinal %s\n", mix, fin);
    return CLI_OK;
}

int cmd_hash(sluice_cli *cli, int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        FILE *f = argc < 2 ? stderr : stdout;
        fputs("usage: sluice hash <algorithm> [options]\n  algorithms: tensority, bytom-header, ethash\n", f);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    if (strcmp(argv[1], "tensority") == 0) return hash_tensority(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "bytom-header") == 0) return hash_header(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "ethash") == 0) return hash_ethash(cli, argc - 1, argv + 1);
    return cli_fail(cli, "hash", "unknown algorithm '%s' (supported: tensority, bytom-header, ethash)", argv[1]);
}
