#!/bin/bash
# suite-kspec.sh — the spec tests inside the kernel: the compiler built into the kernel
# must give its host build's answers, script by script, in both memory modes.
#
#   1. every in-scope script (test/spec/run.sh --convert-only) goes into one spec pack,
#      build/kspec/spec.pack (format: test/spec/pack.h); the host runner runs that pack
#      (spec_runner --pack, guard regions and bounds checks) as the reference;
#   2. a test ISO boots it under QEMU as the module "spec.pack" with `conformance` on the
#      kernel command line (src/conformance.c): the kernel runs every command of every
#      script in both modes, printing "spec MODE NAME: P passed, F failed, S skipped";
#   3. each script's line must equal the host's, per mode (one check each), and so must
#      the totals; the kernel's verdict must be "pass" exactly when nothing failed;
#   4. mutants: wrong versions of some scripts (test/spec/mutants.py) in a second pack;
#      the kernel must fail exactly the commands the host fails (same script and line),
#      so a kernel that judged nothing, or judged differently, cannot pass.
# Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
SUITE=${ATOLL_TESTSUITE:-$PWD/../shared/wasm-testsuite}
OUT=build/kspec
RUNNER=build/test/spec/spec_runner
MUTATED="i32 f64 conversions float_exprs imports linking call_indirect ref_func table_get
         elem data start binary names memory_trap"
BOOT_TIMEOUT=300          # seconds; the whole pack takes about 10 under TCG
mkdir -p "$OUT"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
give_up() { fail "$*"; echo "$passed passed, $failed failed"; exit 1; }

# ---- Building: the runner, the packer, the kernel (copied: a concurrent build may
# relink build/kernel.elf while the ISO is made) ----
make -s spec-runner build/kernel.elf > "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; give_up "build"; }
cp build/kernel.elf "$OUT/kernel.elf"

# ---- 1. The packs and the host's reference counts ----
jsons=$(test/spec/run.sh --convert-only "$SUITE") || { echo "$jsons"; give_up "converting the spec scripts"; }
# shellcheck disable=SC2086
build/test/spec/spec_pack -o "$OUT/spec.pack" $jsons > "$OUT/pack.log" 2>&1 || { cat "$OUT/pack.log"; give_up "spec_pack"; }
mutants=()
for name in $MUTATED; do
    mutants+=("$(test/spec/mutants.py --write "build/spec/json/$name/$name.json" kmutant.json)")
done
build/test/spec/spec_pack -o "$OUT/mutants.pack" "${mutants[@]}" >> "$OUT/pack.log" 2>&1 || { cat "$OUT/pack.log"; give_up "spec_pack (mutants)"; }
echo "packs: $(tr '\n' ' ' < "$OUT/pack.log")"

for pack in spec mutants; do
    "$RUNNER" -v --pack "$OUT/$pack.pack" > "$OUT/host-$pack-guard.txt" 2>&1
    "$RUNNER" -v --bounds-checks --pack "$OUT/$pack.pack" > "$OUT/host-$pack-bounds.txt" 2>&1
done

# ---- 2. The kernel's run of each pack ----
# boot PACK: boot the pack in QEMU; the log is $OUT/kernel-PACK.log, the verdict's exit
# status (test/qemu/boot.sh: 0 pass, 1 fail, 2 panic, 3 timeout...) in boot_status.
boot() {
    local pack=$1 start=$SECONDS
    test/qemu/mkiso.sh "$OUT/$pack.iso" "$OUT/kernel.elf" "conformance panic=exit" \
        "$OUT/$pack.pack" "spec.pack" || give_up "mkiso ($pack)"
    test/qemu/boot.sh "$OUT/$pack.iso" "$OUT/kernel-$pack.raw" "$BOOT_TIMEOUT" > "$OUT/boot-$pack.txt"
    boot_status=$?
    tr -d '\r' < "$OUT/kernel-$pack.raw" > "$OUT/kernel-$pack.log"
    echo "kernel run of $pack.pack: $(cat "$OUT/boot-$pack.txt"), $((SECONDS - start)) s under QEMU"
    grep -E '^conformance: ' "$OUT/kernel-$pack.log"
}

# ---- 3. Script by script, host against kernel ----
# The count lines of a host file, and of one mode of the kernel log, as "NAME: counts".
host_counts() { grep -E '^[^ ]+: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$1"; }
kernel_counts() { sed -nE "s/^spec $2 ([^ ]+: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped)$/\1/p" "$1"; }

# compare PACK MODE: one check per script, one for the totals.
compare() {
    local pack=$1 mode=$2 host=$OUT/host-$1-$2.txt kernel=$OUT/kernel-$1.log line name got
    host_counts "$host" | grep -v '^total: ' > "$OUT/$pack-$mode.host"
    kernel_counts "$kernel" "$mode" | grep -v '^total: ' > "$OUT/$pack-$mode.kernel"
    while read -r line; do
        name=${line%%: *}
        got=$(awk -v start="$name: " 'index($0, start) == 1' "$OUT/$pack-$mode.kernel" | head -1)
        if [ "$got" = "$line" ]; then
            pass "$pack $mode $line"
        else
            fail "$pack $mode $name: host '${line#*: }', kernel '${got#*: }'"
        fi
    done < "$OUT/$pack-$mode.host"
    local extra
    extra=$(grep -vxF -f "$OUT/$pack-$mode.host" "$OUT/$pack-$mode.kernel")
    [ -z "$extra" ] || fail "$pack $mode: kernel lines the host does not have: $extra"
    local host_total kernel_total
    host_total=$(grep -E '^total: ' "$host")
    kernel_total=$(sed -nE "s/^spec $mode (total: .*)/\1/p" "$kernel")
    if [ -n "$host_total" ] && [ "$host_total" = "$kernel_total" ]; then
        pass "$pack $mode $host_total (host and kernel)"
    else
        fail "$pack $mode totals: host '$host_total', kernel '$kernel_total'"
    fi
}

# The commands reported as failed, as "MODE NAME:LINE", from the host's -v output (one
# mode per file) and from the kernel log (reports come before their script's line).
host_failures() { sed -nE "s/^  ([^ ]+:[0-9]+): .*/$2 \1/p" "$1" | sort -u; }
kernel_failures() {
    awk '/^  [^ ]+:[0-9]+: / { sub(/:$/, "", $1); pending[n++] = $1; next }
         /^spec (guard|bounds) / { for (i = 0; i < n; i++) print $2, pending[i]; n = 0 }' "$1" | sort -u
}

boot spec
for mode in guard bounds; do
    compare spec "$mode"
done
spec_failed=$(grep -hE '^total: ' "$OUT"/host-spec-*.txt | grep -vc ' 0 failed')
expected_status=$([ "$spec_failed" -eq 0 ] && echo 0 || echo 1)
if [ "$boot_status" -eq "$expected_status" ]; then
    pass "spec pack: the kernel's verdict ($(cat "$OUT/boot-spec.txt")) matches the counts"
else
    fail "spec pack: kernel verdict $(cat "$OUT/boot-spec.txt"), expected status $expected_status"
    tail -20 "$OUT/kernel-spec.log"
fi

# ---- 4. Mutants: the same wrong assertions fail on both sides ----
boot mutants
for mode in guard bounds; do
    compare mutants "$mode"
done
{ host_failures "$OUT/host-mutants-guard.txt" guard; host_failures "$OUT/host-mutants-bounds.txt" bounds; } |
    sort -u > "$OUT/mutants.host-failures"
kernel_failures "$OUT/kernel-mutants.log" > "$OUT/mutants.kernel-failures"
nwrong=$(wc -l < "$OUT/mutants.host-failures")
if [ "$nwrong" -gt 0 ] && cmp -s "$OUT/mutants.host-failures" "$OUT/mutants.kernel-failures"; then
    pass "mutants: the kernel fails the same $nwrong commands as the host (both modes)"
else
    fail "mutants: failing commands differ (host $nwrong, kernel $(wc -l < "$OUT/mutants.kernel-failures")):"
    diff "$OUT/mutants.host-failures" "$OUT/mutants.kernel-failures" | head -10
fi
if [ "$boot_status" -eq 1 ]; then
    pass "mutants pack: the kernel's verdict is fail"
else
    fail "mutants pack: kernel verdict $(cat "$OUT/boot-mutants.txt"), expected fail"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
