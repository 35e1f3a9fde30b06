/* sluice bench tensority: hash rate of a backend, with the scalar reference
 * (one thread) measured in the same run as the baseline. */
#include "cli.h"
#include "cmd_common.h"
#include "sluice/bytom_genesis.h"
#include "cmd_bench_ethash.h"
#include "cmd_bench_block.h"
#include "cmd_bench_sig.h"
#include "sluice/tensority.h"
#include "sluice/tensority_search.h"
#include "sluice/topology.h"
#include <stdlib.h>
#include <string.h>

static const char help_text[] =
    "usage: sluice bench tensority [--backend cpu|opencl|cuda] [--impl NAME] [--threads N] [--seconds S]\n"
    "                              [--device N] [--no-baseline] [--json]\n"
    "  Measures Tensority hashes per second over S seconds (default 10) and, in the same run,\n"
    "  the scalar reference on one thread as the baseline (ratio = rate / baseline rate).\n"
    "  For the CPU backend with N > 1 threads the one-thread rate of the same implementation\n"
    "  is measured too (scaling = rate / one-thread rate).\n"
    "Signatures: sluice bench sig --scheme sm2|bip340|ed25519 ... (see 'sluice bench sig --help').\n"
    "Blocks: sluice bench block [--txs N] [--threads T] ... (see 'sluice bench block --help').\n";

typedef struct { double rate; uint64_t hashes; double seconds; } rate_t;

/* Runs the CPU search on a target nothing meets, for `seconds`. */
static sluice_err cpu_rate(const sluice_tensority_cache *cache, sluice_tensority_impl impl, unsigned threads,
                           double seconds, const sluice_topology *topo, uint64_t start, rate_t *out) {
    sluice_bytom_header h;
    sluice_bytom_mainnet_genesis(&h);
    h.height = 1;
    uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES];
    sluice_bytom_header_body(&h, body);
    sluice_tensority_search_params p;
    memset(&p, 0, sizeof p);
    p.body = body;
    p.start_nonce = start;
    p.target.negative = 1;   /* never met: measure pure hashing */
    p.threads = threads;
    p.impl = impl;
    p.max_seconds = seconds;
    p.topo = topo;
    sluice_tensority_search_result r;
    sluice_err e = sluice_tensority_search(cache, &p, &r);
    if (e != SLUICE_OK) return e;
    out->hashes = r.hashes;
    out->seconds = r.seconds;
    out->rate = r.seconds > 0 ? (double)r.hashes / r.seconds : 0;
    return SLUICE_OK;
}

/* Accelerator rate: batches of distinct header hashes, growing until one takes 0.5 s. */
static sluice_err accel_rate(sluice_tensority_accel *ctx, double seconds, rate_t *out) {
    size_t batch = 1, cap = sluice_tensority_accel_batch(ctx);
    if (cap < 1) cap = 1;
    uint8_t *hh = NULL, *res = NULL;
    uint64_t total = 0, counter = 0;
    double t0 = cmd_now(), elapsed = 0;
    sluice_err e = SLUICE_OK;
    while (elapsed < seconds) {
        uint8_t *nh = realloc(hh, batch * 32), *nr = realloc(res, batch * 32);
        if (nh) hh = nh;
        if (nr) res = nr;
        if (!nh || !nr) { e = SLUICE_ERR_NOMEM; break; }
        for (size_t i = 0; i < batch; i++) {
            memset(hh + 32 * i, 0, 32);
            counter++;
            memcpy(hh + 32 * i, &counter, sizeof counter);
        }
        double b0 = cmd_now();
        e = sluice_tensority_accel_hash(ctx, hh, batch, res);
        if (e != SLUICE_OK) break;
        total += batch;
        elapsed = cmd_now() - t0;
        if (cmd_now() - b0 < 0.5 && batch < cap) batch *= 2;
        if (batch > cap) batch = cap;
    }
    free(hh);
    free(res);
    out->hashes = total;
    out->seconds = cmd_now() - t0;
    out->rate = out->seconds > 0 ? (double)total / out->seconds : 0;
    return e;
}

int cmd_bench(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "bench";
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    if (strncmp(argv[1], "ethash", 6) == 0) return cmd_bench_ethash(cli, argc, argv);
    if (strcmp(argv[1], "sig") == 0) return cmd_bench_sig(cli, argc, argv);
    if (strcmp(argv[1], "block") == 0) return cmd_bench_block(cli, argc, argv);
    if (strcmp(argv[1], "tensority") != 0)
        return cli_fail(cli, cmd, "unknown benchmark '%s' (supported: tensority, ethash-light, ethash-dag, ethash-full, sig, block)",
                        argv[1]);
    cmd = "bench tensority";
    const char *backend_s = "cpu", *impl_s = "auto", *threads_s = "0", *seconds_s = "10", *dev_s = "0";
    int help = 0, no_baseline = 0;
    cli_opt opts[] = {{"backend", &backend_s, NULL}, {"impl", &impl_s, NULL}, {"threads", &threads_s, NULL},
                      {"seconds", &seconds_s, NULL}, {"device", &dev_s, NULL}, {"no-baseline", NULL, &no_baseline},
                      {NULL, NULL, NULL}};
    if (cli_parse(cli, cmd, argc - 1, argv + 1, opts, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) { fputs(help_text, stdout); return CLI_OK; }
    cmd_backend backend;
    if (cmd_parse_backend(backend_s, &backend)) return cli_fail(cli, cmd, "unknown --backend '%s' (cpu, opencl, cuda)", backend_s);
    sluice_tensority_impl impl;
    if (sluice_tensority_impl_parse(impl_s, &impl) != SLUICE_OK)
        return cli_fail(cli, cmd, "unknown --impl '%s' (auto, ref, avx2, avx512vnni)", impl_s);
    if (!sluice_tensority_impl_available(impl)) return cli_fail(cli, cmd, "--impl %s is not supported by this CPU", impl_s);
    if (backend != CMD_BACKEND_CPU && impl != SLUICE_TENSORITY_AUTO)
        return cli_fail(cli, cmd, "--impl selects a CPU implementation; it cannot be used with --backend %s", backend_s);
    if (impl == SLUICE_TENSORITY_AUTO) impl = sluice_tensority_impl_best();
    unsigned threads, dev_index;
    double seconds;
    if (!cli_parse_uint(threads_s, 0, 1024, &threads)) return cli_fail(cli, cmd, "bad --threads '%s' (0..1024, 0 = one per core)", threads_s);
    if (!cli_parse_double(seconds_s, 0.1, 86400, &seconds)) return cli_fail(cli, cmd, "bad --seconds '%s' (0.1..86400)", seconds_s);
    if (!cli_parse_uint(dev_s, 0, 1023, &dev_index)) return cli_fail(cli, cmd, "bad --device '%s'", dev_s);

    sluice_topology *topo = NULL;
    if (sluice_topology_open(&topo) != SLUICE_OK) topo = NULL;
    if (!threads) {
        sluice_topology_summary s = {0};
        if (topo) sluice_topology_get_summary(topo, &s);
        threads = s.cores ? s.cores : 1;
    }
    uint8_t seed[32];
    sluice_bytom_initial_seed(seed);
    double t0 = cmd_now();
    sluice_tensority_cache *cache = NULL;
    sluice_err e = sluice_tensority_cache_new(&cache, seed, threads);
    double cache_ms = (cmd_now() - t0) * 1e3;
    if (e != SLUICE_OK) { sluice_topology_close(topo); return cli_fail(cli, cmd, "cache: %s", sluice_strerror(e)); }

    rate_t main_rate = {0}, single = {0}, base = {0};
    char devname[160] = "", why[256] = "";
    int have_single = 0;
    const char *impl_name = sluice_tensority_impl_name(impl);
    if (backend == CMD_BACKEND_CPU) {
        e = cpu_rate(cache, impl, threads, seconds, topo, 0, &main_rate);
        if (e == SLUICE_OK && threads > 1) {
            e = cpu_rate(cache, impl, 1, seconds / 2 > 1 ? seconds / 2 : 1, topo, 1u << 30, &single);
            have_single = 1;
        }
    } else {
        sluice_tensority_accel *ctx = NULL;
        e = cmd_accel_open(backend, dev_index, sluice_tensority_cache_matrix(cache, 0), &ctx, devname, sizeof devname,
                           why, sizeof why);
        if (e == SLUICE_OK) e = accel_rate(ctx, seconds, &main_rate);
        sluice_tensority_accel_free(ctx);
        impl_name = devname;
    }
    if (e == SLUICE_OK && !no_baseline) {
        /* Baseline: the scalar reference on one thread, at least 3 hashes. */
        e = cpu_rate(cache, SLUICE_TENSORITY_REF, 1, seconds / 4 > 1.2 ? seconds / 4 : 1.2, NULL, 1u << 31, &base);
    }
    sluice_tensority_cache_free(cache);
    sluice_topology_close(topo);
    if (e != SLUICE_OK)
        return cli_fail(cli, cmd, "%s backend: %s%s%s", cmd_backend_name(backend), sluice_strerror(e), why[0] ? ": " : "", why);

    unsigned shown_threads = backend == CMD_BACKEND_CPU ? threads : 1;
    if (cli->json) {
        printf("{\"bench\":\"tensority\",\"backend\":\"%s\",\"impl\":", cmd_backend_name(backend));
        cli_json_string(stdout, impl_name);
        printf(",\"threads\":%u,\"rate\":%.3f,\"unit\":\"H/s\",\"hashes\":%llu,\"seconds\":%.3f,\"cache_build_ms\":%.1f",
               shown_threads, main_rate.rate, (unsigned long long)main_rate.hashes, main_rate.seconds, cache_ms);
        if (have_single)
            printf(",\"single_thread_rate\":%.3f,\"scaling\":%.3f", single.rate,
                   single.rate > 0 ? main_rate.rate / single.rate : 0.0);
        if (!no_baseline)
            printf(",\"baseline\":{\"name\":\"ref-scalar-1-thread\",\"rate\":%.3f},\"ratio\":%.3f", base.rate,
                   base.rate > 0 ? main_rate.rate / base.rate : 0.0);
        printf("}\n");
    } else {
        if (backend == CMD_BACKEND_CPU)
            printf("tensority cpu %s, %u thread%s: %.2f H/s (%llu hashes in %.2f s)\n", impl_name, shown_threads,
                   shown_threads == 1 ? "" : "s", main_rate.rate, (unsigned long long)main_rate.hashes,
                   main_rate.seconds);
        else
            printf("tensority %s: %.2f H/s (%llu hashes in %.2f s)\n", impl_name, main_rate.rate,
                   (unsigned long long)main_rate.hashes, main_rate.seconds);
        if (have_single)
            printf("  same implementation, 1 thread: %.2f H/s (scaling %.2fx)\n", single.rate,
                   single.rate > 0 ? main_rate.rate / single.rate : 0.0);
        if (!no_baseline)
            printf("  baseline, scalar reference, 1 thread: %.2f H/s (ratio %.1fx)\n", base.rate,
                   base.rate > 0 ? main_rate.rate / base.rate : 0.0);
        printf("  cache build: %.1f ms\n", cache_ms);
    }
    return CLI_OK;
}
