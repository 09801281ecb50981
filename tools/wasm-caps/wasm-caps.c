/*
 * wasm-caps.c — read or write the "atoll.caps" section of a wasm module (docs/caps.md).
 *
 *   wasm-caps print MODULE.wasm              the declaration, one resource per line
 *   wasm-caps set MODULE.wasm SPEC -o OUT    OUT = MODULE with SPEC as its declaration
 *   wasm-caps raw MODULE.wasm HEX -o OUT     the same with the payload's bytes in hex
 *
 * C drivers declare their needs with ATOLL_CAPS (atoll.h); this tool is how a module
 * written in WAT, or built by any other toolchain, gets the same section. SPEC is the
 * grant syntax ("io:0x60:rw,io:0x64:rw,irq:1"), so what `print` shows can be given back
 * to `set`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/compiler/caps_decl.h"
#include "../../src/compiler/leb128.h"
#include "host_embed.h"

/* `print`: the module's declaration, or that it has none; 1 when it is malformed. */
static int print_caps(const char *path)
{
    size_t size;
    uint8_t *bytes = host_read_file("wasm-caps", path, &size);
    if (bytes == NULL)
        return 1;
    struct wasm_module m;
    struct wasm_error err = { 0, "" };
    struct caps_decl decl;
    int status = 1;
    if (!wasm_decode(&m, bytes, size, &err)) {
        fprintf(stderr, "%s:0x%x: error: %s\n", path, err.offset, err.message);
    } else {
        if (!caps_from_module(&m, &decl, &err)) {
            fprintf(stderr, "%s:0x%x: error: %s\n", path, err.offset, err.message);
        } else if (!decl.present) {
            printf("%s: no atoll.caps section\n", path);
            status = 0;
        } else {
            printf("%s: atoll.caps version %u at offset 0x%x, %u entr%s\n", path, CAPS_VERSION,
                   decl.offset, decl.count, decl.count == 1 ? "y" : "ies");
            for (uint32_t i = 0; i < decl.count; i++) {
                char text[64];
                caps_format_entry(text, sizeof text, &decl.entries[i]);
                printf("  0x%06x  %s\n", decl.entries[i].offset, text);
            }
            status = 0;
        }
        wasm_module_free(&m);
    }
    free(bytes);
    return status;
}

/* ---- Writing a module with a new section ---- */

/* v as unsigned LEB128 at out; returns its length (1-5 bytes). */
static size_t put_leb(uint8_t *out, uint32_t v)
{
    size_t n = 0;
    do {
        out[n] = (uint8_t)(v & 0x7F);
        v >>= 7;
        if (v)
            out[n] |= 0x80;
        n++;
    } while (v);
    return n;
}

/* Copy every section of `in` but an atoll.caps one, then the new section. */
static int write_module(const char *in_path, const uint8_t *payload, size_t payload_size,
                        const char *out_path)
{
    size_t size;
    uint8_t *bytes = host_read_file("wasm-caps", in_path, &size);
    if (bytes == NULL)
        return 1;
    if (size < 8 || memcmp(bytes, "\0asm\1\0\0\0", 8) != 0) {
        fprintf(stderr, "wasm-caps: %s is not a wasm 1.0 module\n", in_path);
        free(bytes);
        return 1;
    }
    FILE *out = fopen(out_path, "wb");
    if (out == NULL) {
        fprintf(stderr, "wasm-caps: cannot write %s\n", out_path);
        free(bytes);
        return 1;
    }
    fwrite(bytes, 1, 8, out);
    struct wasm_error err = { 0, "" };
    struct wasm_reader r;
    wasm_reader_init(&r, bytes, 8, size, &err);
    int status = 0;
    while (!wasm_reader_at_end(&r)) {
        size_t start = r.pos;
        uint8_t id;
        struct wasm_reader body;
        struct wasm_name name = { 0 };
        if (!wasm_read_u8(&r, &id) || !wasm_read_sub(&r, &body) ||
            (id == 0 && !wasm_read_name(&body, &name))) {
            fprintf(stderr, "%s:0x%x: error: %s\n", in_path, err.offset, err.message);
            status = 1;
            break;
        }
        if (!(id == 0 && wasm_name_eq(name, CAPS_SECTION_NAME)))
            fwrite(bytes + start, 1, r.pos - start, out);
    }
    uint8_t header[16];
    size_t name_len = strlen(CAPS_SECTION_NAME);
    size_t n = 0;
    header[n++] = 0;                                        /* custom section */
    n += put_leb(header + n, (uint32_t)(1 + name_len + payload_size));
    header[n++] = (uint8_t)name_len;
    fwrite(header, 1, n, out);
    fwrite(CAPS_SECTION_NAME, 1, name_len, out);
    fwrite(payload, 1, payload_size, out);
    fclose(out);
    free(bytes);
    return status;
}

/* `set`: SPEC parsed in the grant syntax, encoded as the section's payload. */
static int set_caps(const char *in_path, const char *spec, const char *out_path)
{
    struct caps_decl decl;
    struct wasm_error err = { 0, "" };
    if (!caps_parse_text(spec, strlen(spec), &decl, &err)) {
        fprintf(stderr, "wasm-caps: \"%s\" at column %u: %s\n", spec, err.offset, err.message);
        return 1;
    }
    uint8_t payload[CAPS_MAX_ENTRIES * 12 + 1];
    size_t n = caps_encode(&decl, payload, sizeof payload);
    return write_module(in_path, payload, n, out_path);
}

/* `raw`: the payload given as hex bytes, whatever they mean. */
static int raw_caps(const char *in_path, const char *hex, const char *out_path)
{
    size_t len = strlen(hex), n = 0;
    uint8_t *payload = malloc(len / 2 + 1);
    for (size_t i = 0; hex[i]; i += 2) {
        unsigned byte;
        if (hex[i + 1] == '\0' || sscanf(hex + i, "%2x", &byte) != 1) {
            fprintf(stderr, "wasm-caps: \"%s\" is not hex bytes\n", hex);
            free(payload);
            return 1;
        }
        payload[n++] = (uint8_t)byte;
    }
    int status = write_module(in_path, payload, n, out_path);
    free(payload);
    return status;
}

static int usage(void)
{
    fprintf(stderr, "usage: wasm-caps print MODULE.wasm\n"
                    "       wasm-caps set MODULE.wasm SPEC -o OUT.wasm   (SPEC: io:0x60:rw,irq:1)\n"
                    "       wasm-caps raw MODULE.wasm HEX -o OUT.wasm    (the payload's bytes)\n");
    return 2;
}

/* `raw` writes any bytes at all, for tests of malformed sections. An existing atoll.caps
 * section is replaced; the new one goes at the end of the module (custom sections may
 * appear anywhere). `print` decodes the module as the kernel does and reads the section
 * with the kernel's own parser (src/compiler/caps_decl.c). */
int main(int argc, char **argv)
{
    host_embed_init();
    if (argc == 3 && strcmp(argv[1], "print") == 0)
        return print_caps(argv[2]);
    if (argc == 6 && strcmp(argv[4], "-o") == 0 && strcmp(argv[1], "set") == 0)
        return set_caps(argv[2], argv[3], argv[5]);
    if (argc == 6 && strcmp(argv[4], "-o") == 0 && strcmp(argv[1], "raw") == 0)
        return raw_caps(argv[2], argv[3], argv[5]);
    return usage();
}
