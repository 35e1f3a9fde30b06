/* SM3 cryptographic hash, written from GB/T 32905-2016 "Information security
 * techniques - SM3 cryptographic hash algorithm" (section numbers below refer
 * to it). Scalar, portable C11; the 64 rounds are unrolled with the registers
 * renamed instead of moved, and the message expansion (5.3.2) runs inside the
 * rounds on a 16-word ring, so W[0..67] and W'[0..63] are never stored whole. */
#include "sluice/sm3.h"
#include <string.h>

/* 4.1 initial value IV. */
static const uint32_t sm3_iv[8] = {0x7380166fU, 0x4914b2b9U, 0x172442d7U, 0xda8a0600U,
                                   0xa96f30bcU, 0x163138aaU, 0xe38dee4dU, 0xb0fb0e4eU};

/* 4.2 constants T_j (0x79cc4519 for j < 16, 0x7a879d8a after), pre-rotated:
 * SM3_K[j] = T_j <<< (j mod 32), the term that 5.3.3 adds to SS1. */
static const uint32_t SM3_K[64] = {
    0x79cc4519U, 0xf3988a32U, 0xe7311465U, 0xce6228cbU,
    0x9cc45197U, 0x3988a32fU, 0x7311465eU, 0xe6228cbcU,
    0xcc451979U, 0x988a32f3U, 0x311465e7U, 0x6228cbceU,
    0xc451979cU, 0x88a32f39U, 0x11465e73U, 0x228cbce6U,
    0x9d8a7a87U, 0x3b14f50fU, 0x7629ea1eU, 0xec53d43cU,
    0xd8a7a879U, 0xb14f50f3U, 0x629ea1e7U, 0xc53d43ceU,
    0x8a7a879dU, 0x14f50f3bU, 0x29ea1e76U, 0x53d43cecU,
    0xa7a879d8U, 0x4f50f3b1U, 0x9ea1e762U, 0x3d43cec5U,
    0x7a879d8aU, 0xf50f3b14U, 0xea1e7629U, 0xd43cec53U,
    0xa879d8a7U, 0x50f3b14fU, 0xa1e7629eU, 0x43cec53dU,
    0x879d8a7aU, 0x0f3b14f5U, 0x1e7629eaU, 0x3cec53d4U,
    0x79d8a7a8U, 0xf3b14f50U, 0xe7629ea1U, 0xcec53d43U,
    0x9d8a7a87U, 0x3b14f50fU, 0x7629ea1eU, 0xec53d43cU,
    0xd8a7a879U, 0xb14f50f3U, 0x629ea1e7U, 0xc53d43ceU,
    0x8a7a879dU, 0x14f50f3bU, 0x29ea1e76U, 0x53d43cecU,
    0xa7a879d8U, 0x4f50f3b1U, 0x9ea1e762U, 0x3d43cec5U};

#define ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

/* 4.3 Boolean functions: FF_j, GG_j are XOR for 0 <= j <= 15; for 16..63 FF is
 * majority and GG is choose (written with fewer operations, same truth table). */
#define FF0(x, y, z) ((x) ^ (y) ^ (z))
#define GG0(x, y, z) ((x) ^ (y) ^ (z))
#define FF1(x, y, z) (((x) & (y)) | (((x) | (y)) & (z)))
#define GG1(x, y, z) ((((y) ^ (z)) & (x)) ^ (z))

/* 4.4 permutations. */
#define P0(x) ((x) ^ ROL((x), 9) ^ ROL((x), 17))
#define P1(x) ((x) ^ ROL((x), 15) ^ ROL((x), 23))

static inline uint32_t load32_be(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline void store32_be(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* 5.3.2 b): W_j = P1(W_{j-16} ^ W_{j-9} ^ (W_{j-3} <<< 15)) ^ (W_{j-13} <<< 7) ^ W_{j-6},
 * in place on the ring (slot j mod 16 held W_{j-16}, which is its last use). */
#define EXPAND(j) do { \
    uint32_t t_ = W[((j) - 16) & 15] ^ W[((j) - 9) & 15] ^ ROL(W[((j) - 3) & 15], 15); \
    W[(j) & 15] = P1(t_) ^ ROL(W[((j) - 13) & 15], 7) ^ W[((j) - 6) & 15]; \
} while (0)

/* 5.3.3 one round j, with W'_j = W_j ^ W_{j+4} (5.3.2 c). The spec's register
 * shuffle (D=C, C=B<<<9, B=A, A=TT1, H=G, G=F<<<19, F=E, E=P0(TT2)) is done by
 * writing the new A into D and the new E into H and renaming at the call site. */
#define ROUND(A, B, C, D, E, F, G, H, j, FF, GG) do { \
    uint32_t a12_ = ROL(A, 12); \
    uint32_t ss1_ = ROL(a12_ + E + SM3_K[j], 7); \
    uint32_t ss2_ = ss1_ ^ a12_; \
    uint32_t w_ = W[(j) & 15]; \
    uint32_t tt1_ = FF(A, B, C) + D + ss2_ + (w_ ^ W[((j) + 4) & 15]); \
    uint32_t tt2_ = GG(E, F, G) + H + ss1_ + w_; \
    B = ROL(B, 9); D = tt1_; F = ROL(F, 19); H = P0(tt2_); \
} while (0)

#define NOEXP(j) ((void)0)
/* Four rounds j..j+3, expanding W_{j+4}..W_{j+7} just before they are needed. */
#define ROUND4(j, FF, GG, EXP) do { \
    EXP((j) + 4); ROUND(a, b, c, d, e, f, g, h, (j) + 0, FF, GG); \
    EXP((j) + 5); ROUND(d, a, b, c, h, e, f, g, (j) + 1, FF, GG); \
    EXP((j) + 6); ROUND(c, d, a, b, g, h, e, f, (j) + 2, FF, GG); \
    EXP((j) + 7); ROUND(b, c, d, a, f, g, h, e, (j) + 3, FF, GG); \
} while (0)

/* 5.3.3 compression function CF, 5.3.1 iteration over the blocks. */
void sluice_sm3_compress(uint32_t v[8], const uint8_t *p, size_t nblocks) {
    uint32_t W[16];
    while (nblocks--) {
        for (int i = 0; i < 16; i++) W[i] = load32_be(p + 4 * i); /* 5.3.2 a) */
        uint32_t a = v[0], b = v[1], c = v[2], d = v[3];
        uint32_t e = v[4], f = v[5], g = v[6], h = v[7];
        ROUND4(0, FF0, GG0, NOEXP);
        ROUND4(4, FF0, GG0, NOEXP);
        ROUND4(8, FF0, GG0, NOEXP);
        ROUND4(12, FF0, GG0, EXPAND);
        ROUND4(16, FF1, GG1, EXPAND);
        ROUND4(20, FF1, GG1, EXPAND);
        ROUND4(24, FF1, GG1, EXPAND);
        ROUND4(28, FF1, GG1, EXPAND);
        ROUND4(32, FF1, GG1, EXPAND);
        ROUND4(36, FF1, GG1, EXPAND);
        ROUND4(40, FF1, GG1, EXPAND);
        ROUND4(44, FF1, GG1, EXPAND);
        ROUND4(48, FF1, GG1, EXPAND);
        ROUND4(52, FF1, GG1, EXPAND);
        ROUND4(56, FF1, GG1, EXPAND);
        ROUND4(60, FF1, GG1, EXPAND);
        /* V(i+1) = ABCDEFGH xor V(i) */
        v[0] ^= a; v[1] ^= b; v[2] ^= c; v[3] ^= d;
        v[4] ^= e; v[5] ^= f; v[6] ^= g; v[7] ^= h;
        p += 64;
    }
}

void sluice_sm3_init(sluice_sm3_ctx *c) {
    memcpy(c->v, sm3_iv, sizeof c->v);
    c->nblocks = 0;
    c->pos = 0;
}

void sluice_sm3_update(sluice_sm3_ctx *c, const void *data, size_t len) {
    const uint8_t *p = (const uint8_t *)data;
    if (len == 0) return; /* data may be NULL then */
    if (c->pos) {
        size_t take = 64 - c->pos;
        if (take > len) take = len;
        memcpy(c->buf + c->pos, p, take);
        c->pos += (unsigned)take; p += take; len -= take;
        if (c->pos < 64) return;
        sluice_sm3_compress(c->v, c->buf, 1);
        c->nblocks++;
        c->pos = 0;
    }
    size_t n = len / 64;
    if (n) {
        sluice_sm3_compress(c->v, p, n);
        c->nblocks += n;
        p += 64 * n; len -= 64 * n;
    }
    if (len) { memcpy(c->buf, p, len); c->pos = (unsigned)len; }
}

/* 5.2 padding: a 1 bit, k zero bits with l + 1 + k = 448 mod 512, then the
 * 64-bit big-endian bit length l. */
void sluice_sm3_final(sluice_sm3_ctx *c, uint8_t out[32]) {
    uint64_t bits = (c->nblocks * 64 + c->pos) * 8;
    c->buf[c->pos++] = 0x80;
    if (c->pos > 56) {
        memset(c->buf + c->pos, 0, 64 - c->pos);
        sluice_sm3_compress(c->v, c->buf, 1);
        c->pos = 0;
    }
    memset(c->buf + c->pos, 0, 56 - c->pos);
    store32_be(c->buf + 56, (uint32_t)(bits >> 32));
    store32_be(c->buf + 60, (uint32_t)bits);
    sluice_sm3_compress(c->v, c->buf, 1);
    for (int i = 0; i < 8; i++) store32_be(out + 4 * i, c->v[i]);
}

void sluice_sm3(uint8_t out[32], const void *data, size_t len) {
    sluice_sm3_ctx c;
    sluice_sm3_init(&c);
    sluice_sm3_update(&c, data, len);
    sluice_sm3_final(&c, out);
}
