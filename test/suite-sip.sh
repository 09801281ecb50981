#!/bin/bash
# suite-sip.sh — whole SIPs booted in QEMU: each configuration is a set of wasm apps
# (wasm-apps/, built by make) loaded as boot modules, and the checks read the serial
# log and QEMU's exit status. Every configuration but the last runs with
# exit-when-idle: the kernel leaves QEMU once all SIPs are gone, and the suite compares
# the memory counters it printed before the first SIP was loaded with those after the
# last one was reaped, number by number.

# Configurations:
#   hello       one SIP runs: its output, its exit line, its id and arguments
#   interleave  two counters that never yield print in turn while a spinner never
#               gives up the CPU: preemption; the spinner is killed at sip-deadline
#   traps       a SIP per trap kind (and a trap in a start function) ends with the exact
#               line "sip NAME: trap: WHAT in function 'F' at offset 0xN"; a counter
#               running alongside finishes
#   badptr      pointers outside a SIP's memory handed to the ABI: a trap, not a fault
#   memory      16 MiB grown and touched page by page, and a guard hit after growing
#   quota       each SIP's memory quota: memory.grow past it returns -1 and the SIP goes
#               on; a second SIP still gets memory while a hog holds all of its quota;
#               mem= on a module's line; an initial memory above the quota is rejected
#   oom         a quota larger than the machine (mem=4G): commits are reservations, so
#               memory.grow is -1 once no more frames can be promised and the hog goes
#               on and finishes, as does a SIP running beside it
#   exit        atoll.exit from 10 calls deep, and an exit code returned by _start
#   reject      unknown import, wrong signature, malformed bytes, no entry, a body that
#               does not validate: rejected at load with offset and reason, before
#               running an instruction
#   default     the ISO `make run` boots (top-level grub.cfg): the demo SIPs run
set -u
cd "$(dirname "$0")/.."
OUT=build/test/sip
APPS=build/apps
. test/qemu/lib.sh

build "build kernel and apps" build/kernel.elf apps
# A module whose body does not validate: wat2wasm must be told not to check it.
wat2wasm --no-check test/sip/bad_body.wat -o "$OUT/bad_body.wasm"

# ---- the ABI's table, its documentation and its C header stay in step ----
abi_names=$(sed -nE 's/^    \{ "([a-z_]+)", .*/\1/p' src/abi/atoll.c)
check "abi: the table in src/abi/atoll.c has entries ($(echo $abi_names))" [ -n "$abi_names" ]
for name in $abi_names; do
    check "abi: atoll.$name is documented in docs/abi.md and declared in atoll.h" \
        eval "grep -q '^| \`$name\` |' docs/abi.md && grep -q 'ATOLL_IMPORT(\"$name\")' wasm-apps/include/atoll.h"
done

# ---- hello ----
boot hello "exit-when-idle" "$APPS/hello.wasm" "hello big world"
check "hello: loaded as SIP 1" has "$log" '^sip hello: loaded as SIP 1: [0-9]+ functions, [0-9]+ bytes of code$'
check "hello: prints its id and its arguments" \
    has "$log" '^Hello from SIP 1, args "big world": WebAssembly in ring 0\.$'
check "hello: exits with code 0" has "$log" '^sip hello: exited with code 0$'
memory_check hello

# ---- interleave: preemption among SIPs that never yield ----
boot interleave "exit-when-idle sip-deadline=4000" \
    "$APPS/counter.wasm" "count-a a 4 40" \
    "$APPS/spinner.wasm" "spinner" \
    "$APPS/counter.wasm" "count-b b 4 40"
for c in a b; do
    check "interleave: counter $c prints 4 lines" [ "$(count "$log" "^counter $c: [1-4] of 4$")" = 4 ]
    check "interleave: counter $c exits with code 4" has "$log" "^sip count-$c: exited with code 4$"
done
a1=$(line_no "$log" '^counter a: 1 of 4$') a4=$(line_no "$log" '^counter a: 4 of 4$')
b1=$(line_no "$log" '^counter b: 1 of 4$') b4=$(line_no "$log" '^counter b: 4 of 4$')
check "interleave: the counters' lines interleave (a: lines $a1..$a4, b: lines $b1..$b4)" \
    [ "$a1" -gt 0 -a "$b1" -gt 0 -a "$b1" -lt "$a4" -a "$a1" -lt "$b4" ]
check "interleave: the spinner started before the counters ended" \
    [ "$(line_no "$log" '^spinner: spinning for ever')" -gt 0 -a \
      "$(line_no "$log" '^spinner: spinning for ever')" -lt "$a4" ]
killed=$(line_no "$log" '^sip spinner: killed \(deadline\)$')
check "interleave: both counters ended before the deadline killed the spinner (line $killed)" \
    [ "$killed" -gt "$a4" -a "$killed" -gt "$b4" ]
check "interleave: the spinner leaves with a trap in its loop" \
    has "$log" "^sip spinner: trap: killed by the kernel in function 'spin' at offset 0x[0-9a-f]+$"
memory_check interleave

# ---- traps: one SIP per trap kind, each ends alone ----
# name, app, the trap line expected after "sip NAME: trap: "
traps=(
    "unreachable    trap_unreachable  unreachable in function 'fail'"
    "divzero        trap_divzero      integer divide by zero in function 'divide'"
    "overflow       trap_overflow     integer overflow in function 'divide'"
    "convert        trap_convert      invalid conversion to integer in function 'to_int'"
    "memory         trap_memory       out of bounds memory access in function 'poke'"
    "table          trap_table        out of bounds table access in function 'peek'"
    "undefined      trap_undefined    undefined element in function 'dispatch'"
    "null           trap_null         uninitialized element in function 'dispatch'"
    "signature      trap_signature    indirect call type mismatch in function 'dispatch'"
    "stack          trap_stack        call stack exhausted in function 'recurse'"
    "start          trap_start        integer divide by zero in function 'init'"
)
modules=("$APPS/counter.wasm" "survivor s 8 40 sleep")
for t in "${traps[@]}"; do
    read -r name app _ <<< "$t"
    modules+=("$APPS/$app.wasm" "$name")
done
boot traps "exit-when-idle" "${modules[@]}"
# prefix_hex LINE PREFIX: LINE is PREFIX followed by hex digits only.
prefix_hex() { [[ "$1" == "$2"* && "${1#"$2"}" =~ ^[0-9a-f]+$ ]]; }
for t in "${traps[@]}"; do
    read -r name app what <<< "$t"
    line=$(tr -d '\r' < "$log" | grep -E "^sip $name: trap: " | head -1)
    check "traps: $name: ${line:-no trap line}" \
        prefix_hex "$line" "sip $name: trap: $what at offset 0x"
done
check "traps: $((${#traps[@]})) SIPs trapped, each exactly once" \
    [ "$(count "$log" '^sip [a-z]+: trap: ')" = "${#traps[@]}" ]
check "traps: the start function's trap kept _start from running" hasnt "$log" '_start ran \(wrong\)'
store=$(field "$log" "^sip memory: trap: .* at offset 0x([0-9a-f]+)$")
check "traps: the offset of the guard-page store (0x${store:-none}) is its i32.store8 (opcode 0x3a)" \
    [ -n "$store" -a "$(od -An -tx1 -j $((16#${store:-0})) -N1 "$APPS/trap_memory.wasm" | tr -d ' ')" = 3a ]
check "traps: the survivor counted to 8 and exited with code 8 while the others trapped" \
    eval "[ \"\$(count '$log' '^counter s: [1-8] of 8$')\" = 8 ] && has '$log' '^sip survivor: exited with code 8$'"
memory_check traps

# ---- badptr: bad pointers into the ABI trap the SIP, the kernel does not fault ----
boot badptr "exit-when-idle" \
    "$APPS/badptr.wasm" "far far" "$APPS/badptr.wasm" "wrap wrap" "$APPS/badptr.wasm" "args args"
check "badptr: write(0x7fff0000, 16) is a trap naming the range and the memory size" \
    has "$log" "^sip far: trap: atoll\.write: bytes 0x7fff0000\.\.0x7fff0010 outside memory of 0x20000 bytes in function '_start' at offset 0x[0-9a-f]+$"
check "badptr: write(0xfffffff0, 32) does not wrap around" \
    has "$log" "^sip wrap: trap: atoll\.write: bytes 0xfffffff0\.\.0x100000010 outside memory of 0x20000 bytes in function '_start' at offset 0x[0-9a-f]+$"
check "badptr: args(end - 4, 64) is refused before a byte is copied" \
    has "$log" "^sip args: trap: atoll\.args: bytes 0x1fffc\.\.0x2003c outside memory of 0x20000 bytes in function '_start' at offset 0x[0-9a-f]+$"
offsets=$(tr -d '\r' < "$log" | sed -nE 's/^sip (far|wrap|args): trap: .* at offset (0x[0-9a-f]+)$/\2/p' | sort -u | wc -l)
check "badptr: each trap is reported at its own call instruction ($offsets distinct offsets)" [ "$offsets" = 3 ]
check "badptr: no call returned to the SIP" hasnt "$log" 'the kernel accepted it \(wrong\)'
memory_check badptr

# ---- memory: demand-paged growth, and a guard hit after it, give every frame back ----
boot memory "exit-when-idle" "$APPS/memtouch.wasm" "grow 256" "$APPS/memtouch.wasm" "growtrap 64 trap"
check "memory: 256 wasm pages grown and 4096 pages touched, all read back" \
    has "$log" '^memtouch: grew by 256 pages, touched 4096 4 KiB pages, 0 wrong$'
check "memory: that SIP exits with code 0" has "$log" '^sip grow: exited with code 0$'
check "memory: a store one byte past the grown memory hits the guard" \
    has "$log" "^sip growtrap: trap: out of bounds memory access in function '_start' at offset 0x[0-9a-f]+$"
memory_check memory

# ---- quota: memory.grow past a SIP's quota is -1; the rest of the machine stays usable ----
# hog (default quota: 64 MiB, as a quarter of QEMU's 512 MiB is more) grows as far as it
# may, writes it all and, still holding it, spawns memtouch, which must get its 16 MiB;
# hog96's line says mem=96M. bigmem starts with 1025 pages: one more than the default
# quota (big1), within mem=65M (big2); a mem= that is no size rejects its module.
boot quota "exit-when-idle" \
    "$APPS/memhog.wasm" "hog spawn then memtouch 256" "$APPS/memtouch.wasm" "memtouch nostart" \
    "$APPS/memhog.wasm" "hog96 mem=96M" "$APPS/bigmem.wasm" "big1" \
    "$APPS/bigmem.wasm" "big2 mem=65M" "$APPS/bigmem.wasm" "big3 mem=12Q" \
    "$APPS/bigmem.wasm" "big4 mem=8G"
check "quota: the hog grows to its 1024 pages (64 MiB), then memory.grow(1) returns -1" \
    has "$log" '^memhog: grew from [0-9]+ to 1024 pages \(64 MiB\), then memory\.grow\(1\) returned -1$'
check "quota: with mem=96M, 1536 pages, then -1" \
    has "$log" '^memhog: grew from [0-9]+ to 1536 pages \(96 MiB\), then memory\.grow\(1\) returned -1$'
check "quota: after the -1 both hogs go on: every page they got written and read back" \
    [ "$(count "$log" '^memhog: touched [0-9]+ pages, 0 wrong$')" = 2 ]
check "quota: while the hog holds its quota, a second SIP grows 16 MiB and touches it all" \
    has "$log" '^memtouch: grew by 256 pages, touched 4096 4 KiB pages, 0 wrong$'
check "quota: ... and finishes, while the hog still holds its pages intact" \
    has "$log" '^memhog: spawned "memtouch 256": 0 \(its exit code\), while holding 1024 pages, 0 wrong$'
check "quota: both hogs exit with code 0" \
    eval "has '$log' '^sip hog: exited with code 0$' && has '$log' '^sip hog96: exited with code 0$'"
check "quota: an initial memory above the quota is rejected at load" \
    has "$log" '^sip big1: rejected: memory of 1025 pages exceeds its quota of 1024 pages$'
check "quota: mem=65M lets the same module load and run" \
    eval "has '$log' '^bigmem: running with 1025 pages$' && has '$log' '^sip big2: exited with code 0$'"
check "quota: mem= that is no size, or more than 4G, rejects the module" \
    eval "has '$log' '^sip big3: rejected: mem=12Q is not a size from 64K to 4G \(such as mem=256M\)$' &&
          has '$log' '^sip big4: rejected: mem=8G is not a size from 64K to 4G \(such as mem=256M\)$'"
check "quota: no rejected module ran (bigmem ran once)" \
    eval "[ \"\$(count '$log' '^bigmem: running')\" = 1 ] && hasnt '$log' '^sip big[134]: (loaded|exited|trap)'"
check "quota: 3 loaded at boot (hog, hog96, big2)" has "$log" '^sips: 3 loaded$'
memory_check quota

# ---- oom: a quota beyond the machine's frames; a commit is a reservation of frames ----
# QEMU has 512 MiB: the hog's memory.grow returns -1 once the frames for one more page
# cannot be promised, well short of 4 GiB; every page it did get is backed, so it writes
# them all and exits. The counter, started first, keeps its memory and finishes too.
# unbacked's initial 562.5 MiB fit its quota (mem=1G) but not the machine: rejected.
boot oom "exit-when-idle" "$APPS/counter.wasm" "count-o o 4 20" "$APPS/memhog.wasm" "hog4g mem=4G" \
    "$APPS/unbacked.wasm" "unbacked mem=1G"
got=$(field "$log" '^memhog: grew from [0-9]+ to ([0-9]+) pages \([0-9]+ MiB\), then memory\.grow\(1\) returned -1$')
from=$(field "$log" '^memhog: grew from ([0-9]+) to [0-9]+ pages .*$')
check "oom: with mem=4G the hog grows to ${got:-no} pages, more than 256 MiB and less than 512 MiB, then -1" \
    [ "${got:-0}" -gt 4096 -a "${got:-0}" -lt 8192 ]
check "oom: every page it got is backed: all ${got:-no} written and read back, exit code 0" \
    eval "has '$log' '^memhog: touched $(((${got:-0} - ${from:-0}) * 16)) pages, 0 wrong$' && has '$log' '^sip hog4g: exited with code 0$'"
check "oom: no 'out of memory' trap, no panic" \
    eval "hasnt '$log' 'trap: out of memory' && hasnt '$log' '[Pp][Aa][Nn][Ii][Cc]'"
check "oom: the counter beside it counted to 4 and exited with code 4" \
    eval "[ \"\$(count '$log' '^counter o: [1-4] of 4$')\" = 4 ] && has '$log' '^sip count-o: exited with code 4$'"
check "oom: an initial memory of 9000 pages (mem=1G) whose frames cannot be promised is rejected at load" \
    has "$log" '^sip unbacked: rejected: memory of 9000 pages cannot be backed \([0-9]+ frames free\)$'
memory_check oom

# ---- exit: atoll.exit unwinds from deep inside; _start's result is the exit code ----
boot exit "exit-when-idle" "$APPS/exitcode.wasm" "exitcode 42" "$APPS/exitcode.wasm" "exit7 7" \
    "$APPS/counter.wasm" "three x 3 20 yield"
check "exit: exit(42) from 10 calls deep" has "$log" '^sip exitcode: exited with code 42$'
check "exit: exit(7), from the arguments" has "$log" '^sip exit7: exited with code 7$'
check "exit: nothing runs after exit" hasnt "$log" '\(wrong\)'
check "exit: an [] -> [i32] _start returns its exit code (3), after yielding" \
    has "$log" '^sip three: exited with code 3$'
memory_check exit

# ---- reject: modules that must never run ----
boot reject "exit-when-idle" \
    "$APPS/bad_import.wasm" "bad_import" "$APPS/bad_signature.wasm" "bad_signature" \
    "$APPS/malformed.wasm" "malformed.wasm" "$APPS/no_entry.wasm" "no_entry" \
    "$OUT/bad_body.wasm" "bad_body" "$APPS/hello.wasm" "hello"
check "reject: unknown import, with its offset" \
    has "$log" '^sip bad_import: rejected: at offset 0x29: unknown import atoll\.frobnicate$'
check "reject: wrong signature, with both types" \
    has "$log" '^sip bad_signature: rejected: at offset 0x16: import atoll\.write has type \(i32\) -> \(i32\), but the ABI.s is \(i32 i32\) -> \(i32\)$'
check "reject: malformed module, with offset and reason" \
    has "$log" '^sip malformed\.wasm: rejected: at offset 0xe: malformed value type$'
check "reject: no _start export" \
    has "$log" '^sip no_entry: rejected: no entry point \(export "_start" of type \[\] -> \[\] or \[\] -> \[i32\]\)$'
check "reject: a body that does not validate, with the offset of the instruction" \
    has "$log" '^sip bad_body: rejected: at offset 0x2a: type mismatch$'
check "reject: no rejected module was loaded, ran or trapped" \
    hasnt "$log" '^sip (bad_import|bad_signature|malformed\.wasm|no_entry|bad_body): (loaded|exited|trap)'
check "reject: the one good module still runs, as SIP 1" has "$log" '^Hello from SIP 1: WebAssembly'
check "reject: 1 loaded" has "$log" '^sips: 1 loaded$'
memory_check reject

# ---- default: the demo on the ISO `make run` boots ----
if make -s build/atoll.iso > "$OUT/iso.log" 2>&1; then
    # The demo's drivers (kbd, serial: docs/caps.md) run for ever, so it never ends: stop
    # once a counter has; memory is checked in every configuration above, and
    # test/suite-caps.sh types into the drivers of this same ISO.
    boot_until '^sip (tick|tock): exited' build/atoll.iso "$OUT/default.log"
    check "default: the demo runs until a counter exits (got $verdict)" [ "$verdict" = seen ]
    check "default: hello ran" has "$log" '^sip hello: exited with code 0$'
    check "default: two SIPs ran side by side and exited" \
        [ "$(count "$log" '^sip [a-z]+: exited with code')" -ge 2 ]
    check "default: the divide by zero ended that SIP alone" has "$log" '^sip divzero: trap: integer divide by zero'
else
    cat "$OUT/iso.log"
    fail "default: build the ISO"
fi

finish
