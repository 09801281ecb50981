; isr.asm — the entry stubs of all 48 interrupt vectors and their common path.
;
; Each stub makes the stack look the same whatever the vector: if the CPU pushed no
; error code the stub pushes 0, then it pushes the vector number. isr_common saves
; every general register, calls trap_dispatch (trap.c) with a pointer to this
; struct trap_frame, and resumes whichever frame trap_dispatch returns.

; Machine state on entry to a stub (ring 0 -> ring 0, 64-bit interrupt gate):
;   interrupts off (interrupt gate clears IF); RSP aligned down to 16 by the CPU, then
;   SS, RSP, RFLAGS, CS, RIP [, error code] pushed. #DF runs on its IST stack (gdt.c).
; Machine state on exit (iretq): the registers of the frame trap_dispatch returned;
;   RIP, CS, RFLAGS, RSP, SS from that frame.

%include "trapframe.inc"

extern trap_dispatch
global isr_resume                   ; the exit path, shared with switch.asm's voluntary switch

; ISR vector, has_error_code: one stub. The frame layout must match struct trap_frame.
%macro ISR 2
isr_%1:
%if %2 == 0
    push qword 0                    ; no error code from the CPU: push a 0 in its place
%endif
    push qword %1                   ; the vector number
    jmp isr_common
%endmacro

section .text

; Vectors where the CPU pushes an error code: 8, 10-14, 17, 21, 29, 30.
ISR 0, 0
ISR 1, 0
ISR 2, 0
ISR 3, 0
ISR 4, 0
ISR 5, 0
ISR 6, 0
ISR 7, 0
ISR 8, 1
ISR 9, 0
ISR 10, 1
ISR 11, 1
ISR 12, 1
ISR 13, 1
ISR 14, 1
ISR 15, 0
ISR 16, 0
ISR 17, 1
ISR 18, 0
ISR 19, 0
ISR 20, 0
ISR 21, 1
ISR 22, 0
ISR 23, 0
ISR 24, 0
ISR 25, 0
ISR 26, 0
ISR 27, 0
ISR 28, 0
ISR 29, 1
ISR 30, 1
ISR 31, 0
%assign irq_vector 32
%rep 16                             ; the 16 legacy IRQs: no error code
ISR irq_vector, 0
%assign irq_vector irq_vector + 1
%endrep

; Save the general registers (struct trap_frame, from r15 at the lowest address).
isr_common:
    SAVE_REGISTERS                  ; trapframe.inc: rax ... r15
    cld                             ; the C ABI expects the direction flag clear
    mov rdi, rsp                    ; argument: struct trap_frame *tf
                                    ; RSP is 16-aligned for the call: the CPU aligned it,
                                    ; then 5 + 2 + 15 = 22 eight-byte words were pushed
    call trap_dispatch              ; struct trap_frame *trap_dispatch(struct trap_frame *)
isr_resume:                         ; RAX = a struct trap_frame to resume
    mov rsp, rax                    ; resume the frame it returned (maybe another thread's)
    RESTORE_REGISTERS               ; trapframe.inc: r15 ... rax
    add rsp, 16                     ; drop the vector and the error code
    iretq                           ; pops RIP, CS, RFLAGS, RSP, SS

; The stubs' addresses, indexed by vector, for idt.c.
section .rodata
global isr_stub_table
isr_stub_table:
%assign vector 0
%rep 48
    dq isr_ %+ vector
%assign vector vector + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
