/*
 * selftest.c — the self-test runner: the table of tests and the verdict.
 *
 * Tests run inside the booted kernel, so they exercise the real boot path, memory map
 * and interrupts under QEMU. The runner prints one line per test and leaves QEMU with
 * an exit status the harness (test/qemu/boot.sh) turns into pass or fail.
 */
#include "selftest.h"

#include <stdarg.h>

#include "cmdline.h"
#include "cpu.h"
#include "lib.h"
#include "qemu_exit.h"

struct selftest {
    const char *name;
    bool (*run)(void);
    bool in_all;               /* part of test=all (false: provokes a fatal fault) */
};

static const struct selftest tests[] = {
    { "kprintf", selftest_kprintf, true },
    { "pmm", selftest_pmm, true },
    { "pmm-exhaust", selftest_pmm_exhaust, true },
    { "heap", selftest_heap, true },
    { "heap-exhaust", selftest_heap_exhaust, true },
    { "vmm", selftest_vmm, true },
    { "vmm-demand", selftest_vmm_demand, true },
    { "nx", selftest_nx, true },
    { "trap-resume", selftest_trap_resume, true },
    { "fpu", selftest_fpu, true },
    { "timer", selftest_timer, true },
    { "sched-preempt", selftest_sched_preempt, true },
    { "sched-yield", selftest_sched_yield, true },
    { "sched-fpu", selftest_sched_fpu, true },
    { "sched-sleep", selftest_sched_sleep, true },
    { "sched-wait", selftest_sched_wait, true },
    { "sched-reap", selftest_sched_reap, true },
    { "fault-ud", selftest_fault_ud, false },
    { "fault-pf", selftest_fault_pf, false },
    { "fault-df", selftest_fault_df, false },
    { "sched-overflow", selftest_sched_overflow, false },
};

static char message[256];

bool selftest_fail(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    kvsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    return false;
}

void selftest_detail(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    kvsnprintf(message, sizeof message, fmt, args);
    va_end(args);
}

/* Run one test and print its "TEST name: ok (...)" or "TEST name: FAIL ..." line. */
static bool run_one(const struct selftest *t)
{
    message[0] = '\0';
    bool ok = t->run();
    if (ok)
        kprintf("TEST %s: ok%s%s%s\n", t->name, message[0] ? " (" : "", message,
                message[0] ? ")" : "");
    else
        kprintf("TEST %s: FAIL %s\n", t->name, message);
    return ok;
}

void selftest_run(const char *list)
{
    int passed = 0, failed = 0;
    bool all = cmdline_list_has(list, "all");
    for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
        if ((all && tests[i].in_all) || cmdline_list_has(list, tests[i].name)) {
            if (run_one(&tests[i]))
                passed++;
            else
                failed++;
        }
    }
    /* Names that match no test are failures too: a typo must not pass silently. */
    for (const char *p = list; *p;) {
        char name[32];
        size_t n = 0;
        while (*p && *p != ',') {
            if (n + 1 < sizeof name)
                name[n++] = *p;
            p++;
        }
        name[n] = '\0';
        if (*p == ',')
            p++;
        bool known = strcmp(name, "all") == 0;
        for (size_t i = 0; i < ARRAY_SIZE(tests) && !known; i++)
            known = strcmp(name, tests[i].name) == 0;
        if (!known) {
            kprintf("TEST %s: FAIL no such test\n", name);
            failed++;
        }
    }
    kprintf("SELFTEST DONE: %d passed, %d failed\n", passed, failed);
    qemu_exit(failed == 0 && passed > 0 ? QEMU_EXIT_PASS : QEMU_EXIT_FAIL);
    cpu_halt_forever();
}
