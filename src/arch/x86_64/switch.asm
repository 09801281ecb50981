; switch.asm — the voluntary way into the scheduler: a call that looks like an interrupt.
;
; sched_yield, sched_wait, sched_sleep_ns and thread_exit call sched_switch_voluntary.
; It builds on the caller's stack the very struct trap_frame (trap.h) that the CPU and
; isr.asm build for an interrupt, as if `int 0x81` had struck just after this call
; returned; sched_switch (src/sched/sched.c) stores it and picks the next thread, whose
; frame is resumed by isr.asm's own exit path (isr_resume: pop registers, iretq). So a
; thread that yielded and one the timer preempted are saved alike and resumed alike.

; C prototype: void sched_switch_voluntary(void);   (src/sched/sched_internal.h)
; Machine state on entry: a System V call; RSP = 8 mod 16; interrupts on or off.
; Machine state on return (when the scheduler picks this thread again): every register
;   as it was at the call except RAX and RCX (scratch, which a C caller never expects
;   to keep), RFLAGS as at the call (so the interrupt flag too), RSP as after a `ret`.
;
; The stack while sched_switch runs (higher addresses first):
;   [caller's frame][return address]              <- RSP at entry
;   [alignment pad, 0 or 8 bytes]
;   SS, RSP (entry RSP + 8), RFLAGS, CS, RIP (the return address)   CPU part of the frame
;   error code 0, vector 0x81                                        isr.asm stub part
;   RAX RBX RCX RDX RSI RDI RBP R8 .. R15                 SAVE_REGISTERS (trapframe.inc)
;   = struct trap_frame, lowest address = RSP = RDI for the call

%include "trapframe.inc"

extern sched_switch, isr_resume
global sched_switch_voluntary

VEC_YIELD equ 0x81                  ; the vector `int 0x81` would push; no IDT gate needed

section .text
sched_switch_voluntary:
    mov rax, rsp                    ; RAX = entry RSP, pointing at our return address
    and rsp, -16                    ; align as the CPU does before pushing a frame
    mov ecx, ss
    push rcx                        ; SS
    lea rcx, [rax + 8]
    push rcx                        ; RSP the caller has once we "return"
    pushfq                          ; RFLAGS, with the caller's interrupt flag
    mov ecx, cs
    push rcx                        ; CS
    push qword [rax]                ; RIP = our return address
    push qword 0                    ; error code
    push qword VEC_YIELD            ; vector
    cli                             ; from here on, as in an interrupt gate: IF off
    SAVE_REGISTERS                  ; general registers, as isr_common saves them
    cld                             ; the C ABI expects the direction flag clear
    mov rdi, rsp                    ; argument: struct trap_frame *tf (16-byte aligned:
                                    ; 22 eight-byte words below an aligned RSP)
    call sched_switch               ; struct trap_frame *sched_switch(struct trap_frame *)
    jmp isr_resume                  ; RAX = the frame to resume: pop it, iretq

section .note.GNU-stack noalloc noexec nowrite progbits
