/* PLACEHOLDER during development (helper B replaces this file). */
#include "cmd_bench_ethash.h"
#include <stdio.h>
int cmd_bench_ethash_accel(cmd_backend b, unsigned index, int epoch, double seconds, cmd_ethash_accel_rate *out,
                           char *why, size_t why_cap) {
    (void)b; (void)index; (void)epoch; (void)seconds; (void)out;
    snprintf(why, why_cap, "not built yet");
    return 1;
}
