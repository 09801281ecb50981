/*
 * leb128.c — the bounds-checked reader of leb128.h.
 *
 * One routine decodes every LEB128 width the binary format uses, following the spec's
 * byte-at-a-time definition: with n bits still to read, a byte is the last one allowed
 * when n < 7, and its bits above n (unsigned) or from bit n-1 up (signed) must be all
 * zero, or all one for a negative signed value. Messages and offsets match the
 * reference interpreter so that the spec tests' expected reasons line up. (The readers
 * of u32, s32 and s33 take a one-byte number inline, in leb128.h.)
 */
#include "leb128.h"

/* Reading past the end of the module, or only past the end of a section or body. */
static bool fail_end(struct wasm_reader *r)
{
    if (r->start > 0)
        return wasm_error_set(r->err, (uint32_t)r->pos, "unexpected end of section or function");
    return wasm_error_set(r->err, (uint32_t)r->pos, "unexpected end");
}

void wasm_reader_init(struct wasm_reader *r, const uint8_t *bytes, size_t start, size_t end,
                      struct wasm_error *err)
{
    r->bytes = bytes;
    r->start = start;
    r->pos = start;
    r->end = end;
    r->err = err;
}

bool wasm_reader_eof(struct wasm_reader *r)
{
    return fail_end(r);
}

bool wasm_read_sub(struct wasm_reader *r, struct wasm_reader *sub)
{
    size_t at = r->pos;
    uint32_t size;
    if (!wasm_read_u32(r, &size))
        return false;
    if (size > wasm_reader_left(r))
        return wasm_error_set(r->err, (uint32_t)at, "length out of bounds");
    wasm_reader_init(sub, r->bytes, r->pos, r->pos + size, r->err);
    r->pos += size;
    return true;
}

bool wasm_read_leb(struct wasm_reader *r, int bits, bool is_signed, uint64_t *out)
{
    /* Two bytes, the next most common length after one (inline in leb128.h): for 14
     * bits or more never too long nor too large. */
    if (bits >= 14 && r->end - r->pos >= 2 && (r->bytes[r->pos] & 0x80) &&
        !(r->bytes[r->pos + 1] & 0x80)) {
        uint64_t v = (r->bytes[r->pos] & 0x7Fu) | (uint64_t)r->bytes[r->pos + 1] << 7;
        if (is_signed && (v & 0x2000))
            v |= ~(uint64_t)0 << 14;
        r->pos += 2;
        *out = v;
        return true;
    }
    uint64_t result = 0;
    unsigned shift = 0;
    for (int n = bits;; n -= 7) {
        if (n <= 0)
            return wasm_error_set(r->err, (uint32_t)r->pos, "integer representation too long");
        uint8_t byte = 0;           /* set by wasm_read_u8 on success; 0 quiets gcc -O2 */
        if (!wasm_read_u8(r, &byte))
            return false;
        if (n < 7) {
            /* The last byte allowed: bits past the integer's width must be padding. */
            unsigned mask = (0x7Fu << (is_signed ? n - 1 : n)) & 0x7F;
            unsigned high = byte & mask;
            if (high != 0 && !(is_signed && high == mask))
                return wasm_error_set(r->err, (uint32_t)r->pos - 1, "integer too large");
        }
        result |= (uint64_t)(byte & 0x7F) << shift;
        shift += 7;
        if (!(byte & 0x80)) {
            if (is_signed && shift < 64 && (byte & 0x40))
                result |= ~(uint64_t)0 << shift;
            *out = result;
            return true;
        }
    }
}

bool wasm_read_s64(struct wasm_reader *r, int64_t *out)
{
    uint64_t v;
    if (!wasm_read_leb(r, 64, true, &v))
        return false;
    *out = (int64_t)v;
    return true;
}

bool wasm_read_u64(struct wasm_reader *r, uint64_t *out)
{
    return wasm_read_leb(r, 64, false, out);
}

/* `width` little-endian bytes as an unsigned integer. */
static bool read_fixed(struct wasm_reader *r, unsigned width, uint64_t *out)
{
    if (wasm_reader_left(r) < width) {
        r->pos = r->end;
        return fail_end(r);
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < width; i++)
        v |= (uint64_t)r->bytes[r->pos + i] << (8 * i);
    r->pos += width;
    *out = v;
    return true;
}

bool wasm_read_f32(struct wasm_reader *r, uint32_t *bits)
{
    uint64_t v = 0;
    if (!read_fixed(r, 4, &v))
        return false;
    *bits = (uint32_t)v;
    return true;
}

bool wasm_read_f64(struct wasm_reader *r, uint64_t *bits)
{
    return read_fixed(r, 8, bits);
}

bool wasm_read_bytes(struct wasm_reader *r, uint32_t n, const uint8_t **out)
{
    if (n > wasm_reader_left(r)) {
        r->pos = r->end;
        return fail_end(r);
    }
    *out = r->bytes + r->pos;
    r->pos += n;
    return true;
}

bool wasm_read_count(struct wasm_reader *r, uint32_t *out)
{
    size_t start = r->pos;
    if (!wasm_read_u32(r, out))
        return false;
    if (*out > r->end - start)
        return wasm_error_set(r->err, (uint32_t)start, "length out of bounds");
    return true;
}

/* Length of the well-formed UTF-8 sequence at s[0, left), or 0 if it is malformed.
 * The second byte's range depends on the first: that is what excludes overlong forms
 * (E0, F0), surrogates (ED) and code points above U+10FFFF (F4). */
static uint32_t utf8_sequence(const uint8_t *s, uint32_t left)
{
    static const struct { uint8_t first_lo, first_hi, len, second_lo, second_hi; } forms[] = {
        {0x00, 0x7F, 1, 0, 0},
        {0xC2, 0xDF, 2, 0x80, 0xBF},
        {0xE0, 0xE0, 3, 0xA0, 0xBF},
        {0xE1, 0xEC, 3, 0x80, 0xBF},
        {0xED, 0xED, 3, 0x80, 0x9F},
        {0xEE, 0xEF, 3, 0x80, 0xBF},
        {0xF0, 0xF0, 4, 0x90, 0xBF},
        {0xF1, 0xF3, 4, 0x80, 0xBF},
        {0xF4, 0xF4, 4, 0x80, 0x8F},
    };
    for (unsigned i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        if (s[0] < forms[i].first_lo || s[0] > forms[i].first_hi)
            continue;
        uint32_t len = forms[i].len;
        if (len > left)
            return 0;
        if (len > 1 && (s[1] < forms[i].second_lo || s[1] > forms[i].second_hi))
            return 0;
        for (uint32_t k = 2; k < len; k++)
            if ((s[k] & 0xC0) != 0x80)
                return 0;
        return len;
    }
    return 0;
}

/* Offset of the first malformed sequence in bytes[0, len), or len if there is none. */
static uint32_t utf8_first_error(const uint8_t *bytes, uint32_t len)
{
    uint32_t i = 0;
    while (i < len) {
        uint32_t n = utf8_sequence(bytes + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

bool wasm_utf8_valid(const uint8_t *bytes, uint32_t len)
{
    return utf8_first_error(bytes, len) == len;
}

bool wasm_read_name(struct wasm_reader *r, struct wasm_name *out)
{
    if (!wasm_read_count(r, &out->len))
        return false;
    size_t start = r->pos;
    if (!wasm_read_bytes(r, out->len, &out->bytes))
        return false;
    uint32_t bad = utf8_first_error(out->bytes, out->len);
    if (bad != out->len)
        return wasm_error_set(r->err, (uint32_t)(start + bad), "malformed UTF-8 encoding");
    return true;
}
