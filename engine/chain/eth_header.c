/* Ethereum PoW headers: RLP decode/encode, block hash, seal hash and Ethash
 * light verification. Field order and types: go-ethereum core/types/block.go
 * (Header, with BaseFee appended by EIP-1559); seal hash and verification
 * order (zero difficulty, mix digest, then target): go-ethereum
 * consensus/ethash/consensus.go SealHash and verifySeal. */
#include "sluice/eth_header.h"
#include "sluice/eth_rlp.h"
#include "sluice/keccak.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_PARENT, F_OMMERS, F_COINBASE, F_STATE, F_TX, F_RECEIPTS, F_BLOOM, F_DIFFICULTY, F_NUMBER,
       F_GAS_LIMIT, F_GAS_USED, F_TIME, F_EXTRA, F_MIX, F_NONCE, F_BASE_FEE, F_COUNT_LONDON };

static const char *const field_names[F_COUNT_LONDON] = {
    "parentHash", "ommersHash", "coinbase", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom",
    "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce", "baseFeePerGas"};

/* fail(why, cap, err, fmt, ...): the reason into why, err returned. */
#define fail(why, why_cap, e, ...) sluice_why((e), (why), (why_cap), __VA_ARGS__)

/* Reads field i of f into h; on error why gets "<field>: <reason>". */
static sluice_err read_field(sluice_eth_header *h, int i, const sluice_rlp_item *it, char *why, size_t why_cap) {
    char sub[160] = "";
    sluice_err e = SLUICE_OK;
    switch (i) {
    case F_PARENT: e = sluice_rlp_get_fixed(it, h->parent_hash, 32, sub, sizeof sub); break;
    case F_OMMERS: e = sluice_rlp_get_fixed(it, h->ommers_hash, 32, sub, sizeof sub); break;
    case F_COINBASE: e = sluice_rlp_get_fixed(it, h->coinbase, 20, sub, sizeof sub); break;
    case F_STATE: e = sluice_rlp_get_fixed(it, h->state_root, 32, sub, sizeof sub); break;
    case F_TX: e = sluice_rlp_get_fixed(it, h->tx_root, 32, sub, sizeof sub); break;
    case F_RECEIPTS: e = sluice_rlp_get_fixed(it, h->receipts_root, 32, sub, sizeof sub); break;
    case F_BLOOM: e = sluice_rlp_get_fixed(it, h->bloom, 256, sub, sizeof sub); break;
    case F_DIFFICULTY: e = sluice_rlp_get_u256(it, h->difficulty, sub, sizeof sub); break;
    case F_NUMBER: e = sluice_rlp_get_u64(it, &h->number, sub, sizeof sub); break;
    case F_GAS_LIMIT: e = sluice_rlp_get_u64(it, &h->gas_limit, sub, sizeof sub); break;
    case F_GAS_USED: e = sluice_rlp_get_u64(it, &h->gas_used, sub, sizeof sub); break;
    case F_TIME: e = sluice_rlp_get_u64(it, &h->time, sub, sizeof sub); break;
    case F_EXTRA:
        if (it->is_list) {
            e = SLUICE_ERR_ARG;
            snprintf(sub, sizeof sub, "expected a byte string, got a list");
        } else if (it->payload_len > SLUICE_ETH_EXTRA_MAX) {
            /* go-ethereum verifyHeader: "extra-data too long" (MaximumExtraDataSize). */
            e = SLUICE_ERR_RANGE;
            snprintf(sub, sizeof sub, "%zu bytes, over the consensus limit of %d", it->payload_len,
                     SLUICE_ETH_EXTRA_MAX);
        } else {
            h->extra_len = it->payload_len;
            if (it->payload_len) memcpy(h->extra, it->payload, it->payload_len);
        }
        break;
    case F_MIX: e = sluice_rlp_get_fixed(it, h->mix_hash, 32, sub, sizeof sub); break;
    case F_NONCE: e = sluice_rlp_get_fixed(it, h->nonce, 8, sub, sizeof sub); break;
    case F_BASE_FEE:
        e = sluice_rlp_get_u256(it, h->base_fee, sub, sizeof sub);
        h->has_base_fee = 1;
        break;
    }
    if (e) return fail(why, why_cap, e, "%s: %s", field_names[i], sub);
    return SLUICE_OK;
}

sluice_err sluice_eth_header_decode(sluice_eth_header *h, const uint8_t *rlp, size_t len, char *why,
                                    size_t why_cap) {
    memset(h, 0, sizeof *h);
    sluice_rlp_item top, f[F_COUNT_LONDON + 1];
    sluice_err e = sluice_rlp_decode(rlp, len, &top, why, why_cap);
    if (e) return e;
    if (!top.is_list) return fail(why, why_cap, SLUICE_ERR_ARG, "not an Ethash header: a byte string, not a list");
    size_t n = 0;
    sluice_rlp_list_items(&top, f, sizeof f / sizeof f[0], &n, NULL, 0);   /* items already checked */
    if (n != F_COUNT_LONDON - 1 && n != F_COUNT_LONDON)
        return fail(why, why_cap, SLUICE_ERR_ARG, "not an Ethash header: %zu fields (15 before London, 16 with baseFee)",
                    n);
    for (size_t i = 0; i < n; i++)
        if ((e = read_field(h, (int)i, &f[i], why, why_cap))) return e;
    return SLUICE_OK;
}

/* Writes fields 0..12 (and baseFee) into w; with_seal adds mixHash and nonce
 * before baseFee, giving the full header. */
static void write_fields(sluice_rlp_writer *w, const sluice_eth_header *h, int with_seal) {
    size_t mark = sluice_rlp_list_begin(w);
    sluice_rlp_put_bytes(w, h->parent_hash, 32);
    sluice_rlp_put_bytes(w, h->ommers_hash, 32);
    sluice_rlp_put_bytes(w, h->coinbase, 20);
    sluice_rlp_put_bytes(w, h->state_root, 32);
    sluice_rlp_put_bytes(w, h->tx_root, 32);
    sluice_rlp_put_bytes(w, h->receipts_root, 32);
    sluice_rlp_put_bytes(w, h->bloom, 256);
    sluice_rlp_put_u256(w, h->difficulty);
    sluice_rlp_put_u64(w, h->number);
    sluice_rlp_put_u64(w, h->gas_limit);
    sluice_rlp_put_u64(w, h->gas_used);
    sluice_rlp_put_u64(w, h->time);
    sluice_rlp_put_bytes(w, h->extra, h->extra_len);
    if (with_seal) {
        sluice_rlp_put_bytes(w, h->mix_hash, 32);
        sluice_rlp_put_bytes(w, h->nonce, 8);
    }
    if (h->has_base_fee) sluice_rlp_put_u256(w, h->base_fee);
    sluice_rlp_list_end(w, mark);
}

sluice_err sluice_eth_header_encode(const sluice_eth_header *h, uint8_t *out, size_t cap, size_t *len) {
    if (h->extra_len > SLUICE_ETH_EXTRA_MAX) return SLUICE_ERR_ARG;
    sluice_rlp_writer w;
    sluice_rlp_writer_init(&w, out, cap);
    write_fields(&w, h, 1);
    return sluice_rlp_writer_finish(&w, len);
}

/* keccak256 of the (full or seal) encoding; extra_len is clamped so that a
 * malformed struct cannot read past extra[]. */
static void hash_fields(const sluice_eth_header *h, int with_seal, uint8_t out[32]) {
    sluice_eth_header c = *h;
    if (c.extra_len > SLUICE_ETH_EXTRA_MAX) c.extra_len = SLUICE_ETH_EXTRA_MAX;
    uint8_t buf[SLUICE_ETH_HEADER_RLP_MAX];
    sluice_rlp_writer w;
    sluice_rlp_writer_init(&w, buf, sizeof buf);
    write_fields(&w, &c, with_seal);
    size_t n = 0;
    sluice_rlp_writer_finish(&w, &n);   /* always fits: buf is the maximum size */
    sluice_keccak256(out, buf, n);
}

void sluice_eth_header_hash(const sluice_eth_header *h, uint8_t out[32]) { hash_fields(h, 1, out); }

void sluice_eth_header_seal_hash(const sluice_eth_header *h, uint8_t out[32]) { hash_fields(h, 0, out); }

uint64_t sluice_eth_header_nonce(const sluice_eth_header *h) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | h->nonce[i];
    return v;
}

void sluice_eth_header_set_nonce(sluice_eth_header *h, uint64_t nonce) {
    for (int i = 0; i < 8; i++) h->nonce[i] = (uint8_t)(nonce >> (56 - 8 * i));
}

int sluice_eth_header_epoch(const sluice_eth_header *h) {
    uint64_t e = h->number / SLUICE_ETHASH_EPOCH_LENGTH;
    return e > SLUICE_ETHASH_MAX_EPOCH ? -1 : (int)e;
}

const char *sluice_eth_verdict_name(sluice_eth_verdict v) {
    switch (v) {
    case SLUICE_ETH_VALID: return "valid";
    case SLUICE_ETH_MIX_MISMATCH: return "mix hash mismatch";
    case SLUICE_ETH_DIFFICULTY_NOT_MET: return "difficulty not met";
    case SLUICE_ETH_ZERO_DIFFICULTY: return "zero difficulty";
    case SLUICE_ETH_EPOCH_OUT_OF_RANGE: return "block number past the last Ethash epoch";
    case SLUICE_ETH_WRONG_EPOCH: return "wrong epoch context";
    }
    return "unknown verdict";
}

static int is_zero(const uint8_t *p, size_t n) {
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

/* Checks that need no hashing; SLUICE_ETH_VALID means "go on and hash". */
static sluice_eth_verdict precheck(const sluice_ethash_epoch *ctx, const sluice_eth_header *h) {
    if (is_zero(h->difficulty, 32)) return SLUICE_ETH_ZERO_DIFFICULTY;
    int epoch = sluice_eth_header_epoch(h);
    if (epoch < 0) return SLUICE_ETH_EPOCH_OUT_OF_RANGE;
    if (epoch != sluice_ethash_epoch_number(ctx)) return SLUICE_ETH_WRONG_EPOCH;
    return SLUICE_ETH_VALID;
}

sluice_eth_verdict sluice_eth_header_check_result(const sluice_eth_header *h, const sluice_ethash_result *r) {
    if (memcmp(r->mix, h->mix_hash, 32) != 0) return SLUICE_ETH_MIX_MISMATCH;
    if (!sluice_ethash_difficulty_ok(r->final, h->difficulty)) return SLUICE_ETH_DIFFICULTY_NOT_MET;
    return SLUICE_ETH_VALID;
}

sluice_eth_verdict sluice_eth_header_verify(const sluice_ethash_epoch *ctx, const sluice_eth_header *h) {
    sluice_eth_verdict v = precheck(ctx, h);
    if (v != SLUICE_ETH_VALID) return v;
    uint8_t seal[32];
    sluice_ethash_result r;
    sluice_eth_header_seal_hash(h, seal);
    sluice_ethash_light_hash(ctx, seal, sluice_eth_header_nonce(h), &r);
    return sluice_eth_header_check_result(h, &r);
}

sluice_err sluice_eth_header_verify_batch(const sluice_ethash_epoch *ctx, const sluice_eth_header *headers,
                                          size_t n, sluice_eth_verdict *out, unsigned threads) {
    if (n == 0) return SLUICE_OK;
    uint8_t (*seals)[32] = malloc(n * sizeof *seals);
    uint64_t *nonces = malloc(n * sizeof *nonces);
    size_t *which = malloc(n * sizeof *which);
    sluice_ethash_result *res = malloc(n * sizeof *res);
    sluice_err e = SLUICE_OK;
    if (!seals || !nonces || !which || !res) {
        e = SLUICE_ERR_NOMEM;
        goto done;
    }
    size_t m = 0;   /* headers that pass the prechecks are hashed together */
    for (size_t i = 0; i < n; i++) {
        out[i] = precheck(ctx, &headers[i]);
        if (out[i] != SLUICE_ETH_VALID) continue;
        sluice_eth_header_seal_hash(&headers[i], seals[m]);
        nonces[m] = sluice_eth_header_nonce(&headers[i]);
        which[m++] = i;
    }
    if (m) e = sluice_ethash_light_hash_batch(ctx, (const uint8_t (*)[32])seals, nonces, m, res, threads);
    if (e == SLUICE_OK)
        for (size_t k = 0; k < m; k++) out[which[k]] = sluice_eth_header_check_result(&headers[which[k]], &res[k]);
done:
    free(seals);
    free(nonces);
    free(which);
    free(res);
    return e;
}
