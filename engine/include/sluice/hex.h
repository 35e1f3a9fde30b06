/* Strict hexadecimal conversion: even length, [0-9a-fA-F] only, optional "0x". */
#ifndef SLUICE_HEX_H
#define SLUICE_HEX_H

#include <stddef.h>
#include <stdint.h>
#include "sluice/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes exactly `len` bytes from the NUL-terminated `hex` (an optional 0x prefix
 * is accepted). Returns SLUICE_ERR_HEX for a non-hex character or odd length,
 * SLUICE_ERR_LENGTH when the text does not encode exactly len bytes. */
sluice_err sluice_hex_decode_exact(uint8_t *out, size_t len, const char *hex);

/* Decodes a hex string of any even length into out (capacity cap); *outlen gets
 * the byte count. SLUICE_ERR_LENGTH if it would not fit. */
sluice_err sluice_hex_decode(uint8_t *out, size_t cap, size_t *outlen, const char *hex);

/* Writes 2*len lowercase hex characters and a NUL to out (size >= 2*len+1). */
void sluice_hex_encode(char *out, const uint8_t *in, size_t len);

#ifdef __cplusplus
}
#endif
#endif
