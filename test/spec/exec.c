/*
 * exec.c — executing the commands of a spec script, one at a time; freestanding, so
 * that the host runner and the kernel judge every command by this one file.
 *
 * Each command kind has a handler in command_table. A handler returns SPEC_PASSED only
 * after checking what the command asserts (results bit for bit, the trap's message,
 * the stage at which a bad module was refused); every other path is SPEC_FAILED with a
 * report. Modules go through four stages, and the assertions about bad modules name the
 * stage that must refuse them:
 *   decode (wasm_decode) -> compile, which validates (wasm_compile)
 *     -> link imports (registry.c, then wasm_instantiate's type checks)
 *     -> instantiate: segments and start function, which may trap
 */
#include "exec.h"

#include <stdarg.h>

#include "embed.h"
#include "spectest.h"
#include "values.h"

/* How far a module got. */
enum load_stage {
    LOAD_OK,
    LOAD_NO_MEMORY,       /* the runner's own allocation failed: not the module's fault */
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

/* Room for the arguments and results of an action (a spec test passes at most a few;
 * multi-value tests return up to about a dozen). */
#define MAX_SLOTS 64

/* What running an action produced. */
struct action_result {
    enum { ACTION_RETURNED, ACTION_TRAPPED, ACTION_BROKEN } status;
    enum wasm_trap trap;
    char trap_message[128];
    uint32_t nresults;
    const uint8_t *types;        /* result types (of the function type, or the global's) */
    uint64_t slots[MAX_SLOTS];   /* results */
    char why[256];               /* ACTION_BROKEN: why the action could not run */
};

/* ---- Small helpers (no libc here) ---- */

static size_t text_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* A pack string as printable text: printable ASCII as is, other bytes as \xNN. */
static const char *printable(struct spec_str s, char *buf, size_t size)
{
    size_t out = 0;
    for (uint32_t i = 0; i < s.len && out + 5 < size; i++) {
        uint8_t c = s.bytes[i];
        if (c >= 0x20 && c < 0x7F)
            buf[out++] = (char)c;
        else
            out += wasm_format(buf + out, size - out, "\\x%02x", c);
    }
    buf[out] = '\0';
    return buf;
}

/* ---- Reports ---- */

void spec_report(const struct spec_script *script, const struct spec_command *cmd,
                 const char *fmt, ...)
{
    char line[768], name[64];
    if (script->quiet || !script->opt->verbose || script->report == NULL)
        return;
    size_t used = wasm_format(line, sizeof line, "  %s:%u: ",
                              printable(script->name, name, sizeof name), cmd->line);
    va_list args;
    va_start(args, fmt);
    if (used < sizeof line)
        wasm_vformat(line + used, sizeof line - used, fmt, args);
    va_end(args);
    script->report(script->report_ctx, line);
}

/* "(i32:1, f32:0x3f800000)" for `n` result slots. */
static void format_slots(const uint8_t *types, const uint64_t *slots, uint32_t n,
                         char *buf, size_t size)
{
    size_t out = wasm_format(buf, size, "(");
    for (uint32_t i = 0; i < n && out < size; i++) {
        char one[96];
        spec_slot_format(types[i], slots[i], one, sizeof one);
        out += wasm_format(buf + out, size - out, "%s%s", i ? ", " : "", one);
    }
    if (out < size)
        wasm_format(buf + out, size - out, ")");
}

/* ---- Modules ---- */

/* Free a module that nothing refers to: one that never got an instance. */
static void module_discard(struct spec_module *m, bool decoded, bool compiled)
{
    if (compiled) {
        wasm_code_unregister(&m->code);
        wasm_compiled_free(&m->code);
    }
    if (decoded)
        wasm_module_free(&m->module);
    wasm_free(m);
}

/* Take the module of `cmd` through every stage, or only through compilation when
 * `validate_only`. On success or a trap the module is kept (r->module). */
static void load_module(struct spec_script *script, const struct spec_command *cmd,
                        bool validate_only, struct load_result *r)
{
    struct spec_module *m = wasm_alloc(sizeof *m);
    struct wasm_error err = {0};
    memset(r, 0, sizeof *r);
    if (!m) {
        r->stage = LOAD_NO_MEMORY;
        wasm_format(r->why, sizeof r->why, "out of memory");
        return;
    }
    if (!wasm_decode(&m->module, cmd->module.bytes, cmd->module.len, &err)) {
        r->stage = LOAD_DECODE_ERROR;
        wasm_format(r->why, sizeof r->why, "decode: offset %u: %s", err.offset, err.message);
        module_discard(m, false, false);
        return;
    }
    struct wasm_compile_options options = {.bounds_checks = script->opt->bounds_checks};
    if (!wasm_compile(&m->module, &options, &m->code, &err)) {
        r->stage = LOAD_COMPILE_ERROR;
        wasm_format(r->why, sizeof r->why, "compile: offset %u: %s", err.offset, err.message);
        module_discard(m, true, false);
        return;
    }
    if (validate_only) {
        r->stage = LOAD_OK;
        module_discard(m, true, true);
        return;
    }
    uint32_t nimports = m->module.nimports;
    struct wasm_extern *imports = wasm_alloc((nimports ? nimports : 1) * sizeof *imports);
    if (!imports || !spec_registry_link(script, &m->module, imports, r->why, sizeof r->why)) {
        r->stage = imports ? LOAD_LINK_ERROR : LOAD_NO_MEMORY;
        wasm_free(imports);
        module_discard(m, true, true);
        return;
    }
    enum wasm_trap trap = WASM_TRAP_NONE;
    m->instance = wasm_instantiate(&m->module, &m->code, imports, &err, &trap);
    wasm_free(imports);
    if (!m->instance && trap == WASM_TRAP_NONE) {
        r->stage = LOAD_LINK_ERROR;
        wasm_format(r->why, sizeof r->why, "%s", err.message);
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
        wasm_format(r->why, sizeof r->why, "trapped: %s", wasm_trap_message(trap));
}

/* Does a trap or link-error message satisfy the script's expected text? The message
 * may say more after it ("incompatible import type: memory without guard region"), and
 * the spec's text may add details after the message ("uninitialized element 2"). */
static bool message_matches(const char *got, struct spec_str expected)
{
    size_t got_len = text_len(got);
    if (got_len >= expected.len)
        return memcmp(got, expected.bytes, expected.len) == 0;
    return memcmp(expected.bytes, got, got_len) == 0 && expected.bytes[got_len] == ' ';
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
        [LOAD_NO_MEMORY] = "not loaded (the runner ran out of memory)",
        [LOAD_DECODE_ERROR] = "rejected by the decoder",
        [LOAD_COMPILE_ERROR] = "rejected by the compiler",
        [LOAD_LINK_ERROR] = "not linked",
        [LOAD_TRAPPED] = "trapped while instantiating",
    };
    return names[stage];
}

/* ---- Actions ---- */

/* Read the arguments of an invoke into slots, checking them against the function type. */
static bool read_args(const struct spec_command *cmd, const struct wasm_functype *type,
                      uint64_t *slots, char *why, size_t why_size)
{
    if (cmd->nargs != type->nparams) {
        wasm_format(why, why_size, "%u arguments for %u parameters", cmd->nargs, type->nparams);
        return false;
    }
    for (uint32_t i = 0; i < cmd->nargs; i++) {
        struct spec_value v;
        spec_value_read(cmd->args + (size_t)i * SPEC_VALUE_SIZE, &v);
        if (v.type != type->types[i]) {
            wasm_format(why, why_size, "argument %u is %s, parameter is %s", i,
                        spec_type_name(v.type), spec_type_name(type->types[i]));
            return false;
        }
        slots[i] = spec_value_slot(&v);
    }
    return true;
}

static void action_get(struct wasm_extern *ext, const char *field, struct action_result *r)
{
    if (ext->kind != WASM_EXTERN_GLOBAL) {
        wasm_format(r->why, sizeof r->why, "export '%s' is not a global", field);
        return;
    }
    r->slots[0] = ext->of.global->value;
    r->types = &ext->of.global->type;
    r->nresults = 1;
    r->status = ACTION_RETURNED;
}

static void action_invoke(const struct spec_command *cmd, struct wasm_extern *ext,
                          const char *field, struct action_result *r)
{
    if (ext->kind != WASM_EXTERN_FUNC) {
        wasm_format(r->why, sizeof r->why, "export '%s' is not a function", field);
        return;
    }
    const struct wasm_functype *type = ext->of.func->type;
    if (type->nparams > MAX_SLOTS || type->nresults > MAX_SLOTS) {
        wasm_format(r->why, sizeof r->why, "'%s' has more than %d parameters or results",
                    field, MAX_SLOTS);
        return;
    }
    if (!read_args(cmd, type, r->slots, r->why, sizeof r->why))
        return;
    r->trap = wasm_invoke(ext->of.func, r->slots);
    r->status = r->trap == WASM_TRAP_NONE ? ACTION_RETURNED : ACTION_TRAPPED;
    wasm_format(r->trap_message, sizeof r->trap_message, "%s", trap_text(r->trap));
    r->types = type->types + type->nparams;
    r->nresults = type->nresults;
}

/* Invoke a function or read a global, as the command's action says. */
static void run_action(struct spec_script *script, const struct spec_command *cmd,
                       struct action_result *r)
{
    struct spec_module *m = spec_registry_find(script, cmd->target);
    struct wasm_name name = {cmd->field.bytes, cmd->field.len};
    struct wasm_extern ext;
    char field[128];
    memset(r, 0, sizeof *r);
    r->status = ACTION_BROKEN;
    printable(cmd->field, field, sizeof field);
    if (cmd->action == SPEC_ACTION_NONE)
        wasm_format(r->why, sizeof r->why, "command without an action");
    else if (!m || !m->instance)
        wasm_format(r->why, sizeof r->why, "no instance to run '%s' on", field);
    else if (!wasm_instance_export_name(m->instance, name, &ext))
        wasm_format(r->why, sizeof r->why, "no export '%s'", field);
    else if (cmd->action == SPEC_ACTION_GET)
        action_get(&ext, field, r);
    else
        action_invoke(cmd, &ext, field, r);
}

/* Report an action that did not return normally. */
static void report_action(struct spec_script *script, const struct spec_command *cmd,
                          const struct action_result *r, const char *wanted)
{
    char field[128];
    printable(cmd->field, field, sizeof field);
    if (r->status == ACTION_BROKEN)
        spec_report(script, cmd, "%s: %s", field, r->why);
    else if (r->status == ACTION_TRAPPED)
        spec_report(script, cmd, "%s: expected %s, got trap \"%s\"", field, wanted, r->trap_message);
    else
        spec_report(script, cmd, "%s: expected %s, got a normal return", field, wanted);
}

/* ---- Command handlers ---- */

static enum spec_outcome cmd_module(struct spec_script *script, const struct spec_command *cmd)
{
    struct load_result r;
    load_module(script, cmd, false, &r);
    script->current = r.stage == LOAD_OK ? r.module : NULL;
    if (cmd->name.len && !spec_registry_name(script, cmd->name, script->current)) {
        spec_report(script, cmd, "module: out of memory for its name");
        return SPEC_FAILED;
    }
    if (r.stage == LOAD_OK)
        return SPEC_PASSED;
    spec_report(script, cmd, "module %s: %s", stage_name(r.stage), r.why);
    return SPEC_FAILED;
}

static enum spec_outcome cmd_register(struct spec_script *script, const struct spec_command *cmd)
{
    struct spec_module *m = spec_registry_find(script, cmd->name);
    if (!m || !m->instance) {
        spec_report(script, cmd, "register: no instance to register");
        return SPEC_FAILED;
    }
    if (!spec_registry_register(script, cmd->text, m)) {
        spec_report(script, cmd, "register: out of memory");
        return SPEC_FAILED;
    }
    return SPEC_UNCOUNTED;
}

/* `action`: the invocation must complete; its results are not asserted. */
static enum spec_outcome cmd_action(struct spec_script *script, const struct spec_command *cmd)
{
    struct action_result r;
    run_action(script, cmd, &r);
    if (r.status == ACTION_RETURNED)
        return SPEC_PASSED;
    report_action(script, cmd, &r, "a normal return");
    return SPEC_FAILED;
}

/* Compare results with the expected values; report the whole lists on a mismatch. */
static bool results_match(struct spec_script *script, const struct spec_command *cmd,
                          const struct action_result *r)
{
    char want[512], got[512], field[128];
    size_t used = wasm_format(want, sizeof want, "(");
    bool ok = cmd->nexpected == r->nresults;
    for (uint32_t i = 0; i < cmd->nexpected; i++) {
        struct spec_value v;
        char one[96];
        spec_value_read(cmd->expected + (size_t)i * SPEC_VALUE_SIZE, &v);
        if (i >= r->nresults || v.type != r->types[i] || !spec_value_matches(&v, r->slots[i]))
            ok = false;
        spec_value_format(&v, one, sizeof one);
        if (used < sizeof want)
            used += wasm_format(want + used, sizeof want - used, "%s%s", i ? ", " : "", one);
    }
    if (ok)
        return true;
    if (used < sizeof want)
        wasm_format(want + used, sizeof want - used, ")");
    format_slots(r->types, r->slots, r->nresults, got, sizeof got);
    spec_report(script, cmd, "%s: expected %s, got %s", printable(cmd->field, field, sizeof field),
                want, got);
    return false;
}

static enum spec_outcome cmd_assert_return(struct spec_script *script,
                                           const struct spec_command *cmd)
{
    struct action_result r;
    run_action(script, cmd, &r);
    if (r.status != ACTION_RETURNED) {
        report_action(script, cmd, &r, "a return");
        return SPEC_FAILED;
    }
    return results_match(script, cmd, &r) ? SPEC_PASSED : SPEC_FAILED;
}

/* Instantiation must trap with the expected text (`assert_uninstantiable`, and
 * `assert_trap` on a module). */
static enum spec_outcome cmd_assert_uninstantiable(struct spec_script *script,
                                                   const struct spec_command *cmd)
{
    struct load_result r;
    char text[128];
    load_module(script, cmd, false, &r);
    if (r.stage == LOAD_TRAPPED && message_matches(trap_text(r.trap), cmd->text))
        return SPEC_PASSED;
    spec_report(script, cmd, "expected instantiation to trap with \"%s\", module %s%s%s",
                printable(cmd->text, text, sizeof text), stage_name(r.stage),
                r.why[0] ? ": " : "", r.why);
    return SPEC_FAILED;
}

static enum spec_outcome cmd_assert_trap(struct spec_script *script, const struct spec_command *cmd)
{
    if (cmd->action == SPEC_ACTION_NONE)
        return cmd_assert_uninstantiable(script, cmd);
    struct action_result r;
    char wanted[160], text[128];
    run_action(script, cmd, &r);
    if (r.status == ACTION_TRAPPED && message_matches(r.trap_message, cmd->text))
        return SPEC_PASSED;
    wasm_format(wanted, sizeof wanted, "trap \"%s\"", printable(cmd->text, text, sizeof text));
    report_action(script, cmd, &r, wanted);
    return SPEC_FAILED;
}

static enum spec_outcome cmd_assert_exhaustion(struct spec_script *script,
                                               const struct spec_command *cmd)
{
    struct action_result r;
    run_action(script, cmd, &r);
    if (r.status == ACTION_TRAPPED && r.trap == WASM_TRAP_STACK_EXHAUSTED &&
        message_matches(r.trap_message, cmd->text))
        return SPEC_PASSED;
    report_action(script, cmd, &r, "trap \"call stack exhausted\"");
    return SPEC_FAILED;
}

/* assert_invalid and assert_malformed: a binary module must be refused by the decoder
 * or the compiler (which validates). Text-format modules are for text parsers: skipped. */
static enum spec_outcome cmd_assert_rejected(struct spec_script *script,
                                             const struct spec_command *cmd)
{
    struct load_result r;
    char text[128];
    if (cmd->flags & SPEC_FLAG_TEXT_MODULE)
        return SPEC_SKIPPED;
    load_module(script, cmd, true, &r);
    if (r.stage == LOAD_DECODE_ERROR || r.stage == LOAD_COMPILE_ERROR)
        return SPEC_PASSED;
    spec_report(script, cmd, "expected rejection (\"%s\"), module %s%s%s",
                printable(cmd->text, text, sizeof text), stage_name(r.stage),
                r.why[0] ? ": " : "", r.why);
    return SPEC_FAILED;
}

/* The module must fail to link, for the expected reason ("unknown import" or
 * "incompatible import type"): a link error's message is its reason. */
static enum spec_outcome cmd_assert_unlinkable(struct spec_script *script,
                                               const struct spec_command *cmd)
{
    struct load_result r;
    char text[128];
    load_module(script, cmd, false, &r);
    if (r.stage == LOAD_LINK_ERROR && message_matches(r.why, cmd->text))
        return SPEC_PASSED;
    spec_report(script, cmd, "expected a link error (\"%s\"), module %s%s%s",
                printable(cmd->text, text, sizeof text), stage_name(r.stage),
                r.why[0] ? ": " : "", r.why);
    return SPEC_FAILED;
}

/* The handler of every command kind, by kind. */
static enum spec_outcome (*const command_table[SPEC_KIND_COUNT])(struct spec_script *,
                                                                 const struct spec_command *) = {
    [SPEC_MODULE] = cmd_module,
    [SPEC_REGISTER] = cmd_register,
    [SPEC_ACTION] = cmd_action,
    [SPEC_ASSERT_RETURN] = cmd_assert_return,
    [SPEC_ASSERT_TRAP] = cmd_assert_trap,
    [SPEC_ASSERT_EXHAUSTION] = cmd_assert_exhaustion,
    [SPEC_ASSERT_INVALID] = cmd_assert_rejected,
    [SPEC_ASSERT_MALFORMED] = cmd_assert_rejected,
    [SPEC_ASSERT_UNLINKABLE] = cmd_assert_unlinkable,
    [SPEC_ASSERT_UNINSTANTIABLE] = cmd_assert_uninstantiable,
};

enum spec_outcome spec_command_run(struct spec_script *script, const struct spec_command *cmd)
{
    if (cmd->kind < SPEC_KIND_COUNT)
        return command_table[cmd->kind](script, cmd);
    spec_report(script, cmd, "unknown command kind %u", cmd->kind);
    return SPEC_FAILED;
}

void spec_counts_add(struct spec_counts *counts, enum spec_outcome outcome)
{
    counts->passed += outcome == SPEC_PASSED;
    counts->failed += outcome == SPEC_FAILED;
    counts->skipped += outcome == SPEC_SKIPPED;
}

bool spec_command_counts(const struct spec_command *cmd)
{
    return cmd->kind != SPEC_REGISTER;
}

/* Instances first (one may hold another's functions in its tables, but none frees
 * what it imported), then code and modules, then what the instances imported from
 * spectest. */
void spec_script_end(struct spec_script *script)
{
    for (struct spec_module *m = script->loaded; m; m = m->next) {
        wasm_instance_free(m->instance);
        m->instance = NULL;
    }
    while (script->loaded) {
        struct spec_module *m = script->loaded;
        script->loaded = m->next;
        module_discard(m, true, true);
    }
    script->current = NULL;
    spec_registry_free(script);
    spectest_reset();
}
