/* engine/sched topology and placement, checked against the machine itself:
 * counts against sysconf/sched_getaffinity, binding against sched_getcpu(),
 * NUMA allocation for alignment and writability. */
#include "testutil.h"
#include "sluice/topology.h"
#include <hwloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static sluice_topology *topo;
static cpu_set_t start_mask;   /* main thread's affinity before any binding */

static void test_summary(void) {
    sluice_topology_summary s;
    sluice_topology_get_summary(topo, &s);
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    printf("summary: %u packages, %u NUMA nodes, %u cores, %u PUs, L1d %llu, L2 %llu, "
           "L3 %llu x %u, memory %llu; online %ld, affinity %d\n",
           s.packages, s.numa_nodes, s.cores, s.pus, s.l1d_bytes, s.l2_bytes, s.l3_bytes,
           s.l3_instances, s.memory_bytes, online, CPU_COUNT(&start_mask));
    CHECK(s.packages >= 1);
    CHECK(s.numa_nodes >= 1);
    CHECK(s.cores >= 1);
    CHECK(s.pus >= s.cores);
    CHECK(s.cores >= s.packages);
    /* hwloc sees the PUs cgroups allow; the affinity mask lies within them. */
    CHECK(online < 1 || s.pus <= (unsigned)online);
    CHECK(s.pus >= (unsigned)CPU_COUNT(&start_mask));
    CHECK(s.memory_bytes > 0);
    CHECK((s.l3_bytes > 0) == (s.l3_instances > 0));
    CHECK(s.l3_instances <= s.cores);
    CHECK(s.l1d_bytes < s.memory_bytes && s.l2_bytes < s.memory_bytes && s.l3_bytes < s.memory_bytes);

    sluice_topology_get_summary(NULL, &s);
    CHECK(s.cores == 0 && s.pus == 0);
}

/* Core (hwloc object) holding the PU with OS index pu, from our own hwloc view. */
static hwloc_obj_t core_of(hwloc_topology_t h, int pu) {
    hwloc_obj_t o = hwloc_get_pu_obj_by_os_index(h, (unsigned)pu);
    hwloc_obj_t c = o ? hwloc_get_ancestor_obj_by_type(h, HWLOC_OBJ_CORE, o) : NULL;
    return c ? c : o;
}

static void test_placement(void) {
    unsigned cores = 0, pus = 0;
    sluice_topology_usable(topo, &cores, &pus);
    sluice_topology_summary s;
    sluice_topology_get_summary(topo, &s);
    printf("usable: %u cores, %u PUs\n", cores, pus);
    CHECK(cores >= 1 && cores <= s.cores);
    CHECK(pus >= cores && pus <= s.pus);
    /* This process is single-threaded here: its binding is the main thread's mask. */
    CHECK(pus == (unsigned)CPU_COUNT(&start_mask));

    hwloc_topology_t h;
    CHECK(hwloc_topology_init(&h) == 0);
    CHECK(hwloc_topology_load(h) == 0);
    int *seen = calloc(pus, sizeof *seen);
    CHECK(seen != NULL);
    for (unsigned i = 0; seen && i < pus; i++) {
        int pu = sluice_topology_worker_pu(topo, i, pus);
        seen[i] = pu;
        CHECK(pu >= 0 && pu < CPU_SETSIZE && CPU_ISSET(pu, &start_mask));
        for (unsigned j = 0; j < i; j++) {
            CHECK(seen[j] != pu);                               /* every PU once */
            if (i < cores) CHECK(core_of(h, seen[j]) != core_of(h, pu));   /* one per core first */
        }
        unsigned node = sluice_topology_numa_of_worker(topo, i, pus);
        CHECK(node < s.numa_nodes);
        hwloc_obj_t numa = hwloc_get_obj_by_type(h, HWLOC_OBJ_NUMANODE, node);
        CHECK(numa && numa->cpuset && hwloc_bitmap_isset(numa->cpuset, (unsigned)pu));
    }
    /* The placement of worker i does not depend on nthreads; more workers wrap. */
    CHECK(sluice_topology_worker_pu(topo, 0, 1) == sluice_topology_worker_pu(topo, 0, pus));
    CHECK(sluice_topology_worker_pu(topo, pus, pus + 1) == sluice_topology_worker_pu(topo, 0, 1));
    CHECK(sluice_topology_numa_of_worker(topo, 2 * pus, 2 * pus + 1) < s.numa_nodes);
    /* Invalid arguments. */
    CHECK(sluice_topology_worker_pu(topo, 1, 1) == -1);
    CHECK(sluice_topology_worker_pu(topo, 0, 0) == -1);
    CHECK(sluice_topology_worker_pu(NULL, 0, 1) == -1);
    CHECK(sluice_topology_numa_of_worker(topo, 3, 2) == 0);
    CHECK(sluice_topology_bind_worker(topo, 2, 2) == SLUICE_ERR_ARG);
    CHECK(sluice_topology_bind_worker(NULL, 0, 1) == SLUICE_ERR_ARG);
    free(seen);
    hwloc_topology_destroy(h);
}

typedef struct { unsigned thread, nthreads; int ok; } worker_arg;

/* A worker: bind, check where we run, allocate on our node and write it. */
static void *worker(void *p) {
    worker_arg *a = p;
    int want = sluice_topology_worker_pu(topo, a->thread, a->nthreads);
    sluice_err err = sluice_topology_bind_worker(topo, a->thread, a->nthreads);
    a->ok = 1;
    if (err == SLUICE_ERR_UNSUPPORTED) {
        fprintf(stderr, "worker %u: binding unsupported here (not fatal)\n", a->thread);
    } else if (err != SLUICE_OK) {
        a->ok = 0;
    } else {
        cpu_set_t m;
        CPU_ZERO(&m);
        if (sched_getaffinity(0, sizeof m, &m) != 0 || CPU_COUNT(&m) != 1 || !CPU_ISSET(want, &m)) a->ok = 0;
        for (int k = 0; k < 3; k++) {            /* after a yield too: the binding holds */
            if (sched_getcpu() != want) a->ok = 0;
            sched_yield();
        }
    }
    unsigned node = sluice_topology_numa_of_worker(topo, a->thread, a->nthreads);
    size_t len = 1u << 20;
    unsigned char *buf = sluice_topology_alloc_on(topo, node, len);
    if (!buf || ((uintptr_t)buf & 63)) a->ok = 0;
    if (buf) {
        memset(buf, (int)a->thread, len);
        if (buf[0] != (unsigned char)a->thread || buf[len - 1] != (unsigned char)a->thread) a->ok = 0;
    }
    sluice_topology_free(topo, buf, len);
    return NULL;
}

static void run_workers(unsigned n) {
    pthread_t th[256];
    worker_arg args[256];
    if (n > 256) n = 256;
    for (unsigned i = 0; i < n; i++) {
        args[i] = (worker_arg){i, n, 0};
        CHECK(pthread_create(&th[i], NULL, worker, &args[i]) == 0);
    }
    for (unsigned i = 0; i < n; i++) {
        CHECK(pthread_join(th[i], NULL) == 0);
        if (!args[i].ok) fprintf(stderr, "worker %u of %u failed\n", i, n);
        CHECK(args[i].ok);
    }
}

static void test_binding(void) {
    unsigned pus = 0;
    sluice_topology_usable(topo, NULL, &pus);
    run_workers(1);              /* worker 0 alone */
    run_workers(pus);            /* every usable PU at once */
    run_workers(2 * pus + 1);    /* oversubscribed: wraps around */
    /* The main thread was never bound by any of this. */
    cpu_set_t m;
    CPU_ZERO(&m);
    CHECK(sched_getaffinity(0, sizeof m, &m) == 0 && CPU_EQUAL(&m, &start_mask));
}

static void test_alloc(void) {
    sluice_topology_summary s;
    sluice_topology_get_summary(topo, &s);
    size_t lens[] = {1, 63, 64, 4097, (size_t)3 << 20};
    /* Every node, plus one out of range (falls back to plain memory). */
    for (unsigned node = 0; node <= s.numa_nodes; node++) {
        for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
            unsigned char *p = sluice_topology_alloc_on(topo, node, lens[k]);
            CHECK(p != NULL);
            CHECK(((uintptr_t)p & 63) == 0);
            if (!p) continue;
            for (size_t i = 0; i < lens[k]; i++) p[i] = (unsigned char)(i * 7 + node);
            int good = 1;
            for (size_t i = 0; i < lens[k]; i++) good &= p[i] == (unsigned char)(i * 7 + node);
            CHECK(good);
            sluice_topology_free(topo, p, lens[k]);
        }
    }
    CHECK(sluice_topology_alloc_on(topo, 0, 0) == NULL);
    sluice_topology_free(topo, NULL, 16);
    /* Without a topology: plain aligned memory. */
    unsigned char *q = sluice_topology_alloc_on(NULL, 0, 100);
    CHECK(q != NULL && ((uintptr_t)q & 63) == 0);
    if (q) { memset(q, 0xa5, 100); CHECK(q[99] == 0xa5); }
    sluice_topology_free(NULL, q, 100);
}

/* Placement order on a machine we do not have: a synthetic topology of two
 * packages (one NUMA node each) of 4 cores with 2 PUs. Binding to it is refused. */
static void test_synthetic(void) {
    const char *old = getenv("HWLOC_SYNTHETIC");
    CHECK(old == NULL);
    if (old) return;
    setenv("HWLOC_SYNTHETIC", "pack:2 numa:1 l3:1 core:4 pu:2", 1);
    sluice_topology *st = NULL;
    CHECK(sluice_topology_open(&st) == SLUICE_OK);
    unsetenv("HWLOC_SYNTHETIC");
    if (!st) return;
    sluice_topology_summary s;
    sluice_topology_get_summary(st, &s);
    CHECK(s.packages == 2 && s.numa_nodes == 2 && s.cores == 8 && s.pus == 16 && s.l3_instances == 2);
    unsigned cores = 0, pus = 0;
    sluice_topology_usable(st, &cores, &pus);
    CHECK(cores == 8 && pus == 16);
    /* First PU of each core (0, 2, ..., 14), then their siblings (1, 3, ..., 15). */
    for (unsigned i = 0; i < 16; i++) {
        int want = i < 8 ? (int)(2 * i) : (int)(2 * (i - 8) + 1);
        CHECK(sluice_topology_worker_pu(st, i, 16) == want);
        CHECK(sluice_topology_numa_of_worker(st, i, 16) == (unsigned)want / 8);
    }
    CHECK(sluice_topology_bind_worker(st, 0, 1) == SLUICE_ERR_UNSUPPORTED);
    void *p = sluice_topology_alloc_on(st, 1, 4096);
    CHECK(p != NULL && ((uintptr_t)p & 63) == 0);
    if (p) memset(p, 1, 4096);
    sluice_topology_free(st, p, 4096);
    sluice_topology_close(st);
}

int main(void) {
    CPU_ZERO(&start_mask);
    CHECK(sched_getaffinity(0, sizeof start_mask, &start_mask) == 0);
    CHECK(sluice_topology_open(NULL) == SLUICE_ERR_ARG);
    sluice_topology_close(NULL);
    sluice_err err = sluice_topology_open(&topo);
    CHECK(err == SLUICE_OK && topo != NULL);
    if (!topo) return tu_finish("topology");
    test_summary();
    test_placement();
    test_alloc();
    test_binding();
    test_synthetic();
    sluice_topology_close(topo);
    return tu_finish("topology");
}
