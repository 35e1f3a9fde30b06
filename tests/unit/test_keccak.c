/* Keccak-f[1600], SHA3-256/512 and legacy Keccak-256/512 (FIPS 202):
 *  - known answers from FIPS 202 / NIST CAVP examples and the Keccak team's
 *    permutation test (zero state);
 *  - SHA3 on random messages of random lengths vs OpenSSL EVP_sha3_256/512;
 *  - legacy Keccak-256/512 vs a known-answer list made with an independent
 *    implementation of FIPS 202 3.2 (checked against Python's hashlib SHA3);
 *  - incremental absorption in random chunks == one-shot;
 *  - every available 4-way batch implementation (scalar, AVX2, AVX-512) == four
 *    scalar calls, on random states and messages. */
#include "sluice/hex.h"
#include "sluice/keccak.h"
#include "testutil.h"
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

static void unhex(uint8_t *out, size_t len, const char *hex) {
    sluice_err e = sluice_hex_decode_exact(out, len, hex);
    if (e != SLUICE_OK) { fprintf(stderr, "bad test hex: %s\n", hex); exit(2); }
}

typedef void (*hash_fn)(uint8_t *out, const void *data, size_t len);

static void check_kat(hash_fn fn, size_t outlen, const void *msg, size_t len, const char *want_hex) {
    uint8_t want[64], got[64];
    unhex(want, outlen, want_hex);
    memset(got, 0xee, sizeof got);
    fn(got, msg, len);
    CHECK_MEM(got, want, outlen);
}

static void h_sha3_256(uint8_t *o, const void *d, size_t n) { sluice_sha3_256(o, d, n); }
static void h_sha3_512(uint8_t *o, const void *d, size_t n) { sluice_sha3_512(o, d, n); }
static void h_keccak256(uint8_t *o, const void *d, size_t n) { sluice_keccak256(o, d, n); }
static void h_keccak512(uint8_t *o, const void *d, size_t n) { sluice_keccak512(o, d, n); }

/* FIPS 202 examples and well-known digests. */
static void test_known_answers(void) {
    uint8_t a3[200], zero32[32] = {0};
    memset(a3, 0xa3, sizeof a3); /* the 1600-bit message of the NIST examples */
    const char *fox = "The quick brown fox jumps over the lazy dog";

    check_kat(h_sha3_256, 32, "", 0,
              "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    check_kat(h_sha3_256, 32, "abc", 3,
              "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    check_kat(h_sha3_256, 32, a3, sizeof a3,
              "79f38adec5c20307a98ef76e8324afbfd46cfd81b22e3973c65fa1bd9de31787");
    check_kat(h_sha3_256, 32, zero32, sizeof zero32,
              "9e6291970cb44dd94008c79bcaf9d86f18b4b49ba5b2a04781db7199ed3b9e4e");
    check_kat(h_sha3_512, 64, "", 0,
              "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6"
              "15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26");
    check_kat(h_sha3_512, 64, "abc", 3,
              "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
              "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0");
    check_kat(h_sha3_512, 64, a3, sizeof a3,
              "e76dfad22084a8b1467fcf2ffa58361bec7628edf5f3fdc0e4805dc48caeeca8"
              "1b7c13c30adf52a3659584739a2df46be589c51ca1a4a8416df6545a1ce8ba00");
    check_kat(h_keccak256, 32, "", 0,
              "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    check_kat(h_keccak256, 32, "abc", 3,
              "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    check_kat(h_keccak256, 32, fox, strlen(fox),
              "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
    check_kat(h_keccak512, 64, "", 0,
              "0eab42de4c3ceb9235fc91acffe746b29c29a8c366b7c60e4e67c466f36a4304"
              "c00fa9caf9d87976ba469bcbe06713b435f091ef2769fb160cdab33d3670680e");
    check_kat(h_keccak512, 64, "abc", 3,
              "18587dc2ea106b9a1563e32b3312421ca164c7f1f07bc922a9c83d77cea3a1e5"
              "d0c69910739025372dc14ac9642629379540c17e2a65b19d77aa511a9d00bb96");
}

/* Keccak-f[1600] applied once to the all-zero state (the Keccak team's
 * KeccakF-1600 intermediate values; lanes A[x + 5y] as in FIPS 202 3.1.2). */
static void test_permutation(void) {
    static const uint64_t want[25] = {
        0xf1258f7940e1dde7ULL, 0x84d5ccf933c0478aULL, 0xd598261ea65aa9eeULL, 0xbd1547306f80494dULL,
        0x8b284e056253d057ULL, 0xff97a42d7f8e6fd4ULL, 0x90fee5a0a44647c4ULL, 0x8c5bda0cd6192e76ULL,
        0xad30a6f71b19059cULL, 0x30935ab7d08ffc64ULL, 0xeb5aa93f2317d635ULL, 0xa9a6e6260d712103ULL,
        0x81a57c16dbcf555fULL, 0x43b831cd0347c826ULL, 0x01f22f1a11a5569fULL, 0x05e5635a21d9ae61ULL,
        0x64befef28cc970f2ULL, 0x613670957bc46611ULL, 0xb87c5a554fd00ecbULL, 0x8c3ee88a1ccf32c8ULL,
        0x940c7922ae3a2614ULL, 0x1841f924a2c509e4ULL, 0x16f53526e70465c2ULL, 0x75f644e97f30a13bULL,
        0xeaf1ff7b5ceca249ULL};
    uint64_t st[25] = {0};
    sluice_keccak_f1600(st);
    CHECK_MEM(st, want, sizeof want);
}

/* Legacy Keccak (pad 0x01) on msg(n)[i] = (i*131 + n*7 + 1) mod 256, digests
 * from an independent Python implementation of FIPS 202 3.2 (see file header). */
static void pattern_msg(uint8_t *m, size_t n) {
    for (size_t i = 0; i < n; i++) m[i] = (uint8_t)(i * 131 + n * 7 + 1);
}

static const struct { size_t len; const char *hex; } k256_list[] = {
    {0, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
    {1, "d33e25809fcaa2b6900567812852539da8559dc8b76a7ce3fc5ddd77e8d19a69"},
    {3, "780ed5c084f04bbcf9aecf870c0d2e48f86e7e590f2831c92d0114b4529e31e7"},
    {31, "1c6de32437349c4ff70e91f7eb7f665298511475bd64503a290fc5c332136df0"},
    {32, "cb8ba5c5f6f66998b445fd4d6f5b3abdcd01bf5f2f885c106220b937640b57a6"},
    {33, "25729215692f7b7a28a438a9c286068b21ef3a41700125b7f63b12c28d31efcb"},
    {71, "66b6d2aa2fd2221e0d72ec7673702f83b806f5f08627d1f4eceb631558de9237"},
    {72, "43b55cc7edb6ab7145ecf74852737419946e41eb7718eae213e5f1875c4541e3"},
    {73, "4e881438c14050aa2661d428c3784b81e61677acbad26d3c5f7b90f325a6ea37"},
    {135, "caaee44a5a93a8949738d1d0fa2d8225ead5186f9eaef774fbce71db7eba2b31"},
    {136, "f8b0bd8b23cde30c8bbd089a2dba7de5346b6738f075c325491a58908cabab8b"},
    {137, "da55df3e4af234c713b5c1cab6b7c9fe3cfb3737198e43adb5e449f95bdf1905"},
    {143, "d08e2b0eca4b994b8d9564a3c938ea01d4d3106b236248e033eb1aed18594f66"},
    {144, "0b5f9d540216b2c0b867cdc38663f03cac63c390a07ad94102b75c1370334633"},
    {145, "dc5583564df4cc37bb7bf84ba5a4071c9cbbb3d954494c52f0b3db7b1eca766a"},
    {271, "63ca9fbc4cc2cc0a4966e03945484cc44a4baad14147de6ebfa75f32071ecdfd"},
    {272, "299fc67a394f979192e622c2905f847a91e9c6352e6b0e9b556dc7794d7fbe11"},
    {273, "87cecbc4d386e87fd6675d80e7be5ae63ab079e4b56fa28e7f64531a26f9e8ca"},
    {408, "50d8d169d9397dd2a0881d50a67b99af135f07ed4159001a02323438a58505e3"},
    {500, "3298f8151e935031636d11099b3454da41179ad980cb3ca332d0bf2815b9177f"},
    {1000, "a57fabb82cbf63b1d99c537f7d57eced0bc65711d86bf908c439518c88ab8d95"},
    {2000, "f1e43e861b17c5b828feb4e2ca2dd5ae84ab3cff850cca4ce70a4ebcb3d849b9"},
};

static const struct { size_t len; const char *hex; } k512_list[] = {
    {0, "0eab42de4c3ceb9235fc91acffe746b29c29a8c366b7c60e4e67c466f36a4304c00fa9caf9d87976ba469bcbe06713b435f091ef2769fb160cdab33d3670680e"},
    {1, "dbde7c37248abe1e1578d7eff5d822ac15e1de0ca53d24a579d573b71efbadaa2e3b45688f512714326121f53a83bd59bbb98ad85cc1099cba904212a1c4f285"},
    {3, "8fd692a4033ce391d61cd9ef028610b4b24dbf9687a21d7ba61fb7fc5d523325bcd3e48ee0317f8bb6889db578e7b496920daa730a6f74bfe7feca6cc7b51049"},
    {31, "42a985c8ad6d568664ae2cd58b737cada18cf48d9a92025bec2fb36547a5ed1e08901bb2a3fea5e720c877dbcb296156915144226db7e4d21cd1591d4b7e45a7"},
    {32, "58fb501bebf294f4227ba502758a2544699e2f639e48311cf13fa78c5325435b7ba6b9e64a53ed9bc0ce6a966623811711454558c170f0081631402ef6b44306"},
    {33, "2be0b1397e31dc1a3c2594c9540448236958e6f2c0b355dbb2881e8074683de2da4be1a15cbee6935245384dbd17585f223353af5b5a8523f20e4e5b0baff29c"},
    {71, "31842a3f32452bc82112983b7e35500e4206ca40813e78b0b74a61dc66cfcedb3ff2a184607a89a7a7c0a7ddd76dca095d65ac22f942aa18587879a873f8652f"},
    {72, "84d3cf31b4694578176c4f361d6a2162741b6f1b5db76d6eec18e4401f12c19c06cf2d40a947db3ab833b534cc7749e8356615e017c31e5f91e9fb47df7aff36"},
    {73, "3b8b40c3f3802315cefa1b854201e64abcf77f927c6607d3a4abbce46a044ea214d7a9b82df043b8c57033d7eeb5ded7e237e2e37eb86ada88ff77b9972f416d"},
    {135, "1cce23d7af8f77358c35df7e4c32e0dee123da6a4c272e7ed369df852b54c54d32510c45c9d6fd40a5f16f71c009d755ae1db91ab0523c1a9e046442aab612d5"},
    {136, "1ad65202f7008fabaf41e39169e507b9ae18077966553d7fd6f8e393d5ce8357edd69e5ddb77c5f2a81c18a021528f604e401048f9134878e7a5a6d0306e697e"},
    {137, "f49b34e6a2e809846fce390a3e313732c50e464210fc556e3bba679a7417d32a60c7141446c9a32381bcca79ffa28688c44d65ee55fe53458339752e16591e91"},
    {143, "3653e96883e2cff7b419668238ecbd058829cc0984b4919a68d590d378de9b4eab33e16d62c57164723967b15a9f7f0bce365072dfc6802f5fd2c464045bf3a8"},
    {144, "35aa0e473ab21f4b0a550858f798c388df4f612778381f1fca1551c49b17f65e42fc35723e8f45c06ec1ef5c144997d1b5a9d7a4ad53791c14bc69d81dbe3577"},
    {145, "3cfcd5d227b23b5fcba231941e59c3f02473cb66122b68ab8412f402815c475f607e505088ed98271b6cd6d296eeb8b3a0c160dfdc8ce31d9d7eec30ecc196e1"},
    {271, "b445ea3793ebcd16dfe5d426d21f54ae2c295a199b92f1d90a2bbc07ffef6bb2f25f871900cf07ce6961b8359d4d6a79c023a9b04dfef7250e596f018285c169"},
    {272, "9f54a4d7a6274031481906926af64e2091ce97ef27f398e78a3152fdd8c22cebd6970ce904cc5db82b799d946d0696cde6bdeb387e773e16421ced47e1a3fb7a"},
    {273, "8d9c28bec793fea46abec14b623e5634ed979ecde23502075f5535012b82e77c41a7763a1264469e9366a77b438e6d1e1a4a6557f9aa22e2d3b54410e6cba76c"},
    {408, "92c95086cab47986581da703fcd41ddb7a41f1a00a46076f2c13ada6cd03c5b15187a5e72fab2e0d4537a629d4a921d566c94e0383a44822d7864e5656ee9bb1"},
    {500, "f3257c915844027d81a4f95ff543c8ad56a763001a148e9184c9b380d18a6e0f922e374bfdb669a36589aace0eda39ca5a370523782c5091c51748b59cfcec10"},
    {1000, "c1277dd86f94fb7b50f5678ab285df7d636feb1e13f6d3c5ea2238b292daa0472944ce7488e619689c5d73747271a84375bb714738b3121f02919c1ce9cbeb7d"},
    {2000, "6d779a70b3c18dfc79829722776986133ad0a4be7f0eaebf6e0eeaa55626cc401ece15cc64ddd10401d0ef95aff5a0e942c9fc57bae8258461374188a668e84d"},
};

static void test_legacy_list(void) {
    static uint8_t m[2000];
    for (size_t i = 0; i < sizeof k256_list / sizeof k256_list[0]; i++) {
        pattern_msg(m, k256_list[i].len);
        check_kat(h_keccak256, 32, m, k256_list[i].len, k256_list[i].hex);
    }
    for (size_t i = 0; i < sizeof k512_list / sizeof k512_list[0]; i++) {
        pattern_msg(m, k512_list[i].len);
        check_kat(h_keccak512, 64, m, k512_list[i].len, k512_list[i].hex);
    }
}

static void evp_hash(const EVP_MD *md, uint8_t *out, const void *data, size_t len) {
    unsigned outlen = 0;
    int ok = EVP_Digest(data, len, out, &outlen, md, NULL);
    CHECK(ok == 1 && outlen == (unsigned)EVP_MD_get_size(md));
}

/* Absorbs msg in random chunks (0 allowed) through the incremental API. */
static void chunked(tu_rng *r, void (*init)(sluice_keccak_ctx *), uint8_t *out,
                    const uint8_t *msg, size_t len) {
    sluice_keccak_ctx c;
    init(&c);
    size_t off = 0;
    while (off < len) {
        size_t k = (size_t)(tu_rng_next(r) % 300);
        if (tu_rng_next(r) % 4 == 0) k %= 9; /* many small and empty updates */
        if (k > len - off) k = len - off;
        sluice_keccak_update(&c, msg + off, k);
        off += k;
    }
    sluice_keccak_update(&c, msg + off, 0);
    sluice_keccak_final(&c, out);
}

static void test_vs_openssl(void) {
    static const size_t boundaries[] = {0, 1, 7, 8, 9, 71, 72, 73, 135, 136, 137,
                                        143, 144, 271, 272, 273, 407, 408, 409, 2000};
    enum { NRAND = 600, MAXLEN = 2000 };
    tu_rng r;
    tu_rng_seed(&r, 0x5348413321ULL);
    static uint8_t msg[MAXLEN + 8];
    const size_t nb = sizeof boundaries / sizeof boundaries[0];
    for (size_t t = 0; t < nb + NRAND; t++) {
        size_t len = t < nb ? boundaries[t] : (size_t)(tu_rng_next(&r) % (MAXLEN + 1));
        /* Unaligned start (off 0..7) so word loads see every alignment. */
        uint8_t *m = msg + (t & 7);
        tu_rng_bytes(&r, m, len);
        uint8_t want[64], got[64], inc[64];

        evp_hash(EVP_sha3_256(), want, m, len);
        sluice_sha3_256(got, m, len);
        CHECK_MEM(got, want, 32);
        chunked(&r, sluice_sha3_256_init, inc, m, len);
        CHECK_MEM(inc, want, 32);

        evp_hash(EVP_sha3_512(), want, m, len);
        sluice_sha3_512(got, m, len);
        CHECK_MEM(got, want, 64);
        chunked(&r, sluice_sha3_512_init, inc, m, len);
        CHECK_MEM(inc, want, 64);

        /* Legacy Keccak has no OpenSSL 3.0 equivalent: incremental == one-shot here,
         * and the absolute values are pinned by test_legacy_list. */
        sluice_keccak256(got, m, len);
        chunked(&r, sluice_keccak256_init, inc, m, len);
        CHECK_MEM(inc, got, 32);
        sluice_keccak512(got, m, len);
        chunked(&r, sluice_keccak512_init, inc, m, len);
        CHECK_MEM(inc, got, 64);
    }
}

/* SHA3-256 and Keccak-256 differ only in the padding byte: the digests of the
 * same message must differ (guards against a pad byte being ignored). */
static void test_domain_separation(void) {
    uint8_t a[32], b[32];
    sluice_sha3_256(a, "abc", 3);
    sluice_keccak256(b, "abc", 3);
    CHECK(memcmp(a, b, 32) != 0);
}

/* Every four-way implementation available here == the scalar reference, on
 * random states and on random messages of random (and boundary) lengths. */
static void test_x4(void) {
    static const sluice_keccak_impl impls[] = {SLUICE_KECCAK_SCALAR, SLUICE_KECCAK_AVX2,
                                               SLUICE_KECCAK_AVX512, SLUICE_KECCAK_AUTO};
    static const struct { unsigned outlen; uint8_t pad; } kinds[] = {
        {32, 0x06}, {64, 0x06}, {32, 0x01}, {64, 0x01}};
    tu_rng r;
    tu_rng_seed(&r, 0x78344b4543ULL);
    printf("test_keccak: x4 best = %s; tested:", sluice_keccak_impl_name(sluice_keccak_x4_best()));
    for (size_t ii = 0; ii < sizeof impls / sizeof impls[0]; ii++) {
        sluice_keccak_impl impl = impls[ii];
        if (!sluice_keccak_x4_available(impl)) {
            uint64_t st[25][4] = {{0}};
            CHECK(sluice_keccak_f1600_x4(impl, st) == SLUICE_ERR_UNSUPPORTED);
            continue;
        }
        printf(" %s", sluice_keccak_impl_name(impl));
        for (int t = 0; t < 50; t++) {
            uint64_t st[25][4], want[25][4];
            tu_rng_bytes(&r, st, sizeof st);
            for (int k = 0; k < 4; k++) {
                uint64_t one[25];
                for (int i = 0; i < 25; i++) one[i] = st[i][k];
                sluice_keccak_f1600(one);
                for (int i = 0; i < 25; i++) want[i][k] = one[i];
            }
            CHECK(sluice_keccak_f1600_x4(impl, st) == SLUICE_OK);
            CHECK_MEM(st, want, sizeof want);
        }
        static uint8_t buf[4][700];
        for (int t = 0; t < 240; t++) {
            size_t len = t < 20 ? (size_t)(t < 10 ? 130 + t : 66 + t) /* rate boundaries */
                                : (size_t)(tu_rng_next(&r) % 690);
            const uint8_t *in[4];
            for (int k = 0; k < 4; k++) {
                in[k] = buf[k] + (size_t)((t + k) & 7); /* every alignment */
                tu_rng_bytes(&r, (uint8_t *)in[k], len);
            }
            unsigned outlen = kinds[t % 4].outlen;
            uint8_t pad = kinds[t % 4].pad;
            uint8_t got[4][64], want[4][64];
            uint8_t *const o[4] = {got[0], got[1], got[2], got[3]};
            memset(got, 0xee, sizeof got);
            CHECK(sluice_keccak_x4(impl, outlen, pad, o, in, len) == SLUICE_OK);
            for (int k = 0; k < 4; k++) {
                if (outlen == 32) (pad == 0x06 ? sluice_sha3_256 : sluice_keccak256)(want[k], in[k], len);
                else (pad == 0x06 ? sluice_sha3_512 : sluice_keccak512)(want[k], in[k], len);
                CHECK_MEM(got[k], want[k], outlen);
            }
        }
    }
    printf("\n");

    /* Shorthands and argument errors. */
    uint8_t m[4][3] = {"abc", "abc", "abc", "abc"}, d4[4][32], d1[32];
    const uint8_t *in[4] = {m[0], m[1], m[2], m[3]};
    uint8_t *const o[4] = {d4[0], d4[1], d4[2], d4[3]};
    sluice_sha3_256_x4(d4, in, 3);
    sluice_sha3_256(d1, "abc", 3);
    for (int k = 0; k < 4; k++) CHECK_MEM(d4[k], d1, 32);
    sluice_keccak256_x4(d4, in, 3);
    sluice_keccak256(d1, "abc", 3);
    for (int k = 0; k < 4; k++) CHECK_MEM(d4[k], d1, 32);
    CHECK(sluice_keccak_x4(SLUICE_KECCAK_AUTO, 48, 0x06, o, in, 3) == SLUICE_ERR_ARG);
    CHECK(sluice_keccak_x4(SLUICE_KECCAK_AUTO, 32, 0x1f, o, in, 3) == SLUICE_ERR_ARG);
    CHECK(sluice_keccak_x4((sluice_keccak_impl)99, 32, 0x06, o, in, 3) == SLUICE_ERR_ARG);
}

int main(void) {
    test_known_answers();
    test_permutation();
    test_legacy_list();
    test_vs_openssl();
    test_domain_separation();
    test_x4();
    return tu_finish("test_keccak");
}
