/*
 * sip_bench.h — `bench=sip` on the kernel command line (sip_bench.c), and the two time
 * stamps of a boot that it reports: the TSC at the boot stub's first instruction and
 * at the first byte a SIP writes. docs/performance.md ("Kernel") reads the figures.
 */
#ifndef ATOLL_SIP_BENCH_H
#define ATOLL_SIP_BENCH_H

#include <stdint.h>

#include "cpu.h"
#include "multiboot.h"
#include "time.h"

extern uint64_t boot_entry_tsc;              /* boot.asm: the TSC before anything else */
extern uint64_t sip_bench_first_output_tsc;  /* 0 until a SIP first calls atoll.write */
extern uint64_t sip_bench_first_output_ns;   /* time_ns() then */

/* atoll.write calls this before writing: the first call of the boot stamps the time. */
static inline void sip_bench_note_output(void)
{
    if (sip_bench_first_output_tsc == 0) {
        sip_bench_first_output_tsc = rdtsc();
        sip_bench_first_output_ns = time_ns();
    }
}

/* bench=sip: instead of the "sips" thread, start the "sip-bench" thread, which runs the
 * boot modules as SIPs in rounds, times loading every module, prints BENCH lines and
 * leaves QEMU. */
void sip_bench_start(const struct boot_info *info);

#endif
