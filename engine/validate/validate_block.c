/* ValidateBlockHeader and ValidateBlock (reference: BytomDAO/bytom v1.1.1
 * protocol/validation/block.go; consensus/general.go MaxBlockGas,
 * MaxTimeOffsetSeconds, BlockSubsidy; consensus/difficulty CheckProofOfWork;
 * ../specs/bytom-chain.md section 6).
 *
 * Order of the checks (the first failure is the verdict): version, height,
 * bits, previous hash, timestamp (future, median), proof of work; then per
 * transaction in order: gas-valid, gas sum; then the coinbase, the
 * transaction Merkle root and the status Merkle root. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sluice/bytom_genesis.h"
#include "sluice/bytom_target.h"
#include "validate/validate_internal.h"
#include "validate/validate_sigbatch.h"

static void bdetail(sluice_bytom_block_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void bdetail(sluice_bytom_block_result *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->detail, sizeof r->detail, fmt, ap);
    va_end(ap);
}

/* Records the first failure only. */
static void bfail(sluice_bytom_block_result *r, sluice_bytom_rule rule, int32_t tx) {
    if (r->rule != SLUICE_RULE_OK) return;
    r->rule = rule;
    r->tx_index = tx;
}

static void not_checked(sluice_bytom_block_result *r, sluice_bytom_rule rule) {
    r->not_checked |= 1ULL << rule;
}

static sluice_err check_header(const sluice_bytom_block *b, const sluice_bytom_block_ctx *c,
                               sluice_bytom_block_result *r) {
    const sluice_bytom_header *h = &b->header;
    if (h->version != 1) {
        bdetail(r, "block version %" PRIu64, h->version);
        bfail(r, SLUICE_RULE_BLOCK_VERSION, -1);
    }

    const sluice_bytom_header *parent = c ? c->parent : NULL;
    if (parent) {
        if (h->height != parent->height + 1) {
            if (r->rule == SLUICE_RULE_OK)
                bdetail(r, "previous block height %" PRIu64 ", current block height %" PRIu64,
                        parent->height, h->height);
            bfail(r, SLUICE_RULE_BLOCK_HEIGHT, -1);
        }
        int retarget = parent->height % SLUICE_BYTOM_BLOCKS_PER_RETARGET == 0 &&
                       parent->height != 0;
        if (!retarget || c->retarget_start) {
            r->expected_bits = sluice_bytom_next_bits(parent, c->retarget_start);
            if (h->bits != r->expected_bits) {
                if (r->rule == SLUICE_RULE_OK)
                    bdetail(r, "bits %" PRIu64 ", expected %" PRIu64, h->bits,
                            r->expected_bits);
                bfail(r, SLUICE_RULE_BLOCK_BITS, -1);
            }
        } else {
            not_checked(r, SLUICE_RULE_BLOCK_BITS);
        }
        uint8_t ph[32];
        if (c->parent_hash) memcpy(ph, c->parent_hash, 32);
        else sluice_bytom_header_hash(parent, ph);
        if (memcmp(ph, h->prev_hash, 32) != 0) bfail(r, SLUICE_RULE_BLOCK_PREV_HASH, -1);
    } else {
        not_checked(r, SLUICE_RULE_BLOCK_HEIGHT);
        not_checked(r, SLUICE_RULE_BLOCK_BITS);
        not_checked(r, SLUICE_RULE_BLOCK_PREV_HASH);
    }

    /* checkBlockTime */
    if (c && c->now) {
        if (h->timestamp > c->now + SLUICE_BYTOM_MAX_TIME_OFFSET_SECONDS) {
            if (r->rule == SLUICE_RULE_OK)
                bdetail(r, "timestamp %" PRIu64 " > now %" PRIu64 " + 3600", h->timestamp,
                        c->now);
            bfail(r, SLUICE_RULE_BLOCK_TIME_FUTURE, -1);
        }
    } else {
        not_checked(r, SLUICE_RULE_BLOCK_TIME_FUTURE);
    }
    size_t need = SLUICE_BYTOM_MEDIAN_TIME_BLOCKS;
    if (parent && parent->height + 1 < need) need = (size_t)parent->height + 1;
    if (c && c->prev_timestamps && c->n_prev_timestamps >= need) {
        uint64_t med = sluice_bytom_median_time(c->prev_timestamps, c->n_prev_timestamps);
        if (h->timestamp <= med) {
            if (r->rule == SLUICE_RULE_OK)
                bdetail(r, "timestamp %" PRIu64 " <= median %" PRIu64, h->timestamp, med);
            bfail(r, SLUICE_RULE_BLOCK_TIME_MEDIAN, -1);
        }
    } else {
        not_checked(r, SLUICE_RULE_BLOCK_TIME_MEDIAN);
    }

    /* difficulty.CheckProofOfWork(blockHash, seed, bits) */
    if (c && !c->skip_pow && (c->seed_cache || c->seed)) {
        sluice_tensority_cache *own = NULL;
        const sluice_tensority_cache *cache = c->seed_cache;
        if (!cache) {
            sluice_err e = sluice_tensority_cache_new(&own, c->seed, 0);
            if (e != SLUICE_OK) return e;
            cache = own;
        }
        sluice_err e = sluice_tensority_hash(cache, SLUICE_TENSORITY_AUTO, b->hash,
                                             r->pow_result, NULL);
        sluice_tensority_cache_free(own);
        if (e != SLUICE_OK) return e;
        r->pow_checked = 1;
        if (!sluice_bytom_pow_ok(r->pow_result, h->bits)) bfail(r, SLUICE_RULE_BLOCK_POW, -1);
    } else {
        not_checked(r, SLUICE_RULE_BLOCK_POW);
    }
    return SLUICE_OK;
}

/* block.go after the transactions: checkCoinbaseAmount */
static void check_coinbase(const sluice_bytom_block *b, const sluice_bytom_tx_result *res,
                           sluice_bytom_block_result *r) {
    if (b->n_txs == 0) {
        if (r->rule == SLUICE_RULE_OK) bdetail(r, "block is empty");
        bfail(r, SLUICE_RULE_BLOCK_COINBASE_MISSING, -1);
        return;
    }
    const sluice_bytom_tx *tx = &b->txs[0];
    int has_cb = 0;
    for (uint32_t i = 0; i < tx->n_inputs; i++)
        if (tx->inputs[i].type == SLUICE_BYTOM_INPUT_COINBASE) has_cb = 1;
    if (!has_cb) {
        /* spec section 6: exactly one coinbase, transaction 0 */
        if (r->rule == SLUICE_RULE_OK) bdetail(r, "transaction 0 has no coinbase input");
        bfail(r, SLUICE_RULE_BLOCK_COINBASE_MISSING, 0);
        return;
    }
    (void)res;
    /* tx.Output(ResultIds[0]): result 0 must be an Output entry */
    if (tx->n_outputs == 0 || tx->outputs[0].is_retirement) {
        if (r->rule == SLUICE_RULE_OK) bdetail(r, "coinbase result 0 is not an output");
        bfail(r, SLUICE_RULE_BLOCK_COINBASE_AMOUNT, 0);
        return;
    }
    if (tx->outputs[0].amount != r->coinbase_expected) {
        if (r->rule == SLUICE_RULE_OK)
            bdetail(r, "coinbase pays %" PRIu64 ", subsidy + fees = %" PRIu64,
                    tx->outputs[0].amount, r->coinbase_expected);
        bfail(r, SLUICE_RULE_BLOCK_COINBASE_AMOUNT, 0);
    }
}

/* given: tx_results already hold every transaction's result (the sliding-
 * window validator computes them for many blocks at once). */
static sluice_err validate_block(const sluice_bytom_block *block, const sluice_bytom_block_ctx *ctx,
                                 const sluice_bytom_validate_opts *opts,
                                 sluice_bytom_tx_result *tx_results, int given,
                                 sluice_bytom_block_result *out) {
    if (!block || !out || (given && !tx_results && block->n_txs)) return SLUICE_ERR_ARG;
    sluice_bytom_validate_opts o = {SLUICE_BYTOM_PROFILE_MAINNET, 0, 1};
    if (opts) o = *opts;
    if ((o.profile != SLUICE_BYTOM_PROFILE_MAINNET && o.profile != SLUICE_BYTOM_PROFILE_NATIONAL) ||
        o.threads < 0)
        return SLUICE_ERR_ARG;
    if (ctx && ctx->n_prev_timestamps && !ctx->prev_timestamps) return SLUICE_ERR_ARG;

    memset(out, 0, sizeof *out);
    out->rule = SLUICE_RULE_OK;
    out->tx_index = -1;

    sluice_err err = check_header(block, ctx, out);
    if (err != SLUICE_OK) return err;

    if (block->serflags != 0x03) {
        /* header-only encoding: none of the body rules can be checked */
        if (out->rule == SLUICE_RULE_OK) bdetail(out, "header-only block (serflags 0x%02x)",
                                                  block->serflags);
        bfail(out, SLUICE_RULE_BLOCK_NO_BODY, -1);
        for (int k = SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID; k <= SLUICE_RULE_BLOCK_STATUS_ROOT; k++)
            not_checked(out, (sluice_bytom_rule)k);
        return SLUICE_OK;
    }

    size_t n = block->n_txs;
    sluice_bytom_tx_result *res = tx_results;
    if (!res && n) {
        res = (sluice_bytom_tx_result *)calloc(n, sizeof *res);
        if (!res) return SLUICE_ERR_NOMEM;
    }
    uint8_t *status = (uint8_t *)calloc(n ? n : 1, 1);
    if (!status) {
        if (res != tx_results) free(res);
        return SLUICE_ERR_NOMEM;
    }
    if (!given) {
        err = sl_bv_validate_block_txs(block, &o, res, &out->sig_checks, &out->reruns);
        if (err != SLUICE_OK) goto done;
    }

    /* ValidateBlock's loop over the results */
    uint64_t coinbase = sluice_bytom_block_subsidy(block->header.height);
    uint64_t gas_sum = 0;
    int over = 0;
    for (size_t i = 0; i < n; i++) {
        if (!res[i].gas_valid) {
            if (out->rule == SLUICE_RULE_OK) {
                out->tx_rule = res[i].rule;
                bdetail(out, "transaction %zu of %zu, gas_valid:false: %s (%s)", i, n,
                        sluice_bytom_rule_str(res[i].rule), res[i].detail);
            }
            bfail(out, SLUICE_RULE_BLOCK_TX_NOT_GAS_VALID, (int32_t)i);
        }
        status[i] = res[i].status_fail ? 1 : 0;
        out->n_status_fail += status[i];
        coinbase += res[i].fee;                 /* uint64, wraps as in Go */
        gas_sum += (uint64_t)res[i].gas_used;
        if (!over && gas_sum > SLUICE_BYTOM_MAX_BLOCK_GAS) {
            over = 1;
            if (out->rule == SLUICE_RULE_OK)
                bdetail(out, "gas %" PRIu64 " > %llu after transaction %zu", gas_sum,
                        (unsigned long long)SLUICE_BYTOM_MAX_BLOCK_GAS, i);
            bfail(out, SLUICE_RULE_BLOCK_GAS_LIMIT, (int32_t)i);
        }
    }
    out->gas_used = gas_sum;
    out->coinbase_expected = coinbase;

    check_coinbase(block, res, out);

    uint8_t root[32];
    sluice_bytom_tx_merkle_root(block->txs, n, root);
    if (memcmp(root, block->header.tx_merkle_root, 32) != 0)
        bfail(out, SLUICE_RULE_BLOCK_TX_ROOT, -1);
    sluice_bytom_status_merkle_root(status, n, out->status_root);
    if (memcmp(out->status_root, block->header.tx_status_hash, 32) != 0)
        bfail(out, SLUICE_RULE_BLOCK_STATUS_ROOT, -1);
    if (out->rule != SLUICE_RULE_OK && out->detail[0] == 0)
        bdetail(out, "%s", sluice_bytom_rule_str(out->rule));

done:
    free(status);
    if (res != tx_results) free(res);
    return err;
}

sluice_err sluice_bytom_validate_block(const sluice_bytom_block *block,
                                       const sluice_bytom_block_ctx *ctx,
                                       const sluice_bytom_validate_opts *opts,
                                       sluice_bytom_tx_result *tx_results,
                                       sluice_bytom_block_result *out) {
    return validate_block(block, ctx, opts, tx_results, 0, out);
}

sluice_err sl_bv_validate_block_given(const sluice_bytom_block *block,
                                      const sluice_bytom_block_ctx *ctx,
                                      const sluice_bytom_validate_opts *opts,
                                      sluice_bytom_tx_result *tx_results,
                                      sluice_bytom_block_result *out) {
    return validate_block(block, ctx, opts, tx_results, 1, out);
}

sluice_err sl_bv_check_header(const sluice_bytom_block *block, const sluice_bytom_block_ctx *ctx,
                              sluice_bytom_block_result *out) {
    if (!block || !out) return SLUICE_ERR_ARG;
    memset(out, 0, sizeof *out);
    out->rule = SLUICE_RULE_OK;
    out->tx_index = -1;
    return check_header(block, ctx, out);
}
