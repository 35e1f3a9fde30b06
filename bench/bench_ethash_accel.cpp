// Google Benchmark suite for Ethash on accelerators: on the first OpenCL and
// the first CUDA device, a synthetic DAG (SLUICE_BENCH_ETHASH_ITEMS items of
// 128 bytes built from the epoch-0 light cache on the device; default 65521,
// 8 MiB, so that a CPU OpenCL device builds it in seconds) is
//  - searched, one device batch per iteration, with an unreachable boundary
//    (items/s = full hashes/s);
//  - hashed for given nonces (the exact re-check path);
//  - light-hashed (items computed from the cache on the device);
// with the CPU in the same run as the baseline (DESIGN.md "Measure in the same
// run"): full hashes on one thread over the same synthetic DAG built on the
// CPU, and light hashes on one thread. A missing backend is reported, not fatal.
// A small DAG fits in caches: its rates are an upper bound for the real
// 1+ GiB DAG (`sluice bench ethash-full --backend ...` measures that).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "sluice/accel.h"
#include "sluice/ethash.h"
}

namespace {

uint64_t bench_items() {
    const char *s = std::getenv("SLUICE_BENCH_ETHASH_ITEMS");
    const unsigned long long v = s ? std::strtoull(s, nullptr, 10) : 0;
    return v ? v : 65521;
}

// The epoch-0 light cache, built once per process.
sluice_ethash_epoch *epoch0() {
    static sluice_ethash_epoch *ep = [] {
        sluice_ethash_epoch *e = nullptr;
        if (sluice_ethash_epoch_new(&e, 0) != SLUICE_OK) std::abort();
        return e;
    }();
    return ep;
}

const uint8_t kHeader[32] = {0xbe, 0x4c, 0x40};

// One device batch per iteration, boundary 0 (nothing is found).
void BM_AccelSearch(benchmark::State &state, sluice_ethash_accel *ctx) {
    const uint32_t n = sluice_ethash_accel_batch(ctx);
    const uint8_t boundary[32] = {0};
    uint64_t found[4], start = 0;
    unsigned nfound = 0;
    for (auto _ : state) {
        if (sluice_ethash_accel_search(ctx, kHeader, start, n, boundary, found, 4, &nfound) != SLUICE_OK) {
            state.SkipWithError(sluice_ethash_accel_why(ctx));
            return;
        }
        start += n;
    }
    state.SetItemsProcessed(state.iterations() * (int64_t)n);
}

// Full hashes of given nonces (mix and final back to the host).
void BM_AccelHash(benchmark::State &state, sluice_ethash_accel *ctx) {
    const size_t n = (size_t)state.range(0);
    std::vector<uint64_t> nonces(n);
    std::vector<uint8_t> mix(32 * n), fin(32 * n);
    uint64_t next = 0;
    for (auto _ : state) {
        for (auto &x : nonces) x = next++;
        if (sluice_ethash_accel_hash(ctx, kHeader, nonces.data(), n, mix.data(), fin.data()) != SLUICE_OK) {
            state.SkipWithError(sluice_ethash_accel_why(ctx));
            return;
        }
        benchmark::DoNotOptimize(fin.data());
    }
    state.SetItemsProcessed(state.iterations() * (int64_t)n);
}

// Light hashes on the device (items from the cache).
void BM_AccelLight(benchmark::State &state, sluice_ethash_accel *ctx) {
    const size_t n = (size_t)state.range(0);
    std::vector<uint64_t> nonces(n);
    std::vector<uint8_t> mix(32 * n), fin(32 * n);
    uint64_t next = 0;
    for (auto _ : state) {
        for (auto &x : nonces) x = next++;
        if (sluice_ethash_accel_light_hash(ctx, kHeader, nonces.data(), n, mix.data(), fin.data()) != SLUICE_OK) {
            state.SkipWithError(sluice_ethash_accel_why(ctx));
            return;
        }
        benchmark::DoNotOptimize(fin.data());
    }
    state.SetItemsProcessed(state.iterations() * (int64_t)n);
}

// Baseline: full hashes on one CPU thread over the same synthetic DAG.
void BM_CpuFullBaseline(benchmark::State &state, sluice_ethash_dag *dag) {
    sluice_ethash_result r;
    uint64_t nonce = 0;
    for (auto _ : state) {
        sluice_ethash_full_hash(dag, kHeader, nonce++, &r);
        benchmark::DoNotOptimize(r.final);
    }
    state.SetItemsProcessed(state.iterations());
}

// Baseline: light hashes on one CPU thread (the fastest CPU path).
void BM_CpuLightBaseline(benchmark::State &state) {
    sluice_ethash_result r;
    uint64_t nonce = 0;
    for (auto _ : state) {
        sluice_ethash_light_hash(epoch0(), kHeader, nonce++, &r);
        benchmark::DoNotOptimize(r.final);
    }
    state.SetItemsProcessed(state.iterations());
}

// A context with the synthetic DAG on the first device of api, or null.
sluice_ethash_accel *open_first(sluice_accel_api api, uint64_t items, std::string *label) {
    sluice_accel_device dev[8];
    unsigned count = 0;
    char why[512] = "";
    sluice_err err = sluice_accel_list(api, dev, 8, &count, why, sizeof why);
    if (err != SLUICE_OK || count == 0) {
        std::fprintf(stderr, "%s: no device (%s)\n", sluice_accel_api_name(api), err ? why : "none listed");
        return nullptr;
    }
    sluice_ethash_accel_opts opts{};
    opts.items = items;
    sluice_ethash_accel *ctx = nullptr;
    err = sluice_ethash_accel_new(&ctx, &dev[0], epoch0(), &opts, why, sizeof why);
    if (err != SLUICE_OK) {
        std::fprintf(stderr, "%s: %s\n", sluice_accel_api_name(api), why);
        return nullptr;
    }
    std::fprintf(stderr, "%s/%s: DAG of %llu items built on the device in %.2f s\n", sluice_accel_api_name(api),
                 dev[0].name, (unsigned long long)items, sluice_ethash_accel_dag_seconds(ctx));
    *label = std::string(sluice_accel_api_name(api)) + "/" + dev[0].name;
    return ctx;
}

}  // namespace

int main(int argc, char **argv) {
    benchmark::Initialize(&argc, argv);
    const uint64_t items = bench_items();
    sluice_ethash_dag_opts dopts{};
    dopts.items = items;
    sluice_ethash_dag *dag = nullptr;
    char why[512] = "";
    if (sluice_ethash_dag_new(&dag, epoch0(), &dopts, nullptr, why, sizeof why) == SLUICE_OK)
        benchmark::RegisterBenchmark("BM_CpuFullBaseline", BM_CpuFullBaseline, dag);
    else
        std::fprintf(stderr, "CPU DAG: %s\n", why);
    benchmark::RegisterBenchmark("BM_CpuLightBaseline", BM_CpuLightBaseline);
    std::vector<sluice_ethash_accel *> ctxs;
    for (sluice_accel_api api : {SLUICE_ACCEL_OPENCL, SLUICE_ACCEL_CUDA}) {
        std::string label;
        sluice_ethash_accel *ctx = open_first(api, items, &label);
        if (!ctx) continue;
        ctxs.push_back(ctx);
        benchmark::RegisterBenchmark(("BM_AccelSearch/" + label).c_str(), BM_AccelSearch, ctx)
            ->Unit(benchmark::kMillisecond)->UseRealTime();
        benchmark::RegisterBenchmark(("BM_AccelHash/" + label).c_str(), BM_AccelHash, ctx)
            ->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();
        benchmark::RegisterBenchmark(("BM_AccelLight/" + label).c_str(), BM_AccelLight, ctx)
            ->Arg(sluice_ethash_accel_device(ctx)->is_cpu ? 64 : 8192)->Unit(benchmark::kMillisecond)->UseRealTime();
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    for (auto *ctx : ctxs) sluice_ethash_accel_free(ctx);
    sluice_ethash_dag_free(dag);
    return 0;
}
