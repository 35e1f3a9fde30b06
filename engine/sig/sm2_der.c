/* Strict DER decoding of an SM2 signature, SEQUENCE { INTEGER r, INTEGER s }
 * (GB/T 35276 / GM/T 0009 SM2Signature; DER rules of ITU-T X.690 8.3 and
 * 10.1): definite minimal lengths, minimal positive integers, nothing after
 * the sequence. */
#include <string.h>

#include "sluice/sig.h"

/* Reads a DER length at *pos (short form only: every valid SM2 signature is
 * at most 72 bytes, so a long form would be non-minimal). Returns -1 if bad. */
static int der_len(const uint8_t *der, size_t len, size_t *pos) {
    if (*pos >= len || der[*pos] & 0x80)
        return -1;
    return der[(*pos)++];
}

/* One INTEGER at *pos into out (32 bytes, big-endian, left-padded). */
static int der_int(const uint8_t *der, size_t len, size_t *pos, uint8_t out[32]) {
    if (*pos >= len || der[(*pos)++] != 0x02)
        return 0;
    int n = der_len(der, len, pos);
    if (n < 1 || (size_t)n > len - *pos)
        return 0;
    const uint8_t *c = der + *pos;
    *pos += (size_t)n;
    if (c[0] & 0x80)
        return 0; /* negative */
    if (n > 1 && c[0] == 0 && !(c[1] & 0x80))
        return 0; /* non-minimal leading zero */
    if (c[0] == 0) {
        c++;
        n--;
    }
    if (n > 32)
        return 0;
    memset(out, 0, 32);
    memcpy(out + 32 - n, c, (size_t)n);
    return 1;
}

sluice_sig_status sluice_sm2_sig_from_der(const uint8_t *der, size_t len, uint8_t out[64]) {
    size_t pos = 0;
    uint8_t rs[64];
    if (!der || !out || len < 2 || der[pos++] != 0x30)
        return SLUICE_SIG_BAD_ENCODING;
    int n = der_len(der, len, &pos);
    if (n < 0 || (size_t)n != len - pos)
        return SLUICE_SIG_BAD_ENCODING; /* truncated or trailing bytes */
    if (!der_int(der, len, &pos, rs) || !der_int(der, len, &pos, rs + 32) || pos != len)
        return SLUICE_SIG_BAD_ENCODING;
    memcpy(out, rs, 64);
    return SLUICE_SIG_VALID;
}
