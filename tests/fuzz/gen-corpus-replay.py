#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""gen-corpus-replay.py - seed corpora of the replay harnesses.

    python3 tests/fuzz/gen-corpus-replay.py

Writes tests/fuzz/corpus/{btsnoop,pcap,pcapng,ll,capatt}/ from the
generated test captures in tests/captures/ (see gen-captures.py there):
each seed is the harness's selector byte followed by the capture's
records without the file header the harness supplies.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CAPS = os.path.join(HERE, "..", "captures")
CORPUS = os.path.join(HERE, "corpus")


def put(kind, name, data):
    d = os.path.join(CORPUS, kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def cap(name):
    with open(os.path.join(CAPS, name), "rb") as f:
        return f.read()


def pcap_records(b):
    """(record bytes) of a little-endian microsecond pcap."""
    off, out = 24, []
    while off + 16 <= len(b):
        incl = struct.unpack_from("<I", b, off + 8)[0]
        out.append(b[off + 16:off + 16 + incl])
        off += 16 + incl
    return out


def main():
    # btsnoop: selector 1 = datalink 1002, 3 = whole file.
    snoop = cap("lock-1002.btsnoop")
    put("btsnoop", "lock_1002", b"\x01" + snoop[16:])
    put("btsnoop", "lock_whole", b"\x03" + snoop)
    put("btsnoop", "lock_1002_cut", b"\x01" + snoop[16:300])
    # pcap: selector bits 0-2 pick 201, 254, 251, 256, 192; bit 3 LE.
    for sel, name in ((0x0a, "lock-251.pcap"), (0x0b, "lock-256.pcap"),
                      (0x0c, "lock-ppi.pcap"),
                      (0x0a, "bluez-test-crc.pcap")):
        put("pcap", name.replace(".", "_"), bytes([sel]) + cap(name)[24:])
    # pcapng: selector 3 = link 256 behind a fixed SHB and IDB; 5 whole.
    ng = cap("lock-256.pcapng")
    put("pcapng", "lock_256", b"\x03" + ng[48:])
    put("pcapng", "lock_whole", b"\x05" + ng)
    # ll: selector 0 = 251, 1 = 256, 2 = PPI; one packet each.
    for sel, name in ((0, "lock-251.pcap"), (1, "lock-256.pcap"),
                      (2, "lock-ppi.pcap"), (0, "bluez-test-crc.pcap")):
        recs = pcap_records(cap(name))
        for i in (0, 2, 4, 5, 8):
            if i < len(recs):
                put("ll", "%s_%d" % (name.split(".")[0], i),
                    bytes([sel]) + recs[i])
    # capatt: the ACL of the btsnoop session as op 1/2 chunks.
    ops = bytearray()
    off = 16
    while off + 24 <= len(snoop):
        incl, flags = struct.unpack_from(">II", snoop, off + 4)
        rec = snoop[off + 24:off + 24 + incl]
        off += 24 + incl
        if rec[:1] == b"\x02" and len(rec) - 1 < 256:
            ops += bytes([1 if flags & 1 else 2, len(rec) - 1]) + rec[1:]
        elif rec[:1] == b"\x04" and len(rec) - 1 < 256:
            ops += bytes([0, len(rec) - 1]) + rec[1:]
    put("capatt", "hci_session", bytes(ops))
    # LL data PDUs of the 256 capture as op 4 (dir from the header).
    ops = bytearray()
    for rec in pcap_records(cap("lock-256.pcap")):
        flags = struct.unpack_from("<H", rec, 8)[0]
        aa = struct.unpack_from("<I", rec, 10)[0]
        if aa == 0x8E89BED6:
            continue
        pdu = rec[14:-3]
        d = (flags >> 7) & 7
        op = 4 | ((d - 1) << 4 if d in (2, 3) else 0)
        ops += bytes([op, len(pdu)]) + pdu
    put("capatt", "ll_session", bytes(ops))


if __name__ == "__main__":
    main()
