/*
 * selftest.c — checks of the spec runner's own parts: the JSON reader, the value
 * matcher and the spec pack reader. A runner that misreads its input or compares results
 * wrongly would make every conformance number meaningless, so these run before the
 * suite does. The pack reader also runs in the kernel, so a damaged pack must be refused
 * cleanly there: every truncation of a pack is tried here.
 *
 * Prints one line per check ("ok NAME" or "FAIL NAME") and ends with "N passed, N failed".
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "pack.h"
#include "values.h"
#include "wasm.h"

static unsigned passed, failed;

static void check(bool ok, const char *name)
{
    printf("%s json/values/pack: %s\n", ok ? "ok  " : "FAIL", name);
    if (ok)
        passed++;
    else
        failed++;
}

/* Inputs the reader must accept or refuse. */
static const struct {
    const char *name;
    const char *text;
    bool valid;
} parse_cases[] = {
    {"empty object", "{}", true},
    {"nested", "{\"a\": [1, {\"b\": null}, true, false, \"x\"]}", true},
    {"numbers", "[0, -1, 12.5e+3, 0.25, 1E2]", true},
    {"escapes", "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9\"", true},
    {"surrogate pair", "\"\\ud83d\\ude00\"", true},
    {"whitespace around", " \r\n\t[ 1 ]\n", true},
    {"empty input", "", false},
    {"trailing comma in array", "[1, 2,]", false},
    {"trailing comma in object", "{\"a\": 1,}", false},
    {"leading zero", "[01]", false},
    {"bare minus", "[-]", false},
    {"dot without digits", "[1.]", false},
    {"unquoted key", "{a: 1}", false},
    {"single quotes", "['a']", false},
    {"raw newline in string", "\"a\nb\"", false},
    {"bad escape", "\"\\x41\"", false},
    {"short unicode escape", "\"\\u12\"", false},
    {"lone high surrogate", "\"\\ud800\"", false},
    {"lone low surrogate", "\"\\udc00\"", false},
    {"unterminated string", "\"abc", false},
    {"unterminated array", "[1, 2", false},
    {"missing colon", "{\"a\" 1}", false},
    {"two values", "1 2", false},
    {"misspelled literal", "[tru]", false},
    {"NUL byte outside a string", "[1]\0", false},
};

static void test_parse_cases(void)
{
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        struct json_value v;
        struct json_error err;
        size_t len = strlen(parse_cases[i].text);
        if (strcmp(parse_cases[i].name, "NUL byte outside a string") == 0)
            len++;
        bool ok = json_parse(parse_cases[i].text, len, &v, &err);
        check(ok == parse_cases[i].valid, parse_cases[i].name);
        if (ok)
            json_free(&v);
    }
}

/* Decoded contents: \u escapes to UTF-8, a NUL kept inside a string, lookups by key. */
static void test_decoding(void)
{
    const char *text = "{\"s\": \"\\u0000\\u00e9\\ud83d\\ude00\", \"n\": 4294967295, \"neg\": -3}";
    struct json_value v;
    struct json_error err;
    bool ok = json_parse(text, strlen(text), &v, &err);
    const struct json_value *s = ok ? json_get_string(&v, "s") : NULL;
    check(s && s->len == 7 && memcmp(s->text, "\0\xC3\xA9\xF0\x9F\x98\x80", 7) == 0,
          "\\u escapes decode to UTF-8, NUL kept");
    uint64_t n = 0;
    check(ok && json_to_u64(json_get(&v, "n"), &n) && n == 4294967295u, "integer member");
    check(ok && !json_to_u64(json_get(&v, "neg"), &n), "negative is not a u64");
    check(ok && json_get(&v, "missing") == NULL, "missing key");
    if (ok)
        json_free(&v);
}

/* Parse the value {"type": type, "value": value} (value NULL: absent). */
static bool value_of(const char *type, const char *value, bool as_result, struct spec_value *out)
{
    char text[128], why[128];
    if (value)
        snprintf(text, sizeof text, "{\"type\": \"%s\", \"value\": \"%s\"}", type, value);
    else
        snprintf(text, sizeof text, "{\"type\": \"%s\"}", type);
    struct json_value v;
    struct json_error err;
    if (!json_parse(text, strlen(text), &v, &err))
        return false;
    bool ok = spec_value_parse(&v, as_result, out, why, sizeof why);
    json_free(&v);
    return ok;
}

/* Expected values against result slots. */
static const struct {
    const char *name;
    const char *type, *value;   /* the expected value as wast2json writes it */
    uint64_t slot;              /* a result */
    bool match;
} match_cases[] = {
    {"i32 exact", "i32", "4294967295", 0xFFFFFFFFu, true},
    {"i32 ignores the slot's upper half", "i32", "1", 0xDEAD00000001u, true},
    {"i32 differs", "i32", "1", 2, false},
    {"i64 exact", "i64", "18446744073709551615", UINT64_MAX, true},
    {"f32 -0 is not +0", "f32", "2147483648", 0, false},
    {"f32 canonical NaN", "f32", "nan:canonical", 0x7FC00000u, true},
    {"f32 negative canonical NaN", "f32", "nan:canonical", 0xFFC00000u, true},
    {"f32 payload NaN is not canonical", "f32", "nan:canonical", 0x7FC00001u, false},
    {"f32 arithmetic NaN", "f32", "nan:arithmetic", 0x7FE00001u, true},
    {"f32 signalling NaN is not arithmetic", "f32", "nan:arithmetic", 0x7F800001u, false},
    {"f32 infinity is no NaN", "f32", "nan:arithmetic", 0x7F800000u, false},
    {"f64 canonical NaN", "f64", "nan:canonical", 0x7FF8000000000000u, true},
    {"f64 payload NaN is not canonical", "f64", "nan:canonical", 0x7FF8000000000001u, false},
    {"f64 arithmetic NaN", "f64", "nan:arithmetic", 0xFFF8000000000123u, true},
    {"f64 signalling NaN is not arithmetic", "f64", "nan:arithmetic", 0x7FF0000000000001u, false},
    {"externref N is the pointer N+1", "externref", "1", 2, true},
    {"externref 0 is not null", "externref", "0", 0, false},
    {"externref null", "externref", "null", 0, true},
    {"funcref null", "funcref", "null", 0, true},
    {"funcref null is not a function", "funcref", "null", 0x1000, false},
    {"funcref without value: non-null", "funcref", NULL, 0x1000, true},
    {"funcref without value: not null", "funcref", NULL, 0, false},
};

static void test_matching(void)
{
    for (size_t i = 0; i < sizeof match_cases / sizeof match_cases[0]; i++) {
        struct spec_value v;
        bool ok = value_of(match_cases[i].type, match_cases[i].value, true, &v) &&
                  spec_value_matches(&v, match_cases[i].slot) == match_cases[i].match;
        check(ok, match_cases[i].name);
    }
    struct spec_value v;
    check(!value_of("i32", "4294967296", false, &v), "i32 out of range is refused");
    check(!value_of("f32", "nan:canonical", false, &v), "NaN pattern is no argument");
    check(!value_of("i64", "-1", false, &v), "signed text is refused");
    check(!value_of("v128", "0", false, &v), "v128 is out of scope");
    check(value_of("externref", "7", false, &v) && spec_value_slot(&v) == 8, "externref argument");
}

/* ---- Spec packs ---- */

struct bytes {
    uint8_t data[256];
    size_t len;
};

static void put(struct bytes *b, const void *p, size_t n)
{
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_u32(struct bytes *b, uint32_t v)
{
    uint8_t le[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(b, le, 4);
}

static void put_str(struct bytes *b, const char *s)
{
    put_u32(b, (uint32_t)strlen(s));
    put(b, s, strlen(s));
}

/* A pack of one script "t.wast" with one command: line 7, assert_return of "f" on $M
 * with one i64 argument, expecting a canonical f32 NaN. `ncommands` may lie. */
static void make_pack(struct bytes *b, uint32_t nfiles, uint32_t ncommands)
{
    struct spec_value arg = {WASM_I64, SPEC_EXACT, 0x1122334455667788u};
    struct spec_value result = {WASM_F32, SPEC_NAN_CANONICAL, 0};
    uint8_t record[SPEC_VALUE_SIZE];
    b->len = 0;
    put(b, SPEC_PACK_MAGIC, SPEC_PACK_MAGIC_SIZE);
    put_u32(b, nfiles);
    put_str(b, "t.wast");
    put_u32(b, ncommands);
    put(b, (uint8_t[]){SPEC_ASSERT_RETURN, 0}, 2);
    put_u32(b, 7);
    put_str(b, "");               /* name */
    put_str(b, "");               /* text */
    put_str(b, "asm!");           /* module bytes */
    put(b, (uint8_t[]){SPEC_ACTION_INVOKE}, 1);
    put_str(b, "$M");
    put_str(b, "f");
    put_u32(b, 1);
    spec_value_write(&arg, record);
    put(b, record, sizeof record);
    put_u32(b, 1);
    spec_value_write(&result, record);
    put(b, record, sizeof record);
}

/* Open the pack and read its first file; true when that works. */
static bool read_first(const struct bytes *b, struct spec_pack *pack, struct spec_file *file)
{
    return spec_pack_open(pack, b->data, b->len) && spec_pack_next(pack, file);
}

static void test_pack(void)
{
    struct bytes b;
    struct spec_pack pack;
    struct spec_file file, after;
    make_pack(&b, 1, 1);
    bool ok = read_first(&b, &pack, &file);
    const struct spec_command *c = ok ? &file.commands[0] : NULL;
    struct spec_value arg = {0}, result = {0};
    if (c) {
        spec_value_read(c->args, &arg);
        spec_value_read(c->expected, &result);
    }
    check(c && file.ncommands == 1 && file.name.len == 6 && memcmp(file.name.bytes, "t.wast", 6) == 0,
          "a script's name and command count");
    check(c && c->kind == SPEC_ASSERT_RETURN && c->line == 7 && c->name.len == 0 &&
          c->module.len == 4 && c->action == SPEC_ACTION_INVOKE && c->target.len == 2 &&
          c->field.len == 1 && c->field.bytes[0] == 'f', "a command's fields");
    check(c && c->nargs == 1 && arg.type == WASM_I64 && arg.bits == 0x1122334455667788u &&
          c->nexpected == 1 && result.type == WASM_F32 && result.pattern == SPEC_NAN_CANONICAL,
          "value records round trip");
    check(ok && !spec_pack_next(&pack, &after) && pack.error[0] == '\0', "the end is no error");
    if (ok)
        spec_file_free(&file);

    bool all_refused = true;
    size_t whole = b.len;
    for (b.len = 0; b.len < whole; b.len++) {
        if (read_first(&b, &pack, &file)) {
            all_refused = false;
            spec_file_free(&file);
        } else if (pack.error[0] == '\0') {
            all_refused = false;
        }
    }
    check(all_refused, "every truncation is refused with a message");
    make_pack(&b, 1, 1);
    b.data[0] = 'X';
    check(!read_first(&b, &pack, &file) && pack.error[0], "a wrong magic is refused");
    make_pack(&b, 1, 0xFFFFFFFFu);
    check(!read_first(&b, &pack, &file) && pack.error[0], "a huge command count is refused");
    make_pack(&b, 2, 1);
    ok = read_first(&b, &pack, &file);
    if (ok)
        spec_file_free(&file);
    check(ok && !spec_pack_next(&pack, &after) && pack.error[0], "a missing script is refused");
}

int main(void)
{
    test_parse_cases();
    test_decoding();
    test_matching();
    test_pack();
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
