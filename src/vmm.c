/*
 * vmm.c — the reservation arena (memlayout.h: RESERVE_BASE, 16 TiB).
 *
 * Regions are kept in a list sorted by address and placed first-fit, each starting
 * on a 1 GiB boundary and followed by at least one unmapped 1 GiB-aligned gap, so
 * that its page directories serve no other region and vanish on release, and a
 * run off either end of a region lands on an unmapped page. A few hundred regions at
 * most are expected (one or two per SIP), so a list is enough.
 */
#include "vmm.h"

#include "cpu.h"
#include "kheap.h"
#include "lib.h"
#include "memlayout.h"
#include "paging.h"
#include "panic.h"
#include "pmm.h"
#include "trap.h"

#define REGION_ALIGN (1ull << 30)
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((a) - 1))

static struct vmm_region *regions;
static uint64_t region_count;

/* Address-space footprint of a region, gap included. */
static uint64_t region_span(const struct vmm_region *r)
{
    return ALIGN_UP(r->size + r->guard, REGION_ALIGN) + REGION_ALIGN;
}

struct vmm_region *vmm_reserve(uint64_t size, uint64_t guard, const char *name)
{
    size = PAGE_ALIGN_UP(size);
    guard = PAGE_ALIGN_UP(guard);
    if (size == 0 || size > RESERVE_SIZE || guard > RESERVE_SIZE)
        return NULL;
    struct vmm_region *r = kzalloc(sizeof *r);
    if (!r)
        return NULL;
    *r = (struct vmm_region){ .size = size, .guard = guard, .name = name };

    bool irq = irq_save();
    uint64_t candidate = RESERVE_BASE;
    struct vmm_region **link = &regions;
    for (; *link; link = &(*link)->next) {
        if (candidate + region_span(r) <= (*link)->base)
            break;                              /* fits in the gap before *link */
        candidate = (*link)->base + region_span(*link);
    }
    if (candidate + region_span(r) > RESERVE_BASE + RESERVE_SIZE) {
        irq_restore(irq);
        kfree(r);
        return NULL;
    }
    r->base = candidate;
    r->next = *link;
    *link = r;
    region_count++;
    irq_restore(irq);
    return r;
}

void vmm_release(struct vmm_region *region)
{
    bool irq = irq_save();
    uint64_t freed = paging_release(region->base, region->base + region->size);
    if (freed != region->pages_mapped)
        panic("vmm_release: region %s owned %lu pages but %lu were mapped",
              region->name, region->pages_mapped, freed);
    struct vmm_region **link = &regions;
    while (*link != region) {
        if (!*link)
            panic("vmm_release: %p is not a reserved region", (void *)region);
        link = &(*link)->next;
    }
    *link = region->next;
    region_count--;
    pmm_unpromise(region->promised);
    irq_restore(irq);
    kfree(region);
}

bool vmm_map_zeroed(struct vmm_region *region, uint64_t offset)
{
    if (offset % PAGE_SIZE != 0 || offset >= region->size)
        panic("vmm_map_zeroed: offset %lx outside region %s", offset, region->name);
    bool irq = irq_save();
    pmm_draw_begin(&region->promised);          /* the frame and its tables, if promised */
    uint64_t frame = pmm_alloc_zeroed();
    bool mapped = frame && paging_map(region->base + offset, frame, PTE_WRITE | PTE_NX);
    pmm_draw_end();
    if (frame && !mapped)
        pmm_free(frame);
    if (mapped)
        region->pages_mapped++;
    irq_restore(irq);
    return mapped;
}

void vmm_unmap(struct vmm_region *region, uint64_t offset)
{
    uint64_t frame = paging_unmap(region->base + offset);
    if (frame) {
        pmm_free(frame);
        region->pages_mapped--;
    }
}

void vmm_set_accessible(struct vmm_region *region, uint64_t bytes)
{
    if (bytes > region->size)
        panic("vmm_set_accessible: %lx bytes exceed region %s", bytes, region->name);
    region->accessible = bytes;
}

uint64_t vmm_frames_to_back(uint64_t bytes)
{
    if (bytes == 0)
        return 0;
    uint64_t pages = PAGE_ALIGN_UP(bytes) / PAGE_SIZE;
    return pages + ALIGN_UP(bytes, 2ull << 20) / (2ull << 20)     /* page tables */
           + ALIGN_UP(bytes, REGION_ALIGN) / REGION_ALIGN + 1;     /* directories, PDPT */
}

/* Regions start 1 GiB aligned (vmm_reserve), so these bounds hold for any region. */
bool vmm_promise_accessible(struct vmm_region *region, uint64_t bytes)
{
    if (bytes <= region->accessible)
        return true;
    if (bytes > region->size)
        return false;
    uint64_t more = vmm_frames_to_back(bytes) - vmm_frames_to_back(region->accessible);
    bool irq = irq_save();
    bool ok = pmm_promise(more);
    if (ok) {
        region->promised += more;
        region->accessible = bytes;
    }
    irq_restore(irq);
    return ok;
}

struct vmm_region *vmm_find(uint64_t addr)
{
    for (struct vmm_region *r = regions; r; r = r->next)
        if (addr >= r->base && addr - r->base < r->size + r->guard)
            return r;
    return NULL;
}

/* The verdict on a fault at `addr` short of mapping anything: RESOLVED stands for "a
 * zeroed page is due at *offset of *region". */
static enum vmm_fault classify(uint64_t addr, uint64_t error_code, struct vmm_region **region,
                               uint64_t *offset)
{
    struct vmm_region *r = vmm_find(addr);
    if (!r)
        return VMM_FAULT_NOT_RESERVED;
    *region = r;
    *offset = addr - r->base;
    if (*offset >= r->accessible)
        return VMM_FAULT_GUARD;
    if (error_code & PF_PRESENT)
        return VMM_FAULT_PROTECTION;
    return VMM_FAULT_RESOLVED;
}

enum vmm_fault vmm_handle_fault(uint64_t addr, uint64_t error_code)
{
    struct vmm_region *r;
    uint64_t offset;
    enum vmm_fault kind = classify(addr, error_code, &r, &offset);
    if (kind != VMM_FAULT_RESOLVED)
        return kind;
    return vmm_map_zeroed(r, PAGE_ALIGN_DOWN(offset)) ? VMM_FAULT_RESOLVED : VMM_FAULT_NO_MEMORY;
}

/* Faults are handled with interrupts off (interrupt gates), so nothing has changed
 * since vmm_handle_fault failed to map the page that was due. */
enum vmm_fault vmm_fault_cause(uint64_t addr, uint64_t error_code)
{
    struct vmm_region *r;
    uint64_t offset;
    enum vmm_fault kind = classify(addr, error_code, &r, &offset);
    return kind == VMM_FAULT_RESOLVED ? VMM_FAULT_NO_MEMORY : kind;
}

uint64_t vmm_region_count(void)
{
    return region_count;
}
