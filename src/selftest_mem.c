/*
 * selftest_mem.c — self-tests of the frame allocator, the heap and reservations.
 *
 * Each test takes a kmem_stats snapshot first and checks that every counter is
 * back where it started at the end: what was allocated was given back, exactly.
 * The details printed after "ok" carry the numbers test/suite-boot.sh checks.
 */
#include "selftest.h"

#include "kheap.h"
#include "kmem.h"
#include "lib.h"
#include "memlayout.h"
#include "multiboot.h"
#include "paging.h"
#include "pmm.h"
#include "probe.h"
#include "trap.h"
#include "vmm.h"

#define PMM_TEST_FRAMES 1024

/* A small deterministic generator, so failures reproduce. */
static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

static bool stats_equal(const struct kmem_stats *a, const struct kmem_stats *b)
{
    return a->frames_free == b->frames_free && a->heap_bytes == b->heap_bytes &&
           a->heap_pages == b->heap_pages && a->table_pages == b->table_pages &&
           a->regions == b->regions;
}

/* Fail with every counter that was meant to come back, before and after. */
static bool fail_stats(const char *what, const struct kmem_stats *before,
                       const struct kmem_stats *after)
{
    return selftest_fail("%s: counters not restored: frames free %lu -> %lu, heap bytes "
                         "%lu -> %lu, heap pages %lu -> %lu, tables %lu -> %lu, "
                         "regions %lu -> %lu", what,
                         before->frames_free, after->frames_free, before->heap_bytes,
                         after->heap_bytes, before->heap_pages, after->heap_pages,
                         before->table_pages, after->table_pages, before->regions,
                         after->regions);
}

/* True when frame `phys` overlaps something the allocator must never hand out. */
static bool frame_is_protected(uint64_t phys)
{
    uint64_t end = phys + PAGE_SIZE;
    if (phys < (1 << 20))
        return true;
    if (phys < (uint64_t)kernel_phys_end && end > (uint64_t)kernel_phys_start)
        return true;
    if (phys < boot_info.info_phys + boot_info.info_size && end > boot_info.info_phys)
        return true;
    for (uint32_t i = 0; i < boot_info.module_count; i++)
        if (phys < boot_info.modules[i].phys_end && end > boot_info.modules[i].phys_start)
            return true;
    return false;
}

bool selftest_pmm(void)
{
    static uint64_t frames[PMM_TEST_FRAMES];
    struct kmem_stats before = kmem_stats();

    for (int i = 0; i < PMM_TEST_FRAMES; i++) {
        uint64_t f = pmm_alloc();
        if (!f)
            return selftest_fail("pmm_alloc returned 0 after %d frames", i);
        if (f % PAGE_SIZE || frame_is_protected(f) || pmm_is_free(f))
            return selftest_fail("bad frame %lx (unaligned, protected or still free)", f);
        uint64_t *words = phys_to_virt(f);
        words[0] = f ^ 0x5A5A5A5A5A5A5A5Aull;
        words[511] = ~f;
        frames[i] = f;
    }
    uint64_t free_during = pmm_free_frames();
    for (int i = 0; i < PMM_TEST_FRAMES; i++) {
        uint64_t *words = phys_to_virt(frames[i]);
        if (words[0] != (frames[i] ^ 0x5A5A5A5A5A5A5A5Aull) || words[511] != ~frames[i])
            return selftest_fail("frame %lx was overwritten (handed out twice?)", frames[i]);
    }
    for (int i = 0; i < PMM_TEST_FRAMES; i += 2)      /* evens first, then odds */
        pmm_free(frames[i]);
    for (int i = 1; i < PMM_TEST_FRAMES; i += 2)
        pmm_free(frames[i]);

    uint64_t run = pmm_alloc_contiguous(64);
    if (!run)
        return selftest_fail("no run of 64 contiguous frames");
    for (int i = 0; i < 64; i++)
        if (pmm_is_free(run + i * PAGE_SIZE) || frame_is_protected(run + i * PAGE_SIZE))
            return selftest_fail("contiguous run at %lx has a bad frame %d", run, i);
    pmm_free_contiguous(run, 64);

    if ((uint64_t)kernel_phys_start < (1 << 20) || pmm_is_free((uint64_t)kernel_phys_start) ||
        pmm_is_free(boot_info.info_phys))
        return selftest_fail("the kernel image or the boot information is marked free");

    struct kmem_stats after = kmem_stats();
    if (!stats_equal(&before, &after))
        return fail_stats("pmm", &before, &after);
    selftest_detail("%d frames, free %lu -> %lu -> %lu", PMM_TEST_FRAMES, before.frames_free,
                    free_during, after.frames_free);
    return true;
}

bool selftest_pmm_exhaust(void)
{
    struct kmem_stats before = kmem_stats();
    uint64_t chain = 0, count = 0, bad = 0;      /* allocated frames, linked through word 0 */
    for (uint64_t f; (f = pmm_alloc()) != 0; count++) {
        if (frame_is_protected(f) && !bad)
            bad = f;
        *(uint64_t *)phys_to_virt(f) = chain;
        chain = f;
    }
    bool large_null = kmalloc(64 * 1024) == NULL;
    while (chain) {
        uint64_t next = *(uint64_t *)phys_to_virt(chain);
        pmm_free(chain);
        chain = next;
    }
    struct kmem_stats after = kmem_stats();
    if (bad)
        return selftest_fail("frame %lx (kernel, boot information or a module) was handed out",
                             bad);
    if (count != before.frames_free)
        return selftest_fail("exhausted after %lu frames, but %lu were free", count,
                             before.frames_free);
    if (!large_null)
        return selftest_fail("kmalloc succeeded with no free frame");
    if (!stats_equal(&before, &after))
        return fail_stats("pmm-exhaust", &before, &after);
    selftest_detail("exhausted after %lu frames of %lu free, all returned", count,
                    before.frames_free);
    return true;
}

bool selftest_heap(void)
{
    enum { SMALL = 2000, LARGE = 20 };
    struct kmem_stats before = kmem_stats();
    uint8_t **ptrs = kmalloc(SMALL * sizeof *ptrs);
    size_t *sizes = kmalloc(SMALL * sizeof *sizes);
    if (!ptrs || !sizes)
        return selftest_fail("no memory for the test's own arrays");
    uint32_t seed = 42;

    for (int i = 0; i < SMALL + LARGE; i++) {
        size_t size = i < SMALL ? 1 + next_random(&seed) % 1024 : 2000 + next_random(&seed) % 200000;
        int slot = i % SMALL;
        if (i >= SMALL)                             /* large ones replace early small ones */
            kfree(ptrs[slot]);
        ptrs[slot] = kmalloc(size);
        sizes[slot] = size;
        if (!ptrs[slot])
            return selftest_fail("kmalloc(%lu) returned NULL", size);
        if ((uint64_t)ptrs[slot] % 16 || kmalloc_size(ptrs[slot]) < size)
            return selftest_fail("kmalloc(%lu) gave %p of size %lu", size, ptrs[slot],
                                 kmalloc_size(ptrs[slot]));
        memset(ptrs[slot], (uint8_t)slot, size);
    }
    uint64_t bytes_during = kheap_bytes_in_use();
    for (int i = 0; i < SMALL; i++)
        for (size_t j = 0; j < sizes[i]; j++)
            if (ptrs[i][j] != (uint8_t)i)
                return selftest_fail("allocation %d (%p, %lu bytes) was overwritten at %lu",
                                     i, ptrs[i], sizes[i], j);
    for (int i = 0; i < SMALL; i += 2)
        kfree(ptrs[i]);
    for (int i = 1; i < SMALL; i += 2)
        kfree(ptrs[i]);

    uint8_t *p = kmalloc(100);
    memset(p, 0xEE, 100);
    kfree(p);
    uint8_t *z = kzalloc(100);
    for (int i = 0; i < 100; i++)
        if (z[i] != 0)
            return selftest_fail("kzalloc returned a nonzero byte at %d", i);
    for (int i = 0; i < 100; i++)
        z[i] = (uint8_t)i;
    z = krealloc(z, 5000);
    for (int i = 0; z && i < 100; i++)
        if (z[i] != (uint8_t)i)
            return selftest_fail("krealloc lost byte %d", i);
    kfree(z);
    kfree(ptrs);
    kfree(sizes);
    if (kmalloc(1ull << 40) != NULL || kmalloc((size_t)-1) != NULL)
        return selftest_fail("an impossible kmalloc did not return NULL");

    struct kmem_stats after = kmem_stats();
    if (!stats_equal(&before, &after))
        return fail_stats("heap", &before, &after);
    selftest_detail("%d small + %d large, heap bytes %lu -> %lu -> %lu, frames free %lu -> %lu",
                    SMALL, LARGE, before.heap_bytes, bytes_during, after.heap_bytes,
                    before.frames_free, after.frames_free);
    return true;
}

bool selftest_heap_exhaust(void)
{
    struct kmem_stats before = kmem_stats();
    void *chain = NULL;                          /* blocks linked through their first word */
    uint64_t big = 0, small = 0;
    for (void *p; (p = kmalloc(1 << 20)) != NULL; big++) {
        *(void **)p = chain;
        chain = p;
    }
    for (void *p; (p = kmalloc(1024)) != NULL; small++) {
        *(void **)p = chain;
        chain = p;
    }
    bool still_null = pmm_free_frames() == 0 && kmalloc(4096) == NULL && kzalloc(4096) == NULL;
    while (chain) {
        void *next = *(void **)chain;
        kfree(chain);
        chain = next;
    }
    struct kmem_stats after = kmem_stats();
    if (big == 0 || small == 0)
        return selftest_fail("exhausted too early: %lu MiB blocks, %lu small", big, small);
    if (!still_null)
        return selftest_fail("frames left or kmalloc succeeded after the heap ran out");
    if (!stats_equal(&before, &after))
        return fail_stats("heap-exhaust", &before, &after);
    selftest_detail("NULL after %lu MiB blocks and %lu small ones, all returned", big, small);
    return true;
}

bool selftest_vmm(void)
{
    static const uint64_t offsets[] = { 0, PAGE_SIZE, (4ull << 30) - PAGE_SIZE, 4ull << 30,
                                        (8ull << 30) - PAGE_SIZE };
    struct kmem_stats before = kmem_stats();
    struct vmm_region *r = vmm_reserve(8ull << 30, 64 * 1024, "selftest-a");
    struct vmm_region *r2 = vmm_reserve(8ull << 30, 64 * 1024, "selftest-b");
    if (!r || !r2)
        return selftest_fail("vmm_reserve returned NULL");
    if (r->base % (1ull << 30) || r->base < RESERVE_BASE ||
        r2->base < r->base + r->size + r->guard + PAGE_SIZE)
        return selftest_fail("regions at %lx and %lx overlap or are misplaced", r->base, r2->base);

    for (size_t i = 0; i < ARRAY_SIZE(offsets); i++) {
        if (!vmm_map_zeroed(r, offsets[i]))
            return selftest_fail("vmm_map_zeroed(%lx) failed", offsets[i]);
        volatile uint64_t *word = (uint64_t *)(r->base + offsets[i]);
        if (*word != 0)
            return selftest_fail("fresh page at +%lx is not zero", offsets[i]);
        *word = 0xA7011000 + i;
    }
    struct kmem_stats during = kmem_stats();
    for (size_t i = 0; i < ARRAY_SIZE(offsets); i++) {
        uint64_t pa;
        if (*(volatile uint64_t *)(r->base + offsets[i]) != 0xA7011000 + i)
            return selftest_fail("page at +%lx lost its value", offsets[i]);
        if (!paging_translate(r->base + offsets[i], &pa) || pmm_is_free(pa))
            return selftest_fail("page at +%lx has no allocated frame", offsets[i]);
    }
    if (vmm_find(r->base + r->size + 100) != r || vmm_find(r->base - 1) != NULL)
        return selftest_fail("vmm_find does not see the guard or sees below the region");
    uint64_t pa;
    vmm_unmap(r, PAGE_SIZE);
    if (paging_translate(r->base + PAGE_SIZE, &pa) || r->pages_mapped != ARRAY_SIZE(offsets) - 1)
        return selftest_fail("vmm_unmap left the page mapped");

    uint64_t base = r->base;
    vmm_release(r);
    vmm_release(r2);
    if (paging_translate(base, &pa))
        return selftest_fail("released region still mapped");
    struct kmem_stats after = kmem_stats();
    if (!stats_equal(&before, &after))
        return fail_stats("vmm", &before, &after);
    selftest_detail("mapped %lu pages at %lx, tables %lu -> %lu -> %lu, heap pages %lu -> %lu -> %lu, "
                    "frames free %lu -> %lu -> %lu", ARRAY_SIZE(offsets), base,
                    before.table_pages, during.table_pages, after.table_pages,
                    before.heap_pages, during.heap_pages, after.heap_pages,
                    before.frames_free, during.frames_free, after.frames_free);
    return true;
}

/* Fault hook for vmm-demand: resume faulting probes at the landing pad, noting CR2. */
static uint64_t last_fault_addr;
static enum vmm_fault last_fault_kind;

static struct trap_frame *demand_hook(struct trap_frame *tf, uint64_t fault_addr)
{
    if (tf->vector != VEC_PAGE_FAULT || tf->rip != (uint64_t)probe_read64)
        return NULL;
    last_fault_addr = fault_addr;
    struct vmm_region *r = vmm_find(fault_addr);
    last_fault_kind = r ? VMM_FAULT_GUARD : VMM_FAULT_NOT_RESERVED;
    tf->rip = (uint64_t)probe_fault_landing;
    return tf;
}

bool selftest_vmm_demand(void)
{
    struct kmem_stats before = kmem_stats();
    struct vmm_region *r = vmm_reserve(8ull << 30, 64 * 1024, "selftest-demand");
    if (!r)
        return selftest_fail("vmm_reserve returned NULL");
    vmm_set_accessible(r, 1 << 20);
    fault_hook_fn previous = trap_set_fault_hook(demand_hook);

    volatile uint8_t *mem = (uint8_t *)r->base;
    uint8_t first = mem[0];                      /* faults; vmm maps a zeroed page */
    mem[12345] = 0x5C;                           /* another page, by a write */
    bool contents_ok = first == 0 && mem[12345] == 0x5C && mem[12346] == 0;
    uint64_t mapped = r->pages_mapped;

    uint64_t beyond = r->base + (1 << 20);       /* past `accessible` */
    uint64_t guard = r->base + r->size + 8;      /* in the guard proper */
    uint64_t got_beyond = probe_read64(beyond);
    uint64_t fault_beyond = last_fault_addr;
    uint64_t got_guard = probe_read64(guard);
    uint64_t fault_guard = last_fault_addr;
    enum vmm_fault kind = last_fault_kind;
    trap_set_fault_hook(previous);
    vmm_release(r);

    if (!contents_ok || mapped != 2)
        return selftest_fail("demand paging: first byte %u, %lu pages mapped (want 0 and 2)",
                             first, mapped);
    if (got_beyond != PROBE_FAULTED || fault_beyond != beyond || got_guard != PROBE_FAULTED ||
        fault_guard != guard || kind != VMM_FAULT_GUARD)
        return selftest_fail("guard faults not reported: %lx at %lx, %lx at %lx", got_beyond,
                             fault_beyond, got_guard, fault_guard);
    struct kmem_stats after = kmem_stats();
    if (!stats_equal(&before, &after))
        return fail_stats("vmm-demand", &before, &after);
    selftest_detail("2 pages faulted in, guard faults at +0x%lx and +0x%lx caught",
                    fault_beyond - (uint64_t)mem, fault_guard - (uint64_t)mem);
    return true;
}

/* ---- nx: only .text executes, .text and .rodata are read only (paging.c) ---- */

#define NX_MARK 0x5EC0DE          /* what the planted code returns if it ever runs */
static const uint8_t nx_code[] = { 0xB8, 0xDE, 0xC0, 0x5E, 0x00, 0xC3 };  /* mov eax, MARK; ret */
static uint8_t nx_data[sizeof nx_code] = { 1 };   /* initialised: in .data, not .bss */
static struct trap_frame last_protection_fault;
static uint64_t last_protection_addr;

/* Any page fault lands on probe_fault_landing, which returns PROBE_FAULTED to whoever
 * called the faulting probe, or the code that could not execute. */
static struct trap_frame *protection_hook(struct trap_frame *tf, uint64_t fault_addr)
{
    if (tf->vector != VEC_PAGE_FAULT)
        return NULL;
    last_protection_fault = *tf;
    last_protection_addr = fault_addr;
    tf->rip = (uint64_t)probe_fault_landing;
    return tf;
}

/* Plant nx_code at `where` and call it: NULL when the fetch faulted there, at once,
 * as a protection fault on an instruction fetch; otherwise why not. */
static const char *fetch_faults(uint8_t *where)
{
    memcpy(where, nx_code, sizeof nx_code);
    last_protection_fault.vector = 0;
    uint64_t got = ((uint64_t (*)(void))(void *)where)();
    const struct trap_frame *tf = &last_protection_fault;
    if (got == NX_MARK)
        return "the code ran";
    if (got != PROBE_FAULTED || tf->rip != (uint64_t)where || last_protection_addr != tf->rip)
        return "no fault at the planted code";
    if ((tf->error_code & (PF_FETCH | PF_PRESENT)) != (PF_FETCH | PF_PRESENT))
        return "the fault was not a fetch from a present page";
    return NULL;
}

/* A write of the byte already there: harmless if it goes through. True if it faulted
 * as a write to a present page. */
static bool write_faults(const void *where)
{
    uint8_t value = *(const volatile uint8_t *)where;
    last_protection_fault.vector = 0;
    return probe_write8((uint64_t)where, value) == PROBE_FAULTED &&
           last_protection_addr == (uint64_t)where &&
           (last_protection_fault.error_code & (PF_WRITE | PF_PRESENT)) == (PF_WRITE | PF_PRESENT);
}

bool selftest_nx(void)
{
    uint8_t *heap = kmalloc(64), stack[sizeof nx_code];
    if (heap == NULL)
        return selftest_fail("no heap for the test");
    fault_hook_fn previous = trap_set_fault_hook(protection_hook);
    const char *from_heap = fetch_faults(heap);
    const char *from_data = fetch_faults(nx_data);
    const char *from_stack = fetch_faults(stack);
    bool text_ro = write_faults((const void *)probe_read64);
    bool rodata_ro = write_faults(nx_code);
    trap_set_fault_hook(previous);
    kfree(heap);

    if (from_heap)
        return selftest_fail("code in the heap (direct map, %p): %s", heap, from_heap);
    if (from_data)
        return selftest_fail("code in .data (%p): %s", nx_data, from_data);
    if (from_stack)
        return selftest_fail("code on the boot stack (%p): %s", stack, from_stack);
    if (!text_ro)
        return selftest_fail("a write into .text (%p) went through", (void *)probe_read64);
    if (!rodata_ro)
        return selftest_fail("a write into .rodata (%p) went through", nx_code);
    selftest_detail("fetches from the heap, .data and the stack fault; writes to .text and "
                    ".rodata fault");
    return true;
}
