/*
 * canary.c — the SIP that runs beside the hostile gallery (test/suite-hostile.sh) and
 * proves at the end that nothing the others did reached it.
 *
 * It grows its memory by CANARY_PAGES pages, fills them with a pseudo-random pattern,
 * and then, while the hostile SIPs run, re-checks the whole area every round, yielding
 * in between. It stops once it has seen the gallery's runner SIP in atoll.sip_list and
 * then sees itself alone; it prints one line and exits with 0 when every byte is as it
 * wrote it, 1 (and what differed) when not. Its checksum covers the pattern's bytes, so a
 * single changed bit anywhere in 1 MiB shows.
 */
#include "atoll.h"

#define CANARY_PAGES 16                /* 1 MiB */
#define WORDS (CANARY_PAGES * 65536 / 4)
#define MAX_LISTED 64

static unsigned *area;
static struct atoll_sip_info listed[MAX_LISTED];

/* The pattern's word i: xorshift32 of a seed made from i, never the same twice in a row. */
static unsigned pattern(unsigned i)
{
    unsigned x = i * 2654435761u + 0x9e3779b9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

/* The index of the first word that differs from the pattern, or WORDS. */
static unsigned first_difference(void)
{
    for (unsigned i = 0; i < WORDS; i++)
        if (area[i] != pattern(i))
            return i;
    return WORDS;
}

static unsigned checksum(void)
{
    unsigned sum = 0;
    for (unsigned i = 0; i < WORDS; i++)
        sum = (sum << 5 | sum >> 27) ^ area[i];
    return sum;
}

static int same_name(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* How many SIPs live, and whether one of them is named `name` (sets *seen). */
static int live_sips(const char *name, int *seen)
{
    int n = atoll_sip_list(listed, MAX_LISTED);
    for (int i = 0; i < n && i < MAX_LISTED; i++)
        if (same_name(listed[i].name, name))
            *seen = 1;
    return n;
}

static void say(const char *what, long long a, const char *middle, long long b, const char *end)
{
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, what);
    atoll_line_int(&line, a);
    atoll_line_str(&line, middle);
    atoll_line_int(&line, b);
    atoll_line_str(&line, end);
    atoll_line_end(&line);
}

int _start(void)
{
    int old = __builtin_wasm_memory_grow(0, CANARY_PAGES);
    if (old < 0) {
        atoll_print("canary: cannot grow its memory (wrong)\n");
        return 1;
    }
    area = (unsigned *)((unsigned long)old * 65536);
    for (unsigned i = 0; i < WORDS; i++)
        area[i] = pattern(i);
    unsigned before = checksum();
    say("canary: filled ", CANARY_PAGES, " pages, checksum ", before, "\n");

    int seen_runner = 0, rounds = 0;
    unsigned bad = WORDS;
    while (bad == WORDS && !(live_sips("runner", &seen_runner) == 1 && seen_runner)) {
        bad = first_difference();
        rounds++;
        atoll_yield();
    }
    if (bad == WORDS)
        bad = first_difference();
    unsigned after = checksum();
    if (bad != WORDS || after != before) {
        say("canary: word ", bad, " changed; checksum now ", after, " (wrong)\n");
        return 1;
    }
    say("canary: ", rounds, " rounds beside the gallery, checksum ", after, ": intact\n");
    return 0;
}
