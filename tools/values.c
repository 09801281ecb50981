/*
 * values.c — wasm values as text, for atoll-run's arguments and its output lines.
 *
 * The output follows wabt's wasm-interp exactly ("i32:4294967295", "f32:1.500000",
 * "f64:-nan", "funcref:0") so that test/suite-runtime.sh can compare the two tools line
 * by line. A value travels as a 64-bit slot, as in the calling convention: i32 and f32
 * in the low 32 bits, references as pointers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atoll-run.h"

const char *value_type_name(uint8_t type)
{
    switch (type) {
    case WASM_I32:       return "i32";
    case WASM_I64:       return "i64";
    case WASM_F32:       return "f32";
    case WASM_F64:       return "f64";
    case WASM_V128:      return "v128";
    case WASM_FUNCREF:   return "funcref";
    case WASM_EXTERNREF: return "externref";
    }
    return "?";
}

static float f32_from_bits(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static double f64_from_bits(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

void value_format(char *buf, size_t size, uint8_t type, uint64_t slot)
{
    const char *name = value_type_name(type);
    switch (type) {
    case WASM_I32:
        snprintf(buf, size, "%s:%u", name, (uint32_t)slot);
        break;
    case WASM_F32:
        snprintf(buf, size, "%s:%f", name, (double)f32_from_bits((uint32_t)slot));
        break;
    case WASM_F64:
        snprintf(buf, size, "%s:%f", name, f64_from_bits(slot));
        break;
    case WASM_FUNCREF: {
        /* wabt numbers its objects; we print the function index (null is 0 in both). */
        const struct wasm_func_ref *ref = (const struct wasm_func_ref *)slot;
        snprintf(buf, size, "%s:%u", name, ref == NULL ? 0 : ref->func_index);
        break;
    }
    default:   /* i64, externref */
        snprintf(buf, size, "%s:%llu", name, (unsigned long long)slot);
        break;
    }
}

void values_format(char *buf, size_t size, const uint8_t *types, uint32_t n, const uint64_t *slots)
{
    size_t len = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < n && len < size; i++) {
        if (i > 0)
            len += (size_t)snprintf(buf + len, size - len, ", ");
        if (len < size)
            value_format(buf + len, size - len, types[i], slots[i]);
        len += strlen(buf + len);
    }
}

/* An integer in any C notation, negative ones as two's complement. */
static bool parse_int(const char *text, uint64_t *out)
{
    char *end;
    errno = 0;
    if (text[0] == '-')
        *out = (uint64_t)strtoll(text, &end, 0);
    else
        *out = strtoull(text, &end, 0);
    return errno == 0 && end != text && *end == '\0';
}

/* Raw bits are written as hex without a '.' or an exponent 'p'. */
static bool is_raw_bits(const char *text)
{
    return strncmp(text, "0x", 2) == 0 && strpbrk(text, ".pP") == NULL;
}

/* A float argument ("1.5", "0x1.8p1", "nan", "-inf", or raw bits) as its f32 or f64 bit
 * pattern; false when it does not parse. */
static bool parse_float(const char *text, bool dbl, uint64_t *out)
{
    char *end;
    if (is_raw_bits(text))
        return parse_int(text, out);
    if (dbl) {
        double d = strtod(text, &end);
        memcpy(out, &d, 8);
    } else {
        float f = strtof(text, &end);
        uint32_t bits;
        memcpy(&bits, &f, 4);
        *out = bits;
    }
    return end != text && *end == '\0';
}

bool value_parse(const char *text, uint8_t type, uint64_t *slot)
{
    const char *colon = strchr(text, ':');
    if (colon != NULL) {   /* a type prefix must name the parameter's type */
        size_t n = (size_t)(colon - text);
        const char *name = value_type_name(type);
        if (strlen(name) != n || strncmp(text, name, n) != 0)
            return false;
        text = colon + 1;
    }
    *slot = 0;
    switch (type) {
    case WASM_I32:
        if (!parse_int(text, slot))
            return false;
        *slot &= 0xFFFFFFFFu;
        return true;
    case WASM_I64:
        return parse_int(text, slot);
    case WASM_F32:
    case WASM_F64:
        return parse_float(text, type == WASM_F64, slot);
    case WASM_EXTERNREF:
        return strcmp(text, "null") == 0 || parse_int(text, slot);
    case WASM_FUNCREF:
        return strcmp(text, "null") == 0;   /* only null can be written down */
    }
    return false;
}
