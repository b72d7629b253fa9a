/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_default_adapter.c - unit tests for adapters/default_adapter.c:
 * which adapter a command uses when none is named, over injected
 * candidate lists and recorded probes (no hardware).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "adapters/default_adapter.h"

static struct default_adapter_cand	cands[DEFAULT_ADAPTER_MAX];

/* Pick over a default_adapter_parse() list. */
static enum default_adapter_result
pick(const char *list, size_t *n, size_t *at)
{
	*n = default_adapter_parse(list, cands, DEFAULT_ADAPTER_MAX);
	*at = 999;
	return default_adapter_pick(cands, *n, at);
}

static void
test_pick_one(void **state)
{
	size_t	n, at;

	(void)state;
	/* The only kernel adapter, up. */
	assert_int_equal(pick("hci0", &n, &at), DEFAULT_ADAPTER_ONE);
	assert_int_equal(n, 1);
	assert_string_equal(cands[at].spec, "hci0");
	/* One up among adapters that are down. */
	assert_int_equal(pick("hci0=down hci1 hci2=down", &n, &at),
	    DEFAULT_ADAPTER_ONE);
	assert_string_equal(cands[at].spec, "hci1");
	/* A kernel adapter that is up wins over a USB dongle. */
	assert_int_equal(pick("usb:0a12:0001 hci1", &n, &at),
	    DEFAULT_ADAPTER_ONE);
	assert_string_equal(cands[at].spec, "hci1");
	/* No kernel adapter up: the one dongle. */
	assert_int_equal(pick("hci0=down usb:0a12:0001", &n, &at),
	    DEFAULT_ADAPTER_ONE);
	assert_string_equal(cands[at].spec, "usb:0a12:0001");
	/* Any other spec ranks with the kernel's (the test suite's h4). */
	assert_int_equal(pick("h4:unix:/tmp/x.sock", &n, &at),
	    DEFAULT_ADAPTER_ONE);
	assert_string_equal(cands[at].spec, "h4:unix:/tmp/x.sock");
}

static void
test_pick_none_or_several(void **state)
{
	size_t	n, at;

	(void)state;
	assert_int_equal(pick("", &n, &at), DEFAULT_ADAPTER_NONE);
	assert_int_equal(n, 0);
	assert_int_equal(pick("   \t", &n, &at), DEFAULT_ADAPTER_NONE);
	assert_int_equal(pick("hci0=down", &n, &at), DEFAULT_ADAPTER_NONE);
	assert_int_equal(pick("hci0=down usb:0a12:0001=down", &n, &at),
	    DEFAULT_ADAPTER_NONE);
	assert_int_equal(pick("hci0 hci1", &n, &at),
	    DEFAULT_ADAPTER_SEVERAL);
	/* Two dongles and no kernel adapter up: the technician picks. */
	assert_int_equal(pick("hci0=down usb:0a12:0001 usb:2fe3:000b", &n,
	    &at), DEFAULT_ADAPTER_SEVERAL);
	/* Two up is several even with one dongle beside them. */
	assert_int_equal(pick("hci0 hci1 usb:0a12:0001", &n, &at),
	    DEFAULT_ADAPTER_SEVERAL);
	assert_int_equal(at, 999);	/* untouched unless ONE */
}

/* Candidates from what lockscope doctor's probe recorded. */
static void
test_candidates_from_probe(void **state)
{
	static struct doctor_input	in;
	size_t				n, at;

	(void)state;
	memset(&in, 0, sizeof in);
	snprintf(in.hci[0].name, sizeof in.hci[0].name, "hci0");
	in.hci[0].up_known = true;
	in.hci[0].up = false;
	snprintf(in.hci[1].name, sizeof in.hci[1].name, "hci1");
	in.hci[1].up_known = false;	/* could not ask: not counted up */
	in.nhci = 2;
	/* A Bluetooth dongle we may open, one we may not, an NFC reader. */
	in.usb[0].vid = 0x0a12;
	in.usb[0].pid = 0x0001;
	in.usb[0].bt_class = true;
	in.usb[0].access = true;
	in.usb[1].vid = 0x0b05;
	in.usb[1].pid = 0x17cb;
	in.usb[1].bt_class = true;
	in.usb[1].access = false;
	in.usb[2].vid = 0x072f;
	in.usb[2].pid = 0x2200;		/* ACR122U: not an adapter */
	in.nusb = 3;
	n = default_adapter_candidates(&in, cands, DEFAULT_ADAPTER_MAX);
	assert_int_equal(n, 4);
	assert_string_equal(cands[0].spec, "hci0");
	assert_false(cands[0].usable);
	assert_string_equal(cands[0].note, "down");
	assert_false(cands[1].usable);
	assert_string_equal(cands[2].spec, "usb:0a12:0001");
	assert_true(cands[2].usable);
	assert_string_equal(cands[3].spec, "usb:0b05:17cb");
	assert_false(cands[3].usable);
	assert_int_equal(default_adapter_pick(cands, n, &at),
	    DEFAULT_ADAPTER_ONE);
	assert_int_equal(at, 2);

	/* hci0 comes up: it is chosen, not the dongle. */
	in.hci[0].up = true;
	n = default_adapter_candidates(&in, cands, DEFAULT_ADAPTER_MAX);
	assert_int_equal(default_adapter_pick(cands, n, &at),
	    DEFAULT_ADAPTER_ONE);
	assert_string_equal(cands[at].spec, "hci0");

	/* The dongle held by btusb is not usable as usb: (no --detach). */
	in.hci[0].up = false;
	in.usb[0].driver = true;
	n = default_adapter_candidates(&in, cands, DEFAULT_ADAPTER_MAX);
	assert_int_equal(default_adapter_pick(cands, n, &at),
	    DEFAULT_ADAPTER_NONE);
}

/* What a command prints: the choice, or the list and the doctor. */
static void
test_find_messages(void **state)
{
	struct ls_errbuf	eb;
	char			spec[128], why[64];

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(default_adapter_find("hci0=down hci1", spec,
	    sizeof spec, why, sizeof why, &eb), LS_OK);
	assert_string_equal(spec, "hci1");
	assert_string_equal(why, "the only one up");

	ls_err_clear(&eb);
	assert_int_equal(default_adapter_find("hci0 hci1", spec, sizeof spec,
	    why, sizeof why, &eb), LS_EUNAVAIL);
	assert_non_null(strstr(eb.msg, "hci0 (up), hci1 (up)"));
	assert_non_null(strstr(eb.msg, "lockscope doctor"));

	ls_err_clear(&eb);
	assert_int_equal(default_adapter_find("", spec, sizeof spec, why,
	    sizeof why, &eb), LS_EUNAVAIL);
	assert_non_null(strstr(eb.msg, "no Bluetooth adapter found"));
	assert_non_null(strstr(eb.msg, "lockscope doctor"));

	ls_err_clear(&eb);
	assert_int_equal(default_adapter_find("hci0=down", spec, sizeof spec,
	    why, sizeof why, &eb), LS_EUNAVAIL);
	assert_non_null(strstr(eb.msg, "hci0 (down)"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pick_one),
		cmocka_unit_test(test_pick_none_or_several),
		cmocka_unit_test(test_candidates_from_probe),
		cmocka_unit_test(test_find_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
