/* sluice ethash verify-header | epoch: Ethereum header verification (Ethash
 * light verification, batched per epoch) and epoch facts for pool debugging. */
#include "cli.h"
#include "cmd_common.h"
#include "sluice/eth_header.h"
#include "sluice/ethash.h"
#include "sluice/hex.h"
#include "sluice/keccak.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char ethash_help[] =
    "usage: sluice ethash <subcommand> [options]\n"
    "  verify-header  verify Ethereum block headers (RLP) with Ethash light verification\n"
    "  epoch          an epoch's number, seed, first/last block, cache and dataset sizes\n"
    "Run 'sluice ethash <subcommand> --help' for its options.\n";

static const char verify_help[] =
    "usage: sluice ethash verify-header (--rlp HEX | --file F) [--threads N] [--json]\n"
    "  Decodes each header (15 fields, or 16 with baseFeePerGas; strict canonical RLP),\n"
    "  computes its block hash and seal hash and checks mixHash and difficulty by Ethash\n"
    "  light verification. Headers are grouped by epoch: each epoch's light cache is built\n"
    "  once and its headers are hashed together on --threads threads (0 = all cores, the\n"
    "  default).\n"
    "  --rlp HEX   one header, hex (optional 0x)\n"
    "  --file F    one header per line ('-' = standard input); blank lines and lines\n"
    "              starting with # are skipped; line numbers are the file's; CRLF line\n"
    "              ends are accepted; a line over 4096 bytes or with a NUL byte is\n"
    "              invalid input\n"
    "  Output, one line per header, in input order:\n"
    "    <line> <number> <block hash> valid\n"
    "    <line> <number> <block hash> invalid: <why>     (mix hash mismatch, difficulty not\n"
    "                                                     met, zero difficulty, ...)\n"
    "    <line> - <block hash> invalid: <why>             (a rule broken while decoding:\n"
    "                                                     extraData over 32 bytes, ...)\n"
    "    <line> - - invalid input: <why>                  (malformed hex or RLP, not an\n"
    "                                                     Ethash header)\n"
    "  and a summary on standard error. With --json: one object per header, then a summary\n"
    "  object {\"summary\":true,...}.\n"
    "  Exit status: 0 all valid; 1 some header invalid (all input well-formed); 2 bad usage,\n"
    "  an unreadable file, or any line that is not a well-formed header (reported per line,\n"
    "  the other lines are still verified).\n";

static const char epoch_help[] =
    "usage: sluice ethash epoch (--block N | --seed HEX | --epoch N) [--json]\n"
    "  Prints the Ethash epoch (30000 blocks each), its seed hash, its first and last block\n"
    "  and the sizes of its light cache and full dataset (DAG).\n"
    "  --block N   a block number\n"
    "  --seed HEX  a seed hash as pools send it (64 hex digits); the epoch is searched\n"
    "  --epoch N   an epoch number (0..32639)\n"
    "  Exit status: 0 found, 1 no epoch has this seed, 2 bad usage or input.\n";

/* ---- verify-header --------------------------------------------------------- */

typedef enum {
    ENTRY_DECODED,   /* a header: verdict comes from verification */
    ENTRY_INVALID,   /* well-formed but invalid before any hashing (RANGE from decode) */
    ENTRY_MALFORMED  /* not hex, not canonical RLP, not an Ethash header */
} entry_status;

typedef struct {
    long line;
    entry_status status;
    char reason[200];
    sluice_eth_header h;
    uint8_t hash[32];
    int epoch;
    sluice_eth_verdict verdict;
} entry;

typedef struct {
    entry *v;
    size_t n, cap;
} entry_list;

static entry *entry_add(entry_list *l) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        entry *v = realloc(l->v, cap * sizeof *v);
        if (!v) return NULL;
        l->v = v;
        l->cap = cap;
    }
    entry *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    return e;
}

/* Decodes one line of hex into e (status, header, block hash, reason). */
static void parse_entry(entry *e, const char *text) {
    size_t len = strlen(text);
    uint8_t *buf = malloc(len / 2 + 1);
    size_t n = 0;
    if (!buf) {
        e->status = ENTRY_MALFORMED;
        snprintf(e->reason, sizeof e->reason, "out of memory");
        return;
    }
    if (sluice_hex_decode(buf, len / 2 + 1, &n, text) != SLUICE_OK) {
        e->status = ENTRY_MALFORMED;
        snprintf(e->reason, sizeof e->reason, "malformed hex (odd length or a non-hex character)");
        free(buf);
        return;
    }
    char why[160] = "";
    sluice_err err = sluice_eth_header_decode(&e->h, buf, n, why, sizeof why);
    sluice_keccak256(e->hash, buf, n);   /* the block hash, also of a header that fails a rule */
    free(buf);
    if (err == SLUICE_ERR_RANGE) {
        e->status = ENTRY_INVALID;
        snprintf(e->reason, sizeof e->reason, "%s", why);
    } else if (err != SLUICE_OK) {
        e->status = ENTRY_MALFORMED;
        snprintf(e->reason, sizeof e->reason, "%s", why);
    } else {
        e->status = ENTRY_DECODED;
        e->epoch = sluice_eth_header_epoch(&e->h);
    }
}

/* Trims surrounding white space in place; returns the start. */
static char *trim(char *s) {
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

/* Longest line kept: the largest header is SLUICE_ETH_HEADER_RLP_MAX bytes,
 * 2 * 646 hex digits plus "0x"; the rest is room for surrounding white space.
 * A longer line cannot be a header, so it is reported, not stored: getline()
 * grew its buffer to the line's length, so a file with no newline (a huge
 * dump, /dev/zero) took all memory. */
#define LINE_CAP 4096

typedef struct {
    size_t len;     /* bytes kept in the buffer (at most LINE_CAP) */
    int too_long;   /* more than LINE_CAP bytes before the newline (skipped) */
    int has_nul;    /* a NUL byte among the kept bytes */
} line_info;

/* Reads one line, its '\n' dropped (a last line without one counts), into
 * buf (LINE_CAP + 1 bytes, NUL-terminated). 0 at end of input. */
static int read_line(FILE *f, char buf[LINE_CAP + 1], line_info *li) {
    memset(li, 0, sizeof *li);
    int c, any = 0;
    while ((c = getc_unlocked(f)) != EOF) {   /* one reader: no per-character locking */
        any = 1;
        if (c == '\n') break;
        if (li->len < LINE_CAP) {
            if (c == '\0') li->has_nul = 1;
            buf[li->len++] = (char)c;
        } else {
            li->too_long = 1;
        }
    }
    buf[li->len] = '\0';
    return any;
}

/* Reads the headers of a file ("-" = stdin). Returns 0, or 1 after an error
 * message in why. */
static int read_file(const char *path, entry_list *l, char *why, size_t why_cap) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        snprintf(why, why_cap, "cannot open '%s': %s", path, strerror(errno));
        return 1;
    }
    char line[LINE_CAP + 1];
    line_info li;
    long no = 0;
    int rc = 0;
    while (read_line(f, line, &li)) {
        no++;
        char *t = trim(line);
        /* A NUL ends the C string early: without this check "HEADER\0junk"
         * was verified as HEADER and the junk silently ignored. */
        if (!li.too_long && !li.has_nul && (!*t || *t == '#')) continue;
        entry *e = entry_add(l);
        if (!e) {
            snprintf(why, why_cap, "out of memory at line %ld", no);
            rc = 1;
            break;
        }
        e->line = no;
        if (li.too_long || li.has_nul) {
            e->status = ENTRY_MALFORMED;
            if (li.too_long)
                snprintf(e->reason, sizeof e->reason, "line longer than %d bytes (a header is at most %d hex digits)",
                         LINE_CAP, 2 * SLUICE_ETH_HEADER_RLP_MAX);
            else
                snprintf(e->reason, sizeof e->reason, "line contains a NUL byte (binary data, not hex)");
            continue;
        }
        parse_entry(e, t);
    }
    if (!rc && ferror(f)) {
        snprintf(why, why_cap, "error reading '%s': %s", path, strerror(errno));
        rc = 1;
    }
    if (f != stdin) fclose(f);
    return rc;
}

static int by_epoch(const void *a, const void *b) {
    const entry *x = *(const entry *const *)a, *y = *(const entry *const *)b;
    if (x->epoch != y->epoch) return x->epoch < y->epoch ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Verifies every decoded entry: grouped by epoch, one light cache per epoch,
 * each group hashed in one batch. *epochs gets the number of caches built. */
static sluice_err verify_entries(entry_list *l, unsigned threads, unsigned *epochs, char *why, size_t why_cap) {
    *epochs = 0;
    entry **order = malloc((l->n ? l->n : 1) * sizeof *order);
    sluice_eth_header *hs = malloc((l->n ? l->n : 1) * sizeof *hs);
    sluice_eth_verdict *vs = malloc((l->n ? l->n : 1) * sizeof *vs);
    sluice_err err = SLUICE_OK;
    if (!order || !hs || !vs) {
        err = SLUICE_ERR_NOMEM;
        goto done;
    }
    size_t m = 0;
    for (size_t i = 0; i < l->n; i++) {
        entry *e = &l->v[i];
        if (e->status != ENTRY_DECODED) continue;
        if (e->epoch < 0) e->verdict = SLUICE_ETH_EPOCH_OUT_OF_RANGE;
        else order[m++] = e;
    }
    qsort(order, m, sizeof *order, by_epoch);
    for (size_t a = 0; a < m;) {
        size_t b = a;
        while (b < m && order[b]->epoch == order[a]->epoch) b++;
        sluice_ethash_epoch *ctx = NULL;
        err = sluice_ethash_epoch_new(&ctx, order[a]->epoch);
        if (err != SLUICE_OK) {
            snprintf(why, why_cap, "cannot build the light cache of epoch %d: %s", order[a]->epoch,
                     sluice_strerror(err));
            goto done;
        }
        (*epochs)++;
        for (size_t k = a; k < b; k++) hs[k - a] = order[k]->h;
        err = sluice_eth_header_verify_batch(ctx, hs, b - a, vs, threads);
        sluice_ethash_epoch_free(ctx);
        if (err != SLUICE_OK) {
            snprintf(why, why_cap, "verification of epoch %d failed: %s", order[a]->epoch, sluice_strerror(err));
            goto done;
        }
        for (size_t k = a; k < b; k++) order[k]->verdict = vs[k - a];
        a = b;
    }
done:
    free(order);
    free(hs);
    free(vs);
    return err;
}

static void print_entry(const sluice_cli *cli, const entry *e) {
    char hash[65];
    sluice_hex_encode(hash, e->hash, 32);
    int valid = e->status == ENTRY_DECODED && e->verdict == SLUICE_ETH_VALID;
    const char *why = e->status == ENTRY_DECODED ? sluice_eth_verdict_name(e->verdict) : e->reason;
    if (cli->json) {
        printf("{\"line\":%ld,", e->line);
        if (e->status == ENTRY_MALFORMED) {
            printf("\"number\":null,\"hash\":null,\"valid\":false,\"input_error\":true,\"reason\":");
        } else if (e->status == ENTRY_INVALID) {
            printf("\"number\":null,\"hash\":\"%s\",\"valid\":false,\"input_error\":false,\"reason\":", hash);
        } else {
            printf("\"number\":%llu,\"hash\":\"%s\",\"epoch\":%d,\"fields\":%d,\"valid\":%s,\"input_error\":false,"
                   "\"reason\":",
                   (unsigned long long)e->h.number, hash, sluice_eth_header_epoch(&e->h), e->h.has_base_fee ? 16 : 15,
                   valid ? "true" : "false");
        }
        cli_json_string(stdout, why);
        fputs("}\n", stdout);
    } else if (e->status == ENTRY_MALFORMED) {
        printf("%ld - - invalid input: %s\n", e->line, why);
    } else if (e->status == ENTRY_INVALID) {
        printf("%ld - %s invalid: %s\n", e->line, hash, why);
    } else if (valid) {
        printf("%ld %llu %s valid\n", e->line, (unsigned long long)e->h.number, hash);
    } else {
        printf("%ld %llu %s invalid: %s\n", e->line, (unsigned long long)e->h.number, hash, why);
    }
}

static int ethash_verify_header(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "ethash verify-header";
    const char *rlp = NULL, *file = NULL, *threads_s = "0";
    int help = 0;
    cli_opt opts[] = {{"rlp", &rlp, NULL}, {"file", &file, NULL}, {"threads", &threads_s, NULL}, {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc, argv, opts, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) { fputs(verify_help, stdout); return CLI_OK; }
    if (!rlp == !file) return cli_fail(cli, cmd, "give exactly one of --rlp HEX and --file F (see --help)");
    unsigned threads;
    /* 1024: the most sluice_ethash_light_hash_batch accepts (4096 was
     * accepted here, then failed as "verification of epoch N failed"). */
    if (!cli_parse_uint(threads_s, 0, 1024, &threads))
        return cli_fail(cli, cmd, "bad --threads '%s' (0..1024, 0 = all cores)", threads_s);

    entry_list l = {0};
    char why[512] = "";
    if (rlp) {
        entry *e = entry_add(&l);
        if (!e) return cli_fail(cli, cmd, "out of memory");
        e->line = 1;
        parse_entry(e, rlp);
    } else if (read_file(file, &l, why, sizeof why)) {
        free(l.v);
        return cli_fail(cli, cmd, "%s", why);
    }
    if (l.n == 0) {
        free(l.v);
        return cli_fail(cli, cmd, "no headers in '%s'", file);
    }
    double t0 = cmd_now();
    unsigned epochs = 0;
    if (verify_entries(&l, threads, &epochs, why, sizeof why) != SLUICE_OK) {
        free(l.v);
        return cli_fail(cli, cmd, "%s", why);
    }
    double secs = cmd_now() - t0;

    size_t valid = 0, invalid = 0, malformed = 0;
    for (size_t i = 0; i < l.n; i++) {
        const entry *e = &l.v[i];
        print_entry(cli, e);
        if (e->status == ENTRY_MALFORMED) malformed++;
        else if (e->status == ENTRY_DECODED && e->verdict == SLUICE_ETH_VALID) valid++;
        else invalid++;
    }
    if (cli->json)
        printf("{\"summary\":true,\"headers\":%zu,\"valid\":%zu,\"invalid\":%zu,\"input_errors\":%zu,\"epochs\":%u,"
               "\"threads\":%u,\"seconds\":%.3f}\n",
               l.n, valid, invalid, malformed, epochs, threads, secs);
    fprintf(stderr, "sluice %s: %zu header%s: %zu valid, %zu invalid, %zu malformed (%u epoch%s, %.2f s)\n", cmd, l.n,
            l.n == 1 ? "" : "s", valid, invalid, malformed, epochs, epochs == 1 ? "" : "s", secs);
    free(l.v);
    return malformed ? CLI_USAGE : invalid ? CLI_NEGATIVE : CLI_OK;
}

/* ---- epoch ----------------------------------------------------------------- */

static int ethash_epoch(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "ethash epoch";
    const char *block_s = NULL, *seed_s = NULL, *epoch_s = NULL;
    int help = 0;
    cli_opt opts[] = {{"block", &block_s, NULL}, {"seed", &seed_s, NULL}, {"epoch", &epoch_s, NULL},
                      {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc, argv, opts, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) { fputs(epoch_help, stdout); return CLI_OK; }
    if ((block_s != NULL) + (seed_s != NULL) + (epoch_s != NULL) != 1)
        return cli_fail(cli, cmd, "give exactly one of --block N, --seed HEX and --epoch N (see --help)");
    int epoch = -1;
    if (block_s) {
        uint64_t b;
        if (!cli_parse_u64(block_s, &b)) return cli_fail(cli, cmd, "bad --block '%s' (a block number)", block_s);
        if (b / SLUICE_ETHASH_EPOCH_LENGTH > SLUICE_ETHASH_MAX_EPOCH)
            return cli_fail(cli, cmd, "block %llu is past the last Ethash epoch (%d)", (unsigned long long)b,
                            SLUICE_ETHASH_MAX_EPOCH);
        epoch = sluice_ethash_epoch_of_block(b);
    } else if (epoch_s) {
        unsigned e;
        if (!cli_parse_uint(epoch_s, 0, SLUICE_ETHASH_MAX_EPOCH, &e))
            return cli_fail(cli, cmd, "bad --epoch '%s' (0..%d)", epoch_s, SLUICE_ETHASH_MAX_EPOCH);
        epoch = (int)e;
    } else {
        uint8_t given[32];
        char given_hex[65];
        if (cmd_hex32(cli, cmd, "--seed", seed_s, given)) return CLI_USAGE;
        epoch = sluice_ethash_epoch_from_seed(given, -1);
        if (epoch < 0) {
            sluice_hex_encode(given_hex, given, 32);
            if (cli->json) printf("{\"found\":false,\"seed\":\"%s\"}\n", given_hex);
            else printf("no epoch in 0..%d has seed %s\n", SLUICE_ETHASH_MAX_EPOCH, given_hex);
            return CLI_NEGATIVE;
        }
    }
    uint8_t seed[32];
    char seed_hex[65];
    sluice_ethash_seed(epoch, seed);
    sluice_hex_encode(seed_hex, seed, 32);
    unsigned long long first = (unsigned long long)epoch * SLUICE_ETHASH_EPOCH_LENGTH;
    unsigned long long last = first + SLUICE_ETHASH_EPOCH_LENGTH - 1;
    unsigned long long citems = sluice_ethash_light_cache_items(epoch);
    unsigned long long ditems = sluice_ethash_dataset_items(epoch);
    if (cli->json) {
        printf("{\"found\":true,\"epoch\":%d,\"seed\":\"%s\",\"first_block\":%llu,\"last_block\":%llu,"
               "\"cache_items\":%llu,\"cache_bytes\":%llu,\"dataset_items\":%llu,\"dataset_bytes\":%llu}\n",
               epoch, seed_hex, first, last, citems, citems * SLUICE_ETHASH_CACHE_ITEM_BYTES, ditems,
               ditems * SLUICE_ETHASH_DATASET_ITEM_BYTES);
    } else {
        printf("epoch        %d\n"
               "seed         %s\n"
               "blocks       %llu .. %llu\n"
               "light cache  %llu bytes (%llu items of 64 bytes, %.1f MiB)\n"
               "dataset      %llu bytes (%llu items of 128 bytes, %.2f GiB)\n",
               epoch, seed_hex, first, last, citems * SLUICE_ETHASH_CACHE_ITEM_BYTES, citems,
               (double)(citems * SLUICE_ETHASH_CACHE_ITEM_BYTES) / (1 << 20),
               ditems * SLUICE_ETHASH_DATASET_ITEM_BYTES, ditems,
               (double)(ditems * SLUICE_ETHASH_DATASET_ITEM_BYTES) / (1 << 30));
    }
    return CLI_OK;
}

int cmd_ethash(sluice_cli *cli, int argc, char **argv) {
    if (argc < 2) {
        fputs(ethash_help, stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(ethash_help, stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "verify-header") == 0) return ethash_verify_header(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "epoch") == 0) return ethash_epoch(cli, argc - 1, argv + 1);
    return cli_fail(cli, "ethash", "unknown subcommand '%s' (verify-header, epoch)", argv[1]);
}
