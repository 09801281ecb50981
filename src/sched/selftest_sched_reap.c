/*
 * selftest_sched_reap.c — self-tests of a thread's end: every frame, page table, heap
 * byte and reservation a thread took comes back once the reaper has freed it
 * (test=sched-reap), and a thread that runs off its stack hits the guard page and is
 * reported by name (test=sched-overflow: fatal on purpose, so not part of test=all;
 * test/suite-sched.sh checks the report against what the test announced).
 */
#include "selftest_sched.h"

#include "cpu.h"
#include "kmem.h"
#include "kprintf.h"
#include "lib.h"
#include "sched_internal.h"
#include "selftest.h"
#include "time.h"

#define REAP_ROUNDS 3
#define REAP_THREADS 16

static int exit_codes[REAP_THREADS], reaped_times[REAP_THREADS];
static int reaped_seen;
static volatile bool gate_open;                /* threads wait here until all exist */
static struct wait_queue start_gate;

/* The reap hook: note each test thread's exit code (test threads have owner set). */
static void record_exit(struct thread *dead)
{
    int index = (int)(uint64_t)dead->arg;
    if (dead->owner != (void *)exit_codes || index < 0 || index >= REAP_THREADS)
        return;
    exit_codes[index] = dead->exit_code;
    reaped_times[index]++;
    reaped_seen++;
}

static int expected_code(int index) { return index % 2 ? 0 : 100 + index; }

/* thread_exit from a nested call: it needs no unwinding. */
static void leave(int code)
{
    thread_exit(code);
}

/* Odd threads return from their entry (exit code 0), even ones call thread_exit. */
static void short_lived_main(void *arg)
{
    int index = (int)(uint64_t)arg;
    bool irq = irq_save();
    while (!gate_open)
        sched_wait(&start_gate);
    irq_restore(irq);
    volatile uint8_t scratch[2048];            /* use a little of the stack */
    scratch[0] = (uint8_t)index;
    sched_sleep_ns((uint64_t)(index % 4) * MS);
    if (expected_code(index))
        leave(expected_code(index) + scratch[0] - index);
}

static bool same_counters(const struct kmem_stats *a, const struct kmem_stats *b)
{
    return a->frames_free == b->frames_free && a->heap_bytes == b->heap_bytes &&
           a->heap_pages == b->heap_pages && a->table_pages == b->table_pages &&
           a->regions == b->regions;
}

bool selftest_sched_reap(void)
{
    if (!sched_wait_for_reaper(5000 * MS))
        return selftest_fail("threads of earlier tests still alive after 5 s");
    sched_reap_hook_fn previous = sched_set_reap_hook(record_exit);
    struct kmem_stats before = kmem_stats(), during = before, after = before;
    uint64_t reaped0 = sched_reaped_count(), stack_pages = 0;

    for (int round = 0; round < REAP_ROUNDS; round++) {
        memset(exit_codes, 0xFF, sizeof exit_codes);
        memset(reaped_times, 0, sizeof reaped_times);
        reaped_seen = 0;
        gate_open = false;
        wait_queue_init(&start_gate);
        for (int i = 0; i < REAP_THREADS; i++) {
            size_t stack = (size_t)(16 + 8 * i) * 1024;    /* 16 KiB .. 136 KiB */
            struct thread *t = thread_create("short-lived", short_lived_main,
                                             (void *)(uint64_t)i, stack);
            if (!t)
                return selftest_fail("no memory for thread %d of round %d", i, round);
            t->owner = exit_codes;             /* before it can run: it waits at the gate */
            if (round == 0)
                stack_pages += stack / 4096;
        }
        if (round == 0)
            during = kmem_stats();
        gate_open = true;
        sched_wake_all(&start_gate);
        uint64_t deadline = time_ns() + 5000 * MS;
        while (reaped_seen < REAP_THREADS && time_ns() < deadline)
            sched_sleep_ns(MS);
        if (!sched_wait_for_reaper(5000 * MS) || reaped_seen != REAP_THREADS)
            return selftest_fail("round %d: %d of %d threads reaped in 5 s", round,
                                 reaped_seen, REAP_THREADS);
        for (int i = 0; i < REAP_THREADS; i++)
            if (reaped_times[i] != 1 || exit_codes[i] != expected_code(i))
                return selftest_fail("round %d: thread %d reaped %d times, exit code %d "
                                     "(expected %d)", round, i, reaped_times[i],
                                     exit_codes[i], expected_code(i));
        after = kmem_stats();
        if (!same_counters(&before, &after))
            break;
    }
    sched_set_reap_hook(previous);

    if (during.frames_free + stack_pages > before.frames_free ||
        during.regions != before.regions + REAP_THREADS)
        return selftest_fail("with %d threads alive: frames free %lu -> %lu (stacks alone "
                             "%lu), regions %lu -> %lu", REAP_THREADS, before.frames_free,
                             during.frames_free, stack_pages, before.regions, during.regions);
    if (!same_counters(&before, &after))
        return selftest_fail("counters not restored: frames free %lu -> %lu, heap bytes "
                             "%lu -> %lu, heap pages %lu -> %lu, tables %lu -> %lu, regions "
                             "%lu -> %lu", before.frames_free, after.frames_free,
                             before.heap_bytes, after.heap_bytes, before.heap_pages,
                             after.heap_pages, before.table_pages, after.table_pages,
                             before.regions, after.regions);
    selftest_detail("%d rounds of %d threads, %lu reaped; frames free %lu -> %lu -> %lu, heap "
                    "bytes %lu -> %lu -> %lu, tables %lu -> %lu -> %lu, regions %lu -> %lu -> "
                    "%lu", REAP_ROUNDS, REAP_THREADS, sched_reaped_count() - reaped0,
                    before.frames_free, during.frames_free, after.frames_free,
                    before.heap_bytes, during.heap_bytes, after.heap_bytes,
                    before.table_pages, during.table_pages, after.table_pages,
                    before.regions, during.regions, after.regions);
    return true;
}

/* ---- sched-overflow (fatal) ---- */

static void overflow_main(void *unused)
{
    (void)unused;
    struct thread *self = thread_current();
    kprintf("TEST sched-overflow: expect #DF in thread %s (id %lu), CR2 in guard "
            "0x%016lx-0x%016lx below stack 0x%016lx-0x%016lx\n", self->name, self->id,
            self->guard_base, self->stack_base, self->stack_base, self->stack_top);
    selftest_recurse(0);
}

bool selftest_sched_overflow(void)
{
    if (!thread_create("overflow", overflow_main, NULL, 16 * 1024))
        return selftest_fail("no memory for the thread");
    sched_sleep_ns(2000 * MS);                 /* the kernel panics before this ends */
    return selftest_fail("the thread's stack overflow was not caught");
}
