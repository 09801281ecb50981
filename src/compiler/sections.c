/*
 * sections.c — one parser per known section of the binary format.
 *
 * Each parser reads one section's payload with a reader bounded by the section and
 * checks, as it reads, everything the spec's validation says about it: index ranges,
 * limits, types of constant expressions, duplicate export names. module.c calls them in
 * the required order, so a parser may rely on everything from earlier sections (the
 * function section sees the types, the export section sees every index space).
 * Function bodies are only located here; compile.c decodes them.
 */
#include "sections.h"

/* ---- types shared by several sections -------------------------------------------- */

static bool is_reftype(uint8_t t)
{
    return t == WASM_FUNCREF || t == WASM_EXTERNREF;
}

/* valtype ::= i32 | i64 | f32 | f64 | funcref | externref  (v128 rejected: no SIMD) */
static bool read_valtype(struct wasm_decoder *d, struct wasm_reader *r, uint8_t *out)
{
    if (!wasm_read_u8(r, out))
        return false;
    switch (*out) {
    case WASM_I32: case WASM_I64: case WASM_F32: case WASM_F64:
    case WASM_FUNCREF: case WASM_EXTERNREF:
        return true;
    case WASM_V128:
        return wasm_error_set(d->err, (uint32_t)r->pos - 1, "SIMD (v128) is not supported");
    default:
        return wasm_error_set(d->err, (uint32_t)r->pos - 1, "malformed value type");
    }
}

static bool read_reftype(struct wasm_decoder *d, struct wasm_reader *r, uint8_t *out)
{
    if (!wasm_read_u8(r, out))
        return false;
    if (!is_reftype(*out))
        return wasm_error_set(d->err, (uint32_t)r->pos - 1, "malformed reference type");
    return true;
}

/* limits ::= 0x00 min | 0x01 min max */
static bool read_limits(struct wasm_decoder *d, struct wasm_reader *r, struct wasm_limits *out)
{
    uint64_t flags;   /* a u1: bit 1 set ("integer too large") would be a shared memory */
    uint32_t at = (uint32_t)r->pos;
    if (!wasm_read_leb(r, 1, false, &flags))
        return false;
    out->has_max = flags == 1;
    if (!wasm_read_u32(r, &out->min))
        return false;
    out->max = 0;
    if (out->has_max && !wasm_read_u32(r, &out->max))
        return false;
    if (out->has_max && out->min > out->max)
        return wasm_error_set(d->err, at, "size minimum must not be greater than maximum");
    return true;
}

/* tabletype ::= reftype limits  (sizes are u32, so every encodable limit is valid) */
static bool read_table_type(struct wasm_decoder *d, struct wasm_reader *r,
                            struct wasm_table_type *out)
{
    return read_reftype(d, r, &out->elem_type) && read_limits(d, r, &out->limits);
}

/* memtype ::= limits, in 64 KiB pages, at most 65536 of them (4 GiB). */
static bool read_memory_type(struct wasm_decoder *d, struct wasm_reader *r,
                             struct wasm_limits *out)
{
    uint32_t at = (uint32_t)r->pos;
    if (!read_limits(d, r, out))
        return false;
    if (out->min > WASM_MAX_PAGES || (out->has_max && out->max > WASM_MAX_PAGES))
        return wasm_error_set(d->err, at, "memory size must be at most 65536 pages (4GiB)");
    return true;
}

/* globaltype ::= valtype (0x00 const | 0x01 var) */
static bool read_global_type(struct wasm_decoder *d, struct wasm_reader *r,
                             struct wasm_global_type *out)
{
    uint8_t mut;
    if (!read_valtype(d, r, &out->type) || !wasm_read_u8(r, &mut))
        return false;
    if (mut > 1)
        return wasm_error_set(d->err, (uint32_t)r->pos - 1, "malformed mutability");
    out->mutable = mut == 1;
    return true;
}

/* A vector count that must also stay under an implementation limit. */
static bool read_limited_count(struct wasm_decoder *d, struct wasm_reader *r, uint32_t limit,
                               const char *what, uint32_t *out)
{
    uint32_t at = (uint32_t)r->pos;
    if (!wasm_read_count(r, out))
        return false;
    if (*out > limit)
        return wasm_error_set(d->err, at, "too many %s (limit %u)", what, limit);
    return true;
}

/* An index into a space of `count` entries, "unknown <what> N" when out of range. */
static bool read_index(struct wasm_decoder *d, struct wasm_reader *r, uint32_t count,
                       const char *what, uint32_t *out)
{
    uint32_t at = (uint32_t)r->pos;
    if (!wasm_read_u32(r, out))
        return false;
    if (*out >= count)
        return wasm_error_set(d->err, at, "unknown %s %u", what, *out);
    return true;
}

/* Replace *array (old_n entries) by a zeroed array of new_n entries holding the same
 * first old_n entries: how an index space grows from its imports to its full size. */
static bool grow_array(struct wasm_decoder *d, void **array, uint32_t old_n, uint32_t new_n,
                       size_t size, uint32_t offset)
{
    void *bigger;
    if (!wasm_alloc_array(d, new_n, size, &bigger, offset))
        return false;
    if (old_n > 0)
        memcpy(bigger, *array, old_n * size);
    if (*array)
        wasm_free(*array);
    *array = bigger;
    return true;
}

/* ---- 1: type section ------------------------------------------------------------- */

/* functype ::= 0x60 vec(valtype) vec(valtype) */
static bool read_functype(struct wasm_decoder *d, struct wasm_reader *r,
                          struct wasm_functype *out)
{
    uint64_t form;   /* an s7: 0x60 is -0x20 */
    uint32_t at = (uint32_t)r->pos;
    if (!wasm_read_leb(r, 7, true, &form))
        return false;
    if (form != (uint64_t)-0x20)
        return wasm_error_set(d->err, at, "malformed function type");
    uint32_t nparams, nresults;
    size_t params_at = r->pos;
    if (!read_limited_count(d, r, WASM_MAX_PARAMS, "parameters", &nparams))
        return false;
    /* Parameters are one byte each: peek past them for the result count first, so that
     * a single allocation holds both. */
    struct wasm_reader results = *r;
    const uint8_t *skipped;
    if (!wasm_read_bytes(&results, nparams, &skipped) ||
        !read_limited_count(d, &results, WASM_MAX_PARAMS, "results", &nresults))
        return false;
    if (!wasm_alloc_array(d, nparams + nresults, 1, (void **)&out->types, (uint32_t)params_at))
        return false;
    out->nparams = nparams;
    out->nresults = nresults;
    for (uint32_t i = 0; i < nparams; i++)
        if (!read_valtype(d, r, &out->types[i]))
            return false;
    r->pos = results.pos;   /* skip the result count, already read */
    for (uint32_t i = 0; i < nresults; i++)
        if (!read_valtype(d, r, &out->types[nparams + i]))
            return false;
    return true;
}

bool wasm_parse_types(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!read_limited_count(d, r, WASM_MAX_TYPES, "types", &n) ||
        !wasm_alloc_array(d, n, sizeof *m->types, (void **)&m->types, at))
        return false;
    m->ntypes = n;
    for (uint32_t i = 0; i < n; i++)
        if (!read_functype(d, r, &m->types[i]))
            return false;
    return true;
}

/* ---- 2: import section ----------------------------------------------------------- */

/* import ::= module:name field:name importdesc */
static bool read_import(struct wasm_decoder *d, struct wasm_reader *r, struct wasm_import *imp)
{
    struct wasm_module *m = d->m;
    imp->offset = (uint32_t)r->pos;
    if (!wasm_read_name(r, &imp->module) || !wasm_read_name(r, &imp->field) ||
        !wasm_read_u8(r, &imp->kind))
        return false;
    switch (imp->kind) {
    case WASM_EXTERN_FUNC:
        m->nfunc_imports++;
        return read_index(d, r, m->ntypes, "type", &imp->desc.type_index);
    case WASM_EXTERN_TABLE:
        m->ntable_imports++;
        return read_table_type(d, r, &imp->desc.table);
    case WASM_EXTERN_MEMORY:
        if (++m->nmemory_imports > 1)
            return wasm_error_set(d->err, imp->offset, "multiple memories");
        return read_memory_type(d, r, &imp->desc.memory);
    case WASM_EXTERN_GLOBAL:
        m->nglobal_imports++;
        return read_global_type(d, r, &imp->desc.global);
    default:
        return wasm_error_set(d->err, (uint32_t)r->pos - 1, "malformed import kind");
    }
}

/* Lay out the imported part of each index space, in import order. */
static bool index_imports(struct wasm_decoder *d, uint32_t at)
{
    struct wasm_module *m = d->m;
    if (!wasm_alloc_array(d, m->nfunc_imports, sizeof *m->funcs, (void **)&m->funcs, at) ||
        !wasm_alloc_array(d, m->ntable_imports, sizeof *m->tables, (void **)&m->tables, at) ||
        !wasm_alloc_array(d, m->nmemory_imports, sizeof *m->memories, (void **)&m->memories, at) ||
        !wasm_alloc_array(d, m->nglobal_imports, sizeof *m->globals, (void **)&m->globals, at))
        return false;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const struct wasm_import *imp = &m->imports[i];
        switch (imp->kind) {
        case WASM_EXTERN_FUNC:
            m->funcs[m->nfuncs++].type_index = imp->desc.type_index;
            break;
        case WASM_EXTERN_TABLE:
            m->tables[m->ntables++] = imp->desc.table;
            break;
        case WASM_EXTERN_MEMORY:
            m->memories[m->nmemories++] = imp->desc.memory;
            break;
        case WASM_EXTERN_GLOBAL:
            m->globals[m->nglobals++].type = imp->desc.global;
            break;
        }
    }
    return true;
}

bool wasm_parse_imports(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!read_limited_count(d, r, WASM_MAX_IMPORTS, "imports", &n) ||
        !wasm_alloc_array(d, n, sizeof *m->imports, (void **)&m->imports, at))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!read_import(d, r, &m->imports[i]))
            return false;
        m->nimports++;
    }
    return index_imports(d, at);
}

/* ---- 3: function section --------------------------------------------------------- */

bool wasm_parse_functions(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!read_limited_count(d, r, WASM_MAX_FUNCS, "functions", &n) ||
        !grow_array(d, (void **)&m->funcs, m->nfuncs, m->nfuncs + n, sizeof *m->funcs, at))
        return false;
    d->nfunc_decls = n;
    for (uint32_t i = 0; i < n; i++) {
        if (!read_index(d, r, m->ntypes, "type", &m->funcs[m->nfuncs].type_index))
            return false;
        m->nfuncs++;
    }
    return true;
}

/* ---- 4: table section, 5: memory section ----------------------------------------- */

bool wasm_parse_tables(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!read_limited_count(d, r, WASM_MAX_TABLES, "tables", &n) ||
        !grow_array(d, (void **)&m->tables, m->ntables, m->ntables + n, sizeof *m->tables, at))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!read_table_type(d, r, &m->tables[m->ntables]))
            return false;
        m->ntables++;
    }
    return true;
}

bool wasm_parse_memories(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!wasm_read_count(r, &n))
        return false;
    if (m->nmemories + n > 1)
        return wasm_error_set(d->err, at, "multiple memories");
    if (!grow_array(d, (void **)&m->memories, m->nmemories, m->nmemories + n,
                    sizeof *m->memories, at))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!read_memory_type(d, r, &m->memories[m->nmemories]))
            return false;
        m->nmemories++;
    }
    return true;
}

/* ---- 6: global section ----------------------------------------------------------- */

/* global ::= globaltype expr */
bool wasm_parse_globals(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!read_limited_count(d, r, WASM_MAX_GLOBALS, "globals", &n) ||
        !grow_array(d, (void **)&m->globals, m->nglobals, m->nglobals + n,
                    sizeof *m->globals, at))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        struct wasm_global *g = &m->globals[m->nglobals];
        if (!read_global_type(d, r, &g->type) ||
            !wasm_parse_const_expr(d, r, g->type.type, &g->init))
            return false;
        m->nglobals++;
    }
    return true;
}

/* ---- 7: export section ----------------------------------------------------------- */

static uint32_t name_hash(struct wasm_name name)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    for (uint32_t i = 0; i < name.len; i++)
        h = (h ^ name.bytes[i]) * 16777619u;
    return h;
}

static bool names_equal(struct wasm_name a, struct wasm_name b)
{
    return a.len == b.len && memcmp(a.bytes, b.bytes, a.len) == 0;
}

/* A set of export names: open addressing over export numbers (slot value i+1; 0 is
 * empty), so that a module with many exports is still checked in linear time. */
struct name_set {
    uint32_t *slots;
    uint32_t mask;   /* slot count - 1 (a power of two, at least twice the entries) */
};

/* Add export i's name; false when an earlier export has the same name. */
static bool name_set_add(struct name_set *set, const struct wasm_export *exports, uint32_t i)
{
    uint32_t s = name_hash(exports[i].name) & set->mask;
    for (; set->slots[s] != 0; s = (s + 1) & set->mask)
        if (names_equal(exports[set->slots[s] - 1].name, exports[i].name))
            return false;
    set->slots[s] = i + 1;
    return true;
}

/* export ::= name exportdesc,  exportdesc ::= kind index */
static bool read_export(struct wasm_decoder *d, struct wasm_reader *r, struct wasm_export *e)
{
    const struct wasm_module *m = d->m;
    if (!wasm_read_name(r, &e->name) || !wasm_read_u8(r, &e->kind))
        return false;
    uint32_t at = (uint32_t)r->pos;
    switch (e->kind) {
    case WASM_EXTERN_FUNC:
        return read_index(d, r, m->nfuncs, "function", &e->index) &&
               wasm_declare_func(d, e->index, at);
    case WASM_EXTERN_TABLE:
        return read_index(d, r, m->ntables, "table", &e->index);
    case WASM_EXTERN_MEMORY:
        return read_index(d, r, m->nmemories, "memory", &e->index);
    case WASM_EXTERN_GLOBAL:
        return read_index(d, r, m->nglobals, "global", &e->index);
    default:
        return wasm_error_set(d->err, at - 1, "malformed export kind");
    }
}

bool wasm_parse_exports(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!wasm_read_count(r, &n) ||
        !wasm_alloc_array(d, n, sizeof *m->exports, (void **)&m->exports, at))
        return false;
    struct name_set set = {0, 1};
    while (set.mask + 1 < 2 * n)
        set.mask = 2 * set.mask + 1;
    if (!wasm_alloc_array(d, set.mask + 1, sizeof *set.slots, (void **)&set.slots, at))
        return false;
    bool ok = true;
    for (uint32_t i = 0; i < n && ok; i++) {
        uint32_t export_at = (uint32_t)r->pos;
        ok = read_export(d, r, &m->exports[i]);
        if (ok)
            m->nexports++;
        if (ok && !name_set_add(&set, m->exports, i))
            ok = wasm_error_set(d->err, export_at, "duplicate export name");
    }
    wasm_free(set.slots);
    return ok;
}

/* ---- 8: start section ------------------------------------------------------------ */

bool wasm_parse_start(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t at = (uint32_t)r->pos;
    if (!read_index(d, r, m->nfuncs, "function", &m->start))
        return false;
    const struct wasm_functype *type = wasm_func_type(m, m->start);
    if (type->nparams != 0 || type->nresults != 0)
        return wasm_error_set(d->err, at, "start function must have type [] -> []");
    m->has_start = true;
    return true;
}

/* ---- 10: code section ------------------------------------------------------------ */

/* code ::= size:u32 body. Only the body's extent is recorded; compile.c reads it. */
bool wasm_parse_code(struct wasm_decoder *d, struct wasm_reader *r)
{
    struct wasm_module *m = d->m;
    uint32_t n, at = (uint32_t)r->pos;
    if (!wasm_read_count(r, &n))
        return false;
    if (n != d->nfunc_decls)
        return wasm_error_set(d->err, at, "function and code section have inconsistent lengths");
    for (uint32_t i = 0; i < n; i++) {
        struct wasm_reader body;
        if (!wasm_read_sub(r, &body))
            return false;
        struct wasm_func *f = &m->funcs[m->nfunc_imports + i];
        f->body_start = (uint32_t)body.start;
        f->body_end = (uint32_t)body.end;
    }
    d->has_code = true;
    d->ncode = n;
    return true;
}
