// SM2 signature verification (engine/sig/sm2_*.c) against OpenSSL 3.0's
// EVP_DigestVerify in the same run: 16 keys, 256 signatures of 32-byte
// messages made by OpenSSL (default ID "1234567812345678"). One verification
// per item (items/s = verifications/s).
//   prepared: sl_sm2_verify_key with the keys prepared and upgraded
//             beforehand (what the key cache gives repeated keys);
//   light:    sl_sm2_verify_key with keys from sl_sm2_key_prepare only (a
//             key's first use: width-5 table built per call, 256-doubling
//             chain);
//   first_use: sl_sm2_key_prepare + sl_sm2_verify_key, per signature;
//   oneshot:  sluice_sm2_verify (decode, Z_A, small table, check);
//   batch:    sl_sm2_verify_batch over all 256 (per signature), upgraded keys;
//   batch_light / batch_light_scalar: the same with keys prepared only (the
//             distinct-key case): four at a time in the AVX-512 IFMA lanes
//             where the CPU has them, and the scalar path alone
//             (sl_sm2_verify_batch_impl with use_ifma = 0) side by side;
//   key_prepare: the cost of one prepared key (decode, Z_A);
//   key_prepare_n: sl_sm2_key_prepare_n over 16 compressed keys (per key),
//             and its scalar path alone;
//   key_upgrade: sl_sm2_key_upgrade alone (the eight window-6 tables);
//   openssl:  EVP_DigestVerifyInit + EVP_DigestVerify with a pre-built
//             EVP_PKEY and the default ID set on a fresh EVP_PKEY_CTX.
#include <benchmark/benchmark.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" {
#include "../engine/ec/sm2_lanes.h"
#include "../engine/sig/sig_internal.h"
#include "../engine/sig/sm2_sig.h"
}

namespace {

constexpr int kKeys = 16;
constexpr int kSigs = 256;
const char kId[] = "1234567812345678";

struct Fixture {
    EVP_PKEY *pkey[kKeys];
    uint8_t pub[kKeys][65];
    uint8_t msg[kSigs][32];
    uint8_t der[kSigs][80];
    size_t der_len[kSigs];
    uint8_t raw[kSigs][64];
    uint8_t *keys;  // kKeys prepared and upgraded keys, 64-byte aligned slots
    uint8_t *light; // the same keys, prepared only (not upgraded)
    size_t key_stride;

    const void *key(int i) const { return keys + (size_t)(i % kKeys) * key_stride; }
};

Fixture *make_fixture() {
    auto *f = new Fixture();
    for (int k = 0; k < kKeys; k++) {
        EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr);
        f->pkey[k] = nullptr;
        if (!kc || EVP_PKEY_keygen_init(kc) <= 0 || EVP_PKEY_generate(kc, &f->pkey[k]) <= 0)
            std::abort();
        EVP_PKEY_CTX_free(kc);
        size_t len = 0;
        if (EVP_PKEY_get_octet_string_param(f->pkey[k], OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
                                            f->pub[k], 65, &len) <= 0 || len != 65)
            std::abort();
    }
    for (int i = 0; i < kSigs; i++) {
        for (int j = 0; j < 32; j++) f->msg[i][j] = (uint8_t)(i * 31 + j * 7);
        EVP_MD_CTX *m = EVP_MD_CTX_new();
        EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(f->pkey[i % kKeys], nullptr);
        size_t len = sizeof f->der[i];
        if (EVP_PKEY_CTX_set1_id(pc, kId, 16) <= 0) std::abort();
        EVP_MD_CTX_set_pkey_ctx(m, pc);
        if (EVP_DigestSignInit(m, nullptr, EVP_sm3(), nullptr, f->pkey[i % kKeys]) <= 0 ||
            EVP_DigestSign(m, f->der[i], &len, f->msg[i], 32) <= 0)
            std::abort();
        f->der_len[i] = len;
        EVP_MD_CTX_free(m);
        EVP_PKEY_CTX_free(pc);
        if (sluice_sm2_sig_from_der(f->der[i], len, f->raw[i]) != SLUICE_SIG_VALID) std::abort();
    }
    f->key_stride = (sl_sm2_key_size() + 63) & ~(size_t)63;
    f->keys = static_cast<uint8_t *>(std::aligned_alloc(64, f->key_stride * kKeys));
    if (!f->keys) std::abort();
    f->light = static_cast<uint8_t *>(std::aligned_alloc(64, f->key_stride * kKeys));
    if (!f->light) std::abort();
    for (int k = 0; k < kKeys; k++) {
        if (sl_sm2_key_prepare((void *)f->key(k), f->pub[k], 65, nullptr, 0) != SLUICE_SIG_VALID ||
            sl_sm2_key_prepare(f->light + (size_t)k * f->key_stride, f->pub[k], 65, nullptr, 0) !=
                SLUICE_SIG_VALID)
            std::abort();
        sl_sm2_key_upgrade((void *)f->key(k));
    }
    return f;
}

Fixture &fixture() {
    static Fixture *f = make_fixture();
    return *f;
}

void bm_prepared(benchmark::State &state) {
    Fixture &f = fixture();
    int i = 0;
    for (auto _ : state) {
        if (sl_sm2_verify_key(f.key(i), f.msg[i], 32, f.raw[i], 64) != SLUICE_SIG_VALID)
            std::abort();
        i = (i + 1) % kSigs;
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_light(benchmark::State &state) {
    Fixture &f = fixture();
    int i = 0;
    for (auto _ : state) {
        const void *k = f.light + (size_t)(i % kKeys) * f.key_stride;
        if (sl_sm2_verify_key(k, f.msg[i], 32, f.raw[i], 64) != SLUICE_SIG_VALID) std::abort();
        i = (i + 1) % kSigs;
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_first_use(benchmark::State &state) {
    Fixture &f = fixture();
    alignas(64) static uint8_t key[SL_SIG_KEY_MAX];
    int i = 0;
    for (auto _ : state) {
        if (sl_sm2_key_prepare(key, f.pub[i % kKeys], 65, nullptr, 0) != SLUICE_SIG_VALID ||
            sl_sm2_verify_key(key, f.msg[i], 32, f.raw[i], 64) != SLUICE_SIG_VALID)
            std::abort();
        i = (i + 1) % kSigs;
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_key_upgrade(benchmark::State &state) {
    Fixture &f = fixture();
    alignas(64) static uint8_t key[SL_SIG_KEY_MAX];
    int i = 0;
    for (auto _ : state) {
        state.PauseTiming();
        if (sl_sm2_key_prepare(key, f.pub[i], 65, nullptr, 0) != SLUICE_SIG_VALID) std::abort();
        state.ResumeTiming();
        sl_sm2_key_upgrade(key);
        i = (i + 1) % kKeys;
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_oneshot(benchmark::State &state) {
    Fixture &f = fixture();
    int i = 0;
    for (auto _ : state) {
        if (sluice_sm2_verify(f.pub[i % kKeys], 65, nullptr, 0, f.msg[i], 32, f.raw[i], 64) !=
            SLUICE_SIG_VALID)
            std::abort();
        i = (i + 1) % kSigs;
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_batch(benchmark::State &state) {
    Fixture &f = fixture();
    std::vector<const void *> keys(kSigs);
    std::vector<sluice_sig_item> items(kSigs);
    std::vector<uint8_t> status(kSigs);
    for (int i = 0; i < kSigs; i++) {
        keys[i] = f.key(i);
        items[i] = sluice_sig_item{SLUICE_SIG_SM2, f.pub[i % kKeys], 65, f.msg[i], 32,
                                   f.raw[i], 64, nullptr, 0};
    }
    for (auto _ : state) {
        sl_sm2_verify_batch(keys.data(), items.data(), kSigs, status.data());
        for (int i = 0; i < kSigs; i++)
            if (status[i] != SLUICE_SIG_VALID) std::abort();
    }
    state.SetItemsProcessed((int64_t)state.iterations() * kSigs);
}

void bm_batch_light(benchmark::State &state, int use_ifma) {
    Fixture &f = fixture();
    if (use_ifma && !sl_sm2_lanes_supported()) {
        state.SkipWithError("no AVX-512 IFMA on this CPU");
        return;
    }
    std::vector<const void *> keys(kSigs);
    std::vector<sluice_sig_item> items(kSigs);
    std::vector<uint8_t> status(kSigs);
    for (int i = 0; i < kSigs; i++) {
        keys[i] = f.light + (size_t)(i % kKeys) * f.key_stride;
        items[i] = sluice_sig_item{SLUICE_SIG_SM2, f.pub[i % kKeys], 65, f.msg[i], 32,
                                   f.raw[i], 64, nullptr, 0};
    }
    for (auto _ : state) {
        sl_sm2_verify_batch_impl(keys.data(), items.data(), kSigs, status.data(), use_ifma, 0);
        for (int i = 0; i < kSigs; i++)
            if (status[i] != SLUICE_SIG_VALID) std::abort();
    }
    state.SetItemsProcessed((int64_t)state.iterations() * kSigs);
}

void bm_key_prepare_n(benchmark::State &state, int use_ifma) {
    Fixture &f = fixture();
    if (use_ifma && !sl_sm2_lanes_supported()) {
        state.SkipWithError("no AVX-512 IFMA on this CPU");
        return;
    }
    static uint8_t pubc[kKeys][33];
    std::vector<sluice_sig_item> items(kKeys);
    std::vector<const sluice_sig_item *> ip(kKeys);
    std::vector<void *> kp(kKeys);
    std::vector<sluice_sig_status> st(kKeys);
    uint8_t *buf = static_cast<uint8_t *>(std::aligned_alloc(64, f.key_stride * kKeys));
    if (!buf) std::abort();
    for (int k = 0; k < kKeys; k++) {
        pubc[k][0] = (uint8_t)(0x02 | (f.pub[k][64] & 1));
        std::memcpy(pubc[k] + 1, f.pub[k] + 1, 32);
        items[k] = sluice_sig_item{SLUICE_SIG_SM2, pubc[k], 33, nullptr, 0, nullptr, 0, nullptr, 0};
        ip[k] = &items[k];
        kp[k] = buf + (size_t)k * f.key_stride;
    }
    for (auto _ : state) {
        sl_sm2_key_prepare_n_impl(kp.data(), ip.data(), kKeys, st.data(), use_ifma);
        for (int k = 0; k < kKeys; k++)
            if (st[k] != SLUICE_SIG_VALID) std::abort();
    }
    std::free(buf);
    state.SetItemsProcessed((int64_t)state.iterations() * kKeys);
}

void bm_key_prepare(benchmark::State &state) {
    Fixture &f = fixture();
    alignas(64) static uint8_t key[SL_SIG_KEY_MAX];
    int i = 0;
    for (auto _ : state) {
        if (sl_sm2_key_prepare(key, f.pub[i], 65, nullptr, 0) != SLUICE_SIG_VALID) std::abort();
        i = (i + 1) % kKeys;
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

void bm_openssl(benchmark::State &state) {
    Fixture &f = fixture();
    int i = 0;
    for (auto _ : state) {
        EVP_PKEY *pk = f.pkey[i % kKeys];
        EVP_MD_CTX *m = EVP_MD_CTX_new();
        EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(pk, nullptr);
        if (EVP_PKEY_CTX_set1_id(pc, kId, 16) <= 0) std::abort();
        EVP_MD_CTX_set_pkey_ctx(m, pc);
        if (EVP_DigestVerifyInit(m, nullptr, EVP_sm3(), nullptr, pk) <= 0 ||
            EVP_DigestVerify(m, f.der[i], f.der_len[i], f.msg[i], 32) != 1)
            std::abort();
        EVP_MD_CTX_free(m);
        EVP_PKEY_CTX_free(pc);
        i = (i + 1) % kSigs;
    }
    state.SetItemsProcessed((int64_t)state.iterations());
}

}  // namespace

BENCHMARK(bm_prepared)->Name("sm2/verify/sluice_prepared");
BENCHMARK(bm_light)->Name("sm2/verify/sluice_light_key");
BENCHMARK(bm_first_use)->Name("sm2/verify/sluice_first_use");
BENCHMARK(bm_oneshot)->Name("sm2/verify/sluice_oneshot");
BENCHMARK(bm_batch)->Name("sm2/verify_batch/sluice");
BENCHMARK_CAPTURE(bm_batch_light, ifma, 1)->Name("sm2/verify_batch/sluice_light_keys");
BENCHMARK_CAPTURE(bm_batch_light, scalar, 0)->Name("sm2/verify_batch/sluice_light_keys_scalar");
BENCHMARK(bm_key_prepare)->Name("sm2/key_prepare/sluice");
BENCHMARK_CAPTURE(bm_key_prepare_n, ifma, 1)->Name("sm2/key_prepare_n/sluice_compressed");
BENCHMARK_CAPTURE(bm_key_prepare_n, scalar, 0)->Name("sm2/key_prepare_n/sluice_compressed_scalar");
BENCHMARK(bm_key_upgrade)->Name("sm2/key_upgrade/sluice");
BENCHMARK(bm_openssl)->Name("sm2/verify/openssl");

BENCHMARK_MAIN();
