/*
 * pack.h — the spec pack: spec test scripts as one flat binary that the host runner and
 * the kernel both read. The kernel has no files and no JSON reader, so the host turns
 * wast2json's output (a JSON script plus one .wasm file per module) into this once
 * (pack_write.c), and the same bytes then run on either side (exec.c).
 *
 * All numbers are little-endian; nothing is aligned. Every command is the same record,
 * with the fields its kind does not use left empty:
 *
 *   pack     = "ATSPACK1"  u32 nfiles  file{nfiles}
 *   file     = str name ("i32.wast")  u32 ncommands  command{ncommands}
 *   command  = u8 kind (enum spec_kind)  u8 flags (SPEC_FLAG_*)  u32 line (in the .wast)
 *              str name      module: its "$name"; register: the instance registered
 *                            ("" = the current module)
 *              str text      the expected trap or link message; register: the "as" name
 *              str module    the module's wasm bytes (module and assert_* on modules)
 *              u8 action     enum spec_action: none, invoke, get
 *              str target    the instance the action names ("" = the current module)
 *              str field     the export it invokes or reads
 *              u32 nargs      value{nargs}       arguments of an invoke
 *              u32 nexpected  value{nexpected}   results assert_return expects
 *   str      = u32 length  bytes{length}
 *   value    = u8 type (wasm value type)  u8 pattern (enum spec_pattern)  u64 bits
 *
 * The reader checks every length against the end of the pack: a damaged pack is an
 * error with a message, never a read out of bounds (the kernel reads it in ring 0).
 */
#ifndef SPEC_PACK_H
#define SPEC_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPEC_PACK_MAGIC "ATSPACK1"
#define SPEC_PACK_MAGIC_SIZE 8
#define SPEC_VALUE_SIZE 10        /* bytes of one value record */

/* The command kinds of wast2json, in the order MANIFEST.tsv counts them. */
enum spec_kind {
    SPEC_MODULE,
    SPEC_ASSERT_RETURN,
    SPEC_ASSERT_TRAP,             /* on an action, or on a module (its instantiation) */
    SPEC_ASSERT_EXHAUSTION,
    SPEC_ASSERT_INVALID,
    SPEC_ASSERT_MALFORMED,
    SPEC_ASSERT_UNLINKABLE,
    SPEC_ASSERT_UNINSTANTIABLE,
    SPEC_ACTION,
    SPEC_REGISTER,
    SPEC_KIND_COUNT
};

enum spec_action {
    SPEC_ACTION_NONE,
    SPEC_ACTION_INVOKE,
    SPEC_ACTION_GET,
};

/* The module of an assert_invalid/assert_malformed is in the text format: a test for
 * text parsers, which Atoll has none of (its `module` field is empty). */
#define SPEC_FLAG_TEXT_MODULE 1

/* A byte string inside the pack. */
struct spec_str {
    const uint8_t *bytes;
    uint32_t len;
};

/* One command, its strings pointing into the pack (which must outlive it). */
struct spec_command {
    uint8_t kind;                 /* enum spec_kind */
    uint8_t flags;
    uint32_t line;
    struct spec_str name, text, module;
    uint8_t action;               /* enum spec_action */
    struct spec_str target, field;
    uint32_t nargs, nexpected;
    const uint8_t *args;          /* nargs value records (spec_value_read) */
    const uint8_t *expected;      /* nexpected value records */
};

/* One script: its name and its commands (an array from wasm_alloc). */
struct spec_file {
    struct spec_str name;
    uint32_t ncommands;
    struct spec_command *commands;
};

/* A position in a pack, file by file. */
struct spec_pack {
    const uint8_t *pos, *end;
    uint32_t nfiles;              /* files in the pack */
    uint32_t files_read;
    char error[96];               /* why the last call returned false, if not the end */
};

/* Check the header of data[0..size). False with `error` set when it is no pack. */
bool spec_pack_open(struct spec_pack *pack, const uint8_t *data, size_t size);

/* Read the next file. False at the end (error "") or when the pack is damaged (error
 * set); the command array is then already freed. */
bool spec_pack_next(struct spec_pack *pack, struct spec_file *file);

/* Free a file's command array (not the pack's bytes). */
void spec_file_free(struct spec_file *file);

/* The name of a command kind as wast2json writes it ("assert_return"). */
const char *spec_kind_name(uint8_t kind);

#endif
