/*
 * probe.h — instructions that fault on purpose (probe.asm), for the self-tests and
 * for any code that needs a fault-tolerant read through a fault hook. Their addresses
 * are known, so a hook can tell a probe's fault from a real bug and resume it at
 * probe_fault_landing.
 */
#ifndef ATOLL_PROBE_H
#define ATOLL_PROBE_H

#include <stdint.h>

#define PROBE_FAULTED UINT64_MAX

uint64_t probe_read64(uint64_t addr);     /* read; a fault may land at probe_fault_landing */
uint64_t probe_write8(uint64_t addr, uint8_t value);   /* write; 0, or PROBE_FAULTED */
uint64_t probe_ud2(void);                 /* execute ud2 at probe_ud2_site */

extern char probe_ud2_site[];             /* the ud2 instruction (2 bytes) */
extern char probe_fault_landing[];        /* RIP for a hook: the probe returns PROBE_FAULTED */

#endif
