/* sluice chaingen (cmd_chaingen.h): the generator (chain_build_gen.h) block by
 * block into a chain-file writer (sluice/chainfile.h). */
#include "cmd_chaingen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain_build_gen.h"
#include "chain_build_gen_internal.h"   /* cg_mix (the option beside cg_params) */
#include "sluice/bytom_tx.h"
#include "sluice/chainfile.h"
#include "sluice/hex.h"

static const char chaingen_help[] =
    "usage: sluice chaingen --out FILE --blocks N --txs-per-block M [--profile mainnet|gm]\n"
    "                       [--mix default|p2wpkh] [--keys K] [--seed S] [--gzip]\n"
    "                       [--fault KIND@HEIGHT] [--json]\n"
    "  Writes a valid Bytom v1 chain: a genesis block of its own (height 0, network \"dev\",\n"
    "  timestamp 2020-01-01, an easy target) and blocks 1..N, 150 s apart, each mined with\n"
    "  real Tensority (the right seed per height) and holding a coinbase (subsidy + fees).\n"
    "  Blocks 1..99 hold only their coinbase (coinbase outputs mature after 100 blocks and\n"
    "  every transaction needs a BTM fee); every block from height 100 on holds exactly M\n"
    "  non-coinbase transactions. Fan-outs (one big input -> 7 P2WPKH outputs and a\n"
    "  change) keep the pool of spendable outputs as large as the blocks need; they count\n"
    "  towards M (most of them in block 100; outputs may be spent in the block that makes\n"
    "  them).\n"
    "  --mix default (the default): mostly P2WPKH spends, P2WSH 2-of-3 multisig spends,\n"
    "    asset issuances, multi-asset transfers, retirements and ~2 % status_fail\n"
    "    transactions. --mix p2wpkh: only P2WPKH BTM spends (1 input, 1-2 outputs) and\n"
    "    the fan-outs, for signature-dominated benchmarks.\n"
    "  --keys K: outputs are paid to K distinct keys (default 24, at most 65535), so\n"
    "    about min(K, spends) distinct keys sign; a real chain's keys are mostly distinct,\n"
    "    and verifiers cache repeated keys.\n"
    "  --profile mainnet signs with Ed25519, gm (national) with SM2. The same arguments\n"
    "  give the same bytes (--seed, default 1).\n"
    "  FILE is a framed chain file (SLCHAIN1), gzip-compressed with --gzip.\n"
    "  --fault KIND@HEIGHT injects one fault into block HEIGHT and ends the chain there:\n"
    "    double-spend, spend-later, spend-unknown, immature-coinbase (UTXO rules);\n"
    "    bad-signature, imbalance (a transaction not gas-valid), bad-merkle, gas-limit,\n"
    "    bad-pow (block rules). double-spend, spend-later, bad-signature, imbalance and\n"
    "    gas-limit need HEIGHT >= 100.\n"
    "  Limits: N <= 1000000, M <= 5000. A block takes no further transaction once its gas\n"
    "  passes 9,000,000 (the block limit is 10,000,000): in the default mix that is about\n"
    "  3,300 transactions (multisig spends and issuances weigh more), so a larger M gives\n"
    "  fewer; the p2wpkh mix fits M = 5000.\n"
    "  Exit status: 0 written; 1 the generator failed; 2 bad usage or output not writable.\n";

static int parse_profile(const char *s, sluice_bytom_profile *p) {
    if (strcmp(s, "gm") == 0) {
        *p = SLUICE_BYTOM_PROFILE_NATIONAL;
        return 0;
    }
    return sluice_bytom_profile_parse(s, p) == SLUICE_OK ? 0 : -1;
}

int cmd_chaingen(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "chaingen";
    const char *out = NULL, *blocks = NULL, *txs = NULL, *profile = "mainnet", *seed = "1",
               *fault = NULL, *mix = "default", *keys = NULL;
    int gzip = 0, help = 0, npos = 0;
    cli_opt opts[] = {{"out", &out, NULL},         {"blocks", &blocks, NULL},
                      {"txs-per-block", &txs, NULL}, {"profile", &profile, NULL},
                      {"seed", &seed, NULL},       {"fault", &fault, NULL},
                      {"mix", &mix, NULL},          {"keys", &keys, NULL},
                      {"gzip", NULL, &gzip},       {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc, argv, opts, NULL, 0, &npos, &help)) return CLI_USAGE;
    if (help) {
        fputs(chaingen_help, stdout);
        return CLI_OK;
    }
    cg_params p;
    memset(&p, 0, sizeof p);
    if (!out) return cli_fail(cli, cmd, "--out FILE is required");
    if (!blocks) return cli_fail(cli, cmd, "--blocks N is required");
    if (!txs) return cli_fail(cli, cmd, "--txs-per-block M is required");
    if (!cli_parse_u64(blocks, &p.blocks) || p.blocks > CG_MAX_BLOCKS)
        return cli_fail(cli, cmd, "--blocks wants a number in 0..%llu, got '%s'",
                        (unsigned long long)CG_MAX_BLOCKS, blocks);
    unsigned m = 0;
    if (!cli_parse_uint(txs, 0, CG_MAX_TXS_PER_BLOCK, &m))
        return cli_fail(cli, cmd, "--txs-per-block wants a number in 0..%d, got '%s'",
                        CG_MAX_TXS_PER_BLOCK, txs);
    p.txs_per_block = m;
    unsigned nk = CG_MIN_KEYS;
    if (keys && !cli_parse_uint(keys, CG_MIN_KEYS, CG_MAX_KEYS, &nk))
        return cli_fail(cli, cmd, "--keys wants a number in %d..%d, got '%s'", CG_MIN_KEYS,
                        CG_MAX_KEYS, keys);
    p.keys = nk;
    if (parse_profile(profile, &p.profile))
        return cli_fail(cli, cmd, "unknown --profile '%s' (mainnet, gm)", profile);
    if (!cli_parse_u64(seed, &p.seed)) return cli_fail(cli, cmd, "bad --seed '%s'", seed);
    cg_mix mx = CG_MIX_DEFAULT;
    if (cg_mix_parse(mix, &mx)) return cli_fail(cli, cmd, "unknown --mix '%s' (default, p2wpkh)", mix);
    char why[256] = "";
    if (fault && cg_fault_parse(fault, &p.fault, &p.fault_height, why, sizeof why))
        return cli_fail(cli, cmd, "%s", why);
    cg_gen *g = NULL;
    if (cg_gen_new(&p, &g, why, sizeof why)) return cli_fail(cli, cmd, "%s", why);
    if (cg_gen_set_mix(g, mx)) {
        cg_gen_free(g);
        return cli_fail(cli, cmd, "cannot set --mix");
    }
    sluice_chainfile_writer *w = NULL;
    if (sluice_chainfile_writer_open(out, gzip, &w, why, sizeof why) != SLUICE_OK) {
        cg_gen_free(g);
        return cli_fail(cli, cmd, "%s", why);
    }
    int rc = CLI_OK;
    uint64_t bytes = 0, last = 0;
    uint8_t genesis_hash[32] = {0};
    for (;;) {
        uint8_t *raw = NULL;
        size_t len = 0;
        uint64_t h = 0;
        int r = cg_gen_block(g, &raw, &len, &h, why, sizeof why);
        if (r < 0) {
            rc = CLI_NEGATIVE;
            break;
        }
        if (r == 0) break;
        if (h == 0) {
            sluice_bytom_block *b = NULL;
            if (sluice_bytom_block_parse(raw, len, &b, NULL, 0) == SLUICE_OK)
                memcpy(genesis_hash, b->hash, 32);
            sluice_bytom_block_free(b);
        }
        sluice_err e = sluice_chainfile_append(w, raw, len, why, sizeof why);
        free(raw);
        if (e != SLUICE_OK) {
            rc = CLI_USAGE;
            break;
        }
        bytes += len;
        last = h;
    }
    char wwhy[256] = "";
    if (sluice_chainfile_writer_close(w, wwhy, sizeof wwhy) != SLUICE_OK && rc == CLI_OK) {
        rc = CLI_USAGE;
        snprintf(why, sizeof why, "%s", wwhy);
    }
    if (rc != CLI_OK) {
        cg_gen_free(g);
        if (cli->json) {
            cli_fail(cli, cmd, "%s", why);
        } else {
            fprintf(stderr, "sluice %s: %s\n", cmd, why);
        }
        return rc;
    }
    const cg_stats *st = cg_gen_stats(g);
    char gh[65];
    sluice_hex_encode(gh, genesis_hash, 32);
    if (cli->json) {
        printf("{\"out\":");
        cli_json_string(stdout, out);
        printf(",\"profile\":\"%s\",\"seed\":%llu,\"gzip\":%s,\"blocks\":%llu,\"last_height\":%llu,"
               "\"txs\":%llu,\"spends\":%llu,\"multisig_spends\":%llu,\"issuances\":%llu,"
               "\"retirements\":%llu,\"status_fail\":%llu,\"block_bytes\":%llu,\"pow_hashes\":%llu,"
               "\"genesis_hash\":\"%s\",\"fault\":\"%s\",\"mix\":\"%s\",\"fanouts\":%llu,"
               "\"txs_per_block\":%u,\"keys\":%u",
               sluice_bytom_profile_name(p.profile), (unsigned long long)p.seed,
               gzip ? "true" : "false", (unsigned long long)st->blocks, (unsigned long long)last,
               (unsigned long long)st->txs, (unsigned long long)st->spends,
               (unsigned long long)st->multisig_spends, (unsigned long long)st->issuances,
               (unsigned long long)st->retirements, (unsigned long long)st->status_fail,
               (unsigned long long)bytes, (unsigned long long)st->pow_hashes, gh,
               cg_fault_name(p.fault), cg_mix_name(mx), (unsigned long long)cg_gen_fanouts(g),
               p.txs_per_block, p.keys);
        if (p.fault != CG_FAULT_NONE) printf(",\"fault_height\":%llu", (unsigned long long)p.fault_height);
        printf("}\n");
    } else {
        printf("wrote %llu blocks (heights 0..%llu), %llu transactions (%llu spends, %llu multisig, "
               "%llu issuances, %llu retirements, %llu status_fail), %llu block bytes to %s%s\n",
               (unsigned long long)st->blocks, (unsigned long long)last,
               (unsigned long long)st->txs, (unsigned long long)st->spends,
               (unsigned long long)st->multisig_spends, (unsigned long long)st->issuances,
               (unsigned long long)st->retirements, (unsigned long long)st->status_fail,
               (unsigned long long)bytes, out, gzip ? " (gzip)" : "");
        printf("profile %s, mix %s (%llu fan-outs), %u keys, seed %llu, genesis %s\n",
               sluice_bytom_profile_name(p.profile), cg_mix_name(mx),
               (unsigned long long)cg_gen_fanouts(g), p.keys, (unsigned long long)p.seed, gh);
        if (p.fault != CG_FAULT_NONE)
            printf("fault %s at height %llu (the last block)\n", cg_fault_name(p.fault),
                   (unsigned long long)p.fault_height);
    }
    cg_gen_free(g);
    return CLI_OK;
}
