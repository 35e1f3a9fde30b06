/* sl_ed25519_challenge_n (ed25519_sig.h): up to eight Ed25519 challenges
 * k = SHA-512(R || A || M) mod L at once. SHA-512 is FIPS 180-4 section 6.4
 * (the constants K of 4.2.3 and the initial value of 5.3.5, as
 * engine/hash/sha512.c); here the eight messages' compressions run in the
 * eight 64-bit lanes of AVX-512 vectors (rotations by vprorq, Ch, Maj and
 * the three-way XORs by vpternlogq), one block of every message per round
 * of 80 steps. Each message is read as R || A || M || padding (0x80, zeros,
 * the 128-bit bit length: FIPS 180-4 5.1.2) straight from its pieces, so
 * nothing is copied whole; a message with fewer blocks than the longest
 * keeps its state (masked adds). Messages over MSG_VEC_MAX bytes, and every
 * message without AVX-512, go through sl_ed25519_challenge. */
#include <string.h>

#include "hash/sha512_consts.h"
#include "sig/ed25519_sig.h"

/* longer messages are hashed one by one (their lanes would idle the others) */
#define MSG_VEC_MAX 1024

/* Block b (128 bytes) of R || A || M || padding for a message of len bytes;
 * nblocks = (64 + len + 17 + 127) / 128. */
static void fill_block(uint8_t blk[128], const uint8_t *r, const uint8_t *pub, const uint8_t *msg,
                       size_t len, size_t b, size_t nblocks) {
    size_t tot = 64 + len, off = 128 * b;
    memset(blk, 0, 128);
    /* the pieces: [0, 32) R, [32, 64) A, [64, tot) M */
    const uint8_t *src[3] = {r, pub, msg};
    size_t lo[3] = {0, 32, 64}, hi[3] = {32, 64, tot};
    for (int i = 0; i < 3; i++) {
        size_t s = lo[i] > off ? lo[i] : off, e = hi[i] < off + 128 ? hi[i] : off + 128;
        if (s < e) memcpy(blk + (s - off), src[i] + (s - lo[i]), e - s);
    }
    if (tot >= off && tot < off + 128) blk[tot - off] = 0x80;
    if (b == nblocks - 1) {
        uint64_t bits_hi = (uint64_t)tot >> 61, bits_lo = (uint64_t)tot << 3;
        for (int i = 0; i < 8; i++) {
            blk[112 + i] = (uint8_t)(bits_hi >> (56 - 8 * i));
            blk[120 + i] = (uint8_t)(bits_lo >> (56 - 8 * i));
        }
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include <immintrin.h>

#define AVX512_TARGET __attribute__((target("avx512f")))

/* x >>> a ^ x >>> b ^ x >>> c (FIPS 180-4 4.1.3, Sigma) and x >>> a ^
 * x >>> b ^ x >> c (sigma); macros: the rotation counts must be constants */
#define BIG_SIGMA(x, a, b, c)                                                            \
    _mm512_ternarylogic_epi64(_mm512_ror_epi64((x), (a)), _mm512_ror_epi64((x), (b)), \
                              _mm512_ror_epi64((x), (c)), 0x96)
#define SMALL_SIGMA(x, a, b, c)                                                          \
    _mm512_ternarylogic_epi64(_mm512_ror_epi64((x), (a)), _mm512_ror_epi64((x), (b)), \
                              _mm512_srli_epi64((x), (c)), 0x96)

/* One block of every lane; lanes outside `active` keep their state. */
AVX512_TARGET static void compress8(__m512i h[8], const uint64_t w16[16][8], __mmask8 active) {
    __m512i w[16], v[8];
    for (int t = 0; t < 16; t++) w[t] = _mm512_loadu_si512((const void *)w16[t]);
    for (int i = 0; i < 8; i++) v[i] = h[i];
    for (int t = 0; t < 80; t++) {
        if (t >= 16) {
            __m512i s0 = SMALL_SIGMA(w[(t - 15) & 15], 1, 8, 7);
            __m512i s1 = SMALL_SIGMA(w[(t - 2) & 15], 19, 61, 6);
            w[t & 15] = _mm512_add_epi64(_mm512_add_epi64(w[t & 15], s0),
                                         _mm512_add_epi64(w[(t - 7) & 15], s1));
        }
        /* Ch(e, f, g) = e ? f : g (0xCA); Maj(a, b, c) (0xE8) */
        __m512i ch = _mm512_ternarylogic_epi64(v[4], v[5], v[6], 0xCA);
        __m512i t1 = _mm512_add_epi64(_mm512_add_epi64(v[7], BIG_SIGMA(v[4], 14, 18, 41)),
                                      _mm512_add_epi64(ch, _mm512_add_epi64(
                                          _mm512_set1_epi64((long long)sl_sha512_k[t]), w[t & 15])));
        __m512i maj = _mm512_ternarylogic_epi64(v[0], v[1], v[2], 0xE8);
        __m512i t2 = _mm512_add_epi64(BIG_SIGMA(v[0], 28, 34, 39), maj);
        v[7] = v[6];
        v[6] = v[5];
        v[5] = v[4];
        v[4] = _mm512_add_epi64(v[3], t1);
        v[3] = v[2];
        v[2] = v[1];
        v[1] = v[0];
        v[0] = _mm512_add_epi64(t1, t2);
    }
    for (int i = 0; i < 8; i++) h[i] = _mm512_mask_add_epi64(h[i], active, h[i], v[i]);
}

/* The lanes idx[0..m) (m <= 8) of the inputs. */
AVX512_TARGET static void challenge_vec(uint8_t (*k)[32], const uint8_t *const *r,
                                        const uint8_t *const *pub, const uint8_t *const *msg,
                                        const size_t *len, const int *idx, int m) {
    __m512i h[8];
    size_t nb[8] = {0}, most = 0;
    for (int i = 0; i < 8; i++) h[i] = _mm512_set1_epi64((long long)sl_sha512_iv[i]);
    for (int j = 0; j < m; j++) {
        nb[j] = (64 + len[idx[j]] + 17 + 127) / 128;
        most = nb[j] > most ? nb[j] : most;
    }
    for (size_t b = 0; b < most; b++) {
        uint64_t w16[16][8];
        uint8_t blk[128];
        __mmask8 active = 0;
        memset(w16, 0, sizeof w16);
        for (int j = 0; j < m; j++) {
            if (b >= nb[j]) continue;
            int i = idx[j];
            fill_block(blk, r[i], pub[i], msg[i], len[i], b, nb[j]);
            for (int t = 0; t < 16; t++) { /* big-endian words (x86: little-endian host) */
                uint64_t x;
                memcpy(&x, blk + 8 * t, 8);
                w16[t][j] = __builtin_bswap64(x);
            }
            active |= (__mmask8)(1u << j);
        }
        compress8(h, w16, active);
    }
    uint64_t out[8][8];
    for (int i = 0; i < 8; i++) _mm512_storeu_si512((void *)out[i], h[i]);
    for (int j = 0; j < m; j++) {
        uint8_t d[64];
        sl_ed25519_sc sc;
        for (int i = 0; i < 8; i++) { /* the digest's bytes: each word big-endian */
            uint64_t x = __builtin_bswap64(out[i][j]);
            memcpy(d + 8 * i, &x, 8);
        }
        sl_ed25519_sc_set_b64(&sc, d);
        sl_ed25519_sc_get_b32(k[idx[j]], &sc);
    }
}

void sl_ed25519_challenge_n(uint8_t (*k)[32], const uint8_t *const *r, const uint8_t *const *pub,
                            const uint8_t *const *msg, const size_t *len, int n, int use_avx512) {
    int idx[8], m = 0;
    for (int i = 0; i < n; i++) {
        if (use_avx512 && len[i] <= MSG_VEC_MAX) idx[m++] = i;
        else sl_ed25519_challenge(k[i], r[i], pub[i], msg[i], len[i]);
    }
    if (m) challenge_vec(k, r, pub, msg, len, idx, m);
}

#else

void sl_ed25519_challenge_n(uint8_t (*k)[32], const uint8_t *const *r, const uint8_t *const *pub,
                            const uint8_t *const *msg, const size_t *len, int n, int use_avx512) {
    (void)use_avx512;
    (void)fill_block;
    for (int i = 0; i < n; i++) sl_ed25519_challenge(k[i], r[i], pub[i], msg[i], len[i]);
}

#endif
