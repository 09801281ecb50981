# Atoll's one Makefile: every target a user expects, in sections, one per part of the system.
#   make          build/kernel.elf and build/atoll.iso (GRUB + kernel + default apps)
#   make run      boot the ISO in QEMU, serial console on this terminal (Ctrl-A X quits)
#   make test     every test suite (test/run-all.sh); prints "N passed, N failed"
#   make deps     install missing Debian packages (no-op when everything is present)
#   make listing  disassembly of the kernel into build/kernel.lst
#   make bench    the compiler against V8 and native code, then the kernel's own costs
#   make clean    remove build/
# Each section adds its files to the variables (KERNEL_SRCS, APPS, HOST_TOOLS...) and
# its own rules; keep additions inside your section with a comment saying what it builds.

BUILD   := build
Q       := $(if $(V),,@)   # make V=1 shows every command in full
CC      := gcc
HOSTCC  := cc
NASM    := nasm
LD      := ld
OBJDUMP := objdump
QEMU    := qemu-system-x86_64

.PHONY: all iso run test deps clean listing
all: $(BUILD)/kernel.elf $(BUILD)/atoll.iso

# ---------------------------------------------------------------------------------------
# Kernel: C and NASM under src/, linked at 0xFFFFFFFF80000000 (see docs/boot.md).
# ---------------------------------------------------------------------------------------

# Freestanding C: the kernel has no libc, runs in ring 0, and lives in the top 2 GiB.
KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration
KERNEL_CFLAGS += -ffreestanding          # no hosted libc: memcpy & co come from src/lib.c
KERNEL_CFLAGS += -nostdinc               # no /usr/include: host libc headers must not leak in
KERNEL_CFLAGS += -isystem $(shell $(CC) -print-file-name=include) # gcc's stdint.h, stdarg.h...
KERNEL_CFLAGS += -mno-red-zone           # interrupts push onto the ring-0 stack below rsp
KERNEL_CFLAGS += -mgeneral-regs-only     # no SSE/x87 in kernel C: handlers never touch XMM
KERNEL_CFLAGS += -mcmodel=kernel         # code and data live in the top 2 GiB (-2 GiB..0)
KERNEL_CFLAGS += -fno-pic -fno-pie       # linked at one fixed address: no GOT, no PLT
KERNEL_CFLAGS += -fno-stack-protector    # no __stack_chk_guard to set up before C runs
KERNEL_CFLAGS += -fno-omit-frame-pointer # rbp chains keep the listing and dumps readable
KERNEL_CFLAGS += -fno-asynchronous-unwind-tables # no .eh_frame: nothing unwinds the kernel
KERNEL_CFLAGS += -Isrc -Isrc/arch/x86_64

KERNEL_LDFLAGS := -nostdlib              # no crt0, no libc, no libgcc
KERNEL_LDFLAGS += -static -no-pie        # one image at the addresses the linker script gives
KERNEL_LDFLAGS += -z max-page-size=0x1000 # 4 KiB segment alignment: Multiboot2 header stays early
KERNEL_LDFLAGS += -T src/arch/x86_64/kernel.ld

# Kernel sources: the core and the architecture layer; the sections below add theirs.
KERNEL_SRCS := $(wildcard src/*.c) $(wildcard src/arch/x86_64/*.c)
KERNEL_ASMS := $(wildcard src/arch/x86_64/*.asm)
# Scheduler (docs/sched.md): threads, run queue, wait queues, reaper; its self-tests.
KERNEL_SRCS += $(wildcard src/sched/*.c)
# SIPs (docs/sips.md): the compiler and runtime built into the kernel (freestanding, see
# compiler-freestanding below) and the atoll ABI (docs/abi.md).
KERNEL_SRCS += $(wildcard src/compiler/*.c) $(wildcard src/abi/*.c)
# In-kernel conformance run (src/conformance.c, kernel command line `conformance`): the
# spec-test executor of test/spec/, freestanding, the very files the host runner links.
SPEC_EXEC_SRCS := test/spec/exec.c test/spec/registry.c test/spec/values.c test/spec/pack.c \
                  test/spec/spectest.c
KERNEL_SRCS += $(SPEC_EXEC_SRCS)
$(BUILD)/test/spec/%.o: KERNEL_CFLAGS += -Isrc/compiler -Itest/spec
$(BUILD)/src/conformance.o: KERNEL_CFLAGS += -Isrc/compiler -Itest/spec

KERNEL_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(KERNEL_SRCS)) \
               $(patsubst %.asm,$(BUILD)/%.asm.o,$(KERNEL_ASMS))

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.asm.o: %.asm $(wildcard src/arch/x86_64/*.inc)
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	$(Q)$(NASM) -f elf64 -Isrc/arch/x86_64/ $< -o $@

$(BUILD)/kernel.elf: $(KERNEL_OBJS) src/arch/x86_64/kernel.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS)

listing: $(BUILD)/kernel.lst
$(BUILD)/kernel.lst: $(BUILD)/kernel.elf
	$(OBJDUMP) -d -M intel -S $< > $@

-include $(KERNEL_OBJS:.o=.d)

# ---------------------------------------------------------------------------------------
# Wasm apps: wasm-apps/*.c (clang, no libc) and wasm-apps/*.wat (wat2wasm) -> build/apps/.
# ---------------------------------------------------------------------------------------

WASM_CC     := clang
# SIP apps compile, then link in a separate step: linking with -O2, clang would run
# wasm-opt, which drops the name section that trap reports take function names from.
# atoll.h holds the atoll ABI's imports and helpers; _start is the entry (docs/abi.md).
SIP_CFLAGS  := --target=wasm32 -O2 -Iwasm-apps/include
SIP_LDFLAGS := --target=wasm32 -nostdlib -Wl,--no-entry -Wl,--export=_start
APPS := $(patsubst wasm-apps/%.c,$(BUILD)/apps/%.wasm,$(wildcard wasm-apps/*.c)) \
        $(patsubst wasm-apps/%.wat,$(BUILD)/apps/%.wasm,$(wildcard wasm-apps/*.wat)) \
        $(BUILD)/apps/malformed.wasm

$(BUILD)/apps/%.wasm: wasm-apps/%.c wasm-apps/include/atoll.h wasm-apps/include/atoll_ipc.h
	@mkdir -p $(dir $@)
	$(WASM_CC) $(SIP_CFLAGS) -c $< -o $@.o
	$(WASM_CC) $(SIP_LDFLAGS) $@.o -o $@

# --debug-names: a name section, so that trap reports name the function.
$(BUILD)/apps/%.wasm: wasm-apps/%.wat
	@mkdir -p $(dir $@)
	wat2wasm --debug-names $< -o $@

# A malformed module for test/suite-sip.sh: a type section whose one function returns
# value type 0x55, which does not exist (the kernel must say so, with the offset 0xe).
$(BUILD)/apps/malformed.wasm:
	@mkdir -p $(dir $@)
	printf '\0asm\1\0\0\0\1\5\1\140\0\1\125' > $@

apps: $(APPS)
.PHONY: apps

# ---------------------------------------------------------------------------------------
# Host tools: tools/atoll-run, the compiler (src/compiler/*.c) built for Linux.
# ---------------------------------------------------------------------------------------

HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Isrc/compiler
HOST_TOOLS  := $(BUILD)/tools/atoll-run

# The spectest host module comes from test/spec/ (shared with the spec runners).
ATOLL_RUN_SRCS := $(wildcard src/compiler/*.c) $(wildcard tools/*.c) test/spec/spectest.c
$(BUILD)/tools/atoll-run: $(ATOLL_RUN_SRCS) $(wildcard src/compiler/*.h) test/spec/spectest.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -Itest/spec -o $@ $(ATOLL_RUN_SRCS)

tools: $(HOST_TOOLS)
.PHONY: tools

# `make atoll-run`: the tool (tools/atoll-run.c and its helpers), also as build/atoll-run,
# and the freestanding build of the same compiler sources (below) as a check.
atoll-run: $(BUILD)/tools/atoll-run compiler-freestanding
	@ln -sf tools/atoll-run $(BUILD)/atoll-run
.PHONY: atoll-run
$(BUILD)/tools/atoll-run: $(wildcard tools/*.h)

# `make compiler-freestanding`: src/compiler/ compiled exactly as the kernel needs it,
# without a single libc header, as a standing proof that it stays freestanding:
#   gcc -std=c11 -ffreestanding -nostdinc -isystem $(gcc -print-file-name=include)
#       -mgeneral-regs-only -Wall -Wextra -Werror -c
FREESTANDING_CFLAGS := -std=c11 -Wall -Wextra -Werror
FREESTANDING_CFLAGS += -ffreestanding      # no hosted libc assumed (memcpy & co come from embed.h)
FREESTANDING_CFLAGS += -nostdinc           # /usr/include is unreachable: any libc header fails
FREESTANDING_CFLAGS += -isystem $(shell $(CC) -print-file-name=include) # gcc's stdint.h, stdarg.h...
FREESTANDING_CFLAGS += -mgeneral-regs-only # no SSE/x87 in compiler C: it also runs in ring 0
COMPILER_FS_OBJS := $(patsubst src/compiler/%.c,$(BUILD)/freestanding/%.o,$(wildcard src/compiler/*.c))

$(BUILD)/freestanding/%.o: src/compiler/%.c $(wildcard src/compiler/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(FREESTANDING_CFLAGS) -c $< -o $@

compiler-freestanding: $(COMPILER_FS_OBJS)
.PHONY: compiler-freestanding

# ---------------------------------------------------------------------------------------
# Encoder golden test: test/encoder/golden.c calls every x64_* encoder function and prints
# its bytes beside the intended Intel text; test/suite-encoder.sh checks them with GNU as.
# ---------------------------------------------------------------------------------------

ENCODER_SRCS := $(wildcard src/compiler/x64_encode*.c)

$(BUILD)/test/encoder/golden: test/encoder/golden.c $(ENCODER_SRCS) src/compiler/x64_encode.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ test/encoder/golden.c $(ENCODER_SRCS)

encoder-golden: $(BUILD)/test/encoder/golden
.PHONY: encoder-golden

# ---------------------------------------------------------------------------------------
# Spec tests: test/spec/spec_runner runs one wast2json script of the WebAssembly spec
# suite against the compiler and runtime; test/spec/run.sh [--bounds-checks] [-v] runs
# every in-scope file in one memory mode; `make spectest` runs both (test/suite-spec.sh).
# ---------------------------------------------------------------------------------------

# The executor (SPEC_EXEC_SRCS, in the kernel section: the kernel links it too) runs spec
# packs (test/spec/pack.h). JSON and the pack writer are host only. Every host program
# here links the whole compiler and the host embedding.
SPEC_JSON_SRCS := test/spec/json.c test/spec/values_json.c test/spec/pack_write.c
SPEC_HOST_SRCS := $(SPEC_EXEC_SRCS) $(SPEC_JSON_SRCS) tools/host_embed.c $(wildcard src/compiler/*.c)
SPEC_HOST_DEPS := $(SPEC_HOST_SRCS) $(wildcard test/spec/*.h) tools/host_embed.h $(wildcard src/compiler/*.h)

# spec_runner: runs a JSON script or a whole pack; spec_pack: JSON scripts -> one pack;
# selftest: the runner's own checks (JSON reader, value matcher, pack reader).
$(BUILD)/test/spec/%: test/spec/%.c $(SPEC_HOST_DEPS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -Itools -Itest/spec -o $@ $< $(SPEC_HOST_SRCS) -lpthread

spec-runner: $(BUILD)/test/spec/spec_runner $(BUILD)/test/spec/spec_pack $(BUILD)/test/spec/selftest
spectest:
	test/suite-spec.sh
.PHONY: spec-runner spectest

# ---------------------------------------------------------------------------------------
# Boot image: grub.cfg + kernel + boot modules (apps and a text file) -> build/atoll.iso.
# ---------------------------------------------------------------------------------------

ISO_DIR := $(BUILD)/isodir
ISO_FILES := $(BUILD)/kernel.elf grub.cfg $(BUILD)/motd.txt $(APPS)

# A boot module that is not wasm: the kernel must name it and skip it.
$(BUILD)/motd.txt:
	@mkdir -p $(dir $@)
	echo "Welcome to Atoll: WebAssembly processes in ring 0." > $@

$(BUILD)/atoll.iso: $(ISO_FILES)
	@rm -rf $(ISO_DIR) && mkdir -p $(ISO_DIR)/boot/grub $(ISO_DIR)/apps
	cp $(BUILD)/kernel.elf $(ISO_DIR)/boot/kernel.elf
	cp grub.cfg $(ISO_DIR)/boot/grub/grub.cfg
	cp $(BUILD)/motd.txt $(ISO_DIR)/boot/motd.txt
	$(if $(strip $(APPS)),cp $(APPS) $(ISO_DIR)/apps/)
	grub-mkrescue -o $@ $(ISO_DIR) 2>$(BUILD)/grub-mkrescue.log || \
	    { cat $(BUILD)/grub-mkrescue.log; exit 1; }

iso: $(BUILD)/atoll.iso

# ---------------------------------------------------------------------------------------
# Benchmarks: `make bench` (never part of `make test`; takes several minutes). Runs
# wasm-apps/bench/*.c under atoll-run, V8 Liftoff, V8 TurboFan and natively, and times
# compiling a generated ~4 MB module. test/bench/bench.sh drives; docs/performance.md.
# ---------------------------------------------------------------------------------------

BENCH_PROGS  := $(filter-out native_main,$(basename $(notdir $(wildcard wasm-apps/bench/*.c))))
# The same flags build the wasm and the native program, so only the target differs.
BENCH_CFLAGS := -O2
BENCH_CFLAGS += -ffreestanding          # no libc; also stops clang inventing memset/memcpy calls
BENCH_CFLAGS += -fno-math-errno         # sqrt is one instruction on both targets, no errno
BENCH_WASM_LDFLAGS := -nostdlib -Wl,--no-entry -Wl,--export=run  # a library exporting run(n)

$(BUILD)/bench/%.wasm: wasm-apps/bench/%.c
	@mkdir -p $(dir $@)
	clang --target=wasm32 $(BENCH_CFLAGS) $(BENCH_WASM_LDFLAGS) $< -o $@

$(BUILD)/bench/%.native: wasm-apps/bench/%.c wasm-apps/bench/native_main.c
	@mkdir -p $(dir $@)
	clang $(BENCH_CFLAGS) -c $< -o $@.o
	clang -O2 $@.o wasm-apps/bench/native_main.c -o $@

# The compile-speed module: 8000 generated functions, about 4 MB of code section.
$(BUILD)/bench/big.wasm: test/bench/gen-big.js
	@mkdir -p $(dir $@)
	node test/bench/gen-big.js 8000 > $(BUILD)/bench/big.c
	clang --target=wasm32 $(BENCH_CFLAGS) -w $(BENCH_WASM_LDFLAGS) $(BUILD)/bench/big.c -o $@

bench-programs: $(BENCH_PROGS:%=$(BUILD)/bench/%.wasm) $(BENCH_PROGS:%=$(BUILD)/bench/%.native) \
                $(BUILD)/bench/big.wasm

# Kernel figures, measured inside the guest (test/bench/kbench.sh, kernel option bench=sip,
# src/sip_bench.c): SIPs from wasm-apps/bench-kernel/ that time themselves with
# atoll.cycles, a ~200 KB module (mid.wasm) beside big.wasm for load times, and the Linux
# reference programs run on the host. `make bench` prints the host table, then this one.
KBENCH_APPS := $(patsubst wasm-apps/bench-kernel/%.c,$(BUILD)/kbench/%.wasm,$(wildcard wasm-apps/bench-kernel/*.c))
$(BUILD)/kbench/%.wasm: wasm-apps/bench-kernel/%.c wasm-apps/bench-kernel/kbench.h wasm-apps/include/atoll.h
	@mkdir -p $(dir $@)
	$(WASM_CC) $(SIP_CFLAGS) -c $< -o $@.o
	$(WASM_CC) $(SIP_LDFLAGS) $@.o -o $@

$(BUILD)/bench/mid.wasm: test/bench/gen-big.js
	@mkdir -p $(dir $@)
	node test/bench/gen-big.js 400 > $(BUILD)/bench/mid.c
	clang --target=wasm32 $(BENCH_CFLAGS) -w $(BENCH_WASM_LDFLAGS) $(BUILD)/bench/mid.c -o $@

$(BUILD)/kbench/%: test/bench/%.c test/bench/linux_ref.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -Wall -Wextra -o $@ $<

kbench-programs: $(BUILD)/kernel.elf $(BUILD)/apps/hello.wasm $(KBENCH_APPS) \
                 $(BUILD)/bench/fib.wasm $(BUILD)/bench/nbody.wasm $(BUILD)/bench/mid.wasm \
                 $(BUILD)/bench/big.wasm $(BUILD)/kbench/pipe_pingpong $(BUILD)/kbench/yield_pingpong

# Both tables even when the first run fails (a checksum mismatch); then make fails.
bench:
	test/bench/bench.sh $(BENCH_FLAGS); status=$$?; test/bench/kbench.sh || status=1; exit $$status
.PHONY: bench bench-programs kbench-programs

# ---------------------------------------------------------------------------------------
# Fuzzing (test/fuzz/, docs/testing.md). `make fuzz FUZZ_TIME=600` runs, side by side for
# FUZZ_TIME seconds: the differential fuzzer (random modules from binaryen, run by Atoll
# in both memory modes and by wabt's interpreter, every call compared) and libFuzzer on
# the decoder, compiler and runtime under ASan and UBSan. test/suite-fuzz.sh runs a short,
# fixed-seed version of both under `make test`.
# ---------------------------------------------------------------------------------------

FUZZ_TIME ?= 600
FUZZ_RUNTIME_SRCS := $(wildcard src/compiler/*.c) tools/host_embed.c
FUZZ_DIFF_SRCS := test/fuzz/fuzz_diff.c test/spec/json.c test/spec/values.c test/spec/values_json.c \
                  $(FUZZ_RUNTIME_SRCS)

# Atoll's side of the differential fuzzer: runs a command script, prints every outcome.
$(BUILD)/test/fuzz/fuzz_diff: $(FUZZ_DIFF_SRCS) $(wildcard src/compiler/*.h) tools/host_embed.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -Itools -Itest/spec -o $@ $(FUZZ_DIFF_SRCS)

# The libFuzzer harness (clang's fuzzer runtime: Debian's libclang-rt-14-dev).
FUZZ_CFLAGS := -g -O1 -Isrc/compiler -Itools
FUZZ_CFLAGS += -fsanitize=fuzzer,address,undefined # coverage-guided; memory errors, leaks, UB
FUZZ_CFLAGS += -fno-sanitize-recover=all           # any UB report stops the run, input saved
$(BUILD)/test/fuzz/fuzz_compile: test/fuzz/fuzz_compile.c $(FUZZ_RUNTIME_SRCS) $(wildcard src/compiler/*.h)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -o $@ test/fuzz/fuzz_compile.c $(FUZZ_RUNTIME_SRCS)

fuzz-tools: $(BUILD)/test/fuzz/fuzz_diff $(BUILD)/test/fuzz/fuzz_compile
fuzz: deps-check fuzz-tools
	test/fuzz/fuzz.sh $(FUZZ_TIME)
.PHONY: fuzz fuzz-tools

# ---------------------------------------------------------------------------------------
# Capabilities (docs/caps.md): tools/wasm-caps prints a module's atoll.caps section or
# writes one (WAT drivers and test modules get theirs with it). The drivers themselves
# are ordinary apps (wasm-apps/kbd.c, serial.c); test/suite-caps.sh tests it all.
# ---------------------------------------------------------------------------------------

$(BUILD)/tools/wasm-caps: tools/wasm-caps/wasm-caps.c tools/host_embed.c tools/host_embed.h \
                          $(wildcard src/compiler/*.[ch])
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -Itools -o $@ tools/wasm-caps/wasm-caps.c tools/host_embed.c \
	    $(wildcard src/compiler/*.c)

wasm-caps: $(BUILD)/tools/wasm-caps
.PHONY: wasm-caps

# The modules test/suite-caps.sh loads: C built like the apps, WAT through wat2wasm.
CAPS_TEST_MODULES := $(patsubst test/caps/%.c,$(BUILD)/test/caps/%.wasm,$(wildcard test/caps/*.c)) \
                     $(patsubst test/caps/%.wat,$(BUILD)/test/caps/%.wasm,$(wildcard test/caps/*.wat))

$(BUILD)/test/caps/%.wasm: test/caps/%.c wasm-apps/include/atoll.h
	@mkdir -p $(dir $@)
	$(WASM_CC) $(SIP_CFLAGS) -c $< -o $@.o
	$(WASM_CC) $(SIP_LDFLAGS) $@.o -o $@

$(BUILD)/test/caps/%.wasm: test/caps/%.wat
	@mkdir -p $(dir $@)
	wat2wasm --debug-names $< -o $@

caps-tests: $(CAPS_TEST_MODULES) $(BUILD)/tools/wasm-caps
.PHONY: caps-tests

# ---------------------------------------------------------------------------------------
# Bad input never hurts (docs/testing.md). test/suite-robust.sh decodes and compiles
# every invalid, malformed, truncated and bit-flipped module with compile_check, built
# under ASan and UBSan; test/suite-hostile.sh runs the hostile-module gallery
# (test/hostile/) on the host in both memory modes and as SIPs beside a canary SIP.
# ---------------------------------------------------------------------------------------

ROBUST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Isrc/compiler -Itools
ROBUST_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all # any report ends the run
$(BUILD)/test/robust/compile_check: test/robust/compile_check.c tools/host_embed.c \
                                    $(wildcard src/compiler/*.[ch])
	@mkdir -p $(dir $@)
	$(HOSTCC) $(ROBUST_CFLAGS) -o $@ test/robust/compile_check.c tools/host_embed.c \
	    $(wildcard src/compiler/*.c) -lpthread

# The canary SIP that runs beside the gallery and checks its own memory at the end.
$(BUILD)/hostile/canary.wasm: test/hostile/canary.c wasm-apps/include/atoll.h
	@mkdir -p $(dir $@)
	$(WASM_CC) $(SIP_CFLAGS) -c $< -o $@.o
	$(WASM_CC) $(SIP_LDFLAGS) $@.o -o $@

robust-tools: $(BUILD)/test/robust/compile_check
hostile-tools: $(BUILD)/tools/atoll-run $(BUILD)/hostile/canary.wasm $(BUILD)/kernel.elf
.PHONY: robust-tools hostile-tools

# ---------------------------------------------------------------------------------------
# Running, testing, dependencies.
# ---------------------------------------------------------------------------------------

# KVM only when the CPU has vmx/svm and /dev/kvm exists; otherwise TCG with every feature.
QEMU_ACCEL = $(shell test/qemu/accel.sh)

run: deps-check
	$(MAKE) all
	$(QEMU) $(QEMU_ACCEL) -m 512M -cdrom $(BUILD)/atoll.iso -serial mon:stdio -no-reboot \
	    $(if $(DISPLAY),,-display none)

test: deps-check
	test/run-all.sh

deps:
	tools/deps.sh

# Quietly installs what is missing (or says how to), so run/test work on a fresh machine.
deps-check:
	@tools/deps.sh --quiet
.PHONY: deps-check

clean:
	rm -rf $(BUILD)
