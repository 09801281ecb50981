/*
 * hostfunc.c — functions written in C that wasm can import and call like its own.
 *
 * Compiled code calls every function the same way: r15 = the callee's instance,
 * arguments in the outgoing area at [rsp], `call ref->code`. A host function is a
 * System V C function, so each one gets a tiny generated stub that translates:
 *
 *     push rbp                 ; rsp was 16-aligned at the call: now aligned again
 *     mov  rbp, rsp
 *     mov  rdi, r15            ; caller: the instance in r15 (see runtime.h)
 *     mov  rsi, <data>         ; the embedder's pointer
 *     lea  rdx, [rbp+16]       ; slots: the caller's outgoing area
 *     mov  rax, <fn>
 *     call rax                 ; fn(caller, data, slots); it writes results into slots
 *     pop  rbp
 *     ret
 *
 * The C function preserves rbx, rbp and r12-r15 by the System V rules, which is more
 * than compiled code asks for.
 */
#include "embed.h"
#include "runtime.h"
#include "x64_encode.h"

#define STUB_SIZE 64

struct host_func {
    struct wasm_func_ref ref;        /* first: a ref pointer is a host_func pointer */
    struct wasm_functype type;       /* our copy of the type */
    uint8_t *stub;
    uint8_t types[];                 /* type.types points here */
};

static void emit_stub(struct x64_buf *b, wasm_host_fn fn, void *data)
{
    x64_push_r64(b, X64_RBP);
    x64_mov_r_r(b, true, X64_RBP, X64_RSP);
    x64_mov_r_r(b, true, X64_RDI, X64_R15);
    x64_mov_r64_imm64(b, X64_RSI, (uint64_t)data);
    x64_lea_r64_m(b, X64_RDX, x64_mem_base(X64_RBP, 16));
    x64_mov_r64_imm64(b, X64_RAX, (uint64_t)fn);
    x64_call_r64(b, X64_RAX);
    x64_pop_r64(b, X64_RBP);
    x64_ret(b);
}

struct wasm_func_ref *wasm_host_func_new(const struct wasm_functype *type, wasm_host_fn fn, void *data)
{
    uint32_t ntypes = type->nparams + type->nresults;
    struct host_func *h = wasm_alloc(sizeof *h + ntypes);
    if (h == NULL)
        return NULL;
    memcpy(h->types, type->types, ntypes);
    h->type = *type;
    h->type.types = h->types;
    h->type.sig = wasm_sig_intern(&h->type);
    h->stub = wasm_code_alloc(STUB_SIZE);
    if (h->type.sig == 0 || h->stub == NULL) {
        wasm_host_func_free(&h->ref);
        return NULL;
    }
    struct x64_buf b;
    x64_buf_init(&b, h->stub, STUB_SIZE);
    emit_stub(&b, fn, data);
    wasm_code_seal(h->stub, STUB_SIZE);

    h->ref.code = h->stub;
    h->ref.instance = NULL;          /* wasm_instantiate fills in each importer's copy */
    h->ref.sig = h->type.sig;
    h->ref.func_index = UINT32_MAX;
    h->ref.type = &h->type;
    return &h->ref;
}

void wasm_host_func_free(struct wasm_func_ref *f)
{
    struct host_func *h = (struct host_func *)f;
    if (h == NULL)
        return;
    if (h->stub != NULL)
        wasm_code_free(h->stub, STUB_SIZE);
    wasm_free(h);
}
