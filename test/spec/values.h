/*
 * values.h — the values of spec-test commands: arguments to pass and results to expect.
 *
 * wast2json writes each value as {"type": T, "value": V} with V a string: the unsigned
 * decimal of an integer or of a float's bit pattern, "nan:canonical"/"nan:arithmetic"
 * for float results that are any NaN of that class, "null" for a null reference, or N
 * for the host reference N. A value travels to and from compiled code as one 64-bit
 * slot (runtime.h): i32/f32 in the low 4 bytes, references as pointers. Host externref
 * N is the pointer-sized value N+1, so that null stays 0.
 *
 * values.c (freestanding: host runner and kernel) compares and prints values;
 * values_json.c (host only) reads them from JSON for the pack writer and the fuzzer.
 */
#ifndef SPEC_VALUES_H
#define SPEC_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"

/* What a value stands for. */
enum spec_pattern {
    SPEC_EXACT,           /* `bits` exactly (numbers, non-null externref) */
    SPEC_NAN_CANONICAL,   /* any canonical NaN of the float type (either sign) */
    SPEC_NAN_ARITHMETIC,  /* any NaN whose quiet bit is set */
    SPEC_REF_NULL,        /* a null reference */
    SPEC_REF_NONNULL,     /* any non-null reference (funcref results without a value) */
    SPEC_PATTERN_COUNT
};

struct spec_value {
    uint8_t type;         /* enum wasm_valtype */
    uint8_t pattern;      /* enum spec_pattern */
    uint64_t bits;        /* SPEC_EXACT: the slot's contents */
};

/* ---- values.c (freestanding) ---- */

/* The slot that passes `v` (a parsed argument) to compiled code. */
uint64_t spec_value_slot(const struct spec_value *v);

/* True when the slot `got`, a result of type v->type, matches the expected `v`. */
bool spec_value_matches(const struct spec_value *v, uint64_t got);

/* Human-readable forms for failure reports: an expected value, and a result slot.
 * Floats are shown by their bits ("f32:0x3f800000"): that is what is compared. */
void spec_value_format(const struct spec_value *v, char *buf, size_t size);
void spec_slot_format(uint8_t type, uint64_t slot, char *buf, size_t size);

/* The name of a value type ("i32", "funcref"...), and the type a name stands for
 * (false for a type spec commands never use). */
const char *spec_type_name(uint8_t type);
bool spec_type_from_name(const char *name, uint8_t *type);

/* The value record at `record` (SPEC_VALUE_SIZE bytes, pack.h), and its inverse. */
void spec_value_read(const uint8_t *record, struct spec_value *out);
void spec_value_write(const struct spec_value *v, uint8_t *record);

/* ---- values_json.c (host only) ---- */

/* Read one {"type", "value"} object. `as_result` allows patterns that only results may
 * use (NaN classes, non-null funcref). On failure returns false with `why` set. */
bool spec_value_parse(const struct json_value *json, bool as_result, struct spec_value *out,
                      char *why, size_t why_size);

#endif
