/*
 * format.c — a tiny printf for error messages, trap reports and listings.
 *
 * src/compiler/ is freestanding, so it cannot call snprintf. This formatter covers what
 * Atoll's messages use: %s %c %d %i %u %x %X and %%, with the length modifiers l, ll
 * and z, a minimum field width, and zero padding ("%08x"). Output is always
 * NUL-terminated and truncated to fit; the return value is the length it would have had.
 */
#include "wasm.h"

struct out {
    char *buf;
    size_t size;
    size_t len;   /* characters produced so far, including those that did not fit */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

/* Write `digits` (most significant first) with a sign, padded to `width`. */
static void put_padded(struct out *o, const char *digits, size_t ndigits, bool negative,
                       unsigned width, bool zero_pad)
{
    size_t total = ndigits + (negative ? 1 : 0);
    if (!zero_pad)
        for (; total < width; total++)
            put(o, ' ');
    if (negative)
        put(o, '-');
    if (zero_pad)
        for (; total < width; total++)
            put(o, '0');
    for (size_t i = 0; i < ndigits; i++)
        put(o, digits[i]);
}

static void put_number(struct out *o, uint64_t value, unsigned base, bool upper, bool negative,
                       unsigned width, bool zero_pad)
{
    const char *digit_chars = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char reversed[24], digits[24];
    size_t n = 0;
    do {
        reversed[n++] = digit_chars[value % base];
        value /= base;
    } while (value != 0);
    for (size_t i = 0; i < n; i++)
        digits[i] = reversed[n - 1 - i];
    put_padded(o, digits, n, negative, width, zero_pad);
}

/* Length modifiers, from none to `ll`; `z` counts as `l` (size_t is 64-bit here). */
enum length { LEN_INT, LEN_LONG, LEN_LONG_LONG };

static uint64_t take_unsigned(va_list *args, enum length len)
{
    switch (len) {
    case LEN_LONG: return va_arg(*args, unsigned long);
    case LEN_LONG_LONG: return va_arg(*args, unsigned long long);
    default: return va_arg(*args, unsigned int);
    }
}

static int64_t take_signed(va_list *args, enum length len)
{
    switch (len) {
    case LEN_LONG: return va_arg(*args, long);
    case LEN_LONG_LONG: return va_arg(*args, long long);
    default: return va_arg(*args, int);
    }
}

size_t wasm_vformat(char *buf, size_t size, const char *fmt, va_list args)
{
    struct out o = {buf, size, 0};
    va_list ap;
    va_copy(ap, args);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        p++;
        bool zero_pad = false;
        unsigned width = 0;
        if (*p == '0') {
            zero_pad = true;
            p++;
        }
        while (*p >= '0' && *p <= '9')
            width = width * 10 + (unsigned)(*p++ - '0');
        enum length len = LEN_INT;
        if (*p == 'z') {
            len = LEN_LONG;
            p++;
        }
        while (*p == 'l') {
            len = len == LEN_INT ? LEN_LONG : LEN_LONG_LONG;
            p++;
        }
        switch (*p) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            size_t n = 0;
            if (!s)
                s = "(null)";
            while (s[n])
                n++;
            put_padded(&o, s, n, false, width, false);
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 'd':
        case 'i': {
            int64_t v = take_signed(&ap, len);
            uint64_t magnitude = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            put_number(&o, magnitude, 10, false, v < 0, width, zero_pad);
            break;
        }
        case 'u':
            put_number(&o, take_unsigned(&ap, len), 10, false, false, width, zero_pad);
            break;
        case 'x':
        case 'X':
            put_number(&o, take_unsigned(&ap, len), 16, *p == 'X', false, width, zero_pad);
            break;
        case '%':
            put(&o, '%');
            break;
        case '\0':
            p--;   /* a lone '%' at the end: stop at the terminator */
            break;
        default:   /* unknown conversion: show it as written */
            put(&o, '%');
            put(&o, *p);
            break;
        }
    }
    va_end(ap);
    if (size > 0)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

size_t wasm_format(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    size_t n = wasm_vformat(buf, size, fmt, args);
    va_end(args);
    return n;
}

bool wasm_error_set(struct wasm_error *err, uint32_t offset, const char *fmt, ...)
{
    if (err) {
        va_list args;
        va_start(args, fmt);
        err->offset = offset;
        wasm_vformat(err->message, sizeof err->message, fmt, args);
        va_end(args);
    }
    return false;
}

bool wasm_name_eq(struct wasm_name name, const char *str)
{
    uint32_t i = 0;
    for (; i < name.len; i++)
        if (str[i] == '\0' || (uint8_t)str[i] != name.bytes[i])
            return false;
    return str[i] == '\0';
}
