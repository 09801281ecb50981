/*
 * kheap.c — size classes on slab pages, whole page runs for large blocks.
 *
 *   slab page (4 KiB):  | header (64 B) | object | object | ... | object |
 *   large block:        | header (64 B) | data ...  (n contiguous frames) |
 *
 * kfree finds the header by rounding the pointer down to its page. Small requests go
 * to the smallest class that fits; a slab whose objects are all free goes back to the
 * frame allocator, so an idle heap holds no pages. Pages come from the direct map: no
 * page tables are touched.
 */
#include "kheap.h"

#include <stdbool.h>

#include "cpu.h"
#include "lib.h"
#include "memlayout.h"
#include "panic.h"
#include "pmm.h"

#define HEADER_SIZE 64
#define SLAB_MAGIC 0x51AB51ABu
#define LARGE_MAGIC 0x1A26E001u
#define MAX_ALLOC (1ull << 36)      /* refuse absurd sizes before any arithmetic */

static const uint32_t class_sizes[] = { 16, 32, 64, 128, 256, 512, 1024 };
#define CLASS_COUNT (sizeof class_sizes / sizeof class_sizes[0])

struct heap_page {
    uint32_t magic;
    uint32_t class_index;           /* slab: which size class */
    uint32_t free_count;            /* slab: objects on free_list */
    uint32_t capacity;              /* slab: objects in the page */
    uint64_t page_count;            /* large block: frames in the run */
    void *free_list;                /* slab: free objects, linked through their first word */
    struct heap_page *prev, *next;  /* slab: on its class's list while it has free objects */
};
_Static_assert(sizeof(struct heap_page) <= HEADER_SIZE, "heap header too large");

static struct heap_page *partial[CLASS_COUNT];
static uint64_t bytes_in_use, pages_held;

static struct heap_page *page_of(const void *ptr)
{
    return (struct heap_page *)PAGE_ALIGN_DOWN(ptr);
}

/* Take a slab off its class's list of slabs with free objects. */
static void list_remove(struct heap_page *page)
{
    if (page->prev)
        page->prev->next = page->next;
    else
        partial[page->class_index] = page->next;
    if (page->next)
        page->next->prev = page->prev;
    page->prev = page->next = NULL;
}

static void list_push(struct heap_page *page)
{
    page->prev = NULL;
    page->next = partial[page->class_index];
    if (page->next)
        page->next->prev = page;
    partial[page->class_index] = page;
}

/* A fresh slab for class `c`, all objects free, on the partial list; NULL if no frame. */
static struct heap_page *slab_new(unsigned c)
{
    uint64_t frame = pmm_alloc();
    if (!frame)
        return NULL;
    pages_held++;
    struct heap_page *page = phys_to_virt(frame);
    uint32_t size = class_sizes[c];
    *page = (struct heap_page){
        .magic = SLAB_MAGIC, .class_index = c,
        .capacity = (uint32_t)((PAGE_SIZE - HEADER_SIZE) / size),
    };
    for (uint32_t i = page->capacity; i-- > 0;) {
        void **object = (void **)((char *)page + HEADER_SIZE + i * size);
        *object = page->free_list;
        page->free_list = object;
    }
    page->free_count = page->capacity;
    list_push(page);
    return page;
}

/* One object of class c, from the first slab with room or a new one; NULL when out of
 * frames. */
static void *slab_alloc(unsigned c)
{
    struct heap_page *page = partial[c];
    if (!page && !(page = slab_new(c)))
        return NULL;
    void **object = page->free_list;
    page->free_list = *object;
    if (--page->free_count == 0)
        list_remove(page);
    bytes_in_use += class_sizes[c];
    return object;
}

/* Give an object back to its slab; a slab left empty goes back to the frame allocator.
 * Panics when ptr is not an object's start (a kernel bug). */
static void slab_free(struct heap_page *page, void *ptr)
{
    uint32_t size = class_sizes[page->class_index];
    uint64_t offset = (uint64_t)ptr - (uint64_t)page - HEADER_SIZE;
    if ((uint64_t)ptr < (uint64_t)page + HEADER_SIZE || offset % size != 0)
        panic("kfree: %p is not the start of a heap object", ptr);
    if (page->free_count == 0)
        list_push(page);
    *(void **)ptr = page->free_list;
    page->free_list = ptr;
    page->free_count++;
    bytes_in_use -= size;
    if (page->free_count == page->capacity) {   /* all free: give the page back */
        list_remove(page);
        page->magic = 0;
        pmm_free(virt_to_phys(page));
        pages_held--;
    }
}

/* A block of whole contiguous frames, its header first; NULL when none are free. */
static void *large_alloc(size_t size)
{
    uint64_t count = PAGE_ALIGN_UP(size + HEADER_SIZE) / PAGE_SIZE;
    uint64_t frame = pmm_alloc_contiguous(count);
    if (!frame)
        return NULL;
    struct heap_page *page = phys_to_virt(frame);
    *page = (struct heap_page){ .magic = LARGE_MAGIC, .page_count = count };
    pages_held += count;
    bytes_in_use += count * PAGE_SIZE;
    return (char *)page + HEADER_SIZE;
}

void *kmalloc(size_t size)
{
    if (size > MAX_ALLOC)
        return NULL;
    bool irq = irq_save();
    void *ptr = NULL;
    unsigned c = 0;
    while (c < CLASS_COUNT && class_sizes[c] < size)
        c++;
    ptr = c < CLASS_COUNT ? slab_alloc(c) : large_alloc(size);
    irq_restore(irq);
    return ptr;
}

void *kzalloc(size_t size)
{
    void *ptr = kmalloc(size);
    if (ptr)
        memset(ptr, 0, size);
    return ptr;
}

size_t kmalloc_size(const void *ptr)
{
    const struct heap_page *page = page_of(ptr);
    if (page->magic == SLAB_MAGIC)
        return class_sizes[page->class_index];
    if (page->magic == LARGE_MAGIC)
        return page->page_count * PAGE_SIZE - HEADER_SIZE;
    panic("kmalloc_size: %p is not a heap pointer", ptr);
}

void kfree(void *ptr)
{
    if (!ptr)
        return;
    bool irq = irq_save();
    struct heap_page *page = page_of(ptr);
    if (page->magic == SLAB_MAGIC) {
        slab_free(page, ptr);
    } else if (page->magic == LARGE_MAGIC && (char *)ptr == (char *)page + HEADER_SIZE) {
        page->magic = 0;
        bytes_in_use -= page->page_count * PAGE_SIZE;
        pages_held -= page->page_count;
        pmm_free_contiguous(virt_to_phys(page), page->page_count);
    } else {
        panic("kfree: %p is not a heap pointer", ptr);
    }
    irq_restore(irq);
}

void *krealloc(void *ptr, size_t size)
{
    if (!ptr)
        return kmalloc(size);
    size_t old_size = kmalloc_size(ptr);
    if (size <= old_size)
        return ptr;
    void *grown = kmalloc(size);
    if (!grown)
        return NULL;
    memcpy(grown, ptr, old_size);
    kfree(ptr);
    return grown;
}

uint64_t kheap_bytes_in_use(void) { return bytes_in_use; }
uint64_t kheap_pages(void) { return pages_held; }
