#!/bin/bash
# run-all.sh — run every test suite and add up their verdicts (`make test` runs this).
#
# Each executable test/suite-*.sh runs in name order, prints one line per check and
# ends with a line exactly "N passed, N failed". A suite that exits non-zero without
# reporting a failure, or prints no total line, counts as one failure of its own, so a
# crashed suite can never look green. The last line is the sum: "N passed, N failed".
# Exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.."
mkdir -p build/test

total_passed=0
total_failed=0
summary=()
for suite in test/suite-*.sh; do
    [ -x "$suite" ] || continue
    name=$(basename "$suite" .sh)
    log=build/test/$name.log
    echo "=== $name"
    start=$(date +%s)
    "$suite" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    seconds=$(( $(date +%s) - start ))
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
    if [ -z "$line" ]; then
        passed=0 failed=1
        echo "FAIL $name printed no \"N passed, N failed\" line (exit status $status)"
    else
        passed=${line%% passed*}
        failed=${line#*passed, }
        failed=${failed%% failed}
        if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
            failed=1
            echo "FAIL $name exited with status $status but reported no failure"
        fi
    fi
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    summary+=("$(printf '%-24s %4d passed, %3d failed  (%ds)' "$name" "$passed" "$failed" "$seconds")")
done

echo "=== summary"
for line in "${summary[@]}"; do
    echo "$line"
done
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ] && [ "$total_passed" -gt 0 ]
