/*
 * embed.h — the whole interface between Atoll's compiler/runtime and whoever embeds it.
 *
 * src/compiler/ is freestanding: it includes no libc or kernel header, only the compiler's
 * own <stdint.h>, <stddef.h>, <stdbool.h> and <stdarg.h>. Everything it needs from the
 * outside world is declared here and implemented twice: by the kernel (src/) and by the
 * host tools (tools/host_embed.c). Keep this list short; every entry is a promise made twice.
 */
#ifndef ATOLL_EMBED_H
#define ATOLL_EMBED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Heap memory for compiler and runtime data. wasm_alloc returns zeroed memory or NULL. */
void *wasm_alloc(size_t size);
void wasm_free(void *ptr);

/* Executable memory for generated code. The compiler writes into the block returned by
 * wasm_code_alloc, then calls wasm_code_seal before anything runs it (W^X where the
 * embedder can afford it). */
void *wasm_code_alloc(size_t size);
void wasm_code_seal(void *code, size_t size);
void wasm_code_free(void *code, size_t size);

/* Address space for linear memories. wasm_mem_reserve returns `bytes` of inaccessible
 * address space (NULL if none can be had); wasm_mem_commit makes [from, to) of it
 * readable, writable and zero (the kernel may do so lazily, page by page, on fault);
 * wasm_mem_release gives back the reservation and every page committed in it. */
void *wasm_mem_reserve(uint64_t bytes);
bool wasm_mem_commit(void *base, uint64_t from, uint64_t to);
void wasm_mem_release(void *base, uint64_t bytes);

/* The C library's names, provided by libc on the host and by src/lib.c in the kernel. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int byte, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
