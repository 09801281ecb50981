; probe.asm — instructions that fault on purpose, at addresses a fault hook can know.
;
; The self-tests use these to provoke exceptions and to prove that a fault hook can
; resume execution elsewhere (as the SIP layer does, to turn a fault into a trap).
; A hook that sees a fault in probe_read64, probe_write8 or at probe_ud2_site (or in a
; function called at an address that cannot execute) may set the frame's RIP
; to probe_fault_landing: the probe then returns PROBE_FAULTED (all ones) to its
; caller, because the stack still holds the caller's return address.
;
; Machine state on entry and exit: System V ABI; nothing but RAX is changed.

section .text
global probe_read64, probe_write8, probe_ud2, probe_ud2_site, probe_fault_landing

; uint64_t probe_read64(uint64_t addr): the 8 bytes at addr.
probe_read64:
    mov rax, [rdi]                  ; the access that may fault
    ret

; uint64_t probe_write8(uint64_t addr, uint8_t value): stores value at addr; returns 0.
probe_write8:
    xor eax, eax                    ; RAX = 0: the store went through
    mov [rdi], sil                  ; the access that may fault
    ret

; uint64_t probe_ud2(void): executes ud2. Returns whatever RAX a hook left (0 if none).
probe_ud2:
    xor eax, eax                    ; RAX = 0 unless a hook changes it
probe_ud2_site:
    ud2                             ; invalid opcode: #UD, vector 6
    ret                             ; a hook that skips the 2-byte ud2 lands here

; Landing pad: return PROBE_FAULTED to the probe's caller.
probe_fault_landing:
    mov rax, -1                     ; PROBE_FAULTED
    ret

section .note.GNU-stack noalloc noexec nowrite progbits
