/*
 * kheap.h — the kernel heap: kmalloc, kzalloc, krealloc, kfree.
 *
 * Every allocation is 16-byte aligned. Exhaustion returns NULL, never panics: callers
 * that serve a SIP turn it into an error for that SIP alone.
 */
#ifndef ATOLL_KHEAP_H
#define ATOLL_KHEAP_H

#include <stddef.h>
#include <stdint.h>

/* At least `size` bytes (kzalloc: zeroed); NULL when memory runs out. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void *krealloc(void *ptr, size_t size);   /* ptr may be NULL; on failure ptr is kept */
void kfree(void *ptr);                    /* ptr may be NULL */

/* Usable size of an allocation (at least what was asked for). */
size_t kmalloc_size(const void *ptr);

uint64_t kheap_bytes_in_use(void);        /* sum of allocation sizes (size class or pages) */
uint64_t kheap_pages(void);               /* frames the heap holds, slabs and large blocks */

#endif
