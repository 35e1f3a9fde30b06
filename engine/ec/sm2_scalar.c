/* Scalar arithmetic modulo the SM2 group order n; see sm2_scalar.h.
 *
 * Why Montgomery here when the field uses Solinas folding: 2^256 - n =
 * 2^224 + 8DFC2094 DE39FAD4 AC440BF6 C62ABEDD is about 2^224, so folding the
 * high half with 2^256 = (2^256 - n) mod n removes only 32 bits per pass.
 * Montgomery reduction (P. Montgomery, "Modular multiplication without trial
 * division", Math. Comp. 1985; word-by-word REDC as in HAC algorithm 14.32)
 * with R = 2^256 takes four word steps instead. Values stay in plain form:
 * mul computes REDC(a*b) = ab/R and then REDC((ab/R) * (R^2 mod n)) = ab. */
#include "ec/u256_limbs.h"
#include "ec/sm2_scalar.h"

typedef unsigned __int128 u128;

static const uint64_t SM2_N[4] = {
    0x53BBF40939D54123ULL, 0x7203DF6B21C6052BULL,
    0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFEFFFFFFFFULL
};
/* -n^-1 mod 2^64 */
static const uint64_t SM2_N_NEGINV = 0x327F9E8872350975ULL;
/* R^2 mod n, R = 2^256 */
static const sl_sm2_sc SM2_R2 = { {
    0x901192AF7C114F20ULL, 0x3464504ADE6FA2FAULL,
    0x620FC84C3AFFE0D4ULL, 0x1EB5E412A22B3D3BULL
} };

/* r = t - n if t + hi*2^256 >= n, else t. Requires t + hi*2^256 < 2n. */
static void sm2_sc_cond_sub_n(uint64_t r[4], const uint64_t t[4], uint64_t hi) {
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 x = (u128)t[i] - SM2_N[i] - borrow;
        d[i] = (uint64_t)x;
        borrow = (uint64_t)(x >> 64) & 1;
    }
    uint64_t keep_t = (uint64_t)0 - (borrow & (hi ^ 1));
    for (int i = 0; i < 4; i++) r[i] = (t[i] & keep_t) | (d[i] & ~keep_t);
}

/* r = t / 2^256 mod n for t < n * 2^256 (8 limbs). */
static void sm2_sc_redc(uint64_t r[4], const uint64_t tin[8]) {
    uint64_t t[9];
    for (int i = 0; i < 8; i++) t[i] = tin[i];
    t[8] = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t m = t[i] * SM2_N_NEGINV; /* makes limb i zero */
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 x = (u128)m * SM2_N[j] + t[i + j] + carry;
            t[i + j] = (uint64_t)x;
            carry = (uint64_t)(x >> 64);
        }
        for (int k = i + 4; k < 9; k++) {
            u128 x = (u128)t[k] + carry;
            t[k] = (uint64_t)x;
            carry = (uint64_t)(x >> 64);
        }
    }
    /* (t + m n) / R < (nR + Rn) / R = 2n */
    sm2_sc_cond_sub_n(r, t + 4, t[8]);
}

/* t = x * y (8 limbs), column-wise: column k sums x_i y_j with i + j = k,
 * held as a 128-bit accumulator plus a 64-bit overflow word. */
static void sm2_sc_mul512(uint64_t t[8], const uint64_t x[4], const uint64_t y[4]) {
    u128 acc = 0;
    uint64_t over = 0;
#define SM2_SC_ADD(i, j) do { u128 s_ = acc + (u128)x[i] * y[j]; \
        over += s_ < acc; acc = s_; } while (0)
#define SM2_SC_OUT(k) do { t[k] = (uint64_t)acc; \
        acc = (acc >> 64) | ((u128)over << 64); over = 0; } while (0)
    SM2_SC_ADD(0, 0); SM2_SC_OUT(0);
    SM2_SC_ADD(0, 1); SM2_SC_ADD(1, 0); SM2_SC_OUT(1);
    SM2_SC_ADD(0, 2); SM2_SC_ADD(1, 1); SM2_SC_ADD(2, 0); SM2_SC_OUT(2);
    SM2_SC_ADD(0, 3); SM2_SC_ADD(1, 2); SM2_SC_ADD(2, 1); SM2_SC_ADD(3, 0); SM2_SC_OUT(3);
    SM2_SC_ADD(1, 3); SM2_SC_ADD(2, 2); SM2_SC_ADD(3, 1); SM2_SC_OUT(4);
    SM2_SC_ADD(2, 3); SM2_SC_ADD(3, 2); SM2_SC_OUT(5);
    SM2_SC_ADD(3, 3); SM2_SC_OUT(6);
    t[7] = (uint64_t)acc;
#undef SM2_SC_ADD
#undef SM2_SC_OUT
}

/* r = a * b / R mod n */
static void sm2_sc_montmul(sl_sm2_sc *r, const sl_sm2_sc *a, const sl_sm2_sc *b) {
    uint64_t t[8];
    sm2_sc_mul512(t, a->v, b->v);
    sm2_sc_redc(r->v, t);
}

static void sm2_sc_load_be(uint64_t t[4], const uint8_t in[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t x = 0;
        for (int j = 0; j < 8; j++) x = (x << 8) | in[(3 - i) * 8 + j];
        t[i] = x;
    }
}

int sl_sm2_sc_set_b32(sl_sm2_sc *r, const uint8_t in[32]) {
    uint64_t t[4], borrow = 0;
    sm2_sc_load_be(t, in);
    for (int i = 0; i < 4; i++) {
        u128 x = (u128)t[i] - SM2_N[i] - borrow;
        borrow = (uint64_t)(x >> 64) & 1;
    }
    sm2_sc_cond_sub_n(r->v, t, 0); /* 2^256 < 2n */
    return (int)(borrow ^ 1);
}

void sl_sm2_sc_set_b64(sl_sm2_sc *r, const uint8_t in[64]) {
    /* in = H * 2^256 + L. H mod n times R = REDC(H * (R^2 mod n)). */
    sl_sm2_sc h, l;
    sl_sm2_sc_set_b32(&h, in);
    sl_sm2_sc_set_b32(&l, in + 32);
    sm2_sc_montmul(&h, &h, &SM2_R2);
    sl_sm2_sc_add(r, &h, &l);
}

void sl_sm2_sc_get_b32(uint8_t out[32], const sl_sm2_sc *a) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) out[(3 - i) * 8 + j] = (uint8_t)(a->v[i] >> (56 - 8 * j));
}

void sl_sm2_sc_set_u64(sl_sm2_sc *r, uint64_t x) {
    r->v[0] = x;
    r->v[1] = r->v[2] = r->v[3] = 0;
}

void sl_sm2_sc_add(sl_sm2_sc *r, const sl_sm2_sc *a, const sl_sm2_sc *b) {
    uint64_t t[4], carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 x = (u128)a->v[i] + b->v[i] + carry;
        t[i] = (uint64_t)x;
        carry = (uint64_t)(x >> 64);
    }
    sm2_sc_cond_sub_n(r->v, t, carry);
}

void sl_sm2_sc_sub(sl_sm2_sc *r, const sl_sm2_sc *a, const sl_sm2_sc *b) { sl_u256_sub_mod(r->v, a->v, b->v, SM2_N); }

void sl_sm2_sc_neg(sl_sm2_sc *r, const sl_sm2_sc *a) {
    sl_sm2_sc zero;
    sl_sm2_sc_set_u64(&zero, 0);
    sl_sm2_sc_sub(r, &zero, a);
}

void sl_sm2_sc_mul(sl_sm2_sc *r, const sl_sm2_sc *a, const sl_sm2_sc *b) {
    sl_sm2_sc t;
    sm2_sc_montmul(&t, a, b);        /* ab / R */
    sm2_sc_montmul(r, &t, &SM2_R2);  /* ab */
}

void sl_sm2_sc_inv(sl_sm2_sc *r, const sl_sm2_sc *a) {
    /* n - 2, least significant limb first (public exponent). */
    static const uint64_t e[4] = {
        0x53BBF40939D54121ULL, 0x7203DF6B21C6052BULL,
        0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFEFFFFFFFFULL
    };
    /* Fixed 4-bit windows over the public exponent (table index and the
     * skipped multiplications depend only on n - 2, not on a). */
    sl_sm2_sc tab[16], acc, one;
    sl_sm2_sc_set_u64(&one, 1);
    sm2_sc_montmul(&tab[1], a, &SM2_R2);     /* aR */
    sm2_sc_montmul(&tab[0], &one, &SM2_R2);  /* R: 1 in Montgomery form */
    for (int k = 2; k < 16; k++) sm2_sc_montmul(&tab[k], &tab[k - 1], &tab[1]);
    acc = tab[0];
    for (int i = 63; i >= 0; i--) {
        for (int k = 0; k < 4; k++) sm2_sc_montmul(&acc, &acc, &acc);
        unsigned nib = (unsigned)(e[i / 16] >> (4 * (i % 16))) & 15;
        if (nib) sm2_sc_montmul(&acc, &acc, &tab[nib]);
    }
    sm2_sc_montmul(r, &acc, &one);     /* leave Montgomery form */
}

int sl_sm2_sc_is_zero(const sl_sm2_sc *a) {
    uint64_t z = a->v[0] | a->v[1] | a->v[2] | a->v[3];
    return (int)(((z | ((uint64_t)0 - z)) >> 63) ^ 1);
}

int sl_sm2_sc_equal(const sl_sm2_sc *a, const sl_sm2_sc *b) {
    uint64_t z = (a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) | (a->v[3] ^ b->v[3]);
    return (int)(((z | ((uint64_t)0 - z)) >> 63) ^ 1);
}
