/* Private layout of sluice_topology, shared by the files of engine/sched that
 * implement sluice/topology.h. Not installed, not part of the API. */
#ifndef SLUICE_SCHED_TOPOLOGY_INTERNAL_H
#define SLUICE_SCHED_TOPOLOGY_INTERNAL_H

#include <hwloc.h>
#include "sluice/topology.h"

struct sluice_topology {
    hwloc_topology_t topo;           /* loaded once, then only read */
    sluice_topology_summary summary; /* whole machine (as far as cgroups allow) */
    /* Placement slots, in worker order: one PU per core first (best CPU kind
     * first, then logical core order), then each core's second PU, and so on.
     * Only PUs in the process's CPU binding at open time are used. */
    int thissystem;                  /* 0 for a synthetic/XML topology: no binding */
    unsigned nslots;
    unsigned usable_cores;           /* cores with at least one slot */
    unsigned *slot_pu;               /* OS index of the slot's PU */
    unsigned *slot_numa;             /* logical index of the slot's NUMA node */
};

#endif
