#!/bin/bash
# suite-spec.sh — the WebAssembly spec tests, in both memory modes (`make spectest`).
#
#   1. the runner's own checks: its JSON reader and value matcher (selftest), its
#      recovery from a command that hangs (test/spec/cases/hang.wast), and that every
#      script's commands, counted by kind, match MANIFEST.tsv;
#   2. the spec suite with guard-region memories (test/spec/run.sh);
#   3. mutants: wrong versions of a few scripts, which must fail exactly where they
#      were made wrong (test/spec/mutants.py), so a pass always means a real check;
#   4. the spec suite again with explicit bounds checks (run.sh --bounds-checks).
# Spec lines are prefixed with their mode. Ends with the combined "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
SUITE=${ATOLL_TESTSUITE:-$PWD/../shared/wasm-testsuite}
RUNNER=build/test/spec/spec_runner
OUT=build/spec
mkdir -p "$OUT"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# Add the last "N passed, N failed" line of file $1 to the totals; a missing one fails.
add_total() {
    local line
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed$' "$1" | tail -1 | grep -oE '[0-9]+ passed, [0-9]+ failed$')
    if [ -z "$line" ]; then
        fail "$2 printed no total"
        return
    fi
    passed=$((passed + ${line%% passed*}))
    line=${line#*passed, }
    failed=$((failed + ${line%% failed}))
}

if ! make -s spec-runner > "$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"
    echo "FAIL the spec runner does not build"
    echo "0 passed, 1 failed"
    exit 1
fi

# ---- 1. The runner's own checks ----
build/test/spec/selftest > "$OUT/selftest.log" 2>&1
grep -v '^[0-9]* passed' "$OUT/selftest.log"
add_total "$OUT/selftest.log" selftest

mkdir -p "$OUT/cases/hang"
if wast2json test/spec/cases/hang.wast -o "$OUT/cases/hang/hang.json" 2> "$OUT/cases/hang.log"; then
    hang=$("$RUNNER" --timeout 1 "$OUT/cases/hang/hang.json" 2>&1)
    if echo "$hang" | grep -q '^  hang.wast:12: CRASH: the runner ran past 1 seconds' &&
       echo "$hang" | grep -qx 'hang.wast: 4 passed, 1 failed, 0 skipped'; then
        pass "runner: a hung command fails alone; the state before it is rebuilt"
    else
        fail "runner: recovery from a hung command:"; echo "$hang"
    fi
else
    fail "runner: wast2json on test/spec/cases/hang.wast"
fi

# ---- 2. Guard-region mode (this also converts every in-scope file) ----
test/spec/run.sh "$SUITE" > "$OUT/guard.log" 2>&1
sed 's/^/[guard] /' "$OUT/guard.log"
add_total "$OUT/guard.log" "run.sh (guard regions)"

# Every converted script, counted by kind by the runner, against MANIFEST.tsv.
if [ -f "$SUITE/MANIFEST.tsv" ]; then
    mismatches=0 files=0
    while IFS=$'\t' read -r file group _ _ _ counts; do
        [ "$group" = mvp ] || [ "$group" = v2 ] || continue
        name=${file%.wast}
        files=$((files + 1))
        got=$("$RUNNER" --count "$OUT/json/$name/$name.json" 2>&1)
        if [ "$got" != "$file"$'\t'"$counts" ]; then
            mismatches=$((mismatches + 1))
            echo "     $file: runner counts '$got', MANIFEST.tsv '$counts'"
        fi
    done < "$SUITE/MANIFEST.tsv"
    if [ "$mismatches" -eq 0 ]; then
        pass "runner: commands by kind of $files scripts match MANIFEST.tsv"
    else
        fail "runner: commands by kind differ from MANIFEST.tsv in $mismatches of $files scripts"
    fi
fi

# ---- 3. Mutants: a wrong assertion must never pass ----
for name in i32 i64 f32 f64 conversions float_exprs imports linking call_indirect \
            ref_func table_get elem data start binary names; do
    json=$OUT/json/$name/$name.json
    [ -f "$json" ] || continue
    if test/spec/mutants.py "$RUNNER" "$json" > "$OUT/mutant.log" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
    cat "$OUT/mutant.log"
done

# ---- 4. Bounds-check mode ----
test/spec/run.sh --bounds-checks "$SUITE" > "$OUT/bounds.log" 2>&1
sed 's/^/[bounds] /' "$OUT/bounds.log"
add_total "$OUT/bounds.log" "run.sh --bounds-checks"

echo "spec suite, guard regions:   $(tail -1 "$OUT/guard.log")"
echo "spec suite, bounds checks:   $(tail -1 "$OUT/bounds.log")"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
