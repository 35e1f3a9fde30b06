/* The same-run baseline of `sluice bench sig`: the oracles verify the
 * signatures sig_gen made. */
#ifndef SLUICE_SIG_BASELINE_H
#define SLUICE_SIG_BASELINE_H

#include "sig_gen.h"

/* The oracle that made the signatures verifies them:
 *   SM2:     OpenSSL EVP_DigestVerify with SM3 and EVP_PKEY_CTX_set1_id
 *            "1234567812345678" (a fresh EVP_MD_CTX / EVP_PKEY_CTX per
 *            verification, as the API requires for a new message);
 *   BIP340:  libsecp256k1 secp256k1_schnorrsig_verify;
 *   Ed25519: OpenSSL EVP_DigestVerify (one-shot; context reused).
 * Key objects (EVP_PKEY, secp256k1_xonly_pubkey) are built once from the
 * public key bytes by sig_baseline_new and are not part of the timed work;
 * SM2 signatures are converted to DER there too. */
typedef struct sig_baseline sig_baseline;
int sig_baseline_new(sig_baseline **out, const sig_gen_set *s, char *why, size_t why_cap);
void sig_baseline_free(sig_baseline *b);
/* Verifies signature i of the set: 1 valid, 0 rejected, -1 the oracle failed. */
int sig_baseline_verify(sig_baseline *b, size_t i);
/* The same with the key object built from the public key's bytes inside
 * the call (secp256k1_xonly_pubkey_parse, which lifts x; EVP_PKEY from the
 * SM2 point or the Ed25519 bytes): the like-for-like baseline of a
 * single check that decodes its key every time. */
int sig_baseline_verify_from_bytes(sig_baseline *b, size_t i);
/* "openssl-<version>-sm2", "libsecp256k1-schnorrsig_verify",
 * "openssl-<version>-ed25519" (the OpenSSL version found at run time). */
const char *sig_baseline_name(const sig_baseline *b);

#endif
