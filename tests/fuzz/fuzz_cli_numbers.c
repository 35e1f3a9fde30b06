/* Fuzzes the sluice program's strict number parser (tools/sluice/cli.c) against
 * an independent model: decimal digits, or 0x/0X and hex digits; no sign, no
 * space, no empty digits, no overflow of 64 bits. */
#include "cli.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int model_u64(const char *s, uint64_t *out) {
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) { base = 16; s += 2; }
    if (!*s) return 0;
    uint64_t v = 0;
    for (; *s; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9') d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f') d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F') d = (unsigned)(*s - 'A' + 10);
        else return 0;
        if (v > (UINT64_MAX - d) / base) return 0;
        v = v * base + d;
    }
    *out = v;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 64) return 0;
    char s[65];
    memcpy(s, data, size);
    s[size] = '\0';
    if (strlen(s) != size) return 0;   /* embedded NUL: not a command-line string */
    uint64_t a = 0, b = 0;
    int ra = cli_parse_u64(s, &a), rb = model_u64(s, &b);
    if (ra != rb || (ra && a != b)) abort();
    unsigned u;
    if (cli_parse_uint(s, 5, 1000, &u) && (!rb || b < 5 || b > 1000 || u != b)) abort();
    double d;
    if (cli_parse_double(s, 0.1, 100.0, &d) && !(d >= 0.1 && d <= 100.0)) abort();
    return 0;
}
