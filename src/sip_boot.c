/*
 * sip_boot.c — the boot modules become SIPs, and when they are all gone the kernel
 * checks that they left nothing behind: the thread "sips" measures the memory counters,
 * loads each module in order (SIPs run while later ones load), waits for every SIP to
 * end and be reaped, measures again and compares. Kernel command line options:
 *   exit-when-idle    then leave QEMU: pass when every counter came back, fail if not
 *   sip-deadline=MS   SIPs still running MS milliseconds after the last one loaded are
 *                     killed (a spinner that never yields cannot hold a test run)
 *   sips-in-turn      each SIP is loaded only once the previous ones have ended (a test
 *                     that a driver's ports and IRQs can be claimed again, docs/caps.md)
 */
#include "sip.h"

#include "cmdline.h"
#include "ipc_boot.h"
#include "kmem.h"
#include "kprintf.h"
#include "lib.h"
#include "modules.h"
#include "qemu_exit.h"
#include "sched/thread.h"

#define NS_PER_MS 1000000ull

/* A wasm binary by its magic, or by its name: a *.wasm that is not one gets rejected
 * by the decoder with a reason, rather than silently skipped. */
static bool is_sip_module(const struct boot_module *mod)
{
    size_t len = strlen(mod->name);
    return module_is_wasm(mod) || (len > 5 && strcmp(mod->name + len - 5, ".wasm") == 0);
}

/* Every counter that a SIP touches, compared one by one. */
static bool same_memory(const struct kmem_stats *a, const struct kmem_stats *b)
{
    return a->frames_used == b->frames_used && a->heap_bytes == b->heap_bytes &&
           a->heap_pages == b->heap_pages && a->table_pages == b->table_pages &&
           a->regions == b->regions;
}

static uint64_t parse_ms(const char *text)
{
    uint64_t ms = 0;
    for (; *text >= '0' && *text <= '9'; text++)
        ms = ms * 10 + (uint64_t)(*text - '0');
    return ms;
}

/* The "sips" thread: baseline, every boot module started in order, wait for them all,
 * compare the counters; then leave QEMU if exit-when-idle. */
static void sips_main(void *arg)
{
    const struct boot_info *info = arg;
    char value[32];
    bool exit_when_idle = cmdline_get(info->cmdline, "exit-when-idle", value, sizeof value);
    uint64_t deadline_ms = cmdline_get(info->cmdline, "sip-deadline", value, sizeof value) ?
                           parse_ms(value) : 0;
    bool in_turn = cmdline_get(info->cmdline, "sips-in-turn", value, sizeof value);

    /* kmain's thread exits in sched_run and the reaper frees its struct: let that
     * happen before the baseline, or the heap would seem to shrink while SIPs ran. */
    if (!sip_wait_boot_thread(1000 * NS_PER_MS))
        kprintf("sips: the boot thread still lives; the memory check may be off\n");
    for (uint32_t i = 0; i < info->module_count; i++)
        if (is_sip_module(&info->modules[i]))
            sip_prepare(boot_module_bytes(&info->modules[i]), boot_module_size(&info->modules[i]));
    ipc_boot_prepare(info);              /* kernel threads the boot wiring needs (ipc_boot.h) */
    struct kmem_stats before = kmem_stats();
    kmem_print("sips: kmem before", &before);

    uint32_t loaded = 0;
    for (uint32_t i = 0; i < info->module_count; i++) {
        const struct boot_module *mod = &info->modules[i];
        if (!is_sip_module(mod))
            continue;
        if (in_turn)
            sip_wait_all();
        loaded += ipc_boot_start(mod);       /* its options: nostart, console=... (ipc_boot.h) */
    }
    ipc_boot_done();
    kprintf("sips: %u loaded\n", loaded);
    if (deadline_ms != 0 && !sip_wait_all_timeout(deadline_ms * NS_PER_MS))
        sip_kill_all("deadline");
    sip_wait_all();

    struct kmem_stats after = kmem_stats();
    kmem_print("sips: kmem after", &after);
    bool clean = same_memory(&before, &after);
    kprintf("sips: all SIPs ended; memory %s\n", clean ? "returned in full" : "NOT returned");
    if (exit_when_idle)
        qemu_exit(clean ? QEMU_EXIT_PASS : QEMU_EXIT_FAIL);
}

void sip_boot(const struct boot_info *info)
{
    if (thread_create("sips", sips_main, (void *)info, 0) == NULL)
        kprintf("sips: no memory for the loader thread; no SIP will run\n");
}
