/*
 * sip_bench.c — `bench=sip` on the kernel command line: what SIPs cost, in TSC cycles
 * read inside the guest. A measurement, not a test: it prints BENCH lines and leaves
 * QEMU; test/bench/kbench.sh boots it and makes the table (docs/performance.md). The
 * "sip-bench" thread takes the place of the "sips" thread (sip_boot.c): it runs the
 * boot modules in rounds, the SIPs timing themselves with atoll.cycles
 * (wasm-apps/bench-kernel/), then times loading every module. Medians throughout, so a
 * stray timer tick does not count.
 */
#include "sip_bench.h"

#include "abi/abi.h"
#include "compiler/compile.h"
#include "compiler/leb128.h"
#include "ipc_boot.h"
#include "kheap.h"
#include "kprintf.h"
#include "lib.h"
#include "modules.h"
#include "qemu_exit.h"
#include "sched/thread.h"
#include "sip.h"
#include "tsc.h"

#define NS_PER_MS 1000000ull
#define ROUND_MAX 8                      /* SIPs in one round */
#define LOAD_BUDGET (1u << 20)           /* bytes of module to load per module, about */
#define LOAD_REPS_MIN 3
#define LOAD_REPS_MAX 21
#define SECTION_CODE 10

uint64_t sip_bench_first_output_tsc, sip_bench_first_output_ns;

/* ---- Rounds of SIPs ---- */

/* Start the SIPs of a round and wait until every one has ended and been reaped. A
 * round of one starts the way the sips thread starts a module (ipc_boot.c: options such
 * as "spawn", handles). A larger round is compiled whole, then started at once
 * (interrupts off, so none runs before the last is made); its SIPs get no handles. */
static void run_round(const struct boot_module *mods, uint32_t count)
{
    if (count == 1) {
        ipc_boot_start(&mods[0]);
        sip_wait_all();
        return;
    }
    struct sip *built[ROUND_MAX];
    uint32_t n = 0;
    for (uint32_t i = 0; i < count && n < ROUND_MAX; i++) {
        const struct boot_module *mod = &mods[i];
        built[n] = sip_build(mod->name, mod->args, boot_module_bytes(mod), boot_module_size(mod),
                             sip_mem_quota_default());
        if (built[n] != NULL)
            n++;
    }
    bool irq = irq_save();
    for (uint32_t i = 0; i < n; i++)
        if (!sip_spawn(built[i])) {
            kprintf("sip %s: rejected: out of memory (no thread)\n", built[i]->name);
            sip_free(built[i]);
        }
    irq_restore(irq);
    sip_wait_all();
}

/* Run the SIP modules, a round at a time, in boot order. */
/* One round at a time so that nothing else runs beside it: consecutive modules with the
 * same name form a round (two SIPs that yield to each other). The first round is loaded
 * as the sips thread loads it, so the time from kernel entry to its first output byte
 * is a boot's. */
static void run_rounds(const struct boot_info *info)
{
    uint32_t i = 0;
    while (i < info->module_count) {
        if (!module_is_wasm(&info->modules[i])) {
            i++;
            continue;
        }
        uint32_t end = i + 1;
        while (end < info->module_count && module_is_wasm(&info->modules[end]) &&
               strcmp(info->modules[end].name, info->modules[i].name) == 0)
            end++;
        run_round(&info->modules[i], end - i);
        i = end;
    }
}

static uint64_t ns_to_cycles(uint64_t ns)
{
    return ns * (tsc_hz() / 1000) / 1000000;
}

/* Kernel entry (boot.asm's first instruction) to the first byte a SIP wrote, split
 * where the clock starts (time_init: TSC calibration against the PIT, ~100 ms). */
static void report_boot(void)
{
    if (sip_bench_first_output_tsc == 0) {
        kprintf("BENCH boot: no SIP wrote anything\n");
        return;
    }
    uint64_t total = sip_bench_first_output_tsc - boot_entry_tsc;
    uint64_t after_clock = ns_to_cycles(sip_bench_first_output_ns);
    kprintf("BENCH boot entry to first SIP output: %lu cycles (%lu us)\n", total,
            tsc_to_ns(total) / 1000);
    kprintf("BENCH boot entry to clock running: %lu cycles (%lu us)\n", total - after_clock,
            tsc_to_ns(total - after_clock) / 1000);
    kprintf("BENCH boot clock running to first SIP output: %lu cycles (%lu us)\n", after_clock,
            sip_bench_first_output_ns / 1000);
}

/* ---- Loading: decode, compile, instantiate ----
 *
 * Every module, including those marked "nostart" (ipc_boot.h: loaded, never run), is
 * decoded, compiled and instantiated again and again, each step timed. */

struct load_sample {
    uint64_t decode, compile, instantiate;
};

/* The code section's size in bytes (0 when there is none). */
static uint32_t code_section_size(const uint8_t *bytes, uint64_t size)
{
    struct wasm_reader r, section;
    uint8_t id;
    wasm_reader_init(&r, bytes, 8, size, NULL);
    while (!wasm_reader_at_end(&r) && wasm_read_u8(&r, &id) && wasm_read_sub(&r, &section))
        if (id == SECTION_CODE)
            return (uint32_t)wasm_reader_left(&section);
    return 0;
}

/* Load `bytes` once the way sip_build and sip_run do (decode; intern types, bind
 * imports, compile in guard mode; instantiate), timing each step, then free it all.
 * A module with a start function is not instantiated (that would run it): instantiate
 * is then 0. False, after printing why, when a step fails. */
static bool load_once(const char *name, const uint8_t *bytes, uint64_t size, struct load_sample *s)
{
    struct wasm_module m;
    struct wasm_code code = { 0 };
    struct wasm_error err = { 0 };
    struct wasm_extern *imports = NULL;
    struct wasm_instance *inst = NULL;
    enum wasm_trap trap = WASM_TRAP_NONE;
    const struct wasm_compile_options guard_mode = { .bounds_checks = false };

    uint64_t t0 = rdtsc();
    bool decoded = wasm_decode(&m, bytes, size, &err);
    uint64_t t1 = rdtsc();
    bool compiled = false;
    if (decoded) {
        bool irq = irq_save();           /* the signature table is shared (sip_load.c) */
        for (uint32_t i = 0; i < m.ntypes; i++)
            wasm_sig_intern(&m.types[i]);
        irq_restore(irq);
        imports = kzalloc((m.nimports + 1) * sizeof *imports);
        compiled = imports != NULL && abi_resolve(&m, imports, &err) &&
                   wasm_compile(&m, &guard_mode, &code, &err);
    }
    uint64_t t2 = rdtsc();
    bool ok = compiled;
    if (compiled && !m.has_start) {
        inst = wasm_instantiate(&m, &code, imports, &err, &trap);
        ok = inst != NULL;
    }
    uint64_t t3 = rdtsc();
    *s = (struct load_sample){ t1 - t0, t2 - t1, m.has_start ? 0 : t3 - t2 };

    if (!ok)
        kprintf("BENCH load %s: failed: %s\n", name, err.message[0] ? err.message : "out of memory");
    wasm_instance_free(inst);
    if (compiled)
        wasm_compiled_free(&code);
    kfree(imports);
    if (decoded)
        wasm_module_free(&m);
    return ok;
}

/* Sort v[0..n) in place and return its middle value. */
static uint64_t median(uint64_t *v, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++)     /* insertion sort: n is small */
        for (uint32_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

/* One line per module: sizes, then the median cycles of each step and their sum. */
static void bench_load(const struct boot_module *mod)
{
    const uint8_t *bytes = boot_module_bytes(mod);
    uint64_t size = boot_module_size(mod);
    uint32_t reps = size == 0 ? LOAD_REPS_MAX : (uint32_t)MIN(LOAD_BUDGET / size, LOAD_REPS_MAX);
    reps = MAX(reps, LOAD_REPS_MIN);
    uint64_t decode[LOAD_REPS_MAX], compile[LOAD_REPS_MAX], instantiate[LOAD_REPS_MAX];
    struct load_sample s;
    if (size < LOAD_BUDGET && !load_once(mod->name, bytes, size, &s))   /* a warm-up */
        return;
    for (uint32_t i = 0; i < reps; i++) {
        if (!load_once(mod->name, bytes, size, &s))
            return;
        decode[i] = s.decode;
        compile[i] = s.compile;
        instantiate[i] = s.instantiate;
    }
    uint64_t d = median(decode, reps), c = median(compile, reps), n = median(instantiate, reps);
    kprintf("BENCH load %s: bytes %lu code %u reps %u decode %lu compile %lu instantiate %lu "
            "total %lu cycles\n", mod->name, size, code_section_size(bytes, size), reps, d, c, n,
            d + c + n);
}

/* ---- The thread ---- */

/* The "sip-bench" thread: the rounds, the boot figure, the loads; then QEMU exits. */
static void bench_main(void *arg)
{
    const struct boot_info *info = arg;
    kprintf("BENCH sip: TSC %lu MHz\n", tsc_hz() / 1000000);
    /* As the sips thread does before it loads anything (sip_boot.c). */
    if (!sip_wait_boot_thread(1000 * NS_PER_MS))
        kprintf("BENCH sip: the boot thread still lives\n");
    ipc_boot_prepare(info);
    run_rounds(info);
    ipc_boot_done();
    report_boot();
    for (uint32_t i = 0; i < info->module_count; i++)
        if (module_is_wasm(&info->modules[i]))
            bench_load(&info->modules[i]);
    kprintf("BENCH sip: done\n");
    qemu_exit(QEMU_EXIT_PASS);
}

void sip_bench_start(const struct boot_info *info)
{
    if (thread_create("sip-bench", bench_main, (void *)info, 0) == NULL)
        kprintf("BENCH sip: no memory for the bench thread\n");
}
