#!/bin/sh
# accel.sh — print the QEMU acceleration options for this machine.
# KVM only when the CPU has hardware virtualization (vmx or svm in /proc/cpuinfo) and
# /dev/kvm exists; otherwise TCG, the emulator, with every CPU feature it implements.
if grep -qwE 'vmx|svm' /proc/cpuinfo 2>/dev/null && [ -e /dev/kvm ]; then
    echo "-enable-kvm -cpu host"
else
    echo "-accel tcg -cpu max"
fi
