/*
 * sections.h — private to the decoder: the state shared by module.c (the section loop
 * and the checks made once every section is read) and sections.c (one parser per
 * section). Nothing outside these two files includes it.
 */
#ifndef ATOLL_SECTIONS_H
#define ATOLL_SECTIONS_H

#include "embed.h"
#include "leb128.h"
#include "wasm.h"

/* Implementation limits, so that no count can make an allocation size overflow and a
 * hostile module cannot ask for absurd amounts of kernel memory. */
#define WASM_MAX_TYPES    1000000u
#define WASM_MAX_FUNCS    1000000u
#define WASM_MAX_IMPORTS  1000000u
#define WASM_MAX_TABLES   1000000u
#define WASM_MAX_GLOBALS  1000000u
#define WASM_MAX_PARAMS   1000u     /* params or results of one function type */
#define WASM_MAX_PAGES    65536u    /* 4 GiB of 64 KiB pages */

/* What decoding needs beyond the module itself. */
struct wasm_decoder {
    struct wasm_module *m;
    struct wasm_error *err;
    uint32_t nfunc_decls;       /* entries of the function section */
    uint32_t ncode;             /* entries of the code section */
    bool has_code;
    bool has_datas;
    uint32_t data_count;        /* the data count section's value, when present */
    uint32_t customs_capacity;  /* allocated length of m->customs */
    bool has_name_section;      /* the first "name" section, parsed last */
    size_t name_start, name_end;
};

/* Section parsers: each reads one section's payload from `r` (bounded by the section)
 * into d->m. Called in the order the spec requires, each at most once. */
bool wasm_parse_types(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_imports(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_functions(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_tables(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_memories(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_globals(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_exports(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_start(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_elems(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_data_count(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_code(struct wasm_decoder *d, struct wasm_reader *r);
bool wasm_parse_datas(struct wasm_decoder *d, struct wasm_reader *r);

/* A constant expression (constexpr.c) whose value must have type `type`. */
bool wasm_parse_const_expr(struct wasm_decoder *d, struct wasm_reader *r, uint8_t type,
                           struct wasm_const_expr *out);

/* Mark function `index` (already checked to exist) as declared for ref.func. */
bool wasm_declare_func(struct wasm_decoder *d, uint32_t index, uint32_t offset);

/* A zeroed array of n elements of `size` bytes in *out (NULL when n is 0);
 * false with "out of memory" at `offset` when the allocator refuses. */
bool wasm_alloc_array(struct wasm_decoder *d, uint32_t n, size_t size, void **out,
                      uint32_t offset);

#endif
