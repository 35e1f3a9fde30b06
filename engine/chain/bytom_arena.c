/* Bump allocator for parsed Bytom objects (see bytom_arena.h). */
#include "chain/bytom_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct bytom_chunk {
    bytom_chunk *next;
    size_t cap;
    size_t used;
    size_t pad; /* keeps data 16-byte aligned on 64-bit targets */
    _Alignas(16) unsigned char data[];
};

#define ARENA_ALIGN 16u
#define ARENA_MAX_CHUNK ((size_t)1 << 30)

void bytom_arena_init(bytom_arena *a, size_t first_cap) {
    a->head = NULL;
    a->next_cap = first_cap < 1024 ? 1024 : first_cap;
    a->held = 0;
}

void *bytom_arena_alloc(bytom_arena *a, size_t size) {
    if (size > ARENA_MAX_CHUNK) return NULL;
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0) size = ARENA_ALIGN;
    bytom_chunk *c = a->head;
    if (!c || c->cap - c->used < size) {
        size_t cap = a->next_cap;
        if (cap < size) cap = size;
        c = malloc(sizeof *c + cap);
        if (!c) return NULL;
        c->next = a->head;
        c->cap = cap;
        c->used = 0;
        a->head = c;
        a->held += cap;
        a->next_cap = cap * 2 > ARENA_MAX_CHUNK ? ARENA_MAX_CHUNK : cap * 2;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

void bytom_arena_free(bytom_arena *a) {
    bytom_chunk *c = a->head; /* a may live in a chunk: read it before freeing */
    while (c) {
        bytom_chunk *next = c->next;
        free(c);
        c = next;
    }
}
