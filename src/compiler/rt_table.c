/*
 * rt_table.c — tables: creating and growing them, and the table instructions that
 * compiled code hands to C (table.grow/fill/copy/init, elem.drop).
 *
 * A table is an array of pointers: struct wasm_func_ref * for funcref, the embedder's
 * opaque value for externref, NULL for a null reference of either type. Compiled code
 * reads elems and size directly for call_indirect, table.get and table.set. As with
 * memories, every helper checks its whole range before writing anything.
 */
#include "embed.h"
#include "runtime.h"

/* Our own limit on table size, far above what a test or an app needs; growing past it
 * fails the way the spec allows (table.grow returns -1) instead of exhausting memory. */
#define TABLE_MAX_ELEMS 10000000u

struct wasm_table *wasm_table_new(uint8_t elem_type, const struct wasm_limits *limits)
{
    if (limits->min > TABLE_MAX_ELEMS)
        return NULL;
    struct wasm_table *table = wasm_alloc(sizeof *table);
    if (table == NULL)
        return NULL;
    table->elem_type = elem_type;
    table->size = limits->min;
    table->max = limits->has_max ? limits->max : 0xFFFFFFFFu;
    table->has_max = limits->has_max;
    table->elems = wasm_alloc((limits->min ? limits->min : 1) * sizeof(void *));
    if (table->elems == NULL) {
        wasm_free(table);
        return NULL;
    }
    return table;
}

void wasm_table_free(struct wasm_table *table)
{
    if (table == NULL)
        return;
    wasm_free(table->elems);
    wasm_free(table);
}

uint32_t wasm_table_grow(struct wasm_table *table, void *init, uint32_t delta)
{
    uint32_t old = table->size;
    uint64_t size = (uint64_t)old + delta;
    if (size > table->max || size > TABLE_MAX_ELEMS)
        return 0xFFFFFFFFu;
    if (delta == 0)
        return old;
    void **elems = wasm_alloc(size * sizeof(void *));
    if (elems == NULL)
        return 0xFFFFFFFFu;
    memcpy(elems, table->elems, old * sizeof(void *));
    for (uint64_t i = old; i < size; i++)
        elems[i] = init;
    wasm_free(table->elems);
    table->elems = elems;
    table->size = (uint32_t)size;
    return old;
}

static bool in_bounds(uint64_t start, uint64_t n, uint64_t size)
{
    return start + n <= size;
}

uint32_t wasm_rt_table_grow(struct wasm_instance *inst, uint32_t table, void *init, uint32_t delta)
{
    return wasm_table_grow(inst->tables[table], init, delta);
}

uint32_t wasm_rt_table_fill(struct wasm_instance *inst, uint32_t table, uint32_t i, void *value, uint32_t n)
{
    struct wasm_table *t = inst->tables[table];
    if (!in_bounds(i, n, t->size))
        return WASM_TRAP_TABLE_OOB;
    for (uint32_t k = 0; k < n; k++)
        t->elems[i + k] = value;
    return WASM_TRAP_NONE;
}

uint32_t wasm_rt_table_copy(struct wasm_instance *inst, uint32_t dst_table, uint32_t src_table,
                            uint32_t dst, uint32_t src, uint32_t n)
{
    struct wasm_table *d = inst->tables[dst_table], *s = inst->tables[src_table];
    if (!in_bounds(dst, n, d->size) || !in_bounds(src, n, s->size))
        return WASM_TRAP_TABLE_OOB;
    memmove(d->elems + dst, s->elems + src, (size_t)n * sizeof(void *));  /* may overlap */
    return WASM_TRAP_NONE;
}

uint32_t wasm_rt_table_init(struct wasm_instance *inst, uint32_t table, uint32_t seg,
                            uint32_t dst, uint32_t src, uint32_t n)
{
    struct wasm_table *t = inst->tables[table];
    uint32_t seg_size = inst->elem_dropped[seg] ? 0 : inst->module->elems[seg].count;
    if (!in_bounds(src, n, seg_size) || !in_bounds(dst, n, t->size))
        return WASM_TRAP_TABLE_OOB;
    if (n != 0)
        memcpy(t->elems + dst, inst->elem_items[seg] + src, (size_t)n * sizeof(void *));
    return WASM_TRAP_NONE;
}

void wasm_rt_elem_drop(struct wasm_instance *inst, uint32_t seg)
{
    inst->elem_dropped[seg] = true;
}
