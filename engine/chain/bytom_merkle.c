/* Bytom v1 Merkle roots (bytom-chain.md section 3; BytomDAO/bytom v1.1.1
 * protocol/bc/types/merkle.go): leaf = SHA3(0x00 || item), node =
 * SHA3(0x01 || left || right), split at the largest power of two below n,
 * empty tree = SHA3(""). Status items are the JSON of bc.TxVerifyResult.
 *
 * Computed bottom-up: pairing neighbours level by level and carrying an odd
 * last node up unchanged builds exactly the tree that splits at the largest
 * power of two below n (the left part is always a perfect subtree). Leaves
 * and nodes are hashed four at a time (sluice_sha3_256_x4). */
#include "sluice/bytom_tx.h"
#include "sluice/keccak.h"

#include <stdlib.h>
#include <string.h>

/* Hashes n messages of len bytes each, four at a time. */
static void hash_many(uint8_t (*out)[32], const uint8_t *msgs, size_t len, size_t n) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const uint8_t *in[4] = {msgs + i * len, msgs + (i + 1) * len, msgs + (i + 2) * len, msgs + (i + 3) * len};
        sluice_sha3_256_x4(out + i, in, len);
    }
    for (; i < n; i++) sluice_sha3_256(out[i], msgs + i * len, len);
}

/* Reduces n >= 1 level-0 digests in place to the root. scratch holds
 * (n / 2) * 65 bytes. */
static void reduce(uint8_t (*d)[32], size_t n, uint8_t *scratch, uint8_t root[32]) {
    while (n > 1) {
        size_t pairs = n / 2;
        for (size_t i = 0; i < pairs; i++) {
            uint8_t *m = scratch + i * 65;
            m[0] = 0x01;
            memcpy(m + 1, d[2 * i], 32);
            memcpy(m + 33, d[2 * i + 1], 32);
        }
        hash_many(d, scratch, 65, pairs);
        if (n & 1) memmove(d[pairs], d[n - 1], 32);
        n = pairs + (n & 1);
    }
    memcpy(root, d[0], 32);
}

/* Trees below this many leaves are folded one hash at a time. */
#define FOLD_BELOW 8

/* Leaf digest of item i (the fold path). */
typedef void (*leaf_fn)(const void *items, size_t i, uint8_t out[32]);

static void node(uint8_t out[32], const uint8_t l[32], const uint8_t r[32]) {
    uint8_t m[65];
    m[0] = 0x01;
    memcpy(m + 1, l, 32);
    memcpy(m + 33, r, 32);
    sluice_sha3_256(out, m, 65);
}

/* Small trees, or no memory for the level arrays: the same tree folded leaf by leaf
 * with a stack of perfect subtrees (sizes are distinct powers of two, so
 * merging them right to left at the end gives the split-at-power-of-two
 * tree). */
static void fold(const void *items, size_t n, leaf_fn leaf, uint8_t root[32]) {
    uint8_t stack[65][32];
    uint64_t sizes[65];
    size_t depth = 0;
    for (size_t i = 0; i < n; i++) {
        leaf(items, i, stack[depth]);
        sizes[depth++] = 1;
        while (depth >= 2 && sizes[depth - 1] == sizes[depth - 2]) {
            node(stack[depth - 2], stack[depth - 2], stack[depth - 1]);
            sizes[depth - 2] *= 2;
            depth--;
        }
    }
    while (depth >= 2) {
        node(stack[depth - 2], stack[depth - 2], stack[depth - 1]);
        depth--;
    }
    memcpy(root, stack[0], 32);
}

static void tx_leaf(const void *items, size_t i, uint8_t out[32]) {
    uint8_t m[33];
    m[0] = 0x00;
    memcpy(m + 1, ((const sluice_bytom_tx *)items)[i].id, 32);
    sluice_sha3_256(out, m, 33);
}

/* json.Marshal(&bc.TxVerifyResult{StatusFail}): the field is omitempty. */
static const char STATUS_OK[] = "\x00{}";
static const char STATUS_FAIL[] = "\x00{\"status_fail\":true}";

static void status_leaf(const void *items, size_t i, uint8_t out[32]) {
    if (((const uint8_t *)items)[i])
        sluice_sha3_256(out, STATUS_FAIL, sizeof STATUS_FAIL - 1);
    else
        sluice_sha3_256(out, STATUS_OK, sizeof STATUS_OK - 1);
}

void sluice_bytom_tx_merkle_root(const sluice_bytom_tx *txs, size_t n, uint8_t root[32]) {
    if (n == 0) {
        sluice_sha3_256(root, "", 0);
        return;
    }
    /* small trees (and no memory): the stack fold; else level by level, x4 */
    uint8_t (*d)[32] = n < FOLD_BELOW ? NULL : malloc(n * 32);
    uint8_t *scratch = d ? malloc(n * 65) : NULL;
    if (d && scratch) {
        for (size_t i = 0; i < n; i++) {
            scratch[i * 33] = 0x00;
            memcpy(scratch + i * 33 + 1, txs[i].id, 32);
        }
        hash_many(d, scratch, 33, n);
        reduce(d, n, scratch, root);
    } else {
        fold(txs, n, tx_leaf, root);
    }
    free(d);
    free(scratch);
}

void sluice_bytom_status_merkle_root(const uint8_t *status_fail, size_t n, uint8_t root[32]) {
    if (n == 0) {
        sluice_sha3_256(root, "", 0);
        return;
    }
    uint8_t (*d)[32] = n < FOLD_BELOW ? NULL : malloc(n * 32);
    uint8_t *scratch = d ? malloc((n / 2 + 1) * 65) : NULL;
    if (d && scratch) {
        uint8_t leaf_ok[32], leaf_fail[32];
        status_leaf((const uint8_t[]){0}, 0, leaf_ok);
        status_leaf((const uint8_t[]){1}, 0, leaf_fail);
        for (size_t i = 0; i < n; i++) memcpy(d[i], status_fail[i] ? leaf_fail : leaf_ok, 32);
        reduce(d, n, scratch, root);
    } else {
        fold(status_fail, n, status_leaf, root);
    }
    free(d);
    free(scratch);
}
