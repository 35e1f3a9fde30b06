/* The prepared-key cache: a chained hash table over (scheme, public key, user
 * ID) with a least-recently-used list. Entries own a 64-byte aligned blob of
 * the scheme's prepared key. Nothing is evicted inside a group (between
 * sl_keycache_get calls and sl_keycache_end), so the batch layer can hold the
 * keys of a whole group at once; the cache may then exceed max_keys briefly. */
#include <stdlib.h>
#include <string.h>

#include "sig/sig_internal.h"

typedef struct entry {
    struct entry *next_hash;
    struct entry *prev_lru, *next_lru; /* head = most recently used */
    uint64_t hash;
    uint8_t *ident; /* scheme ‖ pub_len (2) ‖ pub ‖ id_len (2) ‖ id */
    size_t ident_len;
    void *key;    /* the prepared key, 64-byte aligned */
    size_t alloc; /* bytes allocated for it: the first part until the upgrade */
    uint64_t uses;
    uint8_t upgraded; /* the tables are built */
    uint8_t pending; /* sl_keycache_get_n: inserted, not prepared yet (2: found invalid) */
    uint8_t verdict; /* with pending == 2: the key's verdict */
} entry;

struct sluice_sig_keycache {
    entry **buckets;
    size_t nbuckets; /* power of two */
    size_t count, max_keys;
    entry *lru_head, *lru_tail;
    uint64_t hits, misses;
};

/* FNV-1a over the identity bytes: public data, no adversarial-collision
 * concern beyond slower chains (bounded by the table's resizing). */
static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

sluice_sig_keycache *sluice_sig_keycache_new(size_t max_keys)
{
    sluice_sig_keycache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->max_keys = max_keys ? max_keys : 1024;
    c->nbuckets = 64;
    c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
    if (!c->buckets) {
        free(c);
        return NULL;
    }
    return c;
}

static void entry_free(entry *e)
{
    free(e->ident);
    free(e->key);
    free(e);
}

void sluice_sig_keycache_free(sluice_sig_keycache *c)
{
    if (!c)
        return;
    for (entry *e = c->lru_head, *next; e; e = next) {
        next = e->next_lru;
        entry_free(e);
    }
    free(c->buckets);
    free(c);
}

void sluice_sig_keycache_stats(const sluice_sig_keycache *c, uint64_t *hits, uint64_t *misses)
{
    if (hits)
        *hits = c ? c->hits : 0;
    if (misses)
        *misses = c ? c->misses : 0;
}

static void lru_unlink(sluice_sig_keycache *c, entry *e)
{
    if (e->prev_lru)
        e->prev_lru->next_lru = e->next_lru;
    else
        c->lru_head = e->next_lru;
    if (e->next_lru)
        e->next_lru->prev_lru = e->prev_lru;
    else
        c->lru_tail = e->prev_lru;
    e->prev_lru = e->next_lru = NULL;
}

static void lru_push_front(sluice_sig_keycache *c, entry *e)
{
    e->prev_lru = NULL;
    e->next_lru = c->lru_head;
    if (c->lru_head)
        c->lru_head->prev_lru = e;
    c->lru_head = e;
    if (!c->lru_tail)
        c->lru_tail = e;
}

static void grow(sluice_sig_keycache *c)
{
    size_t nb = c->nbuckets * 2;
    entry **b = calloc(nb, sizeof *b);
    if (!b)
        return; /* keep the old table: longer chains, still correct */
    for (size_t i = 0; i < c->nbuckets; i++)
        for (entry *e = c->buckets[i], *next; e; e = next) {
            next = e->next_hash;
            size_t j = e->hash & (nb - 1);
            e->next_hash = b[j];
            b[j] = e;
        }
    free(c->buckets);
    c->buckets = b;
    c->nbuckets = nb;
}

static void remove_entry(sluice_sig_keycache *c, entry *e)
{
    entry **pp = &c->buckets[e->hash & (c->nbuckets - 1)];
    while (*pp != e)
        pp = &(*pp)->next_hash;
    *pp = e->next_hash;
    lru_unlink(c, e);
    c->count--;
    entry_free(e);
}

/* The identity of the item's key: scheme, public key and (SM2 only) user ID,
 * with explicit lengths so that no two identities share an encoding. Written
 * into buf (IDENT_BUF bytes) when it fits, which is every identity but those
 * with long SM2 IDs, else into a new allocation (NULL without memory); the
 * caller gives it back with ident_release. A lookup thus allocates nothing. */
#define IDENT_BUF 160
static uint8_t *make_ident(const sluice_sig_item *it, uint8_t *buf, size_t *len)
{
    int has_id = it->scheme == SLUICE_SIG_SM2;
    const uint8_t *id = has_id ? it->id : NULL;
    size_t id_len = has_id && id ? it->id_len : 0;
    size_t n = 1 + 8 + it->pub_len + 1 + 8 + id_len;
    uint8_t *p = n <= IDENT_BUF ? buf : malloc(n);
    if (!p)
        return NULL;
    size_t o = 0;
    p[o++] = (uint8_t)it->scheme;
    memcpy(p + o, &it->pub_len, 8);
    o += 8;
    if (it->pub_len)
        memcpy(p + o, it->pub, it->pub_len);
    o += it->pub_len;
    p[o++] = (uint8_t)(id != NULL); /* NULL (default ID) differs from an explicit one */
    memcpy(p + o, &id_len, 8);
    o += 8;
    if (id_len)
        memcpy(p + o, id, id_len);
    *len = n;
    return p;
}

static void ident_release(uint8_t *ident, const uint8_t *buf)
{
    if (ident != buf)
        free(ident);
}

/* The entry for ident in c, or NULL. */
static entry *lookup(sluice_sig_keycache *c, const uint8_t *ident, size_t ident_len, uint64_t h)
{
    for (entry *e = c->buckets[h & (c->nbuckets - 1)]; e; e = e->next_hash)
        if (e->hash == h && e->ident_len == ident_len && !memcmp(e->ident, ident, ident_len))
            return e;
    return NULL;
}

static size_t round64(size_t n)
{
    return n ? (n + 63) & ~(size_t)63 : 64;
}

/* A repeating key: its blob grows to the full size (the first part moved)
 * and its tables are built. Without memory it stays as it is: a key without
 * tables gives the same verdicts, only slower. */
static void upgrade(entry *e, sluice_sig_scheme s)
{
    size_t full = round64(sl_sig_key_size(s));
    if (e->alloc < full) {
        void *k = aligned_alloc(64, full);
        if (!k)
            return;
        memcpy(k, e->key, e->alloc);
        free(e->key);
        e->key = k;
        e->alloc = full;
    }
    sl_sig_key_upgrade(s, e->key);
    e->upgraded = 1;
}

/* 1 if e (prepared) is due for its upgrade under the caller's upgrade_at. */
static int upgrade_due(const entry *e, unsigned upgrade_at)
{
    return upgrade_at && !e->upgraded && !e->pending && e->uses >= upgrade_at;
}

/* A hit: one more use (upgrade_at uses upgrade a prepared key: a repeating
 * key, now its tables pay), most recently used. */
static void touch(sluice_sig_keycache *c, entry *e, sluice_sig_scheme s, unsigned upgrade_at)
{
    c->hits++;
    ++e->uses;
    if (upgrade_due(e, upgrade_at))
        upgrade(e, s);
    lru_unlink(c, e);
    lru_push_front(c, e);
}

/* A new entry with a copy of ident and an unprepared key blob of scheme s,
 * linked into the table and the LRU list; NULL without memory. */
static entry *insert(sluice_sig_keycache *c, const uint8_t *ident, size_t ident_len, uint64_t h,
                     sluice_sig_scheme s)
{
    size_t alloc = round64(sl_sig_key_size_first(s));
    void *key = aligned_alloc(64, alloc);
    entry *e = calloc(1, sizeof *e);
    uint8_t *own = malloc(ident_len);
    if (!key || !e || !own) {
        free(key);
        free(e);
        free(own);
        return NULL;
    }
    memcpy(own, ident, ident_len);
    e->hash = h;
    e->ident = own;
    e->ident_len = ident_len;
    e->key = key;
    e->alloc = alloc;
    e->uses = 1;
    size_t b = h & (c->nbuckets - 1);
    e->next_hash = c->buckets[b];
    c->buckets[b] = e;
    lru_push_front(c, e);
    c->count++;
    if (c->count > 2 * c->nbuckets)
        grow(c);
    return e;
}

/* The entry of it's key (it well formed): found, with one more use (touch),
 * or inserted unprepared (*fresh = 1); NULL without memory. */
static entry *find_or_insert(sluice_sig_keycache *c, const sluice_sig_item *it,
                             unsigned upgrade_at, int *fresh)
{
    uint8_t buf[IDENT_BUF];
    size_t ident_len;
    uint8_t *ident = make_ident(it, buf, &ident_len);
    *fresh = 0;
    if (!ident)
        return NULL;
    uint64_t h = fnv1a(ident, ident_len);
    entry *e = lookup(c, ident, ident_len, h);
    if (e) {
        touch(c, e, it->scheme, upgrade_at);
    } else {
        c->misses++;
        e = insert(c, ident, ident_len, h, it->scheme);
        *fresh = e != NULL;
    }
    ident_release(ident, buf);
    return e;
}

/* sl_keycache_get with the caller's upgrade_at. */
static const void *get_one(sluice_sig_keycache *c, const sluice_sig_item *it,
                           sluice_sig_status *st, unsigned upgrade_at)
{
    if (sl_sig_item_malformed(it)) {
        *st = SLUICE_SIG_BAD_ENCODING;
        return NULL;
    }
    int fresh;
    entry *e = find_or_insert(c, it, upgrade_at, &fresh);
    if (!e) {
        *st = SL_SIG_NOMEM;
        return NULL;
    }
    if (!fresh) {
        *st = SLUICE_SIG_VALID;
        return e->key;
    }
    *st = sl_sig_prepare_key(e->key, it);
    if (*st != SLUICE_SIG_VALID) { /* invalid keys are not cached */
        remove_entry(c, e);
        return NULL;
    }
    return e->key;
}

const void *sl_keycache_get(sluice_sig_keycache *c, const sluice_sig_item *it,
                            sluice_sig_status *st)
{
    return get_one(c, it, st, sl_sig_upgrade_at(it->scheme, 0));
}

/* Pass 1 takes every item to its entry, inserting the misses unprepared
 * (pending, so a repeat within the n items finds them); pass 2 prepares the
 * pending keys in one call; pass 3 hands out the keys, drops the invalid
 * entries (invalid keys are not cached) and upgrades the pending keys that
 * reached upgrade_at uses meanwhile. */
void sl_keycache_get_n(sluice_sig_keycache *c, const sluice_sig_item *items, size_t n,
                       const void **keys, sluice_sig_status *st, unsigned upgrade_at)
{
    entry **ents = malloc((n ? n : 1) * sizeof *ents);
    entry **pend = malloc((n ? n : 1) * sizeof *pend);
    void **pkeys = malloc((n ? n : 1) * sizeof *pkeys);
    const sluice_sig_item **pitems = malloc((n ? n : 1) * sizeof *pitems);
    sluice_sig_status *pst = malloc((n ? n : 1) * sizeof *pst);
    if (!ents || !pend || !pkeys || !pitems || !pst) {
        free(ents);
        free(pend);
        free(pkeys);
        free(pitems);
        free(pst);
        /* one by one, without upgrades: an upgrade moves its entry's blob,
         * which an earlier item of these n may already hold */
        for (size_t i = 0; i < n; i++)
            keys[i] = get_one(c, &items[i], &st[i], 0);
        return;
    }
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        const sluice_sig_item *it = &items[i];
        ents[i] = NULL;
        keys[i] = NULL;
        if (sl_sig_item_malformed(it)) {
            st[i] = SLUICE_SIG_BAD_ENCODING;
            continue;
        }
        int fresh;
        entry *e = find_or_insert(c, it, upgrade_at, &fresh);
        if (!e) {
            st[i] = SL_SIG_NOMEM;
            continue;
        }
        if (fresh) {
            e->pending = 1;
            pend[np] = e;
            pkeys[np] = e->key;
            pitems[np++] = it;
        }
        ents[i] = e;
        st[i] = SLUICE_SIG_VALID;
    }
    /* one call per run of one scheme (the callers pass one scheme) */
    for (size_t j = 0, k; j < np; j = k) {
        for (k = j + 1; k < np && pitems[k]->scheme == pitems[j]->scheme; k++)
            ;
        sl_sig_prepare_keys(pitems[j]->scheme, pkeys + j, pitems + j, k - j, pst + j);
    }
    for (size_t j = 0; j < np; j++) {
        pend[j]->pending = pst[j] == SLUICE_SIG_VALID ? 0 : 2;
        pend[j]->verdict = (uint8_t)pst[j];
    }
    /* upgrades first: they move the blobs */
    for (size_t j = 0; j < np; j++)
        if (upgrade_due(pend[j], upgrade_at))
            upgrade(pend[j], pitems[j]->scheme);
    for (size_t i = 0; i < n; i++) {
        entry *e = ents[i];
        if (!e)
            continue;
        if (e->pending == 2)
            st[i] = (sluice_sig_status)e->verdict;
        else
            keys[i] = e->key;
    }
    for (size_t j = 0; j < np; j++)
        if (pend[j]->pending == 2)
            remove_entry(c, pend[j]);
    free(ents);
    free(pend);
    free(pkeys);
    free(pitems);
    free(pst);
}

void sl_keycache_end(sluice_sig_keycache *c)
{
    while (c->count > c->max_keys && c->lru_tail)
        remove_entry(c, c->lru_tail);
}
