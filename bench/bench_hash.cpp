// Hash micro-benchmarks: Sluice's Keccak/SHA3 (FIPS 202), SM3 (GB/T 32905-2016) and
// SHA-256 (FIPS 180-4) beside OpenSSL's EVP implementation of the same function, in
// the same process; SHA-256's compression also as the C reference against the SHA
// extensions (sha256_compress/scalar and /shani).
// Every benchmark reports bytes/s; at the end a table gives sluice/openssl ratios
// for each pair (names "<algo>/sluice/<size>" and "<algo>/openssl/<size>").
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

extern "C" {
#include "sluice/keccak.h"
#include "sluice/sha256.h"
#include "sluice/sm3.h"
#include "../engine/hash/sha256_impl.h"
}

namespace {

std::vector<uint8_t> make_input(size_t n) {
    std::vector<uint8_t> v(n ? n : 1);
    for (size_t i = 0; i < v.size(); i++) v[i] = (uint8_t)(i * 131 + 7);
    return v;
}

// ---- Sluice ---------------------------------------------------------------

void bm_f1600(benchmark::State &state) {
    uint64_t st[25] = {0};
    for (auto _ : state) {
        sluice_keccak_f1600(st);
        benchmark::DoNotOptimize(st);
    }
    state.SetBytesProcessed((int64_t)state.iterations() * 200); // state bytes permuted
}

// One rate-sized block absorbed (XOR + one permutation): comparable with the
// OpenSSL absorb below, since OpenSSL does not expose the bare permutation.
void bm_absorb_sluice(benchmark::State &state) {
    auto in = make_input(136);
    sluice_keccak_ctx c;
    sluice_sha3_256_init(&c);
    for (auto _ : state) {
        sluice_keccak_update(&c, in.data(), 136);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed((int64_t)state.iterations() * 136);
}

template <void (*Hash)(uint8_t *, const void *, size_t), size_t Out>
void bm_sluice(benchmark::State &state) {
    size_t n = (size_t)state.range(0);
    auto in = make_input(n);
    uint8_t out[Out];
    for (auto _ : state) {
        Hash(out, in.data(), n);
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed((int64_t)state.iterations() * (int64_t)n);
}

void sha3_256(uint8_t *o, const void *d, size_t n) { sluice_sha3_256(o, d, n); }
void sha3_512(uint8_t *o, const void *d, size_t n) { sluice_sha3_512(o, d, n); }
void keccak256(uint8_t *o, const void *d, size_t n) { sluice_keccak256(o, d, n); }
void keccak512(uint8_t *o, const void *d, size_t n) { sluice_keccak512(o, d, n); }
void sm3(uint8_t *o, const void *d, size_t n) { sluice_sm3(o, d, n); }
void sha256(uint8_t *o, const void *d, size_t n) { sluice_sha256(o, d, n); }

// Sixteen blocks per call through one compression function.
template <void (*Compress)(uint32_t *, const uint8_t *, size_t)>
void bm_sha256_compress(benchmark::State &state) {
    if (Compress == sl_sha256_compress_shani && !sl_sha256_shani_supported()) {
        state.SkipWithError("no SHA extensions on this CPU");
        return;
    }
    auto in = make_input(16 * 64);
    uint32_t h[8] = {0};
    for (auto _ : state) {
        Compress(h, in.data(), 16);
        benchmark::DoNotOptimize(h);
    }
    state.SetBytesProcessed((int64_t)state.iterations() * 16 * 64);
}

// ---- OpenSSL EVP (baseline) ---------------------------------------------------
// The EVP_MD is fetched once and the EVP_MD_CTX reused, the fastest way to call
// EVP for many small messages (no per-call fetch or allocation).

struct Evp {
    EVP_MD *md = nullptr;
    EVP_MD_CTX *ctx = nullptr;
    explicit Evp(const char *name) {
        md = EVP_MD_fetch(nullptr, name, nullptr);
        ctx = EVP_MD_CTX_new();
    }
    ~Evp() { EVP_MD_CTX_free(ctx); EVP_MD_free(md); }
    bool ok() const { return md && ctx; }
};

void bm_openssl(benchmark::State &state, const char *name) {
    Evp e(name);
    if (!e.ok()) { state.SkipWithError("digest not available in this OpenSSL"); return; }
    size_t n = (size_t)state.range(0);
    auto in = make_input(n);
    uint8_t out[EVP_MAX_MD_SIZE];
    unsigned outlen;
    for (auto _ : state) {
        EVP_DigestInit_ex(e.ctx, e.md, nullptr);
        EVP_DigestUpdate(e.ctx, in.data(), n);
        EVP_DigestFinal_ex(e.ctx, out, &outlen);
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed((int64_t)state.iterations() * (int64_t)n);
}

void bm_absorb_openssl(benchmark::State &state) {
    Evp e("SHA3-256");
    if (!e.ok()) { state.SkipWithError("SHA3-256 not available"); return; }
    auto in = make_input(136);
    EVP_DigestInit_ex(e.ctx, e.md, nullptr);
    for (auto _ : state) {
        EVP_DigestUpdate(e.ctx, in.data(), 136);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed((int64_t)state.iterations() * 136);
}

// OpenSSL 3.0 has no legacy Keccak-256/512 (3.2 adds "KECCAK-256"); SHA3 with the
// same rate is the same amount of work and stands in for it when it is missing.
const char *legacy_name(const char *keccak, const char *sha3) {
    EVP_MD *md = EVP_MD_fetch(nullptr, keccak, nullptr);
    if (md) { EVP_MD_free(md); return keccak; }
    return sha3;
}

// ---- four-way batch ---------------------------------------------------------------
// Four messages of n bytes per iteration: the multi-buffer code ("sluice" = the
// implementation AUTO picks on this CPU; scalar/avx2/avx512 rows when available)
// against four OpenSSL EVP SHA3-256 digests.

void bm_f1600_x4(benchmark::State &state, sluice_keccak_impl impl) {
    if (!sluice_keccak_x4_available(impl)) { state.SkipWithError("not available on this CPU"); return; }
    uint64_t st[25][4] = {{0}};
    for (auto _ : state) {
        sluice_keccak_f1600_x4(impl, st);
        benchmark::DoNotOptimize(st);
    }
    state.SetBytesProcessed((int64_t)state.iterations() * 800);
}

void bm_sha3_x4(benchmark::State &state, sluice_keccak_impl impl) {
    if (!sluice_keccak_x4_available(impl)) { state.SkipWithError("not available on this CPU"); return; }
    size_t n = (size_t)state.range(0);
    std::vector<uint8_t> in[4];
    for (auto &v : in) v = make_input(n);
    const uint8_t *p[4] = {in[0].data(), in[1].data(), in[2].data(), in[3].data()};
    uint8_t out[4][32];
    uint8_t *const o[4] = {out[0], out[1], out[2], out[3]};
    for (auto _ : state) {
        sluice_keccak_x4(impl, 32, 0x06, o, p, n);
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed((int64_t)state.iterations() * 4 * (int64_t)n);
}

void bm_sha3_x4_openssl(benchmark::State &state) {
    Evp e("SHA3-256");
    if (!e.ok()) { state.SkipWithError("SHA3-256 not available"); return; }
    size_t n = (size_t)state.range(0);
    std::vector<uint8_t> in[4];
    for (auto &v : in) v = make_input(n);
    uint8_t out[4][32];
    unsigned outlen;
    for (auto _ : state) {
        for (int k = 0; k < 4; k++) {
            EVP_DigestInit_ex(e.ctx, e.md, nullptr);
            EVP_DigestUpdate(e.ctx, in[k].data(), n);
            EVP_DigestFinal_ex(e.ctx, out[k], &outlen);
        }
        benchmark::DoNotOptimize(out);
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed((int64_t)state.iterations() * 4 * (int64_t)n);
}

// ---- ratio table ----------------------------------------------------------------

class RatioReporter : public benchmark::ConsoleReporter {
  public:
    std::map<std::string, double> rate;
    void ReportRuns(const std::vector<Run> &runs) override {
        for (const auto &r : runs) {
            if (r.error_occurred || r.run_type != Run::RT_Iteration) continue;
            auto it = r.counters.find("bytes_per_second");
            if (it != r.counters.end()) rate[r.benchmark_name()] = it->second.value;
        }
        ConsoleReporter::ReportRuns(runs);
    }
    void PrintRatios() const {
        std::printf("\n%-34s %14s %14s %8s\n", "pair (sluice vs openssl)", "sluice MB/s",
                    "openssl MB/s", "ratio");
        for (const auto &kv : rate) {
            const std::string &name = kv.first;
            size_t p = name.find("/sluice");
            if (p == std::string::npos) continue;
            std::string base = name.substr(0, p) + "/openssl" + name.substr(p + 7);
            auto b = rate.find(base);
            if (b == rate.end() || b->second <= 0) continue;
            std::printf("%-34s %14.1f %14.1f %8.2f\n", name.c_str(), kv.second / 1e6,
                        b->second / 1e6, kv.second / b->second);
        }
    }
};

void register_all() {
    using benchmark::RegisterBenchmark;
    RegisterBenchmark("keccak_f1600/sluice", bm_f1600);
    RegisterBenchmark("absorb136/sluice", bm_absorb_sluice);
    RegisterBenchmark("absorb136/openssl", bm_absorb_openssl);
    for (int64_t n : {32, 136, 1024, 65536}) {
        RegisterBenchmark("sha3_256/sluice", bm_sluice<sha3_256, 32>)->Arg(n);
        RegisterBenchmark("sha3_256/openssl", bm_openssl, "SHA3-256")->Arg(n);
    }
    const char *k256 = legacy_name("KECCAK-256", "SHA3-256");
    const char *k512 = legacy_name("KECCAK-512", "SHA3-512");
    std::string k256_label = std::string("keccak256/openssl") + (k256[0] == 'S' ? "(sha3)" : "");
    std::string k512_label = std::string("keccak512/openssl") + (k512[0] == 'S' ? "(sha3)" : "");
    for (int64_t n : {32, 1024}) {
        RegisterBenchmark("keccak256/sluice", bm_sluice<keccak256, 32>)->Arg(n);
        RegisterBenchmark("keccak256/openssl", bm_openssl, k256)->Arg(n);
        RegisterBenchmark("sha3_512/sluice", bm_sluice<sha3_512, 64>)->Arg(n);
        RegisterBenchmark("sha3_512/openssl", bm_openssl, "SHA3-512")->Arg(n);
        RegisterBenchmark("keccak512/sluice", bm_sluice<keccak512, 64>)->Arg(n);
        RegisterBenchmark("keccak512/openssl", bm_openssl, k512)->Arg(n);
    }
    if (k256[0] == 'S')
        std::fprintf(stderr, "note: this OpenSSL has no KECCAK-256/512; keccak*/openssl rows run "
                             "SHA3 (same rate, same work)\n");
    std::string best = sluice_keccak_impl_name(sluice_keccak_x4_best());
    RegisterBenchmark(("keccak_f1600x4/sluice(" + best + ")").c_str(), bm_f1600_x4, SLUICE_KECCAK_AUTO);
    RegisterBenchmark("keccak_f1600x4/scalar", bm_f1600_x4, SLUICE_KECCAK_SCALAR);
    for (int64_t n : {32, 136, 1024}) {
        RegisterBenchmark("sha3_256x4/sluice", bm_sha3_x4, SLUICE_KECCAK_AUTO)->Arg(n);
        RegisterBenchmark("sha3_256x4/openssl", bm_sha3_x4_openssl)->Arg(n);
        RegisterBenchmark("sha3_256x4/scalar", bm_sha3_x4, SLUICE_KECCAK_SCALAR)->Arg(n);
        if (sluice_keccak_x4_best() == SLUICE_KECCAK_AVX512)
            RegisterBenchmark("sha3_256x4/avx2", bm_sha3_x4, SLUICE_KECCAK_AVX2)->Arg(n);
    }
    std::fprintf(stderr, "note: sha3_256x4/sluice runs the %s four-way code\n", best.c_str());
    for (int64_t n : {64, 96, 1024}) {
        RegisterBenchmark("sha256/sluice", bm_sluice<sha256, 32>)->Arg(n);
        RegisterBenchmark("sha256/openssl", bm_openssl, "SHA256")->Arg(n);
    }
    RegisterBenchmark("sha256_compress/scalar", bm_sha256_compress<sl_sha256_compress_scalar>);
    RegisterBenchmark("sha256_compress/shani", bm_sha256_compress<sl_sha256_compress_shani>);
    for (int64_t n : {32, 64, 1024, 65536}) {
        RegisterBenchmark("sm3/sluice", bm_sluice<sm3, 32>)->Arg(n);
        RegisterBenchmark("sm3/openssl", bm_openssl, "SM3")->Arg(n);
    }
}

} // namespace

int main(int argc, char **argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    RatioReporter rep;
    benchmark::RunSpecifiedBenchmarks(&rep);
    rep.PrintRatios();
    benchmark::Shutdown();
    return 0;
}
