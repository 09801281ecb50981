/*
 * cmdline.h — options from the kernel command line, "key=value flag key=a,b,c", and
 * the word scanner that boot module command lines share with it. The lines are short
 * and read a few times at boot, so every lookup scans the text again.
 */
#ifndef ATOLL_CMDLINE_H
#define ATOLL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* The next space-separated word at *cursor: its start, its length in *len (0 at the
 * end of the text); *cursor moves past it. */
const char *cmdline_next_word(const char **cursor, size_t *len);

/* Copy the value of `key=value` into out (NUL-terminated); false when key is absent.
 * A bare word `key` counts as present with an empty value. */
bool cmdline_get(const char *cmdline, const char *key, char *out, size_t out_size);

/* True when the comma-separated `list` contains `item`. */
bool cmdline_list_has(const char *list, const char *item);

#endif
