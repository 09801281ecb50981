/*
 * fpu.c — switch on SSE (the wasm compiler's float code needs it) and keep a clean
 * FXSAVE image from which every new thread starts. Kernel C never touches SSE
 * (-mgeneral-regs-only), so the scheduler saves and restores these registers only for
 * the threads that run compiled code, on every switch (docs/sched.md).
 */
#include "fpu.h"

#include "cpu.h"
#include "lib.h"

#define MXCSR_DEFAULT 0x1F80   /* all SIMD exceptions masked, round to nearest */

static struct fpu_state clean_state;

void fpu_init(void)
{
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP);
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    uint32_t mxcsr = MXCSR_DEFAULT;
    __asm__ volatile("fninit\n\t"
                     "ldmxcsr %0\n\t"
                     "pxor %%xmm0, %%xmm0\n\t"      /* XMM registers start as zero */
                     :
                     : "m"(mxcsr));
    fpu_save(&clean_state);
    memset(clean_state.image + 160, 0, 256);       /* XMM0-15 in the image: zero */
}

void fpu_state_init(struct fpu_state *state)
{
    memcpy(state, &clean_state, sizeof *state);
}
