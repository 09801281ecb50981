/*
 * host_embed.h — the Linux side of embed.h, for host tools (atoll-run, the spec runner).
 *
 * Call host_embed_init() once, before compiling or running anything: it installs the
 * fault handlers that turn guard-region faults, divide errors and ud2 in compiled code
 * into wasm traps, and sets the stack limit every new instance gets. Also here, since
 * every tool needs it: reading a module file whole.
 */
#ifndef ATOLL_HOST_EMBED_H
#define ATOLL_HOST_EMBED_H

#include <stddef.h>
#include <stdint.h>

/* Install the fault handlers (on an alternate signal stack) and set the stack limit. */
void host_embed_init(void);

/* The lowest rsp wasm code may use on this thread: the bottom of the thread's stack
 * plus a margin for the C code a trap or a host function runs. */
uint64_t host_stack_limit(void);

/* The file at `path`, whole, in malloc'd memory (*size bytes; free it). NULL, with
 * "TOOL: cannot open PATH" (or read) on stderr, when it cannot be had. */
uint8_t *host_read_file(const char *tool, const char *path, size_t *size);

#endif
