/* SM3 (GB/T 32905-2016): the examples of the standard's appendix A (vector file
 * sm3.txt), further known answers, random messages vs OpenSSL EVP_sm3, and
 * incremental absorption in random chunks == one-shot. */
#include "sluice/hex.h"
#include "sluice/sm3.h"
#include "testutil.h"
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

static void test_vector_file(void) {
    FILE *f = tu_open_vectors("sm3.txt");
    static char line[8192];
    static uint8_t msg[4096];
    int n = 0;
    while (tu_next_line(f, line, sizeof line)) {
        char *sp = strchr(line, ' ');
        CHECK(sp != NULL);
        if (!sp) continue;
        *sp = '\0';
        size_t len = 0;
        uint8_t want[32], got[32];
        CHECK(sluice_hex_decode(msg, sizeof msg, &len, line) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(want, 32, sp + 1) == SLUICE_OK);
        sluice_sm3(got, msg, len);
        CHECK_MEM(got, want, 32);
        n++;
    }
    fclose(f);
    CHECK(n >= 2); /* the file must not silently be empty */
}

static void kat(const void *msg, size_t len, const char *want_hex) {
    uint8_t want[32], got[32];
    CHECK(sluice_hex_decode_exact(want, 32, want_hex) == SLUICE_OK);
    sluice_sm3(got, msg, len);
    CHECK_MEM(got, want, 32);
}

static void test_known_answers(void) {
    kat("", 0, "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
    kat("abc", 3, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

static void evp_sm3(uint8_t out[32], const void *data, size_t len) {
    unsigned outlen = 0;
    int ok = EVP_Digest(data, len, out, &outlen, EVP_sm3(), NULL);
    CHECK(ok == 1 && outlen == 32);
}

static void test_vs_openssl(void) {
    /* Padding boundaries of 5.2 (55/56 bytes: length fits / spills a block). */
    static const size_t boundaries[] = {0, 1, 3, 54, 55, 56, 57, 63, 64, 65,
                                        119, 120, 127, 128, 129, 1000, 4096};
    enum { NRAND = 800, MAXLEN = 4096 };
    tu_rng r;
    tu_rng_seed(&r, 0x534d33ULL);
    static uint8_t buf[MAXLEN + 8];
    const size_t nb = sizeof boundaries / sizeof boundaries[0];
    for (size_t t = 0; t < nb + NRAND; t++) {
        size_t len = t < nb ? boundaries[t]
                            : (size_t)(tu_rng_next(&r) % (t % 4 ? 300 : MAXLEN + 1));
        uint8_t *m = buf + (t & 7); /* every alignment */
        tu_rng_bytes(&r, m, len);
        uint8_t want[32], got[32], inc[32];
        evp_sm3(want, m, len);
        sluice_sm3(got, m, len);
        CHECK_MEM(got, want, 32);

        sluice_sm3_ctx c;
        sluice_sm3_init(&c);
        size_t off = 0;
        while (off < len) {
            size_t k = (size_t)(tu_rng_next(&r) % 150);
            if (tu_rng_next(&r) % 4 == 0) k %= 5; /* small and empty updates */
            if (k > len - off) k = len - off;
            sluice_sm3_update(&c, m + off, k);
            off += k;
        }
        sluice_sm3_update(&c, NULL, 0);
        sluice_sm3_final(&c, inc);
        CHECK_MEM(inc, want, 32);
    }
}

/* A copied context continues independently (used to fork SM2's Z_A prefix). */
static void test_context_copy(void) {
    sluice_sm3_ctx a, b;
    uint8_t da[32], db[32], want[32];
    sluice_sm3_init(&a);
    sluice_sm3_update(&a, "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz", 62);
    b = a;
    sluice_sm3_update(&a, "xy", 2);
    sluice_sm3_update(&b, "z", 1);
    sluice_sm3_final(&a, da);
    sluice_sm3_final(&b, db);
    sluice_sm3(want, "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyzxy", 64);
    CHECK_MEM(da, want, 32);
    sluice_sm3(want, "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyzz", 63);
    CHECK_MEM(db, want, 32);
}

int main(void) {
    test_vector_file();
    test_known_answers();
    test_vs_openssl();
    test_context_copy();
    return tu_finish("test_sm3");
}
