#!/bin/bash
# suite-robust.sh — no input crashes the compiler: a malformed or invalid module is an
# error with an offset and a message, never a crash, a hang or a sanitizer report.
#
# build/test/robust/compile_check (test/robust/compile_check.c, the whole compiler under
# ASan and UBSan) decodes and compiles each input in both memory modes. Its inputs:
#   invalid     every assert_invalid module of the 90 in-scope spec scripts: an error
#   malformed   every binary assert_malformed module of them: an error
#   valid       every other module they load: compiles ("ok")
#   prefixes    every truncation of every valid module: ok or an error, well formed
#   bitflips    every single-bit flip of the valid modules up to 128 bytes, and 512
#               flips (the first and last 32 bytes' bits, the rest drawn from a seed
#               made of the module's bytes) of each bigger one: likewise
# "Well formed" (checked by compile_check itself): an error has a non-empty message and
# an offset inside the module, and both memory modes give the same answer.
# A crash stops compile_check; the suite names the input and goes on after it.
# One check per module per category. Takes about 30 s on two cores.
set -u
cd "$(dirname "$0")/.."
OUT=build/test/robust
CHECK=$OUT/compile_check
mkdir -p "$OUT"

passed=0
failed=0
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }

if ! make -s robust-tools > "$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"
    echo "FAIL build compile_check"
    failed=1
    finish
fi
scripts=$(test/spec/run.sh --convert-only)
if [ $? != 0 ] || [ -z "$scripts" ]; then
    echo "$scripts"
    echo "FAIL convert the spec scripts (test/spec/run.sh --convert-only)"
    failed=1
    finish
fi
python3 test/robust/spec_modules.py "$OUT" $scripts

# run_list LIST MODE... : compile_check on every path of LIST, in MODE (--list, or a
# variants mode), one answer line per path into LIST.out. When it stops early (a crash
# or a timeout), the path after the last answer is the culprit: it gets the line
# "PATH: CRASHED (status N)" and the run resumes after it. Whatever else the checker
# printed (a sanitizer's report, LeakSanitizer's at exit) goes to LIST.crash.
ANSWER='^[^ ]+: (ok|error at|prefixes|bitflips|BAD)'
run_list() {
    local list=$1 out=$1.out done=0 total status
    shift
    total=$(wc -l < "$list")
    : > "$out"
    : > "$list.crash"
    while [ "$done" -lt "$total" ]; do
        if [ "$1" = --list ]; then
            timeout 300 "$CHECK" --list "$list" --skip "$done" > "$out.part" 2>&1
        else
            tail -n +"$((done + 1))" "$list" | timeout 300 xargs "$CHECK" "$@" > "$out.part" 2>&1
        fi
        status=$?
        grep -E "$ANSWER" "$out.part" >> "$out"
        grep -vE "$ANSWER" "$out.part" | head -n 20 >> "$list.crash"
        done=$(grep -cvF ': BAD ' "$out")
        if [ "$done" -lt "$total" ]; then
            sed -n "$((done + 1))p" "$list" | sed "s/\$/: CRASHED (status $status)/" >> "$out"
            done=$((done + 1))
        fi
    done
}

# judge CATEGORY REGEX: every path of CATEGORY.list has an answer matching REGEX and no
# BAD line; prints each failure and the category's counts, and adds them up.
judge() {
    local category=$1 list=$OUT/$1.list counts
    counts=$(awk -v want="$2" -v category="$category" '
        FNR == NR { if (!($0 in listed)) { listed[$0] = 1; order[n++] = $0 } next }
        { i = index($0, ": "); path = substr($0, 1, i - 1); rest = substr($0, i + 2) }
        rest ~ /^BAD / { bad[path] = bad[path] "\n    " rest; next }
        !(path in answer) { answer[path] = rest }
        END {
            for (k = 0; k < n; k++) {
                p = order[k]
                if ((p in answer) && answer[p] ~ want && !(p in bad)) { good++; continue }
                failed++
                printf "FAIL %s: %s: %s%s\n", category, p, (p in answer) ? answer[p] : "no answer", bad[p]
            }
            printf "%d %d\n", good, failed
        }' "$list" "$list.out")
    echo "$counts" | sed '$d'
    read -r good bad <<< "$(echo "$counts" | tail -n 1)"
    passed=$((passed + good))
    failed=$((failed + bad))
    echo "$category: $good modules passed, $bad failed"
    if [ -s "$list.crash" ]; then
        failed=$((failed + 1))
        echo "FAIL $category: the checker reported more than answers:"
        head -n 40 "$list.crash"
    fi
}

run_list "$OUT/invalid.list" --list
run_list "$OUT/malformed.list" --list
run_list "$OUT/valid.list" --list
judge invalid '^error at [0-9]+: .+$'
judge malformed '^error at [0-9]+: .+$'
judge valid '^ok$'

# Truncations and bit flips of the valid modules, in two halves, one per core.
sort -u "$OUT/valid.list" > "$OUT/variants.list"
for kind in prefixes bitflips; do
    awk 'NR % 2 == 1' "$OUT/variants.list" > "$OUT/$kind.1.list"
    awk 'NR % 2 == 0' "$OUT/variants.list" > "$OUT/$kind.2.list"
done
for half in 1 2; do
    { run_list "$OUT/prefixes.$half.list" --prefixes --all 100000
      run_list "$OUT/bitflips.$half.list" --bitflips --all 128 --sample 512; } &
done
wait
for kind in prefixes bitflips; do
    for ext in list list.out list.crash; do
        cat "$OUT/$kind.1.$ext" "$OUT/$kind.2.$ext" > "$OUT/$kind.$ext"
    done
    judge $kind "^$kind [0-9]+ variants, [0-9]+ ok, [0-9]+ errors\$"
    awk -v kind=$kind '$2 == kind { v += $3; ok += $5; e += $7 }
        END { printf "%s: %d variants in all: %d compiled, %d rejected with an offset and a message\n", kind, v, ok, e }' \
        "$OUT/$kind.list.out"
done

finish
