#!/usr/bin/env python3
"""mutants.py — proves that the spec runner checks what it counts as passed.

    test/spec/mutants.py RUNNER JSON [RUNNER FLAGS...]
    test/spec/mutants.py --write JSON [SUFFIX]
        only write the mutant, as NAME.SUFFIX (default "mutant.json"); print its path

Writes a copy of a converted script (NAME.mutant.json, beside the original so that
its .wasm files resolve) in which every assertion of these kinds is made wrong:
  assert_return        each exact expected value changed (i32/i64 +1, floats' low bit
                       flipped, NaN patterns replaced by the number 0, null refs by 1,
                       host refs by another) or, with no results, one result added
  assert_trap          the expected message replaced
  assert_exhaustion    turned into an assert_return of no results
  assert_unlinkable    the other reason ("unknown import" <-> "incompatible import type")
  assert_uninstantiable  the expected trap message replaced
  assert_invalid,      (binary) pointed at the script's first module, a valid one
  assert_malformed
Then runs the runner with -v on both files: the lines that fail in the mutant must be
exactly those that fail in the original plus every mutated line. Prints one
"ok"/"FAIL" line.
"""
import json
import os
import re
import subprocess
import sys

MASK = {"i32": 0xFFFFFFFF, "i64": 0xFFFFFFFFFFFFFFFF}


def wrong_value(value):
    """A value of the same type that the original pattern does not accept."""
    t, v = value["type"], value.get("value")
    if t in ("i32", "i64"):
        return dict(value, value=str((int(v) + 1) & MASK[t]))
    if t in ("f32", "f64"):
        return dict(value, value="0" if v.startswith("nan:") else str(int(v) ^ 1))
    if t == "externref":
        return dict(value, value="1" if v == "null" else str(int(v) + 1))
    if t == "funcref":
        # null -> "any non-null function", non-null -> null
        return {"type": t} if v == "null" else dict(value, value="null")
    raise ValueError("no wrong value for " + t)


def mutate(cmd, valid_module):
    """The wrong version of cmd, or None when this command is left alone."""
    kind = cmd["type"]
    if kind == "assert_return":
        expected = cmd["expected"]
        wrong = [wrong_value(v) for v in expected] if expected else [{"type": "i32", "value": "0"}]
        return dict(cmd, expected=wrong)
    if kind == "assert_trap" and "action" in cmd:
        return dict(cmd, text="no such trap")
    if kind == "assert_exhaustion":
        return dict(cmd, type="assert_return", expected=[])
    if kind == "assert_unlinkable":
        other = {"unknown import": "incompatible import type", "incompatible import type": "unknown import"}
        return dict(cmd, text=other[cmd["text"]])
    if kind == "assert_uninstantiable":
        return dict(cmd, text="no such trap")
    binary = cmd.get("module_type") == "binary"
    if kind in ("assert_invalid", "assert_malformed") and binary and valid_module:
        return dict(cmd, filename=valid_module)
    return None


def failing_lines(runner, flags, path, name):
    out = subprocess.run([runner, "-v", *flags, path], capture_output=True, text=True).stdout
    return {int(m.group(1)) for m in re.finditer(r"^  %s:(\d+): " % re.escape(name), out, re.M)}, out


def write_mutant(path, suffix="mutant.json"):
    """Write NAME.SUFFIX beside the script (its .wasm files are there); return its path,
    the script's name and the mutated lines."""
    with open(path) as f:
        script = json.load(f)
    name = os.path.basename(script["source_filename"])
    modules = [c["filename"] for c in script["commands"] if c["type"] == "module"]
    valid_module = modules[0] if modules else None
    mutated_lines = set()
    commands = []
    for cmd in script["commands"]:
        wrong = mutate(cmd, valid_module)
        if wrong is not None:
            mutated_lines.add(cmd["line"])
        commands.append(wrong or cmd)
    mutant_path = path[: -len(".json")] + "." + suffix
    with open(mutant_path, "w") as f:
        json.dump(dict(script, commands=commands), f)
    return mutant_path, name, mutated_lines


def main():
    if sys.argv[1] == "--write":
        print(write_mutant(*sys.argv[2:4])[0])
        return 0
    runner, path, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
    mutant_path, name, mutated_lines = write_mutant(path)
    original, _ = failing_lines(runner, flags, path, name)
    mutant, out = failing_lines(runner, flags, mutant_path, name)
    missed = sorted((original | mutated_lines) - mutant)
    extra = sorted(mutant - original - mutated_lines)
    label = "mutants %s %s(%d wrong assertions)" % (name, " ".join(flags) + " " if flags else "",
                                                   len(mutated_lines))
    if not missed and not extra and mutated_lines:
        print("ok   " + label)
        return 0
    print("FAIL " + label)
    if missed:
        print("     wrong assertions counted as passed, lines: %s" % missed[:20])
    if extra:
        print("     unrelated commands failed, lines: %s" % extra[:20])
    if not mutated_lines:
        print("     nothing to mutate")
    return 1


if __name__ == "__main__":
    sys.exit(main())
