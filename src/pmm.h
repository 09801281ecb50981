/*
 * pmm.h — the physical frame allocator: 4 KiB frames of RAM, one bit each. A bitmap
 * is the simplest structure that can also hand out contiguous runs (large heap
 * blocks) and prove, in tests, that every frame came back.
 */
#ifndef ATOLL_PMM_H
#define ATOLL_PMM_H

#include <stdbool.h>
#include <stdint.h>

#include "multiboot.h"

/* Build the bitmap from the memory map. Frames below 1 MiB, the kernel image, the
 * Multiboot2 information and every boot module are never handed out. */
void pmm_init(const struct boot_info *info);

/* A free frame's physical address, or 0 when memory is exhausted (frame 0 is never
 * handed out, so 0 cannot be a real answer). The frame's contents are undefined. */
uint64_t pmm_alloc(void);

/* Like pmm_alloc, but the frame is zero-filled. */
uint64_t pmm_alloc_zeroed(void);

/* `count` physically contiguous frames (the first's address), or 0 if there is no run. */
uint64_t pmm_alloc_contiguous(uint64_t count);

/* Give back a frame (or a run). Freeing a frame that is already free panics. */
void pmm_free(uint64_t phys);
void pmm_free_contiguous(uint64_t phys, uint64_t count);

/* True when the frame holding `phys` is free right now. */
bool pmm_is_free(uint64_t phys);

uint64_t pmm_total_frames(void);   /* usable RAM after the permanent reservations */
uint64_t pmm_free_frames(void);
uint64_t pmm_usable_bytes(void);   /* sum of the memory map's usable ranges */

#endif
