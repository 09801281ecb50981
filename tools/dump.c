/*
 * dump.c — `atoll-run --dump`: every wasm instruction, followed by the x86 it became.
 *
 * The compiler reports, through the on_instr hook of compile.h, the code offset at which
 * each instruction's machine code starts; an instruction's code runs up to the next
 * report. The x86 text comes from objdump (run once over the whole code block), merged
 * with the wasm by code offset. The wasm side is decoded here only for printing: names
 * come from the compiler's opcode table, immediates are read with the decoder's reader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/compiler/leb128.h"
#include "../src/compiler/opcodes.h"
#include "atoll-run.h"

struct dump_mark {
    uint32_t func_index;
    uint32_t wasm_offset;
    uint32_t code_offset;
};

struct dump_state {
    struct dump_mark *marks;
    size_t nmarks, cap;
    char **x86;           /* by code offset: objdump's line for the instruction there */
};

struct dump_state *dump_new(void)
{
    return calloc(1, sizeof(struct dump_state));
}

void dump_on_instr(void *ctx, uint32_t func_index, uint32_t wasm_offset, uint32_t code_offset)
{
    struct dump_state *d = ctx;
    if (d->nmarks == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 1024;
        d->marks = realloc(d->marks, d->cap * sizeof *d->marks);
    }
    d->marks[d->nmarks++] = (struct dump_mark){ func_index, wasm_offset, code_offset };
}

void dump_free(struct dump_state *d)
{
    if (d == NULL)
        return;
    free(d->marks);
    free(d->x86);   /* its lines were freed by dump_print */
    free(d);
}

/* ---- x86 side: objdump over the whole block ---- */

/* Run objdump on the code and index its instruction lines by offset. */
static bool disassemble(struct dump_state *d, const struct wasm_code *code)
{
    char path[] = "/tmp/atoll-dump-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, code->code, code->size) != (ssize_t)code->size) {
        perror("atoll-run: --dump");
        return false;
    }
    close(fd);
    char command[256];
    snprintf(command, sizeof command, "objdump -D -b binary -mi386:x86-64 -M intel %s", path);
    FILE *p = popen(command, "r");
    d->x86 = calloc(code->size + 1, sizeof *d->x86);
    char line[512];
    while (p != NULL && fgets(line, sizeof line, p) != NULL) {
        unsigned long offset;
        char *tab = strchr(line, '\t');
        if (tab == NULL || sscanf(line, " %lx:", &offset) != 1 || offset >= code->size)
            continue;
        line[strcspn(line, "\n")] = '\0';
        d->x86[offset] = strdup(tab + 1);   /* "bytes \t mnemonic operands" */
    }
    if (p != NULL)
        pclose(p);
    unlink(path);
    return true;
}

static void print_x86(const struct dump_state *d, uint32_t from, uint32_t to)
{
    for (uint32_t off = from; off < to; off++)
        if (d->x86[off] != NULL)
            printf("        %6x:  %s\n", off, d->x86[off]);
}

/* ---- wasm side: one instruction as text ---- */

/* A block type as text: "" for [], " i32" for a value type, " (type N)" for an index. */
static const char *block_type(int64_t bt, char *buf, size_t size)
{
    if (bt == -64)
        return "";
    if (bt < 0)
        snprintf(buf, size, " %s", value_type_name((uint8_t)(bt & 0x7F)));
    else
        snprintf(buf, size, " (type %lld)", (long long)bt);
    return buf;
}

/* The immediates of an instruction whose opcode ends at r->pos. */
static void format_immediates(struct wasm_reader *r, uint8_t imm, char *buf, size_t size)
{
    uint32_t a = 0, b = 0, n = 0;
    int32_t s32 = 0;
    int64_t s64 = 0;
    uint8_t byte = 0;
    buf[0] = '\0';
    switch (imm) {
    case IMM_BLOCKTYPE: {
        char tmp[64];
        wasm_read_s33(r, &s64);
        snprintf(buf, size, "%s", block_type(s64, tmp, sizeof tmp));
        break;
    }
    case IMM_LABEL: case IMM_FUNC: case IMM_LOCAL: case IMM_GLOBAL: case IMM_TABLE:
    case IMM_DATA: case IMM_ELEM: case IMM_MEMORY_INIT:
        wasm_read_u32(r, &a);
        snprintf(buf, size, " %u", a);
        break;
    case IMM_BR_TABLE: {
        size_t len = 0;
        wasm_read_u32(r, &n);
        for (uint32_t i = 0; i <= n && len < size && wasm_read_u32(r, &a); i++)
            len += (size_t)snprintf(buf + len, size - len, " %u", a);
        break;
    }
    case IMM_CALL_INDIRECT:
        wasm_read_u32(r, &a);
        wasm_read_u32(r, &b);
        snprintf(buf, size, " (type %u) table %u", a, b);
        break;
    case IMM_MEMARG:
        wasm_read_u32(r, &a);
        wasm_read_u32(r, &b);
        snprintf(buf, size, " offset=%u align=%u", b, 1u << (a & 31));
        break;
    case IMM_I32:
        wasm_read_s32(r, &s32);
        snprintf(buf, size, " %d", s32);
        break;
    case IMM_I64:
        wasm_read_s64(r, &s64);
        snprintf(buf, size, " %lld", (long long)s64);
        break;
    case IMM_F32: {
        uint32_t bits = 0;
        wasm_read_f32(r, &bits);
        char value[64];
        value_format(value, sizeof value, WASM_F32, bits);
        snprintf(buf, size, " %s (0x%08x)", value + 4, bits);
        break;
    }
    case IMM_F64: {
        uint64_t bits = 0;
        wasm_read_f64(r, &bits);
        char value[400];
        value_format(value, sizeof value, WASM_F64, bits);
        snprintf(buf, size, " %.40s (0x%016llx)", value + 4, (unsigned long long)bits);
        break;
    }
    case IMM_SELECT_T:
        wasm_read_u32(r, &n);
        wasm_read_u8(r, &byte);
        snprintf(buf, size, " (result %s)", value_type_name(byte));
        break;
    case IMM_REFTYPE:
        wasm_read_u8(r, &byte);
        snprintf(buf, size, " %s", byte == WASM_FUNCREF ? "func" : "extern");
        break;
    case IMM_TABLE_INIT: case IMM_TABLE_COPY:
        wasm_read_u32(r, &a);
        wasm_read_u32(r, &b);
        snprintf(buf, size, " %u %u", a, b);
        break;
    default:   /* IMM_NONE, IMM_ZERO_BYTE, IMM_MEMORY_COPY: nothing worth printing */
        break;
    }
}

/* The instruction at `offset` of the module, as "  0xOFF: name immediates". */
static void print_wasm(const struct wasm_module *m, uint32_t offset)
{
    struct wasm_reader r;
    wasm_reader_init(&r, m->bytes, 0, m->size, NULL);
    r.pos = offset;
    uint8_t byte = 0;
    uint32_t op = 0;
    wasm_read_u8(&r, &byte);
    op = byte;
    if (byte == OP_PREFIX_FC && wasm_read_u32(&r, &op))
        op += 0xFC00;
    const struct wasm_opcode_info *info = wasm_opcode_info(op);
    char imm[512] = "";
    if (info != NULL)
        format_immediates(&r, info->imm, imm, sizeof imm);
    printf("  %06x: %s%s\n", offset, wasm_opcode_name(op), imm);
}

/* ---- merging ---- */

/* One function: each wasm instruction, followed by the x86 the compiler emitted for it. */
static void print_function(const struct dump_state *d, const struct wasm_module *m,
                           const struct wasm_code *code, uint32_t func)
{
    uint32_t start = code->func_offsets[func - m->nfunc_imports];
    uint32_t end = code->func_ends[func - m->nfunc_imports];
    char name[160] = "";
    if (m->funcs[func].name.len > 0)
        snprintf(name, sizeof name, " $%.*s", (int)m->funcs[func].name.len,
                 (const char *)m->funcs[func].name.bytes);
    printf("func %u%s: code 0x%x..0x%x\n", func, name, start, end);

    uint32_t at = start;   /* code printed so far */
    for (size_t i = 0; i < d->nmarks; i++) {
        const struct dump_mark *mk = &d->marks[i];
        if (mk->func_index != func)   /* also skips the WASM_ON_FUNC_START marker */
            continue;
        if (at < mk->code_offset) {
            if (at == start)
                printf("  prologue:\n");
            print_x86(d, at, mk->code_offset);
            at = mk->code_offset;
        }
        print_wasm(m, mk->wasm_offset);
    }
    /* The last instruction (the body's `end`) runs to the first ret; what follows is
     * the function's out-of-line trap stubs. */
    uint32_t ret = at;
    while (ret < end && (d->x86[ret] == NULL || strstr(d->x86[ret], "\tret") == NULL))
        ret++;
    if (ret < end)
        ret++;
    print_x86(d, at, ret);
    if (ret < end) {
        printf("  out-of-line trap stubs:\n");
        print_x86(d, ret, end);
    }
    printf("\n");
}

void dump_print(struct dump_state *d, const struct wasm_module *m, const struct wasm_code *code)
{
    if (!disassemble(d, code))
        return;
    for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++)
        print_function(d, m, code, f);
    for (size_t off = 0; off < code->size; off++)
        free(d->x86[off]);
    fflush(stdout);
}
