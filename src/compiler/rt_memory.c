/*
 * rt_memory.c — linear memories: creating and growing them, and the bulk-memory
 * instructions that compiled code hands to C (memory.grow/fill/copy/init, data.drop).
 *
 * Two layouts, chosen per memory by the mode the code was compiled in:
 *   guard  an 8 GiB reservation (WASM_GUARD_RESERVATION) of which pages*64 KiB are
 *          committed; any 32-bit address plus 32-bit offset lands inside it, so compiled
 *          code never checks and a stray access faults on an uncommitted page. The base
 *          never moves.
 *   checked  a reservation just big enough (the declared maximum, else the current size),
 *          moved to a bigger one when memory.grow outgrows it; compiled code compares each
 *          access with `size` and reloads the base (r14) after every call.
 * The helpers check bounds before touching anything, as the spec does: a failing
 * memory.fill/copy/init writes no byte.
 */
#include "embed.h"
#include "runtime.h"

#define MAX_PAGES 65536u   /* 4 GiB: the most a 32-bit index can address */

struct wasm_memory *wasm_memory_new(const struct wasm_limits *limits, bool guard)
{
    struct wasm_memory *mem = wasm_alloc(sizeof *mem);
    if (mem == NULL)
        return NULL;
    mem->pages = limits->min;
    mem->size = (uint64_t)limits->min * WASM_PAGE_SIZE;
    mem->max_pages = limits->has_max && limits->max < MAX_PAGES ? limits->max : MAX_PAGES;
    mem->has_max = limits->has_max;
    mem->guard = guard;
    if (guard)
        mem->reserved = WASM_GUARD_RESERVATION;
    else if (limits->has_max)
        mem->reserved = (uint64_t)mem->max_pages * WASM_PAGE_SIZE;
    else
        mem->reserved = mem->size;
    if (mem->reserved == 0)
        mem->reserved = WASM_PAGE_SIZE;   /* a real base even for a memory of no pages */
    mem->base = wasm_mem_reserve(mem->reserved);
    if (mem->base == NULL || (mem->size != 0 && !wasm_mem_commit(mem->base, 0, mem->size))) {
        wasm_memory_free(mem);
        return NULL;
    }
    return mem;
}

void wasm_memory_free(struct wasm_memory *mem)
{
    if (mem == NULL)
        return;
    if (mem->base != NULL)
        wasm_mem_release(mem->base, mem->reserved);
    wasm_free(mem);
}

/* Checked mode: a reservation of at least `size` bytes, twice the old one when that
 * is more (so that a memory grown page by page moves only log(n) times). */
static bool memory_move(struct wasm_memory *mem, uint64_t size)
{
    uint64_t reserved = mem->reserved * 2;
    uint64_t limit = (uint64_t)mem->max_pages * WASM_PAGE_SIZE;
    if (reserved > limit)
        reserved = limit;
    if (reserved < size)
        reserved = size;
    uint8_t *base = wasm_mem_reserve(reserved);
    if (base == NULL)
        return false;
    if (!wasm_mem_commit(base, 0, size)) {
        wasm_mem_release(base, reserved);
        return false;
    }
    memcpy(base, mem->base, mem->size);
    wasm_mem_release(mem->base, mem->reserved);
    mem->base = base;
    mem->reserved = reserved;
    return true;
}

uint32_t wasm_memory_grow(struct wasm_memory *mem, uint32_t delta_pages)
{
    uint32_t old = mem->pages;
    if ((uint64_t)old + delta_pages > mem->max_pages)
        return 0xFFFFFFFFu;
    if (delta_pages == 0)
        return old;
    uint64_t size = (uint64_t)(old + delta_pages) * WASM_PAGE_SIZE;
    if (size > mem->reserved) {
        if (mem->guard || !memory_move(mem, size))
            return 0xFFFFFFFFu;
    } else if (!wasm_mem_commit(mem->base, mem->size, size)) {
        return 0xFFFFFFFFu;
    }
    mem->pages = old + delta_pages;
    mem->size = size;
    return old;
}

/* True when [start, start + n) lies within `size` bytes (no overflow: 64-bit sums). */
static bool in_bounds(uint64_t start, uint64_t n, uint64_t size)
{
    return start + n <= size;
}

uint32_t wasm_rt_memory_grow(struct wasm_instance *inst, uint32_t delta_pages)
{
    return wasm_memory_grow(inst->memory, delta_pages);
}

uint32_t wasm_rt_memory_fill(struct wasm_instance *inst, uint32_t dst, uint32_t byte, uint32_t n)
{
    struct wasm_memory *mem = inst->memory;
    if (!in_bounds(dst, n, mem->size))
        return WASM_TRAP_MEMORY_OOB;
    memset(mem->base + dst, (int)(byte & 0xFF), n);
    return WASM_TRAP_NONE;
}

uint32_t wasm_rt_memory_copy(struct wasm_instance *inst, uint32_t dst, uint32_t src, uint32_t n)
{
    struct wasm_memory *mem = inst->memory;
    if (!in_bounds(dst, n, mem->size) || !in_bounds(src, n, mem->size))
        return WASM_TRAP_MEMORY_OOB;
    memmove(mem->base + dst, mem->base + src, n);   /* the ranges may overlap */
    return WASM_TRAP_NONE;
}

uint32_t wasm_rt_memory_init(struct wasm_instance *inst, uint32_t seg, uint32_t dst, uint32_t src, uint32_t n)
{
    const struct wasm_data *data = &inst->module->datas[seg];
    uint32_t seg_size = inst->data_dropped[seg] ? 0 : data->size;  /* dropped: empty */
    struct wasm_memory *mem = inst->memory;
    if (!in_bounds(src, n, seg_size) || !in_bounds(dst, n, mem->size))
        return WASM_TRAP_MEMORY_OOB;
    memcpy(mem->base + dst, data->bytes + src, n);
    return WASM_TRAP_NONE;
}

void wasm_rt_data_drop(struct wasm_instance *inst, uint32_t seg)
{
    inst->data_dropped[seg] = true;
}
