#!/bin/bash
# suite-kbench.sh — the kernel benchmark's machinery works (bench=sip, src/sip_bench.c;
# the SIPs of wasm-apps/bench-kernel/; docs/performance.md, "Kernel"). No figure is
# judged against a speed: the checks are that every measurement runs and prints, that
# the numbers are sane (positive, parts smaller than wholes), and that what the docs say
# about reading them holds: under -icount shift=0 the guest TSC runs at 1 GHz of virtual
# time and two boots of one kernel give the same counts, line for line.
# A small module set (no big.wasm): the full run is `make bench` / test/bench/kbench.sh.
set -u
cd "$(dirname "$0")/.."
OUT=build/test/kbench
BOOT_TIMEOUT=300
. test/qemu/lib.sh

# median LOG REGEX: the number after "median " on the first line matching REGEX;
# number LOG REGEX WORD: the number after " WORD " on that line; empty when none.
median() { tr -d '\r' < "$1" | grep -E -- "$2" | head -1 | sed -nE 's/.*median (-?[0-9.]+) cycles.*/\1/p'; }
number() { tr -d '\r' < "$1" | grep -E -- "$2" | head -1 | sed -nE "s/.* $3 ([0-9]+).*/\1/p"; }
positive() { [ -n "$1" ] && awk -v v="$1" 'BEGIN { exit !(v > 0) }'; }
less() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

build "build kernel and bench SIPs" build/kernel.elf build/apps/hello.wasm \
    build/kbench/abicall.wasm build/kbench/yield.wasm build/kbench/pingpong.wasm build/bench/fib.wasm

modules=(build/apps/hello.wasm "hello" build/kbench/abicall.wasm "abicall"
         build/kbench/yield.wasm "yield print" build/kbench/yield.wasm "yield"
         build/kbench/pingpong.wasm "pingpong spawn" build/bench/fib.wasm "fib nostart")
for run in 1 2; do
    boot "icount$run" "bench=sip" "${modules[@]}" -- -icount shift=0,sleep=off
    check "icount boot $run leaves QEMU with pass (got $verdict)" [ "$verdict" = pass ]
done
log=$OUT/icount1.log

check "guest TSC calibrates at 1000 MHz under -icount shift=0 (one count per instruction)" \
    eval "tr -d '\r' < $log | grep -qE '^BENCH sip: TSC (999|1000|1001) MHz'"
for op in "cycles\(\) back to back" "wasm call" "abi call atoll.sip_id" "abi call atoll.cycles" \
          "yield, no other SIP" "yield round trip between two SIPs" "yield to another SIP, one way" \
          "channel recv, nothing queued" "channel send \+ recv, queued" "channel round trip"; do
    check "BENCH ${op//\\/}: a positive median" positive "$(median "$log" "^BENCH $op: median")"
done
check "an ABI call costs more than a wasm call" \
    less "$(median "$log" "^BENCH wasm call:")" "$(median "$log" "^BENCH abi call atoll.sip_id:")"
check "a receive with nothing queued < a send + receive through the queue < a round trip" \
    eval 'less "$(median "$log" "^BENCH channel recv, nothing queued:")" "$(median "$log" "^BENCH channel send \+ recv, queued:")" &&
          less "$(median "$log" "^BENCH channel send \+ recv, queued:")" "$(median "$log" "^BENCH channel round trip:")"'
check "a yield round trip with a switch costs more than a yield alone" \
    less "$(median "$log" "^BENCH yield, no other SIP:")" "$(median "$log" "^BENCH yield round trip")"
check "the echo side answered every ping (exit code 1021) and the pinger exited 0" \
    eval "tr -d '\r' < $log | grep -q '^sip pingpong: exited with code 1021' &&
          tr -d '\r' < $log | grep -q '^sip pingpong: exited with code 0'"

entry=$(number "$log" "^BENCH boot entry to first SIP output:" "output:")
clock=$(number "$log" "^BENCH boot entry to clock running:" "running:")
check "boot: entry to first output ($entry) > entry to clock running ($clock) > 0" \
    eval 'positive "$clock" && less "$clock" "$entry"'
for mod in hello abicall yield pingpong fib; do
    line="^BENCH load $mod: "
    total=$(number "$log" "$line" total)
    compile=$(number "$log" "$line" compile)
    inst=$(number "$log" "$line" instantiate)
    check "load $mod: compile ($compile) and instantiate ($inst) positive, below the total ($total)" \
        eval 'positive "$compile" && positive "$inst" && less "$compile" "$total"'
done
check "fib (nostart) was only loaded, never run" \
    eval "tr -d '\r' < $log | grep -q '^sip fib: present, not started (nostart)'"

# The counts repeat exactly: every BENCH line of the two boots, compared whole.
bench_lines() { tr -d '\r' < "$1" | grep '^BENCH'; }
check "two icount boots print identical BENCH lines" \
    eval 'diff <(bench_lines "$OUT/icount1.log") <(bench_lines "$OUT/icount2.log") > "$OUT/icount.diff"'
finish
