/* Point arithmetic on sm2p256v1 for signature verification; see sm2_group.h.
 * Formulas from the Explicit-Formulas Database (Bernstein, Lange:
 * hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html), with the field
 * operations inlined from sm2_field_impl.h. Variable-time (public data). */
#include <pthread.h>
#include <string.h>

#include "ec/sm2_field_impl.h"
#include "ec/sm2_group.h"

#define FMUL sm2_fe_mul_inl
#define FSQR sm2_fe_sqr_inl
#define FADD sm2_fe_add_inl
#define FSUB sm2_fe_sub_inl

/* GM/T 0003.5-2012 curve parameters in the field's Montgomery form (the
 * limbs of b R, Gx R, Gy R mod p, R = 2^256; plain values
 * b  = 28E9FA9E 9D9F5E34 4D5A9E4B CF6509A7 F39789F5 15AB8F92 DDBCBD41 4D940E93,
 * Gx = 32C4AE2C 1F198119 5F990446 6A39C994 8FE30BBF F2660BE1 715A4589 334C74C7,
 * Gy = BC3736A2 F4F6779C 59BDCEE3 6B692153 D0A9877C C62A4740 02DF32E5 2139F0A0;
 * test_sm2_field.c checks them through sl_sm2_fe_get_b32). */
const sl_sm2_fe sl_sm2_curve_b = {{0x90D230632BC0DD42ULL, 0x71CF379AE9B537ABULL,
                                   0x527981505EA51C3CULL, 0x240FE188BA20E2C8ULL}};
const sl_sm2_ge sl_sm2_gen = {
    {{0x61328990F418029EULL, 0x3E7981EDDCA6C050ULL, 0xD6A1ED99AC24C3C3ULL, 0x91167A5EE1C13B05ULL}},
    {{0xC1354E593C2D0DDDULL, 0xC1F5E5788D3295FAULL, 0x8D4CFB066E2A48F8ULL, 0x63CD65D481D735BDULL}},
};

static inline int fe_is_zero(const sl_sm2_fe *a) {
    return (a->v[0] | a->v[1] | a->v[2] | a->v[3]) == 0;
}

/* x^3 - 3x + b */
static void curve_rhs(sl_sm2_fe *r, const sl_sm2_fe *x) {
    sl_sm2_fe x3, t;
    FSQR(&x3, x);
    FMUL(&x3, &x3, x);
    FADD(&t, x, x);
    FADD(&t, &t, x);
    FSUB(&x3, &x3, &t);
    FADD(r, &x3, &sl_sm2_curve_b);
}

int sl_sm2_ge_on_curve_var(const sl_sm2_ge *a) {
    sl_sm2_fe l, rhs;
    FSQR(&l, &a->y);
    curve_rhs(&rhs, &a->x);
    return memcmp(&l, &rhs, sizeof l) == 0;
}

int sl_sm2_ge_set_x_var(sl_sm2_ge *r, const sl_sm2_fe *x, int odd) {
    sl_sm2_fe rhs, y;
    curve_rhs(&rhs, x);
    if (!sl_sm2_fe_sqrt(&y, &rhs))
        return 0;
    if (sl_sm2_fe_is_odd(&y) != odd)
        sm2_fe_neg_inl(&y, &y);
    r->x = *x;
    r->y = y;
    return 1;
}

void sl_sm2_gej_set_ge(sl_sm2_gej *r, const sl_sm2_ge *a) {
    r->x = a->x;
    r->y = a->y;
    r->z = SM2_FE_ONE;
    r->inf = 0;
}

void sl_sm2_gej_double_var(sl_sm2_gej *r, const sl_sm2_gej *a) {
    /* dbl-2001-b (a = -3): delta = Z^2, gamma = Y^2, beta = X gamma,
     * alpha = 3 (X - delta)(X + delta), X3 = alpha^2 - 8 beta,
     * Z3 = (Y + Z)^2 - gamma - delta, Y3 = alpha (4 beta - X3) - 8 gamma^2.
     * No point of order 2 exists (n is odd), so Y = 0 only for O. */
    if (a->inf || fe_is_zero(&a->y)) {
        r->inf = 1;
        return;
    }
    sl_sm2_fe delta, gamma, beta, alpha, t1, t2, x3, y3, z3;
    FSQR(&delta, &a->z);
    FSQR(&gamma, &a->y);
    FMUL(&beta, &a->x, &gamma);
    FSUB(&t1, &a->x, &delta);
    FADD(&t2, &a->x, &delta);
    FMUL(&t1, &t1, &t2);
    FADD(&alpha, &t1, &t1);
    FADD(&alpha, &alpha, &t1);
    FADD(&z3, &a->y, &a->z);
    FSQR(&z3, &z3);
    FSUB(&z3, &z3, &gamma);
    FSUB(&z3, &z3, &delta);
    FADD(&beta, &beta, &beta); /* 2 beta */
    FADD(&beta, &beta, &beta); /* 4 beta */
    FSQR(&x3, &alpha);
    FADD(&t1, &beta, &beta);   /* 8 beta */
    FSUB(&x3, &x3, &t1);
    FSUB(&t1, &beta, &x3);
    FMUL(&y3, &alpha, &t1);
    FSQR(&t2, &gamma);
    FADD(&t2, &t2, &t2);
    FADD(&t2, &t2, &t2);
    FADD(&t2, &t2, &t2);       /* 8 gamma^2 */
    FSUB(&r->y, &y3, &t2);
    r->x = x3;
    r->z = z3;
    r->inf = 0;
}

void sl_sm2_gej_add_ge_var(sl_sm2_gej *r, const sl_sm2_gej *a, const sl_sm2_ge *b) {
    if (a->inf) {
        sl_sm2_gej_set_ge(r, b);
        return;
    }
    /* madd-2004-hmv: T1 = Z1^2, T2 = T1 Z1, U2 = X2 T1, S2 = Y2 T2,
     * H = U2 - X1, R = S2 - Y1, Z3 = Z1 H, X3 = R^2 - H^3 - 2 X1 H^2,
     * Y3 = R (X1 H^2 - X3) - Y1 H^3. */
    sl_sm2_fe t1, t2, h, rr, hh, hhh, v, x3, y3;
    FSQR(&t1, &a->z);
    FMUL(&t2, &t1, &a->z);
    FMUL(&t1, &t1, &b->x);
    FMUL(&t2, &t2, &b->y);
    FSUB(&h, &t1, &a->x);
    FSUB(&rr, &t2, &a->y);
    if (fe_is_zero(&h)) {
        if (fe_is_zero(&rr)) {
            sl_sm2_gej_double_var(r, a); /* a == b */
        } else {
            r->inf = 1;                  /* a == -b */
        }
        return;
    }
    FMUL(&r->z, &a->z, &h);
    FSQR(&hh, &h);
    FMUL(&hhh, &hh, &h);
    FMUL(&v, &a->x, &hh);
    FSQR(&x3, &rr);
    FSUB(&x3, &x3, &hhh);
    FSUB(&x3, &x3, &v);
    FSUB(&x3, &x3, &v);
    FSUB(&t1, &v, &x3);
    FMUL(&y3, &rr, &t1);
    FMUL(&t2, &a->y, &hhh);
    FSUB(&r->y, &y3, &t2);
    r->x = x3;
    r->inf = 0;
}

void sl_sm2_gej_add_var(sl_sm2_gej *r, const sl_sm2_gej *a, const sl_sm2_gej *b) {
    if (a->inf) {
        *r = *b;
        return;
    }
    if (b->inf) {
        *r = *a;
        return;
    }
    /* add-1998-cmo-2: Z1Z1 = Z1^2, Z2Z2 = Z2^2, U1 = X1 Z2Z2, U2 = X2 Z1Z1,
     * S1 = Y1 Z2 Z2Z2, S2 = Y2 Z1 Z1Z1, H = U2 - U1, R = S2 - S1,
     * X3 = R^2 - H^3 - 2 U1 H^2, Y3 = R (U1 H^2 - X3) - S1 H^3,
     * Z3 = Z1 Z2 H (the mixed formula above with Z2 != 1). */
    sl_sm2_fe z1z1, z2z2, u1, u2, s1, s2, h, rr, hh, hhh, v, x3, y3, t;
    FSQR(&z1z1, &a->z);
    FSQR(&z2z2, &b->z);
    FMUL(&u1, &a->x, &z2z2);
    FMUL(&u2, &b->x, &z1z1);
    FMUL(&s1, &b->z, &z2z2);
    FMUL(&s1, &s1, &a->y);
    FMUL(&s2, &a->z, &z1z1);
    FMUL(&s2, &s2, &b->y);
    FSUB(&h, &u2, &u1);
    FSUB(&rr, &s2, &s1);
    if (fe_is_zero(&h)) {
        if (fe_is_zero(&rr))
            sl_sm2_gej_double_var(r, a); /* a == b */
        else
            r->inf = 1;                  /* a == -b */
        return;
    }
    FMUL(&t, &a->z, &b->z);
    FMUL(&r->z, &t, &h);
    FSQR(&hh, &h);
    FMUL(&hhh, &hh, &h);
    FMUL(&v, &u1, &hh);
    FSQR(&x3, &rr);
    FSUB(&x3, &x3, &hhh);
    FSUB(&x3, &x3, &v);
    FSUB(&x3, &x3, &v);
    FSUB(&t, &v, &x3);
    FMUL(&y3, &rr, &t);
    FMUL(&t, &s1, &hhh);
    FSUB(&r->y, &y3, &t);
    r->x = x3;
    r->inf = 0;
}

int sl_sm2_ge_set_all_gej_var(sl_sm2_ge *r, const sl_sm2_gej *a, size_t n) {
    enum { CHUNK = 128 };
    sl_sm2_fe prefix[CHUNK];
    for (size_t i = 0; i < n; i++)
        if (a[i].inf)
            return 0;
    for (size_t base = 0; base < n; base += CHUNK) {
        size_t m = n - base < CHUNK ? n - base : CHUNK;
        const sl_sm2_gej *aa = a + base;
        sl_sm2_fe acc, inv, zi, z2;
        /* Montgomery's trick: prefix[i] = z_0 ... z_(i-1). */
        acc = SM2_FE_ONE;
        for (size_t i = 0; i < m; i++) {
            prefix[i] = acc;
            FMUL(&acc, &acc, &aa[i].z);
        }
        sl_sm2_fe_inv(&inv, &acc);
        for (size_t i = m; i-- > 0;) {
            FMUL(&zi, &inv, &prefix[i]); /* 1 / z_i */
            FMUL(&inv, &inv, &aa[i].z);
            FSQR(&z2, &zi);
            FMUL(&r[base + i].x, &aa[i].x, &z2);
            FMUL(&z2, &z2, &zi);
            FMUL(&r[base + i].y, &aa[i].y, &z2);
        }
    }
    return 1;
}

void sl_sm2_odd_multiples_var(sl_sm2_ge *out, const sl_sm2_gej *bases, size_t nbases,
                              size_t count) {
    enum { BUF = 128 };
    sl_sm2_gej buf[BUF], dbl[BUF];
    sl_sm2_ge d_aff[BUF];
    if (count == 0 || count > BUF || nbases > BUF)
        return;
    /* Few points in all: full Jacobian additions of 2B (12M + 4S, five
     * multiplications more per point than mixed ones) cost less than the
     * inversion that would make every 2B affine (~270 multiplications'
     * worth), so the whole set takes one inversion. The one-shot verify's
     * light table (one base, 8 points) goes this way. */
    if (count > 1 && nbases * count <= BUF && nbases * (count - 1) * 5 < 256) {
        for (size_t b = 0; b < nbases; b++) {
            sl_sm2_gej d, *chain = buf + b * count;
            sl_sm2_gej_double_var(&d, &bases[b]);
            chain[0] = bases[b];
            for (size_t i = 1; i < count; i++)
                sl_sm2_gej_add_var(&chain[i], &chain[i - 1], &d);
        }
        sl_sm2_ge_set_all_gej_var(out, buf, nbases * count);
        return;
    }
    /* 2 B for every base, affine with one shared inversion. */
    if (count > 1) {
        memset(dbl, 0, sizeof(sl_sm2_gej) * nbases);
        for (size_t b = 0; b < nbases; b++)
            sl_sm2_gej_double_var(&dbl[b], &bases[b]);
        if (!sl_sm2_ge_set_all_gej_var(d_aff, dbl, nbases))
            return; /* unreachable: no point of order 1 or 2 but O */
    }
    /* Chains B, 3B, 5B, ... in Jacobian form, flushed to affine (one
     * inversion per flush) whenever the buffer cannot take another base. */
    size_t used = 0, first = 0;
    for (size_t b = 0; b < nbases; b++) {
        if (used + count > BUF) {
            sl_sm2_ge_set_all_gej_var(out + first * count, buf, used);
            first = b;
            used = 0;
        }
        buf[used] = bases[b];
        for (size_t i = 1; i < count; i++)
            sl_sm2_gej_add_ge_var(&buf[used + i], &buf[used + i - 1], &d_aff[b]);
        used += count;
    }
    sl_sm2_ge_set_all_gej_var(out + first * count, buf, used);
}

/* count (<= 16) bits of k starting at pos (k has a zero fifth limb). */
static inline unsigned get_bits(const uint64_t k[5], int pos, int count) {
    int limb = pos >> 6, off = pos & 63;
    uint64_t v = k[limb] >> off;
    if (off + count > 64)
        v |= k[limb + 1] << (64 - off);
    return (unsigned)(v & (((uint64_t)1 << count) - 1));
}

int sl_sm2_wnaf_var(int16_t *digits, const uint64_t k[4], int bits, int w) {
    /* Left-to-right scan with a carry (the shape of libsecp256k1's
     * secp256k1_ecmult_wnaf): at an odd position (bit + carry odd) take the
     * w-bit window plus carry as a digit, made signed by subtracting 2^w
     * (carrying 1 into position bit + w). A carry only arises when the window
     * lies below bit `bits` (the digit is odd, so it never equals 2^(w-1)
     * exactly), so the last digit sits at position <= bits. */
    uint64_t kk[5] = {k[0], k[1], k[2], k[3], 0};
    for (int l = 0; l < 4; l++) {
        int lo = 64 * l;
        if (bits <= lo)
            kk[l] = 0;
        else if (bits < lo + 64)
            kk[l] &= ((uint64_t)1 << (bits - lo)) - 1;
    }
    memset(digits, 0, sizeof(int16_t) * (size_t)(bits + 1));
    int bit = 0, last = -1;
    unsigned carry = 0;
    while (bit < bits) {
        if (get_bits(kk, bit, 1) == carry) {
            bit++;
            continue;
        }
        int word = (int)(get_bits(kk, bit, w) + carry);
        carry = (unsigned)(word >> (w - 1)) & 1;
        word -= (int)(carry << w);
        digits[bit] = (int16_t)word;
        last = bit;
        bit += w;
    }
    if (carry) {
        digits[bits] = 1; /* the carry sits at position bit == bits */
        last = bits;
    }
    return last + 1;
}

void sl_sm2_ecmult_strauss_var(sl_sm2_gej *r, const sl_sm2_stream *streams, size_t nstreams) {
    int top = 0;
    for (size_t s = 0; s < nstreams; s++)
        if (streams[s].len > top)
            top = streams[s].len;
    r->inf = 1;
    for (int i = top - 1; i >= 0; i--) {
        if (!r->inf)
            sl_sm2_gej_double_var(r, r);
        for (size_t s = 0; s < nstreams; s++) {
            if (i >= streams[s].len)
                continue;
            int d = streams[s].digits[i];
            if (d > 0) {
                sl_sm2_gej_add_ge_var(r, r, &streams[s].table[(d - 1) >> 1]);
            } else if (d < 0) {
                sl_sm2_ge neg = streams[s].table[(-d - 1) >> 1];
                sm2_fe_neg_inl(&neg.y, &neg.y);
                sl_sm2_gej_add_ge_var(r, r, &neg);
            }
        }
    }
}

/* The write-once fixed-base tables (built by gen_tables_build under
 * pthread_once; read-only afterwards). */
_Static_assert(SL_SM2_GEN_TABLE % 128 == 0, "gen tables are built 128 points at a time");
static sl_sm2_ge gen_tables[SL_SM2_GEN_SPLIT][SL_SM2_GEN_TABLE];
static pthread_once_t gen_tables_once = PTHREAD_ONCE_INIT;

static void gen_tables_build(void) {
    enum { BUF = 128 };
    sl_sm2_gej b[SL_SM2_GEN_SPLIT], dbl[SL_SM2_GEN_SPLIT], buf[BUF];
    sl_sm2_ge d_aff[SL_SM2_GEN_SPLIT];
    sl_sm2_gej_set_ge(&b[0], &sl_sm2_gen);
    for (int k = 1; k < SL_SM2_GEN_SPLIT; k++) {
        b[k] = b[k - 1];
        for (int i = 0; i < SL_SM2_GEN_CHUNK; i++)
            sl_sm2_gej_double_var(&b[k], &b[k]); /* 2^(32k) G */
    }
    for (int k = 0; k < SL_SM2_GEN_SPLIT; k++)
        sl_sm2_gej_double_var(&dbl[k], &b[k]);
    sl_sm2_ge_set_all_gej_var(d_aff, dbl, SL_SM2_GEN_SPLIT);
    /* (2j + 1) B for j < SL_SM2_GEN_TABLE, BUF Jacobian points at a time,
     * each run made affine with one inversion (Montgomery's trick). */
    for (int k = 0; k < SL_SM2_GEN_SPLIT; k++) {
        sl_sm2_gej cur = b[k];
        for (int j = 0; j < SL_SM2_GEN_TABLE; j += BUF) {
            for (int i = 0; i < BUF; i++) {
                buf[i] = cur;
                sl_sm2_gej_add_ge_var(&cur, &cur, &d_aff[k]);
            }
            sl_sm2_ge_set_all_gej_var(&gen_tables[k][j], buf, BUF);
        }
    }
}

const sl_sm2_ge *sl_sm2_gen_table(int k) {
    pthread_once(&gen_tables_once, gen_tables_build);
    return gen_tables[k & (SL_SM2_GEN_SPLIT - 1)];
}
