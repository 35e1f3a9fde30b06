/* 62 variable-time divsteps (modinv62_divsteps.h). */
#include "ec/modinv62_divsteps.h"

int64_t sl_modinv62_divsteps_var(int64_t eta, uint64_t f0, uint64_t g0, sl_modinv62_trans *t) {
    uint64_t u = 1, v = 0, q = 0, r = 1, f = f0, g = g0;
    int left = 62;
    for (;;) {
        /* the sentinel bit at position 'left' caps the run at the steps left */
        int zeros = __builtin_ctzll(g | (UINT64_MAX << left));
        g >>= zeros;
        u <<= zeros;
        v <<= zeros;
        eta -= zeros;
        left -= zeros;
        if (left == 0) break;
        /* f and g are odd here */
        uint64_t w, m;
        int limit;
        if (eta < 0) {
            uint64_t tmp;
            eta = -eta;
            tmp = f;
            f = g;
            g = 0 - tmp;
            tmp = u;
            u = q;
            q = 0 - tmp;
            tmp = v;
            v = r;
            r = 0 - tmp;
            limit = (int)eta + 1 > left ? left : (int)eta + 1;
            m = (UINT64_MAX >> (64 - limit)) & 63U;
            w = (f * g * (f * f - 2)) & m;
        } else {
            limit = (int)eta + 1 > left ? left : (int)eta + 1;
            m = (UINT64_MAX >> (64 - limit)) & 15U;
            w = f + (((f + 1) & 4) << 1);
            w = (0 - w * g) & m;
        }
        g += f * w;
        q += u * w;
        r += v * w;
    }
    t->u = (int64_t)u;
    t->v = (int64_t)v;
    t->q = (int64_t)q;
    t->r = (int64_t)r;
    return eta;
}
