; boot.asm — from GRUB to kmain: Multiboot2 header, 32-bit entry, page tables, long mode.
;
; GRUB loads kernel.elf at 1 MiB and jumps to boot_start in 32-bit protected mode. This
; stub checks it really was started by a Multiboot2 loader on a 64-bit CPU, builds the
; boot page tables (identity map, direct map, higher-half kernel window), turns on long
; mode, and calls kmain in the higher half. Everything here runs once, on one CPU.
; The page tables built here stay in use: paging.c adopts them (boot_pml4), removes the
; identity map and makes everything but .text non-executable (every page here is
; writable and executable, since this stub first runs at low addresses). Constants
; must agree with memlayout.h. See docs/boot.md.

; Machine state on entry (Multiboot2 specification, i386 machine state):
;   32-bit protected mode, paging off, interrupts off, A20 gate on
;   CS = flat 4 GiB code segment; DS, ES, FS, GS, SS = flat 4 GiB data segments
;   EAX = 0x36D76289 (the loader's magic), EBX = physical address of the boot information
;   ESP undefined (we load our own before the first push)
; Machine state on exit (the call to kmain(magic, info_phys)):
;   64-bit long mode, paging on with boot_pml4, executing at 0xFFFFFFFF8xxxxxxx
;   RSP = boot_stack_top (16-byte aligned); the page below the stack is unmapped (guard)
;   RDI = loader magic (zero-extended), RSI = physical address of the boot information
;   CR0.WP and EFER.NXE set; interrupts still off; SSE not enabled yet (fpu.c does it)

KERNEL_VMA      equ 0xFFFFFFFF80000000  ; where the kernel is linked (kernel.ld)
%define V2P(a)  ((a) - KERNEL_VMA)      ; physical address of a higher-half symbol

MB2_MAGIC       equ 0xE85250D6          ; Multiboot2 header magic, searched for by GRUB
MB2_ARCH_I386   equ 0                   ; "start me in 32-bit protected mode"
MB2_LOADER_MAGIC equ 0x36D76289         ; what a Multiboot2 loader leaves in EAX

PTE_P           equ 1 << 0              ; page-table entry: present
PTE_W           equ 1 << 1              ; page-table entry: writable
PTE_PS          equ 1 << 7              ; page-directory entry: 2 MiB page, not a table
PTE_PW          equ PTE_P | PTE_W

CR0_PG          equ 1 << 31             ; paging
CR0_WP          equ 1 << 16             ; ring 0 honours read-only pages
CR4_PAE         equ 1 << 5              ; physical address extension (required by long mode)
MSR_EFER        equ 0xC0000080          ; extended feature enable register
EFER_LME        equ 1 << 8              ; long mode enable
EFER_NXE        equ 1 << 11             ; no-execute bit usable in page tables

COM1            equ 0x3F8               ; first serial port (data register)
VGA_TEXT        equ 0xB8000             ; physical address of the VGA text screen

BOOT_STACK_SIZE equ 16384

; ---------------------------------------------------------------------------------------
; The Multiboot2 header: magic, architecture, length, checksum, then tags (8-aligned).
; ---------------------------------------------------------------------------------------
section .multiboot progbits alloc noexec nowrite align=8
align 8
mb2_header:
    dd MB2_MAGIC                        ; magic
    dd MB2_ARCH_I386                    ; architecture
    dd mb2_header_end - mb2_header      ; header length
    dd 0x100000000 - (MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
                                        ; checksum: the four fields sum to 0 mod 2^32
    align 8
    dw 6                                ; tag type 6: module alignment...
    dw 0                                ; ...flags (required = 0: fine if unsupported)
    dd 8                                ; ...size: load every module on a page boundary
    align 8
    dw 0                                ; end tag: type 0
    dw 0                                ; flags
    dd 8                                ; size
mb2_header_end:

; An ELF note that lets QEMU's `-kernel` (PVH boot) start us too, at boot_start, without
; a Multiboot2 loader. It exists for one test (test/suite-boot.sh, "nomb2"): started that
; way, EAX does not hold the Multiboot2 magic and the stub must say so and halt.
section .note.xen note alloc noexec nowrite align=4
    dd 4                                ; name size ("Xen" and its NUL)
    dd 4                                ; descriptor size
    dd 18                               ; type: XEN_ELFNOTE_PHYS32_ENTRY
    db "Xen", 0                         ; name
    dd boot_start                       ; descriptor: the 32-bit entry point

; ---------------------------------------------------------------------------------------
; 32-bit entry. Runs at its physical address (the .boot section is linked there).
; Higher-half symbols are reached through V2P() until paging is on.
; ---------------------------------------------------------------------------------------
section .boot.text progbits alloc exec nowrite align=16
bits 32
global boot_start
boot_start:
    mov edi, eax                        ; keep the loader magic: kmain's 1st argument
    rdtsc                               ; EDX:EAX = time-stamp counter: the kernel's time 0
    mov [V2P(boot_entry_tsc)], eax      ; kept for bench=sip (sip_bench.c), which times
    mov [V2P(boot_entry_tsc) + 4], edx  ; kernel entry to the first SIP's first output
    mov esp, V2P(boot_stack_top)        ; our stack, at its physical address for now
    mov esi, ebx                        ; keep the info address: kmain's 2nd argument
    cmp edi, MB2_LOADER_MAGIC           ; started by a Multiboot2 loader?
    jne .bad_magic                      ; no: say so and stop
    call check_cpu                      ; long mode and NX present, or fail loudly
    call build_page_tables              ; identity, direct map and kernel window
    call enable_long_mode               ; PAE, CR3, EFER.LME/NXE, CR0.PG/WP
    lgdt [boot_gdt_ptr]                 ; a GDT with a 64-bit code segment
    jmp 0x08:long_mode_entry            ; far jump loads CS: now in 64-bit mode
.bad_magic:
    mov ebx, msg_bad_magic              ; the message for boot_fail
    jmp boot_fail                       ; never returns

; check_cpu: fail unless CPUID reports long mode (bit 29) and NX (bit 20) in 0x80000001.
; Clobbers EAX, EBX, ECX, EDX.
check_cpu:
    mov eax, 0x80000000                 ; highest extended CPUID leaf?
    cpuid                               ; EAX = highest leaf
    mov ebx, msg_no_long_mode           ; message in case we fail
    cmp eax, 0x80000001                 ; is leaf 0x80000001 there?
    jb boot_fail                        ; no: not a 64-bit CPU
    mov eax, 0x80000001                 ; extended feature flags
    cpuid                               ; EDX = feature bits (clobbers EBX)
    mov ebx, msg_no_long_mode           ; reload the message pointer
    test edx, 1 << 29                   ; LM: long mode
    jz boot_fail                        ; missing: stop
    mov ebx, msg_no_nx                  ; message for the next test
    test edx, 1 << 20                   ; NX: no-execute pages
    jz boot_fail                        ; missing: stop
    ret

; build_page_tables: fill the boot tables (all zero in .bss, which GRUB cleared).
;   PML4[0]   -> boot_pdpt_low : identity map of 0..4 GiB (2 MiB pages), removed later
;   PML4[256] -> boot_pdpt_low : the same tables again = direct map at 0xFFFF800000000000
;   PML4[511] -> boot_pdpt_high, whose entry 510 -> boot_pd_kernel -> boot_pt_kernel:
;                0xFFFFFFFF80000000 + x -> x for x < 8 MiB, 4 KiB pages, guard page unmapped
; Clobbers EAX, ECX.
build_page_tables:
    mov eax, V2P(boot_pdpt_low) + PTE_PW        ; entry for the low PDPT
    mov [V2P(boot_pml4) + 0 * 8], eax           ; identity map
    mov [V2P(boot_pml4) + 256 * 8], eax         ; direct map (same PDPT)
    mov eax, V2P(boot_pdpt_high) + PTE_PW       ; entry for the kernel-window PDPT
    mov [V2P(boot_pml4) + 511 * 8], eax         ; top 512 GiB

    mov eax, V2P(boot_pd) + PTE_PW              ; first of the four page directories
    xor ecx, ecx                                ; ecx = PDPT index 0..3
.pdpt_loop:
    mov [V2P(boot_pdpt_low) + ecx * 8], eax     ; 1 GiB each
    add eax, 4096                               ; next page directory
    inc ecx
    cmp ecx, 4
    jb .pdpt_loop

    xor ecx, ecx                                ; ecx = 2 MiB page number 0..2047
.pd_loop:
    mov eax, ecx                                ; address = ecx * 2 MiB: low 32 bits...
    shl eax, 21                                 ; ...are ecx << 21 (wrapping)
    or eax, PTE_PW | PTE_PS                     ; present, writable, 2 MiB page
    mov [V2P(boot_pd) + ecx * 8], eax           ; low half of the entry
    mov eax, ecx                                ; high 32 bits of the address...
    shr eax, 11                                 ; ...are ecx >> 11
    mov [V2P(boot_pd) + ecx * 8 + 4], eax       ; high half of the entry
    inc ecx
    cmp ecx, 2048                               ; 4 GiB / 2 MiB
    jb .pd_loop

    mov eax, V2P(boot_pd_kernel) + PTE_PW       ; kernel window: -2 GiB
    mov [V2P(boot_pdpt_high) + 510 * 8], eax    ; PDPT index 510 of the top 512 GiB
    mov eax, V2P(boot_pt_kernel) + PTE_PW       ; first of four page tables
    xor ecx, ecx                                ; ecx = PD index 0..3
.pdk_loop:
    mov [V2P(boot_pd_kernel) + ecx * 8], eax    ; 2 MiB per page table
    add eax, 4096
    inc ecx
    cmp ecx, 4
    jb .pdk_loop

    xor ecx, ecx                                ; ecx = 4 KiB page number 0..2047
.pt_loop:
    mov eax, ecx                                ; physical address = ecx * 4 KiB
    shl eax, 12
    or eax, PTE_PW                              ; present, writable
    mov [V2P(boot_pt_kernel) + ecx * 8], eax    ; (high half stays 0: below 4 GiB)
    inc ecx
    cmp ecx, 2048                               ; 8 MiB / 4 KiB
    jb .pt_loop

    mov eax, V2P(boot_stack_guard)              ; the guard page's physical address
    shr eax, 12                                 ; = its index in boot_pt_kernel
    mov dword [V2P(boot_pt_kernel) + eax * 8], 0 ; not present: a stack overflow faults
    ret

; enable_long_mode: PAE on, CR3 = boot_pml4, EFER.LME and NXE, then paging and WP.
; After this we run in compatibility mode (32-bit code, identity mapped) until the far jump.
; Clobbers EAX, ECX, EDX.
enable_long_mode:
    mov eax, cr4
    or eax, CR4_PAE                             ; 64-bit page tables
    mov cr4, eax
    mov eax, V2P(boot_pml4)                     ; physical address of the PML4
    mov cr3, eax
    mov ecx, MSR_EFER                           ; read EFER into EDX:EAX
    rdmsr
    or eax, EFER_LME | EFER_NXE                 ; long mode, no-execute bit allowed
    wrmsr
    mov eax, cr0
    or eax, CR0_PG | CR0_WP                     ; paging on: long mode becomes active
    mov cr0, eax
    ret                                         ; the stack is identity mapped: fine

; boot_fail: print the NUL-terminated message at EBX on COM1 and the VGA screen; halt.
; Works with paging off, before any initialisation (QEMU's UART needs none to transmit).
boot_fail:
    mov edi, VGA_TEXT                           ; next character cell on screen
.next_char:
    mov al, [ebx]                               ; next byte of the message
    test al, al                                 ; end of string?
    jz .halt
    mov ah, 0x4F                                ; white on red
    mov [edi], ax                               ; character + attribute
    add edi, 2                                  ; next cell
    mov cl, al                                  ; keep the character
    mov dx, COM1 + 5                            ; line status register
.wait_uart:
    in al, dx
    test al, 0x20                               ; transmitter holding register empty?
    jz .wait_uart
    mov al, cl
    mov dx, COM1                                ; data register
    out dx, al                                  ; send the character
    inc ebx
    jmp .next_char
.halt:
    cli                                         ; nothing may wake us...
    hlt                                         ; ...but an NMI could
    jmp .halt

; ---------------------------------------------------------------------------------------
; 64-bit code, still at the low (identity-mapped) address. Jump to the higher half.
; ---------------------------------------------------------------------------------------
bits 64
long_mode_entry:
    mov ax, 0x10                                ; boot GDT data segment
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor eax, eax                                ; FS and GS unused: null selectors
    mov fs, ax
    mov gs, ax
    mov rax, higher_half_entry                  ; a 64-bit absolute address
    jmp rax                                     ; leave the identity map for good

section .boot.data progbits alloc noexec nowrite align=8   ; read only: lgdt and boot_fail read it
align 8
boot_gdt:                                       ; replaced by gdt.c's GDT in kmain
    dq 0                                        ; 0x00: null descriptor
    dq 0x00AF9A000000FFFF                       ; 0x08: code, ring 0, 64-bit (L=1)
    dq 0x00CF92000000FFFF                       ; 0x10: data, ring 0, writable
boot_gdt_ptr:
    dw boot_gdt_ptr - boot_gdt - 1              ; limit
    dd boot_gdt                                 ; base (physical = linked address here)

msg_bad_magic:
    db "Atoll boot: not started by a Multiboot2 loader (bad magic in EAX); halted.", 0
msg_no_long_mode:
    db "Atoll boot: this CPU has no 64-bit long mode; halted.", 0
msg_no_nx:
    db "Atoll boot: this CPU has no NX (no-execute) support; halted.", 0

; ---------------------------------------------------------------------------------------
; Higher half: the rest of the kernel's life.
; ---------------------------------------------------------------------------------------
section .text
extern kmain
higher_half_entry:
    mov rsp, boot_stack_top                     ; the same stack, at its higher-half address
    xor ebp, ebp                                ; end of the frame-pointer chain
    mov edi, edi                                ; zero-extend the magic
    mov esi, esi                                ; zero-extend the info address
    call kmain                                  ; void kmain(uint32_t magic, uint64_t info_phys)
.hang:
    cli                                         ; kmain never returns; if it does, stop
    hlt
    jmp .hang

section .bss nobits alloc noexec write align=4096
global boot_pml4, boot_pdpt_low, boot_stack_guard, boot_stack_bottom, boot_stack_top
boot_pml4:       resb 4096                      ; the kernel's PML4 for its whole life
boot_pdpt_low:   resb 4096                      ; 0..4 GiB: identity and direct map
boot_pd:         resb 4 * 4096                  ; 4 page directories of 2 MiB pages
boot_pdpt_high:  resb 4096                      ; top 512 GiB
boot_pd_kernel:  resb 4096                      ; -2 GiB .. -1 GiB
boot_pt_kernel:  resb 4 * 4096                  ; 4 KiB pages of the kernel window (8 MiB)
boot_stack_guard: resb 4096                     ; unmapped: catches boot stack overflow
boot_stack_bottom: resb BOOT_STACK_SIZE
boot_stack_top:
global boot_entry_tsc
boot_entry_tsc:  resq 1                         ; the TSC at boot_start (written before anything)

section .note.GNU-stack noalloc noexec nowrite progbits ; no executable stack wanted
