/*
 * runtime.h — what compiled code runs against: instances, memories, tables, globals,
 * function references, traps, and the calling convention shared by compiled functions,
 * host functions and wasm_invoke.
 *
 * The layout of struct wasm_instance and the structs it points to is read directly by
 * generated code (through the offsetof() constants below), so it is part of the ABI
 * between compile.c's backend and runtime.c.
 *
 * Calling convention of compiled code (internal; not System V):
 *   - r15 holds the current instance; the caller sets it for the callee. A function
 *     saves it at [rbp-8] before every call that may change instances and restores it
 *     from there after.
 *   - r14 holds the base of memory 0 of the instance in r15; every function of a module
 *     with a memory loads it in its prologue and reloads it after each call that may
 *     change it (memory.grow may move a memory in bounds-check mode). In guard mode a
 *     direct call (same module, same instance) enters past that load: r14 is the same.
 *     Callers outside compiled code always enter at wasm_func_ref.code.
 *   - the first arguments travel in registers: integers and references in rdi, rsi,
 *     rdx, rcx, r8, r9, floats in xmm0-xmm7, each class in signature order; the first
 *     results come back the same way in rax, rdx and xmm0, xmm1 (x64_callconv.c holds
 *     the lists). An i32 in a register is zero-extended to 64 bits.
 *   - the other arguments and results travel in the caller's outgoing area, which has a
 *     slot for every param and every result: at the `call` instruction, slot i is the 8
 *     bytes at [rsp + 8*i]; the callee sees it at [rbp + 16 + 8*i] and overwrites the
 *     slots of its memory results before `ret`. The slot of a register argument is the
 *     callee's to use (compiled code keeps the param there; a host stub spills it there).
 *     i32 and f32 occupy the low 4 bytes of a slot; references are 64-bit pointers.
 *   - rsp is 16-byte aligned at every call; all other registers (general and XMM) are
 *     caller-saved; nothing is ever stored below rsp (ring 0 has no red zone).
 *   - every prologue checks rsp against instance->stack_limit and traps with
 *     WASM_TRAP_STACK_EXHAUSTED instead of overflowing.
 */
#ifndef ATOLL_RUNTIME_H
#define ATOLL_RUNTIME_H

#include "compile.h"
#include "wasm.h"

/* Traps, with the spec's messages (wasm_trap_message). */
enum wasm_trap {
    WASM_TRAP_NONE = 0,
    WASM_TRAP_UNREACHABLE,            /* "unreachable" */
    WASM_TRAP_MEMORY_OOB,             /* "out of bounds memory access" */
    WASM_TRAP_TABLE_OOB,              /* "out of bounds table access" */
    WASM_TRAP_UNDEFINED_ELEMENT,      /* "undefined element": call_indirect index >= size */
    WASM_TRAP_UNINITIALIZED_ELEMENT,  /* "uninitialized element": call_indirect of null */
    WASM_TRAP_INDIRECT_CALL_TYPE,     /* "indirect call type mismatch" */
    WASM_TRAP_DIV_ZERO,               /* "integer divide by zero" */
    WASM_TRAP_INT_OVERFLOW,           /* "integer overflow" */
    WASM_TRAP_INVALID_CONVERSION,     /* "invalid conversion to integer" */
    WASM_TRAP_STACK_EXHAUSTED,        /* "call stack exhausted" */
    WASM_TRAP_HOST,                   /* a host function refused (message in the trap info) */
    WASM_TRAP_OUT_OF_MEMORY,          /* "out of memory": the embedder had no frame for a page
                                       * inside the memory (not a spec trap: demand paging) */
    WASM_TRAP_COUNT
};

const char *wasm_trap_message(enum wasm_trap trap);

/* A function as a value: what funcref tables and the function index space hold. */
struct wasm_func_ref {
    void *code;                      /* entry, internal calling convention */
    struct wasm_instance *instance;  /* r15 for the callee */
    uint32_t sig;                    /* canonical signature id */
    uint32_t func_index;             /* in its module, for trap messages */
    const struct wasm_functype *type;
};

struct wasm_memory {
    uint8_t *base;
    uint64_t size;                   /* accessible bytes = pages * 64 KiB */
    uint32_t pages;
    uint32_t max_pages;              /* 65536 when the type has no maximum */
    uint64_t reserved;               /* bytes of address space reserved at base */
    bool guard;                      /* lives in a guard-region reservation */
    bool has_max;                    /* the type declared a maximum (import matching) */
};

struct wasm_table {
    void **elems;                    /* funcref: struct wasm_func_ref*, externref: opaque */
    uint32_t size;
    uint32_t max;                    /* 0xFFFFFFFF when the type has no maximum */
    uint8_t elem_type;
    bool has_max;                    /* the type declared a maximum (import matching) */
};

/* A global's storage. Imported globals share the exporter's cell. */
struct wasm_global_cell {
    uint64_t value;                  /* read and written by generated code at offset 0 */
    uint8_t type;
    bool mutable;
};

struct wasm_instance {
    struct wasm_memory *memory;           /* memory 0, or NULL */
    uint64_t stack_limit;                 /* lowest rsp a prologue accepts */
    struct wasm_func_ref **funcs;         /* every function index, imports first */
    struct wasm_table **tables;           /* every table index */
    struct wasm_global_cell **globals;    /* every global index */
    bool *elem_dropped;                   /* per element segment */
    bool *data_dropped;                   /* per data segment */
    const struct wasm_module *module;
    const struct wasm_code *code;
    void *embedder;                       /* the kernel's SIP, the host's bookkeeping */
    /* Private to runtime.c (generated code never reads these): */
    void ***elem_items;                   /* per element segment: its evaluated references */
    struct wasm_func_ref *own_refs;       /* by function index: refs this instance made */
};

#define WASM_INST_MEMORY       offsetof(struct wasm_instance, memory)
#define WASM_INST_STACK_LIMIT  offsetof(struct wasm_instance, stack_limit)
#define WASM_INST_FUNCS        offsetof(struct wasm_instance, funcs)
#define WASM_INST_TABLES       offsetof(struct wasm_instance, tables)
#define WASM_INST_GLOBALS      offsetof(struct wasm_instance, globals)
#define WASM_MEMORY_BASE       offsetof(struct wasm_memory, base)
#define WASM_MEMORY_SIZE       offsetof(struct wasm_memory, size)
#define WASM_TABLE_ELEMS       offsetof(struct wasm_table, elems)
#define WASM_TABLE_SIZE        offsetof(struct wasm_table, size)
#define WASM_FUNC_REF_CODE     offsetof(struct wasm_func_ref, code)
#define WASM_FUNC_REF_INSTANCE offsetof(struct wasm_func_ref, instance)
#define WASM_FUNC_REF_SIG      offsetof(struct wasm_func_ref, sig)

/* Guard-region mode reserves this much per memory: any 32-bit index plus 32-bit offset
 * plus access size lands inside it, so no access needs a check. */
#define WASM_GUARD_RESERVATION (8ull << 30)
#define WASM_PAGE_SIZE 65536u

/* Canonical id of a function type (structural equality). */
uint32_t wasm_sig_intern(const struct wasm_functype *type);

/* ---- Traps ---- */

struct wasm_trap_info {
    enum wasm_trap trap;
    const struct wasm_instance *instance; /* where it happened (may be NULL for host traps) */
    uint32_t func_index;                  /* UINT32_MAX when unknown */
    uint32_t wasm_offset;                 /* module byte offset of the trapping instruction */
    char message[96];                     /* WASM_TRAP_HOST: the host's reason */
};

/* Per-thread execution state: where a trap unwinds to. The embedder points
 * wasm_exec_current at the running thread's (the kernel swaps it on each switch). */
struct wasm_exec {
    uint64_t unwind_rsp;                  /* set by wasm_invoke; 0 when not in wasm */
    struct wasm_trap_info trap;
    uint64_t stack_limit;                 /* this thread's lowest usable rsp plus a margin
                                           * for C (traps, host functions); wasm_instantiate
                                           * copies it into instance->stack_limit */
};
extern struct wasm_exec *wasm_exec_current;

/* Call `f` with its arguments in slots[0..nparams) and get its results in
 * slots[0..nresults). slots must hold max(nparams, nresults) entries. Returns
 * WASM_TRAP_NONE, or the trap with details in wasm_exec_current->trap. */
enum wasm_trap wasm_invoke(struct wasm_func_ref *f, uint64_t *slots);

/* Raise a trap from generated code's trap stubs (wasm_offset known) or from a host
 * function (wasm_offset 0). Unwinds to the innermost wasm_invoke; never returns. */
_Noreturn void wasm_trap_raise(struct wasm_instance *inst, enum wasm_trap trap, uint32_t wasm_offset);
/* The same for a host function refusing a call, with a reason. */
_Noreturn void wasm_trap_host(struct wasm_instance *inst, const char *reason);

/* Hardware faults: the embedder's fault handler asks whether `pc` is compiled wasm code.
 * If so, it resumes the faulting context at wasm_trap_from_fault with rdi = trap,
 * rsi = pc, rdx = the context's r15, and rsp 16-byte aligned minus 8 (as after a call). */
const struct wasm_code *wasm_code_lookup(uint64_t pc);
_Noreturn void wasm_trap_from_fault(enum wasm_trap trap, uint64_t pc, struct wasm_instance *inst);

/* The code registry behind wasm_code_lookup. wasm_instantiate registers a module's code
 * on first use (registering twice is harmless); wasm_compiled_free unregisters it
 * (harmless when it was never registered). */
void wasm_code_register(const struct wasm_code *code);
void wasm_code_unregister(const struct wasm_code *code);

/* Where compiled code at `pc` came from: its function index and the wasm offset of the
 * instruction (the pc_map entry at or before pc; the function's body start when that
 * entry belongs to another function). False when pc is no compiled code. */
bool wasm_code_locate(uint64_t pc, uint32_t *func_index, uint32_t *wasm_offset);

/* A divide error (#DE, SIGFPE) at `pc`: x86 raises it both for a zero divisor and for
 * INT_MIN / -1; this decodes the div/idiv at pc and reads its divisor from `gpr`
 * (the faulting context's registers, by hardware number rax=0 ... r15=15) to tell
 * WASM_TRAP_DIV_ZERO from WASM_TRAP_INT_OVERFLOW. */
enum wasm_trap wasm_fault_divide_trap(uint64_t pc, const uint64_t gpr[16]);

/* ---- Helpers called by generated code ----
 * System V calls (rsp aligned, caller-saved registers clobbered). Those that can fail
 * return WASM_TRAP_NONE or the trap; the generated code then raises it with the
 * instruction's wasm offset. Indices and lengths are the wasm operands, unsigned. */
uint32_t wasm_rt_memory_grow(struct wasm_instance *inst, uint32_t delta_pages); /* old size or 0xFFFFFFFF */
uint32_t wasm_rt_memory_fill(struct wasm_instance *inst, uint32_t dst, uint32_t byte, uint32_t n);
uint32_t wasm_rt_memory_copy(struct wasm_instance *inst, uint32_t dst, uint32_t src, uint32_t n);
uint32_t wasm_rt_memory_init(struct wasm_instance *inst, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n);
void wasm_rt_data_drop(struct wasm_instance *inst, uint32_t seg);
uint32_t wasm_rt_table_grow(struct wasm_instance *inst, uint32_t table, void *init, uint32_t delta); /* old size or 0xFFFFFFFF */
uint32_t wasm_rt_table_fill(struct wasm_instance *inst, uint32_t table, uint32_t i, void *value, uint32_t n);
uint32_t wasm_rt_table_copy(struct wasm_instance *inst, uint32_t dst_table, uint32_t src_table,
                            uint32_t dst, uint32_t src, uint32_t n);
uint32_t wasm_rt_table_init(struct wasm_instance *inst, uint32_t table, uint32_t seg,
                            uint32_t dst, uint32_t src, uint32_t n);
void wasm_rt_elem_drop(struct wasm_instance *inst, uint32_t seg);

/* ---- Memories, tables and globals on their own ----
 * What wasm_instantiate creates for a module, also usable by an embedder that exports
 * its own (the spectest module, the kernel's shared buffers). */

/* A memory of limits->min pages. guard: in a WASM_GUARD_RESERVATION (for code compiled
 * without bounds checks); otherwise just big enough, moved on grow when needed.
 * NULL when the address space or memory cannot be had. */
struct wasm_memory *wasm_memory_new(const struct wasm_limits *limits, bool guard);
uint32_t wasm_memory_grow(struct wasm_memory *mem, uint32_t delta_pages); /* old pages or 0xFFFFFFFF */
void wasm_memory_free(struct wasm_memory *mem);

/* A table of limits->min null references. */
struct wasm_table *wasm_table_new(uint8_t elem_type, const struct wasm_limits *limits);
uint32_t wasm_table_grow(struct wasm_table *table, void *init, uint32_t delta); /* old size or 0xFFFFFFFF */
void wasm_table_free(struct wasm_table *table);

/* A global cell holding `value` (free it with wasm_free). */
struct wasm_global_cell *wasm_global_new(uint8_t type, bool mutable, uint64_t value);

/* ---- Instances ---- */

/* One import or export: the object it names. */
struct wasm_extern {
    uint8_t kind;                     /* enum wasm_extern_kind */
    union {
        struct wasm_func_ref *func;
        struct wasm_table *table;
        struct wasm_memory *memory;
        struct wasm_global_cell *global;
    } of;
};

/* A function implemented in C. `slots` is the callee's view of the outgoing area:
 * arguments in, results out (see the calling convention above; the stub moves register
 * arguments and results to and from their slots, an i32 argument zero-extended to the
 * whole slot; slots[-1] is the return address into the caller). `caller` is the instance
 * whose code made the call: a host function ref has instance NULL, and wasm_instantiate
 * gives each instance importing it its own copy of the ref with instance = the importer,
 * so r15 at the call (which the stub passes on) is the importing instance. (Called
 * through a table from another instance, `caller` is still the importer; called straight
 * through wasm_invoke, it is NULL.) */
typedef void (*wasm_host_fn)(struct wasm_instance *caller, void *data, uint64_t *slots);

/* A function reference that calls `fn` with `data`; its code is a small generated stub.
 * The type is copied: the caller need not keep it. */
struct wasm_func_ref *wasm_host_func_new(const struct wasm_functype *type, wasm_host_fn fn, void *data);
void wasm_host_func_free(struct wasm_func_ref *f);

/* Instantiate a compiled module: check each import against its declared type (an
 * incompatible import fails with "incompatible import type"), create memories, tables
 * and globals, apply element and data segments in order, then run the start function.
 * imports[] is in the module's import order. On a link error returns NULL with `err`
 * set; on a trap during segments or start returns NULL with *trap set (and `err` set).
 * After such a trap, an instance that imports a table or a mutable global is not freed:
 * its functions may already sit in that table or global (linking.wast calls them later),
 * so `m` and `code` must then stay alive as well. */
struct wasm_instance *wasm_instantiate(const struct wasm_module *m, const struct wasm_code *code,
                                       const struct wasm_extern *imports,
                                       struct wasm_error *err, enum wasm_trap *trap);

/* Free an instance and every memory, table and global it created (not imported ones,
 * which belong to their exporter). */
void wasm_instance_free(struct wasm_instance *inst);

/* The export called `name` (NUL-terminated); false when there is none. */
bool wasm_instance_export(const struct wasm_instance *inst, const char *name, struct wasm_extern *out);
/* The same for a name given with its length (export names may contain NUL bytes). */
bool wasm_instance_export_name(const struct wasm_instance *inst, struct wasm_name name,
                               struct wasm_extern *out);

#endif
