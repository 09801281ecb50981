/*
 * modules.h — the boot modules GRUB loaded: list them, tell wasm from the rest. The
 * kernel names every module it was given and says why it skips one, so that a typo in
 * grub.cfg shows in the log instead of a program silently missing.
 */
#ifndef ATOLL_MODULES_H
#define ATOLL_MODULES_H

#include <stdbool.h>

#include "multiboot.h"

/* True when the module starts with the wasm magic "\0asm". */
bool module_is_wasm(const struct boot_module *mod);

/* Print every module (name, args, size, address) and whether it is wasm; non-wasm
 * modules are reported as skipped. */
void modules_report(const struct boot_info *info);

#endif
