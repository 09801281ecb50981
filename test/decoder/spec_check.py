#!/usr/bin/env python3
"""spec_check.py — check Atoll's decoder against the spec testsuite's module-level tests.

Usage: spec_check.py BUILD_DIR DECODE_CHECK WAST...

For each .wast (converted with wast2json under BUILD_DIR/spec/), it checks that:
  - every module the suite expects to load (module, assert_unlinkable,
    assert_uninstantiable, assert_trap/return on a module) decodes;
  - every binary assert_malformed and every assert_invalid module is rejected, unless
    its fault lies inside a function body. That is decided by an independent oracle:
    the module with every body replaced by `unreachable` is handed to wabt's
    wasm-validate. If wabt still rejects it, the fault is module-level and the decoder
    must reject it; if wabt accepts it, the fault is in a body, which only compile.c
    reads, and the case counts as "deferred to compile" (reported, not hidden).
The decoder's reason is compared with the spec's (the spec runner matches a prefix);
a different reason is printed as a note, not a failure: the spec only requires rejection.
"""
import json
import os
import subprocess
import sys
import tempfile


def leb_u32(data, pos):
    """Decode an unsigned LEB128 at pos; returns (value, new pos) or raises ValueError."""
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 28:
            raise ValueError("bad leb")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos


def enc_u32(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def stub_bodies(data):
    """The module with each function body replaced by `unreachable end` and no locals,
    or None when the sections (or the code section's framing) cannot be read."""
    try:
        if data[:8] != b"\0asm\1\0\0\0":
            return None
        out, pos = bytearray(data[:8]), 8
        while pos < len(data):
            sec_id = data[pos]
            size, body_pos = leb_u32(data, pos + 1)
            end = body_pos + size
            if end > len(data):
                return None
            if sec_id != 10:
                out += data[pos:end]
            else:
                count, p = leb_u32(data, body_pos)
                for _ in range(count):
                    body_size, p = leb_u32(data, p)
                    p += body_size
                if p != end:
                    return None
                payload = enc_u32(count) + b"\x03\x00\x00\x0b" * count
                out += bytes([10]) + enc_u32(len(payload)) + payload
            pos = end
        return bytes(out)
    except (ValueError, IndexError):
        return None


def wabt_accepts(data):
    with tempfile.NamedTemporaryFile(suffix=".wasm") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["wasm-validate", f.name], capture_output=True).returncode == 0


def decode_all(decode_check, paths):
    """Run the decoder on every path; returns {path: "ok" | "error at N: message" | ...}.
    A crash or a broken invariant shows up in the result of the files it concerns."""
    results = {}
    for i in range(0, len(paths), 200):
        chunk = paths[i:i + 200]
        proc = subprocess.run([decode_check, "--list"] + chunk, capture_output=True, text=True)
        for line in proc.stdout.splitlines():
            path, _, result = line.partition(": ")
            results[path] = results[path] + " / " + result if path in results else result
        if proc.returncode != 0 or proc.stderr:
            for path in chunk:
                results.setdefault(path, "crash: " + proc.stderr.strip()[:300])
    return results


def main():
    build, decode_check, wasts = sys.argv[1], sys.argv[2], sys.argv[3:]
    passed = failed = deferred = notes = 0
    for wast in wasts:
        name = os.path.basename(wast)[:-len(".wast")]
        out = os.path.join(build, "spec", name)
        os.makedirs(out, exist_ok=True)
        subprocess.run(["wast2json", wast, "-o", os.path.join(out, name + ".json")], check=True)
        with open(os.path.join(out, name + ".json")) as f:
            commands = json.load(f)["commands"]
        cases = []  # (path, must_load, expected text, line)
        for c in commands:
            if "filename" not in c:
                continue
            path = os.path.join(out, c["filename"])
            if c["type"] in ("module", "assert_unlinkable", "assert_uninstantiable"):
                cases.append((path, True, None, c["line"]))
            elif c["type"] in ("assert_malformed", "assert_invalid") and c.get("module_type") == "binary":
                cases.append((path, False, c["text"], c["line"]))
        results = decode_all(decode_check, [p for p, _, _, _ in cases])
        for path, must_load, text, line in cases:
            got = results.get(path, "no output")
            where = "%s.wast:%d" % (name, line)
            if got.startswith("crash") or "invariant" in got:
                failed += 1
                print("FAIL %s: %s" % (where, got))
            elif must_load:
                if got == "ok":
                    passed += 1
                else:
                    failed += 1
                    print("FAIL %s: valid module rejected: %s" % (where, got))
            elif got != "ok":
                passed += 1
                message = got.split(": ", 1)[1]
                if not message.startswith(text):
                    notes += 1
                    print("note %s: rejected as \"%s\", spec says \"%s\"" % (where, message, text))
            else:
                with open(path, "rb") as f:
                    stubbed = stub_bodies(f.read())
                if stubbed is not None and wabt_accepts(stubbed):
                    deferred += 1
                else:
                    failed += 1
                    print("FAIL %s: accepted, but the module is %s outside bodies (\"%s\")" %
                          (where, "malformed" if stubbed is None else "invalid", text))
    print("spec modules: %d rejected or loaded as expected, %d deferred to compile.c (fault in a "
          "function body), %d with another reason than the spec's" % (passed, deferred, notes))
    print("%d passed, %d failed" % (passed, failed))


main()
