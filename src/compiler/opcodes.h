/*
 * opcodes.h — the WebAssembly 2.0 (non-SIMD) opcode set, as a table.
 *
 * One row per opcode: its name, the kind of immediate that follows it, how the walk in
 * compile.c handles it, and, for the "simple" ones, its type signature. The walk uses
 * the table to validate and dispatch; `atoll-run --dump` uses it for names. Opcodes
 * behind the 0xFC prefix are numbered 0xFC00 + their sub-opcode so that one 32-bit
 * number names any instruction.
 */
#ifndef ATOLL_OPCODES_H
#define ATOLL_OPCODES_H

#include <stddef.h>
#include <stdint.h>

/* What follows the opcode byte(s). */
enum wasm_imm {
    IMM_NONE,
    IMM_BLOCKTYPE,      /* block, loop, if: 0x40, a value type, or a type index (s33) */
    IMM_LABEL,          /* br, br_if: label depth */
    IMM_BR_TABLE,       /* vector of depths, then the default depth */
    IMM_FUNC,           /* call, ref.func: function index */
    IMM_CALL_INDIRECT,  /* type index, table index */
    IMM_LOCAL,
    IMM_GLOBAL,
    IMM_TABLE,          /* table.get/set/size/grow/fill */
    IMM_MEMARG,         /* alignment exponent, offset */
    IMM_ZERO_BYTE,      /* memory.size, memory.grow, memory.fill: reserved memory index */
    IMM_I32, IMM_I64, IMM_F32, IMM_F64,
    IMM_SELECT_T,       /* vector of value types (length 1) */
    IMM_REFTYPE,        /* ref.null */
    IMM_DATA,           /* data.drop */
    IMM_ELEM,           /* elem.drop */
    IMM_MEMORY_INIT,    /* data index, reserved zero byte */
    IMM_MEMORY_COPY,    /* two reserved zero bytes */
    IMM_TABLE_INIT,     /* elem index, table index */
    IMM_TABLE_COPY,     /* destination table, source table */
};

/* How the walk treats the instruction. */
enum wasm_op_kind {
    OPK_INVALID = 0,    /* an unused encoding: "illegal opcode" */
    OPK_SPECIAL,        /* control, variables, references, tables...: its own case */
    OPK_NUMERIC,        /* pops `params`, pushes `result`, no immediate, no side effect but traps */
    OPK_LOAD,           /* memarg; i32 address -> result */
    OPK_STORE,          /* memarg; i32 address, params[1] value -> nothing */
};

struct wasm_opcode_info {
    const char *name;
    uint8_t imm;        /* enum wasm_imm */
    uint8_t kind;       /* enum wasm_op_kind */
    uint8_t params[3];  /* value types popped, deepest first; 0 ends the list */
    uint8_t result;     /* value type pushed, 0 for none */
    uint8_t size_log2;  /* loads and stores: log2 of the access size (natural alignment) */
};

/* The rows of the one-byte opcodes, by opcode (opcodes.c). */
extern const struct wasm_opcode_info wasm_opcode_rows[256];
/* The row for any other `op` (0xFC00 + sub-opcode...), or NULL. */
const struct wasm_opcode_info *wasm_opcode_info_fc(uint32_t op);

/* The row for `op` (a byte, or 0xFC00 + sub-opcode); NULL for an unused encoding.
 * Inline: the walk looks up every instruction. */
static inline const struct wasm_opcode_info *wasm_opcode_info(uint32_t op)
{
    if (op >= 0x100)
        return wasm_opcode_info_fc(op);
    return wasm_opcode_rows[op].kind != OPK_INVALID ? &wasm_opcode_rows[op] : NULL;
}
/* Its name ("i32.add"), or "<illegal>" for an unused encoding. */
const char *wasm_opcode_name(uint32_t op);

/* Opcode numbers, for the switches of the walk and the backend. */
enum wasm_opcode {
    OP_UNREACHABLE = 0x00, OP_NOP = 0x01, OP_BLOCK = 0x02, OP_LOOP = 0x03, OP_IF = 0x04,
    OP_ELSE = 0x05, OP_END = 0x0B, OP_BR = 0x0C, OP_BR_IF = 0x0D, OP_BR_TABLE = 0x0E,
    OP_RETURN = 0x0F, OP_CALL = 0x10, OP_CALL_INDIRECT = 0x11,
    OP_DROP = 0x1A, OP_SELECT = 0x1B, OP_SELECT_T = 0x1C,
    OP_LOCAL_GET = 0x20, OP_LOCAL_SET = 0x21, OP_LOCAL_TEE = 0x22,
    OP_GLOBAL_GET = 0x23, OP_GLOBAL_SET = 0x24, OP_TABLE_GET = 0x25, OP_TABLE_SET = 0x26,

    OP_I32_LOAD = 0x28, OP_I64_LOAD, OP_F32_LOAD, OP_F64_LOAD,
    OP_I32_LOAD8_S, OP_I32_LOAD8_U, OP_I32_LOAD16_S, OP_I32_LOAD16_U,
    OP_I64_LOAD8_S, OP_I64_LOAD8_U, OP_I64_LOAD16_S, OP_I64_LOAD16_U,
    OP_I64_LOAD32_S, OP_I64_LOAD32_U,
    OP_I32_STORE = 0x36, OP_I64_STORE, OP_F32_STORE, OP_F64_STORE,
    OP_I32_STORE8, OP_I32_STORE16, OP_I64_STORE8, OP_I64_STORE16, OP_I64_STORE32,
    OP_MEMORY_SIZE = 0x3F, OP_MEMORY_GROW = 0x40,

    OP_I32_CONST = 0x41, OP_I64_CONST, OP_F32_CONST, OP_F64_CONST,

    OP_I32_EQZ = 0x45, OP_I32_EQ, OP_I32_NE, OP_I32_LT_S, OP_I32_LT_U, OP_I32_GT_S,
    OP_I32_GT_U, OP_I32_LE_S, OP_I32_LE_U, OP_I32_GE_S, OP_I32_GE_U,
    OP_I64_EQZ = 0x50, OP_I64_EQ, OP_I64_NE, OP_I64_LT_S, OP_I64_LT_U, OP_I64_GT_S,
    OP_I64_GT_U, OP_I64_LE_S, OP_I64_LE_U, OP_I64_GE_S, OP_I64_GE_U,
    OP_F32_EQ = 0x5B, OP_F32_NE, OP_F32_LT, OP_F32_GT, OP_F32_LE, OP_F32_GE,
    OP_F64_EQ = 0x61, OP_F64_NE, OP_F64_LT, OP_F64_GT, OP_F64_LE, OP_F64_GE,

    OP_I32_CLZ = 0x67, OP_I32_CTZ, OP_I32_POPCNT, OP_I32_ADD, OP_I32_SUB, OP_I32_MUL,
    OP_I32_DIV_S, OP_I32_DIV_U, OP_I32_REM_S, OP_I32_REM_U, OP_I32_AND, OP_I32_OR,
    OP_I32_XOR, OP_I32_SHL, OP_I32_SHR_S, OP_I32_SHR_U, OP_I32_ROTL, OP_I32_ROTR,
    OP_I64_CLZ = 0x79, OP_I64_CTZ, OP_I64_POPCNT, OP_I64_ADD, OP_I64_SUB, OP_I64_MUL,
    OP_I64_DIV_S, OP_I64_DIV_U, OP_I64_REM_S, OP_I64_REM_U, OP_I64_AND, OP_I64_OR,
    OP_I64_XOR, OP_I64_SHL, OP_I64_SHR_S, OP_I64_SHR_U, OP_I64_ROTL, OP_I64_ROTR,

    OP_F32_ABS = 0x8B, OP_F32_NEG, OP_F32_CEIL, OP_F32_FLOOR, OP_F32_TRUNC, OP_F32_NEAREST,
    OP_F32_SQRT, OP_F32_ADD, OP_F32_SUB, OP_F32_MUL, OP_F32_DIV, OP_F32_MIN, OP_F32_MAX,
    OP_F32_COPYSIGN,
    OP_F64_ABS = 0x99, OP_F64_NEG, OP_F64_CEIL, OP_F64_FLOOR, OP_F64_TRUNC, OP_F64_NEAREST,
    OP_F64_SQRT, OP_F64_ADD, OP_F64_SUB, OP_F64_MUL, OP_F64_DIV, OP_F64_MIN, OP_F64_MAX,
    OP_F64_COPYSIGN,

    OP_I32_WRAP_I64 = 0xA7, OP_I32_TRUNC_F32_S, OP_I32_TRUNC_F32_U, OP_I32_TRUNC_F64_S,
    OP_I32_TRUNC_F64_U, OP_I64_EXTEND_I32_S, OP_I64_EXTEND_I32_U, OP_I64_TRUNC_F32_S,
    OP_I64_TRUNC_F32_U, OP_I64_TRUNC_F64_S, OP_I64_TRUNC_F64_U, OP_F32_CONVERT_I32_S,
    OP_F32_CONVERT_I32_U, OP_F32_CONVERT_I64_S, OP_F32_CONVERT_I64_U, OP_F32_DEMOTE_F64,
    OP_F64_CONVERT_I32_S, OP_F64_CONVERT_I32_U, OP_F64_CONVERT_I64_S, OP_F64_CONVERT_I64_U,
    OP_F64_PROMOTE_F32, OP_I32_REINTERPRET_F32, OP_I64_REINTERPRET_F64,
    OP_F32_REINTERPRET_I32, OP_F64_REINTERPRET_I64,
    OP_I32_EXTEND8_S = 0xC0, OP_I32_EXTEND16_S, OP_I64_EXTEND8_S, OP_I64_EXTEND16_S,
    OP_I64_EXTEND32_S,

    OP_REF_NULL = 0xD0, OP_REF_IS_NULL = 0xD1, OP_REF_FUNC = 0xD2,

    OP_PREFIX_FC = 0xFC,
    OP_I32_TRUNC_SAT_F32_S = 0xFC00, OP_I32_TRUNC_SAT_F32_U, OP_I32_TRUNC_SAT_F64_S,
    OP_I32_TRUNC_SAT_F64_U, OP_I64_TRUNC_SAT_F32_S, OP_I64_TRUNC_SAT_F32_U,
    OP_I64_TRUNC_SAT_F64_S, OP_I64_TRUNC_SAT_F64_U,
    OP_MEMORY_INIT = 0xFC08, OP_DATA_DROP, OP_MEMORY_COPY, OP_MEMORY_FILL,
    OP_TABLE_INIT = 0xFC0C, OP_ELEM_DROP, OP_TABLE_COPY, OP_TABLE_GROW, OP_TABLE_SIZE,
    OP_TABLE_FILL = 0xFC11,
};

#endif
