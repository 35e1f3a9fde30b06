/* sluice bench ethash-dag | ethash-full | ethash-light: Ethash rates with a
 * baseline measured in the same run (DESIGN.md "Measure in the same run"):
 *  - ethash-dag: full DAG generation on N threads; baseline the same node code
 *    on one thread over a short synthetic DAG, projected to the full size;
 *  - ethash-full: full-DAG hashing (the search with an unreachable boundary)
 *    on N threads (or an accelerator); baseline the CPU search on one thread;
 *    bandwidth_gbs = rate * 8192 B (64 reads of 128 B per hash) / 1e9;
 *  - ethash-light: light verifications (sluice_ethash_light_hash_batch) on 1
 *    and N threads; baseline the scalar reference on one thread. */
#include "cmd_bench_ethash.h"
#include "sluice/ethash.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char help_text[] =
    "usage: sluice bench ethash-dag   [--epoch N] [--threads N] [--json]\n"
    "       sluice bench ethash-full  [--epoch N] [--threads N] [--seconds S] [--backend cpu|opencl|cuda]\n"
    "                                 [--device I] [--no-dag-cache] [--no-baseline] [--json]\n"
    "       sluice bench ethash-light [--epoch N] [--threads N] [--seconds S] [--json]\n"
    "  ethash-dag    time to generate the epoch's full DAG on N threads (0 = one per core, the default);\n"
    "                baseline: the same node code on one thread for a short time, projected to the DAG.\n"
    "  ethash-full   full-DAG hashes per second for S seconds (default 10); the DAG is loaded from the\n"
    "                disk cache ($XDG_CACHE_HOME or ~/.cache)/sluice/ethash, or built and stored there\n"
    "                (--no-dag-cache: build in memory only); baseline: the CPU on one thread.\n"
    "                bandwidth_gbs = rate * 8192 / 1e9 (each hash reads 64 items of 128 bytes).\n"
    "  ethash-light  light verifications per second (hashes computed from the light cache) on 1 and N\n"
    "                threads; baseline: the scalar reference on one thread.\n";

typedef struct {
    const char *cmd;
    int epoch;
    unsigned threads;
    double seconds;
} common_opts;

/* Progress bar on stderr while a DAG is built or loaded. */
typedef struct { double t0; int last_pct; } bar_state;

static void bar_progress(void *user, uint64_t done, uint64_t total) {
    bar_state *b = user;
    int pct = total ? (int)(100 * done / total) : 100;
    if (pct == b->last_pct) return;
    b->last_pct = pct;
    char bar[41];
    int fill = pct * 40 / 100;
    for (int i = 0; i < 40; i++) bar[i] = i < fill ? '#' : '.';
    bar[40] = '\0';
    fprintf(stderr, "\r  DAG [%s] %3d%%  %.1f/%.1f M items  %.1f s", bar, pct, (double)done / 1e6,
            (double)total / 1e6, cmd_now() - b->t0);
    if (done >= total) fputc('\n', stderr);
    fflush(stderr);
}

static unsigned resolve_threads(unsigned t) {
    if (t) return t;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static int new_epoch(sluice_cli *cli, const common_opts *o, sluice_ethash_epoch **ctx, double *ms) {
    double t0 = cmd_now();
    sluice_err e = sluice_ethash_epoch_new(ctx, o->epoch);
    *ms = (cmd_now() - t0) * 1e3;
    if (e != SLUICE_OK) return cli_fail(cli, o->cmd, "epoch %d: %s", o->epoch, sluice_strerror(e));
    return CLI_OK;
}

static void print_baseline_json(const char *name, double base, double rate) {
    printf(",\"baseline\":{\"name\":\"%s\",\"rate\":%.3f},\"ratio\":%.3f", name, base, base > 0 ? rate / base : 0.0);
}

/* ---- ethash-dag ----------------------------------------------------------- */

static int bench_dag(sluice_cli *cli, const common_opts *o) {
    sluice_ethash_epoch *ctx = NULL;
    double cache_ms;
    if (new_epoch(cli, o, &ctx, &cache_ms)) return CLI_USAGE;
    const uint64_t items = sluice_ethash_epoch_dataset_items(ctx);
    const unsigned threads = resolve_threads(o->threads);
    if (!cli->json)
        fprintf(stderr, "ethash-dag: epoch %d, %llu items (%.2f GiB), light cache %.0f ms, %u threads\n", o->epoch,
                (unsigned long long)items, (double)items * 128 / (1u << 30), cache_ms, threads);

    /* Baseline: one thread over synthetic DAGs of growing size, >= 1 s in all. */
    double base_rate = 0, spent = 0;
    uint64_t n = 1024, base_items = 0;
    sluice_err e = SLUICE_OK;
    while (spent < 1.0 && e == SLUICE_OK) {
        sluice_ethash_dag_opts bo = {0};
        bo.threads = 1;
        bo.items = n;
        sluice_ethash_dag *d = NULL;
        double t0 = cmd_now();
        e = sluice_ethash_dag_new(&d, ctx, &bo, NULL, NULL, 0);
        spent += cmd_now() - t0;
        base_items += n;
        sluice_ethash_dag_free(d);
        if (n < (1u << 20)) n *= 2;
    }
    base_rate = spent > 0 ? (double)base_items / spent : 0;

    sluice_ethash_dag_opts opts = {0};
    opts.threads = threads;
    bar_state bar = {cmd_now(), -1};
    if (!cli->json) { opts.progress = bar_progress; opts.progress_user = &bar; }
    sluice_ethash_dag_info info;
    char why[600] = "";
    sluice_ethash_dag *dag = NULL;
    if (e == SLUICE_OK) e = sluice_ethash_dag_new(&dag, ctx, &opts, &info, why, sizeof why);
    sluice_ethash_dag_free(dag);
    sluice_ethash_epoch_free(ctx);
    if (e != SLUICE_OK) return cli_fail(cli, o->cmd, "%s%s%s", sluice_strerror(e), why[0] ? ": " : "", why);
    const double rate = info.seconds > 0 ? (double)items / info.seconds : 0;
    const double projected = base_rate > 0 ? (double)items / base_rate : 0;
    if (cli->json) {
        printf("{\"bench\":\"ethash-dag\",\"backend\":\"cpu\",\"epoch\":%d,\"threads\":%u,\"rate\":%.3f,"
               "\"unit\":\"items/s\",\"items\":%llu,\"seconds\":%.3f,\"hugepages\":%s,\"cache_build_ms\":%.1f,"
               "\"projected_single_thread_seconds\":%.3f",
               o->epoch, threads, rate, (unsigned long long)items, info.seconds, info.hugepages ? "true" : "false",
               cache_ms, projected);
        print_baseline_json("same-code-1-thread", base_rate, rate);
        printf("}\n");
    } else {
        printf("ethash-dag epoch %d, %u thread%s: %.2f s (%.0f items/s, %.1f MB/s), huge pages %s\n", o->epoch,
               threads, threads == 1 ? "" : "s", info.seconds, rate, rate * 128 / 1e6,
               info.hugepages ? "accepted" : "not accepted");
        printf("  baseline, same code on 1 thread: %.0f items/s -> projected %.2f s (ratio %.2fx)\n", base_rate,
               projected, base_rate > 0 ? rate / base_rate : 0.0);
    }
    return CLI_OK;
}

/* ---- ethash-full ---------------------------------------------------------- */

typedef struct { double rate; uint64_t hashes; double seconds, cpu_seconds; } rate_t;

/* Process CPU time: on a shared machine, hashes per CPU-second shows what
 * the threads achieve while they run, whatever share of the cores they get. */
static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static sluice_err cpu_full_rate(const sluice_ethash_dag *dag, unsigned threads, double seconds, uint64_t start,
                                rate_t *out) {
    static const uint8_t header[32] = {0x51, 0x1c, 0xe0};
    uint8_t zero[32] = {0};   /* final == 0 only: never met in practice */
    sluice_ethash_search_params p;
    memset(&p, 0, sizeof p);
    p.header_hash = header;
    p.boundary = zero;
    p.start_nonce = start;
    p.threads = threads;
    p.max_seconds = seconds;
    sluice_ethash_search_result r;
    double c0 = cpu_now();
    sluice_err e = sluice_ethash_search(dag, &p, &r);
    if (e != SLUICE_OK) return e;
    out->cpu_seconds = cpu_now() - c0;
    out->hashes = r.hashes;
    out->seconds = r.seconds;
    out->rate = r.seconds > 0 ? (double)r.hashes / r.seconds : 0;
    return SLUICE_OK;
}

static int bench_full(sluice_cli *cli, const common_opts *o, cmd_backend backend, unsigned dev, int no_cache,
                      int no_baseline) {
    const unsigned threads = resolve_threads(o->threads);
    rate_t main_rate = {0, 0, 0, 0}, base = {0, 0, 0, 0};
    cmd_ethash_accel_rate acc;
    memset(&acc, 0, sizeof acc);
    char why[600] = "";
    if (backend != CMD_BACKEND_CPU) {
        if (cmd_bench_ethash_accel(backend, dev, o->epoch, o->seconds, &acc, why, sizeof why) != 0)
            return cli_fail(cli, o->cmd, "%s backend: %s", cmd_backend_name(backend), why[0] ? why : "failed");
        main_rate.rate = acc.rate;
        main_rate.hashes = acc.hashes;
        main_rate.seconds = o->seconds;
        why[0] = '\0';
    }
    sluice_ethash_dag_info info;
    memset(&info, 0, sizeof info);
    const int need_cpu_dag = backend == CMD_BACKEND_CPU || !no_baseline;
    if (need_cpu_dag) {
        sluice_ethash_epoch *ctx = NULL;
        double cache_ms;
        if (new_epoch(cli, o, &ctx, &cache_ms)) return CLI_USAGE;
        sluice_ethash_dag_opts opts = {0};
        opts.threads = threads;
        opts.cache_dir = no_cache ? NULL : "";
        bar_state bar = {cmd_now(), -1};
        if (!cli->json) {
            fprintf(stderr, "ethash-full: epoch %d, DAG %.2f GiB %s\n", o->epoch,
                    (double)sluice_ethash_epoch_dataset_items(ctx) * 128 / (1u << 30),
                    no_cache ? "(built in memory)" : "(disk cache)");
            opts.progress = bar_progress;
            opts.progress_user = &bar;
        }
        sluice_ethash_dag *dag = NULL;
        sluice_err e = sluice_ethash_dag_new(&dag, ctx, &opts, &info, why, sizeof why);
        if (e == SLUICE_OK && why[0] && !cli->json) fprintf(stderr, "  note: %s\n", why);
        if (e == SLUICE_OK && backend == CMD_BACKEND_CPU) e = cpu_full_rate(dag, threads, o->seconds, 0, &main_rate);
        if (e == SLUICE_OK && !no_baseline)
            e = cpu_full_rate(dag, 1, o->seconds / 3 > 1 ? o->seconds / 3 : 1, 1ull << 40, &base);
        sluice_ethash_dag_free(dag);
        sluice_ethash_epoch_free(ctx);
        if (e != SLUICE_OK) return cli_fail(cli, o->cmd, "%s%s%s", sluice_strerror(e), why[0] ? ": " : "", why);
    }
    const unsigned shown_threads = backend == CMD_BACKEND_CPU ? threads : 1;
    const double gbs = main_rate.rate * 8192 / 1e9;
    if (cli->json) {
        printf("{\"bench\":\"ethash-full\",\"backend\":\"%s\",\"epoch\":%d,\"threads\":%u,\"rate\":%.3f,"
               "\"unit\":\"H/s\",\"hashes\":%llu,\"seconds\":%.3f,\"bandwidth_gbs\":%.3f",
               cmd_backend_name(backend), o->epoch, shown_threads, main_rate.rate,
               (unsigned long long)main_rate.hashes, main_rate.seconds, gbs);
        if (backend == CMD_BACKEND_CPU)
            printf(",\"cpu_seconds\":%.3f,\"hashes_per_cpu_second\":%.1f", main_rate.cpu_seconds,
                   main_rate.cpu_seconds > 0 ? (double)main_rate.hashes / main_rate.cpu_seconds : 0.0);
        if (backend != CMD_BACKEND_CPU) {
            printf(",\"device\":");
            cli_json_string(stdout, acc.device);
            printf(",\"device_dag_seconds\":%.3f", acc.dag_seconds);
        }
        if (need_cpu_dag) {
            printf(",\"dag_seconds\":%.3f,\"dag_from_disk\":%s,\"dag_rebuilt_bad_file\":%s,\"hugepages\":%s,\"dag_path\":",
                   info.seconds, info.from_disk ? "true" : "false", info.rebuilt_bad_file ? "true" : "false",
                   info.hugepages ? "true" : "false");
            cli_json_string(stdout, info.path);
            if (why[0]) { printf(",\"dag_note\":"); cli_json_string(stdout, why); }
        }
        if (!no_baseline) print_baseline_json("cpu-full-dag-1-thread", base.rate, main_rate.rate);
        printf("}\n");
    } else {
        if (backend == CMD_BACKEND_CPU)
            printf("ethash-full cpu epoch %d, %u thread%s: %.0f H/s (%llu hashes in %.2f s), %.2f GB/s of DAG reads\n",
                   o->epoch, threads, threads == 1 ? "" : "s", main_rate.rate, (unsigned long long)main_rate.hashes,
                   main_rate.seconds, gbs);
        else
            printf("ethash-full %s epoch %d: %.0f H/s (%.2f GB/s of DAG reads), device DAG build %.2f s\n", acc.device,
                   o->epoch, main_rate.rate, gbs, acc.dag_seconds);
        if (backend == CMD_BACKEND_CPU)
            printf("  per CPU-second of the threads: %.0f hashes (%.2f CPU-s used; the machine may be shared)\n",
                   main_rate.cpu_seconds > 0 ? (double)main_rate.hashes / main_rate.cpu_seconds : 0.0,
                   main_rate.cpu_seconds);
        if (need_cpu_dag)
            printf("  CPU DAG: %s in %.2f s%s, huge pages %s\n", info.from_disk ? "loaded" : "built", info.seconds,
                   info.rebuilt_bad_file ? " (damaged cache file rebuilt)" : "",
                   info.hugepages ? "accepted" : "not accepted");
        if (!no_baseline)
            printf("  baseline, CPU 1 thread: %.0f H/s (ratio %.2fx)\n", base.rate,
                   base.rate > 0 ? main_rate.rate / base.rate : 0.0);
    }
    return CLI_OK;
}

/* ---- ethash-light --------------------------------------------------------- */

/* Batches of distinct (header, nonce) pairs through the batch API, growing
 * until one takes 0.1 s, for `seconds`. */
static sluice_err light_rate(const sluice_ethash_epoch *ctx, unsigned threads, double seconds, uint64_t salt,
                             rate_t *out) {
    size_t cap = 1u << 14, batch = 16;
    uint8_t (*hh)[32] = malloc(cap * 32);
    uint64_t *nonces = malloc(cap * sizeof *nonces);
    sluice_ethash_result *res = malloc(cap * sizeof *res);
    sluice_err e = SLUICE_OK;
    uint64_t total = 0, counter = salt;
    double t0 = cmd_now();
    if (!hh || !nonces || !res) e = SLUICE_ERR_NOMEM;
    while (e == SLUICE_OK && cmd_now() - t0 < seconds) {
        for (size_t i = 0; i < batch; i++) {
            memset(hh[i], 0, 32);
            counter++;
            memcpy(hh[i], &counter, sizeof counter);
            nonces[i] = counter * 0x9e3779b97f4a7c15ull;
        }
        double b0 = cmd_now();
        e = sluice_ethash_light_hash_batch(ctx, (const uint8_t (*)[32])hh, nonces, batch, res, threads);
        total += batch;
        if (cmd_now() - b0 < 0.1 && batch < cap) batch *= 2;
    }
    out->seconds = cmd_now() - t0;
    out->hashes = total;
    out->rate = out->seconds > 0 ? (double)total / out->seconds : 0;
    free(hh);
    free(nonces);
    free(res);
    return e;
}

static int bench_light(sluice_cli *cli, const common_opts *o) {
    sluice_ethash_epoch *ctx = NULL;
    double cache_ms;
    if (new_epoch(cli, o, &ctx, &cache_ms)) return CLI_USAGE;
    const unsigned threads = resolve_threads(o->threads);
    rate_t one = {0, 0, 0, 0}, many = {0, 0, 0, 0}, base = {0, 0, 0, 0};
    sluice_err e = light_rate(ctx, threads, o->seconds, 0, &many);
    if (e == SLUICE_OK && threads > 1) e = light_rate(ctx, 1, o->seconds / 2 > 1 ? o->seconds / 2 : 1, 1u << 30, &one);
    if (threads == 1) one = many;
    if (e == SLUICE_OK) {   /* baseline: the scalar reference, one thread, >= 1 s and >= 3 hashes */
        const double bs = o->seconds / 4 > 1 ? o->seconds / 4 : 1;
        uint8_t hh[32] = {7};
        double t0 = cmd_now();
        uint64_t n = 0;
        while (cmd_now() - t0 < bs || n < 3) {
            sluice_ethash_result r;
            sluice_ethash_light_hash_ref(ctx, hh, n++, &r);
        }
        base.hashes = n;
        base.seconds = cmd_now() - t0;
        base.rate = (double)n / base.seconds;
    }
    sluice_ethash_epoch_free(ctx);
    if (e != SLUICE_OK) return cli_fail(cli, o->cmd, "%s", sluice_strerror(e));
    if (cli->json) {
        printf("{\"bench\":\"ethash-light\",\"backend\":\"cpu\",\"epoch\":%d,\"threads\":%u,\"rate\":%.3f,"
               "\"unit\":\"verify/s\",\"hashes\":%llu,\"seconds\":%.3f,\"single_thread_rate\":%.3f,\"scaling\":%.3f,"
               "\"cache_build_ms\":%.1f",
               o->epoch, threads, many.rate, (unsigned long long)many.hashes, many.seconds, one.rate,
               one.rate > 0 ? many.rate / one.rate : 0.0, cache_ms);
        print_baseline_json("ref-scalar-1-thread", base.rate, many.rate);
        printf("}\n");
    } else {
        printf("ethash-light epoch %d, %u thread%s: %.1f verify/s (%llu in %.2f s)\n", o->epoch, threads,
               threads == 1 ? "" : "s", many.rate, (unsigned long long)many.hashes, many.seconds);
        printf("  1 thread: %.1f verify/s (scaling %.2fx)\n", one.rate, one.rate > 0 ? many.rate / one.rate : 0.0);
        printf("  baseline, scalar reference, 1 thread: %.1f verify/s (ratio %.1fx)\n", base.rate,
               base.rate > 0 ? many.rate / base.rate : 0.0);
        printf("  light cache build: %.0f ms\n", cache_ms);
    }
    return CLI_OK;
}

int cmd_bench_ethash(sluice_cli *cli, int argc, char **argv) {
    const char *which = argv[1];
    char cmdname[40];
    snprintf(cmdname, sizeof cmdname, "bench %s", which);
    int is_dag = strcmp(which, "ethash-dag") == 0, is_full = strcmp(which, "ethash-full") == 0,
        is_light = strcmp(which, "ethash-light") == 0;
    if (!is_dag && !is_full && !is_light)
        return cli_fail(cli, "bench", "unknown benchmark '%s' (ethash-dag, ethash-full, ethash-light)", which);
    const char *epoch_s = "0", *threads_s = "0", *seconds_s = "10", *backend_s = "cpu", *dev_s = "0";
    int help = 0, no_cache = 0, no_baseline = 0;
    cli_opt all[] = {{"epoch", &epoch_s, NULL},       {"threads", &threads_s, NULL},
                     {"seconds", &seconds_s, NULL},   {"backend", &backend_s, NULL},
                     {"device", &dev_s, NULL},        {"no-dag-cache", NULL, &no_cache},
                     {"no-baseline", NULL, &no_baseline}, {NULL, NULL, NULL}};
    /* Options each benchmark accepts: ethash-dag the first 2, ethash-light 3, ethash-full all. */
    cli_opt opts[8];
    int nopt = is_dag ? 2 : is_light ? 3 : 7;
    for (int i = 0; i < nopt; i++) opts[i] = all[i];
    opts[nopt] = all[7];
    if (cli_parse(cli, cmdname, argc - 1, argv + 1, opts, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) { fputs(help_text, stdout); return CLI_OK; }
    common_opts o = {cmdname, 0, 0, 10};
    unsigned epoch, dev;
    if (!cli_parse_uint(epoch_s, 0, SLUICE_ETHASH_MAX_EPOCH, &epoch))
        return cli_fail(cli, cmdname, "bad --epoch '%s' (0..%d)", epoch_s, SLUICE_ETHASH_MAX_EPOCH);
    o.epoch = (int)epoch;
    if (!cli_parse_uint(threads_s, 0, 1024, &o.threads))
        return cli_fail(cli, cmdname, "bad --threads '%s' (0..1024, 0 = one per core)", threads_s);
    if (!cli_parse_double(seconds_s, 0.1, 86400, &o.seconds))
        return cli_fail(cli, cmdname, "bad --seconds '%s' (0.1..86400)", seconds_s);
    cmd_backend backend;
    if (cmd_parse_backend(backend_s, &backend))
        return cli_fail(cli, cmdname, "unknown --backend '%s' (cpu, opencl, cuda)", backend_s);
    if (!cli_parse_uint(dev_s, 0, 1023, &dev)) return cli_fail(cli, cmdname, "bad --device '%s'", dev_s);
    if (is_dag) return bench_dag(cli, &o);
    if (is_light) return bench_light(cli, &o);
    return bench_full(cli, &o, backend, dev, no_cache, no_baseline);
}
