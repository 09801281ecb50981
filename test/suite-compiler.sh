#!/bin/bash
# suite-compiler.sh — tests of the single-pass compiler (src/compiler/compile.c, x64_*.c).
#
#   exec    test/compiler/exec/*.wat: each ";; CASE export args => result" line is run by
#           atoll-run in both memory modes (guard regions, bounds checks); the result (or
#           the start of the trap message) must match.
#   golden  test/compiler/golden/NAME.wat: the code of every function, as `atoll-run
#           --dump` disassembles it, must equal NAME.MODE.txt beside it (absolute helper
#           addresses masked). Run with UPDATE=1 to rewrite the listings after a deliberate
#           change, then read the diff.
#   fs      every src/compiler file builds freestanding (make compiler-freestanding).
# One line per check; ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
OUT=build/test/compiler
mkdir -p "$OUT"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }

if ! make -s atoll-run > "$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"; fail "build atoll-run"; finish
fi
RUN=build/tools/atoll-run

for wat in test/compiler/exec/*.wat; do
    name=$(basename "$wat" .wat)
    wasm="$OUT/$name.wasm"
    if ! wat2wasm "$wat" -o "$wasm" 2> "$OUT/$name.err"; then
        fail "exec $name: wat2wasm: $(head -1 "$OUT/$name.err")"; continue
    fi
    while IFS= read -r line; do
        spec=${line#;; CASE }
        call=${spec%% => *}
        want=${spec#* => }
        read -r -a words <<< "$call"
        for mode in guard bounds; do
            flag=(); [ $mode = bounds ] && flag=(--bounds-checks)
            got=$("$RUN" "${flag[@]}" "$wasm" --invoke "${words[@]}" 2>&1 | tail -1)
            got=${got#* => }
            if [[ "$got" == "$want"* ]]; then
                pass "exec $name: $call => $want [$mode]"
            else
                fail "exec $name: $call => want '$want', got '$got' [$mode]"
            fi
        done
    done < <(grep '^;; CASE ' "$wat")
done

# The dump, without byte columns and with helper addresses masked.
listing() {
    "$RUN" $1 --dump "$2" 2>&1 | sed -E \
        -e 's/^( +[0-9a-f]+:)  ([0-9a-f]{2} )+ *\t/\1  /' \
        -e '/^ +[0-9a-f]+:  ([0-9a-f]{2} ?)+ *$/d' \
        -e 's/movabs (r[a-z0-9]+),0x[0-9a-f]+/movabs \1,ADDR/'
}
for wat in test/compiler/golden/*.wat; do
    name=$(basename "$wat" .wat)
    wasm="$OUT/golden-$name.wasm"
    wat2wasm "$wat" -o "$wasm" || { fail "golden $name: wat2wasm"; continue; }
    for mode in guard bounds; do
        expect="test/compiler/golden/$name.$mode.txt"
        flag=""; [ $mode = bounds ] && flag=--bounds-checks
        listing "$flag" "$wasm" > "$OUT/golden-$name.$mode.txt"
        if [ "${UPDATE:-0}" = 1 ]; then
            cp "$OUT/golden-$name.$mode.txt" "$expect"
        fi
        if [ -f "$expect" ] && diff -u "$expect" "$OUT/golden-$name.$mode.txt" > "$OUT/golden-$name.$mode.diff"; then
            pass "golden $name [$mode]"
        else
            fail "golden $name [$mode] (see $OUT/golden-$name.$mode.diff)"
        fi
    done
done

if make -s compiler-freestanding > "$OUT/fs.log" 2>&1; then
    pass "src/compiler builds freestanding with -Werror"
else
    fail "src/compiler builds freestanding: $(head -3 "$OUT/fs.log")"
fi
finish
