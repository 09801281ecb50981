#!/bin/bash
# bench.sh — `make bench`: builds the benchmark programs, then runs the driver (bench.js).
#
# Measures wasm-apps/bench/*.c under atoll-run (guard and bounds-check modes), V8 Liftoff,
# V8 TurboFan and natively, and compile speed on a generated module; see
# docs/performance.md. When atoll-run does not build, its columns read "n/a" and the
# rest still runs. The tables go to stdout and to build/bench/results.md.
#     usage: test/bench/bench.sh [--quick] [--reps N] [--only fib,sort] [--no-compile] [--cpu N|none]
#   --quick   n / 50 and one run each: a smoke test that every engine agrees
#   --cpu     the CPU to pin every measured process to (default 1; "none" to not pin)
set -u
cd "$(dirname "$0")/../.." || exit 2

export BENCH_BUILD=build/bench BENCH_CPU=1
while [ $# -gt 0 ]; do
    case "$1" in
    --quick)      export BENCH_QUICK=1 ;;
    --reps)       export BENCH_REPS="$2"; shift ;;
    --only)       export BENCH_ONLY="$2"; shift ;;
    --no-compile) export BENCH_COMPILE=0 ;;
    --cpu)        BENCH_CPU="$2"; shift ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

make -s bench-programs || { echo "bench.sh: building the benchmark programs failed" >&2; exit 1; }

# atoll-run may not exist yet or may not build: then its columns say so, never a number.
if [ -z "${ATOLL_RUN:-}" ]; then
    if make -s build/tools/atoll-run > build/bench/atoll-run-build.log 2>&1 &&
       [ -x build/tools/atoll-run ]; then
        export ATOLL_RUN=build/tools/atoll-run
    else
        export ATOLL_MISSING="atoll-run not built"
        echo "bench.sh: atoll-run did not build (build/bench/atoll-run-build.log); its columns are n/a" >&2
    fi
fi

# Pin measured processes to one CPU, away from whatever else runs, if we can.
if [ "$BENCH_CPU" = none ] || ! command -v taskset > /dev/null ||
   ! taskset -c "$BENCH_CPU" true 2> /dev/null; then
    unset BENCH_CPU
fi

cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
    echo "Atoll benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null)"
    echo
    echo "Machine: ${cpu_model:-unknown CPU}, $(nproc) CPUs, Linux $(uname -r);" \
         "node $(node --version) (V8 $(node -p process.versions.v8)); $(clang --version | head -1)." \
         "Measured processes pinned to CPU ${BENCH_CPU:-none};" \
         "load average at start: $(cut -d" " -f1-3 /proc/loadavg)."
    echo
} | tee build/bench/results.md

node test/bench/bench.js | tee -a build/bench/results.md
exit "${PIPESTATUS[0]}"
