/* Machine topology from hwloc: the summary `sluice devices` prints and the
 * worker placement slots (see topology_internal.h for their order). */
#include "sched/topology_internal.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Size of the first cache object of `type` that holds data (hwloc 2 keeps
 * instruction caches in separate L*ICACHE types), and how many there are. */
static unsigned long long cache_size(hwloc_topology_t topo, hwloc_obj_type_t type, unsigned *count) {
    unsigned long long size = 0;
    unsigned n = 0;
    for (hwloc_obj_t o = NULL; (o = hwloc_get_next_obj_by_type(topo, type, o)) != NULL;) {
        if (o->attr->cache.type == HWLOC_OBJ_CACHE_INSTRUCTION) continue;
        if (!n) size = o->attr->cache.size;
        n++;
    }
    if (count) *count = n;
    return size;
}

static unsigned count_of(hwloc_topology_t topo, hwloc_obj_type_t type) {
    int n = hwloc_get_nbobjs_by_type(topo, type);
    return n > 0 ? (unsigned)n : 0;
}

static void fill_summary(hwloc_topology_t topo, sluice_topology_summary *s) {
    memset(s, 0, sizeof *s);
    s->pus = count_of(topo, HWLOC_OBJ_PU);
    s->cores = count_of(topo, HWLOC_OBJ_CORE);
    if (!s->cores) s->cores = s->pus;           /* no core information: a PU is a core */
    s->packages = count_of(topo, HWLOC_OBJ_PACKAGE);
    if (!s->packages) s->packages = 1;
    s->numa_nodes = count_of(topo, HWLOC_OBJ_NUMANODE);
    if (!s->numa_nodes) s->numa_nodes = 1;
    s->l1d_bytes = cache_size(topo, HWLOC_OBJ_L1CACHE, NULL);
    s->l2_bytes = cache_size(topo, HWLOC_OBJ_L2CACHE, NULL);
    s->l3_bytes = cache_size(topo, HWLOC_OBJ_L3CACHE, &s->l3_instances);
    s->memory_bytes = hwloc_get_root_obj(topo)->total_memory;
    /* Some VMs give the NUMA nodes less memory than the machine has (memory
     * outside any node); on this system, trust the larger of the two. */
    if (hwloc_topology_is_thissystem(topo)) {
        long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
        if (pages > 0 && page > 0 && (unsigned long long)pages * (unsigned long long)page > s->memory_bytes)
            s->memory_bytes = (unsigned long long)pages * (unsigned long long)page;
    }
}

/* Rank of a core's CPU kind: hwloc sorts kinds from most energy-efficient to
 * highest-performance, so a higher index is a faster core; -1 when unknown. */
static int kind_rank(hwloc_topology_t topo, hwloc_obj_t core) {
    return hwloc_cpukinds_get_by_cpuset(topo, core->cpuset, 0);
}

typedef struct { hwloc_obj_t obj; int rank; } core_ref;

static int core_cmp(const void *a, const void *b) {
    const core_ref *x = a, *y = b;
    if (x->rank != y->rank) return x->rank > y->rank ? -1 : 1;
    return x->obj->logical_index < y->obj->logical_index ? -1
         : x->obj->logical_index > y->obj->logical_index;
}

/* The k-th (0-based) PU of set, or -1. */
static int nth_pu(hwloc_const_bitmap_t set, unsigned k) {
    int id = hwloc_bitmap_first(set);
    while (id >= 0 && k--) id = hwloc_bitmap_next(set, id);
    return id;
}

static unsigned numa_of_pu(hwloc_topology_t topo, unsigned pu) {
    for (hwloc_obj_t n = NULL; (n = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_NUMANODE, n)) != NULL;)
        if (n->cpuset && hwloc_bitmap_isset(n->cpuset, pu)) return n->logical_index;
    return 0;
}

/* PUs the process may run on: its current binding within the topology's
 * allowed set (all allowed PUs when the binding cannot be read). */
static hwloc_bitmap_t usable_set(hwloc_topology_t topo, int thissystem) {
    hwloc_bitmap_t set = hwloc_bitmap_alloc();
    if (!set) return NULL;
    hwloc_const_cpuset_t allowed = hwloc_topology_get_allowed_cpuset(topo);
    if (thissystem && hwloc_get_cpubind(topo, set, HWLOC_CPUBIND_PROCESS) == 0)
        hwloc_bitmap_and(set, set, allowed);
    else hwloc_bitmap_zero(set);
    if (hwloc_bitmap_iszero(set)) hwloc_bitmap_copy(set, allowed);
    return set;
}

/* Fills t->slot_* round by round: PU r of every core (in core order) in round r. */
static sluice_err build_slots(sluice_topology *t) {
    hwloc_topology_t topo = t->topo;
    hwloc_obj_type_t level = count_of(topo, HWLOC_OBJ_CORE) ? HWLOC_OBJ_CORE : HWLOC_OBJ_PU;
    unsigned ncores = count_of(topo, level), npus = count_of(topo, HWLOC_OBJ_PU);
    sluice_err err = SLUICE_ERR_NOMEM;
    core_ref *cores = calloc(ncores ? ncores : 1, sizeof *cores);
    hwloc_bitmap_t usable = usable_set(topo, t->thissystem), mine = hwloc_bitmap_alloc();
    t->slot_pu = calloc(npus ? npus : 1, sizeof *t->slot_pu);
    t->slot_numa = calloc(npus ? npus : 1, sizeof *t->slot_numa);
    if (!cores || !usable || !mine || !t->slot_pu || !t->slot_numa) goto out;
    for (unsigned i = 0; i < ncores; i++) {
        cores[i].obj = hwloc_get_obj_by_type(topo, level, i);
        cores[i].rank = kind_rank(topo, cores[i].obj);
    }
    qsort(cores, ncores, sizeof *cores, core_cmp);
    for (unsigned round = 0, added = 1; added && t->nslots < npus; round++) {
        added = 0;
        for (unsigned i = 0; i < ncores && t->nslots < npus; i++) {
            hwloc_bitmap_and(mine, cores[i].obj->cpuset, usable);
            if (round == 0) hwloc_bitmap_singlify(mine);   /* one worker per core first */
            int pu = nth_pu(mine, round);
            if (pu < 0) continue;
            if (round == 0) t->usable_cores++;
            t->slot_pu[t->nslots] = (unsigned)pu;
            t->slot_numa[t->nslots] = numa_of_pu(topo, (unsigned)pu);
            t->nslots++;
            added = 1;
        }
    }
    err = t->nslots ? SLUICE_OK : SLUICE_ERR_UNSUPPORTED;
out:
    free(cores);
    hwloc_bitmap_free(usable);
    hwloc_bitmap_free(mine);
    return err;
}

sluice_err sluice_topology_open(sluice_topology **out) {
    if (!out) return SLUICE_ERR_ARG;
    *out = NULL;
    sluice_topology *t = calloc(1, sizeof *t);
    if (!t) return SLUICE_ERR_NOMEM;
    if (hwloc_topology_init(&t->topo) != 0) { free(t); return SLUICE_ERR_NOMEM; }
    if (hwloc_topology_load(t->topo) != 0) {
        hwloc_topology_destroy(t->topo);
        free(t);
        return SLUICE_ERR_UNSUPPORTED;
    }
    /* HWLOC_SYNTHETIC / HWLOC_XMLFILE describe another machine: no binding. */
    t->thissystem = hwloc_topology_is_thissystem(t->topo);
    fill_summary(t->topo, &t->summary);
    sluice_err err = build_slots(t);
    if (err != SLUICE_OK) { sluice_topology_close(t); return err; }
    *out = t;
    return SLUICE_OK;
}

void sluice_topology_close(sluice_topology *t) {
    if (!t) return;
    free(t->slot_pu);
    free(t->slot_numa);
    hwloc_topology_destroy(t->topo);
    free(t);
}

void sluice_topology_get_summary(const sluice_topology *t, sluice_topology_summary *s) {
    if (!s) return;
    if (!t) { memset(s, 0, sizeof *s); return; }
    *s = t->summary;
}

void sluice_topology_usable(const sluice_topology *t, unsigned *cores, unsigned *pus) {
    if (cores) *cores = t ? t->usable_cores : 0;
    if (pus) *pus = t ? t->nslots : 0;
}

int sluice_topology_worker_pu(const sluice_topology *t, unsigned thread, unsigned nthreads) {
    if (!t || !t->nslots || thread >= nthreads) return -1;
    return (int)t->slot_pu[thread % t->nslots];
}

unsigned sluice_topology_numa_of_worker(const sluice_topology *t, unsigned thread, unsigned nthreads) {
    if (!t || !t->nslots || thread >= nthreads) return 0;
    return t->slot_numa[thread % t->nslots];
}

sluice_err sluice_topology_bind_worker(const sluice_topology *t, unsigned thread, unsigned nthreads) {
    int pu = sluice_topology_worker_pu(t, thread, nthreads);
    if (pu < 0) return SLUICE_ERR_ARG;
    if (!t->thissystem) return SLUICE_ERR_UNSUPPORTED;
    hwloc_bitmap_t set = hwloc_bitmap_alloc();
    if (!set) return SLUICE_ERR_NOMEM;
    /* One PU: the singlified core cpuset in round 0, a sibling PU later. */
    hwloc_bitmap_only(set, (unsigned)pu);
    int rc = hwloc_set_cpubind(t->topo, set, HWLOC_CPUBIND_THREAD);
    hwloc_bitmap_free(set);
    return rc == 0 ? SLUICE_OK : SLUICE_ERR_UNSUPPORTED;
}
