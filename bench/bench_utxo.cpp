// UTXO store (sluice/utxo_store.h, LMDB) micro-benchmarks:
//  - bulk lookup of 100k random present IDs with 1 and 2 threads, in a store
//    of 200k entries (one consistent read snapshot per call);
//  - one durable commit of 10k operations (5k new entries + deletion of the
//    5k created by the previous iteration, so the set size stays constant).
// The store lives in a temporary directory under $TMPDIR, removed at exit.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

extern "C" {
#include "sluice/utxo_store.h"
}

namespace {

constexpr size_t kStoreEntries = 200000;
constexpr size_t kLookups = 100000;
constexpr size_t kCommitOps = 10000;

uint64_t mix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void make_id(uint8_t id[32], uint64_t k) {
    uint64_t x = k;
    for (int i = 0; i < 4; i++) {
        x = mix64(x);
        std::memcpy(id + 8 * i, &x, 8);
    }
}

struct Fixture {
    std::string dir;
    sluice_utxo_store *store = nullptr;
    uint64_t next_key = 0;  // keys [0, next_key) were created at some point

    Fixture() {
        const char *base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/sluice-bench-utxo-XXXXXX";
        std::vector<char> buf(tmpl.begin(), tmpl.end());
        buf.push_back(0);
        if (!mkdtemp(buf.data())) {
            std::perror("mkdtemp");
            std::exit(1);
        }
        dir = buf.data();
        std::string sdir = dir + "/store";
        char why[256];
        if (sluice_utxo_open(sdir.c_str(), &store, why, sizeof why) != SLUICE_OK) {
            std::fprintf(stderr, "bench_utxo: %s\n", why);
            std::exit(1);
        }
        std::vector<sluice_utxo_op> ops(kStoreEntries);
        for (size_t i = 0; i < kStoreEntries; i++) {
            std::memset(&ops[i], 0, sizeof ops[i]);
            make_id(ops[i].id, i);
            ops[i].kind = SLUICE_UTXO_PUT;
            ops[i].entry.block_height = i / 100;
        }
        uint8_t hash[32] = {0};
        if (sluice_utxo_commit(store, ops.data(), ops.size(), 1, hash, nullptr, 0, why,
                               sizeof why) != SLUICE_OK) {
            std::fprintf(stderr, "bench_utxo: %s\n", why);
            std::exit(1);
        }
        next_key = kStoreEntries;
    }
    ~Fixture() {
        sluice_utxo_close(store);
        std::string sdir = dir + "/store";
        unlink((sdir + "/data.mdb").c_str());
        unlink((sdir + "/lock.mdb").c_str());
        rmdir(sdir.c_str());
        rmdir(dir.c_str());
    }
};

Fixture &fixture() {
    static Fixture f;
    return f;
}

void bm_get_many(benchmark::State &state) {
    Fixture &f = fixture();
    int threads = (int)state.range(0);
    std::vector<uint8_t> ids(kLookups * 32);
    for (size_t i = 0; i < kLookups; i++)
        make_id(&ids[32 * i], mix64(i) % kStoreEntries);
    std::vector<sluice_utxo_entry> out(kLookups);
    std::vector<uint8_t> found(kLookups);
    for (auto _ : state) {
        sluice_err e = sluice_utxo_get_many(f.store, (const uint8_t(*)[32])ids.data(), kLookups,
                                            out.data(), found.data(), threads);
        if (e != SLUICE_OK || !found[kLookups - 1]) state.SkipWithError("lookup failed");
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed((int64_t)state.iterations() * (int64_t)kLookups);
}

void bm_commit(benchmark::State &state) {
    Fixture &f = fixture();
    std::vector<sluice_utxo_op> ops(kCommitOps);
    uint64_t prev_lo = 0, prev_n = 0;
    uint8_t hash[32] = {0};
    uint64_t height = 2;
    for (auto _ : state) {
        size_t n = 0;
        uint64_t lo = f.next_key;
        for (size_t i = 0; i < kCommitOps / 2; i++, n++) {
            std::memset(&ops[n], 0, sizeof ops[n]);
            make_id(ops[n].id, lo + i);
            ops[n].kind = SLUICE_UTXO_PUT;
            ops[n].entry.block_height = height;
        }
        for (uint64_t i = 0; i < (prev_n ? prev_n : kCommitOps / 2); i++, n++) {
            std::memset(&ops[n], 0, sizeof ops[n]);
            // First round: deletions of absent keys (the seed set stays whole).
            make_id(ops[n].id, prev_n ? prev_lo + i : (1ULL << 62) + i);
            ops[n].kind = SLUICE_UTXO_DELETE;
        }
        char why[256];
        if (sluice_utxo_commit(f.store, ops.data(), n, height++, hash, nullptr, 0, why,
                               sizeof why) != SLUICE_OK)
            state.SkipWithError(why);
        prev_lo = lo;
        prev_n = kCommitOps / 2;
        f.next_key += kCommitOps / 2;
    }
    state.SetItemsProcessed((int64_t)state.iterations() * (int64_t)kCommitOps);
}

}  // namespace

BENCHMARK(bm_get_many)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(bm_commit)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
