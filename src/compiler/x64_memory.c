/*
 * x64_memory.c — loads, stores and the memory instructions.
 *
 * A wasm address is a 32-bit unsigned index plus a 32-bit unsigned offset, so the
 * effective address r14 + zext(index) + offset needs 33 bits: the index register is
 * always zero-extended (every i32 in a register is), and an offset too large for a
 * signed disp32 is added in r11 instead.
 *
 * Guard-region mode emits no check: an access beyond the memory faults in the guard
 * region, and pc_map (code offset -> wasm offset) lets the fault handler name the
 * instruction. Bounds-check mode compares the end of the access with the memory size:
 *
 *     lea  t, [index + offset + size]     ; 64-bit: cannot wrap
 *     cmp  t, [rbp - 16]                  ; the memory size, kept in the frame
 *     ja   trap_out_of_bounds
 *     mov  eax, [r14 + index + offset]
 *
 * memory.grow/fill/copy/init and data.drop call the runtime's helpers.
 */
#include "x64_backend.h"

static void record_pc(struct be *be)
{
    struct wasm_pc_entry e = { (uint32_t)x64_buf_pos(&be->buf), be->wasm_offset };
    X64_PUSH(be, be->pcs, e);
}

/* Check [index + offset, +size) against the memory size (bounds-check mode). */
static void bounds_check_reg(struct be *be, enum x64_reg index, uint64_t end)
{
    struct x64_buf *b = &be->buf;
    enum x64_reg t = (enum x64_reg)vs_alloc_gpr(&be->vs);
    if (end <= INT32_MAX) {
        x64_lea_r64_m(b, t, x64_mem_base(index, (int32_t)end));
    } else {
        x64_mov_r64_imm(b, t, end);
        x64_alu_r_r(b, X64_ADD, true, t, index);
    }
    x64_alu_r_m(b, X64_CMP, true, t, x64_mem_base(X64_RBP, X64_MEMORY_SIZE_SLOT));
    x64_trap_if(be, X64_CC_A, WASM_TRAP_MEMORY_OOB);
    vs_unlock(&be->vs, false, t);
}

static void bounds_check_const(struct be *be, uint64_t end)
{
    struct x64_buf *b = &be->buf;
    const struct wasm_limits *mem = &be->m->memories[0];
    if (end <= (uint64_t)mem->min * WASM_PAGE_SIZE)
        return;   /* a memory never shrinks below its declared minimum */
    struct x64_mem size = x64_mem_base(X64_RBP, X64_MEMORY_SIZE_SLOT);
    if (end <= INT32_MAX) {
        x64_alu_m_imm(b, X64_CMP, true, size, (int32_t)end);
    } else {
        x64_mov_r64_imm(b, X64_R11, end);
        x64_alu_m_r(b, X64_CMP, true, size, X64_R11);
    }
    x64_trap_if(be, X64_CC_B, WASM_TRAP_MEMORY_OOB);
}

/* The memory operand for an access of `size` bytes whose address is the entry `depth`
 * from the top, checked in bounds-check mode. *index_reg is the register the address
 * entry owns (it may be reused for a loaded value), or -1. */
static struct x64_mem address(struct be *be, uint32_t depth, uint32_t offset, uint32_t size,
                              int *index_reg)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    struct vs_entry *e = vs_top(vs, depth);
    bool checks = be->opt && be->opt->bounds_checks;
    *index_reg = -1;
    if (e->loc == LOC_CONST) {
        uint64_t ea = (uint64_t)(uint32_t)e->bits + offset;
        if (checks)
            bounds_check_const(be, ea + size);
        if (ea <= INT32_MAX)
            return x64_mem_base(X64_R14, (int32_t)ea);
        x64_mov_r64_imm(b, X64_R11, ea);
        return x64_mem_index(X64_R14, X64_R11, 1, 0);
    }
    enum x64_reg index;
    int cached = vs_cached_reg(vs, e);
    if (cached >= 0 && vs->local_types[e->local] == WASM_I32) {   /* zero-extended */
        /* a register already holds the local: address through it, read-only */
        index = (enum x64_reg)cached;
        vs->gpr_locked |= 1u << cached;
    } else {
        index = (enum x64_reg)vs_to_reg(vs, depth);
        *index_reg = index;
    }
    if (checks)
        bounds_check_reg(be, index, (uint64_t)offset + size);
    if (offset <= INT32_MAX)
        return x64_mem_index(X64_R14, index, 1, (int32_t)offset);
    x64_mov_r_imm32(b, false, X64_R11, (int32_t)offset);
    x64_alu_r_r(b, X64_ADD, true, X64_R11, index);
    return x64_mem_index(X64_R14, X64_R11, 1, 0);
}

void be_load(struct be *be, uint32_t op, uint32_t offset)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    const struct wasm_opcode_info *info = wasm_opcode_info(op);
    uint8_t type = info->result;
    int index;
    struct x64_mem mem = address(be, 0, offset, 1u << info->size_log2, &index);
    vs_pop(vs, 1);
    if (vs_is_float(type)) {
        int x = vs_alloc_xmm(vs);
        record_pc(be);
        x64_sse_mov_xmm_m(b, type == WASM_F64, (enum x64_xmm)x, mem);
        vs_push_reg(vs, type, x);
        return;
    }
    enum x64_reg r = (enum x64_reg)(index >= 0 ? index : vs_alloc_gpr(vs));
    record_pc(be);
    switch (op) {
    case OP_I32_LOAD:     x64_mov_r_m(b, false, r, mem); break;
    case OP_I64_LOAD:     x64_mov_r_m(b, true, r, mem); break;
    case OP_I32_LOAD8_S:  x64_movsx_r32_m8(b, r, mem); break;
    case OP_I32_LOAD8_U:  x64_movzx_r32_m8(b, r, mem); break;
    case OP_I32_LOAD16_S: x64_movsx_r32_m16(b, r, mem); break;
    case OP_I32_LOAD16_U: x64_movzx_r32_m16(b, r, mem); break;
    case OP_I64_LOAD8_S:  x64_movsx_r64_m8(b, r, mem); break;
    case OP_I64_LOAD8_U:  x64_movzx_r32_m8(b, r, mem); break;
    case OP_I64_LOAD16_S: x64_movsx_r64_m16(b, r, mem); break;
    case OP_I64_LOAD16_U: x64_movzx_r32_m16(b, r, mem); break;
    case OP_I64_LOAD32_S: x64_movsxd_r64_m32(b, r, mem); break;
    default:              x64_mov_r_m(b, false, r, mem); break;   /* i64.load32_u */
    }
    vs_push_reg(vs, type, r);
}

void be_store(struct be *be, uint32_t op, uint32_t offset)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    const struct wasm_opcode_info *info = wasm_opcode_info(op);
    uint32_t size = 1u << info->size_log2;
    struct vs_entry *v = vs_top(vs, 0);
    /* The value first: a register now, unless it is a constant that fits the store. */
    bool imm = v->loc == LOC_CONST;
    if (imm && size == 8) {
        int64_t s = (int64_t)v->bits;
        imm = s >= INT32_MIN && s <= INT32_MAX;
    }
    int r = imm ? -1 : x64_read_reg(be, 0);   /* only read: a local's register as it is */
    uint64_t bits = v->bits;
    int index;
    struct x64_mem mem = address(be, 1, offset, size, &index);
    record_pc(be);
    if (imm) {
        if (size == 1)
            x64_mov_m8_imm8(b, mem, (uint8_t)bits);
        else if (size == 2)
            x64_mov_m16_imm16(b, mem, (uint16_t)bits);
        else
            x64_mov_m_imm32(b, size == 8, mem, (int32_t)(uint32_t)bits);
    } else if (vs_is_float(v->type)) {
        x64_sse_mov_m_xmm(b, size == 8, mem, (enum x64_xmm)r);
    } else if (size == 1) {
        x64_mov_m8_r8(b, mem, (enum x64_reg)r);
    } else if (size == 2) {
        x64_mov_m16_r16(b, mem, (enum x64_reg)r);
    } else {
        x64_mov_m_r(b, size == 8, mem, (enum x64_reg)r);
    }
    vs_pop_read_only(vs, 2);
}

/* ------------------------------------------------------------------ memory instructions */

void be_memory_size(struct be *be)
{
    struct valstack *vs = &be->vs;
    enum x64_reg r = (enum x64_reg)vs_alloc_gpr(vs);
    x64_mov_r_m(&be->buf, true, r, x64_mem_base(X64_R15, WASM_INST_MEMORY));
    x64_mov_r_m(&be->buf, false, r, x64_mem_base(r, offsetof(struct wasm_memory, pages)));
    vs_push_reg(vs, WASM_I32, r);
}

static const struct x64_arg top3[3] = { { false, 2 }, { false, 1 }, { false, 0 } };

void be_memory_grow(struct be *be)
{
    struct x64_arg delta = { false, 0 };
    x64_helper_call(be, (const void *)&wasm_rt_memory_grow, &delta, 1, 1);
    x64_reload_memory_base(be);
    vs_push_reg(&be->vs, WASM_I32, X64_RAX);
}

void be_memory_fill(struct be *be)
{
    x64_helper_call(be, (const void *)&wasm_rt_memory_fill, top3, 3, 3);
    x64_trap_if_eax(be);
}

void be_memory_copy(struct be *be)
{
    x64_helper_call(be, (const void *)&wasm_rt_memory_copy, top3, 3, 3);
    x64_trap_if_eax(be);
}

void be_memory_init(struct be *be, uint32_t seg)
{
    struct x64_arg args[4] = { { true, seg }, { false, 2 }, { false, 1 }, { false, 0 } };
    x64_helper_call(be, (const void *)&wasm_rt_memory_init, args, 4, 3);
    x64_trap_if_eax(be);
}

void be_data_drop(struct be *be, uint32_t seg)
{
    struct x64_arg arg = { true, seg };
    x64_helper_call(be, (const void *)&wasm_rt_data_drop, &arg, 1, 0);
}
