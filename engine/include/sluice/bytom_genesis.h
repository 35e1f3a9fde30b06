/* Bytom v1 mainnet constants used by the demo chain and tests
 * (BytomDAO/bytom v1.1.1 config/genesis.go, consensus/general.go). */
#ifndef SLUICE_BYTOM_GENESIS_H
#define SLUICE_BYTOM_GENESIS_H

#include "sluice/bytom_header.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The mainnet genesis header; its block hash is
 * a75483474799ea1aa6bb910a1a5025b4372bf20bef20f246a2c2dc5e12e8a053. */
void sluice_bytom_mainnet_genesis(sluice_bytom_header *h);

/* The genesis header of a named network ("mainnet", "testnet", "solonet";
 * config/genesis.go of BytomDAO/bytom v1.1.1: testnet and solonet share one
 * header, timestamp 1528945000 and bits 2305843009214532812, and all three
 * share the genesis transaction and so both roots). Returns 0, or -1 for an
 * unknown name. */
int sluice_bytom_network_genesis(const char *network, sluice_bytom_header *h);

/* InitialSeed = SHA3-256(32 zero bytes): the Tensority seed of blocks 1..256. */
void sluice_bytom_initial_seed(uint8_t seed[32]);

/* Seed of the block after `parent` (tensority.md section 5): parent height 0 ->
 * InitialSeed; parent height % 256 == 0 -> the parent's block hash; else the
 * parent's own seed. */
void sluice_bytom_next_seed(uint64_t parent_height, const uint8_t parent_hash[32],
                            const uint8_t parent_seed[32], uint8_t next_seed[32]);

#define SLUICE_BYTOM_TARGET_SECONDS_PER_BLOCK 150
#define SLUICE_BYTOM_BLOCKS_PER_RETARGET 2016
#define SLUICE_BYTOM_SEED_PER_RETARGET 256

#ifdef __cplusplus
}
#endif
#endif
