#!/bin/bash
# run.sh — the WebAssembly spec tests in one memory mode.
#
#   test/spec/run.sh [--bounds-checks] [-v] [SUITE_DIR]
#   test/spec/run.sh --convert-only [SUITE_DIR]    only convert; print the JSON paths
#
# Takes the in-scope files from the suite's MANIFEST.tsv (groups mvp and v2; every simd
# file is listed as out of scope, never counted), converts each .wast with wast2json into
# build/spec/json/NAME/ (again only when the .wast is newer than its JSON), runs
# build/test/spec/spec_runner on it and prints its line "NAME: P passed, F failed,
# S skipped". Each file's P+F+S must equal the command count of MANIFEST.tsv (every
# command but `register`), so no command can go missing unnoticed. Ends with the skipped
# total, the out-of-scope list and the line "N passed, N failed"; exits non-zero when
# anything failed, and loudly when the suite or a tool is missing.
# SUITE_DIR defaults to $ATOLL_TESTSUITE, then ../shared/wasm-testsuite beside the repo.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUNNER=build/test/spec/spec_runner
JSON_DIR=build/spec/json

runner_flags=()
suite=""
convert_only=false
for arg in "$@"; do
    case $arg in
        --bounds-checks|-v) runner_flags+=("$arg") ;;
        --convert-only) convert_only=true ;;
        -*) echo "usage: test/spec/run.sh [--bounds-checks] [-v] [--convert-only] [SUITE_DIR]" >&2; exit 2 ;;
        *) suite=$arg ;;
    esac
done
suite=${suite:-${ATOLL_TESTSUITE:-$ROOT/../shared/wasm-testsuite}}

# Fail loudly: a missing suite must never look like a passing one.
die() {
    echo "!!! SPEC TESTS NOT RUN: $*"
    echo "0 passed, 1 failed"
    exit 1
}
[ -f "$suite/MANIFEST.tsv" ] || die "no spec test suite at '$suite' (no MANIFEST.tsv); set ATOLL_TESTSUITE or pass SUITE_DIR"
command -v wast2json > /dev/null || die "wast2json (wabt) is not installed"
mkdir -p "$JSON_DIR"
make -s spec-runner > build/spec/runner-build.log 2>&1 || { cat build/spec/runner-build.log; die "the runner does not build"; }

passed=0 failed=0 skipped=0
out_of_scope=()

# NAME.wast -> $JSON_DIR/NAME/NAME.json (+ its .wasm files); false when wast2json fails.
convert() {
    local name=$1 wast=$suite/$1.wast dir=$JSON_DIR/$1
    [ "$dir/$name.json" -nt "$wast" ] && return 0
    rm -rf "$dir" && mkdir -p "$dir"
    wast2json "$wast" -o "$dir/$name.json" > "$dir/wast2json.log" 2>&1 && return 0
    cat "$dir/wast2json.log"
    rm -f "$dir/$name.json"
    return 1
}

# Run one file; add its counts to the totals and check them against the manifest's.
run_file() {
    local name=$1 expected_total=$2 output line p f s
    if ! convert "$name"; then
        echo "FAIL $name.wast: wast2json could not convert it"
        failed=$((failed + 1))
        return
    fi
    if $convert_only; then
        echo "$JSON_DIR/$name/$name.json"
        return
    fi
    output=$("$RUNNER" "${runner_flags[@]}" "$JSON_DIR/$name/$name.json" 2>&1)
    [ -n "$output" ] && echo "$output"
    line=$(echo "$output" | grep -E "^$name\.wast: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$" | tail -1)
    if [ -z "$line" ]; then
        echo "FAIL $name.wast: the runner printed no result"
        failed=$((failed + 1))
        return
    fi
    read -r p f s <<< "$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/')"
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    if [ $((p + f + s)) -ne "$expected_total" ]; then
        echo "FAIL $name.wast: $((p + f + s)) commands counted, MANIFEST.tsv lists $expected_total"
        failed=$((failed + 1))
    fi
}

# Columns: file, group, features, parses, spectest ("P/TOTAL" under wabt), counts...
while IFS=$'\t' read -r file group _ _ spectest _; do
    name=${file%.wast}
    case $group in
        mvp|v2) run_file "$name" "${spectest#*/}" ;;
        simd) out_of_scope+=("$file") ;;
        group) ;;   # the header
        *) echo "FAIL $file: unknown group '$group' in MANIFEST.tsv"; failed=$((failed + 1)) ;;
    esac
done < "$suite/MANIFEST.tsv"

$convert_only && exit $((failed > 0))
echo "skipped: $skipped (assert_malformed on text-format modules: Atoll reads binaries only)"
echo "out of scope (simd, not run): ${#out_of_scope[@]} files: ${out_of_scope[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
