#include "sluice/bytom_genesis.h"
#include "sluice/hex.h"
#include "sluice/keccak.h"
#include <string.h>

void sluice_bytom_mainnet_genesis(sluice_bytom_header *h) {
    memset(h, 0, sizeof *h);
    h->version = 1;
    h->height = 0;
    h->timestamp = 1524549600;
    h->nonce = 9253507043297ULL;
    h->bits = 2161727821137910632ULL;
    sluice_hex_decode_exact(h->tx_merkle_root, 32,
                            "58e45ceb675a0b3d7ad3ab9d4288048789de8194e9766b26d8f42fdb624d4390");
    sluice_hex_decode_exact(h->tx_status_hash, 32,
                            "c9c377e5192668bc0a367e4a4764f11e7c725ecced1d7b6a492974fab1b6d5bc");
}

int sluice_bytom_network_genesis(const char *network, sluice_bytom_header *h) {
    sluice_bytom_mainnet_genesis(h);
    if (strcmp(network, "mainnet") == 0) return 0;
    if (strcmp(network, "testnet") == 0 || strcmp(network, "solonet") == 0) {
        h->timestamp = 1528945000;
        h->bits = 2305843009214532812ULL;
        return 0;
    }
    return -1;
}

void sluice_bytom_initial_seed(uint8_t seed[32]) {
    static const uint8_t zero[32];
    sluice_sha3_256(seed, zero, sizeof zero);
}

void sluice_bytom_next_seed(uint64_t parent_height, const uint8_t parent_hash[32],
                            const uint8_t parent_seed[32], uint8_t next_seed[32]) {
    if (parent_height == 0) sluice_bytom_initial_seed(next_seed);
    else if (parent_height % SLUICE_BYTOM_SEED_PER_RETARGET == 0) memmove(next_seed, parent_hash, 32);
    else memmove(next_seed, parent_seed, 32);
}
