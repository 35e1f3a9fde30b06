/* The Ethash half of `sluice demo`: mines a few blocks of a local Ethereum
 * chain on top of the real mainnet genesis header (epoch 0), in light mode on
 * the CPU (no 1 GiB DAG: items are computed from the 16 MiB light cache), then
 * encodes every sealed header to RLP, decodes it back and verifies it as a
 * validator would (seal hash, mix hash, difficulty). */
#include "cmd_demo.h"
#include "sluice/eth_header.h"
#include "sluice/ethash.h"
#include "sluice/hex.h"
#include <stdio.h>
#include <string.h>

/* Ethereum mainnet genesis header (block d4e56740...8fa3), RLP; the same bytes
 * as tests/vectors/eth_headers.txt line "header mix-mismatch 0". */
static const char genesis_rlp_hex[] =
    "f90214a00000000000000000000000000000000000000000000000000000000000000000a01dcc4de8dec75d7aab85b5"
    "67b6ccd41ad312451b948a7413f0a142fd40d49347940000000000000000000000000000000000000000a0d7f8974fb5"
    "ac78d9ac099b9ad5018bedc2ce0a72dad1827a1709da30580f0544a056e81f171bcc55a6ff8345e692c0f86e5b48e01b"
    "996cadc001622fb5e363b421a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421b90100"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000850400000000808213888080a011bbe8db4e347b4e8c937c1c8370e4b5ed33ad"
    "b3db69cbdb7a38e1e50b1b82faa000000000000000000000000000000000000000000000000000000000000000008800"
    "00000000000042";

/* keccak256(rlp([])): the ommers hash of a block without uncles; and the root
 * of an empty Merkle-Patricia trie (no transactions, no receipts). */
static const char empty_ommers_hex[] = "1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
static const char empty_trie_hex[] = "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";

static void u256_from_u64(uint8_t out[32], uint64_t v) {
    memset(out, 0, 32);
    for (int i = 0; i < 8; i++) out[31 - i] = (uint8_t)(v >> (8 * i));
}

static void print_block(const sluice_cli *cli, const sluice_eth_header *h, const uint8_t hash[32],
                        const sluice_ethash_search_result *r, uint64_t difficulty, int ok, const char *why) {
    char hash_hex[65], mix_hex[65], final_hex[65];
    sluice_hex_encode(hash_hex, hash, 32);
    sluice_hex_encode(mix_hex, h->mix_hash, 32);
    sluice_hex_encode(final_hex, r->hash.final, 32);
    if (cli->json)
        printf("{\"event\":\"block\",\"algo\":\"ethash\",\"height\":%llu,\"hash\":\"%s\",\"nonce\":\"0x%016llx\","
               "\"mix\":\"%s\",\"final\":\"%s\",\"difficulty\":%llu,\"hashes\":%llu,\"seconds\":%.3f,"
               "\"verified\":%s,\"verdict\":\"%s\"}\n",
               (unsigned long long)h->number, hash_hex, (unsigned long long)sluice_eth_header_nonce(h), mix_hex,
               final_hex, (unsigned long long)difficulty, (unsigned long long)r->hashes, r->seconds,
               ok ? "true" : "false", why);
    else
        printf("  block %-4llu %s  nonce 0x%016llx %6llu hashes %6.2f s  %s\n", (unsigned long long)h->number,
               hash_hex, (unsigned long long)sluice_eth_header_nonce(h), (unsigned long long)r->hashes, r->seconds,
               ok ? "verified (RLP decoded, light verification)" : why);
}

/* Seals h: searches nonces from a start derived from the block number. */
static sluice_err seal(const sluice_ethash_epoch *ctx, sluice_eth_header *h, unsigned threads,
                       sluice_ethash_search_result *r) {
    uint8_t seal_hash[32], boundary[32];
    sluice_eth_header_seal_hash(h, seal_hash);
    sluice_ethash_boundary_from_difficulty(h->difficulty, boundary);
    sluice_ethash_search_params p;
    memset(&p, 0, sizeof p);
    p.header_hash = seal_hash;
    p.start_nonce = h->number << 32;
    p.count = 1ull << 32;
    p.boundary = boundary;
    p.threads = threads;
    sluice_err e = sluice_ethash_search_light(ctx, &p, r);
    if (e != SLUICE_OK) return e;
    if (!r->found) return SLUICE_ERR_INTERNAL;
    sluice_eth_header_set_nonce(h, r->nonce);
    memcpy(h->mix_hash, r->hash.mix, 32);
    return SLUICE_OK;
}

/* What a validator does with the sealed block: RLP out, RLP in, verify. */
static int reverify(const sluice_ethash_epoch *ctx, const sluice_eth_header *h, uint8_t hash[32], const char **why) {
    uint8_t rlp[SLUICE_ETH_HEADER_RLP_MAX];
    size_t len = 0;
    char reason[160];
    sluice_eth_header back;
    if (sluice_eth_header_encode(h, rlp, sizeof rlp, &len) != SLUICE_OK ||
        sluice_eth_header_decode(&back, rlp, len, reason, sizeof reason) != SLUICE_OK) {
        *why = "RLP round trip failed";
        return 0;
    }
    sluice_eth_header_hash(&back, hash);
    sluice_eth_verdict v = sluice_eth_header_verify(ctx, &back);
    *why = sluice_eth_verdict_name(v);
    return v == SLUICE_ETH_VALID;
}

int demo_ethash(const sluice_cli *cli, unsigned nblocks, unsigned threads, uint64_t difficulty, demo_totals *t) {
    memset(t, 0, sizeof *t);
    static uint8_t rlp[sizeof genesis_rlp_hex / 2];
    char why[160] = "";
    sluice_eth_header parent;
    if (sluice_hex_decode_exact(rlp, sizeof rlp, genesis_rlp_hex) != SLUICE_OK ||
        sluice_eth_header_decode(&parent, rlp, sizeof rlp, why, sizeof why) != SLUICE_OK)
        return SLUICE_ERR_INTERNAL;
    uint8_t parent_hash[32];
    sluice_eth_header_hash(&parent, parent_hash);
    char hex[65];
    sluice_hex_encode(hex, parent_hash, 32);

    sluice_ethash_epoch *ctx = NULL;
    sluice_err e = sluice_ethash_epoch_new(&ctx, 0);
    if (e != SLUICE_OK) return e;
    if (cli->json)
        printf("{\"event\":\"genesis\",\"algo\":\"ethash\",\"height\":0,\"hash\":\"%s\",\"epoch\":0}\n", hex);
    else
        printf("sluice demo: Ethash epoch 0 in light mode on the CPU, %u blocks after Ethereum mainnet genesis %s\n",
               nblocks, hex);

    for (unsigned b = 0; b < nblocks && e == SLUICE_OK; b++) {
        sluice_eth_header h = parent;
        memcpy(h.parent_hash, parent_hash, 32);
        sluice_hex_decode_exact(h.ommers_hash, 32, empty_ommers_hex);
        memset(h.coinbase, 0x5c, sizeof h.coinbase);
        sluice_hex_decode_exact(h.tx_root, 32, empty_trie_hex);
        sluice_hex_decode_exact(h.receipts_root, 32, empty_trie_hex);
        memset(h.bloom, 0, sizeof h.bloom);
        u256_from_u64(h.difficulty, difficulty);
        h.number = parent.number + 1;
        h.gas_used = 0;
        h.time = parent.time + 15;
        h.extra_len = (size_t)snprintf((char *)h.extra, sizeof h.extra, "sluice demo");
        sluice_ethash_search_result r;
        e = seal(ctx, &h, threads, &r);
        if (e != SLUICE_OK) break;
        const char *verdict = "";
        int ok = reverify(ctx, &h, parent_hash, &verdict);
        print_block(cli, &h, parent_hash, &r, difficulty, ok, verdict);
        t->blocks++;
        t->failures += !ok;
        t->hashes += r.hashes;
        t->seconds += r.seconds;
        parent = h;
    }
    sluice_ethash_epoch_free(ctx);
    return e;
}
