/* The full-DAG round loop compiled with AVX2 (see ethash_search_lanes.h);
 * only called when sluice_cpu_detect() reports AVX2. */
#include "pow/ethash_search_lanes.h"

void ethash_lanes_rounds_avx2(const ethash_node *dag, uint32_t items, ethash_lane *L, int n) {
    ethash_lanes_rounds_body(dag, items, L, n);
}
