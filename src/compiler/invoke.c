/*
 * invoke.c — the way into compiled wasm (wasm_invoke) and the ways out of it (traps).
 *
 * C cannot call compiled code directly: the first arguments travel in registers, the
 * rest in an outgoing stack area, and r15 must hold the instance (see runtime.h). A
 * small trampoline, generated once with the x86 encoder, bridges System V to that
 * convention; wasm_invoke sorts the slots into the registers they go in (x64_callconv.c)
 * and back. A trap must abandon every wasm frame (and any C frame of a host function)
 * between the trap and the innermost wasm_invoke: the trampoline records its stack
 * pointer in wasm_exec_current->unwind_rsp, and the trap functions jump to the
 * trampoline's exit with rsp put back there. This is setjmp/longjmp made by hand,
 * because the same code runs in the kernel, which has no libc.
 */
#include "embed.h"
#include "runtime.h"
#include "x64_callconv.h"
#include "x64_encode.h"

/* One call, as wasm_invoke prepares it for the trampoline. */
struct invoke_call {
    void *code;
    struct wasm_instance *instance;
    uint64_t *slots;
    uint64_t nparams;
    uint64_t nresults;
    uint64_t param_gpr[X64_PARAM_GPRS];     /* the argument registers' values, in the */
    uint64_t param_xmm[X64_PARAM_XMMS];     /* order of x64_callconv.c's lists */
    uint64_t result_gpr[X64_RESULT_GPRS];   /* and the result registers' after the call */
    uint64_t result_xmm[X64_RESULT_XMMS];
};

#define CALL_FIELD(f) ((int32_t)__builtin_offsetof(struct invoke_call, f))

/*
 * The trampoline's frame (addresses grow upward; rbp is 16-byte aligned):
 *
 *   [rbp+8]    return address into wasm_invoke
 *   [rbp]      caller's rbp
 *   [rbp-8]    rbx          \
 *   [rbp-16]   r12           |  System V callee-saved registers:
 *   [rbp-24]   r13           |  compiled code clobbers them all
 *   [rbp-32]   r14           |
 *   [rbp-40]   r15          /
 *   [rbp-48]   previous exec->unwind_rsp (nested invokes restore it on the way out)
 *   [rbp-56]   exec         (struct wasm_exec *)
 *   [rbp-64]   call         (struct invoke_call *)   <- exec->unwind_rsp points here
 *   [rbp-64-N] outgoing area: max(nparams, nresults) slots, rounded up to 16 bytes
 *              <- rsp at the call to the wasm function
 */
enum {
    FRAME_PREV_UNWIND = -48,
    FRAME_EXEC = -56,
    FRAME_CALL = -64,
    FRAME_UNWIND = 64,        /* rbp - unwind_rsp */
    EXEC_UNWIND_RSP = 0,      /* offsetof(struct wasm_exec, unwind_rsp) */
    TRAMPOLINE_MAX = 512,
};

_Static_assert(__builtin_offsetof(struct wasm_exec, unwind_rsp) == EXEC_UNWIND_RSP,
               "the trampoline stores unwind_rsp at offset 0");

/* rdi = the call, rsi = exec */
typedef enum wasm_trap (*trampoline_fn)(struct invoke_call *call, struct wasm_exec *exec);
/* rdi = the unwind rsp, esi = the trap; never returns to its caller */
typedef void (*unwind_fn)(uint64_t rsp, uint32_t trap);

static trampoline_fn trampoline;
static unwind_fn unwind_entry;

/* Copy rcx slots (counting rcx down to 0) from [src + 8*i] to [dst + 8*i]; rax is scratch. */
static void emit_copy_loop(struct x64_buf *b, enum x64_reg dst, enum x64_reg src)
{
    x64_test_r_r(b, true, X64_RCX, X64_RCX);           /* test rcx, rcx */
    size_t skip = x64_jcc_rel32(b, X64_CC_E);          /* jz done */
    size_t loop = x64_buf_pos(b);
    x64_mov_r_m(b, true, X64_RAX, x64_mem_index(src, X64_RCX, 8, -8)); /* mov rax, [src+rcx*8-8] */
    x64_mov_m_r(b, true, x64_mem_index(dst, X64_RCX, 8, -8), X64_RAX); /* mov [dst+rcx*8-8], rax */
    x64_alu_r_imm(b, X64_SUB, true, X64_RCX, 1);       /* sub rcx, 1 */
    size_t back = x64_jcc_rel32(b, X64_CC_NE);         /* jnz loop */
    x64_patch_rel32(b, back, loop);
    x64_patch_rel32(b, skip, x64_buf_pos(b));
}

/* Move every register of one of x64_callconv.c's lists to or from the array at
 * [r11 + field]: `of_type` picks the list (an integer or a float type), `params` the
 * params' lists or the results'. */
static void emit_register_moves(struct x64_buf *b, uint8_t of_type, bool params, int32_t field,
                                bool to_memory)
{
    struct x64_regs_used used = { 0, 0 };
    for (int32_t k = 0;; k++) {
        int reg = params ? x64_param_reg(&used, of_type) : x64_result_reg(&used, of_type);
        if (reg < 0)
            return;
        struct x64_mem m = x64_mem_base(X64_R11, field + 8 * k);
        if (of_type == WASM_F64 && to_memory)
            x64_sse_mov_m_xmm(b, true, m, (enum x64_xmm)reg);      /* movsd [r11+...], xmm */
        else if (of_type == WASM_F64)
            x64_sse_mov_xmm_m(b, true, (enum x64_xmm)reg, m);      /* movsd xmm, [r11+...] */
        else if (to_memory)
            x64_mov_m_r(b, true, m, (enum x64_reg)reg);            /* mov [r11+...], reg */
        else
            x64_mov_r_m(b, true, (enum x64_reg)reg, m);            /* mov reg, [r11+...] */
    }
}

/* Emit the trampoline (at offset 0) and its unwind entry; returns the entry's offset. */
static size_t emit_trampoline(struct x64_buf *b)
{
    static const enum x64_reg saved[] = { X64_RBX, X64_R12, X64_R13, X64_R14, X64_R15 };

    x64_push_r64(b, X64_RBP);                          /* push rbp */
    x64_mov_r_r(b, true, X64_RBP, X64_RSP);            /* mov rbp, rsp */
    for (int i = 0; i < 5; i++)
        x64_push_r64(b, saved[i]);                     /* push rbx, r12, r13, r14, r15 */
    x64_mov_r_m(b, true, X64_RAX, x64_mem_base(X64_RSI, EXEC_UNWIND_RSP));
    x64_push_r64(b, X64_RAX);                          /* push exec->unwind_rsp */
    x64_push_r64(b, X64_RSI);                          /* push exec */
    x64_push_r64(b, X64_RDI);                          /* push call: rsp = rbp - 64, aligned */
    x64_mov_m_r(b, true, x64_mem_base(X64_RSI, EXEC_UNWIND_RSP), X64_RSP); /* exec->unwind_rsp = rsp */
    x64_mov_r_r(b, true, X64_R11, X64_RDI);            /* mov r11, call */

    /* The outgoing area: max(nparams, nresults) * 8, rounded up to 16. */
    x64_mov_r_m(b, true, X64_RCX, x64_mem_base(X64_R11, CALL_FIELD(nparams)));  /* mov rcx, nparams */
    x64_mov_r_m(b, true, X64_R8, x64_mem_base(X64_R11, CALL_FIELD(nresults)));  /* mov r8, nresults */
    x64_mov_r_r(b, true, X64_RAX, X64_RCX);            /* mov rax, rcx */
    x64_alu_r_r(b, X64_CMP, true, X64_RAX, X64_R8);    /* cmp rax, r8 */
    x64_cmovcc_r_r(b, X64_CC_B, true, X64_RAX, X64_R8);/* cmovb rax, r8 */
    x64_shift_r_imm(b, X64_SHL, true, X64_RAX, 3);     /* shl rax, 3 */
    x64_alu_r_imm(b, X64_ADD, true, X64_RAX, 15);      /* add rax, 15 */
    x64_alu_r_imm(b, X64_AND, true, X64_RAX, -16);     /* and rax, -16 */
    x64_alu_r_r(b, X64_SUB, true, X64_RSP, X64_RAX);   /* sub rsp, rax */
    x64_mov_r_m(b, true, X64_RDX, x64_mem_base(X64_R11, CALL_FIELD(slots)));    /* mov rdx, slots */
    emit_copy_loop(b, X64_RSP, X64_RDX);               /* arguments: slots -> area */

    emit_register_moves(b, WASM_I64, true, CALL_FIELD(param_gpr), false);  /* mov rdi, [r11+..] ... */
    emit_register_moves(b, WASM_F64, true, CALL_FIELD(param_xmm), false);  /* movsd xmm0, [r11+..] ... */
    x64_mov_r_m(b, true, X64_R15, x64_mem_base(X64_R11, CALL_FIELD(instance))); /* mov r15, instance */
    x64_call_m64(b, x64_mem_base(X64_R11, CALL_FIELD(code)));                   /* call [r11 + code] */
    x64_mov_r_m(b, true, X64_R11, x64_mem_base(X64_RBP, FRAME_CALL));           /* mov r11, call */
    emit_register_moves(b, WASM_I64, false, CALL_FIELD(result_gpr), true); /* mov [r11+..], rax ... */
    emit_register_moves(b, WASM_F64, false, CALL_FIELD(result_xmm), true); /* movsd [r11+..], xmm0 ... */
    x64_mov_r_m(b, true, X64_RDX, x64_mem_base(X64_R11, CALL_FIELD(slots)));    /* mov rdx, slots */
    x64_mov_r_m(b, true, X64_RCX, x64_mem_base(X64_R11, CALL_FIELD(nresults))); /* mov rcx, nresults */
    emit_copy_loop(b, X64_RDX, X64_RSP);               /* results: area -> slots */
    x64_alu_r_r(b, X64_XOR, false, X64_RAX, X64_RAX);  /* eax = WASM_TRAP_NONE */

    /* exit: eax = the result, rbp = this frame. */
    size_t exit = x64_buf_pos(b);
    x64_mov_r_m(b, true, X64_R9, x64_mem_base(X64_RBP, FRAME_EXEC));        /* mov r9, exec */
    x64_mov_r_m(b, true, X64_RCX, x64_mem_base(X64_RBP, FRAME_PREV_UNWIND)); /* mov rcx, previous */
    x64_mov_m_r(b, true, x64_mem_base(X64_R9, EXEC_UNWIND_RSP), X64_RCX);   /* exec->unwind_rsp = rcx */
    x64_lea_r64_m(b, X64_RSP, x64_mem_base(X64_RBP, -40));                 /* lea rsp, [rbp-40] */
    for (int i = 4; i >= 0; i--)
        x64_pop_r64(b, saved[i]);                      /* pop r15, r14, r13, r12, rbx */
    x64_pop_r64(b, X64_RBP);                           /* pop rbp */
    x64_ret(b);                                        /* ret */

    /* unwind: rdi = exec->unwind_rsp, esi = the trap, from any depth of wasm or host C. */
    size_t unwind = x64_buf_pos(b);
    x64_mov_r_r(b, true, X64_RSP, X64_RDI);            /* mov rsp, rdi */
    x64_lea_r64_m(b, X64_RBP, x64_mem_base(X64_RSP, FRAME_UNWIND)); /* lea rbp, [rsp+64] */
    x64_mov_r_r(b, false, X64_RAX, X64_RSI);           /* mov eax, esi */
    size_t jump = x64_jmp_rel32(b);                    /* jmp exit */
    x64_patch_rel32(b, jump, exit);
    return unwind;
}

/* Generate the trampoline on first use. False when code memory cannot be had. */
static bool trampoline_ready(void)
{
    if (trampoline != NULL)
        return true;
    uint8_t *code = wasm_code_alloc(TRAMPOLINE_MAX);
    if (code == NULL)
        return false;
    struct x64_buf b;
    x64_buf_init(&b, code, TRAMPOLINE_MAX);
    size_t unwind = emit_trampoline(&b);
    if (b.overflow) {
        wasm_code_free(code, TRAMPOLINE_MAX);
        return false;
    }
    wasm_code_seal(code, TRAMPOLINE_MAX);
    unwind_entry = (unwind_fn)(void *)(code + unwind);
    trampoline = (trampoline_fn)(void *)code;
    return true;
}

static void trap_clear(struct wasm_trap_info *info)
{
    info->trap = WASM_TRAP_NONE;
    info->instance = NULL;
    info->func_index = UINT32_MAX;
    info->wasm_offset = 0;
    info->message[0] = '\0';
}

enum wasm_trap wasm_invoke(struct wasm_func_ref *f, uint64_t *slots)
{
    struct wasm_exec *exec = wasm_exec_current;
    trap_clear(&exec->trap);
    if (!trampoline_ready()) {
        exec->trap.trap = WASM_TRAP_HOST;
        wasm_format(exec->trap.message, sizeof exec->trap.message, "out of code memory");
        return WASM_TRAP_HOST;
    }
    const struct wasm_functype *type = f->type;
    struct invoke_call call = { f->code, f->instance, slots, type->nparams, type->nresults,
                                { 0 }, { 0 }, { 0 }, { 0 } };
    struct x64_regs_used used = { 0, 0 };
    for (uint32_t i = 0; i < type->nparams; i++) {
        uint8_t t = type->types[i];
        uint64_t value = t == WASM_I32 || t == WASM_F32 ? (uint32_t)slots[i] : slots[i];
        if (x64_param_reg(&used, t) < 0)
            continue;
        if (t == WASM_F32 || t == WASM_F64)
            call.param_xmm[used.xmms - 1] = value;
        else
            call.param_gpr[used.gprs - 1] = value;
    }
    enum wasm_trap trap = trampoline(&call, exec);
    if (trap != WASM_TRAP_NONE)
        return trap;
    used = (struct x64_regs_used){ 0, 0 };
    for (uint32_t i = 0; i < type->nresults; i++) {
        uint8_t t = type->types[type->nparams + i];
        if (x64_result_reg(&used, t) < 0)
            continue;
        uint64_t value = t == WASM_F32 || t == WASM_F64 ? call.result_xmm[used.xmms - 1]
                                                         : call.result_gpr[used.gprs - 1];
        slots[i] = t == WASM_I32 || t == WASM_F32 ? (uint32_t)value : value;
    }
    return WASM_TRAP_NONE;
}

/* Leave for the innermost wasm_invoke, which returns `trap`. */
static _Noreturn void unwind(enum wasm_trap trap)
{
    struct wasm_exec *exec = wasm_exec_current;
    if (exec->unwind_rsp == 0 || unwind_entry == NULL)
        __builtin_trap();   /* a trap outside wasm: a bug of ours, not of the module */
    exec->trap.trap = trap;
    unwind_entry(exec->unwind_rsp, trap);
    __builtin_unreachable();
}

/* The defined function whose body holds `offset`, by binary search (bodies are in order). */
static uint32_t func_at_offset(const struct wasm_module *m, uint32_t offset)
{
    uint32_t lo = m->nfunc_imports, hi = m->nfuncs;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (m->funcs[mid].body_end <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < m->nfuncs && m->funcs[lo].body_start <= offset)
        return lo;
    return UINT32_MAX;
}

_Noreturn void wasm_trap_raise(struct wasm_instance *inst, enum wasm_trap trap, uint32_t wasm_offset)
{
    struct wasm_trap_info *info = &wasm_exec_current->trap;
    trap_clear(info);
    info->instance = inst;
    info->wasm_offset = wasm_offset;
    if (inst != NULL && wasm_offset != 0)
        info->func_index = func_at_offset(inst->module, wasm_offset);
    unwind(trap);
}

_Noreturn void wasm_trap_host(struct wasm_instance *inst, const char *reason)
{
    struct wasm_trap_info *info = &wasm_exec_current->trap;
    trap_clear(info);
    info->instance = inst;
    wasm_format(info->message, sizeof info->message, "%s", reason);
    unwind(WASM_TRAP_HOST);
}

_Noreturn void wasm_trap_from_fault(enum wasm_trap trap, uint64_t pc, struct wasm_instance *inst)
{
    struct wasm_trap_info *info = &wasm_exec_current->trap;
    trap_clear(info);
    info->instance = inst;
    wasm_code_locate(pc, &info->func_index, &info->wasm_offset);
    unwind(trap);
}

/* The spec interpreter's wording, which the spec tests' assert_trap compares against. */
static const char *const trap_messages[WASM_TRAP_COUNT] = {
    [WASM_TRAP_NONE] = "no trap",
    [WASM_TRAP_UNREACHABLE] = "unreachable",
    [WASM_TRAP_MEMORY_OOB] = "out of bounds memory access",
    [WASM_TRAP_TABLE_OOB] = "out of bounds table access",
    [WASM_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [WASM_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [WASM_TRAP_INDIRECT_CALL_TYPE] = "indirect call type mismatch",
    [WASM_TRAP_DIV_ZERO] = "integer divide by zero",
    [WASM_TRAP_INT_OVERFLOW] = "integer overflow",
    [WASM_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [WASM_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [WASM_TRAP_HOST] = "host function failed",
    [WASM_TRAP_OUT_OF_MEMORY] = "out of memory",   /* ours: no spec test expects it */
};

const char *wasm_trap_message(enum wasm_trap trap)
{
    if ((unsigned)trap >= WASM_TRAP_COUNT)
        return "unknown trap";
    return trap_messages[trap];
}
