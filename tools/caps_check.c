/*
 * caps_check.c — `atoll-run --caps [--grant SPEC]`: a driver module checked and compiled
 * as the kernel would load it (docs/caps.md).
 *
 * The module's atoll.caps section is read with the kernel's parser and compared with
 * the grant (SPEC in grant syntax; without --grant, the declaration itself is taken as
 * granted), its imports are checked against it, and its port imports are marked as
 * intrinsics, so that wasm_compile checks every constant port at compile time and
 * emits in/out inline — which --dump then shows. What only the running kernel knows
 * (the ports it keeps for itself, the other SIPs' claims) is not checked here. The
 * module is not run: port I/O needs ring 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atoll-run.h"
#include "../src/compiler/caps_decl.h"

static struct caps_decl declared;
static uint8_t port_read[CAPS_BITMAP_BYTES], port_write[CAPS_BITMAP_BYTES];
static struct wasm_intrinsics intrinsics;

/* "func 1 atoll.in8" for each port import, and what becomes of it. */
static void print_port_imports(const struct wasm_module *m, const uint8_t *kinds)
{
    static const char *const widths[] = { "", "in8", "in16", "in32", "out8", "out16", "out32" };
    for (uint32_t f = 0; f < m->nfunc_imports; f++)
        if (kinds[f] != WASM_INTRINSIC_NONE)
            printf("caps: func %u (atoll.%s): inline in/out where the port is a constant "
                   "(checked now), a call checked at run time elsewhere\n", f, widths[kinds[f]]);
}

const struct wasm_intrinsics *caps_check(const char *path, const struct wasm_module *m,
                                         const char *grant_text, bool *ok)
{
    struct wasm_error err = { 0, "" };
    struct caps_decl grant;
    *ok = false;
    if (!caps_from_module(m, &declared, &err) || !caps_check_imports(m, &declared, &err)) {
        fprintf(stderr, "%s:0x%x: error: %s\n", path, err.offset, err.message);
        return NULL;
    }
    if (grant_text == NULL)
        grant = declared;
    else if (!caps_parse_text(grant_text, strlen(grant_text), &grant, &err)) {
        fprintf(stderr, "atoll-run: --grant \"%s\" at column %u: %s\n", grant_text, err.offset,
                err.message);
        return NULL;
    }
    printf("caps: %s: %s\n", path, declared.present ? "atoll.caps section" : "no atoll.caps section");
    for (uint32_t i = 0; i < declared.count; i++) {
        char text[64];
        caps_format_entry(text, sizeof text, &declared.entries[i]);
        printf("caps:   0x%06x  %s\n", declared.entries[i].offset, text);
    }
    const char *shown = grant_text != NULL ? grant_text : "the declaration itself, no --grant";
    if (!caps_check_granted(&declared, &grant, shown, strlen(shown), &err)) {
        fprintf(stderr, "%s:0x%x: error: %s\n", path, err.offset, err.message);
        return NULL;
    }
    printf("caps: every entry is granted (grant: %s)\n", shown);
    *ok = true;
    if (!caps_declares(&declared, CAPS_IO))
        return NULL;
    uint8_t *kinds = calloc(m->nfunc_imports + 1, 1);
    caps_port_bitmaps(&declared, port_read, port_write);
    caps_intrinsic_kinds(m, kinds);
    print_port_imports(m, kinds);
    intrinsics = (struct wasm_intrinsics){ kinds, port_read, port_write };
    return &intrinsics;
}
