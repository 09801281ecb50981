/*
 * spectest.c — the "spectest" module every spec test may import from, built in.
 *
 * The globals hold 666 (666.6 as floats), the table has 10 to 20 funcref elements, the
 * memory 1 to 2 pages, as the spec's harness has them. The print functions print
 * nothing themselves: output is the embedder's business (spectest_set_printer), which
 * keeps this file freestanding, so that the kernel runs the spec tests against exactly
 * the module the host runner uses.
 * Everything is created on first use and lives until spectest_reset.
 */
#include "spectest.h"

#include "embed.h"

struct spectest_func {
    const char *name;
    uint8_t types[2];         /* parameters only: the print functions return nothing */
    uint32_t nparams;
    struct wasm_func_ref *ref;
};

static struct spectest_func funcs[] = {
    { "print",         { 0 },                  0, NULL },
    { "print_i32",     { WASM_I32 },           1, NULL },
    { "print_i64",     { WASM_I64 },           1, NULL },
    { "print_f32",     { WASM_F32 },           1, NULL },
    { "print_f64",     { WASM_F64 },           1, NULL },
    { "print_i32_f32", { WASM_I32, WASM_F32 }, 2, NULL },
    { "print_f64_f64", { WASM_F64, WASM_F64 }, 2, NULL },
};

struct spectest_global {
    const char *name;
    uint8_t type;
    uint64_t bits;            /* 666, or 666.6 for floats, in the global's type */
    struct wasm_global_cell *cell;
};

static struct spectest_global globals[] = {
    { "global_i32", WASM_I32, 666, NULL },
    { "global_i64", WASM_I64, 666, NULL },
    { "global_f32", WASM_F32, 0x4426A666u, NULL },            /* 666.6f */
    { "global_f64", WASM_F64, 0x4084D4CCCCCCCCCDull, NULL },  /* 666.6 */
};

#define NFUNCS (sizeof funcs / sizeof funcs[0])
#define NGLOBALS (sizeof globals / sizeof globals[0])

static struct wasm_table *table;
static struct wasm_memory *memory;
static spectest_printer printer;

void spectest_set_printer(spectest_printer p)
{
    printer = p;
}

static void print_call(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)caller;
    const struct spectest_func *f = data;
    if (printer != NULL)
        printer(f->name, f->types, f->nparams, slots);
}

static struct wasm_func_ref *func_ref(struct spectest_func *f)
{
    if (f->ref == NULL) {
        struct wasm_functype type = { f->nparams, 0, f->types, 0 };
        f->ref = wasm_host_func_new(&type, print_call, f);
    }
    return f->ref;
}

bool spectest_resolve(const struct wasm_import *imp, bool bounds_checks, struct wasm_extern *out)
{
    for (size_t i = 0; i < NFUNCS; i++)
        if (wasm_name_eq(imp->field, funcs[i].name)) {
            out->kind = WASM_EXTERN_FUNC;
            out->of.func = func_ref(&funcs[i]);
            return out->of.func != NULL;
        }
    for (size_t i = 0; i < NGLOBALS; i++)
        if (wasm_name_eq(imp->field, globals[i].name)) {
            if (globals[i].cell == NULL)
                globals[i].cell = wasm_global_new(globals[i].type, false, globals[i].bits);
            out->kind = WASM_EXTERN_GLOBAL;
            out->of.global = globals[i].cell;
            return out->of.global != NULL;
        }
    if (wasm_name_eq(imp->field, "table")) {
        struct wasm_limits limits = { 10, 20, true };
        if (table == NULL)
            table = wasm_table_new(WASM_FUNCREF, &limits);
        out->kind = WASM_EXTERN_TABLE;
        out->of.table = table;
        return table != NULL;
    }
    if (wasm_name_eq(imp->field, "memory")) {
        struct wasm_limits limits = { 1, 2, true };
        if (memory == NULL)
            memory = wasm_memory_new(&limits, !bounds_checks);
        out->kind = WASM_EXTERN_MEMORY;
        out->of.memory = memory;
        return memory != NULL;
    }
    return false;
}

bool spectest_lookup(const char *field, bool bounds_checks, struct wasm_extern *out)
{
    struct wasm_import imp = { 0 };
    uint32_t len = 0;
    while (field[len] != '\0')
        len++;
    imp.field.bytes = (const uint8_t *)field;
    imp.field.len = len;
    return spectest_resolve(&imp, bounds_checks, out);
}

void spectest_reset(void)
{
    for (size_t i = 0; i < NFUNCS; i++) {
        wasm_host_func_free(funcs[i].ref);
        funcs[i].ref = NULL;
    }
    for (size_t i = 0; i < NGLOBALS; i++) {
        wasm_free(globals[i].cell);
        globals[i].cell = NULL;
    }
    wasm_table_free(table);
    wasm_memory_free(memory);
    table = NULL;
    memory = NULL;
}
