#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# fuzz-long.sh HARNESS... - run each libFuzzer harness for
# FUZZ_SECONDS (default 60) from a copy of its corpus
# (tests/fuzz/corpus/NAME), then print one line per harness:
#
#   fuzz_h4                 runs 12345678  findings 0
#
# and a total.  A finding is a crash, leak or timeout input that
# libFuzzer saved; they are kept in build/fuzz-long/NAME/ for a unit
# test.  Exit 1 when there is any.  Not part of "make check" (it takes
# a minute per harness); "make fuzz-long" runs it.
set -u
SECS=${FUZZ_SECONDS:-60}
OUT=${B:-build}/fuzz-long
total=0
found=0
mkdir -p "$OUT"
for bin in "$@"; do
	name=$(basename "$bin")
	dir=$OUT/$name
	rm -rf "$dir"
	mkdir -p "$dir/corpus" "$dir/findings"
	cp tests/fuzz/corpus/"${name#fuzz_}"/* "$dir/corpus/" 2>/dev/null
	"$bin" -max_total_time="$SECS" -print_final_stats=1 \
	    -artifact_prefix="$dir/findings/" "$dir/corpus" \
	    >"$dir/log" 2>&1
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" |
	    tail -1)
	n=$(ls "$dir/findings" | wc -l)
	printf '%-24s runs %-12s findings %s\n' "$name" "${runs:-?}" "$n"
	total=$((total + ${runs:-0}))
	found=$((found + n))
done
printf '%-24s runs %-12s findings %s\n' total "$total" "$found"
[ "$found" -eq 0 ]
