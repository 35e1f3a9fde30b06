/* Nonce partition between devices (the scheme is documented in miner.h). */
#include "miner.h"

static uint64_t low_mask(unsigned bits) { return bits >= 64 ? UINT64_MAX : (((uint64_t)1 << bits) - 1); }

unsigned miner_nonce_dev_bits(unsigned ndevices) {
    unsigned bits = 0;
    while (bits < 32 && ((uint64_t)1 << bits) < ndevices) bits++;
    return bits;
}

void miner_nonce_range_init(miner_nonce_range *r, const miner_job *job, unsigned dev, unsigned ndevices,
                            uint64_t salt) {
    unsigned free_bits;
    if (job->algo == MINER_ALGO_TENSORITY) {
        r->base = job->start_nonce;
        free_bits = MINER_TENSORITY_FREE_BITS;
    } else {
        unsigned prefix_bits = job->nonce_prefix_bits > 64 ? 64 : job->nonce_prefix_bits;
        free_bits = 64 - prefix_bits;
        r->base = job->nonce_prefix & ~low_mask(free_bits);   /* only the prefix's own bits */
    }
    unsigned dev_bits = miner_nonce_dev_bits(ndevices);
    r->next = 0;
    r->invalid = dev >= ndevices || dev_bits > free_bits;
    r->exhausted = r->invalid;
    r->local_bits = r->exhausted ? 0 : free_bits - dev_bits;
    r->dev_offset = (r->exhausted || r->local_bits >= 64) ? 0 : (uint64_t)dev << r->local_bits;
    r->salt = salt & low_mask(r->local_bits);
    /* No free bit at all (an 8-byte extranonce): one nonce, the prefix itself. */
}

/* Counter values left (saturating at UINT64_MAX for a 64-bit counter). */
static uint64_t remaining(const miner_nonce_range *r) {
    if (r->exhausted) return 0;
    if (r->local_bits >= 64) return UINT64_MAX - r->next;
    return ((uint64_t)1 << r->local_bits) - r->next;
}

int miner_nonce_peek(const miner_nonce_range *r, uint64_t want, uint64_t *start, uint64_t *count) {
    uint64_t left = remaining(r);
    if (left == 0 || want == 0) return 0;
    uint64_t mask = low_mask(r->local_bits);
    uint64_t pos = (r->salt + r->next) & mask;
    uint64_t to_wrap = mask - pos;   /* values after pos before the wrap */
    uint64_t n = want;
    if (n - 1 > to_wrap) n = to_wrap + 1;
    if (n > left) n = left;
    *start = r->base + r->dev_offset + pos;
    *count = n;
    return 1;
}

void miner_nonce_advance(miner_nonce_range *r, uint64_t n) {
    uint64_t left = remaining(r);
    if (n > left) n = left;
    r->next += n;
    if (remaining(r) == 0) r->exhausted = 1;
}

int miner_nonce_in_range(const miner_nonce_range *r, uint64_t nonce) {
    if (r->invalid) return 0;
    uint64_t off = nonce - r->base;
    return (off & ~low_mask(r->local_bits)) == r->dev_offset;
}
