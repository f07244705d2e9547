#!/usr/bin/env python3
"""tests/gdb/protocol.py — drives tern-system's gdb stub with a raw socket
client, the way a broken or hostile client would: bad checksums, truncated and
overlong packets, unknown packets, binary garbage, memory that is not there,
and finally a dropped connection. The stub must answer per the protocol (or
close), and the guest must then run on to its normal end (status 7).
"""
import argparse
import re
import socket
import struct
import subprocess
import sys
import time

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def frame(payload):
    data = payload.encode() if isinstance(payload, str) else payload
    return b"$" + data + b"#%02x" % (sum(data) & 0xff)


class Client:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""

    def send(self, raw):
        self.sock.sendall(raw)

    def read_until(self, pattern, timeout=5):
        """Reads until pattern (a bytes regex) matches the buffer; returns the match."""
        deadline = time.time() + timeout
        while True:
            m = re.search(pattern, self.buf, re.S)
            if m:
                self.buf = self.buf[m.end():]
                return m
            left = deadline - time.time()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            if not chunk:
                return None
            self.buf += chunk

    def packet(self):
        """The next reply packet's payload (checksum verified), or None."""
        m = self.read_until(rb"\$([^#]*)#([0-9a-f]{2})")
        if not m:
            return None
        ok = sum(m.group(1)) & 0xff == int(m.group(2), 16)
        return m.group(1).decode(errors="replace") if ok else "<bad checksum>"

    def ack(self):
        return self.read_until(rb"^\+") is not None

    def request(self, payload):
        self.send(frame(payload))
        self.ack()
        reply = self.packet()
        self.send(b"+")
        return reply


def elf_symbol(path, name):
    """(value of symbol name, big_endian) from an ELF32 file's .symtab."""
    data = open(path, "rb").read()
    big = data[5] == 2
    e = ">" if big else "<"
    shoff, = struct.unpack_from(e + "I", data, 0x20)
    shentsize, shnum = struct.unpack_from(e + "HH", data, 0x2e)
    secs = [struct.unpack_from(e + "IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)]
    for sec in secs:
        if sec[1] != 2:  # SHT_SYMTAB
            continue
        strtab = secs[sec[6]]
        for off in range(sec[4], sec[4] + sec[5], 16):
            st_name, st_value = struct.unpack_from(e + "II", data, off)
            start = strtab[4] + st_name
            if data[start:data.index(b"\0", start)] == name.encode():
                return st_value, big
    sys.exit("FAIL: no symbol %s in %s" % (name, path))


def break_on_delay_slot(c, elf):
    """A breakpoint on a delay slot stops the guest at its branch (docs/gdb.md)."""
    branchy, big = elf_symbol(elf, "branchy")
    slot = branchy + 8  # li; b 1f; [addiu in the slot]
    check(c.request("Z0,%x,4" % slot) == "OK", "Z0 on a delay slot is accepted")
    c.send(frame("c"))
    c.ack()
    stop = c.packet()
    c.send(b"+")
    check(stop is not None and stop.startswith("T05"), "continue stops at it (%s)" % stop)
    pc = bytes.fromhex(c.request("p25") or "00000000")
    pc = int.from_bytes(pc, "big" if big else "little")
    check(pc == branchy + 4, "the stop is at the branch 0x%x (pc 0x%x)" % (branchy + 4, pc))
    check(c.request("z0,%x,4" % slot) == "OK", "z0 removes it")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tern", required=True)
    ap.add_argument("--elf", required=True)
    args = ap.parse_args()
    tern = subprocess.Popen([args.tern, "-kernel", args.elf, "-gdb", "tcp::0", "-S"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = tern.stderr.readline().decode()
    m = re.search(r"listening on [\d.]+:(\d+)", line)
    if not m:
        tern.kill()
        sys.exit("FAIL: no port in %r" % line)
    c = Client(int(m.group(1)))

    c.send(b"$?#00")
    check(c.read_until(rb"^-") is not None, "bad checksum is NAKed with '-'")
    c.send(b"$?#zz")
    check(c.read_until(rb"^-") is not None, "non-hex checksum is NAKed with '-'")
    check(c.request("?") == "T05thread:1;", "'?' answers T05 after the bad packets")
    check(c.request("qTernNoSuchPacket") == "", "unknown packet gets the empty reply")
    check(c.request("vNoSuchThing;1") == "", "unknown v packet gets the empty reply")
    c.send(b"$m80010000,")  # truncated: a new '$' starts over
    check(c.request("qC") == "QC1", "truncated packet is dropped, the next one served")
    c.send(b"\x00\xff\x17garbage\x7f\x80" * 50 + b"\x03")
    check(c.request("qAttached") == "1", "binary garbage between packets is skipped")
    c.send(frame("q" + "A" * 70000))
    check(c.ack() and c.packet() == "E01", "overlong packet is acked and refused with E01")
    c.send(b"+")
    c.send(b"$m80010000,\x7d\x5d#00")
    check(c.read_until(rb"^-") is not None, "escaped garbage with a bad checksum is NAKed")
    check(c.request("m90000000,4") == "E01", "reading unbacked memory answers E01")
    check(c.request("mzz,4") == "E01", "malformed m packet answers E01")
    check(c.request("M80000000,4:zz") == "E01", "malformed M packet answers E01")
    check(c.request("p9999") == "E01", "unknown register answers E01")
    check(c.request("Z9,80010000,4") == "", "unsupported Z type gets the empty reply")
    word = c.request("m80010000,4")
    check(word is not None and re.fullmatch(r"[0-9a-f]{8}", word or ""), "m reads a word")
    # "m80010" + '*' + chr(29 + 3): three more '0's, i.e. m80010000,4 again
    check(c.request("m80010* ,4") == word, "run-length encoded packet is decoded")
    regs = c.request("g")
    check(regs is not None and len(regs) == 72 * 8, "g returns 72 32-bit registers")
    check(c.request("p25") == (regs or "")[37 * 8:38 * 8], "p25 (pc) matches g")
    # a NAK makes the stub resend its last reply
    c.send(frame("qC"))
    c.ack()
    first = c.packet()
    c.send(b"-")
    check(first == "QC1" and c.packet() == "QC1", "'-' makes the stub resend its reply")
    c.send(b"+")
    xml = c.request("qXfer:features:read:target.xml:0,3fff")
    check(xml is not None and xml.startswith("l") and "org.gnu.gdb.mips.fpu" in xml,
          "target.xml is served in one piece")
    part = c.request("qXfer:features:read:target.xml:0,10")
    check(part is not None and part.startswith("m") and len(part) == 17,
          "a partial qXfer read says there is more ('m')")
    break_on_delay_slot(c, args.elf)
    # the dropped connection: half a packet, then gone
    c.send(b"$m8001")
    c.sock.close()
    try:
        out, err = tern.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        tern.kill()
        out, err = tern.communicate()
        check(False, "guest runs on after the connection dropped (tern hung)")
    else:
        check(tern.returncode == 7, "guest runs on to its end (status %s)" % tern.returncode)
        check(b"result=36" in out, "guest output is intact")
    if failures:
        print("stderr:", err.decode(errors="replace"))
        print("FAIL: %d checks failed" % len(failures))
        return 1
    print("PASS protocol")
    return 0


if __name__ == "__main__":
    sys.exit(main())
