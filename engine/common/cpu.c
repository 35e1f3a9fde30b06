/* CPUID leaves per Intel SDM vol. 2A "CPUID" and AMD APM vol. 3; the XCR0 check
 * follows the SDM's "Detection of AVX-512 Foundation Instructions". */
#include "sluice/cpu.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static unsigned long long read_xcr0(void) {
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}

void sluice_cpu_detect(sluice_cpu_features *f) {
    memset(f, 0, sizeof *f);
    unsigned a, b, c, d, max;
    if (!__get_cpuid(0, &max, &b, &c, &d)) return;
    memcpy(f->vendor + 0, &b, 4);
    memcpy(f->vendor + 4, &d, 4);
    memcpy(f->vendor + 8, &c, 4);
    __cpuid(1, a, b, c, d);
    f->sse42 = (c >> 20) & 1;
    f->fma = (c >> 12) & 1;
    f->aes = (c >> 25) & 1;
    int osxsave = (c >> 27) & 1, avx_cpu = (c >> 28) & 1;
    unsigned long long xcr0 = osxsave ? read_xcr0() : 0;
    int ymm_os = (xcr0 & 0x6) == 0x6, zmm_os = (xcr0 & 0xe6) == 0xe6;
    f->avx = avx_cpu && ymm_os;
    if (!f->avx) f->fma = 0;
    if (max >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        f->avx2 = f->avx && ((b >> 5) & 1);
        f->bmi2 = (b >> 8) & 1;
        f->sha_ni = (b >> 29) & 1;
        f->vaes = f->avx && ((c >> 9) & 1);
        f->gfni = (c >> 8) & 1;
        if (zmm_os) {
            f->avx512f = (b >> 16) & 1;
            f->avx512dq = f->avx512f && ((b >> 17) & 1);
            f->avx512ifma = f->avx512f && ((b >> 21) & 1);
            f->avx512bw = f->avx512f && ((b >> 30) & 1);
            f->avx512vl = f->avx512f && ((b >> 31) & 1);
            f->avx512vnni = f->avx512f && ((c >> 11) & 1);
        }
        __cpuid_count(7, 1, a, b, c, d);
        f->avx_vnni = f->avx2 && ((a >> 4) & 1);
    }
    unsigned ext;
    __cpuid(0x80000000, ext, b, c, d);
    if (ext >= 0x80000004) {
        unsigned regs[12];
        for (unsigned i = 0; i < 3; i++)
            __cpuid(0x80000002 + i, regs[4 * i], regs[4 * i + 1], regs[4 * i + 2], regs[4 * i + 3]);
        memcpy(f->brand, regs, 48);
        f->brand[48] = '\0';
    }
    const char *mask = getenv("SLUICE_CPU_MASK");
    if (mask && *mask) {
        int keep512 = strcmp(mask, "avx512") == 0;
        int keep2 = keep512 || strcmp(mask, "avx2") == 0;
        if (!keep512) f->avx512f = f->avx512bw = f->avx512vl = f->avx512dq = f->avx512vnni = f->avx512ifma = 0;
        if (!keep2) f->avx2 = f->avx = f->fma = f->avx_vnni = 0;
    }
}
#else
void sluice_cpu_detect(sluice_cpu_features *f) { memset(f, 0, sizeof *f); }
#endif

void sluice_cpu_feature_string(const sluice_cpu_features *f, char *buf, unsigned cap) {
    struct { int on; const char *name; } list[] = {
        {f->sse42, "sse4.2"}, {f->avx, "avx"}, {f->avx2, "avx2"}, {f->fma, "fma"},
        {f->bmi2, "bmi2"}, {f->avx512f, "avx512f"}, {f->avx512bw, "avx512bw"},
        {f->avx512vl, "avx512vl"}, {f->avx512dq, "avx512dq"}, {f->avx512vnni, "avx512vnni"},
        {f->avx512ifma, "avx512ifma"}, {f->avx_vnni, "avx-vnni"}, {f->sha_ni, "sha"},
        {f->aes, "aes"}, {f->vaes, "vaes"}, {f->gfni, "gfni"}};
    if (!cap) return;
    buf[0] = '\0';
    unsigned used = 0;
    for (unsigned i = 0; i < sizeof list / sizeof list[0]; i++) {
        if (!list[i].on) continue;
        int n = snprintf(buf + used, cap - used, "%s%s", used ? "," : "", list[i].name);
        if (n < 0 || (unsigned)n >= cap - used) break;
        used += (unsigned)n;
    }
}
