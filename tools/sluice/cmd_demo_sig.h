/* The signature step of `sluice demo` (cmd_demo_sig.c). */
#ifndef SLUICE_CMD_DEMO_SIG_H
#define SLUICE_CMD_DEMO_SIG_H

#include "cli.h"
#include "sluice/error.h"

typedef struct {
    unsigned items;      /* signatures verified (valid ones, all schemes) */
    unsigned failures;   /* wrong verdicts: a valid item rejected, the tampered one accepted */
    double seconds;      /* verification time */
} demo_sig_totals;

/* Signs per_scheme 32-byte messages with each scheme's oracle (OpenSSL SM2
 * and Ed25519, libsecp256k1 BIP340; every signature with its own key),
 * verifies each scheme's signatures as one batch on `threads` threads (0 = all
 * cores) and prints the rates; then verifies all of them as one mixed batch
 * with one message altered and checks that exactly that item is caught.
 * Prints events (text or --json). Returns SLUICE_OK, or the error that
 * stopped it (why gets the reason). */
sluice_err demo_sig(const sluice_cli *cli, unsigned per_scheme, unsigned threads, demo_sig_totals *t, char *why,
                    size_t why_cap);

#endif
