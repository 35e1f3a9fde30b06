/* Test-only Bytom v1 transaction and block builder (see bytom_txbuild.h).
 * Wire format: ../specs/bytom-chain.md section 1 and BytomDAO/bytom v1.1.1
 * protocol/bc/types/{txinput.go,spend.go,issuance.go,coinbase.go,txoutput.go,
 * block.go,blockheader.go}. */
#include "chain_build.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sluice/bytom_tx.h"
#include "sluice/hex.h"
#include "sluice/keccak.h"
#include "sluice/sig.h"

/* ---- keys ----------------------------------------------------------------- */
int tb_key_new(tb_key *k, sluice_bytom_profile profile, uint64_t seed) {
    memset(k, 0, sizeof *k);
    k->profile = profile;
    EVP_PKEY *pk = NULL;
    if (profile == SLUICE_BYTOM_PROFILE_MAINNET) {
        uint8_t s[32];
        for (int i = 0; i < 32; i++) s[i] = (uint8_t)((seed * 0x9e3779b97f4a7c15ULL) >> (i % 8 * 8)) ^ (uint8_t)i;
        pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, s, 32);
        size_t len = 32;
        if (!pk || EVP_PKEY_get_raw_public_key(pk, k->pub, &len) <= 0 || len != 32) goto fail;
        k->pub_len = 32;
    } else {
        EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
        if (!kc || EVP_PKEY_keygen_init(kc) <= 0 || EVP_PKEY_generate(kc, &pk) <= 0) {
            EVP_PKEY_CTX_free(kc);
            goto fail;
        }
        EVP_PKEY_CTX_free(kc);
        uint8_t u[65];
        size_t len = 0;
        if (EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, u, sizeof u,
                                            &len) <= 0 || len != 65 || u[0] != 4)
            goto fail;
        k->pub[0] = (uint8_t)(2 | (u[64] & 1));
        memcpy(k->pub + 1, u + 1, 32);
        k->pub_len = 33;
    }
    k->pkey = pk;
    return 0;
fail:
    fprintf(stderr, "tb_key_new: OpenSSL failed\n");
    EVP_PKEY_free(pk);
    return -1;
}

void tb_key_free(tb_key *k) {
    EVP_PKEY_free((EVP_PKEY *)k->pkey);
    k->pkey = NULL;
}

int tb_sign(const tb_key *k, const uint8_t msg[32], uint8_t sig[64]) {
    if (k->deterministic && k->profile == SLUICE_BYTOM_PROFILE_NATIONAL)
        return tb_sm2_sign_det(k, msg, sig);
    EVP_PKEY *pk = (EVP_PKEY *)k->pkey;
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    int ok = 0;
    if (k->profile == SLUICE_BYTOM_PROFILE_MAINNET) {
        size_t len = 64;
        ok = m && EVP_DigestSignInit(m, NULL, NULL, NULL, pk) > 0 &&
             EVP_DigestSign(m, sig, &len, msg, 32) > 0 && len == 64;
    } else {
        EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(pk, NULL);
        uint8_t der[80];
        size_t dlen = sizeof der;
        ok = m && pc && EVP_PKEY_CTX_set1_id(pc, "1234567812345678", 16) > 0;
        if (ok) {
            EVP_MD_CTX_set_pkey_ctx(m, pc);
            ok = EVP_DigestSignInit(m, NULL, EVP_sm3(), NULL, pk) > 0 &&
                 EVP_DigestSign(m, der, &dlen, msg, 32) > 0 &&
                 sluice_sm2_sig_from_der(der, dlen, sig) == SLUICE_SIG_VALID;
        }
        EVP_MD_CTX_free(m);
        m = NULL;
        EVP_PKEY_CTX_free(pc);
    }
    EVP_MD_CTX_free(m);
    if (!ok) fprintf(stderr, "tb_sign: OpenSSL failed\n");
    return ok ? 0 : -1;
}

/* ---- programs --------------------------------------------------------------- */
size_t tb_p2wpkh_program(const tb_key *k, uint8_t out[22]) {
    unsigned int len = 0;
    uint8_t h[EVP_MAX_MD_SIZE];
    EVP_MD *md = EVP_MD_fetch(NULL, "RIPEMD160", NULL);
    if (!md || !EVP_Digest(k->pub, k->pub_len, h, &len, md, NULL) || len != 20) {
        fprintf(stderr, "tb_p2wpkh_program: no RIPEMD-160\n");
        memset(h, 0, 20);
    }
    EVP_MD_free(md);
    out[0] = 0x00;
    out[1] = 0x14;
    memcpy(out + 2, h, 20);
    return 22;
}

size_t tb_multisig_script(const tb_key *const *keys, size_t n, int m, uint8_t *out, size_t cap) {
    size_t k = 0;
    if (cap < 4 + n * 34) return 0;
    out[k++] = 0xae;   /* TXSIGHASH */
    for (size_t i = 0; i < n; i++) {
        out[k++] = (uint8_t)keys[i]->pub_len;
        memcpy(out + k, keys[i]->pub, keys[i]->pub_len);
        k += keys[i]->pub_len;
    }
    out[k++] = (uint8_t)(0x50 + m);   /* OP_m */
    out[k++] = (uint8_t)(0x50 + n);   /* OP_n */
    out[k++] = 0xad;   /* CHECKMULTISIG */
    return k;
}

size_t tb_p2wsh_program(const uint8_t *script, size_t len, uint8_t out[34]) {
    out[0] = 0x00;
    out[1] = 0x20;
    sluice_sha3_256(out + 2, script, len);
    return 34;
}

/* ---- transaction fields ----------------------------------------------------- */
void tb_tx_init(tb_tx *t) {
    memset(t, 0, sizeof *t);
    t->version = 1;
}

static tb_input *new_input(tb_tx *t, uint8_t type) {
    if (t->n_in >= TB_MAX_IN) return NULL;
    tb_input *in = &t->in[t->n_in++];
    memset(in, 0, sizeof *in);
    in->type = type;
    in->asset_version = 1;
    in->vm_version = 1;
    return in;
}

static tb_input *spend_common(tb_tx *t, const uint8_t source_id[32], const uint8_t asset[32],
                              uint64_t amount, uint64_t pos) {
    tb_input *in = new_input(t, SLUICE_BYTOM_INPUT_SPEND);
    if (!in) return NULL;
    memcpy(in->source_id, source_id, 32);
    memcpy(in->asset_id, asset, 32);
    in->amount = amount;
    in->source_position = pos;
    return in;
}

tb_input *tb_add_spend_p2wpkh(tb_tx *t, const tb_key *k, const uint8_t source_id[32],
                              const uint8_t asset[32], uint64_t amount, uint64_t pos) {
    tb_input *in = spend_common(t, source_id, asset, amount, pos);
    if (!in) return NULL;
    in->program_len = tb_p2wpkh_program(k, in->program);
    in->sign = TB_SIGN_P2WPKH;
    in->keys[0] = k;
    in->n_keys = 1;
    return in;
}

tb_input *tb_add_spend_multisig(tb_tx *t, const tb_key *const *keys, size_t n, int m,
                                unsigned signers, const uint8_t source_id[32],
                                const uint8_t asset[32], uint64_t amount, uint64_t pos) {
    tb_input *in = spend_common(t, source_id, asset, amount, pos);
    if (!in) return NULL;
    in->script_len = tb_multisig_script(keys, n, m, in->script, sizeof in->script);
    in->program_len = tb_p2wsh_program(in->script, in->script_len, in->program);
    in->sign = TB_SIGN_MULTISIG;
    for (size_t i = 0; i < n && in->n_keys < 3; i++)
        if (signers & (1u << i)) in->keys[in->n_keys++] = keys[i];
    return in;
}

tb_input *tb_add_spend_program(tb_tx *t, const uint8_t *prog, size_t len,
                               const uint8_t source_id[32], const uint8_t asset[32],
                               uint64_t amount, uint64_t pos) {
    tb_input *in = spend_common(t, source_id, asset, amount, pos);
    if (!in || len > TB_MAX_PROG) return NULL;
    memcpy(in->program, prog, len);
    in->program_len = len;
    return in;
}

tb_input *tb_add_issuance(tb_tx *t, const uint8_t *prog, size_t len, const uint8_t *def,
                          size_t def_len, const uint8_t nonce[8], uint64_t amount) {
    tb_input *in = new_input(t, SLUICE_BYTOM_INPUT_ISSUANCE);
    if (!in || len > TB_MAX_PROG || def_len > sizeof in->definition) return NULL;
    memcpy(in->program, prog, len);
    in->program_len = len;
    memcpy(in->definition, def, def_len);
    in->definition_len = def_len;
    memcpy(in->nonce, nonce, 8);
    in->nonce_len = 8;
    in->amount = amount;
    sluice_bytom_asset_id(in->vm_version, prog, len, def, def_len, in->asset_id);
    return in;
}

tb_input *tb_add_coinbase(tb_tx *t, const uint8_t *arbitrary, size_t len) {
    tb_input *in = new_input(t, SLUICE_BYTOM_INPUT_COINBASE);
    if (!in || len > sizeof in->arbitrary) return NULL;
    memcpy(in->arbitrary, arbitrary, len);
    in->arbitrary_len = len;
    return in;
}

tb_output *tb_add_output(tb_tx *t, const uint8_t asset[32], uint64_t amount, const uint8_t *prog,
                         size_t len) {
    if (t->n_out >= TB_MAX_OUT || len > TB_MAX_PROG) return NULL;
    tb_output *o = &t->out[t->n_out++];
    memset(o, 0, sizeof *o);
    o->asset_version = 1;
    o->vm_version = 1;
    memcpy(o->asset_id, asset, 32);
    o->amount = amount;
    memcpy(o->program, prog, len);
    o->program_len = len;
    return o;
}

tb_output *tb_add_output_p2wpkh(tb_tx *t, const tb_key *k, const uint8_t asset[32],
                                uint64_t amount) {
    uint8_t p[22];
    tb_p2wpkh_program(k, p);
    return tb_add_output(t, asset, amount, p, 22);
}

tb_output *tb_add_retirement(tb_tx *t, const uint8_t asset[32], uint64_t amount) {
    const uint8_t fail = 0x6a;
    return tb_add_output(t, asset, amount, &fail, 1);
}

/* ---- encoding ----------------------------------------------------------------- */
typedef struct {
    uint8_t *p;
    size_t n, cap;
} wbuf;

static void put(wbuf *w, const void *p, size_t n) {
    if (n == 0) return;
    if (w->p && w->n + n <= w->cap) memcpy(w->p + w->n, p, n);
    w->n += n;
}
static void put_byte(wbuf *w, uint8_t b) { put(w, &b, 1); }
static void put_varint(wbuf *w, uint64_t v) {
    do {
        uint8_t b = (uint8_t)(v & 0x7f);
        v >>= 7;
        if (v) b |= 0x80;
        put_byte(w, b);
    } while (v);
}
static void put_varstr(wbuf *w, const uint8_t *p, size_t n) {
    put_varint(w, n);
    put(w, p, n);
}

/* Encodes a nested string: body written by fn into a scratch buffer first. */
#define TB_SCRATCH 4096

static void enc_input(wbuf *w, const tb_input *in) {
    uint8_t c[TB_SCRATCH], s[TB_SCRATCH], wit[TB_SCRATCH];
    wbuf cw = {c, 0, sizeof c}, sw = {s, 0, sizeof s}, ww = {wit, 0, sizeof wit};
    put_varint(w, in->asset_version);
    switch (in->type) {
    case SLUICE_BYTOM_INPUT_SPEND:
        put(&sw, in->source_id, 32);
        put(&sw, in->asset_id, 32);
        put_varint(&sw, in->amount);
        put_varint(&sw, in->source_position);
        put_varint(&sw, in->vm_version);
        put_varstr(&sw, in->program, in->program_len);
        put_byte(&cw, 1);
        put_varstr(&cw, s, sw.n);
        put_varint(&ww, in->n_args);
        for (size_t i = 0; i < in->n_args; i++) put_varstr(&ww, in->args[i], in->arg_len[i]);
        break;
    case SLUICE_BYTOM_INPUT_ISSUANCE:
        put_byte(&cw, 0);
        put_varstr(&cw, in->nonce, in->nonce_len);
        put(&cw, in->asset_id, 32);
        put_varint(&cw, in->amount);
        put_varstr(&ww, in->definition, in->definition_len);
        put_varint(&ww, in->vm_version);
        put_varstr(&ww, in->program, in->program_len);
        put_varint(&ww, in->n_args);
        for (size_t i = 0; i < in->n_args; i++) put_varstr(&ww, in->args[i], in->arg_len[i]);
        break;
    default:   /* coinbase */
        put_byte(&cw, 2);
        put_varstr(&cw, in->arbitrary, in->arbitrary_len);
        break;
    }
    put_varstr(w, c, cw.n);
    put_varstr(w, wit, ww.n);
}

static void enc_output(wbuf *w, const tb_output *o) {
    uint8_t c[TB_SCRATCH];
    wbuf cw = {c, 0, sizeof c};
    put_varint(w, o->asset_version);
    put(&cw, o->asset_id, 32);
    put_varint(&cw, o->amount);
    put_varint(&cw, o->vm_version);
    put_varstr(&cw, o->program, o->program_len);
    put_varstr(w, c, cw.n);
    put_varstr(w, NULL, 0);   /* output witness: empty */
}

size_t tb_tx_encode(const tb_tx *t, uint8_t *buf, size_t cap) {
    wbuf w = {buf, 0, buf ? cap : 0};
    put_byte(&w, 0x07);
    put_varint(&w, t->version);
    put_varint(&w, t->time_range);
    put_varint(&w, t->n_in);
    for (size_t i = 0; i < t->n_in; i++) enc_input(&w, &t->in[i]);
    put_varint(&w, t->n_out);
    for (size_t i = 0; i < t->n_out; i++) enc_output(&w, &t->out[i]);
    return w.n;
}

static int encode_alloc(const tb_tx *t, uint8_t **raw, size_t *len) {
    size_t n = tb_tx_encode(t, NULL, 0);
    *raw = (uint8_t *)malloc(n);
    if (!*raw) return -1;
    *len = tb_tx_encode(t, *raw, n);
    return 0;
}

int tb_tx_build(tb_tx *t, uint8_t **raw, size_t *len) {
    /* placeholder witnesses of the final shape (IDs do not depend on them) */
    for (size_t i = 0; i < t->n_in; i++) {
        tb_input *in = &t->in[i];
        if (in->sign == TB_SIGN_P2WPKH) {
            in->n_args = 2;
            in->arg_len[0] = 64;
            memset(in->args[0], 0, 64);
            in->arg_len[1] = in->keys[0]->pub_len;
            memcpy(in->args[1], in->keys[0]->pub, in->keys[0]->pub_len);
        } else if (in->sign == TB_SIGN_MULTISIG) {
            in->n_args = in->n_keys + 1;
            for (size_t k = 0; k < in->n_keys; k++) {
                in->arg_len[k] = 64;
                memset(in->args[k], 0, 64);
            }
            in->arg_len[in->n_keys] = in->script_len;
            memcpy(in->args[in->n_keys], in->script, in->script_len);
        } else if (in->sign == TB_SIGN_ISSUANCE) {
            in->n_args = in->n_keys;
            for (size_t k = 0; k < in->n_keys; k++) {
                in->arg_len[k] = 64;
                memset(in->args[k], 0, 64);
            }
        }
    }
    uint8_t *first = NULL;
    size_t first_len = 0;
    if (encode_alloc(t, &first, &first_len)) return -1;
    sluice_bytom_tx *ptx = NULL;
    char why[160] = "";
    if (sluice_bytom_tx_parse(first, first_len, &ptx, why, sizeof why) != SLUICE_OK) {
        fprintf(stderr, "tb_tx_build: parse failed: %s\n", why);
        free(first);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < t->n_in && !rc; i++) {
        tb_input *in = &t->in[i];
        const uint8_t *msg = ptx->inputs[i].sighash;
        if (in->sign == TB_SIGN_P2WPKH) {
            rc = tb_sign(in->keys[0], msg, in->args[0]);
        } else if (in->sign == TB_SIGN_MULTISIG || in->sign == TB_SIGN_ISSUANCE) {
            for (size_t k = 0; k < in->n_keys && !rc; k++) rc = tb_sign(in->keys[k], msg, in->args[k]);
        }
        if (in->corrupt_sig && in->sign != TB_SIGN_NONE) in->args[0][5] ^= 0x10;
    }
    sluice_bytom_tx_free(ptx);
    free(first);
    if (rc) return -1;
    return encode_alloc(t, raw, len);
}

/* ---- blocks ------------------------------------------------------------------- */
int tb_block_build(const sluice_bytom_header *h, int keep_roots, uint8_t *const *txs,
                   const size_t *lens, size_t n, const uint8_t *status_fail, uint8_t **raw,
                   size_t *len) {
    sluice_bytom_tx *parsed = (sluice_bytom_tx *)calloc(n ? n : 1, sizeof *parsed);
    uint8_t *st = (uint8_t *)calloc(n ? n : 1, 1);
    if (!parsed || !st) {
        free(parsed);
        free(st);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        sluice_bytom_tx *p = NULL;
        char why[160] = "";
        if (sluice_bytom_tx_parse(txs[i], lens[i], &p, why, sizeof why) != SLUICE_OK) {
            fprintf(stderr, "tb_block_build: tx %zu: %s\n", i, why);
            rc = -1;
            break;
        }
        parsed[i] = *p;   /* only the ID is read by the Merkle root */
        sluice_bytom_tx_free(p);
        if (status_fail) st[i] = status_fail[i];
    }
    uint8_t tx_root[32], status_root[32];
    if (!rc) {
        sluice_bytom_tx_merkle_root(parsed, n, tx_root);
        sluice_bytom_status_merkle_root(st, n, status_root);
    }
    free(parsed);
    free(st);
    if (rc) return -1;
    if (keep_roots) {
        memcpy(tx_root, h->tx_merkle_root, 32);
        memcpy(status_root, h->tx_status_hash, 32);
    }
    for (int pass = 0; pass < 2; pass++) {
        wbuf w = {pass ? *raw : NULL, 0, pass ? *len : 0};
        put_byte(&w, 0x03);
        put_varint(&w, h->version);
        put_varint(&w, h->height);
        put(&w, h->prev_hash, 32);
        put_varint(&w, h->timestamp);
        put_varint(&w, 64);
        put(&w, tx_root, 32);
        put(&w, status_root, 32);
        put_varint(&w, h->nonce);
        put_varint(&w, h->bits);
        put_varint(&w, n);
        for (size_t i = 0; i < n; i++) put(&w, txs[i], lens[i]);
        if (!pass) {
            *len = w.n;
            *raw = (uint8_t *)malloc(w.n);
            if (!*raw) return -1;
        }
    }
    return 0;
}

long tb_unhex(const char *hex, uint8_t *out, size_t cap) {
    size_t n = 0;
    if (sluice_hex_decode(out, cap, &n, hex) != SLUICE_OK) return -1;
    return (long)n;
}
