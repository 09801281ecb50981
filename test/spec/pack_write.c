/*
 * pack_write.c — wast2json's JSON scripts into a spec pack (format in pack.h); host only.
 *
 * Conversion is where everything about files and JSON is settled: a command of an
 * unknown type, a value that does not parse, a .wasm file that cannot be read make the
 * whole script fail to convert (a broken conversion, not a test result), so the
 * executor that reads the pack never meets them.
 */
#include "pack_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "pack.h"
#include "values.h"

/* Where a script's conversion is: its directory, and the error of the first failure. */
struct convert {
    struct spec_pack_writer *w;
    const char *dir;
    char *why;
    size_t why_size;
    uint64_t line;                /* of the command being converted, for messages */
    bool failed;
};

/* ---- Appending bytes ---- */

static void put_bytes(struct convert *cv, const void *bytes, size_t n)
{
    struct spec_pack_writer *w = cv->w;
    if (cv->failed)
        return;
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 1 << 16;
        while (cap < w->len + n)
            cap *= 2;
        uint8_t *bigger = realloc(w->data, cap);
        if (!bigger) {
            snprintf(cv->why, cv->why_size, "out of memory");
            cv->failed = true;
            return;
        }
        w->data = bigger;
        w->cap = cap;
    }
    memcpy(w->data + w->len, bytes, n);
    w->len += n;
}

static void put_u8(struct convert *cv, uint8_t v)
{
    put_bytes(cv, &v, 1);
}

static void put_u32(struct convert *cv, uint32_t v)
{
    uint8_t le[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put_bytes(cv, le, 4);
}

static void put_str(struct convert *cv, const void *bytes, size_t len)
{
    put_u32(cv, (uint32_t)len);
    put_bytes(cv, bytes, len);
}

/* A JSON string member, or "" when absent. */
static void put_member(struct convert *cv, const struct json_value *obj, const char *key)
{
    const struct json_value *s = json_get_string(obj, key);
    put_str(cv, s ? s->text : "", s ? s->len : 0);
}

/* Record the first failure, with the command's line. */
static void fail(struct convert *cv, const char *what, const char *detail)
{
    if (cv->failed)
        return;
    snprintf(cv->why, cv->why_size, "line %llu: %s%s", (unsigned long long)cv->line, what, detail);
    cv->failed = true;
}

/* ---- Pieces of a command ---- */

/* The module file a command names, read whole into the pack. Text-format modules are
 * left out (SPEC_FLAG_TEXT_MODULE says so); commands without a file get "". */
static void put_module(struct convert *cv, const struct json_value *cmd, bool text_module)
{
    const struct json_value *filename = json_get_string(cmd, "filename");
    if (!filename || text_module) {
        put_str(cv, "", 0);
        return;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", cv->dir, filename->text);
    FILE *f = fopen(path, "rb");
    long size = -1;
    uint8_t *bytes = NULL;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (bytes = malloc((size_t)size + 1)) && fread(bytes, 1, (size_t)size, f) == (size_t)size)
        put_str(cv, bytes, (size_t)size);
    else
        fail(cv, "cannot read module file ", path);
    free(bytes);
    if (f)
        fclose(f);
}

/* A JSON array of values as a count and value records. */
static void put_values(struct convert *cv, const struct json_value *list, bool as_result)
{
    uint32_t n = list && list->kind == JSON_ARRAY ? (uint32_t)list->count : 0;
    char why[160];
    put_u32(cv, n);
    for (uint32_t i = 0; i < n; i++) {
        struct spec_value v;
        uint8_t record[SPEC_VALUE_SIZE];
        if (!spec_value_parse(&list->items[i], as_result, &v, why, sizeof why))
            fail(cv, "", why);
        spec_value_write(&v, record);
        put_bytes(cv, record, sizeof record);
    }
}

/* The action, and the values an assert_return expects (the "expected" of other kinds
 * lists only result types, and nothing checks them). */
static void put_action(struct convert *cv, const struct json_value *cmd, uint8_t kind)
{
    const struct json_value *action = json_get(cmd, "action");
    const struct json_value *type = json_get_string(action, "type");
    uint8_t action_kind = SPEC_ACTION_NONE;
    if (type && strcmp(type->text, "invoke") == 0)
        action_kind = SPEC_ACTION_INVOKE;
    else if (type && strcmp(type->text, "get") == 0)
        action_kind = SPEC_ACTION_GET;
    else if (action)
        fail(cv, "unknown action type ", type ? type->text : "(none)");
    if (action && !json_get_string(action, "field"))
        fail(cv, "action without a field", "");
    put_u8(cv, action_kind);
    put_member(cv, action, "module");
    put_member(cv, action, "field");
    put_values(cv, json_get(action, "args"), false);
    put_values(cv, kind == SPEC_ASSERT_RETURN ? json_get(cmd, "expected") : NULL, true);
}

/* The kind a JSON "type" names; SPEC_KIND_COUNT when none. */
static uint8_t kind_of(const struct json_value *type)
{
    uint8_t kind = 0;
    while (type && kind < SPEC_KIND_COUNT && strcmp(spec_kind_name(kind), type->text) != 0)
        kind++;
    return type ? kind : SPEC_KIND_COUNT;
}

static void put_command(struct convert *cv, const struct json_value *cmd)
{
    const struct json_value *type = json_get_string(cmd, "type");
    const struct json_value *module_type = json_get_string(cmd, "module_type");
    bool text_module = module_type && strcmp(module_type->text, "text") == 0;
    uint8_t kind = kind_of(type);
    cv->line = 0;
    json_to_u64(json_get(cmd, "line"), &cv->line);
    if (kind == SPEC_KIND_COUNT)
        fail(cv, "unknown command type ", type ? type->text : "(none)");
    put_u8(cv, kind);
    put_u8(cv, text_module ? SPEC_FLAG_TEXT_MODULE : 0);
    put_u32(cv, (uint32_t)cv->line);
    put_member(cv, cmd, "name");
    put_member(cv, cmd, kind == SPEC_REGISTER ? "as" : "text");
    put_module(cv, cmd, text_module);
    put_action(cv, cmd, kind);
}

/* ---- Whole scripts ---- */

static char *read_text(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long len;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)len + 1))) {
        *size = fread(text, 1, (size_t)len, f);
        text[*size] = '\0';
    }
    fclose(f);
    return text;
}

bool spec_writer_init(struct spec_pack_writer *w)
{
    char why[8];
    struct convert cv = {.w = w, .why = why, .why_size = sizeof why};
    memset(w, 0, sizeof *w);
    put_bytes(&cv, SPEC_PACK_MAGIC, SPEC_PACK_MAGIC_SIZE);
    put_u32(&cv, 0);              /* the file count, written by spec_writer_finish */
    return !cv.failed;
}

bool spec_writer_add_json(struct spec_pack_writer *w, const char *json_path,
                          char *why, size_t why_size)
{
    size_t size = 0, start = w->len;
    char *text = read_text(json_path, &size), dir[4096];
    struct json_value root;
    struct json_error err;
    if (!text) {
        snprintf(why, why_size, "cannot read %s", json_path);
        return false;
    }
    bool parsed = json_parse(text, size, &root, &err);
    free(text);
    if (!parsed) {
        snprintf(why, why_size, "bad JSON at %zu:%zu: %s", err.line, err.column, err.message);
        return false;
    }
    snprintf(dir, sizeof dir, "%s", json_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");

    struct convert cv = {.w = w, .dir = dir, .why = why, .why_size = why_size};
    const struct json_value *source = json_get_string(&root, "source_filename");
    const struct json_value *commands = json_get(&root, "commands");
    const char *name = source ? source->text : json_path;
    if (strrchr(name, '/'))
        name = strrchr(name, '/') + 1;
    if (!commands || commands->kind != JSON_ARRAY)
        fail(&cv, "no \"commands\" array", "");
    put_str(&cv, name, strlen(name));
    put_u32(&cv, commands ? (uint32_t)commands->count : 0);
    for (size_t i = 0; commands && i < commands->count && !cv.failed; i++)
        put_command(&cv, &commands->items[i]);
    json_free(&root);
    if (cv.failed) {
        w->len = start;
        return false;
    }
    w->nfiles++;
    return true;
}

void spec_writer_finish(struct spec_pack_writer *w)
{
    for (int i = 0; i < 4; i++)
        w->data[SPEC_PACK_MAGIC_SIZE + i] = (uint8_t)(w->nfiles >> (8 * i));
}

void spec_writer_free(struct spec_pack_writer *w)
{
    free(w->data);
    memset(w, 0, sizeof *w);
}
