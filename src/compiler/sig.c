/*
 * sig.c — canonical ids for function types, so that call_indirect and import checks
 * compare one 32-bit number instead of two type lists.
 *
 * Two function types get the same id exactly when their parameter and result lists are
 * equal, whichever module declared them. The ids live in one process-wide (kernel-wide)
 * open-addressing hash table of private copies of the types; it only grows, because a
 * compiled module may embed an id as an immediate for as long as it lives. Ids start at
 * 1 so that 0 can mean "not interned yet".
 */
#include "embed.h"
#include "runtime.h"

struct sig_entry {
    uint32_t hash;
    uint32_t id;               /* 0: empty slot */
    uint32_t nparams;
    uint32_t nresults;
    uint8_t *types;            /* our own copy, nparams + nresults bytes */
};

static struct sig_entry *sig_table;
static uint32_t sig_capacity;  /* a power of two, or 0 before the first intern */
static uint32_t sig_count;

/* FNV-1a over the two counts and the type bytes. */
static uint32_t sig_hash(const struct wasm_functype *type)
{
    uint32_t h = 2166136261u;
    uint32_t n = type->nparams + type->nresults;
    h = (h ^ type->nparams) * 16777619u;
    h = (h ^ type->nresults) * 16777619u;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ type->types[i]) * 16777619u;
    return h;
}

static bool sig_equal(const struct sig_entry *e, uint32_t hash, const struct wasm_functype *type)
{
    return e->hash == hash && e->nparams == type->nparams && e->nresults == type->nresults &&
           (e->nparams + e->nresults == 0 ||     /* an empty type's array may be NULL */
            memcmp(e->types, type->types, type->nparams + type->nresults) == 0);
}

/* The slot holding `type`, or the empty slot where it belongs. */
static struct sig_entry *sig_find(struct sig_entry *table, uint32_t capacity, uint32_t hash,
                                  const struct wasm_functype *type)
{
    uint32_t i = hash & (capacity - 1);
    while (table[i].id != 0 && (type == NULL || !sig_equal(&table[i], hash, type)))
        i = (i + 1) & (capacity - 1);
    return &table[i];
}

/* Double the table (keeping it at most half full); false when out of memory. */
static bool sig_grow(void)
{
    uint32_t capacity = sig_capacity ? sig_capacity * 2 : 64;
    struct sig_entry *table = wasm_alloc(capacity * sizeof *table);
    if (table == NULL)
        return false;
    for (uint32_t i = 0; i < sig_capacity; i++)
        if (sig_table[i].id != 0)
            *sig_find(table, capacity, sig_table[i].hash, NULL) = sig_table[i];
    wasm_free(sig_table);
    sig_table = table;
    sig_capacity = capacity;
    return true;
}

/* Returns 0 only when memory runs out (no valid id is 0). */
uint32_t wasm_sig_intern(const struct wasm_functype *type)
{
    uint32_t hash = sig_hash(type);
    if (sig_capacity != 0) {
        struct sig_entry *e = sig_find(sig_table, sig_capacity, hash, type);
        if (e->id != 0)
            return e->id;
    }
    if ((sig_count + 1) * 2 > sig_capacity && !sig_grow())
        return 0;
    uint32_t n = type->nparams + type->nresults;
    uint8_t *types = wasm_alloc(n ? n : 1);
    if (types == NULL)
        return 0;
    if (n)                                       /* an empty type's array may be NULL */
        memcpy(types, type->types, n);
    struct sig_entry *e = sig_find(sig_table, sig_capacity, hash, type);
    e->hash = hash;
    e->id = ++sig_count;
    e->nparams = type->nparams;
    e->nresults = type->nresults;
    e->types = types;
    return e->id;
}
