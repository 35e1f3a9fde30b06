/* RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996; ISO/IEC 10118-3). Used by
 * the Bytom VM's HASH160, which is RIPEMD-160 of the data alone (Bytom
 * crypto.Ripemd160, no SHA-256 step). */
#ifndef SLUICE_RIPEMD160_H
#define SLUICE_RIPEMD160_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t h[5];
    uint64_t total;     /* bytes hashed so far */
    uint8_t buf[64];
    size_t nbuf;
} sluice_ripemd160_ctx;

void sluice_ripemd160_init(sluice_ripemd160_ctx *c);
void sluice_ripemd160_update(sluice_ripemd160_ctx *c, const void *data, size_t len);
/* Writes the 20-byte digest; the context must be initialised again before reuse. */
void sluice_ripemd160_final(sluice_ripemd160_ctx *c, uint8_t out[20]);
/* One-shot RIPEMD-160 of data[0..len). */
void sluice_ripemd160(uint8_t out[20], const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
