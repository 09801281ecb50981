/*
 * json.c — a recursive-descent JSON reader, strict and bounds-checked.
 *
 * Grammar (RFC 8259), one function per rule:
 *   value  = object / array / string / number / "true" / "false" / "null"
 *   object = "{" [ string ":" value *( "," string ":" value ) ] "}"
 *   array  = "[" [ value *( "," value ) ] "]"
 * Every read goes through peek()/advance(), which never pass the end of the input, and
 * nesting is capped so a hostile file cannot exhaust the stack. Children are collected
 * in growable arrays; on error the partial tree is freed before returning.
 */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

struct parser {
    const char *start;
    const char *pos;
    const char *end;
    int depth;
    struct json_error *err;
};

/* Record the first error at the current position; always returns false. */
static bool fail(struct parser *p, const char *fmt, ...)
{
    if (p->err->message[0])
        return false;
    size_t line = 1, column = 1;
    for (const char *c = p->start; c < p->pos; c++) {
        if (*c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    p->err->line = line;
    p->err->column = column;
    va_list args;
    va_start(args, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, args);
    va_end(args);
    return false;
}

/* The next byte, or -1 at the end of the input. */
static int peek(const struct parser *p)
{
    return p->pos < p->end ? (unsigned char)*p->pos : -1;
}

static void skip_space(struct parser *p)
{
    while (peek(p) == ' ' || peek(p) == '\t' || peek(p) == '\n' || peek(p) == '\r')
        p->pos++;
}

/* Consume `word` exactly (for true, false, null). */
static bool expect_word(struct parser *p, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(p->end - p->pos) < n || memcmp(p->pos, word, n) != 0)
        return fail(p, "expected '%s'", word);
    p->pos += n;
    return true;
}

/* ---- Strings ---- */

/* A growable byte buffer for decoded strings. */
struct bytes {
    char *data;
    size_t len, cap;
};

static bool bytes_push(struct bytes *b, char byte)
{
    if (b->len + 1 >= b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 32;
        char *data = realloc(b->data, cap);
        if (!data)
            return false;
        b->data = data;
        b->cap = cap;
    }
    b->data[b->len++] = byte;
    b->data[b->len] = '\0';
    return true;
}

/* Append code point `cp` (already checked to be a scalar value) as UTF-8. */
static bool bytes_push_utf8(struct bytes *b, uint32_t cp)
{
    if (cp < 0x80)
        return bytes_push(b, (char)cp);
    if (cp < 0x800)
        return bytes_push(b, (char)(0xC0 | cp >> 6)) && bytes_push(b, (char)(0x80 | (cp & 0x3F)));
    if (cp < 0x10000)
        return bytes_push(b, (char)(0xE0 | cp >> 12)) &&
               bytes_push(b, (char)(0x80 | ((cp >> 6) & 0x3F))) &&
               bytes_push(b, (char)(0x80 | (cp & 0x3F)));
    return bytes_push(b, (char)(0xF0 | cp >> 18)) &&
           bytes_push(b, (char)(0x80 | ((cp >> 12) & 0x3F))) &&
           bytes_push(b, (char)(0x80 | ((cp >> 6) & 0x3F))) &&
           bytes_push(b, (char)(0x80 | (cp & 0x3F)));
}

/* Four hex digits after "\u". */
static bool parse_hex4(struct parser *p, uint32_t *out)
{
    uint32_t value = 0;
    for (int i = 0; i < 4; i++) {
        int c = peek(p);
        int digit = c >= '0' && c <= '9' ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (digit < 0)
            return fail(p, "bad \\u escape");
        value = value << 4 | (uint32_t)digit;
        p->pos++;
    }
    *out = value;
    return true;
}

/* "\uXXXX", or a surrogate pair "\uD8xx\uDCxx", after the backslash and 'u'. */
static bool parse_unicode_escape(struct parser *p, struct bytes *b)
{
    uint32_t cp;
    if (!parse_hex4(p, &cp))
        return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(p, "lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t low;
        if (p->end - p->pos < 2 || p->pos[0] != '\\' || p->pos[1] != 'u')
            return fail(p, "lone high surrogate");
        p->pos += 2;
        if (!parse_hex4(p, &low))
            return false;
        if (low < 0xDC00 || low > 0xDFFF)
            return fail(p, "bad surrogate pair");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    return bytes_push_utf8(b, cp) || fail(p, "out of memory");
}

/* The character a one-letter escape stands for, or -1. */
static int simple_escape(int c)
{
    switch (c) {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return -1;
    }
}

/* string = '"' *char '"'; raw bytes >= 0x20 are copied as they are (UTF-8 passes through). */
static bool parse_string(struct parser *p, struct json_value *out)
{
    struct bytes b = {0};
    if (!bytes_push(&b, 0))   /* allocate, so an empty string has text "" */
        return fail(p, "out of memory");
    b.len = 0;
    p->pos++;                 /* the opening quote */
    for (;;) {
        int c = peek(p);
        if (c < 0) {
            free(b.data);
            return fail(p, "unterminated string");
        }
        p->pos++;
        if (c == '"')
            break;
        bool ok;
        if (c < 0x20) {
            p->pos--;
            ok = fail(p, "control character in string");
        } else if (c != '\\') {
            ok = bytes_push(&b, (char)c) || fail(p, "out of memory");
        } else if (peek(p) == 'u') {
            p->pos++;
            ok = parse_unicode_escape(p, &b);
        } else {
            int e = simple_escape(peek(p));
            ok = e >= 0 ? (p->pos++, bytes_push(&b, (char)e) || fail(p, "out of memory"))
                        : fail(p, "bad escape");
        }
        if (!ok) {
            free(b.data);
            return false;
        }
    }
    out->kind = JSON_STRING;
    out->text = b.data;
    out->len = b.len;
    return true;
}

/* ---- Numbers ---- */

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* number = [ "-" ] int [ frac ] [ exp ]; kept as text (values in wast2json are strings). */
static bool parse_number(struct parser *p, struct json_value *out)
{
    const char *first = p->pos;
    if (peek(p) == '-')
        p->pos++;
    if (peek(p) == '0') {
        p->pos++;
        if (is_digit(peek(p)))
            return fail(p, "leading zero in number");
    } else if (is_digit(peek(p))) {
        while (is_digit(peek(p)))
            p->pos++;
    } else {
        return fail(p, "bad number");
    }
    if (peek(p) == '.') {
        p->pos++;
        if (!is_digit(peek(p)))
            return fail(p, "digit expected after '.'");
        while (is_digit(peek(p)))
            p->pos++;
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        p->pos++;
        if (peek(p) == '+' || peek(p) == '-')
            p->pos++;
        if (!is_digit(peek(p)))
            return fail(p, "digit expected in exponent");
        while (is_digit(peek(p)))
            p->pos++;
    }
    size_t len = (size_t)(p->pos - first);
    out->kind = JSON_NUMBER;
    out->text = malloc(len + 1);
    if (!out->text)
        return fail(p, "out of memory");
    memcpy(out->text, first, len);
    out->text[len] = '\0';
    out->len = len;
    return true;
}

/* ---- Arrays and objects ---- */

static bool parse_value(struct parser *p, struct json_value *out);

/* Make room for one more child in `v` (and one more key for objects). */
static bool grow(struct parser *p, struct json_value *v, size_t *cap)
{
    if (v->count < *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 4;
    struct json_value *items = realloc(v->items, n * sizeof *items);
    if (!items)
        return fail(p, "out of memory");
    v->items = items;
    if (v->kind == JSON_OBJECT) {
        struct json_value *keys = realloc(v->keys, n * sizeof *keys);
        if (!keys)
            return fail(p, "out of memory");
        v->keys = keys;
    }
    *cap = n;
    return true;
}

/* array / object: `close` is ']' or '}'; objects read a key and ':' before each value. */
static bool parse_container(struct parser *p, struct json_value *out, char close)
{
    size_t cap = 0;
    out->kind = close == '}' ? JSON_OBJECT : JSON_ARRAY;
    p->pos++;   /* '[' or '{' */
    skip_space(p);
    if (peek(p) == close) {
        p->pos++;
        return true;
    }
    for (;;) {
        if (!grow(p, out, &cap))
            return false;
        if (out->kind == JSON_OBJECT) {
            skip_space(p);
            if (peek(p) != '"')
                return fail(p, "object key expected");
            memset(&out->keys[out->count], 0, sizeof out->keys[0]);
            memset(&out->items[out->count], 0, sizeof out->items[0]);
            out->count++;   /* counted now so that json_free frees a half-read member */
            if (!parse_string(p, &out->keys[out->count - 1]))
                return false;
            skip_space(p);
            if (peek(p) != ':')
                return fail(p, "':' expected");
            p->pos++;
        } else {
            memset(&out->items[out->count], 0, sizeof out->items[0]);
            out->count++;
        }
        if (!parse_value(p, &out->items[out->count - 1]))
            return false;
        skip_space(p);
        if (peek(p) == close) {
            p->pos++;
            return true;
        }
        if (peek(p) != ',')
            return fail(p, "',' or '%c' expected", close);
        p->pos++;
    }
}

static bool parse_value(struct parser *p, struct json_value *out)
{
    skip_space(p);
    switch (peek(p)) {
    case '{':
    case '[':
        if (++p->depth > JSON_MAX_DEPTH)
            return fail(p, "nested too deeply");
        bool ok = parse_container(p, out, peek(p) == '{' ? '}' : ']');
        p->depth--;
        return ok;
    case '"':
        return parse_string(p, out);
    case 't':
        out->kind = JSON_BOOL;
        out->boolean = true;
        return expect_word(p, "true");
    case 'f':
        out->kind = JSON_BOOL;
        return expect_word(p, "false");
    case 'n':
        out->kind = JSON_NULL;
        return expect_word(p, "null");
    case -1:
        return fail(p, "unexpected end of input");
    default:
        return parse_number(p, out);
    }
}

bool json_parse(const char *text, size_t size, struct json_value *out, struct json_error *err)
{
    struct parser p = {.start = text, .pos = text, .end = text + size, .err = err};
    memset(err, 0, sizeof *err);
    memset(out, 0, sizeof *out);
    bool ok = parse_value(&p, out);
    if (ok) {
        skip_space(&p);
        if (p.pos != p.end)
            ok = fail(&p, "trailing characters after the value");
    }
    if (!ok)
        json_free(out);
    return ok;
}

void json_free(struct json_value *v)
{
    for (size_t i = 0; i < v->count; i++) {
        if (v->items)
            json_free(&v->items[i]);
        if (v->keys)
            json_free(&v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->text);
    memset(v, 0, sizeof *v);
}

/* ---- Lookups ---- */

const struct json_value *json_get(const struct json_value *obj, const char *key)
{
    if (!obj || obj->kind != JSON_OBJECT)
        return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i < obj->count; i++) {
        if (obj->keys[i].len == len && memcmp(obj->keys[i].text, key, len) == 0)
            return &obj->items[i];
    }
    return NULL;
}

const struct json_value *json_get_string(const struct json_value *obj, const char *key)
{
    const struct json_value *v = json_get(obj, key);
    return v && v->kind == JSON_STRING ? v : NULL;
}

bool json_to_u64(const struct json_value *v, uint64_t *out)
{
    if (!v || v->kind != JSON_NUMBER || v->len == 0 || v->len > 20)
        return false;
    uint64_t value = 0;
    for (size_t i = 0; i < v->len; i++) {
        if (!is_digit(v->text[i]))
            return false;
        uint64_t digit = (uint64_t)(v->text[i] - '0');
        if (value > (UINT64_MAX - digit) / 10)
            return false;
        value = value * 10 + digit;
    }
    *out = value;
    return true;
}
