/* Keccak-f[1600] and SHA3-256 (FIPS 202, padding byte 0x06) on private
 * memory, for short messages: the Bytom header hash, the Tensority sequence
 * (spec tensority.md section 2 step 1) and the final hash (step 4).
 * Lanes are little-endian 64-bit words, state index x + 5y. */
#ifndef SL_KECCAK_H
#define SL_KECCAK_H

#include "sl_portable.h"

/* FIPS 202 section 3.2.5: iota round constants. */
CONSTANT_VK sl_u64 sl_keccak_rc[24] = {
    0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808aUL, 0x8000000080008000UL,
    0x000000000000808bUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
    0x000000000000008aUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000aUL,
    0x000000008000808bUL, 0x800000000000008bUL, 0x8000000000008089UL, 0x8000000000008003UL,
    0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800aUL, 0x800000008000000aUL,
    0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL};
/* rho offsets and pi lane order, walked along the pi cycle starting at lane 1. */
CONSTANT_VK sl_u32 sl_keccak_rotc[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                         27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
CONSTANT_VK sl_u32 sl_keccak_piln[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                         15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

DEVICE_FN void sl_keccak_f1600(sl_u64 st[25])
{
    for (int round = 0; round < 24; round++) {
        sl_u64 bc[5];
        SL_UNROLL for (int i = 0; i < 5; i++)
            bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
        SL_UNROLL for (int i = 0; i < 5; i++) {
            sl_u64 t = bc[(i + 4) % 5] ^ SL_ROTL64(bc[(i + 1) % 5], 1);
            SL_UNROLL for (int j = 0; j < 25; j += 5) st[j + i] ^= t;
        }
        sl_u64 t = st[1];
        SL_UNROLL for (int i = 0; i < 24; i++) {
            int j = (int)sl_keccak_piln[i];
            sl_u64 tmp = st[j];
            st[j] = SL_ROTL64(t, sl_keccak_rotc[i]);
            t = tmp;
        }
        SL_UNROLL for (int j = 0; j < 25; j += 5) {
            SL_UNROLL for (int i = 0; i < 5; i++) bc[i] = st[j + i];
            SL_UNROLL for (int i = 0; i < 5; i++) st[j + i] ^= (~bc[(i + 1) % 5]) & bc[(i + 2) % 5];
        }
        st[0] ^= sl_keccak_rc[round];
    }
}

/* XORs the 136-byte block p (rate of SHA3-256) into the state, lane by lane. */
DEVICE_FN void sl_keccak_absorb136(sl_u64 st[25], const sl_u8 *p)
{
    for (int i = 0; i < 17; i++) {
        sl_u64 lane = 0;
        SL_UNROLL for (int b = 0; b < 8; b++) lane |= (sl_u64)p[8 * i + b] << (8 * b);
        st[i] ^= lane;
    }
}

/* out = SHA3-256(msg[0..len)), msg in private memory. */
DEVICE_FN void sl_sha3_256(const sl_u8 *msg, sl_u32 len, sl_u8 out[32])
{
    sl_u64 st[25];
    for (int i = 0; i < 25; i++) st[i] = 0;
    while (len >= 136) {
        sl_keccak_absorb136(st, msg);
        sl_keccak_f1600(st);
        msg += 136;
        len -= 136;
    }
    sl_u8 last[136];
    for (int i = 0; i < 136; i++) last[i] = 0;
    for (sl_u32 i = 0; i < len; i++) last[i] = msg[i];
    last[len] ^= 0x06;   /* SHA3 domain bits + first pad bit */
    last[135] ^= 0x80;   /* last pad bit */
    sl_keccak_absorb136(st, last);
    sl_keccak_f1600(st);
    for (int i = 0; i < 32; i++) out[i] = (sl_u8)(st[i / 8] >> (8 * (i % 8)));
}

#endif
