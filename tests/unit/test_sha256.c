/* SHA-256: FIPS 180-2 examples, OpenSSL EVP_sha256 on random lengths with
 * random split points for the incremental interface, and BIP340 tagged
 * hashes (midstate) against the plain definition. */
#include "sluice/sha256.h"
#include "../../engine/hash/sha256_impl.h"
#include "testutil.h"
#include <openssl/evp.h>
#include <string.h>

static void oracle(uint8_t out[32], const uint8_t *p, size_t n) {
    unsigned len = 0;
    CHECK(EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) == 1 && len == 32);
}

static void test_known(void) {
    /* FIPS 180-2 appendix B.1 and B.2. */
    static const uint8_t abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                                    0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                                    0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    static const uint8_t two[32] = {0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26,
                                    0x93, 0x0c, 0x3e, 0x60, 0x39, 0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff,
                                    0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1};
    uint8_t h[32];
    sluice_sha256(h, "abc", 3);
    CHECK_MEM(h, abc, 32);
    const char *m2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sluice_sha256(h, m2, strlen(m2));
    CHECK_MEM(h, two, 32);
    /* Empty input. */
    uint8_t want[32];
    oracle(want, (const uint8_t *)"", 0);
    sluice_sha256(h, "", 0);
    CHECK_MEM(h, want, 32);
}

static void test_random(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 0x5a256);
    static uint8_t buf[2100];
    for (int it = 0; it < 600; it++) {
        size_t n = (size_t)(tu_rng_next(&rng) % (it < 300 ? 200 : sizeof buf));
        tu_rng_bytes(&rng, buf, n);
        uint8_t want[32], got[32];
        oracle(want, buf, n);
        sluice_sha256(got, buf, n);
        CHECK_MEM(got, want, 32);
        /* Incremental with random pieces (including empty ones). */
        sluice_sha256_ctx c;
        sluice_sha256_init(&c);
        size_t off = 0;
        while (off < n) {
            size_t take = (size_t)(tu_rng_next(&rng) % 80);
            if (take > n - off) take = n - off;
            sluice_sha256_update(&c, buf + off, take);
            off += take;
        }
        sluice_sha256_final(&c, got);
        CHECK_MEM(got, want, 32);
    }
}

static void test_tagged(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 340);
    const char *tags[] = {"BIP0340/challenge", "BIP0340/aux", "", "a much longer tag than one block of sha256 input, to be sure it is hashed first"};
    for (size_t t = 0; t < 4; t++) {
        for (int it = 0; it < 20; it++) {
            uint8_t x[150], th[32], pre[64 + 150], want[32], got[32];
            size_t n = (size_t)(tu_rng_next(&rng) % sizeof x);
            tu_rng_bytes(&rng, x, n);
            oracle(th, (const uint8_t *)tags[t], strlen(tags[t]));
            memcpy(pre, th, 32);
            memcpy(pre + 32, th, 32);
            memcpy(pre + 64, x, n);
            oracle(want, pre, 64 + n);
            sluice_sha256_ctx c;
            sluice_sha256_init_tagged(&c, tags[t], strlen(tags[t]));
            sluice_sha256_ctx fork = c; /* the midstate is plain data */
            sluice_sha256_update(&c, x, n);
            sluice_sha256_final(&c, got);
            CHECK_MEM(got, want, 32);
            sluice_sha256_update(&fork, x, n);
            sluice_sha256_final(&fork, got);
            CHECK_MEM(got, want, 32);
        }
    }
}

/* The SHA-NI compression against the C reference: random states and 1 to 9
 * blocks, all-zero and all-one blocks; skipped (and said) on a CPU without
 * the SHA extensions, where sluice_sha256_compress is the reference. */
static void test_shani(void) {
    if (!sl_sha256_shani_supported()) {
        printf("sha256: no SHA extensions on this CPU, SHA-NI path not run\n");
        return;
    }
    tu_rng rng;
    tu_rng_seed(&rng, 256);
    for (int it = 0; it < 3000; it++) {
        uint8_t blocks[9 * 64];
        uint32_t h1[8], h2[8];
        size_t nb = 1 + (size_t)(tu_rng_next(&rng) % 9);
        tu_rng_bytes(&rng, blocks, nb * 64);
        if (it == 0) memset(blocks, 0, sizeof blocks);
        if (it == 1) memset(blocks, 0xFF, sizeof blocks);
        for (int k = 0; k < 8; k++) h1[k] = h2[k] = (uint32_t)tu_rng_next(&rng);
        sl_sha256_compress_scalar(h1, blocks, nb);
        sl_sha256_compress_shani(h2, blocks, nb);
        CHECK_MEM(h2, h1, sizeof h1);
    }
    printf("sha256: SHA-NI path checked against the reference\n");
}

int main(void) {
    test_shani();
    test_known();
    test_random();
    test_tagged();
    return tu_finish("test_sha256");
}
