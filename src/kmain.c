/*
 * kmain.c — the kernel's first C function: bring the machine up, in order.
 *
 * boot.asm calls kmain in long mode, on the boot stack, with the Multiboot2 magic
 * and the physical address of the boot information. Each step below needs only the
 * ones before it; docs/boot.md walks through them.
 */
#include <stdint.h>

#include "cmdline.h"
#include "conformance.h"
#include "console.h"
#include "cpu.h"
#include "fpu.h"
#include "gdt.h"
#include "kmem.h"
#include "kprintf.h"
#include "lib.h"
#include "memlayout.h"
#include "modules.h"
#include "multiboot.h"
#include "paging.h"
#include "panic.h"
#include "pmm.h"
#include "sched/thread.h"
#include "selftest.h"
#include "sip.h"
#include "sip_bench.h"
#include "time.h"
#include "trap.h"
#include "tsc.h"

/* The memory map as GRUB gave it, then what the frame allocator made of it. */
static void print_memory_summary(const struct boot_info *info)
{
    static const char *const type_names[] = {
        [BOOT_MEM_USABLE] = "usable", [BOOT_MEM_RESERVED] = "reserved",
        [BOOT_MEM_ACPI_RECLAIMABLE] = "ACPI reclaimable", [BOOT_MEM_ACPI_NVS] = "ACPI NVS",
        [BOOT_MEM_BAD] = "bad",
    };
    for (uint32_t i = 0; i < info->mmap_count; i++) {
        const struct boot_mmap_entry *e = &info->mmap[i];
        const char *type = e->type <= BOOT_MEM_BAD && e->type ? type_names[e->type] : "other";
        kprintf("  mmap 0x%016lx-0x%016lx %s\n", e->base, e->base + e->length, type);
    }
    kprintf("memory: %lu MiB usable, %lu frames free (%lu MiB), kernel 0x%lx-0x%lx\n",
            pmm_usable_bytes() >> 20, pmm_free_frames(), (pmm_free_frames() * PAGE_SIZE) >> 20,
            (uint64_t)kernel_phys_start, (uint64_t)kernel_phys_end);
}

/* Called once by boot.asm, on the boot stack, interrupts off; never returns. */
void kmain(uint32_t magic, uint64_t info_phys)
{
    console_init();
    kprintf("Atoll: WebAssembly processes in ring 0\n");

    multiboot_parse(magic, info_phys, &boot_info);
    kprintf("boot: command line \"%s\"\n", boot_info.cmdline);
    char tests[BOOT_CMDLINE_MAX] = "", panic_mode[16] = "";
    bool run_tests = cmdline_get(boot_info.cmdline, "test", tests, sizeof tests);
    cmdline_get(boot_info.cmdline, "panic", panic_mode, sizeof panic_mode);
    panic_exit_qemu = run_tests || strcmp(panic_mode, "exit") == 0;

    gdt_init();                 /* our GDT and the TSS with the double-fault stack */
    trap_init();                /* IDT, PIC remapped to vectors 32..47, all IRQs masked */
    fpu_init();                 /* SSE on, for compiled wasm code */
    pmm_init(&boot_info);       /* frames: everything but kernel, modules, boot info */
    paging_init(&boot_info);    /* direct map over all RAM; identity map gone */
    print_memory_summary(&boot_info);

    time_init();                /* TSC calibrated, PIT ticking at TIMER_HZ */
    cpu_enable_interrupts();
    kprintf("cpu: TSC %lu MHz, timer %d Hz\n", tsc_hz() / 1000000, TIMER_HZ);
    sched_init();               /* this code becomes thread 0; idle and reaper threads */

    modules_report(&boot_info);
    struct kmem_stats stats = kmem_stats();
    kmem_print("kmem", &stats);

    if (run_tests)
        selftest_run(tests);    /* exits QEMU with the verdict */
    char bench[64] = "";
    if (cmdline_get(boot_info.cmdline, "bench", bench, sizeof bench) &&
        cmdline_list_has(bench, "sched"))
        sched_bench();          /* bench=sched: switch costs in cycles (docs/sched.md) */

    sip_init();                 /* code arena, ABI, fault and switch hooks (docs/sips.md) */
    char conformance[32];
    if (cmdline_get(boot_info.cmdline, "conformance", conformance, sizeof conformance))
        conformance_start(&boot_info, conformance); /* spec tests in the kernel, then exit */
    else if (cmdline_list_has(bench, "sip"))
        sip_bench_start(&boot_info); /* bench=sip: SIPs timed in rounds (docs/performance.md) */
    else
        sip_boot(&boot_info);   /* the "sips" thread runs each wasm boot module as a SIP */
    kprintf("Atoll: boot complete; SIPs load on the \"sips\" thread.\n");
    sched_run();                /* the boot thread exits; the idle thread halts the CPU */
}
