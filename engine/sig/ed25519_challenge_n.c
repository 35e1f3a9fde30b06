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

static const uint64_t K[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL};
static const uint64_t IV[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                               0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                               0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

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
                                          _mm512_set1_epi64((long long)K[t]), w[t & 15])));
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
    for (int i = 0; i < 8; i++) h[i] = _mm512_set1_epi64((long long)IV[i]);
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
            for (int t = 0; t < 16; t++) {
                uint64_t x = 0;
                for (int q = 0; q < 8; q++) x = (x << 8) | blk[8 * t + q];
                w16[t][j] = x;
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
        for (int i = 0; i < 8; i++)
            for (int q = 0; q < 8; q++) d[8 * i + q] = (uint8_t)(out[i][j] >> (56 - 8 * q));
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
