#!/bin/sh
# fuzz.sh — a long fuzzing run: `make fuzz FUZZ_TIME=600` (seconds, wall clock).
#
# Two fuzzers run side by side, one per core, each for the whole time:
#   - libFuzzer on the decoder, compiler and runtime (test/fuzz/libfuzz.sh), its corpus
#     growing in build/fuzz/corpus from run to run;
#   - the differential fuzzer (test/fuzz/difffuzz.py) on random seeds, its time shared
#     equally by the profiles. Each mismatch is saved as a regression case in
#     test/fuzz/regress/ (shrunk with wasm-reduce first when FUZZ_REDUCE=1).
# Prints the fuzzers' reports, then one summary: executions, modules, exports called,
# mismatches and crashes. Exits non-zero when anything was found.
set -u
cd "$(dirname "$0")/../.."
total=${1:-600}
profiles="1 2 3"
out=build/fuzz/long
mkdir -p "$out"
reduce=""
[ "${FUZZ_REDUCE:-0}" = 1 ] && reduce="--reduce"

test/fuzz/libfuzz.sh "$total" > "$out/libfuzzer.txt" 2>&1 &
libfuzzer=$!

share=$((total / $(echo $profiles | wc -w)))
for p in $profiles; do
    python3 test/fuzz/difffuzz.py run --profile "$p" --time "$share" --save $reduce \
        > "$out/diff-p$p.txt" 2>&1
done
wait $libfuzzer
lf_status=$?

grep -h -v '^ok' "$out"/diff-p*.txt "$out/libfuzzer.txt"
# "difffuzz pN: M modules (S skipped), R Atoll runs, C calls, X mismatching modules, T s"
cat "$out"/diff-p*.txt | awk -v lf="$(sed -n 's/^libfuzzer: \([0-9]*\) executions.*/\1/p' "$out/libfuzzer.txt")" \
    -v lf_status="$lf_status" '
    /^difffuzz p/ { modules += $3; runs += $7; calls += $10; mismatches += $12 }
    END {
        printf "fuzz: libFuzzer %d executions (%s); differential: %d modules, %d Atoll runs, %d exports called, %d mismatching modules\n",
            lf, lf_status == 0 ? "no crash" : "CRASH, see above", modules, runs, calls, mismatches
        exit (mismatches > 0 || lf_status != 0)
    }'
