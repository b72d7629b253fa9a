# SPDX-License-Identifier: GPL-3.0-or-later
# lockscope - GNU Makefile.
#
#   make            build/lockscope, build/hci-emu, build/pn532-emu
#   make demo       install missing packages, build, scan the emulated demo
#                   site, run a visit there and render its report as a PDF
#   make check      install missing packages, build, run every test
#                   (CHECK_JOBS suites at once; logs in build/check/)
#   make check SAN=1   the same with AddressSanitizer + UBSan
#   make fuzz       build the libFuzzer harnesses (clang)
#   make fuzz-long  run each harness for 60 s (FUZZ_SECONDS), print runs
#                   and findings per harness (not part of check)
#   make bench      time replay of a 1M-report capture (bench/replay)
#   make bench-records  records add/lock/list of 10,000 reports against
#                   jq over the files (bench/records)
#   make install    PREFIX=/usr/local DESTDIR= (the binaries, man pages,
#                   profiles, NDJSON schemas, udev rule, completion)
#
# Objects depend on build/.flags, so switching SAN=1 on or off rebuilds.

VERSION	:= 0.1.0
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share
MANDIR	?= $(DATADIR)/man
B	:= build

CC	?= cc
FUZZCC	?= clang
PKGS	:= bluez libnfc libusb-1.0 ncursesw libcjson libsodium sqlite3 \
	   pangocairo cairo-pdf cairo-png
# libpq: its header only; src/records/store_pg.c loads it with dlopen.
DLPKGS	:= libpq
WERROR	?= 1

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(DLPKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN	:= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wformat=2
ifeq ($(WERROR),1)
WARN	+= -Werror
endif
OPT	:= -O2
ifeq ($(SAN),1)
OPT	:= -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
endif
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -DLS_VERSION='"$(VERSION)"' \
	   -DLS_DATADIR='"$(DATADIR)/lockscope"' -g $(OPT) $(WARN) \
	   -Isrc -I. $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(OPT) $(LDFLAGS)

# The layers, lowest first (README "Architecture"; tests/check-layers.sh
# holds the include rule).  Everything below tui/, and the adapters, make
# the library; tui/ and cmd/ make the binary; emu/ makes the emulators.
LIB_DIRS  := src/util src/hci src/gatt src/adv src/adv/decoders src/capture \
	     src/nfc adapters src/profile src/doctor src/visit src/records \
	     src/present
CMD_DIRS  := src/tui src/cmd
LIB_SRCS  := $(wildcard $(LIB_DIRS:%=%/*.c))
CMD_SRCS  := $(wildcard $(CMD_DIRS:%=%/*.c))
EMU_MAINS := src/emu/hci_emu.c src/emu/pn532_emu.c
EMU_SRCS  := $(filter-out $(EMU_MAINS),$(wildcard src/emu/*.c))
EMU_BINS  := $(B)/hci-emu $(B)/pn532-emu
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)

LIB_OBJS  := $(LIB_SRCS:%.c=$(B)/obj/%.o)
CMD_OBJS  := $(CMD_SRCS:%.c=$(B)/obj/%.o)
EMU_OBJS  := $(EMU_SRCS:%.c=$(B)/obj/%.o)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(B)/fuzzobj/%.o) \
	   $(EMU_SRCS:%.c=$(B)/fuzzobj/%.o)

.PHONY: all deps demo check tests fuzz bench bench-records install \
	uninstall clean FORCE
# Objects are kept, so a second make builds nothing.
.SECONDARY:
.DEFAULT_GOAL := all

all: $(B)/lockscope $(EMU_BINS)

deps:
	@scripts/install-deps.sh

# Both entry points install what is missing first, then re-run make so
# pkg-config sees the freshly installed libraries.
demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

# make check: build (-j as many as the cores, or make's own -j), then one
# make job per test suite, CHECK_JOBS at once (the suites mostly wait on
# the emulators, so more than the cores), each writing its TAP and exit
# status to build/check/SUITE.log; then tests/run.sh counts them all and
# prints "N passed, N failed, N skipped" last.
check: deps
	@$(MAKE) --no-print-directory $(check_j) all tests fuzz
	@rm -rf $(B)/check
	@MAKEFLAGS='$(filter-out -j% --jobserver-auth=%,$(MAKEFLAGS))' \
	    $(MAKE) --no-print-directory -j$(CHECK_JOBS) check-logs
	@B=$(B) tests/run.sh --summary $(CHECK_LOGS)

tests: $(UNIT_BINS)
fuzz: $(FUZZ_BINS)

# The suites of make check (tests/run.sh --list), one log each.
NPROC	= $(shell nproc 2>/dev/null || echo 2)
CHECK_JOBS ?= $(shell echo $$(($(NPROC) * 4)))
check_j	= $(if $(findstring -j,$(MAKEFLAGS)),,-j$(NPROC))
CHECK_SUITES = $(shell tests/run.sh --list)
CHECK_LOGS = $(CHECK_SUITES:%=$(B)/check/%.log)
.PHONY: check-logs
check-logs: $(CHECK_LOGS)
$(B)/check/%.log: FORCE
	@B=$(B) tests/run.sh --suite $* $@

# Not part of check: FUZZ_SECONDS (default 60) per harness from a copy
# of its corpus; prints runs and findings per harness.
.PHONY: fuzz-long
fuzz-long: fuzz
	@B=$(B) tests/fuzz/fuzz-long.sh $(FUZZ_BINS)

# Not part of check: it takes a minute and its figures depend on load.
bench: $(B)/lockscope
	@bench/replay

bench-records: $(B)/lockscope $(B)/tests/test_records
	@bench/records

$(B)/.flags: FORCE
	@mkdir -p $(B)
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ || \
	    echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@

$(B)/obj/%.o: %.c $(B)/.flags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/liblockscope.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/libemu.a: $(EMU_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/lockscope: $(CMD_OBJS) $(B)/liblockscope.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(B)/hci-emu: $(B)/obj/src/emu/hci_emu.o $(B)/libemu.a $(B)/liblockscope.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(B)/pn532-emu: $(B)/obj/src/emu/pn532_emu.o $(B)/libemu.a $(B)/liblockscope.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

$(B)/tests/%: $(B)/obj/tests/unit/%.o $(B)/libemu.a $(B)/liblockscope.a
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lm

# test_cmd_args reads the commands' option tables: it links cmd/ and tui/
# (not in the library), all but main.
$(B)/tests/test_cmd_args: $(B)/obj/tests/unit/test_cmd_args.o \
	    $(filter-out $(B)/obj/src/cmd/main.o,$(CMD_OBJS)) $(B)/libemu.a \
	    $(B)/liblockscope.a
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lm

# libFuzzer harnesses: everything rebuilt with clang and the fuzzer runtime.
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -DLS_VERSION='"$(VERSION)"' \
	   -DLS_DATADIR='"$(DATADIR)/lockscope"' -g -O1 -fno-omit-frame-pointer \
	   -fsanitize=fuzzer-no-link,address,undefined -Isrc -I. $(PKG_CFLAGS)

$(B)/fuzzobj/%.o: %.c $(B)/.flags
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(B)/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	$(FUZZCC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lm

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(DATADIR)/lockscope/profiles \
	    $(DESTDIR)$(DATADIR)/lockscope/schemas/ndjson \
	    $(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 755 $(B)/lockscope $(DESTDIR)$(BINDIR)/lockscope
	for f in $(EMU_BINS); do install -m 755 "$$f" $(DESTDIR)$(BINDIR)/; done
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	for f in man/*.5; do [ -e "$$f" ] || continue; \
	    install -m 644 "$$f" $(DESTDIR)$(MANDIR)/man5/; done
	for f in man/*.7; do [ -e "$$f" ] || continue; \
	    install -m 644 "$$f" $(DESTDIR)$(MANDIR)/man7/; done
	for f in profiles/*.json; do [ -e "$$f" ] || continue; \
	    install -m 644 "$$f" $(DESTDIR)$(DATADIR)/lockscope/profiles/; done
	install -m 644 schemas/ndjson/*.json \
	    $(DESTDIR)$(DATADIR)/lockscope/schemas/ndjson/
	install -m 644 scripts/70-lockscope.rules \
	    $(DESTDIR)$(DATADIR)/lockscope/70-lockscope.rules
	install -m 644 scripts/lockscope.bash-completion \
	    $(DESTDIR)$(DATADIR)/bash-completion/completions/lockscope

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/lockscope $(DESTDIR)$(BINDIR)/hci-emu \
	    $(DESTDIR)$(BINDIR)/pn532-emu \
	    $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1))) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/*.5))) \
	    $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(wildcard man/*.7))) \
	    $(DESTDIR)$(DATADIR)/bash-completion/completions/lockscope
	rm -rf $(DESTDIR)$(DATADIR)/lockscope

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
