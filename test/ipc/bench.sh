#!/bin/bash
# bench.sh — what IPC costs (docs/ipc.md, "Numbers"): wasm-apps/ipcbench.c inside the
# guest, twice: under QEMU's TCG, where the TSC counts emulated time, and with
# -icount shift=0, where it counts instructions (one per nanosecond of virtual time);
# the kernel's own thread-switch figures (bench=sched, same two modes); and the Linux
# reference on this host: two processes pinned to one CPU over pipes, and two threads
# yielding (test/bench/pipe_pingpong.c, yield_pingpong.c). A measurement, not a test:
# nothing is judged. Run it on a quiet machine; a busy host inflates the TCG columns.
#
#   test/ipc/bench.sh
set -eu
cd "$(dirname "$0")/../.."
make -s build/kernel.elf build/apps/ipcbench.wasm
out=build/test/ipc
mkdir -p "$out"
test/qemu/mkiso.sh "$out/bench.iso" build/kernel.elf "exit-when-idle" \
    build/apps/ipcbench.wasm "ipcbench spawn" build/apps/ipcbench.wasm "ipcbench nostart"
test/qemu/mkiso.sh "$out/sched.iso" build/kernel.elf "bench=sched"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in tcg icount; do
    extra=()
    [ "$mode" = icount ] && extra=(-icount shift=0)
    test/qemu/boot.sh "$out/bench.iso" "$out/bench-$mode.log" 300 "${extra[@]}" > /dev/null || true
    BOOT_UNTIL='^BENCH sched: done|^PANIC' \
        test/qemu/boot.sh "$out/sched.iso" "$out/sched-$mode.log" 120 "${extra[@]}" > /dev/null || true
    echo "== $mode: $(tr -d '\r' < "$out/bench-$mode.log" | grep -oE 'TSC [0-9]+ MHz' | head -1)" \
         "(under icount, 1 cycle = 1 instruction)"
    tr -d '\r' < "$out/bench-$mode.log" | grep -E '^BENCH ipc [a-z-]+:'
    tr -d '\r' < "$out/sched-$mode.log" | grep -E '^BENCH sched: (yield round trip|thread switch|wake\+wait)'
done

echo "== Linux on this host"
for prog in pipe_pingpong yield_pingpong; do
    src=test/bench/$prog.c
    if [ -f "$src" ]; then
        cc -O2 -Wall -o "$out/$prog" "$src"
        # In a session of its own: a child it forked and left behind (holding our
        # stdout) is ended with it, by the session's process group.
        setsid "$out/$prog" > "$out/$prog.txt" &
        pid=$!
        wait "$pid" || true
        kill -- "-$pid" 2>/dev/null || true
        cat "$out/$prog.txt"
    else
        echo "($src not present)"
    fi
done
