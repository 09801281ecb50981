/*
 * fpu.h — x87/SSE state: turned on once at boot, saved and restored per thread.
 *
 * Kernel C never uses these registers (-mgeneral-regs-only), so interrupts need not
 * save them; compiled wasm code does. A scheduler switching threads calls
 * fpu_save(old) and fpu_restore(new), each thread owning one struct fpu_state.
 */
#ifndef ATOLL_FPU_H
#define ATOLL_FPU_H

#include <stdint.h>

/* The 512-byte FXSAVE image (x87, MXCSR, XMM0-15), 16-byte aligned as FXSAVE demands. */
struct fpu_state {
    uint8_t image[512];
} __attribute__((aligned(16)));

/* Enable SSE: CR0.EM off, CR0.MP on, CR4.OSFXSR and CR4.OSXMMEXCPT on; reset the
 * units and record the clean state fpu_state_init hands out. */
void fpu_init(void);

/* A new thread's state: empty x87 stack, MXCSR = 0x1F80 (all exceptions masked,
 * round to nearest), XMM registers zero. */
void fpu_state_init(struct fpu_state *state);

static inline void fpu_save(struct fpu_state *state)
{
    __asm__ volatile("fxsave64 %0" : "=m"(*state));
}

static inline void fpu_restore(const struct fpu_state *state)
{
    __asm__ volatile("fxrstor64 %0" : : "m"(*state));
}

#endif
