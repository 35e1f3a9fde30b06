/* Ed25519 single verification with Bytom's rules = Go's ed25519.Verify
 * (Bytom v1.1.1 crypto/ed25519/ed25519.go): len(sig) == 64; sig[63] & 0xE0
 * == 0 (s < 2^253 only, NOT s < L); A decoded as Go's FromBytes (non-canonical
 * y and x = 0 with the sign bit accepted); k = SHA-512(R ‖ A ‖ M) mod L; R' =
 * [s]B - [k]A cofactorless, with s the raw integer ([s]B = [s mod L]B since B
 * has order L); valid iff encode(R') == R byte for byte. Small-order A or R
 * are not rejected. Verdict order follows the dispatch (engine/sig/sig.c):
 * the key first (BAD_PUBKEY), then BAD_ENCODING, S_RANGE, MISMATCH.
 *
 * Paths: a key without tables (the cache-less single check, and a cached
 * key's first use) decodes R as well and checks [c1 s]B - [c0]A - [c1]R = O
 * on half-size scalars (verify_halfsize, ed25519_lattice.h), which is the
 * same verdict; a key with tables computes R' with 64 doublings and compares
 * its encoding (safegcd inversion). The batch runs the half-size check of
 * several items at once (sl_ed25519_verify_key_x4 / _x8: R decoded four or
 * eight at a time, the challenges hashed side by side, the chains four at a
 * time in the IFMA lanes). Prepared keys hold A with fully reduced limbs
 * (sl_ed25519_key_fill), so the blob is the same whichever decoder made it
 * (sl_ed25519_key_prepare, or sl_ed25519_key_prepare_n in ed25519_key_n.c). */
#include <string.h>

#include "ec/ed25519_lanes.h"
#include "ec/ed25519_lattice.h"
#include "sig/ed25519_sig.h"
#include "sig/sig_internal.h"
#include "sluice/sha512.h"

void sl_ed25519_challenge(uint8_t k[32], const uint8_t r[32], const uint8_t pub[32],
                          const uint8_t *msg, size_t msg_len) {
    sluice_sha512_ctx c;
    uint8_t h[64];
    sl_ed25519_sc sc;
    sluice_sha512_init(&c);
    sluice_sha512_update(&c, r, 32);
    sluice_sha512_update(&c, pub, 32);
    if (msg_len) sluice_sha512_update(&c, msg, msg_len);
    sluice_sha512_final(&c, h);
    sl_ed25519_sc_set_b64(&sc, h);
    sl_ed25519_sc_get_b32(k, &sc);
}

sluice_sig_status sl_ed25519_sig_precheck(const uint8_t *sig, size_t sig_len) {
    if (sig_len != 64 || !sig) return SLUICE_SIG_BAD_ENCODING;
    if (sig[63] & 0xE0) return SLUICE_SIG_S_RANGE;
    return SLUICE_SIG_VALID;
}

size_t sl_ed25519_key_size(void) { return sizeof(sl_ed25519_key); }

static uint64_t load64_le(const uint8_t *b) {
    return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24 |
           (uint64_t)b[4] << 32 | (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 |
           (uint64_t)b[7] << 56; /* one load where the compiler can (written out for that) */
}

/* a = the same value with fully reduced limbs (the unique representation):
 * the canonical encoding (get_b32 reduces fully) cut into the five 51-bit
 * limbs of ed25519_field.h. The bytes are < p, so this is what set_b32
 * makes of them, without its second reduction. */
static void fe_canon(sl_ed25519_fe *a) {
    const uint64_t m51 = (UINT64_C(1) << 51) - 1;
    /* already the unique limbs (as Z = 1 and the decoded y are): every limb
     * below 2^51 and the value below p, i.e. not all of v[1..4] ones with
     * v[0] >= 2^51 - 19 */
    uint64_t wide = (a->v[0] | a->v[1] | a->v[2] | a->v[3] | a->v[4]) >> 51;
    if (!wide && ((a->v[1] & a->v[2] & a->v[3] & a->v[4]) != m51 || a->v[0] < m51 - 18)) return;
    uint8_t b[32];
    sl_ed25519_fe_get_b32(b, a);
    uint64_t w0 = load64_le(b), w1 = load64_le(b + 8), w2 = load64_le(b + 16),
             w3 = load64_le(b + 24);
    a->v[0] = w0 & m51;
    a->v[1] = ((w0 >> 51) | (w1 << 13)) & m51;
    a->v[2] = ((w1 >> 38) | (w2 << 26)) & m51;
    a->v[3] = ((w2 >> 25) | (w3 << 39)) & m51;
    a->v[4] = w3 >> 12; /* bit 255 is 0 */
}

sluice_sig_status sl_ed25519_key_fill(void *key, const uint8_t pub[32], const sl_ed25519_ge *A,
                                      int ok) {
    sl_ed25519_key *k = (sl_ed25519_key *)key;
    memset(k->pad, 0, sizeof k->pad);
    memcpy(k->pub, pub, 32);
    k->torsion_free = 0;
    k->tables_ready = 0;
    if (!ok) return SLUICE_SIG_BAD_PUBKEY;
    k->A = *A;
    fe_canon(&k->A.X);
    fe_canon(&k->A.Y);
    fe_canon(&k->A.Z);
    fe_canon(&k->A.T);
    return SLUICE_SIG_VALID;
}

sluice_sig_status sl_ed25519_key_prepare(void *key, const uint8_t *pub, size_t pub_len) {
    if (pub_len != 32 || !pub) return SLUICE_SIG_BAD_PUBKEY;
    sl_ed25519_ge A;
    int ok = sl_ed25519_ge_decode_var(&A, pub);
    return sl_ed25519_key_fill(key, pub, &A, ok);
}

void sl_ed25519_key_upgrade(void *key) {
    sl_ed25519_key *k = (sl_ed25519_key *)key;
    if (k->tables_ready) return;
    sl_ed25519_keytab_build(&k->tab, &k->A);
    /* [L]A with the tables just built (64 doublings instead of 253):
     * [0]B + [L]A, L < 2^255 as the key-table path requires */
    static const uint8_t zero[32] = {0};
    static const uint8_t ell[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                    0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                    0,    0,    0,    0,    0,    0,    0,    0,
                                    0,    0,    0,    0,    0,    0,    0,    0x10};
    sl_ed25519_ge la;
    sl_ed25519_double_scalarmul_keytab_var(&la, zero, ell, &k->tab, 0);
    k->torsion_free = (uint8_t)sl_ed25519_ge_is_identity_var(&la);
    k->tables_ready = 1;
}

/* The check without the final encoding, on half-size scalars (see
 * ed25519_lattice.h): encode([s]B - [k]A) == R byte for byte iff R is a
 * canonical encoding (encode only produces those), R decodes to a point, and
 * D = [s]B - [k]A - R is O, i.e. [c1]D = [c1 s mod L]B - [c0]A - [c1]R = O
 * with c0 == c1 k (mod 8L) and c1 odd, |c1| < 2^128: exact for any A and R
 * (the group has order 8L), and about 128 doublings instead of 253. Decoding
 * R costs one exponentiation, as the inversion of the encoding did. */
/* b = c1 s mod L for the split of kh (c1 = (-1)^c1_neg |c1|): the base
 * scalar of the half-size check. 0 if kh >= 8L (never for a challenge). */
static int halfsize_scalars(uint8_t b[32], uint8_t c0[32], uint8_t c1[32], int *c1_neg,
                            const uint8_t kh[32], const uint8_t *sig) {
    if (!sl_ed25519_split_8l_var(c0, c1, c1_neg, kh)) return 0;
    sl_ed25519_sc sc;
    /* (s |c1|) mod L with s the raw integer (B has order L); |c1| < 2^128,
     * so its low 16 bytes are all of it */
    sl_ed25519_sc_mul_b32_b16(&sc, sig + 32, c1);
    if (*c1_neg) sl_ed25519_sc_neg(&sc, &sc);
    sl_ed25519_sc_get_b32(b, &sc);
    return 1;
}

static sluice_sig_status verify_halfsize(const sl_ed25519_ge *A, const sl_ed25519_ge *R,
                                         const uint8_t kh[32], const uint8_t *sig) {
    sl_ed25519_ge D;
    uint8_t c0[32], c1[32], b[32];
    int c1_neg;
    if (!halfsize_scalars(b, c0, c1, &c1_neg, kh, sig)) return SLUICE_SIG_MISMATCH; /* kh < L */
    /* [c1 s]B - [c0]A - [c1]R, c1 = (-1)^c1_neg |c1| */
    sl_ed25519_base_two_scalarmul_var(&D, b, c0, A, 1, c1, R, c1_neg ^ 1);
    return sl_ed25519_ge_is_identity_var(&D) ? SLUICE_SIG_VALID : SLUICE_SIG_MISMATCH;
}

/* The half-size checks of m (1..8) items whose R are decoded (ok[j]: R[j]
 * is the decoding of it[j]->sig) and whose challenges are kh[j], their
 * chains in the lanes: more than four in one eight-lane run (use_ifma = 2),
 * else four lanes at a time. */
static void halfsize_n(uint8_t *st, const sl_ed25519_key *const *key,
                       const sluice_sig_item *const *it, int m, const int *ok,
                       const sl_ed25519_ge *R, const uint8_t (*kh)[32], int use_ifma) {
    sl_ed25519_ge D[8];
    uint8_t b[8][32], c0[8][32], c1[8][32];
    sl_ed25519_half_lane in[8];
    int lane[8], nl = 0;
    for (int j = 0; j < m; j++) {
        const uint8_t *sig = it[j]->sig;
        int c1_neg;
        st[j] = SLUICE_SIG_MISMATCH; /* R does not decode, or not canonically */
        if (!ok[j] || !sl_ed25519_ge_encoding_canonical(sig)) continue;
        if (!halfsize_scalars(b[nl], c0[nl], c1[nl], &c1_neg, kh[j], sig)) continue;
        /* [c1 s]B - [c0]A - [c1]R, c1 = (-1)^c1_neg |c1| */
        in[nl] = (sl_ed25519_half_lane){b[nl], c0[nl], c1[nl], &key[j]->A, &R[j], 1, c1_neg ^ 1};
        lane[nl++] = j;
    }
    if (nl == 0) return;
    if (nl == 1) { /* a lone lane: the one-lane chain */
        const sl_ed25519_half_lane *x = &in[0];
        sl_ed25519_base_two_scalarmul_var(&D[0], x->b, x->n0, x->P0, x->neg0, x->n1, x->P1,
                                          x->neg1);
    } else if (nl > 4 && use_ifma == 2) {
        for (int j = nl; j < 8; j++) in[j] = in[0]; /* idle lanes repeat lane 0 */
        sl_ed25519_base_two_x8_ifma(D, in);
    } else {
        for (int h = 0; h < nl; h += 4) {
            sl_ed25519_half_lane q[4];
            for (int j = 0; j < 4; j++) q[j] = in[h + j < nl ? h + j : h]; /* idle: repeat */
            sl_ed25519_base_two_x4_var(D + h, q, use_ifma != 0);
        }
    }
    for (int j = 0; j < nl; j++)
        st[lane[j]] = sl_ed25519_ge_is_identity_var(&D[j]) ? SLUICE_SIG_VALID
                                                           : SLUICE_SIG_MISMATCH;
}

/* The challenges of items it[0..m) (m <= 8) at once (sl_ed25519_challenge_n). */
static void challenges(uint8_t (*kh)[32], const sl_ed25519_key *const *key,
                       const sluice_sig_item *const *it, int m, int use_ifma) {
    const uint8_t *r[8], *pub[8], *msg[8];
    size_t len[8];
    for (int j = 0; j < m; j++) {
        r[j] = it[j]->sig;
        pub[j] = key[j]->pub;
        msg[j] = it[j]->msg;
        len[j] = it[j]->msg_len;
    }
    sl_ed25519_challenge_n(kh, r, pub, msg, len, m, use_ifma);
}

void sl_ed25519_verify_key_x4(uint8_t st[4], const sl_ed25519_key *const key[4],
                              const sluice_sig_item *const it[4], int m, int use_ifma) {
    sl_ed25519_ge R[4];
    int ok[4];
    uint8_t kh[4][32];
    if (m < 1) return;
    /* the R of the items, four square roots at a time (lanes past m repeat
     * item 0) */
    const uint8_t *rb[4];
    for (int j = 0; j < 4; j++) rb[j] = it[j < m ? j : 0]->sig;
    sl_ed25519_ge_decode4_impl_var(ok, R, rb, use_ifma != 0);
    challenges(kh, key, it, m, use_ifma != 0);
    halfsize_n(st, key, it, m, ok, R, (const uint8_t(*)[32])kh, use_ifma != 0);
}

void sl_ed25519_verify_key_x8(uint8_t st[8], const sl_ed25519_key *const key[8],
                              const sluice_sig_item *const it[8], int m, int use_ifma) {
    sl_ed25519_ge R[8];
    int ok[8];
    uint8_t kh[8][32];
    const uint8_t *rb[8];
    if (m < 1) return;
    for (int j = 0; j < m; j++) rb[j] = it[j]->sig;
    sl_ed25519_ge_decode_n_impl_var(ok, R, rb, (size_t)m, use_ifma != 0); /* eight roots at once */
    challenges(kh, key, it, m, use_ifma != 0); /* eight SHA-512s at once */
    halfsize_n(st, key, it, m, ok, R, (const uint8_t(*)[32])kh, use_ifma);
}

static sluice_sig_status compare_r(const sl_ed25519_ge *rp, const uint8_t *sig) {
    uint8_t enc[32];
    sl_ed25519_ge_encode(enc, rp);
    return memcmp(enc, sig, 32) == 0 ? SLUICE_SIG_VALID : SLUICE_SIG_MISMATCH;
}

sluice_sig_status sl_ed25519_verify_key(const void *key, const uint8_t *msg, size_t msg_len,
                                        const uint8_t *sig, size_t sig_len) {
    const sl_ed25519_key *k = (const sl_ed25519_key *)key;
    sluice_sig_status st = sl_ed25519_sig_precheck(sig, sig_len);
    if (st != SLUICE_SIG_VALID) return st;
    uint8_t kh[32];
    sl_ed25519_challenge(kh, sig, k->pub, msg, msg_len);
    sl_ed25519_ge rp;
    if (k->tables_ready) {
        sl_ed25519_double_scalarmul_keytab_var(&rp, sig + 32, kh, &k->tab, 1);
        return compare_r(&rp, sig);
    }
    /* first use: no tables */
    sl_ed25519_ge R;
    if (!sl_ed25519_ge_encoding_canonical(sig) || !sl_ed25519_ge_decode_var(&R, sig))
        return SLUICE_SIG_MISMATCH;
    return verify_halfsize(&k->A, &R, kh, sig);
}

sluice_sig_status sluice_ed25519_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg,
                                        size_t msg_len, const uint8_t *sig, size_t sig_len) {
    sl_ed25519_ge AR[2];
    int ok[2];
    if (pub_len != 32 || !pub) return SLUICE_SIG_BAD_PUBKEY;
    sluice_sig_status st = sl_ed25519_sig_precheck(sig, sig_len);
    if (st == SLUICE_SIG_VALID && !msg && msg_len) st = SLUICE_SIG_BAD_ENCODING;
    if (st != SLUICE_SIG_VALID) {
        /* the key's verdict comes first */
        if (!sl_ed25519_ge_decode_var(&AR[0], pub)) return SLUICE_SIG_BAD_PUBKEY;
        return !msg && msg_len ? SLUICE_SIG_BAD_ENCODING : st;
    }
    /* A and R decoded together (R as a point only matters if A decodes) */
    sl_ed25519_ge_decode2_var(ok, AR, pub, sig);
    if (!ok[0]) return SLUICE_SIG_BAD_PUBKEY;
    if (!ok[1] || !sl_ed25519_ge_encoding_canonical(sig)) return SLUICE_SIG_MISMATCH;
    uint8_t kh[32];
    sl_ed25519_challenge(kh, sig, pub, msg, msg_len);
    return verify_halfsize(&AR[0], &AR[1], kh, sig);
}

sluice_sig_status sl_ed25519_device_item(const void *key, const sluice_sig_item *it,
                                         uint8_t *out) {
    const sl_ed25519_key *k = (const sl_ed25519_key *)key;
    sluice_sig_status st = sl_ed25519_sig_precheck(it->sig, it->sig_len);
    if (st != SLUICE_SIG_VALID) return st;
    /* the decoded key has Z = 1: X and Y are the affine coordinates */
    sl_ed25519_fe_get_b32(out, &k->A.X);
    sl_ed25519_fe_get_b32(out + 32, &k->A.Y);
    memcpy(out + 64, it->sig + 32, 32);
    sl_ed25519_challenge(out + 96, it->sig, k->pub, it->msg, it->msg_len);
    memcpy(out + 128, it->sig, 32);
    return SLUICE_SIG_VALID;
}
