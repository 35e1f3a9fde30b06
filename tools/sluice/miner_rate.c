/* Sliding-window hashrate: a ring of one-second buckets (the approach of
 * xmrig's Hashrate and ethminer's per-device counters, kept to plain sums). */
#include "miner.h"
#include <math.h>
#include <time.h>

double miner_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void miner_rate_init(miner_rate *r, double now) {
    for (unsigned i = 0; i < MINER_RATE_SLOTS; i++) {
        r->sec[i] = -1;
        r->hashes[i] = 0;
    }
    r->total = 0;
    r->start = now;
}

void miner_rate_add(miner_rate *r, double now, uint64_t hashes) {
    if (!(now >= 0)) return;   /* NaN or negative: no bucket */
    int64_t s = (int64_t)floor(now);
    unsigned i = (unsigned)(s % MINER_RATE_SLOTS);
    if (r->sec[i] != s) {
        r->sec[i] = s;
        r->hashes[i] = 0;
    }
    r->hashes[i] += hashes;
    r->total += hashes;
}

double miner_rate_get(const miner_rate *r, double now, unsigned window) {
    if (window < 1) window = 1;
    if (window > MINER_RATE_SLOTS - 1) window = MINER_RATE_SLOTS - 1;
    if (!(now >= 0)) return 0;
    int64_t last = (int64_t)floor(now), first = last - (int64_t)window + 1;
    uint64_t sum = 0;
    for (unsigned i = 0; i < MINER_RATE_SLOTS; i++)
        if (r->sec[i] >= first && r->sec[i] <= last) sum += r->hashes[i];
    double from = (double)first > r->start ? (double)first : r->start;
    double span = now - from;
    return span > 0 ? (double)sum / span : 0;
}
