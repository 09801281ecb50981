/*
 * memtouch.c — grows its memory and writes to every 4 KiB page of it, so that the
 * kernel maps each page on first touch (demand paging), then checks what it wrote.
 * Arguments: PAGES (64 KiB wasm pages to add, default 64) [trap]. With "trap" it ends
 * by storing one byte past the end of its memory, into the guard region. Either way
 * every frame it made the kernel map must come back when it ends.
 */
#include "atoll.h"

#define WASM_PAGE 65536
#define PAGE 4096

int _start(void)
{
    char args[32];
    atoll_get_args(args, sizeof args);
    char *cursor = args;
    long long pages = atoll_parse_int(atoll_next_word(&cursor), 64);
    int trap = atoll_next_word(&cursor)[0] == 't';

    __SIZE_TYPE__ old_pages = __builtin_wasm_memory_grow(0, pages);
    if (old_pages == (__SIZE_TYPE__)-1) {                 /* memory.grow's -1 */
        atoll_print("memtouch: memory.grow failed\n");
        return 1;
    }
    unsigned char *start = (unsigned char *)(old_pages * WASM_PAGE);
    unsigned long long size = (unsigned long long)pages * WASM_PAGE;
    for (unsigned long long off = 0; off < size; off += PAGE)
        start[off] = (unsigned char)(off / PAGE);
    long long wrong = 0;
    for (unsigned long long off = 0; off < size; off += PAGE)
        wrong += start[off] != (unsigned char)(off / PAGE);

    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "memtouch: grew by ");
    atoll_line_int(&line, pages);
    atoll_line_str(&line, " pages, touched ");
    atoll_line_int(&line, (long long)(size / PAGE));
    atoll_line_str(&line, " 4 KiB pages, ");
    atoll_line_int(&line, wrong);
    atoll_line_str(&line, " wrong");
    atoll_line_end(&line);
    if (trap)
        *(volatile unsigned char *)(start + size) = 1;   /* one byte past the end */
    return wrong != 0;
}
