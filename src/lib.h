/*
 * lib.h — the few C library functions the kernel uses, implemented in lib.c.
 *
 * memcpy, memmove, memset and memcmp are also what gcc calls on its own for struct
 * copies and zeroing, and what src/compiler/embed.h expects the kernel to provide.
 */
#ifndef ATOLL_LIB_H
#define ATOLL_LIB_H

#include <stdbool.h>
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int byte, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
