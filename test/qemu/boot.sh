#!/bin/bash
# boot.sh — boot an Atoll ISO in QEMU, serial console to a log file, and give a verdict.
#
#   test/qemu/boot.sh ISO LOG [TIMEOUT_SECONDS] [extra QEMU options...]
#
# ISO is normally a GRUB image (test/qemu/mkiso.sh). A file ending in .elf is booted
# with QEMU's -kernel instead, which cannot load Multiboot2: only the test of the boot
# stub's "bad magic" message does that.

# The kernel leaves through QEMU's isa-debug-exit device; QEMU's exit status is then
# (code << 1) | 1 (src/arch/x86_64/qemu_exit.h). Prints one line "verdict: WORD (...)"
# and exits with:
#   0 pass     kernel exit code 0x10 (status 33): self-tests passed
#   1 fail     kernel exit code 0x11 (status 35): a self-test failed
#   2 panic    kernel exit code 0x12 (status 37): the kernel panicked
#   3 timeout  QEMU still running after TIMEOUT seconds (default 60): killed
#   4 reset    status 0: QEMU stopped without the device (triple fault with -no-reboot,
#              or a shutdown) — never a pass
#   5 error    anything else (QEMU could not start, unknown code)
#   6 seen     BOOT_UNTIL=REGEX was set and a log line matched it: QEMU was stopped
#              there (for kernels that idle instead of exiting, like the default ISO)
set -u
iso=${1:?usage: boot.sh ISO LOG [TIMEOUT] [QEMU options...]}
log=${2:?usage: boot.sh ISO LOG [TIMEOUT] [QEMU options...]}
limit=${3:-60}
shift $(( $# < 3 ? $# : 3 ))
here=$(dirname "$0")

rm -f "$log"
: > "$log"
case $iso in
    *.elf) boot_from=(-kernel "$iso") ;;
    *) boot_from=(-cdrom "$iso" -boot d) ;;
esac
# -m first so a caller's -m (in "$@") wins.
timeout --kill-after=5 "$limit" qemu-system-x86_64 -m 512M $("$here/accel.sh") \
    "${boot_from[@]}" \
    -serial "file:$log" -display none -monitor none \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -no-reboot "$@" 2>"$log.qemu-stderr" &
qemu=$!
if [ -n "${BOOT_UNTIL:-}" ]; then
    while kill -0 "$qemu" 2>/dev/null; do
        if tr -d '\r' < "$log" | grep -qE "$BOOT_UNTIL"; then
            kill "$qemu" 2>/dev/null
            wait "$qemu" 2>/dev/null
            echo "verdict: seen (a line matched \"$BOOT_UNTIL\"; QEMU stopped)"
            exit 6
        fi
        sleep 0.2
    done
fi
wait "$qemu"
status=$?

case $status in
    33) echo "verdict: pass (kernel exit code 0x10)"; exit 0 ;;
    35) echo "verdict: fail (kernel exit code 0x11)"; exit 1 ;;
    37) echo "verdict: panic (kernel exit code 0x12)"; exit 2 ;;
    124|137) echo "verdict: timeout (no exit after ${limit}s)"; exit 3 ;;
    0) echo "verdict: reset (QEMU exited 0: triple fault or shutdown, no debug exit)"; exit 4 ;;
    *) echo "verdict: error (QEMU status $status; see $log.qemu-stderr)"; exit 5 ;;
esac
