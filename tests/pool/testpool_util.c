/* Small helpers of the test pool: clock, log lines, PRNG, hex, targets. */
#include "testpool.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *dialect_name(tp_dialect d) {
    switch (d) {
    case TP_BYTOM: return "bytom";
    case TP_ETHPROXY: return "ethproxy";
    case TP_ETHSTRATUM: return "ethstratum";
    case TP_STRATUM: return "stratum";
    }
    return "?";
}

double tp_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void tp_log(const tp_pool *p, const tp_conn *c, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c)
        fprintf(stderr, "testpool[%s] %.3f conn %u: %s\n", dialect_name(p->opt.dialect),
                tp_now() - p->started, c->no, msg);
    else
        fprintf(stderr, "testpool[%s] %.3f: %s\n", dialect_name(p->opt.dialect), tp_now() - p->started, msg);
}

/* xoshiro256** seeded by splitmix64 (Blackman and Vigna, prng.di.unimi.it). */
static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void tp_rng_seed(tp_pool *p, uint64_t seed) {
    for (int i = 0; i < 4; i++) {
        seed += 0x9e3779b97f4a7c15ULL;
        uint64_t z = seed;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        p->rng[i] = z ^ (z >> 31);
    }
}

uint64_t tp_rng_u64(tp_pool *p) {
    uint64_t *s = p->rng, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45);
    return result;
}

void tp_rng_bytes(tp_pool *p, uint8_t *out, size_t n) {
    while (n) {
        uint64_t v = tp_rng_u64(p);
        for (int i = 0; i < 8 && n; i++, n--) *out++ = (uint8_t)(v >> (8 * i));
    }
}

void tp_hex(char *out, const uint8_t *in, size_t n, int prefix) {
    static const char digits[] = "0123456789abcdef";
    if (prefix) { *out++ = '0'; *out++ = 'x'; }
    for (size_t i = 0; i < n; i++) {
        *out++ = digits[in[i] >> 4];
        *out++ = digits[in[i] & 15];
    }
    *out = '\0';
}

static int hex_value(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static const char *skip_0x(const char *s) {
    return (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? s + 2 : s;
}

int tp_parse_hex_u64(const char *s, unsigned exact_digits, uint64_t *out) {
    if (!s) return -1;
    s = skip_0x(s);
    size_t n = strlen(s);
    if (n == 0 || n > 16 || (exact_digits && n != exact_digits)) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        int d = hex_value(s[i]);
        if (d < 0) return -1;
        v = (v << 4) | (uint64_t)d;
    }
    *out = v;
    return 0;
}

int tp_parse_hex_bytes(const char *s, uint8_t *out, size_t n) {
    if (!s) return -1;
    s = skip_0x(s);
    if (strlen(s) != 2 * n) return -1;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(s[2 * i]), lo = hex_value(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

uint32_t tp_bytom_target_word(double difficulty) {
    /* top 4 bytes of 2^256 / D = floor(2^32 / D) (stratum.md, Bytom pools) */
    if (!(difficulty > 1.0)) return 0xffffffffu;
    double t = floor(4294967296.0 / difficulty);
    if (t < 1.0) return 1;
    return t >= 4294967295.0 ? 0xffffffffu : (uint32_t)t;
}

void tp_ethash_boundary(double difficulty, uint8_t boundary[32]) {
    /* 2^256 / D as a big-endian number: find e with D = m * 2^e (m in [1,2)),
     * then 2^256 / D = (2^63 / m) * 2^(256 - 63 - e): a 64-bit quotient
     * placed at the right bit offset. Precise to ~53 bits, plenty for a test
     * pool whose targets are only meant to be easy. */
    memset(boundary, 0, 32);
    if (!(difficulty > 1.0)) { memset(boundary, 0xff, 32); return; }
    int e;
    double m = frexp(difficulty, &e);     /* difficulty = m * 2^e, m in [0.5, 1) */
    uint64_t q = (uint64_t)ldexp(1.0 / m, 62);   /* 2^62 / m in [2^62, 2^63] */
    int shift = 256 - 62 - e;                     /* boundary = q * 2^shift */
    for (int bit = 0; bit < 64; bit++) {
        if (!((q >> bit) & 1)) continue;
        int pos = bit + shift;                    /* bit position in the 256-bit number */
        if (pos < 0) continue;
        if (pos >= 256) { memset(boundary, 0xff, 32); return; }
        boundary[31 - pos / 8] |= (uint8_t)(1u << (pos % 8));
    }
}
