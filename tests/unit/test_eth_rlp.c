/* RLP: the examples of the Ethereum wiki's RLP page / yellow paper appendix B,
 * every strictness rule (each with its exact error code), the writer's
 * overflow accounting, and a property on random mutations: whatever the
 * strict decoder accepts re-encodes to exactly the input. */
#include "sluice/eth_rlp.h"
#include "sluice/hex.h"
#include "testutil.h"
#include <stdlib.h>
#include <string.h>

static size_t unhex(uint8_t *out, size_t cap, const char *hex) {
    size_t n = 0;
    if (sluice_hex_decode(out, cap, &n, hex) != SLUICE_OK) {
        fprintf(stderr, "bad test hex %s\n", hex);
        tu_failures++;
    }
    return n;
}

/* Decodes hex strictly; returns the error code and leaves the reason in why. */
static sluice_err decode_hex(const char *hex, sluice_rlp_item *it, char *why, size_t why_cap) {
    static uint8_t buf[4096];
    size_t n = unhex(buf, sizeof buf, hex);
    why[0] = '\0';
    return sluice_rlp_decode(buf, n, it, why, why_cap);
}

/* Re-encodes a decoded item with the writer (recursively). */
static void reencode(sluice_rlp_writer *w, const sluice_rlp_item *it) {
    if (!it->is_list) {
        sluice_rlp_put_bytes(w, it->payload, it->payload_len);
        return;
    }
    size_t mark = sluice_rlp_list_begin(w);
    sluice_rlp_item items[64];
    size_t n = 0;
    if (sluice_rlp_list_items(it, items, 64, &n, NULL, 0) == SLUICE_OK)
        for (size_t i = 0; i < n; i++) reencode(w, &items[i]);
    sluice_rlp_list_end(w, mark);
}

static void check_encoding(const char *what, const uint8_t *got, size_t got_len, const char *want_hex) {
    uint8_t want[512];
    size_t n = unhex(want, sizeof want, want_hex);
    CHECK(got_len == n);
    if (got_len == n) CHECK_MEM(got, want, n);
    else fprintf(stderr, "  %s: length %zu, want %zu\n", what, got_len, n);
}

static const char lorem[] = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";   /* 56 bytes */

/* Examples from the Ethereum wiki's RLP page (also the yellow paper's rules). */
static void test_known_encodings(void) {
    uint8_t buf[256];
    size_t n;
    sluice_rlp_writer w;

    sluice_rlp_writer_init(&w, buf, sizeof buf);
    sluice_rlp_put_bytes(&w, (const uint8_t *)"dog", 3);
    CHECK(sluice_rlp_writer_finish(&w, &n) == SLUICE_OK);
    check_encoding("dog", buf, n, "83646f67");

    sluice_rlp_writer_init(&w, buf, sizeof buf);
    size_t l = sluice_rlp_list_begin(&w);
    sluice_rlp_put_bytes(&w, (const uint8_t *)"cat", 3);
    sluice_rlp_put_bytes(&w, (const uint8_t *)"dog", 3);
    sluice_rlp_list_end(&w, l);
    CHECK(sluice_rlp_writer_finish(&w, &n) == SLUICE_OK);
    check_encoding("[cat, dog]", buf, n, "c88363617483646f67");

    sluice_rlp_writer_init(&w, buf, sizeof buf);
    sluice_rlp_put_bytes(&w, NULL, 0);
    sluice_rlp_put_u64(&w, 0);
    sluice_rlp_put_u64(&w, 15);
    sluice_rlp_put_u64(&w, 1024);
    sluice_rlp_put_u64(&w, 0x80);
    sluice_rlp_put_u64(&w, UINT64_MAX);
    l = sluice_rlp_list_begin(&w);
    sluice_rlp_list_end(&w, l);
    CHECK(sluice_rlp_writer_finish(&w, &n) == SLUICE_OK);
    check_encoding("scalars", buf, n, "80" "80" "0f" "820400" "8180" "88ffffffffffffffff" "c0");

    /* The set-theoretic representation of three: [ [], [[]], [ [], [[]] ] ]. */
    sluice_rlp_writer_init(&w, buf, sizeof buf);
    size_t a = sluice_rlp_list_begin(&w);
    sluice_rlp_list_end(&w, sluice_rlp_list_begin(&w));
    size_t b = sluice_rlp_list_begin(&w);
    sluice_rlp_list_end(&w, sluice_rlp_list_begin(&w));
    sluice_rlp_list_end(&w, b);
    size_t c = sluice_rlp_list_begin(&w);
    sluice_rlp_list_end(&w, sluice_rlp_list_begin(&w));
    size_t d = sluice_rlp_list_begin(&w);
    sluice_rlp_list_end(&w, sluice_rlp_list_begin(&w));
    sluice_rlp_list_end(&w, d);
    sluice_rlp_list_end(&w, c);
    sluice_rlp_list_end(&w, a);
    CHECK(sluice_rlp_writer_finish(&w, &n) == SLUICE_OK);
    check_encoding("three", buf, n, "c7c0c1c0c3c0c1c0");

    /* 56 bytes: the first string that needs the long form (0xb8 0x38). */
    sluice_rlp_writer_init(&w, buf, sizeof buf);
    sluice_rlp_put_bytes(&w, (const uint8_t *)lorem, 56);
    CHECK(sluice_rlp_writer_finish(&w, &n) == SLUICE_OK);
    CHECK(n == 58 && buf[0] == 0xb8 && buf[1] == 0x38 && memcmp(buf + 2, lorem, 56) == 0);

    /* A list whose payload is 58 bytes: prefix f8 3a, payload moved by 2. */
    sluice_rlp_writer_init(&w, buf, sizeof buf);
    l = sluice_rlp_list_begin(&w);
    sluice_rlp_put_bytes(&w, (const uint8_t *)lorem, 56);
    sluice_rlp_list_end(&w, l);
    CHECK(sluice_rlp_writer_finish(&w, &n) == SLUICE_OK);
    CHECK(n == 60 && buf[0] == 0xf8 && buf[1] == 0x3a && buf[2] == 0xb8 && memcmp(buf + 4, lorem, 56) == 0);

    /* u256: leading zero bytes dropped; zero is 0x80. */
    uint8_t be[32] = {0};
    be[30] = 0x04;
    sluice_rlp_writer_init(&w, buf, sizeof buf);
    sluice_rlp_put_u256(&w, be);
    be[30] = 0;
    sluice_rlp_put_u256(&w, be);
    be[31] = 0x7f;
    sluice_rlp_put_u256(&w, be);
    CHECK(sluice_rlp_writer_finish(&w, &n) == SLUICE_OK);
    check_encoding("u256", buf, n, "820400" "80" "7f");

    /* Decoding the same examples gives the same views. */
    sluice_rlp_item it, items[4];
    char why[200];
    CHECK(decode_hex("c88363617483646f67", &it, why, sizeof why) == SLUICE_OK);
    CHECK(it.is_list && it.payload_len == 8 && it.raw_len == 9);
    size_t cnt = 99;
    CHECK(sluice_rlp_list_items(&it, items, 4, &cnt, why, sizeof why) == SLUICE_OK && cnt == 2);
    CHECK(!items[0].is_list && items[0].payload_len == 3 && memcmp(items[0].payload, "cat", 3) == 0);
    CHECK(memcmp(items[1].payload, "dog", 3) == 0);
    CHECK(sluice_rlp_list_items(&it, items, 1, &cnt, why, sizeof why) == SLUICE_ERR_LENGTH && cnt == 2);
    CHECK(sluice_rlp_list_items(&it, NULL, 0, &cnt, NULL, 0) == SLUICE_ERR_LENGTH && cnt == 2);
    CHECK(decode_hex("c7c0c1c0c3c0c1c0", &it, why, sizeof why) == SLUICE_OK);
    CHECK(decode_hex("0f", &it, why, sizeof why) == SLUICE_OK && !it.is_list && it.payload_len == 1 &&
          it.payload[0] == 0x0f && it.raw_len == 1);
    uint64_t v = 0;
    CHECK(decode_hex("820400", &it, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_rlp_get_u64(&it, &v, why, sizeof why) == SLUICE_OK && v == 1024);
    CHECK(decode_hex("80", &it, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_rlp_get_u64(&it, &v, why, sizeof why) == SLUICE_OK && v == 0);
    CHECK(decode_hex("8180", &it, why, sizeof why) == SLUICE_OK);   /* 0x80 needs the string form */
    CHECK(sluice_rlp_get_u64(&it, &v, why, sizeof why) == SLUICE_OK && v == 0x80);
    CHECK(decode_hex("88ffffffffffffffff", &it, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_rlp_get_u64(&it, &v, why, sizeof why) == SLUICE_OK && v == UINT64_MAX);
    uint8_t u[32], want[32] = {0};
    want[30] = 4;
    CHECK(decode_hex("820400", &it, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_rlp_get_u256(&it, u, why, sizeof why) == SLUICE_OK);
    CHECK_MEM(u, want, 32);
    uint8_t fixed[3];
    CHECK(decode_hex("83646f67", &it, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_rlp_get_fixed(&it, fixed, 3, why, sizeof why) == SLUICE_OK && memcmp(fixed, "dog", 3) == 0);
    size_t used = 0;
    uint8_t two[] = {0x83, 'd', 'o', 'g', 0x80};
    CHECK(sluice_rlp_decode_prefix(two, sizeof two, &it, &used, why, sizeof why) == SLUICE_OK && used == 4);
}

typedef struct {
    const char *hex;
    sluice_err want;
    const char *why_has;   /* a substring the reason must contain */
} bad_case;

static void test_strictness(void) {
    static const bad_case cases[] = {
        {"", SLUICE_ERR_LENGTH, "truncated"},
        {"8105", SLUICE_ERR_ARG, "single byte"},               /* 0x05 must be written as itself */
        {"817f", SLUICE_ERR_ARG, "single byte"},
        {"b80548656c6c6f", SLUICE_ERR_ARG, "long form"},       /* 5 bytes in the long form */
        {"b90038" "00", SLUICE_ERR_ARG, "leading zero"},       /* length-of-length with a zero byte */
        {"f80100", SLUICE_ERR_ARG, "long form"},               /* 1-byte list in the long form */
        {"83646f", SLUICE_ERR_LENGTH, "truncated"},            /* 3 announced, 2 present */
        {"b838", SLUICE_ERR_LENGTH, "truncated"},              /* 56 announced, none present */
        {"b9", SLUICE_ERR_LENGTH, "truncated"},                /* the length itself is missing */
        {"bf", SLUICE_ERR_LENGTH, "truncated"},
        {"bfffffffffffffffff", SLUICE_ERR_LENGTH, "truncated"}, /* 2^64-1 bytes announced */
        {"8000", SLUICE_ERR_LENGTH, "trailing"},               /* one item, then garbage */
        {"c0c0", SLUICE_ERR_LENGTH, "trailing"},
        {"c28364", SLUICE_ERR_LENGTH, "truncated"},            /* inner item runs past its list */
        {"c283646f67", SLUICE_ERR_LENGTH, "trailing"},         /* ...and then the rest trails */
        {"c3c38001", SLUICE_ERR_LENGTH, "truncated"},          /* nested: inner list cut short */
        {"c28105", SLUICE_ERR_ARG, "single byte"},             /* non-canonical inside a list */
        {"c4b8020102", SLUICE_ERR_ARG, "long form"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sluice_rlp_item it;
        char why[200];
        sluice_err e = decode_hex(cases[i].hex, &it, why, sizeof why);
        CHECK(e == cases[i].want);
        CHECK(strstr(why, cases[i].why_has) != NULL);
        if (e != cases[i].want || !strstr(why, cases[i].why_has))
            fprintf(stderr, "  case '%s': err %d, why '%s'\n", cases[i].hex, (int)e, why);
    }

    /* Nesting: SLUICE_RLP_MAX_DEPTH levels are fine, one more is not. */
    uint8_t deep[SLUICE_RLP_MAX_DEPTH + 2];
    sluice_rlp_item it;
    char why[200];
    for (int depth = SLUICE_RLP_MAX_DEPTH; depth <= SLUICE_RLP_MAX_DEPTH + 1; depth++) {
        for (int i = 0; i < depth; i++) deep[i] = (uint8_t)(0xc0 + depth - 1 - i);
        sluice_err e = sluice_rlp_decode(deep, (size_t)depth, &it, why, sizeof why);
        CHECK(e == (depth <= SLUICE_RLP_MAX_DEPTH ? SLUICE_OK : SLUICE_ERR_ARG));
    }
    CHECK(strstr(why, "nested") != NULL);

    /* Typed accessors. */
    uint64_t v;
    uint8_t u[32], f[4];
    CHECK(decode_hex("00", &it, why, sizeof why) == SLUICE_OK);               /* fine as a byte... */
    CHECK(sluice_rlp_get_u64(&it, &v, why, sizeof why) == SLUICE_ERR_ARG);   /* ...not as an integer */
    CHECK(strstr(why, "leading zero") != NULL);
    CHECK(decode_hex("820001", &it, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_rlp_get_u64(&it, &v, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(sluice_rlp_get_u256(&it, u, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(decode_hex("89010000000000000000", &it, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_rlp_get_u64(&it, &v, why, sizeof why) == SLUICE_ERR_RANGE);
    CHECK(sluice_rlp_get_u256(&it, u, why, sizeof why) == SLUICE_OK && u[23] == 1);
    CHECK(decode_hex("a1010000000000000000000000000000000000000000000000000000000000000000", &it, why,
                     sizeof why) == SLUICE_OK);
    CHECK(sluice_rlp_get_u256(&it, u, why, sizeof why) == SLUICE_ERR_RANGE);   /* 33 bytes */
    CHECK(decode_hex("c0", &it, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_rlp_get_u64(&it, &v, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(sluice_rlp_get_fixed(&it, f, 0, why, sizeof why) == SLUICE_ERR_ARG);
    CHECK(decode_hex("83646f67", &it, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_rlp_get_fixed(&it, f, 4, why, sizeof why) == SLUICE_ERR_LENGTH);
    CHECK(strstr(why, "expected 4 bytes, got 3") != NULL);
    size_t cnt;
    CHECK(sluice_rlp_list_items(&it, NULL, 0, &cnt, why, sizeof why) == SLUICE_ERR_ARG);
}

static void test_writer_overflow(void) {
    uint8_t big[300], buf[400];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (uint8_t)i;
    /* Measure with no buffer, then write into the exact size, then one short. */
    size_t need = 0, n = 0;
    for (int pass = 0; pass < 3; pass++) {
        sluice_rlp_writer w;
        size_t cap = pass == 0 ? 0 : pass == 1 ? need : need - 1;
        sluice_rlp_writer_init(&w, pass == 0 ? NULL : buf, cap);
        size_t l = sluice_rlp_list_begin(&w);
        sluice_rlp_put_bytes(&w, big, sizeof big);   /* b9 01 2c + 300 bytes */
        sluice_rlp_put_u64(&w, 7);
        sluice_rlp_list_end(&w, l);                  /* f9 01 30 */
        sluice_err e = sluice_rlp_writer_finish(&w, &n);
        if (pass == 0) {
            CHECK(e == SLUICE_ERR_LENGTH && n == 3 + 3 + 300 + 1);
            need = n;
        } else if (pass == 1) {
            CHECK(e == SLUICE_OK && n == need);
            CHECK(buf[0] == 0xf9 && buf[1] == 0x01 && buf[2] == 0x30 && buf[3] == 0xb9 && buf[4] == 0x01 &&
                  buf[5] == 0x2c && memcmp(buf + 6, big, 300) == 0 && buf[306] == 7);
        } else {
            CHECK(e == SLUICE_ERR_LENGTH && n == need);
        }
    }
    sluice_rlp_writer w;
    sluice_rlp_writer_init(&w, buf, sizeof buf);
    sluice_rlp_list_begin(&w);
    CHECK(sluice_rlp_writer_finish(&w, &n) == SLUICE_ERR_ARG);   /* a list left open */
}

/* Random structures round-trip; random mutations of their encodings are
 * either rejected or re-encode to exactly themselves (canonical only). */
static size_t random_structure(tu_rng *r, uint8_t *buf, size_t cap) {
    sluice_rlp_writer w;
    sluice_rlp_writer_init(&w, buf, cap);
    size_t marks[8];
    int open = 0;
    int items = 1 + (int)(tu_rng_next(r) % 12);
    marks[open++] = sluice_rlp_list_begin(&w);
    for (int i = 0; i < items; i++) {
        uint64_t k = tu_rng_next(r) % 6;
        uint8_t data[80];
        if (k == 0 && open < 8) {
            marks[open++] = sluice_rlp_list_begin(&w);
        } else if (k == 1 && open > 1) {
            sluice_rlp_list_end(&w, marks[--open]);
        } else if (k == 2) {
            sluice_rlp_put_u64(&w, tu_rng_next(r) >> (tu_rng_next(r) % 64));
        } else {
            size_t len = (size_t)(tu_rng_next(r) % 3 == 0 ? tu_rng_next(r) % 80 : tu_rng_next(r) % 3);
            tu_rng_bytes(r, data, len);
            sluice_rlp_put_bytes(&w, data, len);
        }
    }
    while (open) sluice_rlp_list_end(&w, marks[--open]);
    size_t n = 0;
    CHECK(sluice_rlp_writer_finish(&w, &n) == SLUICE_OK);
    return n;
}

static void test_random_roundtrip(void) {
    tu_rng r;
    tu_rng_seed(&r, 0x0e7a5);
    uint8_t enc[2048], back[2048], mut[2048];
    int accepted_mutations = 0, rejected_mutations = 0;
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = random_structure(&r, enc, sizeof enc);
        sluice_rlp_item it;
        char why[200] = "";
        CHECK(sluice_rlp_decode(enc, n, &it, why, sizeof why) == SLUICE_OK);
        sluice_rlp_writer w;
        sluice_rlp_writer_init(&w, back, sizeof back);
        reencode(&w, &it);
        size_t m = 0;
        CHECK(sluice_rlp_writer_finish(&w, &m) == SLUICE_OK && m == n && memcmp(back, enc, n) == 0);

        /* Mutate: flip a byte, drop a byte or cut the tail. */
        memcpy(mut, enc, n);
        size_t mn = n;
        size_t pos = (size_t)(tu_rng_next(&r) % n);
        switch (tu_rng_next(&r) % 3) {
        case 0: mut[pos] ^= (uint8_t)(1u << (tu_rng_next(&r) % 8)); break;
        case 1: memmove(mut + pos, mut + pos + 1, n - pos - 1); mn = n - 1; break;
        default: mn = pos; break;
        }
        if (sluice_rlp_decode(mut, mn, &it, why, sizeof why) == SLUICE_OK) {
            sluice_rlp_writer_init(&w, back, sizeof back);
            reencode(&w, &it);
            CHECK(sluice_rlp_writer_finish(&w, &m) == SLUICE_OK && m == mn && memcmp(back, mut, mn) == 0);
            accepted_mutations++;
        } else {
            rejected_mutations++;
        }
    }
    /* Both outcomes occur (a flipped payload byte stays valid; a cut never does). */
    CHECK(accepted_mutations > 100 && rejected_mutations > 100);
}

/* Hostile inputs: nesting far past the limit (each level in the long form,
 * so the lengths are large and consistent), lengths near 2^64 whose sum with
 * the prefix would wrap, NULL input, a writer given a bogus list mark. */
static void test_hostile(void) {
    /* Built from the inside out: a 59-byte string (b8 3b ...), then levels
     * f9 LL LL around it while the payload fits two length bytes: ~21800
     * levels, every one canonical. */
    enum { BYTES = 0xffff + 3 };
    uint8_t *buf = malloc(BYTES);
    CHECK(buf != NULL);
    if (buf) {
        size_t start = BYTES - 61, len = 61;
        buf[start] = 0xb8;
        buf[start + 1] = 59;
        memset(buf + start + 2, 'x', 59);
        int levels = 0;
        while (start >= 3 && len <= 0xffff) {
            buf[start - 1] = (uint8_t)len;
            buf[start - 2] = (uint8_t)(len >> 8);
            buf[start - 3] = 0xf9;
            start -= 3;
            len += 3;
            levels++;
        }
        CHECK(levels > 20000);
        sluice_rlp_item it;
        char why[200] = "";
        CHECK(sluice_rlp_decode(buf + start, len, &it, why, sizeof why) == SLUICE_ERR_ARG);
        CHECK(strstr(why, "nested deeper") != NULL);
        size_t used = 0;   /* the prefix decoder does not walk: fine, and says how long */
        CHECK(sluice_rlp_decode_prefix(buf + start, len, &it, &used, why, sizeof why) == SLUICE_OK && used == len);
        free(buf);
    }

    static const struct { const char *hex; sluice_err want; } cases[] = {
        {"ffffffffffffffffff", SLUICE_ERR_LENGTH},           /* a list of 2^64-1 bytes */
        {"fffffffffffffffff7c0", SLUICE_ERR_LENGTH},         /* 2^64-9: hdr + len wraps to 0 */
        {"fffffffffffffffff6c0", SLUICE_ERR_LENGTH},
        {"bffffffffffffffff7c0", SLUICE_ERR_LENGTH},         /* the same as a string */
        {"c9ffffffffffffffffff00", SLUICE_ERR_LENGTH},       /* inside a list */
        {"f8", SLUICE_ERR_LENGTH},
        {"ff00", SLUICE_ERR_LENGTH},                         /* 8 length bytes announced, 1 present */
        {"ff0000000000000038", SLUICE_ERR_ARG},              /* leading zeros in the length */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sluice_rlp_item it;
        char why[200] = "";
        sluice_err e = decode_hex(cases[i].hex, &it, why, sizeof why);
        CHECK(e == cases[i].want && why[0] != '\0');
        if (e != cases[i].want) fprintf(stderr, "  hostile case '%s': err %d, why '%s'\n", cases[i].hex, (int)e, why);
    }
    sluice_rlp_item it;
    CHECK(sluice_rlp_decode(NULL, 0, &it, NULL, 0) == SLUICE_ERR_LENGTH);
    CHECK(sluice_rlp_decode(NULL, 5, &it, NULL, 0) == SLUICE_ERR_ARG);
    CHECK(sluice_rlp_decode_prefix(NULL, 5, &it, NULL, NULL, 0) == SLUICE_ERR_ARG);

    /* A mark that list_begin never returned: nothing moved, an error at finish. */
    uint8_t out[16];
    memset(out, 0xee, sizeof out);
    sluice_rlp_writer w;
    sluice_rlp_writer_init(&w, out, sizeof out);
    sluice_rlp_put_u64(&w, 7);
    sluice_rlp_list_end(&w, 1000);
    size_t n = 0;
    CHECK(sluice_rlp_writer_finish(&w, &n) == SLUICE_ERR_ARG);
    CHECK(out[0] == 7 && out[1] == 0xee);
}

int main(void) {
    test_known_encodings();
    test_hostile();
    test_strictness();
    test_writer_overflow();
    test_random_roundtrip();
    return tu_finish("test_eth_rlp");
}
