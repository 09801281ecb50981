/*
 * memhog.c — takes all the memory the kernel will give it. It grows its memory in big
 * steps, halving the step each time memory.grow answers -1, until not one page more is
 * granted: that is its quota (docs/sips.md, mem=), and the SIP goes on. It writes every
 * 4 KiB page it got and reads them back; with "then NAME ARGS...", it spawns boot
 * module NAME (its right to spawn: the option `spawn`) and waits for it while it still
 * holds all that memory. Exit code: 0, or 1 when a page read back wrong.
 *
 * Given a quota larger than the machine (mem=4G), memory.grow answers -1 once the
 * kernel cannot promise frames for more (commits are reservations): it writes what it
 * got, all of it backed, and exits.
 * test/suite-sip.sh (configurations quota and oom) runs it both ways.
 */
#include "atoll.h"

#define WASM_PAGE 65536
#define PAGE 4096
#define FIRST_STEP 4096                  /* wasm pages: 256 MiB */
#define GROW_FAILED ((__SIZE_TYPE__)-1)   /* memory.grow's -1, as the builtin's size_t */

/* Grow by `step` pages while memory.grow allows it, halving the step at each refusal. */
static void grow_all(void)
{
    for (long long step = FIRST_STEP; step > 0;)
        if (__builtin_wasm_memory_grow(0, step) == GROW_FAILED)
            step /= 2;
}

/* One byte in every 4 KiB page from `from` (bytes) to `to`. */
static void touch(unsigned long long from, unsigned long long to)
{
    for (unsigned long long off = from; off < to; off += PAGE)
        *(volatile unsigned char *)off = (unsigned char)(off / PAGE);
}

static long long count_wrong(unsigned long long from, unsigned long long to)
{
    long long wrong = 0;
    for (unsigned long long off = from; off < to; off += PAGE)
        wrong += *(volatile unsigned char *)off != (unsigned char)(off / PAGE);
    return wrong;
}

int _start(void)
{
    char args[128];
    atoll_get_args(args, sizeof args);
    char *cursor = args;
    int then = atoll_next_word(&cursor)[0] == 't';

    long long start_pages = __builtin_wasm_memory_size(0);
    grow_all();
    long long pages = __builtin_wasm_memory_size(0);
    long long again = (int)__builtin_wasm_memory_grow(0, 1);   /* -1, or the old size */
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "memhog: grew from ");
    atoll_line_int(&line, start_pages);
    atoll_line_str(&line, " to ");
    atoll_line_int(&line, pages);
    atoll_line_str(&line, " pages (");
    atoll_line_int(&line, pages * WASM_PAGE >> 20);
    atoll_line_str(&line, " MiB), then memory.grow(1) returned ");
    atoll_line_int(&line, again);
    atoll_line_end(&line);

    /* The pages it started with hold its stack and data: write only the grown ones. */
    unsigned long long from = (unsigned long long)start_pages * WASM_PAGE;
    unsigned long long to = (unsigned long long)pages * WASM_PAGE;
    touch(from, to);
    long long wrong = count_wrong(from, to);
    atoll_line_str(&line, "memhog: touched ");
    atoll_line_int(&line, (long long)((to - from) / PAGE));
    atoll_line_str(&line, " pages, ");
    atoll_line_int(&line, wrong);
    atoll_line_str(&line, " wrong");
    atoll_line_end(&line);

    if (then) {
        int child = atoll_spawn(cursor, atoll_strlen(cursor), 0, 0, 0);
        int code = -100;
        if (child >= 0)
            atoll_sip_wait(child, &code);
        atoll_line_str(&line, "memhog: spawned \"");
        atoll_line_str(&line, cursor);
        atoll_line_str(&line, "\": ");
        atoll_line_int(&line, child < 0 ? child : code);
        atoll_line_str(&line, child < 0 ? " (spawn failed)" : " (its exit code)");
        atoll_line_str(&line, ", while holding ");
        atoll_line_int(&line, pages);
        atoll_line_str(&line, " pages, ");
        atoll_line_int(&line, count_wrong(from, to));
        atoll_line_str(&line, " wrong");
        atoll_line_end(&line);
    }
    return wrong != 0;
}
