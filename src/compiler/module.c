/*
 * module.c — decoding a WebAssembly binary into struct wasm_module.
 *
 * A module is a header followed by sections, each an id byte, a u32 size and a payload.
 * Known sections must appear in the order of the table below, each at most once; custom
 * sections (id 0) may appear anywhere. The loop here frames each section, hands its
 * payload to that section's parser (sections.c, segments.c) through a reader that
 * cannot run past the payload, and checks that the parser consumed it exactly. Checks
 * that need the whole module (code/function counts, data count) come last, then the
 * "name" custom section, which is parsed leniently: custom sections never make a module
 * invalid.
 */
#include "sections.h"

enum {
    SEC_CUSTOM = 0,
    SEC_TYPE = 1,
    SEC_IMPORT = 2,
    SEC_FUNCTION = 3,
    SEC_TABLE = 4,
    SEC_MEMORY = 5,
    SEC_GLOBAL = 6,
    SEC_EXPORT = 7,
    SEC_START = 8,
    SEC_ELEMENT = 9,
    SEC_CODE = 10,
    SEC_DATA = 11,
    SEC_DATA_COUNT = 12,
    SEC_COUNT
};

/* Known sections by id. `rank` is the position the spec requires: data count (12)
 * comes between element (9) and code (10), so that code can be checked against it. */
static const struct section_kind {
    uint8_t rank;
    bool (*parse)(struct wasm_decoder *d, struct wasm_reader *r);
} section_kinds[SEC_COUNT] = {
    [SEC_CUSTOM]     = {0, 0},
    [SEC_TYPE]       = {1, wasm_parse_types},
    [SEC_IMPORT]     = {2, wasm_parse_imports},
    [SEC_FUNCTION]   = {3, wasm_parse_functions},
    [SEC_TABLE]      = {4, wasm_parse_tables},
    [SEC_MEMORY]     = {5, wasm_parse_memories},
    [SEC_GLOBAL]     = {6, wasm_parse_globals},
    [SEC_EXPORT]     = {7, wasm_parse_exports},
    [SEC_START]      = {8, wasm_parse_start},
    [SEC_ELEMENT]    = {9, wasm_parse_elems},
    [SEC_DATA_COUNT] = {10, wasm_parse_data_count},
    [SEC_CODE]       = {11, wasm_parse_code},
    [SEC_DATA]       = {12, wasm_parse_datas},
};

/* wasm_free of a pointer that may be NULL (arrays of zero entries are never allocated). */
static void free_array(void *array)
{
    if (array)
        wasm_free(array);
}

bool wasm_alloc_array(struct wasm_decoder *d, uint32_t n, size_t size, void **out,
                      uint32_t offset)
{
    *out = 0;
    if (n == 0)
        return true;
    /* n never exceeds the module's size (every item takes a byte) nor 2^32, and size is
     * a struct size, so the product cannot overflow a 64-bit size_t. */
    *out = wasm_alloc((size_t)n * size);
    if (!*out)
        return wasm_error_set(d->err, offset, "out of memory");
    return true;
}

bool wasm_declare_func(struct wasm_decoder *d, uint32_t index, uint32_t offset)
{
    struct wasm_module *m = d->m;
    if (!m->func_declared &&
        !wasm_alloc_array(d, m->nfuncs, sizeof *m->func_declared, (void **)&m->func_declared,
                          offset))
        return false;
    m->func_declared[index] = true;
    return true;
}

const struct wasm_functype *wasm_func_type(const struct wasm_module *m, uint32_t func_index)
{
    return &m->types[m->funcs[func_index].type_index];
}

/* ---- custom sections ------------------------------------------------------------- */

/* Keep a custom section for the loader; the "name" section is kept aside for the end. */
static bool add_custom(struct wasm_decoder *d, struct wasm_reader *r, uint32_t section_at)
{
    struct wasm_module *m = d->m;
    struct wasm_name name;
    if (!wasm_read_name(r, &name))
        return false;
    if (wasm_name_eq(name, "name")) {
        if (!d->has_name_section) {
            d->has_name_section = true;
            d->name_start = r->pos;
            d->name_end = r->end;
        }
        r->pos = r->end;
        return true;
    }
    if (m->ncustoms == d->customs_capacity) {
        uint32_t capacity = d->customs_capacity ? 2 * d->customs_capacity : 4;
        struct wasm_custom *bigger;
        if (!wasm_alloc_array(d, capacity, sizeof *bigger, (void **)&bigger, section_at))
            return false;
        if (m->ncustoms > 0)
            memcpy(bigger, m->customs, m->ncustoms * sizeof *bigger);
        free_array(m->customs);
        m->customs = bigger;
        d->customs_capacity = capacity;
    }
    struct wasm_custom *c = &m->customs[m->ncustoms++];
    c->name = name;
    c->payload = r->bytes + r->pos;
    c->size = (uint32_t)(r->end - r->pos);
    c->offset = (uint32_t)r->pos;
    r->pos = r->end;
    return true;
}

/* name section ::= subsection*,  subsection ::= id:u8 size:u32 payload
 *   id 0: the module's name;  id 1: vec(funcidx name), function names.
 * A malformed subsection ends the parse quietly: names are only a debugging aid. */
static void parse_name_section(struct wasm_decoder *d, const uint8_t *bytes)
{
    struct wasm_module *m = d->m;
    struct wasm_reader r, sub;
    wasm_reader_init(&r, bytes, d->name_start, d->name_end, 0);
    uint8_t id;
    uint32_t n;
    while (!wasm_reader_at_end(&r)) {
        if (!wasm_read_u8(&r, &id) || !wasm_read_sub(&r, &sub))
            return;
        if (id == 0) {
            struct wasm_name name;
            if (wasm_read_name(&sub, &name))
                m->module_name = name;
        } else if (id == 1 && wasm_read_count(&sub, &n)) {
            for (uint32_t i = 0; i < n; i++) {
                uint32_t index;
                struct wasm_name name;
                if (!wasm_read_u32(&sub, &index) || !wasm_read_name(&sub, &name))
                    break;
                if (index < m->nfuncs)
                    m->funcs[index].name = name;
            }
        }
    }
}

/* ---- the module ------------------------------------------------------------------ */

/* header ::= magic "\0asm", then version 1 as a little-endian u32. */
static bool read_header(struct wasm_reader *r)
{
    static const uint8_t magic[4] = {0x00, 'a', 's', 'm'};
    static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
    const uint8_t *bytes;
    if (!wasm_read_bytes(r, 4, &bytes))
        return false;
    if (memcmp(bytes, magic, 4) != 0)
        return wasm_error_set(r->err, 0, "magic header not detected");
    if (!wasm_read_bytes(r, 4, &bytes))
        return false;
    if (memcmp(bytes, version, 4) != 0)
        return wasm_error_set(r->err, 4, "unknown binary version");
    return true;
}

/* One section: framing, order, parser, exact consumption of the payload. */
static bool read_section(struct wasm_decoder *d, struct wasm_reader *r, uint8_t *last_rank)
{
    uint32_t at = (uint32_t)r->pos;
    uint8_t id;
    struct wasm_reader payload;
    if (!wasm_read_u8(r, &id))
        return false;
    if (id >= SEC_COUNT)
        return wasm_error_set(d->err, at, "malformed section id");
    if (!wasm_read_sub(r, &payload))
        return false;
    if (id == SEC_CUSTOM)
        return add_custom(d, &payload, at);
    const struct section_kind *kind = &section_kinds[id];
    if (kind->rank <= *last_rank)
        return wasm_error_set(d->err, at, "unexpected content after last section");
    *last_rank = kind->rank;
    if (!kind->parse(d, &payload))
        return false;
    if (!wasm_reader_at_end(&payload))
        return wasm_error_set(d->err, (uint32_t)payload.pos, "section size mismatch");
    return true;
}

/* Checks between sections that can only be made once all of them are read. */
static bool check_module(struct wasm_decoder *d, uint32_t end)
{
    struct wasm_module *m = d->m;
    if (!d->has_code && d->nfunc_decls != 0)
        return wasm_error_set(d->err, end, "function and code section have inconsistent lengths");
    if (m->has_data_count && !d->has_datas && d->data_count != 0)
        return wasm_error_set(d->err, end, "data count and data section have inconsistent lengths");
    /* compile.c indexes func_declared for every function, declared or not. */
    if (!m->func_declared && m->nfuncs > 0 &&
        !wasm_alloc_array(d, m->nfuncs, sizeof *m->func_declared, (void **)&m->func_declared, end))
        return false;
    return true;
}

bool wasm_decode(struct wasm_module *m, const uint8_t *bytes, size_t size, struct wasm_error *err)
{
    memset(m, 0, sizeof *m);
    m->bytes = bytes;
    m->size = size;
    if (size > 0xFFFFFFFFu)   /* offsets are u32 throughout */
        return wasm_error_set(err, 0, "module too large");
    struct wasm_decoder d;
    memset(&d, 0, sizeof d);
    d.m = m;
    d.err = err;
    struct wasm_reader r;
    wasm_reader_init(&r, bytes, 0, size, err);
    bool ok = read_header(&r);
    uint8_t last_rank = 0;
    while (ok && !wasm_reader_at_end(&r))
        ok = read_section(&d, &r, &last_rank);
    ok = ok && check_module(&d, (uint32_t)size);
    if (!ok) {
        wasm_module_free(m);
        return false;
    }
    if (d.has_name_section)
        parse_name_section(&d, bytes);
    return true;
}

void wasm_module_free(struct wasm_module *m)
{
    for (uint32_t i = 0; i < m->ntypes; i++)
        free_array(m->types[i].types);
    for (uint32_t i = 0; i < m->nelems; i++)
        free_array(m->elems[i].items);
    free_array(m->types);
    free_array(m->imports);
    free_array(m->funcs);
    free_array(m->tables);
    free_array(m->memories);
    free_array(m->globals);
    free_array(m->exports);
    free_array(m->elems);
    free_array(m->datas);
    free_array(m->func_declared);
    free_array(m->customs);
    const uint8_t *bytes = m->bytes;
    size_t size = m->size;
    memset(m, 0, sizeof *m);
    m->bytes = bytes;
    m->size = size;
}
