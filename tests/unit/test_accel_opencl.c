/* OpenCL Tensority backend: the accelerator suite (accel_suite.c) on every
 * listed OpenCL device (PoCL here; SLUICE_OPENCL_DEVICE="P.D" picks one),
 * plus what is specific to OpenCL: the embedded kernel source (headers
 * inlined) and a clean answer when no platform or device exists. */
#include <stdlib.h>
#include <string.h>
#include "accel_suite.h"
#include "sluice/accel.h"
#include "testutil.h"

#define MAX_DEVS 16

int main(void)
{
    char why[512] = "";
    sluice_accel_device devs[MAX_DEVS];
    unsigned count = 0;
    CHECK(strcmp(sluice_accel_api_name(SLUICE_ACCEL_OPENCL), "opencl") == 0);
    CHECK(strcmp(sluice_accel_api_name((sluice_accel_api)7), "unknown") == 0);
    CHECK(!sluice_accel_compiled((sluice_accel_api)7));
    sluice_err err = sluice_accel_list(SLUICE_ACCEL_OPENCL, devs, MAX_DEVS, &count, why, sizeof why);
    if (!sluice_accel_compiled(SLUICE_ACCEL_OPENCL)) {
        CHECK(err == SLUICE_ERR_UNSUPPORTED);
        CHECK(why[0] != '\0');
        CHECK(count == 0);
        CHECK(sluice_accel_kernel_image(SLUICE_ACCEL_OPENCL, NULL) == 0);
        printf("OpenCL not compiled in: %s\n", why);
        return tu_finish("test_accel_opencl");
    }
    /* The embedded program: NUL-terminated OpenCL C with every header inlined. */
    const void *src = NULL;
    size_t srclen = sluice_accel_kernel_image(SLUICE_ACCEL_OPENCL, &src);
    CHECK(srclen > 1000 && src != NULL);
    if (src) {
        const char *s = src;
        CHECK(s[srclen] == '\0' && strlen(s) == srclen);
        static const char *const entries[] = {"sl_prep_hash", "sl_prep_search", "sl_chain", "sl_finish_hash",
                                              "sl_finish_search"};
        for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) CHECK(strstr(s, entries[i]) != NULL);
        CHECK(strstr(s, "#include \"") == NULL);
    }
    if (err != SLUICE_OK || count == 0) {
        CHECK(err == SLUICE_ERR_UNSUPPORTED ? why[0] != '\0' : err == SLUICE_OK);
        CHECK(count == 0);
        printf("no OpenCL device (%s): device tests skipped\n", err ? why : "none listed");
        return tu_finish("test_accel_opencl");
    }
    const unsigned listed = count < MAX_DEVS ? count : MAX_DEVS;
    for (unsigned i = 0; i < listed; i++) {
        accel_suite_print_device(&devs[i]);
        CHECK(devs[i].api == SLUICE_ACCEL_OPENCL);
        CHECK(devs[i].name[0] != '\0' && devs[i].compute_units > 0);
    }
    const char *pick = getenv("SLUICE_OPENCL_DEVICE");   /* "P.D": only that device */
    unsigned ran = 0;
    for (unsigned i = 0; i < listed; i++) {
        char id[32];
        snprintf(id, sizeof id, "%u.%u", devs[i].platform, devs[i].index);
        if (pick && strcmp(id, pick) != 0) continue;
        int failed = accel_suite_run(SLUICE_ACCEL_OPENCL, &devs[i]);
        printf("suite on opencl %s: %s\n", id, failed ? "FAILED" : "passed");
        ran++;
    }
    CHECK(ran > 0);   /* SLUICE_OPENCL_DEVICE names a listed device */
    return tu_finish("test_accel_opencl");
}
