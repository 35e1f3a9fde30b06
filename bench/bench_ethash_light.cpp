// Google Benchmark suite for Ethash light hashing (verification without the
// DAG) on the CPU: the scalar reference as the baseline in the same run, the
// fast single hash, the batched hash on 1 and 2 threads, each node
// implementation, at epoch 0 and epoch 400. Rates are in the items/s counter:
// hashes/s for the hash benchmarks (divide by threads for the per-core rate),
// nodes/s for BM_EthashNodes.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" {
#include "sluice/ethash.h"
#include "../engine/pow/ethash_fast.h"
}

namespace {

// Epoch contexts built once per process (freed at exit by the OS).
const sluice_ethash_epoch *epoch_ctx(int epoch) {
    static sluice_ethash_epoch *ctx[2] = {nullptr, nullptr};
    int slot = epoch == 0 ? 0 : 1;
    if (!ctx[slot] && sluice_ethash_epoch_new(&ctx[slot], epoch) != SLUICE_OK) std::abort();
    return ctx[slot];
}

void header_of(uint64_t n, uint8_t hh[32]) {
    std::memset(hh, 0x5a, 32);
    std::memcpy(hh, &n, sizeof n);
}

void BM_EthashLightRef(benchmark::State &state) {
    const sluice_ethash_epoch *ctx = epoch_ctx((int)state.range(0));
    uint8_t hh[32];
    uint64_t n = 0;
    sluice_ethash_result r;
    for (auto _ : state) {
        header_of(n++, hh);
        sluice_ethash_light_hash_ref(ctx, hh, n, &r);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_EthashLight(benchmark::State &state) {
    const sluice_ethash_epoch *ctx = epoch_ctx((int)state.range(0));
    uint8_t hh[32];
    uint64_t n = 0;
    sluice_ethash_result r;
    for (auto _ : state) {
        header_of(n++, hh);
        sluice_ethash_light_hash(ctx, hh, n, &r);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}

// range(0): epoch, range(1): threads; 64 hashes (distinct headers) per iteration.
void BM_EthashLightBatch(benchmark::State &state) {
    const sluice_ethash_epoch *ctx = epoch_ctx((int)state.range(0));
    const unsigned threads = (unsigned)state.range(1);
    const size_t n = 64;
    std::vector<uint8_t> hh(n * 32);
    std::vector<uint64_t> nonces(n);
    std::vector<sluice_ethash_result> out(n);
    uint64_t round = 0;
    for (auto _ : state) {
        for (size_t k = 0; k < n; k++) {
            header_of(round * n + k, &hh[32 * k]);
            nonces[k] = round * n + k;
        }
        round++;
        if (sluice_ethash_light_hash_batch(ctx, reinterpret_cast<const uint8_t(*)[32]>(hh.data()), nonces.data(),
                                           n, out.data(), threads) != SLUICE_OK) {
            state.SkipWithError("sluice_ethash_light_hash_batch failed");
            break;
        }
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed((int64_t)(state.iterations() * n));
}

// range(0): implementation (ethash_impl), range(1): nodes per call; nodes of
// random indices at epoch 0, one thread.
void BM_EthashNodes(benchmark::State &state) {
    const ethash_impl impl = (ethash_impl)state.range(0);
    if (!ethash_impl_available(impl)) {
        state.SkipWithError("implementation not supported by this CPU");
        return;
    }
    const sluice_ethash_epoch *ctx = epoch_ctx(0);
    const size_t n = (size_t)state.range(1);
    std::vector<uint32_t> idx(n);
    std::vector<ethash_node> out(n);
    uint32_t x = 12345;
    for (auto _ : state) {
        for (size_t k = 0; k < n; k++) idx[k] = x = x * 1664525u + 1013904223u;
        if (ethash_nodes_with(impl, ctx, idx.data(), n, out.data()) != SLUICE_OK) {
            state.SkipWithError("ethash_nodes_with failed");
            break;
        }
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed((int64_t)(state.iterations() * n));
    state.SetLabel(ethash_impl_name(impl));
}

}  // namespace

BENCHMARK(BM_EthashLightRef)->Arg(0)->Arg(400)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EthashLight)->Arg(0)->Arg(400)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EthashLightBatch)->Args({0, 1})->Args({0, 2})->Args({400, 1})->Args({400, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EthashNodes)
    ->Args({ETHASH_IMPL_SCALAR, 1024})->Args({ETHASH_IMPL_AVX2, 1024})->Args({ETHASH_IMPL_AVX512, 1024})
    ->Args({ETHASH_IMPL_AVX512, 32})->Args({ETHASH_IMPL_AVX512, 2})->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
