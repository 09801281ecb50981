#!/bin/bash
# suite-caps.sh — capabilities (docs/caps.md): drivers as SIPs, their atoll.caps
# declarations, the grants on their command lines, and every check between the two.
# Every configuration that ends compares the kernel's memory counters before the first
# SIP and after the last: whatever a rejected or trapped driver took comes back.

# Parts and configurations:
#   tools      wasm-caps reads the section C drivers get from ATOLL_CAPS and writes one
#              for any module; a malformed section is refused with offset and reason
#   compiler   atoll-run --caps --dump: constant ports checked at compile time and
#              compiled to in/out; run-time ports left to the import; a constant port
#              outside the declaration and an ungranted one refused
#   drivers    keys sent through the QEMU monitor reach the PS/2 driver, bytes written
#              into COM1 reach the serial driver, both through real interrupts; the
#              kernel's serial-in thread does not read COM1 beside it
#   reject     one boot, one module per rule: no declaration, not granted, held by a
#              SIP, held by the kernel (its console output, and its serial-in thread's
#              COM1 input), constant port outside, malformed, bad grant
#   runtime    a run-time port outside the declaration traps; the others go on
#   again      (sips-in-turn) ports and IRQ of a SIP that trapped, then of one that
#              exited, are claimed again by the next driver, which gets interrupts; an
#              IRQ never acknowledged is a trap, not a hang
#   default    the ISO `make run` boots: typing reaches its drivers
set -u
cd "$(dirname "$0")/.."
OUT=build/test/caps
APPS=build/apps
RUN=build/tools/atoll-run
CAPS=build/tools/wasm-caps
BOOT_TIMEOUT=90
. test/qemu/lib.sh

# entries MODULE: its atoll.caps entries as wasm-caps prints them, on one line.
entries() { "$CAPS" print "$1" | sed -nE 's/^  0x[0-9a-f]+  //p' | tr '\n' ' '; }
# error_of COMMAND...: what the command printed on stderr.
error_of() { "$@" 2>&1 >/dev/null; }

build "build kernel, apps, test modules, atoll-run, wasm-caps, ISO" \
    build/kernel.elf apps caps-tests atoll-run build/atoll.iso

# ---- tools: the section, as C drivers get it and as wasm-caps writes it ----
"$CAPS" print $APPS/kbd.wasm > "$OUT/kbd.caps" 2>&1
check "wasm-caps print kbd.wasm: ATOLL_CAPS made a section of 3 entries" \
    has "$OUT/kbd.caps" '^build/apps/kbd.wasm: atoll.caps version 1 at offset 0x[0-9a-f]+, 3 entries$'
check "wasm-caps print kbd.wasm: io:0x60:rw, io:0x64:rw, irq:1, in order" \
    [ "$(entries $APPS/kbd.wasm)" = "io:0x60:rw io:0x64:rw irq:1 " ]
check "wasm-caps print serial.wasm: io:0x3f8:r, io:0x3f9:w, io:0x3fd:r, irq:4" \
    [ "$(entries $APPS/serial.wasm)" = "io:0x3f8:r io:0x3f9:w io:0x3fd:r irq:4 " ]
check "wasm-caps print hello.wasm: no section" \
    [ "$("$CAPS" print $APPS/hello.wasm)" = "build/apps/hello.wasm: no atoll.caps section" ]
"$CAPS" set $APPS/hello.wasm "io:0x60-0x64:r,io:0x3f9:w,irq:12" -o "$OUT/set.wasm" &&
    "$CAPS" set "$OUT/set.wasm" "irq:3,io:0x1f0-0x1f7" -o "$OUT/set2.wasm"
check "wasm-caps set, print: what was set" \
    [ "$(entries "$OUT/set.wasm")" = "io:0x60-0x64:r io:0x3f9:w irq:12 " ]
check "wasm-caps set again: the second section replaces the first" \
    [ "$(entries "$OUT/set2.wasm")" = "irq:3 io:0x1f0-0x1f7:rw " ]
check "wasm-caps set: a bad spec is refused with its column" \
    [ "$(error_of "$CAPS" set $APPS/hello.wasm io:0x60-0x5f -o "$OUT/x.wasm")" = \
      'wasm-caps: "io:0x60-0x5f" at column 12: the port range ends before it starts' ]

# malformed PAYLOAD_HEX MESSAGE: the section refused by the kernel's parser, through
# atoll-run, with MESSAGE at the payload's offset + the bytes before the error.
payload=$(( $(wc -c < $APPS/hello.wasm) + 13 ))   # after hello: id, size, name length, name
malformed() {
    local hex=$1 at=$2 message=$3
    "$CAPS" raw $APPS/hello.wasm "$hex" -o "$OUT/malformed.wasm"
    check "malformed section [$hex]: $message" \
        [ "$(error_of "$RUN" --caps "$OUT/malformed.wasm")" = \
          "$(printf '%s:0x%x: error: atoll.caps: %s' "$OUT/malformed.wasm" $((payload + at)) "$message")" ]
}
malformed ""               0 "empty section (no version byte)"
malformed 02               0 "version 2 is not supported (this kernel reads version 1)"
malformed 0107             1 "unknown resource kind 0x7 (1 = io ports, 2 = irq line)"
malformed 0101e0           3 "unexpected end of section or function"
malformed 01018080040103   2 "port 0x10000 does not exist (ports are 0..0xffff)"
malformed 0101600003       2 "an io entry with no ports (count 0)"
malformed 0101ffff030203   2 "ports 0xffff + 2 run past 0xffff"
malformed 0101600107       4 "access byte 0x7 has reserved bits (1 = read, 2 = write)"
malformed 0101600100       4 "an io entry with neither read nor write access"
malformed 010210           2 "IRQ 16 does not exist (lines 0..15)"
malformed "01$(printf '0201%.0s' $(seq 33))" 65 "more than 32 entries"
# Two sections: one written by wasm-caps, one more appended by hand (id 0, 12 bytes).
"$CAPS" set $APPS/hello.wasm irq:5 -o "$OUT/two.wasm"
second=$(( $(wc -c < "$OUT/two.wasm") + 13 ))
printf '\000\014\012atoll.caps\001' >> "$OUT/two.wasm"
check "malformed: a second atoll.caps section is refused" \
    [ "$(error_of "$RUN" --caps "$OUT/two.wasm")" = "$(printf '%s:0x%x: error: atoll.caps: a second atoll.caps section (one is allowed)' "$OUT/two.wasm" $second)" ]
check "an empty declaration (version byte only) is fine" \
    eval '"$CAPS" raw $APPS/hello.wasm 01 -o "$OUT/empty.wasm" && "$RUN" --caps "$OUT/empty.wasm" > /dev/null'

# ---- compiler: the static check and the inline in/out, in atoll-run --dump ----
"$RUN" --caps --dump $APPS/kbd.wasm > "$OUT/kbd.dump" 2>&1
check "atoll-run --caps kbd.wasm: every declared entry granted (grant: the declaration)" \
    has "$OUT/kbd.dump" '^caps: every entry is granted'
check "atoll-run --caps kbd.wasm: in8 is an intrinsic" \
    has "$OUT/kbd.dump" '^caps: func [0-9]+ \(atoll.in8\): inline'
check "atoll-run --caps kbd.wasm: out8 is an intrinsic" \
    has "$OUT/kbd.dump" '^caps: func [0-9]+ \(atoll.out8\): inline'
# The wasm `i32.const 100; call N` (in8 of port 0x64) and the x86 printed after it.
tr -d '\r' < "$OUT/kbd.dump" | grep -A2 -E 'i32.const 100$' | grep -A1 -E ': call [0-9]+$' \
    > "$OUT/kbd.in64"
check "--dump kbd.wasm: a call of in8 with the constant port 0x64 became 'in al,0x64'" \
    has "$OUT/kbd.in64" 'e4 64 +\s+in +al,0x64$'
check "--dump kbd.wasm: in al,0x60 (data)" has "$OUT/kbd.dump" 'e4 60 .*in +al,0x60$'
check "--dump kbd.wasm: out 0x64,al (a controller command)" has "$OUT/kbd.dump" 'e6 64 .*out +0x64,al$'
"$RUN" --caps --dump $APPS/serial.wasm > "$OUT/serial.dump" 2>&1
check "--dump serial.wasm: port 0x3f8 is above 255, so through dx: mov edx,0x3f8; in al,dx" \
    eval 'tr -d "\r" < "$OUT/serial.dump" | grep -A1 -E "mov +edx,0x3f8$" | grep -qE "in +al,dx$"'
"$RUN" --caps --dump "$OUT/portrun.wasm" > "$OUT/portrun.dump" 2>&1
check "--dump portrun.wasm: ports known at run time only: no in/out instruction" \
    hasnt "$OUT/portrun.dump" '\s(in|out) +[a-z0-9]+,'
check "--dump portrun.wasm: ... but calls of the imports" has "$OUT/portrun.dump" 'call +QWORD PTR \[rax\]'
got=$(error_of "$RUN" --caps "$OUT/constport.wasm")
at=$(echo "$got" | sed -nE 's/^.*constport.wasm:0x([0-9a-f]+): error: .*/\1/p')
check "constant port outside the declaration: refused at compile time ($got)" \
    [ -n "$at" -a "$got" = "$OUT/constport.wasm:0x$at: error: port 0x61 is not declared for writing in atoll.caps" ]
check "  ... at the offset of the call instruction (opcode 0x10)" \
    [ -n "$at" -a "$(od -An -tx1 -j $((16#${at:-0})) -N1 "$OUT/constport.wasm" | tr -d ' ')" = 10 ]
got=$(error_of "$RUN" --caps --grant io:0x60:r,io:0x64,irq:1 $APPS/kbd.wasm)
kbd_at=$(printf %x $((16#$(sed -nE 's/^  0x([0-9a-f]+)  io:0x60:rw$/\1/p' "$OUT/kbd.caps"))))
check "atoll-run --caps --grant without write on 0x60: kbd.wasm refused at its entry" \
    [ "$got" = "$APPS/kbd.wasm:0x$kbd_at: error: atoll.caps: io port 0x60 (write) is not granted (grant: io:0x60:r,io:0x64,irq:1)" ]
check "atoll-run --caps: in8 imported without a declaration is refused at the import" \
    [ "$(error_of "$RUN" --caps "$OUT/noports.wasm")" = \
      "$OUT/noports.wasm:0x16: error: import atoll.in8 needs io ports declared in atoll.caps, and the module declares none" ]

# ---- QEMU configurations ----

KBD_GRANT="grant=io:0x60-0x64,irq:1"
COM1_GRANT="grant=io:0x3f8:r,io:0x3f9:w,io:0x3fd:r,irq:4"

# ---- drivers: real interrupts, from the keyboard and from COM1 ----
mkiso drivers "exit-when-idle" $APPS/kbd.wasm "kbd $KBD_GRANT lines=2" \
    $APPS/serial.wasm "serial $COM1_GRANT lines=2" \
    $APPS/console.wasm "serialin input=serial"
type_into "$iso" "$log" 'wait:^kbd: ready' 'wait:^serial: ready' keys:hi key:ret 'serial:hello\r' \
    keys:Atoll key:ret 'serial:second line\r\n'
check "drivers: the keyboard driver loaded with its grant" has "$log" '^sip kbd: loaded as SIP 1'
check "drivers: the serial driver loaded with its grant" has "$log" '^sip serial: loaded as SIP 2'
check "drivers: keys h, i, Enter (sendkey) became the line 'hi'" has "$log" '^kbd: hi$'
check "drivers: shift-a t o l l, Enter became 'Atoll'" has "$log" '^kbd: Atoll$'
check "drivers: bytes 'hello' CR into COM1 were echoed" has "$log" '^hello$'
check "drivers: ... and became the line 'hello'" has "$log" '^serial: hello$'
check "drivers: CR LF ends one line, not two" has "$log" '^serial: second line$'
check "drivers: the keyboard driver handled interrupts (one per key press and release)" \
    has "$log" '^kbd: done: 2 lines, 9 keys, ([1-9][0-9]+) interrupts$'
check "drivers: the serial driver handled interrupts" \
    has "$log" '^serial: done: 2 lines, 19 bytes, [1-9][0-9]* interrupts$'
check "drivers: the keyboard driver exited" has "$log" '^sip kbd: exited with code 0$'
check "drivers: the serial driver exited" has "$log" '^sip serial: exited with code 0$'
check "drivers: COM1's input held by the driver: the kernel's serial-in thread stays out" \
    has "$log" '^sip serialin: input=serial: the kernel will not read COM1: io port 0x3f8 \(read\) is held by SIP serial$'
check "drivers: ... so channel serial has no writer, and its reader ends" \
    has "$log" '^console: 0 messages, 0 bytes; stopping: every client is gone$'
memory_check drivers

# ---- reject: one module per rule, while the keyboard driver holds its resources ----
"$CAPS" raw $APPS/hello.wasm 0107 -o "$OUT/badcaps.wasm"
boot reject "exit-when-idle sip-deadline=3000" \
    $APPS/kbd.wasm "kbd $KBD_GRANT" \
    $APPS/console.wasm "serialin input=serial" \
    $APPS/serial.wasm "serial $COM1_GRANT" \
    "$OUT/noports.wasm" "noports" \
    $APPS/kbd.wasm "nogrant" \
    $APPS/kbd.wasm "partial grant=io:0x60:r,io:0x64,irq:1" \
    $APPS/kbd.wasm "kbd2 $KBD_GRANT" \
    "$OUT/irqonly.wasm" "irqonly grant=irq:1" \
    "$OUT/com1out.wasm" "com1out grant=io:0x3f8-0x3ff" \
    "$OUT/constport.wasm" "constport grant=io:0x70-0x71" \
    "$OUT/badcaps.wasm" "badcaps" \
    $APPS/kbd.wasm "badgrant grant=io:0x60-0x5f" \
    $APPS/kbd.wasm "twogrants $KBD_GRANT grant=irq:1" \
    $APPS/counter.wasm "tick tick 3 100 sleep"
check "reject: the first keyboard driver loaded" has "$log" '^sip kbd: loaded as SIP 1'
check "reject: port imports without a declaration" \
    has "$log" '^sip noports: rejected: at offset 0x16: import atoll.in8 needs io ports declared in atoll.caps, and the module declares none$'
check "reject: declared, not granted (no grant at all)" \
    has "$log" "^sip nogrant: rejected: at offset 0x$kbd_at: atoll.caps: io port 0x60 \\(read\\) is not granted \\(grant: none\\)\$"
check "reject: declared read and write, granted read only" \
    has "$log" "^sip partial: rejected: at offset 0x$kbd_at: atoll.caps: io port 0x60 \\(write\\) is not granted \\(grant: io:0x60:r,io:0x64,irq:1\\)\$"
check "reject: ports held by another live SIP" \
    has "$log" "^sip kbd2: rejected: at offset 0x$kbd_at: atoll.caps: io port 0x60 \\(read and write\\) is held by SIP kbd\$"
check "reject: an IRQ line held by another live SIP" \
    has "$log" '^sip irqonly: rejected: at offset 0x[0-9a-f]+: atoll.caps: IRQ 1 is held by SIP kbd$'
check "reject: COM1's input, held by the kernel's serial-in thread while it has a reader" \
    has "$log" '^sip serial: rejected: at offset 0x[0-9a-f]+: atoll.caps: io port 0x3f8 \(read\) is held by the kernel \(serial input\)$'
check "reject: the console's COM1 output, held by the kernel, even when granted" \
    has "$log" '^sip com1out: rejected: at offset 0x[0-9a-f]+: atoll.caps: io port 0x3f8 \(write\) is held by the kernel \(console output on COM1\)$'
check "reject: a constant port outside the declaration, at compile time" \
    has "$log" "^sip constport: rejected: at offset 0x$at: port 0x61 is not declared for writing in atoll.caps\$"
check "reject: a malformed section, with its offset" \
    has "$log" "^sip badcaps: rejected: at offset 0x$(printf %x $((payload + 1))): atoll.caps: unknown resource kind 0x7 \\(1 = io ports, 2 = irq line\\)\$"
check "reject: a grant that does not parse" \
    has "$log" '^sip badgrant: rejected: bad grant "io:0x60-0x5f" at column 12: the port range ends before it starts$'
check "reject: two grant= words" has "$log" '^sip twogrants: rejected: more than one grant= word$'
check "reject: no rejected module ran an instruction" hasnt "$log" 'must never appear'
check "reject: no rejected module became a SIP (3 loaded: kbd, serialin, tick)" \
    has "$log" '^sips: 3 loaded$'
check "reject: a counter ran beside them to its end" has "$log" '^sip tick: exited with code 3$'
check "reject: the driver, blocked in irq_wait, left at the deadline" \
    has "$log" "^sip kbd: trap: killed by the kernel in function '_start'"
memory_check reject

# ---- runtime: a port known only at run time, outside the declaration ----
boot runtime "exit-when-idle" "$OUT/portrun.wasm" "portrun ok=96 bad=97 $KBD_GRANT" \
    $APPS/counter.wasm "tick tick 4 100 sleep"
check "runtime: a declared port read at run time works" \
    has "$log" '^portrun: read port 96 at run time; now port 97$'
check "runtime: an undeclared one traps, at the call" \
    has "$log" "^sip portrun: trap: atoll.in8: port 0x61 is not declared for reading in atoll.caps in function '_start' at offset 0x[0-9a-f]+\$"
check "runtime: nothing after the trap ran" hasnt "$log" 'must never appear'
check "runtime: the kernel and the other SIP went on" has "$log" '^sip tick: exited with code 4$'
memory_check runtime

# ---- again: resources of a SIP that ended are free for the next (sips-in-turn) ----
mkiso again "exit-when-idle sips-in-turn" \
    "$OUT/portrun.wasm" "portrun ok=96 bad=100 $KBD_GRANT" \
    $APPS/kbd.wasm "kbd $KBD_GRANT lines=1" \
    $APPS/kbd.wasm "kbd2 $KBD_GRANT lines=1" \
    $APPS/ipctest.wasm "serialin input=serial readone" \
    "$OUT/unacked.wasm" "unacked $COM1_GRANT"
type_into "$iso" "$log" 'wait:^kbd: ready \(SIP 2\)' keys:one key:ret 'wait:^kbd: ready \(SIP 3\)' \
    keys:two key:ret 'wait:^sip serialin: loaded as SIP 4' 'serial:z\r' \
    'wait:^unacked: ready' 'serial:x'
check "again: the first holder of port 0x60 and IRQ 1 trapped" \
    has "$log" '^sip portrun: trap: atoll.in8: port 0x64 is not declared for reading'
check "again: after it, a driver claimed the same port and line" \
    before "$log" '^sip portrun: trap' '^sip kbd: loaded as SIP 2'
check "again: ... and got their interrupts" has "$log" '^kbd: one$'
check "again: after that one exited, a third claimed them again" \
    before "$log" '^sip kbd: exited with code 0' '^sip kbd2: loaded as SIP 3'
check "again: ... and got their interrupts too" has "$log" '^kbd: two$'
check "again: the kernel's serial-in thread read COM1 for its reader (SIP 4)" \
    has "$log" '^ipctest readone: got z$'
check "again: once that reader left, a driver claimed COM1's input (the kernel let go)" \
    before "$log" '^sip serialin: exited with code [12]$' '^sip unacked: loaded as SIP 5'
check "again: no load was refused" hasnt "$log" 'rejected'
check "again: an IRQ that fired and was never acknowledged: the second wait traps" \
    has "$log" "^sip unacked: trap: atoll.irq_wait: IRQ 4 fired and was never acknowledged \\(atoll.irq_ack\\) in function '_start'"
memory_check again

# ---- default: the ISO `make run` boots, typed into ----
type_into build/atoll.iso "$OUT/default.log" 'wait:^kbd: ready' 'wait:^serial: ready' \
    keys:make key:spc keys:run key:ret 'serial:from the terminal\r' \
    'wait:^serial: from the terminal$' 'wait:^kbd: make run$' stop
check "default: the demo's drivers took input until stopped (got $verdict)" [ "$verdict" = stopped ]
check "default: the keyboard driver got 'make run'" has "$log" '^kbd: make run$'
check "default: the serial driver got 'from the terminal'" has "$log" '^serial: from the terminal$'

finish
