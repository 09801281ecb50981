/*
 * fuzz_diff.c — Atoll's side of the differential fuzzer: runs the command script that
 * test/fuzz/script.py writes (wast2json's JSON format; wabt's spectest-interp runs the
 * same file) and prints what every call did, for difffuzz.py to compare with wabt.
 *
 *   fuzz_diff [--bounds-checks] SCRIPT.json
 *
 * Output, one line per event, flushed at once so that a crash keeps all that came before:
 *   module NAME ok | module NAME error WHY      a module command
 *   host FUNC BITS...    a call of one of the spectest print functions below
 *   return BITS...       an action returned (each result as the unsigned decimal of its bits)
 *   trap KIND            an action trapped (KIND as in trap_kinds[], engines.py knows them)
 *   error WHY            a command that could not run at all
 * It understands only what the fuzzer writes: module, register and invoke actions.
 * Spec-test checking lives in test/spec/; this reuses its JSON and value readers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_embed.h"
#include "json.h"
#include "runtime.h"
#include "values.h"

/* Trap kinds as engines.py names them (wabt's messages map onto the same names). */
static const char *const trap_kinds[WASM_TRAP_COUNT] = {
    [WASM_TRAP_NONE] = "none",
    [WASM_TRAP_UNREACHABLE] = "unreachable",
    [WASM_TRAP_MEMORY_OOB] = "memory-oob",
    [WASM_TRAP_TABLE_OOB] = "table-oob",
    [WASM_TRAP_UNDEFINED_ELEMENT] = "undefined-element",
    [WASM_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized-element",
    [WASM_TRAP_INDIRECT_CALL_TYPE] = "indirect-call-type",
    [WASM_TRAP_DIV_ZERO] = "div-zero",
    [WASM_TRAP_INT_OVERFLOW] = "int-overflow",
    [WASM_TRAP_INVALID_CONVERSION] = "invalid-conversion",
    [WASM_TRAP_STACK_EXHAUSTED] = "stack-exhausted",
    [WASM_TRAP_HOST] = "host",
    [WASM_TRAP_OUT_OF_MEMORY] = "out-of-memory",
};

/* ---- The spectest print functions: they print their arguments' bits ---- */

static uint8_t type_i32[] = {WASM_I32}, type_i64[] = {WASM_I64}, type_f32[] = {WASM_F32},
               type_f64[] = {WASM_F64}, type_i32_f32[] = {WASM_I32, WASM_F32},
               type_f64_f64[] = {WASM_F64, WASM_F64};

static const struct print_func {
    const char *name;
    struct wasm_functype type;
} print_funcs[] = {
    {"print", {0, 0, NULL, 0}},
    {"print_i32", {1, 0, type_i32, 0}},
    {"print_i64", {1, 0, type_i64, 0}},
    {"print_f32", {1, 0, type_f32, 0}},
    {"print_f64", {1, 0, type_f64, 0}},
    {"print_i32_f32", {2, 0, type_i32_f32, 0}},
    {"print_f64_f64", {2, 0, type_f64_f64, 0}},
};
enum { NPRINT_FUNCS = sizeof print_funcs / sizeof print_funcs[0] };

/* The bits of a value of `type` held in a slot (i32 and f32 use the low half). */
static unsigned long long slot_bits(uint8_t type, uint64_t slot)
{
    return type == WASM_I32 || type == WASM_F32 ? (uint32_t)slot : slot;
}

static void print_host(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    const struct print_func *f = data;
    (void)caller;
    printf("host %s", f->name);
    for (uint32_t i = 0; i < f->type.nparams; i++)
        printf(" %llu", slot_bits(f->type.types[i], slots[i]));
    printf("\n");
}

/* ---- Modules and their names ---- */

struct loaded {
    char name[64];            /* "$fuzz" from the script, "" when unnamed */
    char as[64];              /* the `register` name, "" when not registered */
    uint8_t *bytes;
    struct wasm_module module;
    struct wasm_code code;
    struct wasm_instance *instance;
};

enum { MAX_MODULES = 16 };

struct state {
    bool bounds_checks;
    const char *dir;
    struct loaded modules[MAX_MODULES];
    int nmodules;
    struct wasm_func_ref *print_refs[NPRINT_FUNCS];
};

/* The instance named `name` (by script name when !by_as, else by register name). */
static struct wasm_instance *find_instance(struct state *s, const char *name, size_t len, bool by_as)
{
    for (int i = s->nmodules - 1; i >= 0; i--) {
        const char *have = by_as ? s->modules[i].as : s->modules[i].name;
        if (strlen(have) == len && memcmp(have, name, len) == 0)
            return s->modules[i].instance;
    }
    return NULL;
}

/* The export of `inst` called name[0..len). */
static bool find_export(const struct wasm_instance *inst, const uint8_t *name, size_t len,
                        struct wasm_extern *out)
{
    for (uint32_t i = 0; inst && i < inst->module->nexports; i++) {
        const struct wasm_export *e = &inst->module->exports[i];
        if (e->name.len != len || memcmp(e->name.bytes, name, len) != 0)
            continue;
        out->kind = e->kind;
        if (e->kind == WASM_EXTERN_FUNC)
            out->of.func = inst->funcs[e->index];
        else if (e->kind == WASM_EXTERN_TABLE)
            out->of.table = inst->tables[e->index];
        else if (e->kind == WASM_EXTERN_MEMORY)
            out->of.memory = inst->memory;
        else
            out->of.global = inst->globals[e->index];
        return true;
    }
    return false;
}

/* Resolve import `imp`: spectest's print functions or a registered instance's export. */
static bool link_import(struct state *s, const struct wasm_import *imp, struct wasm_extern *out)
{
    if (wasm_name_eq(imp->module, "spectest")) {
        for (int i = 0; i < NPRINT_FUNCS; i++) {
            if (imp->kind == WASM_EXTERN_FUNC && wasm_name_eq(imp->field, print_funcs[i].name)) {
                out->kind = WASM_EXTERN_FUNC;
                out->of.func = s->print_refs[i];
                return true;
            }
        }
        return false;
    }
    struct wasm_instance *from = find_instance(s, (const char *)imp->module.bytes, imp->module.len, true);
    return find_export(from, imp->field.bytes, imp->field.len, out) && out->kind == imp->kind;
}

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    long len;
    if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (data = malloc((size_t)len + 1)) != NULL)
        *size = fread(data, 1, (size_t)len, f);
    if (f)
        fclose(f);
    return data;
}

/* Decode, compile, link and instantiate a module command's file; print the outcome. */
static void cmd_module(struct state *s, const struct json_value *cmd)
{
    const struct json_value *file = json_get_string(cmd, "filename");
    const struct json_value *name = json_get_string(cmd, "name");
    struct loaded *l = &s->modules[s->nmodules];
    struct wasm_error err = {0};
    enum wasm_trap trap = WASM_TRAP_NONE;
    char path[4096];
    size_t size = 0;
    if (!file || s->nmodules == MAX_MODULES) {
        printf("error module command without a file, or too many modules\n");
        return;
    }
    snprintf(l->name, sizeof l->name, "%s", name ? name->text : "");
    snprintf(path, sizeof path, "%s/%s", s->dir, file->text);
    s->nmodules++;
    if (!(l->bytes = read_file(path, &size))) {
        printf("module %s error cannot read %s\n", l->name, path);
        return;
    }
    struct wasm_compile_options options = {.bounds_checks = s->bounds_checks};
    if (!wasm_decode(&l->module, l->bytes, size, &err)) {
        printf("module %s error decode: offset %u: %s\n", l->name, err.offset, err.message);
        return;
    }
    if (!wasm_compile(&l->module, &options, &l->code, &err)) {
        printf("module %s error compile: offset %u: %s\n", l->name, err.offset, err.message);
        return;
    }
    struct wasm_extern *imports = calloc(l->module.nimports + 1, sizeof *imports);
    for (uint32_t i = 0; i < l->module.nimports; i++) {
        const struct wasm_import *imp = &l->module.imports[i];
        if (!link_import(s, imp, &imports[i])) {
            printf("module %s error unknown import \"%.*s\" \"%.*s\"\n", l->name,
                   (int)imp->module.len, (const char *)imp->module.bytes,
                   (int)imp->field.len, (const char *)imp->field.bytes);
            free(imports);
            return;
        }
    }
    l->instance = wasm_instantiate(&l->module, &l->code, imports, &err, &trap);
    free(imports);
    if (l->instance)
        printf("module %s ok\n", l->name);
    else if (trap != WASM_TRAP_NONE)
        printf("module %s error instantiation trapped: %s\n", l->name, trap_kinds[trap]);
    else
        printf("module %s error link: offset %u: %s\n", l->name, err.offset, err.message);
}

static void cmd_register(struct state *s, const struct json_value *cmd)
{
    const struct json_value *name = json_get_string(cmd, "name");
    const struct json_value *as = json_get_string(cmd, "as");
    for (int i = s->nmodules - 1; name && as && i >= 0; i--) {
        if (strcmp(s->modules[i].name, name->text) == 0) {
            snprintf(s->modules[i].as, sizeof s->modules[i].as, "%s", as->text);
            return;
        }
    }
    printf("error register: no module to register\n");
}

/* Invoke an exported function with the command's arguments; print its outcome. */
static void cmd_action(struct state *s, const struct json_value *cmd)
{
    const struct json_value *action = json_get(cmd, "action");
    const struct json_value *module = json_get_string(action, "module");
    const struct json_value *field = json_get_string(action, "field");
    const struct json_value *args = json_get(action, "args");
    struct wasm_instance *inst = module ? find_instance(s, module->text, module->len, false) : NULL;
    struct wasm_extern ext;
    if (!field || !find_export(inst, (const uint8_t *)field->text, field->len, &ext) ||
        ext.kind != WASM_EXTERN_FUNC) {
        printf("error no function '%s' to invoke\n", field ? field->text : "?");
        return;
    }
    const struct wasm_functype *type = ext.of.func->type;
    size_t nargs = args && args->kind == JSON_ARRAY ? args->count : 0;
    uint64_t slots[64] = {0};
    char why[160];
    if (nargs != type->nparams || type->nparams > 64 || type->nresults > 64) {
        printf("error '%s' takes %u arguments, not %zu\n", field->text, type->nparams, nargs);
        return;
    }
    for (size_t i = 0; i < nargs; i++) {
        struct spec_value v;
        if (!spec_value_parse(&args->items[i], false, &v, why, sizeof why)) {
            printf("error bad argument: %s\n", why);
            return;
        }
        slots[i] = spec_value_slot(&v);
    }
    enum wasm_trap trap = wasm_invoke(ext.of.func, slots);
    if (trap != WASM_TRAP_NONE) {
        printf("trap %s\n", trap < WASM_TRAP_COUNT ? trap_kinds[trap] : "?");
        return;
    }
    printf("return");
    for (uint32_t i = 0; i < type->nresults; i++)
        printf(" %llu", slot_bits(type->types[type->nparams + i], slots[i]));
    printf("\n");
}

/* Run every command of the parsed script. */
static void run_script(struct state *s, const struct json_value *commands)
{
    for (size_t i = 0; i < commands->count; i++) {
        const struct json_value *cmd = &commands->items[i];
        const struct json_value *type = json_get_string(cmd, "type");
        if (type && strcmp(type->text, "module") == 0)
            cmd_module(s, cmd);
        else if (type && strcmp(type->text, "register") == 0)
            cmd_register(s, cmd);
        else if (type && strcmp(type->text, "action") == 0)
            cmd_action(s, cmd);
        else
            printf("error unknown command '%s'\n", type ? type->text : "?");
    }
}

int main(int argc, char **argv)
{
    struct state s = {0};
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--bounds-checks") == 0)
            s.bounds_checks = true;
        else
            path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: fuzz_diff [--bounds-checks] SCRIPT.json\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);  /* a line reaches the pipe before a crash can eat it */
    size_t size = 0;
    char *text = (char *)read_file(path, &size);
    struct json_value root;
    struct json_error jerr;
    if (!text || !json_parse(text, size, &root, &jerr)) {
        fprintf(stderr, "fuzz_diff: cannot read or parse %s\n", path);
        return 2;
    }
    const struct json_value *commands = json_get(&root, "commands");
    if (!commands || commands->kind != JSON_ARRAY) {
        fprintf(stderr, "fuzz_diff: %s has no commands\n", path);
        return 2;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');  /* module files are relative to the script */
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    s.dir = dir;
    host_embed_init();
    for (int i = 0; i < NPRINT_FUNCS; i++)
        s.print_refs[i] = wasm_host_func_new(&print_funcs[i].type, print_host, (void *)&print_funcs[i]);
    run_script(&s, commands);
    return 0;
}
