/*
 * x64_table.c — references and tables.
 *
 * A funcref is a struct wasm_func_ref pointer (null is 0), an externref an opaque
 * pointer. table.get/set/size and ref.func read the instance directly:
 *
 *     mov r11, [r15 + tables] ; mov r11, [r11 + 8*t]     ; the struct wasm_table
 *     cmp idx, [r11 + size]   ; jae trap_table_oob
 *     mov r11, [r11 + elems]  ; mov val, [r11 + idx*8]
 *
 * table.grow/fill/copy/init and elem.drop call the runtime's helpers.
 */
#include "x64_backend.h"

void be_ref_null(struct be *be, uint8_t type)
{
    vs_push_const(&be->vs, type, 0);
}

void be_ref_is_null(struct be *be)
{
    struct valstack *vs = &be->vs;
    struct vs_entry *e = vs_top(vs, 0);
    if (e->loc == LOC_CONST) {
        bool null = e->bits == 0;
        vs_pop(vs, 1);
        vs_push_const(vs, WASM_I32, null);
        return;
    }
    enum x64_reg r = (enum x64_reg)vs_to_reg(vs, 0);
    x64_test_r_r(&be->buf, true, r, r);
    x64_setcc_r8(&be->buf, X64_CC_E, r);
    x64_movzx_r32_r8(&be->buf, r, r);
    vs_pop(vs, 1);
    vs_push_reg(vs, WASM_I32, r);
}

void be_ref_func(struct be *be, uint32_t func)
{
    struct valstack *vs = &be->vs;
    enum x64_reg r = (enum x64_reg)vs_alloc_gpr(vs);
    x64_mov_r_m(&be->buf, true, r, x64_mem_base(X64_R15, WASM_INST_FUNCS));
    x64_mov_r_m(&be->buf, true, r, x64_mem_base(r, 8 * (int32_t)func));
    vs_push_reg(vs, WASM_FUNCREF, r);
}

/* r11 = the table's element array, after checking `index` against its size. */
static void checked_elems(struct be *be, uint32_t table, enum x64_reg index)
{
    struct x64_buf *b = &be->buf;
    x64_mov_r_m(b, true, X64_R11, x64_mem_base(X64_R15, WASM_INST_TABLES));
    x64_mov_r_m(b, true, X64_R11, x64_mem_base(X64_R11, 8 * (int32_t)table));
    x64_alu_r_m(b, X64_CMP, false, index, x64_mem_base(X64_R11, WASM_TABLE_SIZE));
    x64_trap_if(be, X64_CC_AE, WASM_TRAP_TABLE_OOB);
    x64_mov_r_m(b, true, X64_R11, x64_mem_base(X64_R11, WASM_TABLE_ELEMS));
}

void be_table_get(struct be *be, uint32_t table)
{
    struct valstack *vs = &be->vs;
    enum x64_reg r = (enum x64_reg)vs_to_reg(vs, 0);
    checked_elems(be, table, r);
    x64_mov_r_m(&be->buf, true, r, x64_mem_index(X64_R11, r, 8, 0));
    vs_pop(vs, 1);
    vs_push_reg(vs, be->m->tables[table].elem_type, r);
}

void be_table_set(struct be *be, uint32_t table)
{
    struct valstack *vs = &be->vs;
    enum x64_reg value = (enum x64_reg)vs_to_reg(vs, 0);
    enum x64_reg index = (enum x64_reg)vs_to_reg(vs, 1);
    checked_elems(be, table, index);
    x64_mov_m_r(&be->buf, true, x64_mem_index(X64_R11, index, 8, 0), value);
    vs_pop(vs, 2);
}

void be_table_size(struct be *be, uint32_t table)
{
    struct valstack *vs = &be->vs;
    enum x64_reg r = (enum x64_reg)vs_alloc_gpr(vs);
    x64_mov_r_m(&be->buf, true, r, x64_mem_base(X64_R15, WASM_INST_TABLES));
    x64_mov_r_m(&be->buf, true, r, x64_mem_base(r, 8 * (int32_t)table));
    x64_mov_r_m(&be->buf, false, r, x64_mem_base(r, WASM_TABLE_SIZE));
    vs_push_reg(vs, WASM_I32, r);
}

void be_table_grow(struct be *be, uint32_t table)
{
    struct x64_arg args[3] = { { true, table }, { false, 1 }, { false, 0 } };
    x64_helper_call(be, (const void *)&wasm_rt_table_grow, args, 3, 2);
    vs_push_reg(&be->vs, WASM_I32, X64_RAX);
}

void be_table_fill(struct be *be, uint32_t table)
{
    struct x64_arg args[4] = { { true, table }, { false, 2 }, { false, 1 }, { false, 0 } };
    x64_helper_call(be, (const void *)&wasm_rt_table_fill, args, 4, 3);
    x64_trap_if_eax(be);
}

void be_table_copy(struct be *be, uint32_t dst, uint32_t src)
{
    struct x64_arg args[5] = { { true, dst }, { true, src }, { false, 2 }, { false, 1 }, { false, 0 } };
    x64_helper_call(be, (const void *)&wasm_rt_table_copy, args, 5, 3);
    x64_trap_if_eax(be);
}

void be_table_init(struct be *be, uint32_t table, uint32_t seg)
{
    struct x64_arg args[5] = { { true, table }, { true, seg }, { false, 2 }, { false, 1 }, { false, 0 } };
    x64_helper_call(be, (const void *)&wasm_rt_table_init, args, 5, 3);
    x64_trap_if_eax(be);
}

void be_elem_drop(struct be *be, uint32_t seg)
{
    struct x64_arg arg = { true, seg };
    x64_helper_call(be, (const void *)&wasm_rt_elem_drop, &arg, 1, 0);
}
