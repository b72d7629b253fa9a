#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# gen-many.sh - write a valid hci-emu scenario with N advertisers to stdout,
# for load tests and benchmarks.  POSIX sh + awk only.
#
#   tests/scenarios/gen-many.sh N [M] > many.json   (1 <= N <= 10000,
#                                                  0 <= M <= 1000)
#
# Device i (from 0) is "lock-%04d": addresses are distinct, random static
# (C2:4C:...) for even i and public (00:1B:DC:...) for odd i; the adv is
# Flags + (every third device) Appearance 0x0708 Door Lock + the complete
# local name; every fourth device also has a scan response (TX power 0
# dBm).  Interval 1000 ms, RSSI spread over -40..-94 dBm, jitter 3.
# Then M devices that are not locks, "sensor-%04d" (random static
# DE:AD:...; Flags + name), interval 1000 ms, RSSI -45..-84 dBm, jitter 3.
# Layouts: Core Specification Supplement Part A §1 (flags, appearance,
# name, TX power).
set -eu

usage() {
	echo "usage: gen-many.sh N [M]   (1 <= N <= 10000, 0 <= M <= 1000)" >&2
	exit 64
}

[ $# -eq 1 ] || [ $# -eq 2 ] || usage
m=${2:-0}
case $1:$m in
'':* | *: | *[!0-9:]*) usage ;;
esac
[ "$1" -ge 1 ] && [ "$1" -le 10000 ] && [ "$m" -le 1000 ] || usage

awk -v n="$1" -v m="$m" '
function hex(s,    i, out) {
	out = ""
	for (i = 1; i <= length(s); i++)
		out = out sprintf("%02x", ord[substr(s, i, 1)])
	return out
}
BEGIN {
	for (i = 32; i < 127; i++)
		ord[sprintf("%c", i)] = i
	printf "{\n  \"scenario\": 1,\n  \"name\": \"%d generated advertisers\",\n", n
	printf "  \"ble\": [\n"
	for (i = 0; i < n; i++) {
		name = sprintf("lock-%04d", i)
		hi = int(i / 256)
		lo = i % 256
		if (i % 2 == 0) {
			addr = sprintf("C2:4C:00:00:%02X:%02X", hi, lo)
			type = "random"
		} else {
			addr = sprintf("00:1B:DC:00:%02X:%02X", hi, lo)
			type = "public"
		}
		adv = "020106"
		if (i % 3 == 0)
			adv = adv "03190807"
		adv = adv sprintf("%02x09", length(name) + 1) hex(name)
		rsp = ""
		if (i % 4 == 0)
			rsp = ", \"scan_rsp\": \"020a00\""
		printf "    {\"id\": \"%s\", \"address\": \"%s\", " \
		    "\"address_type\": \"%s\", \"interval_ms\": 1000, " \
		    "\"rssi\": %d, \"rssi_jitter\": 3, \"adv\": \"%s\"%s}%s\n",
		    name, addr, type, -40 - (i * 37) % 55, adv, rsp,
		    i + 1 < n + m ? "," : ""
	}
	for (j = 0; j < m; j++) {
		name = sprintf("sensor-%04d", j)
		addr = sprintf("DE:AD:00:00:%02X:%02X", int(j / 256), j % 256)
		adv = "020106" sprintf("%02x09", length(name) + 1) hex(name)
		printf "    {\"id\": \"%s\", \"address\": \"%s\", " \
		    "\"address_type\": \"random\", \"interval_ms\": 1000, " \
		    "\"rssi\": %d, \"rssi_jitter\": 3, \"adv\": \"%s\"}%s\n",
		    name, addr, -45 - (j * 13) % 40, adv, j + 1 < m ? "," : ""
	}
	printf "  ]\n}\n"
}'
