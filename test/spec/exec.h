/*
 * runner.h — what the spec-test runner's files share.
 *
 * spec_runner.c reads one wast2json file and runs its commands in a child process
 * (so a crash loses one command, not the file); commands.c executes each command;
 * registry.c keeps the instances a script can name and links imports against them
 * and the `spectest` host module.
 */
#ifndef SPEC_RUNNER_H
#define SPEC_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "runtime.h"

struct spec_options {
    bool bounds_checks;       /* compile every module with explicit bounds checks */
    bool verbose;             /* print each failing command with expected and got */
};

/* A command's outcome. SPEC_UNCOUNTED is for `register` done right: it is a step of the
 * script, not a test (wabt's spectest-interp does not count it either). */
enum spec_outcome {
    SPEC_PASSED,
    SPEC_FAILED,
    SPEC_SKIPPED,             /* only text-format assert_malformed */
    SPEC_UNCOUNTED,
};

/* One module the script loaded, kept alive to the end of the file: its functions may
 * sit in tables of other instances even after it failed to instantiate. */
struct spec_module {
    uint8_t *bytes;
    size_t size;
    struct wasm_module module;
    struct wasm_code code;
    struct wasm_instance *instance;   /* NULL when instantiation failed */
    struct spec_module *next;         /* registry's list of everything loaded */
};

/* The state of one script: the instances it can name and where its files are. */
struct spec_script {
    const struct spec_options *opt;
    const char *dir;                  /* directory of the JSON; module files are relative */
    const char *name;                 /* the .wast name, for reports */
    FILE *out;                        /* reports (stdout is the host functions' output) */
    bool quiet;                       /* replaying after a crash: report nothing */
    struct spec_module *loaded;       /* every module, newest first */
    struct spec_module *current;      /* the last module command's module (or NULL) */
    struct spec_binding *named;       /* "$name" -> module */
    struct spec_binding *registered;  /* `register` names -> module */
};

/* Run command `cmd` (one element of "commands") of `script`. */
enum spec_outcome spec_command_run(struct spec_script *script, const struct json_value *cmd);

/* True when a command of this JSON type counts as a test (everything but register). */
bool spec_command_counts(const struct json_value *cmd);

/* Print a failure line "FILE:LINE: what" unless the script is replaying. */
void spec_report(const struct spec_script *script, const struct json_value *cmd,
                 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- registry.c ---- */

/* Bind `name` (a "$name" from the script, or a `register` name) to module `m`. */
void spec_registry_name(struct spec_script *script, const char *name, size_t len,
                        struct spec_module *m);
void spec_registry_register(struct spec_script *script, const char *as, size_t len,
                            struct spec_module *m);

/* The module a command names ("module" member; NULL json means the current one). */
struct spec_module *spec_registry_find(struct spec_script *script, const struct json_value *name);

/* Fill imports[0..m->nimports) from the spectest host module and registered instances.
 * An import nobody provides is a link error: returns false with `why` set. */
bool spec_registry_link(struct spec_script *script, const struct wasm_module *m,
                        struct wasm_extern *imports, char *why, size_t why_size);

#endif
