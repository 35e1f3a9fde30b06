/* NUMA-local allocation for worker buffers (sluice_topology_alloc_on). */
#include "sched/topology_internal.h"
#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_HINT_BYTES ((size_t)2 << 20)   /* ask for transparent huge pages from 2 MiB */

static void hint_huge(void *p, size_t len) {
#ifdef MADV_HUGEPAGE
    if (len >= HUGE_HINT_BYTES) (void)madvise(p, len, MADV_HUGEPAGE);   /* a hint; errors ignored */
#else
    (void)p; (void)len;
#endif
}

/* Plain libc memory when there is no topology, or when it describes another
 * machine (HWLOC_SYNTHETIC, XML): hwloc's dummy allocator there is malloc,
 * which does not promise 64-byte alignment. */
static int plain(const sluice_topology *t) { return !t || !t->thissystem; }

void *sluice_topology_alloc_on(const sluice_topology *t, unsigned node, size_t len) {
    if (!len) return NULL;
    if (plain(t)) {
        /* 64-byte aligned (length rounded up, as aligned_alloc wants). */
        size_t rounded = (len + 63) & ~(size_t)63;
        return rounded < len ? NULL : aligned_alloc(64, rounded);
    }
    void *p = NULL;
    hwloc_obj_t numa = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_NUMANODE, node);
    if (numa && numa->nodeset)
        p = hwloc_alloc_membind(t->topo, len, numa->nodeset, HWLOC_MEMBIND_BIND,
                                HWLOC_MEMBIND_BYNODESET | HWLOC_MEMBIND_NOCPUBIND);
    /* Fallback: plain page-aligned memory from the same allocator, so that
     * sluice_topology_free() releases either kind the same way. */
    if (!p) p = hwloc_alloc(t->topo, len);
    if (p) hint_huge(p, len);
    return p;
}

void sluice_topology_free(const sluice_topology *t, void *p, size_t len) {
    if (!p) return;
    if (plain(t)) { free(p); return; }
    hwloc_free(t->topo, p, len);
}
