/*
 * atoll-run.c — run a wasm module on Linux with Atoll's own compiler and runtime.
 *
 *   atoll-run [--bounds-checks] [--dump] [--time] [--register NAME=FILE.wasm ...]
 *             MODULE.wasm [--invoke NAME ARGS...]
 *   atoll-run --caps [--grant SPEC] [--dump] DRIVER.wasm
 *
 * The same src/compiler/ files that the kernel uses decode, compile and instantiate the
 * module here; tools/host_embed.c supplies memory and turns faults into traps, so the
 * compiler can be run, tested and fuzzed without booting anything. Imports come from
 * the built-in "spectest" module and from --register'ed modules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atoll-run.h"
#include "host_embed.h"
#include "spectest.h"

#define MAX_REGISTERED 32

struct options {
    bool bounds_checks, dump, time;
    bool caps;                     /* --caps: check and compile a driver, do not run it */
    const char *grant;             /* --grant SPEC (caps_check.c) */
    const char *main_path;
    const char *invoke;            /* NULL: run all exports */
    char **args;
    int nargs;
};

/* A module from the command line, from its bytes to its instance. */
struct loaded {
    const char *path;
    const char *name;              /* its --register name, NULL for the main module */
    uint8_t *bytes;
    size_t size;
    struct wasm_module module;
    struct wasm_code code;
    struct wasm_instance *inst;
};

static struct loaded registered[MAX_REGISTERED];
static int nregistered;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* "func 4 $name" or "func 4": how traps name a function. The name comes from the name
 * section, else from the function's first export. */
static void describe_func(char *buf, size_t size, const struct wasm_module *m, uint32_t index)
{
    if (m == NULL || index >= m->nfuncs) {
        snprintf(buf, size, "func ?");
        return;
    }
    struct wasm_name name = m->funcs[index].name;
    for (uint32_t i = 0; i < m->nexports && name.len == 0; i++)
        if (m->exports[i].kind == WASM_EXTERN_FUNC && m->exports[i].index == index)
            name = m->exports[i].name;
    if (name.len > 0)
        snprintf(buf, size, "func %u $%.*s", index, (int)name.len, (const char *)name.bytes);
    else
        snprintf(buf, size, "func %u", index);
}

/* The trap in wasm_exec_current, as "message (func 4 $f, offset 0x2a)". */
static void describe_trap(char *buf, size_t size, enum wasm_trap trap)
{
    const struct wasm_trap_info *info = &wasm_exec_current->trap;
    const char *message = trap == WASM_TRAP_HOST && info->message[0] ? info->message
                                                                       : wasm_trap_message(trap);
    if (info->func_index == UINT32_MAX || info->instance == NULL) {
        snprintf(buf, size, "%s", message);
        return;
    }
    char func[160];
    describe_func(func, sizeof func, info->instance->module, info->func_index);
    snprintf(buf, size, "%s (%s, offset 0x%x)", message, func, info->wasm_offset);
}

/* Decode and compile `l`; on error print it and return false. */
static bool load(struct loaded *l, const struct options *opt)
{
    struct wasm_error err = { 0, "" };
    if ((l->bytes = host_read_file("atoll-run", l->path, &l->size)) == NULL)
        return false;
    double t0 = now_ms();
    if (!wasm_decode(&l->module, l->bytes, l->size, &err)) {
        fprintf(stderr, "%s:0x%x: error: %s\n", l->path, err.offset, err.message);
        return false;
    }
    double t1 = now_ms();
    struct dump_state *dump = opt->dump && l->name == NULL ? dump_new() : NULL;
    bool caps_ok = true;
    const struct wasm_intrinsics *intrinsics = opt->caps && l->name == NULL ?
        caps_check(l->path, &l->module, opt->grant, &caps_ok) : NULL;
    struct wasm_compile_options copt = { opt->bounds_checks, dump ? dump_on_instr : NULL, dump,
                                         intrinsics };
    if (!caps_ok)
        return false;
    if (!wasm_compile(&l->module, &copt, &l->code, &err)) {
        fprintf(stderr, "%s:0x%x: error: %s\n", l->path, err.offset, err.message);
        dump_free(dump);
        return false;
    }
    double t2 = now_ms();
    if (dump != NULL) {
        dump_print(dump, &l->module, &l->code);
        dump_free(dump);
    }
    if (opt->time) {
        uint64_t body_bytes = 0;
        for (uint32_t i = l->module.nfunc_imports; i < l->module.nfuncs; i++)
            body_bytes += l->module.funcs[i].body_end - l->module.funcs[i].body_start;
        fprintf(stderr, "%s: decode %.3f ms, compile %.3f ms, decode+compile %.3f ms "
                "(%.1f MB/s of %llu code-section bytes, %zu bytes of x86)\n",
                l->path, t1 - t0, t2 - t1, t2 - t0,
                t2 > t0 ? (double)body_bytes / 1e3 / (t2 - t0) : 0.0,
                (unsigned long long)body_bytes, l->code.size);
    }
    return true;
}

/* The object an import names, from spectest or a registered module. */
static bool resolve_import(const struct wasm_import *imp, bool bounds_checks, struct wasm_extern *out)
{
    char module[256], field[256];
    snprintf(module, sizeof module, "%.*s", (int)imp->module.len, (const char *)imp->module.bytes);
    snprintf(field, sizeof field, "%.*s", (int)imp->field.len, (const char *)imp->field.bytes);
    if (strcmp(module, "spectest") == 0 && spectest_lookup(field, bounds_checks, out))
        return true;
    for (int i = nregistered - 1; i >= 0; i--)   /* the latest registration wins */
        if (strcmp(module, registered[i].name) == 0 && registered[i].inst != NULL &&
            wasm_instance_export(registered[i].inst, field, out))
            return true;
    fprintf(stderr, "error initializing module: unknown import \"%s.%s\"\n", module, field);
    return false;
}

/* Resolve l's imports and instantiate it (running its start function); false, with a
 * message, on a link error or a trap. */
static bool instantiate(struct loaded *l, const struct options *opt)
{
    const struct wasm_module *m = &l->module;
    struct wasm_extern *imports = calloc(m->nimports + 1, sizeof *imports);
    for (uint32_t i = 0; i < m->nimports; i++)
        if (!resolve_import(&m->imports[i], opt->bounds_checks, &imports[i])) {
            free(imports);
            return false;
        }
    struct wasm_error err = { 0, "" };
    enum wasm_trap trap;
    double t0 = now_ms();
    l->inst = wasm_instantiate(m, &l->code, imports, &err, &trap);
    double t1 = now_ms();
    free(imports);
    if (opt->time)
        fprintf(stderr, "%s: instantiate %.3f ms\n", l->path, t1 - t0);
    if (l->inst != NULL)
        return true;
    fflush(stdout);   /* what the start function printed comes first */
    if (trap != WASM_TRAP_NONE) {
        char why[256];
        describe_trap(why, sizeof why, trap);
        fprintf(stderr, "error initializing module: %s\n", why);
    } else {
        fprintf(stderr, "error initializing module: %s\n", err.message);
    }
    return false;
}

/* Call `f` with slots holding its arguments and print the wasm-interp line. */
static enum wasm_trap call_and_print(const char *name, struct wasm_func_ref *f, uint64_t *slots)
{
    const struct wasm_functype *type = f->type;
    char args[1024], results[4096];
    values_format(args, sizeof args, type->types, type->nparams, slots);
    enum wasm_trap trap = wasm_invoke(f, slots);
    if (trap != WASM_TRAP_NONE) {
        describe_trap(results, sizeof results, trap);
        printf("%s(%s) => error: %s\n", name, args, results);
    } else {
        values_format(results, sizeof results, type->types + type->nparams, type->nresults, slots);
        printf("%s(%s) =>%s%s\n", name, args, type->nresults ? " " : "", results);
    }
    fflush(stdout);
    return trap;
}

/* A call of a spectest print function, as wasm-interp prints a host call. */
static void print_spectest_call(const char *func, const uint8_t *types, uint32_t n,
                                const uint64_t *args)
{
    char text[256];
    values_format(text, sizeof text, types, n, args);
    printf("called host spectest.%s(%s) =>\n", func, text);
}

static uint64_t *slots_for(const struct wasm_functype *type)
{
    uint32_t n = type->nparams > type->nresults ? type->nparams : type->nresults;
    return calloc(n + 1, sizeof(uint64_t));
}

/* wasm-interp --run-all-exports: every export taking no parameters, in order, printed as
 * `name() => i32:1, f64:2.000000` or `name() => error: <trap>`, so the two tools' outputs
 * can be compared line by line (test/suite-runtime.sh does). A trap line adds where it
 * happened: the function (index and name-section name) and the wasm byte offset. */
static void run_all(struct loaded *l)
{
    const struct wasm_module *m = &l->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const struct wasm_export *e = &m->exports[i];
        if (e->kind != WASM_EXTERN_FUNC)
            continue;
        struct wasm_func_ref *f = l->inst->funcs[e->index];
        if (f->type->nparams != 0)
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)e->name.len, (const char *)e->name.bytes);
        uint64_t *slots = slots_for(f->type);
        call_and_print(name, f, slots);
        free(slots);
    }
}

/* --invoke: call export `name` with arguments parsed for its parameter types and print
 * its results; false on a bad call or a trap. */
static bool invoke_one(struct loaded *l, const char *name, char **args, int nargs)
{
    struct wasm_extern ext;
    if (!wasm_instance_export(l->inst, name, &ext) || ext.kind != WASM_EXTERN_FUNC) {
        fprintf(stderr, "atoll-run: no exported function \"%s\"\n", name);
        return false;
    }
    const struct wasm_functype *type = ext.of.func->type;
    if ((uint32_t)nargs != type->nparams) {
        fprintf(stderr, "atoll-run: %s takes %u arguments, %d given\n", name, type->nparams, nargs);
        return false;
    }
    uint64_t *slots = slots_for(type);
    for (int i = 0; i < nargs; i++)
        if (!value_parse(args[i], type->types[i], &slots[i])) {
            fprintf(stderr, "atoll-run: argument %d (\"%s\") is not a %s\n", i + 1, args[i],
                    value_type_name(type->types[i]));
            free(slots);
            return false;
        }
    enum wasm_trap trap = call_and_print(name, ext.of.func, slots);
    free(slots);
    return trap == WASM_TRAP_NONE;
}

static int usage(void)
{
    fprintf(stderr, "usage: atoll-run [--bounds-checks] [--dump] [--time] [--register NAME=FILE.wasm ...]\n"
                    "                 MODULE.wasm [--invoke NAME ARGS...]\n"
                    "       atoll-run --caps [--grant SPEC] [--dump] DRIVER.wasm\n");
    return 1;
}

/* The command line into *opt; false (after a message) when it is not a valid one. */
static bool parse_args(int argc, char **argv, struct options *opt)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--bounds-checks") == 0) {
            opt->bounds_checks = true;
        } else if (strcmp(a, "--dump") == 0) {
            opt->dump = true;
        } else if (strcmp(a, "--time") == 0) {
            opt->time = true;
        } else if (strcmp(a, "--caps") == 0) {
            opt->caps = true;
        } else if (strcmp(a, "--grant") == 0 && i + 1 < argc) {
            opt->grant = argv[++i];
        } else if (strcmp(a, "--register") == 0 && i + 1 < argc) {
            char *spec = argv[++i], *eq = strchr(spec, '=');
            if (eq == NULL || nregistered == MAX_REGISTERED)
                return false;
            *eq = '\0';
            registered[nregistered].name = spec;
            registered[nregistered++].path = eq + 1;
        } else if (strcmp(a, "--invoke") == 0 && i + 1 < argc) {
            opt->invoke = argv[i + 1];
            opt->args = argv + i + 2;
            opt->nargs = argc - i - 2;
            break;
        } else if (a[0] == '-' || opt->main_path != NULL) {
            return false;
        } else {
            opt->main_path = a;
        }
    }
    return opt->main_path != NULL;
}

/* Without --invoke, run_all; --caps checks a driver's atoll.caps section and compiles it
 * as the kernel would, port I/O inline (tools/caps_check.c, docs/caps.md), without
 * running it. Exit status: 0, or 1 on a bad command line, file, module, link error,
 * trapping start function, or a trap in --invoke. */
int main(int argc, char **argv)
{
    struct options opt = { 0 };
    if (!parse_args(argc, argv, &opt))
        return usage();
    host_embed_init();
    spectest_set_printer(print_spectest_call);
    for (int i = 0; i < nregistered; i++)
        if (!load(&registered[i], &opt) || !instantiate(&registered[i], &opt))
            return 1;
    struct loaded main_module = { .path = opt.main_path };
    if (!load(&main_module, &opt))
        return 1;
    if (opt.caps)
        return 0;                  /* a driver: checked and compiled, never run here */
    if (!instantiate(&main_module, &opt))
        return 1;
    double t0 = now_ms();
    bool ok = true;
    if (opt.invoke != NULL)
        ok = invoke_one(&main_module, opt.invoke, opt.args, opt.nargs);
    else
        run_all(&main_module);
    if (opt.time)
        fprintf(stderr, "%s: run %.3f ms\n", main_module.path, now_ms() - t0);
    wasm_instance_free(main_module.inst);
    wasm_compiled_free(&main_module.code);
    wasm_module_free(&main_module.module);
    free(main_module.bytes);
    return ok ? 0 : 1;
}
