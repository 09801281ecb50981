/*
 * wasm_embed.c — embed.h for the kernel: the compiler's heap is kmalloc, its code goes
 * into a code arena of page-sized blocks, and linear memories are vmm reservations.
 * Code is written while its pages are writable and not executable, then sealed: each
 * page is remapped read-only and executable (W^X; CR0.WP makes ring 0 honour it). With
 * the kernel's .text, the sealed arena is the only executable memory (paging.c), so
 * every stub the compiler makes (the invoke trampoline, host-function stubs) comes
 * from here too. Freeing a block unmaps its pages and gives empty page tables back, so
 * a dead SIP leaves no trace in the counters.
 */
#include "wasm_embed.h"

#include "compiler/embed.h"
#include "cpu.h"
#include "kheap.h"
#include "lib.h"
#include "memlayout.h"
#include "paging.h"
#include "panic.h"
#include "pmm.h"
#include "sip.h"
#include "vmm.h"

#define CODE_ARENA_SIZE (64ull << 20)                      /* 64 MiB of code at most */
#define CODE_ARENA_PAGES (CODE_ARENA_SIZE / PAGE_SIZE)
#define MEMORY_MAPPABLE (4ull << 30)                       /* a 32-bit index's reach */

struct wasm_exec wasm_exec_kernel;
struct wasm_exec *wasm_exec_current = &wasm_exec_kernel;

static struct vmm_region *code_arena;
static uint64_t code_used[CODE_ARENA_PAGES / 64];          /* one bit per arena page */
static uint64_t code_pages;

/* ---- Heap ---- */

void *wasm_alloc(size_t size)
{
    return kzalloc(size ? size : 1);
}

void wasm_free(void *ptr)
{
    kfree(ptr);
}

/* ---- Code arena ----
 *
 * One reservation whose pages this file maps itself, because vmm.c maps only data
 * (writable, NX); a bitmap says which pages are taken. */

void wasm_embed_init(void)
{
    code_arena = vmm_reserve(CODE_ARENA_SIZE, 0, "wasm code");
    if (code_arena == NULL)
        panic("wasm_embed_init: no address space for the code arena");
}

uint64_t wasm_embed_code_pages(void)
{
    return code_pages;
}

static bool page_used(uint64_t page) { return code_used[page / 64] >> (page % 64) & 1; }
static void page_mark(uint64_t page, bool used)
{
    if (used)
        code_used[page / 64] |= 1ull << (page % 64);
    else
        code_used[page / 64] &= ~(1ull << (page % 64));
}

/* First fit: the first page of a free run of `count` pages, marked used; or -1. */
static int64_t arena_take(uint64_t count)
{
    bool irq = irq_save();
    uint64_t run = 0;
    for (uint64_t page = 0; page < CODE_ARENA_PAGES; page++) {
        run = page_used(page) ? 0 : run + 1;
        if (run == count) {
            uint64_t first = page + 1 - count;
            for (uint64_t p = first; p <= page; p++)
                page_mark(p, true);
            code_pages += count;
            irq_restore(irq);
            return (int64_t)first;
        }
    }
    irq_restore(irq);
    return -1;
}

static void arena_give_back(uint64_t first, uint64_t count)
{
    bool irq = irq_save();
    for (uint64_t p = first; p < first + count; p++)
        page_mark(p, false);
    code_pages -= count;
    irq_restore(irq);
}

/* Unmap `count` pages from `va` and free their frames and any page table that empties. */
static void code_unmap(uint64_t va, uint64_t count)
{
    for (uint64_t i = 0; i < count; i++) {
        uint64_t frame = paging_unmap(va + i * PAGE_SIZE);
        if (frame) {
            pmm_free(frame);
            code_arena->pages_mapped--;
        }
    }
    paging_release(va, va + count * PAGE_SIZE);
}

/* Pages mapped writable and not executable, zeroed: the compiler fills them next. */
void *wasm_code_alloc(size_t size)
{
    uint64_t count = PAGE_ALIGN_UP(size ? size : 1) / PAGE_SIZE;
    int64_t first = arena_take(count);
    if (first < 0)
        return NULL;
    uint64_t va = code_arena->base + (uint64_t)first * PAGE_SIZE;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t frame = pmm_alloc_zeroed();
        if (!frame || !paging_map(va + i * PAGE_SIZE, frame, PTE_WRITE | PTE_NX)) {
            if (frame)
                pmm_free(frame);
            code_unmap(va, i);
            arena_give_back((uint64_t)first, count);
            return NULL;
        }
        code_arena->pages_mapped++;
    }
    return (void *)va;
}

/* Remap each page read-only and executable; paging_unmap flushes the old translation. */
void wasm_code_seal(void *code, size_t size)
{
    uint64_t va = (uint64_t)code;
    for (uint64_t off = 0; off < PAGE_ALIGN_UP(size ? size : 1); off += PAGE_SIZE) {
        uint64_t frame = paging_unmap(va + off);
        if (!frame || !paging_map(va + off, frame, 0))
            panic("wasm_code_seal: page %lx of a code block vanished", va + off);
    }
}

void wasm_code_free(void *code, size_t size)
{
    uint64_t va = (uint64_t)code;
    uint64_t count = PAGE_ALIGN_UP(size ? size : 1) / PAGE_SIZE;
    if (va < code_arena->base || va + count * PAGE_SIZE > code_arena->base + CODE_ARENA_SIZE)
        panic("wasm_code_free: %lx is not in the code arena", va);
    code_unmap(va, count);
    arena_give_back((va - code_arena->base) / PAGE_SIZE, count);
}

/* ---- Linear memories ----
 *
 * A linear memory in guard mode is an 8 GiB reservation: 4 GiB that may be mapped (the
 * most a 32-bit index reaches) and 4 GiB of guard that never is. Committing only moves
 * the region's `accessible` mark; pages are filled in by vmm.c on first touch. A memory
 * made on a SIP's thread is that SIP's (the region's owner) and may not be committed
 * beyond the SIP's quota: memory.grow then returns -1. Kernel threads that run wasm
 * (the conformance run) have no quota. */

/* Guard mode asks for WASM_GUARD_RESERVATION: the upper half becomes the guard. A
 * bounds-checked memory (not used by the kernel, kept correct) gets exactly `bytes`.
 * The region's owner is the SIP whose thread reserves it (NULL on a kernel thread): its
 * quota bounds the commits, and its faults are that SIP's traps (sip_fault.c). */
void *wasm_mem_reserve(uint64_t bytes)
{
    uint64_t size = bytes, guard = 0;
    if (bytes == WASM_GUARD_RESERVATION) {
        size = MEMORY_MAPPABLE;
        guard = bytes - MEMORY_MAPPABLE;
    }
    struct vmm_region *r = vmm_reserve(size, guard, "wasm memory");
    if (r == NULL)
        return NULL;
    r->owner = sip_current();
    return (void *)r->base;
}

static struct vmm_region *memory_region(void *base, const char *who)
{
    struct vmm_region *r = vmm_find((uint64_t)base);
    if (r == NULL || r->base != (uint64_t)base)
        panic("%s: %p is not a linear memory", who, base);
    return r;
}

/* Demand paging: pages below `to` are mapped, zeroed, by the first access (vmm.c).
 * A SIP has one memory at most, so its memory's size is all it has committed: the
 * quota is checked here, where every grow ends up. Quotas are shares and may add up
 * to more than the machine has, so a SIP's commit is also a reservation: the frames
 * its pages and their page tables can take are promised (vmm_promise_accessible) or
 * the commit fails (memory.grow returns -1). Then no committed page can meet RAM
 * short, not even when kernel C copies into it with interrupts off (channel.c's
 * direct delivery, wasm_instantiate's data segments), where nothing could unwind.
 * Kernel threads' memories (the conformance run) are neither capped nor promised. */
bool wasm_mem_commit(void *base, uint64_t from, uint64_t to)
{
    (void)from;
    struct vmm_region *r = memory_region(base, "wasm_mem_commit");
    const struct sip *owner = r->owner;
    if (to > r->size || (owner != NULL && to > owner->mem_quota))
        return false;
    if (owner != NULL)
        return vmm_promise_accessible(r, to);
    if (to > r->accessible)
        vmm_set_accessible(r, to);
    return true;
}

void wasm_mem_release(void *base, uint64_t bytes)
{
    (void)bytes;
    vmm_release(memory_region(base, "wasm_mem_release"));
}
