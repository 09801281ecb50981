#!/bin/bash
# suite-sched.sh — boot the kernel in QEMU with the scheduler's self-tests and check,
# from the serial log and QEMU's exit status, what they and their threads report. One
# line per check; ends with "N passed, N failed".

# Configurations:
#   tests      test=sched-preempt,...,sched-reap: every test passes, and the numbers
#              behind each "ok" are checked again here (interleaving read off the
#              workers' own lines, sleep lengths, counters back to where they started)
#   overflow   test=sched-overflow: a thread recursing without end hits its guard page;
#              the #DF report names that thread and a CR2 inside the guard it announced
#   boot-df    the boot stack's overflow (test=fault-df) is attributed to thread boot
#   bench      bench=sched prints its cycle counts: shown, and checked to be there, not
#              judged (they are TCG timings; test/bench/kbench.sh makes the table)
set -u
cd "$(dirname "$0")/.."
OUT=build/test/sched
. test/qemu/lib.sh

build "build kernel" build/kernel.elf

# ---- tests: every scheduler self-test that returns ----
names="sched-preempt sched-yield sched-fpu sched-sleep sched-wait sched-reap"
boot tests "test=$(echo $names | tr ' ' ,)"
check "tests: QEMU exit status says pass (got $verdict)" [ "$verdict" = pass ]
for t in $names; do
    check "tests: TEST $t ok" has "$log" "^TEST $t: ok"
done
check "tests: 6 passed, 0 failed" has "$log" '^SELFTEST DONE: 6 passed, 0 failed$'

# preempt: the workers never yield, so only preemption can interleave their lines.
letters=$(tr -d '\r' < "$log" | sed -nE 's/^sched-preempt: worker ([ABC]) round [0-9]+$/\1/p' | tr -d '\n')
check "preempt: 18 worker lines in the log (got ${#letters}: $letters)" [ "${#letters}" = 18 ]
for w in A B C; do
    rounds=$(tr -d '\r' < "$log" | sed -nE "s/^sched-preempt: worker $w round ([0-9]+)$/\1/p" | tr -d '\n')
    check "preempt: worker $w printed rounds 0..5 in order (got $rounds)" [ "$rounds" = 012345 ]
done
# Judged while two workers or more were at work: the last one's final rounds, after the
# others had finished, follow each other.
shared=$(echo "$letters" | sed -E 's/(A+|B+|C+)$//')
longest=$(echo "$shared" | grep -oE 'A+|B+|C+' | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
check "preempt: no worker printed more than 2 rounds in a row while others worked (longest $longest in $shared)" \
    [ "$longest" -ge 1 -a "$longest" -le 2 ]
check "preempt: the last worker had rounds before the others finished" \
    [ -n "$shared" ] && [[ "$shared" == *"${letters: -1}"* ]]
spin_ticks=$(field "$log" '^sched-preempt: spinner \(id [0-9]+\) ran ([0-9]+) ticks, [0-9]+ spins$')
check "preempt: the spinner, which never yields, ran for ${spin_ticks:-no} ticks meanwhile" \
    [ "${spin_ticks:-0}" -gt 0 ]

switches=$(field "$log" '^TEST sched-yield: ok \(400 turns strictly alternating, ([0-9]+) switches, 0 switches alone\)$')
check "yield: 400 strict turns took at least 400 switches (${switches:-none})" [ "${switches:-0}" -ge 400 ]

fpu=$(field "$log" '^TEST sched-fpu: ok \(3 threads, xmm0-15 and mxcsr intact over ([0-9]+)\+ switches each.*')
check "fpu: each thread's SSE state survived at least 5 switches (${fpu:-none})" [ "${fpu:-0}" -ge 5 ]

# sleep: each sleep lasted at least what was asked; at most 2 ticks more (counted in
# ticks, which the emulator may deliver late but never early) and, in time, 250 ms more:
# a loaded host can hold the emulator off the CPU for tens of milliseconds, so time only
# catches a sleep that missed its deadline altogether (selftest_sched_wait.c).
slept=$(field "$log" '^TEST sched-sleep: ok \(asked 70 10 150 30 50 ms, slept ([0-9 ]+) us = [0-9 ]+ ticks,.*')
ticks=$(field "$log" '^TEST sched-sleep: ok \(asked 70 10 150 30 50 ms, slept [0-9 ]+ us = ([0-9 ]+) ticks,.*')
read -r -a got <<< "${slept:-0 0 0 0 0}"
read -r -a got_ticks <<< "${ticks:-99 99 99 99 99}"
asked=(70 10 150 30 50)
for i in 0 1 2 3 4; do
    g=${got[$i]:-0} k=${got_ticks[$i]:-99}
    check "sleep: ${asked[$i]} ms lasted ${g} us (${asked[$i]}000..$(( asked[$i] * 1000 + 250000 ))), $k ticks (<= $(( asked[$i] / 10 + 2 )))" \
        [ "$g" -ge $(( asked[$i] * 1000 )) -a "$g" -le $(( asked[$i] * 1000 + 250000 )) \
          -a "$k" -le $(( asked[$i] / 10 + 2 )) ]
done
idle=$(field "$log" '^TEST sched-sleep: ok .* idle ran ([0-9]+) times\)$')
check "sleep: the idle thread ran while all slept (${idle:-0} times)" [ "${idle:-0}" -gt 0 ]

timeouts=$(field "$log" '^TEST sched-wait: ok \(.*30 ms timeout after ([0-9]+ us, woken wait after [0-9]+) us;.*')
read -r t_out _ _ _ _ t_woken <<< "${timeouts:-0 us , , , 99999999}"
check "wait: the unwoken 30 ms wait timed out after ${t_out} us (>= 30000)" [ "$t_out" -ge 30000 ]
check "wait: the 2 s wait woken at 20 ms returned after ${t_woken} us (< 1 s)" \
    [ "$t_woken" -ge 20000 -a "$t_woken" -lt 1000000 ]
check "wait: producer and consumer both blocked" \
    has "$log" '^TEST sched-wait: ok .*200 items through 4 slots, producer waited [1-9][0-9]*, consumer [1-9][0-9]*\)$'

# reap: every counter returns to its value before the threads; stacks showed meanwhile.
reap=$(field "$log" '^TEST sched-reap: ok \(3 rounds of 16 threads, 48 reaped; (.*)\)$')
triple() { echo "$reap" | sed -nE "s/.*$1 ([0-9]+) -> ([0-9]+) -> ([0-9]+).*/\1 \2 \3/p"; }
read -r f0 f1 f2 <<< "$(triple 'frames free')"
read -r h0 h1 h2 <<< "$(triple 'heap bytes')"
read -r t0 t1 t2 <<< "$(triple 'tables')"
read -r r0 r1 r2 <<< "$(triple 'regions')"
check "reap: 48 threads reaped" [ -n "$reap" ]
check "reap: frames free ${f0:-?} -> ${f1:-?} -> ${f2:-?}: 16 stacks (1088 KiB) out, all back" \
    [ -n "${f0:-}" ] && [ "$f1" -le $(( f0 - 272 )) -a "$f2" = "$f0" ]
check "reap: heap bytes ${h0:-?} -> ${h1:-?} -> ${h2:-?}: back to the start" \
    [ -n "${h0:-}" ] && [ "$h1" -gt "$h0" -a "$h2" = "$h0" ]
check "reap: page tables ${t0:-?} -> ${t1:-?} -> ${t2:-?}: back to the start" \
    [ -n "${t0:-}" ] && [ "$t1" -gt "$t0" -a "$t2" = "$t0" ]
check "reap: reservations ${r0:-?} -> ${r1:-?} -> ${r2:-?}: one per stack, then none" \
    [ -n "${r0:-}" ] && [ "$r1" = $(( r0 + 16 )) -a "$r2" = "$r0" ]

# ---- overflow: a thread's stack overflow is caught by its guard and named ----
boot overflow "test=sched-overflow"
announce='^TEST sched-overflow: expect #DF in thread overflow \(id ([0-9]+)\), CR2 in guard (0x[0-9a-f]+)-(0x[0-9a-f]+) below stack.*'
id=$(field "$log" "$announce")
lo=$(tr -d '\r' < "$log" | sed -nE "s/$announce/\2/p" | head -1)
hi=$(tr -d '\r' < "$log" | sed -nE "s/$announce/\3/p" | head -1)
cr2=$(field "$log" '^  CR2=(0x[0-9a-f]+) \(the last page fault.*')
check "overflow: kernel panics (got $verdict)" [ "$verdict" = panic ]
check "overflow: the report says #DF" has "$log" '^EXCEPTION vector=8 \(#DF Double fault\)'
check "overflow: CR2 ${cr2:-none} lies in the announced guard ${lo:-none}-${hi:-none}" \
    [ -n "$cr2" -a -n "$lo" -a -n "$hi" ] && [ $(( cr2 >= lo && cr2 < hi )) = 1 ]
check "overflow: the guard is at least 4 KiB below the stack" \
    [ -n "$lo" -a -n "$hi" ] && [ $(( hi - lo >= 4096 )) = 1 ]
check "overflow: STACK OVERFLOW names thread overflow (id ${id:-?}) and the same guard" \
    has "$log" "^STACK OVERFLOW: thread overflow \(id ${id:-x}\) ran off its stack .*: ${cr2:-x} is in its guard ${lo:-x}-${hi:-x}$"
check "overflow: the running thread named is the one that overflowed" \
    has "$log" "^  in thread overflow \(id ${id:-x}\), stack "

# ---- boot-df: the boot thread's overflow is attributed to it too ----
boot boot-df "test=fault-df"
check "boot-df: kernel panics (got $verdict)" [ "$verdict" = panic ]
check "boot-df: STACK OVERFLOW names thread boot (id 0)" \
    has "$log" '^STACK OVERFLOW: thread boot \(id 0\) ran off its stack'

# ---- bench: bench=sched runs and prints numbers (judged by people, not here) ----
mkiso bench "bench=sched" && boot_until '^BENCH sched: done|^PANIC' "$iso" "$log"
check "bench: runs to its end" has "$log" '^BENCH sched: done$'
for what in 'yield, no other thread' 'fxsave \+ fxrstor' 'yield round trip \(2 sw\.\)' \
            'thread switch \(one way\)' 'wake\+wait round trip'; do
    line=$(tr -d '\r' < "$log" | grep -E "^BENCH sched: $what +median")
    cycles=$(echo "$line" | sed -nE 's/.*median +([0-9]+) cycles.*/\1/p')
    check "bench: ${what//\\/} measured (${cycles:-none} cycles)" [ "${cycles:-0}" -gt 0 ]
done
check "bench: a yield with nobody else ready switches 0 times" \
    has "$log" '^BENCH sched: \(switches during it: 0\)$'
tr -d '\r' < "$log" | grep '^BENCH sched:' | sed 's/^/     /'

finish
