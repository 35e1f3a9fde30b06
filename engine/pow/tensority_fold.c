/* Pieces of Tensority shared by every backend: the matrix index sequences
 * (spec section 2 step 1) and the final sum / FNV fold / SHA3 (steps 3-4;
 * go_algorithm/matrix.go hashMatrix). */
#include "sluice/keccak.h"
#include "sluice/tensority.h"
#include <string.h>

#define N SLUICE_TENSORITY_DIM
#define FNV_PRIME 0x01000193u

void sluice_tensority_sequence(const uint8_t header_hash[32], uint8_t seq[4][32]) {
    for (int k = 0; k < 4; k++) sluice_sha3_256(seq[k], header_hash + 8 * k, 8);
}

void sluice_tensority_fold(const uint8_t s[SLUICE_TENSORITY_MATRIX_BYTES], uint8_t result[32]) {
    uint32_t w[N][64];
    for (int r = 0; r < N; r++)
        for (int j = 0; j < 64; j++)
            w[r][j] = (uint32_t)s[r * N + j] | (uint32_t)s[r * N + j + 64] << 8 |
                      (uint32_t)s[r * N + j + 128] << 16 | (uint32_t)s[r * N + j + 192] << 24;
    for (int k = N; k > 1; k /= 2)
        for (int j = 0; j < k / 2; j++)
            for (int i = 0; i < 64; i++) w[j][i] = w[j][i] * FNV_PRIME ^ w[j + k / 2][i];
    uint8_t bytes[256];
    for (int i = 0; i < 64; i++) {
        bytes[4 * i] = (uint8_t)w[0][i];
        bytes[4 * i + 1] = (uint8_t)(w[0][i] >> 8);
        bytes[4 * i + 2] = (uint8_t)(w[0][i] >> 16);
        bytes[4 * i + 3] = (uint8_t)(w[0][i] >> 24);
    }
    sluice_sha3_256(result, bytes, sizeof bytes);
}

void sluice_tensority_finish(const int8_t chains[4][SLUICE_TENSORITY_MATRIX_BYTES], uint8_t result[32]) {
    uint8_t s[SLUICE_TENSORITY_MATRIX_BYTES];
    for (size_t i = 0; i < SLUICE_TENSORITY_MATRIX_BYTES; i++)
        s[i] = (uint8_t)((uint8_t)chains[0][i] + (uint8_t)chains[1][i] + (uint8_t)chains[2][i] +
                         (uint8_t)chains[3][i]);
    sluice_tensority_fold(s, result);
}
