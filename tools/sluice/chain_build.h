/* Builder of Bytom v1 transactions and blocks from fields
 * (../specs/bytom-chain.md section 1): spends (P2WPKH, P2WSH multisig, any
 * program), issuances, coinbases, outputs and retirements; signatures made
 * with OpenSSL (Ed25519 for the mainnet profile, SM2 for the national one)
 * over the sighash the parser computes; blocks with both Merkle roots. */
#ifndef SLUICE_CHAIN_BUILD_H
#define SLUICE_CHAIN_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/bytom_header.h"
#include "sluice/bytom_validate.h"

#define TB_MAX_IN 8
#define TB_MAX_OUT 8
#define TB_MAX_ARGS 6
#define TB_MAX_PROG 256

/* A signing key of a profile (Ed25519 32-byte public key, SM2 33-byte
 * compressed). Ed25519 keys are derived from seed; SM2 keys are random. */
typedef struct {
    sluice_bytom_profile profile;
    void *pkey;         /* EVP_PKEY */
    uint8_t pub[33];
    size_t pub_len;
    int deterministic;  /* SM2 from tb_key_new_det: signed by tb_sm2_sign_det */
    uint8_t priv[32];   /* the SM2 private scalar when deterministic */
} tb_key;

int tb_key_new(tb_key *k, sluice_bytom_profile profile, uint64_t seed);
/* Like tb_key_new but reproducible for both profiles: the SM2 private key is
 * derived from seed and its signatures use a deterministic nonce (RFC
 * 6979-like, from SHA3 of the key and message), so equal inputs give equal
 * signature bytes (chain_build_sm2det.c). Ed25519 is tb_key_new. */
int tb_key_new_det(tb_key *k, sluice_bytom_profile profile, uint64_t seed);
/* Deterministic SM2 signature r || s of the 32-byte message with the default
 * user ID (GB/T 32918.2 with k derived from SHA3(priv || msg || counter)).
 * Returns 0 or -1. */
int tb_sm2_sign_det(const tb_key *k, const uint8_t msg[32], uint8_t sig[64]);
void tb_key_free(tb_key *k);
/* 64-byte signature of the 32-byte message (SM2: r || s, default user ID). */
int tb_sign(const tb_key *k, const uint8_t msg[32], uint8_t sig[64]);

/* P2WPKH `00 14 RIPEMD160(pub)`; returns 22. */
size_t tb_p2wpkh_program(const tb_key *k, uint8_t out[22]);
/* The m-of-n witness script (vmutil.P2SPMultiSigProgram: TXSIGHASH <pub>... m n
 * CHECKMULTISIG); returns its length. */
size_t tb_multisig_script(const tb_key *const *keys, size_t n, int m, uint8_t *out, size_t cap);
/* P2WSH `00 20 SHA3(script)`; returns 34. */
size_t tb_p2wsh_program(const uint8_t *script, size_t len, uint8_t out[34]);

/* P2WPKH: args [sig, pub]; MULTISIG (P2WSH): args [sigs..., script];
 * ISSUANCE: an issuance program that is itself a multisig script, args [sigs...]. */
enum { TB_SIGN_NONE = 0, TB_SIGN_P2WPKH, TB_SIGN_MULTISIG, TB_SIGN_ISSUANCE };

typedef struct {
    uint8_t type;                 /* SLUICE_BYTOM_INPUT_SPEND / ISSUANCE / COINBASE */
    uint64_t asset_version;       /* 1 */
    /* spend */
    uint8_t source_id[32];
    uint8_t asset_id[32];         /* spend and issuance */
    uint64_t amount;              /* spend and issuance */
    uint64_t source_position;
    uint64_t vm_version;          /* spend: control program's; issuance: issuance program's */
    uint8_t program[TB_MAX_PROG]; /* spend: control program; issuance: issuance program */
    size_t program_len;
    /* issuance */
    uint8_t nonce[32];
    size_t nonce_len;
    uint8_t definition[64];
    size_t definition_len;
    /* coinbase */
    uint8_t arbitrary[200];
    size_t arbitrary_len;
    /* witness arguments (filled by tb_tx_build when sign != NONE) */
    size_t n_args;
    uint8_t args[TB_MAX_ARGS][TB_MAX_PROG];
    size_t arg_len[TB_MAX_ARGS];
    /* signing */
    int sign;                     /* TB_SIGN_* */
    const tb_key *keys[3];        /* P2WPKH: keys[0]; multisig: the signers, in key order */
    size_t n_keys;
    uint8_t script[TB_MAX_PROG];  /* multisig witness script */
    size_t script_len;
    int corrupt_sig;              /* flip a bit of the (first) signature after signing */
} tb_input;

typedef struct {
    uint64_t asset_version;       /* 1 */
    uint8_t asset_id[32];
    uint64_t amount;
    uint64_t vm_version;
    uint8_t program[TB_MAX_PROG];
    size_t program_len;
} tb_output;

typedef struct {
    uint64_t version;
    uint64_t time_range;
    size_t n_in, n_out;
    tb_input in[TB_MAX_IN];
    tb_output out[TB_MAX_OUT];
} tb_tx;

/* Fills with defaults (version 1, asset versions 1, VM version 1). */
void tb_tx_init(tb_tx *t);
/* Input/output helpers; return the added element. */
tb_input *tb_add_spend_p2wpkh(tb_tx *t, const tb_key *k, const uint8_t source_id[32],
                              const uint8_t asset[32], uint64_t amount, uint64_t pos);
/* m-of-n over keys[0..n); signers = bit mask of the keys that sign. */
tb_input *tb_add_spend_multisig(tb_tx *t, const tb_key *const *keys, size_t n, int m,
                                unsigned signers, const uint8_t source_id[32],
                                const uint8_t asset[32], uint64_t amount, uint64_t pos);
tb_input *tb_add_spend_program(tb_tx *t, const uint8_t *prog, size_t len,
                               const uint8_t source_id[32], const uint8_t asset[32],
                               uint64_t amount, uint64_t pos);
/* Issuance of `amount` units of the asset defined by (program, definition);
 * its asset ID is computed. */
tb_input *tb_add_issuance(tb_tx *t, const uint8_t *prog, size_t len, const uint8_t *def,
                          size_t def_len, const uint8_t nonce[8], uint64_t amount);
tb_input *tb_add_coinbase(tb_tx *t, const uint8_t *arbitrary, size_t len);
tb_output *tb_add_output(tb_tx *t, const uint8_t asset[32], uint64_t amount, const uint8_t *prog,
                         size_t len);
tb_output *tb_add_output_p2wpkh(tb_tx *t, const tb_key *k, const uint8_t asset[32],
                                uint64_t amount);
/* Retirement: program OP_FAIL (0x6a). */
tb_output *tb_add_retirement(tb_tx *t, const uint8_t asset[32], uint64_t amount);

/* Serializes (wire format) into buf; returns the length (buf may be NULL to size). */
size_t tb_tx_encode(const tb_tx *t, uint8_t *buf, size_t cap);
/* Encodes, parses, signs the inputs that ask for it with their parsed
 * sighash, and encodes again: *raw (malloc'd) holds the final bytes.
 * Returns 0, or -1 (message printed). */
int tb_tx_build(tb_tx *t, uint8_t **raw, size_t *len);

/* A full block (serflags 0x03) from header fields and raw transactions; the
 * transaction root is computed, the status root from status_fail (NULL = all
 * successful) unless the header's roots are asked to be kept (keep_roots).
 * Returns 0 with *raw malloc'd, -1 on error. */
int tb_block_build(const sluice_bytom_header *h, int keep_roots, uint8_t *const *txs,
                   const size_t *lens, size_t n, const uint8_t *status_fail, uint8_t **raw,
                   size_t *len);

/* Hex to bytes (whole string); returns the length or -1. */
long tb_unhex(const char *hex, uint8_t *out, size_t cap);

#endif
