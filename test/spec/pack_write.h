/*
 * pack_write.h — making spec packs (pack.h) from wast2json output; host only.
 *
 * A writer grows one buffer: the header first, then each script added, converted
 * command by command, with the bytes of every .wasm file it names copied in.
 */
#ifndef SPEC_PACK_WRITE_H
#define SPEC_PACK_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spec_pack_writer {
    uint8_t *data;                /* the pack so far: data[0..len) */
    size_t len, cap;
    uint32_t nfiles;
};

/* Start an empty pack. False when out of memory. */
bool spec_writer_init(struct spec_pack_writer *w);

/* Append the script in `json_path` (its .wasm files are beside it). On failure the pack
 * is unchanged and `why` says what was wrong (with the command's line). */
bool spec_writer_add_json(struct spec_pack_writer *w, const char *json_path,
                          char *why, size_t why_size);

/* Write the file count into the header: data[0..len) is then a complete pack. */
void spec_writer_finish(struct spec_pack_writer *w);

void spec_writer_free(struct spec_pack_writer *w);

#endif
