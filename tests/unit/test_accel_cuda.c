/* CUDA Tensority backend: the accelerator suite (accel_suite.c) on every
 * CUDA device, when there are any. Without a driver or GPU it checks what can
 * be checked: the embedded fatbin (present when nvcc ran at build time; its
 * header and entries), and clean "no driver" answers with reasons from the
 * listing and from creating a context. */
#include <stdlib.h>
#include <string.h>
#include "accel_suite.h"
#include "sluice/accel.h"
#include "testutil.h"

#define MAX_DEVS 16

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }

/* The fatbin container: a 16-byte header (magic 0xba55ed50, version 1, header
 * size, payload size) and entries, each with its own header (kind 1 = PTX,
 * 2 = ELF/SASS; header size; payload size; arch at +28). The entries must
 * tile the payload exactly, and hold SASS plus PTX for the newest SASS arch
 * or later (so that newer GPUs can JIT it). */
static void check_fatbin(const uint8_t *img, size_t size)
{
    CHECK(size > 1024 && img != NULL);
    if (!img || size < 16) return;
    CHECK(rd32(img) == 0xba55ed50u);
    CHECK((img[4] | img[5] << 8) == 1);
    const size_t hsize = (size_t)(img[6] | img[7] << 8);
    const uint64_t fat = rd64(img + 8);
    CHECK(hsize == 16);
    CHECK(hsize + fat == size);
    if (hsize != 16 || hsize + fat != size) return;
    unsigned nelf = 0, nptx = 0, max_sass = 0, max_ptx = 0;
    size_t off = hsize;
    while (off + 32 <= size) {
        const unsigned kind = img[off] | img[off + 1] << 8;
        const uint32_t ehs = rd32(img + off + 4);
        const uint64_t len = rd64(img + off + 8);
        const uint32_t arch = rd32(img + off + 28);
        CHECK(kind == 1 || kind == 2);
        CHECK(ehs >= 32 && ehs <= 256 && len > 0 && len <= size - off - ehs);
        if (ehs < 32 || ehs > 256 || len > size - off - ehs) return;
        printf("  fatbin entry: %s for %s_%u, %llu bytes\n", kind == 2 ? "SASS" : "PTX", kind == 2 ? "sm" : "compute",
               arch, (unsigned long long)len);
        if (kind == 2) {
            nelf++;
            CHECK(memcmp(img + off + ehs, "\177ELF", 4) == 0);
            if (arch > max_sass) max_sass = arch;
        } else if (kind == 1) {
            nptx++;
            if (arch > max_ptx) max_ptx = arch;
        }
        CHECK(arch >= 61);   /* __dp4a */
        off += ehs + len;
    }
    CHECK(off == size);
    CHECK(nelf >= 1 && nptx >= 1);
    CHECK(max_ptx >= max_sass);
}

int main(void)
{
    char why[512] = "";
    sluice_accel_device devs[MAX_DEVS];
    unsigned count = 7;
    CHECK(strcmp(sluice_accel_api_name(SLUICE_ACCEL_CUDA), "cuda") == 0);
    const void *img = NULL;
    size_t size = sluice_accel_kernel_image(SLUICE_ACCEL_CUDA, &img);
    sluice_err err = sluice_accel_list(SLUICE_ACCEL_CUDA, devs, MAX_DEVS, &count, why, sizeof why);
    if (!sluice_accel_compiled(SLUICE_ACCEL_CUDA)) {
        CHECK(size == 0);
        CHECK(err == SLUICE_ERR_UNSUPPORTED);
        CHECK(why[0] != '\0');
        CHECK(count == 0);
        printf("CUDA not compiled in: %s\n", why);
        return tu_finish("test_accel_cuda");
    }
    check_fatbin(img, size);
    printf("embedded fatbin: %zu bytes\n", size);
    if (err != SLUICE_OK || count == 0) {
        /* No driver (or one without a device): a clean answer with a reason,
         * the same every time, and no context. */
        CHECK(err == SLUICE_OK || err == SLUICE_ERR_UNSUPPORTED);
        CHECK(err == SLUICE_OK || why[0] != '\0');
        CHECK(count == 0);
        char why2[512] = "";
        unsigned count2 = 3;
        CHECK(sluice_accel_list(SLUICE_ACCEL_CUDA, NULL, 0, &count2, why2, sizeof why2) == err);
        CHECK(count2 == 0 && strcmp(why, why2) == 0);
        sluice_accel_device fake = {0};
        fake.api = SLUICE_ACCEL_CUDA;
        sluice_tensority_accel *ctx = NULL;
        int8_t dummy[16] = {0};
        why2[0] = '\0';
        CHECK(sluice_tensority_accel_new(&ctx, &fake, dummy, why2, sizeof why2) != SLUICE_OK);
        CHECK(ctx == NULL && why2[0] != '\0');
        printf("no CUDA device (%s): device tests skipped\n", err ? why : "none listed");
        return tu_finish("test_accel_cuda");
    }
    const unsigned listed = count < MAX_DEVS ? count : MAX_DEVS;
    for (unsigned i = 0; i < listed; i++) {
        accel_suite_print_device(&devs[i]);
        CHECK(devs[i].api == SLUICE_ACCEL_CUDA && devs[i].index == i);
        CHECK(strncmp(devs[i].version, "sm_", 3) == 0 && devs[i].compute_units > 0);
    }
    for (unsigned i = 0; i < listed; i++) {
        int failed = accel_suite_run(SLUICE_ACCEL_CUDA, &devs[i]);
        printf("suite on cuda %u: %s\n", i, failed ? "FAILED" : "passed");
    }
    return tu_finish("test_accel_cuda");
}
