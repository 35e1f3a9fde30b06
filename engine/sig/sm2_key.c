/* SM2 public keys: decoding (SEC 1 2.3.4 point encodings, as GB/T 32918.1
 * 4.2.9 allows: compressed and uncompressed; the hybrid form is rejected),
 * Z_A (GB/T 32918.2 5.5) and the prepared key of sig_internal.h. */
#include <string.h>

#include "ec/sm2_lanes.h"
#include "sig/sig_internal.h"
#include "sig/sm2_sig.h"
#include "sluice/sm3.h"

_Static_assert(sizeof(sl_sm2_key) <= SL_SIG_KEY_MAX, "SM2 prepared key too large");

int sl_sm2_pub_decode_var(sl_sm2_ge *out, const uint8_t *pub, size_t pub_len) {
    if (!pub)
        return 0;
    if (pub_len == 65 && pub[0] == 0x04) {
        if (!sl_sm2_fe_set_b32(&out->x, pub + 1) || !sl_sm2_fe_set_b32(&out->y, pub + 33))
            return 0;
        return sl_sm2_ge_on_curve_var(out);
    }
    if (pub_len == 33 && (pub[0] == 0x02 || pub[0] == 0x03)) {
        sl_sm2_fe x;
        if (!sl_sm2_fe_set_b32(&x, pub + 1))
            return 0;
        return sl_sm2_ge_set_x_var(out, &x, pub[0] & 1);
    }
    return 0;
}

int sl_sm2_za(uint8_t za[32], const uint8_t *id, size_t id_len, const sl_sm2_ge *pub) {
    /* a = p - 3, b, Gx, Gy of sm2p256v1 (GM/T 0003.5-2012), big-endian. */
    static const uint8_t curve[128] = {
        0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC,
        0x28, 0xE9, 0xFA, 0x9E, 0x9D, 0x9F, 0x5E, 0x34, 0x4D, 0x5A, 0x9E, 0x4B, 0xCF, 0x65, 0x09, 0xA7,
        0xF3, 0x97, 0x89, 0xF5, 0x15, 0xAB, 0x8F, 0x92, 0xDD, 0xBC, 0xBD, 0x41, 0x4D, 0x94, 0x0E, 0x93,
        0x32, 0xC4, 0xAE, 0x2C, 0x1F, 0x19, 0x81, 0x19, 0x5F, 0x99, 0x04, 0x46, 0x6A, 0x39, 0xC9, 0x94,
        0x8F, 0xE3, 0x0B, 0xBF, 0xF2, 0x66, 0x0B, 0xE1, 0x71, 0x5A, 0x45, 0x89, 0x33, 0x4C, 0x74, 0xC7,
        0xBC, 0x37, 0x36, 0xA2, 0xF4, 0xF6, 0x77, 0x9C, 0x59, 0xBD, 0xCE, 0xE3, 0x6B, 0x69, 0x21, 0x53,
        0xD0, 0xA9, 0x87, 0x7C, 0xC6, 0x2A, 0x47, 0x40, 0x02, 0xDF, 0x32, 0xE5, 0x21, 0x39, 0xF0, 0xA0,
    };
    if (!id) {
        id = (const uint8_t *)SL_SM2_DEFAULT_ID;
        id_len = SL_SM2_DEFAULT_ID_LEN;
    }
    if (id_len > SL_SM2_MAX_ID_LEN)
        return 0;
    uint8_t entl[2] = {(uint8_t)((id_len * 8) >> 8), (uint8_t)(id_len * 8)};
    uint8_t xy[64];
    sl_sm2_fe_get_b32(xy, &pub->x);
    sl_sm2_fe_get_b32(xy + 32, &pub->y);
    sluice_sm3_ctx c;
    sluice_sm3_init(&c);
    sluice_sm3_update(&c, entl, 2);
    sluice_sm3_update(&c, id, id_len);
    sluice_sm3_update(&c, curve, sizeof curve);
    sluice_sm3_update(&c, xy, 64);
    sluice_sm3_final(&c, za);
    return 1;
}

size_t sl_sm2_key_size(void) {
    return sizeof(sl_sm2_key);
}

/* The rest of sl_sm2_key_prepare once P is decoded. */
static sluice_sig_status key_fill(sl_sm2_key *k, const sl_sm2_ge *p, const uint8_t *id,
                                  size_t id_len) {
    if (!sl_sm2_za(k->za, id, id_len, p))
        return SLUICE_SIG_BAD_ID;
    k->pub = *p;
    sl_sm2_fe_get_b32(k->pub_xy, &p->x);
    sl_sm2_fe_get_b32(k->pub_xy + 32, &p->y);
    /* No table yet (no field inversion): tab waits for an upgrade. */
    k->tables_ready = 0;
    memset(k->pad, 0, sizeof k->pad);
    return SLUICE_SIG_VALID;
}

sluice_sig_status sl_sm2_key_prepare(void *key, const uint8_t *pub, size_t pub_len,
                                     const uint8_t *id, size_t id_len) {
    sl_sm2_ge p;
    if (!sl_sm2_pub_decode_var(&p, pub, pub_len))
        return SLUICE_SIG_BAD_PUBKEY;
    return key_fill(key, &p, id, id_len);
}

void sl_sm2_key_upgrade(void *key) {
    sl_sm2_key *k = key;
    if (k->tables_ready)
        return;
    /* Bases 2^(32k) P, then their odd multiples (two field inversions). */
    sl_sm2_gej b[SL_SM2_KEY_SPLIT];
    sl_sm2_gej_set_ge(&b[0], &k->pub);
    for (int j = 1; j < SL_SM2_KEY_SPLIT; j++) {
        b[j] = b[j - 1];
        for (int i = 0; i < SL_SM2_GEN_CHUNK; i++)
            sl_sm2_gej_double_var(&b[j], &b[j]);
    }
    sl_sm2_odd_multiples_var(&k->tab[0][0], b, SL_SM2_KEY_SPLIT, SL_SM2_KEY_TABLE);
    k->tables_ready = 1;
}

/* Compressed keys waiting for their square roots (at most four). */
typedef struct {
    size_t idx[4];
    sl_sm2_fe x[4], rhs[4];
    int n;
} key_group4;

/* Finishes the group's keys as sl_sm2_pub_decode_var / sl_sm2_ge_set_x_var
 * would: y = rhs^((p+1)/4) (four at once in the lanes when the group has
 * two keys or more), a root iff y^2 == rhs, negated to the prefix's parity. */
static void key_group_run(key_group4 *g, void *const *keys, const sluice_sig_item *const *items,
                          sluice_sig_status *st) {
    sl_sm2_fe y[4], rhs[4];
    for (int j = 0; j < 4; j++) rhs[j] = g->rhs[j < g->n ? j : 0];
    if (g->n >= 2)
        sl_sm2_lanes_sqrt4_ifma(y, rhs);
    for (int j = 0; j < g->n; j++) {
        const sluice_sig_item *it = items[g->idx[j]];
        sl_sm2_fe y2;
        sl_sm2_ge p;
        if (g->n < 2)
            sl_sm2_fe_sqrt(&y[j], &rhs[j]);
        sl_sm2_fe_sqr(&y2, &y[j]);
        if (!sl_sm2_fe_equal(&y2, &rhs[j])) {
            st[g->idx[j]] = SLUICE_SIG_BAD_PUBKEY;
            continue;
        }
        if (sl_sm2_fe_is_odd(&y[j]) != (it->pub[0] & 1))
            sl_sm2_fe_neg(&y[j], &y[j]);
        p.x = g->x[j];
        p.y = y[j];
        st[g->idx[j]] = key_fill(keys[g->idx[j]], &p, it->id, it->id_len);
    }
    g->n = 0;
}

void sl_sm2_key_prepare_n_impl(void *const *keys, const sluice_sig_item *const *items, size_t n,
                               sluice_sig_status *st, int use_ifma) {
    key_group4 g;
    g.n = 0;
    for (size_t i = 0; i < n; i++) {
        const sluice_sig_item *it = items[i];
        if (use_ifma && it->pub && it->pub_len == 33 && (it->pub[0] == 0x02 || it->pub[0] == 0x03) &&
            sl_sm2_fe_set_b32(&g.x[g.n], it->pub + 1)) {
            /* x^3 - 3x + b (sm2_group.c's curve_rhs) */
            sl_sm2_fe *x = &g.x[g.n], *r = &g.rhs[g.n], t;
            sl_sm2_fe_sqr(r, x);
            sl_sm2_fe_mul(r, r, x);
            sl_sm2_fe_add(&t, x, x);
            sl_sm2_fe_add(&t, &t, x);
            sl_sm2_fe_sub(r, r, &t);
            sl_sm2_fe_add(r, r, &sl_sm2_curve_b);
            g.idx[g.n] = i;
            if (++g.n == 4)
                key_group_run(&g, keys, items, st);
            continue;
        }
        st[i] = sl_sm2_key_prepare(keys[i], it->pub, it->pub_len, it->id, it->id_len);
    }
    if (g.n)
        key_group_run(&g, keys, items, st);
}

void sl_sm2_key_prepare_n(void *const *keys, const sluice_sig_item *const *items, size_t n,
                          sluice_sig_status *st) {
    sl_sm2_key_prepare_n_impl(keys, items, n, st, sl_sm2_lanes_supported());
}
