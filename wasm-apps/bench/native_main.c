/*
 * native_main.c — the native harness for the benchmark programs.
 *
 * Each program in this folder is also compiled natively (same source, same flags, only
 * the target differs) and linked with this file. It calls run(n) once and prints the
 * same two facts the wasm engines report: the checksum and the time of that one call.
 *     usage: PROGRAM N    ->    result CHECKSUM run SECONDS
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint64_t run(int n);

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s N\n", argv[0]);
        return 2;
    }
    int n = atoi(argv[1]);
    double start = now_seconds();
    uint64_t result = run(n);
    double elapsed = now_seconds() - start;
    printf("result %llu run %.6f\n", (unsigned long long)result, elapsed);
    return 0;
}
