/*
 * invoke_test.c — the runtime's way in and out of machine code, tested without the
 * compiler: small functions written with the x86 encoder in the internal calling
 * convention (runtime.h) are run through wasm_invoke.
 *
 * It checks argument and result passing, r15 for the callee, traps raised from code
 * (wasm_trap_raise), from hardware faults (SIGSEGV, #DE for both zero and INT_MIN/-1,
 * ud2), from a host function (wasm_trap_host), nested invokes from a host function back
 * into wasm, that unwinding restores the outer invoke, and signature interning. Prints
 * one line per check and "N passed, N failed".
 */
#include <stdio.h>
#include <string.h>

#include "embed.h"
#include "host_embed.h"
#include "runtime.h"
#include "x64_encode.h"

static int passed, failed;

static void check(const char *name, bool ok)
{
    printf("%s: %s\n", ok ? "ok  " : "FAIL", name);
    if (ok)
        passed++;
    else
        failed++;
}

static uint8_t types_iii[] = { WASM_I32, WASM_I32, WASM_I32 };
static struct wasm_functype type_ii_i = { 2, 1, types_iii, 0 };
static struct wasm_functype type_v_i = { 0, 1, types_iii, 0 };
static struct wasm_functype type_v_v = { 0, 0, types_iii, 0 };
static uint8_t types_l[] = { WASM_I64 };
static struct wasm_functype type_v_l = { 0, 1, types_l, 0 };

static struct wasm_module module;        /* no functions: traps report UINT32_MAX */
static struct wasm_code code;
static struct wasm_instance instance = { .module = &module };
static struct wasm_func_ref f_add, f_r15, f_raise, f_segv, f_div0, f_ovf, f_ud2, f_call_host;
static struct wasm_func_ref *host;

/* A ref to the function at `start` in the code block. */
static struct wasm_func_ref make(const struct wasm_functype *type, size_t start)
{
    struct wasm_func_ref f = { code.code + start, &instance, wasm_sig_intern(type), 0, type };
    return f;
}

static void build(void)
{
    struct x64_buf b;
    code.size = 4096;
    code.code = wasm_code_alloc(code.size);
    code.module = &module;
    x64_buf_init(&b, code.code, code.size);

    size_t add = x64_buf_pos(&b);          /* eax = edi + esi: arguments and result in registers */
    x64_mov_r_r(&b, false, X64_RAX, X64_RDI);
    x64_alu_r_r(&b, X64_ADD, false, X64_RAX, X64_RSI);
    x64_ret(&b);

    size_t r15 = x64_buf_pos(&b);          /* rax = r15 */
    x64_mov_r_r(&b, true, X64_RAX, X64_R15);
    x64_ret(&b);

    size_t raise = x64_buf_pos(&b);        /* wasm_trap_raise(r15, UNREACHABLE, 0x1234) */
    x64_push_r64(&b, X64_RBP);
    x64_mov_r_r(&b, true, X64_RDI, X64_R15);
    x64_mov_r_imm32(&b, false, X64_RSI, WASM_TRAP_UNREACHABLE);
    x64_mov_r_imm32(&b, false, X64_RDX, 0x1234);
    x64_mov_r64_imm64(&b, X64_RAX, (uint64_t)wasm_trap_raise);
    x64_call_r64(&b, X64_RAX);

    size_t segv = x64_buf_pos(&b);         /* load from address 8 */
    x64_mov_r_imm32(&b, false, X64_RAX, 8);
    x64_mov_r_m(&b, false, X64_RAX, x64_mem_base(X64_RAX, 0));
    x64_ret(&b);

    size_t div0 = x64_buf_pos(&b);         /* 1 / 0 with the divisor in memory */
    x64_mov_m_imm32(&b, false, x64_mem_base(X64_RSP, 8), 0);
    x64_mov_r_imm32(&b, false, X64_RAX, 1);
    x64_cdq(&b);
    x64_insn_r_m(&b, 0, false, 0xF7, 7, x64_mem_base(X64_RSP, 8), false);   /* idiv dword [rsp+8] */
    x64_ret(&b);

    size_t ovf = x64_buf_pos(&b);          /* INT64_MIN / -1 with the divisor in r11 */
    x64_mov_r_imm32(&b, true, X64_R11, -1);
    x64_mov_r64_imm64(&b, X64_RAX, 0x8000000000000000ull);
    x64_cqo(&b);
    x64_idiv_r(&b, true, X64_R11);
    x64_ret(&b);

    size_t ud2 = x64_buf_pos(&b);
    x64_ud2(&b);

    size_t call_host = x64_buf_pos(&b);    /* pass edi, esi on to the host function, eax back */
    x64_push_r64(&b, X64_RBP);
    x64_mov_r_r(&b, true, X64_RBP, X64_RSP);
    x64_alu_r_imm(&b, X64_SUB, true, X64_RSP, 16);   /* the outgoing area: its stub's slots */
    x64_mov_r64_imm64(&b, X64_RAX, (uint64_t)host->code);
    x64_call_r64(&b, X64_RAX);
    x64_mov_r_r(&b, true, X64_RSP, X64_RBP);
    x64_pop_r64(&b, X64_RBP);
    x64_ret(&b);

    wasm_code_seal(code.code, code.size);
    wasm_code_register(&code);
    f_add = make(&type_ii_i, add);
    f_r15 = make(&type_v_l, r15);
    f_raise = make(&type_v_v, raise);
    f_segv = make(&type_v_i, segv);
    f_div0 = make(&type_v_i, div0);
    f_ovf = make(&type_v_i, ovf);
    f_ud2 = make(&type_v_v, ud2);
    f_call_host = make(&type_ii_i, call_host);
}

/* 8 i64 and 10 f64 params, interleaved (more than either class has registers), and
 * 3 i64 and 3 f64 results. Invoked directly: the trampoline loads each register argument
 * (x64_callconv.c), the stub stores it back over its slot (a wrong register would show),
 * and the results come back through rax, rdx, xmm0, xmm1 and the slots. */
static uint8_t types_wide[] = {
    WASM_I64, WASM_F64, WASM_I64, WASM_F64, WASM_I64, WASM_F64, WASM_I64, WASM_F64, WASM_I64,
    WASM_F64, WASM_I64, WASM_F64, WASM_I64, WASM_F64, WASM_I64, WASM_F64, WASM_F64, WASM_F64,
    WASM_F64, WASM_I64, WASM_I64, WASM_F64, WASM_I64, WASM_F64,
};
static struct wasm_functype type_wide = { 18, 6, types_wide, 0 };

/* Each result is a sum of params weighted by position, so a misplaced one shows. */
static void wide_fn(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    (void)caller, (void)data;
    int64_t ints = 0;
    double floats = 0;
    for (int i = 0; i < 18; i++) {
        double f;
        memcpy(&f, &slots[i], 8);
        if (types_wide[i] == WASM_I64)
            ints = ints * 10 + (int64_t)slots[i];
        else
            floats = floats * 10 + f;
    }
    for (int k = 0; k < 6; k++) {
        uint8_t t = types_wide[18 + k];
        double f = floats + k;
        if (t == WASM_I64)
            slots[k] = (uint64_t)(ints + k);
        else
            memcpy(&slots[k], &f, 8);
    }
}

static struct wasm_instance *host_caller;
static enum wasm_trap nested_trap;

/* slot0 = slot0 + slot1 computed by a nested call to f_add, then +1000; refuses 99. */
static void host_fn(struct wasm_instance *caller, void *data, uint64_t *slots)
{
    host_caller = caller;
    uint64_t s[2] = { slots[0], slots[1] };
    wasm_invoke(&f_add, s);
    nested_trap = wasm_invoke(&f_div0, (uint64_t[1]){ 0 });   /* traps inside, stays inside */
    if (slots[1] == 99)
        wasm_trap_host(caller, (const char *)data);
    slots[0] = s[0] + 1000;
}

int main(void)
{
    host_embed_init();
    host = wasm_host_func_new(&type_ii_i, host_fn, "refused by host");
    build();
    struct wasm_exec *exec = wasm_exec_current;

    uint64_t s[2] = { 40, 2 };
    check("invoke passes arguments and returns results", wasm_invoke(&f_add, s) == WASM_TRAP_NONE && s[0] == 42);
    s[0] = 0;
    wasm_invoke(&f_r15, s);
    check("r15 holds the callee's instance", s[0] == (uint64_t)&instance);

    enum wasm_trap t = wasm_invoke(&f_raise, s);
    check("wasm_trap_raise unwinds with its trap", t == WASM_TRAP_UNREACHABLE && exec->trap.trap == t);
    check("the trap records its wasm offset and instance",
          exec->trap.wasm_offset == 0x1234 && exec->trap.instance == &instance);
    check("unwind_rsp is cleared after a trap", exec->unwind_rsp == 0);

    check("SIGSEGV in wasm code is an out of bounds memory access", wasm_invoke(&f_segv, s) == WASM_TRAP_MEMORY_OOB);
    check("#DE with a zero divisor is integer divide by zero", wasm_invoke(&f_div0, s) == WASM_TRAP_DIV_ZERO);
    check("#DE for INT64_MIN / -1 is integer overflow", wasm_invoke(&f_ovf, s) == WASM_TRAP_INT_OVERFLOW);
    check("ud2 is unreachable", wasm_invoke(&f_ud2, s) == WASM_TRAP_UNREACHABLE);

    s[0] = 5, s[1] = 6;
    t = wasm_invoke(&f_call_host, s);
    check("wasm calls a host function that calls back into wasm", t == WASM_TRAP_NONE && s[0] == 1011);
    check("a trap in a nested invoke returns to the host function", nested_trap == WASM_TRAP_DIV_ZERO);
    check("the host function sees r15 as its caller", host_caller == &instance);
    s[0] = 5, s[1] = 99;
    t = wasm_invoke(&f_call_host, s);
    check("wasm_trap_host unwinds through wasm with its reason",
          t == WASM_TRAP_HOST && strcmp(exec->trap.message, "refused by host") == 0);
    s[0] = 1, s[1] = 2;
    check("a host function can be invoked directly", wasm_invoke(host, s) == WASM_TRAP_NONE && s[0] == 1003);
    uint64_t w[18];
    for (int i = 0, ni = 0, nf = 0; i < 18; i++) {   /* ints 1..8, floats 1..10 */
        double f = nf + 1;
        if (types_wide[i] == WASM_I64) {
            w[i] = (uint64_t)++ni;
        } else {
            memcpy(&w[i], &f, 8);
            nf++;
        }
    }
    struct wasm_func_ref *wide = wasm_host_func_new(&type_wide, wide_fn, NULL);
    bool wide_ok = wide != NULL && wasm_invoke(wide, w) == WASM_TRAP_NONE;
    for (int k = 0; k < 6 && wide_ok; k++) {
        double f;
        memcpy(&f, &w[k], 8);
        wide_ok = types_wide[18 + k] == WASM_I64 ? w[k] == (uint64_t)(12345678 + k)
                                                 : f == 1234567900.0 + k;   /* 1..10 folded */
    }
    check("18 params and 6 results of both classes travel through registers and slots", wide_ok);
    wasm_host_func_free(wide);

    for (int i = 0; i < 1000; i++)   /* the stack does not creep: every path restores rsp */
        wasm_invoke(i % 2 ? &f_segv : &f_raise, s);
    s[0] = 1, s[1] = 1;
    check("a thousand traps later invoke still works", wasm_invoke(&f_add, s) == WASM_TRAP_NONE && s[0] == 2);

    uint8_t other[] = { WASM_I32, WASM_I32, WASM_I32 };
    struct wasm_functype same = { 2, 1, other, 0 }, differ = { 1, 2, other, 0 };
    check("equal function types intern to one id", wasm_sig_intern(&same) == wasm_sig_intern(&type_ii_i));
    check("different function types get different ids", wasm_sig_intern(&differ) != wasm_sig_intern(&same));

    uint32_t func, offset;
    check("code lookup finds registered code", wasm_code_lookup((uint64_t)code.code + 3) == &code &&
          wasm_code_locate((uint64_t)code.code + 3, &func, &offset));
    wasm_code_unregister(&code);
    check("code lookup forgets unregistered code", wasm_code_lookup((uint64_t)code.code + 3) == NULL);

    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
