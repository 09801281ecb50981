/*
 * spectest.c — the "spectest" module every spec test may import from, built in.
 *
 * The print functions print their arguments the way wabt's wasm-interp prints a call to
 * a host function ("called host spectest.print_i32(i32:1) =>"), so atoll-run's output
 * stays comparable with wasm-interp --dummy-import-func. The globals hold 666 (666.6 as
 * floats), the table has 10 to 20 funcref elements, the memory 1 to 2 pages, as the
 * spec's harness has them.
 * Everything is created on first use and lives until the process ends.
 */
#include <stdio.h>
#include <string.h>

#include "atoll-run.h"
#include "spectest.h"

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

static struct wasm_table *table;
static struct wasm_memory *memory;

static void print_call(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)caller;
    const struct spectest_func *f = data;
    char args[256];
    values_format(args, sizeof args, f->types, f->nparams, slots);
    printf("called host spectest.%s(%s) =>\n", f->name, args);
}

static struct wasm_func_ref *func_ref(struct spectest_func *f)
{
    if (f->ref == NULL) {
        struct wasm_functype type = { f->nparams, 0, f->types, 0 };
        f->ref = wasm_host_func_new(&type, print_call, f);
    }
    return f->ref;
}

bool spectest_lookup(const char *field, bool bounds_checks, struct wasm_extern *out)
{
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++)
        if (strcmp(field, funcs[i].name) == 0) {
            out->kind = WASM_EXTERN_FUNC;
            out->of.func = func_ref(&funcs[i]);
            return out->of.func != NULL;
        }
    for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++)
        if (strcmp(field, globals[i].name) == 0) {
            if (globals[i].cell == NULL)
                globals[i].cell = wasm_global_new(globals[i].type, false, globals[i].bits);
            out->kind = WASM_EXTERN_GLOBAL;
            out->of.global = globals[i].cell;
            return out->of.global != NULL;
        }
    if (strcmp(field, "table") == 0) {
        struct wasm_limits limits = { 10, 20, true };
        if (table == NULL)
            table = wasm_table_new(WASM_FUNCREF, &limits);
        out->kind = WASM_EXTERN_TABLE;
        out->of.table = table;
        return table != NULL;
    }
    if (strcmp(field, "memory") == 0) {
        struct wasm_limits limits = { 1, 2, true };
        if (memory == NULL)
            memory = wasm_memory_new(&limits, !bounds_checks);
        out->kind = WASM_EXTERN_MEMORY;
        out->of.memory = memory;
        return memory != NULL;
    }
    return false;
}

bool spectest_resolve(const struct wasm_import *imp, bool bounds_checks, struct wasm_extern *out)
{
    char field[64];
    if (imp->field.len >= sizeof field)
        return false;
    memcpy(field, imp->field.bytes, imp->field.len);
    field[imp->field.len] = '\0';
    return spectest_lookup(field, bounds_checks, out);
}
