// secp256k1 field and scalar micro-benchmarks: fe mul/sqr/inv, sc mul/inv,
// with OpenSSL BN_mod_mul (mod p) in the same process as the baseline for mul.
// Each iteration feeds its result back as the next input (a dependency chain),
// so the figures are latencies per operation.
#include <benchmark/benchmark.h>
#include <openssl/bn.h>

#include <cstdint>
#include <cstdlib>

extern "C" {
#include "../engine/ec/secp256k1_field.h"
#include "../engine/ec/secp256k1_scalar.h"
}

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

BENCHMARK(bm_fe_mul);
BENCHMARK(bm_fe_sqr);
BENCHMARK(bm_fe_inv);
BENCHMARK(bm_fe_sqrt);
BENCHMARK(bm_openssl_bn_mod_mul);
BENCHMARK(bm_sc_mul);
BENCHMARK(bm_sc_inv);

BENCHMARK_MAIN();
