#!/bin/sh
# suite-encoder.sh — the x86_64 encoder golden test: every case printed by
# test/encoder/golden.c (the bytes an x64_* function produced and the Intel
# text it was meant to encode) is assembled by GNU as and compared byte for
# byte. All cases go into one .s file, one line and one label each, so a
# single `as` run checks them all; the labels' addresses cut the assembled
# .text back into cases. Prints one line per failed case, one summary line
# per encoder function, and "N passed, N failed" (one check per case).
set -u
cd "$(dirname "$0")/.."
OUT=build/test/encoder
mkdir -p "$OUT"

# Build the driver: through the Makefile target when there is one, else directly.
if grep -q '^encoder-golden:' Makefile 2>/dev/null; then
    make -s encoder-golden || { echo "0 passed, 1 failed"; exit 1; }
else
    cc -std=c11 -O1 -Wall -Wextra -Werror -Isrc/compiler -o "$OUT/golden" \
        test/encoder/golden.c src/compiler/x64_encode*.c || { echo "0 passed, 1 failed"; exit 1; }
fi
"$OUT/golden" > "$OUT/cases.txt" || { echo "golden driver crashed"; echo "0 passed, 1 failed"; exit 1; }

# The encoder must also build into the kernel: freestanding, no SSE in C, no warnings.
FREESTANDING="-std=c11 -ffreestanding -nostdinc -isystem $(gcc -print-file-name=include)"
FREESTANDING="$FREESTANDING -mgeneral-regs-only -Wall -Wextra -Werror"
for src in src/compiler/x64_encode*.c; do
    # shellcheck disable=SC2086  # the flags are meant to split
    if gcc $FREESTANDING -c "$src" -o "$OUT/freestanding.o" 2> "$OUT/freestanding.err"; then
        printf 'check\tfreestanding\tok\t%s\n' "$src" >> "$OUT/cases.txt"
    else
        cat "$OUT/freestanding.err"
        printf 'check\tfreestanding\tFAIL\t%s does not build freestanding\n' "$src" >> "$OUT/cases.txt"
    fi
done

# golden.s: line 1 is the syntax directive, line k+1 is case k ("c<k>: text").
# Cases that as rejects are listed in rejected.txt and left out of the next try.
: > "$OUT/rejected.txt"
assemble() {
    awk -F'\t' -v rej="$OUT/rejected.txt" '
        BEGIN { while ((getline l < rej) > 0) bad[l] = 1
                print ".intel_syntax noprefix" }
        $1 == "case" { k++; print (k in bad ? "" : "c" k ": " $4) }
        END { print "cend:" }' "$OUT/cases.txt" > "$OUT/golden.s"
    as --64 "$OUT/golden.s" -o "$OUT/golden.o" 2> "$OUT/as.err"
}
tries=0
until assemble; do
    tries=$((tries + 1))
    # "golden.s:123: Error: ..." -> case 122; give up if nothing new is learned.
    before=$(wc -l < "$OUT/rejected.txt")
    sed -n 's/^[^:]*:\([0-9]*\): Error.*/\1/p' "$OUT/as.err" | awk '{ print $1 - 1 }' \
        >> "$OUT/rejected.txt"
    sort -u -o "$OUT/rejected.txt" "$OUT/rejected.txt"
    if [ "$(wc -l < "$OUT/rejected.txt")" -eq "$before" ] || [ $tries -gt 5 ]; then
        cat "$OUT/as.err"; echo "0 passed, 1 failed"; exit 1
    fi
done
objcopy -O binary -j .text "$OUT/golden.o" "$OUT/golden.bin"
od -An -v -tx1 "$OUT/golden.bin" | tr -d ' \n' > "$OUT/golden.hex"
nm "$OUT/golden.o" | awk '$3 ~ /^c/ { print $3, $1 }' > "$OUT/labels.txt"

awk -F'\t' -v labels="$OUT/labels.txt" -v hexfile="$OUT/golden.hex" \
    -v rej="$OUT/rejected.txt" -v aserr="$OUT/as.err" '
    function hexval(h,   i, v) {
        v = 0
        for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
        return v
    }
    BEGIN {
        while ((getline l < labels) > 0) { split(l, f, " "); addr[f[1]] = hexval(f[2]) }
        getline hex < hexfile
        while ((getline l < rej) > 0) bad[l] = 1
    }
    function tally(g, ok) {
        if (!(g in seen)) { seen[g] = 1; order[++ngroups] = g }
        if (ok) gpass[g]++; else gfail[g]++
        if (ok) passed++; else failed++
    }
    $1 == "check" {
        tally($2, $3 == "ok")
        if ($3 != "ok") print "FAIL " $2 ": " $4
        next
    }
    $1 == "case" {
        k++
        if (k in bad) {
            print "FAIL " $2 ": as rejects \"" $4 "\" (ours: " $3 ")"
            tally($2, 0); next
        }
        start = addr["c" k]; end = (("c" (k + 1)) in addr) ? addr["c" (k + 1)] : addr["cend"]
        want = substr(hex, start * 2 + 1, (end - start) * 2)
        ok = (want == $3)
        if (!ok) print "FAIL " $2 ": " $4 ": ours " $3 ", as " want
        tally($2, ok)
    }
    END {
        for (i = 1; i <= ngroups; i++) {
            g = order[i]
            printf "%s %s (%d cases)\n", (gfail[g] ? "FAIL" : "ok  "), g, gpass[g] + gfail[g]
        }
        printf "%d passed, %d failed\n", passed, failed
        exit failed != 0
    }' "$OUT/cases.txt"
