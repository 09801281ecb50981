/*
 * selftest_sched_wait.c — self-tests of blocking (test=sched-sleep,sched-wait): sleeps
 * last at least what was asked and at most two ticks more, sleepers wake in
 * deadline order, the idle thread runs while all sleep; wait queues wake in FIFO order,
 * one or all, time out, and carry a producer/consumer pair through a small buffer.
 */
#include "selftest_sched.h"

#include "cpu.h"
#include "kprintf.h"
#include "lib.h"
#include "sched_internal.h"
#include "selftest.h"
#include "time.h"

/* A sleep ends on the first tick after its deadline, so it may last one tick more
 * than asked, and a second one if the CPU is busy when it wakes: counted in ticks, that
 * bound holds however late the host lets the emulator deliver them. In nanoseconds it
 * cannot: under QEMU's TCG on a loaded host, ticks arrive late or not at all while the
 * emulator waits for a host CPU (docs/sched.md), so the time bound only catches a
 * sleep that forgot its deadline, and the tick bound is the precise one. */
#define SLEEP_SLACK_TICKS 1
#define SLEEP_SLACK_NS (250 * MS)
#define NS_PER_TICK (UINT64_C(1000000000) / TIMER_HZ)

/* ---- sched-sleep ---- */

#define SLEEPERS 4
static const uint64_t sleep_ms[SLEEPERS] = { 70, 10, 150, 30 };  /* wake order: 1 3 0 2 */
static uint64_t slept_ns[SLEEPERS], slept_ticks[SLEEPERS];
static int wake_order[SLEEPERS], woke;
static struct sched_crew sleep_crew;

/* Sleep this sleeper's time, note how long that took in ns and in ticks, and when it
 * woke relative to the others. */
static void sleeper_main(void *arg)
{
    int index = (int)(uint64_t)arg;
    uint64_t t0 = time_ns(), k0 = time_ticks();
    sched_sleep_ns(sleep_ms[index] * MS);
    slept_ns[index] = time_ns() - t0;
    slept_ticks[index] = time_ticks() - k0;
    bool irq = irq_save();
    wake_order[woke++] = index;
    irq_restore(irq);
    sched_crew_done(&sleep_crew);
}

/* A sleep of asked_ns lasted `slept` ns and `ticks` ticks: at least what was asked, at
 * most SLEEP_SLACK_TICKS (and SLEEP_SLACK_NS) more. */
static bool check_slept(const char *who, uint64_t asked_ns, uint64_t slept, uint64_t ticks)
{
    uint64_t most_ticks = asked_ns / NS_PER_TICK + 1 + SLEEP_SLACK_TICKS;
    if (slept < asked_ns)
        return selftest_fail("%s slept %lu us, less than the %lu us asked", who, slept / 1000,
                             asked_ns / 1000);
    if (ticks > most_ticks)
        return selftest_fail("%s slept %lu ticks for %lu us asked: more than %lu", who, ticks,
                             asked_ns / 1000, most_ticks);
    if (slept > asked_ns + SLEEP_SLACK_NS)
        return selftest_fail("%s slept %lu us for %lu us asked: more than %lu us late", who,
                             slept / 1000, asked_ns / 1000, SLEEP_SLACK_NS / 1000);
    return true;
}

bool selftest_sched_sleep(void)
{
    if (!sched_wait_for_reaper(5000 * MS))
        return selftest_fail("threads of earlier tests still alive after 5 s");
    woke = 0;
    sched_crew_init(&sleep_crew, SLEEPERS);
    uint64_t idle_before = sched_idle_thread->switches_in;
    for (int i = 0; i < SLEEPERS; i++)
        if (!thread_create("sleeper", sleeper_main, (void *)(uint64_t)i, 0))
            return selftest_fail("no memory for sleeper %d", i);
    if (!sched_crew_wait(&sleep_crew, 5000 * MS))
        return selftest_fail("the sleepers did not all wake within 5 s");
    uint64_t idle_runs = sched_idle_thread->switches_in - idle_before;

    uint64_t t0 = time_ns(), k0 = time_ticks();
    sched_sleep_ns(50 * MS);
    uint64_t own = time_ns() - t0, own_ticks = time_ticks() - k0;
    /* A 0 ns sleep is a yield: had it blocked, the idle thread would have run (every
     * other thread is done), which a clock reading could only guess at under load. */
    uint64_t idle_before_zero = sched_idle_thread->switches_in;
    sched_sleep_ns(0);
    bool zero_blocked = sched_idle_thread->switches_in != idle_before_zero;

    for (int i = 0; i < SLEEPERS; i++) {
        char who[16];
        ksnprintf(who, sizeof who, "sleeper %d", i);
        if (!check_slept(who, sleep_ms[i] * MS, slept_ns[i], slept_ticks[i]))
            return false;
    }
    if (!check_slept("the boot thread", 50 * MS, own, own_ticks))
        return false;
    if (zero_blocked)
        return selftest_fail("sleeping 0 ns blocked: the idle thread ran meanwhile");
    static const int expected_order[SLEEPERS] = { 1, 3, 0, 2 };
    for (int i = 0; i < SLEEPERS; i++)
        if (wake_order[i] != expected_order[i])
            return selftest_fail("wake order %d %d %d %d, expected 1 3 0 2", wake_order[0],
                                 wake_order[1], wake_order[2], wake_order[3]);
    if (idle_runs == 0)
        return selftest_fail("the idle thread never ran while everyone slept");
    selftest_detail("asked 70 10 150 30 50 ms, slept %lu %lu %lu %lu %lu us = %lu %lu %lu %lu "
                    "%lu ticks, order 1 3 0 2, idle ran %lu times", slept_ns[0] / 1000,
                    slept_ns[1] / 1000, slept_ns[2] / 1000, slept_ns[3] / 1000, own / 1000,
                    slept_ticks[0], slept_ticks[1], slept_ticks[2], slept_ticks[3], own_ticks,
                    idle_runs);
    return true;
}

/* ---- sched-wait ---- */

#define WAITERS 3
#define ITEMS 200
#define SLOTS 4

static struct wait_queue gate, nobody_wakes, someone_wakes;
static int gate_log[WAITERS], gate_woken;
static bool timeout_result[2];
static uint64_t timeout_waited_ns[2];
static struct sched_crew wait_crew;

static void gate_waiter_main(void *arg)
{
    bool irq = irq_save();
    sched_wait(&gate);
    gate_log[gate_woken++] = (int)(uint64_t)arg;
    irq_restore(irq);
    sched_crew_done(&wait_crew);
}

static void timed_waiter_main(void *arg)
{
    int index = (int)(uint64_t)arg;
    uint64_t t0 = time_ns();
    timeout_result[index] = index == 0 ? sched_wait_timeout(&nobody_wakes, 30 * MS)
                                       : sched_wait_timeout(&someone_wakes, 2000 * MS);
    timeout_waited_ns[index] = time_ns() - t0;
    sched_crew_done(&wait_crew);
}

/* Producer and consumer around a ring of SLOTS items, each blocking when it must. */
static uint64_t ring[SLOTS];
static int ring_count, ring_head;
static struct wait_queue not_full, not_empty;
static uint64_t consumed_sum, producer_waits, consumer_waits;
static bool order_ok;

/* Put items 1..ITEMS into the ring, waiting on not_full whenever it is full. */
static void producer_main(void *unused)
{
    (void)unused;
    for (uint64_t item = 1; item <= ITEMS; item++) {
        bool irq = irq_save();
        while (ring_count == SLOTS) {
            producer_waits++;
            sched_wait(&not_full);
        }
        ring[(ring_head + ring_count++) % SLOTS] = item;
        sched_wake_one(&not_empty);
        irq_restore(irq);
    }
    sched_crew_done(&wait_crew);
}

/* Take ITEMS items off the ring, waiting on not_empty whenever it is empty; they must
 * come in order. */
static void consumer_main(void *unused)
{
    (void)unused;
    for (uint64_t expected = 1; expected <= ITEMS; expected++) {
        bool irq = irq_save();
        while (ring_count == 0) {
            consumer_waits++;
            sched_wait(&not_empty);
        }
        uint64_t item = ring[ring_head];
        ring_head = (ring_head + 1) % SLOTS;
        ring_count--;
        sched_wake_one(&not_full);
        irq_restore(irq);
        order_ok = order_ok && item == expected;
        consumed_sum += item;
    }
    sched_crew_done(&wait_crew);
}

/* Three threads block on one queue; wake_one must free the first, wake_all the rest. */
static bool check_gate(void)
{
    struct thread *waiters[WAITERS];
    gate_woken = 0;
    wait_queue_init(&gate);
    sched_crew_init(&wait_crew, WAITERS);
    for (int i = 0; i < WAITERS; i++)
        if (!(waiters[i] = thread_create("waiter", gate_waiter_main, (void *)(uint64_t)i, 0)))
            return selftest_fail("no memory for waiter %d", i);
    sched_sleep_ns(20 * MS);
    for (int i = 0; i < WAITERS; i++)
        if (waiters[i]->state != THREAD_BLOCKED)
            return selftest_fail("waiter %d is %s, not blocked", i,
                                 thread_state_name(waiters[i]->state));
    if (gate_woken != 0)
        return selftest_fail("a waiter went through the gate unwoken");
    sched_wake_one(&gate);
    sched_sleep_ns(20 * MS);
    if (gate_woken != 1 || gate_log[0] != 0)
        return selftest_fail("wake_one let %d through (first: %d), expected waiter 0 alone",
                             gate_woken, gate_log[0]);
    sched_wake_all(&gate);
    if (!sched_crew_wait(&wait_crew, 2000 * MS))
        return selftest_fail("wake_all: %d of %d waiters went through", gate_woken, WAITERS);
    if (gate_log[1] != 1 || gate_log[2] != 2)
        return selftest_fail("waiters woke in order 0 %d %d, expected 0 1 2", gate_log[1],
                             gate_log[2]);
    return true;
}

/* A timed wait nobody wakes returns false after its timeout, one woken early returns
 * true at once. */
static bool check_timeouts(void)
{
    wait_queue_init(&nobody_wakes);
    wait_queue_init(&someone_wakes);
    sched_crew_init(&wait_crew, 2);
    for (int i = 0; i < 2; i++)
        if (!thread_create("timed", timed_waiter_main, (void *)(uint64_t)i, 0))
            return selftest_fail("no memory for timed waiter %d", i);
    sched_sleep_ns(20 * MS);
    sched_wake_one(&someone_wakes);
    if (!sched_crew_wait(&wait_crew, 5000 * MS))
        return selftest_fail("timed waiters did not return within 5 s");
    if (timeout_result[0] || timeout_waited_ns[0] < 30 * MS)
        return selftest_fail("an unwoken 30 ms wait returned %s after %lu us",
                             timeout_result[0] ? "woken" : "timed out",
                             timeout_waited_ns[0] / 1000);
    if (!timeout_result[1] || timeout_waited_ns[1] >= 1000 * MS)
        return selftest_fail("a 2 s wait woken at 20 ms returned %s after %lu us",
                             timeout_result[1] ? "woken" : "timed out",
                             timeout_waited_ns[1] / 1000);
    if (nobody_wakes.head || someone_wakes.head)
        return selftest_fail("a returned waiter is still in its queue");
    return true;
}

/* A producer and a consumer pass ITEMS items through SLOTS slots, both made to block. */
static bool check_producer_consumer(void)
{
    wait_queue_init(&not_full);
    wait_queue_init(&not_empty);
    ring_count = ring_head = 0;
    consumed_sum = producer_waits = consumer_waits = 0;
    order_ok = true;
    sched_crew_init(&wait_crew, 2);
    if (!thread_create("consumer", consumer_main, NULL, 0) ||
        !thread_create("producer", producer_main, NULL, 0))
        return selftest_fail("no memory for producer and consumer");
    if (!sched_crew_wait(&wait_crew, 10000 * MS))
        return selftest_fail("producer/consumer did not finish in 10 s (%lu consumed)",
                             consumed_sum);
    if (consumed_sum != ITEMS * (ITEMS + 1) / 2 || !order_ok)
        return selftest_fail("consumed sum %lu (expected %d), in order: %s", consumed_sum,
                             ITEMS * (ITEMS + 1) / 2, order_ok ? "yes" : "no");
    if (producer_waits == 0 || consumer_waits == 0)
        return selftest_fail("producer waited %lu times, consumer %lu: a side never blocked",
                             producer_waits, consumer_waits);
    return true;
}

bool selftest_sched_wait(void)
{
    if (!sched_wait_for_reaper(5000 * MS))
        return selftest_fail("threads of earlier tests still alive after 5 s");
    if (!check_gate() || !check_timeouts() || !check_producer_consumer())
        return false;
    selftest_detail("wake_one woke waiter 0 of 3, wake_all 1 2; 30 ms timeout after %lu us, "
                    "woken wait after %lu us; %d items through %d slots, producer waited %lu, "
                    "consumer %lu", timeout_waited_ns[0] / 1000, timeout_waited_ns[1] / 1000,
                    ITEMS, SLOTS, producer_waits, consumer_waits);
    return true;
}
