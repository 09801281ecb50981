/*
 * paging.h — the kernel's page tables (one set for the whole machine): map and unmap
 * 4 KiB pages, translate addresses, free page-table pages that became empty. Callers
 * choose the rights of each page (PTE_WRITE, PTE_NX); vmm.c and the code arena
 * (wasm_embed.c) are the two users besides boot.
 */
#ifndef ATOLL_PAGING_H
#define ATOLL_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "multiboot.h"

/* Page-table entry bits. */
#define PTE_PRESENT (1ull << 0)
#define PTE_WRITE (1ull << 1)
#define PTE_USER (1ull << 2)       /* never set: everything runs in ring 0 */
#define PTE_HUGE (1ull << 7)       /* in a PD or PDPT entry: a 2 MiB or 1 GiB page */
#define PTE_GLOBAL (1ull << 8)
#define PTE_NX (1ull << 63)        /* no execute (EFER.NXE is on, boot.asm) */
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ull

/* Adopt boot.asm's tables, extend the direct map over all RAM, drop the identity map,
 * and leave only the kernel's .text executable (the code arena adds its own pages). */
void paging_init(const struct boot_info *info);

/* Map the 4 KiB page at `va` to frame `pa` with `flags` (PTE_PRESENT is implied).
 * Allocates missing page tables; false when memory runs out. Panics if `va` is
 * already mapped or lies in a 2 MiB page. */
bool paging_map(uint64_t va, uint64_t pa, uint64_t flags);

/* Remove the mapping of `va` and flush it from the TLB. Returns the frame it mapped,
 * or 0 if none. Page tables stay; paging_release frees the empty ones. */
uint64_t paging_unmap(uint64_t va);

/* The physical address `va` maps to, or false when it is not mapped. */
bool paging_translate(uint64_t va, uint64_t *pa);

/* Unmap every 4 KiB page in [start, end) (page aligned), give its frame back to the
 * frame allocator, and free the page tables that empty out (tables still serving
 * addresses outside the range stay). Returns the number of frames freed. */
uint64_t paging_release(uint64_t start, uint64_t end);

/* Page-table pages allocated since boot and not yet freed (boot.asm's are static). */
uint64_t paging_table_pages(void);

#endif
