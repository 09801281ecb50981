#!/bin/bash
# deps.sh — make sure every tool Atoll's build and tests use is installed.
#
#   tools/deps.sh           report, and install what is missing (Debian/Ubuntu, apt-get)
#   tools/deps.sh --quiet   the same, silent when nothing is missing (make run/test use it)
#   tools/deps.sh --check   only report; exit 1 if something is missing
#
# Each requirement is a file or command and the Debian package that provides it. When
# something is missing and we can neither be root nor use sudo without a password (or
# there is no apt-get), we stop with the exact command for a person to run.
set -u
mode=${1:-}

# command-or-path               package
requirements="
gcc                             gcc
make                            make
as                              binutils
objdump                         binutils
nasm                            nasm
grub-mkrescue                   grub-common
/usr/lib/grub/i386-pc/moddep.lst grub-pc-bin
xorriso                         xorriso
mformat                         mtools
qemu-system-x86_64              qemu-system-x86
clang                           clang
wasm-ld                         lld
/usr/lib/wasm32-wasi/libc.a     wasi-libc
wat2wasm                        wabt
wasm-interp                     wabt
wast2json                       wabt
python3                         python3
wasm-opt                        binaryen
node                            nodejs
timeout                         coreutils
spectest-interp                 wabt
wasm-reduce                     binaryen
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
"

missing=()
while read -r need package; do
    [ -n "$need" ] || continue
    case $need in
        /*) [ -e "$need" ] && continue ;;
        *) command -v "$need" >/dev/null 2>&1 && continue ;;
    esac
    case " ${missing[*]-} " in *" $package "*) ;; *) missing+=("$package") ;; esac
done <<< "$requirements"

if [ ${#missing[@]} -eq 0 ]; then
    [ "$mode" = --quiet ] || echo "deps: everything is installed"
    exit 0
fi

echo "deps: missing packages: ${missing[*]}"
install="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$mode" = --check ]; then
    echo "deps: to install them, run as root: $install"
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: no apt-get here; install the equivalents of: ${missing[*]}" >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
else
    echo "deps: cannot install without root. Run:" >&2
    echo "    sudo sh -c '$install'" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
