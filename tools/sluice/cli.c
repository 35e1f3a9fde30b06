#include "cli.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_fail(const sluice_cli *cli, const char *cmd, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (cli && cli->json) {
        fputs("{\"error\":", stdout);
        cli_json_string(stdout, msg);
        fputs(",\"command\":", stdout);
        cli_json_string(stdout, cmd);
        fputs("}\n", stdout);
    }
    fprintf(stderr, "sluice %s: %s\n", cmd, msg);
    return CLI_USAGE;
}

int cli_parse(sluice_cli *cli, const char *cmd, int argc, char **argv, const cli_opt *opts,
              const char **pos, int pos_cap, int *npos, int *help) {
    return cli_parse_multi(cli, cmd, argc, argv, opts, NULL, pos, pos_cap, npos, help);
}

int cli_parse_multi(sluice_cli *cli, const char *cmd, int argc, char **argv, const cli_opt *opts,
                    const cli_multi *multi, const char **pos, int pos_cap, int *npos, int *help) {
    int np = 0;
    *help = 0;
    for (const cli_multi *m = multi; m && m->name; m++) *m->count = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) { cli->json = 1; continue; }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { *help = 1; continue; }
        if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (np >= pos_cap) return cli_fail(cli, cmd, "unexpected argument '%s' (see --help)", a);
            pos[np++] = a;
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
        const cli_multi *mo = NULL;
        for (const cli_multi *m = multi; m && m->name; m++)
            if (strlen(m->name) == nlen && strncmp(m->name, name, nlen) == 0) { mo = m; break; }
        if (mo) {
            const char *v;
            if (eq) v = eq + 1;
            else if (i + 1 >= argc) return cli_fail(cli, cmd, "option '--%s' needs a value", mo->name);
            else v = argv[++i];
            if (*mo->count >= mo->cap) return cli_fail(cli, cmd, "option '--%s' given more than %u times", mo->name, mo->cap);
            mo->values[(*mo->count)++] = v;
            continue;
        }
        const cli_opt *o = NULL;
        for (const cli_opt *p = opts; p && p->name; p++)
            if (strlen(p->name) == nlen && strncmp(p->name, name, nlen) == 0) { o = p; break; }
        if (!o) return cli_fail(cli, cmd, "unknown option '--%.*s' (see --help)", (int)nlen, name);
        if (o->flag) {
            if (eq) return cli_fail(cli, cmd, "option '--%s' takes no value", o->name);
            *o->flag = 1;
            continue;
        }
        if (eq) {
            *o->value = eq + 1;
        } else {
            if (i + 1 >= argc) return cli_fail(cli, cmd, "option '--%s' needs a value", o->name);
            *o->value = argv[++i];
        }
    }
    if (npos) *npos = np;
    return CLI_OK;
}

int cli_parse_u64(const char *s, uint64_t *out) {
    if (!s) return 0;
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) { base = 16; s += 2; }
    if (!*s) return 0;
    /* Digits only: strtoull alone would accept spaces, signs and wrap "-1". */
    for (const char *p = s; *p; p++) {
        int digit = (*p >= '0' && *p <= '9') ||
                    (base == 16 && ((*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')));
        if (!digit) return 0;
    }
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, base);
    if (errno || *end) return 0;
    *out = (uint64_t)v;
    return 1;
}

int cli_parse_uint(const char *s, unsigned min, unsigned max, unsigned *out) {
    uint64_t v;
    if (!cli_parse_u64(s, &v) || v < min || v > max) return 0;
    *out = (unsigned)v;
    return 1;
}

int cli_parse_double(const char *s, double min, double max, double *out) {
    if (!s || !*s) return 0;
    /* Plain decimal only: digits, one '.', an optional exponent (no spaces, signs, hex, inf). */
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' ||
              ((*p == '-' || *p == '+') && p > s && (p[-1] == 'e' || p[-1] == 'E'))))
            return 0;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno || *end || !isfinite(v) || v < min || v > max) return 0;
    *out = v;
    return 1;
}

void cli_json_string(FILE *f, const char *s) {
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20) fprintf(f, "\\u%04x", *p);
            else fputc(*p, f);
        }
    }
    fputc('"', f);
}
