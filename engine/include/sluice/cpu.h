/* Run-time CPU feature detection (CPUID + XGETBV). Fast paths are selected from
 * this, never from the build machine's flags. */
#ifndef SLUICE_CPU_H
#define SLUICE_CPU_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int sse42, avx, avx2, fma, bmi2;
    int avx512f, avx512bw, avx512vl, avx512dq, avx512vnni, avx512ifma;
    int avx_vnni, sha_ni, aes, vaes, gfni;
    char vendor[13];
    char brand[49];
} sluice_cpu_features;

/* Fills *f from CPUID; features whose register state the OS does not save
 * (XCR0) are reported as absent. The environment variable SLUICE_CPU_MASK
 * ("avx512", "avx2", "scalar") masks features down, for testing fallbacks. */
void sluice_cpu_detect(sluice_cpu_features *f);

/* Comma-separated list of the SIMD features present, e.g. "avx2,avx512f,avx512vnni". */
void sluice_cpu_feature_string(const sluice_cpu_features *f, char *buf, unsigned cap);

#ifdef __cplusplus
}
#endif
#endif
