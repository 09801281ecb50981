/*
 * caps_decl.h — what a driver asks for and what it is granted: I/O port ranges (with
 * read and write rights) and IRQ lines. A module declares its needs in its "atoll.caps"
 * custom section; the boot configuration grants resources with text such as
 * "io:0x60-0x64,irq:1". Both become a struct caps_decl, and the functions below compare
 * them. docs/caps.md is the reference for the format and the rules.
 *
 * Freestanding like the rest of src/compiler/: the kernel checks modules with it at
 * load (src/caps.c), and the host tools (atoll-run --caps, wasm-caps) read and print
 * the same format with it. Nothing here allocates.
 */
#ifndef ATOLL_CAPS_DECL_H
#define ATOLL_CAPS_DECL_H

#include "compile.h"
#include "wasm.h"

#define CAPS_SECTION_NAME "atoll.caps"
#define CAPS_VERSION 1
#define CAPS_MAX_ENTRIES 32
#define CAPS_PORTS 0x10000u               /* ports 0..0xffff */
#define CAPS_BITMAP_BYTES (CAPS_PORTS / 8)
#define CAPS_IRQS 16u                     /* the two 8259 PICs: lines 0..15 */

/* The kind byte of a section entry (and of a grant item). */
enum caps_kind {
    CAPS_IO = 1,        /* first:u32 count:u32 access:u8 */
    CAPS_IRQ = 2,       /* line:u32 */
};

/* The access byte of an io entry: bits; every other bit is reserved and must be 0. */
enum caps_access {
    CAPS_READ = 1,
    CAPS_WRITE = 2,
    CAPS_RW = 3,
};

struct caps_entry {
    uint8_t kind;        /* enum caps_kind */
    uint8_t access;      /* io: enum caps_access; irq: 0 */
    uint32_t first;      /* io: the first port; irq: the line */
    uint32_t count;      /* io: how many ports; irq: 1 */
    uint32_t offset;     /* where it was written: module offset (section) or column (text) */
};

struct caps_decl {
    struct caps_entry entries[CAPS_MAX_ENTRIES];
    uint32_t count;
    bool present;        /* the module has an atoll.caps section (or the text was given) */
    uint32_t offset;     /* module offset of the section's payload */
};

/* ---- Reading ---- */

/* The atoll.caps section of `m` (out->present false, no entries, when it has none).
 * False with `err` (module offset, reason) when it is malformed or appears twice. */
bool caps_from_module(const struct wasm_module *m, struct caps_decl *out, struct wasm_error *err);

/* Decode a section payload: bytes[start, end) of a module (offsets are the module's). */
bool caps_decode(const uint8_t *bytes, size_t start, size_t end, struct caps_decl *out,
                 struct wasm_error *err);

/* Parse text: items separated by commas, "io:FIRST[-LAST][:r|w|rw]" (LAST inclusive,
 * rights rw by default) and "irq:LINE"; numbers in decimal or 0x hex; "" or "none" is
 * nothing. The first `len` bytes of `text` are read. False with `err` (the column and
 * the reason). */
bool caps_parse_text(const char *text, size_t len, struct caps_decl *out, struct wasm_error *err);

/* ---- Writing ---- */

/* One entry in the text syntax above: "io:0x60:rw", "io:0x3f8-0x3ff:r", "irq:1". */
size_t caps_format_entry(char *buf, size_t size, const struct caps_entry *e);

/* "read", "write" or "read and write". */
const char *caps_access_name(uint8_t access);

/* The section payload for `d`: returns its size (0 when `size` is too small). */
size_t caps_encode(const struct caps_decl *d, uint8_t *buf, size_t size);

/* ---- Comparing ---- */

/* The first resource of `want` that `have` does not give: returns false with *where
 * (the port or the line) and *access (the missing right; 0 for a line). */
bool caps_covered(const struct caps_decl *have, const struct caps_entry *want, uint32_t *where,
                  uint8_t *access);

/* True when `a` and `b` claim the same port with a common right, or the same line;
 * *where and *access say which. */
bool caps_conflict(const struct caps_entry *a, const struct caps_entry *b, uint32_t *where,
                   uint8_t *access);

/* The rule "declared ⊆ granted": false with `err` at the first entry of `d` that
 * `grant` does not cover (the message quotes grant_text, len bytes). */
bool caps_check_granted(const struct caps_decl *d, const struct caps_decl *grant,
                        const char *grant_text, size_t len, struct wasm_error *err);

/* The rule "imports ⇒ declared": false with `err` at the first import of `m` that needs
 * a kind of resource `d` does not declare (atoll.in8 without io ports...). */
bool caps_check_imports(const struct wasm_module *m, const struct caps_decl *d,
                        struct wasm_error *err);

/* "io port 0x60 (read)" or "IRQ 1", for messages. */
size_t caps_resource_text(char *buf, size_t size, uint8_t kind, uint32_t where, uint8_t access);

/* Does `d` declare any resource of `kind`? */
bool caps_declares(const struct caps_decl *d, enum caps_kind kind);

/* Fill two 65536-bit bitmaps (CAPS_BITMAP_BYTES each): bit p set when `d` declares
 * port p for reading / for writing. */
void caps_port_bitmaps(const struct caps_decl *d, uint8_t *read_bits, uint8_t *write_bits);

static inline bool caps_bit(const uint8_t *bits, uint32_t port)
{
    return port < CAPS_PORTS && (bits[port >> 3] >> (port & 7)) & 1;
}

/* ---- The atoll imports that touch devices ---- */

/* What an import of `m` is: the resource kind it needs (CAPS_IO for atoll.in8...,
 * CAPS_IRQ for atoll.irq_wait and irq_ack, 0 for anything else) and, for port I/O, its
 * compiler intrinsic (compile.h). */
uint8_t caps_import_kind(const struct wasm_import *imp, uint8_t *intrinsic);

/* The intrinsic of every function import of `m`, by function index, into kinds[]
 * (m->nfunc_imports entries): what wasm_compile_options.intrinsics wants. Only imports
 * of module "atoll" with the right type are marked. */
void caps_intrinsic_kinds(const struct wasm_module *m, uint8_t *kinds);

#endif
