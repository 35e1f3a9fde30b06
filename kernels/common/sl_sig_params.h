/* Launch geometry and buffer layouts of the signature kernels (plain
 * preprocessor: included by kernels/common/sl_sig_kernels.h and by the host
 * runtime in host/src/{accel,opencl,cuda}_sig.c, so both agree). */
#ifndef SL_SIG_PARAMS_H
#define SL_SIG_PARAMS_H

#define SL_SIG_WG 64              /* work-items per group: verification, one item each */
#define SL_SIG_SETUP_WG 64        /* work-items per group: table setup */
#define SL_SIG_ITEM_BYTES 160     /* engine/sig/sig_internal.h, SL_SIG_DEVICE_ITEM */

/* Curve ids of the setup kernels: the sluice_sig_scheme values. */
#define SL_SIG_CURVE_SM2 0        /* sm2p256v1 */
#define SL_SIG_CURVE_K1 1         /* secp256k1 (BIP340) */
#define SL_SIG_CURVE_ED 2         /* edwards25519 */
#define SL_SIG_NCURVES 3

/* Fixed-base comb of the base point: a scalar's byte i selects entry
 * [i][byte] = byte * 2^(8 i) * G, so s G is 32 mixed additions and no
 * doubling. Entry [i][0] is unused (zero words). */
#define SL_SIG_COMB_BITS 8
#define SL_SIG_COMB_WINDOWS 32
#define SL_SIG_COMB_ENTRIES (SL_SIG_COMB_WINDOWS << SL_SIG_COMB_BITS)   /* 8192 */

/* 64-bit words per table entry, all field elements in Montgomery form:
 * short Weierstrass affine (x, y); Edwards (y + x, y - x, 2 d x y). */
#define SL_SIG_TAB_WORDS_W 8
#define SL_SIG_TAB_WORDS_E 12
/* The setup scratch: one projective point (X, Y, Z, T) per entry. */
#define SL_SIG_SCRATCH_WORDS 16

/* Variable-base multiplication: width-5 NAF, odd multiples P .. 15 P. */
#define SL_SIG_WNAF_W 5
#define SL_SIG_WNAF_TABLE 8
#define SL_SIG_WNAF_MAX 258       /* digits of a 256-bit scalar (+ carry, + 1 spare) */

/* Verdicts the kernels write (sluice_sig_status values; the host checks). */
#define SL_SIG_ST_VALID 0
#define SL_SIG_ST_INFINITY 7
#define SL_SIG_ST_MISMATCH 8

#endif
