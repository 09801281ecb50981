/*
 * compile_check.c — decode and compile modules in both memory modes, and say only
 * whether that worked: no input may crash, hang or corrupt the compiler.
 *
 *   compile_check FILE...                      "FILE: ok" or "FILE: error at OFFSET: MESSAGE"
 *   compile_check --list LIST [--skip N]       the same for each path in LIST (one a line)
 *   compile_check --prefixes [--all N] [--sample K] FILE...
 *   compile_check --bitflips [--all N] [--sample K] FILE...
 *                                              every truncation / single-bit flip of each
 *                                              FILE up to N bytes; K chosen ones above;
 *                                              "FILE: prefixes V variants, A ok, E errors"
 *
 * Built with -fsanitize=address,undefined (test/suite-robust.sh): each input is compiled
 * from its own exactly-sized heap copy, so a read one byte past the end is caught.
 * Besides not crashing, every answer must be well formed: an error has a non-empty
 * message and an offset inside the module, and the two memory modes (guard regions,
 * bounds checks) agree, since validation does not depend on the mode. A broken rule
 * prints "FILE: BAD ..." and makes the exit status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "wasm.h"

static int bad;   /* broken rules so far */

/* The outcome of one input: ok, or the error that stopped it. */
struct outcome {
    bool ok;
    struct wasm_error err;
};

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        printf("%s: BAD cannot open\n", path);
        bad++;
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = malloc(n > 0 ? (size_t)n : 1);
    *size = n > 0 ? (size_t)n : 0;
    if (fread(bytes, 1, *size, f) != *size) {
        printf("%s: BAD cannot read\n", path);
        bad++;
        free(bytes);
        bytes = NULL;
    }
    fclose(f);
    return bytes;
}

/* Decode, then compile in one memory mode; everything is freed again. */
static struct outcome compile_once(const uint8_t *bytes, size_t size, bool bounds_checks)
{
    struct outcome o = { false, { 0, "" } };
    struct wasm_module m;
    if (!wasm_decode(&m, bytes, size, &o.err))
        return o;
    struct wasm_compile_options opt = { bounds_checks, NULL, NULL, NULL };
    struct wasm_code code;
    o.ok = wasm_compile(&m, &opt, &code, &o.err);
    if (o.ok)
        wasm_compiled_free(&code);
    wasm_module_free(&m);
    return o;
}

/* Both modes on an exactly-sized copy of bytes[0, size); checks the rules above.
 * `what` names the input in a BAD line. */
static struct outcome check(const uint8_t *bytes, size_t size, const char *file, const char *what)
{
    uint8_t *copy = malloc(size > 0 ? size : 1);
    memcpy(copy, bytes, size);
    struct outcome guard = compile_once(copy, size, false);
    struct outcome bounds = compile_once(copy, size, true);
    free(copy);
    if (guard.ok != bounds.ok || (!guard.ok && (guard.err.offset != bounds.err.offset ||
                                                strcmp(guard.err.message, bounds.err.message)))) {
        printf("%s: BAD %s: the modes disagree: guard %s at %u (%s), bounds %s at %u (%s)\n",
               file, what, guard.ok ? "ok" : "error", guard.err.offset, guard.err.message,
               bounds.ok ? "ok" : "error", bounds.err.offset, bounds.err.message);
        bad++;
    }
    if (!guard.ok && (guard.err.message[0] == '\0' || guard.err.offset > size)) {
        printf("%s: BAD %s: error at %u (module of %zu bytes) with message \"%s\"\n",
               file, what, guard.err.offset, size, guard.err.message);
        bad++;
    }
    return guard;
}

/* "FILE: ok" or "FILE: error at OFFSET: MESSAGE", after any BAD line about it. */
static void check_file(const char *path)
{
    size_t size;
    uint8_t *bytes = read_file(path, &size);
    if (bytes == NULL)
        return;
    struct outcome o = check(bytes, size, path, "the module");
    if (o.ok)
        printf("%s: ok\n", path);
    else
        printf("%s: error at %u: %s\n", path, o.err.offset, o.err.message);
    fflush(stdout);
    free(bytes);
}

/* A deterministic pseudo-random sequence (xorshift64), seeded by the file's bytes. */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

static uint64_t seed_of(const uint8_t *bytes, size_t size)
{
    uint64_t h = 1469598103934665603ull;   /* FNV-1a */
    for (size_t i = 0; i < size; i++)
        h = (h ^ bytes[i]) * 1099511628211ull;
    return h | 1;
}

/* Variant number i of `count` in [0, n): all of them when n <= all, else the first and
 * last 32 and a sample drawn from the file's seed in between. */
static size_t pick(size_t i, size_t n, size_t all, uint64_t *state)
{
    if (n <= all || i < 32)
        return i;
    if (i < 64)
        return n - 64 + i;
    return 32 + next_random(state) % (n - 64);
}

/* Truncations (bits == false) or single-bit flips of one file. */
static void variants(const char *path, bool bits, size_t all, size_t sample)
{
    size_t size;
    uint8_t *bytes = read_file(path, &size);
    if (bytes == NULL)
        return;
    size_t n = bits ? 8 * size : size;     /* every proper prefix: lengths 0..size-1 */
    size_t count = n <= all ? n : (sample < n ? sample : n);
    uint64_t state = seed_of(bytes, size);
    size_t accepted = 0;
    char what[64];
    for (size_t i = 0; i < count; i++) {
        size_t v = pick(i, n, all, &state);
        if (bits) {
            snprintf(what, sizeof what, "bit %zu flipped", v);
            bytes[v / 8] ^= (uint8_t)(1u << (v % 8));
            accepted += check(bytes, size, path, what).ok;
            bytes[v / 8] ^= (uint8_t)(1u << (v % 8));
        } else {
            snprintf(what, sizeof what, "first %zu bytes", v);
            accepted += check(bytes, v, path, what).ok;
        }
    }
    printf("%s: %s %zu variants, %zu ok, %zu errors\n", path, bits ? "bitflips" : "prefixes",
           count, accepted, count - accepted);
    fflush(stdout);
    free(bytes);
}

/* The paths listed in `list`, one a line, from line `skip` on (0-based). */
static void check_list(const char *list, long skip)
{
    FILE *f = fopen(list, "r");
    if (f == NULL) {
        printf("%s: BAD cannot open the list\n", list);
        bad++;
        return;
    }
    char line[4096];
    for (long i = 0; fgets(line, sizeof line, f) != NULL; i++) {
        line[strcspn(line, "\r\n")] = '\0';
        if (i >= skip && line[0] != '\0')
            check_file(line);
    }
    fclose(f);
}

static int usage(void)
{
    fprintf(stderr, "usage: compile_check FILE...\n"
                    "       compile_check --list LIST [--skip N]\n"
                    "       compile_check --prefixes|--bitflips [--all N] [--sample K] FILE...\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    if (!strcmp(argv[1], "--list")) {
        if (argc != 3 && !(argc == 5 && !strcmp(argv[3], "--skip")))
            return usage();
        check_list(argv[2], argc == 5 ? atol(argv[4]) : 0);
        return bad != 0;
    }
    if (!strcmp(argv[1], "--prefixes") || !strcmp(argv[1], "--bitflips")) {
        bool bits = argv[1][2] == 'b';
        size_t all = 1024, sample = 512;
        int i = 2;
        for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
            if (!strcmp(argv[i], "--all"))
                all = (size_t)atol(argv[i + 1]);
            else if (!strcmp(argv[i], "--sample"))
                sample = (size_t)atol(argv[i + 1]);
            else
                return usage();
        }
        for (; i < argc; i++)
            variants(argv[i], bits, all, sample);
        return bad != 0;
    }
    for (int i = 1; i < argc; i++)
        check_file(argv[i]);
    return bad != 0;
}
