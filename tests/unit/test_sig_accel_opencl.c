/* Signature verification on OpenCL: the signature accelerator suite
 * (sig_accel_suite.c) on every listed OpenCL device (PoCL here;
 * SLUICE_OPENCL_DEVICE="P.D" picks one), and clean answers when OpenCL is not
 * compiled in or has no device. */
#include <stdlib.h>
#include <string.h>
#include "sig_accel_suite.h"
#include "sluice/accel.h"
#include "testutil.h"

#define MAX_DEVS 16

/* No usable device: creating a context fails with a reason, no context. */
static void check_refused(void)
{
    sluice_accel_device fake = {0};
    fake.api = SLUICE_ACCEL_OPENCL;
    fake.platform = 99;
    sluice_sig_accel *ctx = NULL;
    char why[512] = "";
    CHECK(sluice_sig_accel_new(&ctx, &fake, why, sizeof why) != SLUICE_OK);
    CHECK(ctx == NULL && why[0] != '\0');
    printf("no OpenCL context: %s\n", why);
}

/* The embedded program: NUL-terminated OpenCL C, every header inlined, all
 * five entry points. */
static void check_source(void)
{
    const void *src = NULL;
    const size_t len = sluice_sig_accel_kernel_image(SLUICE_ACCEL_OPENCL, &src);
    if (!sluice_accel_compiled(SLUICE_ACCEL_OPENCL)) {
        CHECK(len == 0 && src == NULL);
        return;
    }
    CHECK(len > 1000 && src != NULL);
    if (!src) return;
    const char *s = src;
    CHECK(s[len] == '\0' && strlen(s) == len);
    static const char *const entries[] = {"sl_sig_setup_walk", "sl_sig_setup_affine", "sl_sig_sm2", "sl_sig_bip340",
                                          "sl_sig_ed25519"};
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) CHECK(strstr(s, entries[i]) != NULL);
    CHECK(strstr(s, "#include \"") == NULL);
    CHECK(sluice_sig_accel_kernel_image((sluice_accel_api)7, &src) == 0 && src == NULL);
}

int main(void)
{
    char why[512] = "";
    sluice_accel_device devs[MAX_DEVS];
    unsigned count = 0;
    check_source();
    check_refused();
    sluice_err err = sluice_accel_list(SLUICE_ACCEL_OPENCL, devs, MAX_DEVS, &count, why, sizeof why);
    if (!sluice_accel_compiled(SLUICE_ACCEL_OPENCL) || err != SLUICE_OK || count == 0) {
        CHECK(err == SLUICE_OK || why[0] != '\0');
        CHECK(count == 0);
        printf("no OpenCL device (%s): device tests skipped\n", err ? why : "none listed");
        return tu_finish("test_sig_accel_opencl");
    }
    const unsigned listed = count < MAX_DEVS ? count : MAX_DEVS;
    const char *pick = getenv("SLUICE_OPENCL_DEVICE");   /* "P.D": only that device */
    unsigned ran = 0;
    for (unsigned i = 0; i < listed; i++) {
        char id[32];
        snprintf(id, sizeof id, "%u.%u", devs[i].platform, devs[i].index);
        if (pick && strcmp(id, pick) != 0) continue;
        int failed = sig_accel_suite_run(SLUICE_ACCEL_OPENCL, &devs[i]);
        printf("sig suite on opencl %s: %s\n", id, failed ? "FAILED" : "passed");
        ran++;
    }
    CHECK(ran > 0);   /* SLUICE_OPENCL_DEVICE names a listed device */
    return tu_finish("test_sig_accel_opencl");
}
