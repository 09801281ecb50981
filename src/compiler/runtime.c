/*
 * runtime.c — instances: linking a compiled module to its imports, creating what it
 * defines, initializing tables and memory from its segments, running its start function;
 * finding exports; freeing it all.
 *
 * Instantiation follows the order of the WebAssembly 2.0 spec, because the spec tests
 * observe it (linking.wast): every import is checked before anything is created; all
 * globals and element items are evaluated before any segment is applied; active element
 * segments are applied in order, then active data segments, each checked as a whole
 * before it is written, so a segment that does not fit traps and leaves the earlier
 * segments' writes in place (in imported tables and memories, visible to others).
 */
#include "embed.h"
#include "runtime.h"

struct wasm_global_cell *wasm_global_new(uint8_t type, bool mutable, uint64_t value)
{
    struct wasm_global_cell *cell = wasm_alloc(sizeof *cell);
    if (cell != NULL) {
        cell->value = value;
        cell->type = type;
        cell->mutable = mutable;
    }
    return cell;
}

/* ---- Imports ---- */

/* Limits subtyping: the provided object is at least as big as declared, and bounded at
 * least as tightly when a maximum is declared. */
static bool limits_match(uint32_t size, bool has_max, uint32_t max, const struct wasm_limits *declared)
{
    if (size < declared->min)
        return false;
    return !declared->has_max || (has_max && max <= declared->max);
}

static bool import_matches(const struct wasm_module *m, const struct wasm_import *imp,
                           const struct wasm_extern *ext)
{
    if (ext->kind != imp->kind)
        return false;
    switch (imp->kind) {
    case WASM_EXTERN_FUNC:
        return ext->of.func != NULL &&
               ext->of.func->sig == wasm_sig_intern(&m->types[imp->desc.type_index]);
    case WASM_EXTERN_TABLE: {
        const struct wasm_table *t = ext->of.table;
        return t != NULL && t->elem_type == imp->desc.table.elem_type &&
               limits_match(t->size, t->has_max, t->max, &imp->desc.table.limits);
    }
    case WASM_EXTERN_MEMORY: {
        const struct wasm_memory *mem = ext->of.memory;
        return mem != NULL && limits_match(mem->pages, mem->has_max, mem->max_pages, &imp->desc.memory);
    }
    case WASM_EXTERN_GLOBAL: {
        const struct wasm_global_cell *g = ext->of.global;
        return g != NULL && g->type == imp->desc.global.type && g->mutable == imp->desc.global.mutable;
    }
    }
    return false;
}

/* Check every import, then wire it into the index spaces. A host function gets this
 * instance's own copy of its ref, so that its `caller` is this instance (runtime.h). */
static bool link_imports(struct wasm_instance *inst, const struct wasm_extern *imports,
                         struct wasm_error *err)
{
    const struct wasm_module *m = inst->module;
    for (uint32_t i = 0; i < m->nimports; i++) {
        if (!import_matches(m, &m->imports[i], &imports[i]))
            return wasm_error_set(err, m->imports[i].offset, "incompatible import type");
        /* Code compiled without bounds checks relies on the memory's guard region. */
        if (imports[i].kind == WASM_EXTERN_MEMORY && !inst->code->bounds_checks &&
            !imports[i].of.memory->guard)
            return wasm_error_set(err, m->imports[i].offset,
                                  "incompatible import type: memory without guard region");
    }
    uint32_t nfunc = 0, ntable = 0, nglobal = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const struct wasm_extern *ext = &imports[i];
        switch (ext->kind) {
        case WASM_EXTERN_FUNC:
            if (ext->of.func->instance == NULL) {
                inst->own_refs[nfunc] = *ext->of.func;
                inst->own_refs[nfunc].instance = inst;
                inst->funcs[nfunc] = &inst->own_refs[nfunc];
            } else {
                inst->funcs[nfunc] = ext->of.func;
            }
            nfunc++;
            break;
        case WASM_EXTERN_TABLE:
            inst->tables[ntable++] = ext->of.table;
            break;
        case WASM_EXTERN_MEMORY:
            inst->memory = ext->of.memory;
            break;
        case WASM_EXTERN_GLOBAL:
            inst->globals[nglobal++] = ext->of.global;
            break;
        }
    }
    return true;
}

/* ---- What the module defines ---- */

/* The value of a constant expression, in the form a global cell or table holds. */
static uint64_t const_eval(const struct wasm_instance *inst, const struct wasm_const_expr *e)
{
    switch (e->op) {
    case WASM_CONST_I32:        return (uint32_t)e->value;
    case WASM_CONST_REF_NULL:   return 0;
    case WASM_CONST_REF_FUNC:   return (uint64_t)inst->funcs[e->value];
    case WASM_CONST_GLOBAL_GET: return inst->globals[e->value]->value;
    default:                    return e->value;   /* i64, f32 and f64 bits */
    }
}

static bool create_defined(struct wasm_instance *inst, struct wasm_error *err)
{
    const struct wasm_module *m = inst->module;
    const struct wasm_code *code = inst->code;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        struct wasm_func_ref *ref = &inst->own_refs[i];
        ref->code = code->code + code->func_offsets[i - m->nfunc_imports];
        ref->instance = inst;
        ref->type = &m->types[m->funcs[i].type_index];
        ref->sig = wasm_sig_intern(ref->type);
        ref->func_index = i;
        inst->funcs[i] = ref;
    }
    if (m->nmemories > m->nmemory_imports) {
        inst->memory = wasm_memory_new(&m->memories[0], !code->bounds_checks);
        if (inst->memory == NULL)
            return wasm_error_set(err, 0, "cannot allocate memory of %u pages", m->memories[0].min);
    }
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        inst->tables[i] = wasm_table_new(m->tables[i].elem_type, &m->tables[i].limits);
        if (inst->tables[i] == NULL)
            return wasm_error_set(err, 0, "cannot allocate table of %u elements", m->tables[i].limits.min);
    }
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
        const struct wasm_global *g = &m->globals[i];
        inst->globals[i] = wasm_global_new(g->type.type, g->type.mutable, const_eval(inst, &g->init));
        if (inst->globals[i] == NULL)
            return wasm_error_set(err, 0, "out of memory");
    }
    for (uint32_t s = 0; s < m->nelems; s++) {
        const struct wasm_elem *seg = &m->elems[s];
        inst->elem_items[s] = wasm_alloc((seg->count ? seg->count : 1) * sizeof(void *));
        if (inst->elem_items[s] == NULL)
            return wasm_error_set(err, 0, "out of memory");
        for (uint32_t k = 0; k < seg->count; k++)
            inst->elem_items[s][k] = (void *)const_eval(inst, &seg->items[k]);
    }
    return true;
}

/* ---- Segments ---- */

/* Apply the active segments and drop those the spec drops; the first trap stops it. */
static enum wasm_trap apply_segments(struct wasm_instance *inst)
{
    const struct wasm_module *m = inst->module;
    for (uint32_t s = 0; s < m->nelems; s++) {
        const struct wasm_elem *seg = &m->elems[s];
        if (seg->mode == WASM_SEG_ACTIVE) {
            uint32_t offset = (uint32_t)const_eval(inst, &seg->offset);
            enum wasm_trap trap = wasm_rt_table_init(inst, seg->table, s, offset, 0, seg->count);
            if (trap != WASM_TRAP_NONE)
                return trap;
        }
        if (seg->mode != WASM_SEG_PASSIVE)
            inst->elem_dropped[s] = true;
    }
    for (uint32_t s = 0; s < m->ndatas; s++) {
        const struct wasm_data *seg = &m->datas[s];
        if (seg->mode != WASM_SEG_ACTIVE)
            continue;
        uint32_t offset = (uint32_t)const_eval(inst, &seg->offset);
        enum wasm_trap trap = wasm_rt_memory_init(inst, s, offset, 0, seg->size);
        if (trap != WASM_TRAP_NONE)
            return trap;
        inst->data_dropped[s] = true;
    }
    return WASM_TRAP_NONE;
}

static enum wasm_trap run_start(struct wasm_instance *inst)
{
    const struct wasm_module *m = inst->module;
    if (!m->has_start)
        return WASM_TRAP_NONE;
    uint64_t slot = 0;
    return wasm_invoke(inst->funcs[m->start], &slot);
}

/* ---- Instances ---- */

/* The instance with every array allocated, or NULL. */
static struct wasm_instance *instance_alloc(const struct wasm_module *m, const struct wasm_code *code)
{
    struct wasm_instance *inst = wasm_alloc(sizeof *inst);
    if (inst == NULL)
        return NULL;
    inst->module = m;
    inst->code = code;
    inst->stack_limit = wasm_exec_current != NULL ? wasm_exec_current->stack_limit : 0;
    /* wasm_alloc(0) may return NULL: ask for at least one entry. */
    inst->funcs = wasm_alloc((m->nfuncs + 1) * sizeof *inst->funcs);
    inst->own_refs = wasm_alloc((m->nfuncs + 1) * sizeof *inst->own_refs);
    inst->tables = wasm_alloc((m->ntables + 1) * sizeof *inst->tables);
    inst->globals = wasm_alloc((m->nglobals + 1) * sizeof *inst->globals);
    inst->elem_items = wasm_alloc((m->nelems + 1) * sizeof *inst->elem_items);
    inst->elem_dropped = wasm_alloc(m->nelems + 1);
    inst->data_dropped = wasm_alloc(m->ndatas + 1);
    if (!inst->funcs || !inst->own_refs || !inst->tables || !inst->globals ||
        !inst->elem_items || !inst->elem_dropped || !inst->data_dropped) {
        wasm_instance_free(inst);
        return NULL;
    }
    return inst;
}

/* After a trap, may code outside this instance already hold one of its references? */
static bool may_be_referenced(const struct wasm_module *m)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        const struct wasm_import *imp = &m->imports[i];
        if (imp->kind == WASM_EXTERN_TABLE ||
            (imp->kind == WASM_EXTERN_GLOBAL && imp->desc.global.mutable))
            return true;
    }
    return false;
}

struct wasm_instance *wasm_instantiate(const struct wasm_module *m, const struct wasm_code *code,
                                       const struct wasm_extern *imports,
                                       struct wasm_error *err, enum wasm_trap *trap)
{
    *trap = WASM_TRAP_NONE;
    struct wasm_instance *inst = instance_alloc(m, code);
    if (inst == NULL) {
        wasm_error_set(err, 0, "out of memory");
        return NULL;
    }
    if (!link_imports(inst, imports, err) || !create_defined(inst, err)) {
        wasm_instance_free(inst);
        return NULL;
    }
    wasm_code_register(code);
    *trap = apply_segments(inst);
    if (*trap != WASM_TRAP_NONE) {
        struct wasm_trap_info *info = &wasm_exec_current->trap;
        info->trap = *trap;
        info->instance = inst;
        info->func_index = UINT32_MAX;
        info->wasm_offset = 0;
        info->message[0] = '\0';
    } else {
        *trap = run_start(inst);
    }
    if (*trap != WASM_TRAP_NONE) {
        wasm_error_set(err, 0, "%s", wasm_trap_message(*trap));
        if (!may_be_referenced(m))
            wasm_instance_free(inst);
        return NULL;
    }
    return inst;
}

void wasm_instance_free(struct wasm_instance *inst)
{
    if (inst == NULL)
        return;
    const struct wasm_module *m = inst->module;
    if (m->nmemory_imports == 0)
        wasm_memory_free(inst->memory);
    for (uint32_t i = m->ntable_imports; inst->tables && i < m->ntables; i++)
        wasm_table_free(inst->tables[i]);
    for (uint32_t i = m->nglobal_imports; inst->globals && i < m->nglobals; i++)
        wasm_free(inst->globals[i]);
    for (uint32_t s = 0; inst->elem_items && s < m->nelems; s++)
        wasm_free(inst->elem_items[s]);
    wasm_free(inst->funcs);
    wasm_free(inst->own_refs);
    wasm_free(inst->tables);
    wasm_free(inst->globals);
    wasm_free(inst->elem_items);
    wasm_free(inst->elem_dropped);
    wasm_free(inst->data_dropped);
    wasm_free(inst);
}

bool wasm_instance_export(const struct wasm_instance *inst, const char *name, struct wasm_extern *out)
{
    size_t len = 0;
    while (name[len])
        len++;
    struct wasm_name wanted = {(const uint8_t *)name, (uint32_t)len};
    return wasm_instance_export_name(inst, wanted, out);
}

bool wasm_instance_export_name(const struct wasm_instance *inst, struct wasm_name name,
                               struct wasm_extern *out)
{
    const struct wasm_module *m = inst->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const struct wasm_export *e = &m->exports[i];
        if (e->name.len != name.len || memcmp(e->name.bytes, name.bytes, name.len) != 0)
            continue;
        out->kind = e->kind;
        switch (e->kind) {
        case WASM_EXTERN_FUNC:   out->of.func = inst->funcs[e->index]; break;
        case WASM_EXTERN_TABLE:  out->of.table = inst->tables[e->index]; break;
        case WASM_EXTERN_MEMORY: out->of.memory = inst->memory; break;
        case WASM_EXTERN_GLOBAL: out->of.global = inst->globals[e->index]; break;
        }
        return true;
    }
    return false;
}
