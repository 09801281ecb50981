/*
 * atoll.h — the atoll ABI for SIPs written in C (clang --target=wasm32, no libc).
 *
 * Each function below is an import from module "atoll", bound by the kernel at load to
 * a kernel function that compiled code calls directly (docs/abi.md). A SIP's entry
 * point is `void _start(void)` or `int _start(void)` (the exit code), exported; build
 * with -nostdlib -Wl,--no-entry -Wl,--export-dynamic. The static helpers after the
 * imports are small conveniences built on them: printing whole lines of text and
 * numbers, reading the arguments word by word.
 */
#ifndef ATOLL_H
#define ATOLL_H

#define ATOLL_IMPORT(name) __attribute__((import_module("atoll"), import_name(name)))

/* Write len bytes at ptr to the console; returns len. */
ATOLL_IMPORT("write") int atoll_write(const void *ptr, int len);
/* End this SIP now with `code`. */
ATOLL_IMPORT("exit") __attribute__((noreturn)) void atoll_exit(int code);
/* Let other threads run. */
ATOLL_IMPORT("yield") void atoll_yield(void);
/* Nanoseconds since boot. */
ATOLL_IMPORT("time_ns") long long atoll_time_ns(void);
/* Sleep at least ns nanoseconds (ns <= 0: return at once). */
ATOLL_IMPORT("sleep_ns") void atoll_sleep_ns(long long ns);
/* This SIP's id: 1, 2, ... in load order. */
ATOLL_IMPORT("sip_id") int atoll_sip_id(void);
/* Copy at most len bytes of the argument string to buf; returns its full length. */
ATOLL_IMPORT("args") int atoll_args(char *buf, int len);

/* ---- Devices: only for drivers that declare them with ATOLL_CAPS (docs/caps.md) ---- */

/* Read/write an I/O port. A constant port is checked when the SIP is compiled and
 * becomes one in/out instruction; any other port is checked when called (a trap if it
 * is not declared for that direction). */
ATOLL_IMPORT("in8") int atoll_in8(int port);
ATOLL_IMPORT("in16") int atoll_in16(int port);
ATOLL_IMPORT("in32") int atoll_in32(int port);
ATOLL_IMPORT("out8") void atoll_out8(int port, int value);
ATOLL_IMPORT("out16") void atoll_out16(int port, int value);
ATOLL_IMPORT("out32") void atoll_out32(int port, int value);
/* Block until IRQ line `irq` fires; it stays masked until atoll_irq_ack. */
ATOLL_IMPORT("irq_wait") void atoll_irq_wait(int irq);
/* Done with the device: the line may fire again. */
ATOLL_IMPORT("irq_ack") void atoll_irq_ack(int irq);

/* What a driver needs, declared once per program at file scope, in one line:
 *     ATOLL_CAPS(ATOLL_CAP_IO(0x60, 1, ATOLL_RW) ATOLL_CAP_IO(0x64, 1, ATOLL_RW) ATOLL_CAP_IRQ(1));
 * It becomes the module's "atoll.caps" custom section: version 1, then per resource a
 * kind byte and LEB128 fields (io: first port, count, access; irq: line). clang puts a
 * C array in the data section even with a section attribute, so the bytes are written
 * as assembler directives, which wasm-ld keeps as a custom section. */
#define ATOLL_READ 1
#define ATOLL_WRITE 2
#define ATOLL_RW 3
#define ATOLL_CAPS_TEXT_(x) #x
#define ATOLL_CAPS_TEXT(x) ATOLL_CAPS_TEXT_(x)
#define ATOLL_CAP_IO(first, count, access) \
    ".int8 1\n.uleb128 " ATOLL_CAPS_TEXT(first) "\n.uleb128 " ATOLL_CAPS_TEXT(count) \
    "\n.int8 " ATOLL_CAPS_TEXT(access) "\n"
#define ATOLL_CAP_IRQ(line) ".int8 2\n.uleb128 " ATOLL_CAPS_TEXT(line) "\n"
#define ATOLL_CAPS(entries) \
    __asm__(".section .custom_section.atoll.caps,\"\",@\n.int8 1\n" entries)

/* ---- Helpers ---- */

static inline int atoll_strlen(const char *s)
{
    int n = 0;
    while (s[n])
        n++;
    return n;
}

static inline void atoll_print(const char *s)
{
    atoll_write(s, atoll_strlen(s));
}

/* A line built piece by piece and written with one call, so that the lines of SIPs
 * running at the same time never mix on the console. Start one with `line.len = 0`
 * (an initializer like `= { 0 }` makes clang call memset, which no SIP has). */
struct atoll_line {
    char buf[240];
    int len;
};

static inline void atoll_line_str(struct atoll_line *line, const char *s)
{
    while (*s && line->len < (int)sizeof line->buf)
        line->buf[line->len++] = *s++;
}

/* A signed number in decimal. */
static inline void atoll_line_int(struct atoll_line *line, long long value)
{
    char digits[24];
    int i = sizeof digits;
    unsigned long long v = value < 0 ? 0ull - (unsigned long long)value : (unsigned long long)value;
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (value < 0)
        digits[--i] = '-';
    while (i < (int)sizeof digits && line->len < (int)sizeof line->buf)
        line->buf[line->len++] = digits[i++];
}

/* Add a newline, write the line, start a new one. */
static inline void atoll_line_end(struct atoll_line *line)
{
    if (line->len == (int)sizeof line->buf)
        line->len--;
    line->buf[line->len++] = '\n';
    atoll_write(line->buf, line->len);
    line->len = 0;
}

/* The arguments, NUL-terminated in buf (cut to size - 1 bytes); returns their length. */
static inline int atoll_get_args(char *buf, int size)
{
    int full = atoll_args(buf, size - 1);
    int n = full < size - 1 ? full : size - 1;
    buf[n] = '\0';
    return n;
}

/* The next space-separated word of *cursor, NUL-terminated in place ("" at the end). */
static inline char *atoll_next_word(char **cursor)
{
    char *p = *cursor;
    while (*p == ' ')
        p++;
    char *word = p;
    while (*p && *p != ' ')
        p++;
    if (*p)
        *p++ = '\0';
    *cursor = p;
    return word;
}

/* A decimal number, or `fallback` when the word is empty or not a number. */
static inline long long atoll_parse_int(const char *word, long long fallback)
{
    long long v = 0;
    if (!*word)
        return fallback;
    for (; *word; word++) {
        if (*word < '0' || *word > '9')
            return fallback;
        v = v * 10 + (*word - '0');
    }
    return v;
}

#endif
