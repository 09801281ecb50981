/*
 * sched_bench.c — `bench=sched` on the kernel command line: what a switch costs, in
 * TSC cycles read inside the guest. A measurement, not a test: it prints and returns.
 *
 * Two threads yield to each other in a loop; each stamps the TSC just before its yield
 * and reads it just after, which gives per iteration a round trip (A -> B -> A, two
 * switches) and a one-way switch (the other thread's stamp to our resumption). Also
 * measured: a yield with nobody else ready (scheduler entry and exit, no switch), the
 * FXSAVE/FXRSTOR pair a switch adds, and a wake/wait ping-pong through two wait queues.
 * Medians, so stray ticks do not count.
 */
#include "sched_internal.h"

#include "cpu.h"
#include "kprintf.h"
#include "panic.h"
#include "tsc.h"

#define SAMPLES 2000
#define WARMUP 100

struct side {
    uint32_t round_trip[SAMPLES];
    uint32_t one_way[SAMPLES];
    struct wait_queue wq;      /* ping-pong: where this side waits */
    volatile bool turn;        /* ping-pong: this side may go */
};

static struct side sides[2];
static volatile uint64_t last_stamp;
static volatile int finished;
static struct wait_queue done_queue;

static uint32_t clamp32(uint64_t v) { return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v; }

/* One side of the yield ping-pong: per sample, its round trip and the other side's
 * stamp to its own resumption (one switch). */
static void yield_loop(void *arg)
{
    struct side *me = arg;
    for (int i = -WARMUP; i < SAMPLES; i++) {
        uint64_t t0 = rdtsc();
        last_stamp = t0;
        sched_yield();
        uint64_t t1 = rdtsc();
        if (i >= 0) {
            me->round_trip[i] = clamp32(t1 - t0);
            me->one_way[i] = clamp32(t1 - last_stamp);
        }
    }
    finished++;
    sched_wake_all(&done_queue);
}

/* Ping-pong: wake the other side, then wait for our turn. Sample: our wake to our return. */
static void wake_loop(void *arg)
{
    struct side *me = arg, *other = me == &sides[0] ? &sides[1] : &sides[0];
    for (int i = -WARMUP; i < SAMPLES; i++) {
        bool irq = irq_save();
        uint64_t t0 = rdtsc();
        other->turn = true;
        sched_wake_one(&other->wq);
        while (!me->turn)
            sched_wait(&me->wq);
        me->turn = false;
        uint64_t t1 = rdtsc();
        irq_restore(irq);
        if (i >= 0)
            me->round_trip[i] = clamp32(t1 - t0);
    }
    other->turn = true;                        /* let the other side finish its loop */
    sched_wake_one(&other->wq);
    finished++;
    sched_wake_all(&done_queue);
}

/* Sort v[0..n) in place and return its middle value. */
static uint32_t median(uint32_t *v, int n)
{
    for (int gap = n / 2; gap > 0; gap /= 2)   /* shell sort: no heap needed */
        for (int i = gap; i < n; i++)
            for (int j = i; j >= gap && v[j - gap] > v[j]; j -= gap) {
                uint32_t t = v[j];
                v[j] = v[j - gap];
                v[j - gap] = t;
            }
    return v[n / 2];
}

static void report(const char *what, uint32_t *samples)
{
    uint32_t m = median(samples, SAMPLES);
    kprintf("BENCH sched: %-26s median %6u cycles (%lu ns), min %6u\n", what, m,
            tsc_to_ns(m), samples[0]);
}

/* Run `loop` on two new threads, sides[0] and sides[1], and wait until both ended. */
static void run_pair(void (*loop)(void *))
{
    finished = 0;
    sides[0].turn = sides[1].turn = false;
    if (!thread_create("bench-a", loop, &sides[0], 0) ||
        !thread_create("bench-b", loop, &sides[1], 0))
        panic("sched_bench: no memory for the benchmark threads");
    bool irq = irq_save();
    while (finished < 2)
        sched_wait(&done_queue);
    irq_restore(irq);
}

void sched_bench(void)
{
    static uint32_t alone[SAMPLES];
    wait_queue_init(&done_queue);
    wait_queue_init(&sides[0].wq);
    wait_queue_init(&sides[1].wq);
    kprintf("BENCH sched: TSC %lu MHz, %d samples each\n", tsc_hz() / 1000000, SAMPLES);

    sched_sleep_ns(20 * 1000 * 1000);          /* let threads made at boot run and block */
    uint64_t switches = sched_switch_count();
    for (int i = 0; i < SAMPLES; i++) {        /* nobody else ready: no switch happens */
        uint64_t t0 = rdtsc();
        sched_yield();
        alone[i] = clamp32(rdtsc() - t0);
    }
    report("yield, no other thread", alone);
    kprintf("BENCH sched: (switches during it: %lu)\n", sched_switch_count() - switches);

    static struct fpu_state scratch;           /* the part of a switch a yield alone skips */
    for (int i = 0; i < SAMPLES; i++) {
        bool irq = irq_save();
        uint64_t t0 = rdtsc();
        fpu_save(&scratch);
        fpu_restore(&scratch);
        alone[i] = clamp32(rdtsc() - t0);
        irq_restore(irq);
    }
    report("fxsave + fxrstor", alone);

    run_pair(yield_loop);
    report("yield round trip (2 sw.)", sides[0].round_trip);
    report("thread switch (one way)", sides[0].one_way);

    run_pair(wake_loop);
    report("wake+wait round trip", sides[0].round_trip);
    kprintf("BENCH sched: done\n");
}
