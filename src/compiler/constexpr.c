/*
 * constexpr.c — constant expressions: global initializers, segment offsets and element
 * segment items.
 *
 * WebAssembly 2.0 allows exactly one instruction before `end`: a numeric constant,
 * ref.null, ref.func, or global.get of an imported immutable global (global initializers
 * and segments see only imported globals). Anything else is rejected, with the
 * reference interpreter's reasons: a non-constant instruction is "constant expression
 * required"; zero or several values, or a value of the wrong type, is "type mismatch".
 */
#include "sections.h"

enum {
    OP_END = 0x0B,
    OP_GLOBAL_GET = 0x23,
    OP_I32_CONST = 0x41,
    OP_I64_CONST = 0x42,
    OP_F32_CONST = 0x43,
    OP_F64_CONST = 0x44,
    OP_REF_NULL = 0xD0,
    OP_REF_FUNC = 0xD2,
};

/* Decode one constant instruction (its opcode already read at `at`) into *out and its
 * value type into *type. */
static bool read_const_instr(struct wasm_decoder *d, struct wasm_reader *r, uint8_t opcode,
                             uint32_t at, struct wasm_const_expr *out, uint8_t *type)
{
    const struct wasm_module *m = d->m;
    switch (opcode) {
    case OP_I32_CONST: {
        int32_t v;
        out->op = WASM_CONST_I32;
        *type = WASM_I32;
        if (!wasm_read_s32(r, &v))
            return false;
        out->value = (uint32_t)v;
        return true;
    }
    case OP_I64_CONST: {
        int64_t v;
        out->op = WASM_CONST_I64;
        *type = WASM_I64;
        if (!wasm_read_s64(r, &v))
            return false;
        out->value = (uint64_t)v;
        return true;
    }
    case OP_F32_CONST: {
        uint32_t bits;
        out->op = WASM_CONST_F32;
        *type = WASM_F32;
        if (!wasm_read_f32(r, &bits))
            return false;
        out->value = bits;
        return true;
    }
    case OP_F64_CONST:
        out->op = WASM_CONST_F64;
        *type = WASM_F64;
        return wasm_read_f64(r, &out->value);
    case OP_REF_NULL: {
        uint8_t ref;
        if (!wasm_read_u8(r, &ref))
            return false;
        if (ref != WASM_FUNCREF && ref != WASM_EXTERNREF)
            return wasm_error_set(d->err, (uint32_t)r->pos - 1, "malformed reference type");
        out->op = WASM_CONST_REF_NULL;
        out->value = ref;
        *type = ref;
        return true;
    }
    case OP_REF_FUNC: {
        uint32_t index, index_at = (uint32_t)r->pos;
        if (!wasm_read_u32(r, &index))
            return false;
        if (index >= m->nfuncs)
            return wasm_error_set(d->err, index_at, "unknown function %u", index);
        out->op = WASM_CONST_REF_FUNC;
        out->value = index;
        *type = WASM_FUNCREF;
        return wasm_declare_func(d, index, index_at);
    }
    case OP_GLOBAL_GET: {
        uint32_t index, index_at = (uint32_t)r->pos;
        if (!wasm_read_u32(r, &index))
            return false;
        if (index >= m->nglobal_imports)
            return wasm_error_set(d->err, index_at, "unknown global %u", index);
        if (m->globals[index].type.mutable)
            return wasm_error_set(d->err, at, "constant expression required");
        out->op = WASM_CONST_GLOBAL_GET;
        out->value = index;
        *type = m->globals[index].type.type;
        return true;
    }
    default:
        return wasm_error_set(d->err, at, "constant expression required");
    }
}

bool wasm_parse_const_expr(struct wasm_decoder *d, struct wasm_reader *r, uint8_t type,
                           struct wasm_const_expr *out)
{
    uint32_t ninstrs = 0;
    uint8_t value_type = 0;
    for (;;) {
        uint32_t at = (uint32_t)r->pos;
        uint8_t opcode;
        if (!wasm_read_u8(r, &opcode))
            return false;
        if (opcode == OP_END) {
            if (ninstrs != 1 || value_type != type)
                return wasm_error_set(d->err, at, "type mismatch");
            return true;
        }
        struct wasm_const_expr instr = {0, 0};
        uint8_t instr_type;
        if (!read_const_instr(d, r, opcode, at, &instr, &instr_type))
            return false;
        if (ninstrs++ == 0) {
            *out = instr;
            value_type = instr_type;
        }
    }
}
