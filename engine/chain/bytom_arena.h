/* A bump allocator owning every allocation of one parsed Bytom block or
 * transaction (bytom_tx.h memory model): allocations are zeroed and 16-byte
 * aligned, freed all at once. Chunks grow geometrically, so the memory held
 * is at most about twice what was asked for plus the first chunk. */
#ifndef SLUICE_CHAIN_BYTOM_ARENA_H
#define SLUICE_CHAIN_BYTOM_ARENA_H

#include <stddef.h>

typedef struct bytom_chunk bytom_chunk;

typedef struct {
    bytom_chunk *head;   /* newest chunk first */
    size_t next_cap;     /* capacity of the next chunk to allocate */
    size_t held;         /* bytes held by all chunks (for tests) */
} bytom_arena;

/* Prepares an empty arena whose first chunk will hold first_cap bytes. */
void bytom_arena_init(bytom_arena *a, size_t first_cap);
/* size zeroed bytes, 16-byte aligned; NULL when out of memory or size is absurd. */
void *bytom_arena_alloc(bytom_arena *a, size_t size);
/* Frees every chunk (a may itself live inside one: it is copied first). */
void bytom_arena_free(bytom_arena *a);

#endif
