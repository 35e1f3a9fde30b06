/* Bytom block hash (vectors from BytomDAO/bytom protocol/bc/types/block_test.go
 * and the real mainnet genesis block), seeds, and the compact-bits PoW check. */
#include "sluice/bytom_genesis.h"
#include "sluice/bytom_header.h"
#include "sluice/bytom_target.h"
#include "sluice/hex.h"
#include "sluice/keccak.h"
#include "testutil.h"
#include <inttypes.h>
#include <string.h>

static void test_header_vectors(void) {
    FILE *f = tu_open_vectors("bytom_header.txt");
    char line[1024];
    int n = 0;
    while (tu_next_line(f, line, sizeof line)) {
        char prev[80], root[80], status[80], want_s[80];
        sluice_bytom_header h;
        memset(&h, 0, sizeof h);
        CHECK(sscanf(line, "%" SCNu64 " %" SCNu64 " %79s %" SCNu64 " %79s %79s %" SCNu64 " %" SCNu64 " %79s", &h.version,
                     &h.height, prev, &h.timestamp, root, status, &h.bits, &h.nonce, want_s) == 9);
        uint8_t want[32], got[32];
        CHECK(sluice_hex_decode_exact(h.prev_hash, 32, prev) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(h.tx_merkle_root, 32, root) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(h.tx_status_hash, 32, status) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(want, 32, want_s) == SLUICE_OK);
        sluice_bytom_header_hash(&h, got);
        CHECK_MEM(got, want, 32);
        /* The mining path (nonce patched into a prepared body) agrees. */
        uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES];
        uint64_t nonce = h.nonce;
        h.nonce = 12345;
        sluice_bytom_header_body(&h, body);
        sluice_bytom_header_hash_nonce(body, nonce, got);
        CHECK_MEM(got, want, 32);
        n++;
    }
    fclose(f);
    CHECK(n == 2);
}

static void test_genesis_and_seeds(void) {
    sluice_bytom_header g;
    sluice_bytom_mainnet_genesis(&g);
    uint8_t got[32], want[32];
    sluice_bytom_header_hash(&g, got);
    sluice_hex_decode_exact(want, 32, "a75483474799ea1aa6bb910a1a5025b4372bf20bef20f246a2c2dc5e12e8a053");
    CHECK_MEM(got, want, 32);
    uint8_t seed[32], next[32], hash[32], pseed[32];
    sluice_bytom_initial_seed(seed);
    sluice_hex_decode_exact(want, 32, "9e6291970cb44dd94008c79bcaf9d86f18b4b49ba5b2a04781db7199ed3b9e4e");
    CHECK_MEM(seed, want, 32);
    memset(hash, 0xab, 32);
    memset(pseed, 0xcd, 32);
    sluice_bytom_next_seed(0, hash, pseed, next);
    CHECK_MEM(next, want, 32);
    sluice_bytom_next_seed(256, hash, pseed, next);
    CHECK_MEM(next, hash, 32);
    sluice_bytom_next_seed(257, hash, pseed, next);
    CHECK_MEM(next, pseed, 32);
    sluice_bytom_next_seed(512, hash, pseed, next);
    CHECK_MEM(next, hash, 32);

    /* network genesis headers: mainnet's is the one above; testnet and
     * solonet share one header (timestamp 1528945000, bits
     * 2305843009214532812) with mainnet's roots and nonce */
    sluice_bytom_header n, t, s;
    CHECK(sluice_bytom_network_genesis("mainnet", &n) == 0);
    CHECK(memcmp(&n, &g, sizeof g) == 0);
    CHECK(sluice_bytom_network_genesis("testnet", &t) == 0);
    CHECK(sluice_bytom_network_genesis("solonet", &s) == 0);
    CHECK(memcmp(&t, &s, sizeof t) == 0);
    CHECK(t.timestamp == 1528945000 && t.bits == 2305843009214532812ULL && t.nonce == g.nonce);
    CHECK(memcmp(t.tx_merkle_root, g.tx_merkle_root, 32) == 0 && memcmp(t.tx_status_hash, g.tx_status_hash, 32) == 0);
    uint8_t th[32];
    sluice_bytom_header_hash(&t, th);
    CHECK(memcmp(th, got, 32) != 0);
    CHECK(sluice_bytom_network_genesis("moonnet", &t) == -1);
}

static void test_targets(void) {
    sluice_bytom_target t;
    uint8_t v[32];
    /* exponent 3, mantissa 0x123456: N = 0x123456 */
    sluice_bytom_bits_to_target((3ULL << 56) | 0x123456, &t);
    CHECK(!t.negative && !t.overflow && t.le[0] == 0x56 && t.le[1] == 0x34 && t.le[2] == 0x12 && t.le[3] == 0);
    /* exponent 1: mantissa >> 16 */
    sluice_bytom_bits_to_target((1ULL << 56) | 0x123456, &t);
    CHECK(t.le[0] == 0x12 && t.le[1] == 0);
    /* exponent 34, mantissa 16: 2^252 */
    sluice_bytom_bits_to_target((34ULL << 56) | 16, &t);
    CHECK(t.le[31] == 0x10 && t.le[30] == 0 && !t.overflow);
    memset(v, 0, 32); v[31] = 0x10;
    CHECK(sluice_bytom_pow_ok(v, (34ULL << 56) | 16));        /* equal: valid (<=) */
    v[0] = 1;
    CHECK(!sluice_bytom_pow_ok(v, (34ULL << 56) | 16));       /* one above: invalid */
    v[0] = 0; v[31] = 0x0f; memset(v, 0xff, 31);
    CHECK(sluice_bytom_pow_ok(v, (34ULL << 56) | 16));        /* just below */
    /* little-endian reading: a big low byte is a small number */
    memset(v, 0, 32); v[0] = 0xff;
    CHECK(sluice_bytom_pow_ok(v, (3ULL << 56) | 0x100));
    CHECK(!sluice_bytom_pow_ok(v, (3ULL << 56) | 0xfe));
    /* overflow: exponent so large every hash is below */
    sluice_bytom_bits_to_target((40ULL << 56) | 1, &t);
    CHECK(t.overflow);
    memset(v, 0xff, 32);
    CHECK(sluice_bytom_pow_ok(v, (40ULL << 56) | 1));
    /* negative: nothing (non-zero mantissa) is valid, not even zero */
    memset(v, 0, 32);
    CHECK(!sluice_bytom_pow_ok(v, (3ULL << 56) | 0x0080000000000000ULL | 5));
    /* negative zero is zero: only a zero result passes */
    CHECK(sluice_bytom_pow_ok(v, 0x0080000000000000ULL));
    v[0] = 1;
    CHECK(!sluice_bytom_pow_ok(v, 0x0080000000000000ULL));
    /* the mainnet genesis bits 0x1e00000000011b68: mantissa 0x11b68 * 256^27 */
    sluice_bytom_bits_to_target(2161727821137910632ULL, &t);
    CHECK(!t.overflow && !t.negative && t.le[27] == 0x68 && t.le[28] == 0x1b && t.le[29] == 0x01 && t.le[30] == 0);
    CHECK(sluice_u256_cmp_le(t.le, t.le) == 0);
    double w = sluice_bytom_bits_log2_work((34ULL << 56) | 16);
    CHECK(w > 3.99 && w < 4.01);
}

int main(void) {
    test_header_vectors();
    test_genesis_and_seeds();
    test_targets();
    return tu_finish("test_bytom_header");
}
