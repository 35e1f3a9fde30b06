/* Share verification with the engine's own hash functions.
 *  - bytom: the header is rebuilt from the job fields with the submitted
 *    nonce, hashed (bytom-chain.md section 2: EntryID "blockheader"), then
 *    Tensority with the job's seed; a share is good when
 *    LE256(result) <= t * 2^224 (stratum.md "Bytom").
 *  - ethash: light hash at epoch 0 (ethash.md, hashimoto over items computed
 *    from the light cache); good when final (big-endian) <= boundary and the
 *    submitted mix, if any, equals the computed one. */
#include "testpool.h"
#include "sluice/bytom_target.h"
#include <stdlib.h>
#include <string.h>

static int ready_bytom(tp_pool *p) {
    if (p->tcache) return 0;
    tp_log(p, NULL, "building the Tensority cache for the job seed");
    sluice_err err = sluice_tensority_cache_new(&p->tcache, p->bytom_seed, 2);
    size_t sz = (sluice_tensority_scratch_size() + 63) / 64 * 64;
    if (err == SLUICE_OK && !(p->tscratch = aligned_alloc(64, sz))) err = SLUICE_ERR_NOMEM;
    if (err != SLUICE_OK) tp_log(p, NULL, "cannot build the Tensority cache: %s", sluice_strerror(err));
    return err == SLUICE_OK ? 0 : -1;
}

static int ready_ethash(tp_pool *p) {
    if (p->epoch) return 0;
    tp_log(p, NULL, "building the Ethash light cache of epoch 0");
    sluice_err err = sluice_ethash_epoch_new(&p->epoch, 0);
    if (err != SLUICE_OK) tp_log(p, NULL, "cannot build the Ethash light cache: %s", sluice_strerror(err));
    return err == SLUICE_OK ? 0 : -1;
}

int tp_verifier_prepare(tp_pool *p) {
    return p->opt.dialect == TP_BYTOM ? ready_bytom(p) : ready_ethash(p);
}

const char *tp_verify_bytom(tp_pool *p, const tp_job *job, uint64_t nonce, uint8_t result[32]) {
    if (ready_bytom(p) != 0) return "internal error: no verifier";
    sluice_bytom_header h = job->header;
    h.nonce = nonce;
    uint8_t block_hash[32];
    sluice_bytom_header_hash(&h, block_hash);
    if (sluice_tensority_hash(p->tcache, SLUICE_TENSORITY_AUTO, block_hash, result, p->tscratch) != SLUICE_OK)
        return "internal error: tensority failed";
    uint8_t target[32] = {0};                 /* t * 2^224, little-endian */
    target[28] = (uint8_t)job->target_word;
    target[29] = (uint8_t)(job->target_word >> 8);
    target[30] = (uint8_t)(job->target_word >> 16);
    target[31] = (uint8_t)(job->target_word >> 24);
    return sluice_u256_cmp_le(result, target) <= 0 ? NULL : "Low difficulty share";
}

const char *tp_verify_ethash(tp_pool *p, const tp_job *job, uint64_t nonce, const uint8_t *mix,
                             sluice_ethash_result *out) {
    memset(out, 0, sizeof *out);
    if (ready_ethash(p) != 0) return "internal error: no verifier";
    sluice_ethash_light_hash_ref(p->epoch, job->header_hash, nonce, out);
    if (mix && memcmp(mix, out->mix, 32) != 0) return "invalid mix";
    return sluice_ethash_boundary_ok(out->final, job->boundary) ? NULL : "low difficulty share";
}
