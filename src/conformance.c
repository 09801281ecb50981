/*
 * conformance.c — the spec tests inside the kernel: the compiler built into the kernel
 * must give, command by command, the answers its host build gives.
 *
 * test/suite-kspec.sh packs the spec scripts into one spec pack (test/spec/pack.h), boots
 * it as the module "spec.pack" with `conformance` on the command line, and compares
 * what this file prints with the host runner's lines for the same pack. The commands run
 * through test/spec/exec.c, the host runner's own executor, against the kernel's
 * embedding (kmalloc, the code arena, linear memories as vmm reservations). Traps raised
 * by the hardware in wasm code come back through sip_fault.c's hook, as a SIP's do. The
 * thread gets a big stack because the spec's recursion tests go deep before they trap.
 */
#include "conformance.h"

#include "cmdline.h"
#include "cpu.h"
#include "exec.h"
#include "kmem.h"
#include "kprintf.h"
#include "lib.h"
#include "qemu_exit.h"
#include "sched/thread.h"
#include "time.h"
#include "wasm_embed.h"

#define PACK_NAME "spec.pack"
#define STACK_BYTES (1u << 20)

static const struct boot_info *boot;
static char mode_list[32];
static struct wasm_exec exec;            /* where this thread's traps unwind to */

static void report_line(void *ctx, const char *line)
{
    (void)ctx;
    kprintf("%s\n", line);
}

/* Run one script in one mode, its failures reported line by line. */
static void run_file(const struct spec_file *file, const struct spec_options *opt,
                     struct spec_counts *counts)
{
    struct spec_script script = {.opt = opt, .name = file->name, .report = report_line};
    for (uint32_t i = 0; i < file->ncommands; i++)
        spec_counts_add(counts, spec_command_run(&script, &file->commands[i]));
    spec_script_end(&script);
}

/* Every script of the pack in one memory mode; false when the pack is damaged. */
static bool run_mode(const uint8_t *bytes, uint64_t size, const char *mode, bool bounds_checks,
                     struct spec_counts *total)
{
    struct spec_options opt = {.bounds_checks = bounds_checks, .verbose = true};
    struct spec_pack pack;
    struct spec_file file;
    struct kmem_stats before = kmem_stats(), after;
    uint64_t start = time_ns();
    bool ok = spec_pack_open(&pack, bytes, size);
    while (ok && spec_pack_next(&pack, &file)) {
        struct spec_counts counts = {0};
        run_file(&file, &opt, &counts);
        kprintf("spec %s %.*s: %u passed, %u failed, %u skipped\n", mode, (int)file.name.len,
                (const char *)file.name.bytes, counts.passed, counts.failed, counts.skipped);
        total->passed += counts.passed, total->failed += counts.failed;
        total->skipped += counts.skipped;
        spec_file_free(&file);
    }
    if (pack.error[0])
        kprintf("spec %s: %s\n", mode, pack.error);
    after = kmem_stats();
    kprintf("spec %s total: %u passed, %u failed, %u skipped\n", mode, total->passed,
            total->failed, total->skipped);
    kprintf("conformance: %s mode took %lu ms; heap %lu -> %lu bytes, frames %lu -> %lu\n",
            mode, (time_ns() - start) / 1000000, before.heap_bytes, after.heap_bytes,
            before.frames_used, after.frames_used);
    return pack.error[0] == '\0';
}

static const struct boot_module *find_pack(void)
{
    for (uint32_t i = 0; i < boot->module_count; i++)
        if (strcmp(boot->modules[i].name, PACK_NAME) == 0)
            return &boot->modules[i];
    return NULL;
}

/* The "conformance" thread: the spec pack in each memory mode asked for, a line per
 * script and a total per mode, then QEMU exits with the verdict. */
static void conformance_main(void *arg)
{
    static const struct { const char *name; bool bounds_checks; } modes[] = {
        {"guard", false},
        {"bounds", true},
    };
    struct thread *self = thread_current();
    const struct boot_module *mod = find_pack();
    bool pack_ok = mod != NULL, failures = false;
    (void)arg;
    bool irq = irq_save();
    self->exec = &exec;                  /* the switch hook keeps wasm_exec_current on it */
    wasm_exec_current = &exec;
    irq_restore(irq);
    exec.stack_limit = self->stack_limit;
    if (mod == NULL)
        kprintf("conformance: no boot module named %s\n", PACK_NAME);
    for (size_t i = 0; pack_ok && i < ARRAY_SIZE(modes); i++) {
        struct spec_counts total = {0};
        if (mode_list[0] != '\0' && !cmdline_list_has(mode_list, modes[i].name))
            continue;
        pack_ok = run_mode(boot_module_bytes(mod), boot_module_size(mod), modes[i].name,
                           modes[i].bounds_checks, &total);
        failures |= total.failed > 0;
    }
    bool ok = pack_ok && !failures;
    kprintf("conformance: done, %s\n", ok ? "nothing failed" : "FAILURES");
    qemu_exit(ok ? QEMU_EXIT_PASS : QEMU_EXIT_FAIL);
}

void conformance_start(const struct boot_info *info, const char *modes)
{
    boot = info;
    size_t n = MIN(strlen(modes), sizeof mode_list - 1);
    memcpy(mode_list, modes, n);
    mode_list[n] = '\0';
    if (thread_create("conformance", conformance_main, NULL, STACK_BYTES) == NULL)
        kprintf("conformance: no memory for its thread\n");
}
