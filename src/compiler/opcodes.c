/*
 * opcodes.c — the opcode table: one row per WebAssembly 2.0 instruction (no SIMD).
 *
 * Rows of kind OPK_NUMERIC carry their whole type signature, so the walk validates and
 * dispatches them without a case of their own; loads and stores also carry their access
 * size. Every encoding not listed is OPK_INVALID ("illegal opcode").
 */
#include "opcodes.h"
#include "wasm.h"

#define I32 WASM_I32
#define I64 WASM_I64
#define F32 WASM_F32
#define F64 WASM_F64

/* Row builders: a special instruction, a numeric one (params..., result), a memory one. */
#define SPECIAL(name, imm)            { name, imm, OPK_SPECIAL, {0, 0, 0}, 0, 0 }
#define UN(name, a, r)                { name, IMM_NONE, OPK_NUMERIC, {a, 0, 0}, r, 0 }
#define BIN(name, a, b, r)            { name, IMM_NONE, OPK_NUMERIC, {a, b, 0}, r, 0 }
#define LOAD(name, r, lg)             { name, IMM_MEMARG, OPK_LOAD, {I32, 0, 0}, r, lg }
#define STORE(name, v, lg)            { name, IMM_MEMARG, OPK_STORE, {I32, v, 0}, 0, lg }

static const struct wasm_opcode_info single_byte[256] = {
    [0x00] = SPECIAL("unreachable", IMM_NONE),
    [0x01] = SPECIAL("nop", IMM_NONE),
    [0x02] = SPECIAL("block", IMM_BLOCKTYPE),
    [0x03] = SPECIAL("loop", IMM_BLOCKTYPE),
    [0x04] = SPECIAL("if", IMM_BLOCKTYPE),
    [0x05] = SPECIAL("else", IMM_NONE),
    [0x0B] = SPECIAL("end", IMM_NONE),
    [0x0C] = SPECIAL("br", IMM_LABEL),
    [0x0D] = SPECIAL("br_if", IMM_LABEL),
    [0x0E] = SPECIAL("br_table", IMM_BR_TABLE),
    [0x0F] = SPECIAL("return", IMM_NONE),
    [0x10] = SPECIAL("call", IMM_FUNC),
    [0x11] = SPECIAL("call_indirect", IMM_CALL_INDIRECT),
    [0x1A] = SPECIAL("drop", IMM_NONE),
    [0x1B] = SPECIAL("select", IMM_NONE),
    [0x1C] = SPECIAL("select", IMM_SELECT_T),
    [0x20] = SPECIAL("local.get", IMM_LOCAL),
    [0x21] = SPECIAL("local.set", IMM_LOCAL),
    [0x22] = SPECIAL("local.tee", IMM_LOCAL),
    [0x23] = SPECIAL("global.get", IMM_GLOBAL),
    [0x24] = SPECIAL("global.set", IMM_GLOBAL),
    [0x25] = SPECIAL("table.get", IMM_TABLE),
    [0x26] = SPECIAL("table.set", IMM_TABLE),

    [0x28] = LOAD("i32.load", I32, 2),
    [0x29] = LOAD("i64.load", I64, 3),
    [0x2A] = LOAD("f32.load", F32, 2),
    [0x2B] = LOAD("f64.load", F64, 3),
    [0x2C] = LOAD("i32.load8_s", I32, 0),
    [0x2D] = LOAD("i32.load8_u", I32, 0),
    [0x2E] = LOAD("i32.load16_s", I32, 1),
    [0x2F] = LOAD("i32.load16_u", I32, 1),
    [0x30] = LOAD("i64.load8_s", I64, 0),
    [0x31] = LOAD("i64.load8_u", I64, 0),
    [0x32] = LOAD("i64.load16_s", I64, 1),
    [0x33] = LOAD("i64.load16_u", I64, 1),
    [0x34] = LOAD("i64.load32_s", I64, 2),
    [0x35] = LOAD("i64.load32_u", I64, 2),
    [0x36] = STORE("i32.store", I32, 2),
    [0x37] = STORE("i64.store", I64, 3),
    [0x38] = STORE("f32.store", F32, 2),
    [0x39] = STORE("f64.store", F64, 3),
    [0x3A] = STORE("i32.store8", I32, 0),
    [0x3B] = STORE("i32.store16", I32, 1),
    [0x3C] = STORE("i64.store8", I64, 0),
    [0x3D] = STORE("i64.store16", I64, 1),
    [0x3E] = STORE("i64.store32", I64, 2),
    [0x3F] = SPECIAL("memory.size", IMM_ZERO_BYTE),
    [0x40] = SPECIAL("memory.grow", IMM_ZERO_BYTE),

    [0x41] = SPECIAL("i32.const", IMM_I32),
    [0x42] = SPECIAL("i64.const", IMM_I64),
    [0x43] = SPECIAL("f32.const", IMM_F32),
    [0x44] = SPECIAL("f64.const", IMM_F64),

    [0x45] = UN("i32.eqz", I32, I32),
    [0x46] = BIN("i32.eq", I32, I32, I32),
    [0x47] = BIN("i32.ne", I32, I32, I32),
    [0x48] = BIN("i32.lt_s", I32, I32, I32),
    [0x49] = BIN("i32.lt_u", I32, I32, I32),
    [0x4A] = BIN("i32.gt_s", I32, I32, I32),
    [0x4B] = BIN("i32.gt_u", I32, I32, I32),
    [0x4C] = BIN("i32.le_s", I32, I32, I32),
    [0x4D] = BIN("i32.le_u", I32, I32, I32),
    [0x4E] = BIN("i32.ge_s", I32, I32, I32),
    [0x4F] = BIN("i32.ge_u", I32, I32, I32),
    [0x50] = UN("i64.eqz", I64, I32),
    [0x51] = BIN("i64.eq", I64, I64, I32),
    [0x52] = BIN("i64.ne", I64, I64, I32),
    [0x53] = BIN("i64.lt_s", I64, I64, I32),
    [0x54] = BIN("i64.lt_u", I64, I64, I32),
    [0x55] = BIN("i64.gt_s", I64, I64, I32),
    [0x56] = BIN("i64.gt_u", I64, I64, I32),
    [0x57] = BIN("i64.le_s", I64, I64, I32),
    [0x58] = BIN("i64.le_u", I64, I64, I32),
    [0x59] = BIN("i64.ge_s", I64, I64, I32),
    [0x5A] = BIN("i64.ge_u", I64, I64, I32),
    [0x5B] = BIN("f32.eq", F32, F32, I32),
    [0x5C] = BIN("f32.ne", F32, F32, I32),
    [0x5D] = BIN("f32.lt", F32, F32, I32),
    [0x5E] = BIN("f32.gt", F32, F32, I32),
    [0x5F] = BIN("f32.le", F32, F32, I32),
    [0x60] = BIN("f32.ge", F32, F32, I32),
    [0x61] = BIN("f64.eq", F64, F64, I32),
    [0x62] = BIN("f64.ne", F64, F64, I32),
    [0x63] = BIN("f64.lt", F64, F64, I32),
    [0x64] = BIN("f64.gt", F64, F64, I32),
    [0x65] = BIN("f64.le", F64, F64, I32),
    [0x66] = BIN("f64.ge", F64, F64, I32),

    [0x67] = UN("i32.clz", I32, I32),
    [0x68] = UN("i32.ctz", I32, I32),
    [0x69] = UN("i32.popcnt", I32, I32),
    [0x6A] = BIN("i32.add", I32, I32, I32),
    [0x6B] = BIN("i32.sub", I32, I32, I32),
    [0x6C] = BIN("i32.mul", I32, I32, I32),
    [0x6D] = BIN("i32.div_s", I32, I32, I32),
    [0x6E] = BIN("i32.div_u", I32, I32, I32),
    [0x6F] = BIN("i32.rem_s", I32, I32, I32),
    [0x70] = BIN("i32.rem_u", I32, I32, I32),
    [0x71] = BIN("i32.and", I32, I32, I32),
    [0x72] = BIN("i32.or", I32, I32, I32),
    [0x73] = BIN("i32.xor", I32, I32, I32),
    [0x74] = BIN("i32.shl", I32, I32, I32),
    [0x75] = BIN("i32.shr_s", I32, I32, I32),
    [0x76] = BIN("i32.shr_u", I32, I32, I32),
    [0x77] = BIN("i32.rotl", I32, I32, I32),
    [0x78] = BIN("i32.rotr", I32, I32, I32),
    [0x79] = UN("i64.clz", I64, I64),
    [0x7A] = UN("i64.ctz", I64, I64),
    [0x7B] = UN("i64.popcnt", I64, I64),
    [0x7C] = BIN("i64.add", I64, I64, I64),
    [0x7D] = BIN("i64.sub", I64, I64, I64),
    [0x7E] = BIN("i64.mul", I64, I64, I64),
    [0x7F] = BIN("i64.div_s", I64, I64, I64),
    [0x80] = BIN("i64.div_u", I64, I64, I64),
    [0x81] = BIN("i64.rem_s", I64, I64, I64),
    [0x82] = BIN("i64.rem_u", I64, I64, I64),
    [0x83] = BIN("i64.and", I64, I64, I64),
    [0x84] = BIN("i64.or", I64, I64, I64),
    [0x85] = BIN("i64.xor", I64, I64, I64),
    [0x86] = BIN("i64.shl", I64, I64, I64),
    [0x87] = BIN("i64.shr_s", I64, I64, I64),
    [0x88] = BIN("i64.shr_u", I64, I64, I64),
    [0x89] = BIN("i64.rotl", I64, I64, I64),
    [0x8A] = BIN("i64.rotr", I64, I64, I64),

    [0x8B] = UN("f32.abs", F32, F32),
    [0x8C] = UN("f32.neg", F32, F32),
    [0x8D] = UN("f32.ceil", F32, F32),
    [0x8E] = UN("f32.floor", F32, F32),
    [0x8F] = UN("f32.trunc", F32, F32),
    [0x90] = UN("f32.nearest", F32, F32),
    [0x91] = UN("f32.sqrt", F32, F32),
    [0x92] = BIN("f32.add", F32, F32, F32),
    [0x93] = BIN("f32.sub", F32, F32, F32),
    [0x94] = BIN("f32.mul", F32, F32, F32),
    [0x95] = BIN("f32.div", F32, F32, F32),
    [0x96] = BIN("f32.min", F32, F32, F32),
    [0x97] = BIN("f32.max", F32, F32, F32),
    [0x98] = BIN("f32.copysign", F32, F32, F32),
    [0x99] = UN("f64.abs", F64, F64),
    [0x9A] = UN("f64.neg", F64, F64),
    [0x9B] = UN("f64.ceil", F64, F64),
    [0x9C] = UN("f64.floor", F64, F64),
    [0x9D] = UN("f64.trunc", F64, F64),
    [0x9E] = UN("f64.nearest", F64, F64),
    [0x9F] = UN("f64.sqrt", F64, F64),
    [0xA0] = BIN("f64.add", F64, F64, F64),
    [0xA1] = BIN("f64.sub", F64, F64, F64),
    [0xA2] = BIN("f64.mul", F64, F64, F64),
    [0xA3] = BIN("f64.div", F64, F64, F64),
    [0xA4] = BIN("f64.min", F64, F64, F64),
    [0xA5] = BIN("f64.max", F64, F64, F64),
    [0xA6] = BIN("f64.copysign", F64, F64, F64),

    [0xA7] = UN("i32.wrap_i64", I64, I32),
    [0xA8] = UN("i32.trunc_f32_s", F32, I32),
    [0xA9] = UN("i32.trunc_f32_u", F32, I32),
    [0xAA] = UN("i32.trunc_f64_s", F64, I32),
    [0xAB] = UN("i32.trunc_f64_u", F64, I32),
    [0xAC] = UN("i64.extend_i32_s", I32, I64),
    [0xAD] = UN("i64.extend_i32_u", I32, I64),
    [0xAE] = UN("i64.trunc_f32_s", F32, I64),
    [0xAF] = UN("i64.trunc_f32_u", F32, I64),
    [0xB0] = UN("i64.trunc_f64_s", F64, I64),
    [0xB1] = UN("i64.trunc_f64_u", F64, I64),
    [0xB2] = UN("f32.convert_i32_s", I32, F32),
    [0xB3] = UN("f32.convert_i32_u", I32, F32),
    [0xB4] = UN("f32.convert_i64_s", I64, F32),
    [0xB5] = UN("f32.convert_i64_u", I64, F32),
    [0xB6] = UN("f32.demote_f64", F64, F32),
    [0xB7] = UN("f64.convert_i32_s", I32, F64),
    [0xB8] = UN("f64.convert_i32_u", I32, F64),
    [0xB9] = UN("f64.convert_i64_s", I64, F64),
    [0xBA] = UN("f64.convert_i64_u", I64, F64),
    [0xBB] = UN("f64.promote_f32", F32, F64),
    [0xBC] = UN("i32.reinterpret_f32", F32, I32),
    [0xBD] = UN("i64.reinterpret_f64", F64, I64),
    [0xBE] = UN("f32.reinterpret_i32", I32, F32),
    [0xBF] = UN("f64.reinterpret_i64", I64, F64),
    [0xC0] = UN("i32.extend8_s", I32, I32),
    [0xC1] = UN("i32.extend16_s", I32, I32),
    [0xC2] = UN("i64.extend8_s", I64, I64),
    [0xC3] = UN("i64.extend16_s", I64, I64),
    [0xC4] = UN("i64.extend32_s", I64, I64),

    [0xD0] = SPECIAL("ref.null", IMM_REFTYPE),
    [0xD1] = SPECIAL("ref.is_null", IMM_NONE),
    [0xD2] = SPECIAL("ref.func", IMM_FUNC),
};

/* 0xFC-prefixed instructions, by sub-opcode. */
static const struct wasm_opcode_info prefix_fc[18] = {
    [0x00] = UN("i32.trunc_sat_f32_s", F32, I32),
    [0x01] = UN("i32.trunc_sat_f32_u", F32, I32),
    [0x02] = UN("i32.trunc_sat_f64_s", F64, I32),
    [0x03] = UN("i32.trunc_sat_f64_u", F64, I32),
    [0x04] = UN("i64.trunc_sat_f32_s", F32, I64),
    [0x05] = UN("i64.trunc_sat_f32_u", F32, I64),
    [0x06] = UN("i64.trunc_sat_f64_s", F64, I64),
    [0x07] = UN("i64.trunc_sat_f64_u", F64, I64),
    [0x08] = SPECIAL("memory.init", IMM_MEMORY_INIT),
    [0x09] = SPECIAL("data.drop", IMM_DATA),
    [0x0A] = SPECIAL("memory.copy", IMM_MEMORY_COPY),
    [0x0B] = SPECIAL("memory.fill", IMM_ZERO_BYTE),
    [0x0C] = SPECIAL("table.init", IMM_TABLE_INIT),
    [0x0D] = SPECIAL("elem.drop", IMM_ELEM),
    [0x0E] = SPECIAL("table.copy", IMM_TABLE_COPY),
    [0x0F] = SPECIAL("table.grow", IMM_TABLE),
    [0x10] = SPECIAL("table.size", IMM_TABLE),
    [0x11] = SPECIAL("table.fill", IMM_TABLE),
};

const struct wasm_opcode_info *wasm_opcode_info(uint32_t op)
{
    const struct wasm_opcode_info *info = NULL;
    if (op < 0x100)
        info = &single_byte[op];
    else if (op >= 0xFC00 && op - 0xFC00 < sizeof prefix_fc / sizeof prefix_fc[0])
        info = &prefix_fc[op - 0xFC00];
    return info && info->kind != OPK_INVALID ? info : NULL;
}

const char *wasm_opcode_name(uint32_t op)
{
    const struct wasm_opcode_info *info = wasm_opcode_info(op);
    return info ? info->name : "<illegal>";
}
