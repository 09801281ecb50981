#!/usr/bin/env python3
"""spec_modules.py — the binary modules of wast2json scripts, sorted by what they must be.

    spec_modules.py OUTDIR SCRIPT.json...

Writes three lists of .wasm paths, one a line, into OUTDIR:
    invalid.list    assert_invalid modules (must not validate)
    malformed.list  assert_malformed modules in binary form (must not decode)
    valid.list      every other module the scripts load (module, assert_unlinkable,
                    assert_uninstantiable: they validate, whatever happens after), once each
Text-form assert_malformed modules (.wat) test the text parser, which Atoll does not
have, so they are left out. test/suite-robust.sh uses the lists.
"""
import json
import os
import sys

CATEGORY = {
    "assert_invalid": "invalid",
    "assert_malformed": "malformed",
    "module": "valid",
    "assert_unlinkable": "valid",
    "assert_uninstantiable": "valid",
}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    outdir, scripts = sys.argv[1], sys.argv[2:]
    lists = {name: [] for name in set(CATEGORY.values())}
    seen = set()   # a valid module run by several commands is listed once
    for script in scripts:
        with open(script) as f:
            commands = json.load(f)["commands"]
        for command in commands:
            category = CATEGORY.get(command["type"])
            if category is None or command.get("module_type", "binary") != "binary":
                continue
            path = os.path.join(os.path.dirname(script), command["filename"])
            if category == "valid" and path in seen:
                continue
            seen.add(path)
            lists[category].append(path)
    for name, paths in lists.items():
        with open(os.path.join(outdir, name + ".list"), "w") as f:
            f.writelines(p + "\n" for p in paths)


if __name__ == "__main__":
    main()
