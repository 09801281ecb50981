/*
 * abi.c — binding a SIP's imports to the kernel functions of atoll.c, and the checks
 * every one of those functions applies to what a SIP hands it.
 *
 * The host functions are made once, at boot, one per table entry; wasm_instantiate
 * gives each importing instance its own copy of the reference (runtime.h), so nothing
 * is allocated per SIP for its imports but the imports[] array itself. Types are
 * compared structurally at load, so a SIP that declares `write` with the wrong
 * signature is rejected before it runs, with both signatures in the message.
 */
#include "abi/abi.h"

#include <stdarg.h>

#include "kprintf.h"
#include "lib.h"
#include "panic.h"
#include "sip.h"

#define ABI_MAX 32                 /* entries the table may grow to */
#define ABI_MAX_TYPES 8            /* params + results of one entry */

static struct wasm_func_ref *abi_refs[ABI_MAX];

/* ---- Signatures ---- */

static const struct {
    const char *text;
    uint8_t type;
} valtype_names[] = {
    { "i32", WASM_I32 }, { "i64", WASM_I64 }, { "f32", WASM_F32 }, { "f64", WASM_F64 },
};

static const char *valtype_text(uint8_t type)
{
    for (size_t i = 0; i < ARRAY_SIZE(valtype_names); i++)
        if (valtype_names[i].type == type)
            return valtype_names[i].text;
    return type == WASM_FUNCREF ? "funcref" : type == WASM_EXTERNREF ? "externref" : "?";
}

/* Append the types named in `text` ("i32 i64") to types[]; returns how many. */
static uint32_t parse_types(const char *text, uint8_t *types, const char *entry)
{
    uint32_t n = 0;
    while (*text) {
        while (*text == ' ')
            text++;
        if (!*text)
            break;
        size_t i = 0;
        while (i < ARRAY_SIZE(valtype_names) && strncmp(text, valtype_names[i].text, 3) != 0)
            i++;
        if (i == ARRAY_SIZE(valtype_names) || n == ABI_MAX_TYPES)
            panic("abi: bad signature for atoll.%s", entry);
        types[n++] = valtype_names[i].type;
        text += 3;
    }
    return n;
}

/* "(i32 i32)": a list of types in parentheses, as wasm text writes them. */
static void format_types(char *buf, size_t size, const uint8_t *types, uint32_t n)
{
    size_t len = (size_t)ksnprintf(buf, size, "(");
    for (uint32_t i = 0; i < n && len < size; i++)
        len += (size_t)ksnprintf(buf + len, size - len, "%s%s", i ? " " : "", valtype_text(types[i]));
    if (len < size)
        ksnprintf(buf + len, size - len, ")");
}

/* "(i32 i32) -> (i32)" */
static void format_type(char *buf, size_t size, const struct wasm_functype *t)
{
    char params[48], results[48];
    format_types(params, sizeof params, t->types, t->nparams);
    format_types(results, sizeof results, t->types + t->nparams, t->nresults);
    ksnprintf(buf, size, "%s -> %s", params, results);
}

/* ---- Binding ---- */

void abi_init(void)
{
    if (abi_atoll_count > ABI_MAX)
        panic("abi: %u entries, room for %d", abi_atoll_count, ABI_MAX);
    for (uint32_t i = 0; i < abi_atoll_count; i++) {
        const struct abi_entry *e = &abi_atoll[i];
        uint8_t types[2 * ABI_MAX_TYPES];
        struct wasm_functype type = { 0 };
        type.nparams = parse_types(e->params, types, e->name);
        type.nresults = parse_types(e->results, types + type.nparams, e->name);
        type.types = types;
        abi_refs[i] = wasm_host_func_new(&type, e->fn, (void *)e);
        if (abi_refs[i] == NULL)
            panic("abi: no memory for the host function atoll.%s", e->name);
    }
}

/* A wasm name, NUL-terminated and printable, for messages. */
static void name_text(char *buf, size_t size, struct wasm_name name)
{
    size_t n = MIN(name.len, size - 1);
    for (size_t i = 0; i < n; i++)
        buf[i] = name.bytes[i] >= 0x20 && name.bytes[i] < 0x7F ? (char)name.bytes[i] : '?';
    buf[n] = '\0';
}

static bool types_equal(const struct wasm_functype *a, const struct wasm_functype *b)
{
    return a->nparams == b->nparams && a->nresults == b->nresults &&
           memcmp(a->types, b->types, a->nparams + a->nresults) == 0;
}

static const char *const kind_names[] = { "function", "table", "memory", "global" };

/* One import: the reference to bind, or NULL with `err` set. */
static struct wasm_func_ref *resolve_one(const struct wasm_module *m, const struct wasm_import *imp,
                                         struct wasm_error *err)
{
    char module[32], field[48], have[100], want[100];
    name_text(module, sizeof module, imp->module);
    name_text(field, sizeof field, imp->field);
    uint32_t i = 0;
    while (i < abi_atoll_count && !wasm_name_eq(imp->field, abi_atoll[i].name))
        i++;
    if (!wasm_name_eq(imp->module, ABI_MODULE) || i == abi_atoll_count) {
        wasm_error_set(err, imp->offset, "unknown import %s.%s", module, field);
        return NULL;
    }
    if (imp->kind != WASM_EXTERN_FUNC) {
        wasm_error_set(err, imp->offset, "import %s.%s is a %s, but the ABI's is a function",
                       module, field, kind_names[imp->kind & 3]);
        return NULL;
    }
    const struct wasm_functype *declared = &m->types[imp->desc.type_index];
    if (!types_equal(declared, abi_refs[i]->type)) {
        format_type(have, sizeof have, declared);
        format_type(want, sizeof want, abi_refs[i]->type);
        wasm_error_set(err, imp->offset, "import %s.%s has type %s, but the ABI's is %s",
                       module, field, have, want);
        return NULL;
    }
    return abi_refs[i];
}

bool abi_resolve(const struct wasm_module *m, struct wasm_extern *imports, struct wasm_error *err)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        struct wasm_func_ref *ref = resolve_one(m, &m->imports[i], err);
        if (ref == NULL)
            return false;
        imports[i].kind = WASM_EXTERN_FUNC;
        imports[i].of.func = ref;
    }
    return true;
}

/* ---- Checks on what a SIP passes in ---- */

_Noreturn void abi_fail(struct wasm_instance *caller, uint64_t *slots, const char *fmt, ...)
{
    char reason[96];
    va_list args;
    va_start(args, fmt);
    kvsnprintf(reason, sizeof reason, fmt, args);
    va_end(args);
    struct sip *sip = sip_current();
    if (sip != NULL)
        sip->trap_pc = slots[-1] - 1;   /* the call's return address, minus one: in the call */
    wasm_trap_host(caller, reason);
}

/* Both operands are 32-bit, so ptr + len cannot wrap in 64 bits. */
uint8_t *abi_memory(struct wasm_instance *caller, uint64_t *slots, uint32_t ptr, uint32_t len,
                    const char *what)
{
    const struct wasm_memory *mem = caller != NULL ? caller->memory : NULL;
    if (mem == NULL)
        abi_fail(caller, slots, "%s: the SIP has no linear memory", what);
    if ((uint64_t)ptr + len > mem->size)
        abi_fail(caller, slots, "%s: bytes 0x%x..0x%lx outside memory of 0x%lx bytes", what,
                 ptr, (uint64_t)ptr + len, mem->size);
    return mem->base + ptr;
}

void abi_leave_if_killed(struct wasm_instance *caller, uint64_t *slots)
{
    struct sip *sip = sip_current();
    if (sip != NULL && sip->killed) {
        sip->killed = false;
        abi_fail(caller, slots, "%s", SIP_KILLED_MESSAGE);
    }
}
