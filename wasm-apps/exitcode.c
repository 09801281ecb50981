/*
 * exitcode.c — leaves through atoll.exit from deep inside a call chain: the kernel
 * unwinds every wasm frame (the same way as for a trap) and reports the code, and
 * nothing after the exit runs (it would print "(wrong)"). Arguments: CODE (default 42).
 */
#include "atoll.h"

static int depth_reached;

__attribute__((noinline)) static void descend(int depth, int code)
{
    depth_reached = depth;
    if (depth == 0)
        atoll_exit(code);
    descend(depth - 1, code);
    atoll_print("exitcode: still running after exit (wrong)\n");
}

int _start(void)
{
    char args[32];
    atoll_get_args(args, sizeof args);
    int code = (int)atoll_parse_int(args, 42);
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "exitcode: calling exit(");
    atoll_line_int(&line, code);
    atoll_line_str(&line, ") 10 calls deep");
    atoll_line_end(&line);
    descend(10, code);
    atoll_print("exitcode: returned from _start (wrong)\n");
    return 0;
}
