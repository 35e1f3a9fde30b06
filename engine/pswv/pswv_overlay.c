/* The UTXO overlay of one window (../specs/bytom-chain.md section 8 step 6):
 * the entries the window reads or writes, prefetched from the store, changed
 * in block order (spent entries stay as tombstones until the commit), with
 * an undo log so the changes of an invalid block can be dropped. The table is
 * sized for the whole window up front and never grows (slot pointers stay). */
#include <stdlib.h>
#include <string.h>

#include "pswv/pswv_internal.h"

int pswv_overlay_init(pswv_overlay *o, size_t expect) {
    memset(o, 0, sizeof *o);
    size_t cap = 64;
    while (cap < expect * 2 + 16) cap *= 2;
    o->t = (pswv_slot *)calloc(cap, sizeof *o->t);
    if (!o->t) return -1;
    o->cap = cap;
    return 0;
}

void pswv_overlay_free(pswv_overlay *o) {
    free(o->t);
    free(o->undo);
    memset(o, 0, sizeof *o);
}

pswv_slot *pswv_overlay_slot(pswv_overlay *o, const uint8_t id[32]) {
    uint64_t h;
    memcpy(&h, id, 8); /* IDs are SHA3 outputs: any 8 bytes are uniform */
    size_t i = (size_t)h & (o->cap - 1);
    for (;;) {
        pswv_slot *s = &o->t[i];
        if (!s->used) {
            if (o->n + 1 >= o->cap) return NULL;
            s->used = 1;
            memcpy(s->id, id, 32);
            o->n++;
            return s;
        }
        if (memcmp(s->id, id, 32) == 0) return s;
        i = (i + 1) & (o->cap - 1);
    }
}

int pswv_overlay_save(pswv_overlay *o, pswv_slot *s) {
    if (o->n_undo == o->cap_undo) {
        size_t nc = o->cap_undo ? o->cap_undo * 2 : 256;
        void *p = realloc(o->undo, nc * sizeof *o->undo);
        if (!p) return -1;
        o->undo = p;
        o->cap_undo = nc;
    }
    o->undo[o->n_undo].slot = (size_t)(s - o->t);
    o->undo[o->n_undo].old = *s;
    o->n_undo++;
    return 0;
}

void pswv_overlay_rollback(pswv_overlay *o, size_t mark) {
    while (o->n_undo > mark) {
        o->n_undo--;
        o->t[o->undo[o->n_undo].slot] = o->undo[o->n_undo].old;
    }
}
