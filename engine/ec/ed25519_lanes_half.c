/* The half-size check of four signatures side by side (ed25519_lanes.h):
 * per lane the chain of sl_ed25519_base_two_scalarmul_var (ed25519_group.c)
 * over loop positions top-1..0, top = max(129, the NAF lengths of n0 and
 * n1): window-5 NAF digits of n0 and n1 at position i, window-8 NAF digits
 * of b at positions i (table of B, i < 128) and i + 128 (table of
 * 2^128 B), Strauss-Shamir with shared doublings; doublings of the identity
 * (before the first addition) are left out. With IFMA the window tables of
 * P0 and P1 are built in the lanes as well.
 *
 * The programs are written from sparse digit lists (no dense 257-digit
 * arrays, no memsets): each NAF is produced as its non-zero digits only,
 * each with its finished addition step and a bit in a position mask; the
 * loop positions with additions (the union of the four streams n0, n1, b
 * below 128, b from 128 on) are then walked from the top through the
 * masks, each stream's next addition copied whether or not the stream has
 * a digit there (the count advances only if it has), and runs of doublings
 * written as whole blocks. sl_ed25519_half_prog is the same program step
 * for step as the plain position-by-position construction (the tests keep
 * one). */
#include "ec/ed25519_lanes.h"

#include <string.h>

/* Most non-zero digits of a window-w NAF over positions 0..256: consecutive
 * ones are at least w apart (each window skips w positions), so at most
 * floor(256 / w) + 1: 52 for w = 5, 33 for w = 8. */
#define NAF_MAX 52

/* The program bound (ed25519_lanes.h): at most 256 doublings (one per
 * position below the top one, which is <= 256) and 52 + 52 + 33 additions,
 * so n <= 393. Runs of doublings are written 8 ops at a time (put_dbls: a
 * run of c >= 1 from index n - c writes 8 ceil(c / 8) <= c + 7 slots, up to
 * index n + 6, n counted after the run), and a stream's copy (take) lands
 * at the current n: every store is below index 393 + 7 = 400. */
_Static_assert(SL_ED25519_BASE_W >= 5 && SL_ED25519_BASE_W <= 8, "NAF_MAX assumes 5 <= w <= 8");
_Static_assert(SL_ED25519_LANE_MAX >= 256 + NAF_MAX + NAF_MAX + (256 / SL_ED25519_BASE_W + 1) + 7,
               "lane program too small for the half-size chain");

/* 64 bits of n from bit pos (0 <= pos < 320); l: n in six limbs, the top
 * two zero. Branch-free (the shift by 64 - off split in two for off = 0). */
static inline uint64_t bits64(const uint64_t l[6], int pos) {
    int i = pos >> 6, off = pos & 63;
    return (l[i] >> off) | ((l[i + 1] << 1) << (63 - off));
}

static inline uint64_t load64_le(const uint8_t *b) {
    return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24 |
           (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 |
           (uint64_t)b[7] << 56; /* one load where the compiler can (written out for that) */
}

/* n as four little-endian 64-bit limbs, then two zero limbs. */
static void load_limbs(uint64_t l[6], const uint8_t n[32]) {
    for (int i = 0; i < 4; i++) l[i] = load64_le(n + 8 * i);
    l[4] = l[5] = 0;
}

/* One digit stream, lowest position first: op[1..cnt] (the additions, in
 * the order of their positions), m (bit p of m[p / 64] set iff there is a
 * digit at position p; m[5], m[6] zero, for the reads of b's positions
 * i + 128). op[0] is a doubling that an exhausted cursor copies unused; a
 * step that finds no digit writes op[cnt + 1] unused. */
typedef struct {
    sl_ed25519_lane_op op[NAF_MAX + 2];
    uint64_t m[7];
    int cnt, low; /* low: the digits below position 128 */
} digit_list;

/* One step of the carry-propagating wNAF recoding of l (sl_ed25519_wnaf's,
 * as in libsecp256k1's ecmult_wnaf: a window starts at each bit that
 * differs from the running carry), window width ww, state *bit and *carry:
 * the next position p >= *bit whose bit differs from the carry, looked for
 * in the 63 bits from *bit. Returns 1 and the digit *d at *p (the carry and
 * *bit moved past its window) if there is one below 257; else 0 and *bit
 * moved 63 further (the bits skipped all equal the carry, which carries
 * on). No branch on the digits but for a window crossing the 64 bits read
 * (rare: 57 equal bits, then a digit). At *bit >= 257 it returns 0 (and
 * *bit keeps growing). The state is passed as separate scalars so that, inlined, it
 * stays in registers (the byte stores of the ops could alias a struct). */
static inline __attribute__((always_inline)) int
naf_step(const uint64_t l[6], int ww, int *bit, uint64_t *carry, int *p, int *d) {
    int b = *bit < 257 ? *bit : 256; /* reads stay inside l */
    uint64_t v = bits64(l, b), diff = v ^ (0 - *carry);
    int z = __builtin_ctzll(diff | (UINT64_C(1) << 63));
    int found = (int)((diff >> z) & 1) & (*bit + z < 257);
    uint64_t win = z <= 64 - ww ? v >> z : bits64(l, b + z);
    int64_t word = (int64_t)((win & ((UINT64_C(1) << ww) - 1)) + *carry);
    uint64_t c = (uint64_t)(word >> (ww - 1)) & 1;
    *d = (int)(word - (int64_t)(c << ww));
    *p = *bit + z;
    *carry = found ? c : *carry;
    *bit += z + (found ? ww : 0);
    return found;
}

static inline const void *digit_entry(const void *tab, size_t size, int d) {
    return (const char *)tab + size * (size_t)((d < 0 ? -d : d) >> 1);
}

/* Eight doublings; runs are written from this block whole (the op count
 * then advanced by the run's length): a loop that exits on the first pass
 * for runs of up to 8, instead of one mispredicted exit per run. */
static const sl_ed25519_lane_op DBL8[8] = {
    {&sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0},
    {&sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0},
    {&sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0},
    {&sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0},
    {&sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0},
    {&sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0},
    {&sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0},
    {&sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0},
};

/* One step of a window-5 walk (naf_step) whose digits are additions of
 * entries of tab (cached points, subtracted when sign ^ (digit < 0)),
 * appended to l (count *cnt) when found. */
static inline __attribute__((always_inline)) void
step_cached(digit_list *l, const uint64_t limbs[6], int *bit, uint64_t *carry, int *cnt,
            const sl_ed25519_ge_cached *tab, uint8_t sign) {
    int p, d, f = naf_step(limbs, 5, bit, carry, &p, &d);
    l->op[*cnt + 1] = (sl_ed25519_lane_op){digit_entry(tab, sizeof tab[0], d),
                                           SL_ED25519_LANE_CACHED, (uint8_t)((d < 0) ^ sign)};
    l->m[f ? p >> 6 : 0] |= (uint64_t)f << (p & 63);
    *cnt += f;
}

/* One step of the walk of b (window SL_ED25519_BASE_W): entries of b0 (the
 * table of B) below position 128, of b2 (of 2^128 B) from there; *low
 * counts the digits below 128. */
static inline __attribute__((always_inline)) void
step_base(digit_list *l, const uint64_t limbs[6], int *bit, uint64_t *carry, int *cnt, int *low,
          const sl_ed25519_ge_niels *b0, const sl_ed25519_ge_niels *b2) {
    int p, d, f = naf_step(limbs, SL_ED25519_BASE_W, bit, carry, &p, &d);
    l->op[*cnt + 1] = (sl_ed25519_lane_op){p < 128 ? digit_entry(b0, sizeof b0[0], d)
                                                   : digit_entry(b2, sizeof b2[0], d),
                                           SL_ED25519_LANE_NIELS, (uint8_t)(d < 0)};
    l->m[f ? p >> 6 : 0] |= (uint64_t)f << (p & 63);
    *cnt += f;
    *low += f & (p < 128);
}

/* The digit lists of a lane: the window-5 NAFs of n0 (entries of ta) and
 * n1 (of tr), the window-8 NAF of b (entries of the table of B below
 * position 128, of 2^128 B from there). The three recodings run
 * interleaved: each one is a chain of dependent steps, so side by side they
 * overlap. */
static void digit_lists(digit_list *la, digit_list *lr, digit_list *lb,
                        const sl_ed25519_half_lane *in, const sl_ed25519_ge_cached ta[8],
                        const sl_ed25519_ge_cached tr[8]) {
    const sl_ed25519_ge_niels *b0 = sl_ed25519_base_table(0), *b2 = sl_ed25519_base_table(2);
    uint64_t l0[6], l1[6], l2[6], ca = 0, cr = 0, cb = 0;
    int ba = 0, br = 0, bb = 0;
    load_limbs(l0, in->n0);
    load_limbs(l1, in->n1);
    load_limbs(l2, in->b);
    uint8_t sa = in->neg0 != 0, sr = in->neg1 != 0;
    int na = 0, nr = 0, nb = 0, nl = 0;
    for (int w = 0; w < 7; w++) la->m[w] = lr->m[w] = lb->m[w] = 0;
    la->op[0] = lr->op[0] = lb->op[0] = DBL8[0];
    /* side by side while all three run, then each one's rest alone (a
     * finished walk's steps would be wasted) */
    while (ba < 257 && br < 257 && bb < 257) {
        step_cached(la, l0, &ba, &ca, &na, ta, sa);
        step_cached(lr, l1, &br, &cr, &nr, tr, sr);
        step_base(lb, l2, &bb, &cb, &nb, &nl, b0, b2);
    }
    while (ba < 257) step_cached(la, l0, &ba, &ca, &na, ta, sa);
    while (br < 257) step_cached(lr, l1, &br, &cr, &nr, tr, sr);
    while (bb < 257) step_base(lb, l2, &bb, &cb, &nb, &nl, b0, b2);
    la->cnt = na;
    lr->cnt = nr;
    lb->cnt = nb;
    lb->low = nl;
}

/* Writes cnt >= 0 doublings at o (and up to 7 more slots, overwritten
 * later or past the program's end); returns cnt. */
static inline int put_dbls(sl_ed25519_lane_op *o, int cnt) {
    for (int k = 0; k < cnt; k += 8) memcpy(o + k, DBL8, sizeof DBL8);
    return cnt;
}

/* The addition at cursor *c if hit (the cursor then moves down), written
 * at o either way; returns hit. Branch-free: which streams have a digit at
 * a position is random. */
static inline int take(sl_ed25519_lane_op *o, const digit_list *l, int *c, int hit) {
    *o = l->op[*c];
    *c -= hit;
    return hit;
}

void sl_ed25519_half_prog(sl_ed25519_lane_prog *p, const sl_ed25519_half_lane *in,
                          const sl_ed25519_ge_cached ta[8], const sl_ed25519_ge_cached tr[8]) {
    digit_list la, lr, lb;
    digit_lists(&la, &lr, &lb, in, ta, tr);
    /* the loop positions with additions: n0's and n1's digits at i, b's at
     * i (i < 128) and at i + 128 */
    uint64_t u[5];
    for (int w = 0; w < 5; w++)
        u[w] = la.m[w] | lr.m[w] | (w < 2 ? lb.m[w] : 0) | lb.m[w + 2];
    int top = -1;
    for (int w = 4; w >= 0 && top < 0; w--)
        if (u[w]) top = 64 * w + 63 - __builtin_clzll(u[w]);
    /* b's cursors: below 128 from its last digit there, from 128 on from
     * its last digit */
    int ca = la.cnt, cr = lr.cnt, ch = lb.cnt;
    int cl = lb.low;
    int n = 0, prev = top;
    for (int w = 4; w >= 0; w--) {
        const uint64_t ma = la.m[w], mr = lr.m[w], ml = w < 2 ? lb.m[w] : 0, mh = lb.m[w + 2];
        for (uint64_t x = u[w]; x;) {
            int bit = 63 - __builtin_clzll(x), i = 64 * w + bit;
            x ^= UINT64_C(1) << bit;
            n += put_dbls(&p->op[n], prev - i); /* positions prev-1 .. i */
            prev = i;
            n += take(&p->op[n], &la, &ca, (int)(ma >> bit) & 1);
            n += take(&p->op[n], &lr, &cr, (int)(mr >> bit) & 1);
            n += take(&p->op[n], &lb, &cl, (int)(ml >> bit) & 1);
            n += take(&p->op[n], &lb, &ch, (int)(mh >> bit) & 1);
        }
    }
    if (top >= 0) n += put_dbls(&p->op[n], prev); /* positions prev-1 .. 0 */
    p->n = n;
}

void sl_ed25519_base_two_x4_var(sl_ed25519_ge r[4], const sl_ed25519_half_lane in[4],
                                int use_ifma) {
    sl_ed25519_ge_cached ta[4][8], tr[4][8];
    sl_ed25519_lane_prog p[4];
    if (use_ifma) { /* the eight tables in the lanes, four at a time */
        sl_ed25519_ge_cached *const ta4[4] = {ta[0], ta[1], ta[2], ta[3]};
        sl_ed25519_ge_cached *const tr4[4] = {tr[0], tr[1], tr[2], tr[3]};
        const sl_ed25519_ge *const p0[4] = {in[0].P0, in[1].P0, in[2].P0, in[3].P0};
        const sl_ed25519_ge *const p1[4] = {in[0].P1, in[1].P1, in[2].P1, in[3].P1};
        sl_ed25519_lanes_odd_multiples_ifma(ta4, 8, p0);
        sl_ed25519_lanes_odd_multiples_ifma(tr4, 8, p1);
    } else {
        for (int j = 0; j < 4; j++) {
            sl_ed25519_ge_odd_multiples_var(ta[j], 8, in[j].P0, 0);
            sl_ed25519_ge_odd_multiples_var(tr[j], 8, in[j].P1, 0);
        }
    }
    for (int j = 0; j < 4; j++) sl_ed25519_half_prog(&p[j], &in[j], ta[j], tr[j]);
    sl_ed25519_lanes_run(r, p, use_ifma);
}

void sl_ed25519_base_two_x8_ifma(sl_ed25519_ge r[8], const sl_ed25519_half_lane in[8]) {
    sl_ed25519_ge_cached ta[8][8], tr[8][8];
    sl_ed25519_lane_prog p[8];
    for (int h = 0; h < 8; h += 4) { /* the tables in the four-lane code */
        sl_ed25519_ge_cached *const ta4[4] = {ta[h], ta[h + 1], ta[h + 2], ta[h + 3]};
        sl_ed25519_ge_cached *const tr4[4] = {tr[h], tr[h + 1], tr[h + 2], tr[h + 3]};
        const sl_ed25519_ge *const p0[4] = {in[h].P0, in[h + 1].P0, in[h + 2].P0, in[h + 3].P0};
        const sl_ed25519_ge *const p1[4] = {in[h].P1, in[h + 1].P1, in[h + 2].P1, in[h + 3].P1};
        sl_ed25519_lanes_odd_multiples_ifma(ta4, 8, p0);
        sl_ed25519_lanes_odd_multiples_ifma(tr4, 8, p1);
    }
    for (int j = 0; j < 8; j++) sl_ed25519_half_prog(&p[j], &in[j], ta[j], tr[j]);
    sl_ed25519_lanes_run8_ifma(r, p);
}
