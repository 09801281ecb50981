/*
 * values_json.c — spec-test values read from wast2json's JSON (host only: the pack
 * writer and the differential fuzzer use it; the kernel gets values already parsed,
 * as value records in the spec pack).
 */
#include "values.h"

#include <stdio.h>
#include <string.h>

#include "wasm.h"

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

/* The largest number a value of `type` may be written as. */
static uint64_t largest(uint8_t type)
{
    switch (type) {
    case WASM_I32:
    case WASM_F32:
        return UINT32_MAX;
    case WASM_EXTERNREF:
        return UINT64_MAX - 1;      /* host reference N becomes N+1 */
    case WASM_FUNCREF:
        return 0;                   /* only "null" as an argument */
    default:
        return UINT64_MAX;
    }
}

bool spec_value_parse(const struct json_value *json, bool as_result, struct spec_value *out,
                      char *why, size_t why_size)
{
    const struct json_value *type = json_get_string(json, "type");
    const struct json_value *value = json_get_string(json, "value");
    bool is_float = false, is_ref = false;
    memset(out, 0, sizeof *out);
    if (!type) {
        snprintf(why, why_size, "value without a type");
        return false;
    }
    if (!spec_type_from_name(type->text, &out->type)) {
        snprintf(why, why_size, "unsupported value type %s", type->text);
        return false;
    }
    is_float = out->type == WASM_F32 || out->type == WASM_F64;
    is_ref = out->type == WASM_FUNCREF || out->type == WASM_EXTERNREF;
    if (!value) {             /* a funcref result written without a value: any non-null */
        out->pattern = SPEC_REF_NONNULL;
        if (as_result && out->type == WASM_FUNCREF)
            return true;
        snprintf(why, why_size, "%s without a value", type->text);
        return false;
    }
    if (is_ref && strcmp(value->text, "null") == 0) {
        out->pattern = SPEC_REF_NULL;
        return true;
    }
    if (as_result && is_float && strcmp(value->text, "nan:canonical") == 0) {
        out->pattern = SPEC_NAN_CANONICAL;
        return true;
    }
    if (as_result && is_float && strcmp(value->text, "nan:arithmetic") == 0) {
        out->pattern = SPEC_NAN_ARITHMETIC;
        return true;
    }
    out->pattern = SPEC_EXACT;
    if (!parse_decimal(value->text, &out->bits) || out->bits > largest(out->type)) {
        snprintf(why, why_size, "bad %s value '%s'", type->text, value->text);
        return false;
    }
    if (out->type == WASM_EXTERNREF)
        out->bits += 1;       /* host reference N is the pointer N+1 */
    return true;
}
