/* Shared body of the four-way Keccak (included by keccak_x4_avx2.c and
 * keccak_x4_avx512.c, which define V and the V_* operations for their ISA).
 * Lane k of vector s[i] is lane i of state k. */

#define KECCAK_PERM_NAME perm_x4
#include "hash/keccak_perm_body.h"
#undef KECCAK_PERM_NAME

static inline uint64_t ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* Lane i of four blocks as one vector (x86 is little-endian, as FIPS 202 B.1 wants). */
static inline V load4(const uint8_t *const p[4], size_t off) {
    return V_SET4(ld64(p[0] + off), ld64(p[1] + off), ld64(p[2] + off), ld64(p[3] + off));
}

/* The sponge (FIPS 202 4) with pad10*1 (5.1) after the domain byte `pad`. */
static void sponge_x4(uint8_t *const out[4], unsigned outlen, uint8_t pad,
                      const uint8_t *const in[4], size_t len) {
    const unsigned rate = 200 - 2 * outlen, w = rate / 8;
    V s[25];
    for (int i = 0; i < 25; i++) s[i] = V_ZERO();
    size_t off = 0;
    for (; len - off >= rate; off += rate) {
        for (unsigned i = 0; i < w; i++) s[i] = V_XOR(s[i], load4(in, off + 8 * i));
        perm_x4(s);
    }
    /* Final block: the tail of each message, then pad, zeros, 0x80. */
    uint8_t last[4][200];
    const uint8_t *lp[4];
    size_t rem = len - off;
    for (int k = 0; k < 4; k++) {
        memset(last[k], 0, rate);
        if (rem) memcpy(last[k], in[k] + off, rem);
        last[k][rem] ^= pad;
        last[k][rate - 1] ^= 0x80;
        lp[k] = last[k];
    }
    for (unsigned i = 0; i < w; i++) s[i] = V_XOR(s[i], load4(lp, 8 * i));
    perm_x4(s);
    for (unsigned i = 0; i < outlen / 8; i++) {
        uint64_t t[4];
        V_STORE(t, s[i]);
        for (int k = 0; k < 4; k++) memcpy(out[k] + 8 * i, &t[k], 8);
    }
}

static void f1600_x4_mem(uint64_t st[25][4]) {
    V s[25];
    for (int i = 0; i < 25; i++) s[i] = V_LOADU(st[i]);
    perm_x4(s);
    for (int i = 0; i < 25; i++) V_STORE(st[i], s[i]);
}
