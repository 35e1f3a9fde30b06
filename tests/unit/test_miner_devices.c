/* Device selection of `sluice mine --backend ... --devices ...`
 * (miner_devices_select_from in tools/sluice/miner.h) over a made-up list:
 * two OpenCL devices and one CUDA device. */
#include "miner.h"
#include "testutil.h"
#include <string.h>

static sluice_accel_device avail[3];

static void setup(void) {
    memset(avail, 0, sizeof avail);
    /* Discovery order as sluice_accel_list gives it, CUDA listed first here on
     * purpose: global indices put OpenCL first all the same. */
    avail[0].api = SLUICE_ACCEL_CUDA; avail[0].index = 0; snprintf(avail[0].name, 128, "H100");
    avail[1].api = SLUICE_ACCEL_OPENCL; avail[1].index = 0; snprintf(avail[1].name, 128, "PoCL");
    avail[2].api = SLUICE_ACCEL_OPENCL; avail[2].index = 1; snprintf(avail[2].name, 128, "Other");
}

static int sel(const char *backends, const char *devices, char names[][64], unsigned *n, char *why) {
    miner_device_spec out[8];
    int rc = miner_devices_select_from(backends, devices, avail, 3, out, 8, n, why, 256);
    for (unsigned i = 0; rc == 0 && i < *n; i++) memcpy(names[i], out[i].name, 64);
    return rc;
}

int main(void) {
    setup();
    char names[8][64], why[256];
    unsigned n = 0;
    CHECK(sel(NULL, NULL, names, &n, why) == 0 && n == 1 && strcmp(names[0], "cpu") == 0);
    CHECK(sel("cpu", NULL, names, &n, why) == 0 && n == 1);
    CHECK(sel("cpu,opencl,cuda", NULL, names, &n, why) == 0 && n == 4);
    CHECK(strcmp(names[0], "cpu") == 0 && strcmp(names[1], "opencl:0") == 0 && strcmp(names[2], "opencl:1") == 0 &&
          strcmp(names[3], "cuda:0") == 0);
    /* Global indices: OpenCL devices first, then CUDA. */
    CHECK(sel("opencl,cuda", "2,0", names, &n, why) == 0 && n == 2);
    CHECK(strcmp(names[0], "cuda:0") == 0 && strcmp(names[1], "opencl:0") == 0);
    CHECK(sel("cuda", "0", names, &n, why) == 0 && n == 1 && strcmp(names[0], "cuda:0") == 0);
    CHECK(sel("cpu,opencl,cuda", "opencl:1,cuda:0", names, &n, why) == 0 && n == 3);
    CHECK(strcmp(names[0], "cpu") == 0 && strcmp(names[1], "opencl:1") == 0 && strcmp(names[2], "cuda:0") == 0);
    /* Errors, each with a reason. */
    CHECK(sel("gpu", NULL, names, &n, why) != 0 && strstr(why, "unknown backend 'gpu'"));
    CHECK(sel("cpu,", NULL, names, &n, why) != 0 && strstr(why, "unknown backend ''"));
    CHECK(sel("", NULL, names, &n, why) != 0);
    CHECK(sel("opencl", "2", names, &n, why) != 0 && strstr(why, "no device '2'"));
    CHECK(sel("opencl", "cuda:0", names, &n, why) != 0 && strstr(why, "not selected"));
    CHECK(sel("opencl", "opencl:7", names, &n, why) != 0 && strstr(why, "no device 'opencl:7'"));
    CHECK(sel("opencl", "0,0", names, &n, why) != 0 && strstr(why, "twice"));
    CHECK(sel("opencl", "opencl:0,0", names, &n, why) != 0 && strstr(why, "twice"));
    CHECK(sel("opencl", "x", names, &n, why) != 0 && strstr(why, "bad device 'x'"));
    CHECK(sel("opencl", "-1", names, &n, why) != 0);
    CHECK(sel("opencl", "metal:0", names, &n, why) != 0 && strstr(why, "bad device"));
    CHECK(sel("opencl", "", names, &n, why) != 0);
    CHECK(sel("opencl", "0,", names, &n, why) != 0);
    /* An API with no device is an error, not a silent CPU-less run. */
    miner_device_spec out[8];
    CHECK(miner_devices_select_from("cpu,cuda", NULL, avail + 1, 2, out, 8, &n, why, sizeof why) != 0 &&
          strstr(why, "backend cuda: no device found"));
    /* Capacity is respected. */
    CHECK(miner_devices_select_from("cpu,opencl,cuda", NULL, avail, 3, out, 2, &n, why, sizeof why) != 0 &&
          strstr(why, "too many devices"));
    return tu_finish("test_miner_devices");
}
