/*
 * caps_decl.c — the atoll.caps section and the grant text: reading, writing, comparing.
 *
 * The section is the module's own statement of what it needs, so the kernel can decide
 * before compiling a byte of it (the Singularity idea of self-describing drivers):
 *
 *   payload  ::= version:u8 (= 1)  entry*            (entries run to the section's end)
 *   entry    ::= 0x01 first:u32 count:u32 access:u8  I/O ports [first, first + count)
 *              | 0x02 line:u32                       IRQ line (0..15)
 *
 * u32 is LEB128 as everywhere in wasm; access bit 0 is read, bit 1 write. Anything this
 * code does not understand (another version, an unknown kind, a reserved access bit)
 * rejects the module: a resource the kernel cannot name cannot be granted. The grant
 * text (caps.md) lists the same entries, so both sides compare as one struct.
 */
#include "caps_decl.h"

#include "embed.h"
#include "leb128.h"

/* ---- The section ---- */

/* "atoll.caps: <reason>" at `at`: every message names the section it is about. */
static bool section_fail(struct wasm_error *err, size_t at, const char *reason)
{
    return wasm_error_set(err, (uint32_t)at, "atoll.caps: %s", reason);
}

/* A reader failure ("unexpected end...") rephrased as the section's. */
static bool reader_fail(struct wasm_error *err)
{
    if (err == NULL)
        return false;
    char reason[sizeof err->message];
    wasm_format(reason, sizeof reason, "%s", err->message);
    return wasm_error_set(err, err->offset, "atoll.caps: %s", reason);
}

/* One io entry's fields, after the kind byte. */
static bool decode_io(struct wasm_reader *r, struct caps_entry *e)
{
    size_t at = r->pos;
    if (!wasm_read_u32(r, &e->first) || !wasm_read_u32(r, &e->count) ||
        !wasm_read_u8(r, &e->access))
        return reader_fail(r->err);
    if (e->first >= CAPS_PORTS)
        return wasm_error_set(r->err, (uint32_t)at, "atoll.caps: port 0x%x does not exist "
                              "(ports are 0..0xffff)", e->first);
    if (e->count == 0)
        return section_fail(r->err, at, "an io entry with no ports (count 0)");
    if (e->count > CAPS_PORTS - e->first)
        return wasm_error_set(r->err, (uint32_t)at, "atoll.caps: ports 0x%x + %u run past 0xffff",
                              e->first, e->count);
    if (e->access & ~CAPS_RW)
        return wasm_error_set(r->err, (uint32_t)(r->pos - 1), "atoll.caps: access byte 0x%x "
                              "has reserved bits (1 = read, 2 = write)", e->access);
    if (e->access == 0)
        return section_fail(r->err, r->pos - 1, "an io entry with neither read nor write access");
    return true;
}

static bool decode_irq(struct wasm_reader *r, struct caps_entry *e)
{
    size_t at = r->pos;
    if (!wasm_read_u32(r, &e->first))
        return reader_fail(r->err);
    if (e->first >= CAPS_IRQS)
        return wasm_error_set(r->err, (uint32_t)at, "atoll.caps: IRQ %u does not exist "
                              "(lines 0..15)", e->first);
    e->count = 1;
    e->access = 0;
    return true;
}

bool caps_decode(const uint8_t *bytes, size_t start, size_t end, struct caps_decl *out,
                 struct wasm_error *err)
{
    struct wasm_reader r;
    uint8_t version;
    wasm_reader_init(&r, bytes, start, end, err);
    out->count = 0;
    out->present = true;
    out->offset = (uint32_t)start;
    if (start == end)
        return section_fail(err, start, "empty section (no version byte)");
    if (!wasm_read_u8(&r, &version))
        return reader_fail(err);
    if (version != CAPS_VERSION)
        return wasm_error_set(err, (uint32_t)start, "atoll.caps: version %u is not supported "
                              "(this kernel reads version %u)", version, CAPS_VERSION);
    while (!wasm_reader_at_end(&r)) {
        if (out->count == CAPS_MAX_ENTRIES)
            return wasm_error_set(err, (uint32_t)r.pos, "atoll.caps: more than %u entries",
                                  CAPS_MAX_ENTRIES);
        struct caps_entry *e = &out->entries[out->count];
        e->offset = (uint32_t)r.pos;
        if (!wasm_read_u8(&r, &e->kind))
            return reader_fail(err);
        bool ok;
        if (e->kind == CAPS_IO)
            ok = decode_io(&r, e);
        else if (e->kind == CAPS_IRQ)
            ok = decode_irq(&r, e);
        else
            return wasm_error_set(err, e->offset, "atoll.caps: unknown resource kind 0x%x "
                                  "(1 = io ports, 2 = irq line)", e->kind);
        if (!ok)
            return false;
        out->count++;
    }
    return true;
}

bool caps_from_module(const struct wasm_module *m, struct caps_decl *out, struct wasm_error *err)
{
    out->count = 0;
    out->present = false;
    out->offset = 0;
    for (uint32_t i = 0; i < m->ncustoms; i++) {
        const struct wasm_custom *c = &m->customs[i];
        if (!wasm_name_eq(c->name, CAPS_SECTION_NAME))
            continue;
        if (out->present)
            return section_fail(err, c->offset, "a second atoll.caps section (one is allowed)");
        if (!caps_decode(m->bytes, c->offset, c->offset + c->size, out, err))
            return false;
    }
    return true;
}

/* ---- The text ---- */

/* A cursor over grant text; errors are reported at the column. */
struct text {
    const char *s;
    size_t len, pos;
    struct wasm_error *err;
};

static bool text_fail(struct text *t, const char *reason)
{
    return wasm_error_set(t->err, (uint32_t)t->pos, "%s", reason);
}

/* Consume `word` if the text continues with it. */
static bool text_eat(struct text *t, const char *word)
{
    size_t n = 0;
    while (word[n] && t->pos + n < t->len && t->s[t->pos + n] == word[n])
        n++;
    if (word[n] != '\0')
        return false;
    t->pos += n;
    return true;
}

static int digit_value(char c, unsigned base)
{
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
            c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
    return v < (int)base ? v : -1;
}

/* A number in decimal or 0x hex, at most `max`; `what` names it in the message. */
static bool text_number(struct text *t, uint32_t max, uint32_t *out, const char *what)
{
    size_t at = t->pos;
    unsigned base = text_eat(t, "0x") ? 16 : 10;
    uint64_t v = 0;
    size_t digits = 0;
    for (int d; t->pos < t->len && (d = digit_value(t->s[t->pos], base)) >= 0; t->pos++, digits++)
        if ((v = v * base + (uint64_t)d) > 0xFFFFFFFFull)
            v = 0xFFFFFFFFull;
    if (digits == 0)
        return wasm_error_set(t->err, (uint32_t)at, "expected a number (%s)", what);
    if (v > max)
        return wasm_error_set(t->err, (uint32_t)at, "%s %llu is too large (at most 0x%x)", what,
                              (unsigned long long)v, max);
    *out = (uint32_t)v;
    return true;
}

/* io:FIRST[-LAST][:r|w|rw] */
static bool parse_io(struct text *t, struct caps_entry *e)
{
    uint32_t last;
    if (!text_number(t, CAPS_PORTS - 1, &e->first, "port"))
        return false;
    last = e->first;
    if (text_eat(t, "-") && !text_number(t, CAPS_PORTS - 1, &last, "port"))
        return false;
    if (last < e->first)
        return text_fail(t, "the port range ends before it starts");
    e->count = last - e->first + 1;
    e->access = CAPS_RW;
    if (!text_eat(t, ":"))
        return true;
    if (text_eat(t, "rw"))
        e->access = CAPS_RW;
    else if (text_eat(t, "r"))
        e->access = CAPS_READ;
    else if (text_eat(t, "w"))
        e->access = CAPS_WRITE;
    else
        return text_fail(t, "expected the rights r, w or rw");
    return true;
}

static bool parse_item(struct text *t, struct caps_entry *e)
{
    e->offset = (uint32_t)t->pos;
    if (text_eat(t, "io:")) {
        e->kind = CAPS_IO;
        return parse_io(t, e);
    }
    if (text_eat(t, "irq:")) {
        e->kind = CAPS_IRQ;
        e->access = 0;
        e->count = 1;
        return text_number(t, CAPS_IRQS - 1, &e->first, "IRQ line");
    }
    return text_fail(t, "expected io:PORT[-PORT][:r|w|rw] or irq:LINE");
}

bool caps_parse_text(const char *text, size_t len, struct caps_decl *out, struct wasm_error *err)
{
    struct text t = { text, len, 0, err };
    out->count = 0;
    out->present = true;
    out->offset = 0;
    if (len == 0 || (text_eat(&t, "none") && t.pos == len))
        return true;
    t.pos = 0;
    for (;;) {
        if (out->count == CAPS_MAX_ENTRIES)
            return text_fail(&t, "too many items");
        if (!parse_item(&t, &out->entries[out->count]))
            return false;
        out->count++;
        if (t.pos == len)
            return true;
        if (!text_eat(&t, ","))
            return text_fail(&t, "expected ',' between items");
    }
}

/* ---- Writing ---- */

const char *caps_access_name(uint8_t access)
{
    return access == CAPS_READ ? "read" : access == CAPS_WRITE ? "write" : "read and write";
}

size_t caps_format_entry(char *buf, size_t size, const struct caps_entry *e)
{
    static const char *const rights[] = { "", "r", "w", "rw" };
    if (e->kind == CAPS_IRQ)
        return wasm_format(buf, size, "irq:%u", e->first);
    if (e->count == 1)
        return wasm_format(buf, size, "io:0x%x:%s", e->first, rights[e->access & CAPS_RW]);
    return wasm_format(buf, size, "io:0x%x-0x%x:%s", e->first, e->first + e->count - 1,
                       rights[e->access & CAPS_RW]);
}

/* Append `v` as unsigned LEB128; returns the new length (size + 1 when it did not fit). */
static size_t put_leb(uint8_t *buf, size_t size, size_t len, uint32_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        if (len < size)
            buf[len] = byte | (v ? 0x80 : 0);
        len++;
    } while (v);
    return len;
}

size_t caps_encode(const struct caps_decl *d, uint8_t *buf, size_t size)
{
    size_t len = 0;
    if (len < size)
        buf[len] = CAPS_VERSION;
    len++;
    for (uint32_t i = 0; i < d->count; i++) {
        const struct caps_entry *e = &d->entries[i];
        if (len < size)
            buf[len] = e->kind;
        len = put_leb(buf, size, len + 1, e->first);
        if (e->kind == CAPS_IO) {
            len = put_leb(buf, size, len, e->count);
            if (len < size)
                buf[len] = e->access;
            len++;
        }
    }
    return len <= size ? len : 0;
}

/* ---- Comparing ---- */

/* The first port of [first, first + count) that no io entry of `have` with right
 * `access` covers, or CAPS_PORTS when they all are. Sweeps from the start: each step
 * jumps to the end of an entry that covers the current port. */
static uint32_t first_uncovered(const struct caps_decl *have, uint32_t first, uint32_t count,
                                uint8_t access)
{
    uint32_t pos = first, end = first + count;
    while (pos < end) {
        uint32_t next = pos;
        for (uint32_t i = 0; i < have->count; i++) {
            const struct caps_entry *h = &have->entries[i];
            if (h->kind == CAPS_IO && (h->access & access) && h->first <= pos &&
                pos < h->first + h->count && h->first + h->count > next)
                next = h->first + h->count;
        }
        if (next == pos)
            return pos;
        pos = next;
    }
    return CAPS_PORTS;
}

bool caps_covered(const struct caps_decl *have, const struct caps_entry *want, uint32_t *where,
                  uint8_t *access)
{
    if (want->kind == CAPS_IRQ) {
        for (uint32_t i = 0; i < have->count; i++)
            if (have->entries[i].kind == CAPS_IRQ && have->entries[i].first == want->first)
                return true;
        *where = want->first;
        *access = 0;
        return false;
    }
    for (uint8_t right = CAPS_READ; right <= CAPS_WRITE; right <<= 1) {
        if (!(want->access & right))
            continue;
        uint32_t port = first_uncovered(have, want->first, want->count, right);
        if (port != CAPS_PORTS) {
            *where = port;
            *access = right;
            return false;
        }
    }
    return true;
}

bool caps_conflict(const struct caps_entry *a, const struct caps_entry *b, uint32_t *where,
                   uint8_t *access)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == CAPS_IRQ) {
        *where = a->first;
        *access = 0;
        return a->first == b->first;
    }
    uint8_t common = a->access & b->access;
    uint32_t lo = a->first > b->first ? a->first : b->first;
    uint32_t a_end = a->first + a->count, b_end = b->first + b->count;
    uint32_t hi = a_end < b_end ? a_end : b_end;
    if (common == 0 || lo >= hi)
        return false;
    *where = lo;
    *access = common;
    return true;
}

size_t caps_resource_text(char *buf, size_t size, uint8_t kind, uint32_t where, uint8_t access)
{
    if (kind == CAPS_IRQ)
        return wasm_format(buf, size, "IRQ %u", where);
    return wasm_format(buf, size, "io port 0x%x (%s)", where, caps_access_name(access));
}

bool caps_check_granted(const struct caps_decl *d, const struct caps_decl *grant,
                        const char *grant_text, size_t len, struct wasm_error *err)
{
    for (uint32_t i = 0; i < d->count; i++) {
        const struct caps_entry *e = &d->entries[i];
        uint32_t where;
        uint8_t access;
        if (caps_covered(grant, e, &where, &access))
            continue;
        char what[48], quoted[64];
        caps_resource_text(what, sizeof what, e->kind, where, access);
        if (len >= sizeof quoted)
            len = sizeof quoted - 1;
        memcpy(quoted, grant_text, len);
        quoted[len] = '\0';
        return wasm_error_set(err, e->offset, "atoll.caps: %s is not granted (grant: %s)", what,
                              quoted);
    }
    return true;
}

bool caps_declares(const struct caps_decl *d, enum caps_kind kind)
{
    for (uint32_t i = 0; i < d->count; i++)
        if (d->entries[i].kind == kind)
            return true;
    return false;
}

void caps_port_bitmaps(const struct caps_decl *d, uint8_t *read_bits, uint8_t *write_bits)
{
    memset(read_bits, 0, CAPS_BITMAP_BYTES);
    memset(write_bits, 0, CAPS_BITMAP_BYTES);
    for (uint32_t i = 0; i < d->count; i++) {
        const struct caps_entry *e = &d->entries[i];
        if (e->kind != CAPS_IO)
            continue;
        for (uint32_t p = e->first; p < e->first + e->count; p++) {
            if (e->access & CAPS_READ)
                read_bits[p >> 3] |= (uint8_t)(1u << (p & 7));
            if (e->access & CAPS_WRITE)
                write_bits[p >> 3] |= (uint8_t)(1u << (p & 7));
        }
    }
}

/* ---- The atoll imports that touch devices ---- */

/* Every import that needs a declared resource. Their kernel functions are in
 * src/abi/device.c; the port ones may be compiled inline instead (x64_port.c). All
 * parameters and results are i32. */
static const struct {
    const char *name;
    uint8_t needs;        /* enum caps_kind */
    uint8_t intrinsic;    /* enum wasm_intrinsic */
    uint8_t nparams, nresults;
} device_imports[] = {
    /* name        needs     inlined as              params results */
    { "in8",       CAPS_IO,  WASM_INTRINSIC_IN8,     1, 1 },
    { "in16",      CAPS_IO,  WASM_INTRINSIC_IN16,    1, 1 },
    { "in32",      CAPS_IO,  WASM_INTRINSIC_IN32,    1, 1 },
    { "out8",      CAPS_IO,  WASM_INTRINSIC_OUT8,    2, 0 },
    { "out16",     CAPS_IO,  WASM_INTRINSIC_OUT16,   2, 0 },
    { "out32",     CAPS_IO,  WASM_INTRINSIC_OUT32,   2, 0 },
    { "irq_wait",  CAPS_IRQ, WASM_INTRINSIC_NONE,    1, 0 },
    { "irq_ack",   CAPS_IRQ, WASM_INTRINSIC_NONE,    1, 0 },
};
#define NDEVICE_IMPORTS (sizeof device_imports / sizeof device_imports[0])

static int device_import(const struct wasm_import *imp)
{
    if (imp->kind != WASM_EXTERN_FUNC || !wasm_name_eq(imp->module, "atoll"))
        return -1;
    for (uint32_t i = 0; i < NDEVICE_IMPORTS; i++)
        if (wasm_name_eq(imp->field, device_imports[i].name))
            return (int)i;
    return -1;
}

uint8_t caps_import_kind(const struct wasm_import *imp, uint8_t *intrinsic)
{
    int i = device_import(imp);
    *intrinsic = i < 0 ? WASM_INTRINSIC_NONE : device_imports[i].intrinsic;
    return i < 0 ? 0 : device_imports[i].needs;
}

bool caps_check_imports(const struct wasm_module *m, const struct caps_decl *d,
                        struct wasm_error *err)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        const struct wasm_import *imp = &m->imports[i];
        int k = device_import(imp);
        if (k < 0 || caps_declares(d, device_imports[k].needs))
            continue;
        return wasm_error_set(err, imp->offset, "import atoll.%s needs %s declared in atoll.caps, "
                              "and the module declares none", device_imports[k].name,
                              device_imports[k].needs == CAPS_IO ? "io ports" : "IRQ lines");
    }
    return true;
}

static bool all_i32(const uint8_t *types, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (types[i] != WASM_I32)
            return false;
    return true;
}

void caps_intrinsic_kinds(const struct wasm_module *m, uint8_t *kinds)
{
    uint32_t func = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const struct wasm_import *imp = &m->imports[i];
        if (imp->kind != WASM_EXTERN_FUNC)
            continue;
        int d = device_import(imp);
        const struct wasm_functype *t = &m->types[imp->desc.type_index];
        bool typed = d >= 0 && t->nparams == device_imports[d].nparams &&
                     t->nresults == device_imports[d].nresults &&
                     all_i32(t->types, t->nparams + t->nresults);
        kinds[func++] = typed ? device_imports[d].intrinsic : WASM_INTRINSIC_NONE;
    }
}
