/*
 * loopscan.c — count what a loop's body does with each local, before compiling it.
 *
 * A skim reads an outermost loop's body forward, instruction by instruction, using the
 * opcode table to step over immediates, and records two lists: every local.get, set and
 * tee (which local, how many loops are open around it, whether it writes) and every call
 * (as a use of no local), and every loop it passes (where its body starts, how deep it
 * is, which uses lie inside it). When the walk reaches a loop, its figures are summed
 * from its uses: x1 in the loop itself, x4 per nested loop, up to x64. Nothing is validated here: a byte the table does not
 * know, or running out of bytes, ends the skim, and the loops still open then see only
 * the part read. The walk validates the real thing as it compiles, so a bad body is
 * still rejected there.
 */
#include "loopscan.h"

#include "embed.h"
#include "opcodes.h"

#define NEST_SHIFT 2     /* each nested loop multiplies a use's weight by 1 << NEST_SHIFT */
#define NEST_MAX 3       /* ... for this many levels */
#define BUDGET_PER_BYTE 4   /* uses a function's loops may sum, per byte of its body */
#define BUDGET_EXTRA 65536
#define NOT_A_LOOP UINT32_MAX
#define A_CALL UINT32_MAX      /* the `local` of a use that is a call or call_indirect */

/* A local.get, set or tee met by the skim, or a call. */
struct use {
    uint32_t local;       /* or A_CALL */
    uint32_t depth;       /* loops open around it, the skimmed one included */
    bool writes;
};

/* A loop met by the skim: its uses are uses[first, end). */
struct span {
    size_t pos;           /* first byte of its body (after the block type) */
    uint32_t depth;       /* loops open in it, itself included */
    uint32_t first, end;
    bool complete;        /* the skim reached its `end` */
};

/* The records of the last skim. The arrays only grow, and serve every function. */
struct wasm_loop_skim {
    struct use *uses;
    uint32_t nuses, uses_capacity;
    struct span *loops;
    uint32_t nloops, loops_capacity;
    uint32_t *open;       /* per block open in the skim: its index in `loops`, or NOT_A_LOOP */
    uint32_t nopen, open_capacity;
    uint32_t next;        /* loops[next] is the first one the walk has not asked for */
};

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

/* leb's longer numbers. */
static uint32_t leb_long(struct cursor *c)
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

/* A LEB128 number of up to 10 bytes; the low 32 bits of its value. */
static inline uint32_t leb(struct cursor *c)
{
    if (c->pos < c->end && c->bytes[c->pos] < 0x80)
        return c->bytes[c->pos++];   /* most immediates are one byte */
    return leb_long(c);
}

/* Room for one more item in a skim array; false when out of memory. */
static bool grow(void **items, uint32_t *capacity, uint32_t count, size_t size)
{
    if (count < *capacity)
        return true;
    uint32_t cap = *capacity * 2 + 64;
    void *bigger = wasm_alloc((size_t)cap * size);
    if (!bigger)
        return false;
    if (count)
        memcpy(bigger, *items, (size_t)count * size);
    wasm_free(*items);
    *items = bigger;
    *capacity = cap;
    return true;
}

static bool add_use(struct wasm_loop_skim *s, uint32_t local, uint32_t depth, bool writes)
{
    if (!grow((void **)&s->uses, &s->uses_capacity, s->nuses, sizeof *s->uses))
        return false;
    s->uses[s->nuses++] = (struct use){ local, depth, writes };
    return true;
}

/* A block opens: a loop (whose body starts at `pos`, `depth` loops deep) or not. */
static bool open_block(struct wasm_loop_skim *s, bool loop, size_t pos, uint32_t depth)
{
    if (!grow((void **)&s->open, &s->open_capacity, s->nopen, sizeof *s->open))
        return false;
    if (!loop) {
        s->open[s->nopen++] = NOT_A_LOOP;
        return true;
    }
    if (!grow((void **)&s->loops, &s->loops_capacity, s->nloops, sizeof *s->loops))
        return false;
    s->loops[s->nloops] = (struct span){ pos, depth, s->nuses, s->nuses, false };
    s->open[s->nopen++] = s->nloops++;
    return true;
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

/* Skim the loop whose body starts at bytes[pos] up to its `end` (or `limit`, or a byte
 * it cannot read), recording its uses and its loops, itself first. */
static void skim(struct wasm_loop_skim *s, uint32_t capacity, const uint8_t *bytes, size_t pos,
                 size_t limit, uint32_t nlocals)
{
    s->nuses = s->nloops = s->nopen = s->next = 0;
    struct cursor c = { bytes, pos, limit, true };
    uint32_t depth = 1;   /* loops open */
    c.ok = open_block(s, true, pos, depth);
    while (c.ok && c.pos < c.end && s->nopen > 0) {
        uint8_t op = bytes[c.pos++];
        uint32_t code = op;
        if (op == OP_PREFIX_FC) {
            uint32_t sub = leb(&c);
            code = sub < 0x100 ? 0xFC00 + sub : 0xFFFF;
        }
        const struct wasm_opcode_info *info = wasm_opcode_info(code);
        if (!c.ok || !info)
            break;
        if (op == OP_CALL || op == OP_CALL_INDIRECT)
            c.ok = add_use(s, A_CALL, depth, false);
        if (info->imm == IMM_LOCAL) {
            uint32_t local = leb(&c);
            if (!c.ok || local >= nlocals || local >= capacity)
                break;
            c.ok = add_use(s, local, depth, op != OP_LOCAL_GET);
        } else {
            skip_immediates(&c, info->imm);
        }
        if (!c.ok)
            break;
        if (op == OP_BLOCK || op == OP_IF || op == OP_LOOP) {
            depth += op == OP_LOOP;
            c.ok = open_block(s, op == OP_LOOP, c.pos, depth);
        } else if (op == OP_END) {
            uint32_t loop = s->open[--s->nopen];
            if (loop != NOT_A_LOOP) {
                s->loops[loop].end = s->nuses;
                s->loops[loop].complete = true;
                depth--;
            }
        }
    }
    /* loops the skim did not see the end of: the part read */
    for (uint32_t i = 0; i < s->nopen; i++)
        if (s->open[i] != NOT_A_LOOP)
            s->loops[s->open[i]].end = s->nuses;
}

/* Forget the previous loop's figures. */
static void clear_figures(struct wasm_loop_uses *u)
{
    for (uint32_t i = 0; i < u->count; i++) {
        u->weight[u->locals[i]] = 0;
        u->written[u->locals[i]] = 0;
    }
    u->count = 0;
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

void wasm_loop_scan(struct wasm_loop_uses *u, const uint8_t *bytes, size_t pos, size_t limit,
                    uint32_t nlocals)
{
    clear_figures(u);
    u->complete = false;
    u->calls = false;
    struct wasm_loop_skim *s = u->skim;
    while (s->next < s->nloops && s->loops[s->next].pos < pos)
        s->next++;   /* loops the walk skipped (dead code) */
    if (s->next == s->nloops || s->loops[s->next].pos != pos)
        skim(s, u->capacity, bytes, pos, limit, nlocals);   /* a loop no skim covered */
    if (s->next == s->nloops || s->loops[s->next].pos != pos)
        return;   /* out of memory: no figures */
    const struct span *loop = &s->loops[s->next++];
    uint32_t end = loop->end;
    u->complete = loop->complete;
    if (end - loop->first > u->budget) {
        end = loop->first + (uint32_t)u->budget;
        u->complete = false;
    }
    u->budget -= end - loop->first;
    for (uint32_t i = loop->first; i < end; i++) {
        const struct use *x = &s->uses[i];
        if (x->local == A_CALL)
            u->calls = true;
        else
            use(u, x->local, x->depth - loop->depth, x->writes);
    }
}

bool wasm_loop_uses_begin(struct wasm_loop_uses *u, uint32_t nlocals, size_t body_size)
{
    u->budget = BUDGET_PER_BYTE * body_size + BUDGET_EXTRA;
    if (!u->skim && !(u->skim = wasm_alloc(sizeof *u->skim)))
        return false;
    u->skim->nuses = u->skim->nloops = u->skim->nopen = u->skim->next = 0;
    if (u->capacity >= nlocals) {
        clear_figures(u);
        return true;
    }
    wasm_free(u->locals);
    wasm_free(u->weight);
    wasm_free(u->written);
    u->capacity = 0;
    u->count = 0;
    uint32_t cap = nlocals < 16 ? 16 : nlocals;
    u->locals = wasm_alloc((size_t)cap * sizeof *u->locals);
    u->weight = wasm_alloc((size_t)cap * sizeof *u->weight);   /* zeroed */
    u->written = wasm_alloc(cap);
    if (!u->locals || !u->weight || !u->written)
        return false;
    u->capacity = cap;
    return true;
}

void wasm_loop_uses_free(struct wasm_loop_uses *u)
{
    if (u->skim) {
        wasm_free(u->skim->uses);
        wasm_free(u->skim->loops);
        wasm_free(u->skim->open);
        wasm_free(u->skim);
    }
    wasm_free(u->locals);
    wasm_free(u->weight);
    wasm_free(u->written);
    memset(u, 0, sizeof *u);
}
