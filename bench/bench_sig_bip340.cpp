// BIP340 verification: ours one-shot (sluice_bip340_verify: lift_x of the key,
// a small table, verify), ours with a prepared (cached) key, our batch per
// signature at 64 / 256 / 1024 items (prepared keys, as from the key cache),
// and libsecp256k1's secp256k1_schnorrsig_verify (its x-only key parsed
// beforehand, as its API requires) in the same run, one thread. Also the
// one-shot ecmult alone, kp P + kg G with P lifted beforehand: the four GLV
// chains in the AVX-512 IFMA lanes (sl_secp256k1_ecmult_point_lanes_var;
// on a CPU without IFMA it runs the scalar code) against the scalar Strauss
// (sl_secp256k1_ecmult_point_var).
#include <benchmark/benchmark.h>

#include "bench_common.h"
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" {
#include "../engine/ec/secp256k1_lanes.h"
#include "../engine/sig/bip340_sig.h"
#include "../engine/sig/sig_internal.h"
}

namespace {

struct Fixture {
    static constexpr size_t kN = 1024;
    secp256k1_context *ctx;
    std::vector<uint8_t> pk, msg, sig;
    std::vector<secp256k1_xonly_pubkey> xo;
    uint8_t *keys;  // kN prepared keys, 64-byte aligned
    size_t ks;
    std::vector<const void *> keyp;
    std::vector<sluice_sig_item> items;
    std::vector<sl_secp256k1_ge> pt;      // lift_x of pk
    std::vector<sl_secp256k1_sc> ekp, ekg;  // ecmult scalars: r and s read as scalars

    Fixture()
        : pk(kN * 32), msg(kN * 32), sig(kN * 64), xo(kN), keyp(kN), items(kN), pt(kN), ekp(kN),
          ekg(kN) {
        ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
        ks = (sl_bip340_key_size() + 63) / 64 * 64;
        keys = static_cast<uint8_t *>(std::aligned_alloc(64, ks * kN));
        sluice_bench::Xorshift rng;
        auto next = [&rng]() { return rng.next(); };
        for (size_t i = 0; i < kN; i++) {
            uint8_t sk[32];
            secp256k1_keypair kp;
            do {
                for (auto &b : sk) b = static_cast<uint8_t>(next());
            } while (!secp256k1_keypair_create(ctx, &kp, sk));
            for (size_t j = 0; j < 32; j++) msg[i * 32 + j] = static_cast<uint8_t>(next());
            if (!secp256k1_keypair_xonly_pub(ctx, &xo[i], nullptr, &kp) ||
                !secp256k1_xonly_pubkey_serialize(ctx, &pk[i * 32], &xo[i]) ||
                !secp256k1_schnorrsig_sign32(ctx, &sig[i * 64], &msg[i * 32], &kp, nullptr))
                std::abort();
            if (sl_bip340_key_prepare(keys + i * ks, &pk[i * 32], 32) != SLUICE_SIG_VALID) std::abort();
            sl_bip340_key_upgrade(keys + i * ks);  // the cached key's window-8 table
            keyp[i] = keys + i * ks;
            items[i] = {SLUICE_SIG_BIP340, &pk[i * 32], 32, &msg[i * 32], 32, &sig[i * 64], 64, nullptr, 0};
            sl_secp256k1_fe x;
            if (!sl_secp256k1_fe_set_b32(&x, &pk[i * 32]) || !sl_secp256k1_ge_set_x_even_var(&pt[i], &x))
                std::abort();
            sl_secp256k1_sc_set_b32(&ekp[i], &sig[i * 64]);
            sl_secp256k1_sc_set_b32(&ekg[i], &sig[i * 64 + 32]);
        }
    }
};

Fixture &fx() {
    static Fixture f;
    return f;
}

void bm_ours_oneshot(benchmark::State &state) {
    Fixture &f = fx();
    size_t i = 0;
    for (auto _ : state) {
        if (sluice_bip340_verify(&f.pk[i * 32], 32, &f.msg[i * 32], 32, &f.sig[i * 64], 64) !=
            SLUICE_SIG_VALID)
            state.SkipWithError("invalid");
        i = (i + 1) % Fixture::kN;
    }
    state.SetItemsProcessed(state.iterations());
}

void bm_ours_prepared_key(benchmark::State &state) {
    Fixture &f = fx();
    size_t i = 0;
    for (auto _ : state) {
        if (sl_bip340_verify_key(f.keyp[i], &f.msg[i * 32], 32, &f.sig[i * 64], 64) != SLUICE_SIG_VALID)
            state.SkipWithError("invalid");
        i = (i + 1) % Fixture::kN;
    }
    state.SetItemsProcessed(state.iterations());
}

void bm_ours_batch(benchmark::State &state) {
    Fixture &f = fx();
    size_t n = static_cast<size_t>(state.range(0));
    std::vector<uint8_t> st(n);
    for (auto _ : state) {
        sl_bip340_verify_batch(f.keyp.data(), f.items.data(), n, st.data());
        for (size_t i = 0; i < n; i++)
            if (st[i] != SLUICE_SIG_VALID) state.SkipWithError("invalid");
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

void bm_libsecp256k1_verify(benchmark::State &state) {
    Fixture &f = fx();
    size_t i = 0;
    for (auto _ : state) {
        if (!secp256k1_schnorrsig_verify(f.ctx, &f.sig[i * 64], &f.msg[i * 32], 32, &f.xo[i]))
            state.SkipWithError("invalid");
        i = (i + 1) % Fixture::kN;
    }
    state.SetItemsProcessed(state.iterations());
}

void bm_ecmult_point_lanes(benchmark::State &state) {
    Fixture &f = fx();
    size_t i = 0;
    sl_secp256k1_gej r;
    for (auto _ : state) {
        sl_secp256k1_ecmult_point_lanes_var(&r, &f.pt[i], &f.ekp[i], &f.ekg[i]);
        benchmark::DoNotOptimize(r);
        i = (i + 1) % Fixture::kN;
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(sl_secp256k1_lanes_supported() ? "ifma lanes" : "no IFMA: scalar fallback");
}

void bm_ecmult_point_scalar(benchmark::State &state) {
    Fixture &f = fx();
    size_t i = 0;
    sl_secp256k1_gej r;
    for (auto _ : state) {
        sl_secp256k1_ecmult_point_var(&r, &f.pt[i], &f.ekp[i], &f.ekg[i]);
        benchmark::DoNotOptimize(r);
        i = (i + 1) % Fixture::kN;
    }
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(bm_ours_oneshot);
BENCHMARK(bm_ours_prepared_key);
BENCHMARK(bm_ours_batch)->Arg(64)->Arg(256)->Arg(1024);
BENCHMARK(bm_libsecp256k1_verify);
BENCHMARK(bm_ecmult_point_lanes);
BENCHMARK(bm_ecmult_point_scalar);

BENCHMARK_MAIN();
