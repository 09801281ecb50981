"""gen_exprs.py — profile 3 of the differential fuzzer: random modules dense in operators.

binaryen's translate-to-fuzz modules are mostly scaffolding (hang-limit checks, hashing,
NaN guards), so a given operator is rare in them and its result often ends in an eqz or
a drop. This generator writes a module whose functions compute random expression trees
over their parameters, constants on the edges of each type, globals, memory and calls,
with every numeric operator equally likely, and log intermediate values through the
fuzzing-support imports. Control flow is what a single-pass compiler finds hard to merge
state across: if/else and select with results, blocks left by br_if and br_table with
values built on the way, counted loops, locals rewritten inside them, calls in operands.

All of it terminates: loops count to a small bound and calls only go to functions
defined earlier. Traps are possible and wanted (division, truncation, out-of-bounds
addresses, call_indirect through a wrong index), just not everywhere. A NaN's sign and
payload are not fully specified, so wherever a float's bits could become visible as an
integer (reinterpret, a store, copysign's sign operand) a NaN is replaced by zero first.
"""
import random

TYPES = ["i32", "i64", "f32", "f64"]
INTS, FLOATS = ["i32", "i64"], ["f32", "f64"]

# Operators by (operand types) -> result type, as text templates over "T".
INT_UNARY = ["clz", "ctz", "popcnt", "extend8_s", "extend16_s"]
INT_BINARY = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"]
INT_DIVIDE = ["div_s", "div_u", "rem_s", "rem_u"]
INT_COMPARE = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]
FLOAT_UNARY = ["abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"]
FLOAT_BINARY = ["add", "sub", "mul", "div", "min", "max"]
FLOAT_COMPARE = ["eq", "ne", "lt", "gt", "le", "ge"]
LOADS = {
    "i32": ["i32.load", "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u"],
    "i64": ["i64.load", "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u",
            "i64.load32_s", "i64.load32_u"],
    "f32": ["f32.load"], "f64": ["f64.load"],
}
STORES = {"i32": ["i32.store", "i32.store8", "i32.store16"],
          "i64": ["i64.store", "i64.store8", "i64.store16", "i64.store32"],
          "f32": ["f32.store"], "f64": ["f64.store"]}

EDGES = {
    "i32": [0, 1, -1, 2, 31, 32, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF,
            -0x80000000, -2],
    "i64": [0, 1, -1, 2, 63, 64, 0xFFFFFFFF, 0x100000000, 0x7FFFFFFF, -0x80000000,
            0x7FFFFFFFFFFFFFFF, -0x8000000000000000, 0x80000000],
    "f32": ["0", "-0", "1", "-1", "0.5", "-0.5", "1.5", "2.5", "-2.5", "inf", "-inf", "nan",
            "0x1p-149", "0x1p-126", "0x1.fffffep127", "2147483648", "-2147483904",
            "4294967296", "9223372036854775808", "-9223372036854775808", "16777217"],
    "f64": ["0", "-0", "1", "-1", "0.5", "-0.5", "1.5", "2.5", "-2.5", "inf", "-inf", "nan",
            "0x1p-1074", "0x1p-1022", "0x1.fffffffffffffp1023", "2147483647.5",
            "-2147483648.9", "4294967295.5", "9223372036854775808", "-9223372036854775808",
            "18446744073709551616", "9007199254740993"],
}

MEMORY_BYTES = 65536    # one page

# Recursion to a depth of n: a small n (< 512) returns n in any engine; a negative
# argument asks for ten million frames, which exhausts every engine's stack. (How deep
# an engine can go is its own business: wabt stops before 30,000, Atoll goes further.)
DEEP_RECURSION = """  (func $deep (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func (export "deep") (param i32) (result i32)
    (call $deep (select (i32.const 10000000) (i32.and (local.get 0) (i32.const 511))
                        (i32.lt_s (local.get 0) (i32.const 0)))))
"""
MAX_DEPTH = 5


class Func:
    def __init__(self, index, params, results):
        self.index, self.params, self.results = index, params, results

    def signature(self):
        return "".join(f" (param {p})" for p in self.params) + results_text(self.results)


def results_text(types):
    return "".join(f" (result {t})" for t in types)


class Generator:
    """Writes one module; `rng` decides everything."""

    def __init__(self, rng):
        self.rng = rng
        self.funcs = []
        self.globals = [rng.choice(TYPES) for _ in range(6)]
        self.nfuncs = 0
        self.loops = 0     # counters in use by the function being written

    # ---- leaves ----

    def const(self, t):
        r = self.rng
        if t in INTS:
            bits = 32 if t == "i32" else 64
            value = r.choice(EDGES[t]) if r.random() < 0.6 else r.getrandbits(bits) - (1 << (bits - 1))
            if r.random() < 0.3:
                value = r.randrange(-20, 100)
            return f"({t}.const {value})"
        if r.random() < 0.6:
            return f"({t}.const {r.choice(EDGES[t])})"
        return f"({t}.const {r.uniform(-1e6, 1e6) if r.random() < 0.7 else r.uniform(-5, 5):.6g})"

    def leaf(self, t, func):
        r = self.rng
        params = [i for i, p in enumerate(func.params) if p == t]
        choice = r.random()
        if params and choice < 0.45:
            return f"(local.get {r.choice(params)})"
        if choice < 0.6:
            return f"(local.get $s_{t})"
        globals_ = [i for i, g in enumerate(self.globals) if g == t]
        if globals_ and choice < 0.7:
            return f"(global.get $g{r.choice(globals_)})"
        return self.const(t)

    # ---- expressions ----

    def denan(self, t, expr):
        """`expr` with a NaN replaced by +0 (a NaN's bits are not fully specified)."""
        return f"(call $denan_{t} {expr})"

    def address(self, func, depth):
        """An i32 address and a memarg offset: masked into the first half of the page
        nearly always, with an offset that keeps the access inside; now and then any
        address and an offset up to 2^32-1, where address + offset must not wrap."""
        a = self.expr("i32", func, depth + 1)
        choice = self.rng.random()
        if choice < 0.94:
            offset = self.rng.choice([0, 0, 1, 3, 4, 7, 8, 100, 4096])
            return f"offset={offset} (i32.and {a} (i32.const {MEMORY_BYTES // 2 - 16:#x}))"
        if choice < 0.97:   # the last bytes of memory: an access may end exactly at its end
            offset, back = self.rng.choice([0, 0, 1, 4]), self.rng.randint(1, 12)
            return (f"offset={offset} (i32.sub (i32.mul (memory.size) (i32.const {MEMORY_BYTES})) "
                    f"(i32.const {back + offset}))")
        offset = self.rng.choice([0, 1, 4, 0x7FFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF])
        return f"offset={offset} {a}"

    def expr(self, t, func, depth=0):
        """A random expression of type `t`; deeper ones are more likely leaves."""
        if depth >= MAX_DEPTH or self.rng.random() < 0.05 + depth * 0.12:
            return self.leaf(t, func)
        kinds = EXPR_KINDS_I32 if t == "i32" else EXPR_KINDS
        make = self.rng.choices([k[0] for k in kinds], [k[1] for k in kinds])[0]
        return make(self, t, func, depth)

    def sub(self, t, func, depth):
        return self.expr(t, func, depth + 1)

    def unary(self, t, func, depth):
        ops = INT_UNARY + (["extend32_s"] if t == "i64" else []) if t in INTS else FLOAT_UNARY
        return f"({t}.{self.rng.choice(ops)} {self.sub(t, func, depth)})"

    def binary(self, t, func, depth):
        r = self.rng
        a, b = self.sub(t, func, depth), self.sub(t, func, depth)
        if t in FLOATS:
            if r.random() < 0.12:
                return f"({t}.copysign {a} {self.denan(t, b)})"
            return f"({t}.{r.choice(FLOAT_BINARY)} {a} {b})"
        op = r.choice(INT_DIVIDE) if r.random() < 0.15 else r.choice(INT_BINARY)
        if op in INT_DIVIDE and r.random() < 0.95:   # a divisor that is never zero
            return f"({t}.{op} {a} ({t}.or {b} ({t}.const {r.choice([1, 3, 7, 256])})))"
        return f"({t}.{op} {a} {b})"

    def compare(self, t, func, depth):
        """An i32 from comparing two values of any type."""
        r, ct = self.rng, self.rng.choice(TYPES)
        a, b = self.sub(ct, func, depth), self.sub(ct, func, depth)
        if ct in INTS and r.random() < 0.15:
            return f"({ct}.eqz {a})"
        return f"({ct}.{r.choice(INT_COMPARE if ct in INTS else FLOAT_COMPARE)} {a} {b})"

    def load(self, t, func, depth):
        return f"({self.rng.choice(LOADS[t])} {self.address(func, depth)})"

    def select(self, t, func, depth):
        return f"(select {self.sub(t, func, depth)} {self.sub(t, func, depth)} {self.sub('i32', func, depth)})"

    def if_else(self, t, func, depth):
        return (f"(if (result {t}) {self.sub('i32', func, depth)} "
                f"(then {self.stmts(func, depth + 1, 2)} {self.sub(t, func, depth)}) "
                f"(else {self.sub(t, func, depth)}))")

    def block(self, t, func, depth):
        """A block left early by br_if with one value, or falling through with another."""
        return (f"(block $b (result {t}) {self.stmts(func, depth + 1, 1)} "
                f"(drop (br_if $b {self.sub(t, func, depth)} {self.sub('i32', func, depth)})) "
                f"{self.sub(t, func, depth)})")

    def tee(self, t, func, depth):
        return f"(local.tee $s_{t} {self.sub(t, func, depth)})"

    def call(self, t, func, depth, indirect=False):
        """A call of an earlier function returning `t` (none yet: a leaf). call_indirect
        goes through the table, now and then at another index below the caller's (a
        function of another type, or null), or past the table's end. Table slot j only
        ever holds a function of index <= j (see stmt), so calls always go to lower
        indices and every call chain ends: no engine's stack limit shows through."""
        callees = [f for f in self.funcs if f.results == [t]]
        if not callees:
            return self.leaf(t, func)
        f = self.rng.choice(callees)
        args = " ".join(self.sub(p, func, depth) for p in f.params)
        if not indirect:
            return f"(call $f{f.index} {args})"
        choice = self.rng.random()
        if choice < 0.85:
            index = f"(i32.const {f.index})"
        elif choice < 0.97:
            index = f"(i32.rem_u {self.sub('i32', func, depth)} (i32.const {func.index}))"
        else:
            index = f"(i32.const {self.rng.choice([1000, 0x7FFFFFFF, 0xFFFFFFFF])})"
        return f"(call_indirect (type $t{f.index}) {args} {index})"

    def call_indirect(self, t, func, depth):
        return self.call(t, func, depth, indirect=True)

    def memory(self, t, func, depth):
        if self.rng.random() < 0.5:
            return "(memory.size)"
        return f"(memory.grow (i32.and {self.sub('i32', func, depth)} (i32.const 1)))"

    def table(self, t, func, depth):
        r = self.rng.random()
        if r < 0.4:
            return "(table.size $table)"
        index = f"(i32.and {self.sub('i32', func, depth)} (i32.const 15))"
        if r < 0.7:
            return f"(ref.is_null (table.get $table {index}))"
        return f"(table.grow $table (ref.null func) (i32.and {self.sub('i32', func, depth)} (i32.const 3)))"

    def chain(self, t, func, depth):
        """A long right-leaning chain of binary operators: every left operand stays live
        while the rest is computed, so registers run out and values must be spilled."""
        ops = INT_BINARY if t in INTS else ["add", "sub", "mul", "min", "max"]
        text = self.expr(t, func, MAX_DEPTH - 1)
        for _ in range(self.rng.randint(8, 20)):
            left = self.expr(t, func, MAX_DEPTH - 1 if self.rng.random() < 0.7 else depth + 1)
            text = f"({t}.{self.rng.choice(ops)} {left} {text})"
        return text

    def br_table(self, t, func, depth):
        """A br_table choosing which of n+1 values leaves the block:

            (block $out (result T)
              (block $d
                (block $c1
                  (block $c0 (br_table $c0 $c1 $d INDEX))
                  (br $out VALUE0))
                (br $out VALUE1))
              DEFAULT_VALUE)
        """
        n = self.rng.randint(1, 3)
        names = [f"$c{i}" for i in range(n)] + ["$d"]
        width = self.rng.choice([len(names), len(names), self.rng.randint(1, 40)])
        labels = " ".join(self.rng.choice(names) for _ in range(width - 1)) + " $d"
        body = f"(br_table {labels} {self.expr('i32', func, depth + 1)})"
        for i in range(n):
            body = f"(block $c{i} {body}) (br $out {self.expr(t, func, depth + 1)})"
        return f"(block $out (result {t}) (block $d {body}) {self.expr(t, func, depth + 1)})"

    def loop(self, t, func, depth):
        """A counted loop (at most a few turns) that rewrites a scratch local, then a value."""
        if self.loops >= 3:
            return self.leaf(t, func)
        counter = f"$n{self.loops}"
        self.loops += 1
        turns = self.rng.randint(1, 5)
        body = self.stmts(func, depth + 1, 2)
        self.loops -= 1
        return (f"(block (result {t}) (local.set {counter} (i32.const 0)) "
                f"(loop $l {body} (br_if $l (i32.lt_u (local.tee {counter} "
                f"(i32.add (local.get {counter}) (i32.const 1))) (i32.const {turns})))) "
                f"{self.expr(t, func, depth + 1)})")

    def convert(self, t, func, depth):
        r = self.rng
        src = lambda ty: self.expr(ty, func, depth + 1)  # noqa: E731
        if t in INTS and r.random() < 0.04:   # traps on NaN and out-of-range values: rarely
            ft = r.choice(FLOATS)
            return f"({t}.trunc_{ft}_{r.choice('su')} {src(ft)})"
        if t == "i32":
            choices = [f"(i32.wrap_i64 {src('i64')})",
                       f"(i32.reinterpret_f32 {self.denan('f32', src('f32'))})"]
            ft = r.choice(FLOATS)
            sign = r.choice(["s", "u"])
            choices += [f"(i32.trunc_sat_{ft}_{sign} {src(ft)})"] * 2
        elif t == "i64":
            sign = r.choice(["s", "u"])
            ft = r.choice(FLOATS)
            choices = [f"(i64.extend_i32_{sign} {src('i32')})",
                       f"(i64.reinterpret_f64 {self.denan('f64', src('f64'))})",
                       f"(i64.trunc_sat_{ft}_{sign} {src(ft)})", f"(i64.trunc_sat_{ft}_{sign} {src(ft)})"]
        else:
            it, sign = r.choice(INTS), r.choice(["s", "u"])
            other = "f64" if t == "f32" else "f32"
            resize = "demote" if t == "f32" else "promote"
            bits = "i32" if t == "f32" else "i64"
            choices = [f"({t}.convert_{it}_{sign} {src(it)})"] * 3 + [
                f"({t}.{resize}_{other} {src(other)})", f"({t}.reinterpret_{bits} {src(bits)})"]
        return r.choice(choices)

    # ---- statements ----

    def stmt(self, func, depth):
        r = self.rng
        t = r.choice(TYPES)
        kind = r.choices(["log", "local", "global", "store", "if", "drop", "multi", "call", "bulk",
                          "table"], [5, 3, 2, 3, 1, 1, 1, 1, 1, 0.3])[0]
        e = lambda ty=t: self.expr(ty, func, depth + 1)  # noqa: E731
        if kind == "log":
            return f"(call $log_{t} {e()})"
        if kind == "local":
            return f"(local.set $s_{t} {e()})"
        if kind == "global":
            g = r.randrange(len(self.globals))
            return f"(global.set $g{g} {self.expr(self.globals[g], func, depth + 1)})"
        if kind == "store":
            value = e() if t in INTS else self.denan(t, e())
            return f"({r.choice(STORES[t])} {self.address(func, depth)} {value})"
        if kind == "if":
            return f"(if {e('i32')} (then {self.stmts(func, depth + 1, 2)}) (else {self.stmts(func, depth + 1, 1)}))"
        if kind == "multi":
            return self.multi_block(func, depth)
        if kind == "table":   # slot j gets null or a function of index <= j (see call)
            slot = r.randrange(self.nfuncs)
            ref = f"(ref.func $f{r.randint(0, slot)})" if r.random() < 0.7 else "(ref.null func)"
            return f"(table.set $table (i32.const {slot}) {ref})"
        if kind == "call":
            callees = [f for f in self.funcs if len(f.results) != 1]
            if callees:
                f = r.choice(callees)
                args = " ".join(self.expr(p, func, depth + 1) for p in f.params)
                return f"(call $f{f.index} {args}) " + self.take(f.results)
        if kind == "bulk":
            op = r.choice(["memory.fill", "memory.copy"])
            length = f"(i32.and {e('i32')} (i32.const 63))"
            start = lambda: f"(i32.and {e('i32')} (i32.const {MEMORY_BYTES - 1:#x}))"  # noqa: E731
            second = f"(i32.and {e('i32')} (i32.const 255))" if op == "memory.fill" else start()
            return f"({op} {start()} {second} {length})"
        return f"(drop {e()})"

    def take(self, types):
        """Statements that pop values of `types` (last on top) into scratch locals, logging
        the last one."""
        sets = " ".join(f"(local.set $s_{t})" for t in reversed(types))
        return sets + (f" (call $log_{types[0]} (local.get $s_{types[0]}))" if types else "")

    def multi_block(self, func, depth):
        """A block with several results, left early by a br_if carrying them all:

            (block $m (result T1 T2) ... (br_if $m V1 V2 COND) (drop) (drop) W1 W2)
        """
        types = [self.rng.choice(TYPES) for _ in range(self.rng.randint(2, 3))]
        values = lambda: " ".join(self.expr(t, func, depth + 1) for t in types)  # noqa: E731
        drops = " ".join("(drop)" for _ in types)
        return (f"(block $m{results_text(types)} {self.stmts(func, depth + 1, 1)} "
                f"(br_if $m {values()} {self.expr('i32', func, depth + 1)}) {drops} {values()}) "
                + self.take(types))

    def stmts(self, func, depth, most):
        if depth >= MAX_DEPTH:
            return ""
        return " ".join(self.stmt(func, depth) for _ in range(self.rng.randint(0, most)))

    # ---- the module ----

    def function(self, func):
        body = [self.stmt(func, 1) for _ in range(self.rng.randint(2, 7))]
        body += [self.expr(t, func) for t in func.results]
        locals_ = " ".join(f"(local $s_{t} {t})" for t in TYPES) + " (local $n0 i32) (local $n1 i32) (local $n2 i32)"
        return (f"  (func $f{func.index} (export \"f{func.index}\") (type $t{func.index}){func.signature()}"
                f"\n    {locals_}\n    " + "\n    ".join(body) + ")\n")

    def module(self, nfuncs):
        r = self.rng
        self.nfuncs = nfuncs
        out = [";; generated by test/fuzz/gen_exprs.py\n(module\n"]
        for t in TYPES:
            out.append(f'  (import "fuzzing-support" "log-{t}" (func $log_{t} (param {t})))\n')
        sigs = [Func(i, [r.choice(TYPES) for _ in range(r.choice([0, 1, 2, 3, 4, 6, 9, 12]))],
                     [r.choice(TYPES) for _ in range(r.choices([0, 1, 2, 3], [1, 12, 2, 1])[0])])
                for i in range(nfuncs)]
        for f in sigs:
            out.append(f"  (type $t{f.index} (func{f.signature()}))\n")
        # Without a maximum, a memory of the bounds-check mode moves when it grows.
        out.append(f"  (memory 1{r.choice(['', ' 2', ' 3'])})\n  (table $table {nfuncs + 2} funcref)\n")
        out.append(f"  (elem (i32.const 0) {' '.join(f'$f{i}' for i in range(nfuncs))})\n")
        data = bytes(r.getrandbits(8) for _ in range(64))
        out.append(f'  (data (i32.const {r.choice([0, 16, 1000])}) "' +
                   "".join(f"\\{b:02x}" for b in data) + '")\n')
        for i, g in enumerate(self.globals):
            out.append(f"  (global $g{i} (mut {g}) {self.const(g)})\n")
        for t in FLOATS:
            out.append(f"  (func $denan_{t} (param {t}) (result {t})\n"
                       f"    (select (local.get 0) ({t}.const 0) ({t}.eq (local.get 0) (local.get 0))))\n")
        for f in sigs:
            out.append(self.function(f))
            self.funcs.append(f)
        out.append(DEEP_RECURSION)
        out.append(")\n")
        return "".join(out)


# Expression kinds and their weights; i32 expressions have a few more.
EXPR_KINDS = [
    (Generator.unary, 12), (Generator.binary, 30), (Generator.convert, 12), (Generator.load, 6),
    (Generator.select, 4), (Generator.if_else, 4), (Generator.block, 3), (Generator.br_table, 2),
    (Generator.tee, 4), (Generator.call, 3), (Generator.call_indirect, 1), (Generator.loop, 1),
    (Generator.chain, 1),
]
EXPR_KINDS_I32 = EXPR_KINDS + [(Generator.compare, 8), (Generator.memory, 1), (Generator.table, 1)]


def module_wat(seed):
    """The wat text of profile 3's module for `seed`."""
    rng = random.Random(f"atoll-exprs:{seed}")
    return Generator(rng).module(rng.randint(10, 30))
