// Google Benchmark suite for Tensority on the CPU: every implementation this
// CPU supports, the scalar reference as the baseline in the same run, the
// cache build, and the multi-threaded search. Rates are in the items/s counter
// (hashes per second).
#include <benchmark/benchmark.h>

#include "bench_common.h"
#include <cstdlib>
#include <cstring>

extern "C" {
#include "sluice/bytom_genesis.h"
#include "sluice/tensority.h"
#include "sluice/tensority_search.h"
}

namespace {

using sluice_bench::initial_seed_cache;

void BM_TensorityHash(benchmark::State &state, sluice_tensority_impl impl) {
    if (!sluice_tensority_impl_available(impl)) {
        state.SkipWithError("implementation not supported by this CPU");
        return;
    }
    sluice_bench::run_cpu_hash_loop(state, impl);
}

void BM_TensorityCacheBuild(benchmark::State &state) {
    uint8_t seed[32] = {7};
    for (auto _ : state) {
        sluice_tensority_cache *c = nullptr;
        if (sluice_tensority_cache_new(&c, seed, (unsigned)state.range(0)) != SLUICE_OK) std::abort();
        sluice_tensority_cache_free(c);
        seed[0]++;
    }
}

void BM_TensoritySearch(benchmark::State &state) {
    sluice_tensority_cache *cache = initial_seed_cache();
    sluice_bytom_header h;
    sluice_bytom_mainnet_genesis(&h);
    uint8_t body[SLUICE_BYTOM_HEADER_BODY_BYTES];
    sluice_bytom_header_body(&h, body);
    sluice_tensority_search_params p;
    std::memset(&p, 0, sizeof p);
    p.body = body;
    p.target.negative = 1;   // never met: pure hashing
    p.threads = (unsigned)state.range(0);
    p.count = 8 * p.threads;
    uint64_t hashes = 0;
    for (auto _ : state) {
        sluice_tensority_search_result r;
        sluice_tensority_search(cache, &p, &r);
        hashes += r.hashes;
        p.start_nonce += p.count;
    }
    state.SetItemsProcessed((int64_t)hashes);
}

}  // namespace

BENCHMARK_CAPTURE(BM_TensorityHash, ref_baseline, SLUICE_TENSORITY_REF)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK_CAPTURE(BM_TensorityHash, avx2, SLUICE_TENSORITY_AVX2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TensorityHash, avx512vnni, SLUICE_TENSORITY_AVX512VNNI)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TensorityCacheBuild)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TensoritySearch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
