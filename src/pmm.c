/*
 * pmm.c — physical memory as a bitmap, one bit per 4 KiB frame (1 = in use).
 *
 * A bitmap is small (32 KiB covers 1 GiB), catches double frees, and can find
 * contiguous runs for large heap blocks. It lives in RAM chosen at boot: the first
 * usable range that overlaps nothing we must keep (low memory, the kernel image, the
 * Multiboot2 information, the modules). Searches start at a hint, the lowest frame
 * that may be free, so allocation is cheap in the common case. Every entry point
 * disables interrupts for its duration: the allocator is called from fault handlers.
 * Promised frames (pmm.h) are a count, not particular frames: an ordinary allocation
 * fails rather than leave fewer free frames than are promised.
 */
#include "pmm.h"

#include "cpu.h"
#include "lib.h"
#include "memlayout.h"
#include "panic.h"

#define LOW_MEMORY_END (1ull << 20)   /* BIOS data, VGA, option ROMs: never ours */
#define MAX_RESERVED (BOOT_MAX_MODULES + 4)
#define PMM_KERNEL_RESERVE 1024       /* 4 MiB no promise may take: heap, stacks, tables */

struct range {
    uint64_t start, end;              /* [start, end) */
};

static uint64_t *bitmap;              /* through the direct map */
static uint64_t frame_limit;          /* frames 0..frame_limit-1 are described */
static uint64_t search_hint;          /* no free frame below this one */
static uint64_t total_frames, free_frames, usable_bytes;
static uint64_t promised;             /* free frames set aside; never above free_frames */
static uint64_t *draw_from;           /* the promise paying for allocations, or NULL */

static bool bit_test(uint64_t frame) { return bitmap[frame / 64] & (1ull << (frame % 64)); }
static void bit_set(uint64_t frame) { bitmap[frame / 64] |= 1ull << (frame % 64); }
static void bit_clear(uint64_t frame) { bitmap[frame / 64] &= ~(1ull << (frame % 64)); }

static bool overlaps(struct range a, struct range b)
{
    return a.start < b.end && b.start < a.end;
}

/* The ranges of RAM that are in use before the allocator exists. */
static int collect_reserved(const struct boot_info *info, struct range *out)
{
    int n = 0;
    out[n++] = (struct range){ 0, LOW_MEMORY_END };
    out[n++] = (struct range){ (uint64_t)kernel_phys_start, (uint64_t)kernel_phys_end };
    out[n++] = (struct range){ info->info_phys, info->info_phys + info->info_size };
    for (uint32_t i = 0; i < info->module_count; i++)
        out[n++] = (struct range){ info->modules[i].phys_start, info->modules[i].phys_end };
    return n;
}

/* First page-aligned spot of `bytes` in usable RAM overlapping no reserved range. */
static uint64_t find_bitmap_home(const struct boot_info *info, const struct range *reserved,
                                 int nreserved, uint64_t bytes)
{
    for (uint32_t i = 0; i < info->mmap_count; i++) {
        const struct boot_mmap_entry *e = &info->mmap[i];
        if (e->type != BOOT_MEM_USABLE)
            continue;
        uint64_t end = e->base + e->length;
        uint64_t candidate = PAGE_ALIGN_UP(e->base);
        for (int r = 0; r < nreserved && candidate + bytes <= end; r++) {
            if (overlaps((struct range){ candidate, candidate + bytes }, reserved[r])) {
                candidate = PAGE_ALIGN_UP(reserved[r].end);
                r = -1;                 /* moved: check every range again */
            }
        }
        if (candidate + bytes <= end)
            return candidate;
    }
    panic("pmm: no room for a %lu-byte frame bitmap", bytes);
}

/* Mark every frame that [r.start, r.end) touches as in use. */
static void mark_range_used(struct range r)
{
    uint64_t last = MIN((r.end + PAGE_SIZE - 1) / PAGE_SIZE, frame_limit);
    for (uint64_t f = r.start / PAGE_SIZE; f < last; f++) {
        if (!bit_test(f)) {
            bit_set(f);
            free_frames--;
        }
    }
}

void pmm_init(const struct boot_info *info)
{
    uint64_t max_addr = 0;
    for (uint32_t i = 0; i < info->mmap_count; i++) {
        const struct boot_mmap_entry *e = &info->mmap[i];
        if (e->type == BOOT_MEM_USABLE) {
            max_addr = MAX(max_addr, e->base + e->length);
            usable_bytes += e->length;
        }
    }
    frame_limit = max_addr / PAGE_SIZE;
    uint64_t bitmap_bytes = PAGE_ALIGN_UP((frame_limit + 63) / 64 * 8);

    struct range reserved[MAX_RESERVED + 1];
    int nreserved = collect_reserved(info, reserved);
    uint64_t bitmap_phys = find_bitmap_home(info, reserved, nreserved, bitmap_bytes);
    reserved[nreserved++] = (struct range){ bitmap_phys, bitmap_phys + bitmap_bytes };

    bitmap = phys_to_virt(bitmap_phys);
    memset(bitmap, 0xFF, bitmap_bytes);         /* everything in use... */
    for (uint32_t i = 0; i < info->mmap_count; i++) {
        const struct boot_mmap_entry *e = &info->mmap[i];
        if (e->type != BOOT_MEM_USABLE)
            continue;
        uint64_t first = PAGE_ALIGN_UP(e->base) / PAGE_SIZE;
        uint64_t last = (e->base + e->length) / PAGE_SIZE;   /* whole frames only */
        for (uint64_t f = first; f < last; f++) {            /* ...but usable RAM */
            bit_clear(f);
            free_frames++;
        }
    }
    for (int r = 0; r < nreserved; r++)          /* ...except what is already taken */
        mark_range_used(reserved[r]);
    total_frames = free_frames;
    search_hint = 0;
}

uint64_t pmm_alloc_contiguous(uint64_t count)
{
    if (count == 0)
        return 0;
    bool irq = irq_save();
    bool paid = draw_from != NULL && *draw_from >= count;   /* from a promise */
    if (!paid && free_frames < promised + count) {
        irq_restore(irq);                        /* the rest is promised to SIPs */
        return 0;
    }
    uint64_t run_start = 0, run_len = 0, found = 0, first_free = 0;
    for (uint64_t f = search_hint; f < frame_limit; f++) {
        if (f % 64 == 0 && bitmap[f / 64] == ~0ull) {
            run_len = 0;                         /* a full word: skip 64 frames */
            f += 63;
            continue;
        }
        if (bit_test(f)) {
            run_len = 0;
            continue;
        }
        if (!first_free)
            first_free = f;
        if (run_len++ == 0)
            run_start = f;
        if (run_len == count) {
            found = run_start;
            break;
        }
    }
    if (found) {
        for (uint64_t f = found; f < found + count; f++)
            bit_set(f);
        free_frames -= count;
        if (paid) {
            *draw_from -= count;
            promised -= count;
        }
    }
    /* Nothing below the first free frame we saw is free; past our run, maybe. */
    if (!first_free)
        search_hint = frame_limit;
    else
        search_hint = (first_free == found) ? found + count : first_free;
    irq_restore(irq);
    return found * PAGE_SIZE;
}

uint64_t pmm_alloc(void)
{
    return pmm_alloc_contiguous(1);
}

uint64_t pmm_alloc_zeroed(void)
{
    uint64_t phys = pmm_alloc();
    if (phys)
        memset(phys_to_virt(phys), 0, PAGE_SIZE);
    return phys;
}

void pmm_free_contiguous(uint64_t phys, uint64_t count)
{
    if (phys % PAGE_SIZE != 0)
        panic("pmm_free: %lx is not frame aligned", phys);
    bool irq = irq_save();
    uint64_t first = phys / PAGE_SIZE;
    for (uint64_t f = first; f < first + count; f++) {
        if (f >= frame_limit || !bit_test(f))
            panic("pmm_free: frame %lx is not allocated", f * PAGE_SIZE);
        bit_clear(f);
    }
    free_frames += count;
    search_hint = MIN(search_hint, first);
    irq_restore(irq);
}

void pmm_free(uint64_t phys)
{
    pmm_free_contiguous(phys, 1);
}

bool pmm_is_free(uint64_t phys)
{
    uint64_t f = phys / PAGE_SIZE;
    return f < frame_limit && !bit_test(f);
}

bool pmm_promise(uint64_t count)
{
    bool irq = irq_save();
    bool ok = free_frames - promised >= count + PMM_KERNEL_RESERVE;
    if (ok)
        promised += count;
    irq_restore(irq);
    return ok;
}

void pmm_unpromise(uint64_t count)
{
    bool irq = irq_save();
    if (count > promised)
        panic("pmm_unpromise: %lu frames, but only %lu are promised", count, promised);
    promised -= count;
    irq_restore(irq);
}

void pmm_draw_begin(uint64_t *promise)
{
    if ((read_rflags() & RFLAGS_IF) || draw_from != NULL)
        panic("pmm_draw_begin: interrupts on or a draw already open");
    draw_from = promise;
}

void pmm_draw_end(void)
{
    draw_from = NULL;
}

uint64_t pmm_promisable_frames(void)
{
    uint64_t spare = free_frames - promised;
    return spare > PMM_KERNEL_RESERVE ? spare - PMM_KERNEL_RESERVE : 0;
}

uint64_t pmm_total_frames(void) { return total_frames; }
uint64_t pmm_free_frames(void) { return free_frames; }
uint64_t pmm_usable_bytes(void) { return usable_bytes; }
