#!/bin/bash
# suite-runtime.sh — tests of the runtime (src/compiler/runtime.c & co.) and atoll-run.
#
#   1. invoke_test: the trampoline, traps, faults, host calls and nested invokes, on
#      hand-encoded machine code (no compiler involved);
#   2. oracle: for each module of test/runtime/ that wabt's wasm-interp can run, the
#      output of `atoll-run M.wasm` must equal `wasm-interp --run-all-exports
#      --dummy-import-func M.wasm` line for line, trap messages mapped to the spec's words
#      (wabt says "unreachable executed" where the spec says "unreachable");
#   3. the table test/runtime/cases.txt: arguments, linking, spectest, link errors and trap
#      locations, which wasm-interp cannot check;
#   4. --dump and --time produce their listings;
#   5. runaway recursion traps whatever the size of the host stack (ulimit -s).
# Parts 2 and 3 run twice: guard-region memories, then --bounds-checks.
# One line per check; ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
# A directory per run: two runs at once (several people share a tree) must not race.
OUT=build/test/runtime/run.$$
RUN=build/tools/atoll-run
mkdir -p "$OUT"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ] && rm -rf "$OUT"   # keep the outputs of a failing run to look at
    [ "$failed" = 0 ]
    exit
}

# ---- 1. invoke_test ----
if cc -std=gnu11 -O2 -g -Wall -Wextra -Isrc/compiler -Itools -o "$OUT/invoke_test" \
      test/runtime/invoke_test.c tools/host_embed.c src/compiler/*.c > "$OUT/invoke_test.log" 2>&1; then
    "$OUT/invoke_test" > "$OUT/invoke_test.out" 2>&1
    while read -r status rest; do
        case "$status" in
            ok) pass "invoke_test$rest";;
            FAIL:) fail "invoke_test: $rest";;
        esac
    done < "$OUT/invoke_test.out"
    grep -q '^[0-9]* passed, 0 failed$' "$OUT/invoke_test.out" || fail "invoke_test did not finish cleanly"
else
    cat "$OUT/invoke_test.log"
    fail "build invoke_test"
fi

# ---- atoll-run and the modules ----
if ! make -s build/tools/atoll-run > "$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"
    fail "build atoll-run"
    finish
fi
# src/compiler/ must also build without any libc header (the kernel's view of it).
if make -s compiler-freestanding > "$OUT/freestanding.log" 2>&1; then
    pass "src/compiler/*.c build freestanding (-nostdinc -ffreestanding -mgeneral-regs-only -Werror)"
else
    cat "$OUT/freestanding.log"
    fail "src/compiler/*.c do not build freestanding"
fi
for wat in test/runtime/*.wat; do
    base=$(basename "$wat" .wat)
    wat2wasm --debug-names "$wat" -o "$OUT/$base.wasm" || fail "wat2wasm $wat"
done

# wabt's wording of a trap -> the spec's; details after the message and our location go.
normalize() {
    sed -e 's/unreachable executed/unreachable/' \
        -e 's/undefined table index/undefined element/' \
        -e 's/uninitialized table element/uninitialized element/' \
        -e 's/indirect call signature mismatch/indirect call type mismatch/' \
        -e 's/\(out of bounds \(memory\|table\) access\):.*/\1/' \
        -e 's/ (func [^()]*, offset 0x[0-9a-f]*)$//' \
        -e 's/ (func [^()]*)$//'
}

ORACLE_MODULES="traps values memory tables start host start_trap data_oob elem_oob"

for mode in "" "--bounds-checks"; do
    tag=${mode:-guard}
    tag=${tag#--}

    # ---- 2. wasm-interp as the oracle ----
    for base in $ORACLE_MODULES; do
        wasm="$OUT/$base.wasm"
        wasm-interp --run-all-exports --dummy-import-func "$wasm" > "$OUT/$base.want" 2>&1
        want_status=$?
        timeout 20 "$RUN" $mode "$wasm" > "$OUT/$base.$tag.got" 2>&1
        got_status=$?
        normalize < "$OUT/$base.want" > "$OUT/$base.want.n"
        normalize < "$OUT/$base.$tag.got" > "$OUT/$base.$tag.got.n"
        # One check per line wasm-interp printed, plus the line count and exit status.
        n=0
        while IFS= read -r want; do
            n=$((n + 1))
            got=$(sed -n "${n}p" "$OUT/$base.$tag.got.n")
            if [ "$got" = "$want" ]; then
                pass "$tag $base: $want"
            else
                fail "$tag $base line $n: want '$want', got '$got'"
            fi
        done < "$OUT/$base.want.n"
        got_lines=$(wc -l < "$OUT/$base.$tag.got.n")
        [ "$got_lines" = "$n" ] && pass "$tag $base: $n lines" \
                                || fail "$tag $base: $got_lines lines, want $n"
        [ "$got_status" = "$want_status" ] && pass "$tag $base: exit status $want_status" \
                                           || fail "$tag $base: exit status $got_status, want $want_status"
    done

    # ---- 3. the execution table ----
    while IFS='|' read -r name args status expect; do
        case "$name" in ''|'#'*) continue;; esac
        name=$(echo $name)
        status=$(echo $status)
        expect=$(echo "$expect" | sed 's/^ *//; s/ *$//')
        # X.wat -> its .wasm under build/
        args=$(echo "$args" | sed "s#\([A-Za-z0-9_]*\)\.wat#$OUT/\1.wasm#g")
        out=$(timeout 20 "$RUN" $mode $args 2>&1)
        got_status=$?
        case "$expect" in
            *...) prefix=${expect%...}
                  found=$(printf '%s\n' "$out" | grep -F -- "$prefix" | head -n 1);;
            *)    found=$(printf '%s\n' "$out" | grep -Fx -- "$expect");;
        esac
        if [ -n "$found" ] && [ "$got_status" = "$status" ]; then
            pass "$tag $name: $expect"
        else
            fail "$tag $name: want '$expect' (exit $status), got exit $got_status:"
            printf '%s\n' "$out" | sed 's/^/    /' | head -n 20
        fi
    done < test/runtime/cases.txt
done

# ---- 4. --dump and --time ----
# --dump must list i32.add of args.wat's "add" followed by an x86 add (objdump's text).
"$RUN" --dump "$OUT/args.wasm" --invoke add 1 2 > "$OUT/dump.txt" 2>&1
if grep -A3 ': i32.add$' "$OUT/dump.txt" | grep -q $'\tadd  *eax'; then
    pass "--dump shows i32.add next to its x86 add"
else
    fail "--dump: no i32.add followed by an x86 add (see $OUT/dump.txt)"
fi
grep -q '^add(i32:1, i32:2) => i32:3$' "$OUT/dump.txt" && pass "--dump still runs the module" \
                                                       || fail "--dump: the invoke line is missing"
"$RUN" --time "$OUT/values.wasm" 2>"$OUT/time.txt" >/dev/null
grep -q 'decode+compile [0-9.]* ms ([0-9.]* MB/s' "$OUT/time.txt" && grep -q 'instantiate [0-9.]* ms' "$OUT/time.txt" &&
    grep -q 'run [0-9.]* ms' "$OUT/time.txt" && pass "--time reports compile speed, instantiate and run times" \
    || fail "--time: missing timing lines (see $OUT/time.txt)"

# ---- 5. the stack limit under other stack sizes ----
for size in 1024 unlimited; do
    got=$( (ulimit -s $size && timeout 20 "$RUN" "$OUT/traps.wasm" --invoke stack_exhausted) 2>&1)
    case "$got" in
        "stack_exhausted() => error: call stack exhausted"*) pass "ulimit -s $size: runaway recursion traps";;
        *) fail "ulimit -s $size: runaway recursion gave '$got'";;
    esac
done

finish
