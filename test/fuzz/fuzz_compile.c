/*
 * fuzz_compile.c — a libFuzzer harness for the decoder, the validating compiler and the
 * runtime: whatever bytes come in, nothing may crash, hang, leak or trip a sanitizer.
 *
 * Each input goes through wasm_decode, then wasm_compile in both memory modes (guard
 * regions and explicit bounds checks). A module both accept is instantiated against
 * dummy imports, and its exported functions are called with zero arguments, but only
 * when it has no loop and no call instruction anywhere in its code: then every run ends
 * quickly and no stack can overflow, without a timer to interrupt compiled code (the
 * check looks at raw bytes, so it skips more modules than it needs to, never fewer).
 *
 * Built with clang -fsanitize=fuzzer,address,undefined (see the Makefile's fuzzing
 * section). Hardware faults in compiled code are wasm traps (tools/host_embed.c); every
 * other fault goes to the sanitizer's handler, so that libFuzzer saves the input.
 */
#define _GNU_SOURCE
#include <sanitizer/lsan_interface.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "embed.h"
#include "host_embed.h"
#include "runtime.h"

enum {
    MAX_PAGES_TO_RUN = 256,        /* a bigger memory is compiled but not instantiated */
    MAX_TABLE_TO_RUN = 1 << 16,
};

/* ---- Faults: wasm traps to host_embed.c, everything else to the sanitizer ---- */

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
enum { NSIGNALS = sizeof fault_signals / sizeof fault_signals[0] };
static struct sigaction sanitizer_action[NSIGNALS], host_action[NSIGNALS];

static void call_action(const struct sigaction *a, int sig, siginfo_t *info, void *context)
{
    if (a->sa_flags & SA_SIGINFO)
        a->sa_sigaction(sig, info, context);
    else if (a->sa_handler != SIG_DFL && a->sa_handler != SIG_IGN)
        a->sa_handler(sig);
    else {
        signal(sig, SIG_DFL);
        raise(sig);
    }
}

static void on_fault(int sig, siginfo_t *info, void *context)
{
    uint64_t pc = (uint64_t)((ucontext_t *)context)->uc_mcontext.gregs[REG_RIP];
    for (int i = 0; i < NSIGNALS; i++) {
        if (fault_signals[i] == sig) {
            call_action(wasm_code_lookup(pc) ? &host_action[i] : &sanitizer_action[i],
                        sig, info, context);
            return;
        }
    }
}

/* Once, at the first input: by then libFuzzer and the sanitizers have set theirs up. */
static void install_handlers(void)
{
    for (int i = 0; i < NSIGNALS; i++)
        sigaction(fault_signals[i], NULL, &sanitizer_action[i]);
    __lsan_disable();     /* the signal stack it allocates lives as long as the process */
    host_embed_init();
    __lsan_enable();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < NSIGNALS; i++)
        sigaction(fault_signals[i], &sa, &host_action[i]);
}

/* ---- Dummy imports ---- */

static void dummy_host(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    const struct wasm_functype *type = data;
    (void)caller;
    for (uint32_t i = 0; i < type->nresults; i++)
        slots[i] = 0;
}

/* Make an object for every import; false (with what was made freed) when one cannot be. */
static bool make_imports(const struct wasm_module *m, bool guard, struct wasm_extern *imports)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        const struct wasm_import *imp = &m->imports[i];
        struct wasm_extern *e = &imports[i];
        e->kind = imp->kind;
        if (imp->kind == WASM_EXTERN_FUNC) {
            const struct wasm_functype *type = &m->types[imp->desc.type_index];
            e->of.func = wasm_host_func_new(type, dummy_host, (void *)type);
        } else if (imp->kind == WASM_EXTERN_TABLE) {
            const struct wasm_table_type *t = &imp->desc.table;
            e->of.table = t->limits.min <= MAX_TABLE_TO_RUN ? wasm_table_new(t->elem_type, &t->limits) : NULL;
        } else if (imp->kind == WASM_EXTERN_MEMORY) {
            const struct wasm_limits *l = &imp->desc.memory;
            e->of.memory = l->min <= MAX_PAGES_TO_RUN ? wasm_memory_new(l, guard) : NULL;
        } else {
            e->of.global = wasm_global_new(imp->desc.global.type, imp->desc.global.mutable, 0);
        }
        if (e->of.func == NULL)   /* the union's pointers share their storage */
            return false;
    }
    return true;
}

static void free_imports(const struct wasm_module *m, struct wasm_extern *imports)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        struct wasm_extern *e = &imports[i];
        if (e->of.func == NULL)
            break;   /* make_imports stopped here */
        if (e->kind == WASM_EXTERN_FUNC)
            wasm_host_func_free(e->of.func);
        else if (e->kind == WASM_EXTERN_TABLE)
            wasm_table_free(e->of.table);
        else if (e->kind == WASM_EXTERN_MEMORY)
            wasm_memory_free(e->of.memory);
        else
            wasm_free(e->of.global);
    }
}

/* ---- Running ---- */

/* True when no code byte could be loop (0x03), call (0x10) or call_indirect (0x11):
 * every run of such a module ends, and its stack stays shallow. */
static bool surely_terminates(const struct wasm_module *m)
{
    for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++) {
        for (uint32_t at = m->funcs[f].body_start; at < m->funcs[f].body_end; at++) {
            uint8_t b = m->bytes[at];
            if (b == 0x03 || b == 0x10 || b == 0x11)
                return false;
        }
    }
    return true;
}

/* Fit to instantiate here: memories and tables of bounded size, and no imported table
 * or mutable global (after a trap in instantiation the runtime keeps such an instance
 * alive on purpose, runtime.h, which LeakSanitizer would report as a leak). */
static bool can_instantiate(const struct wasm_module *m)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        const struct wasm_import *imp = &m->imports[i];
        if (imp->kind == WASM_EXTERN_TABLE ||
            (imp->kind == WASM_EXTERN_GLOBAL && imp->desc.global.mutable))
            return false;
    }
    for (uint32_t i = m->nmemory_imports; i < m->nmemories; i++)
        if (m->memories[i].min > MAX_PAGES_TO_RUN)
            return false;
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++)
        if (m->tables[i].limits.min > MAX_TABLE_TO_RUN)
            return false;
    return true;
}

/* Instantiate (dummy imports) and call every exported function with zero arguments. */
static void run_module(const struct wasm_module *m, const struct wasm_code *code, bool guard)
{
    struct wasm_extern *imports = calloc(m->nimports + 1, sizeof *imports);
    struct wasm_error err;
    enum wasm_trap trap = WASM_TRAP_NONE;
    if (imports && make_imports(m, guard, imports)) {
        struct wasm_instance *inst = wasm_instantiate(m, code, imports, &err, &trap);
        for (uint32_t i = 0; inst && i < m->nexports; i++) {
            if (m->exports[i].kind != WASM_EXTERN_FUNC)
                continue;
            struct wasm_func_ref *f = inst->funcs[m->exports[i].index];
            uint64_t slots[1024] = {0};
            if (f->type->nparams <= 1024 && f->type->nresults <= 1024)
                wasm_invoke(f, slots);
        }
        if (inst)
            wasm_instance_free(inst);
    }
    if (imports)
        free_imports(m, imports);
    free(imports);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool initialized;
    if (!initialized) {
        install_handlers();
        initialized = true;
    }
    struct wasm_module m;
    struct wasm_error err;
    if (!wasm_decode(&m, data, size, &err))
        return 0;
    bool runnable = surely_terminates(&m) && can_instantiate(&m);
    for (int bounds = 0; bounds <= 1; bounds++) {
        struct wasm_compile_options options = {.bounds_checks = bounds};
        struct wasm_code code;
        if (!wasm_compile(&m, &options, &code, &err))
            continue;
        if (runnable)
            run_module(&m, &code, !bounds);
        wasm_code_unregister(&code);
        wasm_compiled_free(&code);
    }
    wasm_module_free(&m);
    return 0;
}
