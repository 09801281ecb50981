/*
 * selftest_sched.c — self-tests of preemption, yield and SSE state across switches
 * (test=sched-preempt,sched-yield,sched-fpu), and the helpers every scheduler test
 * shares. Sleep and wait queues: selftest_sched_wait.c; reaping and the stack guard:
 * selftest_sched_reap.c.
 *
 * The tests run on the boot thread, which blocks while its test threads work. Each
 * prints the numbers it judged by after "ok", and test/suite-sched.sh checks them (and
 * the threads' own lines in the serial log) again from outside.
 */
#include "selftest_sched.h"

#include "cpu.h"
#include "kmem.h"
#include "kprintf.h"
#include "lib.h"
#include "sched_internal.h"
#include "selftest.h"
#include "time.h"

void sched_crew_init(struct sched_crew *crew, int members)
{
    crew->running = members;
    wait_queue_init(&crew->done);
}

void sched_crew_done(struct sched_crew *crew)
{
    bool irq = irq_save();
    crew->running--;
    sched_wake_all(&crew->done);
    irq_restore(irq);
}

bool sched_crew_wait(struct sched_crew *crew, uint64_t timeout_ns)
{
    uint64_t deadline = time_ns() + timeout_ns;
    bool irq = irq_save();
    for (uint64_t now = time_ns(); crew->running > 0 && now < deadline; now = time_ns())
        sched_wait_timeout(&crew->done, deadline - now);
    bool all_done = crew->running == 0;
    irq_restore(irq);
    return all_done;
}

bool sched_wait_for_reaper(uint64_t timeout_ns)
{
    uint64_t deadline = time_ns() + timeout_ns;
    while (sched_thread_count() > 3 || sched_reaper_thread->state != THREAD_BLOCKED) {
        if (time_ns() >= deadline)
            return false;
        sched_sleep_ns(MS);
    }
    return true;
}

/* ---- sched-preempt: three workers that never yield, and a spinner, share the CPU ---- */

#define PREEMPT_WORKERS 3
#define PREEMPT_ROUNDS 6
#define PREEMPT_ROUND_TICKS 2

static volatile uint64_t work_sink;
static volatile bool stop_spinning;
static volatile uint64_t spins;
static char round_log[PREEMPT_WORKERS * PREEMPT_ROUNDS + 1];
static int round_log_len;
static uint64_t worker_start_ns[PREEMPT_WORKERS], worker_end_ns[PREEMPT_WORKERS];
static struct sched_crew preempt_crew;

/* Never yields, never calls anything: only the timer can take the CPU away. */
static void spinner_main(void *unused)
{
    (void)unused;
    while (!stop_spinning)
        spins++;
}

/* A round is PREEMPT_ROUND_TICKS ticks landing on this worker, that many quanta of its
 * own spent computing without a yield. Counted in ticks rather than time, the rounds
 * interleave as the scheduler hands out turns, whatever the host does to the emulator
 * (a lost tick stretches a quantum, it never gives one thread two). */
static void worker_main(void *arg)
{
    int index = (int)(uint64_t)arg;
    char letter = (char)('A' + index);
    volatile uint64_t *my_ticks = &thread_current()->ticks;
    worker_start_ns[index] = time_ns();
    for (int round = 0; round < PREEMPT_ROUNDS; round++) {
        uint64_t until = *my_ticks + PREEMPT_ROUND_TICKS;
        while (*my_ticks < until)
            work_sink++;                       /* volatile: the loop stays a loop */
        bool irq = irq_save();
        round_log[round_log_len++] = letter;
        irq_restore(irq);
        kprintf("sched-preempt: worker %c round %d\n", letter, round);
    }
    worker_end_ns[index] = time_ns();
    sched_crew_done(&preempt_crew);
}

/* The log's length without its final run of one letter: the rounds the last worker ran
 * after every other worker had finished, which follow each other as they should. */
static int shared_part(const char *log, int len)
{
    int end = len;
    while (end > 0 && log[end - 1] == log[len - 1])
        end--;
    return end;
}

/* The longest run of one letter in log[0, len): PREEMPT_ROUNDS if a worker ran alone. */
static int longest_run(const char *log, int len)
{
    int longest = 0, run = 0;
    for (int i = 0; i < len; i++) {
        run = (i > 0 && log[i] == log[i - 1]) ? run + 1 : 1;
        longest = MAX(longest, run);
    }
    return longest;
}

bool selftest_sched_preempt(void)
{
    if (!sched_wait_for_reaper(5000 * MS))
        return selftest_fail("threads of earlier tests still alive after 5 s");
    stop_spinning = false;
    spins = 0;
    round_log_len = 0;
    sched_crew_init(&preempt_crew, PREEMPT_WORKERS);
    uint64_t switches0 = sched_switch_count();

    struct thread *spinner = thread_create("spinner", spinner_main, NULL, 0);
    if (!spinner)
        return selftest_fail("no memory for the spinner");
    uint64_t spinner_id = spinner->id;
    for (int i = 0; i < PREEMPT_WORKERS; i++) {
        char name[16];
        ksnprintf(name, sizeof name, "worker-%c", 'A' + i);
        if (!thread_create(name, worker_main, (void *)(uint64_t)i, 0))
            return selftest_fail("no memory for worker %d", i);
    }
    bool finished = sched_crew_wait(&preempt_crew, 20000 * MS);
    uint64_t spinner_ticks = spinner->ticks, spins_seen = spins;
    stop_spinning = true;                      /* the spinner exits; the reaper frees it */
    round_log[round_log_len] = '\0';

    if (!finished)
        return selftest_fail("workers did not finish in 20 s (log \"%s\")", round_log);
    if (round_log_len != PREEMPT_WORKERS * PREEMPT_ROUNDS)
        return selftest_fail("%d rounds logged, expected %d", round_log_len,
                             PREEMPT_WORKERS * PREEMPT_ROUNDS);
    /* Judged while at least two workers were at work: the last to finish runs its final
     * rounds alone, one after another. */
    int shared = shared_part(round_log, round_log_len);
    int longest = longest_run(round_log, shared);
    if (longest > 2)
        return selftest_fail("a worker ran %d rounds in a row: no interleaving (\"%s\")",
                             longest, round_log);
    bool last_shared = false;
    for (int i = 0; i < shared; i++)
        last_shared |= round_log[i] == round_log[round_log_len - 1];
    if (!last_shared)
        return selftest_fail("worker %c ran only after the others had finished (\"%s\")",
                             round_log[round_log_len - 1], round_log);
    if (spinner_ticks == 0 || spins_seen == 0)
        return selftest_fail("the spinner never ran (%lu ticks, %lu spins)", spinner_ticks,
                             spins_seen);
    /* Concurrency, whatever the speed: every worker started before any finished. */
    uint64_t last_start = 0, first_end = UINT64_MAX, last_end = 0;
    for (int i = 0; i < PREEMPT_WORKERS; i++) {
        last_start = MAX(last_start, worker_start_ns[i]);
        first_end = MIN(first_end, worker_end_ns[i]);
        last_end = MAX(last_end, worker_end_ns[i]);
    }
    if (last_start >= first_end)
        return selftest_fail("a worker finished (%lu ms) before the last one started (%lu ms)",
                             first_end / MS, last_start / MS);
    kprintf("sched-preempt: spinner (id %lu) ran %lu ticks, %lu spins\n", spinner_id,
            spinner_ticks, spins_seen);
    selftest_detail("log %s, longest run %d, %lu switches, spinner %lu ticks, 3 x %d ticks "
                    "of work took %lu ms", round_log, longest, sched_switch_count() - switches0,
                    spinner_ticks, PREEMPT_ROUNDS * PREEMPT_ROUND_TICKS,
                    (last_end - MIN(worker_start_ns[0], MIN(worker_start_ns[1],
                                    worker_start_ns[2]))) / MS);
    return true;
}

/* ---- sched-yield: two threads hand the CPU to each other, strictly in turn ---- */

#define YIELD_TURNS 200

static char turn_log[2 * YIELD_TURNS + 1];
static int turn_log_len;
static struct sched_crew yield_crew;

/* Log its letter, then yield, YIELD_TURNS times: with interrupts off from the mark to
 * the yield, two such threads can only alternate. */
static void yielder_main(void *arg)
{
    char letter = (char)(uint64_t)arg;
    for (int i = 0; i < YIELD_TURNS; i++) {
        bool irq = irq_save();                 /* no tick between the mark and the yield */
        turn_log[turn_log_len++] = letter;
        sched_yield();
        irq_restore(irq);
    }
    sched_crew_done(&yield_crew);
}

bool selftest_sched_yield(void)
{
    if (!sched_wait_for_reaper(5000 * MS))
        return selftest_fail("threads of earlier tests still alive after 5 s");
    uint64_t switches0 = sched_switch_count();
    sched_yield();                             /* nobody else is ready: no switch */
    sched_yield();
    uint64_t alone = sched_switch_count() - switches0;

    turn_log_len = 0;
    sched_crew_init(&yield_crew, 2);
    if (!thread_create("yield-a", yielder_main, (void *)'a', 0) ||
        !thread_create("yield-b", yielder_main, (void *)'b', 0))
        return selftest_fail("no memory for the threads");
    switches0 = sched_switch_count();
    if (!sched_crew_wait(&yield_crew, 10000 * MS))
        return selftest_fail("the yielders did not finish in 10 s");
    uint64_t switches = sched_switch_count() - switches0;
    turn_log[turn_log_len] = '\0';

    if (alone != 0)
        return selftest_fail("yield with nobody else ready switched %lu times", alone);
    if (turn_log_len != 2 * YIELD_TURNS)
        return selftest_fail("%d turns logged, expected %d", turn_log_len, 2 * YIELD_TURNS);
    for (int i = 0; i < turn_log_len; i++)
        if (turn_log[i] != "ab"[i % 2])
            return selftest_fail("turn %d was %c: not strictly alternating", i, turn_log[i]);
    if (switches < 2 * YIELD_TURNS)
        return selftest_fail("%lu switches for %d yields", switches, 2 * YIELD_TURNS);
    selftest_detail("%d turns strictly alternating, %lu switches, 0 switches alone",
                    turn_log_len, switches);
    return true;
}

/* ---- sched-fpu: each thread's XMM registers and MXCSR survive preemption ---- */

#define FPU_THREADS 3
#define FPU_SWITCHES 5         /* each thread checks until switched back in this often */

struct xmm_file {
    uint64_t q[32];            /* xmm0..xmm15, two quadwords each */
} __attribute__((aligned(16)));

static uint64_t fpu_checks[FPU_THREADS], fpu_switches_seen[FPU_THREADS];
static int fpu_bad_thread = -1;
static char fpu_bad[96];
static struct sched_crew fpu_crew;

/* Load XMM0-15 from f, and store them back: every register is checked, so a switch that
 * loses any one of them shows. */
static void xmm_load(const struct xmm_file *f)
{
    __asm__ volatile("movdqa 0(%0), %%xmm0\n\t"   "movdqa 16(%0), %%xmm1\n\t"
                     "movdqa 32(%0), %%xmm2\n\t"  "movdqa 48(%0), %%xmm3\n\t"
                     "movdqa 64(%0), %%xmm4\n\t"  "movdqa 80(%0), %%xmm5\n\t"
                     "movdqa 96(%0), %%xmm6\n\t"  "movdqa 112(%0), %%xmm7\n\t"
                     "movdqa 128(%0), %%xmm8\n\t" "movdqa 144(%0), %%xmm9\n\t"
                     "movdqa 160(%0), %%xmm10\n\t" "movdqa 176(%0), %%xmm11\n\t"
                     "movdqa 192(%0), %%xmm12\n\t" "movdqa 208(%0), %%xmm13\n\t"
                     "movdqa 224(%0), %%xmm14\n\t" "movdqa 240(%0), %%xmm15"
                     : : "r"(f) : "memory");
}

static void xmm_store(struct xmm_file *f)
{
    __asm__ volatile("movdqa %%xmm0, 0(%0)\n\t"   "movdqa %%xmm1, 16(%0)\n\t"
                     "movdqa %%xmm2, 32(%0)\n\t"  "movdqa %%xmm3, 48(%0)\n\t"
                     "movdqa %%xmm4, 64(%0)\n\t"  "movdqa %%xmm5, 80(%0)\n\t"
                     "movdqa %%xmm6, 96(%0)\n\t"  "movdqa %%xmm7, 112(%0)\n\t"
                     "movdqa %%xmm8, 128(%0)\n\t" "movdqa %%xmm9, 144(%0)\n\t"
                     "movdqa %%xmm10, 160(%0)\n\t" "movdqa %%xmm11, 176(%0)\n\t"
                     "movdqa %%xmm12, 192(%0)\n\t" "movdqa %%xmm13, 208(%0)\n\t"
                     "movdqa %%xmm14, 224(%0)\n\t" "movdqa %%xmm15, 240(%0)"
                     : : "r"(f) : "memory");
}

static uint32_t mxcsr_read(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static void mxcsr_write(uint32_t v) { __asm__ volatile("ldmxcsr %0" : : "m"(v)); }

static void fill_pattern(struct xmm_file *f, uint64_t seed)
{
    for (int i = 0; i < 32; i++)
        f->q[i] = seed * 0x9E3779B97F4A7C15ull + (uint64_t)i * 0x0101010101010101ull;
}

/* Load a pattern of its own into every XMM register and a rounding mode into MXCSR,
 * then keep checking them until preempted and resumed FPU_SWITCHES times (kernel C
 * never touches XMM, so only a switch could change them). */
static void fpu_main(void *arg)
{
    int index = (int)(uint64_t)arg;
    static struct xmm_file want[FPU_THREADS], got[FPU_THREADS];
    uint32_t want_mxcsr = 0x1F80 | (uint32_t)(index + 1) << 13;   /* RC = index + 1 */
    fill_pattern(&want[index], (uint64_t)index + 1);
    xmm_load(&want[index]);
    mxcsr_write(want_mxcsr);
    uint64_t switched_in = sched_current->switches_in, give_up = time_ns() + 5000 * MS;
    while (sched_current->switches_in - switched_in < FPU_SWITCHES && time_ns() < give_up &&
           fpu_bad_thread < 0) {
        xmm_store(&got[index]);
        fpu_checks[index]++;
        for (int i = 0; i < 32; i++)
            if (got[index].q[i] != want[index].q[i] && fpu_bad_thread < 0) {
                fpu_bad_thread = index;
                ksnprintf(fpu_bad, sizeof fpu_bad, "xmm%d was %lx, not %lx", i / 2,
                          got[index].q[i], want[index].q[i]);
            }
        if (mxcsr_read() != want_mxcsr && fpu_bad_thread < 0) {
            fpu_bad_thread = index;
            ksnprintf(fpu_bad, sizeof fpu_bad, "mxcsr was %x, not %x", mxcsr_read(),
                      want_mxcsr);
        }
    }
    fpu_switches_seen[index] = sched_current->switches_in - switched_in;
    mxcsr_write(0x1F80);
    sched_crew_done(&fpu_crew);
}

bool selftest_sched_fpu(void)
{
    if (!sched_wait_for_reaper(5000 * MS))
        return selftest_fail("threads of earlier tests still alive after 5 s");
    static struct xmm_file mine, after;
    fill_pattern(&mine, 0xB007);
    xmm_load(&mine);                           /* the boot thread's own, checked at the end */
    fpu_bad_thread = -1;
    sched_crew_init(&fpu_crew, FPU_THREADS);
    for (int i = 0; i < FPU_THREADS; i++) {
        fpu_checks[i] = fpu_switches_seen[i] = 0;
        if (!thread_create("fpu", fpu_main, (void *)(uint64_t)i, 0))
            return selftest_fail("no memory for thread %d", i);
    }
    if (!sched_crew_wait(&fpu_crew, 10000 * MS))
        return selftest_fail("the threads did not finish in 10 s");
    xmm_store(&after);
    if (fpu_bad_thread >= 0)
        return selftest_fail("thread %d: %s", fpu_bad_thread, fpu_bad);
    for (int i = 0; i < 32; i++)
        if (after.q[i] != mine.q[i])
            return selftest_fail("the boot thread's xmm%d changed while it was blocked", i / 2);
    uint64_t least = UINT64_MAX;
    for (int i = 0; i < FPU_THREADS; i++)
        least = MIN(least, fpu_switches_seen[i]);
    if (least < FPU_SWITCHES)
        return selftest_fail("a thread was switched back in only %lu times in 5 s", least);
    selftest_detail("%d threads, xmm0-15 and mxcsr intact over %lu+ switches each, "
                    "%lu checks", FPU_THREADS, least, fpu_checks[0] + fpu_checks[1] +
                    fpu_checks[2]);
    return true;
}
