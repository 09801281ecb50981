/*
 * multiboot.c — read the Multiboot2 boot information GRUB leaves in memory.
 *
 * The information is a size, then a list of tags (type, size, payload), each
 * 8-byte aligned, ended by a tag of type 0. We copy out the three we use — command
 * line, memory map, modules — so nothing later depends on the loader's layout and
 * strings get a NUL where a module's name ends.
 */
#include "multiboot.h"

#include "lib.h"
#include "memlayout.h"
#include "panic.h"

struct boot_info boot_info;

enum {                         /* tag types, from the Multiboot2 specification */
    TAG_END = 0,
    TAG_CMDLINE = 1,
    TAG_MODULE = 3,
    TAG_MMAP = 6,
};

struct mb2_tag {
    uint32_t type;
    uint32_t size;             /* including this header, excluding padding */
};

struct mb2_tag_module {
    struct mb2_tag tag;
    uint32_t mod_start;
    uint32_t mod_end;
    char cmdline[];            /* NUL-terminated */
};

struct mb2_tag_mmap {
    struct mb2_tag tag;
    uint32_t entry_size;
    uint32_t entry_version;
    uint8_t entries[];         /* entry_size bytes each */
};

struct mb2_mmap_entry {
    uint64_t base_addr;
    uint64_t length;
    uint32_t type;
    uint32_t reserved;
};

/* Copy at most size-1 bytes of a NUL-terminated string; always terminates. */
static void copy_string(char *dst, size_t size, const char *src)
{
    size_t n = 0;
    while (n + 1 < size && src[n]) {
        dst[n] = src[n];
        n++;
    }
    dst[n] = '\0';
}

/* One module tag: its range, and its command line split into a name and arguments
 * (modules past BOOT_MAX_MODULES are counted, not kept). */
static void parse_module(const struct mb2_tag_module *tag, struct boot_info *out)
{
    if (out->module_count == BOOT_MAX_MODULES) {
        out->modules_dropped++;
        return;
    }
    struct boot_module *mod = &out->modules[out->module_count++];
    mod->phys_start = tag->mod_start;
    mod->phys_end = tag->mod_end;

    const char *line = tag->cmdline;
    while (*line == ' ')
        line++;
    size_t name_len = 0;
    while (line[name_len] && line[name_len] != ' ')
        name_len++;
    if (name_len >= sizeof mod->name)
        name_len = sizeof mod->name - 1;
    memcpy(mod->name, line, name_len);
    mod->name[name_len] = '\0';

    const char *args = line + name_len;
    while (*args && *args != ' ')   /* the rest of an over-long name */
        args++;
    while (*args == ' ')
        args++;
    copy_string(mod->args, sizeof mod->args, args);
}

/* The memory map tag's entries, copied as far as BOOT_MAX_MMAP allows. */
static void parse_mmap(const struct mb2_tag_mmap *tag, struct boot_info *out)
{
    const uint8_t *end = (const uint8_t *)tag + tag->tag.size;
    for (const uint8_t *p = tag->entries; p + tag->entry_size <= end; p += tag->entry_size) {
        const struct mb2_mmap_entry *e = (const void *)p;
        if (out->mmap_count == BOOT_MAX_MMAP)
            panic("multiboot: more than %d memory map entries", BOOT_MAX_MMAP);
        out->mmap[out->mmap_count++] = (struct boot_mmap_entry){
            .base = e->base_addr, .length = e->length, .type = e->type,
        };
    }
}

void multiboot_parse(uint32_t magic, uint64_t info_phys, struct boot_info *out)
{
    if (magic != MULTIBOOT2_LOADER_MAGIC)
        panic("multiboot: bad loader magic %x (expected %x)", magic, MULTIBOOT2_LOADER_MAGIC);

    const uint8_t *info = phys_to_virt(info_phys);
    uint32_t total_size = *(const uint32_t *)info;
    memset(out, 0, sizeof *out);
    out->info_phys = info_phys;
    out->info_size = total_size;

    for (uint32_t off = 8; off + sizeof(struct mb2_tag) <= total_size;) {
        const struct mb2_tag *tag = (const void *)(info + off);
        if (tag->type == TAG_END)
            break;
        if (tag->size < sizeof *tag)
            panic("multiboot: tag at offset %u has size %u", off, tag->size);
        switch (tag->type) {
        case TAG_CMDLINE:
            copy_string(out->cmdline, sizeof out->cmdline, (const char *)(tag + 1));
            break;
        case TAG_MODULE:
            parse_module((const void *)tag, out);
            break;
        case TAG_MMAP:
            parse_mmap((const void *)tag, out);
            break;
        }
        off += (tag->size + 7) & ~7u;
    }
    if (out->mmap_count == 0)
        panic("multiboot: the loader gave no memory map");
}

const uint8_t *boot_module_bytes(const struct boot_module *mod)
{
    return phys_to_virt(mod->phys_start);
}

uint64_t boot_module_size(const struct boot_module *mod)
{
    return mod->phys_end - mod->phys_start;
}
