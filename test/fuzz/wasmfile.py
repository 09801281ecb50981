"""wasmfile.py — the little the differential fuzzer needs to know about a .wasm file.

The fuzzer must call every exported function with arguments of the right types, so it
reads the type, import, function and export sections of a module, and nothing else.
This reader is deliberately independent of Atoll's decoder (src/compiler/module.c): the
fuzzer is there to check that decoder, so it must not lean on it.
"""

VALTYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64",
            0x7B: "v128", 0x70: "funcref", 0x6F: "externref"}

SEC_TYPE, SEC_IMPORT, SEC_FUNCTION, SEC_EXPORT = 1, 2, 3, 7
EXTERN_FUNC, EXTERN_TABLE, EXTERN_MEMORY, EXTERN_GLOBAL = 0, 1, 2, 3


class Reader:
    """Bytes with a cursor; every read is bounds-checked by Python's slicing rules."""

    def __init__(self, data, pos=0, end=None):
        self.data, self.pos = data, pos
        self.end = len(data) if end is None else end

    def byte(self):
        if self.pos >= self.end:
            raise ValueError("unexpected end of section")
        self.pos += 1
        return self.data[self.pos - 1]

    def u32(self):
        """An unsigned LEB128 of up to 5 bytes."""
        result, shift = 0, 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return result
            if shift >= 35:
                raise ValueError("LEB128 too long")

    def name(self):
        n = self.u32()
        raw = self.data[self.pos:self.pos + n]
        self.pos += n
        return raw.decode("utf-8", errors="surrogateescape")

    def limits(self):
        flags = self.byte()
        self.u32()
        if flags & 1:
            self.u32()


def exported_functions(data):
    """[(export name, params, results)] in export order; params and results are lists
    of type names ("i32"...). Raises ValueError on anything it cannot read."""
    if data[:8] != b"\0asm\1\0\0\0":
        raise ValueError("not a wasm module")
    types, func_types, exports = [], [], []
    r = Reader(data, 8)
    while r.pos < r.end:
        section, size = r.byte(), r.u32()
        body = Reader(data, r.pos, r.pos + size)
        r.pos += size
        if section == SEC_TYPE:
            for _ in range(body.u32()):
                if body.byte() != 0x60:
                    raise ValueError("function type expected")
                params = [VALTYPES[body.byte()] for _ in range(body.u32())]
                results = [VALTYPES[body.byte()] for _ in range(body.u32())]
                types.append((params, results))
        elif section == SEC_IMPORT:
            for _ in range(body.u32()):
                body.name(), body.name()
                kind = body.byte()
                if kind == EXTERN_FUNC:
                    func_types.append(body.u32())
                elif kind == EXTERN_TABLE:
                    body.byte(), body.limits()
                elif kind == EXTERN_MEMORY:
                    body.limits()
                else:
                    body.byte(), body.byte()
        elif section == SEC_FUNCTION:
            func_types += [body.u32() for _ in range(body.u32())]
        elif section == SEC_EXPORT:
            for _ in range(body.u32()):
                name, kind, index = body.name(), body.byte(), body.u32()
                if kind == EXTERN_FUNC:
                    exports.append((name, index))
    return [(name, *types[func_types[index]]) for name, index in exports]
