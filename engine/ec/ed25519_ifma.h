/* Four field multiplications mod 2^255 - 19 at once with AVX-512 IFMA
 * (52-bit multiply-add on four 64-bit lanes of a 256-bit vector), chosen at
 * run time: the group code uses it for the independent products of one
 * point doubling or addition, the field code for two square-root
 * exponentiations side by side, and ed25519_lanes.h for four whole point
 * chains side by side (sl_ed25519_lanes_run_ifma, declared there), when
 * sl_ed25519_ifma_supported() is 1; the
 * scalar fe51 code otherwise (and off x86-64), which the tests check it
 * against. Same 5x51 representation as ed25519_field.h. Internal header
 * (engine/ec). */
#ifndef SLUICE_EC_ED25519_IFMA_H
#define SLUICE_EC_ED25519_IFMA_H

#include "ed25519_field.h"

/* 1 if the CPU (and OS) offer AVX-512F, AVX-512VL and AVX-512 IFMA. */
int sl_ed25519_ifma_supported(void);

/* *r[i] = *a[i] * *b[i] mod p for i < 4: every limb of every input must be
 * below 2^52 ("tight"; IFMA reads only 52 bits), outputs tight, the same
 * values as sl_ed25519_fe_mul (not necessarily the same limbs). The four
 * outputs must be distinct; they may alias inputs (all inputs are read
 * first). When a[i] == b[i] (the same pointers) for every i, the four
 * squarings are done with 15 products instead of 25. Only to be called when
 * sl_ed25519_ifma_supported() is 1. */
typedef struct {
    sl_ed25519_fe *r[4];
    const sl_ed25519_fe *a[4], *b[4];
} sl_ed25519_mul4;
void sl_ed25519_fe_mul4_ifma(const sl_ed25519_mul4 *m);

/* *r[i] = *a[i]^((p-5)/8) for i < 4 (sl_ed25519_fe_pow22523's chain, the
 * exponent of the square roots): tight inputs, tight outputs, distinct
 * outputs (r[i] may be a[i]). Only where sl_ed25519_ifma_supported() is 1. */
void sl_ed25519_fe_pow22523_4_ifma(sl_ed25519_fe *const r[4], const sl_ed25519_fe *const a[4]);

/* The same for eight elements in the lanes of 512-bit vectors
 * (ed25519_ifma8.c; about 1.7x the time of the four-lane chain, so about
 * 15% less per element). Only where sl_ed25519_ifma_supported() is 1 (it
 * checks AVX-512F and IFMA, all this needs). Same contract as above. */
void sl_ed25519_fe_pow22523_8_ifma(sl_ed25519_fe *const r[8], const sl_ed25519_fe *const a[8]);

#endif
