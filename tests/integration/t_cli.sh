# SPDX-License-Identifier: GPL-3.0-or-later
# The CLI, its help and the man page agree (curl's habit: a test keeps
# help, man page and code in sync).
. tests/integration/lib.sh
# 21 checks, and mandoc -Tlint on every man page.
plan $((21 + $(ls man/*.1 man/*.5 man/*.7 2>/dev/null | wc -l)))

run help "$LS" --help
expect_rc help 0 "lockscope --help"
check "--help lists scan" grep -q '^  scan ' "$T/help.out"

run version "$LS" --version
expect_rc version 0 "lockscope --version"
check "--version prints a version" grep -Eq '^lockscope [0-9]+\.[0-9]+\.[0-9]+$' "$T/version.out"

run nocmd "$LS"
expect_rc nocmd 64 "no command"
run badcmd "$LS" frobnicate
expect_rc badcmd 64 "unknown command"
expect_err badcmd "unknown command 'frobnicate'" "unknown command: message"
run badopt "$LS" --frob scan
expect_rc badopt 64 "unknown global option"

run shelp "$LS" scan --help
expect_rc shelp 0 "scan --help"
run hscan "$LS" help scan
check "help scan = scan --help" cmp -s "$T/shelp.out" "$T/hscan.out"

run sbad "$LS" scan --adapter x --bogus
expect_rc sbad 64 "scan: unknown option"
for d in -1 abc 1e9 ''; do
	run dur "$LS" scan --adapter x --duration "$d"
	expect_rc dur 64 "scan: bad duration '$d'"
done
run extra "$LS" scan --adapter x stray
expect_rc extra 64 "scan: stray argument"
run maxd "$LS" scan --adapter x --max-devices 0
expect_rc maxd 64 "scan: bad --max-devices"

# Every long option of each command is in the man page's section for
# the command and in the synopsis, and the other way round.
# opts_check CMD NEXT: NEXT is the .It Cm that follows CMD's section.
opts_check() {
	"$LS" "$1" --help >"$T/h_$1.out"
	opts_help=$(grep -Eo -- '--[a-z][a-z-]+' "$T/h_$1.out" |
	    grep -v -- '^--help$' | sort -u | tr '\n' ' ')
	opts_man=$(sed -n "/^\.It Cm $1/,/^\.It Cm $2/p" man/lockscope.1 |
	    grep -Eo 'Fl -[a-z][a-z-]+' | sed 's/^Fl /-/' |
	    grep -v -- '^--help$' | sort -u | tr '\n' ' ')
	syn_man=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' \
	    man/lockscope.1 | sed -n "/^\.Cm $1\$/,/^\.Nm/p" |
	    grep -Eo 'Fl -[a-z][a-z-]+' | sed 's/^Fl /-/' | sort -u |
	    tr '\n' ' ')
	if [ "$opts_help" = "$opts_man" ]; then
		ok "$1 options: --help and the man page's section agree"
	else
		not_ok "$1 options differ: help [$opts_help] man [$opts_man]"
	fi
	if [ "$opts_help" = "$syn_man" ]; then
		ok "$1 options: --help and the man page's synopsis agree"
	else
		not_ok "$1 options differ: help [$opts_help] synopsis [$syn_man]"
	fi
}
opts_check scan replay
opts_check replay help

for m in man/*.1 man/*.5 man/*.7; do
	[ -e "$m" ] || continue
	if out=$(mandoc -Tlint "$m" 2>&1) && [ -z "$out" ]; then
		ok "mandoc -Tlint $m"
	else
		not_ok "mandoc -Tlint $m"
		echo "$out" | sed 's/^/# /'
	fi
done
