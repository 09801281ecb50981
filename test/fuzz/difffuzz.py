#!/usr/bin/env python3
"""difffuzz.py — differential fuzzing of Atoll against wabt's interpreter.

    difffuzz.py run [--profile 1|2] (--seeds A:B | --time SECONDS) [--modes guard,bounds]
                    [--save] [--reduce] [--nan]
    difffuzz.py replay [CASE.wasm...]          the regression cases in test/fuzz/regress/
    difffuzz.py check FILE.wasm --seed S --mode M    (used by wasm-reduce)

For each seed: random bytes from a seeded PRNG become a valid module through binaryen's
translate-to-fuzz (`wasm-opt -ttf`); script.py plans calls of every export with
arguments and writes one command script; wabt's spectest-interp runs it (the oracle),
and Atoll's driver (fuzz_diff.c) runs it once per memory mode. Every call must log the
same values and end the same way: the same results (NaNs may differ in payload), or a
trap of the same kind. A mismatch can be saved as a regression case (the module and
wabt's transcript, which `replay` checks Atoll against) and shrunk with wasm-reduce.

Profiles: 1 is binaryen's default (the MVP); 2 adds sign extension, non-trapping
float-to-int, bulk memory, multi-value and mutable globals. Reference types stay off:
binaryen 108 then writes modules that wabt 1.0.32 rejects. Modules are de-NaN'd
(`--denan`) unless --nan is given: a NaN's payload is not fully specified, and once it
flows into integers the two engines may legitimately disagree.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import engines  # noqa: E402
import gen_exprs  # noqa: E402
import script  # noqa: E402
import wasmfile  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
REGRESS_DIR = os.path.join(HERE, "regress")
DRIVER = os.environ.get("ATOLL_FUZZ_DRIVER", os.path.join(ROOT, "build", "test", "fuzz", "fuzz_diff"))
WORK_ROOT = os.path.join(ROOT, "build", "fuzz")

PROFILES = {   # wasm-opt's feature flags for each profile
    1: [],
    2: ["--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-bulk-memory",
        "--enable-multivalue", "--enable-mutable-globals"],
    3: ["--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-bulk-memory",
        "--enable-multivalue", "--enable-mutable-globals", "--enable-reference-types"],
}
EXPRS_PROFILE = 3   # written by gen_exprs.py, not by binaryen
# binaryen's optimizer, run on two seeds in three, turns the generated code into the
# denser shapes real compilers emit (fewer locals, values carried by blocks and br_if).
OPTIMIZE = [[], ["-O2"], ["-O3"]]
MODES = {"guard": [], "bounds": ["--bounds-checks"]}
TIMEOUT = 30            # seconds for one engine on one script
INPUT_BYTES = (1000, 60000)  # how much entropy translate-to-fuzz gets


class Stats:
    def __init__(self):
        self.modules = self.skipped = self.executions = self.calls = self.mismatches = 0


def tool(*command, **kw):
    """Run a helper tool that must succeed; its output is returned."""
    return subprocess.run(command, check=True, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, **kw).stdout


# ---- Making a case: module, planned calls, command script ----

class Case:
    """One module with its planned calls, written out as files in `work`."""

    def __init__(self, work, wasm_bytes, calls_seed, allow_nan, calls=None):
        self.work = work
        os.makedirs(work, exist_ok=True)
        with open(os.path.join(work, "fuzz.wasm"), "wb") as f:
            f.write(wasm_bytes)
        self.exports = wasmfile.exported_functions(wasm_bytes)
        if calls is None:
            calls = script.with_resets(self.exports, script.call_plan(self.exports, calls_seed, allow_nan))
        self.calls = calls
        self.signatures = {name: results for name, _p, results in self.exports}
        support = os.path.join(work, "support.wasm")
        if not os.path.exists(support):
            tool("wat2wasm", os.path.join(HERE, "fuzzing-support.wat"), "-o", support)
        wrap = script.wrapper_wat(self.exports)
        if wrap:
            with open(os.path.join(work, "wrap.wat"), "w") as f:
                f.write(wrap)
            tool("wat2wasm", os.path.join(work, "wrap.wat"), "-o", os.path.join(work, "wrap.wasm"))
        self.json = os.path.join(work, "script.json")
        with open(self.json, "w") as f:
            f.write(script.command_script(self.exports, calls, "support.wasm", "fuzz.wasm",
                                          "wrap.wasm" if wrap else None))

    def run_wabt(self):
        """wabt's records, or None when wabt could not run the script (then the seed
        says nothing about Atoll)."""
        out, status, timed_out = engines.run(["spectest-interp", self.json], TIMEOUT)
        recs, errors = engines.records(engines.wabt_events(out, self.calls), self.calls, self.signatures)
        if timed_out or errors or any(r.outcome[0] == "missing" for r in recs):
            return None
        return recs

    def run_atoll(self, mode):
        """(records, problem): problem is None or (category, text) for a crash, a hang or
        an error line (a module Atoll refused, a call it could not make)."""
        out, status, timed_out = engines.run([DRIVER, *MODES[mode], self.json], TIMEOUT)
        recs, errors = engines.records(engines.atoll_events(out), self.calls, self.signatures)
        problem = None
        if errors:
            problem = ("refused", errors[0])
        elif timed_out:
            problem = ("hang", f"no end after {TIMEOUT} s")
        elif status != 0:
            problem = ("crash", f"driver died with status {status}")
        return recs, problem


def first_mismatch(expected, got, problem):
    """(category, call index, text) for the first difference, or None."""
    for i, (e, g) in enumerate(zip(expected, got)):
        if g.outcome[0] == "missing":
            break
        diff = engines.difference(e, g)
        if diff:
            return diff[0], i, diff[1]
    index = next((i for i, g in enumerate(got) if g.outcome[0] == "missing"), None)
    if problem:
        return problem[0], index if index is not None else len(got), problem[1]
    if index is not None:
        return "missing", index, "the driver ended without this call's result"
    return None


def generate(seed, profile, allow_nan):
    """The module of (seed, profile): translate-to-fuzz of the PRNG's bytes (profiles 1
    and 2), or gen_exprs.py's module (profile 3)."""
    work = os.path.join(WORK_ROOT, f"gen-{os.getpid()}")
    os.makedirs(work, exist_ok=True)
    bin_path, wat_path = os.path.join(work, "input.bin"), os.path.join(work, "out.wat")
    wasm_path = os.path.join(work, "out.wasm")
    if profile == EXPRS_PROFILE:
        with open(wat_path, "w") as f:
            f.write(gen_exprs.module_wat(seed))
        tool("wat2wasm", wat_path, "-o", wasm_path)
    else:
        rng = random.Random(f"atoll-fuzz:{profile}:{seed}")
        with open(bin_path, "wb") as f:
            f.write(rng.randbytes(rng.randint(*INPUT_BYTES)))
        tool("wasm-opt", "-ttf", bin_path, "-o", wasm_path, *PROFILES[profile],
             *([] if allow_nan else ["--denan"]), *OPTIMIZE[seed % len(OPTIMIZE)])
    with open(wasm_path, "rb") as f:
        return f.read()


# ---- Regression cases: NAME.wasm and NAME.expected (wabt's transcript) ----

def format_transcript(records, header):
    lines = [f"# {h}" for h in header]
    for r in records:
        lines.append(" ".join(["call", r.name] + [engines.fmt_value(a) for a in r.args]))
        lines += ["  log " + engines.fmt_value(v) for v in r.logs]
        lines.append("  " + engines.fmt_outcome(r.outcome))
    return "\n".join(lines) + "\n"


def parse_value(text):
    vtype, bits = text.split(":", 1)
    return vtype, int(bits, 16)


def parse_transcript(text):
    """The records of a .expected file."""
    recs = []
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "call":
            recs.append(engines.Call(words[1], [parse_value(w) for w in words[2:]]))
        elif words[0] == "log":
            recs[-1].logs.append(parse_value(words[1]))
        elif words[0] == "return":
            values = " ".join(words[1:]).strip("()").split()
            recs[-1].outcome = ("return", [parse_value(v) for v in values])
        elif words[0] == "trap":
            recs[-1].outcome = ("trap", words[1])
    return recs


def save_case(name, wasm_bytes, expected, header):
    os.makedirs(REGRESS_DIR, exist_ok=True)
    base = os.path.join(REGRESS_DIR, name)
    with open(base + ".wasm", "wb") as f:
        f.write(wasm_bytes)
    with open(base + ".expected", "w") as f:
        f.write(format_transcript(expected, header))
    return base


def reduce_module(wasm_bytes, seed, profile, mode, allow_nan, category):
    """Shrink a module with wasm-reduce while `check` still reports `category`.
    Returns the reduced bytes (the original when reduction fails)."""
    work = os.path.join(WORK_ROOT, f"reduce-{os.getpid()}")
    os.makedirs(work, exist_ok=True)
    orig, test, best = (os.path.join(work, n) for n in ("orig.wasm", "test.wasm", "best.wasm"))
    with open(orig, "wb") as f:
        f.write(wasm_bytes)
    check = (f"{sys.executable} {os.path.abspath(__file__)} check {test} --seed {seed} "
             f"--mode {mode} --expect {category}" + (" --nan" if allow_nan else ""))
    flags = " ".join(PROFILES[profile]) or "--mvp-features"
    try:
        bindir = os.path.dirname(shutil.which("wasm-opt")) + "/"  # where it finds wasm-opt
        subprocess.run(["wasm-reduce", orig, f"--command={check}", "-t", test, "-w", best, "-b", bindir,
                        "--timeout", "10", f"--extra-flags={flags}"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=1800, check=True)
        with open(best, "rb") as f:
            reduced = f.read()
        return reduced if len(reduced) < len(wasm_bytes) else wasm_bytes
    except (subprocess.SubprocessError, OSError):
        return wasm_bytes


# ---- Commands ----

def fuzz_one(seed, profile, modes, opts, stats):
    """Run one seed in every mode; print one line; returns False on a mismatch."""
    label = f"diff p{profile} seed {seed}"
    nan_args = opts.nan or profile == EXPRS_PROFILE   # its modules guard against NaN bits
    try:
        wasm_bytes = generate(seed, profile, opts.nan)
        case = Case(os.path.join(WORK_ROOT, f"case-{os.getpid()}"), wasm_bytes, seed, nan_args)
    except (subprocess.CalledProcessError, ValueError) as e:
        stats.skipped += 1
        print(f"skip {label}: could not make the module ({e})")
        return True
    expected = case.run_wabt()
    if expected is None:
        stats.skipped += 1
        print(f"skip {label}: wabt cannot run this module")
        return True
    stats.modules += 1
    failures = []
    for mode in modes:
        got, problem = case.run_atoll(mode)
        stats.executions += 1
        stats.calls += sum(1 for g in got if g.outcome[0] != "missing"
                           and g.name != script.HANG_LIMIT_EXPORT)
        mismatch = first_mismatch(expected, got, problem)
        if mismatch:
            failures.append((mode, mismatch))
    if not failures:
        print(f"ok   {label}: {len(case.calls)} calls agree ({', '.join(modes)})")
        return True
    stats.mismatches += 1
    keep_dir = os.path.join(WORK_ROOT, "failures", f"p{profile}-s{seed}")
    shutil.rmtree(keep_dir, ignore_errors=True)
    shutil.copytree(case.work, keep_dir)   # script.json, the modules: run them by hand
    print(f"     files: {os.path.relpath(keep_dir, ROOT)}/script.json")
    for mode, (category, index, text) in failures:
        where = case.calls[index][0] if index < len(case.calls) else "end"
        print(f"FAIL {label} {mode}: {category} at call {index} ({where}): {text}")
    if opts.save or opts.reduce:
        mode, (category, _i, text) = failures[0]
        keep = wasm_bytes
        if opts.reduce:
            keep = reduce_module(wasm_bytes, seed, profile, mode, nan_args, category)
            print(f"     reduced {len(wasm_bytes)} -> {len(keep)} bytes")
        recase = Case(os.path.join(WORK_ROOT, f"case-{os.getpid()}"), keep, seed, nan_args)
        recs = recase.run_wabt() or expected
        base = save_case(f"p{profile}-s{seed}-{category}", keep, recs, [
            f"wabt's results for this module; Atoll differed ({mode} mode): {category}: {text}",
            f"found by difffuzz.py run --profile {profile} --seeds {seed}:{seed + 1}"
            + (" --nan" if opts.nan else ""), f"arguments: --seed {seed}" + (" --nan" if nan_args else "")])
        print(f"     saved {os.path.relpath(base, ROOT)}.wasm/.expected")
    return False


def cmd_run(opts):
    stats, ok, start = Stats(), True, time.time()
    modes = opts.modes.split(",")
    if opts.seeds:
        first, last = (int(x) for x in opts.seeds.split(":"))
        seeds = range(first, last)
    else:
        base = random.randrange(1 << 30)
        seeds = (base + i for i in range(1 << 30))
    for seed in seeds:
        if opts.time and time.time() - start >= opts.time:
            break
        ok = fuzz_one(seed, opts.profile, modes, opts, stats) and ok
    print(f"difffuzz p{opts.profile}: {stats.modules} modules ({stats.skipped} skipped), "
          f"{stats.executions} Atoll runs, {stats.calls} calls, {stats.mismatches} mismatching "
          f"modules, {time.time() - start:.0f} s")
    return 0 if ok else 1


def cmd_replay(opts):
    cases = opts.cases
    if not cases and os.path.isdir(REGRESS_DIR):
        cases = sorted(os.path.join(REGRESS_DIR, f) for f in os.listdir(REGRESS_DIR) if f.endswith(".wasm"))
    failed = 0
    for path in cases:
        with open(path, "rb") as f:
            wasm_bytes = f.read()
        with open(path[:-len(".wasm")] + ".expected") as f:
            expected = parse_transcript(f.read())
        name = os.path.basename(path)[:-len(".wasm")]
        case = Case(os.path.join(WORK_ROOT, f"replay-{os.getpid()}"), wasm_bytes, 0, False,
                    calls=[(r.name, r.args) for r in expected])
        for mode in opts.modes.split(","):
            got, problem = case.run_atoll(mode)
            mismatch = first_mismatch(expected, got, problem)
            if mismatch:
                failed += 1
                print(f"FAIL regress {name} {mode}: {mismatch[0]} at call {mismatch[1]}: {mismatch[2]}")
            else:
                print(f"ok   regress {name} {mode}: {len(expected)} calls as wabt")
    return 1 if failed else 0


def cmd_check(opts):
    """For wasm-reduce: print what Atoll does with FILE against wabt, in one word."""
    with open(opts.file, "rb") as f:
        wasm_bytes = f.read()
    try:
        case = Case(os.path.join(WORK_ROOT, f"check-{os.getpid()}"), wasm_bytes, opts.seed, opts.nan)
    except (subprocess.CalledProcessError, ValueError):
        print("invalid")
        return 0
    expected = case.run_wabt()
    if expected is None:
        print("wabt-refused")
        return 0
    got, problem = case.run_atoll(opts.mode)
    mismatch = first_mismatch(expected, got, problem)
    print("agree" if not mismatch else
          "mismatch" if opts.expect in (None, mismatch[0]) else "other-mismatch")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("--profile", type=int, choices=sorted(PROFILES), default=1,
                     help="1: binaryen MVP, 2: binaryen with 2.0 features, 3: gen_exprs.py")
    run.add_argument("--seeds", help="A:B, the seeds A to B-1")
    run.add_argument("--time", type=float, help="seconds to run for (random seeds)")
    run.add_argument("--modes", default="guard,bounds")
    run.add_argument("--save", action="store_true", help="save mismatches under regress/")
    run.add_argument("--reduce", action="store_true", help="shrink them first (implies --save)")
    run.add_argument("--nan", action="store_true", help="no --denan; NaN arguments too")
    replay = sub.add_parser("replay")
    replay.add_argument("cases", nargs="*")
    replay.add_argument("--modes", default="guard,bounds")
    check = sub.add_parser("check")
    check.add_argument("file")
    check.add_argument("--seed", type=int, required=True)
    check.add_argument("--mode", choices=sorted(MODES), required=True)
    check.add_argument("--expect")
    check.add_argument("--nan", action="store_true")
    opts = parser.parse_args()
    if opts.command == "run" and not (opts.seeds or opts.time):
        parser.error("run needs --seeds or --time")
    sys.stdout.reconfigure(line_buffering=True)
    code = {"run": cmd_run, "replay": cmd_replay, "check": cmd_check}[opts.command](opts)
    for work in ("gen", "case", "replay", "check", "reduce"):
        shutil.rmtree(os.path.join(WORK_ROOT, f"{work}-{os.getpid()}"), ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
