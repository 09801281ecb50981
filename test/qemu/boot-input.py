#!/usr/bin/env python3
"""boot-input.py — boot an Atoll ISO in QEMU and type into it, the way a person would.

    test/qemu/boot-input.py ISO LOG TIMEOUT [STEP...]

COM1 is a socket chardev: this script records every byte QEMU sends on it into LOG
while it writes bytes into the UART's receive side. (Not QEMU's logfile= option: on a loaded
host its log once showed a byte doubled that the kernel wrote once, most likely when a
socket write failed with EAGAIN and the UART retried it.) QEMU waits for this
script to connect before it starts the machine, so nothing is lost. The QEMU monitor is
on a second socket, for `sendkey` (the PS/2 keyboard). STEPs run in order:

    wait:REGEX     until a line of LOG matches REGEX (the rest of TIMEOUT at most)
    key:NAME       the monitor's `sendkey NAME` (press and release: a, shift-a, ret...)
    keys:TEXT      sendkey for each character of TEXT (letters, digits, space)
    serial:TEXT    TEXT into COM1's receive side; \\r and \\n are understood
    sleep:SECONDS
    stop           stop QEMU now (for kernels that never leave, like the default ISO)

Then it waits for QEMU to leave and prints one line "verdict: WORD (...)", with the
exit codes of test/qemu/boot.sh: 0 pass, 1 fail, 2 panic, 3 timeout, 4 reset, 5 error,
6 "stopped" after a stop step, and 7 "step" when a wait: step timed out (QEMU is
stopped then).
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

VERDICTS = {33: (0, "pass"), 35: (1, "fail"), 37: (2, "panic"), 0: (4, "reset")}


def connect(path, deadline):
    """A connection to QEMU's unix socket, once QEMU has made it."""
    while time.time() < deadline:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(path)


def drain(sock, record=None):
    """Read whatever QEMU sends, so that its writes never block; append it to `record`
    (an open file) when given."""
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                break
            if record:
                record.write(data)
                record.flush()
    except OSError:
        pass


def log_has(log, pattern):
    try:
        with open(log, "rb") as f:
            text = f.read().decode("utf-8", "replace").replace("\r", "")
    except OSError:
        return False
    return any(re.search(pattern, line) for line in text.split("\n"))


def key_name(ch):
    if ch == " ":
        return "spc"
    if ch.isupper():
        return "shift-" + ch.lower()
    return ch


def run_step(step, log, monitor, serial, deadline):
    kind, _, arg = step.partition(":")
    if kind == "wait":
        while time.time() < deadline:
            if log_has(log, arg):
                return True
            time.sleep(0.1)
        return False
    if kind in ("key", "keys"):
        names = [arg] if kind == "key" else [key_name(c) for c in arg]
        for name in names:
            monitor.sendall(("sendkey %s\n" % name).encode())
            time.sleep(0.15)    # a key at a time, as typed
        return True
    if kind == "serial":
        serial.sendall(arg.replace("\\r", "\r").replace("\\n", "\n").encode())
        return True
    if kind == "sleep":
        time.sleep(float(arg))
        return True
    raise ValueError("unknown step " + step)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    iso, log, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
    here = os.path.dirname(os.path.abspath(__file__))
    accel = subprocess.run([os.path.join(here, "..", "qemu", "accel.sh")],
                           capture_output=True, text=True).stdout.split()
    tmp = tempfile.mkdtemp(prefix="atoll-input.")
    mon_path, ser_path = os.path.join(tmp, "mon.sock"), os.path.join(tmp, "ser.sock")
    if os.path.exists(log):
        os.remove(log)
    qemu = subprocess.Popen(
        ["qemu-system-x86_64", "-m", "512M"] + accel +
        ["-cdrom", iso, "-boot", "d", "-display", "none", "-no-reboot",
         "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
         "-chardev", "socket,id=com1,path=%s,server=on,wait=on" % ser_path,
         "-serial", "chardev:com1",
         "-monitor", "unix:%s,server=on,wait=off" % mon_path],
        stderr=open(log + ".qemu-stderr", "w"))
    deadline = time.time() + limit
    code, word = 5, "error"
    recorder = None
    try:
        # COM1 first: QEMU creates the monitor's socket only once COM1 is connected.
        serial = connect(ser_path, deadline)
        monitor = connect(mon_path, deadline)
        record = open(log, "ab")
        recorder = threading.Thread(target=drain, args=(serial, record), daemon=True)
        recorder.start()
        threading.Thread(target=drain, args=(monitor,), daemon=True).start()
        for step in sys.argv[4:]:
            if step == "stop":
                qemu.kill()
                qemu.wait()
                print("verdict: stopped (every step done; QEMU stopped)")
                return 6
            if not run_step(step, log, monitor, serial, deadline):
                qemu.kill()
                qemu.wait()
                print("verdict: step (\"%s\" not seen in time; QEMU stopped)" % step)
                return 7
        try:
            status = qemu.wait(timeout=max(deadline - time.time(), 1))
            code, word = VERDICTS.get(status, (5, "error"))
            word += " (QEMU status %d)" % status
        except subprocess.TimeoutExpired:
            qemu.kill()
            qemu.wait()
            code, word = 3, "timeout (no exit after %gs)" % limit
    except TimeoutError as e:
        qemu.kill()
        qemu.wait()
        word = "error (no socket %s)" % e
    finally:
        if recorder:            # QEMU is gone: its socket closes, the last bytes land
            recorder.join(timeout=5)
        for name in (mon_path, ser_path):
            if os.path.exists(name):
                os.remove(name)
        os.rmdir(tmp)
    print("verdict: " + word)
    return code


if __name__ == "__main__":
    sys.exit(main())
