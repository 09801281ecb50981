/*
 * exec.h — the spec-test executor: runs the commands of a spec pack (pack.h) against the
 * compiler and runtime, and judges each one. Freestanding: the host runner
 * (spec_runner.c, which adds crash isolation around it) and the kernel's conformance run
 * (src/conformance.c) link these same files, so both judge by the same code:
 *   exec.c      one handler per command kind
 *   registry.c  the instances a script can name, and import resolution
 *   values.c    comparing results with expected values
 *   spectest.c  the "spectest" host module
 *   pack.c      reading the pack
 */
#ifndef SPEC_EXEC_H
#define SPEC_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pack.h"
#include "runtime.h"

struct spec_options {
    bool bounds_checks;       /* compile every module with explicit bounds checks */
    bool verbose;             /* report each failing command with expected and got */
};

/* A command's outcome. SPEC_UNCOUNTED is for `register` done right: it is a step of the
 * script, not a test (wabt's spectest-interp does not count it either). */
enum spec_outcome {
    SPEC_PASSED,
    SPEC_FAILED,
    SPEC_SKIPPED,             /* only text-format assert_malformed and assert_invalid */
    SPEC_UNCOUNTED,
};

struct spec_counts {
    uint32_t passed, failed, skipped;
};

/* One module the script loaded, kept alive to the end of the script: its functions may
 * sit in tables of other instances even after it failed to instantiate. */
struct spec_module {
    struct wasm_module module;        /* its names point into the pack */
    struct wasm_code code;
    struct wasm_instance *instance;   /* NULL when instantiation failed */
    struct spec_module *next;         /* registry's list of everything loaded */
};

/* Where failure reports go: one line at a time, without a newline. */
typedef void (*spec_report_fn)(void *ctx, const char *line);

/* The state of one script: the instances it can name. Zero it, set the first four
 * fields, run its commands in order, then spec_script_end. */
struct spec_script {
    const struct spec_options *opt;
    struct spec_str name;             /* the .wast name, for reports */
    spec_report_fn report;
    void *report_ctx;
    bool quiet;                       /* replaying after a crash: report nothing */
    struct spec_module *loaded;       /* every module, newest first */
    struct spec_module *current;      /* the last module command's module (or NULL) */
    struct spec_binding *named;       /* "$name" -> module */
    struct spec_binding *registered;  /* `register` names -> module */
};

/* Run one command of `script`. */
enum spec_outcome spec_command_run(struct spec_script *script, const struct spec_command *cmd);

/* Add an outcome to the counts. */
void spec_counts_add(struct spec_counts *counts, enum spec_outcome outcome);

/* True when a command of this kind counts as a test (everything but register). */
bool spec_command_counts(const struct spec_command *cmd);

/* Free every module, instance and name of the script, and the spectest module. */
void spec_script_end(struct spec_script *script);

/* Report "  NAME:LINE: what" unless the script is quiet or not verbose. */
void spec_report(const struct spec_script *script, const struct spec_command *cmd,
                 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- registry.c ---- */

/* Bind `name` (a "$name" from the script, or a `register` name) to module `m`; false
 * when out of memory. */
bool spec_registry_name(struct spec_script *script, struct spec_str name, struct spec_module *m);
bool spec_registry_register(struct spec_script *script, struct spec_str as, struct spec_module *m);

/* The module a command names ("" means the current one). */
struct spec_module *spec_registry_find(struct spec_script *script, struct spec_str name);

/* Fill imports[0..m->nimports) from the spectest host module and registered instances.
 * An import nobody provides is a link error: returns false with `why` set. */
bool spec_registry_link(struct spec_script *script, const struct wasm_module *m,
                        struct wasm_extern *imports, char *why, size_t why_size);

/* Free the bindings (not the modules they name). */
void spec_registry_free(struct spec_script *script);

#endif
