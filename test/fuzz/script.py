"""script.py — turning a fuzz module into a command script that both engines run.

The script is a JSON file in wast2json's format, so that wabt's spectest-interp reads it
as it is and Atoll's driver (fuzz_diff.c) reads it with the spec runner's JSON reader:

    module fuzzing-support.wasm as $support     the logging imports (fuzzing-support.wat)
    register "fuzzing-support"
    module fuzz.wasm as $fuzz                   binaryen's module
    register "fuzz"; module wrap.wasm as $wrap  only when an export returns a float
    then per call:  action invoke $fuzz hangLimitInitializer
                    action invoke $fuzz or $wrap EXPORT ARGS...

Binaryen's modules count loop iterations and calls down from a hang limit and return
early at zero; hangLimitInitializer resets it, so every call gets the same budget.
wabt prints float results with "%f", which loses bits, so an export that returns floats
is called through a wrapper that returns their bit patterns as integers instead.
Arguments are a pure function of (seed, export name, call number): reducing a module
keeps the arguments of the exports that remain.
"""
import json
import random

HANG_LIMIT_EXPORT = "hangLimitInitializer"
FLOAT_AS_INT = {"f32": "i32", "f64": "i64"}
MASK = {"i32": 0xFFFFFFFF, "i64": 0xFFFFFFFFFFFFFFFF,
        "f32": 0xFFFFFFFF, "f64": 0xFFFFFFFFFFFFFFFF}

# Values that sit on the edges wasm semantics care about, as bit patterns.
EDGE_VALUES = {
    "i32": [0, 1, 2, 7, 16, 255, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000,
            0x80000001, 0xFFFFFFFE, 0xFFFFFFFF],
    "i64": [0, 1, 2, 63, 64, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000,
            0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF],
    "f32": [0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3F000000, 0x7F800000,
            0xFF800000, 0x00000001, 0x00800000, 0x7F7FFFFF, 0x4F000000, 0xCF000000,
            0x4F800000, 0x5F000000, 0xDF000000, 0x3FC00000, 0x40200000],
    "f64": [0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000,
            0xBFF0000000000000, 0x3FE0000000000000, 0x7FF0000000000000,
            0xFFF0000000000000, 0x0000000000000001, 0x0010000000000000,
            0x7FEFFFFFFFFFFFFF, 0x41E0000000000000, 0xC1E0000000000000,
            0x41F0000000000000, 0x43E0000000000000, 0xC3E0000000000000,
            0x3FF8000000000000, 0x4004000000000000],
}
NAN_VALUES = {"f32": [0x7FC00000, 0xFFC00000, 0x7FA00001],
              "f64": [0x7FF8000000000000, 0xFFF8000000000000, 0x7FF4000000000001]}


def is_nan(vtype, bits):
    if vtype == "f32":
        return (bits & 0x7F800000) == 0x7F800000 and bits & 0x007FFFFF
    if vtype == "f64":
        return ((bits & 0x7FF0000000000000) == 0x7FF0000000000000
                and bits & 0x000FFFFFFFFFFFFF)
    return False


def random_value(rng, vtype, allow_nan):
    """One argument: an edge value, a small number, or random bits."""
    choice = rng.random()
    if allow_nan and vtype in NAN_VALUES and choice < 0.05:
        return rng.choice(NAN_VALUES[vtype])
    if choice < 0.5:
        return rng.choice(EDGE_VALUES[vtype])
    if choice < 0.7 and vtype in ("i32", "i64"):
        return rng.randrange(-64, 64) & MASK[vtype]
    while True:
        bits = rng.getrandbits(64) & MASK[vtype]
        if allow_nan or not is_nan(vtype, bits):
            return bits


def call_plan(exports, seed, allow_nan):
    """[(export name, [(type, bits)...])]: every exported function but the hang-limit
    reset, once, and twice more with other arguments when it takes parameters."""
    plan = []
    for name, params, _results in exports:
        if name == HANG_LIMIT_EXPORT:
            continue
        for call in range(3 if params else 1):
            rng = random.Random(f"{seed}:{name}:{call}")
            plan.append((name, [(t, random_value(rng, t, allow_nan)) for t in params]))
    return plan


def wat_string(name):
    """A wat string literal for an export name (any bytes)."""
    raw = name.encode("utf-8", errors="surrogateescape")
    return '"' + "".join(chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C)
                         else "\\%02x" % b for b in raw) + '"'


def needs_wrapper(results):
    return any(t in FLOAT_AS_INT for t in results)


def wrapper_wat(exports):
    """A module that imports each float-returning export of "fuzz" and re-exports it
    under the same name, returning float results as their bits. None if none does.

        (import "fuzz" "f" (func $f0 (param i32) (result f32 i64)))
        (func (export "f") (param i32) (result i32 i64) (local f32 i64)
          (local.get 0) (call $f0) (local.set 2) (local.set 1)
          (local.get 1) (i32.reinterpret_f32) (local.get 2))
    """
    imports, funcs = [], []
    for i, (name, params, results) in enumerate(exports):
        if not needs_wrapper(results):
            continue
        param_text = "".join(f" (param {t})" for t in params)
        result_text = "".join(f" (result {t})" for t in results)
        int_results = "".join(f" (result {FLOAT_AS_INT.get(t, t)})" for t in results)
        locals_text = "".join(f" (local {t})" for t in results)
        imports.append(f'  (import "fuzz" {wat_string(name)} (func $f{i}{param_text}{result_text}))\n')
        body = [f"(local.get {p})" for p in range(len(params))] + [f"(call $f{i})"]
        # The callee's results are on the stack, last on top: pop them into locals
        # in reverse, then push each back, reinterpreting floats as integers.
        first = len(params)
        body += [f"(local.set {first + r})" for r in reversed(range(len(results)))]
        for r, t in enumerate(results):
            body.append(f"(local.get {first + r})")
            if t in FLOAT_AS_INT:
                body.append(f"({FLOAT_AS_INT[t]}.reinterpret_{t})")
        funcs.append(f"  (func (export {wat_string(name)}){param_text}{int_results}{locals_text}\n"
                     f"    {' '.join(body)})\n")
    if not funcs:
        return None
    return ";; generated by test/fuzz/script.py\n(module\n" + "".join(imports + funcs) + ")\n"


def json_value(vtype, bits):
    return {"type": vtype, "value": str(bits)}


def with_resets(exports, plan):
    """The calls of `plan` with a hang-limit reset before each (when the module has one)."""
    has_reset = any(name == HANG_LIMIT_EXPORT for name, _p, _r in exports)
    calls = []
    for name, args in plan:
        if has_reset:
            calls.append((HANG_LIMIT_EXPORT, []))
        calls.append((name, args))
    return calls


def command_script(exports, calls, support_file, fuzz_file, wrap_file):
    """The JSON script (a str) that loads the modules and makes `calls` [(name, args)].
    Keys come in wast2json's order: wabt's reader insists on it."""
    wrapped = {name for name, _p, results in exports if needs_wrapper(results)}
    commands = [("module", {"name": "$support", "filename": support_file}),
                ("register", {"name": "$support", "as": "fuzzing-support"}),
                ("module", {"name": "$fuzz", "filename": fuzz_file})]
    if wrap_file:
        commands += [("register", {"name": "$fuzz", "as": "fuzz"}),
                     ("module", {"name": "$wrap", "filename": wrap_file})]
    for name, args in calls:
        commands.append(("action", {
            "action": {"type": "invoke", "module": "$wrap" if name in wrapped else "$fuzz",
                       "field": name, "args": [json_value(t, b) for t, b in args]},
            "expected": []}))
    lines = [json.dumps({"type": kind, "line": line, **fields})
             for line, (kind, fields) in enumerate(commands, 1)]
    return '{"source_filename": "fuzz.wast",\n "commands": [\n  ' + ",\n  ".join(lines) + "]}\n"
