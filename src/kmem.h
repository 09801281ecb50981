/*
 * kmem.h — one snapshot of every memory counter, so a test can compare before and
 * after (say, that a dead SIP gave back every frame, table page and heap byte). Every
 * suite that boots SIPs ends with such a comparison, made by the kernel and again by
 * the test script from the two lines kmem_print wrote.
 */
#ifndef ATOLL_KMEM_H
#define ATOLL_KMEM_H

#include <stdint.h>

struct kmem_stats {
    uint64_t frames_total;     /* frames the allocator manages */
    uint64_t frames_free;
    uint64_t frames_used;      /* frames_total - frames_free */
    uint64_t heap_bytes;       /* kheap: bytes in live allocations (rounded to class/pages) */
    uint64_t heap_pages;       /* kheap: frames held by slabs and large blocks */
    uint64_t table_pages;      /* page-table pages allocated since boot */
    uint64_t regions;          /* vmm reservations alive */
};

/* Every counter, read with interrupts off so that they agree with each other. */
struct kmem_stats kmem_stats(void);

/* Print the counters on one line, prefixed by `label`. */
void kmem_print(const char *label, const struct kmem_stats *stats);

#endif
