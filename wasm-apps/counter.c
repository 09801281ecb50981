/*
 * counter.c — counts to N, one line per number, pausing between lines.
 *
 * Arguments: LABEL COUNT [PAUSE_MS] [sleep|yield]. The pause is a busy wait on the
 * clock by default: a counter then never gives the CPU away, so two counters printing
 * in turn show that the kernel preempts SIPs. With "sleep" it sleeps instead
 * (atoll.sleep_ns); with "yield" it offers the CPU (atoll.yield) until the time is up.
 * Returns COUNT as its exit code.
 */
#include "atoll.h"

#define NS_PER_MS 1000000ll

/* Let `ms` pass: asleep ('s'), yielding ('y'), or spinning on the clock (anything else). */
static void pause_ms(long long ms, char mode)
{
    if (mode == 's') {
        atoll_sleep_ns(ms * NS_PER_MS);
        return;
    }
    long long until = atoll_time_ns() + ms * NS_PER_MS;
    while (atoll_time_ns() < until)
        if (mode == 'y')
            atoll_yield();
}

int _start(void)
{
    char args[128];
    atoll_get_args(args, sizeof args);
    char *cursor = args;
    char *label = atoll_next_word(&cursor);
    long long count = atoll_parse_int(atoll_next_word(&cursor), 5);
    long long ms = atoll_parse_int(atoll_next_word(&cursor), 50);
    char mode = atoll_next_word(&cursor)[0];

    for (long long i = 1; i <= count; i++) {
        struct atoll_line line;
        line.len = 0;
        atoll_line_str(&line, "counter ");
        atoll_line_str(&line, *label ? label : "?");
        atoll_line_str(&line, ": ");
        atoll_line_int(&line, i);
        atoll_line_str(&line, " of ");
        atoll_line_int(&line, count);
        atoll_line_end(&line);
        if (i < count)
            pause_ms(ms, mode);
    }
    return (int)count;
}
