/*
 * loopscan.c — count what a loop's body does with each local, before compiling it.
 *
 * A forward skim of the body's bytes, instruction by instruction, using the opcode
 * table to step over immediates: local.get, local.set and local.tee add to their
 * local's weight (x1 in the loop itself, x4 per nested loop, up to x64), set and tee
 * also mark it written; calls are noted too. Nothing is validated here: a byte the table does not know, or
 * running out of bytes or budget, ends the skim, and the figures are then those of the
 * part read. The walk validates the real thing as it compiles, so a bad body is still
 * rejected there.
 */
#include "loopscan.h"

#include "embed.h"
#include "opcodes.h"

#define NEST_SHIFT 2     /* each nested loop multiplies a use's weight by 1 << NEST_SHIFT */
#define NEST_MAX 3       /* ... for this many levels */
#define BUDGET_PER_BYTE 4
#define BUDGET_EXTRA 65536

/* A read position in bytes[pos, end); `ok` turns false when a read runs past `end`. */
struct cursor {
    const uint8_t *bytes;
    size_t pos, end;
    bool ok;
};

static void skip(struct cursor *c, size_t n)
{
    if (c->end - c->pos < n) {
        c->ok = false;
        c->pos = c->end;
        return;
    }
    c->pos += n;
}

/* A LEB128 number of up to 10 bytes; the low 32 bits of its value. */
static uint32_t leb(struct cursor *c)
{
    uint32_t value = 0;
    for (unsigned shift = 0; shift < 70; shift += 7) {
        if (c->pos >= c->end) {
            c->ok = false;
            return 0;
        }
        uint8_t b = c->bytes[c->pos++];
        if (shift < 32)
            value |= (uint32_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return value;
    }
    c->ok = false;
    return 0;
}

static void use(struct wasm_loop_uses *u, uint32_t local, uint32_t nest, bool writes)
{
    uint32_t add = 1u << (NEST_SHIFT * (nest < NEST_MAX ? nest : NEST_MAX));
    if (u->weight[local] == 0)
        u->locals[u->count++] = local;
    u->weight[local] = u->weight[local] > UINT32_MAX - add ? UINT32_MAX : u->weight[local] + add;
    if (writes)
        u->written[local] = 1;
}

/* Step over the immediates of an instruction (its local index is read by the caller). */
static void skip_immediates(struct cursor *c, uint8_t imm)
{
    switch (imm) {
    case IMM_NONE:
        break;
    case IMM_BLOCKTYPE: case IMM_LABEL: case IMM_FUNC: case IMM_GLOBAL: case IMM_TABLE:
    case IMM_I32: case IMM_I64: case IMM_DATA: case IMM_ELEM: case IMM_LOCAL:
        leb(c);
        break;
    case IMM_CALL_INDIRECT: case IMM_MEMARG: case IMM_TABLE_INIT: case IMM_TABLE_COPY:
        leb(c);
        leb(c);
        break;
    case IMM_BR_TABLE: {
        uint32_t n = leb(c);
        for (; c->ok && n > 0; n--)   /* each depth takes a byte at least: bounded by `end` */
            leb(c);
        leb(c);   /* the default */
        break;
    }
    case IMM_ZERO_BYTE: case IMM_REFTYPE:
        skip(c, 1);
        break;
    case IMM_F32:
        skip(c, 4);
        break;
    case IMM_F64:
        skip(c, 8);
        break;
    case IMM_SELECT_T:
        skip(c, leb(c));
        break;
    case IMM_MEMORY_INIT:
        leb(c);
        skip(c, 1);
        break;
    case IMM_MEMORY_COPY:
        skip(c, 2);
        break;
    default:
        c->ok = false;
        break;
    }
}

void wasm_loop_scan(struct wasm_loop_uses *u, const uint8_t *bytes, size_t pos, size_t limit,
                    uint32_t nlocals)
{
    for (uint32_t i = 0; i < u->count; i++) {
        u->weight[u->locals[i]] = 0;
        u->written[u->locals[i]] = 0;
    }
    u->count = 0;
    u->complete = false;
    u->calls = false;
    size_t end = limit - pos > u->budget ? pos + u->budget : limit;
    struct cursor c = { bytes, pos, end, true };
    uint32_t depth = 0;   /* blocks open inside the body */
    uint64_t loops = 0;   /* bit d: the block at depth d + 1 is a loop (the first 64) */
    uint32_t nest = 0;    /* loops open inside the body */
    while (c.ok && c.pos < c.end) {
        uint8_t op = bytes[c.pos++];
        uint32_t code = op;
        if (op == OP_PREFIX_FC) {
            uint32_t sub = leb(&c);
            code = sub < 0x100 ? 0xFC00 + sub : 0xFFFF;
        }
        const struct wasm_opcode_info *info = wasm_opcode_info(code);
        if (!c.ok || !info)
            break;
        if (op == OP_END) {
            if (depth == 0) {
                u->complete = true;
                break;
            }
            if (depth <= 64 && ((loops >> (depth - 1)) & 1)) {
                loops &= ~(1ull << (depth - 1));
                nest--;
            }
            depth--;
        } else if (op == OP_BLOCK || op == OP_IF || op == OP_LOOP) {
            depth++;
            if (op == OP_LOOP && depth <= 64) {
                loops |= 1ull << (depth - 1);
                nest++;
            }
        }
        if (op == OP_CALL || op == OP_CALL_INDIRECT)
            u->calls = true;
        if (info->imm == IMM_LOCAL) {
            uint32_t local = leb(&c);
            if (!c.ok || local >= nlocals || local >= u->capacity)
                break;
            use(u, local, nest, op != OP_LOCAL_GET);
        } else {
            skip_immediates(&c, info->imm);
        }
    }
    size_t read = c.pos - pos;
    u->budget -= read < u->budget ? read : u->budget;
}

bool wasm_loop_uses_begin(struct wasm_loop_uses *u, uint32_t nlocals, size_t body_size)
{
    u->budget = BUDGET_PER_BYTE * body_size + BUDGET_EXTRA;
    if (u->capacity >= nlocals) {
        for (uint32_t i = 0; i < u->count; i++) {
            u->weight[u->locals[i]] = 0;
            u->written[u->locals[i]] = 0;
        }
        u->count = 0;
        return true;
    }
    wasm_loop_uses_free(u);
    uint32_t cap = nlocals < 16 ? 16 : nlocals;
    u->locals = wasm_alloc((size_t)cap * sizeof *u->locals);
    u->weight = wasm_alloc((size_t)cap * sizeof *u->weight);   /* zeroed */
    u->written = wasm_alloc(cap);
    if (!u->locals || !u->weight || !u->written) {
        wasm_loop_uses_free(u);
        return false;
    }
    u->capacity = cap;
    return true;
}

void wasm_loop_uses_free(struct wasm_loop_uses *u)
{
    wasm_free(u->locals);
    wasm_free(u->weight);
    wasm_free(u->written);
    u->locals = NULL;
    u->weight = NULL;
    u->written = NULL;
    u->capacity = 0;
    u->count = 0;
}
