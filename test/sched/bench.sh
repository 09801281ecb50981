#!/bin/bash
# bench.sh — boot the kernel with bench=sched and print what it measured: cycles per
# yield, per switch, per FXSAVE/FXRSTOR pair, per wake/wait round trip (docs/sched.md).
# A measurement inside the guest under QEMU; not a test, nothing is judged.
#
#   test/sched/bench.sh [extra QEMU options...]
set -eu
cd "$(dirname "$0")/../.."
make -s build/kernel.elf
out=build/test/sched
mkdir -p "$out"
test/qemu/mkiso.sh "$out/bench.iso" build/kernel.elf "bench=sched" 2>/dev/null
BOOT_UNTIL='^BENCH sched: done|^PANIC' test/qemu/boot.sh "$out/bench.iso" "$out/bench.log" 120 "$@" \
    > /dev/null || true
tr -d '\r' < "$out/bench.log" | grep -E '^(BENCH|PANIC)'
