/*
 * badptr.c — hands the kernel a pointer outside its own memory. The ABI checks every
 * pointer and length against the SIP's linear memory: this SIP must trap, and the
 * kernel must not fault. Arguments: which bad range to pass (default "far"):
 *   far     write(0x7fff0000, 16): far beyond the memory's end
 *   wrap    write(0xfffffff0, 32): ptr + len wraps around 2^32
 *   args    args(end of memory - 4, 64): a buffer that runs off the end
 */
#include "atoll.h"

static int memory_size(void)
{
    return __builtin_wasm_memory_size(0) * 65536;
}

void _start(void)
{
    char args[16];
    atoll_get_args(args, sizeof args);
    atoll_print("badptr: passing a bad pointer to the kernel\n");
    if (args[0] == 'w')
        atoll_write((const void *)0xfffffff0u, 32);
    else if (args[0] == 'a')
        atoll_args((char *)(memory_size() - 4), 64);
    else
        atoll_write((const void *)0x7fff0000u, 16);
    atoll_print("badptr: the kernel accepted it (wrong)\n");
}
