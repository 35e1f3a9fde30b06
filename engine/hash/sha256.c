/* SHA-256 (FIPS 180-4 section 6.2): message schedule of 64 words, the
 * constants K of section 4.2.2 (first 32 bits of the fractional parts of the
 * cube roots of the first 64 primes) and the initial value of 5.3.3. Tagged
 * hashes as defined by BIP340 ("Design": tagged_hash). */
#include "sluice/sha256.h"

#include "hash/sha256_impl.h"

#include <string.h>

_Alignas(16) const uint32_t sl_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static const uint32_t IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

static inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load32_be(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static inline void store32_be(uint8_t *p, uint32_t x) {
    p[0] = (uint8_t)(x >> 24);
    p[1] = (uint8_t)(x >> 16);
    p[2] = (uint8_t)(x >> 8);
    p[3] = (uint8_t)x;
}

void sl_sha256_compress_scalar(uint32_t h[8], const uint8_t *blocks, size_t nblocks) {
    for (; nblocks > 0; nblocks--, blocks += 64) {
        uint32_t w[64];
        for (int t = 0; t < 16; t++) w[t] = load32_be(blocks + 4 * t);
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int t = 0; t < 64; t++) {
            uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
            uint32_t ch = (e & f) ^ (~e & g);
            uint32_t t1 = hh + S1 + ch + sl_sha256_k[t] + w[t];
            uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
            uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
            uint32_t t2 = S0 + maj;
            hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d;
        h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
}

/* The SHA extensions where the CPU has them (bench/bench_hash,
 * sha256_compress/shani against /scalar: 52 against 317 ns a block, 6.1x,
 * on a Xeon (Sapphire Rapids) KVM guest), else the reference. */
void sluice_sha256_compress(uint32_t h[8], const uint8_t *blocks, size_t nblocks) {
    if (sl_sha256_shani_supported())
        sl_sha256_compress_shani(h, blocks, nblocks);
    else
        sl_sha256_compress_scalar(h, blocks, nblocks);
}

void sluice_sha256_init(sluice_sha256_ctx *c) {
    memcpy(c->h, IV, sizeof IV);
    c->nblocks = 0;
    c->pos = 0;
}

void sluice_sha256_update(sluice_sha256_ctx *c, const void *data, size_t len) {
    const uint8_t *p = (const uint8_t *)data;
    if (len == 0) return;
    if (c->pos > 0) {
        size_t take = 64 - c->pos;
        if (take > len) take = len;
        memcpy(c->buf + c->pos, p, take);
        c->pos += (unsigned)take;
        p += take;
        len -= take;
        if (c->pos < 64) return;
        sluice_sha256_compress(c->h, c->buf, 1);
        c->nblocks++;
        c->pos = 0;
    }
    size_t full = len / 64;
    if (full > 0) {
        sluice_sha256_compress(c->h, p, full);
        c->nblocks += full;
        p += full * 64;
        len -= full * 64;
    }
    if (len > 0) {
        memcpy(c->buf, p, len);
        c->pos = (unsigned)len;
    }
}

void sluice_sha256_final(sluice_sha256_ctx *c, uint8_t out[32]) {
    /* FIPS 180-4 5.1.1: 0x80, zeros, then the 64-bit message length in bits. */
    uint64_t bits = (c->nblocks << 9) + ((uint64_t)c->pos << 3);
    c->buf[c->pos++] = 0x80;
    if (c->pos > 56) {
        memset(c->buf + c->pos, 0, 64 - c->pos);
        sluice_sha256_compress(c->h, c->buf, 1);
        c->pos = 0;
    }
    memset(c->buf + c->pos, 0, 56 - c->pos);
    store32_be(c->buf + 56, (uint32_t)(bits >> 32));
    store32_be(c->buf + 60, (uint32_t)bits);
    sluice_sha256_compress(c->h, c->buf, 1);
    for (int i = 0; i < 8; i++) store32_be(out + 4 * i, c->h[i]);
}

void sluice_sha256(uint8_t out[32], const void *data, size_t len) {
    sluice_sha256_ctx c;
    sluice_sha256_init(&c);
    sluice_sha256_update(&c, data, len);
    sluice_sha256_final(&c, out);
}

void sluice_sha256_init_tagged(sluice_sha256_ctx *c, const void *tag, size_t tag_len) {
    uint8_t th[64];
    sluice_sha256(th, tag, tag_len);
    memcpy(th + 32, th, 32);
    sluice_sha256_init(c);
    sluice_sha256_update(c, th, 64);
}
