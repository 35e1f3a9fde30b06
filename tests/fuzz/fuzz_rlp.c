/* libFuzzer target for sluice/eth_rlp.h and sluice/eth_header.h. Properties:
 *  - no input crashes the strict decoder, the prefix decoder, the list splitter,
 *    the typed accessors or the header decoder (ASan/UBSan clean);
 *  - canonical round trip: whatever sluice_rlp_decode accepts, re-encoded item
 *    by item with the writer, gives back exactly the input (the decoder takes
 *    only canonical encodings, and the writer writes only those);
 *  - integers: an item get_u64/get_u256 accept re-encodes to its own bytes;
 *  - headers: an accepted header encodes back to the input, its block hash is
 *    keccak256(input), and a failed decode always says why. */
#include "sluice/eth_header.h"
#include "sluice/eth_rlp.h"
#include "sluice/keccak.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

/* Re-encodes a decoded item; also exercises the typed accessors on strings. */
static void reencode(sluice_rlp_writer *w, const sluice_rlp_item *it, int depth) {
    REQUIRE(depth <= SLUICE_RLP_MAX_DEPTH);
    if (!it->is_list) {
        uint64_t v;
        uint8_t u[32], tmp[16];
        if (sluice_rlp_get_u64(it, &v, NULL, 0) == SLUICE_OK) {
            sluice_rlp_writer iw;
            size_t n = 0;
            sluice_rlp_writer_init(&iw, tmp, sizeof tmp);
            sluice_rlp_put_u64(&iw, v);
            REQUIRE(sluice_rlp_writer_finish(&iw, &n) == SLUICE_OK);
            REQUIRE(n == it->raw_len && memcmp(tmp, it->raw, n) == 0);
        }
        if (sluice_rlp_get_u256(it, u, NULL, 0) == SLUICE_OK) REQUIRE(it->payload_len <= 32);
        sluice_rlp_put_bytes(w, it->payload, it->payload_len);
        return;
    }
    size_t count = 0;
    REQUIRE(sluice_rlp_list_items(it, NULL, 0, &count, NULL, 0) == (count ? SLUICE_ERR_LENGTH : SLUICE_OK));
    sluice_rlp_item *items = malloc((count ? count : 1) * sizeof *items);
    REQUIRE(items);
    size_t got = 0;
    REQUIRE(sluice_rlp_list_items(it, items, count, &got, NULL, 0) == SLUICE_OK && got == count);
    size_t mark = sluice_rlp_list_begin(w);
    for (size_t i = 0; i < count; i++) reencode(w, &items[i], depth + 1);
    sluice_rlp_list_end(w, mark);
    free(items);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* 1. Generic RLP. */
    sluice_rlp_item top;
    char why[256] = "";
    size_t used = 0;
    if (sluice_rlp_decode_prefix(data, size, &top, &used, why, sizeof why) == SLUICE_OK)
        REQUIRE(used >= 1 && used <= size && top.raw == data && top.raw_len == used);
    else
        REQUIRE(why[0] != '\0');
    why[0] = '\0';
    if (sluice_rlp_decode(data, size, &top, why, sizeof why) == SLUICE_OK) {
        REQUIRE(top.raw_len == size);
        uint8_t *back = malloc(size + 1);
        REQUIRE(back);
        sluice_rlp_writer w;
        sluice_rlp_writer_init(&w, back, size + 1);
        reencode(&w, &top, 1);
        size_t n = 0;
        REQUIRE(sluice_rlp_writer_finish(&w, &n) == SLUICE_OK);
        REQUIRE(n == size && memcmp(back, data, size) == 0);
        free(back);
    } else {
        REQUIRE(why[0] != '\0');
    }

    /* 2. Headers. */
    sluice_eth_header h;
    why[0] = '\0';
    sluice_err e = sluice_eth_header_decode(&h, data, size, why, sizeof why);
    if (e == SLUICE_OK) {
        uint8_t enc[SLUICE_ETH_HEADER_RLP_MAX], a[32], b[32];
        size_t n = 0;
        REQUIRE(h.extra_len <= SLUICE_ETH_EXTRA_MAX);
        REQUIRE(sluice_eth_header_encode(&h, enc, sizeof enc, &n) == SLUICE_OK);
        REQUIRE(n == size && memcmp(enc, data, size) == 0);
        sluice_eth_header_hash(&h, a);
        sluice_keccak256(b, data, size);
        REQUIRE(memcmp(a, b, 32) == 0);
        sluice_eth_header_seal_hash(&h, a);
        int epoch = sluice_eth_header_epoch(&h);
        REQUIRE(epoch >= -1 && epoch <= SLUICE_ETHASH_MAX_EPOCH);
    } else {
        REQUIRE(why[0] != '\0');
        REQUIRE(e == SLUICE_ERR_LENGTH || e == SLUICE_ERR_ARG || e == SLUICE_ERR_RANGE);
    }
    return 0;
}
