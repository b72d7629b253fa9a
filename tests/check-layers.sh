#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-layers.sh - the include rule of the tree, as TAP.
#
# Layers, lowest first; a file may include its own layer and the layers
# before it, never one after it (README "Architecture"):
#
#   util hci gatt adv capture nfc profile doctor adapters visit records
#   present tui cmd
#
# adapters/ implements the interfaces the layers before it define (HCI
# transport, ATT over a kernel connection, NFC reader, the system probe);
# only cmd/ includes it, so only a command picks an adapter.
# src/emu (the emulators, shipped programs) may include util, hci, gatt
# and adv only, and nothing but src/emu includes it.  A layer is a folder
# of src/ (its subfolders belong to it) or adapters/.  Every include is
# written from the one include root ("hci/host.h", "adapters/att_kernel.h"):
# a "../" include fails, and so does an include that does not name an
# existing file that way.  tests/ may include any layer.
set -u
cd "$(dirname "$0")/.." || exit 1
ORDER="util hci gatt adv capture nfc profile doctor adapters visit records present tui cmd"
EMU_MAY="util hci gatt adv emu"

rank() {
	i=0
	for l in $ORDER; do
		[ "$l" = "$1" ] && { echo "$i"; return; }
		i=$((i + 1))
	done
	echo -1
}

# layer_of PATH: the layer a file or an include path belongs to.
layer_of() {
	case $1 in
	adapters/*) echo adapters ;;
	src/*) p=${1#src/}; echo "${p%%/*}" ;;
	*/*) echo "${1%%/*}" ;;
	*) echo "" ;;
	esac
}

# check_tree DIR: print a "# file:line: why" line for every include in
# DIR/src and DIR/adapters that breaks the rule; set bad and checked.
check_tree() {
	root=$1
	bad=0
	checked=0
	for f in $(cd "$root" && find src adapters -name '*.[ch]' | sort); do
		from=$(layer_of "$f")
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' \
		    "$root/$f" |
		    sed 's/^\([0-9]*\):.*"\([^"]*\)".*/\1 \2/' >"$tmp"
		while read -r line inc; do
			checked=$((checked + 1))
			why=$(include_breaks "$root" "$from" "$inc")
			[ -z "$why" ] && continue
			echo "# $f:$line: $why"
			bad=$((bad + 1))
		done <"$tmp"
	done
}

# include_breaks ROOT FROM INC: why a file of layer FROM may not include
# INC, or nothing when it may.
include_breaks() {
	case $3 in
	../*|*/../*|./*)
		echo "relative include \"$3\""; return ;;
	esac
	if [ -f "$1/src/$3" ]; then
		to=$(layer_of "src/$3")
	elif [ -f "$1/$3" ] && [ "${3%%/*}" = adapters ]; then
		to=adapters
	else
		echo "\"$3\" is not a file under src/ or adapters/"; return
	fi
	[ "$to" = "$2" ] && return
	if [ "$2" = emu ]; then
		case " $EMU_MAY " in *" $to "*) return ;; esac
		echo "emu includes $to (\"$3\")"; return
	fi
	if [ "$to" = emu ]; then
		echo "$2 includes the emulators (\"$3\")"; return
	fi
	if [ "$to" = adapters ] && [ "$2" != cmd ]; then
		echo "$2 includes adapters (\"$3\"): only cmd picks an adapter"
		return
	fi
	rf=$(rank "$2"); rt=$(rank "$to")
	if [ "$rf" -lt 0 ] || [ "$rt" -lt 0 ]; then
		echo "unknown layer ($2 -> $to)"; return
	fi
	[ "$rt" -gt "$rf" ] && echo "$2 includes $to, a higher layer (\"$3\")"
}

# A small tree of the given includes, "FILE INCLUDE" per line.
make_sample() {
	d=$(mktemp -d)
	mkdir -p "$d/src/util" "$d/src/hci" "$d/src/visit" "$d/src/cmd" \
	    "$d/adapters"
	for f in src/util/a.h src/hci/b.h src/visit/c.h src/cmd/d.c \
	    adapters/e.h; do
		: >"$d/$f"
	done
	while read -r f inc; do
		echo "#include \"$inc\"" >>"$d/$f"
	done
	echo "$d"
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
echo "1..3"

check_tree .
if [ "$bad" -eq 0 ]; then
	echo "ok 1 - includes run downward ($checked includes checked)"
else
	echo "not ok 1 - $bad includes break the layer rule"
fi

# The rule can fail: a tree that obeys it passes, and each kind of break
# in an otherwise good tree is caught.
good=$(printf '%s\n' "src/cmd/d.c visit/c.h" "src/cmd/d.c adapters/e.h" \
    "src/visit/c.h hci/b.h" "src/hci/b.h util/a.h" | make_sample)
check_tree "$good" >/dev/null
if [ "$bad" -eq 0 ] && [ "$checked" -eq 4 ]; then
	echo "ok 2 - a sample tree that obeys the rule passes"
else
	echo "not ok 2 - a sample tree that obeys the rule: $bad refused"
fi
rm -rf "$good"
breaks=$(printf '%s\n' "src/util/a.h hci/b.h" "src/visit/c.h adapters/e.h" \
    "src/hci/b.h ../util/a.h" "src/hci/b.h hci/nosuch.h" | make_sample)
check_tree "$breaks" >/dev/null
if [ "$bad" -eq 4 ]; then
	echo "ok 3 - upward, adapters below cmd, ../ and unknown includes" \
	    "are caught"
else
	echo "not ok 3 - of 4 broken includes $bad caught"
fi
rm -rf "$breaks"
