/* `sluice devices`: what this machine offers to Sluice. The CPU (brand, SIMD
 * features, the Tensority implementation AUTO picks), the hwloc topology, and
 * every OpenCL and CUDA device. A missing accelerator runtime is reported with
 * its reason, never an error: the command fails only on bad usage. */
#include "cli.h"
#include "sluice/accel.h"
#include "sluice/cpu.h"
#include "sluice/tensority.h"
#include "sluice/topology.h"
#include <stdlib.h>
#include <string.h>

#define DEVICES_CAP 64

static const char usage_text[] =
    "usage: sluice devices [--json] [--help]\n"
    "\n"
    "Shows the CPU (brand, SIMD features, the Tensority implementation that would\n"
    "run), the CPU topology from hwloc (packages, NUMA nodes, cores, PUs, caches,\n"
    "memory) and every OpenCL and CUDA device. A missing OpenCL or CUDA runtime is\n"
    "reported with its reason; it is not an error.\n"
    "\n"
    "options:\n"
    "  --json    print one JSON object instead of text\n"
    "  --help    print this help\n"
    "\n"
    "Exit status: 0 success, 2 bad usage.\n";

/* What one accelerator API reported. */
typedef struct {
    sluice_accel_api api;
    int available;
    char why[256];
    unsigned count;                 /* found (may exceed DEVICES_CAP) */
    sluice_accel_device dev[DEVICES_CAP];
} accel_report;

typedef struct {
    sluice_cpu_features cpu;
    char features[512];
    const char *brand;              /* cpu.brand without padding */
    int topo_ok;
    char topo_why[128];
    sluice_topology_summary topo;
    unsigned usable_cores, usable_pus;
    accel_report accel[2];
} devices_report;

static const sluice_tensority_impl cpu_impls[] = {
    SLUICE_TENSORITY_REF, SLUICE_TENSORITY_AVX2, SLUICE_TENSORITY_AVX512VNNI};

/* Strips the spaces CPUID pads brand strings with (in place). */
static const char *trim(char *s) {
    while (*s == ' ') s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ') s[--n] = '\0';
    return s;
}

static void probe_accel(accel_report *r, sluice_accel_api api) {
    r->api = api;
    r->why[0] = '\0';
    r->count = 0;
    sluice_err err = sluice_accel_list(api, r->dev, DEVICES_CAP, &r->count, r->why, sizeof r->why);
    r->available = err == SLUICE_OK;
    if (!r->available) {
        r->count = 0;
        if (!r->why[0])
            snprintf(r->why, sizeof r->why, "%s", sluice_accel_compiled(api) ? sluice_strerror(err)
                                                                              : "not built into this binary");
    }
}

static void probe(devices_report *r) {
    sluice_cpu_detect(&r->cpu);
    sluice_cpu_feature_string(&r->cpu, r->features, sizeof r->features);
    r->brand = trim(r->cpu.brand);
    sluice_topology *t = NULL;
    sluice_err err = sluice_topology_open(&t);
    r->topo_ok = err == SLUICE_OK;
    if (r->topo_ok) {
        sluice_topology_get_summary(t, &r->topo);
        sluice_topology_usable(t, &r->usable_cores, &r->usable_pus);
        sluice_topology_close(t);
    } else {
        snprintf(r->topo_why, sizeof r->topo_why, "hwloc: %s", sluice_strerror(err));
    }
    probe_accel(&r->accel[0], SLUICE_ACCEL_OPENCL);
    probe_accel(&r->accel[1], SLUICE_ACCEL_CUDA);
}

/* ---- text ---------------------------------------------------------------- */

/* "32 KiB", "1.5 GiB"; "unknown" for 0. */
static const char *fmt_bytes(unsigned long long n, char *buf, size_t cap) {
    static const char *const unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    if (!n) { snprintf(buf, cap, "unknown"); return buf; }
    unsigned u = 0;
    unsigned long long div = 1;
    while (u + 1 < sizeof unit / sizeof unit[0] && n >= div * 1024) { div *= 1024; u++; }
    if (n % div == 0) snprintf(buf, cap, "%llu %s", n / div, unit[u]);
    else snprintf(buf, cap, "%.1f %s", (double)n / (double)div, unit[u]);
    return buf;
}

static void text_cpu(const devices_report *r) {
    printf("cpu:\n");
    printf("  %-12s %s\n", "brand", r->brand[0] ? r->brand : "unknown");
    printf("  %-12s %s\n", "vendor", r->cpu.vendor[0] ? r->cpu.vendor : "unknown");
    printf("  %-12s ", "features");
    for (const char *p = r->features; *p; p++) putchar(*p == ',' ? ' ' : *p);
    printf("%s\n", r->features[0] ? "" : "(none)");
    printf("  %-12s %s (available:", "tensority", sluice_tensority_impl_name(sluice_tensority_impl_best()));
    for (size_t i = 0, n = 0; i < sizeof cpu_impls / sizeof cpu_impls[0]; i++)
        if (sluice_tensority_impl_available(cpu_impls[i]))
            printf("%s %s", n++ ? "," : "", sluice_tensority_impl_name(cpu_impls[i]));
    printf(")\n");
}

static void text_topology(const devices_report *r) {
    char b[32];
    const sluice_topology_summary *s = &r->topo;
    if (!r->topo_ok) { printf("\ntopology: unavailable (%s)\n", r->topo_why); return; }
    printf("\ntopology:\n");
    printf("  %-12s %u\n", "packages", s->packages);
    printf("  %-12s %u\n", "NUMA nodes", s->numa_nodes);
    printf("  %-12s %u\n", "cores", s->cores);
    printf("  %-12s %u\n", "PUs", s->pus);
    if (r->usable_cores != s->cores || r->usable_pus != s->pus)
        printf("  %-12s %u core%s, %u PU%s (this process's CPU binding)\n", "usable", r->usable_cores,
               r->usable_cores == 1 ? "" : "s", r->usable_pus, r->usable_pus == 1 ? "" : "s");
    printf("  %-12s %s\n", "L1d", fmt_bytes(s->l1d_bytes, b, sizeof b));
    printf("  %-12s %s\n", "L2", fmt_bytes(s->l2_bytes, b, sizeof b));
    printf("  %-12s %s", "L3", fmt_bytes(s->l3_bytes, b, sizeof b));
    if (s->l3_instances) printf(" x %u", s->l3_instances);
    printf("\n  %-12s %s\n", "memory", fmt_bytes(s->memory_bytes, b, sizeof b));
}

static void text_accel(const accel_report *r) {
    const char *api = sluice_accel_api_name(r->api);
    if (!r->available) { printf("\n%s: unavailable (%s)\n", api, r->why); return; }
    unsigned shown = r->count < DEVICES_CAP ? r->count : DEVICES_CAP;
    printf("\n%s: %u device%s", api, r->count, r->count == 1 ? "" : "s");
    if (shown < r->count) printf(" (first %u shown)", shown);
    printf("\n");
    for (unsigned i = 0; i < shown; i++) {
        const sluice_accel_device *d = &r->dev[i];
        char g[32], l[32];
        printf("  [%u.%u] %s%s\n", d->platform, d->index, d->name, d->is_cpu ? " (CPU device)" : "");
        printf("        %-10s %s\n", "vendor", d->vendor);
        printf("        %-10s %s\n", "version", d->version);
        printf("        %-10s %s\n", "driver", d->driver);
        printf("        %-10s %s global, %s local\n", "memory", fmt_bytes(d->global_mem, g, sizeof g),
               fmt_bytes(d->local_mem, l, sizeof l));
        printf("        %-10s %u units @ %u MHz\n", "compute", d->compute_units, d->clock_mhz);
    }
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_cpu(const devices_report *r) {
    fputs("\"cpu\":{\"brand\":", stdout);
    cli_json_string(stdout, r->brand);
    fputs(",\"vendor\":", stdout);
    cli_json_string(stdout, r->cpu.vendor);
    fputs(",\"features\":[", stdout);
    char buf[sizeof r->features];
    memcpy(buf, r->features, sizeof buf);
    int n = 0;
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (n++) fputc(',', stdout);
        cli_json_string(stdout, tok);
    }
    fputs("],\"tensority_impl\":", stdout);
    cli_json_string(stdout, sluice_tensority_impl_name(sluice_tensority_impl_best()));
    fputs(",\"tensority_available\":[", stdout);
    n = 0;
    for (size_t i = 0; i < sizeof cpu_impls / sizeof cpu_impls[0]; i++) {
        if (!sluice_tensority_impl_available(cpu_impls[i])) continue;
        if (n++) fputc(',', stdout);
        cli_json_string(stdout, sluice_tensority_impl_name(cpu_impls[i]));
    }
    fputs("]}", stdout);
}

static void json_topology(const devices_report *r) {
    const sluice_topology_summary *s = &r->topo;
    if (!r->topo_ok) {
        fputs(",\"topology\":{\"available\":false,\"reason\":", stdout);
        cli_json_string(stdout, r->topo_why);
        fputs("}", stdout);
        return;
    }
    printf(",\"topology\":{\"available\":true,\"packages\":%u,\"numa_nodes\":%u,\"cores\":%u,\"pus\":%u,"
           "\"usable_cores\":%u,\"usable_pus\":%u,\"l1d_bytes\":%llu,\"l2_bytes\":%llu,\"l3_bytes\":%llu,"
           "\"l3_instances\":%u,\"memory_bytes\":%llu}",
           s->packages, s->numa_nodes, s->cores, s->pus, r->usable_cores, r->usable_pus, s->l1d_bytes,
           s->l2_bytes, s->l3_bytes, s->l3_instances, s->memory_bytes);
}

static void json_device(const sluice_accel_device *d) {
    printf("{\"platform\":%u,\"index\":%u,\"name\":", d->platform, d->index);
    cli_json_string(stdout, d->name);
    fputs(",\"vendor\":", stdout);
    cli_json_string(stdout, d->vendor);
    fputs(",\"version\":", stdout);
    cli_json_string(stdout, d->version);
    fputs(",\"driver\":", stdout);
    cli_json_string(stdout, d->driver);
    printf(",\"global_mem_bytes\":%llu,\"local_mem_bytes\":%llu,\"compute_units\":%u,\"clock_mhz\":%u,"
           "\"is_cpu\":%s}",
           (unsigned long long)d->global_mem, (unsigned long long)d->local_mem, d->compute_units,
           d->clock_mhz, d->is_cpu ? "true" : "false");
}

static void json_accel(const accel_report *r) {
    printf(",\"%s\":{\"available\":%s", sluice_accel_api_name(r->api), r->available ? "true" : "false");
    if (!r->available) {
        fputs(",\"reason\":", stdout);
        cli_json_string(stdout, r->why);
    }
    printf(",\"count\":%u,\"devices\":[", r->count);
    unsigned shown = r->count < DEVICES_CAP ? r->count : DEVICES_CAP;
    for (unsigned i = 0; i < shown; i++) {
        if (i) fputc(',', stdout);
        json_device(&r->dev[i]);
    }
    fputs("]}", stdout);
}

int cmd_devices(sluice_cli *cli, int argc, char **argv) {
    static const cli_opt opts[] = {{NULL, NULL, NULL}};
    int help = 0;
    int rc = cli_parse(cli, "devices", argc, argv, opts, NULL, 0, NULL, &help);
    if (rc != CLI_OK) return rc;
    if (help) { fputs(usage_text, stdout); return CLI_OK; }

    devices_report *r = calloc(1, sizeof *r);
    if (!r) { fprintf(stderr, "sluice devices: out of memory\n"); return CLI_USAGE; }
    probe(r);
    if (cli->json) {
        fputc('{', stdout);
        json_cpu(r);
        json_topology(r);
        json_accel(&r->accel[0]);
        json_accel(&r->accel[1]);
        fputs("}\n", stdout);
    } else {
        text_cpu(r);
        text_topology(r);
        text_accel(&r->accel[0]);
        text_accel(&r->accel[1]);
    }
    free(r);
    return fflush(stdout) == 0 ? CLI_OK : CLI_USAGE;
}
