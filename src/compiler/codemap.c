/*
 * codemap.c — from a machine-code address back to wasm: which compiled module owns a pc,
 * which function and which wasm instruction it came from, and what a divide fault means.
 *
 * A hardware fault in compiled code (a guard-region access, a #DE from div) reaches the
 * embedder's fault handler with nothing but a pc and registers. The handler asks this file
 * whether the pc is wasm code at all (otherwise the fault is a bug and must not be
 * swallowed), and the trap report asks where in the module it happened. Compiled modules
 * are kept in a singly linked list through wasm_code.next_registered: there are few, and
 * a lookup only happens on a fault.
 */
#include "embed.h"
#include "runtime.h"

static struct wasm_code *registered;

static bool is_registered(const struct wasm_code *code)
{
    for (struct wasm_code *c = registered; c != NULL; c = c->next_registered)
        if (c == code)
            return true;
    return false;
}

/* The list field is the runtime's to write even in a const wasm_code (compile.h). */
void wasm_code_register(const struct wasm_code *code)
{
    if (is_registered(code))
        return;
    struct wasm_code *c = (struct wasm_code *)code;
    c->next_registered = registered;
    registered = c;   /* one store publishes it: a fault handler never sees half a list */
}

void wasm_code_unregister(const struct wasm_code *code)
{
    for (struct wasm_code **link = &registered; *link != NULL; link = &(*link)->next_registered)
        if (*link == code) {
            *link = code->next_registered;
            return;
        }
}

const struct wasm_code *wasm_code_lookup(uint64_t pc)
{
    for (struct wasm_code *c = registered; c != NULL; c = c->next_registered)
        if (pc >= (uint64_t)c->code && pc - (uint64_t)c->code < c->size)
            return c;
    return NULL;
}

/* The defined function whose code holds `offset`; UINT32_MAX when none does. */
static uint32_t func_at_code_offset(const struct wasm_code *code, uint32_t offset)
{
    const struct wasm_module *m = code->module;
    uint32_t ndefined = m->nfuncs - m->nfunc_imports;
    for (uint32_t i = 0; i < ndefined; i++)
        if (offset >= code->func_offsets[i] && offset < code->func_ends[i])
            return m->nfunc_imports + i;
    return UINT32_MAX;
}

/* The function whose wasm body holds `wasm_offset`; UINT32_MAX when none does. */
static uint32_t func_at_wasm_offset(const struct wasm_module *m, uint32_t wasm_offset)
{
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
        if (wasm_offset >= m->funcs[i].body_start && wasm_offset < m->funcs[i].body_end)
            return i;
    return UINT32_MAX;
}

/* The last pc_map entry at or before `offset` (binary search; the map is sorted). */
static const struct wasm_pc_entry *pc_entry(const struct wasm_code *code, uint32_t offset)
{
    uint32_t lo = 0, hi = code->npc;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (code->pc_map[mid].code_offset <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? NULL : &code->pc_map[lo - 1];
}

bool wasm_code_locate(uint64_t pc, uint32_t *func_index, uint32_t *wasm_offset)
{
    const struct wasm_code *code = wasm_code_lookup(pc);
    *func_index = UINT32_MAX;
    *wasm_offset = 0;
    if (code == NULL)
        return false;
    uint32_t offset = (uint32_t)(pc - (uint64_t)code->code);
    const struct wasm_pc_entry *e = pc_entry(code, offset);
    uint32_t func = func_at_code_offset(code, offset);
    if (e != NULL) {
        *wasm_offset = e->wasm_offset;
        *func_index = func_at_wasm_offset(code->module, e->wasm_offset);
    }
    /* The map holds only instructions that may fault or call out: a pc elsewhere (a
     * SIP preempted in a loop) may follow the last entry of an earlier function. */
    if (func != UINT32_MAX && *func_index != func) {
        *func_index = func;
        *wasm_offset = code->module->funcs[func].body_start;
    }
    return true;
}

/*
 * Decoding the faulting div/idiv:  [REX 0100WRXB]  F7  ModRM(mod, /6 or /7, rm)  [SIB] [disp]
 * Only the divisor matters: in a register (mod 11) or in memory ([base + index*scale +
 * disp], or rip-relative when mod 00 and rm 101). The CPU just read that memory, so
 * reading it again cannot fault.
 */
struct divide_insn {
    bool wide;            /* REX.W: 64-bit operands */
    uint64_t divisor;
};

/* The address of a ModRM memory operand at `p` (just after the ModRM byte). */
static uint64_t decode_address(const uint8_t *p, uint8_t modrm, uint8_t rex, const uint64_t gpr[16])
{
    int mod = modrm >> 6, rm = modrm & 7;
    uint64_t addr = 0;
    int disp_size = mod == 1 ? 1 : mod == 2 ? 4 : 0;
    if (rm == 4) {                                   /* SIB follows */
        uint8_t sib = *p++;
        int scale = sib >> 6, index = ((sib >> 3) & 7) | ((rex & 2) << 2), base = sib & 7;
        if (index != 4)
            addr += gpr[index] << scale;
        if (base == 5 && mod == 0)
            disp_size = 4;                           /* no base, disp32 */
        else
            addr += gpr[base | ((rex & 1) << 3)];
    } else if (rm == 5 && mod == 0) {                /* [rip + disp32]; F7 has no imm */
        int32_t disp = (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 |
                                 (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
        return (uint64_t)(p + 4) + (uint64_t)(int64_t)disp;
    } else {
        addr += gpr[rm | ((rex & 1) << 3)];
    }
    if (disp_size == 1)
        addr += (uint64_t)(int64_t)(int8_t)p[0];
    else if (disp_size == 4)
        addr += (uint64_t)(int64_t)(int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 |
                                             (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
    return addr;
}

/* False when the bytes at pc are not a div or idiv. */
static bool decode_divide(const uint8_t *pc, const uint64_t gpr[16], struct divide_insn *out)
{
    const uint8_t *p = pc;
    uint8_t rex = 0;
    if ((*p & 0xF0) == 0x40)
        rex = *p++;
    if (*p++ != 0xF7)
        return false;
    uint8_t modrm = *p++;
    int digit = (modrm >> 3) & 7;
    if (digit != 6 && digit != 7)
        return false;
    out->wide = (rex & 8) != 0;
    if ((modrm >> 6) == 3) {
        out->divisor = gpr[(modrm & 7) | ((rex & 1) << 3)];
    } else {
        uint64_t addr = decode_address(p, modrm, rex, gpr);
        out->divisor = out->wide ? *(const uint64_t *)addr : *(const uint32_t *)addr;
    }
    if (!out->wide)
        out->divisor &= 0xFFFFFFFFu;
    return true;
}

enum wasm_trap wasm_fault_divide_trap(uint64_t pc, const uint64_t gpr[16])
{
    struct divide_insn insn;
    if (!decode_divide((const uint8_t *)pc, gpr, &insn) || insn.divisor == 0)
        return WASM_TRAP_DIV_ZERO;
    return WASM_TRAP_INT_OVERFLOW;   /* a nonzero divisor faults only for INT_MIN / -1 */
}
