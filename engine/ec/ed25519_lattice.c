/* The half-size split of an Ed25519 challenge (ed25519_lattice.h): the
 * extended Euclidean algorithm on (r0, r1) = (8L, k), keeping
 *   r_i == t_i k (mod 8L)   and   r_i |t_{i+1}| + r_{i+1} |t_i| = 8L,
 * stopped at the first remainder r below 2^128. The previous remainder is
 * then >= 2^128, so the identity bounds the matching |t| by 8L / 2^128 <
 * 2^128. Consecutive t are coprime, so if that t is even the previous one is
 * odd and gives the fallback pair. The t alternate in sign (t_0 = 0, t_1 = 1,
 * t_2 = -q_1, ...), so only magnitudes are kept, in unsigned __int128, with
 * |t_{i+1}| = |t_{i-1}| + q_i |t_i|.
 *
 * Most steps are batched by Lehmer's method (Knuth, TAOCP vol. 2, 4.5.2,
 * Algorithm L): the quotients are found on the leading 63 bits of r0 and r1
 * (the same shift for both) while Knuth's two-sided test proves them equal to
 * the true ones, and the 2x2 matrix of the run is then applied to the full
 * numbers once. A run also stops before a remainder that might fall below
 * 2^128 (its lower bound is checked), so the stopping point is the plain
 * algorithm's; the last few steps, and any run that cannot make progress,
 * use one full division step (shift-and-subtract long division). */
#include "ec/ed25519_lattice.h"

typedef unsigned __int128 u128;

/* 8L = 2^255 + 8 * 27742317777372353535851937790883648493, 64-bit limbs. */
static const uint64_t L8[4] = {UINT64_C(0xc09318d2e7ae9f68), UINT64_C(0xa6f7cef517bce6b2), 0,
                               UINT64_C(0x8000000000000000)};

static int bitlen4(const uint64_t a[4]) {
    for (int i = 3; i >= 0; i--)
        if (a[i]) return 64 * i + 64 - __builtin_clzll(a[i]);
    return 0;
}

static int cmp4(const uint64_t a[4], const uint64_t b[4]) {
    for (int i = 3; i >= 0; i--)
        if (a[i] != b[i]) return a[i] > b[i] ? 1 : -1;
    return 0;
}

static void sub4(uint64_t a[4], const uint64_t b[4]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] - b[i] - borrow;
        a[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
}

/* r = a << s for 0 <= s < 256 (bits shifted out are dropped). */
static void shl4(uint64_t r[4], const uint64_t a[4], int s) {
    int w = s / 64, b = s % 64;
    for (int i = 3; i >= 0; i--) {
        uint64_t v = 0;
        if (i - w >= 0) {
            v = a[i - w] << b;
            if (b && i - w - 1 >= 0) v |= a[i - w - 1] >> (64 - b);
        }
        r[i] = v;
    }
}

static void shr1_4(uint64_t a[4]) {
    a[0] = (a[0] >> 1) | (a[1] << 63);
    a[1] = (a[1] >> 1) | (a[2] << 63);
    a[2] = (a[2] >> 1) | (a[3] << 63);
    a[3] >>= 1;
}

static void load4(uint64_t r[4], const uint8_t b[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t x = 0;
        for (int j = 7; j >= 0; j--) x = (x << 8) | b[8 * i + j];
        r[i] = x;
    }
}

static void store4(uint8_t b[32], const uint64_t a[4]) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) b[8 * i + j] = (uint8_t)(a[i] >> (8 * j));
}

/* r = a * x (a 4 limbs, r 5 limbs). */
static void mul4x1(uint64_t r[5], const uint64_t a[4], uint64_t x) {
    uint64_t c = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] * x + c;
        r[i] = (uint64_t)t;
        c = (uint64_t)(t >> 64);
    }
    r[4] = c;
}

/* r = x - y for 5-limb x >= y, keeping the low 4 limbs (the result is one
 * of the Euclidean remainders, below 2^256). */
static void sub5_to4(uint64_t r[4], const uint64_t x[5], const uint64_t y[5]) {
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)x[i] - y[i] - borrow;
        r[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
}

/* One plain Euclidean step on (r0, r1): r0 = r0 mod r1, returns the quotient
 * (below 2^128 because r0 < 2^256 and r1 >= 2^128). */
static u128 div_step(uint64_t r0[4], const uint64_t r1[4]) {
    int s = bitlen4(r0) - bitlen4(r1);
    u128 q = 0;
    if (s >= 0) {
        uint64_t sh[4];
        shl4(sh, r1, s);
        for (int j = s; j >= 0; j--) {
            if (cmp4(r0, sh) >= 0) {
                sub4(r0, sh);
                q |= (u128)1 << j;
            }
            if (j) shr1_4(sh);
        }
    }
    return q;
}

typedef __int128 i128;

/* a >> s, for 66 <= s <= 193 and a < 2^(s + 63) (the result fits in 63 bits). */
static uint64_t top63(const uint64_t a[4], int s) {
    int w = s / 64, b = s % 64;
    uint64_t v = a[w] >> b;
    if (b && w < 3) v |= a[w + 1] << (64 - b);
    return v;
}

/* Lehmer's inner loop on the leading bits; returns the number of steps m and
 * the matrix (a b; c d) with new r0 = a r0 + b r1, new r1 = c r0 + d r1
 * (entries below 2^63 in magnitude, a and b of opposite signs, as c and d). */
static int lehmer_run(i128 *pa, i128 *pb, i128 *pc, i128 *pd, const uint64_t r0[4],
                      const uint64_t r1[4]) {
    int shift = bitlen4(r0) - 63; /* >= 66: r0 >= r1 >= 2^128 */
    int64_t uh = (int64_t)top63(r0, shift), vh = (int64_t)top63(r1, shift);
    /* a remainder v is certainly >= 2^128 if its leading part is >= thr
     * (shift >= 66, so thr <= 2^62) */
    int64_t thr = shift >= 128 ? 1 : (int64_t)1 << (128 - shift);
    /* Single-word arithmetic: the cofactors of a run on 63-bit leading parts
     * stay below 2^63 in magnitude (they are bounded by uh, Knuth 4.5.2), and
     * any step whose arithmetic would still overflow 64 bits, or make an
     * entry -2^63, simply ends the run, which only shortens it: every
     * completed step is an exact Euclidean step, so the caller's result does
     * not depend on where a run stops. */
    int64_t a = 1, b = 0, c = 0, d = 1;
    int m = 0;
    /* Knuth's test divides the two perturbed leading parts uh + a by vh + c
     * and uh + b by vh + d. While the quotients agree, each pair follows
     * the Euclidean recurrence (x, y) -> (y, x - q y): uh' + a' = vh + c,
     * and vh' + c' = (uh - q vh) + (a - q c) = (uh + a) - q (vh + c), the
     * remainder of that division (the same for b, d). So after the first
     * step the four sums come from the previous division, without the
     * overflow checks (they are the previous positive divisor and a
     * remainder below it), and the division's latency is the only one on
     * the chain of steps; the products below only feed the checks. */
    int64_t dc, dd, na, nb;
    int sums_fit = !(__builtin_add_overflow(vh, c, &dc) || __builtin_add_overflow(vh, d, &dd) ||
                     __builtin_add_overflow(uh, a, &na) || __builtin_add_overflow(uh, b, &nb));
    while (sums_fit) {
        if (dc <= 0 || dd <= 0 || na < 0 || nb < 0) break;
        uint64_t q = (uint64_t)na / (uint64_t)dc, rc = (uint64_t)na % (uint64_t)dc;
        uint64_t rd = (uint64_t)nb % (uint64_t)dd;
        if (q != (uint64_t)nb / (uint64_t)dd) break;
        int64_t qc, qd, qv, nc, nd, nv, low;
        if (__builtin_mul_overflow((int64_t)q, c, &qc) || __builtin_mul_overflow((int64_t)q, d, &qd) ||
            __builtin_mul_overflow((int64_t)q, vh, &qv))
            break;
        if (__builtin_sub_overflow(a, qc, &nc) || __builtin_sub_overflow(b, qd, &nd) ||
            __builtin_sub_overflow(uh, qv, &nv))
            break;
        low = nc < nd ? nc : nd;
        if (low > 0) low = 0;
        if (__builtin_add_overflow(nv, low, &low) || low < thr)
            break; /* the new remainder might be below 2^128 */
        if (nc == INT64_MIN || nd == INT64_MIN) break; /* |entries| < 2^63 */
        a = c; b = d; c = nc; d = nd;
        uh = vh; vh = nv;
        na = dc; dc = (int64_t)rc; /* uh + a, vh + c for the new entries */
        nb = dd; dd = (int64_t)rd;
        m++;
    }
    *pa = a; *pb = b; *pc = c; *pd = d;
    return m;
}

/* x a + y b for 4-limb a, b and coefficients of opposite signs (or zero)
 * whose combination is known to be in [0, 2^256). */
static void combine(uint64_t r[4], const uint64_t a[4], i128 x, const uint64_t b[4], i128 y) {
    uint64_t pa[5], pb[5];
    mul4x1(pa, a, (uint64_t)(x < 0 ? -x : x));
    mul4x1(pb, b, (uint64_t)(y < 0 ? -y : y));
    if (y <= 0) sub5_to4(r, pa, pb); /* x >= 0 (x = 0, y > 0 goes below) */
    else sub5_to4(r, pb, pa);        /* x <= 0 */
}

static u128 mag(i128 x) { return (u128)(x < 0 ? -x : x); }

int sl_ed25519_split_8l_var(uint8_t c0[32], uint8_t c1_abs[32], int *c1_neg, const uint8_t k[32]) {
    uint64_t r0[4], r1[4];
    load4(r1, k);
    if (cmp4(r1, L8) >= 0) return 0;
    for (int i = 0; i < 4; i++) r0[i] = L8[i];
    u128 t0 = 0, t1 = 1; /* magnitudes of t_{i-1}, t_i */
    int neg1 = 0;        /* sign of t_i */
    while (r1[2] | r1[3]) { /* r1 >= 2^128 */
        i128 a, b, c, d;
        int m = lehmer_run(&a, &b, &c, &d, r0, r1);
        if (m > 0) {
            uint64_t n0[4], n1[4];
            combine(n0, r0, a, r1, b);
            combine(n1, r0, c, r1, d);
            /* the t follow the same positive recurrence in magnitude */
            u128 u0 = mag(a) * t0 + mag(b) * t1, u1 = mag(c) * t0 + mag(d) * t1;
            t0 = u0;
            t1 = u1;
            neg1 ^= m & 1;
            for (int i = 0; i < 4; i++) {
                r0[i] = n0[i];
                r1[i] = n1[i];
            }
            continue;
        }
        u128 q = div_step(r0, r1);
        /* |t_{i+1}| = |t_{i-1}| + q |t_i| < 2^128 (see above): no wrap */
        u128 tn = t0 + q * t1;
        t0 = t1;
        t1 = tn;
        neg1 ^= 1;
        for (int i = 0; i < 4; i++) {
            uint64_t x = r0[i];
            r0[i] = r1[i];
            r1[i] = x;
        }
    }
    const uint64_t *c = r1;
    u128 t = t1;
    int neg = neg1;
    if (!(t1 & 1)) { /* t0 and t1 are coprime: t0 is odd */
        c = r0;
        t = t0;
        neg = neg1 ^ 1;
    }
    store4(c0, c);
    uint64_t tl[4] = {(uint64_t)t, (uint64_t)(t >> 64), 0, 0};
    store4(c1_abs, tl);
    *c1_neg = neg;
    return 1;
}
