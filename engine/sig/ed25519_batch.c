/* Ed25519 batch verification with exactly the single verdicts (Bytom/Go's
 * cofactorless rule, ed25519_verify.c).
 *
 * Random linear combination: for items i of a group, with 128-bit z_i,
 *   [sum z_i s_i mod L] B - sum [z_i k_i mod L] A_i - sum [z_i] R_i == O.
 * Reducing s_i and z_i k_i mod L is exact only for points of order L, and the
 * combination says nothing reliable about 8-torsion components (a torsion
 * part t_i of D_i = R'_i - R_i cancels in sum z_i t_i with probability up to
 * 1/2, whatever the z_i). So an item enters the combination only if A_i and
 * R_i are both torsion-free, decided exactly ([L]P == O): A once per key
 * (sl_ed25519_key.torsion_free), R per item. Then every D_i has prime order
 * L, and a passing combination with z_i unknown to the signer when the items
 * were fixed means all D_i = O except with probability about 2^-128.
 *
 * Items decided without point arithmetic, each provably equal to the single
 * verdict when A is torsion-free:
 *   - R does not decode, or is not a canonical encoding: encode(R') is always
 *     a canonical encoding of a point, so it differs from R: MISMATCH;
 *   - R has an 8-torsion component: R' = [s]B - [k]A is torsion-free, so
 *     R' != R and their canonical encodings differ: MISMATCH.
 * Keys with torsion go to the single check. A failing group is halved until
 * groups of at most 4, which are checked singly.
 *
 * The randomizers come from SHA-512 of the whole group (R, s, A, k of every
 * item), so they are deterministic and fixed only after all inputs are. */
#include <stdlib.h>
#include <string.h>

#include "ec/ed25519_ifma.h"
#include "ec/ed25519_lanes.h"
#include "sig/ed25519_sig.h"
#include "sig/sig_internal.h"
#include "sluice/sha512.h"

/* Four (or, lanes8, eight) single checks with key tables at once:
 * R'_i = [s_i]B - [k_i]A_i in the lanes of the IFMA vectors
 * (ed25519_lanes.h), one inversion for the encodings; each verdict is
 * sl_ed25519_verify_key's (the same R', the same byte comparison). Lanes
 * past m repeat item 0. */
static void lanes_with_tables(const sl_ed25519_key *const *key, const uint8_t *const *sig,
                              const uint8_t (*kh)[32], int m, int lanes8, uint8_t *st) {
    const uint8_t *s[8], *k[8];
    const sl_ed25519_keytab *t[8];
    int w = lanes8 ? 8 : 4;
    for (int j = 0; j < w; j++) {
        int i = j < m ? j : 0;
        s[j] = sig[i] + 32;
        k[j] = kh[i];
        t[j] = &key[i]->tab;
    }
    sl_ed25519_ge rp[8];
    uint8_t enc[8][32];
    if (lanes8)
        sl_ed25519_keytab_x8_ifma(rp, s, k, t, 1);
    else
        sl_ed25519_keytab_x4_var(rp, s, k, t, 1, 1);
    sl_ed25519_ge_encode_n(enc, rp, (size_t)m);
    for (int j = 0; j < m; j++)
        st[j] = memcmp(enc[j], sig[j], 32) == 0 ? SLUICE_SIG_VALID : SLUICE_SIG_MISMATCH;
}

/* A group of items waiting for the lanes: up to four with key tables (eight
 * with lanes8), up to eight without (their R are decoded eight at a time). */
typedef struct {
    const sl_ed25519_key *key[8];
    const sluice_sig_item *it[8];
    size_t idx[8];
    int m, cap;
    int lanes8; /* first-use chains in one eight-lane run */
} lane_group;

/* Checks the group (two or more items in the lanes, a lone one by the plain
 * single check) and empties it. tables: keys with tables (R' compared by
 * encoding) or without (the half-size check). */
static void flush_group(lane_group *g, int tables, uint8_t *status) {
    uint8_t st[8];
    if (g->m == 0) return;
    if (g->m == 1) {
        const sluice_sig_item *it = g->it[0];
        st[0] = (uint8_t)sl_ed25519_verify_key(g->key[0], it->msg, it->msg_len, it->sig,
                                               it->sig_len);
    } else if (tables) {
        const uint8_t *sig[8], *pub[8], *msg[8];
        size_t len[8];
        uint8_t kh[8][32];
        for (int j = 0; j < g->m; j++) {
            const sluice_sig_item *it = g->it[j];
            sig[j] = it->sig;
            pub[j] = g->key[j]->pub;
            msg[j] = it->msg;
            len[j] = it->msg_len;
        }
        sl_ed25519_challenge_n(kh, sig, pub, msg, len, g->m, 1); /* the SHA-512s at once */
        lanes_with_tables(g->key, sig, (const uint8_t(*)[32])kh, g->m, g->lanes8, st);
    } else {
        sl_ed25519_verify_key_x8(st, g->key, g->it, g->m, g->lanes8 ? 2 : 1);
    }
    for (int j = 0; j < g->m; j++) status[g->idx[j]] = st[j];
    g->m = 0;
}

void sl_ed25519_verify_batch_singles_impl(const void *const *keys, const sluice_sig_item *items,
                                          size_t n, uint8_t *status, int use_ifma) {
    /* with IFMA, items wait in groups: g[1] of four for keys with tables,
     * g[0] of eight for keys without (first use) */
    lane_group g[2];
    g[0].m = g[1].m = 0;
    g[0].cap = 8;
    g[1].cap = use_ifma == 2 ? 8 : 4;
    g[0].lanes8 = g[1].lanes8 = use_ifma == 2;
    for (size_t i = 0; i < n; i++) {
        const sl_ed25519_key *key = (const sl_ed25519_key *)keys[i];
        if (!key) continue;
        const sluice_sig_item *it = &items[i];
        sluice_sig_status st = sl_ed25519_sig_precheck(it->sig, it->sig_len);
        if (!use_ifma || st != SLUICE_SIG_VALID) {
            status[i] = (uint8_t)sl_ed25519_verify_key(key, it->msg, it->msg_len, it->sig,
                                                       it->sig_len);
            continue;
        }
        lane_group *x = &g[key->tables_ready ? 1 : 0];
        x->key[x->m] = key;
        x->it[x->m] = it;
        x->idx[x->m++] = i;
        if (x->m == x->cap) flush_group(x, key->tables_ready, status);
    }
    flush_group(&g[0], 0, status);
    flush_group(&g[1], 1, status);
}

void sl_ed25519_verify_batch_singles(const void *const *keys, const sluice_sig_item *items,
                                     size_t n, uint8_t *status) {
    sl_ed25519_verify_batch_singles_impl(keys, items, n, status,
                                         sl_ed25519_lanes8_preferred() ? 2
                                                                       : sl_ed25519_ifma_supported());
}

/* One candidate of the combination. */
typedef struct {
    size_t idx;            /* index into items / status */
    const sl_ed25519_key *key;
    sl_ed25519_ge R;       /* decoded, torsion-free */
    uint8_t k[32];         /* challenge mod L */
} cand;

#define SINGLE_BELOW 5

static void single(const cand *c, const sluice_sig_item *items, uint8_t *status) {
    const sluice_sig_item *it = &items[c->idx];
    status[c->idx] =
        (uint8_t)sl_ed25519_verify_key(c->key, it->msg, it->msg_len, it->sig, it->sig_len);
}

/* 1 if the combination over c[0..m) holds. terms: scratch for m terms. */
static int group_holds(const cand *c, size_t m, const sluice_sig_item *items,
                       sl_ed25519_msm_term *terms) {
    /* seed = SHA-512 over every item's R, s, A, k */
    sluice_sha512_ctx h;
    uint8_t seed[64], zb[64];
    sluice_sha512_init(&h);
    for (size_t i = 0; i < m; i++) {
        sluice_sha512_update(&h, items[c[i].idx].sig, 64);
        sluice_sha512_update(&h, c[i].key->pub, 32);
        sluice_sha512_update(&h, c[i].k, 32);
    }
    sluice_sha512_final(&h, seed);
    sl_ed25519_sc bsum = {{0, 0, 0, 0}};
    for (size_t i = 0; i < m; i++) {
        if (i % 4 == 0) {
            /* four 128-bit randomizers per SHA-512(seed ‖ counter) */
            uint8_t blk[72];
            memcpy(blk, seed, 64);
            for (int b = 0; b < 8; b++) blk[64 + b] = (uint8_t)((i / 4) >> (8 * b));
            sluice_sha512(zb, blk, sizeof blk);
        }
        uint8_t z[32] = {0};
        memcpy(z, zb + 16 * (i % 4), 16);
        sl_ed25519_sc zs, s, t;
        sl_ed25519_sc_set_b32(&zs, z);
        sl_ed25519_sc_set_b32(&s, items[c[i].idx].sig + 32); /* s mod L: B has order L */
        sl_ed25519_sc_mul(&t, &zs, &s);
        sl_ed25519_sc_add(&bsum, &bsum, &t);
        sl_ed25519_sc_set_b32(&s, c[i].k);
        sl_ed25519_sc_mul(&t, &zs, &s); /* z k mod L: A has order L */
        /* term 2i: -[z k] A (key tables); term 2i+1: -[z] R */
        terms[2 * i].tab = &c[i].key->tab;
        terms[2 * i].p = NULL;
        sl_ed25519_sc_get_b32(terms[2 * i].n, &t);
        terms[2 * i].neg = 1;
        terms[2 * i + 1].tab = NULL;
        terms[2 * i + 1].p = &c[i].R;
        memcpy(terms[2 * i + 1].n, z, 32);
        terms[2 * i + 1].neg = 1;
    }
    uint8_t b[32];
    sl_ed25519_sc_get_b32(b, &bsum);
    sl_ed25519_ge sum;
    sl_ed25519_msm_var(&sum, b, terms, 2 * m);
    return sl_ed25519_ge_is_identity_var(&sum);
}

static void check_group(const cand *c, size_t m, const sluice_sig_item *items, uint8_t *status,
                        sl_ed25519_msm_term *terms) {
    if (m == 0) return;
    if (m < SINGLE_BELOW) {
        for (size_t i = 0; i < m; i++) single(&c[i], items, status);
        return;
    }
    if (group_holds(c, m, items, terms)) {
        for (size_t i = 0; i < m; i++) status[c[i].idx] = SLUICE_SIG_VALID;
        return;
    }
    check_group(c, m / 2, items, status, terms);
    check_group(c + m / 2, m - m / 2, items, status, terms);
}

void sl_ed25519_verify_batch_rlc(const void *const *keys, const sluice_sig_item *items, size_t n,
                                 uint8_t *status) {
    cand *c = malloc((n ? n : 1) * sizeof *c);
    sl_ed25519_msm_term *terms = malloc((n ? 2 * n : 1) * sizeof *terms);
    if (!c || !terms) {
        free(c);
        free(terms);
        sl_ed25519_verify_batch_singles(keys, items, n, status);
        return;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const sl_ed25519_key *key = (const sl_ed25519_key *)keys[i];
        if (!key) continue;
        const sluice_sig_item *it = &items[i];
        sluice_sig_status st = sl_ed25519_sig_precheck(it->sig, it->sig_len);
        if (st != SLUICE_SIG_VALID) {
            status[i] = (uint8_t)st;
            continue;
        }
        if (!key->tables_ready || !key->torsion_free) {
            status[i] = (uint8_t)sl_ed25519_verify_key(key, it->msg, it->msg_len, it->sig,
                                                       it->sig_len);
            continue;
        }
        cand *x = &c[m];
        if (!sl_ed25519_ge_encoding_canonical(it->sig) ||
            !sl_ed25519_ge_decode_var(&x->R, it->sig) ||
            !sl_ed25519_ge_torsion_free_var(&x->R)) {
            status[i] = SLUICE_SIG_MISMATCH; /* see the header comment */
            continue;
        }
        x->idx = i;
        x->key = key;
        sl_ed25519_challenge(x->k, it->sig, key->pub, it->msg, it->msg_len);
        m++;
    }
    check_group(c, m, items, status, terms);
    free(c);
    free(terms);
}

/* The contract's batch entry point. Measured here (bench_sig_ed25519, one
 * core): the exact torsion test of one R ([L]R == O, ~253 doublings) costs
 * more than a whole single check with a prepared key (4-way key tables, 64
 * doublings), so the combination loses to plain single checks (about 57 vs
 * 27 us per signature). Until a cheaper exact torsion test exists, the batch
 * runs the single checks, four at a time in the IFMA lanes where the CPU has
 * them (about 1.8x the throughput of one at a time: 8 vs 14.5 us per
 * signature with 16 keys). Items whose key has no tables (each key seen
 * once: the usual case) take the half-size check in groups of eight
 * (sl_ed25519_verify_key_x8: the eight R decoded in the 512-bit IFMA lanes,
 * the eight challenges' SHA-512 in AVX-512 lanes, the chains four at a
 * time), their keys decoded eight at a time by the key cache
 * (sl_ed25519_key_prepare_n). bench_sig_ed25519 first_use_batch/1024 (key
 * preparation included): about 15-17 us per signature against about 27 us
 * for the one-shot single check (verify/sluice), on a loaded machine.
 * sl_ed25519_verify_batch_rlc stays tested and benchmarked beside it. */
void sl_ed25519_verify_batch(const void *const *keys, const sluice_sig_item *items, size_t n,
                             uint8_t *status) {
    sl_ed25519_verify_batch_singles(keys, items, n, status);
}
