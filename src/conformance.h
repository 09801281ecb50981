/*
 * conformance.h — the WebAssembly spec tests run inside the kernel, on the kernel
 * command line option `conformance` (docs/testing.md, test/suite-kspec.sh). The same
 * executor as the host's spec runner, so the two can only differ where the kernel
 * embedding (heap, code arena, demand-paged memories, traps from the CPU) differs.
 */
#ifndef ATOLL_CONFORMANCE_H
#define ATOLL_CONFORMANCE_H

#include "multiboot.h"

/* Start the "conformance" thread: it runs the spec pack of the boot module named
 * spec.pack in each memory mode of `modes` ("guard", "bounds", both comma-separated;
 * "" means both), prints one line per script and a total per mode, then exits QEMU.
 * Call after sip_init (the code arena and the fault hook). */
void conformance_start(const struct boot_info *info, const char *modes);

#endif
