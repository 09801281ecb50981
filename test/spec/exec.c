/*
 * commands.c — executing the commands of a wast2json script, one at a time.
 *
 * Each command kind has a handler in command_table. A handler returns SPEC_PASSED only
 * after checking what the command asserts (results bit for bit, the trap's message,
 * the stage at which a bad module was refused); every other path is SPEC_FAILED with a
 * report. Modules go through four stages, and the assertions about bad modules name the
 * stage that must refuse them:
 *   read file -> decode (wasm_decode) -> compile, which validates (wasm_compile)
 *             -> link imports (registry.c, then wasm_instantiate's type checks)
 *             -> instantiate: segments and start function, which may trap
 */
#include "runner.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "values.h"

/* How far a module got. */
enum load_stage {
    LOAD_OK,
    LOAD_READ_ERROR,      /* the .wasm file is missing: a broken conversion, not a test */
    LOAD_DECODE_ERROR,
    LOAD_COMPILE_ERROR,
    LOAD_LINK_ERROR,
    LOAD_TRAPPED,         /* a segment or the start function trapped */
};

struct load_result {
    enum load_stage stage;
    enum wasm_trap trap;
    struct spec_module *module;  /* LOAD_OK and LOAD_TRAPPED: kept in the registry */
    char why[256];
};

/* What running an action produced. */
struct action_result {
    enum { ACTION_RETURNED, ACTION_TRAPPED, ACTION_BROKEN } status;
    enum wasm_trap trap;
    char trap_message[128];
    uint32_t nresults;
    const uint8_t *types;        /* result types (of the function type, or the global's) */
    uint64_t *slots;             /* results; owned, freed by action_done */
    char why[256];               /* ACTION_BROKEN: why the action could not run */
};

/* ---- Reports ---- */

void spec_report(const struct spec_script *script, const struct json_value *cmd,
                 const char *fmt, ...)
{
    if (script->quiet || !script->opt->verbose)
        return;
    uint64_t line = 0;
    json_to_u64(json_get(cmd, "line"), &line);
    fprintf(script->out, "  %s:%llu: ", script->name, (unsigned long long)line);
    va_list args;
    va_start(args, fmt);
    vfprintf(script->out, fmt, args);
    va_end(args);
    fputc('\n', script->out);
}

/* A wasm name for a report: printable ASCII as is, other bytes as \xNN. */
static const char *printable(const struct json_value *name, char *buf, size_t size)
{
    size_t out = 0;
    for (size_t i = 0; name && i < name->len && out + 5 < size; i++) {
        unsigned char c = (unsigned char)name->text[i];
        if (c >= 0x20 && c < 0x7F)
            buf[out++] = (char)c;
        else
            out += (size_t)snprintf(buf + out, size - out, "\\x%02x", c);
    }
    buf[out] = '\0';
    return buf;
}

/* "(i32:1, f32:0x3f800000 (1))" for `n` result slots. */
static void format_slots(const uint8_t *types, const uint64_t *slots, uint32_t n,
                         char *buf, size_t size)
{
    size_t out = (size_t)snprintf(buf, size, "(");
    for (uint32_t i = 0; i < n && out < size; i++) {
        char one[96];
        spec_slot_format(types[i], slots[i], one, sizeof one);
        out += (size_t)snprintf(buf + out, size - out, "%s%s", i ? ", " : "", one);
    }
    if (out < size)
        snprintf(buf + out, size - out, ")");
}

/* ---- Modules ---- */

/* The whole of file `path`, malloc'd; NULL if it cannot be read. */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *data = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *bigger = realloc(data, cap);
            if (!bigger) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = bigger;
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    bool ok = !ferror(f);
    fclose(f);
    if (!ok) {
        free(data);
        return NULL;
    }
    *size = len;
    return data;
}

/* Free a module that nothing refers to: one that never got an instance. */
static void module_discard(struct spec_module *m, bool decoded, bool compiled)
{
    if (compiled) {
        wasm_code_unregister(&m->code);
        wasm_compiled_free(&m->code);
    }
    if (decoded)
        wasm_module_free(&m->module);
    free(m->bytes);
    free(m);
}

/* Take the module file of `cmd` through every stage, or only through compilation when
 * `validate_only`. On success or a trap the module is kept (r->module). */
static void load_module(struct spec_script *script, const struct json_value *cmd,
                        bool validate_only, struct load_result *r)
{
    const struct json_value *filename = json_get_string(cmd, "filename");
    struct spec_module *m = calloc(1, sizeof *m);
    struct wasm_error err = {0};
    char path[4096];
    memset(r, 0, sizeof *r);
    snprintf(path, sizeof path, "%s/%s", script->dir, filename ? filename->text : "");
    if (!m || !filename || !(m->bytes = read_file(path, &m->size))) {
        r->stage = LOAD_READ_ERROR;
        snprintf(r->why, sizeof r->why, "cannot read module file %.200s", path);
        free(m);
        return;
    }
    if (!wasm_decode(&m->module, m->bytes, m->size, &err)) {
        r->stage = LOAD_DECODE_ERROR;
        snprintf(r->why, sizeof r->why, "decode: offset %u: %s", err.offset, err.message);
        module_discard(m, false, false);
        return;
    }
    struct wasm_compile_options options = {.bounds_checks = script->opt->bounds_checks};
    if (!wasm_compile(&m->module, &options, &m->code, &err)) {
        r->stage = LOAD_COMPILE_ERROR;
        snprintf(r->why, sizeof r->why, "compile: offset %u: %s", err.offset, err.message);
        module_discard(m, true, false);
        return;
    }
    if (validate_only) {
        r->stage = LOAD_OK;
        module_discard(m, true, true);
        return;
    }
    uint32_t nimports = m->module.nimports;
    struct wasm_extern *imports = calloc(nimports ? nimports : 1, sizeof *imports);
    if (!imports || !spec_registry_link(script, &m->module, imports, r->why, sizeof r->why)) {
        r->stage = LOAD_LINK_ERROR;
        free(imports);
        module_discard(m, true, true);
        return;
    }
    enum wasm_trap trap = WASM_TRAP_NONE;
    m->instance = wasm_instantiate(&m->module, &m->code, imports, &err, &trap);
    free(imports);
    if (!m->instance && trap == WASM_TRAP_NONE) {
        r->stage = LOAD_LINK_ERROR;
        snprintf(r->why, sizeof r->why, "%s", err.message);
        module_discard(m, true, true);
        return;
    }
    /* Kept even when it trapped: its segments may have put its functions into tables
     * that other instances still use. */
    m->next = script->loaded;
    script->loaded = m;
    r->module = m;
    r->stage = m->instance ? LOAD_OK : LOAD_TRAPPED;
    r->trap = trap;
    if (!m->instance)
        snprintf(r->why, sizeof r->why, "trapped: %s", wasm_trap_message(trap));
}

/* Does a trap or link-error message satisfy the script's expected text? The message
 * may say more after it ("incompatible import type: memory without guard region"), and
 * the spec's text may add details after the message ("uninitialized element 2"). */
static bool message_matches(const char *got, const char *expected)
{
    size_t got_len = strlen(got), expected_len = strlen(expected);
    if (got_len >= expected_len)
        return strncmp(got, expected, expected_len) == 0;
    return strncmp(expected, got, got_len) == 0 && expected[got_len] == ' ';
}

/* The text a trap reports: the spec's message, or a host function's reason. */
static const char *trap_text(enum wasm_trap trap)
{
    if (trap == WASM_TRAP_HOST && wasm_exec_current && wasm_exec_current->trap.message[0])
        return wasm_exec_current->trap.message;
    return wasm_trap_message(trap);
}

static const char *stage_name(enum load_stage stage)
{
    static const char *const names[] = {
        [LOAD_OK] = "loaded",
        [LOAD_READ_ERROR] = "not read",
        [LOAD_DECODE_ERROR] = "rejected by the decoder",
        [LOAD_COMPILE_ERROR] = "rejected by the compiler",
        [LOAD_LINK_ERROR] = "not linked",
        [LOAD_TRAPPED] = "trapped while instantiating",
    };
    return names[stage];
}

/* ---- Actions ---- */

/* Read the arguments of an invoke into slots, checking them against the function type. */
static bool parse_args(const struct json_value *args, const struct wasm_functype *type,
                       uint64_t *slots, char *why, size_t why_size)
{
    size_t nargs = args && args->kind == JSON_ARRAY ? args->count : 0;
    if (nargs != type->nparams) {
        snprintf(why, why_size, "%zu arguments for %u parameters", nargs, type->nparams);
        return false;
    }
    for (size_t i = 0; i < nargs; i++) {
        struct spec_value v;
        if (!spec_value_parse(&args->items[i], false, &v, why, why_size))
            return false;
        if (v.type != type->types[i]) {
            snprintf(why, why_size, "argument %zu is %s, parameter is %s", i,
                     spec_type_name(v.type), spec_type_name(type->types[i]));
            return false;
        }
        slots[i] = spec_value_slot(&v);
    }
    return true;
}

/* A JSON string as a wasm name (it may hold NUL bytes, which \u0000 decodes to). */
static struct wasm_name name_of(const struct json_value *s)
{
    struct wasm_name name = {(const uint8_t *)s->text, (uint32_t)s->len};
    return name;
}

/* Invoke a function or read a global, as the command's "action" says. */
static void run_action(struct spec_script *script, const struct json_value *cmd,
                       struct action_result *r)
{
    const struct json_value *action = json_get(cmd, "action");
    const struct json_value *kind = json_get_string(action, "type");
    const struct json_value *field = json_get_string(action, "field");
    struct spec_module *m = spec_registry_find(script, json_get(action, "module"));
    struct wasm_extern ext;
    char name[128];
    memset(r, 0, sizeof *r);
    r->status = ACTION_BROKEN;
    if (!kind || !field) {
        snprintf(r->why, sizeof r->why, "action without type or field");
    } else if (!m || !m->instance) {
        snprintf(r->why, sizeof r->why, "no instance to run '%s' on",
                 printable(field, name, sizeof name));
    } else if (!wasm_instance_export_name(m->instance, name_of(field), &ext)) {
        snprintf(r->why, sizeof r->why, "no export '%s'", printable(field, name, sizeof name));
    } else if (strcmp(kind->text, "get") == 0) {
        if (ext.kind != WASM_EXTERN_GLOBAL) {
            snprintf(r->why, sizeof r->why, "export '%s' is not a global", field->text);
            return;
        }
        r->slots = calloc(1, sizeof *r->slots);
        if (!r->slots)
            return;
        r->slots[0] = ext.of.global->value;
        r->types = &ext.of.global->type;
        r->nresults = 1;
        r->status = ACTION_RETURNED;
    } else if (strcmp(kind->text, "invoke") == 0) {
        if (ext.kind != WASM_EXTERN_FUNC) {
            snprintf(r->why, sizeof r->why, "export '%s' is not a function", field->text);
            return;
        }
        const struct wasm_functype *type = ext.of.func->type;
        uint32_t nslots = type->nparams > type->nresults ? type->nparams : type->nresults;
        r->slots = calloc(nslots ? nslots : 1, sizeof *r->slots);
        if (!r->slots || !parse_args(json_get(action, "args"), type, r->slots, r->why, sizeof r->why))
            return;
        r->trap = wasm_invoke(ext.of.func, r->slots);
        r->status = r->trap == WASM_TRAP_NONE ? ACTION_RETURNED : ACTION_TRAPPED;
        snprintf(r->trap_message, sizeof r->trap_message, "%s", trap_text(r->trap));
        r->types = type->types + type->nparams;
        r->nresults = type->nresults;
    } else {
        snprintf(r->why, sizeof r->why, "unknown action type '%s'", kind->text);
    }
}

static void action_done(struct action_result *r)
{
    free(r->slots);
    r->slots = NULL;
}

/* The field an action names, for reports. */
static const char *action_field(const struct json_value *cmd, char *buf, size_t size)
{
    return printable(json_get_string(json_get(cmd, "action"), "field"), buf, size);
}

/* Report an action that did not return normally. */
static void report_action(struct spec_script *script, const struct json_value *cmd,
                          const struct action_result *r, const char *wanted)
{
    char field[128];
    action_field(cmd, field, sizeof field);
    if (r->status == ACTION_BROKEN)
        spec_report(script, cmd, "%s: %s", field, r->why);
    else if (r->status == ACTION_TRAPPED)
        spec_report(script, cmd, "%s: expected %s, got trap \"%s\"", field, wanted, r->trap_message);
    else
        spec_report(script, cmd, "%s: expected %s, got a normal return", field, wanted);
}

/* ---- Command handlers ---- */

static enum spec_outcome cmd_module(struct spec_script *script, const struct json_value *cmd)
{
    struct load_result r;
    const struct json_value *name = json_get_string(cmd, "name");
    load_module(script, cmd, false, &r);
    script->current = r.stage == LOAD_OK ? r.module : NULL;
    if (name)
        spec_registry_name(script, name->text, name->len, script->current);
    if (r.stage == LOAD_OK)
        return SPEC_PASSED;
    spec_report(script, cmd, "module %s: %s", stage_name(r.stage), r.why);
    return SPEC_FAILED;
}

static enum spec_outcome cmd_register(struct spec_script *script, const struct json_value *cmd)
{
    const struct json_value *as = json_get_string(cmd, "as");
    struct spec_module *m = spec_registry_find(script, json_get(cmd, "name"));
    if (!as || !m || !m->instance) {
        spec_report(script, cmd, "register: no instance to register");
        return SPEC_FAILED;
    }
    spec_registry_register(script, as->text, as->len, m);
    return SPEC_UNCOUNTED;
}

/* `action`: the invocation must complete; its results are not asserted. */
static enum spec_outcome cmd_action(struct spec_script *script, const struct json_value *cmd)
{
    struct action_result r;
    run_action(script, cmd, &r);
    enum spec_outcome outcome = r.status == ACTION_RETURNED ? SPEC_PASSED : SPEC_FAILED;
    if (outcome == SPEC_FAILED)
        report_action(script, cmd, &r, "a normal return");
    action_done(&r);
    return outcome;
}

/* Compare results with the "expected" list; report the whole lists on a mismatch. */
static bool results_match(struct spec_script *script, const struct json_value *cmd,
                          const struct action_result *r)
{
    const struct json_value *expected = json_get(cmd, "expected");
    size_t n = expected && expected->kind == JSON_ARRAY ? expected->count : 0;
    char why[160] = "", want[512] = "(", got[512], field[128];
    bool ok = n == r->nresults;
    for (size_t i = 0; i < n; i++) {
        struct spec_value v;
        char one[96];
        if (!spec_value_parse(&expected->items[i], true, &v, why, sizeof why)) {
            ok = false;
            break;
        }
        if (i >= r->nresults || v.type != r->types[i] || !spec_value_matches(&v, r->slots[i]))
            ok = false;
        spec_value_format(&v, one, sizeof one);
        size_t used = strlen(want);
        snprintf(want + used, sizeof want - used, "%s%s", i ? ", " : "", one);
    }
    if (ok)
        return true;
    size_t used = strlen(want);
    snprintf(want + used, sizeof want - used, ")");
    format_slots(r->types, r->slots, r->nresults, got, sizeof got);
    spec_report(script, cmd, "%s: expected %s, got %s%s%s", action_field(cmd, field, sizeof field),
                want, got, why[0] ? "; " : "", why);
    return false;
}

static enum spec_outcome cmd_assert_return(struct spec_script *script, const struct json_value *cmd)
{
    struct action_result r;
    run_action(script, cmd, &r);
    bool ok = r.status == ACTION_RETURNED && results_match(script, cmd, &r);
    if (r.status != ACTION_RETURNED)
        report_action(script, cmd, &r, "a return");
    action_done(&r);
    return ok ? SPEC_PASSED : SPEC_FAILED;
}

/* Instantiation must trap with the expected text (`assert_uninstantiable`, and
 * `assert_trap` on a module). */
static enum spec_outcome cmd_assert_uninstantiable(struct spec_script *script,
                                                   const struct json_value *cmd)
{
    const struct json_value *text = json_get_string(cmd, "text");
    struct load_result r;
    load_module(script, cmd, false, &r);
    if (r.stage == LOAD_TRAPPED && text && message_matches(trap_text(r.trap), text->text))
        return SPEC_PASSED;
    spec_report(script, cmd, "expected instantiation to trap with \"%s\", module %s%s%s",
                text ? text->text : "?", stage_name(r.stage), r.why[0] ? ": " : "", r.why);
    return SPEC_FAILED;
}

static enum spec_outcome cmd_assert_trap(struct spec_script *script, const struct json_value *cmd)
{
    if (!json_get(cmd, "action"))
        return cmd_assert_uninstantiable(script, cmd);
    const struct json_value *text = json_get_string(cmd, "text");
    struct action_result r;
    char wanted[160];
    run_action(script, cmd, &r);
    bool ok = r.status == ACTION_TRAPPED && text && message_matches(r.trap_message, text->text);
    if (!ok) {
        snprintf(wanted, sizeof wanted, "trap \"%s\"", text ? text->text : "?");
        report_action(script, cmd, &r, wanted);
    }
    action_done(&r);
    return ok ? SPEC_PASSED : SPEC_FAILED;
}

static enum spec_outcome cmd_assert_exhaustion(struct spec_script *script,
                                               const struct json_value *cmd)
{
    const struct json_value *text = json_get_string(cmd, "text");
    struct action_result r;
    run_action(script, cmd, &r);
    bool ok = r.status == ACTION_TRAPPED && r.trap == WASM_TRAP_STACK_EXHAUSTED &&
              text && message_matches(r.trap_message, text->text);
    if (!ok)
        report_action(script, cmd, &r, "trap \"call stack exhausted\"");
    action_done(&r);
    return ok ? SPEC_PASSED : SPEC_FAILED;
}

/* assert_invalid and assert_malformed: a binary module must be refused by the decoder
 * or the compiler (which validates). Text-format modules are for text parsers: skipped. */
static enum spec_outcome cmd_assert_rejected(struct spec_script *script, const struct json_value *cmd)
{
    const struct json_value *module_type = json_get_string(cmd, "module_type");
    const struct json_value *text = json_get_string(cmd, "text");
    if (module_type && strcmp(module_type->text, "text") == 0)
        return SPEC_SKIPPED;
    struct load_result r;
    load_module(script, cmd, true, &r);
    if (r.stage == LOAD_DECODE_ERROR || r.stage == LOAD_COMPILE_ERROR)
        return SPEC_PASSED;
    spec_report(script, cmd, "expected rejection (\"%s\"), module %s%s%s", text ? text->text : "?",
                stage_name(r.stage), r.why[0] ? ": " : "", r.why);
    return SPEC_FAILED;
}

/* The module must fail to link, for the expected reason ("unknown import" or
 * "incompatible import type"): a link error's message is its reason. */
static enum spec_outcome cmd_assert_unlinkable(struct spec_script *script, const struct json_value *cmd)
{
    const struct json_value *text = json_get_string(cmd, "text");
    struct load_result r;
    load_module(script, cmd, false, &r);
    if (r.stage == LOAD_LINK_ERROR && text && message_matches(r.why, text->text))
        return SPEC_PASSED;
    spec_report(script, cmd, "expected a link error (\"%s\"), module %s%s%s", text ? text->text : "?",
                stage_name(r.stage), r.why[0] ? ": " : "", r.why);
    return SPEC_FAILED;
}

/* Every command kind wast2json writes. */
static const struct {
    const char *type;
    enum spec_outcome (*run)(struct spec_script *script, const struct json_value *cmd);
} command_table[] = {
    {"module", cmd_module},
    {"register", cmd_register},
    {"action", cmd_action},
    {"assert_return", cmd_assert_return},
    {"assert_trap", cmd_assert_trap},
    {"assert_exhaustion", cmd_assert_exhaustion},
    {"assert_invalid", cmd_assert_rejected},
    {"assert_malformed", cmd_assert_rejected},
    {"assert_unlinkable", cmd_assert_unlinkable},
    {"assert_uninstantiable", cmd_assert_uninstantiable},
};

enum spec_outcome spec_command_run(struct spec_script *script, const struct json_value *cmd)
{
    const struct json_value *type = json_get_string(cmd, "type");
    for (size_t i = 0; type && i < sizeof command_table / sizeof command_table[0]; i++) {
        if (strcmp(command_table[i].type, type->text) == 0)
            return command_table[i].run(script, cmd);
    }
    spec_report(script, cmd, "unknown command type '%s'", type ? type->text : "(none)");
    return SPEC_FAILED;
}

bool spec_command_counts(const struct json_value *cmd)
{
    const struct json_value *type = json_get_string(cmd, "type");
    return !type || strcmp(type->text, "register") != 0;
}
