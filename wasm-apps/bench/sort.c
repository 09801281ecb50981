/*
 * sort.c — sorting: quicksort of 65,536 pseudo-random 32-bit numbers.
 *
 * Median-of-three quicksort (Hoare partition) with insertion sort below 16 elements,
 * recursing on the smaller side. It measures unpredictable compares and branches,
 * loads and stores through moving indices, and recursive calls.
 */
#include <stdint.h>

enum { COUNT = 1 << 16, SMALL = 16 };

static uint32_t keys[COUNT];

/* Sort v[0..count) in place: the short ranges quicksort leaves (SMALL or fewer). */
static void insertion_sort(uint32_t *v, int count)
{
    for (int i = 1; i < count; i++) {
        uint32_t key = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > key) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = key;
    }
}

static void swap(uint32_t *v, int i, int j)
{
    uint32_t t = v[i];
    v[i] = v[j];
    v[j] = t;
}

/* Sorts v[0..count) in place. */
static void quicksort(uint32_t *v, int count)
{
    while (count > SMALL) {
        int mid = count / 2;                  /* median of three into v[mid] */
        if (v[mid] < v[0]) swap(v, mid, 0);
        if (v[count - 1] < v[0]) swap(v, count - 1, 0);
        if (v[count - 1] < v[mid]) swap(v, count - 1, mid);
        uint32_t pivot = v[mid];
        int i = -1, j = count;
        for (;;) {                            /* Hoare: v[..i] <= pivot <= v[j..] */
            do i++; while (v[i] < pivot);
            do j--; while (v[j] > pivot);
            if (i >= j)
                break;
            swap(v, i, j);
        }
        int left = j + 1;                     /* v[0..left) and v[left..count) */
        if (left < count - left) {
            quicksort(v, left);
            v += left;
            count -= left;
        } else {
            quicksort(v + left, count - left);
            count = left;
        }
    }
    insertion_sort(v, count);
}

/* n rounds of fill (xorshift32) and sort; returns a position-weighted checksum. */
uint64_t run(int n)
{
    uint32_t x = 2463534242u;
    uint64_t sum = 0;
    for (int round = 0; round < n; round++) {
        for (int i = 0; i < COUNT; i++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            keys[i] = x;
        }
        quicksort(keys, COUNT);
        for (int i = 1; i < COUNT; i++)
            if (keys[i - 1] > keys[i])
                return 0;                     /* not sorted: a wrong checksum on purpose */
        for (int i = 0; i < COUNT; i += 64)
            sum = sum * 31 + keys[i];
    }
    return sum;
}
