# SPDX-License-Identifier: GPL-3.0-or-later
# A crowded site: 2,000 advertisers are all found; with a small device
# cap memory stays bounded and the stale ones are evicted and counted.
. tests/integration/lib.sh
plan 5

sh tests/scenarios/gen-many.sh 2000 >"$T/many.json"
emu_start "$T/many.json" || bail "hci-emu did not start with 2000 advertisers"
run many "$LS" scan --adapter "h4:unix:$SOCK" --duration 4 --json
expect_rc many 0 "scan 2000 advertisers"
n=$(jq -s '[.[] | select(.type == "device" and .final)] | map(.address) |
    unique | length' "$T/many.out")
nf=$(grep -c '"final":true' "$T/many.out")
check "2000 advertisers: all found, one final line each ($n, $nf)" \
    test "$n" -eq 2000 -a "$nf" -eq 2000
check "2000 advertisers: summary says 2000 devices" sh -c \
    "tail -n 1 '$T/many.out' | jq -en 'input | .devices == 2000 and .evicted == 0' >/dev/null"

run capped "$LS" scan --adapter "h4:unix:$SOCK" --duration 3 --json \
    --max-devices 500
expect_rc capped 0 "scan 2000 advertisers with --max-devices 500"
check "capped: at most 500 kept, the rest evicted and counted" sh -c \
    "tail -n 1 '$T/capped.out' | jq -en 'input | .devices <= 500 and .evicted > 0' >/dev/null"
