// Helpers shared by the Google Benchmark suites.
#ifndef SLUICE_BENCH_COMMON_H
#define SLUICE_BENCH_COMMON_H

#include <benchmark/benchmark.h>
#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" {
#include "sluice/bytom_genesis.h"
#include "sluice/tensority.h"
}

namespace sluice_bench {

// Reproducible pseudo-random words for benchmark inputs (xorshift64,
// Marsaglia 2003); not for anything secret.
struct Xorshift {
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    uint64_t next() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    }
};

// The Tensority cache of Bytom's InitialSeed (blocks 1..256), built once per
// process and shared by every benchmark in it (freed at exit by the OS).
inline sluice_tensority_cache *initial_seed_cache() {
    static sluice_tensority_cache *cache = [] {
        uint8_t seed[32];
        sluice_bytom_initial_seed(seed);
        sluice_tensority_cache *c = nullptr;
        if (sluice_tensority_cache_new(&c, seed, 0) != SLUICE_OK) std::abort();
        return c;
    }();
    return cache;
}

// Hashes distinct header hashes with one CPU implementation on this thread,
// one hash per iteration (items/s = H/s).
inline void run_cpu_hash_loop(benchmark::State &state, sluice_tensority_impl impl) {
    sluice_tensority_cache *cache = initial_seed_cache();
    void *scratch = nullptr;
    if (posix_memalign(&scratch, 64, sluice_tensority_scratch_size()) != 0) std::abort();
    uint8_t hh[32] = {0}, out[32];
    uint64_t n = 0;
    for (auto _ : state) {
        std::memcpy(hh, &n, sizeof n);
        n++;
        if (sluice_tensority_hash(cache, impl, hh, out, scratch) != SLUICE_OK) {
            state.SkipWithError("sluice_tensority_hash failed");
            break;
        }
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
    std::free(scratch);
}

}  // namespace sluice_bench

#endif
