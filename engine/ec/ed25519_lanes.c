/* Lane programs (ed25519_lanes.h): building them from NAF digits, and the
 * fe51 reference runner (the vector runner is in ed25519_ifma.c). The step
 * formulas are those of ed25519_group.c (HWCD 2008 section 3: dbl-2008-hwcd
 * and add-2008-hwcd-3 with k = 2d), each followed by the conversion of the
 * completed point to extended coordinates. */
#include "ec/ed25519_lanes.h"

#include <string.h>

#include "ec/ed25519_field_impl.h"
#include "ec/ed25519_ifma.h"

const sl_ed25519_ge_cached sl_ed25519_lane_identity = {
    {{1, 0, 0, 0, 0}}, {{1, 0, 0, 0, 0}}, {{1, 0, 0, 0, 0}}, {{0, 0, 0, 0, 0}}};
const sl_ed25519_fe sl_ed25519_lane_one = {{1, 0, 0, 0, 0}};

static inline void put_op(sl_ed25519_lane_op *o, const void *e, int kind, int sub) {
    o->e = e;
    o->kind = (uint8_t)kind;
    o->sub = (uint8_t)sub;
}

/* The Strauss chain over loop positions 63..0 for the key digits nk (window
 * SL_ED25519_KEYTAB_W) and base digits nb (window 8) at positions 64h + i,
 * h < 4, with the tables of 2^(64h) A and 2^(64h) B (the one-lane loop of
 * ed25519_group.c's strauss_run with span 64); doublings of the identity
 * (before the first addition) are left out. The digits are random, so the
 * non-zero ones are found by bit masks (col[i] bit h: key digit of table
 * h, bit 4 + h: base digit) rather than a branch per digit. */
static void build_chain(sl_ed25519_lane_prog *p, const int8_t nk[257], const int8_t nb[257],
                        const sl_ed25519_keytab *t, int neg_a) {
    const sl_ed25519_ge_niels *bt[4];
    uint8_t col[64];
    for (int h = 0; h < 4; h++) bt[h] = sl_ed25519_base_table(h);
    /* eight digits at a time: byte j of nz8 is 1 iff byte j of x is not 0 */
    for (int i = 0; i < 64; i += 8) {
        uint64_t c = 0;
        for (int h = 0; h < 8; h++) {
            uint64_t x;
            memcpy(&x, (h < 4 ? nk : nb) + 64 * (h & 3) + i, 8);
            const uint64_t lo7 = UINT64_C(0x7f7f7f7f7f7f7f7f);
            uint64_t nz8 = ((((x & lo7) + lo7) | x) >> 7) & UINT64_C(0x0101010101010101);
            c |= nz8 << h;
        }
        memcpy(col + i, &c, 8); /* back to bytes in the order they came from */
    }
    int started = 0, n = 0;
    for (int i = 63; i >= 0; i--) {
        put_op(&p->op[n], &sl_ed25519_lane_identity, SL_ED25519_LANE_DBL, 0);
        n += started;
        unsigned c = col[i];
        started |= c != 0;
        while (c) {
            int b = __builtin_ctz(c), h = b & 3, key = b < 4;
            c &= c - 1;
            int d = (key ? nk : nb)[64 * h + i], a = (d < 0 ? -d : d) >> 1;
            const void *e = key ? (const void *)&t->t[h][a] : (const void *)&bt[h][a];
            put_op(&p->op[n++], e, key ? SL_ED25519_LANE_CACHED : SL_ED25519_LANE_NIELS,
                   (d < 0) ^ (key & neg_a));
        }
    }
    p->n = n;
}

/* One step with the fe51 formulas (ed25519_group.c's add_cached/dbl_p2 and
 * p1p1_to_p3). */
static void step_fe51(sl_ed25519_ge *r, const sl_ed25519_lane_op *o) {
    sl_ed25519_fe x, y, z, t;
    if (o->kind == SL_ED25519_LANE_DBL) {
        sl_ed25519_fe xx, yy, zz2, s;
        fe51_sqr(&xx, &r->X);
        fe51_sqr(&yy, &r->Y);
        fe51_sqr(&zz2, &r->Z);
        fe51_add(&zz2, &zz2, &zz2);
        fe51_add(&s, &r->X, &r->Y);
        fe51_sqr(&s, &s);
        fe51_add(&y, &yy, &xx);
        fe51_sub(&z, &yy, &xx);
        fe51_sub(&x, &s, &y);
        fe51_sub(&t, &zz2, &z);
    } else {
        const sl_ed25519_fe *q[4];
        sl_ed25519_fe a, b, c, d, u;
        sl_ed25519_lane_op_factors(q, o);
        fe51_sub(&u, &r->Y, &r->X);
        fe51_mul(&a, &u, q[0]);
        fe51_add(&u, &r->Y, &r->X);
        fe51_mul(&b, &u, q[1]);
        fe51_mul(&c, &r->T, q[2]);
        fe51_mul(&d, &r->Z, q[3]);
        fe51_add(&d, &d, &d);
        fe51_sub(&x, &b, &a);
        fe51_add(&y, &b, &a);
        if (o->sub) {
            fe51_sub(&z, &d, &c);
            fe51_add(&t, &d, &c);
        } else {
            fe51_add(&z, &d, &c);
            fe51_sub(&t, &d, &c);
        }
    }
    fe51_mul(&r->X, &x, &t);
    fe51_mul(&r->Y, &y, &z);
    fe51_mul(&r->Z, &z, &t);
    fe51_mul(&r->T, &x, &y);
}

void sl_ed25519_lanes_run(sl_ed25519_ge r[4], const sl_ed25519_lane_prog p[4], int use_ifma) {
    if (use_ifma) {
        sl_ed25519_lanes_run_ifma(r, p);
        return;
    }
    for (int j = 0; j < 4; j++) {
        sl_ed25519_ge_identity(&r[j]);
        for (int i = 0; i < p[j].n; i++) step_fe51(&r[j], &p[j].op[i]);
    }
}

/* The key-table chains of n signatures (see sl_ed25519_keytab_x4_var). */
static void keytab_progs(sl_ed25519_lane_prog *p, const uint8_t *const *s, const uint8_t *const *k,
                         const sl_ed25519_keytab *const *t, int neg_a, int n) {
    int8_t nk[257], nb[257];
    for (int j = 0; j < n; j++) {
        sl_ed25519_wnaf(nk, k[j], SL_ED25519_KEYTAB_W);
        sl_ed25519_wnaf(nb, s[j], SL_ED25519_BASE_W);
        build_chain(&p[j], nk, nb, t[j], neg_a);
    }
}

void sl_ed25519_keytab_x4_var(sl_ed25519_ge r[4], const uint8_t *const s[4],
                              const uint8_t *const k[4], const sl_ed25519_keytab *const t[4],
                              int neg_a, int use_ifma) {
    sl_ed25519_lane_prog p[4];
    keytab_progs(p, s, k, t, neg_a, 4);
    sl_ed25519_lanes_run(r, p, use_ifma);
}

void sl_ed25519_keytab_x8_ifma(sl_ed25519_ge r[8], const uint8_t *const s[8],
                               const uint8_t *const k[8], const sl_ed25519_keytab *const t[8],
                               int neg_a) {
    sl_ed25519_lane_prog p[8];
    keytab_progs(p, s, k, t, neg_a, 8);
    sl_ed25519_lanes_run8_ifma(r, p);
}
