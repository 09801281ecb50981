/*
 * selftest.h — kernel self-tests, chosen on the kernel command line:
 *   test=pmm,heap,vmm    run these, in this order
 *   test=all             run every test that returns (not the fault-* ones)
 * Each prints "TEST name: ok (details)" or "TEST name: FAIL reason"; the run ends with
 * "SELFTEST DONE: N passed, M failed" and QEMU exits with QEMU_EXIT_PASS or _FAIL.
 * The fault-* tests provoke an exception on purpose: the kernel's report and panic
 * are what test/suite-boot.sh checks.
 */
#ifndef ATOLL_SELFTEST_H
#define ATOLL_SELFTEST_H

#include <stdbool.h>
#include <stdint.h>

#include "kprintf.h"

/* Run the comma-separated list of tests, then exit QEMU. Does not return. */
__attribute__((noreturn)) void selftest_run(const char *list);

/* For tests: record why a test failed (returns false, to `return selftest_fail(...)`),
 * or the details printed after "ok". */
bool selftest_fail(const char *fmt, ...) KPRINTF_FORMAT(1, 2);
void selftest_detail(const char *fmt, ...) KPRINTF_FORMAT(1, 2);

/* Recurse for ever, 256 bytes of stack a level, until the stack's guard page stops it:
 * for the tests of a stack overflow (fault-df, sched-overflow). Never returns. */
uint64_t selftest_recurse(uint64_t depth);

/* The tests, by file. */
bool selftest_pmm(void);
bool selftest_pmm_exhaust(void);
bool selftest_heap(void);
bool selftest_heap_exhaust(void);
bool selftest_vmm(void);
bool selftest_vmm_demand(void);
bool selftest_nx(void);
bool selftest_kprintf(void);
bool selftest_fpu(void);
bool selftest_timer(void);
bool selftest_trap_resume(void);
bool selftest_fault_ud(void);
bool selftest_fault_pf(void);
bool selftest_fault_df(void);
bool selftest_sched_preempt(void);    /* src/sched/selftest_sched*.c */
bool selftest_sched_yield(void);
bool selftest_sched_fpu(void);
bool selftest_sched_sleep(void);
bool selftest_sched_wait(void);
bool selftest_sched_reap(void);
bool selftest_sched_overflow(void);

#endif
