// Ed25519 verification (Bytom/Go rules) against OpenSSL 3.0's EVP Ed25519
// verify in the same run, one thread. items/s = signatures/s.
//   verify/sluice         sluice_ed25519_verify: key decoded per call (as OpenSSL)
//   verify_key/sluice     with a prepared (cached) key: 4-way key tables
//   key_prepare/sluice    decode only (tables and the torsion test come with key_upgrade)
//   key_prepare_n/M       1024 keys at once: M = 2 one by one, 0 decoded in pairs, 1 IFMA lanes
//   first_use_batch/1024  prepare_n + verify_batch, every key new (no cache)
//   torsion_test/sluice   [L]P == O for one point (the cost of exactness per R)
//   batch_rlc/N           random linear combination, per signature (keys prepared)
//   batch_singles/N       the same items checked one by one with prepared keys
//   verify/openssl        EVP_DigestVerify with the key parsed per call
//   half_x4/M             sl_ed25519_base_two_x4_var, four half-size chains (the
//                         distinct-key batch's core), per call: M = 1 IFMA lanes, 0 fe51
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" {
#include "../engine/ec/ed25519_ifma.h"
#include "../engine/ec/ed25519_lanes.h"
#include "../engine/sig/ed25519_sig.h"
#include "../engine/sig/sig_internal.h"
}

namespace {

struct Rec {
    uint8_t pub[32], sig[64], msg[64];
    size_t ml;
};

// n signatures by nkeys OpenSSL keys (deterministic seeds), 64-byte messages.
std::vector<Rec> make_recs(size_t n, size_t nkeys) {
    std::vector<Rec> v(n);
    std::vector<EVP_PKEY *> keys(nkeys);
    for (size_t k = 0; k < nkeys; k++) {
        uint8_t seed[32];
        for (int i = 0; i < 32; i++) seed[i] = (uint8_t)(k * 131 + i * 7 + 1);
        keys[k] = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed, 32);
    }
    for (size_t i = 0; i < n; i++) {
        Rec &r = v[i];
        EVP_PKEY *pk = keys[i % nkeys];
        size_t len = 32;
        EVP_PKEY_get_raw_public_key(pk, r.pub, &len);
        r.ml = 64;
        for (int j = 0; j < 64; j++) r.msg[j] = (uint8_t)(i * 17 + j);
        EVP_MD_CTX *m = EVP_MD_CTX_new();
        size_t slen = 64;
        if (EVP_DigestSignInit(m, nullptr, nullptr, nullptr, pk) <= 0 ||
            EVP_DigestSign(m, r.sig, &slen, r.msg, r.ml) <= 0)
            std::abort();
        EVP_MD_CTX_free(m);
    }
    for (auto *k : keys) EVP_PKEY_free(k);
    return v;
}

struct Keys {
    std::vector<void *> k;
    explicit Keys(const std::vector<Rec> &r) : k(r.size()) {
        size_t sz = (sl_ed25519_key_size() + 63) / 64 * 64;
        for (size_t i = 0; i < r.size(); i++) {
            k[i] = aligned_alloc(64, sz);
            if (sl_ed25519_key_prepare(k[i], r[i].pub, 32) != SLUICE_SIG_VALID) std::abort();
            sl_ed25519_key_upgrade(k[i]);
        }
    }
    ~Keys() {
        for (auto *p : k) free(p);
    }
};

const std::vector<Rec> &recs() {
    static std::vector<Rec> r = make_recs(1024, 1024);
    return r;
}

void bm_verify(benchmark::State &state) {
    const auto &r = recs();
    size_t i = 0;
    for (auto _ : state) {
        const Rec &x = r[i++ % r.size()];
        if (sluice_ed25519_verify(x.pub, 32, x.msg, x.ml, x.sig, 64) != SLUICE_SIG_VALID)
            state.SkipWithError("rejected");
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_verify_key(benchmark::State &state) {
    const auto &r = recs();
    static Keys keys(r);
    size_t i = 0;
    for (auto _ : state) {
        size_t j = i++ % r.size();
        const Rec &x = r[j];
        if (sl_ed25519_verify_key(keys.k[j], x.msg, x.ml, x.sig, 64) != SLUICE_SIG_VALID)
            state.SkipWithError("rejected");
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_key_prepare(benchmark::State &state) {
    const auto &r = recs();
    void *k = aligned_alloc(64, (sl_ed25519_key_size() + 63) / 64 * 64);
    size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(sl_ed25519_key_prepare(k, r[i++ % r.size()].pub, 32));
    free(k);
    state.SetItemsProcessed((int64_t)state.iterations());
}

// sl_ed25519_key_prepare_n over 1024 distinct keys, per key: range(0) = 1
// with the IFMA square roots (where the CPU has them), 0 without; range(0)
// = 2 is the one-by-one sl_ed25519_key_prepare loop it replaces.
void bm_key_prepare_n(benchmark::State &state) {
    const auto &r = recs();
    size_t n = r.size(), sz = (sl_ed25519_key_size() + 63) / 64 * 64;
    uint8_t *blob = static_cast<uint8_t *>(aligned_alloc(64, n * sz));
    std::vector<sluice_sig_item> items(n);
    std::vector<const sluice_sig_item *> ip(n);
    std::vector<void *> kp(n);
    std::vector<sluice_sig_status> st(n);
    for (size_t i = 0; i < n; i++) {
        items[i] = {SLUICE_SIG_ED25519, r[i].pub, 32, nullptr, 0, nullptr, 0, nullptr, 0};
        ip[i] = &items[i];
        kp[i] = blob + i * sz;
    }
    int mode = (int)state.range(0);
    int use_ifma = mode == 1 && sl_ed25519_ifma_supported();
    for (auto _ : state) {
        if (mode == 2) {
            for (size_t i = 0; i < n; i++) st[i] = sl_ed25519_key_prepare(kp[i], r[i].pub, 32);
        } else {
            sl_ed25519_key_prepare_n_impl(kp.data(), ip.data(), n, st.data(), use_ifma);
        }
        if (st[n - 1] != SLUICE_SIG_VALID) state.SkipWithError("rejected");
    }
    free(blob);
    state.SetItemsProcessed((int64_t)(state.iterations() * n));
}

// The distinct-key batch without the key cache: 1024 first-use keys
// prepared at once (sl_ed25519_key_prepare_n), then sl_ed25519_verify_batch,
// per signature.
void bm_first_use_batch(benchmark::State &state) {
    const auto &r = recs();
    size_t n = r.size(), sz = (sl_ed25519_key_size() + 63) / 64 * 64;
    uint8_t *blob = static_cast<uint8_t *>(aligned_alloc(64, n * sz));
    std::vector<sluice_sig_item> items(n);
    std::vector<const sluice_sig_item *> ip(n);
    std::vector<void *> kp(n);
    std::vector<sluice_sig_status> kst(n);
    std::vector<uint8_t> st(n);
    for (size_t i = 0; i < n; i++) {
        const Rec &x = r[i];
        items[i] = {SLUICE_SIG_ED25519, x.pub, 32, x.msg, x.ml, x.sig, 64, nullptr, 0};
        ip[i] = &items[i];
        kp[i] = blob + i * sz;
    }
    for (auto _ : state) {
        sl_ed25519_key_prepare_n(kp.data(), ip.data(), n, kst.data());
        sl_ed25519_verify_batch(kp.data(), items.data(), n, st.data());
        for (size_t i = 0; i < n; i++)
            if (st[i] != SLUICE_SIG_VALID) state.SkipWithError("rejected");
    }
    free(blob);
    state.SetItemsProcessed((int64_t)(state.iterations() * n));
}

void bm_torsion(benchmark::State &state) {
    const auto &r = recs();
    std::vector<sl_ed25519_ge> pts(64);
    for (size_t i = 0; i < pts.size(); i++) sl_ed25519_ge_decode_var(&pts[i], r[i].sig);
    size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(sl_ed25519_ge_torsion_free_var(&pts[i++ % 64]));
    state.SetItemsProcessed((int64_t)state.iterations());
}

void batch_bench(benchmark::State &state, bool rlc) {
    const auto &r = recs();
    static Keys keys(r);
    size_t n = (size_t)state.range(0);
    std::vector<sluice_sig_item> items(n);
    std::vector<uint8_t> st(n);
    size_t off = 0;
    for (auto _ : state) {
        state.PauseTiming();
        for (size_t i = 0; i < n; i++) {
            const Rec &x = r[(off + i) % r.size()];
            items[i] = {SLUICE_SIG_ED25519, x.pub, 32, x.msg, x.ml, x.sig, 64, nullptr, 0};
        }
        std::vector<const void *> kp(n);
        for (size_t i = 0; i < n; i++) kp[i] = keys.k[(off + i) % r.size()];
        off += n;
        state.ResumeTiming();
        if (rlc) sl_ed25519_verify_batch_rlc(kp.data(), items.data(), n, st.data());
        else sl_ed25519_verify_batch_singles(kp.data(), items.data(), n, st.data());
        for (size_t i = 0; i < n; i++)
            if (st[i] != SLUICE_SIG_VALID) state.SkipWithError("rejected");
    }
    state.SetItemsProcessed((int64_t)(state.iterations() * n));
}

void bm_batch_rlc(benchmark::State &state) { batch_bench(state, true); }
void bm_batch_singles(benchmark::State &state) { batch_bench(state, false); }

void bm_openssl(benchmark::State &state) {
    const auto &r = recs();
    size_t i = 0;
    for (auto _ : state) {
        const Rec &x = r[i++ % r.size()];
        EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, x.pub, 32);
        EVP_MD_CTX *m = EVP_MD_CTX_new();
        int ok = EVP_DigestVerifyInit(m, nullptr, nullptr, nullptr, pk) > 0 &&
                 EVP_DigestVerify(m, x.sig, 64, x.msg, x.ml) == 1;
        EVP_MD_CTX_free(m);
        EVP_PKEY_free(pk);
        if (!ok) state.SkipWithError("rejected");
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

// Four half-size chains as the batch runs them (ed25519_verify.c's
// halfsize_x4): b 256 bits, n0 and n1 128 bits, as the split gives; the
// points multiples of B (the chain's cost does not depend on them).
uint8_t lcg_byte(uint64_t *x) {
    *x = *x * 6364136223846793005u + 1442695040888963407u; // Knuth's MMIX LCG
    return (uint8_t)(*x >> 56);
}

void bm_half_x4(benchmark::State &state) {
    int use_ifma = (int)state.range(0);
    if (use_ifma && !sl_ed25519_ifma_supported()) {
        state.SkipWithError("no IFMA");
        return;
    }
    enum { SETS = 16 };
    static uint8_t sc[SETS][4][3][32];
    static sl_ed25519_ge pts[8];
    sl_ed25519_ge B;
    sl_ed25519_ge_base(&B);
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (int i = 0; i < 8; i++) {
        uint8_t k[32];
        for (int b = 0; b < 32; b++) k[b] = lcg_byte(&x);
        k[31] &= 0x0f;
        sl_ed25519_ge_scalarmul_var(&pts[i], k, &B);
    }
    for (int s = 0; s < SETS; s++)
        for (int j = 0; j < 4; j++)
            for (int c = 0; c < 3; c++)
                for (int b = 0; b < 32; b++) sc[s][j][c][b] = c > 0 && b >= 16 ? 0 : lcg_byte(&x);
    sl_ed25519_ge r[4];
    size_t it = 0;
    for (auto _ : state) {
        int s = (int)(it++ % SETS);
        sl_ed25519_half_lane in[4];
        for (int j = 0; j < 4; j++)
            in[j] = {sc[s][j][0], sc[s][j][1], sc[s][j][2], &pts[(s + j) & 7],
                     &pts[(s + 2 * j + 1) & 7], 1, j & 1};
        sl_ed25519_base_two_x4_var(r, in, use_ifma);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed((int64_t)state.iterations() * 4);
}

} // namespace

BENCHMARK(bm_verify)->Name("ed25519/verify/sluice");
BENCHMARK(bm_verify_key)->Name("ed25519/verify_key/sluice");
BENCHMARK(bm_key_prepare)->Name("ed25519/key_prepare/sluice");
BENCHMARK(bm_key_prepare_n)->Name("ed25519/key_prepare_n")->Arg(2)->Arg(0)->Arg(1);
BENCHMARK(bm_first_use_batch)->Name("ed25519/first_use_batch/1024");
BENCHMARK(bm_torsion)->Name("ed25519/torsion_test/sluice");
BENCHMARK(bm_batch_rlc)->Name("ed25519/batch_rlc")->Arg(64)->Arg(256)->Arg(1024);
BENCHMARK(bm_batch_singles)->Name("ed25519/batch_singles")->Arg(64)->Arg(256)->Arg(1024);
BENCHMARK(bm_half_x4)->Name("ed25519/half_x4")->Arg(1)->Arg(0);
BENCHMARK(bm_openssl)->Name("ed25519/verify/openssl");

BENCHMARK_MAIN();
