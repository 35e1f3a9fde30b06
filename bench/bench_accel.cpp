// Google Benchmark suite for the accelerator backends: Tensority hashes per
// second (items/s) on the first OpenCL and the first CUDA device, for a hash
// batch and for a mining search, with the CPU's fastest implementation on one
// thread as the baseline in the same run (DESIGN.md "Measure in the same run").
// Devices are discovered at start-up; a missing backend is reported, not fatal.
#include <benchmark/benchmark.h>

#include "bench_common.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" {
#include "sluice/accel.h"
#include "sluice/bytom_genesis.h"
#include "sluice/tensority.h"
}

namespace {

using sluice_bench::initial_seed_cache;

// Hashes one device batch per iteration.
void BM_AccelHash(benchmark::State &state, sluice_tensority_accel *ctx) {
    const size_t n = sluice_tensority_accel_batch(ctx);
    std::vector<uint8_t> hh(32 * n), out(32 * n);
    uint64_t counter = 0;
    for (auto _ : state) {
        for (size_t i = 0; i < n; i++, counter++) std::memcpy(&hh[32 * i], &counter, sizeof counter);
        if (sluice_tensority_accel_hash(ctx, hh.data(), n, out.data()) != SLUICE_OK) {
            state.SkipWithError(sluice_tensority_accel_why(ctx));
            return;
        }
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * (int64_t)n);
}

// Searches one device batch of nonces per iteration (block hash + Tensority +
// target on the device) with a target nothing meets.
void BM_AccelSearch(benchmark::State &state, sluice_tensority_accel *ctx) {
    const uint32_t n = sluice_tensority_accel_batch(ctx);
    uint8_t body[136] = {1, 2, 3};
    sluice_bytom_target t;
    std::memset(&t, 0, sizeof t);   // target 0: no result meets it
    uint64_t found[4], start = 0;
    unsigned nfound = 0;
    for (auto _ : state) {
        if (sluice_tensority_accel_search(ctx, body, start, n, &t, found, 4, &nfound) != SLUICE_OK) {
            state.SkipWithError(sluice_tensority_accel_why(ctx));
            return;
        }
        start += n;
    }
    state.SetItemsProcessed(state.iterations() * (int64_t)n);
}

// Baseline: the CPU's fastest implementation, one thread.
void BM_CpuBaseline(benchmark::State &state) {
    sluice_bench::run_cpu_hash_loop(state, SLUICE_TENSORITY_AUTO);
}

// One context on the first device of api, or null (with the reason printed).
sluice_tensority_accel *open_first(sluice_accel_api api, std::string *label) {
    sluice_accel_device dev[8];
    unsigned count = 0;
    char why[512] = "";
    sluice_err err = sluice_accel_list(api, dev, 8, &count, why, sizeof why);
    if (err != SLUICE_OK || count == 0) {
        std::fprintf(stderr, "%s: no device (%s)\n", sluice_accel_api_name(api), err ? why : "none listed");
        return nullptr;
    }
    sluice_tensority_accel *ctx = nullptr;
    err = sluice_tensority_accel_new(&ctx, &dev[0], sluice_tensority_cache_matrix(initial_seed_cache(), 0), why, sizeof why);
    if (err != SLUICE_OK) {
        std::fprintf(stderr, "%s: %s\n", sluice_accel_api_name(api), why);
        return nullptr;
    }
    *label = std::string(sluice_accel_api_name(api)) + "/" + dev[0].name;
    return ctx;
}

}  // namespace

int main(int argc, char **argv) {
    benchmark::Initialize(&argc, argv);
    benchmark::RegisterBenchmark("BM_CpuBaseline", BM_CpuBaseline)->Unit(benchmark::kMillisecond);
    std::vector<sluice_tensority_accel *> ctxs;
    for (sluice_accel_api api : {SLUICE_ACCEL_OPENCL, SLUICE_ACCEL_CUDA}) {
        std::string label;
        sluice_tensority_accel *ctx = open_first(api, &label);
        if (!ctx) continue;
        ctxs.push_back(ctx);
        benchmark::RegisterBenchmark(("BM_AccelHash/" + label).c_str(), BM_AccelHash, ctx)
            ->Unit(benchmark::kMillisecond)->UseRealTime();
        benchmark::RegisterBenchmark(("BM_AccelSearch/" + label).c_str(), BM_AccelSearch, ctx)
            ->Unit(benchmark::kMillisecond)->UseRealTime();
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    for (auto *ctx : ctxs) sluice_tensority_accel_free(ctx);
    return 0;
}
