/*
 * values.c — parsing, comparing and printing spec-test values.
 *
 * Floats are compared bit for bit, never as C floats: the spec pins down every result
 * bit except for NaNs, where a test may accept a class of NaNs instead. The two classes,
 * for a float with an exponent of all ones and a non-zero mantissa:
 *   canonical:  mantissa = only the top (quiet) bit      sign may be either
 *   arithmetic: mantissa has the top (quiet) bit set     anything else in the payload
 */
#include "values.h"

#include <stdio.h>
#include <string.h>

#include "wasm.h"

/* The value types a spec command may name, with the bits that carry them. */
static const struct {
    const char *name;
    uint8_t type;
    uint64_t max;         /* largest value that fits the type's slot */
} value_types[] = {
    {"i32", WASM_I32, UINT32_MAX},
    {"i64", WASM_I64, UINT64_MAX},
    {"f32", WASM_F32, UINT32_MAX},
    {"f64", WASM_F64, UINT64_MAX},
    {"funcref", WASM_FUNCREF, 0},         /* only "null" as an argument */
    {"externref", WASM_EXTERNREF, UINT64_MAX - 1},
};

/* Float layouts, for the NaN classes. */
static const struct {
    uint8_t type;
    uint64_t exponent;    /* mask of the exponent bits */
    uint64_t quiet;       /* the top mantissa bit */
    uint64_t mantissa;    /* mask of the mantissa bits */
} float_layouts[] = {
    {WASM_F32, 0x7F800000u, 0x00400000u, 0x007FFFFFu},
    {WASM_F64, 0x7FF0000000000000u, 0x0008000000000000u, 0x000FFFFFFFFFFFFFu},
};

const char *spec_type_name(uint8_t type)
{
    for (size_t i = 0; i < sizeof value_types / sizeof value_types[0]; i++) {
        if (value_types[i].type == type)
            return value_types[i].name;
    }
    return type == WASM_V128 ? "v128" : "?";
}

/* Unsigned decimal without sign, spaces or overflow. */
static bool parse_decimal(const char *text, uint64_t *out)
{
    uint64_t value = 0;
    if (!*text)
        return false;
    for (const char *c = text; *c; c++) {
        if (*c < '0' || *c > '9')
            return false;
        uint64_t digit = (uint64_t)(*c - '0');
        if (value > (UINT64_MAX - digit) / 10)
            return false;
        value = value * 10 + digit;
    }
    *out = value;
    return true;
}

static bool is_float(uint8_t type)
{
    return type == WASM_F32 || type == WASM_F64;
}

static bool is_ref(uint8_t type)
{
    return type == WASM_FUNCREF || type == WASM_EXTERNREF;
}

bool spec_value_parse(const struct json_value *json, bool as_result, struct spec_value *out,
                      char *why, size_t why_size)
{
    const struct json_value *type = json_get_string(json, "type");
    const struct json_value *value = json_get_string(json, "value");
    size_t t = 0, ntypes = sizeof value_types / sizeof value_types[0];
    memset(out, 0, sizeof *out);
    if (!type) {
        snprintf(why, why_size, "value without a type");
        return false;
    }
    while (t < ntypes && strcmp(value_types[t].name, type->text) != 0)
        t++;
    if (t == ntypes) {
        snprintf(why, why_size, "unsupported value type %s", type->text);
        return false;
    }
    out->type = value_types[t].type;
    if (!value) {             /* a funcref result written without a value: any non-null */
        out->pattern = SPEC_REF_NONNULL;
        if (as_result && out->type == WASM_FUNCREF)
            return true;
        snprintf(why, why_size, "%s without a value", type->text);
        return false;
    }
    if (is_ref(out->type) && strcmp(value->text, "null") == 0) {
        out->pattern = SPEC_REF_NULL;
        return true;
    }
    if (as_result && is_float(out->type) && strcmp(value->text, "nan:canonical") == 0) {
        out->pattern = SPEC_NAN_CANONICAL;
        return true;
    }
    if (as_result && is_float(out->type) && strcmp(value->text, "nan:arithmetic") == 0) {
        out->pattern = SPEC_NAN_ARITHMETIC;
        return true;
    }
    out->pattern = SPEC_EXACT;
    if (!parse_decimal(value->text, &out->bits) || out->bits > value_types[t].max) {
        snprintf(why, why_size, "bad %s value '%s'", type->text, value->text);
        return false;
    }
    if (out->type == WASM_EXTERNREF)
        out->bits += 1;       /* host reference N is the pointer N+1 */
    return true;
}

uint64_t spec_value_slot(const struct spec_value *v)
{
    return v->pattern == SPEC_EXACT ? v->bits : 0;
}

/* Does `bits` of float type `type` belong to the NaN class `pattern`? */
static bool nan_matches(uint8_t type, uint8_t pattern, uint64_t bits)
{
    for (size_t i = 0; i < sizeof float_layouts / sizeof float_layouts[0]; i++) {
        if (float_layouts[i].type != type)
            continue;
        uint64_t exponent = float_layouts[i].exponent, quiet = float_layouts[i].quiet;
        uint64_t mantissa = bits & float_layouts[i].mantissa;
        if ((bits & exponent) != exponent)
            return false;
        if (pattern == SPEC_NAN_CANONICAL)
            return mantissa == quiet;
        return (mantissa & quiet) != 0;
    }
    return false;
}

/* The slot bits that carry a value of `type` (i32 and f32 use the low half only). */
static uint64_t slot_bits(uint8_t type, uint64_t slot)
{
    return type == WASM_I32 || type == WASM_F32 ? slot & 0xFFFFFFFFu : slot;
}

bool spec_value_matches(const struct spec_value *v, uint64_t got)
{
    uint64_t bits = slot_bits(v->type, got);
    switch (v->pattern) {
    case SPEC_EXACT:
        return bits == v->bits;
    case SPEC_NAN_CANONICAL:
    case SPEC_NAN_ARITHMETIC:
        return nan_matches(v->type, v->pattern, bits);
    case SPEC_REF_NULL:
        return bits == 0;
    case SPEC_REF_NONNULL:
        return bits != 0;
    }
    return false;
}

void spec_value_format(const struct spec_value *v, char *buf, size_t size)
{
    const char *name = spec_type_name(v->type);
    switch (v->pattern) {
    case SPEC_NAN_CANONICAL:
        snprintf(buf, size, "%s:nan:canonical", name);
        return;
    case SPEC_NAN_ARITHMETIC:
        snprintf(buf, size, "%s:nan:arithmetic", name);
        return;
    case SPEC_REF_NULL:
        snprintf(buf, size, "%s:null", name);
        return;
    case SPEC_REF_NONNULL:
        snprintf(buf, size, "%s:non-null", name);
        return;
    default:
        spec_slot_format(v->type, v->bits, buf, size);
    }
}

/* The number a float's bits stand for, for reports only. */
static double float_value(uint8_t type, uint64_t bits)
{
    if (type == WASM_F32) {
        uint32_t low = (uint32_t)bits;
        float f;
        memcpy(&f, &low, sizeof f);
        return f;
    }
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

void spec_slot_format(uint8_t type, uint64_t slot, char *buf, size_t size)
{
    uint64_t bits = slot_bits(type, slot);
    const char *name = spec_type_name(type);
    if (is_ref(type) && bits == 0)
        snprintf(buf, size, "%s:null", name);
    else if (type == WASM_EXTERNREF)
        snprintf(buf, size, "%s:%llu", name, (unsigned long long)(bits - 1));
    else if (type == WASM_FUNCREF)
        snprintf(buf, size, "%s:%#llx", name, (unsigned long long)bits);
    else if (is_float(type))
        snprintf(buf, size, "%s:%#llx (%.17g)", name, (unsigned long long)bits, float_value(type, bits));
    else
        snprintf(buf, size, "%s:%llu", name, (unsigned long long)bits);
}
