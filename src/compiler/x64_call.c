/*
 * x64_call.c — calls between wasm functions, in the internal convention of runtime.h:
 * the first arguments and results in registers (x64_callconv.c), the rest in the
 * outgoing area at [rsp + 8*i], r15 = the callee's instance, every register caller-saved.
 *
 *   direct (defined):   call rel32                          (linked in be_finish)
 *   import:             mov rax, [r15 + funcs] ; mov rax, [rax + 8*f] ; mov [rbp - 8], r15
 *                       mov r15, [rax + instance] ; call [rax + code] ; mov r15, [rbp - 8]
 *   call_indirect:      index < table size          else "undefined element"
 *                       ref = elems[index] != null  else "uninitialized element"
 *                       ref->sig == canonical id    else "indirect call type mismatch"
 *                       then as an import call through ref
 */
#include "x64_backend.h"

/* The outgoing area holds a slot for every param and result of every call made. */
static void reserve_outgoing(struct be *be, const struct wasm_functype *ft)
{
    uint32_t slots = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
    if (8 * slots > be->outgoing_bytes)
        be->outgoing_bytes = 8 * slots;
}

/* Put the arguments, the `ft->nparams` entries below the top `skip`, where the callee
 * expects them. Everything else still in a register is spilled first (the callee
 * clobbers every register); memory arguments are stored before the register ones are
 * loaded, and each register argument stays locked, so placing one never disturbs
 * another that is already in place. */
static void place_args(struct be *be, const struct wasm_functype *ft, uint32_t skip)
{
    struct valstack *vs = &be->vs;
    uint32_t n = ft->nparams;
    reserve_outgoing(be, ft);
    vs_spill_regs_below(vs, vs->height - skip - n);
    struct x64_regs_used used = { 0, 0 };
    for (uint32_t i = 0; i < n; i++)
        if (x64_param_reg(&used, ft->types[i]) < 0)
            vs_emit_store(vs, vs_top(vs, skip + n - 1 - i), x64_mem_base(X64_RSP, 8 * (int32_t)i));
    used = (struct x64_regs_used){ 0, 0 };
    for (uint32_t i = 0; i < n; i++) {
        int reg = x64_param_reg(&used, ft->types[i]);
        if (reg >= 0 && vs_is_float(ft->types[i]))
            vs_to_xmm_fixed(vs, skip + n - 1 - i, reg);
        else if (reg >= 0)
            vs_to_gpr_fixed(vs, skip + n - 1 - i, reg);
    }
}

/* After the call: r14 may be stale (another instance ran, or memory.grow moved our
 * memory in bounds-check mode); the results are in their registers or in the outgoing
 * area. A direct call in guard mode runs our own instance, whose memory never moves:
 * r14 is still right. No register is owned here, and each class's memory results come
 * after its register results, so loading them never takes a result register. */
static void take_results(struct be *be, const struct wasm_functype *ft, bool same_instance)
{
    struct valstack *vs = &be->vs;
    if (!same_instance || (be->opt && be->opt->bounds_checks))
        x64_reload_memory_base(be);
    struct x64_regs_used used = { 0, 0 };
    for (uint32_t i = 0; i < ft->nresults; i++) {
        uint8_t t = ft->types[ft->nparams + i];
        struct x64_mem slot = x64_mem_base(X64_RSP, 8 * (int32_t)i);
        int reg = x64_result_reg(&used, t);
        if (reg < 0 && vs_is_float(t)) {
            reg = vs_alloc_xmm(vs);
            x64_sse_mov_xmm_m(&be->buf, vs_is_wide(t), (enum x64_xmm)reg, slot);
        } else if (reg < 0) {
            reg = vs_alloc_gpr(vs);
            x64_mov_r_m(&be->buf, vs_is_wide(t), (enum x64_reg)reg, slot);
        }
        vs_push_reg(vs, t, reg);
        vs_unlock(vs, vs_is_float(t), reg);
    }
}

/* Call through the wasm_func_ref in rax: switch instances around the call (r15 is kept
 * at [rbp - 8] here rather than in every prologue: most functions never call through a
 * ref). The call gets a pc_map entry, so that a host function refusing it (a trap
 * raised from C) can be reported at this instruction: its return address lies inside
 * the call. */
static void call_through_ref(struct be *be)
{
    struct x64_buf *b = &be->buf;
    x64_mov_m_r(b, true, x64_mem_base(X64_RBP, -8), X64_R15);
    x64_mov_r_m(b, true, X64_R15, x64_mem_base(X64_RAX, WASM_FUNC_REF_INSTANCE));
    struct wasm_pc_entry site = { (uint32_t)x64_buf_pos(b), be->wasm_offset };
    X64_PUSH(be, be->pcs, site);
    x64_call_m64(b, x64_mem_base(X64_RAX, WASM_FUNC_REF_CODE));
    x64_mov_r_m(b, true, X64_R15, x64_mem_base(X64_RBP, -8));
}

void be_call(struct be *be, uint32_t func)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    const struct wasm_functype *ft = wasm_func_type(be->m, func);
    place_args(be, ft, 0);
    vs_pop(vs, ft->nparams);
    vs_spill_regs_below(vs, vs->height);
    vs_cache_clear(vs);   /* the callee clobbers every register */
    if (func < be->m->nfunc_imports) {
        x64_mov_r_m(b, true, X64_RAX, x64_mem_base(X64_R15, WASM_INST_FUNCS));
        x64_mov_r_m(b, true, X64_RAX, x64_mem_base(X64_RAX, 8 * (int32_t)func));
        call_through_ref(be);
    } else {
        struct x64_call_site site = { (uint32_t)x64_call_rel32(b), func };
        X64_PUSH(be, be->calls, site);
    }
    take_results(be, ft, func >= be->m->nfunc_imports);
}

void be_call_indirect(struct be *be, uint32_t type_index, uint32_t table)
{
    struct valstack *vs = &be->vs;
    struct x64_buf *b = &be->buf;
    const struct wasm_functype *ft = &be->m->types[type_index];
    uint32_t sig = wasm_sig_intern(ft);
    vs_to_gpr_fixed(vs, 0, X64_RAX);   /* the index; rax is no argument register */
    place_args(be, ft, 1);
    vs_pop(vs, 1 + ft->nparams);
    vs_spill_regs_below(vs, vs->height);
    vs_cache_clear(vs);

    x64_mov_r_m(b, true, X64_R11, x64_mem_base(X64_R15, WASM_INST_TABLES));
    x64_mov_r_m(b, true, X64_R11, x64_mem_base(X64_R11, 8 * (int32_t)table));
    x64_alu_r_m(b, X64_CMP, false, X64_RAX, x64_mem_base(X64_R11, WASM_TABLE_SIZE));
    x64_trap_if(be, X64_CC_AE, WASM_TRAP_UNDEFINED_ELEMENT);
    x64_mov_r_m(b, true, X64_R11, x64_mem_base(X64_R11, WASM_TABLE_ELEMS));
    x64_mov_r_m(b, true, X64_RAX, x64_mem_index(X64_R11, X64_RAX, 8, 0));
    x64_test_r_r(b, true, X64_RAX, X64_RAX);
    x64_trap_if(be, X64_CC_E, WASM_TRAP_UNINITIALIZED_ELEMENT);
    x64_alu_m_imm(b, X64_CMP, false, x64_mem_base(X64_RAX, WASM_FUNC_REF_SIG), (int32_t)sig);
    x64_trap_if(be, X64_CC_NE, WASM_TRAP_INDIRECT_CALL_TYPE);
    call_through_ref(be);
    take_results(be, ft, false);
}
