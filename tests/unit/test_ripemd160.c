/* RIPEMD-160 (sluice/ripemd160.h): the published test vectors of the
 * algorithm's authors (Bosselaers' page: "", "a", "abc", "message digest",
 * a..z, the 56-byte and 62-byte strings, 8 x "1234567890", a million "a"),
 * and equality with OpenSSL's RIPEMD-160 (EVP, legacy provider on OpenSSL 3
 * when needed) on random inputs of every length 0..300 and in random
 * update splits. */
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <stdlib.h>
#include <string.h>

#include "sluice/ripemd160.h"
#include "testutil.h"

static int hexval(char c)
{
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

static void unhex(const char *h, uint8_t *out)
{
    for (size_t i = 0; h[2 * i]; i++)
        out[i] = (uint8_t)(hexval(h[2 * i]) << 4 | hexval(h[2 * i + 1]));
}

static void test_vectors(void)
{
    static const struct {
        const char *msg, *hex;
    } v[] = {
        {"", "9c1185a5c5e9fc54612808977ee8f548b2258d31"},
        {"a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe"},
        {"abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"},
        {"message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36"},
        {"abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "12a053384a9c0c88e405a06c27dcf49ada62eb2b"},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
         "b0e20b6e3116640286ed3a87a5713079b21f5189"},
        {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "9b752e45573d4b39f4dbd3323cab82bf63326bfb"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t want[20], got[20];
        unhex(v[i].hex, want);
        sluice_ripemd160(got, v[i].msg, strlen(v[i].msg));
        CHECK_MEM(got, want, 20);
    }
    /* a million "a", fed in uneven pieces */
    static char mil[1000000];
    memset(mil, 'a', sizeof mil);
    sluice_ripemd160_ctx c;
    sluice_ripemd160_init(&c);
    size_t off = 0, step = 1;
    while (off < sizeof mil) {
        size_t n = step < sizeof mil - off ? step : sizeof mil - off;
        sluice_ripemd160_update(&c, mil + off, n);
        off += n;
        step = step * 3 % 1000 + 1;
    }
    uint8_t want[20], got[20];
    unhex("52783243c1697bdbe16d37f97f68f08325dc1528", want);
    sluice_ripemd160_final(&c, got);
    CHECK_MEM(got, want, 20);
}

/* OpenSSL's RIPEMD-160, or 0 when this OpenSSL has none. */
static int openssl_rmd(const uint8_t *d, size_t n, uint8_t out[20])
{
    EVP_MD *md = EVP_MD_fetch(NULL, "RIPEMD160", NULL);
    if (!md)
        return 0;
    unsigned len = 0;
    int ok = EVP_Digest(d, n, out, &len, md, NULL) == 1 && len == 20;
    EVP_MD_free(md);
    return ok;
}

static void test_openssl(void)
{
    uint8_t probe[20];
    OSSL_PROVIDER *legacy = NULL, *deflt = NULL;
    if (!openssl_rmd((const uint8_t *)"", 0, probe)) {
        legacy = OSSL_PROVIDER_load(NULL, "legacy");
        deflt = OSSL_PROVIDER_load(NULL, "default");
    }
    if (!openssl_rmd((const uint8_t *)"", 0, probe)) {
        printf("test_ripemd160: OpenSSL has no RIPEMD-160 here; published vectors only\n");
        return;
    }
    tu_rng rng;
    tu_rng_seed(&rng, 160);
    static uint8_t buf[300];
    for (size_t n = 0; n <= sizeof buf; n++) {
        uint8_t a[20], b[20];
        tu_rng_bytes(&rng, buf, n);
        CHECK(openssl_rmd(buf, n, a));
        sluice_ripemd160(b, buf, n);
        CHECK_MEM(b, a, 20);
        /* the same through random splits */
        sluice_ripemd160_ctx c;
        sluice_ripemd160_init(&c);
        size_t off = 0;
        while (off < n) {
            size_t k = (size_t)(tu_rng_next(&rng) % 80);
            if (k > n - off)
                k = n - off;
            sluice_ripemd160_update(&c, buf + off, k);
            off += k;
        }
        sluice_ripemd160_final(&c, b);
        CHECK_MEM(b, a, 20);
    }
    OSSL_PROVIDER_unload(legacy);
    OSSL_PROVIDER_unload(deflt);
}

int main(void)
{
    test_vectors();
    test_openssl();
    return tu_finish("test_ripemd160");
}
