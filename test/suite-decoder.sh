#!/bin/sh
# suite-decoder.sh — tests of the WebAssembly decoder (src/compiler/module.c & co.).
#
#   1. the spec testsuite's module-level tests (test/decoder/spec_check.py);
#   2. hand-made binaries with their expected result (test/decoder/cases.txt);
#   3. golden dumps: what the decoder records for small .wat modules (test/decoder/golden/);
#   4. robustness: every truncation and every single-bit flip of the valid modules of a
#      few spec files, decoded under AddressSanitizer and UBSan, must not crash and must
#      leave the decoded module consistent.
# The checker is built here with the host cc, sanitizers on. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
OUT=build/test/decoder
SPEC=${ATOLL_TESTSUITE:-$PWD/../shared/wasm-testsuite}
mkdir -p "$OUT"

# decode_check links the decoder's files and the host embedding (tools/host_embed.c).
# The embedding refers to the runtime, so the rest of src/compiler/ goes into an archive,
# from which the linker takes only the objects it needs: work in progress elsewhere in
# the compiler does not stop the decoder from being tested.
DECODER="leb128 format module sections segments constexpr"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
CHECK=$OUT/decode_check
mkdir -p "$OUT/obj"
rm -f "$OUT"/obj/*.o "$OUT/rest.a"
: > "$OUT/build.log"
objs=""
for f in src/compiler/*.c; do
    name=$(basename "$f" .c)
    if cc -std=gnu11 -g -O1 $SAN -Isrc/compiler -c "$f" -o "$OUT/obj/$name.o" >> "$OUT/build.log" 2>&1; then
        case " $DECODER " in *" $name "*) objs="$objs $OUT/obj/$name.o";; esac
    else
        case " $DECODER " in *" $name "*) cat "$OUT/build.log"; echo "FAIL build $f"; echo "0 passed, 1 failed"; exit 1;; esac
    fi
done
for o in "$OUT"/obj/*.o; do
    case "$objs " in *" $o "*) ;; *) ar rc "$OUT/rest.a" "$o";; esac
done
cc -std=gnu11 -g -O1 -Wall -Wextra $SAN -Isrc/compiler -o "$CHECK" test/decoder/decode_check.c \
   tools/host_embed.c $objs "$OUT/rest.a" -lpthread >> "$OUT/build.log" 2>&1 \
   || { cat "$OUT/build.log"; echo "FAIL build decode_check"; echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

# 1. Spec tests. The files whose assertions are about module structure.
SPEC_FILES="binary binary-leb128 custom utf8-custom-section-id utf8-import-field utf8-import-module
            utf8-invalid-encoding names imports exports memory table global elem data start func
            linking bulk ref_func table_copy table_init memory_init"
wasts=""
for f in $SPEC_FILES; do wasts="$wasts $SPEC/$f.wast"; done
python3 test/decoder/spec_check.py "$OUT" "$CHECK" $wasts > "$OUT/spec.log" 2>&1
grep -v '^[0-9]* passed, [0-9]* failed$' "$OUT/spec.log"
line=$(tail -n 1 "$OUT/spec.log")
case "$line" in
    *" passed, "*" failed")
        passed=$((passed + ${line%% passed*}))
        rest=${line#* passed, }
        failed=$((failed + ${rest%% failed}));;
    *) fail "spec_check.py did not finish";;
esac

# 2. Hand-made binaries: "name | hex bytes | ok or the error message's start".
while IFS='|' read -r name hex expect; do
    case "$name" in ''|'#'*) continue;; esac
    name=$(echo $name); expect=$(echo $expect)
    echo "$hex" | xxd -r -p > "$OUT/case.wasm"
    got=$("$CHECK" "$OUT/case.wasm")
    case "$got" in
        "$expect"*) pass;;
        *) case "$expect" in
               error*) fail "case $name: got '$got', want '$expect'";;
               *) [ "$got" = "$expect" ] && pass || fail "case $name: got '$got', want '$expect'";;
           esac;;
    esac
done < test/decoder/cases.txt

# The formatter behind every error message.
if "$CHECK" --format; then pass; else fail "wasm_format"; fi

# 3. Golden dumps: NAME.wat (through wat2wasm) or NAME.hex (bytes, '#' comments) beside
#    NAME.expected, what `decode_check --dump` must print.
for src in test/decoder/golden/*.wat test/decoder/golden/*.hex; do
    base=${src%.*}
    case "$src" in
        *.wat) wat2wasm --debug-names "$src" -o "$OUT/golden.wasm" || { fail "wat2wasm $src"; continue; };;
        *.hex) sed 's/#.*//' "$src" | xxd -r -p > "$OUT/golden.wasm";;
    esac
    "$CHECK" --dump "$OUT/golden.wasm" > "$OUT/golden.out" 2>&1
    if diff -u "$base.expected" "$OUT/golden.out" > "$OUT/golden.diff"; then pass
    else fail "golden $src"; cat "$OUT/golden.diff"; fi
done

# 4. Robustness: truncations and bit flips of valid modules (up to 2 KiB each).
for f in binary custom elem data global imports; do
    for wasm in $(ls "$OUT/spec/$f/"*.wasm 2>/dev/null); do
        [ "$(stat -c %s "$wasm")" -le 2048 ] || continue
        [ "$("$CHECK" "$wasm")" = ok ] || continue
        for mode in --prefixes --bitflips; do
            if "$CHECK" $mode "$wasm" > "$OUT/robust.log" 2>&1; then pass
            else fail "$mode $wasm"; head -n 20 "$OUT/robust.log"; fi
        done
    done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
