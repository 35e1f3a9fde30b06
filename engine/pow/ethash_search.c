/* Full-DAG Ethash hashing and nonce search on CPU threads.
 * Spec: ../shared/specs/ethash.md step 5 (Hashimoto) and "Speed facts": each
 * hash is 64 dependent 128-byte DAG reads, so one hash at a time waits a full
 * DRAM latency per read. Each thread therefore runs LANES hashes side by side
 * (software pipelining): in round r it folds lane k's item into lane k's mix,
 * computes lane k's next item index at once and prefetches that item, then
 * moves on to lane k+1; by the time round r+1 reaches lane k again its item
 * has had LANES-1 other lanes' work to arrive. Results equal
 * sluice_ethash_hashimoto_ref (tests/unit/test_ethash_search.c). */
#include "pow/ethash_search_lanes.h"
#include "sluice/cpu.h"
#include "sluice/keccak.h"
#include <omp.h>
#include <string.h>
#include <time.h>

#define LANES ETHASH_LANES
typedef ethash_lane lane_state;

void ethash_lanes_rounds_generic(const ethash_node *dag, uint32_t items, ethash_lane *L, int n) {
    ethash_lanes_rounds_body(dag, items, L, n);
}

typedef void (*rounds_fn)(const ethash_node *, uint32_t, ethash_lane *, int);

/* The round loop for this CPU: AVX2 when sluice_cpu_detect() reports it (so
 * SLUICE_CPU_MASK=scalar selects the generic one). Cached: CPUID is slow in
 * virtual machines; racing threads store the same value. */
static rounds_fn rounds_impl(void) {
    static _Atomic int choice = -1;
    int c = choice;
    if (c < 0) {
        sluice_cpu_features f;
        sluice_cpu_detect(&f);
        c = f.avx2 ? 1 : 0;
        choice = c;
    }
    return c ? ethash_lanes_rounds_avx2 : ethash_lanes_rounds_generic;
}

/* s = keccak512(header || le64(nonce)) for every lane, four at a time with
 * the multi-buffer Keccak (AVX2 / AVX-512 where available; same result as
 * ethash_seed_hash_nonce, which does the leftover lanes). */
static void seeds_x4(const uint8_t header_hash[32], const uint64_t *nonces, int n, lane_state *L) {
    int k = 0;
    for (; k + 4 <= n; k += 4) {
        uint8_t in[4][40];
        const uint8_t *ins[4];
        uint8_t *outs[4];
        for (int j = 0; j < 4; j++) {
            memcpy(in[j], header_hash, 32);
            for (int b = 0; b < 8; b++) in[j][32 + b] = (uint8_t)(nonces[k + j] >> (8 * b));
            ins[j] = in[j];
            outs[j] = L[k + j].s.b;
        }
        sluice_keccak_x4(SLUICE_KECCAK_AUTO, 64, 0x01, outs, ins, 40);
    }
    for (; k < n; k++) ethash_seed_hash_nonce(header_hash, nonces[k], &L[k].s);
}

/* The compression and final keccak256(s || cmix) of every lane, four at a
 * time (as ethash_finish, which does the leftover lanes). */
static void finish_x4(const lane_state *L, int n, sluice_ethash_result *out) {
    int k = 0;
    for (; k + 4 <= n; k += 4) {
        uint8_t in[4][96];
        const uint8_t *ins[4];
        uint8_t *outs[4];
        for (int j = 0; j < 4; j++) {
            const uint32_t *mix = L[k + j].mix;
            uint32_t cmix[8];
            for (int c = 0; c < 8; c++)
                cmix[c] = sluice_ethash_fnv(sluice_ethash_fnv(sluice_ethash_fnv(mix[4 * c], mix[4 * c + 1]),
                                                              mix[4 * c + 2]), mix[4 * c + 3]);
            memcpy(in[j], L[k + j].s.b, 64);
            memcpy(in[j] + 64, cmix, 32);
            memcpy(out[k + j].mix, cmix, 32);
            ins[j] = in[j];
            outs[j] = out[k + j].final;
        }
        sluice_keccak_x4(SLUICE_KECCAK_AUTO, 32, 0x01, outs, ins, 96);
    }
    for (; k < n; k++) ethash_finish(&L[k].s, L[k].mix, &out[k]);
}

/* out[k] = Hashimoto of (header_hash, nonces[k]) over the DAG, k < n <= LANES. */
static void full_hash_lanes(const ethash_node *dag, uint32_t items, const uint8_t header_hash[32],
                            const uint64_t *nonces, int n, sluice_ethash_result *out) {
    lane_state L[LANES];
    seeds_x4(header_hash, nonces, n, L);
    for (int k = 0; k < n; k++) {
        for (int w = 0; w < 16; w++) L[k].mix[w] = L[k].mix[w + 16] = L[k].s.w[w];
        L[k].p = sluice_ethash_fnv(0 ^ L[k].s.w[0], L[k].mix[0]) % items;
        ethash_prefetch_item(dag, L[k].p);
    }
    rounds_impl()(dag, items, L, n);
    finish_x4(L, n, out);
}

void sluice_ethash_full_hash(const sluice_ethash_dag *dag, const uint8_t header_hash[32], uint64_t nonce,
                             sluice_ethash_result *out) {
    full_hash_lanes((const ethash_node *)sluice_ethash_dag_data(dag), (uint32_t)sluice_ethash_dag_items(dag),
                    header_hash, &nonce, 1, out);
}

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Threads claim batches of LANES nonces (offsets from start_nonce) from a
 * shared counter and always finish a claimed batch; a thread stops claiming
 * once any thread has found a winner. Every batch below the winning one was
 * claimed earlier and is finished, so the reported nonce is the lowest
 * qualifying nonce from start_nonce on: the result does not depend on the
 * thread count or timing (unless stop/max_seconds cut the search short). */
sluice_err sluice_ethash_search(const sluice_ethash_dag *dag, const sluice_ethash_search_params *p,
                                sluice_ethash_search_result *r) {
    if (!dag || !p || !r || !p->header_hash || !p->boundary) return SLUICE_ERR_ARG;
    memset(r, 0, sizeof *r);
    /* As sluice_ethash_search_light: an absurd thread count (UINT_MAX became
     * num_threads(-1)) or a negative / NaN time limit is an error, not "no limit". */
    if (p->threads > 1024) return SLUICE_ERR_RANGE;
    if (!(p->max_seconds >= 0)) return SLUICE_ERR_RANGE;
    unsigned threads = p->threads;
    if (!threads) {
        int np = omp_get_num_procs();
        threads = np > 0 ? (unsigned)np : 1;
    }
    const ethash_node *data = (const ethash_node *)sluice_ethash_dag_data(dag);
    const uint32_t items = (uint32_t)sluice_ethash_dag_items(dag);
    const double t0 = now_s(), deadline = p->max_seconds > 0 ? t0 + p->max_seconds : 0;
    uint64_t next_off = 0, best_off = UINT64_MAX, total = 0;
    int found = 0;
    sluice_ethash_result best;
    memset(&best, 0, sizeof best);
    unsigned used = 0;

#pragma omp parallel num_threads(threads)
    {
        uint64_t mine = 0, my_best = UINT64_MAX;
        sluice_ethash_result my_res, res[LANES];
        uint64_t nonces[LANES];
        memset(&my_res, 0, sizeof my_res);
        for (;;) {
            if (__atomic_load_n(&found, __ATOMIC_RELAXED)) break;
            if (p->stop && __atomic_load_n(p->stop, __ATOMIC_RELAXED)) break;   /* set by another thread */
            if (deadline > 0 && now_s() >= deadline) break;
            uint64_t off = __atomic_fetch_add(&next_off, LANES, __ATOMIC_RELAXED);
            if (p->count && off >= p->count) break;
            int n = (p->count && p->count - off < LANES) ? (int)(p->count - off) : LANES;
            for (int k = 0; k < n; k++) nonces[k] = p->start_nonce + off + (uint64_t)k;
            full_hash_lanes(data, items, p->header_hash, nonces, n, res);
            mine += (uint64_t)n;
            for (int k = 0; k < n; k++)
                if (sluice_ethash_boundary_ok(res[k].final, p->boundary) && off + (uint64_t)k < my_best) {
                    my_best = off + (uint64_t)k;
                    my_res = res[k];
                    __atomic_store_n(&found, 1, __ATOMIC_RELAXED);
                }
        }
#pragma omp critical(sluice_ethash_search_merge)
        {
            total += mine;
            if (my_best < best_off) { best_off = my_best; best = my_res; }
            used = (unsigned)omp_get_num_threads();
        }
    }
    r->hashes = total;
    r->seconds = now_s() - t0;
    r->threads = used;
    if (best_off != UINT64_MAX) {
        r->found = 1;
        r->nonce = p->start_nonce + best_off;
        r->hash = best;
    }
    return SLUICE_OK;
}
