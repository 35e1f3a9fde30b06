/* The two SHA-256 compression functions behind sluice_sha256_compress
 * (sha256.c), for the tests that check one against the other. Internal
 * header (engine/hash). */
#ifndef SLUICE_HASH_SHA256_IMPL_H
#define SLUICE_HASH_SHA256_IMPL_H

#include <stddef.h>
#include <stdint.h>

/* The round constants K of FIPS 180-4 4.2.2 (first 32 bits of the
 * fractional parts of the cube roots of the first 64 primes), 16-byte
 * aligned for the vector loads of the SHA-NI code. */
extern const uint32_t sl_sha256_k[64];

/* FIPS 180-4 6.2.2 in plain C: the reference. */
void sl_sha256_compress_scalar(uint32_t h[8], const uint8_t *blocks, size_t nblocks);

/* 1 if this build has the SHA-NI path and the CPU offers the SHA
 * extensions (and SSE4.1); chosen at run time, never assumed. */
int sl_sha256_shani_supported(void);

/* The same compression with the x86 SHA extensions (sha256rnds2,
 * sha256msg1/2; Intel, "New Instructions Supporting the Secure Hash
 * Algorithm on Intel Architecture Processors", 2013). Only where
 * sl_sha256_shani_supported() is 1. */
void sl_sha256_compress_shani(uint32_t h[8], const uint8_t *blocks, size_t nblocks);

#endif
