/* Spec tensority.md section 2 steps 3-4 on the device: S = R_0+R_1+R_2+R_3
 * (mod 256), fold to W[256][64] u32, FNV-reduce the rows, SHA3-256 of W[0].
 * Engine twin: sluice_tensority_finish.
 *
 * One work-group of SL_FOLD_WG = 64 threads per hash; thread i owns column
 * word i of W. The FNV reduction pairs row j with row j+k/2 for k = 256..2;
 * reading the rows in bit-reversed order turns that strided tree into a
 * left-to-right one that a 9-entry stack evaluates like a binary counter. */
#ifndef SL_TENSORITY_FOLD_H
#define SL_TENSORITY_FOLD_H

#include "sl_keccak.h"
#include "sl_tensority_params.h"

#define SL_FNV_PRIME 0x01000193u

DEVICE_FN sl_u32 sl_bitrev8(sl_u32 x)
{
    x = ((x & 0x0f) << 4) | ((x & 0xf0) >> 4);
    x = ((x & 0x33) << 2) | ((x & 0xcc) >> 2);
    x = ((x & 0x55) << 1) | ((x & 0xaa) >> 1);
    return x;
}

/* W[r][i]: bytes S[r][i], S[r][i+64], S[r][i+128], S[r][i+192], low byte first;
 * chains: the four R_k of one hash, 64 KiB each, row-major. */
DEVICE_FN sl_u32 sl_tensority_w(GLOBAL_AS const sl_u8 *chains, sl_u32 r, sl_u32 i)
{
    sl_u32 w = 0;
    for (sl_u32 b = 0; b < 4; b++) {
        sl_u32 off = r * 256 + i + 64 * b;
        sl_u32 s = (sl_u32)chains[off] + chains[off + 65536] + chains[off + 2 * 65536] +
                   chains[off + 3 * 65536];
        w |= (s & 0xff) << (8 * b);
    }
    return w;
}

/* The FNV-reduced W[0][i] (spec section 2 step 4). */
DEVICE_FN sl_u32 sl_tensority_fold_word(GLOBAL_AS const sl_u8 *chains, sl_u32 i)
{
    sl_u32 stack[9];
    int sp = 0;
    for (sl_u32 t = 0; t < 256; t++) {
        stack[sp++] = sl_tensority_w(chains, sl_bitrev8(t), i);
        /* merge as many times as t+1 has trailing zero bits: older*P ^ newer */
        for (sl_u32 u = t + 1; (u & 1) == 0; u >>= 1) {
            sp--;
            stack[sp - 1] = stack[sp - 1] * SL_FNV_PRIME ^ stack[sp];
        }
    }
    return stack[0];
}

/* Called by all SL_FOLD_WG threads of a group; wl: 64 words of local memory.
 * Thread 0 gets the 32-byte result in out; the others leave it untouched. */
DEVICE_FN void sl_tensority_finish(GLOBAL_AS const sl_u8 *chains, LOCAL_AS sl_u32 *wl, sl_u8 out[32])
{
    const sl_u32 i = SL_LID();
    wl[i] = sl_tensority_fold_word(chains, i);
    BARRIER();
    if (i == 0) {
        sl_u8 bytes[256];
        for (int k = 0; k < 256; k++) bytes[k] = (sl_u8)(wl[k / 4] >> (8 * (k % 4)));
        sl_sha3_256(bytes, 256, out);
    }
}

/* result <= target, both little-endian 256-bit integers (spec section 5). */
DEVICE_FN int sl_le256_leq(const sl_u8 res[32], GLOBAL_AS const sl_u8 *target)
{
    for (int b = 31; b >= 0; b--)
        if (res[b] != target[b]) return res[b] < target[b];
    return 1;
}

#endif
