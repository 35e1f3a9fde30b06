/* SHA-512 (engine/hash/sha512.c) against FIPS 180-4 examples and OpenSSL's
 * EVP_sha512 on random lengths, with random splits for the incremental API. */
#include "sluice/sha512.h"
#include "testutil.h"
#include <openssl/evp.h>
#include <string.h>

static void openssl_sha512(uint8_t out[64], const uint8_t *p, size_t n) {
    unsigned len = 0;
    EVP_Digest(p, n, out, &len, EVP_sha512(), NULL);
}

int main(void) {
    uint8_t got[64], want[64];
    /* FIPS 180-4 examples (NIST CSRC example values): "abc" and the 896-bit message. */
    static const uint8_t abc_digest[64] = {
        0xdd, 0xaf, 0x35, 0xa1, 0x93, 0x61, 0x7a, 0xba, 0xcc, 0x41, 0x73, 0x49, 0xae, 0x20, 0x41, 0x31,
        0x12, 0xe6, 0xfa, 0x4e, 0x89, 0xa9, 0x7e, 0xa2, 0x0a, 0x9e, 0xee, 0xe6, 0x4b, 0x55, 0xd3, 0x9a,
        0x21, 0x92, 0x99, 0x2a, 0x27, 0x4f, 0xc1, 0xa8, 0x36, 0xba, 0x3c, 0x23, 0xa3, 0xfe, 0xeb, 0xbd,
        0x45, 0x4d, 0x44, 0x23, 0x64, 0x3c, 0xe8, 0x0e, 0x2a, 0x9a, 0xc9, 0x4f, 0xa5, 0x4c, 0xa4, 0x9f};
    sluice_sha512(got, "abc", 3);
    CHECK_MEM(got, abc_digest, 64);
    static const uint8_t empty_digest_head[8] = {0xcf, 0x83, 0xe1, 0x35, 0x7e, 0xef, 0xb8, 0xbd};
    sluice_sha512(got, "", 0);
    CHECK_MEM(got, empty_digest_head, 8);
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    static const uint8_t m896_head[8] = {0x8e, 0x95, 0x9b, 0x75, 0xda, 0xe3, 0x13, 0xda};
    sluice_sha512(got, m896, strlen(m896));
    CHECK_MEM(got, m896_head, 8);

    tu_rng rng;
    tu_rng_seed(&rng, 512);
    static uint8_t buf[1200];
    tu_rng_bytes(&rng, buf, sizeof buf);
    /* every length 0..300 (all padding boundaries), then random lengths */
    for (size_t n = 0; n < 1400; n++) {
        size_t len = n <= 300 ? n : (size_t)(tu_rng_next(&rng) % sizeof buf);
        openssl_sha512(want, buf, len);
        sluice_sha512(got, buf, len);
        CHECK_MEM(got, want, 64);
        /* incremental with random pieces */
        sluice_sha512_ctx c;
        sluice_sha512_init(&c);
        size_t off = 0;
        while (off < len) {
            size_t piece = (size_t)(tu_rng_next(&rng) % 200);
            if (piece > len - off) piece = len - off;
            sluice_sha512_update(&c, buf + off, piece);
            off += piece;
        }
        sluice_sha512_final(&c, got);
        CHECK_MEM(got, want, 64);
    }
    return tu_finish("test_sha512");
}
