/*
 * mandel.c — float loops: the Mandelbrot set in f64.
 *
 * The inner loop is a handful of f64 multiplies and adds, a compare and a counter: it
 * measures how values live in XMM registers across a loop and how f64 compares feed
 * branches. No fused multiply-add is used on either side (wasm has none, and the native
 * build targets plain x86-64), so every engine computes bit-identical iteration counts.
 */
#include <stdint.h>

enum { WIDTH = 256, HEIGHT = 256, MAX_ITER = 200 };

/* Iterations before z = z^2 + c escapes |z| > 2, at most MAX_ITER. */
static uint32_t escape_time(double cr, double ci)
{
    double zr = 0.0, zi = 0.0;
    uint32_t iter = 0;
    while (iter < MAX_ITER && zr * zr + zi * zi <= 4.0) {
        double next_zr = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = next_zr;
        iter++;
    }
    return iter;
}

/* Renders n rows of a WIDTH x HEIGHT view of [-2, 0.5] x [-1.25, 1.25], wrapping
 * around the image; returns a position-weighted sum of the iteration counts. */
uint64_t run(int n)
{
    uint64_t sum = 0;
    for (int row = 0; row < n; row++) {
        double ci = -1.25 + 2.5 * (row % HEIGHT) / HEIGHT;
        for (int col = 0; col < WIDTH; col++) {
            double cr = -2.0 + 2.5 * col / WIDTH;
            sum = sum * 3 + escape_time(cr, ci);
        }
    }
    return sum;
}
