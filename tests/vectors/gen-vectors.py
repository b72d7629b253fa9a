#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""gen-vectors.py - turn the third-party vectors into emulator scenarios and
btsnoop captures, so that tests/integration/t_vectors.sh can run each one
through the real scan path (hci-emu) and through replay.

    python3 tests/vectors/gen-vectors.py OUTDIR tests/vectors/thirdparty/*.json

The vector format is described in tests/vectors/README.  For each vector
the published bytes are turned into the advertisement and scan response a
device would send:

  "ad"             {"adv": HEX, "scan_rsp": HEX}: used as they are.
  "hci_event"      HEX of an HCI LE Advertising Report event (04 3e ...,
                   or without the 04 packet indicator): the AD data and
                   the sender's address are taken from it; event type 4
                   (SCAN_RSP) makes it the scan response.
  "advertisement"  the shape bleak and Home Assistant hand to a parser:
                   manufacturer_data {company: HEX}, service_data {UUID:
                   HEX}, service_uuids [UUID], local_name.  Written as AD
                   structures (Core Specification Supplement Part A §1):
                   flags 06, manufacturer data, UUID lists, service data,
                   name, split between the 31 bytes of the advertisement
                   and those of the scan response (pack()).
  "raw_manufacturer_data"  HEX whose first two bytes are the company ID
                   field (TTLock's protocol bytes): one AD type 0xFF.

A vector without an address gets a made-up random static one.  Vectors
that share an address cannot be on the air at the same time, so vectors
are split into rounds: round N holds the N-th vector of every address.

Writes OUTDIR/round-N.json (scenario), OUTDIR/round-N.btsnoop (btsnoop
1002, the reports an Android HCI snoop log would hold), and
OUTDIR/vectors.ndjson: one line per vector {"round", "address", "name",
"source", "expect", "paths"}: paths is ["scan", "replay"], or ["replay"]
for a vector marked replay_only (a capture whose advertising data is
longer than the 31 bytes a legacy advertisement carries, which hci-emu
cannot send; the vector says why).  Exits 65 with a message naming the file
and vector on any malformed vector.
"""

import json
import struct
import sys

UUID_BASE_TAIL = "-0000-1000-8000-00805f9b34fb"
BTSNOOP_EPOCH_US = 0x00DCDDB30F2F8000  # 0000-01-01 to 1970-01-01, in us
AD_MAX = 31
KNOWN_KEYS = {"name", "test", "family", "address", "address_type",
              "published", "asserts", "expect", "disagreement", "note",
              "replay_only"}
EXPECT_KEYS = {"is_lock", "family", "model", "pairing_state", "battery",
               "battery_volts", "lock_state", "name", "absent"}


class Bad(Exception):
    pass


def unhex(s, what):
    try:
        return bytes.fromhex(s)
    except (TypeError, ValueError):
        raise Bad("%s: not hex: %r" % (what, s))


def ad(t, data):
    if len(data) + 1 > 255:
        raise Bad("AD type 0x%02x: %d bytes" % (t, len(data)))
    return bytes([len(data) + 1, t]) + data


def uuid_bytes(u):
    """A UUID string as on air: 2 or 16 bytes, little-endian."""
    u = u.lower()
    if len(u) == 4:
        return bytes.fromhex(u)[::-1]
    if len(u) == 36 and u.startswith("0000") and u.endswith(UUID_BASE_TAIL):
        return bytes.fromhex(u[4:8])[::-1]
    if len(u) == 36:
        return bytes.fromhex(u.replace("-", ""))[::-1]
    raise Bad("bad UUID %r" % u)


def pack(structs):
    """Split the structures between advertisement and scan response, in
    order, each at most 31 bytes; the flags stay in the advertisement.
    Of the splits that fit, the one that moves the latest structures to
    the scan response is taken."""
    n = len(structs)
    for s in structs:
        if len(s) > AD_MAX:
            raise Bad("an AD structure of %d bytes does not fit" % len(s))
    for w in range(1 << max(n - 1, 0)):
        rsp_set = {i for i in range(1, n) if w >> (n - 1 - i) & 1}
        adv = b"".join(s for i, s in enumerate(structs) if i not in rsp_set)
        rsp = b"".join(s for i, s in enumerate(structs) if i in rsp_set)
        if len(adv) <= AD_MAX and len(rsp) <= AD_MAX:
            return adv, rsp
    raise Bad("the AD structures do not fit in 62 bytes")


def from_advertisement(a):
    structs = [ad(0x01, b"\x06")]
    for company, hx in a.get("manufacturer_data", {}).items():
        if hx is None:
            continue
        structs.append(ad(0xFF, struct.pack("<H", int(company)) +
                          unhex(hx, "manufacturer_data")))
    u16 = b"".join(uuid_bytes(u) for u in a.get("service_uuids", [])
                   if len(uuid_bytes(u)) == 2)
    u128 = [uuid_bytes(u) for u in a.get("service_uuids", [])
            if len(uuid_bytes(u)) == 16]
    if u16:
        structs.append(ad(0x03, u16))
    for u in u128:
        structs.append(ad(0x07, u))
    for u, hx in a.get("service_data", {}).items():
        if hx is None:
            continue
        ub = uuid_bytes(u)
        structs.append(ad(0x16 if len(ub) == 2 else 0x21,
                          ub + unhex(hx, "service_data")))
    if a.get("local_name"):
        structs.append(ad(0x09, a["local_name"].encode()))
    return pack(structs)


def from_hci_event(hx):
    b = unhex(hx, "hci_event")
    if b[:1] == b"\x04":
        b = b[1:]
    if len(b) < 14 or b[0] != 0x3E or b[2] != 0x02 or b[3] != 1:
        raise Bad("not a one-report LE Advertising Report event")
    evt, atype = b[4], b[5]
    addr = ":".join("%02X" % x for x in b[6:12][::-1])
    n = b[12]
    data = b[13:13 + n]
    if len(data) != n:
        raise Bad("report data runs past the event")
    return evt, atype, addr, data


def build(v):
    p = v["published"]
    addr, atype = v.get("address"), v.get("address_type", "public")
    if "ad" in p:
        adv = unhex(p["ad"]["adv"], "adv")
        rsp = unhex(p["ad"].get("scan_rsp", ""), "scan_rsp")
    elif "hci_event" in p:
        evs = p["hci_event"] if isinstance(p["hci_event"], list) else \
            [p["hci_event"]]
        adv = rsp = b""
        for e in evs:
            evt, at, a, data = from_hci_event(e)
            addr, atype = a, "random" if at & 1 else "public"
            if evt == 4:
                rsp = data
            else:
                adv = data
    elif "advertisement" in p:
        adv, rsp = from_advertisement(p["advertisement"])
    elif "raw_manufacturer_data" in p:
        adv, rsp = pack([ad(0x01, b"\x06"),
                         ad(0xFF, unhex(p["raw_manufacturer_data"],
                                        "raw_manufacturer_data"))])
    else:
        raise Bad("published: no known form")
    over = len(adv) > AD_MAX or len(rsp) > AD_MAX
    if over and not v.get("replay_only"):
        raise Bad("advertisement or scan response over 31 bytes: a legacy "
                  "advertiser cannot send it (say why in replay_only)")
    if v.get("replay_only") and not over:
        raise Bad("replay_only, but the data fits an advertisement")
    return addr, atype, adv, rsp


def btsnoop(records):
    out = [b"btsnoop\0", struct.pack(">II", 1, 1002)]
    t = BTSNOOP_EPOCH_US + 1_700_000_000 * 1_000_000
    for i, pkt in enumerate(records):
        h4 = b"\x04" + pkt
        out.append(struct.pack(">IIIIq", len(h4), len(h4), 3, 0,
                               t + i * 1000) + h4)
    return b"".join(out)


def report(evt, atype, addr, data, rssi=-60):
    a = bytes(int(x, 16) for x in addr.split(":"))[::-1]
    body = bytes([0x02, 1, evt, 1 if atype == "random" else 0]) + a + \
        bytes([len(data)]) + data + struct.pack("b", rssi)
    return bytes([0x3E, len(body)]) + body


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: gen-vectors.py OUTDIR FILE...\n")
        return 64
    outdir = sys.argv[1]
    rounds = {}
    lines = []
    made = 0
    for path in sys.argv[2:]:
        try:
            doc = json.load(open(path))
        except (OSError, ValueError) as e:
            sys.stderr.write("gen-vectors: %s: %s\n" % (path, e))
            return 65
        src = doc.get("source", {})
        for k in ("repository", "path", "commit"):
            if not src.get(k):
                sys.stderr.write("gen-vectors: %s: source.%s missing\n" %
                                 (path, k))
                return 65
        for v in doc.get("vectors", []):
            where = "%s: vector %r" % (path, v.get("name"))
            try:
                extra = set(v) - KNOWN_KEYS
                if extra:
                    raise Bad("unknown keys %s" % sorted(extra))
                for k in ("name", "test", "published", "asserts", "expect"):
                    if k not in v:
                        raise Bad("%s missing" % k)
                extra = set(v["expect"]) - EXPECT_KEYS
                if extra:
                    raise Bad("unknown expect keys %s" % sorted(extra))
                addr, atype, adv, rsp = build(v)
            except Bad as e:
                sys.stderr.write("gen-vectors: %s: %s\n" % (where, e))
                return 65
            if addr is None:
                made += 1
                addr, atype = "C0:5E:%02X:00:%02X:%02X" % (
                    made >> 16, (made >> 8) & 0xFF, made & 0xFF), "random"
            addr = addr.upper()
            r = 0
            while addr in rounds.setdefault(r, {}):
                r += 1
            rounds[r][addr] = (atype, adv, rsp, v["name"])
            lines.append({"round": r, "address": addr, "name": v["name"],
                          "source": src["repository"],
                          "expect": v["expect"],
                          "paths": ["replay"] if v.get("replay_only")
                          else ["scan", "replay"]})
    for r, devs in rounds.items():
        scn = {"scenario": 1, "name": "third-party vectors, round %d" % r,
               "ble": []}
        recs = []
        for i, (addr, (atype, adv, rsp, name)) in enumerate(devs.items()):
            recs.append(report(0, atype, addr, adv))
            if rsp:
                recs.append(report(4, atype, addr, rsp))
            if len(adv) > AD_MAX or len(rsp) > AD_MAX:
                continue        # replay_only
            d = {"id": "v%d" % i, "address": addr, "address_type": atype,
                 "adv_type": "ADV_IND", "interval_ms": 100, "rssi": -60,
                 "adv": adv.hex()}
            if rsp:
                d["scan_rsp"] = rsp.hex()
            scn["ble"].append(d)
        with open("%s/round-%d.json" % (outdir, r), "w") as f:
            json.dump(scn, f, indent=1)
        with open("%s/round-%d.btsnoop" % (outdir, r), "wb") as f:
            f.write(btsnoop(recs))
    with open("%s/vectors.ndjson" % outdir, "w") as f:
        for ln in lines:
            f.write(json.dumps(ln, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
