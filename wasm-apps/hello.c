/*
 * hello.c — the smallest SIP worth running: says hello with its id and arguments. The
 * first module of `make run`, and the one a new SIP author should copy: an entry point,
 * three imports (sip_id, args, write) through atoll.h's helpers, no libc.
 */
#include "atoll.h"

void _start(void)
{
    char args[128];
    struct atoll_line line;
    line.len = 0;
    atoll_line_str(&line, "Hello from SIP ");
    atoll_line_int(&line, atoll_sip_id());
    if (atoll_get_args(args, sizeof args) > 0) {
        atoll_line_str(&line, ", args \"");
        atoll_line_str(&line, args);
        atoll_line_str(&line, "\"");
    }
    atoll_line_str(&line, ": WebAssembly in ring 0.");
    atoll_line_end(&line);
}
