/* BIP340 batch verification (bitcoin/bips bip-0340.mediawiki, "Batch
 * Verification"): with a_1 = 1 and a_2..a_u random 128-bit integers,
 *   (sum a_i s_i) G == sum a_i R_i + sum (a_i e_i) P_i,  R_i = lift_x(r_i),
 * checked as one multi-scalar multiplication that must give O. The a_i are
 * derived deterministically from a SHA-256 of every item of the group. Items
 * whose signature fails to parse are answered directly; an item whose r is
 * not an x coordinate is verified singly (its verdict is INFINITY or
 * MISMATCH). A failing group is cut in eight until groups of LEAF items,
 * which are verified singly, so every status equals the single verdict; a
 * passing group means every item in it satisfies its single equation (except with
 * probability 2^-128 over the randomizers). */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "sig/bip340_sig.h"
#include "sig/sig_internal.h"
#include "sluice/sha256.h"

#define LEAF 4

typedef struct {
    sl_secp256k1_ge R;     /* lift_x(r) */
    sl_secp256k1_ge P;     /* the key's point, copied: keys may move later */
    sl_secp256k1_sc s, e;  /* s, challenge */
    uint64_t a[2];         /* randomizer */
    size_t idx;            /* position in the caller's arrays */
    uint8_t pk[32];        /* the key's 32 bytes */
} bitem;

typedef struct {
    const sluice_sig_item *items;
    uint8_t *status;
    const bitem *b;
    sl_secp256k1_ge *pts;  /* scratch for 3 m + 2 points */
    uint64_t (*k)[2];
} bctx;

/* The single verdict of entry j, with a table-less key rebuilt from it. */
static void singles(const bctx *c, size_t lo, size_t hi) {
    _Alignas(64) sl_bip340_key key;
    key.window = 0;
    for (size_t j = lo; j < hi; j++) {
        const bitem *x = &c->b[j];
        const sluice_sig_item *it = &c->items[x->idx];
        key.pub = x->P;
        memcpy(key.pk, x->pk, 32);
        c->status[x->idx] =
            (uint8_t)sl_bip340_verify_key(&key, it->msg, it->msg_len, it->sig, it->sig_len);
    }
}

/* Writes h q at slot *p, *k (h = 0 too: a zero scalar adds nothing). */
static void put_at(sl_secp256k1_ge *p, uint64_t *k, const sl_secp256k1_ge *q,
                   const sl_secp256k1_sc128 *h, int lam) {
    *p = *q;
    if (lam)
        sl_secp256k1_fe_mul(&p->x, &p->x, &sl_secp256k1_beta);
    if (h->neg)
        sl_secp256k1_fe_neg(&p->y, &p->y);
    k[0] = h->v[0];
    k[1] = h->v[1];
}

/* Terms of entries b[lo, hi) in slots 3 (j - base) .. + 2: -a R, and
 * -(a e) P split with GLV; returns sum a s over them in *gs. */
static void fill_terms(const bctx *c, size_t lo, size_t hi, size_t base, sl_secp256k1_sc *gs) {
    sl_secp256k1_sc_set_u64(gs, 0);
    for (size_t j = lo; j < hi; j++) {
        const bitem *b = &c->b[j];
        size_t o = 3 * (j - base);
        sl_secp256k1_sc a, t;
        a.v[0] = b->a[0];
        a.v[1] = b->a[1];
        a.v[2] = a.v[3] = 0;
        sl_secp256k1_sc_mul(&t, &a, &b->s);
        sl_secp256k1_sc_add(gs, gs, &t);
        sl_secp256k1_sc128 ha = {{b->a[0], b->a[1]}, 1};
        put_at(&c->pts[o], c->k[o], &b->R, &ha, 0);
        sl_secp256k1_sc_mul(&t, &a, &b->e);
        sl_secp256k1_sc_neg(&t, &t);
        sl_secp256k1_sc128 h1, h2;
        sl_secp256k1_split128(&h1, &h2, &t);
        put_at(&c->pts[o + 1], c->k[o + 1], &b->P, &h1, 0);
        put_at(&c->pts[o + 2], c->k[o + 2], &b->P, &h2, 1);
    }
}

/* (sum a s) G in the two slots after the m entries' terms. */
static void put_g(const bctx *c, size_t m, const sl_secp256k1_sc *gs) {
    sl_secp256k1_sc128 g1, g2;
    sl_secp256k1_split128(&g1, &g2, gs);
    put_at(&c->pts[3 * m], c->k[3 * m], &sl_secp256k1_g, &g1, 0);
    put_at(&c->pts[3 * m + 1], c->k[3 * m + 1], &sl_secp256k1_g, &g2, 1);
}

/* 1 if the combination over b[lo, hi) gives O; -1 if out of memory. */
static int combination_holds(const bctx *c, size_t lo, size_t hi) {
    sl_secp256k1_sc gs;
    fill_terms(c, lo, hi, lo, &gs);
    put_g(c, hi - lo, &gs);
    sl_secp256k1_gej r;
    if (!sl_secp256k1_msm_var(&r, c->pts, (const uint64_t(*)[2])c->k, 3 * (hi - lo) + 2))
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
    /* eight parts, not two: one bad item among u then costs about
     * u + u/8 + u/64 ... ~ 1.14 u items of combinations, not 2 u, and with
     * many bad items the levels in between, which would fail too, are not
     * computed */
    size_t u = hi - lo, parts = u / LEAF < 8 ? u / LEAF : 8;
    parts = parts < 2 ? 2 : parts;
    for (size_t p = 0; p < parts; p++)
        check(c, lo + u * p / parts, lo + u * (p + 1) / parts);
}

/* Randomizers: a_0 = 1; a_j = 128 bits of SHA256(seed ‖ j) for j >= 1,
 * seed = SHA256(domain tag ‖ m ‖ D_0 ‖ D_1 ‖ ...) where D_p is the SHA256
 * of pk ‖ sig ‖ e of entries [p RPIECE, (p + 1) RPIECE) (e commits to the
 * message): every item is in the seed, and the pieces hash on any thread. */
#define RPIECE 256
static void piece_digest(uint8_t out[32], const bitem *b, size_t lo, size_t hi,
                         const sluice_sig_item *items) {
    sluice_sha256_ctx c;
    sluice_sha256_init(&c);
    for (size_t j = lo; j < hi; j++) {
        uint8_t e[32];
        sl_secp256k1_sc_get_b32(e, &b[j].e);
        sluice_sha256_update(&c, b[j].pk, 32);
        sluice_sha256_update(&c, items[b[j].idx].sig, 64);
        sluice_sha256_update(&c, e, 32);
    }
    sluice_sha256_final(&c, out);
}

static void seed_of(uint8_t seed[40], const uint8_t (*dg)[32], size_t npieces, size_t m) {
    static const char dom[] = "sluice/bip340/batch-randomizer/2";
    uint8_t mb[8];
    for (int t = 0; t < 8; t++)
        mb[t] = (uint8_t)((uint64_t)m >> (8 * t));
    sluice_sha256_ctx c;
    sluice_sha256_init(&c);
    sluice_sha256_update(&c, dom, sizeof dom - 1);
    sluice_sha256_update(&c, mb, 8);
    sluice_sha256_update(&c, dg, 32 * npieces);
    sluice_sha256_final(&c, seed);
}

static void derive(bitem *b, size_t lo, size_t hi, const uint8_t seed_in[40]) {
    uint8_t seed[40];
    memcpy(seed, seed_in, 32);
    for (size_t j = lo; j < hi; j++) {
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
        uint64_t l = 0, u = 0;
        for (int t = 0; t < 8; t++) {
            l = (l << 8) | h[t];
            u = (u << 8) | h[8 + t];
        }
        if (!(l | u))
            l = 1;
        b[j].a[0] = l;
        b[j].a[1] = u;
    }
}

/* One thread: every piece's digest, the seed, every randomizer. 0 if out of
 * memory. */
static int randomizers(bitem *b, size_t m, const sluice_sig_item *items) {
    size_t np = (m + RPIECE - 1) / RPIECE;
    uint8_t(*dg)[32] = malloc((np ? np : 1) * sizeof *dg);
    if (!dg)
        return 0;
    for (size_t p = 0; p < np; p++)
        piece_digest(dg[p], b, p * RPIECE, (p + 1) * RPIECE < m ? (p + 1) * RPIECE : m, items);
    uint8_t seed[40];
    seed_of(seed, (const uint8_t(*)[32])dg, np, m);
    derive(b, 0, m, seed);
    free(dg);
    return 1;
}

/* Parses the items with keys into b (answering the others in status when
 * status is not NULL); returns how many went into b, with idx relative to
 * items. The r values are lifted LIFT_CHUNK at a time (square roots
 * interleaved), then the challenges are hashed for the items that remain. */
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
        const sl_bip340_key *key = (const sl_bip340_key *)keys[i];
        x->P = key->pub;
        memcpy(x->pk, key->pk, 32);
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
            bitem *x = &b[j0 + k];
            if (!ok[k]) {
                /* r is not an x coordinate: the single verdict. */
                size_t i = x->idx;
                const sluice_sig_item *it = &items[i];
                if (status)
                    status[i] = (uint8_t)sl_bip340_verify_key(keys[i], it->msg, it->msg_len,
                                                              it->sig, it->sig_len);
                continue;
            }
            x->R = pts[k];
            if (kept != j0 + k)
                b[kept] = *x; /* kept < j0 + k: only entries already read move */
            kept++;
        }
    }
    for (size_t j = 0; j < kept; j++) {
        const sluice_sig_item *it = &items[b[j].idx];
        sl_bip340_challenge(&b[j].e, it->sig, b[j].pk, it->msg, it->msg_len);
    }
    return kept;
}

void sl_bip340_verify_batch(const void *const *keys, const sluice_sig_item *items, size_t n,
                            uint8_t *status) {
    bitem *b = malloc((n ? n : 1) * sizeof *b);
    sl_secp256k1_ge *pts = malloc((3 * n + 2) * sizeof *pts);
    uint64_t(*k)[2] = malloc((3 * n + 2) * sizeof *k);
    size_t m = b ? collect(b, keys, items, n, status) : 0;
    if (!b || !pts || !k || !randomizers(b, m, items)) {
        if (b) { /* the parsed ones singly; the others are answered */
            bctx c = {items, status, b, NULL, NULL};
            singles(&c, 0, m);
        } else {
            for (size_t i = 0; i < n; i++)
                if (keys[i])
                    status[i] = (uint8_t)sl_bip340_verify_key(keys[i], items[i].msg,
                                                              items[i].msg_len, items[i].sig,
                                                              items[i].sig_len);
        }
    } else {
        bctx c = {items, status, b, pts, k};
        check(&c, 0, m);
    }
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
        } else if (randomizers(b, m, items)) {
            bctx c = {items, NULL, b, pts, k};
            ok = combination_holds(&c, 0, m);
        }
    }
    free(b);
    free(pts);
    free(k);
    return ok;
}

/* --- One combination on several threads -----------------------------------
 * The group's work in pieces that any thread takes (OpenMP dynamic): the key
 * lookups, parses, lifts and challenges by pieces of 64 to 256 items; the
 * digests by RPIECE entries; the randomizers and terms by pieces; then the
 * multi-scalar multiplication as (window, bucket range) tasks
 * (sl_secp256k1_msm_plan). No thread waits on a large unit of another, so
 * a thread slowed by the machine is made up by the others (chunks of whole
 * combinations, one per thread, left the faster thread idle). After a
 * failed combination the search for bad items runs in ranges on all the
 * threads (check_threads). */
#define PIECE_MAX 256
#define GROUP_MAX 16384 /* items per combination at most: bounds the memory */

/* After a failed (or unallocated) combination over b[0, m): the entries in
 * about 8 ranges a thread, each checked and cut further (check) by one
 * thread with its own scratch, so finding one bad item costs the other
 * threads one combination over their ranges and the unlucky thread about
 * 1.14 over its own (before, the whole group was halved on one thread:
 * two combinations of m/2, then of m/4, ... while the other threads
 * waited). */
static void check_threads(const bctx *c, size_t m, int threads) {
    size_t parts = 8 * (size_t)threads, len = (m + parts - 1) / parts;
    len = len < LEAF ? LEAF : len;
    size_t nr = (m + len - 1) / len;
#pragma omp parallel num_threads(threads)
    {
        bctx t = *c;
        t.pts = malloc((3 * len + 2) * sizeof *t.pts);
        t.k = malloc((3 * len + 2) * sizeof *t.k);
#pragma omp for schedule(dynamic, 1)
        for (size_t r = 0; r < nr; r++) {
            size_t lo = r * len, hi = lo + len < m ? lo + len : m;
            if (t.pts && t.k)
                check(&t, lo, hi);
            else /* no memory for scratch: these entries singly */
                singles(&t, lo, hi);
        }
        free(t.pts);
        free(t.k);
    }
}

static void verify_group_threads(sluice_sig_keycache **caches, size_t max_keys, int threads,
                                 const sluice_sig_item *items, size_t n, uint8_t *status) {
    /* about 8 pieces a thread, whole lifts of LIFT_CHUNK, at most PIECE_MAX */
    size_t piece = n / (8 * (size_t)threads) / LIFT_CHUNK * LIFT_CHUNK;
    piece = piece < LIFT_CHUNK ? LIFT_CHUNK : piece > PIECE_MAX ? PIECE_MAX : piece;
    size_t npc = (n + piece - 1) / piece;
    bitem *b = malloc(n * sizeof *b);
    size_t *kept = malloc(npc * sizeof *kept);
    sl_secp256k1_ge *pts = malloc((3 * n + 2) * sizeof *pts);
    uint64_t(*k)[2] = malloc((3 * n + 2) * sizeof *k);
    sl_secp256k1_sc *gsp = malloc(npc * sizeof *gsp);
    uint8_t(*dg)[32] = malloc(((n + RPIECE - 1) / RPIECE) * sizeof *dg);
    if (!b || !kept || !pts || !k || !gsp || !dg) {
        for (size_t i = 0; i < n; i++) status[i] = (uint8_t)sluice_sig_verify(&items[i], NULL);
        goto out;
    }
#pragma omp parallel num_threads(threads)
    {
        int tid = omp_get_thread_num();
        if (!caches[tid])
            caches[tid] = sluice_sig_keycache_new(max_keys);
        sluice_sig_keycache *cache = caches[tid];
        const void *keys[PIECE_MAX];
        sluice_sig_status kst[PIECE_MAX];
#pragma omp for schedule(dynamic, 1)
        for (size_t p = 0; p < npc; p++) {
            size_t lo = p * piece, cnt = n - lo < piece ? n - lo : piece;
            if (!cache) { /* no memory for a cache: this piece singly */
                for (size_t i = lo; i < lo + cnt; i++)
                    status[i] = (uint8_t)sluice_sig_verify(&items[i], NULL);
                kept[p] = 0;
                continue;
            }
            sl_keycache_get_n(cache, items + lo, cnt, keys, kst,
                              sl_sig_upgrade_at(SLUICE_SIG_BIP340, 1));
            for (size_t i = 0; i < cnt; i++)
                if (!keys[i])
                    status[lo + i] = kst[i] == (sluice_sig_status)SL_SIG_NOMEM
                                         ? (uint8_t)sluice_sig_verify(&items[lo + i], NULL)
                                         : (uint8_t)kst[i];
            kept[p] = collect(b + lo, keys, items + lo, cnt, status + lo);
            for (size_t j = 0; j < kept[p]; j++) b[lo + j].idx += lo;
            sl_keycache_end(cache);
        }
    }
    size_t m = 0;
    for (size_t p = 0; p < npc; p++) {
        if (m != p * piece)
            memmove(b + m, b + p * piece, kept[p] * sizeof *b);
        m += kept[p];
    }
    if (m == 0)
        goto out;
    size_t nrp = (m + RPIECE - 1) / RPIECE, nep = (m + piece - 1) / piece;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (size_t p = 0; p < nrp; p++)
        piece_digest(dg[p], b, p * RPIECE, (p + 1) * RPIECE < m ? (p + 1) * RPIECE : m, items);
    uint8_t seed[40];
    seed_of(seed, (const uint8_t(*)[32])dg, nrp, m);
    bctx c = {items, status, b, pts, k};
    /* parts: about 8 tasks a thread over the 13 or so windows */
    sl_secp256k1_msm_plan *plan = sl_secp256k1_msm_plan_new(3 * m + 2, (8 * threads + 12) / 13);
    int ok = plan != NULL;
#pragma omp parallel num_threads(threads)
    {
#pragma omp for schedule(dynamic, 1)
        for (size_t p = 0; p < nep; p++) {
            size_t lo = p * piece, hi = lo + piece < m ? lo + piece : m;
            derive(b, lo, hi, seed);
            fill_terms(&c, lo, hi, 0, &gsp[p]);
            if (plan)
                sl_secp256k1_msm_plan_set(plan, 3 * lo, 3 * hi, pts, (const uint64_t(*)[2])k);
        }
#pragma omp single
        {
            sl_secp256k1_sc gs;
            sl_secp256k1_sc_set_u64(&gs, 0);
            for (size_t p = 0; p < nep; p++) sl_secp256k1_sc_add(&gs, &gs, &gsp[p]);
            put_g(&c, m, &gs);
            if (plan)
                sl_secp256k1_msm_plan_set(plan, 3 * m, 3 * m + 2, pts, (const uint64_t(*)[2])k);
        } /* implied barrier: every slot is set */
        if (plan) {
            sl_secp256k1_msm_scratch scr = {NULL, 0};
            size_t nt = sl_secp256k1_msm_plan_tasks(plan);
#pragma omp for schedule(dynamic, 1)
            for (size_t t = 0; t < nt; t++)
                if (!sl_secp256k1_msm_plan_run(plan, t, &scr)) {
#pragma omp atomic write
                    ok = 0;
                }
            sl_secp256k1_msm_scratch_free(&scr);
        }
    }
    int holds = 0;
    if (ok) {
        sl_secp256k1_gej r;
        sl_secp256k1_msm_plan_finish(&r, plan);
        holds = r.inf;
    }
    sl_secp256k1_msm_plan_free(plan);
    if (holds) {
        for (size_t j = 0; j < m; j++) status[b[j].idx] = SLUICE_SIG_VALID;
    } else {
        check_threads(&c, m, threads);
    }
out:
    free(b);
    free(kept);
    free(pts);
    free(k);
    free(gsp);
    free(dg);
}

void sl_bip340_verify_batch_threads(sluice_sig_keycache **caches, size_t max_keys, int threads,
                                    const sluice_sig_item *items, size_t n, uint8_t *status,
                                    size_t group_max) {
    if (group_max == 0 || group_max > GROUP_MAX)
        group_max = GROUP_MAX;
    size_t groups = (n + group_max - 1) / group_max;
    for (size_t g = 0; g < groups; g++) {
        size_t lo = n * g / groups, hi = n * (g + 1) / groups;
        if (hi > lo)
            verify_group_threads(caches, max_keys, threads, items + lo, hi - lo, status + lo);
    }
}
