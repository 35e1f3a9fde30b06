/* Tensority seed -> 256 matrices (../specs/tensority.md section 1).
 * The expansion is scrypt's SMix (RFC 7914 section 6) with N = 1024, r = 1,
 * applied 128 times to one 128-byte block X that carries over between calls,
 * as BytomDAO/bytom mining/tensority/go_algorithm/seed.go calcSeedCache does.
 * Each call's V array (1024 blocks of 128 bytes) yields two matrices: the even
 * blocks form matrix 2c, the odd blocks matrix 2c+1 (matrix.go, mulMatrix). */
#include "sluice/keccak.h"
#include "sluice/tensority.h"
#include <stdlib.h>
#include <string.h>

#define SMIX_N 1024
#define BLOCK_WORDS 32

static inline uint32_t rotl32(uint32_t v, unsigned n) { return (v << n) | (v >> (32 - n)); }

/* scrypt's xor_salsa8 (RFC 7914 section 3): B ^= Bx; B = B + Salsa20/8(B). */
static void xor_salsa8(uint32_t b[16], const uint32_t bx[16]) {
    uint32_t x[16];
    for (int i = 0; i < 16; i++) x[i] = (b[i] ^= bx[i]);
    for (int i = 0; i < 8; i += 2) {
        /* column round */
        x[4] ^= rotl32(x[0] + x[12], 7);   x[8] ^= rotl32(x[4] + x[0], 9);
        x[12] ^= rotl32(x[8] + x[4], 13);  x[0] ^= rotl32(x[12] + x[8], 18);
        x[9] ^= rotl32(x[5] + x[1], 7);    x[13] ^= rotl32(x[9] + x[5], 9);
        x[1] ^= rotl32(x[13] + x[9], 13);  x[5] ^= rotl32(x[1] + x[13], 18);
        x[14] ^= rotl32(x[10] + x[6], 7);  x[2] ^= rotl32(x[14] + x[10], 9);
        x[6] ^= rotl32(x[2] + x[14], 13);  x[10] ^= rotl32(x[6] + x[2], 18);
        x[3] ^= rotl32(x[15] + x[11], 7);  x[7] ^= rotl32(x[3] + x[15], 9);
        x[11] ^= rotl32(x[7] + x[3], 13);  x[15] ^= rotl32(x[11] + x[7], 18);
        /* row round */
        x[1] ^= rotl32(x[0] + x[3], 7);    x[2] ^= rotl32(x[1] + x[0], 9);
        x[3] ^= rotl32(x[2] + x[1], 13);   x[0] ^= rotl32(x[3] + x[2], 18);
        x[6] ^= rotl32(x[5] + x[4], 7);    x[7] ^= rotl32(x[6] + x[5], 9);
        x[4] ^= rotl32(x[7] + x[6], 13);   x[5] ^= rotl32(x[4] + x[7], 18);
        x[11] ^= rotl32(x[10] + x[9], 7);  x[8] ^= rotl32(x[11] + x[10], 9);
        x[9] ^= rotl32(x[8] + x[11], 13);  x[10] ^= rotl32(x[9] + x[8], 18);
        x[12] ^= rotl32(x[15] + x[14], 7); x[13] ^= rotl32(x[12] + x[15], 9);
        x[14] ^= rotl32(x[13] + x[12], 13); x[15] ^= rotl32(x[14] + x[13], 18);
    }
    for (int i = 0; i < 16; i++) b[i] += x[i];
}

/* BlockMix with r = 1 (RFC 7914 section 4): for one 2-half block the output
 * order permutation is the identity. */
static inline void block_mix(uint32_t x[BLOCK_WORDS]) {
    xor_salsa8(x, x + 16);
    xor_salsa8(x + 16, x);
}

static inline void store_block_le(uint8_t *dst, const uint32_t *w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(dst, w, 4 * BLOCK_WORDS);
#else
    for (int i = 0; i < BLOCK_WORDS; i++) {
        dst[4 * i] = (uint8_t)w[i]; dst[4 * i + 1] = (uint8_t)(w[i] >> 8);
        dst[4 * i + 2] = (uint8_t)(w[i] >> 16); dst[4 * i + 3] = (uint8_t)(w[i] >> 24);
    }
#endif
}

sluice_err sluice_tensority_expand_seed(const uint8_t seed[32], int8_t matrices[SLUICE_TENSORITY_CACHE_BYTES]) {
    /* Extended seed: E[32(i+1)..] = SHA3-256(E[32i..32i+32)), i = 0, 1, 2. */
    uint8_t ext[128];
    memcpy(ext, seed, 32);
    for (int i = 0; i < 3; i++) sluice_sha3_256(ext + 32 * (i + 1), ext + 32 * i, 32);
    uint32_t x[BLOCK_WORDS];
    for (int i = 0; i < BLOCK_WORDS; i++)
        x[i] = (uint32_t)ext[4 * i] | (uint32_t)ext[4 * i + 1] << 8 |
               (uint32_t)ext[4 * i + 2] << 16 | (uint32_t)ext[4 * i + 3] << 24;

    uint32_t(*v)[BLOCK_WORDS] = malloc(sizeof(uint32_t[SMIX_N][BLOCK_WORDS]));
    if (!v) return SLUICE_ERR_NOMEM;
    for (int c = 0; c < 128; c++) {
        for (int i = 0; i < SMIX_N; i++) {
            memcpy(v[i], x, sizeof x);
            block_mix(x);
        }
        for (int i = 0; i < SMIX_N; i++) {
            uint32_t j = x[16] & (SMIX_N - 1);   /* Integerify(X) mod N */
            for (int w = 0; w < BLOCK_WORDS; w++) x[w] ^= v[j][w];
            block_mix(x);
        }
        uint8_t *even = (uint8_t *)matrices + (size_t)(2 * c) * SLUICE_TENSORITY_MATRIX_BYTES;
        uint8_t *odd = even + SLUICE_TENSORITY_MATRIX_BYTES;
        for (int j = 0; j < SMIX_N / 2; j++) {
            store_block_le(even + 128 * j, v[2 * j]);
            store_block_le(odd + 128 * j, v[2 * j + 1]);
        }
    }
    free(v);
    return SLUICE_OK;
}
