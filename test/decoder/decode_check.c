/*
 * decode_check.c — run Atoll's decoder (src/compiler/module.c) on .wasm files.
 *
 *   decode_check FILE             "ok" or "error at OFFSET: MESSAGE"
 *   decode_check --list FILE...   the same for each file, as "FILE: ok" and so on
 *   decode_check --dump FILE      what the decoder made of FILE, one fact per line
 *   decode_check --prefixes FILE  decode every truncation of FILE
 *   decode_check --bitflips FILE  decode FILE with each single bit flipped in turn
 *   decode_check --format         check wasm_format against a table of expected outputs
 *
 * Every successful decode is checked against invariants (index ranges, body extents
 * inside the module); a broken one prints "invariant broken: ..." and exits with 1.
 * The last two modes exist to be run under -fsanitize=address,undefined: each variant
 * is decoded from its own exactly-sized heap copy, so any read past the end is caught.
 * Linked with tools/host_embed.c (heap from calloc) and the compiler's sources.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"

static int broken;

static void invariant(bool ok, const char *file, const char *what)
{
    if (!ok) {
        printf("%s: invariant broken: %s\n", file, what);
        broken = 1;
    }
}

/* What compile.c and runtime.c rely on after a successful decode. */
static void check_invariants(const struct wasm_module *m, const char *file)
{
    invariant(m->nfuncs >= m->nfunc_imports && m->ntables >= m->ntable_imports &&
              m->nmemories >= m->nmemory_imports && m->nglobals >= m->nglobal_imports,
              file, "index space smaller than its imports");
    invariant(m->nmemories <= 1, file, "more than one memory");
    invariant(m->nfuncs == 0 || m->func_declared, file, "func_declared missing");
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        const struct wasm_func *f = &m->funcs[i];
        invariant(f->type_index < m->ntypes, file, "function type index out of range");
        if (i >= m->nfunc_imports)
            invariant(f->body_start <= f->body_end && f->body_end <= m->size && f->body_start >= 8,
                      file, "function body outside the module");
    }
    for (uint32_t i = 0; i < m->nexports; i++) {
        const struct wasm_export *e = &m->exports[i];
        uint32_t limit = e->kind == WASM_EXTERN_FUNC ? m->nfuncs : e->kind == WASM_EXTERN_TABLE ? m->ntables
                       : e->kind == WASM_EXTERN_MEMORY ? m->nmemories : m->nglobals;
        invariant(e->kind <= 3 && e->index < limit, file, "export index out of range");
        if (e->kind == WASM_EXTERN_FUNC)
            invariant(m->func_declared[e->index], file, "exported function not declared");
    }
    for (uint32_t i = 0; i < m->nelems; i++) {
        const struct wasm_elem *e = &m->elems[i];
        invariant(e->mode != WASM_SEG_ACTIVE || e->table < m->ntables, file, "elem table out of range");
        for (uint32_t k = 0; k < e->count; k++)
            if (e->items[k].op == WASM_CONST_REF_FUNC)
                invariant(e->items[k].value < m->nfuncs && m->func_declared[e->items[k].value],
                          file, "elem function out of range or undeclared");
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const struct wasm_data *d = &m->datas[i];
        invariant(d->bytes + d->size <= m->bytes + m->size && d->bytes >= m->bytes,
                  file, "data bytes outside the module");
        invariant(d->mode != WASM_SEG_ACTIVE || d->memory < m->nmemories, file, "data memory out of range");
    }
    invariant(!m->has_start || m->start < m->nfuncs, file, "start out of range");
}

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = malloc(n > 0 ? (size_t)n : 1);
    if (!bytes || fread(bytes, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "%s: cannot read\n", path);
        exit(2);
    }
    fclose(f);
    *size = (size_t)n;
    return bytes;
}

/* Decode bytes[0, size) from an exactly-sized copy; true when the decoder accepted it. */
static bool decode_copy(const uint8_t *bytes, size_t size, const char *file, struct wasm_error *err)
{
    uint8_t *copy = malloc(size > 0 ? size : 1);
    memcpy(copy, bytes, size);
    struct wasm_module m;
    bool ok = wasm_decode(&m, copy, size, err);
    if (ok) {
        check_invariants(&m, file);
        wasm_module_free(&m);
    }
    free(copy);
    return ok;
}

static void print_name(const char *label, struct wasm_name name)
{
    printf("%s \"%.*s\"\n", label, (int)name.len, (const char *)name.bytes);
}

static void print_const(const char *label, struct wasm_const_expr e)
{
    static const char *ops[] = {"i32", "i64", "f32", "f64", "ref.null", "ref.func", "global.get"};
    printf("%s %s 0x%llx\n", label, e.op < 7 ? ops[e.op] : "?", (unsigned long long)e.value);
}

/* One line per decoded fact, for golden tests of what the decoder records. */
static void dump(const struct wasm_module *m)
{
    static const char *modes[] = {"active", "passive", "declarative"};
    for (uint32_t i = 0; i < m->ntypes; i++) {
        printf("type %u:", i);
        for (uint32_t k = 0; k < m->types[i].nparams + m->types[i].nresults; k++)
            printf("%s%02x", k == m->types[i].nparams ? " ->" : " ", m->types[i].types[k]);
        printf("%s\n", m->types[i].nresults == 0 ? " ->" : "");
    }
    for (uint32_t i = 0; i < m->nimports; i++) {
        printf("import %u kind %u ", i, m->imports[i].kind);
        print_name("", m->imports[i].field);
    }
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        printf("func %u type %u declared %d body %u..%u", i, m->funcs[i].type_index,
               m->func_declared[i], m->funcs[i].body_start, m->funcs[i].body_end);
        print_name(" name", m->funcs[i].name);
    }
    for (uint32_t i = 0; i < m->ntables; i++)
        printf("table %u %02x min %u max %u has_max %d\n", i, m->tables[i].elem_type,
               m->tables[i].limits.min, m->tables[i].limits.max, m->tables[i].limits.has_max);
    for (uint32_t i = 0; i < m->nmemories; i++)
        printf("memory %u min %u max %u has_max %d\n", i, m->memories[i].min, m->memories[i].max,
               m->memories[i].has_max);
    for (uint32_t i = 0; i < m->nglobals; i++) {
        printf("global %u %02x mutable %d", i, m->globals[i].type.type, m->globals[i].type.mutable);
        if (i >= m->nglobal_imports)
            print_const(" init", m->globals[i].init);
        else
            printf(" imported\n");
    }
    for (uint32_t i = 0; i < m->nexports; i++) {
        printf("export %u kind %u index %u", i, m->exports[i].kind, m->exports[i].index);
        print_name("", m->exports[i].name);
    }
    if (m->has_start)
        printf("start %u\n", m->start);
    for (uint32_t i = 0; i < m->nelems; i++) {
        const struct wasm_elem *e = &m->elems[i];
        printf("elem %u %s %02x table %u count %u\n", i, modes[e->mode], e->elem_type, e->table, e->count);
        if (e->mode == WASM_SEG_ACTIVE)
            print_const("  offset", e->offset);
        for (uint32_t k = 0; k < e->count; k++)
            print_const("  item", e->items[k]);
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const struct wasm_data *d = &m->datas[i];
        printf("data %u %s memory %u size %u\n", i, modes[d->mode], d->memory, d->size);
        if (d->mode == WASM_SEG_ACTIVE)
            print_const("  offset", d->offset);
    }
    printf("data_count %d\n", m->has_data_count);
    print_name("module_name", m->module_name);
    for (uint32_t i = 0; i < m->ncustoms; i++) {
        printf("custom %u size %u offset %u", i, m->customs[i].size, m->customs[i].offset);
        print_name("", m->customs[i].name);
    }
}

/* wasm_format (format.c) against expected strings; one line per mismatch. */
static int check_format(void)
{
    char buf[64];
    int bad = 0;
#define EXPECT(want, ...)                                                           \
    do {                                                                            \
        size_t n = wasm_format(buf, sizeof buf, __VA_ARGS__);                       \
        if (strcmp(buf, want) != 0 || n != strlen(want)) {                          \
            printf("format: got \"%s\" (%zu), want \"%s\"\n", buf, n, want);       \
            bad = 1;                                                                \
        }                                                                           \
    } while (0)
    EXPECT("unknown function 42", "unknown %s %u", "function", 42u);
    EXPECT("-2147483648 4294967295", "%d %u", (int)0x80000000, 0xFFFFFFFFu);
    EXPECT("00ff 0x1F c%", "%04x 0x%X %c%%", 255u, 31u, 'c');
    EXPECT("18446744073709551615 -9223372036854775808", "%llu %lld",
           ~0ull, (long long)(-9223372036854775807LL - 1));
    EXPECT("deadbeefcafe 12345678901 7", "%llx %lu %zu", 0xdeadbeefcafeull, 12345678901ul, (size_t)7);
    EXPECT("[   ab] [-0042]", "[%5s] [%05d]", "ab", -42);
    EXPECT("(null)", "%s", (const char *)NULL);
#undef EXPECT
    /* Truncation: always terminated, and the return value is the full length. */
    size_t n = wasm_format(buf, 4, "%s", "abcdef");
    if (n != 6 || strcmp(buf, "abc") != 0) {
        printf("format: truncation gave \"%s\" (%zu)\n", buf, n);
        bad = 1;
    }
    return bad;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--format"))
        return check_format();
    if (argc < 2) {
        fprintf(stderr, "usage: decode_check [--list|--dump|--prefixes|--bitflips] FILE...\n");
        return 2;
    }
    struct wasm_error err;
    size_t size;
    if (argc == 3 && (!strcmp(argv[1], "--prefixes") || !strcmp(argv[1], "--bitflips"))) {
        uint8_t *bytes = read_file(argv[2], &size);
        size_t accepted = 0, variants = 0;
        if (argv[1][2] == 'p') {
            for (size_t n = 0; n < size; n++, variants++)
                accepted += decode_copy(bytes, n, argv[2], &err);
        } else {
            for (size_t bit = 0; bit < 8 * size; bit++, variants++) {
                bytes[bit / 8] ^= (uint8_t)(1u << (bit % 8));
                accepted += decode_copy(bytes, size, argv[2], &err);
                bytes[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            }
        }
        printf("%s: %zu variants, %zu accepted\n", argv[2], variants, accepted);
        free(bytes);
        return broken;
    }
    if (argc == 3 && !strcmp(argv[1], "--dump")) {
        uint8_t *bytes = read_file(argv[2], &size);
        struct wasm_module m;
        if (!wasm_decode(&m, bytes, size, &err)) {
            printf("error at %u: %s\n", err.offset, err.message);
            free(bytes);
            return 1;
        }
        check_invariants(&m, argv[2]);
        dump(&m);
        wasm_module_free(&m);
        free(bytes);
        return broken;
    }
    bool list = !strcmp(argv[1], "--list");
    for (int i = list ? 2 : 1; i < argc; i++) {
        uint8_t *bytes = read_file(argv[i], &size);
        if (list)
            printf("%s: ", argv[i]);
        if (decode_copy(bytes, size, argv[i], &err))
            printf("ok\n");
        else
            printf("error at %u: %s\n", err.offset, err.message);
        free(bytes);
    }
    return broken;
}
