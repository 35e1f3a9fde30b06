/* BIP340 batch verification (bitcoin/bips bip-0340.mediawiki, "Batch
 * Verification"): with a_1 = 1 and a_2..a_u random 128-bit integers,
 *   (sum a_i s_i) G == sum a_i R_i + sum (a_i e_i) P_i,  R_i = lift_x(r_i),
 * checked as one multi-scalar multiplication that must give O. The a_i are
 * derived deterministically from a SHA-256 of every item of the group. Items
 * whose signature fails to parse are answered directly; an item whose r is
 * not an x coordinate is verified singly (its verdict is INFINITY or
 * MISMATCH). A failing group is halved until groups of LEAF items, which are
 * verified singly, so every status equals the single verdict; a passing
 * group means every item in it satisfies its single equation (except with
 * probability 2^-128 over the randomizers). */
#include <stdlib.h>
#include <string.h>

#include "sig/bip340_sig.h"
#include "sig/sig_internal.h"
#include "sluice/sha256.h"

#define LEAF 4

typedef struct {
    sl_secp256k1_ge R;     /* lift_x(r) */
    sl_secp256k1_sc s, e;  /* s, challenge */
    uint64_t a[2];         /* randomizer */
    size_t idx;            /* position in the caller's arrays */
} bitem;

typedef struct {
    const void *const *keys;
    const sluice_sig_item *items;
    uint8_t *status;
    const bitem *b;
    sl_secp256k1_ge *pts;  /* scratch for 3 m + 2 points */
    uint64_t (*k)[2];
} bctx;

static void singles(const bctx *c, size_t lo, size_t hi) {
    for (size_t j = lo; j < hi; j++) {
        size_t i = c->b[j].idx;
        const sluice_sig_item *it = &c->items[i];
        c->status[i] = (uint8_t)sl_bip340_verify_key(c->keys[i], it->msg, it->msg_len, it->sig,
                                                     it->sig_len);
    }
}

static void put(sl_secp256k1_ge *p, uint64_t (*k)[2], size_t *n, const sl_secp256k1_ge *q,
                const sl_secp256k1_sc128 *h, int lam) {
    if (!(h->v[0] | h->v[1]))
        return;
    p[*n] = *q;
    if (lam)
        sl_secp256k1_fe_mul(&p[*n].x, &p[*n].x, &sl_secp256k1_beta);
    if (h->neg)
        sl_secp256k1_fe_neg(&p[*n].y, &p[*n].y);
    k[*n][0] = h->v[0];
    k[*n][1] = h->v[1];
    (*n)++;
}

/* 1 if the combination over b[lo, hi) gives O; -1 if out of memory. */
static int combination_holds(const bctx *c, size_t lo, size_t hi) {
    sl_secp256k1_sc gs;
    sl_secp256k1_sc_set_u64(&gs, 0);
    size_t n = 0;
    for (size_t j = lo; j < hi; j++) {
        const bitem *b = &c->b[j];
        const sl_bip340_key *key = (const sl_bip340_key *)c->keys[b->idx];
        sl_secp256k1_sc a, t;
        a.v[0] = b->a[0];
        a.v[1] = b->a[1];
        a.v[2] = a.v[3] = 0;
        sl_secp256k1_sc_mul(&t, &a, &b->s);
        sl_secp256k1_sc_add(&gs, &gs, &t);
        /* -a R */
        sl_secp256k1_sc128 ha = {{b->a[0], b->a[1]}, 1};
        put(c->pts, c->k, &n, &b->R, &ha, 0);
        /* -(a e) P, split with GLV. */
        sl_secp256k1_sc_mul(&t, &a, &b->e);
        sl_secp256k1_sc_neg(&t, &t);
        sl_secp256k1_sc128 h1, h2;
        sl_secp256k1_split128(&h1, &h2, &t);
        put(c->pts, c->k, &n, &key->pub, &h1, 0);
        put(c->pts, c->k, &n, &key->pub, &h2, 1);
    }
    sl_secp256k1_sc128 g1, g2;
    sl_secp256k1_split128(&g1, &g2, &gs);
    put(c->pts, c->k, &n, &sl_secp256k1_g, &g1, 0);
    put(c->pts, c->k, &n, &sl_secp256k1_g, &g2, 1);
    sl_secp256k1_gej r;
    if (!sl_secp256k1_msm_var(&r, c->pts, (const uint64_t(*)[2])c->k, n))
        return -1;
    return r.inf;
}

static void check(const bctx *c, size_t lo, size_t hi) {
    if (hi - lo < 2) {
        singles(c, lo, hi);
        return;
    }
    int ok = combination_holds(c, lo, hi);
    if (ok == 1) {
        for (size_t j = lo; j < hi; j++)
            c->status[c->b[j].idx] = SLUICE_SIG_VALID;
        return;
    }
    if (ok < 0 || hi - lo <= LEAF) {
        singles(c, lo, hi);
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    check(c, lo, mid);
    check(c, mid, hi);
}

/* a_1 = 1; a_j = 128 bits of SHA256(seed ‖ j) for j >= 2, seed = SHA256 of a
 * domain tag and every item's pk ‖ sig ‖ e (e commits to the message). */
static void randomizers(bitem *b, size_t m, const void *const *keys,
                        const sluice_sig_item *items) {
    static const char dom[] = "sluice/bip340/batch-randomizer";
    sluice_sha256_ctx c;
    sluice_sha256_init(&c);
    sluice_sha256_update(&c, dom, sizeof dom - 1);
    for (size_t j = 0; j < m; j++) {
        const sl_bip340_key *key = (const sl_bip340_key *)keys[b[j].idx];
        uint8_t e[32];
        sl_secp256k1_sc_get_b32(e, &b[j].e);
        sluice_sha256_update(&c, key->pk, 32);
        sluice_sha256_update(&c, items[b[j].idx].sig, 64);
        sluice_sha256_update(&c, e, 32);
    }
    uint8_t seed[40];
    sluice_sha256_final(&c, seed);
    for (size_t j = 0; j < m; j++) {
        if (j == 0) {
            b[j].a[0] = 1;
            b[j].a[1] = 0;
            continue;
        }
        uint64_t jj = j;
        for (int t = 0; t < 8; t++)
            seed[32 + t] = (uint8_t)(jj >> (8 * t));
        uint8_t h[32];
        sluice_sha256(h, seed, sizeof seed);
        uint64_t lo = 0, hi = 0;
        for (int t = 0; t < 8; t++) {
            lo = (lo << 8) | h[t];
            hi = (hi << 8) | h[8 + t];
        }
        if (!(lo | hi))
            lo = 1;
        b[j].a[0] = lo;
        b[j].a[1] = hi;
    }
}

/* Parses the items with keys into b (answering the others in status when
 * status is not NULL); returns how many went into b. The r values are lifted
 * LIFT_CHUNK at a time (square roots interleaved), then the challenges are
 * hashed for the items that remain. */
#define LIFT_CHUNK 64
static size_t collect(bitem *b, const void *const *keys, const sluice_sig_item *items, size_t n,
                      uint8_t *status) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keys[i])
            continue;
        const sluice_sig_item *it = &items[i];
        bitem *x = &b[m];
        /* r waits in R.x until the lift below. */
        sluice_sig_status st = sl_bip340_sig_parse(&x->R.x, &x->s, it->sig, it->sig_len);
        if (st != SLUICE_SIG_VALID) {
            if (status)
                status[i] = (uint8_t)st;
            continue;
        }
        x->idx = i;
        m++;
    }
    size_t kept = 0;
    for (size_t j0 = 0; j0 < m; j0 += LIFT_CHUNK) {
        size_t cnt = m - j0 < LIFT_CHUNK ? m - j0 : LIFT_CHUNK;
        sl_secp256k1_fe xs[LIFT_CHUNK];
        sl_secp256k1_ge pts[LIFT_CHUNK];
        int ok[LIFT_CHUNK];
        for (size_t k = 0; k < cnt; k++) xs[k] = b[j0 + k].R.x;
        sl_secp256k1_ge_set_x_even_many_var(pts, ok, xs, cnt);
        for (size_t k = 0; k < cnt; k++) {
            bitem x = b[j0 + k];
            if (!ok[k]) {
                /* r is not an x coordinate: the single verdict. */
                size_t i = x.idx;
                const sluice_sig_item *it = &items[i];
                if (status)
                    status[i] = (uint8_t)sl_bip340_verify_key(keys[i], it->msg, it->msg_len,
                                                              it->sig, it->sig_len);
                continue;
            }
            x.R = pts[k];
            b[kept++] = x; /* kept <= j0 + k: only entries already read move */
        }
    }
    for (size_t j = 0; j < kept; j++) {
        const sluice_sig_item *it = &items[b[j].idx];
        const sl_bip340_key *key = (const sl_bip340_key *)keys[b[j].idx];
        sl_bip340_challenge(&b[j].e, it->sig, key->pk, it->msg, it->msg_len);
    }
    return kept;
}

void sl_bip340_verify_batch(const void *const *keys, const sluice_sig_item *items, size_t n,
                            uint8_t *status) {
    bitem *b = malloc((n ? n : 1) * sizeof *b);
    sl_secp256k1_ge *pts = malloc((3 * n + 2) * sizeof *pts);
    uint64_t(*k)[2] = malloc((3 * n + 2) * sizeof *k);
    if (!b || !pts || !k) {
        free(b);
        free(pts);
        free(k);
        for (size_t i = 0; i < n; i++)
            if (keys[i])
                status[i] = (uint8_t)sl_bip340_verify_key(keys[i], items[i].msg, items[i].msg_len,
                                                          items[i].sig, items[i].sig_len);
        return;
    }
    size_t m = collect(b, keys, items, n, status);
    randomizers(b, m, keys, items);
    bctx c = {keys, items, status, b, pts, k};
    check(&c, 0, m);
    free(b);
    free(pts);
    free(k);
}

int sl_bip340_batch_combination_var(const void *const *keys, const sluice_sig_item *items,
                                    size_t n) {
    bitem *b = malloc((n ? n : 1) * sizeof *b);
    sl_secp256k1_ge *pts = malloc((3 * n + 2) * sizeof *pts);
    uint64_t(*k)[2] = malloc((3 * n + 2) * sizeof *k);
    int ok = -1;
    if (b && pts && k) {
        size_t m = collect(b, keys, items, n, NULL);
        if (m != n) {
            ok = 0;
        } else {
            randomizers(b, m, keys, items);
            bctx c = {keys, items, NULL, b, pts, k};
            ok = combination_holds(&c, 0, m);
        }
    }
    free(b);
    free(pts);
    free(k);
    return ok;
}
