/* The key cache's group lookup (sl_keycache_get_n) against the one-by-one
 * lookup (sl_keycache_get): for every scheme, groups of 1..97 items with
 * repeated keys (within a group and across groups), invalid keys (repeated
 * too) and malformed items give the same verdicts, the same key for the
 * same identity within a group, verified items equal to the cache-less
 * check, and the same miss count for the valid keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/sig/bip340_sig.h"
#include "../../engine/sig/ed25519_sig.h"
#include "../../engine/sig/sig_internal.h"
#include "../../engine/sig/sm2_sig.h"
#include "sig_testgen.h"
#include "sluice/sig.h"
#include "testutil.h"

#define N 600
#define NKEYS 50

static void check_scheme(sluice_sig_scheme s, tu_rng *rng)
{
    sig_testgen_rec *recs = calloc(N, sizeof *recs);
    sluice_sig_item *items = calloc(N, sizeof *items);
    uint8_t *expect = calloc(N, 1);
    const void **keys = calloc(N, sizeof *keys);
    sluice_sig_status *st = calloc(N, sizeof *st);
    CHECK(recs && items && expect && keys && st);
    CHECK(sig_testgen(s, recs, N, NKEYS, 77 + s) == 0);
    size_t bad_keys = 0;
    for (size_t i = 0; i < N; i++) {
        items[i] = sig_testgen_item(&recs[i]);
        /* the records of key 3 (every NKEYS-th) get a key of a wrong length:
         * an invalid key that repeats; a few items are malformed */
        if (i % NKEYS == 3) {
            items[i].pub_len--;
            bad_keys++;
        } else if (i % 97 == 5) {
            items[i].msg = NULL;
            items[i].msg_len = 5;
        }
        expect[i] = (uint8_t)sluice_sig_verify(&items[i], NULL);
    }
    CHECK(bad_keys > 1);

    sluice_sig_keycache *one = sluice_sig_keycache_new(4096);
    sluice_sig_keycache *grp = sluice_sig_keycache_new(4096);
    CHECK(one && grp);
    size_t done = 0, groups = 0;
    while (done < N) {
        size_t m = 1 + tu_rng_next(rng) % 97;
        if (m > N - done)
            m = N - done;
        sl_keycache_get_n(grp, items + done, m, keys + done, st + done, 2);
        for (size_t i = done; i < done + m; i++) {
            sluice_sig_status st1;
            const void *k1 = sl_keycache_get(one, &items[i], &st1);
            CHECK((k1 == NULL) == (keys[i] == NULL));
            if (!keys[i]) {
                CHECK(st[i] == st1);
                CHECK((uint8_t)st[i] == expect[i]);
                continue;
            }
            CHECK(st[i] == SLUICE_SIG_VALID);
            CHECK((uint8_t)sl_sig_verify_key(keys[i], &items[i]) == expect[i]);
            /* the same identity within the group: the same prepared key */
            for (size_t j = done; j < i; j++)
                if (keys[j] && items[j].pub_len == items[i].pub_len &&
                    !memcmp(items[j].pub, items[i].pub, items[i].pub_len))
                    CHECK(keys[j] == keys[i]);
        }
        sl_keycache_end(grp);
        sl_keycache_end(one);
        done += m;
        groups++;
    }
    uint64_t h1, m1, h2, m2;
    sluice_sig_keycache_stats(one, &h1, &m1);
    sluice_sig_keycache_stats(grp, &h2, &m2);
    printf("%s: %zu groups; one by one %llu hits %llu misses; grouped %llu hits %llu misses\n",
           sluice_sig_scheme_name(s), groups, (unsigned long long)h1, (unsigned long long)m1,
           (unsigned long long)h2, (unsigned long long)m2);
    /* invalid keys are not cached: one by one each of their items misses;
     * grouped, their repeats within a group are hits */
    CHECK(m1 == NKEYS - 1 + bad_keys);
    CHECK(m2 >= NKEYS && m2 <= m1);
    CHECK(h2 + m2 == h1 + m1);
    sluice_sig_keycache_free(one);
    sluice_sig_keycache_free(grp);

    /* a small cache (eviction between groups) gives the same verdicts */
    sluice_sig_keycache *small = sluice_sig_keycache_new(3);
    for (size_t lo = 0; lo < N; lo += 40) {
        size_t m = N - lo < 40 ? N - lo : 40;
        sl_keycache_get_n(small, items + lo, m, keys + lo, st + lo, 2);
        for (size_t i = lo; i < lo + m; i++)
            CHECK((keys[i] ? (uint8_t)sl_sig_verify_key(keys[i], &items[i]) : (uint8_t)st[i]) ==
                  expect[i]);
        sl_keycache_end(small);
    }
    sluice_sig_keycache_free(small);
    free(recs);
    free(items);
    free(expect);
    free(keys);
    free(st);
}

/* 1 if the prepared key has its tables (sl_sig_key_upgrade ran on it). */
static int key_upgraded(sluice_sig_scheme s, const void *key)
{
    switch (s) {
    case SLUICE_SIG_SM2:
        return ((const sl_sm2_key *)key)->tables_ready != 0;
    case SLUICE_SIG_BIP340:
        return ((const sl_bip340_key *)key)->window > 0;
    case SLUICE_SIG_ED25519:
        return ((const sl_ed25519_key *)key)->tables_ready != 0;
    }
    return -1;
}

/* upgrade_at: one key used in groups of 1 and of 3 is upgraded exactly
 * when its use count reaches upgrade_at (never for 0), in a group or across
 * groups, and verifies the same before and after; the single lookup uses
 * sl_sig_upgrade_at(s, 0) = 2. */
static void check_upgrade_at(sluice_sig_scheme s)
{
    sig_testgen_rec recs[3];
    CHECK(sig_testgen(s, recs, 3, 1, 91 + s) == 0);
    sluice_sig_item items[3];
    for (int i = 0; i < 3; i++)
        items[i] = sig_testgen_item(&recs[i]);
    CHECK(sl_sig_upgrade_at(s, 0) == 2);
    for (unsigned at = 0; at <= 7; at++) {
        for (int group = 1; group <= 3; group += 2) {
            sluice_sig_keycache *c = sluice_sig_keycache_new(16);
            CHECK(c != NULL);
            unsigned uses = 0;
            for (int round = 0; round < 4; round++) {
                const void *keys[3];
                sluice_sig_status st[3];
                sl_keycache_get_n(c, items, (size_t)group, keys, st, at);
                uses += (unsigned)group;
                for (int i = 0; i < group; i++) {
                    CHECK(st[i] == SLUICE_SIG_VALID && keys[i] == keys[0]);
                    CHECK(sl_sig_verify_key(keys[i], &items[i]) == SLUICE_SIG_VALID);
                }
                CHECK(key_upgraded(s, keys[0]) == (at != 0 && uses >= at));
                sl_keycache_end(c);
            }
            sluice_sig_keycache_free(c);
        }
    }
    sluice_sig_keycache *c = sluice_sig_keycache_new(16);
    sluice_sig_status st;
    const void *k = sl_keycache_get(c, &items[0], &st);
    CHECK(k && !key_upgraded(s, k));
    sl_keycache_end(c);
    k = sl_keycache_get(c, &items[1], &st);
    CHECK(k && key_upgraded(s, k));
    CHECK(sl_sig_verify_key(k, &items[1]) == SLUICE_SIG_VALID);
    sl_keycache_end(c);
    sluice_sig_keycache_free(c);
}

int main(void)
{
    tu_rng rng;
    tu_rng_seed(&rng, 4242);
    for (unsigned s = 0; s < SLUICE_SIG_NSCHEMES; s++)
        check_scheme((sluice_sig_scheme)s, &rng);
    for (unsigned s = 0; s < SLUICE_SIG_NSCHEMES; s++)
        check_upgrade_at((sluice_sig_scheme)s);
    return tu_finish("test_keycache");
}
