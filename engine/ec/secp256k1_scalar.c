/* Scalars mod the secp256k1 group order n, 4x64 limbs, fully reduced (see header).
 * Reduction folds the part above 2^256 with 2^256 == NC = 2^256 - n (129 bits),
 * the approach of bitcoin-core/secp256k1 src/scalar_4x64_impl.h (reduce_512),
 * written here as generic fixed-length multiply-accumulate passes. */
#include "ec/secp256k1_scalar.h"

typedef unsigned __int128 u128;

/* n, least significant limb first. */
static const uint64_t SC_N[4] = {0xBFD25E8CD0364141ULL, 0xBAAEDCE6AF48A03BULL,
                                 0xFFFFFFFFFFFFFFFEULL, 0xFFFFFFFFFFFFFFFFULL};
/* 2^256 - n = 0x1 4551231950B75FC4 402DA1732FC9BEBF. */
static const uint64_t SC_NC[3] = {0x402DA1732FC9BEBFULL, 0x4551231950B75FC4ULL, 1};

/* Given l < 2^256 plus a carry bit c (value c*2^256 + l < 2n), reduce once:
 * value >= n exactly when l + NC carries out (or c is set), and then
 * value - n = l + NC mod 2^256. Returns 1 if it subtracted. */
static int sc_final_sub(sl_secp256k1_sc *r, const uint64_t l[4], uint64_t c) {
    uint64_t t[4];
    u128 acc = (u128)l[0] + SC_NC[0];
    t[0] = (uint64_t)acc;
    acc = (acc >> 64) + l[1] + SC_NC[1];
    t[1] = (uint64_t)acc;
    acc = (acc >> 64) + l[2] + SC_NC[2];
    t[2] = (uint64_t)acc;
    acc = (acc >> 64) + l[3];
    t[3] = (uint64_t)acc;
    uint64_t over = c | (uint64_t)(acc >> 64);
    uint64_t mask = 0 - over;
    for (int i = 0; i < 4; i++) r->v[i] = (t[i] & mask) | (l[i] & ~mask);
    return (int)over;
}

/* out[0..k+3] = lo[0..3] + hi[0..k-1] * NC, for k <= 4 (out has k + 4 limbs). */
static void sc_fold(uint64_t *out, const uint64_t lo[4], const uint64_t *hi, int k) {
    for (int i = 0; i < k + 4; i++) out[i] = i < 4 ? lo[i] : 0;
    for (int i = 0; i < k; i++) {
        u128 acc = 0;
        for (int j = 0; j < 3; j++) {
            acc = (u128)hi[i] * SC_NC[j] + out[i + j] + (uint64_t)(acc >> 64);
            out[i + j] = (uint64_t)acc;
        }
        for (int j = i + 3; j < k + 4; j++) {
            acc = (u128)out[j] + (uint64_t)(acc >> 64);
            out[j] = (uint64_t)acc;
        }
    }
}

/* r = t mod n for a 512-bit t. Three folds shrink the excess above 2^256 from
 * 256 bits to 130, then to at most 3 bits, then to a carry bit; a last
 * conditional subtraction of n finishes (the value is then < 2^256 + 2^133 < 2n). */
static void sc_reduce512(sl_secp256k1_sc *r, const uint64_t t[8]) {
    uint64_t a[8], b[7], c[6];
    sc_fold(a, t, t + 4, 4);  /* < 2^256 + 2^385: a[4..6] significant, a[7] = 0 */
    sc_fold(b, a, a + 4, 3);  /* < 2^256 + 2^259: b[4] small, b[5..6] = 0 */
    sc_fold(c, b, b + 4, 1);  /* < 2^256 + 2^133: c[4] is 0 or 1, c[5] = 0 */
    sc_final_sub(r, c, c[4]);
}

int sl_secp256k1_sc_set_b32(sl_secp256k1_sc *r, const uint8_t in[32]) {
    uint64_t l[4];
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++) w = (w << 8) | in[(3 - i) * 8 + j];
        l[i] = w;
    }
    return sc_final_sub(r, l, 0);
}

void sl_secp256k1_sc_set_b64(sl_secp256k1_sc *r, const uint8_t in[64]) {
    uint64_t t[8];
    for (int i = 0; i < 8; i++) {
        uint64_t w = 0;
        for (int j = 0; j < 8; j++) w = (w << 8) | in[(7 - i) * 8 + j];
        t[i] = w;
    }
    sc_reduce512(r, t);
}

void sl_secp256k1_sc_get_b32(uint8_t out[32], const sl_secp256k1_sc *a) {
    for (int i = 0; i < 4; i++) {
        uint64_t w = a->v[3 - i];
        for (int j = 7; j >= 0; j--) {
            out[i * 8 + j] = (uint8_t)w;
            w >>= 8;
        }
    }
}

void sl_secp256k1_sc_set_u64(sl_secp256k1_sc *r, uint64_t x) {
    r->v[0] = x;
    r->v[1] = r->v[2] = r->v[3] = 0;
}

void sl_secp256k1_sc_add(sl_secp256k1_sc *r, const sl_secp256k1_sc *a, const sl_secp256k1_sc *b) {
    uint64_t s[4];
    u128 acc = 0;
    for (int i = 0; i < 4; i++) {
        acc = (u128)a->v[i] + b->v[i] + (uint64_t)(acc >> 64);
        s[i] = (uint64_t)acc;
    }
    sc_final_sub(r, s, (uint64_t)(acc >> 64));
}

void sl_secp256k1_sc_sub(sl_secp256k1_sc *r, const sl_secp256k1_sc *a, const sl_secp256k1_sc *b) {
    /* d = a - b mod 2^256; on borrow add n back (the carry out of that add is
     * the wrap that cancels the borrow). */
    uint64_t d[4];
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 acc = (u128)a->v[i] - b->v[i] - borrow;
        d[i] = (uint64_t)acc;
        borrow = (uint64_t)(acc >> 64) & 1;
    }
    uint64_t mask = 0 - borrow;
    u128 acc = 0;
    for (int i = 0; i < 4; i++) {
        acc = (u128)d[i] + (SC_N[i] & mask) + (uint64_t)(acc >> 64);
        r->v[i] = (uint64_t)acc;
    }
}

void sl_secp256k1_sc_neg(sl_secp256k1_sc *r, const sl_secp256k1_sc *a) {
    sl_secp256k1_sc zero = {{0, 0, 0, 0}};
    sl_secp256k1_sc_sub(r, &zero, a);
}

void sl_secp256k1_sc_mul(sl_secp256k1_sc *r, const sl_secp256k1_sc *a, const sl_secp256k1_sc *b) {
    uint64_t t[8] = {0};
    for (int i = 0; i < 4; i++) {
        u128 acc = 0;
        for (int j = 0; j < 4; j++) {
            acc = (u128)a->v[i] * b->v[j] + t[i + j] + (uint64_t)(acc >> 64);
            t[i + j] = (uint64_t)acc;
        }
        t[i + 4] = (uint64_t)(acc >> 64);
    }
    sc_reduce512(r, t);
}

void sl_secp256k1_sc_inv(sl_secp256k1_sc *r, const sl_secp256k1_sc *a) {
    /* Fermat: a^(n-2), left-to-right with a fixed 4-bit window. The exponent is
     * public, so the sequence of operations and table indices does not depend
     * on a. n - 2 ends in ...4141 - 2 = ...413F. */
    static const uint64_t E[4] = {0xBFD25E8CD036413FULL, 0xBAAEDCE6AF48A03BULL,
                                  0xFFFFFFFFFFFFFFFEULL, 0xFFFFFFFFFFFFFFFFULL};
    sl_secp256k1_sc tab[16];
    sl_secp256k1_sc_set_u64(&tab[0], 1);
    tab[1] = *a;
    for (int i = 2; i < 16; i++) sl_secp256k1_sc_mul(&tab[i], &tab[i - 1], a);
    sl_secp256k1_sc acc = tab[0];
    for (int w = 63; w >= 0; w--) {
        for (int s = 0; s < 4; s++) sl_secp256k1_sc_mul(&acc, &acc, &acc);
        unsigned idx = (unsigned)(E[w / 16] >> ((w % 16) * 4)) & 15u;
        if (idx) sl_secp256k1_sc_mul(&acc, &acc, &tab[idx]);
    }
    *r = acc;
}

int sl_secp256k1_sc_is_zero(const sl_secp256k1_sc *a) {
    uint64_t z = a->v[0] | a->v[1] | a->v[2] | a->v[3];
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}

int sl_secp256k1_sc_equal(const sl_secp256k1_sc *a, const sl_secp256k1_sc *b) {
    uint64_t z = (a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) |
                 (a->v[3] ^ b->v[3]);
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}

int sl_secp256k1_sc_is_high(const sl_secp256k1_sc *a) {
    /* (n - 1)/2, most significant limb last. */
    static const uint64_t H[4] = {0xDFE92F46681B20A0ULL, 0x5D576E7357A4501DULL,
                                  0xFFFFFFFFFFFFFFFFULL, 0x7FFFFFFFFFFFFFFFULL};
    /* a > H  <=>  H - a borrows. */
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)H[i] - a->v[i] - borrow;
        borrow = (uint64_t)(d >> 64) & 1;
    }
    return (int)borrow;
}

const sl_secp256k1_sc sl_secp256k1_sc_lambda = {{0xDF02967C1B23BD72ULL, 0x122E22EA20816678ULL,
                                                 0xA5261C028812645AULL, 0x5363AD4CC05C30E0ULL}};

/* r = round(a b / 2^384) for a, b < 2^256 (the result is < 2^128 + 1): the
 * full 512-bit product, then bit 383 rounds. */
static void sc_mul_shift384(sl_secp256k1_sc *r, const sl_secp256k1_sc *a, const uint64_t b[4]) {
    uint64_t t[8] = {0};
    for (int i = 0; i < 4; i++) {
        u128 acc = 0;
        for (int j = 0; j < 4; j++) {
            acc = (u128)a->v[i] * b[j] + t[i + j] + (uint64_t)(acc >> 64);
            t[i + j] = (uint64_t)acc;
        }
        t[i + 4] = (uint64_t)(acc >> 64);
    }
    u128 acc = (u128)t[6] + (t[5] >> 63);
    r->v[0] = (uint64_t)acc;
    acc = (acc >> 64) + t[7];
    r->v[1] = (uint64_t)acc;
    r->v[2] = (uint64_t)(acc >> 64);
    r->v[3] = 0;
}

void sl_secp256k1_sc_split_lambda(sl_secp256k1_sc *r1, sl_secp256k1_sc *r2, const sl_secp256k1_sc *k) {
    /* g1, g2 ~ 2^384 b2 / n and 2^384 (-b1) / n; minus_b1, minus_b2 as in
     * bitcoin-core/secp256k1 src/scalar_impl.h. */
    static const uint64_t G1[4] = {0xE893209A45DBB031ULL, 0x3DAA8A1471E8CA7FULL,
                                   0xE86C90E49284EB15ULL, 0x3086D221A7D46BCDULL};
    static const uint64_t G2[4] = {0x1571B4AE8AC47F71ULL, 0x221208AC9DF506C6ULL,
                                   0x6F547FA90ABFE4C4ULL, 0xE4437ED6010E8828ULL};
    static const sl_secp256k1_sc MINUS_B1 = {{0x6F547FA90ABFE4C3ULL, 0xE4437ED6010E8828ULL, 0, 0}};
    static const sl_secp256k1_sc MINUS_B2 = {{0xD765CDA83DB1562CULL, 0x8A280AC50774346DULL,
                                              0xFFFFFFFFFFFFFFFEULL, 0xFFFFFFFFFFFFFFFFULL}};
    sl_secp256k1_sc c1, c2;
    sc_mul_shift384(&c1, k, G1);
    sc_mul_shift384(&c2, k, G2);
    sl_secp256k1_sc_mul(&c1, &c1, &MINUS_B1);
    sl_secp256k1_sc_mul(&c2, &c2, &MINUS_B2);
    sl_secp256k1_sc_add(r2, &c1, &c2);
    sl_secp256k1_sc_mul(r1, r2, &sl_secp256k1_sc_lambda);
    sl_secp256k1_sc_sub(r1, k, r1);
}
