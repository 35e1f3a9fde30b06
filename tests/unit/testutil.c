#include "testutil.h"
#include <stdlib.h>
#include <string.h>

int tu_failures = 0;
int tu_checks = 0;

int tu_finish(const char *name) {
    printf("%s: %d checks, %d failed\n", name, tu_checks, tu_failures);
    if (tu_checks == 0) { fprintf(stderr, "%s: no checks ran\n", name); return 1; }
    return tu_failures ? 1 : 0;
}

void tu_dump(const char *label, const uint8_t *p, size_t n) {
    fprintf(stderr, "%s ", label);
    for (size_t i = 0; i < n && i < 64; i++) fprintf(stderr, "%02x", p[i]);
    fprintf(stderr, n > 64 ? "...\n" : "\n");
}

FILE *tu_open_vectors(const char *file) {
    const char *dir = getenv("SLUICE_VECTORS");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/vectors", file);
    FILE *f = fopen(path, "r");
    if (!f) { fprintf(stderr, "cannot open vector file %s\n", path); exit(2); }
    return f;
}

int tu_next_line(FILE *f, char *buf, size_t cap) {
    while (fgets(buf, (int)cap, f)) {
        size_t n = strlen(buf);
        while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ')) buf[--n] = '\0';
        if (n == 0 || buf[0] == '#') continue;
        return 1;
    }
    return 0;
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void tu_rng_seed(tu_rng *r, uint64_t seed) {
    for (int i = 0; i < 4; i++) { /* splitmix64 */
        seed += 0x9e3779b97f4a7c15ULL;
        uint64_t z = seed;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        r->s[i] = z ^ (z >> 31);
    }
}

uint64_t tu_rng_next(tu_rng *r) {
    uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return result;
}

void tu_rng_bytes(tu_rng *r, void *out, size_t n) {
    uint8_t *p = (uint8_t *)out;
    while (n) {
        uint64_t v = tu_rng_next(r);
        size_t k = n < 8 ? n : 8;
        memcpy(p, &v, k);
        p += k; n -= k;
    }
}
