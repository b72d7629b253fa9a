#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-layers.sh - the include rule of the tree, as TAP.
#
# Layers, lowest first; a file may include its own layer and the layers
# before it, never one after it (README "Architecture"):
#
#   util hci gatt adv capture nfc profile doctor adapters visit present
#   tui cmd
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
ORDER="util hci gatt adv capture nfc profile doctor adapters visit present tui cmd"
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

bad=0
checked=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for f in $(git ls-files 'src/*.[ch]' 'adapters/*.[ch]' 2>/dev/null ||
    find src adapters -name '*.[ch]'); do
	from=$(layer_of "$f")
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	    sed 's/^\([0-9]*\):.*"\([^"]*\)".*/\1 \2/' >"$tmp"
	while read -r line inc; do
		checked=$((checked + 1))
		case $inc in
		../*|*/../*|./*)
			echo "# $f:$line: relative include \"$inc\""
			bad=$((bad + 1)); continue ;;
		esac
		if [ -f "src/$inc" ]; then
			to=$(layer_of "src/$inc")
		elif [ -f "$inc" ] && [ "${inc%%/*}" = adapters ]; then
			to=adapters
		else
			echo "# $f:$line: \"$inc\" is not a file under src/ or adapters/"
			bad=$((bad + 1)); continue
		fi
		[ "$to" = "$from" ] && continue
		if [ "$from" = emu ]; then
			case " $EMU_MAY " in *" $to "*) continue ;; esac
			echo "# $f:$line: emu includes $to (\"$inc\")"
			bad=$((bad + 1)); continue
		fi
		if [ "$to" = emu ]; then
			echo "# $f:$line: $from includes the emulators (\"$inc\")"
			bad=$((bad + 1)); continue
		fi
		if [ "$to" = adapters ] && [ "$from" != cmd ]; then
			echo "# $f:$line: $from includes adapters (\"$inc\"): only cmd picks an adapter"
			bad=$((bad + 1)); continue
		fi
		rf=$(rank "$from"); rt=$(rank "$to")
		if [ "$rf" -lt 0 ] || [ "$rt" -lt 0 ]; then
			echo "# $f:$line: unknown layer ($from -> $to)"
			bad=$((bad + 1)); continue
		fi
		if [ "$rt" -gt "$rf" ]; then
			echo "# $f:$line: $from includes $to, a higher layer (\"$inc\")"
			bad=$((bad + 1))
		fi
	done <"$tmp"
done
echo "1..1"
if [ "$bad" -eq 0 ]; then
	echo "ok 1 - includes run downward ($checked includes checked)"
else
	echo "not ok 1 - $bad includes break the layer rule"
fi
