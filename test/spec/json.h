/*
 * json.h — a small, strict JSON reader for the spec-test runner.
 *
 * wast2json writes one JSON file per .wast: objects, arrays, strings (with \u escapes
 * for export names such as "\u0000"), small integers (line numbers) and literals. The
 * reader builds a tree in one pass and rejects anything RFC 8259 rejects (trailing
 * commas, leading zeros, raw control characters, lone surrogates, trailing garbage).
 * Strings are decoded to UTF-8 and keep their length, because wasm names may hold NUL.
 */
#ifndef SPEC_JSON_H
#define SPEC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum json_kind {
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
};

/* One value. Arrays and objects own `count` children in `items`; objects also own
 * `count` keys (string values) in `keys`, in document order. */
struct json_value {
    enum json_kind kind;
    bool boolean;             /* JSON_BOOL */
    char *text;               /* JSON_STRING: decoded UTF-8, NUL-terminated; JSON_NUMBER: its text */
    size_t len;               /* bytes in `text`, not counting the terminator */
    size_t count;             /* JSON_ARRAY, JSON_OBJECT */
    struct json_value *items;
    struct json_value *keys;  /* JSON_OBJECT */
};

struct json_error {
    size_t line, column;      /* 1-based position of the offending byte */
    char message[96];
};

/* Parse the whole of text[0..size) into `out`. On error returns false with `err` set and
 * nothing left allocated. */
bool json_parse(const char *text, size_t size, struct json_value *out, struct json_error *err);

/* Free what json_parse allocated under `v` (not `v` itself). */
void json_free(struct json_value *v);

/* The member `key` of object `obj`; NULL when obj is not an object or has no such key. */
const struct json_value *json_get(const struct json_value *obj, const char *key);

/* The member `key` when it is a string, else NULL. */
const struct json_value *json_get_string(const struct json_value *obj, const char *key);

/* A number that is a non-negative integer fitting 64 bits; false otherwise. */
bool json_to_u64(const struct json_value *v, uint64_t *out);

#endif
