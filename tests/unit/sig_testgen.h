/* Signatures made by the oracles, for tests: SM2 and Ed25519 by OpenSSL 3.0,
 * BIP340 by Debian's libsecp256k1. Deterministic from a seed (keys from the
 * test RNG; OpenSSL's SM2 nonces are random, which does not matter: any valid
 * signature serves). */
#ifndef SLUICE_SIG_TESTGEN_H
#define SLUICE_SIG_TESTGEN_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/sig.h"

/* One generated item with its own storage; sig_testgen_item() points a
 * sluice_sig_item into it. */
typedef struct {
    sluice_sig_scheme scheme;
    uint8_t pub[65];
    size_t pub_len;   /* SM2: 65 (uncompressed) or 33 (compressed); else 32 */
    uint8_t msg[128];
    size_t msg_len;
    uint8_t sig[72];
    size_t sig_len;   /* SM2: 64 (raw r ‖ s) unless der was asked; else 64 */
} sig_testgen_rec;

/* Fills n records of one scheme: nkeys distinct keys (used round-robin), random
 * messages of 0..127 bytes, valid signatures. seed makes keys and messages
 * reproducible. Returns 0 on success, -1 if an oracle failed (printed). */
int sig_testgen(sluice_sig_scheme scheme, sig_testgen_rec *out, size_t n, size_t nkeys,
                uint64_t seed);

/* The item view of a record (default SM2 ID). */
sluice_sig_item sig_testgen_item(const sig_testgen_rec *r);

/* Flips one bit chosen by sel in the signature, message or public key
 * (sel % 3 picks which), so the item must fail. */
void sig_testgen_corrupt(sig_testgen_rec *r, uint64_t sel);

#endif
