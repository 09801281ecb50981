/*
 * vmm.h — reservations: large regions of kernel address space whose pages are mapped
 * one by one, on request or on first touch, and given back all at once.
 *
 * A SIP's linear memory is one reservation: `size` bytes that may be mapped (8 GiB
 * covers every address a 32-bit index plus a 32-bit offset can form), then `guard`
 * bytes that never are. Only the first `accessible` bytes (the memory's current
 * size) are filled in on a fault; a touch beyond them is a fault the SIP layer turns
 * into a trap. Every frame mapped in a region belongs to it and is freed with it.
 */
#ifndef ATOLL_VMM_H
#define ATOLL_VMM_H

#include <stdbool.h>
#include <stdint.h>

struct vmm_region {
    uint64_t base;             /* first address; 1 GiB aligned */
    uint64_t size;             /* bytes that may be mapped: [base, base + size) */
    uint64_t guard;            /* bytes after that which never are */
    uint64_t accessible;       /* a fault below base + accessible maps a zeroed page */
    uint64_t pages_mapped;     /* frames this region owns */
    uint64_t promised;         /* frames promised to it (pmm_promise), not yet drawn */
    const char *name;          /* for messages; not copied */
    void *owner;               /* free for the region's user (e.g. the SIP) */
    struct vmm_region *next;   /* regions sorted by base */
};

/* What vmm_handle_fault made of a page fault. */
enum vmm_fault {
    VMM_FAULT_NOT_RESERVED,    /* the address is in no region: not ours */
    VMM_FAULT_RESOLVED,        /* a zeroed page was mapped; retry the access */
    VMM_FAULT_GUARD,           /* in a region but beyond `accessible` (guard included) */
    VMM_FAULT_PROTECTION,      /* the page is mapped; the access broke its protection */
    VMM_FAULT_NO_MEMORY,       /* no frame or page table could be had */
};

/* Reserve `size` + `guard` bytes of address space (both rounded up to pages) in the
 * reservation arena, nothing mapped and nothing accessible yet. NULL when the arena or
 * the heap is exhausted. */
struct vmm_region *vmm_reserve(uint64_t size, uint64_t guard, const char *name);

/* Unmap everything in the region, free its frames and page tables, forget it. */
void vmm_release(struct vmm_region *region);

/* Map a zeroed frame at base + offset (page aligned, below size), writable and not
 * executable. False when memory runs out. Panics if the page is already mapped. */
bool vmm_map_zeroed(struct vmm_region *region, uint64_t offset);

/* Unmap the page at base + offset and free its frame (no-op if not mapped). */
void vmm_unmap(struct vmm_region *region, uint64_t offset);

/* Let faults below base + bytes be filled with zeroed pages (bytes <= size). Shrinking
 * does not unmap pages already there. */
void vmm_set_accessible(struct vmm_region *region, uint64_t bytes);

/* The most frames that mapping the first `bytes` of a region can take: one per page,
 * and the page tables, directories and pointer table above them. */
uint64_t vmm_frames_to_back(uint64_t bytes);

/* vmm_set_accessible(region, bytes) with a promise (pmm.h) of every frame the pages
 * newly made accessible can take, so that no fault in them can find RAM short. False,
 * changing nothing, when the frames cannot be promised. The promise is drawn on as
 * pages are mapped and what is left is given back by vmm_release. */
bool vmm_promise_accessible(struct vmm_region *region, uint64_t bytes);

/* The region whose [base, base + size + guard) holds `addr`, or NULL. */
struct vmm_region *vmm_find(uint64_t addr);

/* Called by the page-fault handler first (trap.c), with CR2 and the error code. */
enum vmm_fault vmm_handle_fault(uint64_t addr, uint64_t error_code);

/* Why a page fault that vmm_handle_fault did not resolve happened, for the fault hook
 * that sees it next: NO_MEMORY (a page was due there, and no frame or page table could
 * be had), GUARD, PROTECTION or NOT_RESERVED. Maps nothing. */
enum vmm_fault vmm_fault_cause(uint64_t addr, uint64_t error_code);

/* Regions currently reserved. */
uint64_t vmm_region_count(void);

#endif
