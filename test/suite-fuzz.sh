#!/bin/sh
# suite-fuzz.sh — the fuzzers' smoke test under `make test` (about a minute on 2 cores).
#
#   1. differential fuzzing of a fixed seed range in the three profiles (test/fuzz/
#      difffuzz.py): one check per module, which must behave as under wabt in both
#      memory modes;
#   2. every regression case in test/fuzz/regress/ replayed in both modes;
#   3. the kept libFuzzer corpus (test/fuzz/corpus/) run through the harness once, then
#      30 s of libFuzzer from it and the spec suite's modules (test/fuzz/libfuzz.sh).
# Prints one line per check and "N passed, N failed". Long runs: `make fuzz`.
set -u
cd "$(dirname "$0")/.."
OUT=build/fuzz/suite
SEEDS=${FUZZ_SUITE_SEEDS:-1:151}            # binaryen's modules, profiles 1 and 2
EXPR_SEEDS=${FUZZ_SUITE_EXPR_SEEDS:-1:301}  # gen_exprs.py's, profile 3
mkdir -p "$OUT"

if ! make -s fuzz-tools > "$OUT/build.log" 2>&1; then
    cat "$OUT/build.log"
    echo "FAIL fuzz: the fuzz tools do not build"
    echo "0 passed, 1 failed"
    exit 1
fi

# Two jobs at a time, one per core: binaryen's two profiles, then gen_exprs.py's beside
# libFuzzer.
python3 test/fuzz/difffuzz.py run --profile 1 --seeds "$SEEDS" > "$OUT/p1.txt" 2>&1 &
p1=$!
python3 test/fuzz/difffuzz.py run --profile 2 --seeds "$SEEDS" > "$OUT/p2.txt" 2>&1
wait $p1
python3 test/fuzz/difffuzz.py run --profile 3 --seeds "$EXPR_SEEDS" > "$OUT/p3.txt" 2>&1 &
p3=$!

if [ -n "$(ls test/fuzz/corpus 2>/dev/null)" ]; then
    if build/test/fuzz/fuzz_compile test/fuzz/corpus/* > "$OUT/corpus.log" 2>&1; then
        echo "ok   libfuzzer corpus: $(ls test/fuzz/corpus | wc -l) kept inputs run clean"
    else
        grep -m3 -E "ERROR|runtime error|Running:" "$OUT/corpus.log"
        echo "FAIL libfuzzer corpus: an input of test/fuzz/corpus/ fails (log: $OUT/corpus.log)"
    fi
fi > "$OUT/libfuzzer.txt"
rm -rf "$OUT/corpus"
test/fuzz/libfuzz.sh 30 "$OUT/corpus" >> "$OUT/libfuzzer.txt" 2>&1
wait $p3
python3 test/fuzz/difffuzz.py replay > "$OUT/replay.txt" 2>&1

# A run that died (a Python error, a missing tool) must not pass for an empty one.
for p in 1 2 3; do
    grep -q "^difffuzz p$p:" "$OUT/p$p.txt" ||
        echo "FAIL diff p$p: difffuzz.py did not finish: $(tail -1 "$OUT/p$p.txt")" >> "$OUT/p$p.txt"
done
cases=$(ls test/fuzz/regress/*.wasm 2>/dev/null | wc -l)
if [ "$(grep -c -E '^(ok|FAIL) +regress' "$OUT/replay.txt")" -lt $((cases * 2)) ]; then
    echo "FAIL regress: difffuzz.py replay did not finish: $(tail -1 "$OUT/replay.txt")" >> "$OUT/replay.txt"
fi

# Every "ok"/"FAIL" line is a check; "skip" lines are shown, and counted as neither.
cat "$OUT/p1.txt" "$OUT/p2.txt" "$OUT/p3.txt" "$OUT/replay.txt" "$OUT/libfuzzer.txt" |
    grep -E '^(ok|FAIL|skip|     |difffuzz|libfuzzer:)' |
    awk '{ print } /^ok/ { p++ } /^FAIL/ { f++ }
         END { printf "%d passed, %d failed\n", p, f; exit f > 0 }'
