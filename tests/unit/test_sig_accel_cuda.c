/* Signature verification on CUDA: the signature accelerator suite
 * (sig_accel_suite.c) on every CUDA device, when there are any. Without a
 * driver or GPU: the clean "no CUDA driver" answer - a listing error with a
 * reason, and a context that is refused with a reason, never a crash. */
#include <stdlib.h>
#include <string.h>
#include "sig_accel_suite.h"
#include "sluice/accel.h"
#include "testutil.h"

#define MAX_DEVS 16

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* The embedded signature fatbin (nvcc ran at build time): the container
 * header (magic 0xba55ed50, 16 bytes, payload size), entries tiling the
 * payload (kind 2 = SASS ELF, 1 = PTX), SASS and PTX, and the kernels' names. */
static void check_fatbin(void)
{
    const void *img = NULL;
    const size_t size = sluice_sig_accel_kernel_image(SLUICE_ACCEL_CUDA, &img);
    if (!sluice_accel_compiled(SLUICE_ACCEL_CUDA)) {
        CHECK(size == 0 && img == NULL);
        return;
    }
    const uint8_t *p = img;
    CHECK(size > 1024 && p != NULL);
    if (!p || size < 16) return;
    CHECK(rd32(p) == 0xba55ed50u && (p[6] | p[7] << 8) == 16 && 16 + rd64(p + 8) == size);
    unsigned sass = 0, ptx = 0, max_sass = 0, max_ptx = 0;
    size_t off = 16;
    while (off + 32 <= size) {
        const unsigned kind = p[off] | p[off + 1] << 8;
        const uint32_t ehs = rd32(p + off + 4), arch = rd32(p + off + 28);
        const uint64_t len = rd64(p + off + 8);
        if (ehs < 32 || len > size - off - ehs) break;
        if (kind == 2 && memcmp(p + off + ehs, "\177ELF", 4) == 0) {
            sass++;
            if (arch > max_sass) max_sass = arch;
        }
        if (kind == 1) {
            ptx++;
            if (arch > max_ptx) max_ptx = arch;
        }
        off += ehs + len;
    }
    CHECK(off == size);
    CHECK(sass >= 1 && ptx >= 1 && max_ptx >= max_sass && max_sass >= 70);
    static const char *const entries[] = {"sl_sig_setup_walk", "sl_sig_setup_affine", "sl_sig_sm2", "sl_sig_bip340",
                                          "sl_sig_ed25519"};
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
        const size_t n = strlen(entries[i]);
        int seen = 0;
        for (size_t k = 0; k + n <= size && !seen; k++) seen = memcmp(p + k, entries[i], n) == 0;
        CHECK(seen);
    }
    printf("embedded signature fatbin: %zu bytes, %u SASS (newest sm_%u), PTX compute_%u\n", size, sass, max_sass,
           max_ptx);
}

int main(void)
{
    check_fatbin();
    char why[512] = "";
    sluice_accel_device devs[MAX_DEVS];
    unsigned count = 7;
    sluice_err err = sluice_accel_list(SLUICE_ACCEL_CUDA, devs, MAX_DEVS, &count, why, sizeof why);
    if (!sluice_accel_compiled(SLUICE_ACCEL_CUDA) || err != SLUICE_OK || count == 0) {
        CHECK(err == SLUICE_OK || err == SLUICE_ERR_UNSUPPORTED);
        CHECK(err == SLUICE_OK || why[0] != '\0');
        CHECK(count == 0);
        sluice_accel_device fake = {0};
        fake.api = SLUICE_ACCEL_CUDA;
        sluice_sig_accel *ctx = NULL;
        char why2[512] = "";
        sluice_err e2 = sluice_sig_accel_new(&ctx, &fake, why2, sizeof why2);
        CHECK(e2 != SLUICE_OK);
        CHECK(ctx == NULL && why2[0] != '\0');
        /* Without a driver both answers are the same "no driver" reason. */
        if (err == SLUICE_ERR_UNSUPPORTED && sluice_accel_compiled(SLUICE_ACCEL_CUDA)) {
            CHECK(e2 == SLUICE_ERR_UNSUPPORTED);
            CHECK(strcmp(why, why2) == 0);
        }
        printf("no CUDA device (%s); context refused: %s; device tests skipped\n", err ? why : "none listed", why2);
        return tu_finish("test_sig_accel_cuda");
    }
    const unsigned listed = count < MAX_DEVS ? count : MAX_DEVS;
    for (unsigned i = 0; i < listed; i++) {
        int failed = sig_accel_suite_run(SLUICE_ACCEL_CUDA, &devs[i]);
        printf("sig suite on cuda %u: %s\n", i, failed ? "FAILED" : "passed");
    }
    return tu_finish("test_sig_accel_cuda");
}
