/* The SHA-512 constants (FIPS 180-4): K of section 4.2.3 (the first 64 bits
 * of the fractional parts of the cube roots of the first 80 primes) and the
 * initial hash value of 5.3.5, defined once in sha512.c for every SHA-512
 * implementation of the engine (the scalar one there, the eight-lane one of
 * engine/sig/ed25519_challenge_n.c). Internal header. */
#ifndef SLUICE_HASH_SHA512_CONSTS_H
#define SLUICE_HASH_SHA512_CONSTS_H

#include <stdint.h>

extern const uint64_t sl_sha512_k[80];
extern const uint64_t sl_sha512_iv[8];

#endif
