/*
 * multiboot.h — what the boot loader told us, copied out of the Multiboot2 information
 * into plain C structures: the memory map, the kernel command line, the boot modules.
 * Copied once at boot, so that nothing else in the kernel walks the packed,
 * variable-length tags; the modules themselves stay where GRUB put them (pmm.c keeps
 * their frames, and those of the information).
 */
#ifndef ATOLL_MULTIBOOT_H
#define ATOLL_MULTIBOOT_H

#include <stdbool.h>
#include <stdint.h>

#define MULTIBOOT2_LOADER_MAGIC 0x36D76289
#define BOOT_MAX_MMAP 64
#define BOOT_MAX_MODULES 32
#define BOOT_CMDLINE_MAX 256

enum boot_mem_type {           /* Multiboot2 memory map entry types */
    BOOT_MEM_USABLE = 1,
    BOOT_MEM_RESERVED = 2,
    BOOT_MEM_ACPI_RECLAIMABLE = 3,
    BOOT_MEM_ACPI_NVS = 4,
    BOOT_MEM_BAD = 5,
};

struct boot_mmap_entry {
    uint64_t base;
    uint64_t length;
    uint32_t type;             /* enum boot_mem_type */
};

/* A module's command line is "name arg arg...": name is its first word, args the rest. */
struct boot_module {
    char name[64];
    char args[BOOT_CMDLINE_MAX];
    uint64_t phys_start;       /* first byte (page aligned: boot.asm asks GRUB for that) */
    uint64_t phys_end;         /* one past the last byte */
};

struct boot_info {
    uint64_t info_phys;        /* the Multiboot2 information itself... */
    uint64_t info_size;        /* ...which the frame allocator must not hand out */
    char cmdline[BOOT_CMDLINE_MAX];
    struct boot_mmap_entry mmap[BOOT_MAX_MMAP];
    uint32_t mmap_count;
    struct boot_module modules[BOOT_MAX_MODULES];
    uint32_t module_count;
    uint32_t modules_dropped;  /* modules beyond BOOT_MAX_MODULES, reported at boot */
};

/* Parse the Multiboot2 information at `info_phys` (reached through the direct map).
 * Panics when `magic` is not the Multiboot2 loader magic. */
void multiboot_parse(uint32_t magic, uint64_t info_phys, struct boot_info *out);

/* The module's bytes, through the direct map, and their count. */
const uint8_t *boot_module_bytes(const struct boot_module *mod);
uint64_t boot_module_size(const struct boot_module *mod);

/* The parsed boot information (valid after multiboot_parse in kmain). */
extern struct boot_info boot_info;

#endif
