/* CPU topology from hwloc and thread placement (engine/sched). */
#ifndef SLUICE_TOPOLOGY_H
#define SLUICE_TOPOLOGY_H

#include <stddef.h>
#include "sluice/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sluice_topology sluice_topology;

typedef struct {
    unsigned packages, numa_nodes, cores, pus;
    unsigned long long l1d_bytes, l2_bytes, l3_bytes;   /* per instance, 0 if unknown */
    unsigned l3_instances;
    unsigned long long memory_bytes;
} sluice_topology_summary;

/* Discovers the machine with hwloc (a few milliseconds; do it once and share
 * the handle). After open every function below only reads the topology, so
 * one handle may be used by all worker threads at once.
 * SLUICE_ERR_NOMEM, or SLUICE_ERR_UNSUPPORTED when hwloc cannot load. */
sluice_err sluice_topology_open(sluice_topology **out);
/* Frees the handle; NULL is ignored. Memory from alloc_on must be freed first. */
void sluice_topology_close(sluice_topology *t);
/* Counts and cache sizes of the machine (zeroes when t is NULL). */
void sluice_topology_get_summary(const sluice_topology *t, sluice_topology_summary *s);

/* NUMA node (0-based logical index) that worker `thread` of `nthreads` is placed on. */
unsigned sluice_topology_numa_of_worker(const sluice_topology *t, unsigned thread, unsigned nthreads);

/* Binds the calling thread to the core chosen for worker `thread` of
 * `nthreads` (one per core first, then spread over PUs). Binding failure is not
 * fatal: the thread keeps running unbound and SLUICE_ERR_UNSUPPORTED is returned. */
sluice_err sluice_topology_bind_worker(const sluice_topology *t, unsigned thread, unsigned nthreads);

/* Placement capacity: *cores gets the number of cores with at least one PU
 * this process may run on, *pus the number of such PUs (the process's CPU
 * binding when the topology was opened, e.g. from taskset, is respected).
 * *cores is the natural default worker count. Either pointer may be NULL. */
void sluice_topology_usable(const sluice_topology *t, unsigned *cores, unsigned *pus);

/* OS index of the PU that worker `thread` of `nthreads` is placed on (what
 * sched_getcpu() reports once it is bound), or -1 for invalid arguments.
 * Workers past the number of usable PUs wrap around. */
int sluice_topology_worker_pu(const sluice_topology *t, unsigned thread, unsigned nthreads);

/* Allocates len bytes on NUMA node `node` (falls back to plain memory);
 * free with sluice_topology_free(). The memory is page-aligned (at least 64
 * bytes), not zeroed; pages land on the node when first touched. A node out of
 * range, or a system without memory binding, gets plain memory. len 0 -> NULL.
 * t may be NULL (or describe another machine, e.g. HWLOC_SYNTHETIC): plain
 * 64-byte aligned memory, freed by sluice_topology_free() with the same t. */
void *sluice_topology_alloc_on(const sluice_topology *t, unsigned node, size_t len);
void sluice_topology_free(const sluice_topology *t, void *p, size_t len);

#ifdef __cplusplus
}
#endif
#endif
