/* BIP340 verification: the bip-0340 vectors with exact verdicts; a
 * differential test against Debian's libsecp256k1 (2,000 random keys and
 * messages of 0..199 bytes, signed by it, verified by us; then one bit of the
 * key, message or signature flipped, or r / s pushed out of range, and the
 * validity compared); crafted R = O (INFINITY) and odd-y R (MISMATCH)
 * signatures; malformed lengths; the prepared key path; the accelerator item
 * recomputed on the CPU; and the batch (sizes 1, 2, 3, 64, 257, 1024 with 0,
 * 1 and several bad items at random positions) item by item against the
 * single verdicts. */
#include "../../engine/sig/bip340_sig.h"
#include "../../engine/sig/sig_internal.h"
#include "testutil.h"

#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>
#include <stdlib.h>
#include <string.h>

static secp256k1_context *lib;

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Parses hex of any even length into out (cap bytes); returns the length or -1. */
static int unhex(uint8_t *out, size_t cap, const char *s, size_t n) {
    if (n % 2 || n / 2 > cap) return -1;
    for (size_t i = 0; i < n / 2; i++) {
        int a = hexval(s[2 * i]), b = hexval(s[2 * i + 1]);
        if (a < 0 || b < 0) return -1;
        out[i] = (uint8_t)(a * 16 + b);
    }
    return (int)(n / 2);
}

/* Expected verdicts of the failing bip-0340 vectors (by the comment column). */
static sluice_sig_status vector_verdict(int index) {
    switch (index) {
    case 5: case 14: return SLUICE_SIG_BAD_PUBKEY;  /* not on the curve / x >= p */
    case 6: case 7: case 8: case 11: return SLUICE_SIG_MISMATCH;  /* odd y, wrong e, r not an x */
    case 9: case 10: return SLUICE_SIG_INFINITY;  /* sG - eP = O */
    case 12: return SLUICE_SIG_R_RANGE;           /* r = p */
    case 13: return SLUICE_SIG_S_RANGE;           /* s = n */
    default: return SLUICE_SIG_VALID;
    }
}

/* The verdict through a prepared key (cached path), or the key's verdict. */
static sluice_sig_status via_key(const uint8_t *pub, size_t pub_len, const uint8_t *msg, size_t msg_len,
                                 const uint8_t *sig, size_t sig_len) {
    static _Alignas(64) uint8_t key[SL_SIG_KEY_MAX];
    CHECK(sl_bip340_key_size() <= SL_SIG_KEY_MAX);
    sluice_sig_status st = sl_bip340_key_prepare(key, pub, pub_len);
    if (st != SLUICE_SIG_VALID) return st;
    return sl_bip340_verify_key(key, msg, msg_len, sig, sig_len);
}

/* Prepared keys with a table of every window 2..SL_BIP340_KEY_WINDOW (the
 * IFMA lanes read it where the CPU has them): one verdict for all. */
static sluice_sig_status via_tables(const uint8_t *pub, size_t pub_len, const uint8_t *msg,
                                    size_t msg_len, const uint8_t *sig, size_t sig_len) {
    static _Alignas(64) sl_bip340_key key;
    sluice_sig_status first = SLUICE_SIG_VALID;
    for (int w = 2; w <= SL_BIP340_KEY_WINDOW; w++) {
        sluice_sig_status st = sl_bip340_key_prepare_window(&key, pub, pub_len, w);
        if (st == SLUICE_SIG_VALID) st = sl_bip340_verify_key(&key, msg, msg_len, sig, sig_len);
        if (w == 2) first = st;
        CHECK(st == first);
    }
    return first;
}

/* The accelerator item, finished by the CPU model. */
static sluice_sig_status via_device(const uint8_t *pub, size_t pub_len, const uint8_t *msg,
                                    size_t msg_len, const uint8_t *sig, size_t sig_len) {
    static _Alignas(64) uint8_t key[SL_SIG_KEY_MAX];
    sluice_sig_status st = sl_bip340_key_prepare(key, pub, pub_len);
    if (st != SLUICE_SIG_VALID) return st;
    sluice_sig_item it = {SLUICE_SIG_BIP340, pub, pub_len, msg, msg_len, sig, sig_len, NULL, 0};
    uint8_t item[SL_SIG_DEVICE_ITEM];
    st = sl_bip340_device_item(key, &it, item);
    if (st != SLUICE_SIG_VALID) return st;
    return sl_bip340_device_check_var(item);
}

static void test_vectors(void) {
    FILE *f = tu_open_vectors("bip340.csv");
    char line[2048];
    int count = 0;
    while (tu_next_line(f, line, sizeof line)) {
        if (strncmp(line, "index", 5) == 0) continue;
        /* index,secret key,public key,aux_rand,message,signature,result,comment */
        char *fld[8] = {0};
        char *p = line;
        for (int i = 0; i < 8 && p; i++) {
            fld[i] = p;
            char *c = i < 7 ? strchr(p, ',') : NULL;
            if (c) *c = 0;
            p = c ? c + 1 : NULL;
        }
        if (!fld[6]) {
            CHECK(!"malformed vector line");
            continue;
        }
        int index = atoi(fld[0]);
        uint8_t pub[32], msg[256], sig[64];
        int pl = unhex(pub, sizeof pub, fld[2], strlen(fld[2]));
        int ml = unhex(msg, sizeof msg, fld[4], strlen(fld[4]));
        int sl = unhex(sig, sizeof sig, fld[5], strlen(fld[5]));
        CHECK(pl == 32 && ml >= 0 && sl == 64);
        if (pl != 32 || ml < 0 || sl != 64) continue;
        int valid = strcmp(fld[6], "TRUE") == 0;
        sluice_sig_status want = vector_verdict(index);
        CHECK((want == SLUICE_SIG_VALID) == valid);
        sluice_sig_status got = sluice_bip340_verify(pub, 32, ml ? msg : NULL, (size_t)ml, sig, 64);
        if (got != want) fprintf(stderr, "vector %d: got %d want %d\n", index, got, want);
        CHECK(got == want);
        CHECK(via_key(pub, 32, msg, (size_t)ml, sig, 64) == want);
        CHECK(via_tables(pub, 32, msg, (size_t)ml, sig, 64) == want);
        CHECK(via_device(pub, 32, msg, (size_t)ml, sig, 64) == want);
        sluice_sig_item it = {SLUICE_SIG_BIP340, pub, 32, msg, (size_t)ml, sig, 64, NULL, 0};
        CHECK(sluice_sig_verify(&it, NULL) == want);
        count++;
    }
    fclose(f);
    CHECK(count == 19);
}

/* A libsecp256k1 keypair from 32 random bytes; returns its x-only key. */
static void make_key(tu_rng *rng, secp256k1_keypair *kp, uint8_t pk[32], uint8_t sk[32]) {
    do tu_rng_bytes(rng, sk, 32);
    while (!secp256k1_keypair_create(lib, kp, sk));
    secp256k1_xonly_pubkey xo;
    CHECK(secp256k1_keypair_xonly_pub(lib, &xo, NULL, kp));
    CHECK(secp256k1_xonly_pubkey_serialize(lib, pk, &xo));
}

static int lib_verify(const uint8_t pk[32], const uint8_t *msg, size_t n, const uint8_t sig[64]) {
    secp256k1_xonly_pubkey xo;
    if (!secp256k1_xonly_pubkey_parse(lib, &xo, pk)) return -1;
    return secp256k1_schnorrsig_verify(lib, sig, msg, n, &xo);
}

static void lib_sign(const secp256k1_keypair *kp, uint8_t sig[64], const uint8_t *msg, size_t n,
                     tu_rng *rng) {
    if (n == 32) {
        uint8_t aux[32];
        tu_rng_bytes(rng, aux, 32);
        CHECK(secp256k1_schnorrsig_sign32(lib, sig, msg, kp, aux));
    } else {
        CHECK(secp256k1_schnorrsig_sign_custom(lib, sig, msg, n, kp, NULL));
    }
}

static void test_oracle(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 0xb1934011);
    int mism = 0;
    for (int it = 0; it < 2000; it++) {
        secp256k1_keypair kp;
        uint8_t pk[32], sk[32], msg[200], sig[64];
        make_key(&rng, &kp, pk, sk);
        size_t n = (size_t)(tu_rng_next(&rng) % 4 == 0 ? 32 : tu_rng_next(&rng) % sizeof msg);
        tu_rng_bytes(&rng, msg, n);
        lib_sign(&kp, sig, msg, n, &rng);
        CHECK(sluice_bip340_verify(pk, 32, msg, n, sig, 64) == SLUICE_SIG_VALID);
        if (it % 4 == 0) {
            CHECK(via_key(pk, 32, msg, n, sig, 64) == SLUICE_SIG_VALID);
            CHECK(via_device(pk, 32, msg, n, sig, 64) == SLUICE_SIG_VALID);
        }
        /* One mutation: a bit flip in pk, msg or sig, or r / s out of range. */
        uint64_t sel = tu_rng_next(&rng);
        unsigned what = (unsigned)(sel % 5);
        uint64_t bit = sel >> 8;
        sluice_sig_status cls = SLUICE_SIG_VALID; /* expected class, VALID = any failure */
        if (what == 0) {
            pk[(bit / 8) % 32] ^= (uint8_t)(1u << (bit % 8));
        } else if (what == 1 && n) {
            msg[(bit / 8) % n] ^= (uint8_t)(1u << (bit % 8));
        } else if (what == 3) {
            /* r in [p, 2^256): 0xFF..FF minus a small amount. */
            memset(sig, 0xFF, 32);
            sig[31] = (uint8_t)(0x2F + (bit % 0xD0));
            sig[27] = 0xFE;
            cls = SLUICE_SIG_R_RANGE;
        } else if (what == 4) {
            static const uint8_t nn[32] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                           0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48,
                                           0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41};
            memcpy(sig + 32, nn, 32);
            if (bit & 1) sig[63] = (uint8_t)(0x41 + (bit >> 1) % 0xBF);
            cls = SLUICE_SIG_S_RANGE;
        } else {
            sig[(bit / 8) % 64] ^= (uint8_t)(1u << (bit % 8));
        }
        int lv = lib_verify(pk, msg, n, sig);
        sluice_sig_status got = sluice_bip340_verify(pk, 32, msg, n, sig, 64);
        if ((got == SLUICE_SIG_VALID) != (lv == 1)) mism++;
        CHECK((got == SLUICE_SIG_VALID) == (lv == 1));
        if (lv == -1) CHECK(got == SLUICE_SIG_BAD_PUBKEY);
        if (lv != -1) CHECK(got != SLUICE_SIG_BAD_PUBKEY);
        if (cls != SLUICE_SIG_VALID) CHECK(got == cls);
        if (it % 4 == 1) {
            CHECK(via_key(pk, 32, msg, n, sig, 64) == got);
            CHECK(via_device(pk, 32, msg, n, sig, 64) == got);
        }
    }
    if (mism) fprintf(stderr, "oracle mismatches: %d\n", mism);
}

/* Signatures that pass the range checks but give R = O (s = e d) or an R
 * with odd y (R = kG with odd y, s = k + e d): made with the secret key d. */
static void craft(const uint8_t sk[32], const uint8_t pk[32], const uint8_t *msg, size_t n,
                  uint8_t sig[64], int odd_y, tu_rng *rng) {
    sl_secp256k1_sc d, e, s, k;
    /* d: the key whose x-only public key is pk (negated if its y is odd). */
    sl_secp256k1_sc_set_b32(&d, sk);
    secp256k1_pubkey full;
    uint8_t ser[33];
    size_t sl = 33;
    CHECK(secp256k1_ec_pubkey_create(lib, &full, sk));
    CHECK(secp256k1_ec_pubkey_serialize(lib, ser, &sl, &full, SECP256K1_EC_COMPRESSED));
    if (ser[0] == 0x03) sl_secp256k1_sc_neg(&d, &d);
    CHECK(memcmp(ser + 1, pk, 32) == 0);
    if (!odd_y) {
        /* Any valid r; s = e d makes sG - eP = O. */
        do {
            uint8_t kb[32];
            tu_rng_bytes(rng, kb, 32);
            kb[0] &= 0x7F;
            memcpy(sig, kb, 32);
            sl_secp256k1_fe x;
            sl_secp256k1_ge g;
            sl_secp256k1_fe_set_b32(&x, kb);
            if (sl_secp256k1_ge_set_x_even_var(&g, &x)) break;
        } while (1);
        sl_bip340_challenge(&e, sig, pk, msg, n);
        sl_secp256k1_sc_mul(&s, &e, &d);
    } else {
        uint8_t kb[32];
        do {
            tu_rng_bytes(rng, kb, 32);
            kb[0] &= 0x7F;
            CHECK(secp256k1_ec_pubkey_create(lib, &full, kb));
            sl = 33;
            CHECK(secp256k1_ec_pubkey_serialize(lib, ser, &sl, &full, SECP256K1_EC_COMPRESSED));
        } while (ser[0] != 0x03);
        sl_secp256k1_sc_set_b32(&k, kb);
        memcpy(sig, ser + 1, 32);
        sl_bip340_challenge(&e, sig, pk, msg, n);
        sl_secp256k1_sc_mul(&s, &e, &d);
        sl_secp256k1_sc_add(&s, &s, &k);
    }
    sl_secp256k1_sc_get_b32(sig + 32, &s);
}

static void test_crafted(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 0xc4af7);
    for (int it = 0; it < 40; it++) {
        secp256k1_keypair kp;
        uint8_t pk[32], sk[32], msg[40], sig[64];
        make_key(&rng, &kp, pk, sk);
        size_t n = (size_t)(tu_rng_next(&rng) % sizeof msg);
        tu_rng_bytes(&rng, msg, n);
        int odd = it & 1;
        craft(sk, pk, msg, n, sig, odd, &rng);
        sluice_sig_status want = odd ? SLUICE_SIG_MISMATCH : SLUICE_SIG_INFINITY;
        CHECK(lib_verify(pk, msg, n, sig) == 0);
        CHECK(sluice_bip340_verify(pk, 32, msg, n, sig, 64) == want);
        CHECK(via_key(pk, 32, msg, n, sig, 64) == want);
        CHECK(via_device(pk, 32, msg, n, sig, 64) == want);
    }
}

static void test_malformed(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 77);
    secp256k1_keypair kp;
    uint8_t pk[33], sk[32], msg[32], sig[65];
    make_key(&rng, &kp, pk, sk);
    tu_rng_bytes(&rng, msg, 32);
    lib_sign(&kp, sig, msg, 32, &rng);
    sig[64] = 0;
    pk[32] = 0;
    CHECK(sluice_bip340_verify(pk, 32, msg, 32, sig, 64) == SLUICE_SIG_VALID);
    CHECK(sluice_bip340_verify(pk, 31, msg, 32, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
    CHECK(sluice_bip340_verify(pk, 33, msg, 32, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
    CHECK(sluice_bip340_verify(NULL, 0, msg, 32, sig, 64) == SLUICE_SIG_BAD_PUBKEY);
    CHECK(sluice_bip340_verify(pk, 32, msg, 32, sig, 63) == SLUICE_SIG_BAD_ENCODING);
    CHECK(sluice_bip340_verify(pk, 32, msg, 32, sig, 65) == SLUICE_SIG_BAD_ENCODING);
    CHECK(sluice_bip340_verify(pk, 32, msg, 32, NULL, 0) == SLUICE_SIG_BAD_ENCODING);
    CHECK(sluice_bip340_verify(pk, 32, NULL, 32, sig, 64) == SLUICE_SIG_BAD_ENCODING);
    CHECK(sluice_bip340_verify(pk, 32, msg, 31, sig, 64) == SLUICE_SIG_MISMATCH);
    /* Bad key wins over a bad signature (the spec's order). */
    uint8_t badpk[32];
    memset(badpk, 0xFF, 32);
    CHECK(sluice_bip340_verify(badpk, 32, msg, 32, sig, 63) == SLUICE_SIG_BAD_PUBKEY);
    /* r = p - 1 style values: range ok, and r >= p beats s >= n. */
    uint8_t s2[64];
    memset(s2, 0xFF, 64);
    CHECK(sluice_bip340_verify(pk, 32, msg, 32, s2, 64) == SLUICE_SIG_R_RANGE);
    memcpy(s2, sig, 32);
    CHECK(sluice_bip340_verify(pk, 32, msg, 32, s2, 64) == SLUICE_SIG_S_RANGE);
    /* x = 0 is not on the curve (7 is not a square mod p); x = 1 is. */
    uint8_t x[32] = {0};
    CHECK(sluice_bip340_verify(x, 32, msg, 32, sig, 64) == (lib_verify(x, msg, 32, sig) == -1
                                                              ? SLUICE_SIG_BAD_PUBKEY
                                                              : SLUICE_SIG_MISMATCH));
    x[31] = 1;
    CHECK(sluice_bip340_verify(x, 32, msg, 32, sig, 64) == (lib_verify(x, msg, 32, sig) == -1
                                                              ? SLUICE_SIG_BAD_PUBKEY
                                                              : SLUICE_SIG_MISMATCH));
    /* Device item fields for a valid item: P, s, e, r as documented. */
    static _Alignas(64) uint8_t key[SL_SIG_KEY_MAX];
    CHECK(sl_bip340_key_prepare(key, pk, 32) == SLUICE_SIG_VALID);
    sluice_sig_item it = {SLUICE_SIG_BIP340, pk, 32, msg, 32, sig, 64, NULL, 0};
    uint8_t item[160];
    CHECK(sl_bip340_device_item(key, &it, item) == SLUICE_SIG_VALID);
    CHECK_MEM(item, pk, 32);
    CHECK((item[63] & 1) == 0);
    CHECK_MEM(item + 64, sig + 32, 32);
    CHECK_MEM(item + 128, sig, 32);
    it.sig_len = 63;
    CHECK(sl_bip340_device_item(key, &it, item) == SLUICE_SIG_BAD_ENCODING);
    it.sig = s2;
    it.sig_len = 64;
    CHECK(sl_bip340_device_item(key, &it, item) == SLUICE_SIG_S_RANGE);
    /* A device item with odd Py or a field out of range is refused. */
    it.sig = sig;
    CHECK(sl_bip340_device_item(key, &it, item) == SLUICE_SIG_VALID);
    item[63] ^= 1;
    CHECK(sl_bip340_device_check_var(item) == SLUICE_SIG_BAD_ENCODING);
}

/* Batches: n items over nkeys keys with nbad corrupted ones at random
 * positions (bit flips of every kind, crafted R = O / odd y, bad keys with
 * keys[i] == NULL); status must equal the single verdicts. */
static void run_batch(size_t n, size_t nbad, tu_rng *rng) {
    size_t nkeys = n < 8 ? n : 8 + n / 16;
    secp256k1_keypair *kp = malloc(nkeys * sizeof *kp);
    uint8_t (*pk)[32] = malloc(nkeys * 32), (*sk)[32] = malloc(nkeys * 32);
    uint8_t (*msg)[48] = malloc(n * 48), (*sig)[64] = malloc(n * 64), (*pub)[32] = malloc(n * 32);
    size_t *mlen = malloc(n * sizeof *mlen);
    sluice_sig_item *items = malloc(n * sizeof *items);
    const void **keys = malloc(n * sizeof *keys);
    uint8_t *keyblob = aligned_alloc(64, nkeys * ((sl_bip340_key_size() + 63) / 64 * 64) + 64);
    uint8_t *status = malloc(n), *want = malloc(n);
    size_t ks = (sl_bip340_key_size() + 63) / 64 * 64;
    for (size_t k = 0; k < nkeys; k++) {
        make_key(rng, &kp[k], pk[k], sk[k]);
        CHECK(sl_bip340_key_prepare(keyblob + k * ks, pk[k], 32) == SLUICE_SIG_VALID);
    }
    static _Alignas(64) uint8_t badkey[SL_SIG_KEY_MAX];
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)(tu_rng_next(rng) % nkeys);
        mlen[i] = (size_t)(tu_rng_next(rng) % 48);
        tu_rng_bytes(rng, msg[i], mlen[i]);
        lib_sign(&kp[k], sig[i], msg[i], mlen[i], rng);
        memcpy(pub[i], pk[k], 32);
        keys[i] = keyblob + k * ks;
        sluice_sig_item it = {SLUICE_SIG_BIP340, pub[i], 32, msg[i], mlen[i], sig[i], 64, NULL, 0};
        items[i] = it;
    }
    for (size_t b = 0; b < nbad; b++) {
        size_t i = (size_t)(tu_rng_next(rng) % n);
        uint64_t sel = tu_rng_next(rng);
        size_t k = (size_t)((const uint8_t *)keys[i] - keyblob) / ks;
        switch (sel % 7) {
        case 0: sig[i][(sel >> 8) % 32] ^= (uint8_t)(1u << ((sel >> 16) % 8)); break; /* r */
        case 1: sig[i][32 + (sel >> 8) % 32] ^= (uint8_t)(1u << ((sel >> 16) % 8)); break; /* s */
        case 2:
            if (mlen[i]) msg[i][(sel >> 8) % mlen[i]] ^= 1;
            else items[i].msg_len = mlen[i] = 1;
            break;
        case 3: craft(sk[k], pk[k], msg[i], mlen[i], sig[i], (int)((sel >> 8) & 1), rng); break;
        case 4: items[i].sig_len = 63; break;
        case 5: memset(sig[i] + 32, 0xFF, 32); break; /* s >= n */
        default:
            /* A different, valid key: the key blob no longer matches pub. */
            pub[i][(sel >> 8) % 32] ^= 2;
            if (sl_bip340_key_prepare(badkey, pub[i], 32) != SLUICE_SIG_VALID) {
                keys[i] = NULL;
                status[i] = 0xEE;
            } else {
                pub[i][(sel >> 8) % 32] ^= 2; /* keep it consistent: flip the message instead */
                msg[i][0] ^= 4;
                if (!mlen[i]) items[i].msg_len = mlen[i] = 1;
            }
            break;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (keys[i])
            want[i] = (uint8_t)sl_bip340_verify_key(keys[i], items[i].msg, items[i].msg_len, items[i].sig,
                                                   items[i].sig_len);
        else
            want[i] = 0xEE;
    for (size_t i = 0; i < n; i++)
        if (keys[i]) status[i] = 0xAA;
    sl_bip340_verify_batch(keys, items, n, status);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (status[i] != want[i]) {
            fprintf(stderr, "batch n=%zu item %zu: got %u want %u\n", n, i, status[i], want[i]);
            bad++;
        }
        /* Cross-check the single verdict with the one-shot path. */
        if (keys[i] && i % 16 == 0)
            CHECK(want[i] == sluice_bip340_verify(items[i].pub, 32, items[i].msg, items[i].msg_len,
                                                  items[i].sig, items[i].sig_len));
    }
    CHECK(bad == 0);
    /* The combination itself: it holds exactly when every item is valid
     * (and every key present). */
    size_t nvalid = 0, nkeyed = 0;
    for (size_t i = 0; i < n; i++) {
        nvalid += want[i] == SLUICE_SIG_VALID;
        nkeyed += keys[i] != NULL;
    }
    if (nkeyed == n) CHECK(sl_bip340_batch_combination_var(keys, items, n) == (nvalid == n));
    if (nbad == 0) CHECK(nvalid == n);
    free(kp); free(pk); free(sk); free(msg); free(sig); free(pub); free(mlen);
    free(items); free(keys); free(keyblob); free(status); free(want);
}

static void test_batch(void) {
    tu_rng rng;
    tu_rng_seed(&rng, 0xba7c4);
    static const size_t sizes[] = {1, 2, 3, 64, 257, 1024};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        run_batch(n, 0, &rng);
        run_batch(n, 1, &rng);
        if (n >= 3) run_batch(n, n < 64 ? 2 : 5, &rng);
        if (n == 64) for (int r = 0; r < 6; r++) run_batch(n, (size_t)r + 1, &rng);
    }
}

int main(void) {
    lib = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    test_vectors();
    test_malformed();
    test_crafted();
    test_oracle();
    test_batch();
    secp256k1_context_destroy(lib);
    return tu_finish("test_sig_bip340");
}
