/*
 * values.c — comparing and printing spec-test values; freestanding, because the kernel's
 * conformance run compares results with this same code.
 *
 * Floats are compared bit for bit, never as C floats: the spec pins down every result
 * bit except for NaNs, where a test may accept a class of NaNs instead. The two classes,
 * for a float with an exponent of all ones and a non-zero mantissa:
 *   canonical:  mantissa = only the top (quiet) bit      sign may be either
 *   arithmetic: mantissa has the top (quiet) bit set     anything else in the payload
 */
#include "values.h"

#include "wasm.h"

/* The value types a spec command may name. */
static const struct {
    const char *name;
    uint8_t type;
} value_types[] = {
    {"i32", WASM_I32},
    {"i64", WASM_I64},
    {"f32", WASM_F32},
    {"f64", WASM_F64},
    {"funcref", WASM_FUNCREF},
    {"externref", WASM_EXTERNREF},
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

#define NTYPES (sizeof value_types / sizeof value_types[0])

const char *spec_type_name(uint8_t type)
{
    for (size_t i = 0; i < NTYPES; i++) {
        if (value_types[i].type == type)
            return value_types[i].name;
    }
    return type == WASM_V128 ? "v128" : "?";
}

static bool same_text(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

bool spec_type_from_name(const char *name, uint8_t *type)
{
    for (size_t i = 0; i < NTYPES; i++) {
        if (same_text(value_types[i].name, name)) {
            *type = value_types[i].type;
            return true;
        }
    }
    return false;
}

static bool is_ref(uint8_t type)
{
    return type == WASM_FUNCREF || type == WASM_EXTERNREF;
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
    static const char *const pattern_names[SPEC_PATTERN_COUNT] = {
        [SPEC_NAN_CANONICAL] = "nan:canonical",
        [SPEC_NAN_ARITHMETIC] = "nan:arithmetic",
        [SPEC_REF_NULL] = "null",
        [SPEC_REF_NONNULL] = "non-null",
    };
    if (v->pattern != SPEC_EXACT && v->pattern < SPEC_PATTERN_COUNT)
        wasm_format(buf, size, "%s:%s", spec_type_name(v->type), pattern_names[v->pattern]);
    else
        spec_slot_format(v->type, v->bits, buf, size);
}

void spec_slot_format(uint8_t type, uint64_t slot, char *buf, size_t size)
{
    uint64_t bits = slot_bits(type, slot);
    const char *name = spec_type_name(type);
    if (is_ref(type) && bits == 0)
        wasm_format(buf, size, "%s:null", name);
    else if (type == WASM_EXTERNREF)
        wasm_format(buf, size, "%s:%llu", name, (unsigned long long)(bits - 1));
    else if (type == WASM_FUNCREF || type == WASM_F32 || type == WASM_F64)
        wasm_format(buf, size, "%s:0x%llx", name, (unsigned long long)bits);
    else
        wasm_format(buf, size, "%s:%llu", name, (unsigned long long)bits);
}

/* ---- Value records: u8 type, u8 pattern, u64 bits little-endian ---- */

void spec_value_read(const uint8_t *record, struct spec_value *out)
{
    out->type = record[0];
    out->pattern = record[1];
    out->bits = 0;
    for (int i = 7; i >= 0; i--)
        out->bits = out->bits << 8 | record[2 + i];
}

void spec_value_write(const struct spec_value *v, uint8_t *record)
{
    record[0] = v->type;
    record[1] = v->pattern;
    for (int i = 0; i < 8; i++)
        record[2 + i] = (uint8_t)(v->bits >> (8 * i));
}
