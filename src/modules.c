/*
 * modules.c — look at each boot module before anything runs it.
 *
 * GRUB loads whatever grub.cfg names; only WebAssembly binaries become SIPs. A
 * module that is something else (a text file, a typo) is named and skipped: wrong
 * input is reported, never fatal.
 */
#include "modules.h"

#include <stdint.h>

#include "kprintf.h"
#include "lib.h"

static const uint8_t wasm_magic[4] = { 0x00, 'a', 's', 'm' };

bool module_is_wasm(const struct boot_module *mod)
{
    return boot_module_size(mod) >= 8 && memcmp(boot_module_bytes(mod), wasm_magic, 4) == 0;
}

void modules_report(const struct boot_info *info)
{
    kprintf("modules: %u\n", info->module_count);
    for (uint32_t i = 0; i < info->module_count; i++) {
        const struct boot_module *mod = &info->modules[i];
        kprintf("module %s: args \"%s\", %lu bytes at 0x%lx\n", mod->name, mod->args,
                boot_module_size(mod), mod->phys_start);
        if (module_is_wasm(mod)) {
            const uint8_t *b = boot_module_bytes(mod);
            uint32_t version = b[4] | b[5] << 8 | b[6] << 16 | (uint32_t)b[7] << 24;
            kprintf("module %s: wasm module, version %u\n", mod->name, version);
        } else {
            kprintf("module %s: not a wasm module (no \\0asm magic), skipped\n", mod->name);
        }
    }
    if (info->modules_dropped)
        kprintf("modules: %u more ignored (at most %d are kept)\n",
                info->modules_dropped, BOOT_MAX_MODULES);
}
