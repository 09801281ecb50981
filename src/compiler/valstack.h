/*
 * valstack.h — the abstract operand stack of the single-pass compiler.
 *
 * Each entry is what the walk knows about one wasm operand: its type and where its value
 * is right now. Values stay where they were produced (a constant stays a constant, a
 * `local.get` stays a reference to the local) until an instruction needs them in a
 * register; then one function (vs_to_reg) materializes them. When registers run out the
 * deepest register entry is spilled to its slot. Every stack position d has its own
 * 8-byte slot in the frame, so spilling never has to choose a place, and at block
 * boundaries "the canonical slots" of the values are simply their positions' slots.
 *
 * The walk in compile.c uses only the types (vs_push_type, vs_type...); the x86 backend
 * uses the locations. Registers are x86 numbers (enum x64_reg / enum x64_xmm).
 */
#ifndef ATOLL_VALSTACK_H
#define ATOLL_VALSTACK_H

#include <stdbool.h>
#include <stdint.h>

#include "x64_encode.h"

enum vs_loc {
    LOC_NONE,    /* dead code: no value exists */
    LOC_CONST,   /* `bits` (i32/f32 in the low 32 bits; a null reference is 0) */
    LOC_REG,     /* `reg`: a general register (integers, references) or an XMM (floats) */
    LOC_SLOT,    /* in this position's own frame slot */
    LOC_LOCAL,   /* the current value of local `local`, not loaded yet */
    LOC_FLAGS,   /* an i32 comparison result still in the CPU flags: 1 when condition
                  * `reg` (enum x64_cc) holds. Only ever the top entry, and only until
                  * the next instruction starts (see be_instr). */
};

/* Which local each register holds (-1: none), also as masks, and which of those are
 * newer than the local's slot ("dirty"): the valstack's now, and a label's (saved). */
struct vs_locals {
    int32_t gpr[16];
    int32_t xmm[16];
    uint32_t gpr_held, xmm_held;     /* bit r: register r holds a local */
    uint32_t gpr_dirty, xmm_dirty;   /* bit r: and it is newer than the local's slot */
};

struct vs_entry {
    uint8_t type;     /* enum wasm_valtype, or 0 for "unknown" (unreachable code) */
    uint8_t loc;      /* enum vs_loc */
    uint8_t reg;
    uint32_t local;
    uint64_t bits;
};

/* Registers that are never allocated: the backend's scratch pair. */
#define VS_SCRATCH_GPR X64_R11
#define VS_SCRATCH_XMM X64_XMM15

struct valstack {
    struct vs_entry *entries;
    uint32_t height;
    uint32_t capacity;
    uint32_t max_height;          /* deepest height reached: sizes the frame's slot area */
    int32_t gpr_owner[16];        /* entry index holding the register, -1 free */
    int32_t xmm_owner[16];
    uint32_t gpr_owned, xmm_owned;   /* the same as masks: bit r, an entry owns r */
    uint32_t gpr_locked;          /* bit per register: in use by the current instruction */
    uint32_t xmm_locked;
    uint32_t local_refs;          /* entries that are LOC_LOCAL */
    /* The local each register holds (its current value). A local is in one register
     * at most, and never in one an entry owns: local.tee hands its value's register to
     * the local, and the entry then refers to the local. A dirty register is newer than
     * its local's slot: it is stored before the register is reused (vs_evict); a clean
     * one may simply be forgotten. */
    struct vs_locals locals;
    bool broken;                  /* an allocation found every register locked (our bug) */
    bool keep_flags;              /* loads must not touch the CPU flags (no xor-zeroing) */
    int32_t dying_local;          /* the local the next instruction overwrites (a local.set
                                   * or local.tee of this one's result), or -1: its
                                   * register may take the result in place. Reset at
                                   * every instruction, with the locks. */
    uint32_t dying_refs;          /* how many entries refer to it (one: the operand) */
    uint32_t keep_gpr, keep_xmm;  /* registers the current loop's header keeps locals in:
                                   * reused for other values only as a last resort */
    struct x64_buf *buf;          /* where spill and load code goes */
    /* Frame layout (set by the backend for each function): */
    int32_t slot0_disp;           /* [rbp + slot0_disp - 8*d] is the slot of position d */
    uint32_t nparams;             /* locals below nparams live in the caller's arg area */
    int32_t local0_disp;          /* declared local j lives at [rbp + local0_disp - 8*j] */
    const uint8_t *local_types;   /* type of every local, params first */
    /* How a float constant gets into an XMM register (the backend's constant pool). */
    void (*load_fconst)(void *owner, bool wide, uint64_t bits, int xmm);
    void *owner;
};

void vs_init(struct valstack *vs, struct x64_buf *buf);
void vs_free(struct valstack *vs);
/* Empty the stack and free every register (a new function). */
void vs_reset(struct valstack *vs);
/* Make room for `more` pushes; false when out of memory. The walk calls it before each
 * instruction, so pushes themselves never fail. The room is nearly always there: the
 * check is inline, the growing (vs_grow) is not. */
bool vs_grow(struct valstack *vs, uint32_t more);
static inline bool vs_reserve(struct valstack *vs, uint32_t more)
{
    return vs->capacity - vs->height >= more || vs_grow(vs, more);
}

/* ---- For the walk: types only ---- */
static inline uint32_t vs_height(const struct valstack *vs) { return vs->height; }
static inline uint8_t vs_type(const struct valstack *vs, uint32_t depth_from_top)
{
    return vs->entries[vs->height - 1 - depth_from_top].type;
}
/* Push an entry of dead code (LOC_NONE) / a value in its slot (after a label). */
void vs_push_type(struct valstack *vs, uint8_t type);
void vs_push_slot(struct valstack *vs, uint8_t type);
/* Pop `n` entries, freeing their registers. */
void vs_pop(struct valstack *vs, uint32_t n);
/* The same, for operands the instruction only read (the same thing: no register is
 * both an entry's and a local's, so a read-only operand has nothing more to keep). */
void vs_pop_read_only(struct valstack *vs, uint32_t n);
/* Pop down to `height`. */
void vs_truncate(struct valstack *vs, uint32_t height);

/* ---- For the backend: locations ---- */
static inline struct vs_entry *vs_top(struct valstack *vs, uint32_t depth_from_top)
{
    return &vs->entries[vs->height - 1 - depth_from_top];
}
static inline bool vs_is_float(uint8_t type) { return type == 0x7D || type == 0x7C; }
static inline bool vs_is_wide(uint8_t type) { return type != 0x7F && type != 0x7D; } /* 8-byte */

void vs_push_const(struct valstack *vs, uint8_t type, uint64_t bits);
void vs_push_reg(struct valstack *vs, uint8_t type, int reg);
void vs_push_local(struct valstack *vs, uint8_t type, uint32_t local);
void vs_push_flags(struct valstack *vs, enum x64_cc cc);

/* Frame addresses. */
struct x64_mem vs_slot_mem(const struct valstack *vs, uint32_t position);
struct x64_mem vs_local_mem(const struct valstack *vs, uint32_t local);
/* Where a LOC_SLOT or LOC_LOCAL entry's value is. */
struct x64_mem vs_entry_mem(const struct valstack *vs, const struct vs_entry *e);

/* The next instruction overwrites `local` (vs->dying_local). */
void vs_local_dies(struct valstack *vs, uint32_t local);
/* Forget all register locks and the dying local (at the start of each instruction). */
static inline void vs_unlock_all(struct valstack *vs)   /* inline: once per instruction */
{
    vs->gpr_locked = 0;
    vs->xmm_locked = 0;
    vs->dying_local = -1;
}
void vs_unlock(struct valstack *vs, bool xmm, int reg);

/* A register of the class for a new value, locked for the current instruction: a free
 * one, else one holding a local (stored first if dirty), else the deepest unlocked
 * register entry's (spilled to its slot). */
int vs_alloc_gpr(struct valstack *vs);
int vs_alloc_xmm(struct valstack *vs);
/* Take register `reg` as a locked temporary, moving whatever entry or local holds it
 * elsewhere (a local may be stored instead). */
void vs_claim_gpr(struct valstack *vs, int reg);
void vs_claim_xmm(struct valstack *vs, int reg);

/* The top entry, in a register it owns, becomes the value of `local` (local.tee): the
 * register now holds the local, and the entry refers to the local. */
void vs_give_to_local(struct valstack *vs, uint32_t local);
/* May the instruction overwrite entry `depth_from_top`'s register with its result? Yes
 * for a register the entry owns, and for the dying local's, which the entry then takes
 * over (no code). */
bool vs_may_overwrite(struct valstack *vs, uint32_t depth_from_top);
/* For a commutative operation on the top two entries: the depth (0 or 1) of the one to
 * compute the result in. The dying local first, then an owned register: overwriting
 * either costs nothing (another local's register would have to be copied first); else
 * not a constant, which can stay an immediate. */
uint32_t vs_commutative_dest(struct valstack *vs);

/* Force the entry `depth_from_top` into a register it owns (locked); returns it. A
 * local's register is copied, unless the entry is the last reference to the dying local,
 * or no register is free, the local is clean and the loop header does not keep it:
 * then the entry takes it over. */
int vs_to_reg(struct valstack *vs, uint32_t depth_from_top);
/* vs_to_reg, into a specific general (XMM) register. */
void vs_to_gpr_fixed(struct valstack *vs, uint32_t depth_from_top, int reg);
void vs_to_xmm_fixed(struct valstack *vs, uint32_t depth_from_top, int reg);

/* Emit a copy of entry `e`'s value into `reg` (of its class) / into memory `mem`
 * (4 or 8 bytes by type), without changing the entry. Uses the scratch registers.
 * Stores never change the CPU flags, so spilling is safe between a compare and the
 * jump that uses it; loads may (xor zeroes a register). */
void vs_emit_load(struct valstack *vs, const struct vs_entry *e, int reg);
void vs_emit_store(struct valstack *vs, const struct vs_entry *e, struct x64_mem mem);

/* Store entry at `position` into its own slot and make it LOC_SLOT (constants too). */
void vs_spill_to_slot(struct valstack *vs, uint32_t position);
/* Move every register and local-reference entry below `height` to its slot (constants
 * stay). Used before labels, calls and helper calls. */
void vs_spill_below(struct valstack *vs, uint32_t height);
/* Spill only register entries below `height` (calls: locals cannot change under us). */
void vs_spill_regs_below(struct valstack *vs, uint32_t height);
/* Before local `local` is written: give every entry that still refers to it its own copy. */
void vs_detach_local(struct valstack *vs, uint32_t local);

/* ---- Locals in registers ---- */
/* Register `reg` (holding no other local's only copy) now holds `local`'s current value,
 * newer than its slot when `dirty`; any other register holding it forgets it. */
void vs_cache_set(struct valstack *vs, uint32_t local, int reg, bool dirty);
/* Local `local` is about to get a new value: forget its register, without a store. */
void vs_cache_drop_local(struct valstack *vs, uint32_t local);
/* Emit a copy of `local` from register `reg` to its slot, or (to_slot false) back. */
void vs_emit_local_copy(struct valstack *vs, uint32_t local, int reg, bool to_slot);
/* Store the local register `reg` holds if it is dirty; it stays there, clean. */
void vs_write_back(struct valstack *vs, bool xmm, int reg);
/* The same for every register. */
void vs_cache_flush(struct valstack *vs);
/* Register `reg` stops holding its local, which is stored to its slot if dirty. */
void vs_evict(struct valstack *vs, bool xmm, int reg);
/* Before registers are clobbered (calls, helper calls): store every dirty local, then
 * forget them all. */
void vs_cache_clear(struct valstack *vs);
/* Forget every local without a store: only where no code arrives (dead code). */
void vs_cache_forget(struct valstack *vs);
/* The registers hold the locals `s` says: a label's state, taken when it is bound. */
static inline void vs_cache_adopt(struct valstack *vs, const struct vs_locals *s) { vs->locals = *s; }
/* Is the local in register `reg` newer than its slot? */
bool vs_reg_dirty(const struct valstack *vs, bool xmm, int reg);
/* The register caching the local an entry refers to, or -1 (not LOC_LOCAL or not cached). */
int vs_cached_reg(const struct valstack *vs, const struct vs_entry *e);
/* The register caching `local`, or -1. */
int vs_local_cached_reg(const struct valstack *vs, uint32_t local);
/* A register of the class that is free, unlocked and caches nothing, or -1 (no spill). */
int vs_idle_reg(const struct valstack *vs, bool xmm);

#endif
