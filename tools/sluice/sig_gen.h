/* Valid signatures made by the oracles, for `sluice bench sig` and the demo:
 * SM2 (default ID) and Ed25519 by OpenSSL 3.0, BIP340 by libsecp256k1
 * (secp256k1_schnorrsig_sign32). Messages are 32 bytes (a transaction's
 * signature hash). Messages and Ed25519/BIP340 keys are reproducible from a
 * seed; SM2 keys and nonces come from OpenSSL's generator. */
#ifndef SLUICE_SIG_GEN_H
#define SLUICE_SIG_GEN_H

#include "sluice/sig.h"
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t pub[65];
    uint8_t pub_len;   /* SM2: 65 (04 ‖ x ‖ y); BIP340, Ed25519: 32 */
    uint8_t msg[32];
    uint8_t sig[64];   /* SM2: r ‖ s; BIP340: r ‖ s; Ed25519: R ‖ s */
} sig_gen_rec;

typedef struct {
    sluice_sig_scheme scheme;
    size_t n;          /* signatures */
    size_t nkeys;      /* distinct keys; signature i is made with key i % nkeys */
    sig_gen_rec *recs;
} sig_gen_set;

/* Makes n signatures with nkeys (1..n) distinct keys. Returns 0, or -1 with a
 * reason in why (an oracle call failed, out of memory). */
int sig_gen(sig_gen_set *out, sluice_sig_scheme scheme, size_t n, size_t nkeys, uint64_t seed, char *why,
            size_t why_cap);
void sig_gen_free(sig_gen_set *s);

/* The verification item of signature i (default SM2 ID); points into s. */
sluice_sig_item sig_gen_item(const sig_gen_set *s, size_t i);

#endif
