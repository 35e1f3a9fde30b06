/* Ethash scalar reference: dataset nodes from the light cache, Hashimoto over
 * any item lookup, and the light hash. The readable definitions every fast
 * path (ethash_nodes*.c, ethash_light*.c, ethash_search.c, GPU kernels) is
 * tested against. Spec: ../shared/specs/ethash.md steps 4 and 5; reference:
 * chfast/ethash lib/ethash/ethash.cpp (calculate_dataset_item_512, hash_kernel,
 * hash_seed, hash_final). Words are little-endian; the host is assumed to be
 * little-endian (x86-64, AArch64), as ethash_internal.h states. */
#include "pow/ethash_internal.h"
#include "sluice/keccak.h"
#include <string.h>

/* Spec step 4: mix = c[i % n] with word 0 xored with i, hashed; 256 FNV rounds
 * with pseudo-random parents; node = keccak512(mix). */
void ethash_node_ref(const struct sluice_ethash_epoch *ctx, uint32_t index, ethash_node *out) {
    const uint64_t n = ctx->cache_items;
    const ethash_node *c = ctx->cache;
    ethash_node mix = c[index % n];
    mix.w[0] ^= index;
    sluice_keccak512(mix.b, mix.b, 64);
    for (uint32_t j = 0; j < SLUICE_ETHASH_FULL_DATASET_ITEM_PARENTS; j++) {
        uint64_t parent = sluice_ethash_fnv(index ^ j, mix.w[j % 16]) % n;
        for (int k = 0; k < 16; k++) mix.w[k] = sluice_ethash_fnv(mix.w[k], c[parent].w[k]);
    }
    sluice_keccak512(out->b, mix.b, 64);
}

/* Item p = nodes 2p || 2p+1. Node indices are 32-bit as in chfast/ethash
 * (calculate_dataset_item_1024 takes a uint32_t index). No real epoch
 * reaches 2^31 items - the last one, 32639, has 2^23 * 32767 bytes, so
 * 2147418083 items (the largest prime <= 2^16 * 32767) and nodes up to
 * 4294836167 - so the casts below are exact
 * for every real dataset; they wrap only for synthetic indices >= 2^31. */
void sluice_ethash_dataset_item(const sluice_ethash_epoch *ctx, uint64_t index, uint8_t out[128]) {
    ethash_node nodes[2];
    ethash_node_ref(ctx, (uint32_t)(2 * index), &nodes[0]);
    ethash_node_ref(ctx, (uint32_t)(2 * index + 1), &nodes[1]);
    memcpy(out, nodes, 128);
}

/* s = keccak512(header_hash || le64(nonce)) (chfast hash_seed). */
void ethash_seed_hash_nonce(const uint8_t header_hash[32], uint64_t nonce, ethash_node *s) {
    uint8_t buf[40];
    memcpy(buf, header_hash, 32);
    for (int i = 0; i < 8; i++) buf[32 + i] = (uint8_t)(nonce >> (8 * i));
    sluice_keccak512(s->b, buf, sizeof buf);
}

/* cmix[k] = fnv(fnv(fnv(mix[4k], mix[4k+1]), mix[4k+2]), mix[4k+3]);
 * final = keccak256(s || cmix) (chfast hash_kernel's tail and hash_final). */
void ethash_finish(const ethash_node *s, const uint32_t mix[32], sluice_ethash_result *out) {
    uint32_t cmix[8];
    for (int k = 0; k < 8; k++) {
        uint32_t h = sluice_ethash_fnv(mix[4 * k], mix[4 * k + 1]);
        h = sluice_ethash_fnv(h, mix[4 * k + 2]);
        cmix[k] = sluice_ethash_fnv(h, mix[4 * k + 3]);
    }
    uint8_t buf[96];
    memcpy(buf, s->b, 64);
    memcpy(buf + 64, cmix, 32);
    memcpy(out->mix, cmix, 32);
    sluice_keccak256(out->final, buf, sizeof buf);
}

/* Spec step 5: mix = s || s; 64 accesses p = fnv(i ^ s.word0, mix[i % 32]) %
 * items, mix = fnv(mix, item[p]). */
void sluice_ethash_hashimoto_ref(uint64_t dataset_items, sluice_ethash_item_fn lookup, void *user,
                                 const uint8_t header_hash[32], uint64_t nonce, sluice_ethash_result *out) {
    ethash_node s;
    ethash_seed_hash_nonce(header_hash, nonce, &s);
    uint32_t mix[32];
    for (int k = 0; k < 16; k++) mix[k] = mix[k + 16] = s.w[k];
    const uint32_t s0 = s.w[0];
    for (uint32_t i = 0; i < SLUICE_ETHASH_NUM_DATASET_ACCESSES; i++) {
        uint64_t p = sluice_ethash_fnv(i ^ s0, mix[i % 32]) % dataset_items;
        union { uint8_t b[128]; uint32_t w[32]; } item;
        lookup(user, p, item.b);
        for (int k = 0; k < 32; k++) mix[k] = sluice_ethash_fnv(mix[k], item.w[k]);
    }
    ethash_finish(&s, mix, out);
}

static void light_lookup(void *user, uint64_t index, uint8_t out[128]) {
    sluice_ethash_dataset_item((const sluice_ethash_epoch *)user, index, out);
}

void sluice_ethash_light_hash_ref(const sluice_ethash_epoch *ctx, const uint8_t header_hash[32], uint64_t nonce,
                                  sluice_ethash_result *out) {
    sluice_ethash_hashimoto_ref(ctx->dataset_items, light_lookup, (void *)ctx, header_hash, nonce, out);
}
