/* Launch geometry of the Ethash kernels (plain preprocessor: included by the
 * kernels in kernels/common/sl_ethash_*.h and by the host runtime in
 * host/src/{opencl,cuda}_ethash.c, so both agree). */
#ifndef SL_ETHASH_PARAMS_H
#define SL_ETHASH_PARAMS_H

#define SL_ETHASH_ACCESSES 64            /* spec "Parameters": dataset accesses per hash */
#define SL_ETHASH_ITEM_PARENTS 256       /* spec: parents per dataset node */
#define SL_ETHASH_MIX_WORDS 32           /* 128-byte mix, 32-bit words */
#define SL_ETHASH_NODE_WORDS 16          /* 64-byte node */

#define SL_ETHASH_DAG_WG 64              /* work-items per group: DAG generation (one node each) */
#define SL_ETHASH_HASH_WG 64             /* one hash per work-item: hash, light hash, search */

/* The lane-cooperative kernels (the ethminer structure, spec "How the best
 * GPU miner structures it"): SL_ETHASH_LANES work-items share one hash, each
 * holding 16 bytes of the 128-byte mix, so that a dataset item is one
 * coalesced 128-byte load; SL_ETHASH_PARALLEL hashes are in flight per lane
 * group. SL_ETHASH_COOP_WG must be a multiple of the warp (32). */
#define SL_ETHASH_LANES 8
#define SL_ETHASH_PARALLEL 4             /* divides SL_ETHASH_LANES */
#define SL_ETHASH_COOP_WG 128

/* Search result buffer: a hit counter and the first SL_ETHASH_SLOTS hits
 * (offsets from the launch's start nonce). A launch with more hits than slots
 * is re-checked by the host with the hash kernel (exact). */
#define SL_ETHASH_SLOTS 63
#define SL_ETHASH_RESULT_WORDS (1 + SL_ETHASH_SLOTS)   /* u32 words: count, slots */

#endif
