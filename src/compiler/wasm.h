/*
 * wasm.h — a decoded WebAssembly module, as the decoder (module.c) leaves it for the
 * compiler (compile.c) and the runtime (runtime.c).
 *
 * The decoder checks everything outside function bodies (sections, limits, const
 * expressions, index ranges, export names...). Function bodies are only located here:
 * compile.c decodes, validates and compiles each body in one walk. Names and byte strings
 * point into the module's bytes, which the owner keeps alive as long as the module.
 * Every array is allocated with wasm_alloc and freed by wasm_module_free.
 *
 * Index spaces follow the spec: imports come first in the function, table, memory and
 * global index spaces, so `funcs`, `tables`, `memories` and `globals` cover imports too.
 */
#ifndef ATOLL_WASM_H
#define ATOLL_WASM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value types, by their binary encoding. */
enum wasm_valtype {
    WASM_I32 = 0x7F,
    WASM_I64 = 0x7E,
    WASM_F32 = 0x7D,
    WASM_F64 = 0x7C,
    WASM_V128 = 0x7B,  /* decoded so that SIMD modules are rejected clearly */
    WASM_FUNCREF = 0x70,
    WASM_EXTERNREF = 0x6F,
};

/* Kinds of import and export, by their binary encoding. */
enum wasm_extern_kind {
    WASM_EXTERN_FUNC = 0,
    WASM_EXTERN_TABLE = 1,
    WASM_EXTERN_MEMORY = 2,
    WASM_EXTERN_GLOBAL = 3,
};

/* Element and data segment modes. */
enum wasm_seg_mode {
    WASM_SEG_ACTIVE,
    WASM_SEG_PASSIVE,
    WASM_SEG_DECLARATIVE,  /* element segments only */
};

/* A bad module is reported as this: where (byte offset in the module) and why. */
struct wasm_error {
    uint32_t offset;
    char message[160];
};

/* Fill `err` (if not NULL) with a printf-style message: %s %c %d %u %x %lu %llu %llx.
 * Always returns false, so callers can write `return wasm_error_set(...)`. */
bool wasm_error_set(struct wasm_error *err, uint32_t offset, const char *fmt, ...);
/* The same formatter, for messages that are not errors (traps, listings). */
size_t wasm_format(char *buf, size_t size, const char *fmt, ...);
size_t wasm_vformat(char *buf, size_t size, const char *fmt, va_list args);

/* A UTF-8 string inside the module's bytes (not NUL-terminated). */
struct wasm_name {
    const uint8_t *bytes;
    uint32_t len;
};

/* True when `name` equals the NUL-terminated `str`. */
bool wasm_name_eq(struct wasm_name name, const char *str);

struct wasm_functype {
    uint32_t nparams;
    uint32_t nresults;
    uint8_t *types;      /* nparams parameter types, then nresults result types */
    uint32_t sig;        /* canonical signature id (runtime.c interns it); equal types, equal ids */
};

struct wasm_limits {
    uint32_t min;
    uint32_t max;
    bool has_max;
};

struct wasm_table_type {
    uint8_t elem_type;   /* WASM_FUNCREF or WASM_EXTERNREF */
    struct wasm_limits limits;
};

struct wasm_global_type {
    uint8_t type;
    bool mutable;
};

/* A constant expression of WebAssembly 2.0: exactly one instruction before `end`. */
enum wasm_const_op {
    WASM_CONST_I32,        /* value = the bits, zero-extended */
    WASM_CONST_I64,
    WASM_CONST_F32,
    WASM_CONST_F64,
    WASM_CONST_REF_NULL,   /* value = the reference type */
    WASM_CONST_REF_FUNC,   /* value = function index */
    WASM_CONST_GLOBAL_GET, /* value = global index (an imported immutable global) */
};

struct wasm_const_expr {
    uint8_t op;          /* enum wasm_const_op */
    uint64_t value;
};

struct wasm_import {
    struct wasm_name module;
    struct wasm_name field;
    uint8_t kind;        /* enum wasm_extern_kind */
    uint32_t offset;     /* byte offset of this import entry, for messages */
    union {
        uint32_t type_index;             /* WASM_EXTERN_FUNC */
        struct wasm_table_type table;    /* WASM_EXTERN_TABLE */
        struct wasm_limits memory;       /* WASM_EXTERN_MEMORY */
        struct wasm_global_type global;  /* WASM_EXTERN_GLOBAL */
    } desc;
};

struct wasm_export {
    struct wasm_name name;
    uint8_t kind;        /* enum wasm_extern_kind */
    uint32_t index;
};

/* A function of the function index space. Imported ones have no body. */
struct wasm_func {
    uint32_t type_index;
    uint32_t body_start;  /* offset of the body's local declarations (after its size) */
    uint32_t body_end;    /* offset one past the body's final `end` */
    struct wasm_name name;  /* from the name section; len 0 when absent */
};

struct wasm_global {
    struct wasm_global_type type;
    struct wasm_const_expr init;   /* defined globals only */
};

struct wasm_elem {
    uint8_t mode;                  /* enum wasm_seg_mode */
    uint8_t elem_type;             /* WASM_FUNCREF or WASM_EXTERNREF */
    uint32_t table;                /* active segments */
    struct wasm_const_expr offset; /* active segments */
    uint32_t count;
    struct wasm_const_expr *items; /* ref.func, ref.null or global.get */
};

struct wasm_data {
    uint8_t mode;                  /* WASM_SEG_ACTIVE or WASM_SEG_PASSIVE */
    uint32_t memory;
    struct wasm_const_expr offset;
    const uint8_t *bytes;
    uint32_t size;
};

/* A custom section other than "name", handed to the loader (e.g. "atoll.caps"). */
struct wasm_custom {
    struct wasm_name name;
    const uint8_t *payload;
    uint32_t size;
    uint32_t offset;     /* of the payload, for messages */
};

struct wasm_module {
    const uint8_t *bytes;
    size_t size;

    struct wasm_functype *types;
    uint32_t ntypes;

    struct wasm_import *imports;
    uint32_t nimports;

    struct wasm_func *funcs;            /* whole index space; imports first */
    uint32_t nfuncs;
    uint32_t nfunc_imports;

    struct wasm_table_type *tables;     /* whole index space */
    uint32_t ntables;
    uint32_t ntable_imports;

    struct wasm_limits *memories;       /* whole index space (0 or 1 entries) */
    uint32_t nmemories;
    uint32_t nmemory_imports;

    struct wasm_global *globals;        /* whole index space */
    uint32_t nglobals;
    uint32_t nglobal_imports;

    struct wasm_export *exports;
    uint32_t nexports;

    bool has_start;
    uint32_t start;

    struct wasm_elem *elems;
    uint32_t nelems;

    struct wasm_data *datas;
    uint32_t ndatas;
    bool has_data_count;                /* the data count section was present */

    /* declared[i] is true when function i may be named by ref.func inside a body:
     * it appears in an element segment, an export, or a global initializer. */
    bool *func_declared;

    struct wasm_name module_name;       /* from the name section; len 0 when absent */

    struct wasm_custom *customs;
    uint32_t ncustoms;
};

/* Decode and check everything but function bodies. On error, returns false with `err`
 * set and `m` holding nothing that needs freeing. The bytes must outlive the module. */
bool wasm_decode(struct wasm_module *m, const uint8_t *bytes, size_t size, struct wasm_error *err);

/* Free everything wasm_decode allocated. */
void wasm_module_free(struct wasm_module *m);

/* The type of function `func_index` (imported or defined). */
const struct wasm_functype *wasm_func_type(const struct wasm_module *m, uint32_t func_index);

#endif
