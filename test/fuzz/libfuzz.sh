#!/bin/sh
# libfuzz.sh — run the libFuzzer harness (fuzz_compile.c) for SECONDS and say how it went.
#
#   test/fuzz/libfuzz.sh SECONDS [WORK_CORPUS]
#
# Seeds: the kept corpus test/fuzz/corpus/ and every module of the spec suite, which
# wast2json converts into build/fuzz/spec-seeds/ once (they are data of shared/, never
# copied into the repository). New interesting inputs go to WORK_CORPUS (default
# build/fuzz/corpus, kept between runs so that long runs build on each other). A crash,
# leak, timeout or sanitizer report stops the run; the input is saved in build/fuzz/ and
# printed. Prints one line, "ok libfuzzer ..." or "FAIL libfuzzer ...", and the counts
# line "libfuzzer: N executions ..." that fuzz.sh sums up.
set -u
cd "$(dirname "$0")/../.."
seconds=${1:?usage: libfuzz.sh SECONDS [WORK_CORPUS]}
corpus=${2:-build/fuzz/corpus}
suite=${ATOLL_TESTSUITE:-$PWD/../shared/wasm-testsuite}
[ -d "$suite" ] || suite=/work/shared/wasm-testsuite
seeds=build/fuzz/spec-seeds
mkdir -p "$corpus" build/fuzz/artifacts

if [ ! -f "$seeds/.done" ] && [ -d "$suite" ]; then
    mkdir -p "$seeds"
    for wast in "$suite"/*.wast; do
        wast2json --enable-all "$wast" -o "$seeds/$(basename "$wast" .wast).json" \
            >/dev/null 2>&1 || echo "note: wast2json could not convert $wast"
    done
    rm -f "$seeds"/*.json
    touch "$seeds/.done"
fi

log=build/fuzz/libfuzzer.log
# -timeout: one input running this long is a hang; -rss_limit_mb: a leak or runaway growth.
build/test/fuzz/fuzz_compile -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 \
    "$corpus" test/fuzz/corpus $([ -d "$seeds" ] && echo "$seeds") > "$log" 2>&1
status=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
cov=$(sed -n 's/^#[0-9]*.*DONE *cov: \([0-9]*\).*/\1/p' "$log")
echo "libfuzzer: ${runs:-0} executions, coverage ${cov:-?} edges, $(ls "$corpus" | wc -l) inputs in $corpus"
artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | head -1)
if [ $status -eq 0 ] && [ -z "$artifact" ]; then
    echo "ok   libfuzzer ${seconds}s: no crash, leak, hang or sanitizer report"
    exit 0
fi
grep -m1 -E "ERROR|runtime error|==[0-9]+==|deadly signal|timeout" "$log"
echo "FAIL libfuzzer ${seconds}s: status $status, input saved as ${artifact:-?} (log: $log)"
exit 1
