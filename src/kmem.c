/*
 * kmem.c — gathers the memory counters kept by pmm.c, kheap.c, paging.c and vmm.c
 * into one snapshot, taken with interrupts off so that the numbers agree with each
 * other, and prints it in the one format the test suites read.
 */
#include "kmem.h"

#include "cpu.h"
#include "kheap.h"
#include "kprintf.h"
#include "paging.h"
#include "pmm.h"
#include "vmm.h"

struct kmem_stats kmem_stats(void)
{
    bool irq = irq_save();                /* one consistent snapshot */
    struct kmem_stats s = {
        .frames_total = pmm_total_frames(),
        .frames_free = pmm_free_frames(),
        .heap_bytes = kheap_bytes_in_use(),
        .heap_pages = kheap_pages(),
        .table_pages = paging_table_pages(),
        .regions = vmm_region_count(),
    };
    s.frames_used = s.frames_total - s.frames_free;
    irq_restore(irq);
    return s;
}

void kmem_print(const char *label, const struct kmem_stats *s)
{
    kprintf("%s: frames free=%lu used=%lu heap bytes=%lu pages=%lu tables=%lu regions=%lu\n",
            label, s->frames_free, s->frames_used, s->heap_bytes, s->heap_pages,
            s->table_pages, s->regions);
}
