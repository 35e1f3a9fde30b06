/* Entry IDs of many transactions at once (a block): the same computation as
 * bytom_entries.c (types/map.go, bc/entry.go), organised as dependency
 * levels -- input bodies, their entry IDs, the muxes, the outputs, the
 * transaction headers, the signature hashes -- and, inside each level, every
 * hash of the block queued as a job. Jobs of equal length are hashed four at
 * a time with sluice_sha3_256_x4 (AVX-512/AVX2 when the CPU has them); the
 * rest one by one. Results are identical to bytom_tx_map (tested). */
#include "chain/bytom_tx_internal.h"
#include "sluice/keccak.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t off;   /* body offset in the level's pool */
    size_t len;
    uint8_t *out; /* 32-byte digest destination */
} hjob;

typedef struct {
    hjob *jobs;
    size_t n, cap;
    uint8_t *pool;
    size_t used, pcap;
    int oom;
} level;

/* Reserves a len-byte body and queues its hash into out; returns where to
 * write the body (valid until the next call), NULL when out of memory. */
static uint8_t *job_add(level *L, size_t len, uint8_t *out) {
    if (L->oom) return NULL;
    if (L->n == L->cap) {
        size_t cap = L->cap ? L->cap * 2 : 256;
        hjob *j = realloc(L->jobs, cap * sizeof *j);
        if (!j) {
            L->oom = 1;
            return NULL;
        }
        L->jobs = j;
        L->cap = cap;
    }
    if (L->pcap - L->used < len) {
        size_t cap = L->pcap ? L->pcap * 2 : 16384;
        while (cap - L->used < len) cap *= 2;
        uint8_t *p = realloc(L->pool, cap);
        if (!p) {
            L->oom = 1;
            return NULL;
        }
        L->pool = p;
        L->pcap = cap;
    }
    hjob *j = &L->jobs[L->n++];
    j->off = L->used;
    j->len = len;
    j->out = out;
    L->used += len;
    return L->pool + j->off;
}

/* Hashes every queued job, then empties the level. Equal lengths are
 * gathered in a small open-addressed table of pending groups; a full group
 * of four goes to the four-way SHA3. */
#define SLOTS 16
static void level_run(level *L) {
    struct {
        size_t len;
        unsigned k;
        size_t idx[4];
    } slot[SLOTS];
    memset(slot, 0, sizeof slot);
    for (size_t i = 0; i < L->n; i++) {
        size_t len = L->jobs[i].len, s = len % SLOTS, probes = 0;
        while (slot[s].k && slot[s].len != len && probes < SLOTS) s = (s + 1) % SLOTS, probes++;
        if (probes == SLOTS) { /* table full of other lengths: hash alone */
            sluice_sha3_256(L->jobs[i].out, L->pool + L->jobs[i].off, len);
            continue;
        }
        slot[s].len = len;
        slot[s].idx[slot[s].k++] = i;
        if (slot[s].k == 4) {
            const uint8_t *in[4];
            uint8_t dig[4][32];
            for (int q = 0; q < 4; q++) in[q] = L->pool + L->jobs[slot[s].idx[q]].off;
            sluice_sha3_256_x4(dig, in, len);
            for (int q = 0; q < 4; q++) memcpy(L->jobs[slot[s].idx[q]].out, dig[q], 32);
            slot[s].k = 0;
        }
    }
    for (int s = 0; s < SLOTS; s++)
        for (unsigned q = 0; q < slot[s].k; q++) {
            hjob *j = &L->jobs[slot[s].idx[q]];
            sluice_sha3_256(j->out, L->pool + j->off, j->len);
        }
    L->n = 0;
    L->used = 0;
}

/* ---- body encoders (entry.go writeForHash) ---- */

static uint8_t *put_raw(uint8_t *p, const void *q, size_t n) {
    if (n) memcpy(p, q, n);
    return p + n;
}
static uint8_t *put_u64(uint8_t *p, uint64_t v) {
    bw_le64(p, v);
    return p + 8;
}
static uint8_t *put_varint(uint8_t *p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
}
static size_t varstr_len(size_t n) { return bw_varint_len(n) + n; }
static uint8_t *put_varstr(uint8_t *p, const uint8_t *q, size_t n) { return put_raw(put_varint(p, n), q, n); }
static uint8_t *put_vs(uint8_t *p, const uint8_t ref[32], const uint8_t asset[32], uint64_t amount, uint64_t pos) {
    p = put_raw(p, ref, 32);
    p = put_raw(p, asset, 32);
    p = put_u64(p, amount);
    return put_u64(p, pos);
}

/* Queues EntryID's outer hash: "entryid:" || type || ":" || inner. */
static void job_outer(level *L, const char *type, const uint8_t inner[32], uint8_t out[32]) {
    size_t tl = strlen(type);
    uint8_t *p = job_add(L, 8 + tl + 1 + 32, out);
    if (!p) return;
    p = put_raw(p, "entryid:", 8);
    p = put_raw(p, type, tl);
    *p++ = ':';
    memcpy(p, inner, 32);
}

/* Queues the inner hash of an Output body (ValueSource, Program). */
static void job_output_body(level *L, const uint8_t ref[32], const uint8_t asset[32], uint64_t amount, uint64_t pos,
                            uint64_t vm, sluice_bytes prog, uint8_t out[32]) {
    uint8_t *p = job_add(L, 80 + 8 + varstr_len(prog.len), out);
    if (!p) return;
    p = put_vs(p, ref, asset, amount, pos);
    p = put_u64(p, vm);
    put_varstr(p, prog.p, prog.len);
}

#define INS(t) ((sluice_bytom_input *)(t)->inputs)
#define OUTS(t) ((sluice_bytom_output *)(t)->outputs)

sluice_err bytom_txs_map(sluice_bytom_tx *txs, uint32_t n) {
    size_t n_in = 0, n_out = 0;
    for (uint32_t t = 0; t < n; t++) {
        n_in += txs[t].n_inputs;
        n_out += txs[t].n_outputs;
        bytom_coinbase_values(&txs[t], INS(&txs[t]), txs[t].outputs);
    }
    /* inner digests: two per input, one per output, two per transaction */
    uint8_t (*tin)[2][32] = malloc((n_in ? n_in : 1) * sizeof *tin);
    uint8_t (*tout)[32] = malloc((n_out ? n_out : 1) * sizeof *tout);
    uint8_t (*ttx)[32] = malloc((n ? n : 1) * sizeof *ttx);
    level L = {0};
    sluice_err err = SLUICE_ERR_NOMEM;
    if (!tin || !tout || !ttx) goto done;

    /* 1. input bodies: the rebuilt previous output, SHA3(nonce), the coinbase */
    size_t k = 0;
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t i = 0; i < txs[t].n_inputs; i++, k++) {
            sluice_bytom_input *in = &INS(&txs[t])[i];
            if (in->type == SLUICE_BYTOM_INPUT_SPEND) {
                job_output_body(&L, in->source_id, in->asset_id, in->amount, in->source_position, in->vm_version,
                                in->control_program, tin[k][0]);
            } else if (in->type == SLUICE_BYTOM_INPUT_ISSUANCE) {
                uint8_t *p = job_add(&L, in->nonce.len, tin[k][0]);
                if (p) put_raw(p, in->nonce.p, in->nonce.len);
            } else if (in->type == SLUICE_BYTOM_INPUT_COINBASE) {
                uint8_t *p = job_add(&L, varstr_len(in->arbitrary.len), tin[k][0]);
                if (p) put_varstr(p, in->arbitrary.p, in->arbitrary.len);
            } else {
                memset(in->input_id, 0, 32); /* unknown asset version: no entry */
            }
        }
    level_run(&L);
    /* 2. spent output IDs, coinbase IDs, issuance bodies */
    k = 0;
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t i = 0; i < txs[t].n_inputs; i++, k++) {
            sluice_bytom_input *in = &INS(&txs[t])[i];
            if (in->type == SLUICE_BYTOM_INPUT_SPEND) {
                job_outer(&L, "output1", tin[k][0], in->spent_output_id);
            } else if (in->type == SLUICE_BYTOM_INPUT_COINBASE) {
                job_outer(&L, "coinbase1", tin[k][0], in->input_id);
            } else if (in->type == SLUICE_BYTOM_INPUT_ISSUANCE) {
                uint8_t *p = job_add(&L, 72, tin[k][1]);
                if (p) put_u64(put_raw(put_raw(p, tin[k][0], 32), in->asset_id, 32), in->amount);
            }
        }
    level_run(&L);
    /* 3. spend bodies, issuance IDs */
    k = 0;
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t i = 0; i < txs[t].n_inputs; i++, k++) {
            sluice_bytom_input *in = &INS(&txs[t])[i];
            if (in->type == SLUICE_BYTOM_INPUT_SPEND) {
                uint8_t *p = job_add(&L, 32, tin[k][1]);
                if (p) memcpy(p, in->spent_output_id, 32);
            } else if (in->type == SLUICE_BYTOM_INPUT_ISSUANCE) {
                job_outer(&L, "issuance1", tin[k][1], in->input_id);
            }
        }
    level_run(&L);
    /* 4. spend IDs */
    k = 0;
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t i = 0; i < txs[t].n_inputs; i++, k++) {
            sluice_bytom_input *in = &INS(&txs[t])[i];
            if (in->type == SLUICE_BYTOM_INPUT_SPEND) job_outer(&L, "spend1", tin[k][1], in->input_id);
        }
    level_run(&L);
    /* 5-6. muxes: varint31(count) || sources (unknown inputs write nothing) || Program{1, OP_TRUE} */
    for (uint32_t t = 0; t < n; t++) {
        const sluice_bytom_tx *tx = &txs[t];
        size_t known = 0;
        for (uint32_t i = 0; i < tx->n_inputs; i++) known += tx->inputs[i].type != SLUICE_BYTOM_INPUT_UNKNOWN;
        uint8_t *p = job_add(&L, bw_varint_len(tx->n_inputs) + 80 * known + 10, ttx[t]);
        if (!p) break;
        p = put_varint(p, tx->n_inputs);
        for (uint32_t i = 0; i < tx->n_inputs; i++) {
            const sluice_bytom_input *in = &tx->inputs[i];
            if (in->type != SLUICE_BYTOM_INPUT_UNKNOWN) p = put_vs(p, in->input_id, in->asset_id, in->amount, 0);
        }
        p = put_u64(p, 1);
        *p++ = 1;
        *p = 0x51; /* OP_TRUE */
    }
    level_run(&L);
    for (uint32_t t = 0; t < n; t++) job_outer(&L, "mux1", ttx[t], txs[t].mux_id);
    level_run(&L);
    /* 7-8. outputs: Retirement{Source} or Output{Source, Program} */
    k = 0;
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t i = 0; i < txs[t].n_outputs; i++, k++) {
            const sluice_bytom_output *o = &txs[t].outputs[i];
            if (o->is_retirement) {
                uint8_t *p = job_add(&L, 80, tout[k]);
                if (p) put_vs(p, txs[t].mux_id, o->asset_id, o->amount, i);
            } else {
                job_output_body(&L, txs[t].mux_id, o->asset_id, o->amount, i, o->vm_version, o->control_program,
                                tout[k]);
            }
        }
    level_run(&L);
    k = 0;
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t i = 0; i < txs[t].n_outputs; i++, k++) {
            sluice_bytom_output *o = &OUTS(&txs[t])[i];
            job_outer(&L, o->is_retirement ? "retirement1" : "output1", tout[k], o->id);
        }
    level_run(&L);
    /* 9-10. transaction headers: version, time range, result IDs */
    for (uint32_t t = 0; t < n; t++) {
        const sluice_bytom_tx *tx = &txs[t];
        uint8_t *p = job_add(&L, 16 + bw_varint_len(tx->n_outputs) + 32 * (size_t)tx->n_outputs, ttx[t]);
        if (!p) break;
        p = put_u64(put_u64(p, tx->version), tx->time_range);
        p = put_varint(p, tx->n_outputs);
        for (uint32_t i = 0; i < tx->n_outputs; i++) p = put_raw(p, tx->outputs[i].id, 32);
    }
    level_run(&L);
    for (uint32_t t = 0; t < n; t++) job_outer(&L, "txheader", ttx[t], txs[t].id);
    level_run(&L);
    /* 11. signature hashes: SHA3(input ID || tx ID) */
    for (uint32_t t = 0; t < n; t++)
        for (uint32_t i = 0; i < txs[t].n_inputs; i++) {
            sluice_bytom_input *in = &INS(&txs[t])[i];
            uint8_t *p = job_add(&L, 64, in->sighash);
            if (p) put_raw(put_raw(p, in->input_id, 32), txs[t].id, 32);
        }
    level_run(&L);
    err = L.oom ? SLUICE_ERR_NOMEM : SLUICE_OK;
done:
    free(L.jobs);
    free(L.pool);
    free(tin);
    free(tout);
    free(ttx);
    return err;
}
