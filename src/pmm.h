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

/* Promises: frames set aside for committed SIP linear memory (wasm_embed.c), so that a
 * page a SIP may touch can always be backed, even in kernel C with interrupts off.
 * Ordinary allocations never take a promised frame (they fail first); an allocation
 * made between pmm_draw_begin and pmm_draw_end is paid from the holder's promise. */

/* Promise `count` more frames: true if that many are free and unpromised beyond
 * PMM_KERNEL_RESERVE (kept for the kernel's heap, stacks and tables); else false. */
bool pmm_promise(uint64_t count);

/* Take back `count` frames of promises not drawn on. */
void pmm_unpromise(uint64_t count);

/* Until pmm_draw_end, allocations are paid from *promise (a holder's undrawn frames,
 * counted down) while it lasts. Interrupts must stay off in between. */
void pmm_draw_begin(uint64_t *promise);
void pmm_draw_end(void);

uint64_t pmm_promisable_frames(void);  /* what pmm_promise could grant now */

uint64_t pmm_total_frames(void);   /* usable RAM after the permanent reservations */
uint64_t pmm_free_frames(void);
uint64_t pmm_usable_bytes(void);   /* sum of the memory map's usable ranges */

#endif
