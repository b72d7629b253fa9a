#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# install-deps.sh - install the Debian packages lockscope needs to build and test.
#
# Fonts: DejaVu (Latin, Greek, Cyrillic, Arabic, Hebrew) and Droid Sans
# Fallback (Chinese, Japanese, Korean) for the pages of report render;
# poppler-utils (pdftotext, pdftoppm) for its tests.
#
# Idempotent: packages already installed are skipped, and nothing is done when
# everything is present.  Needs root (or sudo) only when something is missing.
set -eu

PKGS="build-essential pkg-config
libbluetooth-dev libnfc-dev libusb-1.0-0-dev libncurses-dev libcjson-dev
libsodium-dev libcmocka-dev libcairo2-dev libpango1.0-dev
fonts-dejavu-core fonts-droid-fallback poppler-utils
clang libclang-rt-14-dev mandoc socat tmux jq bluez tshark libnfc-bin time
python3-jsonschema
libsqlite3-dev sqlite3 libpq-dev postgresql"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "install-deps: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: not root and no sudo; run as root:" >&2
	echo "  apt-get update && apt-get install -y$missing" >&2
	exit 77
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
