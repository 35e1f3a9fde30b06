// secp256k1 field and scalar micro-benchmarks: fe mul/sqr/inv, sc mul/inv,
// with OpenSSL BN_mod_mul (mod p) in the same process as the baseline for mul.
// Each iteration feeds its result back as the next input (a dependency chain),
// so the figures are latencies per operation. Then the multi-scalar
// multiplication of the BIP340 batch (sl_secp256k1_msm_plan on one thread,
// 128-bit scalars) with its additions on the eight IFMA lanes (lanes:1,
// where the CPU has them) against the scalar rounds (lanes:0, the baseline)
// at the point counts of batches of 256, 1,024 and 8,192 signatures.
#include <benchmark/benchmark.h>

#include "bench_common.h"
#include <openssl/bn.h>

#include <cstdint>
#include <cstdlib>

extern "C" {
#include "../engine/ec/secp256k1_field.h"
#include "../engine/ec/secp256k1_group.h"
#include "../engine/ec/secp256k1_scalar.h"
}

#include <vector>

namespace {

const uint8_t kX[32] = {0x79, 0xBE, 0x66, 0x7E, 0xF9, 0xDC, 0xBB, 0xAC, 0x55, 0xA0, 0x62,
                        0x95, 0xCE, 0x87, 0x0B, 0x07, 0x02, 0x9B, 0xFC, 0xDB, 0x2D, 0xCE,
                        0x28, 0xD9, 0x59, 0xF2, 0x81, 0x5B, 0x16, 0xF8, 0x17, 0x98};
const uint8_t kY[32] = {0x48, 0x3A, 0xDA, 0x77, 0x26, 0xA3, 0xC4, 0x65, 0x5D, 0xA4, 0xFB,
                        0xFC, 0x0E, 0x11, 0x08, 0xA8, 0xFD, 0x17, 0xB4, 0x48, 0xA6, 0x85,
                        0x54, 0x19, 0x9C, 0x47, 0xD0, 0x8F, 0xFB, 0x10, 0xD4, 0xB8};

void fe_pair(sl_secp256k1_fe *a, sl_secp256k1_fe *b) {
    if (!sl_secp256k1_fe_set_b32(a, kX) || !sl_secp256k1_fe_set_b32(b, kY)) std::abort();
}

void bm_fe_mul(benchmark::State &state) {
    sl_secp256k1_fe a, b;
    fe_pair(&a, &b);
    for (auto _ : state) {
        sl_secp256k1_fe_mul(&a, &a, &b);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_fe_sqr(benchmark::State &state) {
    sl_secp256k1_fe a, b;
    fe_pair(&a, &b);
    for (auto _ : state) {
        sl_secp256k1_fe_sqr(&a, &a);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_fe_inv(benchmark::State &state) {
    sl_secp256k1_fe a, b;
    fe_pair(&a, &b);
    for (auto _ : state) {
        sl_secp256k1_fe_inv(&a, &a);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_fe_sqrt(benchmark::State &state) {
    sl_secp256k1_fe a, b;
    fe_pair(&a, &b);
    for (auto _ : state) {
        benchmark::DoNotOptimize(sl_secp256k1_fe_sqrt(&a, &a));
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_openssl_bn_mod_mul(benchmark::State &state) {
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *p = nullptr, *a = BN_bin2bn(kX, 32, nullptr), *b = BN_bin2bn(kY, 32, nullptr);
    BN_hex2bn(&p, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F");
    for (auto _ : state) {
        if (!BN_mod_mul(a, a, b, p, ctx)) std::abort();
    }
    state.SetItemsProcessed((int64_t)state.iterations());
    BN_free(a);
    BN_free(b);
    BN_free(p);
    BN_CTX_free(ctx);
}

void sc_pair(sl_secp256k1_sc *a, sl_secp256k1_sc *b) {
    if (sl_secp256k1_sc_set_b32(a, kX) || sl_secp256k1_sc_set_b32(b, kY)) std::abort();
}

void bm_sc_mul(benchmark::State &state) {
    sl_secp256k1_sc a, b;
    sc_pair(&a, &b);
    for (auto _ : state) {
        sl_secp256k1_sc_mul(&a, &a, &b);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_sc_inv(benchmark::State &state) {
    sl_secp256k1_sc a, b;
    sc_pair(&a, &b);
    for (auto _ : state) {
        sl_secp256k1_sc_inv(&a, &a);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

} // namespace

// n points with even y (lifted from pseudo-random x) and 128-bit scalars.
struct MsmInput {
    std::vector<sl_secp256k1_ge> pts;
    std::vector<uint64_t> k; // 2 words a point
    explicit MsmInput(size_t n) : pts(n), k(2 * n) {
        sluice_bench::Xorshift rng;
        auto next = [&rng]() { return rng.next(); };
        for (size_t i = 0; i < n; i++) {
            for (;;) {
                uint8_t b[32];
                for (auto &c : b) c = (uint8_t)next();
                b[0] &= 0x7F;
                sl_secp256k1_fe fx;
                if (sl_secp256k1_fe_set_b32(&fx, b) && sl_secp256k1_ge_set_x_even_var(&pts[i], &fx))
                    break;
            }
            k[2 * i] = next();
            k[2 * i + 1] = next();
        }
    }
};

void bm_msm_plan(benchmark::State &state) {
    const size_t n = (size_t)state.range(0);
    const int lanes = (int)state.range(1);
    MsmInput in(n);
    const uint64_t(*k)[2] = reinterpret_cast<const uint64_t(*)[2]>(in.k.data());
    sl_secp256k1_msm_scratch scr = {nullptr, 0};
    for (auto _ : state) {
        sl_secp256k1_msm_plan *p = sl_secp256k1_msm_plan_new(n, 1);
        if (!p) std::abort();
        if (sl_secp256k1_msm_plan_lanes(p, lanes) != lanes) {
            state.SkipWithError("no AVX-512 IFMA on this CPU");
            sl_secp256k1_msm_plan_free(p);
            break;
        }
        sl_secp256k1_msm_plan_set(p, 0, n, in.pts.data(), k);
        for (size_t t = 0; t < sl_secp256k1_msm_plan_tasks(p); t++)
            if (!sl_secp256k1_msm_plan_run(p, t, &scr)) std::abort();
        sl_secp256k1_gej r;
        sl_secp256k1_msm_plan_finish(&r, p);
        benchmark::DoNotOptimize(r);
        sl_secp256k1_msm_plan_free(p);
    }
    sl_secp256k1_msm_scratch_free(&scr);
    state.SetItemsProcessed((int64_t)(state.iterations() * n));
}

BENCHMARK(bm_fe_mul);
BENCHMARK(bm_fe_sqr);
BENCHMARK(bm_fe_inv);
BENCHMARK(bm_fe_sqrt);
BENCHMARK(bm_openssl_bn_mod_mul);
BENCHMARK(bm_sc_mul);
BENCHMARK(bm_sc_inv);
// 3 n + 2 points for n signatures
BENCHMARK(bm_msm_plan)
    ->ArgNames({"points", "lanes"})
    ->ArgsProduct({{770, 3074, 24578}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
