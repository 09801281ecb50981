/*
 * paging.c — walk and edit the 4-level page tables. There is one set of tables for the
 * machine: the kernel and every SIP share it. The tables boot.asm built (in the kernel
 * image) stay in use; tables added later come from the frame allocator, are counted,
 * and go back to it when they empty out. Only two places are ever executable: the
 * kernel's .text and the sealed pages of the code arena (wasm_embed.c); paging_init
 * takes execute away from everything else boot.asm mapped. Nothing is writable and
 * executable at once (W^X); CR0.WP makes ring 0 honour read-only pages.
 */
#include "paging.h"

#include "cpu.h"
#include "lib.h"
#include "memlayout.h"
#include "panic.h"
#include "pmm.h"

#define ENTRIES 512

extern uint64_t boot_pml4[ENTRIES];       /* boot.asm */

static uint64_t *pml4;
static uint64_t table_pages;

/* Index of `va` in the table at `level` (4 = PML4 ... 1 = PT). Every table is one 4 KiB
 * frame of 512 entries, reached through the direct map:
 *
 *   virtual address: | sign | PML4 (9) | PDPT (9) | PD (9) | PT (9) | offset (12) |
 *                      63-48   47-39      38-30     29-21    20-12     11-0
 */
static unsigned table_index(uint64_t va, int level)
{
    return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (ENTRIES - 1);
}

static uint64_t *entry_table(uint64_t entry)
{
    return phys_to_virt(entry & PTE_ADDR_MASK);
}

/* The PT entry for `va`, creating missing tables when `create`; NULL if absent. */
static uint64_t *walk(uint64_t va, bool create)
{
    uint64_t *table = pml4;
    for (int level = 4; level > 1; level--) {
        uint64_t *entry = &table[table_index(va, level)];
        if (!(*entry & PTE_PRESENT)) {
            if (!create)
                return NULL;
            uint64_t frame = pmm_alloc_zeroed();
            if (!frame)
                return NULL;
            table_pages++;
            *entry = frame | PTE_PRESENT | PTE_WRITE;   /* leaves decide the rest */
        } else if (*entry & PTE_HUGE) {
            if (create)
                panic("paging: %lx lies inside a large page", va);
            return NULL;
        }
        table = entry_table(*entry);
    }
    return &table[table_index(va, 1)];
}

bool paging_map(uint64_t va, uint64_t pa, uint64_t flags)
{
    bool irq = irq_save();
    uint64_t *pte = walk(va, true);
    if (pte && (*pte & PTE_PRESENT))
        panic("paging_map: %lx is already mapped", va);
    if (pte)
        *pte = (pa & PTE_ADDR_MASK) | flags | PTE_PRESENT;
    irq_restore(irq);
    return pte != NULL;
}

uint64_t paging_unmap(uint64_t va)
{
    bool irq = irq_save();
    uint64_t *pte = walk(va, false);
    uint64_t pa = 0;
    if (pte && (*pte & PTE_PRESENT)) {
        pa = *pte & PTE_ADDR_MASK;
        *pte = 0;
        invlpg(va);
    }
    irq_restore(irq);
    return pa;
}

bool paging_translate(uint64_t va, uint64_t *pa)
{
    uint64_t *table = pml4;
    for (int level = 4; level >= 1; level--) {
        uint64_t entry = table[table_index(va, level)];
        if (!(entry & PTE_PRESENT))
            return false;
        if (level == 1 || (entry & PTE_HUGE)) {
            uint64_t page_mask = (1ull << (PAGE_SHIFT + 9 * (level - 1))) - 1;
            *pa = (entry & PTE_ADDR_MASK & ~page_mask) | (va & page_mask);
            return true;
        }
        table = entry_table(entry);
    }
    return false;
}

/* boot.asm's tables live in the kernel image and are never freed. */
static bool is_boot_table(uint64_t entry)
{
    uint64_t phys = entry & PTE_ADDR_MASK;
    return phys >= (uint64_t)kernel_phys_start && phys < (uint64_t)kernel_phys_end;
}

static bool table_empty(const uint64_t *table)
{
    for (int i = 0; i < ENTRIES; i++)
        if (table[i])
            return false;
    return true;
}

/* Release below `table` (at `level`, covering addresses from `base`) what lies in
 * [start, end): leaf frames go back to the allocator and are counted in *freed, tables
 * that empty out are freed. Returns true when `table` itself ended up empty. */
static bool release(uint64_t *table, int level, uint64_t base, uint64_t start, uint64_t end,
                    uint64_t *freed)
{
    uint64_t span = 1ull << (PAGE_SHIFT + 9 * (level - 1));   /* bytes per entry */
    for (int i = 0; i < ENTRIES; i++) {
        uint64_t lo = base + (uint64_t)i * span, hi = lo + span;
        uint64_t entry = table[i];
        if (hi <= start || lo >= end || !(entry & PTE_PRESENT))
            continue;
        if (level == 1) {
            pmm_free(entry & PTE_ADDR_MASK);
            table[i] = 0;
            (*freed)++;
        } else if (entry & PTE_HUGE) {
            panic("paging_release: large page at %lx in the range", lo);
        } else if (release(entry_table(entry), level - 1, lo, start, end, freed)
                   && !is_boot_table(entry)) {
            table[i] = 0;
            pmm_free(entry & PTE_ADDR_MASK);
            table_pages--;
        }
    }
    return table_empty(table);
}

uint64_t paging_release(uint64_t start, uint64_t end)
{
    bool irq = irq_save();
    uint64_t freed = 0;
    uint64_t top_half = 0xFFFF000000000000ull;   /* sign extension of PML4 slots 256+ */
    for (unsigned i = table_index(start, 4); i <= table_index(end - 1, 4); i++) {
        uint64_t entry = pml4[i];
        uint64_t lo = (i >= 256 ? top_half : 0) | ((uint64_t)i << 39);
        if (!(entry & PTE_PRESENT))
            continue;
        if (release(entry_table(entry), 3, lo, start, end, &freed) && !is_boot_table(entry)) {
            pml4[i] = 0;
            pmm_free(entry & PTE_ADDR_MASK);
            table_pages--;
        }
    }
    write_cr3(read_cr3());                       /* flush every cached translation */
    irq_restore(irq);
    return freed;
}

/* Map [4 GiB, top of RAM) into the direct map with 2 MiB pages (boot.asm did 0..4 GiB). */
static void extend_direct_map(const struct boot_info *info)
{
    uint64_t top = 0;
    for (uint32_t i = 0; i < info->mmap_count; i++)
        if (info->mmap[i].type == BOOT_MEM_USABLE)
            top = MAX(top, info->mmap[i].base + info->mmap[i].length);
    if (top > DIRECT_MAP_SIZE)
        panic("paging: RAM above the 32 TiB the direct map can hold");
    for (uint64_t pa = 4ull << 30; pa < top; pa += LARGE_PAGE_SIZE) {
        uint64_t va = DIRECT_MAP_BASE + pa;
        uint64_t *table = pml4;
        for (int level = 4; level > 2; level--) {
            uint64_t *entry = &table[table_index(va, level)];
            if (!(*entry & PTE_PRESENT)) {
                uint64_t frame = pmm_alloc_zeroed();
                if (!frame)
                    panic("paging: out of memory extending the direct map");
                table_pages++;
                *entry = frame | PTE_PRESENT | PTE_WRITE;
            }
            table = entry_table(*entry);
        }
        table[table_index(va, 2)] = pa | PTE_PRESENT | PTE_WRITE | PTE_HUGE;
    }
}

/* The kernel window maps physical 0..8 MiB, all writable and executable (boot.asm).
 * Keep the image alone, each part with the rights it needs: .text read and execute,
 * .rodata read, the rest (.data, .bss, the boot stub now done with) read and write. */
static void protect_kernel_window(void)
{
    for (uint64_t va = KERNEL_VMA; va < KERNEL_VMA + KERNEL_WINDOW_SIZE; va += PAGE_SIZE) {
        uint64_t *pte = walk(va, false), pa = va - KERNEL_VMA;
        if (pte == NULL || !(*pte & PTE_PRESENT))
            continue;                            /* the boot stack's guard page */
        if (pa < (uint64_t)kernel_phys_start || pa >= (uint64_t)kernel_phys_end)
            *pte = 0;                            /* not the image: the direct map has it */
        else if (va >= (uint64_t)kernel_text_start && va < (uint64_t)kernel_rodata_start)
            *pte = pa | PTE_PRESENT;
        else if (va >= (uint64_t)kernel_rodata_start && va < (uint64_t)kernel_data_start)
            *pte = pa | PTE_PRESENT | PTE_NX;
        else
            *pte = pa | PTE_PRESENT | PTE_WRITE | PTE_NX;
    }
}

void paging_init(const struct boot_info *info)
{
    pml4 = boot_pml4;
    extend_direct_map(info);
    pml4[0] = 0;                                 /* the identity map is gone... */
    for (unsigned i = table_index(DIRECT_MAP_BASE, 4);
         i < table_index(DIRECT_MAP_BASE + DIRECT_MAP_SIZE - 1, 4) + 1; i++)
        if (pml4[i] & PTE_PRESENT)
            pml4[i] |= PTE_NX;                   /* ...so the direct map, which shared its
                                                    tables, can stop being executable */
    protect_kernel_window();
    write_cr3(read_cr3());
}

uint64_t paging_table_pages(void)
{
    return table_pages;
}
