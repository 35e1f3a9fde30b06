/* Segwit addresses as Bytom prints them: BIP173 bech32 (not bech32m) with
 * witness version 0 and the network's prefix ("bm" mainnet, "tm" testnet,
 * "sm" solonet; common/address.go in BytomDAO/bytom v1.1.1). */
#ifndef SLUICE_BECH32_H
#define SLUICE_BECH32_H

#include <stddef.h>
#include <stdint.h>

/* Longest address for a 32-byte program: hrp(2) + '1' + 1 + 52 + 6 + NUL. */
#define BECH32_ADDR_MAX 91

/* Encodes witness version `ver` (0..16) and program (2..40 bytes) under hrp
 * into out (NUL-terminated). Returns 0, or -1 when the arguments do not fit. */
int bech32_segwit_encode(char *out, size_t cap, const char *hrp, unsigned ver,
                         const uint8_t *prog, size_t prog_len);

/* The address of a control program when it is P2WPKH (00 14 <20>) or P2WSH
 * (00 20 <32>); returns 0, or -1 for any other program (no address). */
int bech32_program_address(char *out, size_t cap, const char *hrp, const uint8_t *prog,
                           size_t len);

#endif
