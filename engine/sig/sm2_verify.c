/* SM2 signature verification (GB/T 32918.2-2016 section 7, GM/T 0003.2):
 * range checks, e = SM3(Z_A ‖ M), t = (r + s) mod n, (x1, y1) = s G + t P,
 * accept iff (e + x1) mod n == r. The last step runs without a field
 * inversion: with v = (r - e) mod n and x1 = X / Z^2, (e + x1) mod n == r iff
 * x1 == v or x1 == v + n (x1 < p < 2n), i.e. X == v Z^2 or, when v + n < p,
 * X == (v + n) Z^2. All of it is variable-time (public data only).
 * The batch (sl_sm2_verify_batch_impl, sm2_sig.h) runs the s G + t P of
 * the items four at a time in the AVX-512 IFMA lanes
 * (ec/sm2_lanes.h) and the same last step per lane. */
#include <string.h>

#include "ec/sm2_field_impl.h"
#include "ec/sm2_lanes.h"
#include "ec/sm2_scalar.h"
#include "sig/sig_internal.h"
#include "sig/sm2_sig.h"
#include "sluice/sm3.h"

static const uint64_t SM2_N_LIMBS[4] = {0x53BBF40939D54123ULL, 0x7203DF6B21C6052BULL,
                                        0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFEFFFFFFFFULL};
static const uint64_t SM2_P_LIMBS[4] = {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFF00000000ULL,
                                        0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFEFFFFFFFFULL};

/* The scalars of one check: s, t and v = (r - e) mod n. */
typedef struct {
    sl_sm2_sc s, t, v;
} sm2_scalars;

/* Steps 1-4 of the verification: signature decoding (64 raw bytes or strict
 * DER), r and s in [1, n-1], e = SM3(Z_A ‖ M), t != 0. */
static sluice_sig_status sm2_scalars_get(sm2_scalars *out, const uint8_t za[32],
                                         const uint8_t *msg, size_t msg_len,
                                         const uint8_t *sig, size_t sig_len) {
    uint8_t rs[64], e32[32];
    if (!sig || (!msg && msg_len))
        return SLUICE_SIG_BAD_ENCODING;
    if (sig_len == 64)
        memcpy(rs, sig, 64);
    else if (sluice_sm2_sig_from_der(sig, sig_len, rs) != SLUICE_SIG_VALID)
        return SLUICE_SIG_BAD_ENCODING;
    sl_sm2_sc r, e;
    if (sl_sm2_sc_set_b32(&r, rs) || sl_sm2_sc_is_zero(&r))
        return SLUICE_SIG_R_RANGE;
    if (sl_sm2_sc_set_b32(&out->s, rs + 32) || sl_sm2_sc_is_zero(&out->s))
        return SLUICE_SIG_S_RANGE;
    sluice_sm3_ctx c;
    sluice_sm3_init(&c);
    sluice_sm3_update(&c, za, 32);
    if (msg_len)
        sluice_sm3_update(&c, msg, msg_len);
    sluice_sm3_final(&c, e32);
    sl_sm2_sc_set_b32(&e, e32); /* e mod n */
    sl_sm2_sc_add(&out->t, &r, &out->s);
    if (sl_sm2_sc_is_zero(&out->t))
        return SLUICE_SIG_T_ZERO;
    sl_sm2_sc_sub(&out->v, &r, &e);
    return SLUICE_SIG_VALID;
}

/* Step 5-6 on the Jacobian result: see the file comment. The field keeps
 * Montgomery forms (sm2_field.h): Z^2 is held as Z^2 R, so the Montgomery
 * product of the PLAIN v (v < n < p, a valid operand) with it is the plain
 * v Z^2, compared with the plain X (X R reduced once by R^-1). */
static sluice_sig_status sm2_final_check(const sl_sm2_gej *q, const sl_sm2_sc *v) {
    if (q->inf)
        return SLUICE_SIG_INFINITY;
    sl_sm2_fe z2, vf, t, x;
    uint64_t xr[8] = {q->x.v[0], q->x.v[1], q->x.v[2], q->x.v[3], 0, 0, 0, 0};
    sm2_mont_reduce(x.v, xr); /* plain X */
    sm2_fe_sqr_inl(&z2, &q->z);
    memcpy(vf.v, v->v, sizeof vf.v);
    sm2_fe_mul_inl(&t, &vf, &z2);
    if (memcmp(&t, &x, sizeof t) == 0)
        return SLUICE_SIG_VALID;
    /* v + n < p? (no carry out: v + n < 2n < 2^257 and the test below). */
    uint64_t w[4];
    unsigned __int128 acc = 0;
    for (int i = 0; i < 4; i++) {
        acc += (unsigned __int128)v->v[i] + SM2_N_LIMBS[i];
        w[i] = (uint64_t)acc;
        acc >>= 64;
    }
    if (acc)
        return SLUICE_SIG_MISMATCH;
    for (int i = 3; i >= 0; i--) {
        if (w[i] < SM2_P_LIMBS[i])
            break;
        if (w[i] > SM2_P_LIMBS[i] || i == 0)
            return SLUICE_SIG_MISMATCH; /* v + n >= p */
    }
    memcpy(vf.v, w, sizeof vf.v);
    sm2_fe_mul_inl(&t, &vf, &z2);
    return memcmp(&t, &x, sizeof t) == 0 ? SLUICE_SIG_VALID : SLUICE_SIG_MISMATCH;
}

/* SL_SM2_GEN_SPLIT streams for s G = sum_k s_k 2^(32k) G over the
 * fixed-base tables (s_k the 32-bit chunks of s). */
static void sm2_gen_streams(sl_sm2_stream st[SL_SM2_GEN_SPLIT],
                            int16_t digits[SL_SM2_GEN_SPLIT][SL_SM2_GEN_CHUNK + 1],
                            const sl_sm2_sc *s) {
    for (int k = 0; k < SL_SM2_GEN_SPLIT; k++) {
        uint64_t chunk[4];
        sl_sm2_scalar_chunk(chunk, s->v, k);
        st[k].digits = digits[k];
        st[k].len = sl_sm2_wnaf_var(digits[k], chunk, SL_SM2_GEN_CHUNK, SL_SM2_GEN_WINDOW);
        st[k].table = sl_sm2_gen_table(k);
    }
}

/* s G + t P with the prepared key's split tables (32-doubling chain). */
static void sm2_mult_key(sl_sm2_gej *q, const sl_sm2_key *key, const sm2_scalars *sc) {
    int16_t dg[SL_SM2_GEN_SPLIT][SL_SM2_GEN_CHUNK + 1], dp[SL_SM2_KEY_SPLIT][SL_SM2_GEN_CHUNK + 1];
    sl_sm2_stream st[SL_SM2_GEN_SPLIT + SL_SM2_KEY_SPLIT];
    sm2_gen_streams(st, dg, &sc->s);
    for (int k = 0; k < SL_SM2_KEY_SPLIT; k++) {
        uint64_t chunk[4];
        sl_sm2_scalar_chunk(chunk, sc->t.v, k);
        st[SL_SM2_GEN_SPLIT + k].digits = dp[k];
        st[SL_SM2_GEN_SPLIT + k].len = sl_sm2_wnaf_var(dp[k], chunk, SL_SM2_GEN_CHUNK, SL_SM2_KEY_WINDOW);
        st[SL_SM2_GEN_SPLIT + k].table = key->tab[k];
    }
    sl_sm2_ecmult_strauss_var(q, st, SL_SM2_GEN_SPLIT + SL_SM2_KEY_SPLIT);
}

/* s G + t P with a width-5 table of P (256-doubling chain). */
static void sm2_mult_light(sl_sm2_gej *q, const sl_sm2_ge tab[SL_SM2_LIGHT_TABLE],
                           const sl_sm2_sc *s, const sl_sm2_sc *t) {
    int16_t dg[SL_SM2_GEN_SPLIT][SL_SM2_GEN_CHUNK + 1], dp[257];
    sl_sm2_stream st[SL_SM2_GEN_SPLIT + 1];
    sm2_gen_streams(st, dg, s);
    st[SL_SM2_GEN_SPLIT].digits = dp;
    st[SL_SM2_GEN_SPLIT].len = sl_sm2_wnaf_var(dp, t->v, 256, SL_SM2_LIGHT_WINDOW);
    st[SL_SM2_GEN_SPLIT].table = tab;
    sl_sm2_ecmult_strauss_var(q, st, SL_SM2_GEN_SPLIT + 1);
}

/* The same with the light table of P built here (one field inversion). */
static void sm2_mult_point(sl_sm2_gej *q, const sl_sm2_ge *p, const sl_sm2_sc *s,
                           const sl_sm2_sc *t) {
    sl_sm2_ge tab[SL_SM2_LIGHT_TABLE];
    sl_sm2_gej pj;
    sl_sm2_gej_set_ge(&pj, p);
    sl_sm2_odd_multiples_var(tab, &pj, 1, SL_SM2_LIGHT_TABLE);
    sm2_mult_light(q, tab, s, t);
}

sluice_sig_status sl_sm2_verify_key(const void *key, const uint8_t *msg, size_t msg_len,
                                    const uint8_t *sig, size_t sig_len) {
    const sl_sm2_key *k = key;
    sm2_scalars sc;
    sluice_sig_status st = sm2_scalars_get(&sc, k->za, msg, msg_len, sig, sig_len);
    if (st != SLUICE_SIG_VALID)
        return st;
    sl_sm2_gej q;
    if (k->tables_ready)
        sm2_mult_key(&q, k, &sc);
    else
        sm2_mult_point(&q, &k->pub, &sc.s, &sc.t);
    return sm2_final_check(&q, &sc.v);
}

/* Up to four items for the lanes. */
typedef struct {
    size_t idx[4];
    const sl_sm2_key *key[4];
    sm2_scalars sc[4];
    int n;
} sm2_group4;

/* s G + t P of the group's items in the IFMA lanes (empty lanes repeat
 * lane 0), then the last step per lane; a fallback lane is finished by the
 * scalar chain from its point (the exact path of sl_sm2_verify_key). */
static void sm2_group_run(sm2_group4 *g, uint8_t *status, unsigned force_fallback) {
    const sl_sm2_ge *p[4];
    const uint64_t *s[4], *t[4];
    for (int j = 0; j < 4; j++) {
        int src = j < g->n ? j : 0;
        p[j] = &g->key[src]->pub;
        s[j] = g->sc[src].s.v;
        t[j] = g->sc[src].t.v;
    }
    sl_sm2_fe x[4], z[4];
    unsigned fb = sl_sm2_lanes_mult4_ifma(x, z, p, s, t, force_fallback);
    for (int j = 0; j < g->n; j++) {
        sl_sm2_gej q;
        if (fb >> j & 1) {
            sm2_mult_point(&q, &g->key[j]->pub, &g->sc[j].s, &g->sc[j].t);
        } else {
            q.x = x[j];
            q.z = z[j];
            q.y = z[j]; /* unused by the check */
            q.inf = 0;
        }
        status[g->idx[j]] = (uint8_t)sm2_final_check(&q, &g->sc[j].v);
    }
    g->n = 0;
}

void sl_sm2_verify_batch_impl(const void *const *keys, const sluice_sig_item *items, size_t n,
                              uint8_t *status, int use_ifma, unsigned force_fallback) {
    /* SM2 has no random-linear-combination batch (only x1 is known, see
     * specs/signatures.md): each item is checked on its own, four of them
     * side by side in the lanes (sm2_sig.h says why keys with tables too). */
    sm2_group4 g;
    g.n = 0;
    for (size_t i = 0; i < n; i++) {
        const sl_sm2_key *k = keys[i];
        if (!k)
            continue;
        const sluice_sig_item *it = &items[i];
        if (!use_ifma) {
            status[i] = (uint8_t)sl_sm2_verify_key(k, it->msg, it->msg_len, it->sig, it->sig_len);
            continue;
        }
        sluice_sig_status st = sm2_scalars_get(&g.sc[g.n], k->za, it->msg, it->msg_len, it->sig,
                                               it->sig_len);
        if (st != SLUICE_SIG_VALID) {
            status[i] = (uint8_t)st;
            continue;
        }
        g.idx[g.n] = i;
        g.key[g.n] = k;
        if (++g.n == 4)
            sm2_group_run(&g, status, force_fallback);
    }
    /* A last group of 1 to 3 items too: one four-lane chain (~55 us) costs
     * less than even one scalar chain with its table (~65 us), measured. */
    if (g.n)
        sm2_group_run(&g, status, force_fallback);
}

void sl_sm2_verify_batch(const void *const *keys, const sluice_sig_item *items, size_t n,
                         uint8_t *status) {
    sl_sm2_verify_batch_impl(keys, items, n, status, sl_sm2_lanes_supported(), 0);
}

sluice_sig_status sluice_sm2_verify(const uint8_t *pub, size_t pub_len, const uint8_t *id,
                                    size_t id_len, const uint8_t *msg, size_t msg_len,
                                    const uint8_t *sig, size_t sig_len) {
    sl_sm2_ge p;
    uint8_t za[32];
    if (!sl_sm2_pub_decode_var(&p, pub, pub_len))
        return SLUICE_SIG_BAD_PUBKEY;
    if (!sl_sm2_za(za, id, id_len, &p))
        return SLUICE_SIG_BAD_ID;
    sm2_scalars sc;
    sluice_sig_status st = sm2_scalars_get(&sc, za, msg, msg_len, sig, sig_len);
    if (st != SLUICE_SIG_VALID)
        return st;
    sl_sm2_gej q;
    sm2_mult_point(&q, &p, &sc.s, &sc.t);
    return sm2_final_check(&q, &sc.v);
}

sluice_sig_status sl_sm2_device_item(const void *key, const sluice_sig_item *it, uint8_t *out) {
    const sl_sm2_key *k = key;
    sm2_scalars sc;
    sluice_sig_status st = sm2_scalars_get(&sc, k->za, it->msg, it->msg_len, it->sig, it->sig_len);
    if (st != SLUICE_SIG_VALID)
        return st;
    memcpy(out, k->pub_xy, 64);
    sl_sm2_sc_get_b32(out + 64, &sc.s);
    sl_sm2_sc_get_b32(out + 96, &sc.t);
    sl_sm2_sc_get_b32(out + 128, &sc.v);
    return SLUICE_SIG_VALID;
}

sluice_sig_status sl_sm2_device_check_var(const uint8_t item[160]) {
    sl_sm2_ge p;
    sl_sm2_sc s, t, v;
    if (!sl_sm2_fe_set_b32(&p.x, item) || !sl_sm2_fe_set_b32(&p.y, item + 32) ||
        sl_sm2_sc_set_b32(&s, item + 64) || sl_sm2_sc_set_b32(&t, item + 96) ||
        sl_sm2_sc_set_b32(&v, item + 128) || !sl_sm2_ge_on_curve_var(&p))
        return SLUICE_SIG_BAD_ENCODING;
    sl_sm2_gej q;
    sm2_mult_point(&q, &p, &s, &t);
    return sm2_final_check(&q, &v);
}
