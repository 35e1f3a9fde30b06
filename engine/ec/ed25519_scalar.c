/* Arithmetic mod L (ed25519_scalar.h). Products and digests are reduced by
 * folding at bit 252 with 2^252 == -(L - 2^252) (mod L), ref10's sc_reduce
 * on 64-bit limbs (reduce512 below has the bounds), then at most two
 * constant-time subtractions. */
#include "ec/ed25519_scalar.h"

typedef unsigned __int128 u128;

static const uint64_t L_LIMBS[4] = {UINT64_C(0x5812631a5cf5d3ed), UINT64_C(0x14def9dea2f79cd6), 0,
                                    UINT64_C(0x1000000000000000)};

static inline uint64_t load64_le(const uint8_t *b) {
    return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24 |
           (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 |
           (uint64_t)b[7] << 56; /* one load where the compiler can (written out for that) */
}

/* c = L - 2^252 (125 bits) and 2L, 64-bit limbs. */
static const uint64_t C_LIMBS[2] = {UINT64_C(0x5812631a5cf5d3ed), UINT64_C(0x14def9dea2f79cd6)};
static const uint64_t L2_LIMBS[4] = {UINT64_C(0xb024c634b9eba7da), UINT64_C(0x29bdf3bd45ef39ac), 0,
                                     UINT64_C(0x2000000000000000)};
#define M60 ((UINT64_C(1) << 60) - 1)

/* r[0..n+2) = a[0..n) * c, n <= 5: the 2n products first (independent),
 * then column by column (each column sums at most four 64-bit halves and a
 * carry below 2^3, so one 128-bit accumulator holds it). Written for
 * constant n after inlining: the loops unroll and the tests fold. */
static inline void mul_c(uint64_t *r, const uint64_t *a, int n) {
    u128 p0[5], p1[5], acc = 0;
#pragma GCC unroll 5
    for (int i = 0; i < n; i++) {
        p0[i] = (u128)a[i] * C_LIMBS[0];
        p1[i] = (u128)a[i] * C_LIMBS[1];
    }
#pragma GCC unroll 7
    for (int k = 0; k < n + 2; k++) {
        if (k < n) acc += (uint64_t)p0[k];
        if (k >= 1 && k - 1 < n) acc += (u128)(uint64_t)(p0[k - 1] >> 64) + (uint64_t)p1[k - 1];
        if (k >= 2) acc += (uint64_t)(p1[k - 2] >> 64);
        r[k] = (uint64_t)acc;
        acc >>= 64;
    }
}

/* a - m if a >= m (four limbs, constant time). */
static inline void cond_sub4(uint64_t a[4], const uint64_t m[4]) {
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] - m[i] - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    uint64_t keep = 0 - borrow; /* all ones if a < m */
    for (int i = 0; i < 4; i++) a[i] = (a[i] & keep) | (d[i] & ~keep);
}

/* r = x mod L for an 8-limb x, by folding at bit 252 with 2^252 == -c
 * (mod L), as ref10's sc_reduce does with 21-bit limbs (and with 64-bit
 * limbs here):
 *   x = h 2^252 + x_lo            x_lo < 2^252, h < 2^260
 *   t = h c = t_hi 2^252 + t_lo   t < 2^385, t_hi < 2^133
 *   u = t_hi c = u_hi 2^252 + u_lo  u < 2^258, u_hi < 2^6
 *   v = u_hi c < 2^131
 * so x == x_lo - t == x_lo - t_lo + u == x_lo - t_lo + u_lo - v (mod L).
 * With x_lo, t_lo, u_lo in [0, 2^252), y = x_lo + u_lo + 2L - t_lo - v lies
 * in (2^252 + 2c - 2^131, 2^254 + 2c), inside [0, 4L) (2c < 2^126): it is
 * computed mod 2^256 exactly, then brought below L by subtracting 2L and L
 * where they fit. No branches on x (sc_set_b64 reduces secret nonces). */
static void reduce512(sl_ed25519_sc *r, const uint64_t x[8]) {
    uint64_t h[5], t[7], th[3], u[5], uh, v[3];
    for (int i = 0; i < 5; i++) h[i] = (x[3 + i] >> 60) | (i < 4 ? x[4 + i] << 4 : 0);
    mul_c(t, h, 5);
    for (int i = 0; i < 3; i++) th[i] = (t[3 + i] >> 60) | (t[4 + i] << 4);
    mul_c(u, th, 3);
    uh = (u[3] >> 60) | (u[4] << 4);
    mul_c(v, &uh, 1);
    const uint64_t xl[4] = {x[0], x[1], x[2], x[3] & M60};
    const uint64_t tl[4] = {t[0], t[1], t[2], t[3] & M60};
    const uint64_t ul[4] = {u[0], u[1], u[2], u[3] & M60};
    const uint64_t vl[4] = {v[0], v[1], v[2], 0};
    /* y = (x_lo + u_lo + 2L) - (t_lo + v) mod 2^256: the true value is in
     * [0, 2^256) (above), so the wrapped carries and borrows give it exactly */
    uint64_t y[4], carry = 0, borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 sum = (u128)xl[i] + ul[i] + L2_LIMBS[i] + carry;
        carry = (uint64_t)(sum >> 64);
        u128 d = (u128)(uint64_t)sum - tl[i] - vl[i] - borrow;
        y[i] = (uint64_t)d;
        borrow = (uint64_t)(0 - (uint64_t)(d >> 64)); /* 0, 1 or 2 */
    }
    cond_sub4(y, L2_LIMBS); /* [0, 4L) -> [0, 2L) */
    cond_sub4(y, L_LIMBS);  /* -> [0, L) */
    for (int i = 0; i < 4; i++) r->v[i] = y[i];
}

int sl_ed25519_sc_set_b32(sl_ed25519_sc *r, const uint8_t b[32]) {
    uint64_t a[5];
    for (int i = 0; i < 4; i++) a[i] = load64_le(b + 8 * i);
    a[4] = 0;
    /* 2^256 < 16 L, so reduce through the general path and separately report
     * whether the input was >= L (a subtraction of L from it does not borrow). */
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] - L_LIMBS[i] - borrow;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    uint64_t x[8] = {a[0], a[1], a[2], a[3], 0, 0, 0, 0};
    reduce512(r, x);
    return (int)(borrow ^ 1);
}

void sl_ed25519_sc_set_b64(sl_ed25519_sc *r, const uint8_t b[64]) {
    uint64_t x[8];
    for (int i = 0; i < 8; i++) x[i] = load64_le(b + 8 * i);
    reduce512(r, x);
}

void sl_ed25519_sc_mul_b32_b16(sl_ed25519_sc *r, const uint8_t s[32], const uint8_t c[16]) {
    uint64_t a[4], b[2], x[8] = {0};
    for (int i = 0; i < 4; i++) a[i] = load64_le(s + 8 * i);
    b[0] = load64_le(c);
    b[1] = load64_le(c + 8);
    /* a b < 2^384: six limbs, the top two of x stay zero */
    for (int i = 0; i < 2; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 t = (u128)b[i] * a[j] + x[i + j] + carry;
            x[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        x[i + 4] = carry;
    }
    reduce512(r, x);
}

void sl_ed25519_sc_get_b32(uint8_t b[32], const sl_ed25519_sc *a) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) b[8 * i + j] = (uint8_t)(a->v[i] >> (8 * j));
}

void sl_ed25519_sc_set_u64(sl_ed25519_sc *r, uint64_t x) {
    /* every 64-bit value is < L */
    r->v[0] = x;
    r->v[1] = r->v[2] = r->v[3] = 0;
}

void sl_ed25519_sc_add(sl_ed25519_sc *r, const sl_ed25519_sc *a, const sl_ed25519_sc *b) {
    /* a + b < 2L < 2^254: no carry out of four limbs */
    uint64_t s[4], carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a->v[i] + b->v[i] + carry;
        s[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    cond_sub4(s, L_LIMBS);
    for (int i = 0; i < 4; i++) r->v[i] = s[i];
}

void sl_ed25519_sc_sub(sl_ed25519_sc *r, const sl_ed25519_sc *a, const sl_ed25519_sc *b) {
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a->v[i] - b->v[i] - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    /* add L back when a < b */
    uint64_t m = 0 - borrow, carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)d[i] + (L_LIMBS[i] & m) + carry;
        r->v[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
}

void sl_ed25519_sc_neg(sl_ed25519_sc *r, const sl_ed25519_sc *a) {
    sl_ed25519_sc z = {{0, 0, 0, 0}};
    sl_ed25519_sc_sub(r, &z, a);
}

void sl_ed25519_sc_mul(sl_ed25519_sc *r, const sl_ed25519_sc *a, const sl_ed25519_sc *b) {
    uint64_t x[8] = {0};
    for (int i = 0; i < 4; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; j++) {
            u128 t = (u128)a->v[i] * b->v[j] + x[i + j] + carry;
            x[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        x[i + 4] = carry;
    }
    reduce512(r, x);
}

void sl_ed25519_sc_inv(sl_ed25519_sc *r, const sl_ed25519_sc *a) {
    /* Left-to-right square-and-multiply over the public exponent L - 2. */
    static const uint64_t E[4] = {UINT64_C(0x5812631a5cf5d3eb), UINT64_C(0x14def9dea2f79cd6), 0,
                                  UINT64_C(0x1000000000000000)};
    sl_ed25519_sc acc = *a; /* top bit of E is bit 252 */
    for (int bit = 251; bit >= 0; bit--) {
        sl_ed25519_sc_mul(&acc, &acc, &acc);
        if ((E[bit >> 6] >> (bit & 63)) & 1) sl_ed25519_sc_mul(&acc, &acc, a);
    }
    *r = acc;
}

int sl_ed25519_sc_is_zero(const sl_ed25519_sc *a) {
    uint64_t z = a->v[0] | a->v[1] | a->v[2] | a->v[3];
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}

int sl_ed25519_sc_equal(const sl_ed25519_sc *a, const sl_ed25519_sc *b) {
    uint64_t z = (a->v[0] ^ b->v[0]) | (a->v[1] ^ b->v[1]) | (a->v[2] ^ b->v[2]) | (a->v[3] ^ b->v[3]);
    return (int)(((z | (0 - z)) >> 63) ^ 1);
}
