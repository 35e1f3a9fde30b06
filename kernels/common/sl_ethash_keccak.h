/* Legacy Keccak (padding byte 0x01, spec ethash.md "Hashes are legacy
 * Keccak") on registers for the Ethash kernels: the three fixed-length
 * messages Ethash hashes, each in one block.
 *
 * The permutation is written out lane by lane (no tables indexed at run
 * time): rho and pi as explicit assignments, so that CUDA keeps the 25 lanes
 * in registers. The rho offsets and pi positions are those of FIPS 202
 * section 3.2.2 / 3.2.3 (the same as sl_keccak_rotc / sl_keccak_piln in
 * sl_keccak.h, which walks them as a table); the round constants are
 * sl_keccak_rc. Lanes are little-endian 64-bit words, index x + 5y. */
#ifndef SL_ETHASH_KECCAK_H
#define SL_ETHASH_KECCAK_H

#include "sl_portable.h"
#include "sl_keccak.h"

DEVICE_FN void sl_ethash_keccakf(sl_u64 a[25])
{
    sl_u64 b[25], c[5], d[5];
    for (int round = 0; round < 24; round++) {
        /* theta */
        SL_UNROLL for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        SL_UNROLL for (int x = 0; x < 5; x++) d[x] = c[(x + 4) % 5] ^ SL_ROTL64(c[(x + 1) % 5], 1);
        SL_UNROLL for (int i = 0; i < 25; i++) a[i] ^= d[i % 5];
        /* rho and pi: b[y + 5 * ((2x + 3y) % 5)] = rotl(a[x + 5y], r[x][y]) */
        b[0] = a[0];
        b[10] = SL_ROTL64(a[1], 1);   b[20] = SL_ROTL64(a[2], 62);  b[5] = SL_ROTL64(a[3], 28);
        b[15] = SL_ROTL64(a[4], 27);  b[16] = SL_ROTL64(a[5], 36);  b[1] = SL_ROTL64(a[6], 44);
        b[11] = SL_ROTL64(a[7], 6);   b[21] = SL_ROTL64(a[8], 55);  b[6] = SL_ROTL64(a[9], 20);
        b[7] = SL_ROTL64(a[10], 3);   b[17] = SL_ROTL64(a[11], 10); b[2] = SL_ROTL64(a[12], 43);
        b[12] = SL_ROTL64(a[13], 25); b[22] = SL_ROTL64(a[14], 39); b[23] = SL_ROTL64(a[15], 41);
        b[8] = SL_ROTL64(a[16], 45);  b[18] = SL_ROTL64(a[17], 15); b[3] = SL_ROTL64(a[18], 21);
        b[13] = SL_ROTL64(a[19], 8);  b[14] = SL_ROTL64(a[20], 18); b[24] = SL_ROTL64(a[21], 2);
        b[9] = SL_ROTL64(a[22], 61);  b[19] = SL_ROTL64(a[23], 56); b[4] = SL_ROTL64(a[24], 14);
        /* chi */
        SL_UNROLL for (int y = 0; y < 25; y += 5)
            SL_UNROLL for (int x = 0; x < 5; x++)
                a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
        /* iota */
        a[0] ^= sl_keccak_rc[round];
    }
}

DEVICE_FN sl_u64 sl_ethash_lane(sl_u32 lo, sl_u32 hi) { return (sl_u64)lo | ((sl_u64)hi << 32); }

/* w = keccak512(w): a 64-byte message (a node) as 16 little-endian words.
 * Rate 72 bytes: lanes 0..7 message, lane 8 = padding 0x01 .. 0x80. */
DEVICE_FN void sl_ethash_keccak512_words(sl_u32 w[16])
{
    sl_u64 a[25];
    SL_UNROLL for (int i = 0; i < 8; i++) a[i] = sl_ethash_lane(w[2 * i], w[2 * i + 1]);
    a[8] = 0x8000000000000001UL;
    SL_UNROLL for (int i = 9; i < 25; i++) a[i] = 0;
    sl_ethash_keccakf(a);
    SL_UNROLL for (int i = 0; i < 8; i++) {
        w[2 * i] = (sl_u32)a[i];
        w[2 * i + 1] = (sl_u32)(a[i] >> 32);
    }
}

/* s = keccak512(header_hash[32] || le64(nonce)) (spec "Hashimoto" step 1):
 * a 40-byte message, lanes 0..3 header, lane 4 nonce, padding in 5 and 8. */
DEVICE_FN void sl_ethash_seed_words(const sl_u32 hh[8], sl_u64 nonce, sl_u32 s[16])
{
    sl_u64 a[25];
    SL_UNROLL for (int i = 0; i < 4; i++) a[i] = sl_ethash_lane(hh[2 * i], hh[2 * i + 1]);
    a[4] = nonce;
    a[5] = 0x01;
    SL_UNROLL for (int i = 6; i < 25; i++) a[i] = 0;
    a[8] = 0x8000000000000000UL;
    sl_ethash_keccakf(a);
    SL_UNROLL for (int i = 0; i < 8; i++) {
        s[2 * i] = (sl_u32)a[i];
        s[2 * i + 1] = (sl_u32)(a[i] >> 32);
    }
}

/* final = keccak256(s[64] || cmix[32]) (spec "Hashimoto", last line): a
 * 96-byte message, rate 136: lanes 0..11 message, padding in 12 and 16.
 * Returns the four output lanes; byte k of final is byte k % 8 of lane k / 8. */
DEVICE_FN void sl_ethash_final_lanes(const sl_u32 s[16], const sl_u32 cmix[8], sl_u64 out[4])
{
    sl_u64 a[25];
    SL_UNROLL for (int i = 0; i < 8; i++) a[i] = sl_ethash_lane(s[2 * i], s[2 * i + 1]);
    SL_UNROLL for (int i = 0; i < 4; i++) a[8 + i] = sl_ethash_lane(cmix[2 * i], cmix[2 * i + 1]);
    a[12] = 0x01;
    SL_UNROLL for (int i = 13; i < 25; i++) a[i] = 0;
    a[16] = 0x8000000000000000UL;
    sl_ethash_keccakf(a);
    SL_UNROLL for (int i = 0; i < 4; i++) out[i] = a[i];
}

/* The top 64 bits of final read as a big-endian number (bytes 0..7): lane 0
 * with its bytes reversed. */
DEVICE_FN sl_u64 sl_ethash_top64(sl_u64 lane0)
{
    sl_u64 r = 0;
    SL_UNROLL for (int i = 0; i < 8; i++) r = (r << 8) | ((lane0 >> (8 * i)) & 0xff);
    return r;
}

#endif
