/* Ethash targets: boundary and difficulty checks on 256-bit big-endian
 * integers, boundaries from difficulties, verdict names and light verification.
 * Spec: ../shared/specs/ethash.md step 5 ("final * difficulty <= 2^256");
 * reference: chfast/ethash lib/ethash/ethash.cpp (check_against_difficulty,
 * verify_against_difficulty) and go-ethereum consensus/ethash (verifySeal). */
#include "pow/ethash_internal.h"
#include <math.h>
#include <string.h>

/* 256-bit numbers as 4 little-endian 64-bit limbs. */
static void load_be256(uint64_t x[4], const uint8_t b[32]) {
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        for (int j = 0; j < 8; j++) v = (v << 8) | b[8 * (3 - i) + j];
        x[i] = v;
    }
}

static void store_be256(uint8_t b[32], const uint64_t x[4]) {
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++) b[8 * (3 - i) + j] = (uint8_t)(x[i] >> (56 - 8 * j));
}

int sluice_ethash_boundary_ok(const uint8_t final[32], const uint8_t boundary[32]) {
    return memcmp(final, boundary, 32) <= 0;   /* big-endian: byte order is numeric order */
}

/* final * difficulty as a 512-bit product; ok iff the product <= 2^256, i.e.
 * its high half is 0, or exactly 1 with a zero low half. */
int sluice_ethash_difficulty_ok(const uint8_t final[32], const uint8_t difficulty[32]) {
    uint64_t f[4], d[4], p[8] = {0};
    load_be256(f, final);
    load_be256(d, difficulty);
    if ((d[0] | d[1] | d[2] | d[3]) == 0) return 0;
    for (int i = 0; i < 4; i++) {
        unsigned __int128 carry = 0;
        for (int j = 0; j < 4; j++) {
            unsigned __int128 t = (unsigned __int128)f[i] * d[j] + p[i + j] + carry;
            p[i + j] = (uint64_t)t;
            carry = t >> 64;
        }
        p[i + 4] = (uint64_t)carry;
    }
    uint64_t high_rest = p[5] | p[6] | p[7], low = p[0] | p[1] | p[2] | p[3];
    if (high_rest != 0 || p[4] > 1) return 0;
    return p[4] == 0 || low == 0;
}

/* Shift-subtract long division of `num` (nlimbs 64-bit limbs, little-endian)
 * by a 256-bit divisor d != 0; the quotient goes to q (nlimbs limbs). */
static void div_big(const uint64_t *num, int nlimbs, const uint64_t d[4], uint64_t *q) {
    uint64_t r[5] = {0};   /* remainder < d < 2^256, one spare limb for the shift */
    for (int i = 0; i < nlimbs; i++) q[i] = 0;
    for (int bit = 64 * nlimbs - 1; bit >= 0; bit--) {
        for (int k = 4; k > 0; k--) r[k] = (r[k] << 1) | (r[k - 1] >> 63);
        r[0] = (r[0] << 1) | ((num[bit / 64] >> (bit % 64)) & 1);
        int ge = r[4] != 0;
        if (!ge) {
            ge = 1;
            for (int k = 3; k >= 0; k--)
                if (r[k] != d[k]) { ge = r[k] > d[k]; break; }
        }
        if (ge) {
            unsigned borrow = 0;
            for (int k = 0; k < 4; k++) {
                uint64_t t = r[k] - d[k] - borrow;
                borrow = (r[k] < d[k]) || (r[k] - d[k] < borrow);
                r[k] = t;
            }
            r[4] -= borrow;
            q[bit / 64] |= 1ull << (bit % 64);
        }
    }
}

void sluice_ethash_boundary_from_difficulty(const uint8_t difficulty[32], uint8_t boundary[32]) {
    uint64_t d[4];
    load_be256(d, difficulty);
    if ((d[1] | d[2] | d[3]) == 0 && d[0] <= 1) {
        memset(boundary, 0xff, 32);
        return;
    }
    const uint64_t all_ones[4] = {~0ull, ~0ull, ~0ull, ~0ull};
    uint64_t q[4];
    div_big(all_ones, 4, d, q);
    store_be256(boundary, q);
}

/* EthereumStratum/1.0.0 (NiceHash): share difficulty 1 is the boundary
 * 0xffff * 2^208 (0x00000000ffff0000...); boundary = 0xffff * 2^208 / diff.
 * The double is split exactly as m * 2^e (m a 53-bit integer) and the
 * division is done on integers, so the result is the exact floor of the
 * quotient of the double's value. Difficulties that are not positive numbers
 * (<= 0, NaN) or small enough to push the boundary past 2^256 - 1 give all
 * ones; +infinity gives 0. */
void sluice_ethash_boundary_from_share_difficulty(double difficulty, uint8_t boundary[32]) {
    if (!(difficulty > 0)) { memset(boundary, 0xff, 32); return; }
    if (isinf(difficulty)) { memset(boundary, 0, 32); return; }
    int e2;
    double frac = frexp(difficulty, &e2);                 /* difficulty = frac * 2^e2, frac in [0.5, 1) */
    uint64_t m = (uint64_t)ldexp(frac, 53);               /* exact: 53-bit mantissa */
    int e = e2 - 53;                                      /* difficulty = m * 2^e */
    int s = 208 - e;                                      /* boundary = 0xffff * 2^s / m */
    uint64_t num[9] = {0}, q[9];
    if (s >= 64 * 9 - 16) { memset(boundary, 0xff, 32); return; }
    if (s >= 0) {
        num[s / 64] = 0xffffull << (s % 64);
        if (s % 64 > 48) num[s / 64 + 1] = 0xffffull >> (64 - s % 64);
    } else {
        num[0] = -s < 64 ? 0xffffull >> -s : 0;           /* floor(floor(a / 2^k) / m) = floor(a / (2^k m)) */
    }
    const uint64_t d[4] = {m, 0, 0, 0};
    div_big(num, 9, d, q);
    for (int i = 4; i < 9; i++)
        if (q[i]) { memset(boundary, 0xff, 32); return; }
    store_be256(boundary, q);
}

const char *sluice_ethash_verdict_name(sluice_ethash_verdict v) {
    switch (v) {
    case SLUICE_ETHASH_VALID: return "valid";
    case SLUICE_ETHASH_BAD_MIX: return "mix hash mismatch";
    case SLUICE_ETHASH_BAD_DIFFICULTY: return "difficulty not met";
    }
    return "unknown verdict";
}

/* The mix is checked first (go-ethereum verifySeal order): a header with both
 * a wrong mix and too little work is reported as BAD_MIX. */
sluice_ethash_verdict sluice_ethash_verify(const sluice_ethash_epoch *ctx, const uint8_t header_hash[32],
                                           uint64_t nonce, const uint8_t mix_hash[32],
                                           const uint8_t difficulty[32]) {
    sluice_ethash_result r;
    sluice_ethash_light_hash(ctx, header_hash, nonce, &r);
    if (memcmp(r.mix, mix_hash, 32) != 0) return SLUICE_ETHASH_BAD_MIX;
    if (!sluice_ethash_difficulty_ok(r.final, difficulty)) return SLUICE_ETHASH_BAD_DIFFICULTY;
    return SLUICE_ETHASH_VALID;
}
