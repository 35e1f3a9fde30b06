/* Device selection for `sluice mine --backend ... --devices ...` (see miner.h). */
#include "miner.h"
#include <stdio.h>
#include <string.h>

#define MAX_ACCEL 64

static int parse_index(const char *s, size_t len, unsigned *out) {
    if (len == 0 || len > 4) return -1;
    unsigned v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return 0;
}

/* Next comma-separated item of *p: [*item, *item + *len). 0 at the end. */
static int next_item(const char **p, const char **item, size_t *len) {
    if (!*p) return 0;
    const char *s = *p, *comma = strchr(s, ',');
    *item = s;
    *len = comma ? (size_t)(comma - s) : strlen(s);
    *p = comma ? comma + 1 : NULL;
    return 1;
}

static int item_is(const char *item, size_t len, const char *word) {
    return strlen(word) == len && strncmp(item, word, len) == 0;
}

static void add_accel(const sluice_accel_device *d, miner_device_spec *out, unsigned *n) {
    miner_device_spec *s = &out[(*n)++];
    memset(s, 0, sizeof *s);
    s->kind = MINER_DEV_ACCEL;
    s->accel = *d;
    snprintf(s->name, sizeof s->name, "%s:%u", sluice_accel_api_name(d->api), d->index);
}

int miner_devices_select_from(const char *backends, const char *devices, const sluice_accel_device *avail,
                              unsigned navail, miner_device_spec *out, unsigned cap, unsigned *count,
                              char *why, size_t why_cap) {
    int want_cpu = 0, want_api[3] = {0, 0, 0};
    const char *p = backends ? backends : "cpu", *item;
    size_t len;
    *count = 0;
    if (!*p) { snprintf(why, why_cap, "--backend is empty (cpu, opencl, cuda)"); return -1; }
    while (next_item(&p, &item, &len)) {
        if (item_is(item, len, "cpu")) want_cpu = 1;
        else if (item_is(item, len, "opencl")) want_api[SLUICE_ACCEL_OPENCL] = 1;
        else if (item_is(item, len, "cuda")) want_api[SLUICE_ACCEL_CUDA] = 1;
        else {
            snprintf(why, why_cap, "unknown backend '%.*s' (cpu, opencl, cuda)", (int)(len > 32 ? 32 : len), item);
            return -1;
        }
    }
    /* The accelerators of the selected APIs, OpenCL first: the global indices. */
    const sluice_accel_device *sel[MAX_ACCEL];
    unsigned nsel = 0;
    for (int api = SLUICE_ACCEL_OPENCL; api <= SLUICE_ACCEL_CUDA; api++)
        for (unsigned i = 0; i < navail && nsel < MAX_ACCEL; i++)
            if ((int)avail[i].api == api && want_api[api]) sel[nsel++] = &avail[i];
    unsigned n = 0;
    if (want_cpu) {
        memset(&out[0], 0, sizeof out[0]);
        out[0].kind = MINER_DEV_CPU;
        snprintf(out[0].name, sizeof out[0].name, "cpu");
        n = 1;
    }
    if (!devices) {
        for (unsigned i = 0; i < nsel; i++) {
            if (n >= cap) { snprintf(why, why_cap, "too many devices (at most %u)", cap); return -1; }
            add_accel(sel[i], out, &n);
        }
    } else {
        p = devices;
        if (!*p) { snprintf(why, why_cap, "--devices is empty"); return -1; }
        while (next_item(&p, &item, &len)) {
            const char *colon = memchr(item, ':', len);
            const sluice_accel_device *d = NULL;
            unsigned idx;
            if (!colon) {
                if (parse_index(item, len, &idx) != 0) {
                    snprintf(why, why_cap, "bad device '%.*s' (an index or api:index)", (int)(len > 32 ? 32 : len), item);
                    return -1;
                }
                if (idx < nsel) d = sel[idx];
            } else {
                size_t alen = (size_t)(colon - item);
                int api = item_is(item, alen, "opencl") ? SLUICE_ACCEL_OPENCL
                        : item_is(item, alen, "cuda") ? SLUICE_ACCEL_CUDA : 0;
                if (!api || parse_index(colon + 1, len - alen - 1, &idx) != 0) {
                    snprintf(why, why_cap, "bad device '%.*s' (an index or api:index)", (int)(len > 32 ? 32 : len), item);
                    return -1;
                }
                if (!want_api[api]) {
                    snprintf(why, why_cap, "device '%.*s': backend %s not selected (--backend)", (int)len, item,
                             sluice_accel_api_name((sluice_accel_api)api));
                    return -1;
                }
                for (unsigned i = 0; i < nsel; i++)
                    if ((int)sel[i]->api == api && sel[i]->index == idx) d = sel[i];
            }
            if (!d) {
                snprintf(why, why_cap, "no device '%.*s' (%u accelerator%s of the selected backends)",
                         (int)(len > 32 ? 32 : len), item, nsel, nsel == 1 ? "" : "s");
                return -1;
            }
            for (unsigned i = 0; i < n; i++)
                if (out[i].kind == MINER_DEV_ACCEL && out[i].accel.api == d->api && out[i].accel.index == d->index) {
                    snprintf(why, why_cap, "device '%.*s' given twice", (int)(len > 32 ? 32 : len), item);
                    return -1;
                }
            if (n >= cap) { snprintf(why, why_cap, "too many devices (at most %u)", cap); return -1; }
            add_accel(d, out, &n);
        }
    }
    for (int api = SLUICE_ACCEL_OPENCL; api <= SLUICE_ACCEL_CUDA; api++) {
        if (!want_api[api]) continue;
        int any = 0;
        for (unsigned i = 0; i < nsel; i++) any |= (int)sel[i]->api == api;
        if (!any) {
            snprintf(why, why_cap, "backend %s: no device found", sluice_accel_api_name((sluice_accel_api)api));
            return -1;
        }
    }
    if (n == 0) { snprintf(why, why_cap, "no device selected"); return -1; }
    *count = n;
    return 0;
}

int miner_devices_select(const char *backends, const char *devices, miner_device_spec *out, unsigned cap,
                         unsigned *count, char *why, size_t why_cap) {
    sluice_accel_device avail[MAX_ACCEL];
    unsigned navail = 0;
    char reason[256] = "";
    const char *p = backends ? backends : "cpu", *item;
    size_t len;
    while (next_item(&p, &item, &len)) {
        sluice_accel_api api = item_is(item, len, "opencl") ? SLUICE_ACCEL_OPENCL
                             : item_is(item, len, "cuda") ? SLUICE_ACCEL_CUDA : (sluice_accel_api)0;
        if (!api) continue;
        int seen = 0;
        for (unsigned i = 0; i < navail; i++) seen |= avail[i].api == api;
        if (seen) continue;
        unsigned found = 0;
        if (!sluice_accel_compiled(api)) {
            snprintf(why, why_cap, "backend %s: not compiled into this build", sluice_accel_api_name(api));
            return -1;
        }
        if (sluice_accel_list(api, avail + navail, MAX_ACCEL - navail, &found, reason, sizeof reason) != SLUICE_OK) {
            snprintf(why, why_cap, "backend %s: %s", sluice_accel_api_name(api), reason[0] ? reason : "unavailable");
            return -1;
        }
        if (found > MAX_ACCEL - navail) found = MAX_ACCEL - navail;
        navail += found;
    }
    return miner_devices_select_from(backends, devices, avail, navail, out, cap, count, why, why_cap);
}
