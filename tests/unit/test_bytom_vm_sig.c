/* Bytom VM v1 signatures and standard programs: CHECKSIG / CHECKMULTISIG with
 * real Ed25519 signatures (OpenSSL) and, in the SM2 profile, real SM2
 * signatures (OpenSSL, default user ID, 33-byte compressed keys, r || s); the
 * verify callback; P2WPKH and P2WSH end to end through
 * sluice_vm_witness_program with exact gas; the segwit helpers. */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "sluice/keccak.h"
#include "sluice/ripemd160.h"
#include "sluice/sig.h"
#include "test_bytom_vm_util.h"

typedef struct {
    uint8_t pub[33];
    size_t pub_len;
    EVP_PKEY *key;
} tkey;

static int ed_key(tkey *k, uint8_t seed_byte)
{
    uint8_t seed[32];
    memset(seed, seed_byte, 32);
    k->key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
    k->pub_len = 32;
    size_t len = 32;
    return k->key && EVP_PKEY_get_raw_public_key(k->key, k->pub, &len) > 0 && len == 32 ? 0 : -1;
}

static int ed_sign(const tkey *k, const uint8_t msg[32], uint8_t sig[64])
{
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    size_t slen = 64;
    int ok = m && EVP_DigestSignInit(m, NULL, NULL, NULL, k->key) > 0 &&
             EVP_DigestSign(m, sig, &slen, msg, 32) > 0 && slen == 64;
    EVP_MD_CTX_free(m);
    return ok ? 0 : -1;
}

static int sm2_key(tkey *k)
{
    EVP_PKEY_CTX *kctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    uint8_t full[65];
    size_t len = 0;
    k->key = NULL;
    if (!kctx || EVP_PKEY_keygen_init(kctx) <= 0 || EVP_PKEY_generate(kctx, &k->key) <= 0)
        k->key = NULL;
    EVP_PKEY_CTX_free(kctx);
    if (!k->key || EVP_PKEY_get_octet_string_param(k->key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
                                                   full, sizeof full, &len) <= 0 || len != 65)
        return -1;
    k->pub[0] = (uint8_t)(0x02 | (full[64] & 1));
    memcpy(k->pub + 1, full + 1, 32);
    k->pub_len = 33;
    return 0;
}

static int sm2_sign(const tkey *k, const uint8_t msg[32], uint8_t sig[64])
{
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(k->key, NULL);
    uint8_t der[80];
    size_t dlen = sizeof der;
    int ok = m && pc && EVP_PKEY_CTX_set1_id(pc, "1234567812345678", 16) > 0;
    if (ok) {
        EVP_MD_CTX_set_pkey_ctx(m, pc);
        ok = EVP_DigestSignInit(m, NULL, EVP_sm3(), NULL, k->key) > 0 &&
             EVP_DigestSign(m, der, &dlen, msg, 32) > 0;
    }
    if (ok) {
        const unsigned char *p = der;
        ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)dlen);
        const BIGNUM *r, *s;
        ok = es != NULL;
        if (ok) {
            ECDSA_SIG_get0(es, &r, &s);
            ok = BN_bn2binpad(r, sig, 32) == 32 && BN_bn2binpad(s, sig + 32, 32) == 32;
        }
        ECDSA_SIG_free(es);
    }
    EVP_MD_CTX_free(m);
    EVP_PKEY_CTX_free(pc);
    return ok ? 0 : -1;
}

/* A callback that counts calls and answers with the engine's verdict. */
typedef struct {
    int calls;
    int last_profile;
    size_t last_pub_len;
} cb_state;

static int count_verify(void *user, sluice_vm_sig_profile profile, const uint8_t *pub,
                        size_t pub_len, const uint8_t msg[32], const uint8_t *sig,
                        size_t sig_len)
{
    cb_state *s = user;
    s->calls++;
    s->last_profile = (int)profile;
    s->last_pub_len = pub_len;
    if (profile == SLUICE_VM_SIG_SM2)
        return sluice_sm2_verify(pub, pub_len, NULL, 0, msg, 32, sig, sig_len) == SLUICE_SIG_VALID;
    return sluice_ed25519_verify(pub, pub_len, msg, 32, sig, sig_len) == SLUICE_SIG_VALID;
}

static int deny_verify(void *user, sluice_vm_sig_profile profile, const uint8_t *pub,
                       size_t pub_len, const uint8_t msg[32], const uint8_t *sig, size_t sig_len)
{
    (void)user, (void)profile, (void)pub, (void)pub_len, (void)msg, (void)sig, (void)sig_len;
    return 0;
}

/* Runs code with args; returns the error, gas left through *left. */
static sluice_vm_err run(const sluice_vm_context *base, const uint8_t *code, size_t len,
                         const sluice_bytes *args, size_t nargs, int64_t gas, int64_t *left)
{
    sluice_vm_context c = *base;
    c.code = code;
    c.code_len = len;
    c.args = args;
    c.n_args = nargs;
    return sluice_vm_verify(&c, gas, left);
}

static void test_checksig(sluice_vm_sig_profile prof)
{
    tkey k[3];
    uint8_t msg[32], sig[3][64];
    for (int i = 0; i < 32; i++)
        msg[i] = (uint8_t)(i * 7 + 1);
    for (int i = 0; i < 3; i++) {
        int rc = prof == SLUICE_VM_SIG_SM2 ? sm2_key(&k[i]) : ed_key(&k[i], (uint8_t)(i + 1));
        CHECK(rc == 0);
        rc = prof == SLUICE_VM_SIG_SM2 ? sm2_sign(&k[i], msg, sig[i]) : ed_sign(&k[i], msg, sig[i]);
        CHECK(rc == 0);
    }
    sluice_vm_context base = vmt_ctx(NULL, 0);
    base.profile = prof;
    uint8_t prog[1] = {0xac};
    int64_t left;
    size_t pl = k[0].pub_len;
    /* CHECKSIG: stack sig msg pub */
    sluice_bytes a[3] = {{sig[0], 64}, {msg, 32}, {k[0].pub, (uint32_t)pl}};
    int64_t args_cost = 72 + 40 + 8 + (int64_t)pl;
    CHECK(run(&base, prog, 1, a, 3, 5000, &left) == SLUICE_VM_OK);
    CHECK(left == 5000 - args_cost - 1024 + (args_cost - 9));
    /* wrong key: false */
    a[2].p = k[1].pub;
    CHECK(run(&base, prog, 1, a, 3, 5000, &left) == SLUICE_VM_ERR_FALSE_VM_RESULT);
    CHECK(left == 5000 - 1024 - 8);
    /* a key of the other profile's size: false without verifying */
    cb_state st = {0, -1, 0};
    base.verify = count_verify;
    base.user = &st;
    uint8_t other[33];
    memcpy(other, k[0].pub, 33);
    a[2].p = other;
    a[2].len = prof == SLUICE_VM_SIG_SM2 ? 32 : 33;
    CHECK(run(&base, prog, 1, a, 3, 5000, &left) == SLUICE_VM_ERR_FALSE_VM_RESULT);
    CHECK(st.calls == 0);
    /* through the callback: called once with the profile and the key */
    a[2].p = k[0].pub;
    a[2].len = (uint32_t)pl;
    CHECK(run(&base, prog, 1, a, 3, 5000, &left) == SLUICE_VM_OK);
    CHECK(st.calls == 1 && st.last_profile == (int)prof && st.last_pub_len == pl);
    /* a signature of 63 bytes: false, no callback */
    a[0].len = 63;
    CHECK(run(&base, prog, 1, a, 3, 5000, &left) == SLUICE_VM_ERR_FALSE_VM_RESULT);
    CHECK(st.calls == 1);
    a[0].len = 64;
    /* a callback answering 0 makes a valid signature fail */
    base.verify = deny_verify;
    CHECK(run(&base, prog, 1, a, 3, 5000, &left) == SLUICE_VM_ERR_FALSE_VM_RESULT);
    base.verify = NULL;
    /* msg of 31 bytes: ErrBadValue */
    a[1].len = 31;
    CHECK(run(&base, prog, 1, a, 3, 5000, &left) == SLUICE_VM_ERR_BAD_VALUE && left == 5000 - 72 - 39 - 8 - (int64_t)pl - 1024);
    a[1].len = 32;

    /* CHECKMULTISIG 2-of-3: sigs ... msg keys... nsig npub. Keys are popped
     * top first, so the order that verifies puts the signature for the key
     * nearest the top last. */
    uint8_t prog2[64];
    long n = vmt_asm("CHECKMULTISIG", prog2, sizeof prog2);
    CHECK(n == 1);
    uint8_t two = 2, three = 3;
    sluice_bytes m[7] = {{sig[0], 64}, {sig[2], 64}, {msg, 32}, {k[0].pub, (uint32_t)pl},
                         {k[1].pub, (uint32_t)pl}, {k[2].pub, (uint32_t)pl}, {&two, 1}};
    sluice_bytes margs[8];
    memcpy(margs, m, sizeof m);
    margs[6].p = &two;
    margs[7].p = &three;
    margs[7].len = 1;
    int64_t cost = 0;
    for (int i = 0; i < 8; i++)
        cost += 8 + margs[i].len;
    CHECK(run(&base, prog2, 1, margs, 8, 10000, &left) == SLUICE_VM_OK);
    CHECK(left == 10000 - cost - 3 * 1024 + (cost - 9));
    /* the other order fails (each key is consumed once) */
    margs[0].p = sig[2];
    margs[1].p = sig[0];
    CHECK(run(&base, prog2, 1, margs, 8, 10000, &left) == SLUICE_VM_ERR_FALSE_VM_RESULT);
    /* a signature for key 1 with key 0's: fails */
    margs[0].p = sig[1];
    margs[1].p = sig[0];
    CHECK(run(&base, prog2, 1, margs, 8, 10000, &left) == SLUICE_VM_ERR_FALSE_VM_RESULT);
    margs[0].p = sig[0];
    margs[1].p = sig[1];
    CHECK(run(&base, prog2, 1, margs, 8, 10000, &left) == SLUICE_VM_OK);
    /* one key of the wrong size anywhere: false without verifying */
    st.calls = 0;
    base.verify = count_verify;
    margs[4].len = (uint32_t)pl - 1;
    CHECK(run(&base, prog2, 1, margs, 8, 10000, &left) == SLUICE_VM_ERR_FALSE_VM_RESULT);
    CHECK(st.calls == 0);
    margs[4].len = (uint32_t)pl;
    CHECK(run(&base, prog2, 1, margs, 8, 10000, &left) == SLUICE_VM_OK);
    CHECK(st.calls >= 2 && st.calls <= 3);
    base.verify = NULL;
    /* run limit below 3 * 1024 */
    CHECK(run(&base, prog2, 1, margs, 8, cost + 3000, &left) == SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED &&
          left == 0);
    for (int i = 0; i < 3; i++)
        EVP_PKEY_free(k[i].key);
}

/* P2WPKH: 00 14 RIPEMD160(pub) converts to DUP HASH160 <h> EQUALVERIFY
 * TXSIGHASH SWAP CHECKSIG; arguments [sig, pub]; 1409 gas as computed from the
 * reference's costs (args 112, DUP 41, HASH160 84, DATA_20 29,
 * EQUALVERIFY -35, TXSIGHASH 296, SWAP 1, CHECKSIG 881). */
static void test_p2wpkh(void)
{
    tkey k;
    uint8_t sighash[32], sig[64], h[20];
    CHECK(ed_key(&k, 9) == 0);
    sluice_sha3_256(sighash, "sighash", 7);
    CHECK(ed_sign(&k, sighash, sig) == 0);
    sluice_ripemd160(h, k.pub, 32);
    uint8_t cp[22] = {0x00, 0x14};
    memcpy(cp + 2, h, 20);
    CHECK(sluice_vm_is_p2wpkh(cp, 22));
    CHECK(!sluice_vm_is_p2wsh(cp, 22));
    uint8_t script[64];
    size_t sl = sluice_vm_witness_program(cp, 22, script, sizeof script);
    CHECK(sl == SLUICE_VM_P2PKH_PROGRAM_LEN);
    uint8_t want[27] = {0x76, 0xab, 0x14};
    memcpy(want + 3, h, 20);
    want[23] = 0x88;
    want[24] = 0xae;
    want[25] = 0x7c;
    want[26] = 0xac;
    CHECK_MEM(script, want, 27);
    CHECK(sluice_vm_witness_program(cp, 22, script, 26) == 0);
    sluice_vm_context c = vmt_ctx(NULL, 0);
    c.tx_sighash = sighash;
    sluice_bytes args[2] = {{sig, 64}, {k.pub, 32}};
    int64_t left;
    CHECK(run(&c, script, sl, args, 2, 100000, &left) == SLUICE_VM_OK);
    CHECK(left == 100000 - 1409);
    /* another key with the right hash is impossible; a wrong key fails EQUALVERIFY */
    tkey k2;
    CHECK(ed_key(&k2, 10) == 0);
    args[1].p = k2.pub;
    CHECK(run(&c, script, sl, args, 2, 100000, &left) == SLUICE_VM_ERR_VERIFY_FAILED);
    args[1].p = k.pub;
    /* no sighash in the context */
    c.tx_sighash = NULL;
    CHECK(run(&c, script, sl, args, 2, 100000, &left) == SLUICE_VM_ERR_CONTEXT);
    /* the exact gas limit passes, one less fails with the run limit */
    c.tx_sighash = sighash;
    CHECK(run(&c, script, sl, args, 2, 1409 + 143, &left) == SLUICE_VM_OK && left == 143);
    CHECK(run(&c, script, sl, args, 2, 1409 + 142, &left) == SLUICE_VM_ERR_RUN_LIMIT_EXCEEDED &&
          left == 0);
    EVP_PKEY_free(k.key);
    EVP_PKEY_free(k2.key);
}

/* P2WSH with a 2-of-3 witness script (vmutil P2SPMultiSigProgram: TXSIGHASH
 * <k1> <k2> <k3> 2 3 CHECKMULTISIG, 103 bytes): 00 20 SHA3(script) converts
 * to DUP SHA3 <h> EQUALVERIFY <-1> SWAP 0 CHECKPREDICATE; arguments
 * [sig1, sig3, script]; 3547 gas as computed from the reference's costs
 * (parent 420, CHECKPREDICATE net 64 + child 3198 - pops 135 - child stack 9
 * + push 9). */
static void test_p2wsh(void)
{
    tkey k[3];
    uint8_t sighash[32], sig[3][64], h[32];
    sluice_sha3_256(sighash, "p2wsh", 5);
    uint8_t ws[103];
    size_t wl = 0;
    ws[wl++] = 0xae;
    for (int i = 0; i < 3; i++) {
        CHECK(ed_key(&k[i], (uint8_t)(20 + i)) == 0);
        CHECK(ed_sign(&k[i], sighash, sig[i]) == 0);
        ws[wl++] = 0x20;
        memcpy(ws + wl, k[i].pub, 32);
        wl += 32;
    }
    ws[wl++] = 0x52;
    ws[wl++] = 0x53;
    ws[wl++] = 0xad;
    CHECK(wl == 103);
    sluice_sha3_256(h, ws, wl);
    uint8_t cp[34] = {0x00, 0x20};
    memcpy(cp + 2, h, 32);
    CHECK(sluice_vm_is_p2wsh(cp, 34) && !sluice_vm_is_p2wpkh(cp, 34));
    uint8_t script[64];
    size_t sl = sluice_vm_witness_program(cp, 34, script, sizeof script);
    CHECK(sl == SLUICE_VM_P2SH_PROGRAM_LEN);
    uint8_t want[48] = {0x76, 0xaa, 0x20};
    memcpy(want + 3, h, 32);
    memcpy(want + 35, "\x88\x08\xff\xff\xff\xff\xff\xff\xff\xff\x7c\x00\xc0", 13);
    CHECK_MEM(script, want, 48);
    sluice_vm_context c = vmt_ctx(NULL, 0);
    c.tx_sighash = sighash;
    sluice_bytes args[3] = {{sig[0], 64}, {sig[2], 64}, {ws, 103}};
    int64_t left;
    sluice_vm_err e = run(&c, script, sl, args, 3, 100000, &left);
    CHECK(e == SLUICE_VM_OK);
    CHECK(left == 100000 - 3547);
    if (left != 100000 - 3547)
        fprintf(stderr, "  p2wsh: %s gas used %lld\n", sluice_vm_strerror(e),
                (long long)(100000 - left));
    /* swapped signatures: the child's CHECKMULTISIG is false, so is the result */
    args[0].p = sig[2];
    args[1].p = sig[0];
    CHECK(run(&c, script, sl, args, 3, 100000, &left) == SLUICE_VM_ERR_FALSE_VM_RESULT);
    /* a different script: EQUALVERIFY fails */
    args[0].p = sig[0];
    args[1].p = sig[2];
    ws[102] = 0xac;
    CHECK(run(&c, script, sl, args, 3, 100000, &left) == SLUICE_VM_ERR_VERIFY_FAILED);
    for (int i = 0; i < 3; i++)
        EVP_PKEY_free(k[i].key);
}

/* segwit.IsP2WPKHScript / IsP2WSHScript and the conversion's version rule. */
static void test_segwit_shapes(void)
{
    uint8_t p[40];
    memset(p, 0xab, sizeof p);
    p[0] = 0x00;
    p[1] = 0x14;
    CHECK(sluice_vm_is_p2wpkh(p, 22));
    CHECK(!sluice_vm_is_p2wpkh(p, 21));
    CHECK(!sluice_vm_is_p2wpkh(p, 23)); /* a third instruction (0xab) */
    p[0] = 0x51;                         /* version 1: still P2WPKH, not converted */
    CHECK(sluice_vm_is_p2wpkh(p, 22));
    uint8_t out[64];
    CHECK(sluice_vm_witness_program(p, 22, out, sizeof out) == 0);
    p[0] = 0x60;
    CHECK(sluice_vm_is_p2wpkh(p, 22));
    p[0] = 0x61; /* NOP > OP_16 */
    CHECK(!sluice_vm_is_p2wpkh(p, 22));
    /* a data push as the first instruction is <= OP_16 too */
    uint8_t q[24] = {0x01, 0x05, 0x14};
    CHECK(sluice_vm_is_p2wpkh(q, 23));
    CHECK(sluice_vm_witness_program(q, 23, out, sizeof out) == 0);
    /* 20 bytes pushed with PUSHDATA1 are not OP_DATA_20 */
    uint8_t r[24] = {0x00, 0x4c, 0x14};
    CHECK(!sluice_vm_is_p2wpkh(r, 23));
    p[0] = 0x00;
    p[1] = 0x20;
    CHECK(sluice_vm_is_p2wsh(p, 34) && !sluice_vm_is_p2wpkh(p, 34));
    CHECK(!sluice_vm_is_p2wsh(p, 33));
    CHECK(!sluice_vm_is_p2wsh(NULL, 0) && !sluice_vm_is_p2wpkh(NULL, 0));
    CHECK(sluice_vm_witness_program(p, 34, out, sizeof out) == SLUICE_VM_P2SH_PROGRAM_LEN);
    CHECK(sluice_vm_witness_program(p, 20, out, sizeof out) == 0);
}

int main(void)
{
    test_checksig(SLUICE_VM_SIG_ED25519);
    test_checksig(SLUICE_VM_SIG_SM2);
    test_p2wpkh();
    test_p2wsh();
    test_segwit_shapes();
    return tu_finish("test_bytom_vm_sig");
}
