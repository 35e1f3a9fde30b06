// edwards25519 field (mod 2^255 - 19) and scalar (mod L) micro-benchmarks of
// engine/ec, with OpenSSL BN_mod_mul on the same moduli as the same-run
// baseline for multiplication. One operation per iteration (items/s = ops/s);
// each iteration feeds its output back as input so calls cannot overlap.
#include <benchmark/benchmark.h>
#include <openssl/bn.h>

#include <cstdint>
#include <cstring>

extern "C" {
#include "../engine/ec/ed25519_field.h"
#include "../engine/ec/ed25519_ifma.h"
#include "../engine/ec/ed25519_lattice.h"
#include "../engine/ec/ed25519_scalar.h"
}

namespace {

void fe_sample(sl_ed25519_fe *a, uint8_t seed) {
    uint8_t b[32];
    for (int i = 0; i < 32; i++) b[i] = (uint8_t)(seed * 37 + i * 101 + 1);
    b[31] &= 0x7f;
    sl_ed25519_fe_set_b32(a, b);
}

void sc_sample(sl_ed25519_sc *a, uint8_t seed) {
    uint8_t b[64];
    for (int i = 0; i < 64; i++) b[i] = (uint8_t)(seed * 53 + i * 29 + 3);
    sl_ed25519_sc_set_b64(a, b);
}

void bm_fe_mul(benchmark::State &state) {
    sl_ed25519_fe a, b;
    fe_sample(&a, 1);
    fe_sample(&b, 2);
    for (auto _ : state) {
        sl_ed25519_fe_mul(&a, &a, &b);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_fe_sqr(benchmark::State &state) {
    sl_ed25519_fe a;
    fe_sample(&a, 3);
    for (auto _ : state) {
        sl_ed25519_fe_sqr(&a, &a);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

// The square roots' exponentiation x^((p-5)/8) per element: range(0) = 4
// lanes of 256-bit IFMA vectors, 8 lanes of 512-bit ones, 1 the scalar chain.
void bm_fe_pow22523(benchmark::State &state) {
    sl_ed25519_fe a[8];
    for (int j = 0; j < 8; j++) fe_sample(&a[j], (uint8_t)(5 + j));
    sl_ed25519_fe *const r8[8] = {&a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7]};
    const sl_ed25519_fe *const a8[8] = {&a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7]};
    int lanes = (int)state.range(0);
    if (lanes > 1 && !sl_ed25519_ifma_supported()) {
        state.SkipWithError("no AVX-512 IFMA");
        return;
    }
    for (auto _ : state) {
        if (lanes == 8) sl_ed25519_fe_pow22523_8_ifma(r8, a8);
        else if (lanes == 4) sl_ed25519_fe_pow22523_4_ifma(r8, a8);
        else sl_ed25519_fe_pow22523(&a[0], &a[0]);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations() * lanes);
}

// The half-size split of a challenge (ed25519_lattice.h), per split.
void bm_split_8l(benchmark::State &state) {
    uint8_t k[64][32];
    for (int j = 0; j < 64; j++) {
        sl_ed25519_sc sc;
        sc_sample(&sc, (uint8_t)j);
        sl_ed25519_sc_get_b32(k[j], &sc);
    }
    uint8_t c0[32], c1[32];
    int neg, j = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(sl_ed25519_split_8l_var(c0, c1, &neg, k[j++ & 63]));
        benchmark::DoNotOptimize(c0);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_fe_inv(benchmark::State &state) {
    sl_ed25519_fe a;
    fe_sample(&a, 4);
    for (auto _ : state) {
        sl_ed25519_fe_inv(&a, &a);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_fe_sqrt_ratio(benchmark::State &state) {
    sl_ed25519_fe u, v, r;
    fe_sample(&u, 5);
    fe_sample(&v, 6);
    for (auto _ : state) {
        int ok = sl_ed25519_fe_sqrt_ratio(&r, &u, &v);
        benchmark::DoNotOptimize(ok);
        sl_ed25519_fe_add(&u, &r, &v);
        sl_ed25519_fe_carry(&u, &u);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_sc_mul(benchmark::State &state) {
    sl_ed25519_sc a, b;
    sc_sample(&a, 1);
    sc_sample(&b, 2);
    for (auto _ : state) {
        sl_ed25519_sc_mul(&a, &a, &b);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_sc_inv(benchmark::State &state) {
    sl_ed25519_sc a;
    sc_sample(&a, 3);
    for (auto _ : state) {
        sl_ed25519_sc_inv(&a, &a);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_sc_reduce512(benchmark::State &state) {
    uint8_t b[64];
    for (int i = 0; i < 64; i++) b[i] = (uint8_t)(i * 71 + 5);
    sl_ed25519_sc r;
    for (auto _ : state) {
        sl_ed25519_sc_set_b64(&r, b);
        b[0] ^= (uint8_t)r.v[0];
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

// OpenSSL BN_mod_mul on the same modulus: the baseline for fe_mul / sc_mul.
void bn_mod_mul_bench(benchmark::State &state, const char *mod_hex) {
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *m = nullptr, *a = BN_new(), *b = BN_new();
    BN_hex2bn(&m, mod_hex);
    BN_rand_range(a, m);
    BN_rand_range(b, m);
    for (auto _ : state) {
        BN_mod_mul(a, a, b, m, ctx);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
    BN_free(a);
    BN_free(b);
    BN_free(m);
    BN_CTX_free(ctx);
}

void bm_openssl_fe_mul(benchmark::State &state) {
    bn_mod_mul_bench(state, "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");
}

void bm_openssl_sc_mul(benchmark::State &state) {
    bn_mod_mul_bench(state, "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");
}

} // namespace

BENCHMARK(bm_fe_mul)->Name("ed25519/fe_mul/sluice");
BENCHMARK(bm_openssl_fe_mul)->Name("ed25519/fe_mul/openssl_bn");
BENCHMARK(bm_fe_sqr)->Name("ed25519/fe_sqr/sluice");
BENCHMARK(bm_fe_pow22523)->Name("ed25519/fe_pow22523/lanes")->Arg(1)->Arg(4)->Arg(8);
BENCHMARK(bm_split_8l)->Name("ed25519/split_8l/sluice");
BENCHMARK(bm_fe_inv)->Name("ed25519/fe_inv/sluice");
BENCHMARK(bm_fe_sqrt_ratio)->Name("ed25519/fe_sqrt_ratio/sluice");
BENCHMARK(bm_sc_mul)->Name("ed25519/sc_mul/sluice");
BENCHMARK(bm_openssl_sc_mul)->Name("ed25519/sc_mul/openssl_bn");
BENCHMARK(bm_sc_inv)->Name("ed25519/sc_inv/sluice");
BENCHMARK(bm_sc_reduce512)->Name("ed25519/sc_set_b64/sluice");

BENCHMARK_MAIN();
