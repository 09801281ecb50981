#!/usr/bin/env python3
"""gen_mem_edge.py — the memory-edge part of the hostile gallery, one module per access.

    gen_mem_edge.py OUTDIR      writes OUTDIR/mem_edge.OP.wat for each of the 23 accesses

Every load and store of WebAssembly 2.0 (i32.load8_s ... f64.store) is aimed at the edge
of a one-page memory (64 KiB) whose last 8 bytes are f1 f2 ... f8, from every direction:

  last.*      the last access that fits: index 65536-S (S = access size)     => a value
  over.*      one byte further: 65536-S+1, the access straddles the edge     => trap
  end.const   starting at the first invalid byte, 65536 (when S > 1)         => trap
  far.const   index 0x80000000                                               => trap
  wrap.*      index 0xFFFFFFFF + offset 1: must not wrap around to address 0 => trap
  wrap2.param index 1 + offset 0xFFFFFFFF                                    => trap
  max.*       index 0xFFFFFFFF + offset 0xFFFFFFFF (the largest address)     => trap
  neg.*       index -S + offset S: exactly 2^32, not 0                       => trap

and each with the address in every form the compiler treats differently: a constant
(folded into the instruction: .const), a parameter of a helper function (.param), a
local holding a value computed at run time (.local), a constant in the memarg offset
(.offset) or both (.offset.param). A load returns what it read as an i32 (i64 and f64
results folded: low half xor high half, floats by their bits); a store that fits stores
0x8877665544332211 (cut to size) and returns the last 8 bytes folded the same way.
Each case is a function () -> i32 exported under its name, its expected outcome in the
comment beside it (the gallery's convention, see test/suite-hostile.sh).
"""
import os
import sys

PAGE = 65536
TAIL = bytes(range(0xF1, 0xF9))     # the last 8 bytes of memory
STORED = 0x8877665544332211

# name, access size, result/operand type, signed (loads)
LOADS = [
    ("i32.load8_s", 1, "i32", True), ("i32.load8_u", 1, "i32", False),
    ("i32.load16_s", 2, "i32", True), ("i32.load16_u", 2, "i32", False),
    ("i32.load", 4, "i32", False),
    ("i64.load8_s", 1, "i64", True), ("i64.load8_u", 1, "i64", False),
    ("i64.load16_s", 2, "i64", True), ("i64.load16_u", 2, "i64", False),
    ("i64.load32_s", 4, "i64", True), ("i64.load32_u", 4, "i64", False),
    ("i64.load", 8, "i64", False), ("f32.load", 4, "f32", False), ("f64.load", 8, "f64", False),
]
STORES = [
    ("i32.store8", 1, "i32"), ("i32.store16", 2, "i32"), ("i32.store", 4, "i32"),
    ("i64.store8", 1, "i64"), ("i64.store16", 2, "i64"), ("i64.store32", 4, "i64"),
    ("i64.store", 8, "i64"), ("f32.store", 4, "f32"), ("f64.store", 8, "f64"),
]
TRAP = "trap: out of bounds memory access"


def fold(value, bits):
    """The i32 a case returns for a value of `bits` bits (as an unsigned number)."""
    value &= (1 << bits) - 1
    return (value ^ (value >> 32)) & 0xFFFFFFFF if bits == 64 else value


def loaded(size, typ, signed):
    """What a load of `size` bytes at 65536-size returns, as the case's i32."""
    value = int.from_bytes(TAIL[8 - size:], "little")
    if signed and value >> (8 * size - 1):
        value -= 1 << (8 * size)
    return fold(value, 64 if typ in ("i64", "f64") else 32)


def stored(size):
    """The last 8 bytes folded, after a store of `size` bytes at 65536-size."""
    tail = TAIL[:8 - size] + STORED.to_bytes(8, "little")[:size]
    return fold(int.from_bytes(tail, "little"), 64)


def to_i32(typ, expr):
    """WAT turning a value of `typ` into the case's i32 result."""
    return {
        "i32": expr,
        "f32": f"(i32.reinterpret_f32 {expr})",
        "i64": f"(call $fold {expr})",
        "f64": f"(call $fold (i64.reinterpret_f64 {expr}))",
    }[typ]


def operand(typ):
    """The value a store writes, as a WAT constant of `typ`."""
    return {
        "i32": f"(i32.const {STORED & 0xFFFFFFFF:#x})",
        "i64": f"(i64.const {STORED:#x})",
        "f32": f"(f32.reinterpret_i32 (i32.const {STORED & 0xFFFFFFFF:#x}))",
        "f64": f"(f64.reinterpret_i64 (i64.const {STORED:#x}))",
    }[typ]


def access(op, typ, is_store, addr, offset):
    """One access of `op` at WAT address expression `addr` with memarg `offset`,
    leaving the case's i32 on the stack."""
    memarg = f" offset={offset:#x}" if offset else ""
    if is_store:
        return (f"({op}{memarg} {addr} {operand(typ)})\n"
                f"    (call $fold (i64.load (i32.const {PAGE - 8})))")
    return to_i32(typ, f"({op}{memarg} {addr})")


def cases(size):
    """(name, form, index, offset, fits) of every case for an access of `size` bytes.
    form: const, param (the index is a helper's parameter), local (a run-time value in
    a local)."""
    last, over = PAGE - size, PAGE - size + 1
    result = [
        ("last.const", "const", last, 0), ("last.param", "param", last, 0),
        ("last.local", "local", last, 0), ("last.offset", "const", 0, last),
        ("last.offset.param", "param", 0, last),
        ("over.const", "const", over, 0), ("over.param", "param", over, 0),
        ("over.local", "local", over, 0), ("over.offset", "const", 0, over),
        ("over.offset.param", "param", 0, over),
        ("far.const", "const", 0x80000000, 0),
        ("wrap.const", "const", 0xFFFFFFFF, 1), ("wrap.param", "param", 0xFFFFFFFF, 1),
        ("wrap2.param", "param", 1, 0xFFFFFFFF),
        ("max.const", "const", 0xFFFFFFFF, 0xFFFFFFFF), ("max.param", "param", 0xFFFFFFFF, 0xFFFFFFFF),
        ("neg.const", "const", (1 << 32) - size, size), ("neg.local", "local", (1 << 32) - size, size),
    ]
    if size > 1:
        result.append(("end.const", "const", PAGE, 0))
    return [(name, form, index, offset, index + offset + size <= PAGE)
            for name, form, index, offset in result]


def module(op, size, typ, is_store, expect_value):
    out = [f";; mem_edge.{op} — generated by test/hostile/gen_mem_edge.py (do not edit):",
           f";; {op} ({size} bytes) at the edge of a one-page memory, from every direction.",
           "(module",
           "  (memory 1 1)",
           f"  (data (i32.const {PAGE - 8}) \"" + "".join(f"\\{b:02x}" for b in TAIL) + "\")",
           "  (func $fold (param i64) (result i32)   ;; low half xor high half",
           "    (i32.wrap_i64 (i64.xor (local.get 0) (i64.shr_u (local.get 0) (i64.const 32)))))",
           "  (func $id (param i32) (result i32) (local.get 0))"]
    helpers = {}
    for name, form, index, offset, fits in cases(size):
        fn = "$c." + name
        if form == "param":
            helper = helpers.setdefault(offset, f"$at.{offset:x}")
            body = f"(call {helper} (i32.const {index:#x}))"
            where = helper
        elif form == "local":
            body = (f"(local.set $a (call $id (i32.const {index:#x})))\n"
                    f"    {access(op, typ, is_store, '(local.get $a)', offset)}")
            where = fn
        else:
            body = access(op, typ, is_store, f"(i32.const {index:#x})", offset)
            where = fn
        expect = f"i32:{expect_value:#x}" if fits else f"{TRAP} in {where}"
        local = " (local $a i32)" if form == "local" else ""
        out.append(f"  (func {fn} (export \"{name}\") (result i32){local}   ;; => {expect}")
        out.append(f"    {body})")
    for offset, helper in helpers.items():
        out.append(f"  (func {helper} (param $i i32) (result i32)")
        out.append(f"    {access(op, typ, is_store, '(local.get $i)', offset)})")
    out.append(")")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for op, size, typ, signed in LOADS:
        text = module(op, size, typ, False, loaded(size, typ, signed))
        with open(os.path.join(outdir, f"mem_edge.{op}.wat"), "w") as f:
            f.write(text)
    for op, size, typ in STORES:
        text = module(op, size, typ, True, stored(size))
        with open(os.path.join(outdir, f"mem_edge.{op}.wat"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
