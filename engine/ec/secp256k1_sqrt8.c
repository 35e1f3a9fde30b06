/* Eight square roots mod p at once with AVX-512 IFMA (52-bit multiply-add
 * on eight 64-bit lanes), for the batch lift of many x coordinates, on the
 * lane field code of secp256k1_fe8_ifma.h. Chosen at run time; without the
 * instructions (or off x86-64) sl_secp256k1_fe52_sqrt8_supported() is 0.
 * The addition chain for a^((p+1)/4) is that of sl_secp256k1_fe52_sqrt. */
#include "ec/secp256k1_fe52_impl.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

#include "ec/secp256k1_fe8_ifma.h"

#define SQ8_TARGET FE8_TARGET

/* The run-time library fills the CPU model in a constructor, so no
 * __builtin_cpu_init call (and no write shared between threads) here. */
int sl_secp256k1_fe52_sqrt8_supported(void) {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512ifma");
}

SQ8_TARGET static void fe8_sqr_n(fe8 *r, int n) {
    fe8 t = *r;
#pragma GCC unroll 2
    for (int i = 0; i < n; i++) fe8_sqr(&t, &t);
    *r = t;
}

SQ8_TARGET void sl_secp256k1_fe52_sqrt8(sk_fe52 r[8], int ok[8], const sk_fe52 a[8]) {
    sk_fe52 in[8];
    for (int j = 0; j < 8; j++) {
        in[j] = a[j];
        sk_fe52_normalize_weak(&in[j]); /* limbs < 2^52, limb 4 < 2^48 + 1 */
    }
    fe8 x, x2, x3, x6, x9, x11, x22, x44, x88, x176, x220, x223, t;
    for (int i = 0; i < 5; i++)
        x.v[i] = _mm512_set_epi64((long long)in[7].n[i], (long long)in[6].n[i],
                                  (long long)in[5].n[i], (long long)in[4].n[i],
                                  (long long)in[3].n[i], (long long)in[2].n[i],
                                  (long long)in[1].n[i], (long long)in[0].n[i]);
    fe8_sqr(&x2, &x);
    fe8_mul(&x2, &x2, &x);
    fe8_sqr(&x3, &x2);
    fe8_mul(&x3, &x3, &x);
    t = x3;
    fe8_sqr_n(&t, 3);
    fe8_mul(&x6, &t, &x3);
    t = x6;
    fe8_sqr_n(&t, 3);
    fe8_mul(&x9, &t, &x3);
    t = x9;
    fe8_sqr_n(&t, 2);
    fe8_mul(&x11, &t, &x2);
    t = x11;
    fe8_sqr_n(&t, 11);
    fe8_mul(&x22, &t, &x11);
    t = x22;
    fe8_sqr_n(&t, 22);
    fe8_mul(&x44, &t, &x22);
    t = x44;
    fe8_sqr_n(&t, 44);
    fe8_mul(&x88, &t, &x44);
    t = x88;
    fe8_sqr_n(&t, 88);
    fe8_mul(&x176, &t, &x88);
    t = x176;
    fe8_sqr_n(&t, 44);
    fe8_mul(&x220, &t, &x44);
    t = x220;
    fe8_sqr_n(&t, 3);
    fe8_mul(&x223, &t, &x3);
    t = x223;
    fe8_sqr_n(&t, 23);
    fe8_mul(&t, &t, &x22);
    fe8_sqr_n(&t, 6);
    fe8_mul(&t, &t, &x2);
    fe8_sqr_n(&t, 2);
    uint64_t limb[5][8];
    for (int i = 0; i < 5; i++) _mm512_storeu_si512((void *)limb[i], t.v[i]);
    for (int j = 0; j < 8; j++) {
        for (int i = 0; i < 5; i++) r[j].n[i] = limb[i][j];
        sk_fe52 check;
        sk_fe52_sqr(&check, &r[j]);
        ok[j] = sk_fe52_equal_var(&check, &a[j]);
    }
}

#else

int sl_secp256k1_fe52_sqrt8_supported(void) {
    return 0;
}

void sl_secp256k1_fe52_sqrt8(sk_fe52 r[8], int ok[8], const sk_fe52 a[8]) {
    for (int j = 0; j < 8; j++) ok[j] = sl_secp256k1_fe52_sqrt(&r[j], &a[j]);
}

#endif
