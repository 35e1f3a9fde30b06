/* sluice sigverify: verifies a file of signatures (one "PUBKEY MESSAGE
 * SIGNATURE [id=HEX]" line per item, sig_line.h) as one batch and reports
 * every failure by line. Malformed lines are all reported and nothing is
 * verified (exit 2). */
#include "cmd_sigverify.h"
#include "cmd_common.h"
#include "cmd_sig_accel.h"
#include "sig_line.h"
#include "sluice/sig.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help_text[] =
    "usage: sluice sigverify --scheme sm2|bip340|ed25519 [--threads N] [--backend cpu|opencl|cuda]\n"
    "                        [--device I] [--json] FILE\n"
    "  Verifies every signature in FILE ('-' = standard input) as one batch on N threads\n"
    "  (default 0 = all cores) and the backend. One item per line, fields in hexadecimal\n"
    "  separated by spaces or tabs (an optional 0x prefix each):\n"
    "    PUBKEY MESSAGE SIGNATURE [id=HEX]\n"
    "  MESSAGE may be '-' for the empty message. SM2: PUBKEY is 33 or 65 bytes, SIGNATURE\n"
    "  64 bytes r || s or DER, and the optional 4th field is the user ID (default\n"
    "  \"1234567812345678\"; id=- is the empty ID). BIP340: 32-byte x-only key, 64-byte\n"
    "  signature. Ed25519: 32-byte key, 64-byte signature (Bytom's / Go's rules).\n"
    "  Blank lines and lines starting with '#' are skipped; line numbers are the file's.\n"
    "  Output: each failure as '<line> invalid: <reason>', then a summary (items, valid,\n"
    "  invalid, seconds, verify/s). A malformed line (not hex, odd length, missing or extra\n"
    "  fields, a NUL byte, over 1 MiB) is reported as '<line> invalid input: <why>'; when\n"
    "  there is any, all are reported and nothing is verified. --json prints one object:\n"
    "  {\"command\":\"sigverify\",...,\"failures\":[{\"line\":N,\"status\":K,\"reason\":...}]}\n"
    "  or, for malformed input, {...,\"verified\":false,\"malformed\":[{\"line\":N,\"reason\":...}]}.\n"
    "  Exit status: 0 all valid; 1 some signature invalid; 2 bad usage, an unreadable or\n"
    "  empty file, or malformed lines.\n";

/* Longest line kept: 1 MiB of text (a 512 KiB message). A longer line is
 * reported, not stored, so a file without newlines cannot take all memory. */
#define LINE_CAP (1u << 20)

typedef struct {
    long line;
    sig_line_item it;
} entry;

typedef struct {
    long line;
    char reason[160];
} bad_line;

typedef struct {
    entry *v;
    size_t n, cap;
    bad_line *bad;
    size_t nbad, badcap;
} input;

static int grow(void **v, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return 0;
    size_t c = *cap ? 2 * *cap : 256;
    void *p = realloc(*v, c * size);
    if (!p) return -1;
    *v = p;
    *cap = c;
    return 0;
}

static void input_free(input *in) {
    for (size_t i = 0; i < in->n; i++) sig_line_item_free(&in->v[i].it);
    free(in->v);
    free(in->bad);
    memset(in, 0, sizeof *in);
}

/* Reads one line (its '\n' dropped; a last line without one counts) into
 * *buf, growing it up to LINE_CAP bytes; more is dropped and *too_long set.
 * Returns 0 at end of input, -1 out of memory. */
static int read_line(FILE *f, char **buf, size_t *cap, size_t *len, int *too_long) {
    int c, any = 0;
    *len = 0;
    *too_long = 0;
    while ((c = getc_unlocked(f)) != EOF) {
        any = 1;
        if (c == '\n') break;
        if (*len >= LINE_CAP) {
            *too_long = 1;
            continue;
        }
        if (*len + 1 >= *cap) {
            size_t nc = *cap ? 2 * *cap : 4096;
            char *p = realloc(*buf, nc);
            if (!p) return -1;
            *buf = p;
            *cap = nc;
        }
        (*buf)[(*len)++] = (char)c;
    }
    return any;
}

static int add_bad(input *in, long no, const char *reason) {
    if (grow((void **)&in->bad, &in->badcap, in->nbad + 1, sizeof *in->bad)) return -1;
    bad_line *b = &in->bad[in->nbad++];
    b->line = no;
    snprintf(b->reason, sizeof b->reason, "%s", reason);
    return 0;
}

/* Reads and parses the whole file. Returns 0, or 1 with why. */
static int read_input(const char *path, sluice_sig_scheme scheme, input *in, char *why, size_t why_cap) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        snprintf(why, why_cap, "cannot open '%s': %s", path, strerror(errno));
        return 1;
    }
    char *buf = NULL, reason[160];
    size_t cap = 0, len = 0;
    long no = 0;
    int too_long = 0, got, rc = 0, oom = 0;
    while (!oom && (got = read_line(f, &buf, &cap, &len, &too_long)) != 0) {
        no++;
        if (got < 0) {
            oom = 1;
        } else if (too_long) {
            snprintf(reason, sizeof reason, "line longer than %u bytes", LINE_CAP);
            oom = add_bad(in, no, reason);
        } else {
            sig_line_item it;
            sig_line_result r = sig_line_parse(scheme, buf ? buf : "", len, &it, reason, sizeof reason);
            if (r == SIG_LINE_MALFORMED) {
                oom = add_bad(in, no, reason);
            } else if (r == SIG_LINE_ITEM) {
                oom = grow((void **)&in->v, &in->cap, in->n + 1, sizeof *in->v);
                if (oom) {
                    sig_line_item_free(&it);
                } else {
                    in->v[in->n].line = no;
                    in->v[in->n].it = it;
                    in->n++;
                }
            }
        }
    }
    if (oom) {
        snprintf(why, why_cap, "out of memory at line %ld", no);
        rc = 1;
    } else if (ferror(f)) {
        snprintf(why, why_cap, "error reading '%s': %s", path, strerror(errno));
        rc = 1;
    }
    free(buf);
    if (f != stdin) fclose(f);
    return rc;
}

static int report_malformed(const sluice_cli *cli, sluice_sig_scheme scheme, const input *in) {
    if (cli->json) {
        printf("{\"command\":\"sigverify\",\"scheme\":\"%s\",\"items\":%zu,\"input_errors\":%zu,\"verified\":false,"
               "\"malformed\":[",
               sluice_sig_scheme_name(scheme), in->n, in->nbad);
        for (size_t i = 0; i < in->nbad; i++) {
            printf("%s{\"line\":%ld,\"reason\":", i ? "," : "", in->bad[i].line);
            cli_json_string(stdout, in->bad[i].reason);
            fputc('}', stdout);
        }
        fputs("]}\n", stdout);
    } else {
        for (size_t i = 0; i < in->nbad; i++) printf("%ld invalid input: %s\n", in->bad[i].line, in->bad[i].reason);
    }
    fprintf(stderr, "sluice sigverify: %zu malformed line%s (and %zu well-formed item%s): nothing verified\n",
            in->nbad, in->nbad == 1 ? "" : "s", in->n, in->n == 1 ? "" : "s");
    return CLI_USAGE;
}

typedef struct {
    sluice_sig_scheme scheme;
    unsigned threads, device;
    cmd_backend backend;
    const char *file;
} verify_opts;

/* Verifies every item as one batch; status gets one verdict per item. */
static sluice_err verify_all(const verify_opts *o, const sluice_sig_offload *offload, const input *in,
                             uint8_t *status, size_t *n_invalid) {
    sluice_sig_batch_opts bo;
    memset(&bo, 0, sizeof bo);
    bo.threads = (int)o->threads;
    bo.offload = offload;
    sluice_sig_batch *b = NULL;
    sluice_err e = sluice_sig_batch_new(&b, &bo);
    for (size_t i = 0; i < in->n && e == SLUICE_OK; i++) {
        sluice_sig_item it = sig_line_to_item(o->scheme, &in->v[i].it);
        e = sluice_sig_batch_add(b, &it);
    }
    if (e == SLUICE_OK) e = sluice_sig_batch_run(b, status, n_invalid);
    sluice_sig_batch_free(b);
    return e;
}

static void report(const sluice_cli *cli, const verify_opts *o, const char *devname, const input *in,
                   const uint8_t *status, size_t invalid, double secs) {
    double rate = secs > 0 ? (double)in->n / secs : 0;
    const char *scheme = sluice_sig_scheme_name(o->scheme);
    if (cli->json) {
        printf("{\"command\":\"sigverify\",\"scheme\":\"%s\",\"backend\":\"%s\",", scheme, cmd_backend_name(o->backend));
        if (devname[0]) {
            fputs("\"device\":", stdout);
            cli_json_string(stdout, devname);
            fputc(',', stdout);
        }
        printf("\"threads\":%u,\"items\":%zu,\"valid\":%zu,\"invalid\":%zu,\"input_errors\":0,\"verified\":true,"
               "\"seconds\":%.6f,\"rate\":%.3f,\"unit\":\"verify/s\",\"failures\":[",
               o->threads, in->n, in->n - invalid, invalid, secs, rate);
        size_t k = 0;
        for (size_t i = 0; i < in->n; i++) {
            if (status[i] == SLUICE_SIG_VALID) continue;
            printf("%s{\"line\":%ld,\"status\":%u,\"reason\":", k++ ? "," : "", in->v[i].line, (unsigned)status[i]);
            cli_json_string(stdout, sluice_sig_status_str((sluice_sig_status)status[i]));
            fputc('}', stdout);
        }
        fputs("]}\n", stdout);
        return;
    }
    for (size_t i = 0; i < in->n; i++)
        if (status[i] != SLUICE_SIG_VALID)
            printf("%ld invalid: %s\n", in->v[i].line, sluice_sig_status_str((sluice_sig_status)status[i]));
    printf("sigverify %s: %zu item%s: %zu valid, %zu invalid in %.3f s (%.1f verify/s, %u thread%s, %s%s%s)\n", scheme,
           in->n, in->n == 1 ? "" : "s", in->n - invalid, invalid, secs, rate, o->threads, o->threads == 1 ? "" : "s",
           cmd_backend_name(o->backend), devname[0] ? " " : "", devname);
}

static int parse_opts(sluice_cli *cli, const char *cmd, int argc, char **argv, verify_opts *o, int *help) {
    const char *scheme_s = NULL, *threads_s = "0", *backend_s = "cpu", *dev_s = "0", *pos[1];
    int npos = 0;
    cli_opt opts[] = {{"scheme", &scheme_s, NULL}, {"threads", &threads_s, NULL}, {"backend", &backend_s, NULL},
                      {"device", &dev_s, NULL},    {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc, argv, opts, pos, 1, &npos, help)) return CLI_USAGE;
    if (*help) return CLI_OK;
    if (!scheme_s) return cli_fail(cli, cmd, "--scheme is required (sm2, bip340 or ed25519)");
    if (sluice_sig_scheme_parse(scheme_s, &o->scheme) != SLUICE_OK)
        return cli_fail(cli, cmd, "unknown --scheme '%s' (sm2, bip340, ed25519)", scheme_s);
    if (npos != 1) return cli_fail(cli, cmd, "give one FILE ('-' = standard input; see --help)");
    o->file = pos[0];
    if (!cli_parse_uint(threads_s, 0, 1024, &o->threads))
        return cli_fail(cli, cmd, "bad --threads '%s' (0..1024, 0 = all cores)", threads_s);
    if (!o->threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->threads = n > 0 ? (unsigned)n : 1;
    }
    if (cmd_parse_backend(backend_s, &o->backend))
        return cli_fail(cli, cmd, "unknown --backend '%s' (cpu, opencl, cuda)", backend_s);
    if (!cli_parse_uint(dev_s, 0, 1023, &o->device)) return cli_fail(cli, cmd, "bad --device '%s'", dev_s);
    return CLI_OK;
}

int cmd_sigverify(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "sigverify";
    verify_opts o;
    int help = 0;
    memset(&o, 0, sizeof o);
    int rc = parse_opts(cli, cmd, argc, argv, &o, &help);
    if (rc != CLI_OK) return rc;
    if (help) {
        fputs(help_text, stdout);
        return CLI_OK;
    }
    input in;
    memset(&in, 0, sizeof in);
    char why[512] = "", devname[200] = "";
    if (read_input(o.file, o.scheme, &in, why, sizeof why)) {
        input_free(&in);
        return cli_fail(cli, cmd, "%s", why);
    }
    if (in.nbad) {
        rc = report_malformed(cli, o.scheme, &in);
        input_free(&in);
        return rc;
    }
    if (in.n == 0) {
        input_free(&in);
        return cli_fail(cli, cmd, "no items in '%s'", o.file);
    }
    cmd_sig_accel *accel = NULL;
    if (o.backend != CMD_BACKEND_CPU) {
        sluice_err e = cmd_sig_accel_open(o.backend, o.device, &accel, devname, sizeof devname, why, sizeof why);
        if (e != SLUICE_OK) {
            input_free(&in);
            return cli_fail(cli, cmd, "%s backend: %s%s%s", cmd_backend_name(o.backend), sluice_strerror(e),
                            why[0] ? ": " : "", why);
        }
    }
    uint8_t *status = malloc(in.n);
    size_t n_invalid = 0;
    sluice_err e = status ? SLUICE_OK : SLUICE_ERR_NOMEM;
    double t0 = cmd_now();
    if (e == SLUICE_OK) e = verify_all(&o, accel ? cmd_sig_accel_offload(accel) : NULL, &in, status, &n_invalid);
    double secs = cmd_now() - t0;
    if (e != SLUICE_OK) {
        rc = cli_fail(cli, cmd, "verification failed: %s", sluice_strerror(e));
    } else {
        size_t invalid = 0;
        for (size_t i = 0; i < in.n; i++) invalid += status[i] != SLUICE_SIG_VALID;
        if (invalid != n_invalid) {   /* the batch's count must agree with its verdicts */
            rc = cli_fail(cli, cmd, "internal error: the batch counted %zu invalid items, its verdicts %zu", n_invalid,
                          invalid);
        } else {
            report(cli, &o, devname, &in, status, invalid, secs);
            rc = invalid ? CLI_NEGATIVE : CLI_OK;
        }
    }
    free(status);
    cmd_sig_accel_close(accel);
    input_free(&in);
    return rc;
}
