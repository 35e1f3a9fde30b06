// Bytom v1 block parsing with every entry ID computed (sluice/bytom_tx.h):
// a synthetic full block of ~2000 P2WPKH-shaped transactions (one spend
// input with a [64-byte signature, 32-byte key] witness, two P2WPKH outputs),
// built here with its own encoder. Reports transactions/s (items) and
// bytes/s; a second benchmark times the transaction Merkle root alone.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" {
#include "sluice/bytom_tx.h"
}

namespace {

struct enc {
    std::vector<uint8_t> b;
    void byte(uint8_t x) { b.push_back(x); }
    void bytes(const void *p, size_t n) {
        const uint8_t *q = static_cast<const uint8_t *>(p);
        b.insert(b.end(), q, q + n);
    }
    void varint(uint64_t v) {
        while (v >= 0x80) {
            byte(static_cast<uint8_t>(v | 0x80));
            v >>= 7;
        }
        byte(static_cast<uint8_t>(v));
    }
    void varstr(const enc &e) {
        varint(e.b.size());
        bytes(e.b.data(), e.b.size());
    }
    void varstr(const void *p, size_t n) {
        varint(n);
        bytes(p, n);
    }
};

void fill(uint8_t *p, size_t n, uint64_t seed) {
    for (size_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        p[i] = static_cast<uint8_t>(seed >> 56);
    }
}

void p2wpkh(uint8_t prog[22], uint64_t seed) {
    prog[0] = 0x00;
    prog[1] = 0x14;
    fill(prog + 2, 20, seed);
}

// One P2WPKH spend transaction (about 330 bytes, like decode-raw-transaction's).
void put_tx(enc &blk, uint64_t k) {
    uint8_t btm[32], src[32], prog[22], sig[64], key[32];
    std::memset(btm, 0xff, 32);
    fill(src, 32, k * 7 + 1);
    fill(sig, 64, k * 7 + 2);
    fill(key, 32, k * 7 + 3);
    enc sc, com, wit, tx;
    p2wpkh(prog, k * 7 + 4);
    sc.bytes(src, 32);
    sc.bytes(btm, 32);
    sc.varint(41250000000ULL + k);
    sc.varint(k % 3);
    sc.varint(1);
    sc.varstr(prog, 22);
    com.byte(1);
    com.varstr(sc);
    wit.varint(2);
    wit.varstr(sig, 64);
    wit.varstr(key, 32);
    tx.byte(7);
    tx.varint(1);
    tx.varint(0);
    tx.varint(1);
    tx.varint(1);
    tx.varstr(com);
    tx.varstr(wit);
    tx.varint(2);
    for (int o = 0; o < 2; o++) {
        enc oc;
        p2wpkh(prog, k * 7 + 5 + o);
        oc.bytes(btm, 32);
        oc.varint(o ? 20000000000ULL : 21000000000ULL + k);
        oc.varint(1);
        oc.varstr(prog, 22);
        tx.varint(1);
        tx.varstr(oc);
        tx.varint(0);
    }
    blk.bytes(tx.b.data(), tx.b.size());
}

// A full block (serflags 0x03) of n P2WPKH transactions; the header's roots
// are placeholders (parsing does not check them).
std::vector<uint8_t> make_block(size_t n) {
    enc blk;
    uint8_t h[32];
    blk.byte(0x03);
    blk.varint(1);
    blk.varint(200000);
    fill(h, 32, 99);
    blk.bytes(h, 32);
    blk.varint(1600000000);
    enc ext;
    fill(h, 32, 98);
    ext.bytes(h, 32);
    ext.bytes(h, 32);
    blk.varstr(ext);
    blk.varint(12345);
    blk.varint(2305843009213970283ULL);
    blk.varint(n);
    for (size_t k = 0; k < n; k++) put_tx(blk, k);
    return blk.b;
}

void bm_block_parse(benchmark::State &state) {
    size_t n = static_cast<size_t>(state.range(0));
    std::vector<uint8_t> raw = make_block(n);
    char why[256];
    for (auto _ : state) {
        sluice_bytom_block *b = nullptr;
        if (sluice_bytom_block_parse(raw.data(), raw.size(), &b, why, sizeof why) != SLUICE_OK) {
            state.SkipWithError(why);
            break;
        }
        benchmark::DoNotOptimize(b->txs[n - 1].id);
        sluice_bytom_block_free(b);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
    state.counters["block_bytes"] = static_cast<double>(raw.size());
}

void bm_tx_merkle(benchmark::State &state) {
    size_t n = static_cast<size_t>(state.range(0));
    std::vector<uint8_t> raw = make_block(n);
    sluice_bytom_block *b = nullptr;
    if (sluice_bytom_block_parse(raw.data(), raw.size(), &b, nullptr, 0) != SLUICE_OK) {
        state.SkipWithError("parse failed");
        return;
    }
    uint8_t root[32];
    for (auto _ : state) {
        sluice_bytom_tx_merkle_root(b->txs, b->n_txs, root);
        benchmark::DoNotOptimize(root);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
    sluice_bytom_block_free(b);
}

} // namespace

BENCHMARK(bm_block_parse)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_tx_merkle)->Arg(2000)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
