/*
 * selftest_cpu.c — self-tests of the formatter, SSE state, the timer, and the
 * exception path: a fault hook that resumes, and faults that must panic with the
 * right report (vector, RIP, CR2), which test/suite-boot.sh compares with what the
 * test announced before provoking them.
 */
#include "selftest.h"

#include "cpu.h"
#include "fpu.h"
#include "lib.h"
#include "probe.h"
#include "time.h"
#include "trap.h"
#include "tsc.h"

/* An address no mapping will ever cover: PML4 slot 385, unused (memlayout.h). */
#define UNMAPPED_ADDR UINT64_C(0xFFFFC0DE0000BEEF)

static int kprintf_failures;
static char kprintf_first_failure[160];

static void check_format(const char *expected, const char *got)
{
    if (strcmp(expected, got) != 0 && kprintf_failures++ == 0)
        ksnprintf(kprintf_first_failure, sizeof kprintf_first_failure,
                  "expected \"%s\", got \"%s\"", expected, got);
}

#define CHECK_FORMAT(expected, ...)                      \
    do {                                                 \
        char buf[96];                                    \
        ksnprintf(buf, sizeof buf, __VA_ARGS__);         \
        check_format(expected, buf);                     \
        cases++;                                         \
    } while (0)

bool selftest_kprintf(void)
{
    int cases = 0;
    kprintf_failures = 0;
    CHECK_FORMAT("42 -42 0", "%d %i %u", 42, -42, 0u);
    CHECK_FORMAT("-2147483648 4294967295", "%d %u", (int)0x80000000, 0xFFFFFFFFu);
    CHECK_FORMAT("ff FF 0", "%x %X %x", 255u, 255u, 0u);
    CHECK_FORMAT("ffffffffffffffff", "%lx", ~0ul);
    CHECK_FORMAT("18446744073709551615", "%lu", ~0ul);
    CHECK_FORMAT("-9223372036854775808", "%ld", (long)(1ul << 63));
    CHECK_FORMAT("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
    CHECK_FORMAT("0xffffffff80100000", "%p", (void *)0xffffffff80100000ul);
    CHECK_FORMAT("[   42][42   ][00042]", "[%5d][%-5d][%05d]", 42, 42, 42);
    CHECK_FORMAT("[  -42][-0042]", "[%5d][%05d]", -42, -42);
    CHECK_FORMAT("[0000beef][    beef]", "[%08x][%8x]", 0xbeefu, 0xbeefu);
    CHECK_FORMAT("[hi   ][   hi][hel]", "[%-5s][%5s][%.3s]", "hi", "hi", "hello");
    const char *volatile null_string = NULL;   /* volatile: gcc would warn about NULL */
    CHECK_FORMAT("[(null)]", "[%s]", null_string);
    CHECK_FORMAT("a%b c", "a%%b %c", 'c');
    CHECK_FORMAT("[  7][7  ]", "[%*d][%-*d]", 3, 7, 3, 7);
    CHECK_FORMAT("42", "%zu", (size_t)42);

    char small[4];
    int full = ksnprintf(small, sizeof small, "%s", "truncated");
    cases++;
    if (full != 9 || strcmp(small, "tru") != 0)
        check_format("tru (9)", small);

    if (kprintf_failures)
        return selftest_fail("%d of %d cases wrong; first: %s", kprintf_failures, cases,
                             kprintf_first_failure);
    selftest_detail("%d cases", cases);
    return true;
}

/* a + b as f64 bit patterns, through addsd: SSE must be on. */
static uint64_t sse_add_f64(uint64_t a_bits, uint64_t b_bits)
{
    uint64_t result;
    __asm__ volatile("movq %1, %%xmm0\n\t"
                     "movq %2, %%xmm1\n\t"
                     "addsd %%xmm1, %%xmm0\n\t"
                     "movq %%xmm0, %0"
                     : "=r"(result) : "r"(a_bits), "r"(b_bits));
    return result;
}

static void set_xmm0(uint64_t bits) { __asm__ volatile("movq %0, %%xmm0" : : "r"(bits)); }

static uint64_t get_xmm0(void)
{
    uint64_t bits;
    __asm__ volatile("movq %%xmm0, %0" : "=r"(bits));
    return bits;
}

bool selftest_fpu(void)
{
    static struct fpu_state saved, fresh;
    uint64_t sum = sse_add_f64(0x3FF8000000000000ull, 0x3FF8000000000000ull); /* 1.5 + 1.5 */
    if (sum != 0x4008000000000000ull)                                          /* 3.0 */
        return selftest_fail("1.5 + 1.5 gave bits %lx", sum);

    set_xmm0(0x1122334455667788ull);
    fpu_save(&saved);
    set_xmm0(0xDEADBEEFull);
    fpu_restore(&saved);
    if (get_xmm0() != 0x1122334455667788ull)
        return selftest_fail("FXSAVE/FXRSTOR did not bring xmm0 back (got %lx)", get_xmm0());

    fpu_state_init(&fresh);
    uint32_t mxcsr = fresh.image[24] | fresh.image[25] << 8;
    if (mxcsr != 0x1F80)
        return selftest_fail("a new thread's MXCSR is %x, not 1f80", mxcsr);
    if ((read_cr0() & CR0_EM) || !(read_cr4() & CR4_OSFXSR))
        return selftest_fail("CR0.EM set or CR4.OSFXSR clear");
    selftest_detail("addsd, fxsave/fxrstor, mxcsr=0x%x", mxcsr);
    return true;
}

/* The timer, judged so that a loaded host cannot fail it and a wrong timer cannot pass.
 *
 * Under QEMU's TCG the PIT counts on the host's clock, but its interrupts reach the
 * guest only while QEMU's threads have a host CPU. On a busy host (load 8 on 2 cores)
 * whole periods pass with the emulator descheduled, and the PIT edges of those periods
 * are merged or lost: 24 of 50 expected ticks were once seen in 500 ms. Ticks can be
 * lost, never invented. So the ticks are counted over a longer window, measured by the
 * TSC, and judged by what load cannot produce: more ticks than the time allows (a
 * timer set too fast), fewer than a quarter of them (a timer left at the BIOS's
 * 18.2 Hz, or dead), or a quarter of the window with none at all (a timer that stops). */
#define TIMER_WINDOW_MS 1000
#define TIMER_PARTS 4
_Static_assert(TIMER_PARTS == 4, "the detail line prints four parts");

bool selftest_timer(void)
{
    uint64_t previous = time_ns();
    for (int i = 0; i < 1000; i++) {
        uint64_t now = time_ns();
        if (now < previous)
            return selftest_fail("time_ns went backwards: %lu after %lu", now, previous);
        previous = now;
    }
    if (!(read_rflags() & RFLAGS_IF))
        return selftest_fail("interrupts are disabled");

    uint64_t part[TIMER_PARTS];
    uint64_t t0 = time_ns(), ticks = 0;
    for (int i = 0; i < TIMER_PARTS; i++) {
        uint64_t k0 = time_ticks();
        time_delay_ns(TIMER_WINDOW_MS / TIMER_PARTS * 1000000ull);
        part[i] = time_ticks() - k0;
        ticks += part[i];
    }
    uint64_t elapsed_ms = (time_ns() - t0) / 1000000;
    uint64_t expected = elapsed_ms * TIMER_HZ / 1000;
    if (ticks > expected * 115 / 100 + 1)
        return selftest_fail("%lu ticks in %lu ms: more than the %lu expected at %d Hz allow",
                             ticks, elapsed_ms, expected, TIMER_HZ);
    if (ticks < expected / 4)
        return selftest_fail("%lu ticks in %lu ms: under a quarter of the %lu expected at %d Hz",
                             ticks, elapsed_ms, expected, TIMER_HZ);
    for (int i = 0; i < TIMER_PARTS; i++)
        if (part[i] == 0)
            return selftest_fail("no tick in part %d of %d (%d ms each): the timer stopped",
                                 i + 1, TIMER_PARTS, TIMER_WINDOW_MS / TIMER_PARTS);
    selftest_detail("ticks=%lu in %lu ms, expected %lu at %d Hz, per quarter %lu %lu %lu %lu, "
                    "tsc %lu MHz", ticks, elapsed_ms, expected, TIMER_HZ, part[0], part[1],
                    part[2], part[3], tsc_hz() / 1000000);
    return true;
}

/* Fault hook for trap-resume: skip the ud2 at probe_ud2_site and leave a mark in RAX. */
#define RESUME_MARK UINT64_C(0xA7011C0DE)
static uint64_t hook_saw_rip, hook_saw_vector;

static struct trap_frame *resume_hook(struct trap_frame *tf, uint64_t fault_addr)
{
    (void)fault_addr;
    hook_saw_rip = tf->rip;
    hook_saw_vector = tf->vector;
    if (tf->vector != VEC_INVALID_OPCODE || tf->rip != (uint64_t)probe_ud2_site)
        return NULL;
    tf->rip += 2;                  /* ud2 is 0F 0B */
    tf->rax = RESUME_MARK;
    return tf;
}

bool selftest_trap_resume(void)
{
    fault_hook_fn previous = trap_set_fault_hook(resume_hook);
    uint64_t got = probe_ud2();
    trap_set_fault_hook(previous);
    if (hook_saw_vector != VEC_INVALID_OPCODE || hook_saw_rip != (uint64_t)probe_ud2_site)
        return selftest_fail("the hook saw vector %lu at %lx, expected 6 at %lx",
                             hook_saw_vector, hook_saw_rip, (uint64_t)probe_ud2_site);
    if (got != RESUME_MARK)
        return selftest_fail("execution did not resume with the hook's RAX (got %lx)", got);
    selftest_detail("#UD at 0x%lx resumed at +2 with rax=0x%lx", hook_saw_rip, got);
    return true;
}

/* The fatal ones: announce what the report must say, then provoke it. */
bool selftest_fault_ud(void)
{
    kprintf("TEST fault-ud: expect vector=6 rip=0x%016lx\n", (uint64_t)probe_ud2_site);
    probe_ud2();
    return selftest_fail("ud2 did not fault");
}

bool selftest_fault_pf(void)
{
    kprintf("TEST fault-pf: expect vector=14 rip=0x%016lx CR2=0x%016lx\n",
            (uint64_t)probe_read64, UNMAPPED_ADDR);
    probe_read64(UNMAPPED_ADDR);
    return selftest_fail("reading 0x%lx did not fault", UNMAPPED_ADDR);
}

extern char boot_stack_guard[], boot_stack_bottom[];   /* boot.asm */
static volatile int keep_recursing = 1;   /* never cleared: the compiler cannot tell */

__attribute__((noinline)) uint64_t selftest_recurse(uint64_t depth)
{
    volatile uint8_t frame[256];
    frame[0] = (uint8_t)depth;
    if (!keep_recursing)
        return frame[0];
    return selftest_recurse(depth + 1) + frame[0];   /* not a tail call: the frame stays */
}

bool selftest_fault_df(void)
{
    kprintf("TEST fault-df: expect vector=8 CR2 in 0x%016lx-0x%016lx\n",
            (uint64_t)boot_stack_guard, (uint64_t)boot_stack_bottom);
    selftest_recurse(0);
    return selftest_fail("the stack overflow did not fault");
}
