/* Shared command-line plumbing for the `sluice` program: option parsing with
 * clear errors, numbers parsed strictly, JSON string output.
 * Conventions (DESIGN.md): exit 0 = success/valid, 1 = negative answer,
 * 2 = bad usage or input; --json prints one JSON object; --help everywhere. */
#ifndef SLUICE_CLI_H
#define SLUICE_CLI_H

#include <stdint.h>
#include <stdio.h>

enum { CLI_OK = 0, CLI_NEGATIVE = 1, CLI_USAGE = 2 };

typedef struct {
    int json;   /* --json given (globally or to the command) */
} sluice_cli;

/* One option: "--name VALUE" (or --name=VALUE) when value != NULL, a flag when
 * flag != NULL. Unknown options and missing values are usage errors. */
typedef struct {
    const char *name;      /* without the leading "--" */
    const char **value;    /* receives the argument */
    int *flag;             /* set to 1 when present */
} cli_opt;

/* Parses argv[1..argc) (argv[0] is the command path, e.g. "pow check").
 * "--json" and "--help"/"-h" are always accepted. Positional arguments go to
 * pos (up to pos_cap; more is an error). Returns CLI_OK or CLI_USAGE (after
 * printing the error). *help is set when help was asked for. */
int cli_parse(sluice_cli *cli, const char *cmd, int argc, char **argv, const cli_opt *opts,
              const char **pos, int pos_cap, int *npos, int *help);

/* A repeatable option ("--pool A --pool B"): each value is appended to
 * values[0..cap); more than cap is a usage error. *count starts at 0. */
typedef struct {
    const char *name;      /* without the leading "--" */
    const char **values;
    unsigned cap;
    unsigned *count;
} cli_multi;

/* cli_parse with repeatable options as well (multi: NULL-name terminated, or
 * NULL). An option named in both opts and multi is taken from multi. */
int cli_parse_multi(sluice_cli *cli, const char *cmd, int argc, char **argv, const cli_opt *opts,
                    const cli_multi *multi, const char **pos, int pos_cap, int *npos, int *help);

/* Prints "sluice <cmd>: <message>" to stderr, or {"error": ...} on stdout with
 * --json, and returns CLI_USAGE. */
int cli_fail(const sluice_cli *cli, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Strict numbers: decimal, or hex with 0x; no sign, no trailing junk, no overflow. */
int cli_parse_u64(const char *s, uint64_t *out);
int cli_parse_uint(const char *s, unsigned min, unsigned max, unsigned *out);
int cli_parse_double(const char *s, double min, double max, double *out);

/* Writes s as a JSON string literal (with quotes). */
void cli_json_string(FILE *f, const char *s);

/* Commands: argv[0] is the command word; return an exit code. */
int cmd_hash(sluice_cli *cli, int argc, char **argv);
int cmd_pow(sluice_cli *cli, int argc, char **argv);
int cmd_devices(sluice_cli *cli, int argc, char **argv);
int cmd_bench(sluice_cli *cli, int argc, char **argv);
int cmd_demo(sluice_cli *cli, int argc, char **argv);
int cmd_mine(sluice_cli *cli, int argc, char **argv);
int cmd_ethash(sluice_cli *cli, int argc, char **argv);

#endif
