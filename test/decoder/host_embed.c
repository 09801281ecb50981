/*
 * host_embed.c — the smallest embedding (embed.h) the decoder's host tests need:
 * heap memory from the C library. It stands in until tools/host_embed.c, the full host
 * embedding, exists; then the tests link that one and this file goes away.
 */
#include <stdlib.h>

#include "embed.h"

void *wasm_alloc(size_t size)
{
    return calloc(1, size);
}

void wasm_free(void *ptr)
{
    free(ptr);
}
