#include "sluice/hex.h"
#include <string.h>

static int hex_nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

sluice_err sluice_hex_decode(uint8_t *out, size_t cap, size_t *outlen, const char *hex) {
    if (!hex || !outlen || (!out && cap)) return SLUICE_ERR_ARG;
    if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex += 2;
    size_t n = strlen(hex);
    if (n % 2) return SLUICE_ERR_HEX;
    for (size_t i = 0; i < n; i++)
        if (hex_nibble(hex[i]) < 0) return SLUICE_ERR_HEX;
    if (n / 2 > cap) return SLUICE_ERR_LENGTH;
    for (size_t i = 0; i < n / 2; i++)
        out[i] = (uint8_t)(hex_nibble(hex[2 * i]) << 4 | hex_nibble(hex[2 * i + 1]));
    *outlen = n / 2;
    return SLUICE_OK;
}

sluice_err sluice_hex_decode_exact(uint8_t *out, size_t len, const char *hex) {
    if (!hex) return SLUICE_ERR_ARG;
    const char *h = hex;
    if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X')) h += 2;
    size_t n = strlen(h);
    for (size_t i = 0; i < n; i++)
        if (hex_nibble(h[i]) < 0) return SLUICE_ERR_HEX;
    if (n % 2) return SLUICE_ERR_HEX;
    if (n != 2 * len) return SLUICE_ERR_LENGTH;
    size_t got = 0;
    return sluice_hex_decode(out, len, &got, hex);
}

void sluice_hex_encode(char *out, const uint8_t *in, size_t len) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * len] = '\0';
}
