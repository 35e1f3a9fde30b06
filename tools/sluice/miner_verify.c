/* Re-verification of a candidate on the CPU with the reference hashes before
 * it is submitted (miner_contract.md "Counting": failures are hw_errors). */
#include "miner_internal.h"
#include "sluice/bytom_header.h"
#include "sluice/bytom_target.h"
#include <string.h>

sluice_tensority_impl miner_verify_tensority_impl(int found_on_cpu) {
    sluice_tensority_impl best = sluice_tensority_impl_best();
    if (!found_on_cpu) return best;
    if (best == SLUICE_TENSORITY_AVX512VNNI && sluice_tensority_impl_available(SLUICE_TENSORITY_AVX2))
        return SLUICE_TENSORITY_AVX2;
    return SLUICE_TENSORITY_REF;
}

int miner_verify(const miner_job *job, const miner_seedctx *ctx, uint64_t nonce, int found_on_cpu, int forced_impl,
                 miner_share *share) {
    if (!ctx || ctx->algo != job->algo) return 0;
    if (job->algo == MINER_ALGO_TENSORITY) {
        /* Block hash of the job's header with this nonce, then Tensority
         * (specs/tensority.md section 2) against the share target, with a CPU
         * implementation other than the one that found it: the scalar reference
         * is ~6x slower than AVX2, too slow for easy test-pool targets, and an
         * independent fast path checks as well (each is tested equal to it). */
        uint8_t hh[32];
        sluice_bytom_header_hash_nonce(job->body, nonce, hh);
        sluice_tensority_impl impl = forced_impl ? (sluice_tensority_impl)forced_impl
                                                 : miner_verify_tensority_impl(found_on_cpu);
        sluice_err e = impl == SLUICE_TENSORITY_REF
                           ? sluice_tensority_hash_ref(sluice_tensority_cache_matrix(ctx->tcache, 0), hh, share->result)
                           : sluice_tensority_hash(ctx->tcache, impl, hh, share->result, NULL);
        if (e != SLUICE_OK) return 0;
        memcpy(share->header_hash, hh, 32);
        const sluice_bytom_target *t = &job->share_target;
        return !t->negative && (t->overflow || sluice_u256_cmp_le(share->result, t->le) <= 0);
    }
    /* Ethash: light hash (reference) at the job's epoch; final <= boundary. */
    sluice_ethash_result r;
    sluice_ethash_light_hash_ref(ctx->eepoch, job->header_hash, nonce, &r);
    memcpy(share->mix, r.mix, 32);
    memcpy(share->result, r.final, 32);
    memcpy(share->header_hash, job->header_hash, 32);
    return sluice_ethash_boundary_ok(r.final, job->boundary);
}
