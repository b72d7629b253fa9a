#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""gen-capture.py - synthetic btsnoop capture for bench/replay.

    python3 bench/gen-capture.py FILE [REPORTS [DEVICES]]

Writes a btsnoop v1 file, datalink 1002 (H4), holding REPORTS (default
1,000,000) LE Advertising Report events, one report per event, from
DEVICES (default 5,000) advertisers in turn: random static addresses,
ADV_IND with Flags, a complete local name and manufacturer data, every
fifth device also a scan response; RSSI varies from report to report.
Layouts: bluez/bluez:src/shared/btsnoop.h (file and record headers),
Core 5.4 Vol 4 Part E §7.7.65.2 (LE Advertising Report).
"""
import struct
import sys


def main():
    path = sys.argv[1]
    reports = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    ndev = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    bodies = []
    for i in range(ndev):
        addr = struct.pack("<I", 0x10000000 + i * 7919) + b"\x4e\xc0"
        name = b"bench-%05d" % i
        ad = (b"\x02\x01\x06" + bytes([len(name) + 1, 0x09]) + name +
              b"\x07\xff\xff\xff" + struct.pack("<I", i))
        rsp = None
        if i % 5 == 0:
            rsp = b"\x03\x03\x0f\x18"
        bodies.append((addr, ad, rsp))
    t0 = 1795435200 * 1000000 + 0x00DCDDB30F2F8000
    out = bytearray()
    with open(path, "wb") as f:
        f.write(b"btsnoop\0" + struct.pack(">II", 1, 1002))
        n = 0
        k = 0
        while n < reports:
            addr, ad, rsp = bodies[k % ndev]
            evt_type, data = (4, rsp) if (rsp is not None and
                                          (k // ndev) % 2 == 1) else (0, ad)
            rssi = -40 - (k * 7) % 50
            params = (bytes([2, 1, evt_type, 1]) + addr + bytes([len(data)])
                      + data + struct.pack("b", rssi))
            pkt = bytes([4, 0x3E, len(params)]) + params
            out += struct.pack(">IIIIq", len(pkt), len(pkt), 3, 0,
                               t0 + n * 100)
            out += pkt
            n += 1
            k += 1
            if len(out) > 1 << 20:
                f.write(out)
                out = bytearray()
        f.write(out)


if __name__ == "__main__":
    main()
