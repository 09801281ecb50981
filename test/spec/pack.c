/*
 * pack.c — reading a spec pack (format in pack.h); freestanding, for the host runner and
 * the kernel alike.
 *
 * One bounds-checked cursor walks the bytes: every read first checks that what it takes
 * lies before the end, and a failed read leaves the cursor at the end, so the reads that
 * follow fail too and one check at the end of a record is enough.
 */
#include "pack.h"

#include "embed.h"
#include "wasm.h"

/* A command with every string empty and no values: 2 u8 kind/flags, u32 line, 3 empty
 * strings, u8 action, 2 empty strings, 2 empty value lists. */
#define COMMAND_MIN_SIZE (1 + 1 + 4 + 3 * 4 + 1 + 2 * 4 + 2 * 4)

struct cursor {
    const uint8_t *pos, *end;
    bool bad;                     /* a read ran past the end */
};

static const uint8_t *take(struct cursor *c, uint64_t n)
{
    if (c->bad || n > (uint64_t)(c->end - c->pos)) {
        c->bad = true;
        c->pos = c->end;
        return NULL;
    }
    const uint8_t *at = c->pos;
    c->pos += n;
    return at;
}

static uint8_t read_u8(struct cursor *c)
{
    const uint8_t *p = take(c, 1);
    return p ? p[0] : 0;
}

static uint32_t read_u32(struct cursor *c)
{
    const uint8_t *p = take(c, 4);
    return p ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
             : 0;
}

static struct spec_str read_str(struct cursor *c)
{
    struct spec_str s;
    s.len = read_u32(c);
    s.bytes = take(c, s.len);
    if (s.bytes == NULL)
        s.len = 0;
    return s;
}

/* `count` value records; NULL when they run past the end. */
static const uint8_t *read_values(struct cursor *c, uint32_t *count)
{
    *count = read_u32(c);
    return take(c, (uint64_t)*count * SPEC_VALUE_SIZE);
}

static void read_command(struct cursor *c, struct spec_command *cmd)
{
    cmd->kind = read_u8(c);
    cmd->flags = read_u8(c);
    cmd->line = read_u32(c);
    cmd->name = read_str(c);
    cmd->text = read_str(c);
    cmd->module = read_str(c);
    cmd->action = read_u8(c);
    cmd->target = read_str(c);
    cmd->field = read_str(c);
    cmd->args = read_values(c, &cmd->nargs);
    cmd->expected = read_values(c, &cmd->nexpected);
}

bool spec_pack_open(struct spec_pack *pack, const uint8_t *data, size_t size)
{
    struct cursor c = {data, data + size, false};
    const uint8_t *magic = take(&c, SPEC_PACK_MAGIC_SIZE);
    pack->nfiles = read_u32(&c);
    pack->files_read = 0;
    pack->pos = c.pos;
    pack->end = c.end;
    pack->error[0] = '\0';
    if (magic == NULL || c.bad || memcmp(magic, SPEC_PACK_MAGIC, SPEC_PACK_MAGIC_SIZE) != 0) {
        wasm_format(pack->error, sizeof pack->error, "not a spec pack (no \"%s\" header)",
                    SPEC_PACK_MAGIC);
        return false;
    }
    return true;
}

bool spec_pack_next(struct spec_pack *pack, struct spec_file *file)
{
    struct cursor c = {pack->pos, pack->end, false};
    file->commands = NULL;
    if (pack->files_read == pack->nfiles) {
        pack->error[0] = '\0';
        return false;
    }
    file->name = read_str(&c);
    file->ncommands = read_u32(&c);
    /* A damaged count cannot ask for more memory than the pack's size justifies. */
    if (!c.bad && (uint64_t)file->ncommands * COMMAND_MIN_SIZE <= (uint64_t)(c.end - c.pos))
        file->commands = wasm_alloc((file->ncommands + 1) * sizeof *file->commands);
    for (uint32_t i = 0; file->commands && i < file->ncommands; i++)
        read_command(&c, &file->commands[i]);
    if (c.bad || file->commands == NULL) {
        wasm_format(pack->error, sizeof pack->error, "file %u of the pack is damaged or too big",
                    pack->files_read + 1);
        spec_file_free(file);
        pack->pos = pack->end;
        pack->files_read = pack->nfiles;
        return false;
    }
    pack->pos = c.pos;
    pack->files_read++;
    return true;
}

void spec_file_free(struct spec_file *file)
{
    wasm_free(file->commands);
    file->commands = NULL;
    file->ncommands = 0;
}

const char *spec_kind_name(uint8_t kind)
{
    static const char *const names[SPEC_KIND_COUNT] = {
        [SPEC_MODULE] = "module",
        [SPEC_ASSERT_RETURN] = "assert_return",
        [SPEC_ASSERT_TRAP] = "assert_trap",
        [SPEC_ASSERT_EXHAUSTION] = "assert_exhaustion",
        [SPEC_ASSERT_INVALID] = "assert_invalid",
        [SPEC_ASSERT_MALFORMED] = "assert_malformed",
        [SPEC_ASSERT_UNLINKABLE] = "assert_unlinkable",
        [SPEC_ASSERT_UNINSTANTIABLE] = "assert_uninstantiable",
        [SPEC_ACTION] = "action",
        [SPEC_REGISTER] = "register",
    };
    return kind < SPEC_KIND_COUNT ? names[kind] : "?";
}
