/*
 * cmdline.h — options from the kernel command line, "key=value flag key=a,b,c".
 */
#ifndef ATOLL_CMDLINE_H
#define ATOLL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Copy the value of `key=value` into out (NUL-terminated); false when key is absent.
 * A bare word `key` counts as present with an empty value. */
bool cmdline_get(const char *cmdline, const char *key, char *out, size_t out_size);

/* True when the comma-separated `list` contains `item`. */
bool cmdline_list_has(const char *list, const char *item);

#endif
