/* BIP173 bech32 encoding (the checksum polynomial and generator constants are
 * BIP173's reference values). */
#include "bech32.h"

#include <string.h>

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint32_t polymod_step(uint32_t chk, unsigned v) {
    static const uint32_t gen[5] = {0x3b6a57b2u, 0x26508e6du, 0x1ea119fau, 0x3d4233ddu, 0x2a1462b3u};
    uint32_t top = chk >> 25;
    chk = (chk & 0x1ffffffu) << 5 ^ v;
    for (int i = 0; i < 5; i++)
        if (top >> i & 1) chk ^= gen[i];
    return chk;
}

int bech32_segwit_encode(char *out, size_t cap, const char *hrp, unsigned ver,
                         const uint8_t *prog, size_t prog_len) {
    size_t hl = strlen(hrp);
    if (ver > 16 || prog_len < 2 || prog_len > 40 || hl == 0 || hl > 83) return -1;
    uint8_t data[1 + 64];
    size_t nd = 0;
    data[nd++] = (uint8_t)ver;
    uint32_t acc = 0;
    unsigned bits = 0;
    for (size_t i = 0; i < prog_len; i++) { /* 8-bit to 5-bit groups, padded */
        acc = acc << 8 | prog[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            data[nd++] = (uint8_t)(acc >> bits & 31);
        }
    }
    if (bits) data[nd++] = (uint8_t)(acc << (5 - bits) & 31);
    if (hl + 1 + nd + 6 + 1 > cap) return -1;
    uint32_t chk = 1;
    for (size_t i = 0; i < hl; i++) chk = polymod_step(chk, (unsigned char)hrp[i] >> 5);
    chk = polymod_step(chk, 0);
    for (size_t i = 0; i < hl; i++) chk = polymod_step(chk, (unsigned char)hrp[i] & 31);
    for (size_t i = 0; i < nd; i++) chk = polymod_step(chk, data[i]);
    for (int i = 0; i < 6; i++) chk = polymod_step(chk, 0);
    chk ^= 1;
    size_t k = 0;
    memcpy(out, hrp, hl);
    k = hl;
    out[k++] = '1';
    for (size_t i = 0; i < nd; i++) out[k++] = charset[data[i]];
    for (int i = 0; i < 6; i++) out[k++] = charset[chk >> (5 * (5 - i)) & 31];
    out[k] = 0;
    return 0;
}

int bech32_program_address(char *out, size_t cap, const char *hrp, const uint8_t *prog,
                           size_t len) {
    if (len == 22 && prog[0] == 0x00 && prog[1] == 0x14)
        return bech32_segwit_encode(out, cap, hrp, 0, prog + 2, 20);
    if (len == 34 && prog[0] == 0x00 && prog[1] == 0x20)
        return bech32_segwit_encode(out, cap, hrp, 0, prog + 2, 32);
    return -1;
}
