"""engines.py — running a command script on wabt and on Atoll, and reading back what
each call did, in one form for both: a list of Call records.

wabt's spectest-interp prints a line per host call ("called host spectest.print_i32(
i32:5) =>") and per action ("NAME(ARGS) => i32:1, i64:2" or "NAME(ARGS) => error:
MESSAGE"). Atoll's driver, fuzz_diff.c, prints "host FUNC BITS...", "return BITS..."
and "trap KIND". Both become events, and the events become records: the values logged
during a call (decoded as fuzzing-support.wat encodes them) and how the call ended.
"""
import re
import subprocess
import time

from script import is_nan

# wabt's trap messages (by prefix) and Atoll's trap kinds (fuzz_diff.c prints these).
WABT_TRAPS = [
    ("unreachable executed", "unreachable"),
    ("integer divide by zero", "div-zero"),
    ("integer overflow", "int-overflow"),
    ("invalid conversion to integer", "invalid-conversion"),
    ("out of bounds memory access", "memory-oob"),
    ("out of bounds table access", "table-oob"),
    ("indirect call signature mismatch", "indirect-call-type"),
    ("uninitialized table element", "uninitialized-element"),
    ("undefined table index", "undefined-element"),
    ("call stack exhausted", "stack-exhausted"),
]

FLOAT_TYPES = ("f32", "f64")


class Call:
    """What one call did: values logged (type, bits), then `outcome`:
    ("return", [(type, bits)...]), ("trap", kind) or ("missing", why)."""

    def __init__(self, name, args):
        self.name, self.args, self.logs = name, args, []
        self.outcome = ("missing", "no result")

    def __repr__(self):
        return f"Call({self.name}, {self.args}, {self.logs}, {self.outcome})"


def wabt_trap_kind(message):
    for prefix, kind in WABT_TRAPS:
        if message.startswith(prefix):
            return kind
    return "other: " + message


def run(command, timeout):
    """(stdout, exit status, timed out). A status below 0 is a signal, as subprocess has it.
    A program that cannot be started is tried again once a second later (a concurrent
    `make` may be relinking it), then it is a fatal error of the setup."""
    for attempt in range(2):
        try:
            p = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=timeout, errors="replace")
            return p.stdout, p.returncode, False
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else e.stdout
            return out or "", None, True
        except OSError as e:
            if attempt:
                raise SystemExit(f"cannot run {command[0]}: {e}")
            time.sleep(1)


def wabt_events(text, calls):
    """Events from spectest-interp's output. A result line is recognised by the name of
    the call it must belong to, so that odd characters in arguments cannot confuse it."""
    events, next_call = [], 0
    host = re.compile(r"^called host spectest\.(\w+)\((.*)\) =>")
    for line in text.splitlines():
        m = host.match(line)
        if m:
            values = [int(v.split(":", 1)[1]) if v.split(":", 1)[0] in ("i32", "i64") else None
                      for v in m.group(2).split(", ") if v]
            events.append(("host", m.group(1), values))
            continue
        if next_call < len(calls) and line.startswith(calls[next_call][0] + "(") and " =>" in line:
            result = line.rsplit(" =>", 1)[1].strip()
            if result.startswith("error: "):
                events.append(("trap", wabt_trap_kind(result[len("error: "):])))
            else:
                events.append(("return", [int(v.split(":", 1)[1]) for v in result.split(", ") if v]))
            next_call += 1
            continue
        if "unexpected trap" in line or re.match(r"^\d+/\d+ tests passed", line):
            continue
        if line.strip():
            events.append(("error", line.strip()))
    return events


def atoll_events(text):
    """Events from fuzz_diff.c's output (see its header for the format)."""
    events = []
    for line in text.splitlines():
        word, _, rest = line.partition(" ")
        if word == "host":
            func, *values = rest.split()
            events.append(("host", func, [int(v) for v in values]))
        elif word == "return":
            events.append(("return", [int(v) for v in rest.split()]))
        elif word == "trap":
            events.append(("trap", rest))
        elif word == "module" and rest.endswith(" ok"):
            continue
        elif line.strip():
            events.append(("error", line.strip()))
    return events


def records(events, calls, signatures):
    """Fold events into one Call per planned call. `signatures` maps an export name to
    its result types, which turn the wrapper's integer bits back into floats. Returns
    (records, errors): lines that were neither a log nor a call's end."""
    out = [Call(name, args) for name, args in calls]
    errors, index, f64_marker = [], 0, False
    for event in events:
        if event[0] == "error":
            errors.append(event[1])
            continue
        if index >= len(out):
            errors.append(f"event after the last call: {event}")
            continue
        call = out[index]
        if event[0] == "host":
            func, values = event[1], event[2]
            if func == "print_f64_f64":
                f64_marker = True
            elif func == "print_i64" and f64_marker:
                call.logs.append(("f64", values[0]))
                f64_marker = False
            elif func in ("print_i32", "print_i64"):
                call.logs.append((func[-3:], values[0]))
            elif func == "print_i32_f32":
                call.logs.append(("f32", values[0]))
            else:
                call.logs.append((func, tuple(values)))
            continue
        if event[0] == "return":
            types = signatures.get(call.name, [])
            call.outcome = ("return", list(zip(types, event[1])) if len(types) == len(event[1])
                            else [("?", v) for v in event[1]])
        else:
            call.outcome = ("trap", event[1])
        index += 1
    return out, errors


def same_value(a, b):
    """Typed values are equal bit for bit, except that any two NaNs of a type are."""
    if a[0] != b[0]:
        return False
    if a[0] in FLOAT_TYPES and is_nan(a[0], a[1]) and is_nan(b[0], b[1]):
        return True
    return a[1] == b[1]


def same_values(xs, ys):
    return len(xs) == len(ys) and all(same_value(x, y) for x, y in zip(xs, ys))


def difference(expected, got):
    """Why Call `got` differs from Call `expected`, as (category, text); None if equal."""
    if not same_values(expected.logs, got.logs):
        return "log", f"logged {fmt_values(got.logs)}, expected {fmt_values(expected.logs)}"
    e, g = expected.outcome, got.outcome
    if e[0] != g[0]:
        return f"{e[0]}-vs-{g[0]}", f"got {fmt_outcome(g)}, expected {fmt_outcome(e)}"
    if e[0] == "trap" and e[1] != g[1]:
        return "trap-kind", f"got {fmt_outcome(g)}, expected {fmt_outcome(e)}"
    if e[0] == "return" and not same_values(e[1], g[1]):
        return "result", f"got {fmt_outcome(g)}, expected {fmt_outcome(e)}"
    return None


def fmt_value(value):
    vtype, bits = value
    if not isinstance(bits, int):
        return f"{vtype}:{bits}"
    width = 8 if vtype in ("i32", "f32") else 16
    return f"{vtype}:0x{bits:0{width}x}"


def fmt_values(values):
    return "(" + " ".join(fmt_value(v) for v in values) + ")"


def fmt_outcome(outcome):
    if outcome[0] == "return":
        return "return " + fmt_values(outcome[1])
    return f"{outcome[0]} {outcome[1]}"
