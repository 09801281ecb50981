/*
 * memlayout.h — the kernel's virtual address space: one for the whole machine, shared
 * by the kernel and every SIP (all run in ring 0). Its constants, and the bounds of the
 * kernel image from the linker script. boot.asm builds the first page tables with the
 * same numbers: keep them in step. docs/boot.md draws the map with each region's rights.
 */
#ifndef ATOLL_MEMLAYOUT_H
#define ATOLL_MEMLAYOUT_H

#include <stdint.h>

/*
 *   0x0000000000000000 +--------------------------------------------------------+
 *                      | lower half: unmapped once paging_init runs (the 0..4 GiB |
 *                      | identity map exists only during boot); NULL always faults |
 *   0x00007FFFFFFFFFFF +--------------------------------------------------------+
 *                        ... non-canonical hole ...
 *   0xFFFF800000000000 +--------------------------------------------------------+
 *   DIRECT_MAP_BASE    | direct map: physical address p is at p + DIRECT_MAP_BASE |
 *                      | (all RAM, 2 MiB pages; PML4 slots 256..319, 32 TiB); the |
 *                      | heap lives here. Writable, never executable              |
 *   0xFFFFA00000000000 +--------------------------------------------------------+
 *   RESERVE_BASE       | reservation arena (vmm.c): SIP linear memories, stacks,  |
 *                      | the code arena (wasm_embed.c: the only executable pages  |
 *                      | besides .text, once sealed), 4 KiB pages mapped on       |
 *                      | demand; each region is followed by its guard (PML4       |
 *                      | slots 320..351, 16 TiB)                                  |
 *   0xFFFFB00000000000 +--------------------------------------------------------+
 *                        ... unused ...
 *   0xFFFFFFFF80000000 +--------------------------------------------------------+
 *   KERNEL_VMA         | kernel image (kernel.ld), 4 KiB pages of the window      |
 *                      | boot.asm maps (physical 0..8 MiB; paging.c keeps the     |
 *                      | image only): .text read+execute, .rodata read, .data and |
 *                      | .bss (boot page tables, boot stack and its unmapped      |
 *                      | guard page) read+write                                   |
 *   0xFFFFFFFF80800000 +--------------------------------------------------------+
 */
#define PAGE_SIZE UINT64_C(4096)
#define PAGE_SHIFT 12
#define LARGE_PAGE_SIZE (UINT64_C(2) << 20)

#define DIRECT_MAP_BASE UINT64_C(0xFFFF800000000000)
#define DIRECT_MAP_SIZE (UINT64_C(32) << 40)
#define RESERVE_BASE UINT64_C(0xFFFFA00000000000)
#define RESERVE_SIZE (UINT64_C(16) << 40)
#define KERNEL_VMA UINT64_C(0xFFFFFFFF80000000)
#define KERNEL_WINDOW_SIZE (UINT64_C(8) << 20)

#define PAGE_ALIGN_DOWN(x) ((uint64_t)(x) & ~(PAGE_SIZE - 1))
#define PAGE_ALIGN_UP(x) (((uint64_t)(x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

/* Physical address -> pointer through the direct map, and back. */
static inline void *phys_to_virt(uint64_t phys)
{
    return (void *)(phys + DIRECT_MAP_BASE);
}

static inline uint64_t virt_to_phys(const void *virt)
{
    uint64_t va = (uint64_t)virt;
    return va >= KERNEL_VMA ? va - KERNEL_VMA : va - DIRECT_MAP_BASE;
}

/* Linker-script symbols (kernel.ld): the bounds of the kernel image and its parts. */
extern char kernel_phys_start[], kernel_phys_end[];
extern char kernel_text_start[], kernel_text_end[], kernel_rodata_start[], kernel_data_start[];
extern char kernel_end[];

#endif
