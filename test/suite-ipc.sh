#!/bin/bash
# suite-ipc.sh — handles, channels and spawning (docs/ipc.md), booted in QEMU: each
# configuration is a set of boot modules, and the checks read the serial log. Every
# configuration but the last runs with exit-when-idle, and its memory counters must
# come back to their values before the first SIP.

# Configurations:
#   pingpong   ping spawns pong; thousands of round trips, every answer checked; big
#              messages too
#   scenarios  wasm-apps/ipctest.c, one SIP per scenario: a channel end passed and used,
#              sends to a closed peer, a full queue blocking its sender, a child dying
#              with handles (waiters woken), forged and stale handles, the cycle rule,
#              waiting on several handles, spawn with arguments and exit codes; a bad
#              pointer handed to a receive is a trap
#   console    three SIPs print through the console service; each line arrives whole,
#              and the service ends when its last client has gone
#   kill       a SIP asleep in a receive is killed at sip-deadline and leaves at once
#   shell      the shell, typed into on COM1: help, ps, run, start, a missing module, exit
#   default    the ISO `make run` boots: the shell there runs apps by name
set -u
cd "$(dirname "$0")/.."
OUT=build/test/ipc
APPS=build/apps
BOOT_TIMEOUT=180
. test/qemu/lib.sh

build "build kernel, apps and ISO" build/kernel.elf apps build/atoll.iso

# ---- pingpong ----
boot pingpong "exit-when-idle sip-deadline=120000" \
    "$APPS/ping.wasm" "ping spawn 5000 8" \
    "$APPS/ping.wasm" "bigping spawn 200 60000" \
    "$APPS/pong.wasm" "pong nostart"
check "pingpong: 5000 round trips of 8 bytes, every answer right, pong answered all" \
    has "$log" '^ping: 5000 round trips of 8 bytes, 0 wrong, 0 failed; pong answered 5000$'
check "pingpong: 200 round trips of 60000 bytes, every answer right" \
    has "$log" '^ping: 200 round trips of 60000 bytes, 0 wrong, 0 failed; pong answered 200$'
check "pingpong: pong was spawned twice, not started at boot" \
    eval "has '$log' '^sip pong: present, not started \(nostart\)$' && [ \$(count '$log' '^sip pong: exited with code (5000|200)$') = 2 ]"
check "pingpong: both pings exit with code 0" [ "$(count "$log" '^sip (ping|bigping): exited with code 0$')" = 2 ]
memory_check pingpong

# ---- scenarios ----
scenarios="xfer closed full die forge busy wait children"
modules=("$APPS/ipctest.wasm" "ipctest nostart" "$APPS/bad_import.wasm" "bad_import nostart")
for s in $scenarios; do
    modules+=("$APPS/ipctest.wasm" "t-$s spawn $s")
done
modules+=("$APPS/ipctest.wasm" "t-badptr badptr")
boot scenarios "exit-when-idle sip-deadline=120000" "${modules[@]}"
for s in $scenarios; do
    line=$(tr -d '\r' < "$log" | grep -E "^ipctest $s: (ok|FAIL)" | head -3 | tr '\n' ' ')
    check "scenarios: $s: ${line:-no verdict}" \
        eval "has '$log' '^ipctest $s: ok \([0-9]+ checks\)$' && hasnt '$log' '^ipctest $s: FAIL'"
    check "scenarios: $s: exits with code 0" has "$log" "^sip t-$s: exited with code 0$"
done
check "scenarios: xfer: the end passed through the channel carried the child's message" \
    has "$log" '^sip ipctest: exited with code 0$'
check "scenarios: full: the blocked sender waited for the reader, who got all 32 in order" \
    has "$log" '^ipctest full: 16 sent without blocking, the 17th blocked [0-9]+ ms until the reader drained; the reader got 32 in order$'
check "scenarios: die: the child trapped while holding handles" \
    has "$log" "^sip ipctest: trap: unreachable in function 'die_child' at offset 0x[0-9a-f]+$"
check "scenarios: children: the child got its arguments" has "$log" '^ipctest args: child [0-9]+ got alpha beta gamma$'
check "scenarios: a receive buffer outside memory is a trap naming the range, not a kernel fault" \
    has "$log" "^sip t-badptr: trap: atoll\.chan_recv: bytes 0xfffffff0\.\.0x100000010 outside memory of 0x[0-9a-f]+ bytes in function '_start' at offset 0x[0-9a-f]+$"
check "scenarios: a module that fails to load says why" \
    has "$log" '^sip bad_import: rejected: at offset 0x29: unknown import atoll\.frobnicate$'
memory_check scenarios

# ---- console: the console service and its clients ----
boot console "exit-when-idle sip-deadline=60000" \
    "$APPS/console.wasm" "console console=serve" \
    "$APPS/ipctest.wasm" "chat-a console=svc chatter a 40" \
    "$APPS/ipctest.wasm" "chat-b console=svc chatter b 40" \
    "$APPS/ipctest.wasm" "chat-c console=svc chatter c 40"
for c in a b c; do
    check "console: client $c's 40 lines arrived whole and in order" \
        eval "[ \"\$(tr -d '\r' < '$log' | grep -E '^chatter $c: line [0-9]+ of 40, through the console service$' | sed -E 's/.*line ([0-9]+) of.*/\1/' | tr '\n' ' ')\" = \"$(seq -s ' ' 1 40) \" ]"
    check "console: client $c exits with code 40" has "$log" "^sip chat-$c: exited with code 40$"
done
check "console: no line was cut or mixed" \
    [ "$(count "$log" '^chatter [abc]: line [0-9]+ of 40, through the console service$')" = 120 -a \
      "$(count "$log" 'chatter [abc]: line')" = 120 ]
check "console: the service carried 120 messages and stopped when every client was gone" \
    has "$log" '^console: 120 messages, [0-9]+ bytes; stopping: every client is gone$'
check "console: the service exits with code 0" has "$log" '^sip console: exited with code 0$'
memory_check console

# ---- kill: a SIP asleep in an IPC wait is killed ----
boot kill "exit-when-idle sip-deadline=1500" "$APPS/ipctest.wasm" "blocker block"
check "kill: the SIP waits in its receive" has "$log" '^ipctest block: waiting for a message that never comes$'
check "kill: killed at the deadline, it leaves from its receive" \
    has "$log" "^sip blocker: trap: killed by the kernel in function '[a-z_]+' at offset 0x[0-9a-f]+$"
memory_check kill

# ---- shell: typed into on COM1 (the kernel's serial-in thread feeds input=serial) ----
mkiso shell "exit-when-idle" \
    "$APPS/console.wasm" "console console=serve" \
    "$APPS/shell.wasm" "shell console=svc input=serial spawn" \
    "$APPS/hello.wasm" "hello nostart" "$APPS/counter.wasm" "counter nostart" \
    "$APPS/ping.wasm" "ping nostart" "$APPS/pong.wasm" "pong nostart" \
    "$APPS/ipctest.wasm" "ipctest nostart"
type_into "$iso" "$log" 'wait:^sips: [0-9]+ loaded' 'wait:^atoll> ' \
    'serial:help\r' 'wait:^commands: ' \
    'serial:ps\r' 'wait:^ +2 +0 [a-z]+ +[0-9]+ shell$' \
    'serial:run hello from the shell\r' 'wait:^\[hello exited with code 0\]$' \
    'serial:start counter bg 3 300 sleep\r' 'wait:started in the background' \
    'serial:ps\r' 'wait:^ +[0-9]+ +2 [a-z]+ +[0-9]+ counter$' \
    'wait:^\[counter exited with code 3\]$' \
    'serial:run ping 300 16\r' 'wait:^\[ping exited with code 0\]$' \
    'serial:run ipctest exit5\r' 'wait:^\[ipctest exited with code 5\]$' \
    'serial:run nosuch\r' 'wait:^cannot start nosuch: no such module$' \
    'serial:exit\r'
check "shell: typed commands ran and the system ended (got $verdict)" [ "$verdict" = pass ]
check "shell: help lists the commands" has "$log" '^commands: ps, run NAME \[ARGS\], start NAME \[ARGS\], help, exit$'
check "shell: ps lists the console service and the shell" \
    eval "has '$log' '^ +1 +0 [a-z]+ +[0-9]+ console$' && has '$log' '^ +2 +0 [a-z]+ +[0-9]+ shell$'"
check "shell: run hello: it ran with its arguments, as a child of the shell" \
    eval "has '$log' 'Hello from SIP [0-9]+, args \"from the shell\"' && has '$log' '^\[hello exited with code 0\]$'"
check "shell: start counter: in the background, listed by ps with the shell as parent, exit code shown" \
    eval "has '$log' '^ +[0-9]+ +2 [a-z]+ +[0-9]+ counter$' && has '$log' '^counter bg: 3 of 3$' && has '$log' '^\[counter exited with code 3\]$'"
check "shell: run ping: ping spawned pong, 300 round trips right" \
    has "$log" '^ping: 300 round trips of 16 bytes, 0 wrong, 0 failed; pong answered 300$'
check "shell: an exit code other than 0 is shown" has "$log" '^\[ipctest exited with code 5\]$'
check "shell: a module that does not exist" has "$log" '^cannot start nosuch: no such module$'
check "shell: exit ends the shell, then the console service" \
    eval "has '$log' '^sip shell: exited with code 0$' && has '$log' '^console: [0-9]+ messages, [0-9]+ bytes; stopping: every client is gone$'"
memory_check shell

# ---- default: the ISO `make run` boots; its shell runs apps ----
type_into build/atoll.iso "$OUT/default.log" 'wait:^sips: [0-9]+ loaded' 'wait:^atoll> ' \
    'serial:run hello\r' 'wait:^\[hello exited with code 0\]$' \
    'serial:ps\r' 'wait:^ +[0-9]+ +0 [a-z]+ +[0-9]+ shell$' \
    'serial:run ping 100\r' 'wait:^\[ping exited with code 0\]$' 'stop'
check "default: the shell took typed commands (got $verdict)" [ "$verdict" = stopped ]
check "default: run hello" has "$log" '^\[hello exited with code 0\]$'
check "default: ps lists the shell" has "$log" '^ +[0-9]+ +0 [a-z]+ +[0-9]+ shell$'
check "default: run ping" has "$log" '^ping: 100 round trips of 8 bytes, 0 wrong, 0 failed; pong answered 100$'

finish
