/* Signature verification: SM2 (GB/T 32918 with SM3), BIP340 Schnorr on
 * secp256k1, and Ed25519 with Bytom's (Go's ed25519.Verify) acceptance rules.
 * Specification and pitfalls: docs/design.md "Signatures" and the shared
 * specs/signatures.md.
 *
 * Verification only handles public data; its variable-time code is marked
 * *_var inside the engine. One verdict type serves every scheme; a batch
 * answers, for every item, exactly the verdict the single check gives. */
#ifndef SLUICE_SIG_H
#define SLUICE_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    SLUICE_SIG_SM2 = 0,
    SLUICE_SIG_BIP340 = 1,
    SLUICE_SIG_ED25519 = 2
} sluice_sig_scheme;
#define SLUICE_SIG_NSCHEMES 3

/* The verdict on one (public key, message, signature). 0 means valid; every
 * other value says which check failed first, in the order the spec lists them. */
typedef enum {
    SLUICE_SIG_VALID = 0,
    SLUICE_SIG_BAD_PUBKEY,    /* wrong length or prefix, coordinate >= p, not on the curve,
                                 no such x (BIP340), not a point encoding (Ed25519),
                                 the point at infinity */
    SLUICE_SIG_BAD_ENCODING,  /* signature: wrong length, malformed or non-minimal DER (SM2) */
    SLUICE_SIG_BAD_ID,        /* SM2 user ID longer than 8191 bytes (ENTL is 16 bits) */
    SLUICE_SIG_R_RANGE,       /* SM2: r not in [1, n-1]; BIP340: r >= p */
    SLUICE_SIG_S_RANGE,       /* SM2: s not in [1, n-1]; BIP340: s >= n; Ed25519: s >= 2^253 */
    SLUICE_SIG_T_ZERO,        /* SM2: (r + s) mod n == 0 */
    SLUICE_SIG_INFINITY,      /* SM2, BIP340: the computed point is the point at infinity */
    SLUICE_SIG_MISMATCH       /* the final comparison fails: SM2 (e + x1) mod n != r;
                                 BIP340 y(R) odd or x(R) != r; Ed25519 encode(R') != R */
} sluice_sig_status;
#define SLUICE_SIG_NSTATUS 9

/* "sm2", "bip340", "ed25519". */
const char *sluice_sig_scheme_name(sluice_sig_scheme s);
/* Parses a scheme name (as above); SLUICE_ERR_ARG if unknown. */
sluice_err sluice_sig_scheme_parse(const char *name, sluice_sig_scheme *out);
/* A short static description: "valid", "r out of range", ... (never NULL). */
const char *sluice_sig_status_str(sluice_sig_status s);

/* One verification request. The pointers are borrowed: they must stay valid
 * until the call that uses the item returns (for a batch: until run returns).
 *   SM2:     pub 33 bytes (02/03 ‖ x) or 65 bytes (04 ‖ x ‖ y); sig 64 bytes
 *            r ‖ s (big-endian) or a strict DER SEQUENCE of two INTEGERs (any
 *            other length); id/id_len the user ID, id == NULL means the default
 *            "1234567812345678". The message is hashed as e = SM3(ZA ‖ msg).
 *   BIP340:  pub 32 bytes (x only); sig 64 bytes r ‖ s; msg any length.
 *   Ed25519: pub 32 bytes; sig 64 bytes R ‖ s; msg any length.
 *   id is ignored except for SM2. */
typedef struct {
    sluice_sig_scheme scheme;
    const uint8_t *pub;
    size_t pub_len;
    const uint8_t *msg;
    size_t msg_len;
    const uint8_t *sig;
    size_t sig_len;
    const uint8_t *id;
    size_t id_len;
} sluice_sig_item;

/* A cache of decoded public keys with their precomputed tables (and, for SM2,
 * ZA per (key, ID)). Not thread-safe: one per thread. Keys are evicted
 * least-recently-used beyond max_keys. */
typedef struct sluice_sig_keycache sluice_sig_keycache;
sluice_sig_keycache *sluice_sig_keycache_new(size_t max_keys);
void sluice_sig_keycache_free(sluice_sig_keycache *c);
/* Hits and misses since creation (for benchmarks and tests). */
void sluice_sig_keycache_stats(const sluice_sig_keycache *c, uint64_t *hits, uint64_t *misses);

/* Verifies one item on the calling thread. cache may be NULL (nothing is kept).
 * An item with an unknown scheme or NULL pointers with non-zero lengths gives
 * SLUICE_SIG_BAD_ENCODING. */
sluice_sig_status sluice_sig_verify(const sluice_sig_item *item, sluice_sig_keycache *cache);

/* Convenience single checks (cache-less). */
sluice_sig_status sluice_sm2_verify(const uint8_t *pub, size_t pub_len, const uint8_t *id,
                                    size_t id_len, const uint8_t *msg, size_t msg_len,
                                    const uint8_t *sig, size_t sig_len);
sluice_sig_status sluice_bip340_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg,
                                       size_t msg_len, const uint8_t *sig, size_t sig_len);
sluice_sig_status sluice_ed25519_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg,
                                        size_t msg_len, const uint8_t *sig, size_t sig_len);

/* Strict DER ECDSA-style signature (SEQUENCE { INTEGER r, INTEGER s }, minimal
 * lengths, positive, no trailing bytes, each at most 32 significant bytes) to
 * r ‖ s. SLUICE_SIG_VALID on success, else SLUICE_SIG_BAD_ENCODING. */
sluice_sig_status sluice_sm2_sig_from_der(const uint8_t *der, size_t len, uint8_t out[64]);

/* For accelerator back ends (the host layer): does on the CPU everything but
 * the point arithmetic for n items of one scheme (decoding, range checks,
 * hashing, scalar arithmetic) and writes SLUICE_SIG_DEVICE_ITEM bytes per item
 * into work (layouts in engine/sig/sig_internal.h). need[i] = 1 when the device
 * must finish item i; need[i] = 0 when status[i] is already final. cache may be
 * NULL. */
#define SLUICE_SIG_DEVICE_ITEM 160
sluice_err sluice_sig_device_prepare(sluice_sig_keycache *cache, const sluice_sig_item *items,
                                     size_t n, uint8_t *work, uint8_t *need, uint8_t *status);

/* An accelerator that verifies whole groups of items of one scheme; the host
 * layer builds one for OpenCL or CUDA (sluice/accel.h). verify() writes one
 * verdict per item, equal to sluice_sig_verify's, and returns SLUICE_OK; any
 * other return means the device failed and the batch verifies those items on
 * the CPU instead. It is called from one thread at a time. */
typedef struct {
    void *ctx;
    sluice_err (*verify)(void *ctx, sluice_sig_scheme scheme, const sluice_sig_item *items,
                         size_t n, uint8_t *status);
    size_t min_items;  /* groups smaller than this stay on the CPU */
    double share;      /* fraction (0, 1] of a large group given to the device; the
                          rest runs on the CPU threads at the same time */
} sluice_sig_offload;

typedef struct {
    int threads;                        /* CPU threads; 0 = all available */
    size_t max_keys;                    /* per-thread key cache size; 0 = 1024 */
    int singles_only;                   /* 1: verify one by one (no random linear
                                           combination), for comparisons */
    const sluice_sig_offload *offload;  /* NULL = CPU only */
} sluice_sig_batch_opts;

/* A batch: add items of any schemes, run once, get one verdict per item in the
 * order added. BIP340 and Ed25519 items are checked with a random linear
 * combination whose 128-bit randomizers are derived deterministically from a
 * hash of the whole group; a failing group is split until every bad item is
 * found, so each verdict equals the single check's. SM2 items are verified
 * independently with the per-thread key caches. */
typedef struct sluice_sig_batch sluice_sig_batch;
sluice_err sluice_sig_batch_new(sluice_sig_batch **out, const sluice_sig_batch_opts *opts);
void sluice_sig_batch_free(sluice_sig_batch *b);
/* Appends a copy of *item (the descriptor, not the bytes it points to). */
sluice_err sluice_sig_batch_add(sluice_sig_batch *b, const sluice_sig_item *item);
size_t sluice_sig_batch_count(const sluice_sig_batch *b);
/* Verifies every item added since the last clear; status must hold count
 * entries (values of sluice_sig_status). *n_invalid (may be NULL) receives the
 * number of items that are not valid. The items stay in the batch. */
sluice_err sluice_sig_batch_run(sluice_sig_batch *b, uint8_t *status, size_t *n_invalid);
/* Forgets the items (keeps the caches). */
void sluice_sig_batch_clear(sluice_sig_batch *b);

#ifdef __cplusplus
}
#endif
#endif
