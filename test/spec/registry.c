/*
 * registry.c — the instances a spec script can name, and import resolution.
 *
 * A script names modules two ways: "$name" on a module command (for actions) and
 * `register "as"` (making the exports importable under module name "as"). Both are
 * lists of bindings, newest first, so a later binding of the same name hides an older
 * one. Names point into the spec pack, which outlives the script. Imports from
 * "spectest" go to the shared host module (spectest.c); any other module name must have
 * been registered. Nothing is freed before the end of the script: a function of any
 * instance may sit in another instance's table.
 */
#include "exec.h"

#include "embed.h"
#include "spectest.h"

struct spec_binding {
    struct spec_str name;
    struct spec_module *module;     /* NULL: the named module failed to load */
    struct spec_binding *next;
};

/* Prepend name -> m to `list`; false when out of memory. */
static bool bind(struct spec_binding **list, struct spec_str name, struct spec_module *m)
{
    struct spec_binding *b = wasm_alloc(sizeof *b);
    if (!b)
        return false;
    b->name = name;
    b->module = m;
    b->next = *list;
    *list = b;
    return true;
}

/* The newest binding of name[0..len), or NULL. */
static struct spec_binding *lookup(struct spec_binding *list, const uint8_t *name, uint32_t len)
{
    for (struct spec_binding *b = list; b; b = b->next) {
        if (b->name.len == len && memcmp(b->name.bytes, name, len) == 0)
            return b;
    }
    return NULL;
}

bool spec_registry_name(struct spec_script *script, struct spec_str name, struct spec_module *m)
{
    return bind(&script->named, name, m);
}

bool spec_registry_register(struct spec_script *script, struct spec_str as, struct spec_module *m)
{
    return bind(&script->registered, as, m);
}

struct spec_module *spec_registry_find(struct spec_script *script, struct spec_str name)
{
    if (name.len == 0)
        return script->current;
    struct spec_binding *b = lookup(script->named, name.bytes, name.len);
    return b ? b->module : NULL;
}

/* A wasm name for a message, cut short and with unprintable bytes as '?'. */
static void name_text(struct wasm_name name, char *buf, size_t size)
{
    size_t n = name.len < size - 1 ? name.len : size - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = name.bytes[i] >= 0x20 && name.bytes[i] < 0x7F ? (char)name.bytes[i] : '?';
    buf[n] = '\0';
}

bool spec_registry_link(struct spec_script *script, const struct wasm_module *m,
                        struct wasm_extern *imports, char *why, size_t why_size)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        const struct wasm_import *imp = &m->imports[i];
        struct spec_binding *b = lookup(script->registered, imp->module.bytes, imp->module.len);
        bool found;
        if (wasm_name_eq(imp->module, "spectest"))
            found = spectest_resolve(imp, script->opt->bounds_checks, &imports[i]);
        else
            found = b && b->module && b->module->instance &&
                    wasm_instance_export_name(b->module->instance, imp->field, &imports[i]);
        if (!found) {
            char module[48], field[48];
            name_text(imp->module, module, sizeof module);
            name_text(imp->field, field, sizeof field);
            wasm_format(why, why_size, "unknown import \"%s\" \"%s\"", module, field);
            return false;
        }
    }
    return true;
}

static void free_list(struct spec_binding *b)
{
    while (b) {
        struct spec_binding *next = b->next;
        wasm_free(b);
        b = next;
    }
}

void spec_registry_free(struct spec_script *script)
{
    free_list(script->named);
    free_list(script->registered);
    script->named = script->registered = NULL;
}
