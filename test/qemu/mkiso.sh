#!/bin/bash
# mkiso.sh — build a bootable test ISO: GRUB, a kernel, a kernel command line, modules.
#
#   test/qemu/mkiso.sh OUT.iso KERNEL "KERNEL CMDLINE" [FILE "NAME ARGS..."]...
#
# Each FILE is copied to /boot/mods/ in the image and loaded as a Multiboot2 module
# whose command line is "NAME ARGS..." (the kernel takes the first word as its name).
# The grub.cfg written is the top-level one's shape: no menu, output on serial too.
set -eu
out=${1:?usage: mkiso.sh OUT.iso KERNEL CMDLINE [FILE "NAME ARGS"]...}
kernel=${2:?kernel ELF}
cmdline=${3-}
shift 3 || shift $#

stage=$(mktemp -d "${TMPDIR:-/tmp}/atoll-iso.XXXXXX")
errors=$(mktemp "${TMPDIR:-/tmp}/atoll-mkrescue.XXXXXX")   # outside the tree being imaged
trap 'rm -rf "$stage" "$errors"' EXIT
mkdir -p "$stage/boot/grub" "$stage/boot/mods"
cp "$kernel" "$stage/boot/kernel.elf"

{
    echo "set timeout=0"
    echo "set default=0"
    echo "serial --unit=0 --speed=115200"
    echo "terminal_input serial console"
    echo "terminal_output serial console"
    echo "menuentry \"Atoll test\" {"
    echo "    multiboot2 /boot/kernel.elf $cmdline"
    n=0
    while [ $# -ge 2 ]; do
        n=$((n + 1))
        dest="/boot/mods/$n-$(basename "$1")"
        cp "$1" "$stage$dest"
        echo "    module2 $dest $2"
        shift 2
    done
    echo "    boot"
    echo "}"
} > "$stage/boot/grub/grub.cfg"

mkdir -p "$(dirname "$out")"
if ! grub-mkrescue -o "$out" "$stage" 2>"$errors"; then
    cat "$errors" >&2
    exit 1
fi
