/* Ed25519 with Bytom's (Go's ed25519.Verify) rules: engine/sig/ed25519_*.c,
 * engine/ec/ed25519_group.c.
 *  - vectors (tests/vectors/ed25519.txt, go_accepts column);
 *  - the group code against a slow, obviously-correct reference written here
 *    (affine Edwards addition with inversions, double-and-add, Go's decoding
 *    step by step);
 *  - differential against OpenSSL EVP Ed25519: >= 2,000 oracle signatures must
 *    pass; bit-flipped ones must get OpenSSL's validity where the strict and Go
 *    rules agree (s < L, canonical A and R, no small-order point);
 *  - crafted cases (s + L, s >= 2^253, small-order and mixed-order A and R from
 *    the 8 torsion points, non-canonical A, x = 0 with the sign bit), each
 *    checked against the reference verdict;
 *  - batches (sizes 1, 2, 3, 64, 257, 1024; 0, 1, several bad items including
 *    torsion-crafted ones) whose statuses must equal the single verdicts;
 *  - the device work item, finished on the CPU by the reference. */
#include "../../engine/ec/ed25519_group.h"
#include "../../engine/ec/ed25519_scalar.h"
#include "../../engine/ec/ed25519_ifma.h"
#include "../../engine/ec/ed25519_lanes.h"
#include "../../engine/sig/ed25519_sig.h"
#include "../../engine/sig/sig_internal.h"
#include "sig_testgen.h"
#include "sluice/hex.h"
#include "testutil.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

static tu_rng rng;

/* ---- reference arithmetic (projective, the textbook formula) ------------ */

typedef struct { sl_ed25519_fe x, y, z; } ref_pt; /* (x/z, y/z) */
static sl_ed25519_fe RD, RSQRTM1;
static ref_pt RB, RO;
static const uint8_t LBYTES[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                   0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                   0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};

static void fe_small(sl_ed25519_fe *r, uint64_t v) { sl_ed25519_fe_set_u64(r, v); }

static void fadd(sl_ed25519_fe *r, const sl_ed25519_fe *a, const sl_ed25519_fe *b) {
    sl_ed25519_fe_add(r, a, b);
    sl_ed25519_fe_carry(r, r);
}

/* The twisted Edwards addition law (a = -1), affine form
 *   x3 = (x1 y2 + y1 x2) / (1 + d x1 x2 y1 y2), y3 = (y1 y2 + x1 x2) / (1 - d x1 x2 y1 y2),
 * in projective coordinates (Bernstein-Lange "add-2007-bl" with a = -1):
 *   A = Z1 Z2, B = A^2, C = X1 X2, D = Y1 Y2, E = d C D, F = B - E, G = B + E,
 *   X3 = A F ((X1 + Y1)(X2 + Y2) - C - D), Y3 = A G (D + C), Z3 = F G.
 * Also used for doubling (the law is complete). */
static ref_pt ref_add(ref_pt p, ref_pt q) {
    sl_ed25519_fe A, B, C, D, E, F, G, t, u;
    ref_pt r;
    sl_ed25519_fe_mul(&A, &p.z, &q.z);
    sl_ed25519_fe_sqr(&B, &A);
    sl_ed25519_fe_mul(&C, &p.x, &q.x);
    sl_ed25519_fe_mul(&D, &p.y, &q.y);
    sl_ed25519_fe_mul(&E, &C, &D);
    sl_ed25519_fe_mul(&E, &E, &RD);
    sl_ed25519_fe_sub(&F, &B, &E);
    fadd(&G, &B, &E);
    fadd(&t, &p.x, &p.y);
    fadd(&u, &q.x, &q.y);
    sl_ed25519_fe_mul(&t, &t, &u);
    sl_ed25519_fe_sub(&t, &t, &C);
    sl_ed25519_fe_sub(&t, &t, &D);
    sl_ed25519_fe_mul(&r.x, &A, &F);
    sl_ed25519_fe_mul(&r.x, &r.x, &t);
    fadd(&t, &D, &C);
    sl_ed25519_fe_mul(&r.y, &A, &G);
    sl_ed25519_fe_mul(&r.y, &r.y, &t);
    sl_ed25519_fe_mul(&r.z, &F, &G);
    return r;
}

static ref_pt ref_neg(ref_pt p) {
    sl_ed25519_fe_neg(&p.x, &p.x);
    return p;
}

/* [n]p, n 32 bytes little-endian, double-and-add from the top bit. */
static ref_pt ref_mul(const uint8_t n[32], ref_pt p) {
    ref_pt acc = RO;
    for (int i = 255; i >= 0; i--) {
        acc = ref_add(acc, acc);
        if ((n[i >> 3] >> (i & 7)) & 1) acc = ref_add(acc, p);
    }
    return acc;
}

static int ref_eq(ref_pt p, ref_pt q) {
    sl_ed25519_fe a, b;
    sl_ed25519_fe_mul(&a, &p.x, &q.z);
    sl_ed25519_fe_mul(&b, &q.x, &p.z);
    if (!sl_ed25519_fe_equal(&a, &b)) return 0;
    sl_ed25519_fe_mul(&a, &p.y, &q.z);
    sl_ed25519_fe_mul(&b, &q.y, &p.z);
    return sl_ed25519_fe_equal(&a, &b);
}

/* Go's FromBytes, step by step (Bytom crypto/ed25519/internal/edwards25519). */
static int ref_decode(ref_pt *r, const uint8_t b[32]) {
    sl_ed25519_fe y, u, v, v3, x, t, vxx, chk, one;
    fe_small(&one, 1);
    sl_ed25519_fe_set_b32(&y, b);
    sl_ed25519_fe_sqr(&u, &y);
    sl_ed25519_fe_mul(&v, &u, &RD);
    sl_ed25519_fe_sub(&u, &u, &one);
    sl_ed25519_fe_add(&v, &v, &one);
    sl_ed25519_fe_carry(&v, &v);
    sl_ed25519_fe_sqr(&v3, &v);
    sl_ed25519_fe_mul(&v3, &v3, &v);
    sl_ed25519_fe_sqr(&x, &v3);
    sl_ed25519_fe_mul(&x, &x, &v);
    sl_ed25519_fe_mul(&x, &x, &u);
    sl_ed25519_fe_pow22523(&x, &x);
    sl_ed25519_fe_mul(&x, &x, &v3);
    sl_ed25519_fe_mul(&x, &x, &u);
    sl_ed25519_fe_sqr(&vxx, &x);
    sl_ed25519_fe_mul(&vxx, &vxx, &v);
    sl_ed25519_fe_sub(&chk, &vxx, &u);
    if (!sl_ed25519_fe_is_zero(&chk)) {
        sl_ed25519_fe_add(&t, &vxx, &u);
        sl_ed25519_fe_carry(&t, &t);
        if (!sl_ed25519_fe_is_zero(&t)) return 0;
        sl_ed25519_fe_mul(&x, &x, &RSQRTM1);
    }
    if (sl_ed25519_fe_is_odd(&x) != (b[31] >> 7)) sl_ed25519_fe_neg(&x, &x);
    r->x = x;
    r->y = y;
    fe_small(&r->z, 1);
    return 1;
}

static void ref_encode(uint8_t b[32], ref_pt p) {
    sl_ed25519_fe zi, x, y;
    sl_ed25519_fe_inv(&zi, &p.z);
    sl_ed25519_fe_mul(&x, &p.x, &zi);
    sl_ed25519_fe_mul(&y, &p.y, &zi);
    sl_ed25519_fe_get_b32(b, &y);
    b[31] |= (uint8_t)(sl_ed25519_fe_is_odd(&x) << 7);
}

static ref_pt ref_from_ge(const sl_ed25519_ge *g) {
    ref_pt r = {g->X, g->Y, g->Z};
    return r;
}

static void openssl_sha512(uint8_t out[64], const uint8_t *a, size_t al, const uint8_t *b,
                           size_t bl, const uint8_t *c, size_t cl) {
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    unsigned len = 0;
    EVP_DigestInit_ex(m, EVP_sha512(), NULL);
    EVP_DigestUpdate(m, a, al);
    EVP_DigestUpdate(m, b, bl);
    if (cl) EVP_DigestUpdate(m, c, cl);
    EVP_DigestFinal_ex(m, out, &len);
    EVP_MD_CTX_free(m);
}

static void ref_challenge(uint8_t k[32], const uint8_t *r, const uint8_t *pub, const uint8_t *msg,
                          size_t ml) {
    uint8_t h[64];
    sl_ed25519_sc sc;
    openssl_sha512(h, r, 32, pub, 32, msg, ml);
    sl_ed25519_sc_set_b64(&sc, h);
    sl_ed25519_sc_get_b32(k, &sc);
}

/* The Go verdict, by the reference (key checks first, as the dispatch does). */
static sluice_sig_status ref_verify(const uint8_t *pub, size_t pl, const uint8_t *msg, size_t ml,
                                    const uint8_t *sig, size_t sl) {
    ref_pt A;
    if (pl != 32 || !ref_decode(&A, pub)) return SLUICE_SIG_BAD_PUBKEY;
    if (sl != 64) return SLUICE_SIG_BAD_ENCODING;
    if (sig[63] & 0xE0) return SLUICE_SIG_S_RANGE;
    uint8_t k[32], enc[32];
    ref_challenge(k, sig, pub, msg, ml);
    ref_pt R = ref_add(ref_mul(sig + 32, RB), ref_neg(ref_mul(k, A)));
    ref_encode(enc, R);
    return memcmp(enc, sig, 32) == 0 ? SLUICE_SIG_VALID : SLUICE_SIG_MISMATCH;
}

static void ref_init(void) {
    sl_ed25519_fe a, b;
    fe_small(&a, 121665);
    sl_ed25519_fe_neg(&a, &a);
    fe_small(&b, 121666);
    sl_ed25519_fe_inv(&b, &b);
    sl_ed25519_fe_mul(&RD, &a, &b);
    fe_small(&a, 1);
    sl_ed25519_fe_neg(&a, &a);
    CHECK(sl_ed25519_fe_sqrt(&RSQRTM1, &a));
    fe_small(&RO.x, 0);
    fe_small(&RO.y, 1);
    fe_small(&RO.z, 1);
    uint8_t benc[32];
    memset(benc, 0x66, 32);
    benc[0] = 0x58;
    CHECK(ref_decode(&RB, benc));
}

/* ---- prepared keys --------------------------------------------------------- */

static void *key_new(const uint8_t *pub, size_t len, sluice_sig_status *st) {
    size_t sz = (sl_ed25519_key_size() + 63) / 64 * 64;
    void *k = aligned_alloc(64, sz);
    *st = sl_ed25519_key_prepare(k, pub, len);
    if (*st == SLUICE_SIG_VALID) sl_ed25519_key_upgrade(k); /* tables + torsion flag */
    return k;
}

/* Every single path must give `want`. */
static void check_single(const uint8_t *pub, size_t pl, const uint8_t *msg, size_t ml,
                         const uint8_t *sig, size_t sl, sluice_sig_status want) {
    sluice_sig_status got = sluice_ed25519_verify(pub, pl, msg, ml, sig, sl);
    CHECK(got == want);
    if (got != want) {
        fprintf(stderr, "  single: got %d want %d\n", got, want);
        tu_dump("  pub", pub, pl);
        tu_dump("  sig", sig, sl);
    }
    sluice_sig_status kst;
    void *k = key_new(pub, pl, &kst);
    if (kst == SLUICE_SIG_VALID) {
        CHECK(sl_ed25519_verify_key(k, msg, ml, sig, sl) == want);
        /* the first-use path (no tables) must agree */
        void *k1 = aligned_alloc(64, (sl_ed25519_key_size() + 63) / 64 * 64);
        CHECK(sl_ed25519_key_prepare(k1, pub, pl) == SLUICE_SIG_VALID);
        CHECK(((const sl_ed25519_key *)k1)->tables_ready == 0);
        CHECK(sl_ed25519_verify_key(k1, msg, ml, sig, sl) == want);
        free(k1);
    } else {
        CHECK(kst == want);
    }
    free(k);
}

/* ---- the group code against the reference --------------------------------- */

static void test_group(void) {
    /* constants and the base point */
    sl_ed25519_ge B, O, P, Q;
    sl_ed25519_ge_base(&B);
    sl_ed25519_ge_identity(&O);
    CHECK(ref_eq(ref_from_ge(&B), RB));
    sl_ed25519_ge_scalarmul_var(&P, LBYTES, &B);
    CHECK(sl_ed25519_ge_is_identity_var(&P));
    CHECK(sl_ed25519_ge_torsion_free_var(&B));
    CHECK(sl_ed25519_ge_torsion_free_var(&O));
    uint8_t enc[32], want[32];
    sl_ed25519_ge_encode(enc, &B);
    memset(want, 0x66, 32);
    want[0] = 0x58;
    CHECK_MEM(enc, want, 32);
    /* random scalars: scalarmul, double scalarmul (plain and key tables), msm */
    for (int it = 0; it < 12; it++) {
        uint8_t n1[32], n2[32];
        tu_rng_bytes(&rng, n1, 32);
        tu_rng_bytes(&rng, n2, 32);
        n1[31] &= 0x7f; /* < 2^255 for the key-table path */
        n2[31] &= (it % 2) ? 0x1f : 0x7f;
        uint8_t pe[32];
        ref_pt Ar;
        do tu_rng_bytes(&rng, pe, 32);
        while (!ref_decode(&Ar, pe));
        sl_ed25519_ge A;
        CHECK(sl_ed25519_ge_decode_var(&A, pe));
        CHECK(ref_eq(ref_from_ge(&A), Ar));
        ref_pt want1 = ref_mul(n1, Ar);
        sl_ed25519_ge_scalarmul_var(&P, n1, &A);
        CHECK(ref_eq(ref_from_ge(&P), want1));
        ref_pt want2 = ref_add(ref_mul(n2, RB), want1);
        sl_ed25519_double_scalarmul_var(&P, n2, n1, &A);
        CHECK(ref_eq(ref_from_ge(&P), want2));
        sl_ed25519_keytab *tab = malloc(sizeof *tab);
        sl_ed25519_keytab_build(tab, &A);
        sl_ed25519_double_scalarmul_keytab_var(&P, n2, n1, tab, 0);
        CHECK(ref_eq(ref_from_ge(&P), want2));
        sl_ed25519_double_scalarmul_keytab_var(&P, n2, n1, tab, 1);
        CHECK(ref_eq(ref_from_ge(&P), ref_add(ref_mul(n2, RB), ref_neg(want1))));
        /* msm: [n2]B - [n1]A (tables) + [n3]A (plain) */
        uint8_t n3[32] = {0};
        tu_rng_bytes(&rng, n3, 16);
        sl_ed25519_msm_term terms[2];
        terms[0].tab = tab; terms[0].p = NULL; memcpy(terms[0].n, n1, 32); terms[0].neg = 1;
        terms[1].tab = NULL; terms[1].p = &A; memcpy(terms[1].n, n3, 32); terms[1].neg = 0;
        sl_ed25519_msm_var(&Q, n2, terms, 2);
        CHECK(ref_eq(ref_from_ge(&Q), ref_add(ref_add(ref_mul(n2, RB), ref_neg(want1)),
                                                ref_mul(n3, Ar))));
        free(tab);
        /* add / dbl / equal */
        sl_ed25519_ge_add(&P, &A, &B);
        CHECK(ref_eq(ref_from_ge(&P), ref_add(Ar, RB)));
        sl_ed25519_ge_dbl(&Q, &A);
        sl_ed25519_ge_add(&P, &A, &A);
        CHECK(sl_ed25519_ge_equal_var(&P, &Q));
        CHECK(!sl_ed25519_ge_equal_var(&P, &A));
    }
    /* msm over many terms (several chunks) against a sum of single products */
    {
        enum { M = 150 };
        sl_ed25519_ge pts[M], sum, t;
        sl_ed25519_msm_term terms[M];
        uint8_t b[32];
        tu_rng_bytes(&rng, b, 32);
        b[31] &= 0x0f;
        sl_ed25519_ge_scalarmul_var(&sum, b, &B);
        for (int i = 0; i < M; i++) {
            uint8_t s[32];
            tu_rng_bytes(&rng, s, 32);
            s[31] &= 0x0f;
            sl_ed25519_ge_scalarmul_var(&pts[i], s, &B);
            terms[i].tab = NULL;
            terms[i].p = &pts[i];
            tu_rng_bytes(&rng, terms[i].n, 32);
            terms[i].n[31] &= 0x0f;
            terms[i].neg = (int)(tu_rng_next(&rng) & 1);
            sl_ed25519_ge_scalarmul_var(&t, terms[i].n, &pts[i]);
            if (terms[i].neg) sl_ed25519_ge_neg(&t, &t);
            sl_ed25519_ge_add(&sum, &sum, &t);
        }
        sl_ed25519_msm_var(&t, b, terms, M);
        CHECK(sl_ed25519_ge_equal_var(&t, &sum));
    }
    /* wNAF recodes exactly */
    for (int it = 0; it < 400; it++) {
        uint8_t n[32];
        int8_t naf[257];
        tu_rng_bytes(&rng, n, 32);
        if (it >= 200) {
            /* long runs of zeros and ones (crossing the 64-bit words), 0, 2^256 - 1 */
            for (int i = 0; i < 32; i++) n[i] = (n[i] & 3) == 0 ? n[i] : (n[i] & 4) ? 0xff : 0;
            if (it == 200) memset(n, 0, 32);
            if (it == 201) memset(n, 0xff, 32);
        }
        int w = 2 + it % 7;
        int top = sl_ed25519_wnaf(naf, n, w);
        /* top = highest non-zero digit + 1; non-zero digits at least w apart */
        int high = 0, last = -1000;
        for (int i = 0; i < 257; i++) {
            if (!naf[i]) continue;
            high = i + 1;
            CHECK(i - last >= w);
            last = i;
        }
        CHECK(top == high);
        /* rebuild the integer from the digits (little-endian bytes, signed sum) */
        int64_t acc[33] = {0};
        for (int i = 0; i < 257; i++) {
            if (naf[i]) {
                CHECK((naf[i] & 1) && naf[i] < (1 << (w - 1)) && naf[i] > -(1 << (w - 1)));
                acc[i / 8] += (int64_t)naf[i] * (1 << (i % 8));
            }
        }
        int64_t carry = 0;
        uint8_t got[33];
        for (int i = 0; i < 33; i++) {
            int64_t v = acc[i] + carry;
            got[i] = (uint8_t)(v & 0xff);
            carry = (v - (v & 0xff)) / 256;
        }
        CHECK_MEM(got, n, 32);
        CHECK(got[32] == 0 && carry == 0);
    }
}

/* ---- torsion points ------------------------------------------------------- */

static ref_pt T8[8];      /* T8[j] = [j] T, T of order 8 */
static sl_ed25519_ge G8[8];

static void ge_from_ref(sl_ed25519_ge *g, ref_pt p) {
    uint8_t e[32];
    ref_encode(e, p);
    CHECK(sl_ed25519_ge_decode_var(g, e));
}

static void make_torsion(void) {
    for (;;) {
        uint8_t e[32];
        ref_pt P;
        tu_rng_bytes(&rng, e, 32);
        if (!ref_decode(&P, e)) continue;
        ref_pt T = ref_mul(LBYTES, P);
        ref_pt T4 = ref_add(ref_add(T, T), ref_add(T, T));
        if (ref_eq(T4, RO)) continue; /* order < 8 */
        T8[0] = RO;
        for (int j = 1; j < 8; j++) T8[j] = ref_add(T8[j - 1], T);
        CHECK(ref_eq(ref_add(T8[7], T), RO));
        break;
    }
    for (int j = 0; j < 8; j++) {
        ge_from_ref(&G8[j], T8[j]);
        CHECK(sl_ed25519_ge_torsion_free_var(&G8[j]) == (j == 0));
        /* a full-order point plus torsion is not torsion-free */
        sl_ed25519_ge B, P;
        sl_ed25519_ge_base(&B);
        sl_ed25519_ge_add(&P, &B, &G8[j]);
        CHECK(sl_ed25519_ge_torsion_free_var(&P) == (j == 0));
    }
}

/* ---- several keys prepared at once ----------------------------------------- */

/* One public key of kind `kind`: 0 a random point, 1 random bytes (about
 * half are not points), 2 y = p + small (non-canonical, either sign), 3 x = 0
 * with or without the sign bit (y = 1 or y = -1), 4 a small-order point
 * (T8, with the sign bit flipped for its even-x members), 5 y >= p that is
 * not a point. Length 32. */
static void prep_key_bytes(uint8_t e[32], int kind) {
    uint64_t r = tu_rng_next(&rng);
    ref_pt P;
    switch (kind) {
    case 0:
        do tu_rng_bytes(&rng, e, 32);
        while (!ref_decode(&P, e));
        break;
    case 1: tu_rng_bytes(&rng, e, 32); break;
    case 2:
    case 5:
        do {
            memset(e, 0xff, 32);
            e[0] = (uint8_t)(0xed + r % 19);
            e[31] = (r & 32) ? 0xff : 0x7f;
            r = tu_rng_next(&rng);
        } while (ref_decode(&P, e) != (kind == 2));
        break;
    case 3:
        if (r & 1) { memset(e, 0, 32); e[0] = 1; }
        else { memset(e, 0xff, 32); e[0] = 0xec; e[31] = 0x7f; }
        if (r & 2) e[31] |= 0x80;
        break;
    default:
        ref_encode(e, T8[r % 8]);
        if (r & 8) e[31] ^= 0x80;
        break;
    }
}

/* prepare_n == prepare item by item (verdict, and the blob up to the
 * tables), groups of 1..9 keys of every kind with wrong lengths and NULL at
 * random positions, IFMA on and off. */
static void test_prepare_n(void) {
    enum { NMAX = 9 + 64 };
    size_t ksz = (sl_ed25519_key_size() + 63) / 64 * 64;
    size_t cmp = offsetof(sl_ed25519_key, tab);
    uint8_t *blob_n = aligned_alloc(64, NMAX * ksz), *blob_1 = aligned_alloc(64, ksz);
    uint8_t pubs[NMAX][40];
    sluice_sig_item items[NMAX];
    const sluice_sig_item *ip[NMAX];
    void *kp[NMAX];
    int seen_valid = 0, seen_bad = 0, seen_kind[6] = {0};
    for (int it = 0; it < 220; it++) {
        /* groups of 1..9 keys, then a few long ones (several rounds of
         * decodings) */
        size_t n = it < 200 ? 1 + (size_t)(it % 9) : 33 + (size_t)(it % 40);
        for (size_t i = 0; i < n; i++) {
            uint64_t r = tu_rng_next(&rng);
            int kind = (int)(r % 7);
            size_t len = 32;
            const uint8_t *pub = pubs[i];
            memset(pubs[i], 0, sizeof pubs[i]);
            if (kind == 6) { /* wrong length or NULL */
                static const size_t lens[] = {0, 1, 31, 33, 40, 32};
                len = lens[(r >> 8) % 6];
                tu_rng_bytes(&rng, pubs[i], sizeof pubs[i]);
                if (len == 32 || len == 0) pub = NULL;
            } else {
                prep_key_bytes(pubs[i], kind);
                seen_kind[kind]++;
            }
            items[i] = (sluice_sig_item){SLUICE_SIG_ED25519, pub, len, NULL, 0, NULL, 0, NULL, 0};
            ip[i] = &items[i];
            kp[i] = blob_n + i * ksz;
        }
        for (int v = 0; v <= sl_ed25519_ifma_supported(); v++) {
            sluice_sig_status st[NMAX];
            memset(blob_n, 0xa5, n * ksz);
            memset(st, 0x77, sizeof st);
            sl_ed25519_key_prepare_n_impl(kp, ip, n, st, v);
            for (size_t i = 0; i < n; i++) {
                memset(blob_1, 0x5a, ksz);
                sluice_sig_status want = sl_ed25519_key_prepare(blob_1, items[i].pub,
                                                                items[i].pub_len);
                CHECK(st[i] == want);
                if (want != SLUICE_SIG_VALID) {
                    CHECK(want == SLUICE_SIG_BAD_PUBKEY);
                    seen_bad++;
                    continue;
                }
                seen_valid++;
                CHECK_MEM(blob_n + i * ksz, blob_1, cmp);
                /* and A is Go's decoding (the reference) */
                ref_pt P;
                CHECK(ref_decode(&P, items[i].pub));
                CHECK(ref_eq(ref_from_ge(&((const sl_ed25519_key *)kp[i])->A), P));
                /* with the unique limbs: those set_b32 makes of the canonical
                 * encoding (limbs < 2^51, value < p) */
                const sl_ed25519_ge *A = &((const sl_ed25519_key *)kp[i])->A;
                const sl_ed25519_fe *co[4] = {&A->X, &A->Y, &A->Z, &A->T};
                for (int c = 0; c < 4; c++) {
                    uint8_t e[32];
                    sl_ed25519_fe u;
                    sl_ed25519_fe_get_b32(e, co[c]);
                    sl_ed25519_fe_set_b32(&u, e);
                    CHECK(memcmp(u.v, co[c]->v, sizeof u.v) == 0);
                }
            }
        }
    }
    /* the contract's entry point picks by the CPU: same results */
    for (size_t i = 0; i < 9; i++) {
        prep_key_bytes(pubs[i], (int)(i % 6));
        items[i] = (sluice_sig_item){SLUICE_SIG_ED25519, pubs[i], 32, NULL, 0, NULL, 0, NULL, 0};
        ip[i] = &items[i];
        kp[i] = blob_n + i * ksz;
    }
    sluice_sig_status st[9];
    sl_ed25519_key_prepare_n(kp, ip, 9, st);
    for (size_t i = 0; i < 9; i++) {
        CHECK(st[i] == sl_ed25519_key_prepare(blob_1, pubs[i], 32));
        if (st[i] == SLUICE_SIG_VALID) CHECK_MEM(blob_n + i * ksz, blob_1, cmp);
    }
    CHECK(seen_valid > 500 && seen_bad > 300);
    for (int k = 0; k < 6; k++) CHECK(seen_kind[k] > 50);
    free(blob_n);
    free(blob_1);
}

/* key_fill stores A with the unique limbs (each < 2^51, value < p) whatever
 * limbs it is given: crafted representations of random values v (limbs
 * < 2^51 already, v + p with limbs up to 2^52, p + small with limbs below
 * 2^51 but value >= p, limb 0 above 2^51 with a carry to make) must come
 * out as set_b32 of v's canonical encoding. */
static void test_key_fill_canon(void) {
    const uint64_t m51 = (UINT64_C(1) << 51) - 1;
    const uint64_t p51[5] = {m51 - 18, m51, m51, m51, m51};
    size_t ksz = (sl_ed25519_key_size() + 63) / 64 * 64;
    uint8_t *blob = aligned_alloc(64, ksz), pub[32] = {0};
    int kinds[4] = {0};
    for (int it = 0; it < 2000; it++) {
        sl_ed25519_ge A, want;
        sl_ed25519_fe *in[4] = {&A.X, &A.Y, &A.Z, &A.T}, *out[4] = {&want.X, &want.Y, &want.Z,
                                                                  &want.T};
        for (int c = 0; c < 4; c++) {
            uint8_t e[32];
            tu_rng_bytes(&rng, e, 32);
            e[31] &= 0x7f;
            int kind = (int)(tu_rng_next(&rng) % 4);
            if (kind == 2) { /* the value is 0..18 */
                memset(e, 0, 32);
                e[0] = (uint8_t)(tu_rng_next(&rng) % 19);
            }
            if (kind == 3) memset(e + 8, 0, 24); /* small: room for a borrow below */
            sl_ed25519_fe_set_b32(out[c], e); /* the canonical limbs of v mod p */
            for (int i = 0; i < 5; i++) in[c]->v[i] = out[c]->v[i];
            if (kind == 1 || kind == 2) /* v + p: limbs < 2^52 (or < 2^51, value >= p) */
                for (int i = 0; i < 5; i++) in[c]->v[i] += p51[i];
            if (kind == 3) { /* limb 0 + 2^51, limb 1 - 1 (limb 1 made >= 1) */
                in[c]->v[1] |= 1;
                out[c]->v[1] |= 1;
                in[c]->v[0] += UINT64_C(1) << 51;
                in[c]->v[1] -= 1;
            }
            kinds[kind]++;
        }
        CHECK(sl_ed25519_key_fill(blob, pub, &A, 1) == SLUICE_SIG_VALID);
        const sl_ed25519_key *k = (const sl_ed25519_key *)blob;
        CHECK(memcmp(&k->A, &want, sizeof want) == 0);
    }
    for (int kind = 0; kind < 4; kind++) CHECK(kinds[kind] > 1500);
    free(blob);
}

/* ---- several challenges at once --------------------------------------------- */

/* challenge_n == sl_ed25519_challenge one by one: groups of 1..8, message
 * lengths around the block boundaries (64 + len + 17 crossing 128 k), 0,
 * and over the vector limit (1024), AVX-512 lanes on and off. */
static void test_challenge_n(void) {
    static const size_t lens[] = {0,   1,   32,  46,  47,  48,   49,   63,   64,   111,
                                  112, 175, 176, 177, 239, 240,  300,  1023, 1024, 1025, 2000};
    const size_t nlens = sizeof lens / sizeof lens[0];
    uint8_t *buf = malloc(8 * 2100);
    for (int it = 0; it < 300; it++) {
        int n = 1 + it % 8;
        uint8_t rb[8][32], pb[8][32], k[8][32], want[32];
        const uint8_t *r[8], *pub[8], *msg[8];
        size_t len[8];
        for (int j = 0; j < n; j++) {
            tu_rng_bytes(&rng, rb[j], 32);
            tu_rng_bytes(&rng, pb[j], 32);
            len[j] = (it + 3 * j) % 5 == 0 ? (size_t)(tu_rng_next(&rng) % 300)
                                           : lens[(size_t)(it * 7 + j) % nlens];
            tu_rng_bytes(&rng, buf + 2100 * (size_t)j, len[j]);
            r[j] = rb[j];
            pub[j] = pb[j];
            msg[j] = len[j] ? buf + 2100 * (size_t)j : NULL;
        }
        for (int v = 0; v <= sl_ed25519_ifma_supported(); v++) {
            memset(k, 0xcc, sizeof k);
            sl_ed25519_challenge_n(k, r, pub, msg, len, n, v);
            for (int j = 0; j < n; j++) {
                sl_ed25519_challenge(want, r[j], pub[j], msg[j], len[j]);
                CHECK_MEM(k[j], want, 32);
            }
            for (int j = n; j < 8; j++) CHECK(k[j][0] == 0xcc && k[j][31] == 0xcc);
        }
    }
    free(buf);
}

/* ---- the half-size single path's pieces ---------------------------------- */

static void test_halfsize_parts(void) {
    /* decode2 == two decodes: valid, invalid and non-canonical encodings */
    int both = 0, fails = 0;
    for (int it = 0; it < 400; it++) {
        uint8_t e[2][32];
        for (int j = 0; j < 2; j++) {
            tu_rng_bytes(&rng, e[j], 32);
            if ((it + j) % 5 == 0) { /* y = p + small, either sign */
                memset(e[j], 0xff, 32);
                e[j][0] = (uint8_t)(0xed + (it % 19));
                if (it & 1) e[j][31] = 0x7f;
            }
        }
        sl_ed25519_ge r[2], w;
        int ok[2];
        sl_ed25519_ge_decode2_var(ok, r, e[0], e[1]);
        for (int j = 0; j < 2; j++) {
            int wok = sl_ed25519_ge_decode_var(&w, e[j]);
            CHECK(ok[j] == wok);
            if (wok && ok[j]) CHECK(ref_eq(ref_from_ge(&r[j]), ref_from_ge(&w)));
            fails += !wok;
        }
        both += ok[0] && ok[1];
    }
    CHECK(both > 50 && fails > 50);
    /* decode4 == four decodes (IFMA lanes where the CPU has them): random
     * bytes (about half decode), y = p + small, x = 0 with and without the
     * sign bit (y = 1 and y = -1), encodings of points of both parities */
    int got4 = 0, fail4 = 0;
    for (int it = 0; it < 300; it++) {
        uint8_t e[4][32];
        const uint8_t *ep[4];
        for (int j = 0; j < 4; j++) {
            int sel = (it + 5 * j) % 11;
            tu_rng_bytes(&rng, e[j], 32);
            if (sel == 0) {
                memset(e[j], 0xff, 32);
                e[j][0] = (uint8_t)(0xed + (it % 19));
                if (it & 1) e[j][31] = 0x7f;
            } else if (sel == 1 || sel == 2) { /* y = 1 or y = -1 = p - 1, with bit 255 */
                if (sel == 1) { memset(e[j], 0, 32); e[j][0] = 1; }
                else { memset(e[j], 0xff, 32); e[j][0] = 0xec; e[j][31] = 0x7f; }
                if (it & 1) e[j][31] |= 0x80;
            } else if (sel == 3) { /* a point of the curve (and its odd twin) */
                ref_pt P;
                do tu_rng_bytes(&rng, e[j], 32);
                while (!ref_decode(&P, e[j]));
            }
            ep[j] = e[j];
        }
        sl_ed25519_ge r[4], w;
        int ok[4];
        int v = it % (1 + sl_ed25519_ifma_supported()); /* IFMA lanes and scalar */
        if (it % 3 == 0) sl_ed25519_ge_decode4_var(ok, r, ep);
        else sl_ed25519_ge_decode4_impl_var(ok, r, ep, v);
        for (int j = 0; j < 4; j++) {
            int wok = sl_ed25519_ge_decode_var(&w, e[j]);
            CHECK(ok[j] == wok);
            if (wok && ok[j]) {
                CHECK(sl_ed25519_fe_equal(&r[j].X, &w.X) && sl_ed25519_fe_equal(&r[j].Y, &w.Y));
                CHECK(sl_ed25519_ge_equal_var(&r[j], &w));
            }
            got4 += wok;
            fail4 += !wok;
        }
    }
    CHECK(got4 > 300 && fail4 > 200);
    /* base_two_scalarmul against the reference, with torsion in both points,
     * scalars of 0, 128, 129 and 256 bits and base scalars up to 2^256 - 1 */
    for (int it = 0; it < 24; it++) {
        uint8_t pe[32], b[32], n0[32] = {0}, n1[32] = {0};
        ref_pt Pr[2];
        sl_ed25519_ge P[2];
        for (int j = 0; j < 2; j++) {
            do tu_rng_bytes(&rng, pe, 32);
            while (!ref_decode(&Pr[j], pe));
            Pr[j] = ref_add(Pr[j], T8[(it + 3 * j) % 8]);
            ge_from_ref(&P[j], Pr[j]);
        }
        int len0 = (int[]){16, 17, 32, 0}[it % 4], len1 = (int[]){16, 32, 0, 17}[(it / 4) % 4];
        tu_rng_bytes(&rng, n0, (size_t)len0);
        tu_rng_bytes(&rng, n1, (size_t)len1);
        tu_rng_bytes(&rng, b, 32);
        if (it % 3 == 0) b[31] &= 0x0f; /* below 2^252 */
        if (it == 5) memset(b, 0, 32);
        if (it == 7) memset(b, 0xff, 32);
        int neg0 = it & 1, neg1 = (it >> 1) & 1;
        sl_ed25519_ge got;
        sl_ed25519_base_two_scalarmul_var(&got, b, n0, &P[0], neg0, n1, &P[1], neg1);
        ref_pt t0 = ref_mul(n0, Pr[0]), t1 = ref_mul(n1, Pr[1]);
        ref_pt want = ref_add(ref_add(ref_mul(b, RB), neg0 ? ref_neg(t0) : t0),
                              neg1 ? ref_neg(t1) : t1);
        CHECK(ref_eq(ref_from_ge(&got), want));
        /* both implementations (the IFMA one where the CPU has it) */
        for (int v = 0; v <= sl_ed25519_ifma_supported(); v++) {
            sl_ed25519_base_two_scalarmul_impl_var(&got, b, n0, &P[0], neg0, n1, &P[1], neg1, v);
            CHECK(ref_eq(ref_from_ge(&got), want));
        }
    }
    /* the key upgrade's torsion flag (computed with the key tables) is the
     * exact [L]A == O test: honest keys plus each torsion point, and the
     * small-order points alone */
    for (int j = 0; j < 8; j++) {
        for (int alone = 0; alone < 2; alone++) {
            uint8_t pub[32];
            ref_pt honest = ref_mul((const uint8_t *)"0123456789abcdef0123456789abcde", RB);
            ref_encode(pub, alone ? T8[j] : ref_add(honest, T8[j]));
            sluice_sig_status kst;
            void *k = key_new(pub, 32, &kst);
            CHECK(kst == SLUICE_SIG_VALID);
            if (kst == SLUICE_SIG_VALID) {
                const sl_ed25519_key *key = (const sl_ed25519_key *)k;
                CHECK(key->tables_ready == 1);
                CHECK(key->torsion_free == (j == 0));
                CHECK(key->torsion_free == sl_ed25519_ge_torsion_free_var(&key->A));
            }
            free(k);
        }
    }
    /* the IFMA chain == the scalar chain on many random inputs */
    if (sl_ed25519_ifma_supported()) {
        sl_ed25519_ge P[2];
        for (int j = 0; j < 2; j++) {
            uint8_t pe[32];
            ref_pt Pr;
            do tu_rng_bytes(&rng, pe, 32);
            while (!ref_decode(&Pr, pe));
            ge_from_ref(&P[j], ref_add(Pr, T8[3 + j]));
        }
        for (int it = 0; it < 300; it++) {
            uint8_t b[32], n0[32] = {0}, n1[32] = {0};
            tu_rng_bytes(&rng, b, 32);
            b[31] &= 0x1f;
            tu_rng_bytes(&rng, n0, 16 + (size_t)(it % 3));
            tu_rng_bytes(&rng, n1, 16 + (size_t)(it % 2));
            sl_ed25519_ge g0, g1;
            sl_ed25519_base_two_scalarmul_impl_var(&g0, b, n0, &P[0], it & 1, n1, &P[1], 1, 0);
            sl_ed25519_base_two_scalarmul_impl_var(&g1, b, n0, &P[0], it & 1, n1, &P[1], 1, 1);
            CHECK(sl_ed25519_ge_equal_var(&g0, &g1));
            if (it % 2) P[it % 4 / 2] = g0; /* feed results back as inputs */
        }
        /* key tables and the key-table chain: IFMA == scalar */
        sl_ed25519_keytab *t0 = malloc(sizeof *t0), *t1 = malloc(sizeof *t1);
        for (int it = 0; it < 4; it++) {
            sl_ed25519_keytab_build_impl(t0, &P[it % 2], 0);
            sl_ed25519_keytab_build_impl(t1, &P[it % 2], 1);
            for (int j = 0; j < 4; j++) {
                for (int e = 0; e < SL_ED25519_KEYTAB_N; e++) {
                    const sl_ed25519_ge_cached *x = &t0->t[j][e], *y = &t1->t[j][e];
                    /* the same point: (Y+X)/Z, (Y-X)/Z, 2dT/Z agree */
                    sl_ed25519_fe l, r;
                    sl_ed25519_fe_mul(&l, &x->ypx, &y->z);
                    sl_ed25519_fe_mul(&r, &y->ypx, &x->z);
                    CHECK(sl_ed25519_fe_equal(&l, &r));
                    sl_ed25519_fe_mul(&l, &x->ymx, &y->z);
                    sl_ed25519_fe_mul(&r, &y->ymx, &x->z);
                    CHECK(sl_ed25519_fe_equal(&l, &r));
                    sl_ed25519_fe_mul(&l, &x->t2d, &y->z);
                    sl_ed25519_fe_mul(&r, &y->t2d, &x->z);
                    CHECK(sl_ed25519_fe_equal(&l, &r));
                }
            }
            for (int rep = 0; rep < 8; rep++) {
                uint8_t s32[32], k32[32];
                tu_rng_bytes(&rng, s32, 32);
                tu_rng_bytes(&rng, k32, 32);
                s32[31] &= 0x7f;
                k32[31] &= 0x7f;
                sl_ed25519_ge g0, g1;
                sl_ed25519_double_scalarmul_keytab_impl_var(&g0, s32, k32, t0, rep & 1, 0);
                sl_ed25519_double_scalarmul_keytab_impl_var(&g1, s32, k32, t1, rep & 1, 1);
                CHECK(sl_ed25519_ge_equal_var(&g0, &g1));
                sl_ed25519_double_scalarmul_keytab_impl_var(&g1, s32, k32, t0, rep & 1, 1);
                CHECK(sl_ed25519_ge_equal_var(&g0, &g1));
            }
        }
        free(t0);
        free(t1);
    } else {
        fprintf(stderr, "test_sig_ed25519: no AVX-512 IFMA here, its chain not tested\n");
    }
    /* all-zero scalars give the identity */
    uint8_t z[32] = {0};
    sl_ed25519_ge got, B;
    sl_ed25519_ge_base(&B);
    sl_ed25519_base_two_scalarmul_var(&got, z, z, &B, 0, z, &B, 1);
    CHECK(sl_ed25519_ge_is_identity_var(&got));
}


/* ---- lane programs (ed25519_lanes.h) --------------------------------------- */

/* The four-lane chains (four signatures side by side), fe51 and IFMA
 * runners, and the four-point encoding, against the sequential
 * key-table chain (scalar) and the reference: keys with each torsion point
 * and the small-order points alone, scalars 0, 1, L-1, 2^253-1, 2^255-1 and
 * random ones of every length (so the lanes have different lengths). */
static void test_lanes(void) {
    static const uint8_t LM1[32] = {0xec, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                    0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                    0,    0,    0,    0,    0,    0,    0,    0,
                                    0,    0,    0,    0,    0,    0,    0,    0x10};
    enum { NK = 6 };
    sl_ed25519_keytab *tab = malloc(NK * sizeof *tab);
    sl_ed25519_ge A[NK];
    ref_pt Ar[NK];
    for (int i = 0; i < NK; i++) {
        uint8_t pe[32];
        if (i < 4) {
            do tu_rng_bytes(&rng, pe, 32);
            while (!ref_decode(&Ar[i], pe));
            Ar[i] = ref_add(Ar[i], T8[(3 * i) % 8]); /* T8[0] = O: one honest key */
        } else {
            Ar[i] = T8[i == 4 ? 1 : 4]; /* small order alone */
        }
        ge_from_ref(&A[i], Ar[i]);
        sl_ed25519_keytab_build(&tab[i], &A[i]);
    }
    int nimpl = 1 + sl_ed25519_ifma_supported();
    for (int it = 0; it < 40; it++) {
        uint8_t s[4][32], k[4][32];
        const uint8_t *sp[4], *kp[4];
        const sl_ed25519_keytab *tp[4];
        int ki[4];
        for (int j = 0; j < 4; j++) {
            int len_s = (int)(tu_rng_next(&rng) % 33), len_k = (int)(tu_rng_next(&rng) % 33);
            memset(s[j], 0, 32);
            memset(k[j], 0, 32);
            tu_rng_bytes(&rng, s[j], (size_t)len_s);
            tu_rng_bytes(&rng, k[j], (size_t)len_k);
            s[j][31] &= 0x1f; /* s < 2^253 */
            k[j][31] &= 0x7f; /* k < 2^255 */
            int sel = (it + j) % 7;
            if (sel == 0) memset(s[j], 0, 32);
            if (sel == 1) memcpy(k[j], LM1, 32);
            if (sel == 2) { memset(s[j], 0xff, 32); s[j][31] = 0x1f; } /* 2^253 - 1 */
            if (sel == 3) { memset(k[j], 0xff, 32); k[j][31] = 0x7f; } /* 2^255 - 1 */
            if (sel == 4) { memset(k[j], 0, 32); memcpy(s[j], LM1, 32); }
            if (sel == 5) { memset(k[j], 0, 32); k[j][0] = 1; }
            ki[j] = (int)(tu_rng_next(&rng) % NK);
            sp[j] = s[j];
            kp[j] = k[j];
            tp[j] = &tab[ki[j]];
        }
        if (it == 0) memset(s[0], 0, 32), memset(k[0], 0, 32); /* the identity */
        int neg = it & 1;
        sl_ed25519_ge want[4], got[4];
        for (int j = 0; j < 4; j++) {
            sl_ed25519_double_scalarmul_keytab_impl_var(&want[j], s[j], k[j], tp[j], neg, 0);
            if (it % 8 == 0) { /* the reference, now and then (slow) */
                ref_pt t = ref_mul(k[j], Ar[ki[j]]);
                ref_pt w = ref_add(ref_mul(s[j], RB), neg ? ref_neg(t) : t);
                CHECK(ref_eq(ref_from_ge(&want[j]), w));
            }
        }
        for (int v = 0; v < nimpl; v++) {
            sl_ed25519_keytab_x4_var(got, sp, kp, tp, neg, v);
            uint8_t e1[4][32], e2[32];
            sl_ed25519_ge_encode_n(e1, got, 4);
            for (int j = 0; j < 4; j++) {
                CHECK(sl_ed25519_ge_equal_var(&got[j], &want[j]));
                sl_ed25519_ge_encode(e2, &want[j]);
                CHECK_MEM(e1[j], e2, 32);
            }
        }
    }
    /* mixed lane programs run directly: lane j doubles the base point j + 1
     * times after adding it (program lengths 2..5, then idle steps) */
    sl_ed25519_lane_prog *p = malloc(4 * sizeof *p);
    sl_ed25519_ge_cached bc;
    sl_ed25519_ge B, want;
    sl_ed25519_ge_base(&B);
    sl_ed25519_ge_to_cached(&bc, &B);
    for (int j = 0; j < 4; j++) {
        p[j].n = 0;
        sl_ed25519_lane_op *o = &p[j].op[p[j].n++];
        o->e = &bc;
        o->kind = SL_ED25519_LANE_CACHED;
        o->sub = 0;
        for (int d = 0; d <= j; d++) {
            o = &p[j].op[p[j].n++];
            o->e = &sl_ed25519_lane_identity;
            o->kind = SL_ED25519_LANE_DBL;
            o->sub = 0;
        }
    }
    for (int v = 0; v < nimpl; v++) {
        sl_ed25519_ge got[4];
        sl_ed25519_lanes_run(got, p, v);
        want = B;
        for (int j = 0; j < 4; j++) {
            sl_ed25519_ge_dbl(&want, &want);
            CHECK(sl_ed25519_ge_equal_var(&got[j], &want));
        }
    }
    /* the runner's two loops (steps every lane has, then the tail where
     * ended lanes add the identity): all four lengths equal (no tail), one
     * lane empty (no common steps: the identity), and lengths with a long
     * tail; lane j adds B, then doubles len[j] - 1 times with a subtraction
     * of B in the middle, so lane j = (2^(len-1) - 2^(len-1-mid)) B */
    static const int lens[3][4] = {{7, 7, 7, 7}, {0, 3, 9, 1}, {40, 2, 17, 33}};
    for (int c = 0; c < 3; c++) {
        sl_ed25519_ge expect[4];
        for (int j = 0; j < 4; j++) {
            int len = lens[c][j], mid = len / 2;
            p[j].n = 0;
            sl_ed25519_ge_identity(&expect[j]);
            for (int i = 0; i < len; i++) {
                sl_ed25519_lane_op *o = &p[j].op[p[j].n++];
                int add = i == 0 || (i == mid && mid > 0);
                o->e = add ? (const void *)&bc : (const void *)&sl_ed25519_lane_identity;
                o->kind = add ? SL_ED25519_LANE_CACHED : SL_ED25519_LANE_DBL;
                o->sub = i == mid && mid > 0;
                if (!add) {
                    sl_ed25519_ge_dbl(&expect[j], &expect[j]);
                } else if (o->sub) {
                    sl_ed25519_ge nb;
                    sl_ed25519_ge_neg(&nb, &B);
                    sl_ed25519_ge_add(&expect[j], &expect[j], &nb);
                } else {
                    sl_ed25519_ge_add(&expect[j], &expect[j], &B);
                }
            }
        }
        for (int v = 0; v < nimpl; v++) {
            sl_ed25519_ge got[4];
            sl_ed25519_lanes_run(got, p, v);
            for (int j = 0; j < 4; j++) CHECK(sl_ed25519_ge_equal_var(&got[j], &expect[j]));
        }
    }
    free(p);
    free(tab);
}

/* The half-size chains four at a time (sl_ed25519_base_two_x4_var) == the
 * one-lane chain, IFMA or not: random points, torsion points and mixed ones,
 * scalars of every length (n0 often a few bits over 128, as the split
 * gives; up to 2^256 - 1), lanes of different lengths, both signs. */
static void test_half_lanes(void) {
    enum { NP = 12 };
    sl_ed25519_ge pts[NP];
    ref_pt pr[NP];
    for (int i = 0; i < NP; i++) {
        if (i < 8) {
            pr[i] = T8[i]; /* small order, the identity included */
        } else {
            uint8_t pe[32];
            do tu_rng_bytes(&rng, pe, 32);
            while (!ref_decode(&pr[i], pe));
            if (i >= 10) pr[i] = ref_add(pr[i], T8[i - 7]); /* mixed order */
        }
        ge_from_ref(&pts[i], pr[i]);
    }
    int nimpl = 1 + sl_ed25519_ifma_supported();
    /* the window tables built in the lanes == the one-point builder, as
     * projective points with the same T: a/z == a'/z' for every coordinate */
    for (int it = 0; it < 6 && nimpl == 2; it++) {
        sl_ed25519_ge_cached t4[4][8], w[8];
        sl_ed25519_ge_cached *const tp[4] = {t4[0], t4[1], t4[2], t4[3]};
        const sl_ed25519_ge *pp[4];
        for (int j = 0; j < 4; j++) pp[j] = &pts[(it * 4 + j) % NP];
        sl_ed25519_lanes_odd_multiples_ifma(tp, 8, pp);
        for (int j = 0; j < 4; j++) {
            sl_ed25519_ge_odd_multiples_var(w, 8, pp[j], 0);
            for (int i = 0; i < 8; i++) {
                const sl_ed25519_ge_cached *g = &t4[j][i], *e = &w[i];
                const sl_ed25519_fe *gv[3] = {&g->ypx, &g->ymx, &g->t2d};
                const sl_ed25519_fe *ev[3] = {&e->ypx, &e->ymx, &e->t2d};
                for (int c = 0; c < 3; c++) {
                    sl_ed25519_fe l, r;
                    sl_ed25519_fe_mul(&l, gv[c], &e->z);
                    sl_ed25519_fe_mul(&r, ev[c], &g->z);
                    CHECK(sl_ed25519_fe_equal(&l, &r));
                }
            }
        }
    }
    for (int it = 0; it < 48; it++) {
        uint8_t b[4][32], n0[4][32], n1[4][32];
        sl_ed25519_half_lane in[4];
        sl_ed25519_ge want[4], got[4];
        int pi0[4], pi1[4];
        for (int j = 0; j < 4; j++) {
            int sel = (it + 3 * j) % 9;
            size_t l0 = (size_t)(tu_rng_next(&rng) % 19), l1 = (size_t)(tu_rng_next(&rng) % 17);
            size_t lb = (size_t)(tu_rng_next(&rng) % 33);
            memset(n0[j], 0, 32);
            memset(n1[j], 0, 32);
            memset(b[j], 0, 32);
            tu_rng_bytes(&rng, n0[j], l0);
            tu_rng_bytes(&rng, n1[j], l1);
            tu_rng_bytes(&rng, b[j], lb);
            if (sel == 0) memset(n0[j], 0xff, 16);          /* 2^128 - 1 */
            if (sel == 1) memset(n1[j], 0xff, 16);
            if (sel == 2) memset(b[j], 0xff, 32);           /* 2^256 - 1 */
            if (sel == 3) memset(n0[j], 0xff, 32);          /* 2^256 - 1 */
            if (sel == 4) memset(n0[j], 0, 32), memset(n1[j], 0, 32);
            if (sel == 5) memset(b[j], 0, 32);
            if (sel == 6) { memset(n0[j], 0, 32); n0[j][16] = 1; } /* 2^128 */
            pi0[j] = (int)(tu_rng_next(&rng) % NP);
            pi1[j] = (int)(tu_rng_next(&rng) % NP);
            in[j] = (sl_ed25519_half_lane){b[j], n0[j], n1[j], &pts[pi0[j]], &pts[pi1[j]],
                                           (int)(tu_rng_next(&rng) & 1),
                                           (int)(tu_rng_next(&rng) & 1)};
            sl_ed25519_base_two_scalarmul_impl_var(&want[j], b[j], n0[j], in[j].P0, in[j].neg0,
                                                   n1[j], in[j].P1, in[j].neg1, 0);
            if (it % 12 == 0) { /* the reference, now and then (slow) */
                ref_pt t0 = ref_mul(n0[j], pr[pi0[j]]), t1 = ref_mul(n1[j], pr[pi1[j]]);
                ref_pt w = ref_add(ref_mul(b[j], RB), in[j].neg0 ? ref_neg(t0) : t0);
                w = ref_add(w, in[j].neg1 ? ref_neg(t1) : t1);
                CHECK(ref_eq(ref_from_ge(&want[j]), w));
            }
        }
        for (int v = 0; v < nimpl; v++) {
            sl_ed25519_base_two_x4_var(got, in, v);
            for (int j = 0; j < 4; j++) CHECK(sl_ed25519_ge_equal_var(&got[j], &want[j]));
        }
        if (nimpl == 2) { /* eight lanes: the four in a shuffled order, twice */
            sl_ed25519_half_lane in8[8];
            sl_ed25519_ge got8[8];
            int src[8];
            for (int j = 0; j < 8; j++) {
                src[j] = (j * 3 + it) % 4;
                in8[j] = in[src[j]];
            }
            sl_ed25519_base_two_x8_ifma(got8, in8);
            for (int j = 0; j < 8; j++) CHECK(sl_ed25519_ge_equal_var(&got8[j], &want[src[j]]));
        }
    }
}

/* The plain construction of a half-size lane program, the reference for
 * sl_ed25519_half_prog (the builder before the sparse one, written out
 * position by position): from position 256 down to 0, a doubling once
 * something was added, then the additions of the non-zero digits of the
 * dense NAFs (sl_ed25519_wnaf) of n0, n1 (window 5), b below 128 and b from
 * 128 on (window 8, tables of B and 2^128 B). */
static void ref_half_prog(sl_ed25519_lane_prog *p, const sl_ed25519_half_lane *in,
                          const sl_ed25519_ge_cached ta[8], const sl_ed25519_ge_cached tr[8]) {
    int8_t na[257], nr[257], nb[257];
    sl_ed25519_wnaf(na, in->n0, 5);
    sl_ed25519_wnaf(nr, in->n1, 5);
    sl_ed25519_wnaf(nb, in->b, SL_ED25519_BASE_W);
    const sl_ed25519_ge_niels *b0 = sl_ed25519_base_table(0), *b2 = sl_ed25519_base_table(2);
    int n = 0, started = 0;
    for (int i = 256; i >= 0; i--) {
        if (started) p->op[n++] = (sl_ed25519_lane_op){&sl_ed25519_lane_identity,
                                                       SL_ED25519_LANE_DBL, 0};
        int d[4] = {na[i], nr[i], i < 128 ? nb[i] : 0, i <= 128 ? nb[i + 128] : 0};
        for (int st = 0; st < 4; st++) {
            if (!d[st]) continue;
            int a = (d[st] < 0 ? -d[st] : d[st]) >> 1, neg = d[st] < 0;
            sl_ed25519_lane_op o;
            if (st == 0) o = (sl_ed25519_lane_op){&ta[a], SL_ED25519_LANE_CACHED,
                                                  (uint8_t)(neg ^ (in->neg0 != 0))};
            else if (st == 1) o = (sl_ed25519_lane_op){&tr[a], SL_ED25519_LANE_CACHED,
                                                       (uint8_t)(neg ^ (in->neg1 != 0))};
            else o = (sl_ed25519_lane_op){st == 2 ? (const void *)&b0[a] : (const void *)&b2[a],
                                          SL_ED25519_LANE_NIELS, (uint8_t)neg};
            p->op[n++] = o;
            started = 1;
        }
    }
    p->n = n;
}

/* sl_ed25519_half_prog == ref_half_prog step for step (entry, kind, sign)
 * on every triple of edge scalars (0, 1, 2, L-1, L, 2^128 - 1, 2^128,
 * 2^252, 2^253 - 1, 2^255, 2^256 - 1, 2^256 - 2^k with carries into
 * position 256, the densest NAF patterns (a bit every 5th / 8th position),
 * alternating bits) with both signs, and on thousands of random triples of
 * random lengths (some made of runs of ones, so that carries chain). */
static void test_half_prog(void) {
    enum { NE = 18 };
    uint8_t edge[NE][32];
    memset(edge, 0, sizeof edge);
    edge[1][0] = 1;
    edge[2][0] = 2;
    memcpy(edge[3], LBYTES, 32);
    edge[3][0]--; /* L - 1 */
    memcpy(edge[4], LBYTES, 32);
    memset(edge[5], 0xff, 16);  /* 2^128 - 1 */
    edge[6][16] = 1;            /* 2^128 */
    edge[7][31] = 0x10;         /* 2^252 */
    memset(edge[8], 0xff, 32);
    edge[8][31] = 0x1f;         /* 2^253 - 1 */
    edge[9][31] = 0x80;         /* 2^255 */
    memset(edge[10], 0xff, 32); /* 2^256 - 1 */
    memset(edge[11], 0xff, 32);
    edge[11][0] = 0; /* 2^256 - 2^8 */
    memset(edge[12] + 16, 0xff, 16); /* 2^256 - 2^128: a carry through 128 */
    for (int b = 0; b < 256; b += 5) edge[13][b >> 3] |= (uint8_t)(1u << (b & 7)); /* 52 digits */
    for (int b = 0; b < 256; b += 8) edge[14][b >> 3] |= 1;                        /* 32 digits */
    memset(edge[15], 0x55, 32);
    memset(edge[16], 0xaa, 32);
    for (int b = 4; b < 256; b += 5) edge[17][b >> 3] |= (uint8_t)(1u << (b & 7)); /* 1 at 256 */
    edge[17][31] |= 0xf0;
    static sl_ed25519_ge_cached ta[8], tr[8]; /* only their addresses matter */
    static sl_ed25519_ge P; /* likewise */
    sl_ed25519_lane_prog *pw = malloc(sizeof *pw), *pg = malloc(sizeof *pg);
    int longest = 0, cases = 0;
    for (int it = 0; it < NE * NE * NE + 4000; it++) {
        uint8_t v[3][32];
        if (it < NE * NE * NE) {
            memcpy(v[0], edge[it % NE], 32);
            memcpy(v[1], edge[(it / NE) % NE], 32);
            memcpy(v[2], edge[it / (NE * NE)], 32);
        } else {
            for (int k = 0; k < 3; k++) {
                memset(v[k], 0, 32);
                tu_rng_bytes(&rng, v[k], (size_t)(tu_rng_next(&rng) % 33));
                if (tu_rng_next(&rng) % 4 == 0) /* runs of ones */
                    for (int q = 0; q < 32; q++) v[k][q] |= (uint8_t)(v[k][q] << 1 | v[k][q] >> 1);
            }
        }
        sl_ed25519_half_lane in = {v[2], v[0], v[1], &P, &P, it & 1, (it >> 1) & 1};
        memset(pg, 0xa5, sizeof *pg);
        ref_half_prog(pw, &in, ta, tr);
        sl_ed25519_half_prog(pg, &in, ta, tr);
        int same = pg->n == pw->n;
        for (int q = 0; same && q < pw->n; q++)
            same = pg->op[q].e == pw->op[q].e && pg->op[q].kind == pw->op[q].kind &&
                   pg->op[q].sub == pw->op[q].sub;
        CHECK(same);
        longest = pw->n > longest ? pw->n : longest;
        cases++;
    }
    CHECK(cases == NE * NE * NE + 4000);
    CHECK(longest >= 380 && longest <= SL_ED25519_LANE_MAX); /* the dense patterns */
    free(pw);
    free(pg);
}

/* ---- vectors -------------------------------------------------------------- */

static void test_vectors(void) {
    FILE *f = tu_open_vectors("ed25519.txt");
    char line[4096];
    int n = 0;
    while (tu_next_line(f, line, sizeof line)) {
        char *pub_h = strtok(line, " "), *msg_h = strtok(NULL, " "), *sig_h = strtok(NULL, " ");
        char *go = strtok(NULL, " ");
        if (!pub_h || !msg_h || !sig_h || !go) continue;
        uint8_t pub[32], sig[64], msg[1024];
        size_t ml = 0;
        CHECK(sluice_hex_decode_exact(pub, 32, pub_h) == SLUICE_OK);
        CHECK(sluice_hex_decode_exact(sig, 64, sig_h) == SLUICE_OK);
        if (strcmp(msg_h, "-") != 0) CHECK(sluice_hex_decode(msg, sizeof msg, &ml, msg_h) == SLUICE_OK);
        sluice_sig_status want = ref_verify(pub, 32, msg, ml, sig, 64);
        CHECK((want == SLUICE_SIG_VALID) == (go[0] == '1'));
        check_single(pub, 32, msg, ml, sig, 64, want);
        n++;
    }
    fclose(f);
    CHECK(n >= 5);
}

/* ---- OpenSSL differential -------------------------------------------------- */

static int openssl_verify(const uint8_t *pub, const uint8_t *msg, size_t ml, const uint8_t *sig) {
    EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
    if (!pk) return 0;
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    int ok = EVP_DigestVerifyInit(m, NULL, NULL, NULL, pk) > 0 &&
             EVP_DigestVerify(m, sig, 64, msg, ml) == 1;
    EVP_MD_CTX_free(m);
    EVP_PKEY_free(pk);
    return ok;
}

static int s_below_l(const uint8_t s[32]) {
    for (int i = 31; i >= 0; i--) {
        if (s[i] != LBYTES[i]) return s[i] < LBYTES[i];
    }
    return 0;
}

/* Small order: [8]P = O. */
static int small_order(const uint8_t enc[32]) {
    sl_ed25519_ge P;
    if (!sl_ed25519_ge_decode_var(&P, enc)) return 0;
    for (int i = 0; i < 3; i++) sl_ed25519_ge_dbl(&P, &P);
    return sl_ed25519_ge_is_identity_var(&P);
}

static int strict_and_go_agree(const uint8_t *pub, const uint8_t *sig) {
    return s_below_l(sig + 32) && sl_ed25519_ge_encoding_canonical(pub) &&
           sl_ed25519_ge_encoding_canonical(sig) && !small_order(pub) && !small_order(sig);
}

#define NDIFF 2000
static sig_testgen_rec recs[NDIFF];

static void test_openssl(void) {
    CHECK(sig_testgen(SLUICE_SIG_ED25519, recs, NDIFF, NDIFF, 25519) == 0);
    int compared = 0;
    for (int i = 0; i < NDIFF; i++) {
        sig_testgen_rec *r = &recs[i];
        CHECK(sluice_ed25519_verify(r->pub, 32, r->msg, r->msg_len, r->sig, 64) == SLUICE_SIG_VALID);
        if (i % 4 == 0) check_single(r->pub, 32, r->msg, r->msg_len, r->sig, 64, SLUICE_SIG_VALID);
        sig_testgen_rec c = *r;
        sig_testgen_corrupt(&c, tu_rng_next(&rng));
        sluice_sig_status got = sluice_ed25519_verify(c.pub, 32, c.msg, c.msg_len, c.sig, 64);
        if (strict_and_go_agree(c.pub, c.sig)) {
            compared++;
            CHECK((got == SLUICE_SIG_VALID) == openssl_verify(c.pub, c.msg, c.msg_len, c.sig));
        }
        CHECK(got != SLUICE_SIG_VALID || (c.sig[63] & 0xE0) == 0);
        if (i % 50 == 0) {
            /* the reference agrees on the mutated item as well */
            sluice_sig_status want = ref_verify(c.pub, 32, c.msg, c.msg_len, c.sig, 64);
            check_single(c.pub, 32, c.msg, c.msg_len, c.sig, 64, want);
        }
    }
    CHECK(compared > NDIFF / 2);
}

/* ---- crafted items -------------------------------------------------------- */

typedef struct {
    uint8_t pub[32], sig[64], msg[16];
    size_t ml, sl;
    sluice_sig_status want;
} crafted;

#define MAXC 512
static crafted cr[MAXC];
static int ncr;

static crafted *cr_add(void) {
    CHECK(ncr < MAXC);
    crafted *c = &cr[ncr < MAXC ? ncr++ : MAXC - 1];
    memset(c, 0, sizeof *c);
    c->sl = 64;
    c->ml = 16;
    tu_rng_bytes(&rng, c->msg, 16);
    return c;
}

static void rand_scalar(sl_ed25519_sc *s) {
    uint8_t b[64];
    tu_rng_bytes(&rng, b, 64);
    sl_ed25519_sc_set_b64(s, b);
}

/* A signature by secret a for the public point A (encoded as pub) whose R is
 * [r]B + U: s = r + k a mod L, so R' = [s]B - [k]A = [r]B + [k]([a]B - A). */
static void sign_with(crafted *c, const sl_ed25519_sc *a, ref_pt U) {
    sl_ed25519_sc r, k, s;
    uint8_t rb[32], kb[32];
    rand_scalar(&r);
    sl_ed25519_sc_get_b32(rb, &r);
    ref_encode(c->sig, ref_add(ref_mul(rb, RB), U));
    ref_challenge(kb, c->sig, c->pub, c->msg, c->ml);
    sl_ed25519_sc_set_b32(&k, kb);
    sl_ed25519_sc_mul(&s, &k, a);
    sl_ed25519_sc_add(&s, &s, &r);
    sl_ed25519_sc_get_b32(c->sig + 32, &s);
}

static void make_crafted(void) {
    sl_ed25519_sc a, zero = {{0, 0, 0, 0}};
    uint8_t ab[32];
    for (int rep = 0; rep < 4; rep++) {
        /* honest key A = [a]B */
        rand_scalar(&a);
        sl_ed25519_sc_get_b32(ab, &a);
        ref_pt A = ref_mul(ab, RB);
        for (int j = 0; j < 8; j++) {
            /* mixed-order R: honest R plus torsion T_j (MISMATCH unless j = 0) */
            crafted *c = cr_add();
            ref_encode(c->pub, A);
            sign_with(c, &a, T8[j]);
            /* mixed-order A: A + T_j with a signature made for A (valid only
             * when [k]T_j = O); and a small-order R on top */
            c = cr_add();
            ref_encode(c->pub, ref_add(A, T8[j]));
            sign_with(c, &a, RO);
            c = cr_add();
            ref_encode(c->pub, ref_add(A, T8[j]));
            sign_with(c, &a, T8[(j * 3 + rep) % 8]);
            /* small-order A = T_j: R' = [s]B - [k]T_j; with R = [r]B + U and
             * s = r the item is valid iff U = -[k]T_j */
            c = cr_add();
            ref_encode(c->pub, T8[j]);
            sign_with(c, &zero, T8[(8 - j * (rep + 1) % 8) % 8]);
            /* small-order R alone: R = T_j, random s */
            c = cr_add();
            ref_encode(c->pub, A);
            ref_encode(c->sig, T8[j]);
            tu_rng_bytes(&rng, c->sig + 32, 32);
            c->sig[63] &= 0x0f;
        }
        /* honest, s + L, s with bit 253 set, bad length, bit flips */
        crafted *c = cr_add();
        ref_encode(c->pub, A);
        sign_with(c, &a, RO);
        crafted h = *c;
        c = cr_add();
        *c = h;
        {
            /* s + L as a 256-bit integer */
            unsigned carry = 0;
            for (int i = 0; i < 32; i++) {
                unsigned v = c->sig[32 + i] + LBYTES[i] + carry;
                c->sig[32 + i] = (uint8_t)v;
                carry = v >> 8;
            }
        }
        c = cr_add();
        *c = h;
        c->sig[63] |= 0x20;
        c = cr_add();
        *c = h;
        c->sl = 63;
        for (int f = 0; f < 6; f++) {
            c = cr_add();
            *c = h;
            int bit = (int)(tu_rng_next(&rng) % 512);
            c->sig[bit / 8] ^= (uint8_t)(1 << (bit % 8));
        }
    }
    /* non-canonical A: y = p + v (v = 0..18) with either sign bit; the
     * identity (v = 1) signs with a = 0 so R = [s]B is valid */
    for (int v = 0; v < 19; v++) {
        for (int sign = 0; sign < 2; sign++) {
            crafted *c = cr_add();
            uint8_t *p = c->pub;
            memset(p, 0xff, 32);
            p[0] = (uint8_t)(0xed + v);
            p[31] = sign ? 0xff : 0x7f;
            ref_pt A;
            if (ref_decode(&A, p)) {
                sl_ed25519_sc_set_u64(&a, 0);
                if (v == 1) sign_with(c, &a, RO);
                else sign_with(c, &a, T8[v % 8]);
            } else {
                tu_rng_bytes(&rng, c->sig, 64);
                c->sig[63] &= 0x1f;
            }
        }
    }
    /* x = 0 with the sign bit: A = (0, 1) and (0, -1) encoded with bit 255
     * set (Go accepts both); R = the identity, s = 0 or s = L: [s]B = O, so
     * R' = -[k]A = O for A = O (valid) and [k](0,-1) for the order-2 point */
    for (int ym = 0; ym < 2; ym++) {
        for (int sl = 0; sl < 2; sl++) {
            crafted *c = cr_add();
            ref_encode(c->pub, ym ? T8[4] : RO);
            c->pub[31] |= 0x80;
            ref_encode(c->sig, RO);
            if (sl) memcpy(c->sig + 32, LBYTES, 32);
            c = cr_add();
            *c = cr[ncr - 2];
            c->sig[31] |= 0x80; /* R = identity with the sign bit: never produced */
        }
    }
    /* every crafted item: the reference verdict, then every single path */
    int valid = 0, mism = 0;
    for (int i = 0; i < ncr; i++) {
        crafted *c = &cr[i];
        c->want = ref_verify(c->pub, 32, c->msg, c->ml, c->sig, c->sl);
        valid += c->want == SLUICE_SIG_VALID;
        mism += c->want == SLUICE_SIG_MISMATCH;
        check_single(c->pub, 32, c->msg, c->ml, c->sig, c->sl, c->want);
    }
    /* the set exercises both outcomes, including valid small-order cases */
    CHECK(valid >= 20 && mism >= 100);
    /* specific expectations: A = identity with the sign bit, s = 0 and s = L */
    CHECK(cr[ncr - 8].want == SLUICE_SIG_VALID && cr[ncr - 6].want == SLUICE_SIG_VALID);
    CHECK(cr[ncr - 7].want == SLUICE_SIG_MISMATCH && cr[ncr - 5].want == SLUICE_SIG_MISMATCH);
}

/* Four first-use checks at once == sl_ed25519_verify_key one by one (keys
 * without tables), IFMA or not, on every crafted item and honest ones, in
 * groups of 1..4 of mixed kinds (torsion, non-canonical, s edge values). */
/* verify_key_x4 (groups of 1..4) and verify_key_x8 (1..8) == verify_key
 * item by item on crafted and honest items, IFMA on and off. */
static void test_verify_x4_x8(int eight) {
    int nitems = ncr + 64;
    /* 0: one by one; 1: four IFMA lanes; 2 (eight only): one eight-lane run */
    int nimpl = sl_ed25519_ifma_supported() ? 2 + eight : 1;
    size_t ksz = (sl_ed25519_key_size() + 63) / 64 * 64;
    sl_ed25519_key *keys = aligned_alloc(64, ksz * 8);
    int gmax = eight ? 8 : 4;
    int checked = 0, valid = 0;
    for (int start = 0; start < nitems;) {
        int m = 1 + (int)(tu_rng_next(&rng) % (uint64_t)gmax), got_m = 0;
        const sl_ed25519_key *kp[8];
        const sluice_sig_item *ip[8];
        sluice_sig_item items[8];
        sluice_sig_status want[8];
        for (; got_m < m && start < nitems; start++) {
            /* crafted items in a shuffled order, then honest ones */
            const uint8_t *pub, *sig, *msg;
            size_t ml, sl;
            if (start < ncr) {
                crafted *c = &cr[(start * 37) % ncr];
                pub = c->pub; sig = c->sig; msg = c->msg; ml = c->ml; sl = c->sl;
            } else {
                sig_testgen_rec *r = &recs[start - ncr];
                pub = r->pub; sig = r->sig; msg = r->msg; ml = r->msg_len; sl = r->sig_len;
            }
            sl_ed25519_key *k = (sl_ed25519_key *)(void *)((char *)keys + ksz * (size_t)got_m);
            if (sl_ed25519_key_prepare(k, pub, 32) != SLUICE_SIG_VALID) continue;
            if (sl_ed25519_sig_precheck(sig, sl) != SLUICE_SIG_VALID) continue;
            items[got_m] = (sluice_sig_item){SLUICE_SIG_ED25519, pub, 32, msg, ml, sig, sl, NULL, 0};
            want[got_m] = sl_ed25519_verify_key(k, msg, ml, sig, sl);
            CHECK(want[got_m] == sluice_ed25519_verify(pub, 32, msg, ml, sig, sl));
            kp[got_m] = k;
            ip[got_m] = &items[got_m];
            got_m++;
        }
        for (int v = 0; v < nimpl && got_m > 0; v++) {
            uint8_t st[8];
            memset(st, 0xee, sizeof st);
            if (eight) sl_ed25519_verify_key_x8(st, kp, ip, got_m, v);
            else sl_ed25519_verify_key_x4(st, kp, ip, got_m, v);
            for (int j = 0; j < got_m; j++) CHECK(st[j] == (uint8_t)want[j]);
            for (int j = got_m; j < 8; j++) CHECK(st[j] == 0xee); /* untouched */
        }
        for (int j = 0; j < got_m; j++) valid += want[j] == SLUICE_SIG_VALID;
        checked += got_m;
    }
    CHECK(checked > nitems / 2 && valid > 64);
    free(keys);
}

/* ---- batches -------------------------------------------------------------- */

static void run_batch(size_t n, int nbad, uint64_t seed) {
    sig_testgen_rec *g = malloc(n * sizeof *g);
    CHECK(sig_testgen(SLUICE_SIG_ED25519, g, n, n > 16 ? n / 4 : n, seed) == 0);
    sluice_sig_item *items = malloc(n * sizeof *items);
    void **keys = malloc(n * sizeof *keys);
    uint8_t *st1 = malloc(n), *st2 = malloc(n), *st3 = malloc(n);
    /* bad items: flips, crafted ones spliced in at random positions */
    for (int b = 0; b < nbad; b++) {
        size_t pos = (size_t)(tu_rng_next(&rng) % n);
        if (b % 2 == 0) {
            sig_testgen_corrupt(&g[pos], tu_rng_next(&rng));
        } else {
            crafted *c = &cr[tu_rng_next(&rng) % (uint64_t)ncr];
            memcpy(g[pos].pub, c->pub, 32);
            memcpy(g[pos].sig, c->sig, 64);
            memcpy(g[pos].msg, c->msg, c->ml);
            g[pos].msg_len = c->ml;
            g[pos].sig_len = c->sl;
        }
    }
    for (size_t i = 0; i < n; i++) {
        items[i] = sig_testgen_item(&g[i]);
        sluice_sig_status ks;
        keys[i] = key_new(g[i].pub, 32, &ks);
        if (ks != SLUICE_SIG_VALID) {
            free(keys[i]);
            keys[i] = NULL;
            st1[i] = st2[i] = st3[i] = (uint8_t)ks;
        }
    }
    sl_ed25519_verify_batch_singles((const void *const *)keys, items, n, st1);
    sl_ed25519_verify_batch_rlc((const void *const *)keys, items, n, st2);
    sl_ed25519_verify_batch((const void *const *)keys, items, n, st3);
    CHECK_MEM(st2, st1, n);
    CHECK_MEM(st3, st1, n);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        bad += st1[i] != SLUICE_SIG_VALID;
        CHECK(st1[i] == sluice_ed25519_verify(items[i].pub, items[i].pub_len, items[i].msg,
                                              items[i].msg_len, items[i].sig, items[i].sig_len));
    }
    CHECK(nbad > 0 || bad == 0);
    CHECK(bad <= nbad);
    for (size_t i = 0; i < n; i++) free(keys[i]);
    free(g); free(items); free(keys); free(st1); free(st2); free(st3);
}

/* A batch made only of crafted items (all torsion cases at once), shuffled
 * among honest ones. */
static void crafted_batch(void) {
    size_t n = (size_t)ncr * 2;
    sig_testgen_rec *g = malloc(n * sizeof *g);
    CHECK(sig_testgen(SLUICE_SIG_ED25519, g, n, 16, 77) == 0);
    for (int i = 0; i < ncr; i++) {
        size_t pos = (size_t)i * 2 + (tu_rng_next(&rng) & 1);
        memcpy(g[pos].pub, cr[i].pub, 32);
        memcpy(g[pos].sig, cr[i].sig, 64);
        memcpy(g[pos].msg, cr[i].msg, cr[i].ml);
        g[pos].msg_len = cr[i].ml;
        g[pos].sig_len = cr[i].sl;
    }
    sluice_sig_item *items = malloc(n * sizeof *items);
    void **keys = malloc(n * sizeof *keys);
    uint8_t *st1 = malloc(n), *st2 = malloc(n);
    for (size_t i = 0; i < n; i++) {
        items[i] = sig_testgen_item(&g[i]);
        sluice_sig_status ks;
        keys[i] = key_new(g[i].pub, 32, &ks);
        if (ks != SLUICE_SIG_VALID) {
            free(keys[i]);
            keys[i] = NULL;
            st1[i] = st2[i] = (uint8_t)ks;
        }
    }
    sl_ed25519_verify_batch_singles((const void *const *)keys, items, n, st1);
    sl_ed25519_verify_batch_rlc((const void *const *)keys, items, n, st2);
    CHECK_MEM(st2, st1, n);
    /* the grouped lane singles == one verify_key per item: one by one (0),
     * four IFMA lanes (1), eight (2), with some keys left without tables
     * (their first use); every item with a key must be written */
    for (size_t i = 0; i < n; i += 3)
        if (keys[i]) ((sl_ed25519_key *)keys[i])->tables_ready = 0;
    for (int v = 0; v <= 2 * sl_ed25519_ifma_supported(); v++) {
        for (size_t i = 0; i < n; i++) st2[i] = keys[i] ? 0xEE : st1[i];
        sl_ed25519_verify_batch_singles_impl((const void *const *)keys, items, n, st2, v);
        CHECK_MEM(st2, st1, n);
        for (size_t i = 0; i < n; i++)
            if (keys[i])
                CHECK(st2[i] == sl_ed25519_verify_key(keys[i], items[i].msg, items[i].msg_len,
                                                      items[i].sig, items[i].sig_len));
    }
    for (size_t i = 0; i < n; i++) free(keys[i]);
    free(g); free(items); free(keys); free(st1); free(st2);
}

/* ---- device item ---------------------------------------------------------- */

static void test_device(void) {
    for (int i = 0; i < ncr + 40; i++) {
        const uint8_t *pub, *sig, *msg;
        size_t ml, sl;
        if (i < ncr) {
            pub = cr[i].pub; sig = cr[i].sig; msg = cr[i].msg; ml = cr[i].ml; sl = cr[i].sl;
        } else {
            sig_testgen_rec *r = &recs[i - ncr];
            pub = r->pub; sig = r->sig; msg = r->msg; ml = r->msg_len; sl = r->sig_len;
        }
        sluice_sig_status ks;
        void *k = key_new(pub, 32, &ks);
        sluice_sig_status single = sluice_ed25519_verify(pub, 32, msg, ml, sig, sl);
        if (ks != SLUICE_SIG_VALID) {
            CHECK(single == ks);
            free(k);
            continue;
        }
        sluice_sig_item it = {SLUICE_SIG_ED25519, pub, 32, msg, ml, sig, sl, NULL, 0};
        uint8_t out[SL_SIG_DEVICE_ITEM];
        sluice_sig_status st = sl_ed25519_device_item(k, &it, out);
        if (st != SLUICE_SIG_VALID) {
            CHECK(st == single);
        } else {
            /* finish on the CPU: R' = [s]B - [k]A from the item alone */
            ref_pt A;
            sl_ed25519_fe_set_b32(&A.x, out);
            sl_ed25519_fe_set_b32(&A.y, out + 32);
            fe_small(&A.z, 1);
            CHECK((out[31] & 0x80) == 0 && (out[63] & 0x80) == 0);
            CHECK(s_below_l(out + 96));
            CHECK((out[95] & 0xE0) == 0);
            ref_pt R = ref_add(ref_mul(out + 64, RB), ref_neg(ref_mul(out + 96, A)));
            uint8_t enc[32];
            ref_encode(enc, R);
            sluice_sig_status dev = memcmp(enc, out + 128, 32) == 0 ? SLUICE_SIG_VALID
                                                                   : SLUICE_SIG_MISMATCH;
            CHECK(dev == single);
        }
        free(k);
    }
}

int main(void) {
    tu_rng_seed(&rng, 0xed25519);
    ref_init();
    test_group();
    make_torsion();
    test_prepare_n();
    test_key_fill_canon();
    test_challenge_n();
    test_halfsize_parts();
    test_lanes();
    test_half_lanes();
    test_half_prog();
    test_vectors();
    test_openssl();
    make_crafted();
    test_verify_x4_x8(0);
    test_verify_x4_x8(1);
    test_device();
    static const size_t sizes[] = {1, 2, 3, 64, 257, 1024};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        run_batch(sizes[s], 0, 100 + s);
        run_batch(sizes[s], 1, 200 + s);
        if (sizes[s] >= 3) run_batch(sizes[s], sizes[s] >= 64 ? 9 : 2, 300 + s);
    }
    crafted_batch();
    return tu_finish("test_sig_ed25519");
}
