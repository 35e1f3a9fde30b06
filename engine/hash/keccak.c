/* Keccak-f[1600] per FIPS 202 section 3 (theta, rho, pi, chi, iota), written with
 * the 25 lanes in locals so the compiler keeps them in registers; the lane-wise
 * rho offsets and pi permutation are the tables of FIPS 202 3.2.2 / 3.2.3.
 * The sponge (FIPS 202 4) with the SHA3 (0x06) or original Keccak (0x01) domain
 * byte and pad10*1 (5.1). This file is the scalar reference; keccak_x4_*.c are
 * the four-way SIMD versions, dispatched from here. */
#include "sluice/keccak.h"
#include "sluice/cpu.h"
#include "hash/keccak_x4.h"
#include <string.h>

/* 3.2.5: RC[i_r], the iota constants of the 24 rounds. */
const uint64_t sluice_keccak_rc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

static inline uint64_t rol64(uint64_t v, unsigned n) { return n ? (v << n) | (v >> (64 - n)) : v; }

void sluice_keccak_f1600(uint64_t s[25]) {
    uint64_t a00 = s[0], a01 = s[1], a02 = s[2], a03 = s[3], a04 = s[4];
    uint64_t a05 = s[5], a06 = s[6], a07 = s[7], a08 = s[8], a09 = s[9];
    uint64_t a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13], a14 = s[14];
    uint64_t a15 = s[15], a16 = s[16], a17 = s[17], a18 = s[18], a19 = s[19];
    uint64_t a20 = s[20], a21 = s[21], a22 = s[22], a23 = s[23], a24 = s[24];
    a01 = ~a01; a02 = ~a02; a08 = ~a08; a12 = ~a12; a17 = ~a17; a20 = ~a20;
    for (int r = 0; r < 24; r++) {
        /* theta */
        uint64_t c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20, c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
        uint64_t c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22, c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
        uint64_t c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
        uint64_t d0 = c4 ^ rol64(c1, 1), d1 = c0 ^ rol64(c2, 1), d2 = c1 ^ rol64(c3, 1);
        uint64_t d3 = c2 ^ rol64(c4, 1), d4 = c3 ^ rol64(c0, 1);
        /* rho + pi: B[y][2x+3y] = rot(A[x][y], r[x][y]) */
        uint64_t b00 = a00 ^ d0;
        uint64_t b01 = rol64(a06 ^ d1, 44), b02 = rol64(a12 ^ d2, 43);
        uint64_t b03 = rol64(a18 ^ d3, 21), b04 = rol64(a24 ^ d4, 14);
        uint64_t b05 = rol64(a03 ^ d3, 28), b06 = rol64(a09 ^ d4, 20);
        uint64_t b07 = rol64(a10 ^ d0, 3), b08 = rol64(a16 ^ d1, 45), b09 = rol64(a22 ^ d2, 61);
        uint64_t b10 = rol64(a01 ^ d1, 1), b11 = rol64(a07 ^ d2, 6), b12 = rol64(a13 ^ d3, 25);
        uint64_t b13 = rol64(a19 ^ d4, 8), b14 = rol64(a20 ^ d0, 18);
        uint64_t b15 = rol64(a04 ^ d4, 27), b16 = rol64(a05 ^ d0, 36), b17 = rol64(a11 ^ d1, 10);
        uint64_t b18 = rol64(a17 ^ d2, 15), b19 = rol64(a23 ^ d3, 56);
        uint64_t b20 = rol64(a02 ^ d2, 62), b21 = rol64(a08 ^ d3, 55), b22 = rol64(a14 ^ d4, 39);
        uint64_t b23 = rol64(a15 ^ d0, 41), b24 = rol64(a21 ^ d1, 2);
        /* chi + iota (3.2.4, 3.2.5), A[x] ^= ~A[x+1] & A[x+2] per row, computed on
         * the "lane complementing" representation (Keccak implementation overview
         * 2.2.2): lanes 1, 2, 8, 12, 17, 20 are kept inverted, which turns all but
         * one NOT per row into AND/OR forms. */
        a00 = b00 ^ (b01 | b02) ^ sluice_keccak_rc[r];
        a01 = b01 ^ (~b02 | b03); a02 = b02 ^ (b03 & b04);
        a03 = b03 ^ (b04 | b00); a04 = b04 ^ (b00 & b01);
        a05 = b05 ^ (b06 | b07); a06 = b06 ^ (b07 & b08); a07 = b07 ^ (b08 | ~b09);
        a08 = b08 ^ (b09 | b05); a09 = b09 ^ (b05 & b06);
        a10 = b10 ^ (b11 | b12); a11 = b11 ^ (b12 & b13); a12 = b12 ^ (~b13 & b14);
        a13 = ~b13 ^ (b14 | b10); a14 = b14 ^ (b10 & b11);
        a15 = b15 ^ (b16 & b17); a16 = b16 ^ (b17 | b18); a17 = b17 ^ (~b18 | b19);
        a18 = ~b18 ^ (b19 & b15); a19 = b19 ^ (b15 | b16);
        a20 = b20 ^ (~b21 & b22); a21 = ~b21 ^ (b22 | b23); a22 = b22 ^ (b23 & b24);
        a23 = b23 ^ (b24 | b20); a24 = b24 ^ (b20 & b21);
    }
    a01 = ~a01; a02 = ~a02; a08 = ~a08; a12 = ~a12; a17 = ~a17; a20 = ~a20;
    s[0] = a00; s[1] = a01; s[2] = a02; s[3] = a03; s[4] = a04;
    s[5] = a05; s[6] = a06; s[7] = a07; s[8] = a08; s[9] = a09;
    s[10] = a10; s[11] = a11; s[12] = a12; s[13] = a13; s[14] = a14;
    s[15] = a15; s[16] = a16; s[17] = a17; s[18] = a18; s[19] = a19;
    s[20] = a20; s[21] = a21; s[22] = a22; s[23] = a23; s[24] = a24;
}

static void ctx_init(sluice_keccak_ctx *c, unsigned outlen, uint8_t pad) {
    memset(c->st, 0, sizeof c->st);
    c->outlen = outlen;
    c->rate = 200 - 2 * outlen;
    c->pos = 0;
    c->pad = pad;
}

void sluice_sha3_256_init(sluice_keccak_ctx *c) { ctx_init(c, 32, 0x06); }
void sluice_sha3_512_init(sluice_keccak_ctx *c) { ctx_init(c, 64, 0x06); }
void sluice_keccak256_init(sluice_keccak_ctx *c) { ctx_init(c, 32, 0x01); }
void sluice_keccak512_init(sluice_keccak_ctx *c) { ctx_init(c, 64, 0x01); }

/* XOR one byte into the state at byte offset i (lanes are little-endian). */
static inline void xor_byte(uint64_t *st, unsigned i, uint8_t v) {
    st[i / 8] ^= (uint64_t)v << (8 * (i % 8));
}

static inline uint64_t load64_le(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* XORs w lanes of one block into the state and permutes. */
static inline void absorb_block(uint64_t *st, const uint8_t *p, unsigned w) {
    for (unsigned i = 0; i < w; i++) st[i] ^= load64_le(p + 8 * i);
    sluice_keccak_f1600(st);
}

void sluice_keccak_update(sluice_keccak_ctx *c, const void *data, size_t len) {
    const uint8_t *p = (const uint8_t *)data;
    while (len && c->pos % 8) {
        xor_byte(c->st, c->pos++, *p++);
        len--;
        if (c->pos == c->rate) { sluice_keccak_f1600(c->st); c->pos = 0; }
    }
    if (c->pos == 0) { /* whole blocks straight from the input */
        const unsigned rate = c->rate;
        while (len >= rate) {
            absorb_block(c->st, p, rate / 8);
            p += rate; len -= rate;
        }
    }
    while (len >= 8) {
        c->st[c->pos / 8] ^= load64_le(p);
        c->pos += 8; p += 8; len -= 8;
        if (c->pos == c->rate) { sluice_keccak_f1600(c->st); c->pos = 0; }
    }
    while (len--) {
        xor_byte(c->st, c->pos++, *p++);
        if (c->pos == c->rate) { sluice_keccak_f1600(c->st); c->pos = 0; }
    }
}

void sluice_keccak_final(sluice_keccak_ctx *c, uint8_t *out) {
    xor_byte(c->st, c->pos, c->pad);
    xor_byte(c->st, c->rate - 1, 0x80);
    sluice_keccak_f1600(c->st);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(out, c->st, c->outlen);
#else
    for (unsigned i = 0; i < c->outlen; i++) out[i] = (uint8_t)(c->st[i / 8] >> (8 * (i % 8)));
#endif
}

static void oneshot(sluice_keccak_ctx *c, uint8_t *out, const void *data, size_t len) {
    sluice_keccak_update(c, data, len);
    sluice_keccak_final(c, out);
}

void sluice_sha3_256(uint8_t out[32], const void *data, size_t len) {
    sluice_keccak_ctx c; sluice_sha3_256_init(&c); oneshot(&c, out, data, len);
}
void sluice_sha3_512(uint8_t out[64], const void *data, size_t len) {
    sluice_keccak_ctx c; sluice_sha3_512_init(&c); oneshot(&c, out, data, len);
}
void sluice_keccak256(uint8_t out[32], const void *data, size_t len) {
    sluice_keccak_ctx c; sluice_keccak256_init(&c); oneshot(&c, out, data, len);
}
void sluice_keccak512(uint8_t out[64], const void *data, size_t len) {
    sluice_keccak_ctx c; sluice_keccak512_init(&c); oneshot(&c, out, data, len);
}

/* ---- four-way batch: scalar reference and run-time dispatch ---------------- */

static void f1600_x4_scalar(uint64_t st[25][4]) {
    for (int k = 0; k < 4; k++) {
        uint64_t one[25];
        for (int i = 0; i < 25; i++) one[i] = st[i][k];
        sluice_keccak_f1600(one);
        for (int i = 0; i < 25; i++) st[i][k] = one[i];
    }
}

static void x4_scalar(uint8_t *const out[4], unsigned outlen, uint8_t pad,
                      const uint8_t *const in[4], size_t len) {
    for (int k = 0; k < 4; k++) {
        sluice_keccak_ctx c;
        ctx_init(&c, outlen, pad);
        oneshot(&c, out[k], in[k], len);
    }
}

sluice_keccak_impl sluice_keccak_x4_best(void) {
    /* Cached: CPUID is slow in virtual machines. Races only store the same value. */
    static _Atomic int best = -1;
    int b = best;
    if (b < 0) {
        b = SLUICE_KECCAK_SCALAR;
#ifdef SLUICE_KECCAK_HAVE_X86
        sluice_cpu_features f;
        sluice_cpu_detect(&f);
        if (f.avx512f && f.avx512vl) b = SLUICE_KECCAK_AVX512;
        else if (f.avx2) b = SLUICE_KECCAK_AVX2;
#endif
        best = b;
    }
    return (sluice_keccak_impl)b;
}

int sluice_keccak_x4_available(sluice_keccak_impl impl) {
    sluice_keccak_impl best = sluice_keccak_x4_best();
    switch (impl) {
    case SLUICE_KECCAK_AUTO:
    case SLUICE_KECCAK_SCALAR: return 1;
    case SLUICE_KECCAK_AVX2: return best == SLUICE_KECCAK_AVX2 || best == SLUICE_KECCAK_AVX512;
    case SLUICE_KECCAK_AVX512: return best == SLUICE_KECCAK_AVX512;
    }
    return 0;
}

const char *sluice_keccak_impl_name(sluice_keccak_impl impl) {
    switch (impl) {
    case SLUICE_KECCAK_AUTO: return "auto";
    case SLUICE_KECCAK_SCALAR: return "scalar";
    case SLUICE_KECCAK_AVX2: return "avx2";
    case SLUICE_KECCAK_AVX512: return "avx512";
    }
    return "?";
}

static sluice_err resolve(sluice_keccak_impl *impl) {
    if (*impl == SLUICE_KECCAK_AUTO) *impl = sluice_keccak_x4_best();
    if (*impl < SLUICE_KECCAK_SCALAR || *impl > SLUICE_KECCAK_AVX512) return SLUICE_ERR_ARG;
    return sluice_keccak_x4_available(*impl) ? SLUICE_OK : SLUICE_ERR_UNSUPPORTED;
}

sluice_err sluice_keccak_f1600_x4(sluice_keccak_impl impl, uint64_t st[25][4]) {
    sluice_err e = resolve(&impl);
    if (e != SLUICE_OK) return e;
    switch (impl) {
#ifdef SLUICE_KECCAK_HAVE_X86
    case SLUICE_KECCAK_AVX512: sluice_keccak_f1600_x4_avx512(st); break;
    case SLUICE_KECCAK_AVX2: sluice_keccak_f1600_x4_avx2(st); break;
#endif
    default: f1600_x4_scalar(st); break;
    }
    return SLUICE_OK;
}

sluice_err sluice_keccak_x4(sluice_keccak_impl impl, unsigned outlen, uint8_t pad,
                            uint8_t *const out[4], const uint8_t *const in[4], size_t len) {
    if ((outlen != 32 && outlen != 64) || (pad != 0x06 && pad != 0x01) || !out || !in)
        return SLUICE_ERR_ARG;
    sluice_err e = resolve(&impl);
    if (e != SLUICE_OK) return e;
    switch (impl) {
#ifdef SLUICE_KECCAK_HAVE_X86
    case SLUICE_KECCAK_AVX512: sluice_keccak_x4_avx512(out, outlen, pad, in, len); break;
    case SLUICE_KECCAK_AVX2: sluice_keccak_x4_avx2(out, outlen, pad, in, len); break;
#endif
    default: x4_scalar(out, outlen, pad, in, len); break;
    }
    return SLUICE_OK;
}

void sluice_sha3_256_x4(uint8_t out[4][32], const uint8_t *const in[4], size_t len) {
    uint8_t *const o[4] = {out[0], out[1], out[2], out[3]};
    (void)sluice_keccak_x4(SLUICE_KECCAK_AUTO, 32, 0x06, o, in, len);
}

void sluice_keccak256_x4(uint8_t out[4][32], const uint8_t *const in[4], size_t len) {
    uint8_t *const o[4] = {out[0], out[1], out[2], out[3]};
    (void)sluice_keccak_x4(SLUICE_KECCAK_AUTO, 32, 0x01, o, in, len);
}
