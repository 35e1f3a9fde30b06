/* The last step of `sluice demo`: a generated chain validated by the
 * sliding-window validator into a real LMDB store (cmd_demo_validate.h). */
#include "cmd_demo_validate.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain_build_gen.h"
#include "sluice/pswv.h"

#define DEMO_BLOCKS 104u
#define DEMO_TXS_PER_BLOCK 40u
#define DEMO_WINDOW 16u
#define DEMO_FAULT_HEIGHT 103u

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

/* Generates the chain (with a fault at DEMO_FAULT_HEIGHT when fault !=
 * CG_FAULT_NONE) and validates every block through one validator over a
 * fresh store in dir; want_rule NULL = the chain must be valid, else the
 * verdict's rule at the fault height. */
static sluice_err run_one(const sluice_cli *cli, unsigned threads, cg_fault_kind fault, const char *dir,
                          const char *label, const char *want_rule,
                          demo_validate_totals *t, char *why, size_t why_cap) {
    cg_params p;
    memset(&p, 0, sizeof p);
    p.blocks = DEMO_BLOCKS;
    p.txs_per_block = DEMO_TXS_PER_BLOCK;
    p.profile = SLUICE_BYTOM_PROFILE_MAINNET;
    p.seed = 2026;
    p.fault = fault;
    p.fault_height = fault == CG_FAULT_NONE ? 0 : DEMO_FAULT_HEIGHT;
    cg_gen *g = NULL;
    if (cg_gen_new(&p, &g, why, why_cap)) return SLUICE_ERR_INTERNAL;
    sluice_pswv_opts o;
    memset(&o, 0, sizeof o);
    o.window = DEMO_WINDOW;
    o.threads = (int)threads;
    o.profile = SLUICE_BYTOM_PROFILE_MAINNET;
    o.network = "dev";
    sluice_pswv *v = NULL;
    sluice_err e = sluice_pswv_open(dir, &o, &v, why, why_cap);
    if (e != SLUICE_OK) {
        cg_gen_free(g);
        return e;
    }
    for (;;) {
        uint8_t *raw = NULL;
        size_t len = 0;
        uint64_t h = 0;
        int r = cg_gen_block(g, &raw, &len, &h, why, why_cap);
        if (r < 0) {
            e = SLUICE_ERR_INTERNAL;
            break;
        }
        if (r == 0) break;
        e = sluice_pswv_feed(v, raw, len, why, why_cap);
        free(raw);
        if (e != SLUICE_OK) break;
    }
    if (e == SLUICE_OK) e = sluice_pswv_flush(v, why, why_cap);
    if (e == SLUICE_OK) {
        const sluice_pswv_stats *st = sluice_pswv_get_stats(v);
        const sluice_pswv_verdict *vd = sluice_pswv_get_verdict(v);
        int right = want_rule ? (vd->invalid && vd->height == DEMO_FAULT_HEIGHT && strcmp(vd->rule, want_rule) == 0)
                              : !vd->invalid;
        t->chains++;
        t->txs += st->txs;
        if (!right) t->failures++;
        double rate = st->total_s > 0 ? (double)st->txs / st->total_s : 0;
        if (cli->json) {
            printf("{\"event\":\"validate\",\"chain\":\"%s\",\"blocks\":%llu,\"txs\":%llu,\"window\":%u,"
                   "\"committed_height\":%llu,\"valid\":%s,\"rule\":\"%s\",\"first_invalid_height\":",
                   label, (unsigned long long)st->blocks, (unsigned long long)st->txs, DEMO_WINDOW,
                   (unsigned long long)st->committed_height, vd->invalid ? "false" : "true",
                   vd->invalid ? vd->rule : "ok");
            if (vd->invalid)
                printf("%llu", (unsigned long long)vd->height);
            else
                fputs("null", stdout);
            printf(",\"sig_checks\":%llu,\"seconds\":%.3f,\"tx_per_sec\":%.1f,\"as_expected\":%s}\n",
                   (unsigned long long)st->sig_checks, st->total_s, rate, right ? "true" : "false");
        } else {
            printf("  %-26s %4llu blocks, %5llu txs committed up to height %-4llu %s", label,
                   (unsigned long long)st->blocks, (unsigned long long)st->txs,
                   (unsigned long long)st->committed_height, vd->invalid ? "invalid at " : "valid");
            if (vd->invalid) printf("%llu: %s", (unsigned long long)vd->height, vd->rule);
            printf(" (%.2f s, %.0f tx/s) %s\n", st->total_s, rate, right ? "(as expected)" : "(WRONG)");
        }
    }
    sluice_pswv_close(v);
    cg_gen_free(g);
    return e;
}

sluice_err demo_validate(const sluice_cli *cli, unsigned threads, demo_validate_totals *t, char *why,
                         size_t why_cap) {
    const char *tmp = getenv("TMPDIR");
    char base[512];
    snprintf(base, sizeof base, "%s/sluice-demo.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(base)) return sluice_why(SLUICE_ERR_IO, why, why_cap, "cannot create a directory under %s", base);
    char dir1[600], dir2[600];
    snprintf(dir1, sizeof dir1, "%s/valid", base);
    snprintf(dir2, sizeof dir2, "%s/fault", base);
    if (!cli->json)
        printf("sluice demo: generating a %u-block chain (%u transactions a block from height 100) and "
               "validating it with a %u-block window into an LMDB store\n",
               DEMO_BLOCKS, DEMO_TXS_PER_BLOCK, DEMO_WINDOW);
    sluice_err e = run_one(cli, threads, CG_FAULT_NONE, dir1, "generated chain", NULL, t, why,
                           why_cap);
    if (e == SLUICE_OK)
        e = run_one(cli, threads, CG_FAULT_SPEND_UNKNOWN, dir2, "with an unknown spend", "utxo_not_found", t, why, why_cap);
    nftw(base, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return e;
}
