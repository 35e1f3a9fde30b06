/* libFuzzer target for sluice/keccak.h (FIPS 202). Input layout:
 *   byte 0..1  split point s (mod len+1) for a two-part incremental update,
 *   byte 2     seed for further chunking,
 *   rest       the message.
 * Checks: SHA3-256 / SHA3-512 one-shot == OpenSSL EVP; incremental (split at s,
 * and in fuzzer-driven chunks) == one-shot for all four hashes; every available
 * 4-way batch implementation == scalar. */
#include "sluice/keccak.h"
#include <openssl/evp.h>
#include <stdint.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

static void evp(const char *name, uint8_t *out, const uint8_t *m, size_t n) {
    static EVP_MD *md256, *md512;
    if (!md256) md256 = EVP_MD_fetch(NULL, "SHA3-256", NULL);
    if (!md512) md512 = EVP_MD_fetch(NULL, "SHA3-512", NULL);
    EVP_MD *md = name[5] == '2' ? md256 : md512;
    unsigned len = 0;
    REQUIRE(md && EVP_Digest(m, n, out, &len, md, NULL) == 1);
}

typedef void (*init_fn)(sluice_keccak_ctx *);
typedef void (*oneshot_fn)(uint8_t *, const void *, size_t);

static void h256(uint8_t *o, const void *d, size_t n) { sluice_sha3_256(o, d, n); }
static void h512(uint8_t *o, const void *d, size_t n) { sluice_sha3_512(o, d, n); }
static void k256(uint8_t *o, const void *d, size_t n) { sluice_keccak256(o, d, n); }
static void k512(uint8_t *o, const void *d, size_t n) { sluice_keccak512(o, d, n); }

static void check_incremental(init_fn init, oneshot_fn one, unsigned outlen,
                              const uint8_t *m, size_t n, size_t split, uint8_t seed) {
    uint8_t want[64], got[64];
    one(want, m, n);
    sluice_keccak_ctx c;
    init(&c);
    sluice_keccak_update(&c, m, split);
    sluice_keccak_update(&c, m + split, n - split);
    sluice_keccak_final(&c, got);
    REQUIRE(memcmp(got, want, outlen) == 0);

    /* Chunks whose sizes come from the message itself, driven by seed. */
    init(&c);
    size_t off = 0;
    uint32_t x = seed * 2654435761u + 1;
    while (off < n) {
        x = x * 1103515245u + 12345u;
        size_t k = (x >> 16) % 200;
        if (k > n - off) k = n - off;
        sluice_keccak_update(&c, m + off, k);
        off += k;
    }
    sluice_keccak_final(&c, got);
    REQUIRE(memcmp(got, want, outlen) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 3) return 0;
    const uint8_t *m = data + 3;
    size_t n = size - 3;
    size_t split = ((size_t)data[0] | (size_t)data[1] << 8) % (n + 1);
    uint8_t seed = data[2];

    uint8_t a[64], b[64];
    sluice_sha3_256(a, m, n);
    evp("SHA3-256", b, m, n);
    REQUIRE(memcmp(a, b, 32) == 0);
    sluice_sha3_512(a, m, n);
    evp("SHA3-512", b, m, n);
    REQUIRE(memcmp(a, b, 64) == 0);

    check_incremental(sluice_sha3_256_init, h256, 32, m, n, split, seed);
    check_incremental(sluice_sha3_512_init, h512, 64, m, n, split, seed);
    check_incremental(sluice_keccak256_init, k256, 32, m, n, split, seed);
    check_incremental(sluice_keccak512_init, k512, 64, m, n, split, seed);

    /* Four-way batch: four different messages (suffixes of the input, padded to
     * equal length by taking the same count n - 3) through every implementation
     * this CPU has, against the scalar one-shot. */
    if (n >= 3) {
        size_t len = n - 3;
        const uint8_t *in[4] = {m, m + 1, m + 2, m + 3};
        static const sluice_keccak_impl impls[] = {SLUICE_KECCAK_SCALAR, SLUICE_KECCAK_AVX2,
                                                   SLUICE_KECCAK_AVX512};
        unsigned outlen = (seed & 1) ? 64 : 32;
        uint8_t pad = (seed & 2) ? 0x01 : 0x06;
        uint8_t want[4][64], got[4][64];
        for (int k = 0; k < 4; k++) {
            if (outlen == 32) (pad == 0x06 ? h256 : k256)(want[k], in[k], len);
            else (pad == 0x06 ? h512 : k512)(want[k], in[k], len);
        }
        for (size_t i = 0; i < sizeof impls / sizeof impls[0]; i++) {
            if (!sluice_keccak_x4_available(impls[i])) continue;
            uint8_t *const o[4] = {got[0], got[1], got[2], got[3]};
            REQUIRE(sluice_keccak_x4(impls[i], outlen, pad, o, in, len) == SLUICE_OK);
            for (int k = 0; k < 4; k++) REQUIRE(memcmp(got[k], want[k], outlen) == 0);
        }
    }
    return 0;
}
