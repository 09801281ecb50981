/*
 * registry.c — the instances a spec script can name, and import resolution.
 *
 * A script names modules two ways: "$name" on a module command (for actions) and
 * `register "as"` (making the exports importable under module name "as"). Both are
 * lists of bindings, newest first, so a later binding of the same name hides an older
 * one. Imports from "spectest" go to the host module shared with atoll-run; any other
 * module name must have been registered. Nothing here is freed before the end of the
 * file: a function of any instance may sit in another instance's table.
 */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spectest.h"

struct spec_binding {
    char *name;
    size_t len;
    struct spec_module *module;     /* NULL: the named module failed to load */
    struct spec_binding *next;
};

/* Prepend name -> m to `list`. */
static void bind(struct spec_binding **list, const char *name, size_t len, struct spec_module *m)
{
    struct spec_binding *b = calloc(1, sizeof *b);
    if (!b || !(b->name = malloc(len + 1))) {
        free(b);
        fprintf(stderr, "spec: out of memory\n");
        exit(2);
    }
    memcpy(b->name, name, len);
    b->name[len] = '\0';
    b->len = len;
    b->module = m;
    b->next = *list;
    *list = b;
}

/* The newest binding of name[0..len), or NULL. */
static struct spec_binding *lookup(struct spec_binding *list, const void *name, size_t len)
{
    for (struct spec_binding *b = list; b; b = b->next) {
        if (b->len == len && memcmp(b->name, name, len) == 0)
            return b;
    }
    return NULL;
}

void spec_registry_name(struct spec_script *script, const char *name, size_t len,
                        struct spec_module *m)
{
    bind(&script->named, name, len, m);
}

void spec_registry_register(struct spec_script *script, const char *as, size_t len,
                            struct spec_module *m)
{
    bind(&script->registered, as, len, m);
}

struct spec_module *spec_registry_find(struct spec_script *script, const struct json_value *name)
{
    if (!name)
        return script->current;
    if (name->kind != JSON_STRING)
        return NULL;
    struct spec_binding *b = lookup(script->named, name->text, name->len);
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
            snprintf(why, why_size, "unknown import \"%s\" \"%s\"", module, field);
            return false;
        }
    }
    return true;
}
