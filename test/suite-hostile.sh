#!/bin/bash
# suite-hostile.sh — the hostile-module gallery (test/hostile/): modules written to get
# out of their sandbox, each with the outcome it must have written beside it (a value, a
# trap, a rejection with its offset and reason). Every one is checked
#   on the host   with atoll-run, in both memory modes (guard regions, bounds checks);
#                 a trap must be at the same instruction in both;
#   in the kernel as SIPs, beside a canary SIP: a runner SIP spawns each case in turn
#                 (test/hostile/gallery.py explains how a case becomes a SIP), modules
#                 with a module-level outcome are boot modules of their own. From the
#                 serial log: each SIP's last line is the expected one (a trap at the
#                 host's offset), the canary's 1 MiB came through intact, the kernel did
#                 not panic, and its memory counters came back to their baseline.
# The gallery needs more boot modules than one boot allows (32), so there are several
# boots, two at a time. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.." && OUT=build/hostile && . test/qemu/lib.sh

# add OUTPUT: print a gallery.py run's lines but its last, add its counts to ours.
add() {
    local last
    echo "$1" | sed '$d'
    last=$(echo "$1" | tail -n 1)
    if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        passed=$((passed + BASH_REMATCH[1]))
        failed=$((failed + BASH_REMATCH[2]))
    else
        fail "gallery.py did not finish: $last"
    fi
}

if ! make -s hostile-tools > "$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"
    fail "build atoll-run, the kernel and the canary"
    finish
fi
add "$(python3 test/hostile/gallery.py build "$OUT" 2>&1)"

# ---- the host: both memory modes ----
add "$(python3 test/hostile/gallery.py host "$OUT" build/tools/atoll-run 2>&1)"

# ---- the kernel: the boots planned by gallery.py, two at a time ----
plan=$(python3 test/hostile/gallery.py kernel-plan "$OUT" build/hostile/canary.wasm 2>&1)
echo "$plan"
boots=$(ls "$OUT"/boot-*.args 2>/dev/null | wc -l)
check "kernel: the gallery is planned as boots ($boots)" [ "$boots" -gt 0 ]
# boot_one N: build boot N's ISO and boot it; its verdict goes to boot-N.verdict.
boot_one() {
    local n=$1 args=()
    mapfile -t args < "$OUT/boot-$n.args"
    if ! test/qemu/mkiso.sh "$OUT/boot-$n.iso" build/kernel.elf \
            "exit-when-idle sip-deadline=120000" "${args[@]}" > "$OUT/boot-$n.mkiso.log" 2>&1; then
        echo "error (mkiso: $(head -c 200 "$OUT/boot-$n.mkiso.log"))" > "$OUT/boot-$n.verdict"
        return
    fi
    test/qemu/boot.sh "$OUT/boot-$n.iso" "$OUT/boot-$n.log" 200 > "$OUT/boot-$n.verdict"
}
for ((n = 1; n <= boots; n += 2)); do
    boot_one $n &
    [ $((n + 1)) -le "$boots" ] && boot_one $((n + 1)) &
    wait
done
logs=()
for ((n = 1; n <= boots; n++)); do
    log=$OUT/boot-$n.log
    logs+=("$log")
    verdict=$(sed 's/^verdict: \([a-z]*\).*/\1/' "$OUT/boot-$n.verdict")
    before=$(kmem "$log" before)
    after=$(kmem "$log" after)
    check "kernel boot $n: QEMU exit status says pass (got $(cat "$OUT/boot-$n.verdict"))" [ "$verdict" = pass ]
    check "kernel boot $n: no kernel panic or unhandled exception" \
        eval "! tr -d '\r' < '$log' | grep -qE '^(PANIC|EXCEPTION)'"
    check "kernel boot $n: every counter back to its baseline (before: ${before:-none}; after: ${after:-none})" \
        [ -n "$before" -a "$before" = "$after" ]
    check "kernel boot $n: the kernel agrees: memory returned in full" \
        has "$log" '^sips: all SIPs ended; memory returned in full$'
    check "kernel boot $n: the canary filled its pages" has "$log" '^canary: filled 16 pages, checksum [0-9]+$'
    check "kernel boot $n: the canary's memory came through intact: $(tr -d '\r' < "$log" | grep -E '^canary: .*(intact|wrong)' | head -1)" \
        has "$log" '^canary: [1-9][0-9]* rounds beside the gallery, checksum [0-9]+: intact$'
    check "kernel boot $n: the canary exited with code 0" has "$log" '^sip canary: exited with code 0$'
    check "kernel boot $n: the runner ran every case and exited" has "$log" '^sip runner: exited with code 0$'
done
add "$(python3 test/hostile/gallery.py kernel-check "$OUT" "${logs[@]}" 2>&1)"

finish
