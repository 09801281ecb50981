/*
 * leb128.h — a bounds-checked reader over a WebAssembly binary.
 *
 * Every read is checked against `end` (the end of the module, a section or a function
 * body) and fails with an error naming the absolute byte offset of the problem; nothing
 * ever reads past `end`. Integers follow the spec's LEB128 rules exactly: an encoding
 * longer than ceil(N/7) bytes is "integer representation too long", and unused bits of
 * the last byte that do not match (zero, or the sign for signed) are "integer too large".
 * module.c reads sections with it and compile.c reads function bodies with it.
 */
#ifndef ATOLL_LEB128_H
#define ATOLL_LEB128_H

#include "wasm.h"

struct wasm_reader {
    const uint8_t *bytes;     /* the whole module: `pos` and `end` are module offsets */
    size_t start;             /* first byte of the range: 0 for the whole module */
    size_t pos;               /* next byte to read */
    size_t end;               /* one past the last byte this reader may read */
    struct wasm_error *err;   /* where failures are reported (may be NULL) */
};

/* A reader over bytes[start, end) of a module. Running off the end is "unexpected end"
 * for the whole module (start 0) and "unexpected end of section or function" for a
 * section or a function body, as in the reference interpreter. */
void wasm_reader_init(struct wasm_reader *r, const uint8_t *bytes, size_t start, size_t end,
                      struct wasm_error *err);

/* A u32 size, then a reader `sub` over that many following bytes (a section, a function
 * body), which `r` skips. "length out of bounds" (at the size) when they are not there. */
bool wasm_read_sub(struct wasm_reader *r, struct wasm_reader *sub);

static inline bool wasm_reader_at_end(const struct wasm_reader *r) { return r->pos >= r->end; }
static inline size_t wasm_reader_left(const struct wasm_reader *r) { return r->end - r->pos; }

/* Fail with "unexpected end..." at the reader's position (for callers that peek). */
bool wasm_reader_eof(struct wasm_reader *r);

static inline bool wasm_read_u8(struct wasm_reader *r, uint8_t *out)
{
    if (r->pos >= r->end) {
        *out = 0;   /* never read: spares callers gcc's "maybe uninitialized" */
        return wasm_reader_eof(r);
    }
    *out = r->bytes[r->pos++];
    return true;
}

/* A LEB128 integer of any width up to 64 bits, sign-extended when `is_signed`. The
 * spec reads a few one-byte fields this way (limits flags as u1, the function type
 * form as s7), which decides their error messages. */
bool wasm_read_leb(struct wasm_reader *r, int bits, bool is_signed, uint64_t *out);

/* The next byte when it is a whole LEB128 number (its high bit clear), else -1. Most
 * numbers in a function body are (indices, depths, small constants, block types), so
 * the readers below take that case inline and leave the rest to wasm_read_leb: a one-
 * byte number of 32 bits or more is never too long nor too large. They always set
 * *out (0 on failure), which spares their callers gcc's "maybe uninitialized". */
static inline int wasm_leb_one_byte(const struct wasm_reader *r)
{
    return r->pos < r->end && r->bytes[r->pos] < 0x80 ? r->bytes[r->pos] : -1;
}

/* A one-byte signed LEB128's value: bit 6 is the sign. */
static inline int32_t wasm_leb_one_byte_signed(int byte)
{
    return byte < 0x40 ? byte : byte - 0x80;
}

static inline bool wasm_read_u32(struct wasm_reader *r, uint32_t *out)
{
    int byte = wasm_leb_one_byte(r);
    uint64_t v = 0;
    if (byte >= 0) {
        r->pos++;
        *out = (uint32_t)byte;
        return true;
    }
    bool ok = wasm_read_leb(r, 32, false, &v);
    *out = (uint32_t)v;   /* 0 on failure */
    return ok;
}

static inline bool wasm_read_s32(struct wasm_reader *r, int32_t *out)
{
    int byte = wasm_leb_one_byte(r);
    uint64_t v = 0;
    if (byte >= 0) {
        r->pos++;
        *out = wasm_leb_one_byte_signed(byte);
        return true;
    }
    bool ok = wasm_read_leb(r, 32, true, &v);
    *out = (int32_t)(uint32_t)v;   /* 0 on failure */
    return ok;
}

/* block types */
static inline bool wasm_read_s33(struct wasm_reader *r, int64_t *out)
{
    int byte = wasm_leb_one_byte(r);
    uint64_t v = 0;
    if (byte >= 0) {
        r->pos++;
        *out = wasm_leb_one_byte_signed(byte);
        return true;
    }
    bool ok = wasm_read_leb(r, 33, true, &v);
    *out = (int64_t)v;   /* 0 on failure */
    return ok;
}

bool wasm_read_s64(struct wasm_reader *r, int64_t *out);
bool wasm_read_u64(struct wasm_reader *r, uint64_t *out);

/* Little-endian fixed-width raw bits (f32.const and f64.const immediates). */
bool wasm_read_f32(struct wasm_reader *r, uint32_t *bits);
bool wasm_read_f64(struct wasm_reader *r, uint64_t *bits);

/* `n` raw bytes, returned in place. */
bool wasm_read_bytes(struct wasm_reader *r, uint32_t n, const uint8_t **out);

/* A vector length: fails with "length out of bounds" when it exceeds the bytes left
 * (measured before the length, as the spec does). Every item takes at least one byte,
 * so a count that passes bounds any allocation by the module's size. */
bool wasm_read_count(struct wasm_reader *r, uint32_t *out);

/* A name: a byte length then that many bytes of valid UTF-8
 * ("malformed UTF-8 encoding" otherwise). */
bool wasm_read_name(struct wasm_reader *r, struct wasm_name *out);

/* True when bytes[0, len) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool wasm_utf8_valid(const uint8_t *bytes, uint32_t len);

#endif
