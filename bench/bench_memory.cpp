// What this machine's memory can do, as the ceiling for Ethash's full-DAG
// search (each hash = 64 random 128-byte reads = 8 KiB, ../shared/specs/ethash.md
// "Speed facts"): sequential read bandwidth and random 128-byte reads with many
// independent reads in flight, over a 1 GiB buffer (the epoch-0 DAG's size) on
// transparent huge pages. Run with --benchmark_filter and compare bytes_per_second
// with `sluice bench ethash-full` (bandwidth_gbs = H/s * 8192).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>

namespace {

constexpr size_t kBytes = size_t{1} << 30;

struct Buffer {
    uint8_t *data = nullptr;
    Buffer() {
        void *p = nullptr;
        if (posix_memalign(&p, size_t{2} << 20, kBytes) != 0) std::abort();
        madvise(p, kBytes, MADV_HUGEPAGE);
        std::memset(p, 0x5a, kBytes);
        data = static_cast<uint8_t *>(p);
    }
    ~Buffer() { std::free(data); }
};

Buffer &buffer() {
    static Buffer b;   // one 1 GiB buffer shared by all benchmarks and threads
    return b;
}

// Sequential read: each thread sums its own half/quarter of the buffer.
void BM_SequentialRead(benchmark::State &state) {
    const uint64_t *words = reinterpret_cast<const uint64_t *>(buffer().data);
    const size_t n = kBytes / 8 / static_cast<size_t>(state.threads());
    const uint64_t *mine = words + n * static_cast<size_t>(state.thread_index());
    for (auto _ : state) {
        uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (size_t i = 0; i < n; i += 4) {
            s0 += mine[i];
            s1 += mine[i + 1];
            s2 += mine[i + 2];
            s3 += mine[i + 3];
        }
        benchmark::DoNotOptimize(s0 + s1 + s2 + s3);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(n * 8));
}

// Random 128-byte reads, `lanes` independent address streams per thread (the
// next address of a lane depends on the data it read, as in Hashimoto).
void BM_Random128(benchmark::State &state) {
    const uint8_t *base = buffer().data;
    const uint64_t items = kBytes / 128;
    const int lanes = static_cast<int>(state.range(0));
    constexpr int kReads = 1 << 16;
    uint64_t x[32];
    for (int l = 0; l < lanes; l++) x[l] = 0x9e3779b97f4a7c15ull * static_cast<uint64_t>(l + 1 + 64 * state.thread_index());
    for (auto _ : state) {
        for (int r = 0; r < kReads; r++) {
            for (int l = 0; l < lanes; l++) {
                const uint64_t *p = reinterpret_cast<const uint64_t *>(base + (x[l] % items) * 128);
                uint64_t v = p[0] ^ p[8];   // both 64-byte halves of the item
                x[l] = (x[l] ^ v) * 0x2545f4914f6cdd1dull + static_cast<uint64_t>(r);
            }
        }
        benchmark::DoNotOptimize(x[0]);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kReads * lanes * 128);
}

}  // namespace

BENCHMARK(BM_SequentialRead)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Random128)->Arg(1)->Arg(16)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
