/* sluice bench sig: our single verification, our batch and the oracle's
 * verification of the same valid signatures, measured in one run (DESIGN.md
 * "Command-line conventions": rate, baseline, ratio). A verdict other than
 * valid is a hard error: a bench never times work that went wrong. */
#include "cmd_bench_sig.h"
#include "cmd_common.h"
#include "cmd_sig_accel.h"
#include "sig_baseline.h"
#include "sig_gen.h"
#include "sluice/sig.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help_text[] =
    "usage: sluice bench sig --scheme sm2|bip340|ed25519 [--batch N] [--keys K] [--threads T]\n"
    "                        [--backend cpu|opencl|cuda] [--device I] [--seconds S] [--tamper I] [--json]\n"
    "  Makes N (default 1024) valid signatures of 32-byte messages with the oracles (OpenSSL for\n"
    "  SM2 and Ed25519, libsecp256k1 for BIP340) using K distinct keys (default K = N: every\n"
    "  signature has its own key), then measures, for about S seconds each (default 1) after\n"
    "  one untimed warm-up round, in eight interleaved slices each (so that the machine's\n"
    "  drift hits every figure alike):\n"
    "    single    sluice_sig_verify on one thread without a key cache (the key is decoded\n"
    "              for every signature);\n"
    "    batch     the N signatures as one sluice_sig_batch on T threads (default 1; 0 = all\n"
    "              cores) and the backend; a fresh batch every round, so its key caches start\n"
    "              empty and only keys repeated within the batch (K < N) are cache hits;\n"
    "    baseline  the oracle on one thread: OpenSSL SM2 (SM3, ID \"1234567812345678\"),\n"
    "              libsecp256k1 secp256k1_schnorrsig_verify, OpenSSL Ed25519; its key objects\n"
    "              are built once, outside the timing; then again with them built from the key\n"
    "              bytes in every call, as single does (baseline_from_bytes_us).\n"
    "  With T > 1 on the CPU, the batch is also timed on 1 thread in the same run, and as T\n"
    "  one-thread batches at once (independent jobs, one per thread), in the same slices.\n"
    "  rate = batch verifications per second; ratio = rate / baseline rate;\n"
    "  single_ratio = single / baseline; single_ratio_from_bytes = single / baseline from bytes;\n"
    "  batch_vs_single = batch / single;\n"
    "  thread_scaling = batch rate on T threads / batch rate on 1 thread (T > 1 only);\n"
    "  machine_scaling = the T independent batches' summed rate / the 1-thread rate: what\n"
    "  this machine gives T independent jobs (the ceiling of thread_scaling);\n"
    "  scaling_efficiency = thread_scaling / machine_scaling.\n"
    "  --tamper I alters message I after signing: a check that a wrong verdict stops the bench.\n"
    "  Exit status: 0 measured; 1 a signature was not reported valid (by us or the oracle);\n"
    "  2 bad usage, or the signatures or the backend could not be set up.\n";

typedef struct {
    double rate;       /* verifications per second */
    uint64_t count;
    double seconds;
} rate_t;

static void set_rate(rate_t *r, uint64_t count, double seconds) {
    r->count = count;
    r->seconds = seconds;
    r->rate = seconds > 0 ? (double)count / seconds : 0;
}

/* r += a (counts and seconds; the rate of the sum). */
static void add_rate(rate_t *r, const rate_t *a) {
    set_rate(r, r->count + a->count, r->seconds + a->seconds);
}

/* (a) One thread, no cache, from signature *pos on (the cursor carries on
 * from slice to slice, wrapping at n). Returns the index of a signature
 * that was not valid, or -1; *got gets its verdict. */
static long time_single(const sig_gen_set *s, size_t *pos, double secs, rate_t *out, sluice_sig_status *got) {
    uint64_t count = 0;
    size_t i = *pos;
    double t0 = cmd_now(), now = t0;
    do {
        sluice_sig_item it = sig_gen_item(s, i);
        sluice_sig_status v = sluice_sig_verify(&it, NULL);
        if (v != SLUICE_SIG_VALID) {
            *got = v;
            return (long)i;
        }
        count++;
        if (++i == s->n) i = 0;
        now = cmd_now();
    } while (now - t0 < secs);
    *pos = i;
    set_rate(out, count, now - t0);
    return -1;
}

/* (b) Fresh batches of all n signatures. Returns -1 when every verdict was
 * valid, the index of one that was not (verdict in *got), or -2 for an
 * engine error (in *err). */
static long time_batch(const sig_gen_set *s, const sluice_sig_batch_opts *opts, double secs, rate_t *out,
                       sluice_sig_status *got, sluice_err *err) {
    uint8_t *status = malloc(s->n);
    if (!status) {
        *err = SLUICE_ERR_NOMEM;
        return -2;
    }
    uint64_t count = 0;
    long bad = -1;
    double t0 = cmd_now(), now = t0;
    do {
        sluice_sig_batch *b = NULL;
        size_t n_invalid = 0;
        *err = sluice_sig_batch_new(&b, opts);
        for (size_t i = 0; i < s->n && *err == SLUICE_OK; i++) {
            sluice_sig_item it = sig_gen_item(s, i);
            *err = sluice_sig_batch_add(b, &it);
        }
        if (*err == SLUICE_OK) *err = sluice_sig_batch_run(b, status, &n_invalid);
        sluice_sig_batch_free(b);
        if (*err != SLUICE_OK) {
            bad = -2;
            break;
        }
        for (size_t i = 0; i < s->n && bad < 0; i++)
            if (status[i] != SLUICE_SIG_VALID) {
                bad = (long)i;
                *got = (sluice_sig_status)status[i];
            }
        if (bad < 0 && n_invalid != 0) {   /* the count must agree with the verdicts */
            bad = 0;
            *got = SLUICE_SIG_VALID;
        }
        if (bad != -1) break;
        count += s->n;
        now = cmd_now();
    } while (now - t0 < secs);
    free(status);
    set_rate(out, count, now - t0);
    return bad;
}

/* (c) The oracle on one thread, with its key objects built beforehand, or
 * (from_bytes) from the key bytes in every call as our single check does;
 * from signature *pos on, as in time_single. Returns -1, or the index it
 * did not accept (*verdict: 0 rejected, -1 failed). */
static long time_baseline(sig_baseline *b, const sig_gen_set *s, int from_bytes, size_t *pos, double secs,
                          rate_t *out, int *verdict) {
    uint64_t count = 0;
    size_t i = *pos;
    double t0 = cmd_now(), now = t0;
    do {
        int v = from_bytes ? sig_baseline_verify_from_bytes(b, i) : sig_baseline_verify(b, i);
        if (v != 1) {
            *verdict = v;
            return (long)i;
        }
        count++;
        if (++i == s->n) i = 0;
        now = cmd_now();
    } while (now - t0 < secs);
    *pos = i;
    set_rate(out, count, now - t0);
    return -1;
}

static double ratio(double a, double b) {
    return b > 0 ? a / b : 0.0;
}

static int wrong_verdict(const sluice_cli *cli, const char *cmd, const char *who, long i, const char *verdict) {
    cli_fail(cli, cmd, "%s rejected valid signature %ld (%s): a bench never times wrong verdicts", who, i, verdict);
    return CLI_NEGATIVE;
}

/* One batch timing (time_batch) turned into the command's status: CLI_OK,
 * CLI_NEGATIVE for a wrong verdict, CLI_USAGE for an engine error. */
static int batch_slice(const sluice_cli *cli, const char *cmd, const sig_gen_set *set,
                       const sluice_sig_batch_opts *bopts, cmd_sig_accel *accel, double secs, rate_t *out) {
    sluice_sig_status got = SLUICE_SIG_VALID;
    sluice_err err = SLUICE_OK;
    long bad = time_batch(set, bopts, secs, out, &got, &err);
    if (bad == -2)
        return cli_fail(cli, cmd, "batch: %s%s%s", sluice_strerror(err), accel ? ": " : "",
                        accel ? cmd_sig_accel_why(accel) : "");
    if (bad >= 0)
        return wrong_verdict(cli, cmd, "the batch", bad,
                             got == SLUICE_SIG_VALID ? "its invalid count disagrees" : sluice_sig_status_str(got));
    return CLI_OK;
}

#define SLICES 8

/* (d) T one-thread batches at once, one per thread, each verifying the whole
 * set on its own: what T cores of this machine give for T independent jobs
 * (shared caches, memory and clock limits included), the ceiling of
 * thread_scaling. *sum gets the T counts over their mean time. The status
 * as in batch_slice. */
static int independent_slice(const sluice_cli *cli, const char *cmd, const sig_gen_set *set,
                             const sluice_sig_batch_opts *one, int t, double secs, rate_t *sum) {
    rate_t *r = calloc((size_t)t, sizeof *r);
    long *bad = calloc((size_t)t, sizeof *bad);
    sluice_sig_status *got = calloc((size_t)t, sizeof *got);
    sluice_err *err = calloc((size_t)t, sizeof *err);
    int rc = CLI_OK;
    if (!r || !bad || !got || !err) {
        rc = cli_fail(cli, cmd, "independent batches: %s", sluice_strerror(SLUICE_ERR_NOMEM));
    } else {
#pragma omp parallel for num_threads(t) schedule(static, 1)
        for (int i = 0; i < t; i++) bad[i] = time_batch(set, one, secs, &r[i], &got[i], &err[i]);
        uint64_t count = 0;
        double seconds = 0;
        for (int i = 0; i < t && rc == CLI_OK; i++) {
            if (bad[i] == -2)
                rc = cli_fail(cli, cmd, "batch: %s", sluice_strerror(err[i]));
            else if (bad[i] >= 0)
                rc = wrong_verdict(cli, cmd, "the batch", bad[i],
                                   got[i] == SLUICE_SIG_VALID ? "its invalid count disagrees"
                                                              : sluice_sig_status_str(got[i]));
            count += r[i].count;
            seconds += r[i].seconds / t;
        }
        if (rc == CLI_OK) {
            rate_t all;
            set_rate(&all, count, seconds);
            add_rate(sum, &all);
        }
    }
    free(r);
    free(bad);
    free(got);
    free(err);
    return rc;
}

/* One slice of (a) or (c) added to *sum; the status as in measure. */
static int single_slice(const sluice_cli *cli, const char *cmd, const sig_gen_set *set, size_t *pos, double secs,
                        rate_t *sum) {
    sluice_sig_status got = SLUICE_SIG_VALID;
    rate_t r = {0, 0, 0};
    long bad = time_single(set, pos, secs, &r, &got);
    if (bad >= 0) return wrong_verdict(cli, cmd, "sluice_sig_verify", bad, sluice_sig_status_str(got));
    add_rate(sum, &r);
    return CLI_OK;
}

static int baseline_slice(const sluice_cli *cli, const char *cmd, const sig_gen_set *set, sig_baseline *base,
                          int from_bytes, size_t *pos, double secs, rate_t *sum) {
    int verdict = 1;
    rate_t r = {0, 0, 0};
    long bad = time_baseline(base, set, from_bytes, pos, secs, &r, &verdict);
    if (bad >= 0)
        return wrong_verdict(cli, cmd, sig_baseline_name(base), bad, verdict == 0 ? "rejected" : "oracle error");
    add_rate(sum, &r);
    return CLI_OK;
}

/* (a), (b), (c) (c twice: prepared keys, then from bytes), and with more
 * than one CPU thread (b) on one thread too (*batch1) and (d) (*indep):
 * first one untimed
 * warm-up round of each (the fixed-base tables, OpenSSL's first fetches, an
 * accelerator's lazy kernel loading), then SLICES rounds of S / SLICES
 * seconds of each in turn, so that the machine's drift (other load, clock
 * changes) hits every figure alike and the ratios between them hold still.
 * CLI_OK, CLI_NEGATIVE for a wrong verdict, CLI_USAGE for an engine error. */
static int measure(const sluice_cli *cli, const char *cmd, const sig_gen_set *set, sig_baseline *base,
                   const sluice_sig_batch_opts *bopts, cmd_sig_accel *accel, double secs, rate_t *single,
                   rate_t *batch, rate_t *batch1, rate_t *indep, rate_t *baseline, rate_t *baseline_fb) {
    sluice_sig_batch_opts one = *bopts;
    one.threads = 1;
    const int with_one = bopts->threads > 1 && !accel;
    size_t pos_single = 0, pos_base = 0, pos_base_fb = 0;
    int rc;
    for (int k = -1; k < SLICES; k++) {
        /* k = -1: the warm-up round, timed into scratch figures. */
        rate_t scratch[6] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
        const int warm = k < 0;
        const double t = warm ? 0 : secs / SLICES;
        rate_t r;
        if ((rc = single_slice(cli, cmd, set, &pos_single, t, warm ? &scratch[0] : single)) != CLI_OK) return rc;
        if ((rc = batch_slice(cli, cmd, set, bopts, accel, t, &r)) != CLI_OK) return rc;
        add_rate(warm ? &scratch[1] : batch, &r);
        if (with_one) {
            if ((rc = batch_slice(cli, cmd, set, &one, accel, t, &r)) != CLI_OK) return rc;
            add_rate(warm ? &scratch[2] : batch1, &r);
            if ((rc = independent_slice(cli, cmd, set, &one, bopts->threads, t,
                                        warm ? &scratch[5] : indep)) != CLI_OK)
                return rc;
        }
        if ((rc = baseline_slice(cli, cmd, set, base, 0, &pos_base, t, warm ? &scratch[3] : baseline)) != CLI_OK ||
            (rc = baseline_slice(cli, cmd, set, base, 1, &pos_base_fb, t, warm ? &scratch[4] : baseline_fb)) !=
                CLI_OK)
            return rc;
    }
    return CLI_OK;
}

typedef struct {
    sluice_sig_scheme scheme;
    unsigned batch, keys, threads, device;
    long tamper;   /* index of a message to alter after signing, or -1 */
    double seconds;
    cmd_backend backend;
} bench_opts;

static int parse_opts(sluice_cli *cli, const char *cmd, int argc, char **argv, bench_opts *o, int *help) {
    const char *scheme_s = NULL, *batch_s = "1024", *keys_s = NULL, *threads_s = "1", *backend_s = "cpu",
               *seconds_s = "1", *dev_s = "0", *tamper_s = NULL;
    cli_opt opts[] = {{"scheme", &scheme_s, NULL},   {"batch", &batch_s, NULL},     {"keys", &keys_s, NULL},
                      {"threads", &threads_s, NULL}, {"backend", &backend_s, NULL}, {"seconds", &seconds_s, NULL},
                      {"device", &dev_s, NULL},      {"tamper", &tamper_s, NULL},   {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc, argv, opts, NULL, 0, NULL, help)) return CLI_USAGE;
    if (*help) return CLI_OK;
    if (!scheme_s) return cli_fail(cli, cmd, "--scheme is required (sm2, bip340 or ed25519)");
    if (sluice_sig_scheme_parse(scheme_s, &o->scheme) != SLUICE_OK)
        return cli_fail(cli, cmd, "unknown --scheme '%s' (sm2, bip340, ed25519)", scheme_s);
    if (!cli_parse_uint(batch_s, 1, 1u << 18, &o->batch))
        return cli_fail(cli, cmd, "bad --batch '%s' (1..262144 signatures)", batch_s);
    o->keys = o->batch;
    if (keys_s && !cli_parse_uint(keys_s, 1, o->batch, &o->keys))
        return cli_fail(cli, cmd, "bad --keys '%s' (1..%u: at most one key per signature)", keys_s, o->batch);
    if (!cli_parse_uint(threads_s, 0, 1024, &o->threads))
        return cli_fail(cli, cmd, "bad --threads '%s' (0..1024, 0 = all cores)", threads_s);
    if (!o->threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->threads = n > 0 ? (unsigned)n : 1;
    }
    if (cmd_parse_backend(backend_s, &o->backend))
        return cli_fail(cli, cmd, "unknown --backend '%s' (cpu, opencl, cuda)", backend_s);
    if (!cli_parse_uint(dev_s, 0, 1023, &o->device)) return cli_fail(cli, cmd, "bad --device '%s'", dev_s);
    unsigned tamper = 0;
    if (tamper_s && !cli_parse_uint(tamper_s, 0, o->batch - 1, &tamper))
        return cli_fail(cli, cmd, "bad --tamper '%s' (a signature index, 0..%u)", tamper_s, o->batch - 1);
    o->tamper = tamper_s ? (long)tamper : -1;
    if (!cli_parse_double(seconds_s, 0.01, 3600, &o->seconds))
        return cli_fail(cli, cmd, "bad --seconds '%s' (0.01..3600)", seconds_s);
    return CLI_OK;
}

static void print_result(const sluice_cli *cli, const bench_opts *o, const char *baseline_name, const char *devname,
                         double gen_seconds, const rate_t *single, const rate_t *batch, const rate_t *batch1,
                         const rate_t *indep, const rate_t *base, const rate_t *base_fb) {
    const char *scheme = sluice_sig_scheme_name(o->scheme);
    if (cli->json) {
        printf("{\"bench\":\"sig\",\"scheme\":\"%s\",\"backend\":\"%s\",", scheme, cmd_backend_name(o->backend));
        if (devname[0]) {
            fputs("\"device\":", stdout);
            cli_json_string(stdout, devname);
            fputc(',', stdout);
        }
        printf("\"threads\":%u,\"batch\":%u,\"keys\":%u,\"distinct_keys\":%s,\"message_bytes\":32,"
               "\"rate\":%.3f,\"unit\":\"verify/s\",\"single_rate\":%.3f,\"batch_rate\":%.3f,"
               "\"batch_vs_single\":%.3f,\"single_us\":%.3f,\"batch_us\":%.3f,\"baseline_us\":%.3f,"
               "\"baseline\":{\"name\":",
               o->threads, o->batch, o->keys, o->keys == o->batch ? "true" : "false", batch->rate, single->rate,
               batch->rate, ratio(batch->rate, single->rate), ratio(1e6, single->rate), ratio(1e6, batch->rate),
               ratio(1e6, base->rate));
        cli_json_string(stdout, baseline_name);
        if (batch1->count) {
            double scaling = ratio(batch->rate, batch1->rate), machine = ratio(indep->rate, batch1->rate);
            printf(",\"rate\":%.3f,\"threads\":1},\"batch_rate_1thread\":%.3f,\"thread_scaling\":%.3f,"
                   "\"batch_rate_independent\":%.3f,\"machine_scaling\":%.3f,\"scaling_efficiency\":%.3f,"
                   "\"ratio\":%.3f,",
                   base->rate, batch1->rate, scaling, indep->rate, machine, ratio(scaling, machine),
                   ratio(batch->rate, base->rate));
        }
        else
            printf(",\"rate\":%.3f,\"threads\":1},\"ratio\":%.3f,", base->rate, ratio(batch->rate, base->rate));
        printf("\"baseline_from_bytes_us\":%.3f,\"single_ratio_from_bytes\":%.3f,", ratio(1e6, base_fb->rate),
               ratio(single->rate, base_fb->rate));
        printf("\"single_ratio\":%.3f,\"seconds\":%.3f,"
               "\"single_verifications\":%llu,\"batch_verifications\":%llu,\"baseline_verifications\":%llu,"
               "\"generate_seconds\":%.3f}\n",
               ratio(single->rate, base->rate), o->seconds,
               (unsigned long long)single->count, (unsigned long long)batch->count, (unsigned long long)base->count,
               gen_seconds);
        return;
    }
    printf("bench sig %s: %u signatures of 32-byte messages, %u distinct key%s%s (made in %.2f s)\n", scheme, o->batch,
           o->keys, o->keys == 1 ? "" : "s", o->keys == o->batch ? " (every key distinct)" : "", gen_seconds);
    char label[200];
    printf("  %-9s %-52s %12.1f verify/s %9.2f us\n", "single", "sluice_sig_verify, 1 thread, no key cache",
           single->rate, ratio(1e6, single->rate));
    snprintf(label, sizeof label, "sluice_sig_batch of %u, %u thread%s, %s%s%s", o->batch, o->threads,
             o->threads == 1 ? "" : "s", cmd_backend_name(o->backend), devname[0] ? " " : "", devname);
    printf("  %-9s %-52s %12.1f verify/s %9.2f us  (%.2fx single)\n", "batch", label, batch->rate,
           ratio(1e6, batch->rate), ratio(batch->rate, single->rate));
    if (batch1->count) {
        snprintf(label, sizeof label, "sluice_sig_batch of %u, 1 thread (same run)", o->batch);
        printf("  %-9s %-52s %12.1f verify/s %9.2f us  (%u threads: %.2fx)\n", "batch", label, batch1->rate,
               ratio(1e6, batch1->rate), o->threads, ratio(batch->rate, batch1->rate));
        snprintf(label, sizeof label, "%u one-thread batches at once (same run)", o->threads);
        printf("  %-9s %-52s %12.1f verify/s %9.2f us  (the machine's %u-core ceiling: %.2fx; "
               "threads reach %.0f%% of it)\n",
               "batch", label, indep->rate, ratio(1e6, indep->rate), o->threads, ratio(indep->rate, batch1->rate),
               100 * ratio(ratio(batch->rate, batch1->rate), ratio(indep->rate, batch1->rate)));
    }
    snprintf(label, sizeof label, "%s, 1 thread", baseline_name);
    printf("  %-9s %-52s %12.1f verify/s %9.2f us\n", "baseline", label, base->rate, ratio(1e6, base->rate));
    snprintf(label, sizeof label, "%s, key per call", baseline_name);
    printf("  %-9s %-52s %12.1f verify/s %9.2f us\n", "baseline", label, base_fb->rate, ratio(1e6, base_fb->rate));
    printf("  ratio: batch / baseline %.2fx, single / baseline %.2fx (%.2fx with the key from bytes on both sides)\n",
           ratio(batch->rate, base->rate), ratio(single->rate, base->rate), ratio(single->rate, base_fb->rate));
}

int cmd_bench_sig(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "bench sig";
    bench_opts o;
    int help = 0;
    memset(&o, 0, sizeof o);
    int rc = parse_opts(cli, cmd, argc - 1, argv + 1, &o, &help);
    if (rc != CLI_OK) return rc;
    if (help) {
        fputs(help_text, stdout);
        return CLI_OK;
    }

    char why[512] = "", devname[200] = "";
    cmd_sig_accel *accel = NULL;
    sluice_sig_batch_opts bopts;
    memset(&bopts, 0, sizeof bopts);
    bopts.threads = (int)o.threads;
    if (o.backend != CMD_BACKEND_CPU) {
        sluice_err e = cmd_sig_accel_open(o.backend, o.device, &accel, devname, sizeof devname, why, sizeof why);
        if (e != SLUICE_OK)
            return cli_fail(cli, cmd, "%s backend: %s%s%s", cmd_backend_name(o.backend), sluice_strerror(e),
                            why[0] ? ": " : "", why);
        bopts.offload = cmd_sig_accel_offload(accel);
    }

    sig_gen_set set;
    sig_baseline *base = NULL;
    double g0 = cmd_now();
    if (sig_gen(&set, o.scheme, o.batch, o.keys, 0x5eed0000u + o.scheme, why, sizeof why)) {
        cmd_sig_accel_close(accel);
        return cli_fail(cli, cmd, "making signatures: %s", why);
    }
    double gen_seconds = cmd_now() - g0;
    if (o.tamper >= 0) set.recs[o.tamper].msg[0] ^= 1;
    if (sig_baseline_new(&base, &set, why, sizeof why)) {
        sig_gen_free(&set);
        cmd_sig_accel_close(accel);
        return cli_fail(cli, cmd, "baseline: %s", why);
    }

    rate_t single = {0, 0, 0}, batch = {0, 0, 0}, batch1 = {0, 0, 0}, indep = {0, 0, 0}, baseline = {0, 0, 0},
           baseline_fb = {0, 0, 0};
    rc = measure(cli, cmd, &set, base, &bopts, accel, o.seconds, &single, &batch, &batch1, &indep, &baseline,
                 &baseline_fb);
    if (rc == CLI_OK)
        print_result(cli, &o, sig_baseline_name(base), devname, gen_seconds, &single, &batch, &batch1, &indep, &baseline,
                     &baseline_fb);
    sig_baseline_free(base);
    sig_gen_free(&set);
    cmd_sig_accel_close(accel);
    return rc;
}
