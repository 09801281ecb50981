/*
 * segments.c — the element, data count and data sections.
 *
 * Both segment kinds share one idea: a flags word picks the mode (active, passive,
 * declarative) and which optional fields follow. Element segments have eight encodings
 * (flags 0-7), data segments three (0-2); the bit layouts are spelled out below. An
 * active segment's offset is a constant i32 expression, checked here; the copy into
 * a table or memory happens at instantiation (runtime.c).
 */
#include "sections.h"

/* ---- 9: element section ---------------------------------------------------------- */

/* Element segment flags:
 *
 *   bit 0   0: active                      1: passive (bit 1 = 0) or declarative (bit 1 = 1)
 *   bit 1   active: 1 = explicit table index follows; otherwise: declarative
 *   bit 2   0: items are function indices  1: items are constant expressions
 *
 *   flags  encoding                                   mode
 *     0    expr vec(funcidx)                          active, table 0, funcref
 *     1    elemkind vec(funcidx)                      passive
 *     2    tableidx expr elemkind vec(funcidx)        active
 *     3    elemkind vec(funcidx)                      declarative
 *     4    expr vec(expr)                             active, table 0, funcref
 *     5    reftype vec(expr)                          passive
 *     6    tableidx expr reftype vec(expr)            active
 *     7    reftype vec(expr)                          declarative
 */
enum {
    ELEM_NOT_ACTIVE = 1,
    ELEM_TABLE_OR_DECLARATIVE = 2,
    ELEM_EXPRESSIONS = 4,
};

/* The items of a segment: function indices (turned into ref.func) or expressions. */
static bool read_elem_items(struct wasm_decoder *d, struct wasm_reader *r, uint32_t flags,
                            struct wasm_elem *e)
{
    const struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!wasm_read_count(r, &n) ||
        !wasm_alloc_array(d, n, sizeof *e->items, (void **)&e->items, at))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        struct wasm_const_expr *item = &e->items[i];
        if (flags & ELEM_EXPRESSIONS) {
            if (!wasm_parse_const_expr(d, r, e->elem_type, item))
                return false;
        } else {
            uint32_t index, index_at = (uint32_t)r->pos;
            if (!wasm_read_u32(r, &index))
                return false;
            if (index >= m->nfuncs)
                return wasm_error_set(d->err, index_at, "unknown function %u", index);
            item->op = WASM_CONST_REF_FUNC;
            item->value = index;
            if (!wasm_declare_func(d, index, index_at))
                return false;
        }
        e->count++;
    }
    return true;
}

/* The element type after the mode fields: elemkind (0x00 = funcref) for index items,
 * a reference type for expression items, implicit funcref for flags 0 and 4. */
static bool read_elem_type(struct wasm_decoder *d, struct wasm_reader *r, uint32_t flags,
                           uint8_t *out)
{
    uint8_t byte;
    *out = WASM_FUNCREF;
    if ((flags & (ELEM_NOT_ACTIVE | ELEM_TABLE_OR_DECLARATIVE)) == 0)
        return true;
    if (!wasm_read_u8(r, &byte))
        return false;
    if (flags & ELEM_EXPRESSIONS) {
        if (byte != WASM_FUNCREF && byte != WASM_EXTERNREF)
            return wasm_error_set(d->err, (uint32_t)r->pos - 1, "malformed reference type");
        *out = byte;
    } else if (byte != 0x00) {
        return wasm_error_set(d->err, (uint32_t)r->pos - 1, "malformed element kind");
    }
    return true;
}

static bool read_elem(struct wasm_decoder *d, struct wasm_reader *r, struct wasm_elem *e)
{
    const struct wasm_module *m = d->m;
    uint32_t flags, at = (uint32_t)r->pos;
    if (!wasm_read_u32(r, &flags))
        return false;
    if (flags > 7)
        return wasm_error_set(d->err, at, "malformed elements segment kind");
    uint32_t table_at = (flags & ELEM_TABLE_OR_DECLARATIVE) ? (uint32_t)r->pos : at;
    if (flags & ELEM_NOT_ACTIVE) {
        e->mode = (flags & ELEM_TABLE_OR_DECLARATIVE) ? WASM_SEG_DECLARATIVE : WASM_SEG_PASSIVE;
    } else {
        e->mode = WASM_SEG_ACTIVE;
        if ((flags & ELEM_TABLE_OR_DECLARATIVE) && !wasm_read_u32(r, &e->table))
            return false;
        if (e->table >= m->ntables)
            return wasm_error_set(d->err, table_at, "unknown table %u", e->table);
        if (!wasm_parse_const_expr(d, r, WASM_I32, &e->offset))
            return false;
    }
    uint32_t type_at = (uint32_t)r->pos;
    if (!read_elem_type(d, r, flags, &e->elem_type))
        return false;
    if (e->mode == WASM_SEG_ACTIVE && m->tables[e->table].elem_type != e->elem_type)
        return wasm_error_set(d->err, type_at, "type mismatch");
    return read_elem_items(d, r, flags, e);
}

bool wasm_parse_elems(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!wasm_read_count(r, &n) ||
        !wasm_alloc_array(d, n, sizeof *m->elems, (void **)&m->elems, at))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        /* Counted before reading so that wasm_module_free sees a half-read segment. */
        m->nelems++;
        if (!read_elem(d, r, &m->elems[i]))
            return false;
    }
    return true;
}

/* ---- 12: data count section ------------------------------------------------------ */

bool wasm_parse_data_count(struct wasm_decoder *d, struct wasm_reader *r)
{
    if (!wasm_read_u32(r, &d->data_count))
        return false;
    d->m->has_data_count = true;
    return true;
}

/* ---- 11: data section ------------------------------------------------------------ */

/* Data segment flags:  0: expr bytes (active, memory 0)   1: bytes (passive)
 *                      2: memidx expr bytes (active)                               */
static bool read_data(struct wasm_decoder *d, struct wasm_reader *r, struct wasm_data *s)
{
    const struct wasm_module *m = d->m;
    uint32_t flags, at = (uint32_t)r->pos;
    if (!wasm_read_u32(r, &flags))
        return false;
    if (flags > 2)
        return wasm_error_set(d->err, at, "malformed data segment kind");
    s->mode = flags == 1 ? WASM_SEG_PASSIVE : WASM_SEG_ACTIVE;
    if (s->mode == WASM_SEG_ACTIVE) {
        uint32_t memory_at = flags == 2 ? (uint32_t)r->pos : at;   /* memory 0 is implicit */
        if (flags == 2 && !wasm_read_u32(r, &s->memory))
            return false;
        if (s->memory >= m->nmemories)
            return wasm_error_set(d->err, memory_at, "unknown memory %u", s->memory);
        if (!wasm_parse_const_expr(d, r, WASM_I32, &s->offset))
            return false;
    }
    return wasm_read_count(r, &s->size) && wasm_read_bytes(r, s->size, &s->bytes);
}

bool wasm_parse_datas(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!wasm_read_count(r, &n))
        return false;
    if (m->has_data_count && n != d->data_count)
        return wasm_error_set(d->err, at, "data count and data section have inconsistent lengths");
    if (!wasm_alloc_array(d, n, sizeof *m->datas, (void **)&m->datas, at))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!read_data(d, r, &m->datas[i]))
            return false;
        m->ndatas++;
    }
    d->has_datas = true;
    return true;
}
