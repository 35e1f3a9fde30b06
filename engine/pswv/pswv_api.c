/* The sliding-window validator's object: options, the store and its tip,
 * buffering blocks into windows, skipping what is already committed, and
 * reading chain files (sluice/pswv.h). */
#include <inttypes.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pswv/pswv_internal.h"
#include "sluice/bytom_genesis.h"
#include "sluice/bytom_tx.h"
#include "sluice/chainfile.h"
#include "sluice/hex.h"

const char *sluice_pswv_stage_name(sluice_pswv_stage s) {
    static const char *const names[SLUICE_PSWV_STAGE_COUNT] = {"read", "parse", "header", "pow",
                                                               "txs",  "sigs",  "utxo", "commit"};
    return (unsigned)s < SLUICE_PSWV_STAGE_COUNT ? names[s] : "unknown";
}

sluice_err sluice_pswv_open(const char *db_dir, const sluice_pswv_opts *opts, sluice_pswv **out,
                            char *why, size_t why_cap) {
    if (!out) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "NULL argument");
    *out = NULL;
    if (!db_dir || !opts) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "NULL argument");
    const char *net = opts->network ? opts->network : "dev";
    sluice_bytom_header g;
    if (strcmp(net, "dev") != 0 && sluice_bytom_network_genesis(net, &g) != 0)
        return sluice_why(SLUICE_ERR_ARG, why, why_cap,
                          "unknown network '%s' (mainnet, testnet, solonet, dev)", net);
    if (opts->window > SLUICE_PSWV_MAX_WINDOW)
        return sluice_why(SLUICE_ERR_ARG, why, why_cap, "window %u out of range 1..%u",
                          opts->window, SLUICE_PSWV_MAX_WINDOW);
    if (opts->n_caches && !opts->caches)
        return sluice_why(SLUICE_ERR_ARG, why, why_cap, "n_caches without caches");
    if (opts->threads < 0)
        return sluice_why(SLUICE_ERR_ARG, why, why_cap, "threads must be >= 0");
    sluice_pswv *v = (sluice_pswv *)calloc(1, sizeof *v);
    if (!v) return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    v->o = *opts;
    if (v->o.window == 0) v->o.window = 64;
    snprintf(v->network, sizeof v->network, "%s", net);
    v->o.network = v->network;
    v->threads = opts->threads ? opts->threads : omp_get_max_threads();
    v->raw = (uint8_t **)calloc(v->o.window, sizeof *v->raw);
    v->len = (size_t *)calloc(v->o.window, sizeof *v->len);
    if (!v->raw || !v->len) {
        sluice_pswv_close(v);
        return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    }
    sluice_err e = sluice_utxo_open(db_dir, &v->store, why, why_cap);
    if (e != SLUICE_OK) {
        sluice_pswv_close(v);
        return e;
    }
    uint8_t blob[SLUICE_UTXO_TIP_BLOB_MAX];
    size_t blob_len = 0;
    uint64_t height = 0;
    uint8_t hash[32];
    int have = 0;
    e = sluice_utxo_get_tip(v->store, &height, hash, blob, sizeof blob, &blob_len, &have);
    if (e == SLUICE_OK && have &&
        (pswv_chain_decode(&v->chain, blob, blob_len) != 0 || v->chain.parent.height != height ||
         memcmp(v->chain.parent_hash, hash, 32) != 0))
        e = sluice_why(SLUICE_ERR_IO, why, why_cap,
                       "store %s has a tip this validator did not write", db_dir);
    else if (e != SLUICE_OK)
        sluice_why(e, why, why_cap, "cannot read the tip of %s", db_dir);
    if (e != SLUICE_OK) {
        sluice_pswv_close(v);
        return e;
    }
    v->st.have_tip = have;
    v->st.committed_height = have ? height : 0;
    *out = v;
    return SLUICE_OK;
}

void sluice_pswv_close(sluice_pswv *v) {
    if (!v) return;
    for (unsigned i = 0; i < v->n_buf; i++) free(v->raw[i]);
    free(v->raw);
    free(v->len);
    for (unsigned i = 0; i < v->n_caches; i++) sluice_tensority_cache_free(v->caches[i]);
    sluice_utxo_close(v->store);
    free(v);
}

/* Before the first new block: skips blocks the store already holds and
 * checks the chain matches at the tip. Returns 1 to skip, 0 to take, or -err. */
static int catch_up(sluice_pswv *v, const uint8_t *raw, size_t len, sluice_err *err, char *why,
                    size_t why_cap) {
    sluice_bytom_block *b = NULL;
    char pw[160];
    if (sluice_bytom_block_parse(raw, len, &b, pw, sizeof pw) != SLUICE_OK) return 0;
    uint64_t h = b->header.height;
    int rc = 0;
    if (!v->chain.have) {
        if (h != 0) {
            *err = sluice_why(SLUICE_ERR_ARG, why, why_cap,
                              "the store is empty and the first block has height %" PRIu64
                              ", not 0 (a chain must start at its genesis)",
                              h);
            rc = -1;
        }
    } else if (h < v->chain.parent.height) {
        rc = 1;
    } else if (h == v->chain.parent.height) {
        if (memcmp(b->hash, v->chain.parent_hash, 32) != 0) {
            char a[65], c[65];
            sluice_hex_encode(a, b->hash, 32);
            sluice_hex_encode(c, v->chain.parent_hash, 32);
            *err = sluice_why(SLUICE_ERR_ARG, why, why_cap,
                              "block %" PRIu64 " is %s but the store's tip is %s (another chain)",
                              h, a, c);
            rc = -1;
        } else {
            rc = 1;
        }
    }
    sluice_bytom_block_free(b);
    return rc;
}

sluice_err sluice_pswv_feed(sluice_pswv *v, const uint8_t *raw, size_t len, char *why,
                            size_t why_cap) {
    if (!v || (!raw && len)) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "NULL argument");
    if (v->stopped) return SLUICE_OK;
    double t0 = pswv_now();
    if (!v->synced) {
        sluice_err err = SLUICE_OK;
        int rc = catch_up(v, raw, len, &err, why, why_cap);
        if (rc < 0) return err;
        if (rc == 1) {
            double dt = pswv_now() - t0;
            v->st.skipped++;
            v->st.stage_s[SLUICE_PSWV_STAGE_READ] += dt;
            v->st.total_s += dt;
            return SLUICE_OK;
        }
        v->synced = 1;
    }
    uint8_t *copy = (uint8_t *)malloc(len ? len : 1);
    if (!copy) return sluice_why(SLUICE_ERR_NOMEM, why, why_cap, "out of memory");
    if (len) memcpy(copy, raw, len);
    v->raw[v->n_buf] = copy;
    v->len[v->n_buf] = len;
    v->n_buf++;
    double t1 = pswv_now();
    v->st.stage_s[SLUICE_PSWV_STAGE_READ] += t1 - t0;
    if (v->n_buf < v->o.window) return SLUICE_OK;
    return sluice_pswv_flush(v, why, why_cap);
}

sluice_err sluice_pswv_flush(sluice_pswv *v, char *why, size_t why_cap) {
    if (!v) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "NULL argument");
    double t0 = pswv_now();
    sluice_err e = pswv_window_run(v, why, why_cap);
    v->st.total_s += pswv_now() - t0;
    if (v->o.progress) v->o.progress(&v->st, v->o.progress_arg);
    return e;
}

sluice_err sluice_pswv_run_file(sluice_pswv *v, const char *path, char *why, size_t why_cap) {
    if (!v || !path) return sluice_why(SLUICE_ERR_ARG, why, why_cap, "NULL argument");
    sluice_chainfile_reader *r = NULL;
    sluice_err e = sluice_chainfile_open(path, &r, why, why_cap);
    if (e != SLUICE_OK) return e;
    for (;;) {
        const uint8_t *raw = NULL;
        size_t len = 0;
        uint64_t idx = 0;
        double t0 = pswv_now();
        e = sluice_chainfile_next(r, &raw, &len, &idx, why, why_cap);
        double dt = pswv_now() - t0;
        v->st.stage_s[SLUICE_PSWV_STAGE_READ] += dt;
        v->st.total_s += dt;
        sluice_chainfile_progress(r, &v->st.input_done, &v->st.input_total);
        if (e != SLUICE_OK || !raw) break;
        e = sluice_pswv_feed(v, raw, len, why, why_cap);
        if (e != SLUICE_OK || v->stopped) break;
    }
    if (e != SLUICE_OK) {
        /* commit what was read and valid before the error; report the first error */
        char w2[8];
        sluice_pswv_flush(v, w2, sizeof w2);
        sluice_chainfile_close(r);
        return e;
    }
    sluice_chainfile_close(r);
    return sluice_pswv_flush(v, why, why_cap);
}

const sluice_pswv_stats *sluice_pswv_get_stats(const sluice_pswv *v) { return v ? &v->st : NULL; }
sluice_err sluice_pswv_utxo_digest(sluice_pswv *v, uint8_t out[32]) {
    if (!v || !out) return SLUICE_ERR_ARG;
    return sluice_utxo_digest(v->store, out);
}
const sluice_pswv_verdict *sluice_pswv_get_verdict(const sluice_pswv *v) {
    return v ? &v->vd : NULL;
}
