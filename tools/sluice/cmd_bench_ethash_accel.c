/* The accelerator half of `sluice bench ethash-full` (contract in
 * cmd_bench_ethash.h): builds the epoch's light cache on the CPU and its DAG
 * on the device (sluice_ethash_accel_new), then searches device batches with
 * an unreachable boundary (all zeros: a final of exactly 0) for the requested
 * time and reports full-DAG hashes per second and the DAG build time. A DAG
 * that does not fit the device is reported with the device's reason. */
#include "cmd_bench_ethash.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sluice/accel.h"
#include "sluice/ethash.h"

/* DAG progress on stderr, only when it is a terminal (JSON output and logs
 * stay clean). */
typedef struct {
    int last_pct;
} accel_bar;

static void accel_progress(void *user, uint64_t done, uint64_t total)
{
    accel_bar *b = user;
    const int pct = total ? (int)(100 * done / total) : 100;
    if (pct == b->last_pct) return;
    b->last_pct = pct;
    fprintf(stderr, "\r  device DAG: %3d%%%s", pct, done >= total ? "\n" : "");
    fflush(stderr);
}

int cmd_bench_ethash_accel(cmd_backend b, unsigned index, int epoch, double seconds, cmd_ethash_accel_rate *out,
                           char *why, size_t why_cap)
{
    memset(out, 0, sizeof *out);
    if (why && why_cap) why[0] = '\0';
    if (b != CMD_BACKEND_OPENCL && b != CMD_BACKEND_CUDA) {
        snprintf(why, why_cap, "not an accelerator backend: %s", cmd_backend_name(b));
        return 1;
    }
    const sluice_accel_api api = b == CMD_BACKEND_CUDA ? SLUICE_ACCEL_CUDA : SLUICE_ACCEL_OPENCL;
    sluice_accel_device devs[64];
    unsigned count = 0;
    sluice_err e = sluice_accel_list(api, devs, 64, &count, why, why_cap);
    if (e != SLUICE_OK) return 1;
    if (count > 64) count = 64;
    if (index >= count) {
        snprintf(why, why_cap, "no %s device %u (%u found)", sluice_accel_api_name(api), index, count);
        return 1;
    }
    snprintf(out->device, sizeof out->device, "%s:%u %s", sluice_accel_api_name(api), index, devs[index].name);
    sluice_ethash_epoch *ep = NULL;
    e = sluice_ethash_epoch_new(&ep, epoch);
    if (e != SLUICE_OK) {
        snprintf(why, why_cap, "epoch %d: %s", epoch, sluice_strerror(e));
        return 1;
    }
    accel_bar bar = {-1};
    sluice_ethash_accel_opts opts = {0};
    if (isatty(2)) {
        fprintf(stderr, "%s: building the epoch-%d DAG (%.2f GiB) on the device\n", out->device, epoch,
                (double)sluice_ethash_epoch_dataset_items(ep) * 128 / (1u << 30));
        opts.progress = accel_progress;
        opts.progress_user = &bar;
    }
    sluice_ethash_accel *ctx = NULL;
    e = sluice_ethash_accel_new(&ctx, &devs[index], ep, &opts, why, why_cap);
    if (e != SLUICE_OK) {
        sluice_ethash_epoch_free(ep);
        return 1;
    }
    out->dag_seconds = sluice_ethash_accel_dag_seconds(ctx);
    const uint8_t header[32] = {0x5c, 0x1c, 0xe0}, boundary[32] = {0};
    const uint32_t batch = sluice_ethash_accel_batch(ctx);
    uint64_t nonce = 0, found[4];
    unsigned nfound = 0;
    const double t0 = cmd_now();
    double t = t0;
    do {
        e = sluice_ethash_accel_search(ctx, header, nonce, batch, boundary, found, 4, &nfound);
        if (e != SLUICE_OK) {
            snprintf(why, why_cap, "search: %s: %s", sluice_strerror(e), sluice_ethash_accel_why(ctx));
            break;
        }
        nonce += batch;
        t = cmd_now();
    } while (t - t0 < seconds);
    if (e == SLUICE_OK) {
        out->hashes = nonce;
        out->rate = t > t0 ? (double)nonce / (t - t0) : 0;
    }
    sluice_ethash_accel_free(ctx);
    sluice_ethash_epoch_free(ep);
    return e == SLUICE_OK ? 0 : 1;
}
