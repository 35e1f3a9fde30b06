/* The signature step of `sluice demo`: the oracles sign a few hundred
 * messages per scheme, the engine verifies them in batches, and one altered
 * message inside a mixed batch of all schemes is caught (see cmd_demo_sig.h). */
#include "cmd_demo_sig.h"
#include "cmd_common.h"
#include "sig_gen.h"
#include "sluice/sig.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const signer[SLUICE_SIG_NSCHEMES] = {"OpenSSL", "libsecp256k1", "OpenSSL"};

/* Runs items[0..n) as one batch; status gets the verdicts. */
static sluice_err run_batch(const sluice_sig_item *items, size_t n, unsigned threads, uint8_t *status,
                            double *seconds) {
    sluice_sig_batch_opts o;
    memset(&o, 0, sizeof o);
    o.threads = (int)threads;
    sluice_sig_batch *b = NULL;
    double t0 = cmd_now();
    sluice_err e = sluice_sig_batch_new(&b, &o);
    for (size_t i = 0; i < n && e == SLUICE_OK; i++) e = sluice_sig_batch_add(b, &items[i]);
    if (e == SLUICE_OK) e = sluice_sig_batch_run(b, status, NULL);
    sluice_sig_batch_free(b);
    *seconds = cmd_now() - t0;
    return e;
}

static size_t count_valid(const uint8_t *status, size_t n) {
    size_t v = 0;
    for (size_t i = 0; i < n; i++) v += status[i] == SLUICE_SIG_VALID;
    return v;
}

/* Each scheme's signatures as one batch. */
static sluice_err per_scheme_step(const sluice_cli *cli, const sig_gen_set *set, double sign_seconds,
                                  unsigned threads, sluice_sig_item *items, uint8_t *status, demo_sig_totals *t) {
    for (size_t i = 0; i < set->n; i++) items[i] = sig_gen_item(set, i);
    (void)sluice_sig_verify(&items[0], NULL);   /* builds the fixed-base tables outside the timing */
    double secs;
    sluice_err e = run_batch(items, set->n, threads, status, &secs);
    if (e != SLUICE_OK) return e;
    size_t valid = count_valid(status, set->n);
    int ok = valid == set->n;
    double rate = secs > 0 ? (double)set->n / secs : 0;
    const char *name = sluice_sig_scheme_name(set->scheme);
    if (cli->json)
        printf("{\"event\":\"signatures\",\"scheme\":\"%s\",\"items\":%zu,\"keys\":%zu,\"signed_by\":\"%s\","
               "\"sign_seconds\":%.3f,\"verify_seconds\":%.4f,\"rate\":%.1f,\"unit\":\"verify/s\",\"valid\":%zu,"
               "\"verified\":%s}\n",
               name, set->n, set->nkeys, signer[set->scheme], sign_seconds, secs, rate, valid, ok ? "true" : "false");
    else
        printf("  %-7s %zu signed by %s in %.2f s; verified as one batch in %.1f ms (%.0f verify/s): %s\n", name,
               set->n, signer[set->scheme], sign_seconds, secs * 1e3, rate,
               ok ? "all valid" : "SOME VALID SIGNATURES REJECTED");
    t->items += (unsigned)set->n;
    t->failures += (unsigned)(set->n - valid);
    t->seconds += secs;
    return SLUICE_OK;
}

/* All schemes in one batch, one message altered (a bit flipped): exactly
 * that item must fail. */
static sluice_err tamper_step(const sluice_cli *cli, const sig_gen_set *sets, unsigned threads,
                              sluice_sig_item *items, uint8_t *status, demo_sig_totals *t) {
    size_t n = 0;
    for (int s = 0; s < SLUICE_SIG_NSCHEMES; s++)
        for (size_t i = 0; i < sets[s].n; i++) items[n++] = sig_gen_item(&sets[s], i);
    /* The middle of the BIP340 block: the combination must find it among its neighbours. */
    const size_t bad = sets[0].n + sets[1].n / 2;
    uint8_t msg[32];
    memcpy(msg, items[bad].msg, sizeof msg);
    msg[7] ^= 0x10;
    items[bad].msg = msg;
    double secs;
    sluice_err e = run_batch(items, n, threads, status, &secs);
    if (e != SLUICE_OK) return e;
    size_t valid = count_valid(status, n);
    int caught = status[bad] != SLUICE_SIG_VALID;
    int others = caught ? valid == n - 1 : valid == n;   /* every other item still valid */
    int ok = caught && others;
    const char *why = sluice_sig_status_str((sluice_sig_status)status[bad]);
    double rate = secs > 0 ? (double)n / secs : 0;
    if (cli->json) {
        printf("{\"event\":\"tampered\",\"items\":%zu,\"index\":%zu,\"scheme\":\"%s\",\"caught\":%s,\"reason\":", n,
               bad, sluice_sig_scheme_name(items[bad].scheme), caught ? "true" : "false");
        cli_json_string(stdout, why);
        printf(",\"others_valid\":%s,\"seconds\":%.4f,\"rate\":%.1f,\"unit\":\"verify/s\",\"verified\":%s}\n",
               others ? "true" : "false", secs, rate, ok ? "true" : "false");
    } else {
        printf("  mixed batch of %zu (all schemes) with one bit of message #%zu (%s) flipped: %.1f ms (%.0f verify/s)\n",
               n, bad, sluice_sig_scheme_name(items[bad].scheme), secs * 1e3, rate);
        printf("    item #%zu: %s; %s\n", bad, caught ? why : "ACCEPTED (NOT CAUGHT)",
               others ? "the other items valid" : "SOME OTHER ITEMS REJECTED");
    }
    t->failures += !ok;
    return SLUICE_OK;
}

sluice_err demo_sig(const sluice_cli *cli, unsigned per_scheme, unsigned threads, demo_sig_totals *t, char *why,
                    size_t why_cap) {
    memset(t, 0, sizeof *t);
    sig_gen_set sets[SLUICE_SIG_NSCHEMES];
    memset(sets, 0, sizeof sets);
    sluice_sig_item *items = malloc(SLUICE_SIG_NSCHEMES * (size_t)per_scheme * sizeof *items);
    uint8_t *status = malloc(SLUICE_SIG_NSCHEMES * (size_t)per_scheme);
    sluice_err e = items && status ? SLUICE_OK : SLUICE_ERR_NOMEM;
    if (e == SLUICE_OK && !cli->json)
        printf("sluice demo: signatures, %u per scheme, each with its own key, verified in batches\n", per_scheme);
    for (int s = 0; s < SLUICE_SIG_NSCHEMES && e == SLUICE_OK; s++) {
        double t0 = cmd_now();
        if (sig_gen(&sets[s], (sluice_sig_scheme)s, per_scheme, per_scheme, 0xde40u + (unsigned)s, why, why_cap)) {
            e = SLUICE_ERR_INTERNAL;
            break;
        }
        e = per_scheme_step(cli, &sets[s], cmd_now() - t0, threads, items, status, t);
    }
    if (e == SLUICE_OK) e = tamper_step(cli, sets, threads, items, status, t);
    if (e != SLUICE_OK && why_cap && !why[0]) snprintf(why, why_cap, "%s", sluice_strerror(e));
    for (int s = 0; s < SLUICE_SIG_NSCHEMES; s++) sig_gen_free(&sets[s]);
    free(items);
    free(status);
    return e;
}
