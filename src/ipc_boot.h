/*
 * ipc_boot.h — how the boot modules become a system: which start, which may spawn, and
 * the channels the kernel wires between them (the console service, serial input). A
 * module's command line is "NAME [OPTIONS] ARGS": leading words that are options are
 * the kernel's and are taken out of the arguments the SIP sees (words "grant=..." are
 * the capability layer's, docs/caps.md: they stay, and options may follow them). The
 * first other word starts the arguments. docs/ipc.md, section 5, tells the story.
 */

/*
 *   nostart         present but not started at boot: a SIP may spawn it by name
 *   spawn           may start other SIPs (atoll.spawn)
 *   input=NAME      handle 0 receives from boot channel NAME (one reader per name)
 *   output=NAME     handle 2 sends to boot channel NAME (any number of writers)
 *   console=serve   the console service: the same as input=console
 *   console=svc     a console client: handle 1 sends to channel "console"
 *   mem=SIZE        the linear-memory quota of every SIP made from this module, started
 *                   here or spawned later (256M, 4G...; default: sip_mem_quota_default)
 *
 * input=serial with no output=serial module: the kernel itself feeds channel "serial"
 * with the bytes typed on COM1, holding COM1's receive ports in the capability table
 * meanwhile (a serial driver that holds them first wins, and the kernel says so).
 */
#ifndef ATOLL_IPC_BOOT_H
#define ATOLL_IPC_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#include "multiboot.h"

/* Before the memory baseline: start what lives as long as the kernel (the serial
 * input thread, when a module asks for input=serial and none offers output=serial). */
void ipc_boot_prepare(const struct boot_info *info);

/* Start one boot module as its options say: true when a SIP was started (false for
 * nostart, and for a module that was rejected, which the kernel reported). */
bool ipc_boot_start(const struct boot_module *mod);

/* The memory quota of SIPs made from `mod`: its mem= option, else the default. False,
 * after printing why the module is rejected, when mem= is not a size from 64K to 4G. */
bool ipc_boot_mem_quota(const struct boot_module *mod, uint64_t *bytes);

/* Every boot module is started: the kernel lets go of the ends it kept for later
 * clients, so that the console service sees its last client leave. */
void ipc_boot_done(void);

#endif
