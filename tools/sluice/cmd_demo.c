/* sluice demo: mines a few blocks of a built-in local chain on top of the real
 * Bytom mainnet genesis header, with Tensority on all CPU cores at a low
 * difficulty, then re-verifies every block with the scalar reference; then the
 * same for Ethash on top of the Ethereum mainnet genesis (cmd_demo_ethash.c). */
#include "cli.h"
#include "cmd_common.h"
#include "cmd_demo.h"
#include "cmd_demo_chain.h"
#include "cmd_demo_sig.h"
#include "cmd_demo_validate.h"
#include "sluice/bytom_genesis.h"
#include "sluice/bytom_target.h"
#include "sluice/hex.h"
#include "sluice/keccak.h"
#include "sluice/tensority.h"
#include "sluice/tensority_search.h"
#include "sluice/topology.h"
#include <string.h>

/* Target 16 * 256^31 = 2^252: about 16 hashes per block. */
#define DEMO_BITS ((34ULL << 56) | 16ULL)

/* About 2048 hashes a block: ~1 s a block in light mode on two cores. */
#define DEMO_ETH_DIFFICULTY 2048u

static const char help_text[] =
    "usage: sluice demo [--algo all|both|tensority|ethash|sig|chain|validate] [--blocks N] [--bits N] [--eth-difficulty D]\n"
    "                   [--sig-items N] [--threads N] [--json]\n"
    "  --algo all (the default) runs the five steps below; both = tensority and ethash.\n"
    "  Tensority: mines N (default 3) Bytom blocks after the mainnet genesis block at a low\n"
    "  difficulty (default bits 0x2200000000000010, about 16 hashes a block) on all CPU cores, then\n"
    "  re-verifies each block (block hash, seed, Tensority with the scalar reference, target).\n"
    "  Ethash: mines N Ethereum blocks after the mainnet genesis header (epoch 0, light mode: no DAG,\n"
    "  difficulty D, default 2048), then encodes each header to RLP, decodes it and verifies the\n"
    "  seal (mix hash and difficulty) as a validator would.\n"
    "  Signatures: signs N (default 300) messages per scheme (SM2, BIP340, Ed25519) with the\n"
    "  oracles, verifies each scheme's as one batch, then a mixed batch with one altered message\n"
    "  that must be caught.\n"
    "  Chain: validates a real Bytom testnet block (height 12171) against the consensus rules\n"
    "  (transactions, VM, signatures in one batch, coinbase, Merkle roots), then three tampered\n"
    "  copies that must fail with the right rule (signature, Merkle root, coinbase amount).\n"
    "  Validate: generates a 104-block chain (transactions from height 100, after coinbase\n"
    "  maturity) with real Tensority proof of work and validates it with the sliding window into\n"
    "  a fresh LMDB UTXO store, then a copy with an unknown spend that must be found at height 103.\n";

static void print_mined(const sluice_cli *cli, const char *algo, const demo_totals *t) {
    double rate = t->seconds > 0 ? (double)t->hashes / t->seconds : 0;
    if (cli->json)
        printf("{\"event\":\"mined\",\"algo\":\"%s\",\"blocks\":%u,\"hashes\":%llu,\"seconds\":%.3f,\"rate\":%.2f,"
               "\"unit\":\"H/s\",\"verified\":%s}\n",
               algo, t->blocks, (unsigned long long)t->hashes, t->seconds, rate, t->failures ? "false" : "true");
    else
        printf("%s: mined %u blocks: %llu hashes in %.2f s, %.2f H/s; %s\n", algo, t->blocks,
               (unsigned long long)t->hashes, t->seconds, rate,
               t->failures ? "SOME BLOCKS FAILED VERIFICATION" : "all verified");
}

static int demo_tensority(const sluice_cli *cli, unsigned nblocks, unsigned threads, uint64_t bits, demo_totals *t);

int cmd_demo(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "demo";
    const char *blocks_s = "3", *bits_s = NULL, *threads_s = "0", *algo_s = "all", *eth_diff_s = NULL;
    const char *sig_items_s = "300";
    int help = 0;
    cli_opt opts[] = {{"blocks", &blocks_s, NULL}, {"bits", &bits_s, NULL}, {"threads", &threads_s, NULL},
                      {"algo", &algo_s, NULL}, {"eth-difficulty", &eth_diff_s, NULL},
                      {"sig-items", &sig_items_s, NULL}, {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc, argv, opts, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) { fputs(help_text, stdout); return CLI_OK; }
    unsigned nblocks, threads;
    uint64_t bits = DEMO_BITS;
    if (!cli_parse_uint(blocks_s, 1, 1000, &nblocks)) return cli_fail(cli, cmd, "bad --blocks '%s' (1..1000)", blocks_s);
    if (!cli_parse_uint(threads_s, 0, 1024, &threads)) return cli_fail(cli, cmd, "bad --threads '%s'", threads_s);
    if (bits_s && !cli_parse_u64(bits_s, &bits)) return cli_fail(cli, cmd, "bad --bits '%s'", bits_s);
    if (sluice_bytom_bits_log2_work(bits) > 12)
        return cli_fail(cli, cmd, "--bits too hard for a demo (2^%.1f hashes a block; at most 2^12)",
                        sluice_bytom_bits_log2_work(bits));
    int all = strcmp(algo_s, "all") == 0, both = strcmp(algo_s, "both") == 0;
    int do_tensority = all || both || strcmp(algo_s, "tensority") == 0;
    int do_ethash = all || both || strcmp(algo_s, "ethash") == 0;
    int do_sig = all || strcmp(algo_s, "sig") == 0;
    int do_chain = all || strcmp(algo_s, "chain") == 0;
    int do_validate = all || strcmp(algo_s, "validate") == 0;
    if (!do_tensority && !do_ethash && !do_sig && !do_chain && !do_validate)
        return cli_fail(cli, cmd, "bad --algo '%s' (all, both, tensority, ethash, sig, chain or validate)", algo_s);
    unsigned sig_items;
    if (!cli_parse_uint(sig_items_s, 1, 10000, &sig_items))
        return cli_fail(cli, cmd, "bad --sig-items '%s' (1..10000)", sig_items_s);
    uint64_t eth_difficulty = DEMO_ETH_DIFFICULTY;
    if (eth_diff_s && (!cli_parse_u64(eth_diff_s, &eth_difficulty) || eth_difficulty < 1 || eth_difficulty > (1u << 20)))
        return cli_fail(cli, cmd, "bad --eth-difficulty '%s' (1..1048576 for a demo)", eth_diff_s);

    demo_totals tens = {0}, eth = {0};
    demo_sig_totals sig = {0, 0, 0};
    demo_chain_totals chain = {0, 0, 0};
    demo_validate_totals val = {0, 0, 0};
    if (do_tensority) {
        int rc = demo_tensority(cli, nblocks, threads, bits, &tens);
        if (rc != CLI_OK) return rc;
        print_mined(cli, "tensority", &tens);
    }
    if (do_ethash) {
        sluice_err e = demo_ethash(cli, nblocks, threads, eth_difficulty, &eth);
        if (e != SLUICE_OK) return cli_fail(cli, cmd, "ethash mining failed: %s", sluice_strerror(e));
        print_mined(cli, "ethash", &eth);
    }
    if (do_sig) {
        char why[512] = "";
        sluice_err e = demo_sig(cli, sig_items, threads, &sig, why, sizeof why);
        if (e != SLUICE_OK) return cli_fail(cli, cmd, "signatures: %s", why);
    }
    if (do_chain) {
        char why[512] = "";
        sluice_err e = demo_chain(cli, threads, &chain, why, sizeof why);
        if (e != SLUICE_OK) return cli_fail(cli, cmd, "block validation: %s", why);
    }
    if (do_validate) {
        char why[512] = "";
        sluice_err e = demo_validate(cli, threads, &val, why, sizeof why);
        if (e != SLUICE_OK) return cli_fail(cli, cmd, "chain validation: %s", why);
    }
    unsigned failures = tens.failures + eth.failures + sig.failures + chain.failures + val.failures;
    if (cli->json)
        printf("{\"event\":\"summary\",\"blocks\":%u,\"signatures\":%u,\"validations\":%u,\"chains\":%u,"
               "\"verified\":%s}\n",
               tens.blocks + eth.blocks, sig.items, chain.blocks, val.chains, failures ? "false" : "true");
    else
        printf("demo: %u blocks mined, %u signatures verified, %u block validations, %u chains validated; %s\n",
               tens.blocks + eth.blocks, sig.items, chain.blocks, val.chains,
               failures ? "SOME CHECKS FAILED" : "all verified");
    return failures ? CLI_NEGATIVE : CLI_OK;
}

static int demo_tensority(const sluice_cli *cli, unsigned nblocks, unsigned threads, uint64_t bits, demo_totals *t) {
    const char *cmd = "demo";
    memset(t, 0, sizeof *t);

    sluice_topology *topo = NULL;
    if (sluice_topology_open(&topo) != SLUICE_OK) topo = NULL;
    sluice_bytom_header parent;
    sluice_bytom_mainnet_genesis(&parent);
    uint8_t parent_hash[32], parent_seed[32] = {0}, seed[32];
    sluice_bytom_header_hash(&parent, parent_hash);
    char hex[65];
    sluice_hex_encode(hex, parent_hash, 32);
    if (cli->json) printf("{\"event\":\"genesis\",\"algo\":\"tensority\",\"height\":0,\"hash\":\"%s\"}\n", hex);
    else printf("sluice demo: Tensority on the CPU (%s), %u blocks after Bytom mainnet genesis %s\n",
                sluice_tensority_impl_name(sluice_tensority_impl_best()), nblocks, hex);

    sluice_tensority_cache *cache = NULL;
    uint64_t total_hashes = 0;
    double total_seconds = 0;
    int failures = 0;
    sluice_err e = SLUICE_OK;
    for (unsigned b = 0; b < nblocks && e == SLUICE_OK; b++) {
        sluice_bytom_next_seed(parent.height, parent_hash, parent_seed, seed);
        if (!cache || memcmp(sluice_tensority_cache_seed(cache), seed, 32) != 0) {
            sluice_tensority_cache_free(cache);
            cache = NULL;
            e = sluice_tensority_cache_new(&cache, seed, threads);
            if (e != SLUICE_OK) break;
        }
        sluice_bytom_header h = parent;
        h.height = parent.height + 1;
        memcpy(h.prev_hash, parent_hash, 32);
        h.timestamp = parent.timestamp + SLUICE_BYTOM_TARGET_SECONDS_PER_BLOCK;
        h.bits = bits;
        /* A block with no transactions but its (here empty) coinbase: roots stand in. */
        sluice_sha3_256(h.tx_merkle_root, parent_hash, 32);
        h.nonce = 0;
        uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES];
        sluice_bytom_header_body(&h, body);
        sluice_tensority_search_params p;
        memset(&p, 0, sizeof p);
        p.body = body;
        sluice_bytom_bits_to_target(bits, &p.target);
        p.threads = threads;
        p.topo = topo;
        p.count = 1u << 20;
        sluice_tensority_search_result r;
        e = sluice_tensority_search(cache, &p, &r);
        if (e != SLUICE_OK) break;
        total_hashes += r.hashes;
        total_seconds += r.seconds;
        if (!r.found) { e = SLUICE_ERR_INTERNAL; break; }
        h.nonce = r.nonce;
        /* Re-verify from scratch: block hash, then the scalar reference and the target. */
        uint8_t bh[32], check[32];
        sluice_bytom_header_hash(&h, bh);
        e = sluice_tensority_hash_ref(sluice_tensority_cache_matrix(cache, 0), bh, check);
        if (e != SLUICE_OK) break;
        int ok = memcmp(bh, r.block_hash, 32) == 0 && memcmp(check, r.result, 32) == 0 &&
                 sluice_bytom_pow_ok(check, bits);
        failures += !ok;
        char seed_hex[65], res_hex[65];
        sluice_hex_encode(hex, bh, 32);
        sluice_hex_encode(seed_hex, seed, 32);
        sluice_hex_encode(res_hex, check, 32);
        if (cli->json)
            printf("{\"event\":\"block\",\"algo\":\"tensority\",\"height\":%llu,\"hash\":\"%s\",\"nonce\":%llu,\"seed\":\"%s\",\"result\":\"%s\","
                   "\"bits\":%llu,\"hashes\":%llu,\"seconds\":%.3f,\"verified\":%s}\n",
                   (unsigned long long)h.height, hex, (unsigned long long)h.nonce, seed_hex, res_hex,
                   (unsigned long long)bits, (unsigned long long)r.hashes, r.seconds, ok ? "true" : "false");
        else
            printf("  block %-4llu %s  nonce %-6llu %4llu hashes %6.2f s  %s\n", (unsigned long long)h.height, hex,
                   (unsigned long long)h.nonce, (unsigned long long)r.hashes, r.seconds,
                   ok ? "verified (reference)" : "VERIFICATION FAILED");
        memcpy(parent_seed, seed, 32);
        memcpy(parent_hash, bh, 32);
        parent = h;
    }
    sluice_tensority_cache_free(cache);
    sluice_topology_close(topo);
    if (e != SLUICE_OK) return cli_fail(cli, cmd, "mining failed: %s", sluice_strerror(e));
    t->blocks = nblocks;
    t->failures = (unsigned)failures;
    t->hashes = total_hashes;
    t->seconds = total_seconds;
    return CLI_OK;
}
