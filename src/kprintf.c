/*
 * kprintf.c — one formatter (format_core) with two sinks: the console and a buffer.
 *
 * The formatter walks the format string once. Each conversion becomes a small
 * "field" (the digits or string, a sign/prefix, a width, a pad character), and
 * emit_field lays it out, so padding rules live in one place.
 */
#include "kprintf.h"

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "cpu.h"

/* Where formatted characters go. */
struct sink {
    void (*put)(struct sink *sink, char c);
    char *buf;          /* buffer sink: destination... */
    size_t size;        /* ...its size... */
    size_t len;         /* ...and characters produced so far (also counted when cut) */
};

/* One conversion, ready to lay out. */
struct field {
    const char *text;   /* digits or string, without the sign */
    size_t len;
    const char *prefix; /* "-" or "0x" or "" */
    int width;
    bool left;          /* '-' flag */
    bool zero;          /* '0' flag */
};

static void put(struct sink *sink, char c)
{
    sink->put(sink, c);
}

/* One converted field: padding, prefix ("-", "0x"), zeros, text, as its flags say. */
static void emit_field(struct sink *sink, const struct field *f)
{
    size_t prefix_len = 0;
    while (f->prefix[prefix_len])
        prefix_len++;
    int pad = f->width - (int)(f->len + prefix_len);

    if (!f->left && !f->zero)
        for (; pad > 0; pad--)
            put(sink, ' ');
    for (size_t i = 0; i < prefix_len; i++)
        put(sink, f->prefix[i]);
    if (!f->left && f->zero)
        for (; pad > 0; pad--)
            put(sink, '0');
    for (size_t i = 0; i < f->len; i++)
        put(sink, f->text[i]);
    for (; pad > 0; pad--)
        put(sink, ' ');
}

/* Write `value` in `base` into the end of buf[24]; returns the first digit. */
static char *format_unsigned(char *buf_end, uint64_t value, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = buf_end;
    do {
        *--p = digits[value % base];
        value /= base;
    } while (value != 0);
    return p;
}

/* Fetch an integer argument of the given length modifier (0 = int, 1 = long, 2 = long long). */
static uint64_t fetch_unsigned(va_list *args, int longs)
{
    if (longs == 0)
        return va_arg(*args, unsigned int);
    if (longs == 1)
        return va_arg(*args, unsigned long);
    return va_arg(*args, unsigned long long);
}

static int64_t fetch_signed(va_list *args, int longs)
{
    if (longs == 0)
        return va_arg(*args, int);
    if (longs == 1)
        return va_arg(*args, long);
    return va_arg(*args, long long);
}

/* The formatter behind kprintf and ksnprintf: fmt with its arguments, into `sink`. */
static void format_core(struct sink *sink, const char *fmt, va_list args_in)
{
    va_list args;
    va_copy(args, args_in);
    char digits[24];
    char *digits_end = digits + sizeof digits;

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(sink, *fmt);
            continue;
        }
        struct field f = { .prefix = "" };
        int precision = -1;
        fmt++;
        for (;; fmt++) {                        /* flags */
            if (*fmt == '-')
                f.left = true;
            else if (*fmt == '0')
                f.zero = true;
            else
                break;
        }
        if (*fmt == '*') {                      /* width */
            f.width = va_arg(args, int);
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            f.width = f.width * 10 + (*fmt++ - '0');
        if (*fmt == '.') {                      /* precision (strings only) */
            fmt++;
            precision = 0;
            if (*fmt == '*') {
                precision = va_arg(args, int);
                fmt++;
            }
            while (*fmt >= '0' && *fmt <= '9')
                precision = precision * 10 + (*fmt++ - '0');
        }
        int longs = 0;                          /* length: l, ll, or z (= long) */
        if (*fmt == 'z') {
            longs = 1;
            fmt++;
        }
        while (*fmt == 'l' && longs < 2) {
            longs++;
            fmt++;
        }

        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v = fetch_signed(&args, longs);
            uint64_t magnitude = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            f.text = format_unsigned(digits_end, magnitude, 10, false);
            f.prefix = v < 0 ? "-" : "";
            break;
        }
        case 'u':
            f.text = format_unsigned(digits_end, fetch_unsigned(&args, longs), 10, false);
            break;
        case 'x':
        case 'X':
            f.text = format_unsigned(digits_end, fetch_unsigned(&args, longs), 16, *fmt == 'X');
            break;
        case 'p':
            f.text = format_unsigned(digits_end, (uint64_t)va_arg(args, void *), 16, false);
            f.prefix = "0x";
            break;
        case 's': {
            const char *s = va_arg(args, const char *);
            f.text = s ? s : "(null)";
            f.len = 0;
            while (f.text[f.len] && (precision < 0 || f.len < (size_t)precision))
                f.len++;
            f.zero = false;
            emit_field(sink, &f);
            continue;
        }
        case 'c':
            digits[0] = (char)va_arg(args, int);
            f.text = digits;
            f.len = 1;
            f.zero = false;
            emit_field(sink, &f);
            continue;
        case '%':
            put(sink, '%');
            continue;
        case '\0':                              /* a lone '%' at the end */
            fmt--;
            continue;
        default:                                /* unknown: print it as written */
            put(sink, '%');
            put(sink, *fmt);
            continue;
        }
        f.len = (size_t)(digits_end - f.text);
        emit_field(sink, &f);
    }
    va_end(args);
}

static void console_sink_put(struct sink *sink, char c)
{
    console_putc(c);
    sink->len++;
}

static void buffer_sink_put(struct sink *sink, char c)
{
    if (sink->len + 1 < sink->size)
        sink->buf[sink->len] = c;
    sink->len++;
}

int kvprintf(const char *fmt, va_list args)
{
    struct sink sink = { .put = console_sink_put };
    bool irq = irq_save();
    format_core(&sink, fmt, args);
    irq_restore(irq);
    return (int)sink.len;
}

int kprintf(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int n = kvprintf(fmt, args);
    va_end(args);
    return n;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct sink sink = { .put = buffer_sink_put, .buf = buf, .size = size };
    format_core(&sink, fmt, args);
    if (size > 0)
        buf[sink.len < size ? sink.len : size - 1] = '\0';
    return (int)sink.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    int n = kvsnprintf(buf, size, fmt, args);
    va_end(args);
    return n;
}
