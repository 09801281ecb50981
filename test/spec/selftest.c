/*
 * selftest.c — checks of the spec runner's own parts: the JSON reader and the value
 * matcher. A runner that misreads its input or compares results wrongly would make
 * every conformance number meaningless, so these run before the suite does.
 *
 * Prints one line per check ("ok NAME" or "FAIL NAME") and ends with "N passed, N failed".
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "values.h"
#include "wasm.h"

static unsigned passed, failed;

static void check(bool ok, const char *name)
{
    printf("%s json/values: %s\n", ok ? "ok  " : "FAIL", name);
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

int main(void)
{
    test_parse_cases();
    test_decoding();
    test_matching();
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
