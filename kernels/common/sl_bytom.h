/* The Bytom block hash on the device (specs/bytom-chain.md section 2; engine
 * twin: sluice_bytom_header_hash_nonce) and the Tensority matrix sequence
 * (specs/tensority.md section 2 step 1; engine twin: sluice_tensority_sequence). */
#ifndef SL_BYTOM_H
#define SL_BYTOM_H

#include "sl_keccak.h"

#define SL_BYTOM_BODY_BYTES 136
#define SL_BYTOM_NONCE_OFFSET 128   /* the nonce is the last 8 bytes, little-endian */

/* hh = EntryID("blockheader", body) = SHA3-256("entryid:blockheader:" || SHA3-256(body)),
 * body being the 136-byte header body with its nonce replaced. */
DEVICE_FN void sl_bytom_header_hash_nonce(GLOBAL_AS const sl_u8 *body, sl_u64 nonce, sl_u8 hh[32])
{
    sl_u8 b[SL_BYTOM_BODY_BYTES];
    for (int i = 0; i < SL_BYTOM_NONCE_OFFSET; i++) b[i] = body[i];
    for (int i = 0; i < 8; i++) b[SL_BYTOM_NONCE_OFFSET + i] = (sl_u8)(nonce >> (8 * i));
    sl_u8 e[20 + 32] = {'e', 'n', 't', 'r', 'y', 'i', 'd', ':', 'b', 'l',
                        'o', 'c', 'k', 'h', 'e', 'a', 'd', 'e', 'r', ':'};
    sl_sha3_256(b, SL_BYTOM_BODY_BYTES, e + 20);
    sl_sha3_256(e, 20 + 32, hh);
}

/* seq[32k .. 32k+32) = SHA3-256(hh[8k .. 8k+8)), k = 0..3: the matrix indices of chain k. */
DEVICE_FN void sl_tensority_sequence(const sl_u8 hh[32], GLOBAL_AS sl_u8 *seq)
{
    for (int k = 0; k < 4; k++) {
        sl_u8 d[32];
        sl_sha3_256(hh + 8 * k, 8, d);
        for (int i = 0; i < 32; i++) seq[32 * k + i] = d[i];
    }
}

#endif
