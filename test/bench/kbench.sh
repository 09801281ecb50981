#!/bin/bash
# kbench.sh — the kernel's figures, measured inside the guest: boots two ISOs, one with
# the kernel option bench=sip (src/sip_bench.c: SIPs, channels, loading, the boot) and
# one with bench=sched (src/sched/sched_bench.c: kernel threads), each twice: under
# plain QEMU TCG and with -icount shift=0,sleep=off. It reads the BENCH lines of the
# serial logs and prints one table (operation, median TSC cycles, instructions), with
# the Linux references measured on the host beside it (pipe_pingpong.c, yield_pingpong.c).
# The one driver of the kernel's measurements: docs/performance.md ("Kernel"),
# docs/ipc.md and docs/sched.md quote it. A measurement, not a test: nothing is judged;
# it fails only when a boot fails.

#     test/bench/kbench.sh [--cpu N|none]     (the CPU the Linux references run on; 1)
#
# Output: stdout and build/bench/kernel.md; the logs in build/kbench/{,sched-}{tcg,icount}.log.
set -u
cd "$(dirname "$0")/../.." || exit 2

cpu=1
while [ $# -gt 0 ]; do
    case "$1" in
    --cpu) cpu="$2"; shift ;;
    *) echo "kbench.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[ "$cpu" = none ] && cpu=-1

make -s kbench-programs || { echo "kbench.sh: building failed" >&2; exit 1; }
out=build/kbench
mkdir -p "$out" build/bench

# The boot modules, in order. Consecutive modules with the same name run as one round
# (the two yield SIPs); "nostart" modules are only loaded (ipc_boot.h) and timed.
modules=(
    build/apps/hello.wasm      "hello"              # the first SIP: boot to its first output
    build/kbench/abicall.wasm  "abicall"
    build/kbench/yield.wasm    "yield print"
    build/kbench/yield.wasm    "yield"
    build/kbench/pingpong.wasm "pingpong spawn"      # spawns itself by name as the echo side
    build/bench/fib.wasm       "fib nostart"
    build/bench/nbody.wasm     "nbody nostart"
    build/bench/mid.wasm       "mid nostart"
    build/bench/big.wasm       "big nostart"
)
test/qemu/mkiso.sh "$out/kbench.iso" build/kernel.elf "bench=sip" "${modules[@]}" &&
    test/qemu/mkiso.sh "$out/sched.iso" build/kernel.elf "bench=sched" ||
    { echo "kbench.sh: mkiso failed" >&2; exit 1; }

# Four boots, one after the other (each is single-threaded TCG: one core each). A
# bench=sched kernel measures, then idles: it is stopped once it says it is done.
boot() {   # boot NAME ISO [QEMU options...]
    local name=$1 iso=$2
    shift 2
    test/qemu/boot.sh "$iso" "$out/$name.log" 900 "$@" > "$out/$name.verdict"
    local status=$?
    tr -d '\r' < "$out/$name.log" > "$out/$name.txt"
    if [ $status -ne 0 ] && [ $status -ne 6 ] || ! grep -qE '^BENCH (sip|sched): done' "$out/$name.txt"; then
        echo "kbench.sh: the $name boot failed: $(cat "$out/$name.verdict") (log: $out/$name.log)" >&2
        return 1
    fi
}
failed=0
icount=(-icount shift=0,sleep=off)
boot tcg "$out/kbench.iso" || failed=1
boot icount "$out/kbench.iso" "${icount[@]}" || failed=1
export BOOT_UNTIL='^BENCH sched: done|^PANIC'
boot sched-tcg "$out/sched.iso" || failed=1
boot sched-icount "$out/sched.iso" "${icount[@]}" || failed=1
unset BOOT_UNTIL

# The Linux references, on the host (pinned; see the programs' comments).
linux_pipe=$(timeout 120 build/kbench/pipe_pingpong "$cpu" 2>&1)
linux_yield=$(timeout 120 build/kbench/yield_pingpong "$cpu" 2>&1)

node - "$out" "$linux_pipe" "$linux_yield" <<'EOF' | tee build/bench/kernel.md
const fs = require('fs');
const [dir, linuxPipe, linuxYield] = process.argv.slice(2);
const read = name => {
    try { return fs.readFileSync(`${dir}/${name}.txt`, 'utf8').split('\n'); } catch { return []; }
};

// "BENCH OP: median X cycles" -> ops[OP] = X; "BENCH sched: OP  median X cycles" ->
// sched[OP] = X; "BENCH load NAME: bytes ..." -> loads[NAME]
function parse(lines) {
    const r = { ops: {}, sched: {}, loads: {}, boot: {}, mhz: null, failed: [] };
    for (const l of lines) {
        let m;
        if ((m = l.match(/^BENCH sip: TSC (\d+) MHz/))) r.mhz = +m[1];
        else if ((m = l.match(/^BENCH sched: (.*\S) +median +(\d+) cycles/))) r.sched[m[1]] = +m[2];
        else if ((m = l.match(/^BENCH load (\S+): bytes (\d+) code (\d+) reps (\d+) decode (\d+) compile (\d+) instantiate (\d+) total (\d+)/)))
            r.loads[m[1]] ??= { bytes: +m[2], code: +m[3], reps: +m[4], decode: +m[5], compile: +m[6], inst: +m[7], total: +m[8] };
        else if ((m = l.match(/^BENCH boot (.*): (\d+) cycles/))) r.boot[m[1]] = +m[2];
        else if ((m = l.match(/^BENCH (.*): median (-?[\d.]+) cycles/))) r.ops[m[1]] = +m[2];
        else if ((m = l.match(/^BENCH (.*): failed: (.*)/))) r.failed.push(`${m[1]}: ${m[2]}`);
    }
    return r;
}
const tcg = parse([...read('tcg'), ...read('sched-tcg')]);
const ic = parse([...read('icount'), ...read('sched-icount')]);
const num = v => v == null || isNaN(v) ? 'n/a' :
    v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1).replace(/\.0$/, '');
const us = (cycles, mhz) => cycles == null || !mhz ? '' : ` (${(cycles / mhz / 1000).toFixed(1)} ms)`;
const linux = (text) => {
    const m = text.match(/median (\d+) ns, (\d+) cycles/);
    return m ? `${m[1]} ns = ${(+m[2]).toLocaleString('en-US')} cycles` : `n/a (${text.trim().slice(0, 60)})`;
};

const rows = [];
const op = (label, key, ref = '') => rows.push([label, num(tcg.ops[key]), num(ic.ops[key]), ref]);
op('wasm call (baseline: a call to a small wasm function)', 'wasm call');
op('ABI call round trip: atoll.sip_id', 'abi call atoll.sip_id');
op('ABI call round trip: atoll.cycles', 'abi call atoll.cycles');
op('yield, no other SIP ready', 'yield, no other SIP');
op('yield round trip between two SIPs (2 yields, 2 switches)', 'yield round trip between two SIPs', linux(linuxYield));
op('yield to another SIP, one way', 'yield to another SIP, one way');
op('channel recv, non-blocking, nothing queued', 'channel recv, nothing queued');
op('channel send + recv of 1 byte through the queue, one SIP (no switch)', 'channel send + recv, queued');
op('channel round trip, 1 byte each way (2 switches)', 'channel round trip', linux(linuxPipe));
const sched = (label, key) => rows.push([label, num(tcg.sched[key]), num(ic.sched[key]), '']);
sched('kernel threads: yield, no other thread ready', 'yield, no other thread');
sched('kernel threads: yield round trip (2 switches)', 'yield round trip (2 sw.)');
sched('kernel threads: thread switch, one way', 'thread switch (one way)');
sched('kernel threads: wake + wait round trip (2 switches)', 'wake+wait round trip');
sched('kernel threads: one fxsave + fxrstor pair', 'fxsave + fxrstor');

for (const name of ['big', 'mid', 'nbody', 'hello']) {
    const t = tcg.loads[name], i = ic.loads[name];
    const s = t ?? i;
    if (!s) continue;
    const kb = s.code / 1024;
    if (kb >= 64) {
        rows.push([`load a SIP, per KB of code: ${name}.wasm (${(s.code / 1e6).toFixed(2)} MB of code; decode + compile + instantiate)`,
                   num(t && t.total / kb), num(i && i.total / kb), '']);
        rows.push([`  of which decode / compile / instantiate, per KB`,
                   t ? `${num(t.decode / kb)} / ${num(t.compile / kb)} / ${num(t.inst / kb)}` : 'n/a',
                   i ? `${num(i.decode / kb)} / ${num(i.compile / kb)} / ${num(i.inst / kb)}` : 'n/a', '']);
    } else {
        rows.push([`load a SIP, whole: ${name}.wasm (${s.code} bytes of code)`, num(t && t.total), num(i && i.total), '']);
    }
}
const bootKey = 'entry to first SIP output', clockKey = 'entry to clock running';
rows.push(['kernel entry to the first SIP\'s first output byte', num(tcg.boot[bootKey]) + us(tcg.boot[bootKey], tcg.mhz),
           num(ic.boot[bootKey]), '']);
rows.push(['  of which entry to clock running (TSC calibration: ~100 ms of PIT time)', num(tcg.boot[clockKey]),
           num(ic.boot[clockKey]), '']);

console.log(`Kernel figures (bench=sip and bench=sched, medians). TSC cycles: plain QEMU TCG, guest TSC at ${tcg.mhz ?? '?'} MHz ` +
            `(the host's rate: emulated time, not a real CPU's). Instructions: QEMU -icount shift=0,sleep=off ` +
            `(guest TSC = instructions retired; exact and repeatable). Linux: the same operation between two ` +
            `processes on the host, pinned to one CPU (native time).\n`);
console.log('| operation | TSC cycles (TCG) | instructions (icount) | Linux on the host |');
console.log('| --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
const failures = [...tcg.failed, ...ic.failed];
if (failures.length) console.log(`\nFailed in the guest: ${failures.join('; ')}`);
EOF
exit $failed
