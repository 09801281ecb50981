/*
 * spec_pack.c — the command that makes a spec pack (pack.h) out of wast2json scripts:
 *
 *   spec_pack -o OUT.pack FILE.json...
 *
 * The scripts go into the pack in the order given. A script that cannot be converted
 * stops the tool with a message (exit status 1) and no pack is written: a pack that
 * silently lacked a script would make a kernel run look complete when it was not.
 */
#include <stdio.h>
#include <string.h>

#include "pack_write.h"

int main(int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[1], "-o") != 0) {
        fprintf(stderr, "usage: spec_pack -o OUT.pack FILE.json...\n");
        return 2;
    }
    const char *out_path = argv[2];
    struct spec_pack_writer w;
    char why[512];
    if (!spec_writer_init(&w)) {
        fprintf(stderr, "spec_pack: out of memory\n");
        return 1;
    }
    for (int i = 3; i < argc; i++) {
        if (!spec_writer_add_json(&w, argv[i], why, sizeof why)) {
            fprintf(stderr, "spec_pack: %s: %s\n", argv[i], why);
            spec_writer_free(&w);
            return 1;
        }
    }
    spec_writer_finish(&w);
    FILE *f = fopen(out_path, "wb");
    bool ok = f && fwrite(w.data, 1, w.len, f) == w.len;
    ok = f && fclose(f) == 0 && ok;
    if (!ok)
        fprintf(stderr, "spec_pack: cannot write %s\n", out_path);
    else
        printf("%s: %u scripts, %zu bytes\n", out_path, w.nfiles, w.len);
    spec_writer_free(&w);
    return ok ? 0 : 1;
}
