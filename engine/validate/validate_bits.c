/* The header's chain rules that need arithmetic: the retarget (reference:
 * BytomDAO/bytom v1.1.1 consensus/difficulty/difficulty.go CompactToBig,
 * BigToCompact, CalcNextRequiredDifficulty; protocol/state/blocknode.go
 * CalcNextBits, CalcPastMedianTime). Go's math/big is replaced by a fixed
 * sign-magnitude integer wide enough for any compact value times any int64. */
#include <string.h>

#include "sluice/bytom_genesis.h"
#include "sluice/bytom_validate.h"

/* |value| < 2^(55 + 8*252) * 2^64 < 2^2200: 36 limbs of 64 bits. */
#define NLIMBS 36

typedef struct {
    uint64_t l[NLIMBS];   /* magnitude, little-endian limbs */
    int neg;
} bigint;

static int big_is_zero(const bigint *a) {
    for (int i = 0; i < NLIMBS; i++)
        if (a->l[i]) return 0;
    return 1;
}

/* CompactToBig */
static void compact_to_big(uint64_t compact, bigint *out) {
    memset(out, 0, sizeof *out);
    uint64_t mantissa = compact & 0x007fffffffffffffULL;
    int neg = (compact & 0x0080000000000000ULL) != 0;
    unsigned exponent = (unsigned)(compact >> 56);
    if (exponent <= 3) {
        out->l[0] = mantissa >> (8 * (3 - exponent));
    } else {
        unsigned shift = 8 * (exponent - 3);    /* bits, up to 2016 */
        unsigned limb = shift / 64, bit = shift % 64;
        out->l[limb] |= mantissa << bit;
        if (bit) out->l[limb + 1] |= mantissa >> (64 - bit);
    }
    out->neg = neg && !big_is_zero(out);
}

/* a *= m (magnitude by a 64-bit unsigned) */
static void big_mul_u64(bigint *a, uint64_t m) {
    unsigned __int128 carry = 0;
    for (int i = 0; i < NLIMBS; i++) {
        unsigned __int128 t = (unsigned __int128)a->l[i] * m + carry;
        a->l[i] = (uint64_t)t;
        carry = t >> 64;
    }
}

/* a /= d (magnitude); returns the remainder */
static uint64_t big_div_u64(bigint *a, uint64_t d) {
    unsigned __int128 rem = 0;
    for (int i = NLIMBS - 1; i >= 0; i--) {
        unsigned __int128 cur = (rem << 64) | a->l[i];
        a->l[i] = (uint64_t)(cur / d);
        rem = cur % d;
    }
    return (uint64_t)rem;
}

static void big_add_one(bigint *a) {
    for (int i = 0; i < NLIMBS; i++)
        if (++a->l[i] != 0) break;
}

/* BigToCompact: exponent = byte length of |n|; mantissa = the low word of
 * |n| >> 8*(exponent-3) (or |n| << 8*(3-exponent)); shifted once more when
 * its bit 55 is set; the sign goes to bit 55 of the result. */
static uint64_t big_to_compact(const bigint *n) {
    if (big_is_zero(n)) return 0;
    int top = NLIMBS - 1;
    while (n->l[top] == 0) top--;
    unsigned bytes = (unsigned)top * 8;
    for (uint64_t v = n->l[top]; v; v >>= 8) bytes++;
    uint64_t exponent = bytes;
    uint64_t mantissa;
    if (exponent <= 3) {
        mantissa = n->l[0] << (8 * (3 - exponent));
    } else {
        unsigned shift = 8 * (unsigned)(exponent - 3);
        unsigned limb = shift / 64, bit = shift % 64;
        mantissa = n->l[limb] >> bit;
        if (bit && limb + 1 < NLIMBS) mantissa |= n->l[limb + 1] << (64 - bit);
    }
    if (mantissa & 0x0080000000000000ULL) {
        mantissa >>= 8;
        exponent++;
    }
    uint64_t compact = (exponent << 56) | mantissa;   /* Go: uint64(exponent<<56), wraps */
    if (n->neg) compact |= 0x0080000000000000ULL;
    return compact;
}

uint64_t sluice_bytom_next_bits(const sluice_bytom_header *parent,
                                const sluice_bytom_header *retarget_start) {
    if (parent->height % SLUICE_BYTOM_BLOCKS_PER_RETARGET != 0 || parent->height == 0)
        return parent->bits;
    if (!retarget_start) return parent->bits;   /* caller checks availability first */
    const int64_t target_span =
        (int64_t)SLUICE_BYTOM_BLOCKS_PER_RETARGET * SLUICE_BYTOM_TARGET_SECONDS_PER_BLOCK;
    /* int64(lastBH.Timestamp - compareBH.Timestamp): uint64 difference, then int64 */
    int64_t actual = (int64_t)(parent->timestamp - retarget_start->timestamp);

    bigint t;
    compact_to_big(parent->bits, &t);
    uint64_t mag = actual < 0 ? (uint64_t)0 - (uint64_t)actual : (uint64_t)actual;
    big_mul_u64(&t, mag);
    int neg = t.neg ^ (actual < 0);
    if (big_is_zero(&t)) neg = 0;
    /* big.Int.Div is Euclidean: for a negative dividend and a positive
     * divisor the quotient is floor(x / d), i.e. -(ceil(|x| / d)). */
    uint64_t rem = big_div_u64(&t, (uint64_t)target_span);
    if (neg && rem) big_add_one(&t);
    t.neg = neg && !big_is_zero(&t);
    return big_to_compact(&t);
}

uint64_t sluice_bytom_median_time(const uint64_t *timestamps, size_t n) {
    if (n == 0) return 0;
    uint64_t v[SLUICE_BYTOM_MEDIAN_TIME_BLOCKS];
    if (n > SLUICE_BYTOM_MEDIAN_TIME_BLOCKS) n = SLUICE_BYTOM_MEDIAN_TIME_BLOCKS;
    memcpy(v, timestamps, n * sizeof *v);
    for (size_t i = 1; i < n; i++) {   /* insertion sort, n <= 11 */
        uint64_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    return v[n / 2];
}
