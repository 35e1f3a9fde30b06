// Google Benchmark suite for the Ethash DAG and full-DAG hashing on the CPU:
// DAG item generation (1 and 2 threads), the full hash (pipelined lanes) with
// the reference Hashimoto over the same DAG as the baseline in the same run,
// and the multi-threaded search. Rates are in the items/s counter (DAG items
// per second, or hashes per second).
//
// The DAG is synthetic (SLUICE_BENCH_ETHASH_ITEMS items of the epoch-0 light
// cache, default 2^21 - 9 = 256 MiB, larger than the L3 cache) so the suite
// runs without the 1 GiB DAG; set SLUICE_BENCH_ETHASH_ITEMS=0 to use the real
// epoch-0 DAG through the disk cache (built once, then loaded).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>

extern "C" {
#include "sluice/ethash.h"
}

namespace {

const sluice_ethash_epoch *epoch0() {
    static sluice_ethash_epoch *ctx = [] {
        sluice_ethash_epoch *c = nullptr;
        if (sluice_ethash_epoch_new(&c, 0) != SLUICE_OK) std::abort();
        return c;
    }();
    return ctx;
}

const sluice_ethash_dag *bench_dag() {
    static sluice_ethash_dag *dag = [] {
        const char *env = std::getenv("SLUICE_BENCH_ETHASH_ITEMS");
        sluice_ethash_dag_opts o;
        std::memset(&o, 0, sizeof o);
        o.items = env ? std::strtoull(env, nullptr, 0) : (1u << 21) - 9;
        if (o.items == 0) o.cache_dir = "";
        sluice_ethash_dag *d = nullptr;
        char why[512];
        if (sluice_ethash_dag_new(&d, epoch0(), &o, nullptr, why, sizeof why) != SLUICE_OK) std::abort();
        return d;
    }();
    return dag;
}

// DAG generation: a synthetic DAG of range(1) items on range(0) threads per iteration.
void BM_EthashDagItems(benchmark::State &state) {
    sluice_ethash_dag_opts o;
    std::memset(&o, 0, sizeof o);
    o.threads = (unsigned)state.range(0);
    o.items = (uint64_t)state.range(1);
    for (auto _ : state) {
        sluice_ethash_dag *d = nullptr;
        if (sluice_ethash_dag_new(&d, epoch0(), &o, nullptr, nullptr, 0) != SLUICE_OK) std::abort();
        sluice_ethash_dag_free(d);
    }
    state.SetItemsProcessed((int64_t)state.iterations() * state.range(1));
}

void BM_EthashFullHash(benchmark::State &state) {
    const sluice_ethash_dag *dag = bench_dag();
    uint8_t hh[32] = {0x42};
    uint64_t nonce = 0;
    sluice_ethash_result r;
    for (auto _ : state) {
        sluice_ethash_full_hash(dag, hh, nonce++, &r);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void dag_lookup(void *user, uint64_t i, uint8_t out[128]) {
    std::memcpy(out, sluice_ethash_dag_data(static_cast<const sluice_ethash_dag *>(user)) + 128 * i, 128);
}

// Baseline: the readable Hashimoto reading the same DAG, one hash at a time.
void BM_EthashFullHashRef(benchmark::State &state) {
    const sluice_ethash_dag *dag = bench_dag();
    uint8_t hh[32] = {0x42};
    uint64_t nonce = 0;
    sluice_ethash_result r;
    for (auto _ : state) {
        sluice_ethash_hashimoto_ref(sluice_ethash_dag_items(dag), dag_lookup, const_cast<sluice_ethash_dag *>(dag),
                                    hh, nonce++, &r);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

// Search with an unreachable boundary: range(0) threads, 16 lanes per thread.
void BM_EthashSearch(benchmark::State &state) {
    const sluice_ethash_dag *dag = bench_dag();
    uint8_t hh[32] = {0x17}, zero[32] = {0};
    sluice_ethash_search_params p;
    std::memset(&p, 0, sizeof p);
    p.header_hash = hh;
    p.boundary = zero;
    p.threads = (unsigned)state.range(0);
    p.count = 4096;
    uint64_t hashes = 0;
    for (auto _ : state) {
        sluice_ethash_search_result r;
        if (sluice_ethash_search(dag, &p, &r) != SLUICE_OK) std::abort();
        hashes += r.hashes;
        p.start_nonce += p.count;
    }
    state.SetItemsProcessed((int64_t)hashes);
}

}  // namespace

BENCHMARK(BM_EthashDagItems)->Args({1, 16381})->Args({2, 16381})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EthashFullHash);
BENCHMARK(BM_EthashFullHashRef);
BENCHMARK(BM_EthashSearch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
