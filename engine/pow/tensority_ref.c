/* Tensority scalar reference: spec section 2 written out literally
 * (BytomDAO/bytom go_algorithm/matrix.go mulMatrix, in exact integer math). */
#include "sluice/tensority.h"
#include <stdlib.h>
#include <string.h>

#define N SLUICE_TENSORITY_DIM

/* A <- trunc(A * M^T): C[r][c] = sum_t A[r][t] * M[c][t];
 * A[r][c] = (int8)((C & 0xff) + ((C >> 8) & 0xff)). */
static void mul_truncate(int8_t *a, const int8_t *m, int8_t *tmp) {
    for (int r = 0; r < N; r++) {
        for (int c = 0; c < N; c++) {
            int32_t acc = 0;
            for (int t = 0; t < N; t++) acc += (int32_t)a[r * N + t] * (int32_t)m[c * N + t];
            tmp[r * N + c] = (int8_t)(uint8_t)((acc & 0xff) + ((acc >> 8) & 0xff));
        }
    }
    memcpy(a, tmp, (size_t)N * N);
}

sluice_err sluice_tensority_hash_ref(const int8_t *matrices, const uint8_t header_hash[32],
                               uint8_t result[32]) {
    uint8_t seq[4][32];
    sluice_tensority_sequence(header_hash, seq);
    int8_t(*chains)[SLUICE_TENSORITY_MATRIX_BYTES] = malloc(5 * (size_t)SLUICE_TENSORITY_MATRIX_BYTES);
    if (!chains) return SLUICE_ERR_NOMEM;
    int8_t *tmp = chains[4];
    for (int k = 0; k < 4; k++) {
        int8_t *a = chains[k];
        memset(a, 0, SLUICE_TENSORITY_MATRIX_BYTES);
        for (int i = 0; i < N; i++) a[i * N + i] = 1;   /* A = I */
        for (int pass = 0; pass < 2; pass++)
            for (int s = 0; s < 32; s++)
                mul_truncate(a, matrices + (size_t)seq[k][s] * SLUICE_TENSORITY_MATRIX_BYTES, tmp);
    }
    sluice_tensority_finish((const int8_t(*)[SLUICE_TENSORITY_MATRIX_BYTES])chains, result);
    free(chains);
    return SLUICE_OK;
}
