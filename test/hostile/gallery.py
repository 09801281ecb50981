#!/usr/bin/env python3
"""gallery.py — the hostile-module gallery: build it, run it on the host, plan and judge
its kernel runs. test/suite-hostile.sh drives it; each command prints "ok ..." and
"FAIL ..." lines and ends with "N passed, N failed".

    gallery.py build OUT                  modules (.wat, .hex, generated) -> OUT/*.wasm,
                                          their kernel variants, OUT/gallery.json
    gallery.py host OUT ATOLL_RUN         every expectation, both memory modes
    gallery.py kernel-plan OUT CANARY     boot plans: OUT/boot-N.args (mkiso.sh arguments)
    gallery.py kernel-check OUT LOG...    every kernel expectation against the serial logs

The gallery's convention: a module states what must happen to it in comments.
  (func $f (export "NAME") (result i32)   ;; => OUTCOME
                                          ;; host => OUTCOME ;; kernel => OUTCOME
  ;; module => OUTCOME                    (also: module host =>, module kernel =>)
  ;; host-args: --register NAME=FILE.wasm (FILE is another gallery module, built)
  ;; host: run-all      the host calls every export in order in ONE instance (wasm-interp
                        style) instead of one fresh instance per case
  ;; kernel: skip       no kernel run (say why)
  ;; kernel: mem=SIZE   the module's memory quota on its boot line (docs/sips.md)
  ;; gallery: helper    built for others (host-args), not a test itself
  ;; wat2wasm: FLAGS    e.g. --no-check, for modules that must not validate
In .hex modules (bytes in hex, '#' comments) the same directives follow a '#'.
Outcomes of a case: "i32:N", "i64:N" (host only), "nothing", "trap: MESSAGE [in $F]" (a trap
reported with its function and offset; "trap: MESSAGE (no location)": reported without).
Outcomes of a module: "rejected at 0xOFFSET: MESSAGE", "rejected: MESSAGE", "start trap:
MESSAGE [in $F]", "instantiation trap: MESSAGE" (a segment out of bounds), "instantiation
fails: MESSAGE" (an import that does not fit, a table too big).

On the host a case runs as `atoll-run [--bounds-checks] ARGS MODULE.wasm --invoke NAME`.
In the kernel it runs as a SIP of its own: the module's kernel variant adds an import of
atoll.args and an entry `_start` that calls case number K, where K is the length of
the SIP's argument string (no byte of its memory is touched to learn it). A runner SIP
(generated per boot) spawns "MODULE xxx..." for each case in turn and waits for it, between
the lines "hostile: run MODULE CASE" and "hostile: done MODULE CASE". A trap in the
kernel must be at the host's offset (guard mode) when it is in the same function, counted
from the first function body, which is where the variant's additions cannot move it.
"""
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_BOOT_MODULES = 32          # src/multiboot.h: BOOT_MAX_MODULES
MODES = [("guard", []), ("bounds", ["--bounds-checks"])]

counts = {"passed": 0, "failed": 0}


def check(ok, what):
    counts["passed" if ok else "failed"] += 1
    if not ok:
        print(f"FAIL {what}")
    return ok


def finish():
    print(f"{counts['passed']} passed, {counts['failed']} failed")
    sys.exit(0 if counts["failed"] == 0 else 1)


# ---------------------------------------------------------------- outcomes

OUTCOME_RES = [
    ("i32", r"i32:(-?(?:0x[0-9a-fA-F]+|\d+))"),
    ("i64", r"i64:(-?(?:0x[0-9a-fA-F]+|\d+))"),
    ("nothing", r"nothing"),
    ("trap", r"trap: (.+?)(?: in \$(\S+)| (\(no location\)))?"),
    ("rejected_at", r"rejected at (0x[0-9a-f]+): (.+)"),
    ("rejected", r"rejected: (.+)"),
    ("start_trap", r"start trap: (.+?)(?: in \$(\S+))?"),
    ("inst_trap", r"instantiation trap: (.+)"),
    ("inst_fail", r"instantiation fails: (.+)"),
]


def parse_outcome(text, where):
    for kind, pattern in OUTCOME_RES:
        m = re.fullmatch(pattern, text.strip())
        if m:
            return {"kind": kind, "args": list(m.groups()), "text": text.strip()}
    sys.exit(f"{where}: cannot read the outcome '{text}'")


def number(text, bits):
    return int(text, 0) & ((1 << bits) - 1)


# ---------------------------------------------------------------- reading modules

def read_directives(path):
    """(module record, source text) from the comments of a .wat or .hex file."""
    name = os.path.basename(path).rsplit(".", 1)[0]
    comment = "#" if path.endswith(".hex") else ";;"
    mod = {"name": name, "source": path, "cases": [], "module": {}, "host_args": [],
           "run_all": False, "kernel_skip": None, "kernel_mem": None, "helper": False,
           "wat2wasm": []}
    text = open(path).read()
    for lineno, line in enumerate(text.splitlines(), 1):
        parts = line.split(comment)
        code, notes = parts[0], [p.strip() for p in parts[1:]]
        where = f"{path}:{lineno}"
        export = re.search(r'\(export "([^"]+)"\)', code) if not path.endswith(".hex") else None
        for note in notes:
            m = re.fullmatch(r"module(?: (host|kernel))? => (.+)", note)
            if m:
                for env in ([m.group(1)] if m.group(1) else ["host", "kernel"]):
                    mod["module"][env] = parse_outcome(m.group(2), where)
            elif note.startswith("host-args:"):
                mod["host_args"] = note.split(":", 1)[1].split()
            elif note == "host: run-all":
                mod["run_all"] = True
            elif note.startswith("kernel: skip"):
                mod["kernel_skip"] = note
            elif note.startswith("kernel: mem="):
                mod["kernel_mem"] = note.split(" ", 1)[1]
            elif note == "gallery: helper":
                mod["helper"] = True
            elif note.startswith("wat2wasm:"):
                mod["wat2wasm"] = note.split(":", 1)[1].split()
            elif export and re.fullmatch(r"(?:(host|kernel) )?=> .+", note):
                m = re.fullmatch(r"(?:(host|kernel) )?=> (.+)", note)
                case = next((c for c in mod["cases"] if c["name"] == export.group(1)), None)
                if case is None:
                    func = re.search(r"\(func (\$[^\s()]+)", code)
                    case = {"name": export.group(1), "func": func.group(1) if func else None,
                            "result": "i32" if "(result i32)" in code else
                                      "i64" if "(result i64)" in code else None,
                            "line": lineno}
                    mod["cases"].append(case)
                for env in ([m.group(1)] if m.group(1) else ["host", "kernel"]):
                    case[env] = parse_outcome(m.group(2), where)
    return mod, text


def kernel_variant(mod, text):
    """WAT of the module with atoll.args imported and a dispatching _start (see above)."""
    cases = [c for c in mod["cases"] if "kernel" in c]
    for c in cases:
        if c["func"] is None or c["result"] == "i64":
            sys.exit(f"{mod['source']}:{c['line']}: a kernel case needs a $name and an "
                     f"i32 result or none")
    start = text.index("(module") + len("(module")
    end = text.rindex(")")
    body = ["  (func $gallery.start (export \"_start\") (result i32) (local $k i32)",
            "    (local.set $k (call $gallery.args (i32.const 0) (i32.const 0)))"]
    for k, c in enumerate(cases):
        call = f"(return (call {c['func']}))" if c["result"] == "i32" else \
               f"(call {c['func']}) (return (i32.const 0))"
        body.append(f"    (if (i32.eq (local.get $k) (i32.const {k})) (then {call}))")
    body.append("    (unreachable))")
    memory = "" if re.search(r"\(memory\b", text) else "  (memory 0)\n"
    return (text[:start] +
            "\n  (import \"atoll\" \"args\" (func $gallery.args (param i32 i32) (result i32)))" +
            text[start:end] + "\n" + memory + "\n".join(body) + "\n" + text[end:])


def wat2wasm(src_text, out, flags, where):
    tmp = out + ".wat"
    with open(tmp, "w") as f:
        f.write(src_text)
    r = subprocess.run(["wat2wasm", "--debug-names", *flags, tmp, "-o", out],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        return check(False, f"build: wat2wasm {where}")
    return True


def hex_to_wasm(text, out):
    digits = re.sub(r"\s", "", "".join(line.split("#")[0] for line in text.splitlines()))
    with open(out, "wb") as f:
        f.write(bytes.fromhex(digits))


def build(out):
    out = os.path.abspath(out)
    gen = os.path.join(out, "generated")
    os.makedirs(os.path.join(out, "kernel"), exist_ok=True)
    for generator in sorted(f for f in os.listdir(HERE) if f.startswith("gen_") and f.endswith(".py")):
        subprocess.run([sys.executable, os.path.join(HERE, generator), gen], check=True)
    sources = sorted(os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith((".wat", ".hex")))
    sources += sorted(os.path.join(gen, f) for f in os.listdir(gen) if f.endswith(".wat"))
    modules = []
    for src in sources:
        mod, text = read_directives(src)
        mod["wasm"] = os.path.join(out, mod["name"] + ".wasm")
        if src.endswith(".hex"):
            hex_to_wasm(text, mod["wasm"])
        elif not wat2wasm(text, mod["wasm"], mod["wat2wasm"], src):
            continue
        if not mod["helper"] and not mod["cases"] and not mod["module"]:
            check(False, f"build: {src} states no expected outcome")
            continue
        if not mod["helper"] and not mod["kernel_skip"] and "kernel" not in mod["module"] \
                and any("kernel" in c for c in mod["cases"]):
            mod["variant"] = os.path.join(out, "kernel", mod["name"] + ".wasm")
            if not wat2wasm(kernel_variant(mod, text), mod["variant"], mod["wat2wasm"],
                            src + " (kernel variant)"):
                continue
        modules.append(mod)
    with open(os.path.join(out, "gallery.json"), "w") as f:
        json.dump(modules, f, indent=1)
    ncases = sum(len(m["cases"]) for m in modules)
    check(True, "build")
    print(f"ok   build: {len(modules)} modules, {ncases} cases")


def load(out):
    with open(os.path.join(out, "gallery.json")) as f:
        return json.load(f)


# ---------------------------------------------------------------- where code lies

def leb(data, pos):
    value = shift = 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, pos


def first_body(path):
    """Offset of the first function body (its size field) in a module, or None."""
    data = open(path, "rb").read()
    pos = 8
    while pos < len(data):
        sid = data[pos]
        size, payload = leb(data, pos + 1)
        if sid == 10:
            return leb(data, payload)[1]
        pos = payload + size
    return None


# ---------------------------------------------------------------- the host

HOST_LINE = re.compile(r"^(\S+)\(\) =>(?: (.*))?$")
HOST_TRAP = re.compile(r"^error: (.+?)(?: \(func (\d+)(?: \$(\S+))?, offset (0x[0-9a-f]+)\))?$")


def judge_case(expect, answer):
    """Whether a host answer (the text after "NAME() =>") meets a case outcome;
    returns (ok, None or the trap's (offset, function name))."""
    answer = answer or ""
    kind, args = expect["kind"], expect["args"]
    if kind == "nothing":
        return answer == "", None
    if kind in ("i32", "i64"):
        m = re.fullmatch(kind + r":(\d+)", answer)
        bits = 32 if kind == "i32" else 64
        return bool(m) and number(m.group(1), bits) == number(args[0], bits), None
    m = HOST_TRAP.fullmatch(answer)
    if kind != "trap" or not m or m.group(1) != args[0]:
        return False, None
    if args[2] is not None:                    # (no location)
        return m.group(4) is None, None
    if args[1] is not None and m.group(3) != args[1]:
        return False, None
    return m.group(4) is not None, (m.group(4), m.group(3))


def run(cmd, cwd):
    """Run atoll-run in the build directory, where host-args name the modules."""
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


def host_module_outcome(mod, flags, atoll_run):
    """Check a module-level host outcome: (ok, the trap's (offset, function) or None,
    what atoll-run said)."""
    expect = mod["module"]["host"]
    rc, out, err = run([atoll_run, *flags, *mod["host_args"], mod["wasm"]],
                       os.path.dirname(mod["wasm"]))
    lines = err.strip().splitlines()
    kind, args = expect["kind"], expect["args"]
    offset = None
    if kind == "rejected_at":
        ok = f"{mod['wasm']}:{args[0]}: error: {args[1]}" in lines
    elif kind in ("start_trap", "inst_trap", "inst_fail"):
        m = [re.fullmatch(r"error initializing module: (.+?)(?: \(func (\d+)(?: \$(\S+))?, "
                          r"offset (0x[0-9a-f]+)\))?", l) for l in lines]
        m = [x for x in m if x]
        ok = bool(m) and m[0].group(1) == args[0]
        if ok and kind == "start_trap":
            ok = m[0].group(4) is not None and (args[1] is None or m[0].group(3) == args[1])
            offset = (m[0].group(4), m[0].group(3))
        elif ok:
            ok = m[0].group(2) is None
    else:
        ok = False
    ok = ok and rc == 1
    shown = " | ".join(lines) or f"exit status {rc}"
    return ok, offset, shown


def host_answers(mod, flags, atoll_run, out):
    """What atoll-run answers for each host case of `mod`, by case name: the text after
    "NAME() =>", or what it said instead. Problems of a run-all run go to `problems`."""
    cases = [c for c in mod["cases"] if "host" in c]
    base = [atoll_run, *flags, *mod["host_args"], mod["wasm"]]
    answers, problems = {}, []
    if mod["run_all"] and cases:
        rc, stdout, stderr = run(base, out)
        for line in stdout.splitlines():
            m = HOST_LINE.match(line)
            if m:
                answers.setdefault(m.group(1), m.group(2))
        if stderr.strip():
            problems.append(stderr.strip())
        return {c["name"]: answers.get(c["name"], "(not called)") for c in cases}, problems
    for case in cases:
        rc, stdout, stderr = run(base + ["--invoke", case["name"]], out)
        m = HOST_LINE.match(stdout.strip().splitlines()[-1]) if stdout.strip() else None
        answers[case["name"]] = m.group(2) if m else (stderr.strip() or f"exit status {rc}")
    return answers, problems


def host_mode(mod, flags, atoll_run, out):
    """Judge one module in one memory mode: its (ok, description) lines, and where each
    trap happened, {case name ("" for the module): (offset, function)}."""
    lines, places = [], {}
    if "host" in mod["module"]:
        ok, place, shown = host_module_outcome(mod, flags, atoll_run)
        lines.append((ok, f"{mod['name']}: {mod['module']['host']['text']} (got: {shown})"))
        if ok and place:
            places[""] = place
    answers, problems = host_answers(mod, flags, atoll_run, out)
    lines += [(False, f"{mod['name']}: {p}") for p in problems]
    for case in (c for c in mod["cases"] if "host" in c):
        answer = answers[case["name"]]
        ok, place = judge_case(case["host"], answer)
        lines.append((ok, f"{mod['name']} {case['name']}: {case['host']['text']} (got: {answer})"))
        if ok and place:
            places[case["name"]] = place
    return lines, places


def host(out, atoll_run):
    """Every host expectation in both modes. A trap in bounds-check mode must be where it
    was in guard mode when it is in the same function (a stack can run out in another
    function of a recursion: frame sizes differ between the modes). Guard mode's trap
    places are kept for kernel-check."""
    out, atoll_run = os.path.abspath(out), os.path.abspath(atoll_run)
    modules = [m for m in load(out) if not m["helper"]]
    guard_places = {}                          # (module, case) -> (offset, function)
    for mode, flags in MODES:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda m: host_mode(m, flags, atoll_run, out), modules))
        for mod, (lines, places) in zip(modules, results):
            for case, place in places.items():
                guard = guard_places.get((mod["name"], case))
                if mode == "guard":
                    guard_places[(mod["name"], case)] = place
                elif guard is None or guard[1] == place[1]:
                    lines.append((guard == place, f"{mod['name']} {case}: the trap's place "
                                                  f"{place} is guard mode's ({guard})"))
            for ok, what in lines:
                check(ok, f"host {mode}: {what}")
            good = sum(ok for ok, _ in lines)
            print(f"{'ok  ' if good == len(lines) else 'FAIL'} host {mode}: {mod['name']}: "
                  f"{good} of {len(lines)} as expected")
    with open(os.path.join(out, "host-offsets.json"), "w") as f:
        json.dump({f"{m}|{c}": place for (m, c), place in guard_places.items()}, f)
    finish()


# ---------------------------------------------------------------- the kernel

def runner_wat(cases):
    """A SIP that spawns each (module, case index, case name) in turn and waits for it."""
    data, calls, at = [], [], 64
    def string(s):
        nonlocal at
        b = s.encode()
        escaped = s.replace("\n", "\\n")
        data.append(f"  (data (i32.const {at}) \"{escaped}\")")
        at += len(b)
        return at - len(b), len(b)
    for module, k, name in cases:
        cmd = string(module + (" " + "x" * k if k else ""))
        run_line = string(f"hostile: run {module} {name}\n")
        done = string(f"hostile: done {module} {name}\n")
        calls.append(f"    (call $case (i32.const {cmd[0]}) (i32.const {cmd[1]}) "
                     f"(i32.const {run_line[0]}) (i32.const {run_line[1]}) "
                     f"(i32.const {done[0]}) (i32.const {done[1]}))")
    pages = at // 65536 + 1
    return "\n".join([
        ";; runner — generated by test/hostile/gallery.py: spawns each case of the gallery",
        ";; in turn and waits for it to end.",
        "(module",
        '  (import "atoll" "write" (func $write (param i32 i32) (result i32)))',
        '  (import "atoll" "spawn" (func $spawn (param i32 i32 i32 i32 i32) (result i32)))',
        '  (import "atoll" "sip_wait" (func $sip_wait (param i32 i32) (result i32)))',
        '  (import "atoll" "handle_close" (func $close (param i32) (result i32)))',
        f"  (memory {pages})",
        '  (data (i32.const 0) "hostile: spawn failed\\n")',
        *data,
        "  (func $case (param $cmd i32) (param $len i32) (param $run i32) (param $runlen i32)",
        "               (param $done i32) (param $donelen i32) (local $h i32)",
        "    (drop (call $write (local.get $run) (local.get $runlen)))",
        "    (local.set $h (call $spawn (local.get $cmd) (local.get $len) (i32.const 0)",
        "                               (i32.const 0) (i32.const 0)))",
        "    (if (i32.lt_s (local.get $h) (i32.const 0))",
        "      (then (drop (call $write (i32.const 0) (i32.const 22))))",
        "      (else (drop (call $sip_wait (local.get $h) (i32.const 32)))",
        "            (drop (call $close (local.get $h)))))",
        "    (drop (call $write (local.get $done) (local.get $donelen))))",
        '  (func $run (export "_start")',
        *calls,
        "  )",
        ")"]) + "\n"


def kernel_plan(out, canary):
    """Split the kernel's work into boots of at most MAX_BOOT_MODULES boot modules: the
    canary, the runner, module-level SIPs and the case modules (nostart)."""
    modules = [m for m in load(out) if not m["helper"] and not m["kernel_skip"]]
    boots, current = [], None
    for mod in modules:
        if current is None or len(current["modules"]) + 3 > MAX_BOOT_MODULES:
            current = {"modules": [], "cases": []}
            boots.append(current)
        current["modules"].append(mod["name"])
        if "variant" in mod:
            current["cases"] += [(mod["name"], k, c["name"])
                                 for k, c in enumerate(c for c in mod["cases"] if "kernel" in c)]
    byname = {m["name"]: m for m in modules}
    for n, boot in enumerate(boots, 1):
        runner = os.path.join(out, f"runner-{n}.wasm")
        if not wat2wasm(runner_wat(boot["cases"]), runner, [], f"runner {n}"):
            continue
        args = [canary, "canary"]
        for name in boot["modules"]:
            mod = byname[name]
            mem = f" {mod['kernel_mem']}" if mod["kernel_mem"] else ""
            if "variant" in mod:
                args += [mod["variant"], f"{name} nostart{mem}"]
            else:
                args += [mod["wasm"], name + mem]
        args += [runner, "runner spawn"]
        with open(os.path.join(out, f"boot-{n}.args"), "w") as f:
            f.write("\n".join(args) + "\n")
    with open(os.path.join(out, "kernel-plan.json"), "w") as f:
        json.dump(boots, f)
    print(f"ok   kernel plan: {len(boots)} boots, "
          f"{sum(len(b['cases']) for b in boots)} cases as SIPs, "
          f"{sum(len(b['modules']) for b in boots)} modules")


FINAL = re.compile(r"^sip (\S+): (rejected: .*|trap: .*|exited with code -?\d+|cannot instantiate: .*)$")
KERNEL_TRAP = re.compile(r"trap: (.+?)(?: in (?:function '([^']*)'|function (\d+)) at offset (0x[0-9a-f]+))?")


def kernel_judge(expect, final, host_trap, shift):
    """Whether the kernel's final line (after "sip NAME: ") meets an outcome. A trap in
    the function the host's trapped in must be at the host's offset (plus `shift`)."""
    kind, args = expect["kind"], expect["args"]
    if final is None:
        return False
    if kind == "i32":
        code = number(args[0], 32)
        return final == f"exited with code {code - (1 << 32) if code >= 1 << 31 else code}"
    if kind == "nothing":
        return final == "exited with code 0"
    if kind == "rejected_at":
        return final == f"rejected: at offset {args[0]}: {args[1]}"
    if kind == "rejected":
        return final == f"rejected: {args[0]}"
    if kind == "inst_trap":
        return final == f"trap: {args[0]}"
    if kind == "inst_fail":
        return final == f"cannot instantiate: {args[0]}"
    if kind == "trap" and args[2] is not None:   # (no location)
        return final == f"trap: {args[0]}"
    if kind in ("trap", "start_trap"):
        m = KERNEL_TRAP.fullmatch(final)
        if not m or m.group(1) != args[0] or m.group(4) is None:
            return False
        if args[1] is not None and m.group(2) != args[1]:
            return False
        if host_trap is None or host_trap[1] != (m.group(2) if m.group(2) is not None else None):
            return True
        return int(m.group(4), 16) - shift == int(host_trap[0], 16)
    return False


def kernel_check(out, logs):
    modules = {m["name"]: m for m in load(out)}
    boots = json.load(open(os.path.join(out, "kernel-plan.json")))
    with open(os.path.join(out, "host-offsets.json")) as f:
        offsets = {tuple(k.split("|")): v for k, v in json.load(f).items()}
    for n, (boot, log) in enumerate(zip(boots, logs), 1):
        lines = [l.rstrip("\r\n") for l in open(log, errors="replace")]
        good = total = 0
        # Module-level SIPs: the first final line of that name.
        for name in boot["modules"]:
            mod = modules[name]
            if "kernel" not in mod["module"]:
                continue
            final = next((m.group(2) for m in map(FINAL.match, lines) if m and m.group(1) == name), None)
            expect = mod["module"]["kernel"]
            ok = kernel_judge(expect, final, offsets.get((name, "")), 0)
            good += check(ok, f"kernel boot {n}: {name}: {expect['text']} (got: {final})")
            total += 1
        # Cases: between the runner's two lines.
        for module, k, case_name in boot["cases"]:
            mod = modules[module]
            case = next(c for c in mod["cases"] if c["name"] == case_name)
            try:
                start = lines.index(f"hostile: run {module} {case_name}")
                end = lines.index(f"hostile: done {module} {case_name}", start)
                finals = [m.group(2) for m in map(FINAL.match, lines[start:end]) if m and m.group(1) == module]
            except ValueError:
                finals = []
            final = finals[0] if len(finals) == 1 else None
            host_trap = offsets.get((module, case_name))
            shift = first_body(mod["variant"]) - first_body(mod["wasm"])
            ok = kernel_judge(case["kernel"], final, host_trap, shift)
            note = f", host: offset {host_trap[0]} + {shift} in {host_trap[1]}" if host_trap else ""
            good += check(ok, f"kernel boot {n}: {module} {case_name}: {case['kernel']['text']} "
                              f"(got: {' | '.join(finals) or 'no line'}{note})")
            total += 1
        print(f"{'ok  ' if good == total else 'FAIL'} kernel boot {n}: {good} of {total} SIPs "
              f"ended as expected")
    finish()


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "build":
        build(sys.argv[2])
        finish()
    elif len(sys.argv) == 4 and sys.argv[1] == "host":
        host(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "kernel-plan":
        kernel_plan(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "kernel-check":
        kernel_check(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
