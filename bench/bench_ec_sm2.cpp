// SM2 (sm2p256v1) field and scalar arithmetic micro-benchmarks
// (engine/ec/sm2_field.c, sm2_scalar.c), with OpenSSL BN_mod_mul mod p and
// mod n as the same-run baseline for the multiplications. One operation per
// iteration (items/s = ops/s); each op feeds its result into the next, so the
// time is latency, not throughput. The four-lane AVX-512 IFMA field
// (engine/ec/sm2_lanes*.c, where the CPU has it): one call of
// sl_sm2_lanes_fe_op_ifma (four lanes; load and store included) for mul and
// sqr, the square-root power (252 squarings and 13 multiplications in the
// lanes, four elements) and the four-lane s G + t P chain.
#include <benchmark/benchmark.h>
#include <openssl/bn.h>

#include <cstdint>
#include <cstdlib>

extern "C" {
#include "../engine/ec/sm2_field.h"
#include "../engine/ec/sm2_lanes.h"
#include "../engine/ec/sm2_scalar.h"
}

namespace {

const uint8_t kA[32] = {0x32, 0xC4, 0xAE, 0x2C, 0x1F, 0x19, 0x81, 0x19, 0x5F, 0x99, 0x04,
                        0x46, 0x6A, 0x39, 0xC9, 0x94, 0x8F, 0xE3, 0x0B, 0xBF, 0xF2, 0x66,
                        0x0B, 0xE1, 0x71, 0x5A, 0x45, 0x89, 0x33, 0x4C, 0x74, 0xC7};
const uint8_t kB[32] = {0xBC, 0x37, 0x36, 0xA2, 0xF4, 0xF6, 0x77, 0x9C, 0x59, 0xBD, 0xCE,
                        0xE3, 0x6B, 0x69, 0x21, 0x53, 0xD0, 0xA9, 0x87, 0x7C, 0xC6, 0x2A,
                        0x47, 0x40, 0x02, 0xDF, 0x32, 0xE5, 0x21, 0x39, 0xF0, 0xA0};

void load_fe(sl_sm2_fe *a, sl_sm2_fe *b) {
    if (!sl_sm2_fe_set_b32(a, kA) || !sl_sm2_fe_set_b32(b, kB)) std::abort();
}

void load_sc(sl_sm2_sc *a, sl_sm2_sc *b) {
    if (sl_sm2_sc_set_b32(a, kA) || sl_sm2_sc_set_b32(b, kB)) std::abort();
}

void bm_fe_mul(benchmark::State &state) {
    sl_sm2_fe a, b;
    load_fe(&a, &b);
    for (auto _ : state) {
        sl_sm2_fe_mul(&a, &a, &b);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_fe_sqr(benchmark::State &state) {
    sl_sm2_fe a, b;
    load_fe(&a, &b);
    for (auto _ : state) {
        sl_sm2_fe_sqr(&a, &a);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_fe_inv(benchmark::State &state) {
    sl_sm2_fe a, b;
    load_fe(&a, &b);
    for (auto _ : state) {
        sl_sm2_fe_inv(&a, &a);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_fe_sqrt(benchmark::State &state) {
    sl_sm2_fe a, b, r;
    load_fe(&a, &b);
    for (auto _ : state) {
        benchmark::DoNotOptimize(sl_sm2_fe_sqrt(&r, &a));
        a.v[0] ^= r.v[0] & 1;
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_lanes_op(benchmark::State &state, int op) {
    if (!sl_sm2_lanes_supported()) {
        state.SkipWithError("no AVX-512 IFMA on this CPU");
        return;
    }
    sl_sm2_fe a, b;
    load_fe(&a, &b);
    sl_sm2_lfe la[4], lb[4];
    for (int j = 0; j < 4; j++) {
        sl_sm2_lfe_from_fe(&la[j], &a);
        sl_sm2_lfe_from_fe(&lb[j], &b);
    }
    for (auto _ : state) {
        sl_sm2_lanes_fe_op_ifma(op, la, la, lb);
        benchmark::DoNotOptimize(la);
    }
    state.SetItemsProcessed((int64_t)state.iterations() * 4);
}

void bm_lanes_mult4(benchmark::State &state) {
    if (!sl_sm2_lanes_supported()) {
        state.SkipWithError("no AVX-512 IFMA on this CPU");
        return;
    }
    sl_sm2_fe a, b;
    load_fe(&a, &b);
    sl_sm2_ge g = {a, b};
    sl_sm2_fe x[4], z[4];
    const sl_sm2_ge *p[4];
    const uint64_t *s[4], *t[4];
    uint64_t k[4][4];
    for (int j = 0; j < 4; j++) {
        /* P = G (kA, kB are its coordinates): the chain does the same
         * work for any P. */
        k[j][0] = 0x0123456789ABCDEFULL * (uint64_t)(j + 1);
        k[j][1] = 0xFEDCBA9876543210ULL;
        k[j][2] = 0x1122334455667788ULL;
        k[j][3] = 0x0FEDCBA987654321ULL;
        p[j] = &g;
        s[j] = k[j];
        t[j] = k[(j + 1) & 3];
    }
    for (auto _ : state) {
        unsigned fb = sl_sm2_lanes_mult4_ifma(x, z, p, s, t, 0);
        benchmark::DoNotOptimize(fb);
        benchmark::DoNotOptimize(x);
    }
    state.SetItemsProcessed((int64_t)state.iterations() * 4);
}

void bm_sc_mul(benchmark::State &state) {
    sl_sm2_sc a, b;
    load_sc(&a, &b);
    for (auto _ : state) {
        sl_sm2_sc_mul(&a, &a, &b);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_sc_inv(benchmark::State &state) {
    sl_sm2_sc a, b;
    load_sc(&a, &b);
    for (auto _ : state) {
        sl_sm2_sc_inv(&a, &a);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

// Baseline: OpenSSL BN_mod_mul with a reused BN_CTX (mod p or mod n).
void bm_openssl_mod_mul(benchmark::State &state, const char *mod_hex) {
    BN_CTX *ctx = BN_CTX_new();
    BIGNUM *m = nullptr;
    BN_hex2bn(&m, mod_hex);
    BIGNUM *a = BN_bin2bn(kA, 32, nullptr), *b = BN_bin2bn(kB, 32, nullptr);
    BN_nnmod(a, a, m, ctx);
    BN_nnmod(b, b, m, ctx);
    for (auto _ : state) {
        if (!BN_mod_mul(a, a, b, m, ctx)) std::abort();
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed((int64_t)state.iterations());
    BN_free(a);
    BN_free(b);
    BN_free(m);
    BN_CTX_free(ctx);
}

const char kP[] = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF";
const char kN[] = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123";

} // namespace

BENCHMARK(bm_fe_mul)->Name("sm2/fe_mul/sluice");
BENCHMARK_CAPTURE(bm_lanes_op, mul, SL_SM2_LOP_MUL)->Name("sm2/lanes4_fe_mul/sluice");
BENCHMARK_CAPTURE(bm_lanes_op, sqr, SL_SM2_LOP_SQR)->Name("sm2/lanes4_fe_sqr/sluice");
BENCHMARK_CAPTURE(bm_lanes_op, sqrt, SL_SM2_LOP_SQRT)->Name("sm2/lanes4_fe_sqrt/sluice");
BENCHMARK(bm_lanes_mult4)->Name("sm2/lanes4_mult/sluice");
BENCHMARK_CAPTURE(bm_openssl_mod_mul, p, kP)->Name("sm2/fe_mul/openssl_bn");
BENCHMARK(bm_fe_sqr)->Name("sm2/fe_sqr/sluice");
BENCHMARK(bm_fe_inv)->Name("sm2/fe_inv/sluice");
BENCHMARK(bm_fe_sqrt)->Name("sm2/fe_sqrt/sluice");
BENCHMARK(bm_sc_mul)->Name("sm2/sc_mul/sluice");
BENCHMARK_CAPTURE(bm_openssl_mod_mul, n, kN)->Name("sm2/sc_mul/openssl_bn");
BENCHMARK(bm_sc_inv)->Name("sm2/sc_inv/sluice");

BENCHMARK_MAIN();
