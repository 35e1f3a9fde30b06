// Helpers shared by the Google Benchmark suites.
#ifndef SLUICE_BENCH_COMMON_H
#define SLUICE_BENCH_COMMON_H

#include <cstdlib>

extern "C" {
#include "sluice/bytom_genesis.h"
#include "sluice/tensority.h"
}

namespace sluice_bench {

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

}  // namespace sluice_bench

#endif
