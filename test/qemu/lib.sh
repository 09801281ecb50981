# lib.sh — what the suites that boot Atoll in QEMU share; sourced, never run:
#
#     cd "$(dirname "$0")/.." && OUT=build/test/NAME && . test/qemu/lib.sh
#
# The counters and their verdict lines (every suite prints one line per check and ends
# with "N passed, N failed", docs/testing.md), readers of a serial log, and the few
# ways a suite boots a kernel: an ISO of boot modules run to its end, run until a line
# appears, or typed into. All boots go through mkiso.sh, boot.sh and boot-input.py
# beside this file, and leave their ISO and log in $OUT, named after the configuration.

mkdir -p "$OUT"
passed=0
failed=0

# ---- Checks ----

pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# check WHAT COMMAND...: one line, "ok" when COMMAND succeeds.
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
# The suite's last line; its exit status says whether anything failed.
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }

# build WHAT TARGET...: make the targets quietly, or show why not and stop the suite.
build() {
    local what=$1
    shift
    if ! make -s "$@" > "$OUT/build.log" 2>&1; then
        cat "$OUT/build.log"
        fail "$what"
        finish
    fi
    pass "$what"
}

# ---- Reading a serial log (carriage returns stripped) ----

# has LOG REGEX / hasnt LOG REGEX: whether a line matches the extended regex.
has() { tr -d '\r' < "$1" | grep -qE -- "$2"; }
hasnt() { ! has "$@"; }
# count LOG REGEX: how many lines match.
count() { tr -d '\r' < "$1" | grep -cE -- "$2"; }
# line_no LOG REGEX: the number of the first matching line (0 when none).
line_no() { tr -d '\r' < "$1" | grep -nE -- "$2" | head -1 | cut -d: -f1 | sed 's/^$/0/'; }
# before LOG REGEX1 REGEX2: both lines are there, the first one first.
before() {
    local a b
    a=$(line_no "$1" "$2")
    b=$(line_no "$1" "$3")
    [ "$a" -gt 0 ] && [ "$b" -gt 0 ] && [ "$a" -lt "$b" ]
}
# field LOG SED_REGEX: the first capture of the regex, on the first line it matches.
field() { tr -d '\r' < "$1" | sed -nE "s/$2/\1/p" | head -1; }
# kmem LOG WHEN: "free used bytes pages tables regions" from "sips: kmem WHEN: ...".
kmem() {
    tr -d '\r' < "$1" | sed -nE "s/^sips: kmem $2: frames free=([0-9]+) used=([0-9]+) heap bytes=([0-9]+) pages=([0-9]+) tables=([0-9]+) regions=([0-9]+)$/\1 \2 \3 \4 \5 \6/p" | head -1
}

# ---- Booting ----

BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}      # seconds per boot

# The one word of boot.sh's (or boot-input.py's) "verdict: WORD (...)" line.
verdict_word() { sed 's/^verdict: \([a-z]*\).*/\1/'; }

# mkiso NAME "CMDLINE" [FILE "NAME ARGS"]...: $OUT/NAME.iso with build/kernel.elf and
# those boot modules; sets $iso and $log ($OUT/NAME.log, for the boot to come).
mkiso() {
    local name=$1 cmdline=$2
    shift 2
    iso=$OUT/$name.iso
    log=$OUT/$name.log
    test/qemu/mkiso.sh "$iso" build/kernel.elf "$cmdline" "$@"
}

# boot NAME "CMDLINE" [FILE "NAME ARGS"]... [-- QEMU OPTIONS...]: mkiso, then boot it to
# its end; sets $iso, $log and $verdict (pass, fail, panic, timeout, reset, error).
boot() {
    local name=$1 cmdline=$2 modules=()
    shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        modules+=("$1")
        shift
    done
    [ $# -gt 0 ] && shift
    mkiso "$name" "$cmdline" "${modules[@]}" || { verdict=error; return; }
    verdict=$(test/qemu/boot.sh "$iso" "$log" "$BOOT_TIMEOUT" "$@" | verdict_word)
}

# boot_until REGEX ISO LOG: boot an ISO (or kernel) that never leaves QEMU until a log
# line matches REGEX; sets $log and $verdict ("seen" when the line came).
boot_until() {
    log=$3
    verdict=$(BOOT_UNTIL=$1 test/qemu/boot.sh "$2" "$log" "$BOOT_TIMEOUT" | verdict_word)
}

# type_into ISO LOG STEP...: boot ISO and type into it (boot-input.py: keys, COM1 bytes,
# waits); sets $log and $verdict ("stopped" after a stop step, "step" if a wait failed).
type_into() {
    local image=$1
    log=$2
    shift 2
    verdict=$(test/qemu/boot-input.py "$image" "$log" "$BOOT_TIMEOUT" "$@" | verdict_word)
}

# memory_check NAME: a configuration booted with exit-when-idle ended well: QEMU's
# verdict, every memory counter back to its value before the first SIP (compared here
# and by the kernel), no panic or unhandled exception.
memory_check() {
    local before after
    before=$(kmem "$log" before)
    after=$(kmem "$log" after)
    check "$1: QEMU exit status says pass (got $verdict)" [ "$verdict" = pass ]
    check "$1: every counter back to its value before the first SIP (before: ${before:-none}; after: ${after:-none})" \
        [ -n "$before" -a "$before" = "$after" ]
    check "$1: the kernel agrees: memory returned in full" \
        has "$log" '^sips: all SIPs ended; memory returned in full$'
    check "$1: no kernel panic or unhandled exception" hasnt "$log" '^(PANIC|EXCEPTION)'
}
