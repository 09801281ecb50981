/*
 * cmdline.c — find options in the kernel command line.
 *
 * Words are separated by spaces; a word is `key` or `key=value`. The command line is
 * short and read a few times at boot, so each lookup simply scans it.
 */
#include "cmdline.h"

#include "lib.h"

const char *cmdline_next_word(const char **cursor, size_t *len)
{
    const char *p = *cursor;
    while (*p == ' ')
        p++;
    const char *word = p;
    while (*p && *p != ' ')
        p++;
    *len = (size_t)(p - word);
    *cursor = p;
    return word;
}

bool cmdline_get(const char *cmdline, const char *key, char *out, size_t out_size)
{
    size_t key_len = strlen(key), word_len;
    const char *p = cmdline;
    for (const char *word = cmdline_next_word(&p, &word_len); word_len > 0;
         word = cmdline_next_word(&p, &word_len)) {
        if (word_len < key_len || strncmp(word, key, key_len) != 0)
            continue;
        if (word_len != key_len && word[key_len] != '=')
            continue;
        const char *value = word_len == key_len ? p : word + key_len + 1;
        size_t n = (size_t)(p - value);
        if (out_size > 0) {
            n = MIN(n, out_size - 1);
            memcpy(out, value, n);
            out[n] = '\0';
        }
        return true;
    }
    return false;
}

bool cmdline_list_has(const char *list, const char *item)
{
    size_t item_len = strlen(item);
    const char *p = list;
    while (*p) {
        const char *start = p;
        while (*p && *p != ',')
            p++;
        if ((size_t)(p - start) == item_len && strncmp(start, item, item_len) == 0)
            return true;
        if (*p == ',')
            p++;
    }
    return false;
}
