/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_host.c - the HCI host, controller bring-up and scanner, driven
 * over a socketpair by a scripted controller (the shape of BlueZ's
 * unit/test-gatt_client.c): the script lists the packets the host must send and
 * the answers to give; any other packet, or a missing one, fails.
 *
 * Packets are written as H4 hex (indicator first).  Opcodes and layouts:
 * Bluetooth Core 5.4 Vol 4 Part E §7.3-7.8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "adapters/adapters.h"
#include "hci/bringup.h"
#include "hci/h4.h"
#include "hci/hcidef.h"
#include "hci/host.h"
#include "hci/scan.h"
#include "hci/transport.h"
#include "util/hex.h"
#include "util/loop.h"

/* What test_host's rig keeps beyond the shared one. */
#define RIG_EXTRA \
	unsigned	 reports; \
	int8_t		 last_rssi;
#include "tests/unit/hci_rig.h"

/* Exclusive bring-up: reset, reads, both masks (bringup.c step table). */
static const struct step init_exclusive[] = {
	{ 'E', "01030c00", 0 },
	{ 'S', "040e0401030c00", 0 },
	{ 'E', "01011000", 0 },
	/* version 0x0d, rev 0, lmp 0x0d, manufacturer 0x005f, subver 0 */
	{ 'S', "040e0c010110000d00000d5f000000", 0 },
	{ 'E', "01021000", 0 },
	/* 64-octet command bitmap: octet 37 = 0x60 (ext scan params and
	   enable, §6.27) */
	{ 'S', "040e4401021000"
	    "00000000000000000000000000000000"
	    "00000000000000000000000000000000"
	    "00000000006000000000000000000000"
	    "00000000000000000000000000000000", 0 },
	{ 'E', "01031000", 0 },
	/* LMP features: octet 4 = 0x60 (LE supported, BR/EDR not) */
	{ 'S', "040e0c010310000000000060000000", 0 },
	{ 'E', "01091000", 0 },
	{ 'S', "040e0a01091000010203040506", 0 },
	/* default mask bits 0-44 plus LE Meta (bit 61) */
	{ 'E', "01010c08ffffffffff1f0020", 0 },
	{ 'S', "040e0401010c00", 0 },
	{ 'E', "01032000", 0 },
	/* LE features: bit 12 extended advertising, bit 11 coded PHY */
	{ 'S', "040e0c01032000001800000000000000", 0 },
	{ 'E', "01022000", 0 },
	{ 'S', "040e0701022000fb0008", 0 },
	{ 'E', "010120087f12000000000000", 0 },
	{ 'S', "040e0401012000", 0 },
};

static void
test_init_exclusive(void **state)
{
	struct bringup_init	*ci;
	struct rig		 r;

	(void)state;
	rig_setup(&r, init_exclusive, sizeof init_exclusive /
	    sizeof init_exclusive[0], false);
	ci = bringup_init_start(r.host, &r.info, rig_done, &r);
	rig_run(&r);
	rig_check_script(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	assert_int_equal(r.info.hci_version, 0x0d);
	assert_int_equal(r.info.manufacturer, 0x005f);
	assert_int_equal(r.info.bdaddr[0], 0x01);
	assert_int_equal(r.info.le_acl_mtu, 251);
	assert_int_equal(r.info.le_acl_pkts, 8);
	assert_true(r.info.extended_scan);
	assert_true(r.info.coded_phy);
	bringup_init_free(ci);
	rig_teardown(&r);
}

/*
 * A dual-mode controller (LMP features octet 4 = 0x40: LE supported,
 * BR/EDR too): Write LE Host Supported (LE 1) after the event mask; a
 * refusal of it is not fatal.
 */
static const struct step init_dual[] = {
	{ 'E', "01030c00", 0 },
	{ 'S', "040e0401030c00", 0 },
	{ 'E', "01011000", 0 },
	{ 'S', "040e0c010110000d00000d5f000000", 0 },
	{ 'E', "01021000", 0 },
	{ 'S', "040e4401021000"
	    "00000000000000000000000000000000"
	    "00000000000000000000000000000000"
	    "00000000006000000000000000000000"
	    "00000000000000000000000000000000", 0 },
	{ 'E', "01031000", 0 },
	{ 'S', "040e0c010310000000000040000000", 0 },
	{ 'E', "01091000", 0 },
	{ 'S', "040e0a01091000010203040506", 0 },
	{ 'E', "01010c08ffffffffff1f0020", 0 },
	{ 'S', "040e0401010c00", 0 },
	{ 'E', "016d0c020100", 0 },
	{ 'S', "040e04016d0c01", 0 },	/* refused: not fatal */
	{ 'E', "01032000", 0 },
	{ 'S', "040e0c01032000001800000000000000", 0 },
	{ 'E', "01022000", 0 },
	{ 'S', "040e0701022000fb0008", 0 },
	{ 'E', "010120087f12000000000000", 0 },
	{ 'S', "040e0401012000", 0 },
};

static void
test_init_dual_mode(void **state)
{
	struct bringup_init	*ci;
	struct rig		 r;

	(void)state;
	rig_setup(&r, init_dual, sizeof init_dual / sizeof init_dual[0],
	    false);
	ci = bringup_init_start(r.host, &r.info, rig_done, &r);
	rig_run(&r);
	rig_check_script(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	bringup_init_free(ci);
	rig_teardown(&r);
}

/*
 * The same controller behind a transport the usb quirk table flags
 * (TRANSPORT_NO_EXT_SCAN): the same commands, but legacy scanning and
 * connecting.
 */
static void
test_init_quirk_no_ext(void **state)
{
	struct bringup_init	*ci;
	struct rig		 r;

	(void)state;
	rig_setup(&r, init_exclusive, sizeof init_exclusive /
	    sizeof init_exclusive[0], false);
	r.t->flags |= TRANSPORT_NO_EXT_SCAN;
	ci = bringup_init_start(r.host, &r.info, rig_done, &r);
	rig_run(&r);
	rig_check_script(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	assert_false(r.info.extended_scan);
	assert_false(r.info.ext_create_conn);
	bringup_init_free(ci);
	rig_teardown(&r);
}

/* A controller that never answers HCI Reset: clear error, bounded. */
static void
test_init_reset_timeout(void **state)
{
	static const struct step steps[] = {
		{ 'E', "01030c00", 0 },
	};
	struct bringup_init	*ci;
	struct rig		 r;

	(void)state;
	rig_setup(&r, steps, 1, false);
	ci = bringup_init_start(r.host, &r.info, rig_done, &r);
	rig_run(&r);
	rig_check_script(&r);
	assert_false(r.guard_fired);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_EUNAVAIL);
	assert_non_null(strstr(r.eb.msg, "did not answer HCI Reset"));
	/* Bounded by the command timeout, not by the rig's guard timer. */
	assert_int_equal(host_stats(r.host)->timeouts, 1);
	bringup_init_free(ci);
	rig_teardown(&r);
}

/* A controller without LE is refused with a sentence saying so. */
static void
test_init_no_le(void **state)
{
	static const struct step steps[] = {
		{ 'E', "01030c00", 0 }, { 'S', "040e0401030c00", 0 },
		{ 'E', "01011000", 0 },
		{ 'S', "040e0c010110000d00000d5f000000", 0 },
		{ 'E', "01021000", 0 },
		{ 'S', "040e4401021000"
		    "00000000000000000000000000000000"
		    "00000000000000000000000000000000"
		    "00000000000000000000000000000000"
		    "00000000000000000000000000000000", 0 },
		{ 'E', "01031000", 0 },
		{ 'S', "040e0c010310000000000000000000", 0 },
		{ 'E', "01091000", 0 },
		{ 'S', "040e0a01091000010203040506", 0 },
		{ 'E', "01010c08ffffffffff1f0020", 0 },
		{ 'S', "040e0401010c00", 0 },
		{ 'E', "01032000", 0 },
		{ 'S', "040e0c01032000000000000000000000", 0 },
		{ 'E', "01022000", 0 },
		{ 'S', "040e0701022000fb0008", 0 },
		{ 'E', "010120087f12000000000000", 0 },
		{ 'S', "040e0401012000", 0 },
	};
	struct bringup_init	*ci;
	struct rig		 r;

	(void)state;
	rig_setup(&r, steps, sizeof steps / sizeof steps[0], false);
	ci = bringup_init_start(r.host, &r.info, rig_done, &r);
	rig_run(&r);
	rig_check_script(&r);
	assert_int_equal(r.eb.code, LS_EUNAVAIL);
	assert_non_null(strstr(r.eb.msg, "no Bluetooth Low Energy"));
	bringup_init_free(ci);
	rig_teardown(&r);
}

/* A refused required command names the command and the status. */
static void
test_init_refused(void **state)
{
	static const struct step steps[] = {
		{ 'E', "01030c00", 0 },
		{ 'S', "040e0401030c03", 0 },	/* hardware failure */
	};
	struct bringup_init	*ci;
	struct rig		 r;

	(void)state;
	rig_setup(&r, steps, 2, false);
	ci = bringup_init_start(r.host, &r.info, rig_done, &r);
	rig_run(&r);
	rig_check_script(&r);
	assert_int_equal(r.eb.code, LS_EUNAVAIL);
	assert_non_null(strstr(r.eb.msg, "refused HCI Reset"));
	assert_non_null(strstr(r.eb.msg, "0x03"));
	bringup_init_free(ci);
	rig_teardown(&r);
}

/* Shared (kernel) controller: no reset, no masks. */
static void
test_init_shared(void **state)
{
	static const struct step steps[] = {
		{ 'E', "01011000", 0 },
		{ 'S', "040e0c010110000d00000d5f000000", 0 },
		{ 'E', "01021000", 0 },
		{ 'S', "040e4401021000"
		    "00000000000000000000000000000000"
		    "00000000000000000000000000000000"
		    "00000000000000000000000000000000"
		    "00000000000000000000000000000000", 0 },
		{ 'E', "01031000", 0 },
		{ 'S', "040e0c010310000000000060000000", 0 },
		{ 'E', "01091000", 0 },
		{ 'S', "040e0a01091000010203040506", 0 },
		{ 'E', "01032000", 0 },
		{ 'S', "040e0c01032000000000000000000000", 0 },
		{ 'E', "01022000", 0 },
		{ 'S', "040e0701022000fb0008", 0 },
	};
	struct bringup_init	*ci;
	struct rig		 r;

	(void)state;
	rig_setup(&r, steps, sizeof steps / sizeof steps[0], true);
	ci = bringup_init_start(r.host, &r.info, rig_done, &r);
	rig_run(&r);
	rig_check_script(&r);
	assert_int_equal(r.eb.code, LS_OK);
	assert_false(r.info.extended_scan);
	bringup_init_free(ci);
	rig_teardown(&r);
}

static void
cmd_cb(enum ls_err err, uint8_t status, const uint8_t *ret, size_t len,
    void *arg)
{
	int	*got = arg;

	(void)ret;
	(void)len;
	*got = err == LS_OK ? status : 0x100 + (int)err;
}

/*
 * Credits: after a Command Complete with Num_HCI_Command_Packets = 0 the
 * host must hold its next command until a credit arrives (a complete
 * with opcode 0x0000 and ncmd 1, §7.7.14).
 */
static void
test_credits(void **state)
{
	static const struct step steps[] = {
		{ 'E', "01030c00", 0 },
		{ 'S', "040e0400030c00", 0 },	/* ncmd 0 */
		{ 'W', NULL, 150 },
		{ 'S', "040e0301000000", 0 },	/* credit, no command */
		{ 'E', "01011000", 0 },
		{ 'S', "040e0c010110000d00000d5f000000", 0 },
	};
	struct rig	r;
	int		a = -1, b = -1;

	(void)state;
	rig_setup(&r, steps, sizeof steps / sizeof steps[0], false);
	host_set_cmd_timeout(r.host, 1000);
	assert_int_not_equal(host_send(r.host, HC_OP_RESET, NULL, 0, cmd_cb,
	    &a, NULL), 0);
	assert_int_not_equal(host_send(r.host, HC_OP_READ_LOCAL_VERSION, NULL,
	    0, cmd_cb, &b, NULL), 0);
	r.guard = loop_add_timer(r.loop, 600, rig_guard, &r);
	loop_run(r.loop);
	rig_check_script(&r);
	assert_int_equal(a, 0);
	assert_int_equal(b, 0);
	assert_int_equal(host_stats(r.host)->unexpected, 0);
	rig_teardown(&r);
}

/*
 * A controller that reports Num_HCI_Command_Packets 0 and never frees a
 * slot: the queued command's deadline runs from when it was queued, so
 * it fails in bounded time and the host dies with a reason that says
 * so; nothing more is sent.
 */
static void
test_zero_credits(void **state)
{
	static const struct step steps[] = {
		{ 'E', "01030c00", 0 },
		{ 'S', "040e0400030c00", 0 },	/* ncmd 0, forever */
		{ 'W', NULL, 250 },
	};
	struct rig	r;
	int		a = -1, b = -1;

	(void)state;
	rig_setup(&r, steps, sizeof steps / sizeof steps[0], false);
	assert_int_not_equal(host_send(r.host, HC_OP_RESET, NULL, 0, cmd_cb,
	    &a, NULL), 0);
	assert_int_not_equal(host_send(r.host, HC_OP_READ_LOCAL_VERSION, NULL,
	    0, cmd_cb, &b, NULL), 0);
	r.guard = loop_add_timer(r.loop, 400, rig_guard, &r);
	loop_run(r.loop);
	rig_check_script(&r);
	assert_int_equal(a, 0);
	assert_int_equal(b, 0x100 + LS_EUNAVAIL);
	assert_true(r.dead);
	assert_int_equal(r.why.code, LS_EUNAVAIL);
	assert_non_null(strstr(r.why.msg, "Num_HCI_Command_Packets 0"));
	assert_non_null(strstr(r.why.msg, "command 0x1001 was not sent"));
	assert_int_equal(host_stats(r.host)->credit_stalls, 1);
	rig_teardown(&r);
}

/*
 * Hardware Error with no connection up: the host resets the controller,
 * restores the event mask that last succeeded, and sends again the
 * command that was waiting for its answer.
 */
static void
test_hardware_error(void **state)
{
	static const struct step steps[] = {
		{ 'E', "01030c00", 0 },
		{ 'S', "040e0401030c00", 0 },
		{ 'E', "01010c08ffffffffff1f0020", 0 },
		{ 'S', "040e0401010c00", 0 },
		{ 'E', "01011000", 0 },
		{ 'S', "04100142", 0 },		/* Hardware Error 0x42 */
		{ 'E', "01030c00", 0 },
		{ 'S', "040e0401030c00", 0 },
		{ 'E', "01010c08ffffffffff1f0020", 0 },
		{ 'S', "040e0401010c00", 0 },
		{ 'E', "01011000", 0 },
		{ 'S', "040e0c010110000d00000d5f000000", 0 },
	};
	static const uint8_t	mask[8] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00, 0x20
	};
	struct rig	r;
	int		a = -1, b = -1, v = -1;

	(void)state;
	rig_setup(&r, steps, sizeof steps / sizeof steps[0], false);
	host_send(r.host, HC_OP_RESET, NULL, 0, cmd_cb, &a, NULL);
	host_send(r.host, HC_OP_SET_EVENT_MASK, mask, 8, cmd_cb, &b, NULL);
	host_send(r.host, HC_OP_READ_LOCAL_VERSION, NULL, 0, cmd_cb, &v,
	    NULL);
	r.guard = loop_add_timer(r.loop, 300, rig_guard, &r);
	loop_run(r.loop);
	rig_check_script(&r);
	assert_false(r.dead);
	assert_int_equal(a, 0);
	assert_int_equal(b, 0);
	assert_int_equal(v, 0);
	assert_int_equal(host_stats(r.host)->hw_recoveries, 1);
	rig_teardown(&r);
}

/* Static random addresses (Vol 6 Part B §1.3.2.1), little-endian. */
static void
test_static_random(void **state)
{
	static const uint8_t	ok1[6] = { 1, 2, 3, 4, 5, 0xc6 };
	static const uint8_t	ok2[6] = { 0, 0, 0, 0, 0, 0xc1 };
	static const uint8_t	zeros[6] = { 0, 0, 0, 0, 0, 0xc0 };
	static const uint8_t	ones[6] = { 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff };
	static const uint8_t	rpa[6] = { 1, 2, 3, 4, 5, 0x46 };

	(void)state;
	assert_true(bringup_static_random_ok(ok1));
	assert_true(bringup_static_random_ok(ok2));
	assert_false(bringup_static_random_ok(zeros));
	assert_false(bringup_static_random_ok(ones));
	assert_false(bringup_static_random_ok(rpa));
}

/* The PHY an advertiser was heard on, for connecting on it. */
static void
test_heard_phy(void **state)
{
	static const uint8_t	a[6] = { 1, 2, 3, 4, 5, 0xc6 };
	static const uint8_t	b[6] = { 9, 2, 3, 4, 5, 0xc6 };
	uint8_t			x[6];
	struct rig		r;
	int			i;

	(void)state;
	rig_setup(&r, NULL, 0, false);
	assert_int_equal(host_heard_phy(r.host, a, 1), 0);
	host_note_phy(r.host, a, 1, 3);
	assert_int_equal(host_heard_phy(r.host, a, 1), 3);
	assert_int_equal(host_heard_phy(r.host, a, 3), 3);	/* RPA id */
	assert_int_equal(host_heard_phy(r.host, a, 0), 0);
	assert_int_equal(host_heard_phy(r.host, b, 1), 0);
	host_note_phy(r.host, a, 1, 1);
	assert_int_equal(host_heard_phy(r.host, a, 1), 1);
	/* A ring: the oldest is forgotten first. */
	memcpy(x, b, 6);
	for (i = 0; i < 40; i++) {
		x[0] = (uint8_t)(100 + i);
		host_note_phy(r.host, x, 1, 3);
	}
	assert_int_equal(host_heard_phy(r.host, a, 1), 0);
	assert_int_equal(host_heard_phy(r.host, x, 1), 3);
	rig_teardown(&r);
}

/* With a connection up a Hardware Error still kills the host. */
static void
test_hardware_error_link_up(void **state)
{
	static const struct step steps[] = {
		{ 'E', "01030c00", 0 },
		{ 'S', "043e1301004000000101126a8d7cc418000000900100", 0 },
		{ 'S', "04100142", 0 },
	};
	struct rig	r;
	int		a = -1;

	(void)state;
	rig_setup(&r, steps, sizeof steps / sizeof steps[0], false);
	host_send(r.host, HC_OP_RESET, NULL, 0, cmd_cb, &a, NULL);
	r.guard = loop_add_timer(r.loop, 300, rig_guard, &r);
	loop_run(r.loop);
	rig_check_script(&r);
	assert_true(r.dead);
	assert_int_equal(r.why.code, LS_EUNAVAIL);
	assert_non_null(strstr(r.why.msg, "hardware error (code 0x42) with "
	    "a connection up"));
	assert_int_equal(a, 0x100 + LS_EUNAVAIL);
	assert_int_equal(host_send(r.host, HC_OP_RESET, NULL, 0, NULL, NULL,
	    NULL), 0);
	rig_teardown(&r);
}

/* The controller hangs up: dead, with a sentence saying so. */
static void
test_hangup(void **state)
{
	static const struct step steps[] = {
		{ 'E', "01030c00", 0 },
		{ 'C', NULL, 0 },
	};
	struct rig	r;
	int		a = -1;

	(void)state;
	rig_setup(&r, steps, 2, false);
	host_send(r.host, HC_OP_RESET, NULL, 0, cmd_cb, &a, NULL);
	r.guard = loop_add_timer(r.loop, 300, rig_guard, &r);
	loop_run(r.loop);
	rig_check_script(&r);
	assert_true(r.dead);
	assert_non_null(strstr(r.why.msg, "closed"));
	rig_teardown(&r);
}

/* Malformed events are counted and skipped; the host carries on. */
static void
test_malformed_event(void **state)
{
	static const struct step steps[] = {
		{ 'E', "01030c00", 0 },
		{ 'S', "040e0101", 0 },		/* CC too short */
		{ 'S', "043e00", 0 },		/* LE meta, no subevent */
		{ 'S', "040e0401030c00", 0 },
	};
	struct rig	r;
	int		a = -1;

	(void)state;
	rig_setup(&r, steps, sizeof steps / sizeof steps[0], false);
	host_send(r.host, HC_OP_RESET, NULL, 0, cmd_cb, &a, NULL);
	r.guard = loop_add_timer(r.loop, 300, rig_guard, &r);
	loop_run(r.loop);
	rig_check_script(&r);
	assert_int_equal(a, 0);
	assert_int_equal(host_stats(r.host)->malformed, 2);
	assert_false(r.dead);
	rig_teardown(&r);
}

static void
scan_report(const struct hcievt_adv_report *rep, void *arg)
{
	struct rig	*r = arg;

	r->reports++;
	r->last_rssi = rep->rssi;
}

static void
scan_done_stop(const struct ls_errbuf *eb, void *arg)
{
	struct rig	*r = arg;

	r->done = true;
	r->eb = *eb;
}

/* Legacy active scan: parameters, enable, a report, disable. */
static void
test_scan_legacy(void **state)
{
	static const struct step steps[] = {
		/* active, 30 ms interval and window, public, accept all */
		{ 'E', "010b200701300030000000", 0 },
		{ 'S', "040e04010b2000", 0 },
		{ 'E', "010c20020100", 0 },
		{ 'S', "040e04010c2000", 0 },
		/* ADV_IND, random, no data, RSSI -59 */
		{ 'S', "043e0c02010001ffeeddccbbaa00c5", 0 },
		{ 'W', NULL, 50 },
	};
	struct scan_params sp = { 0 };
	struct scan	*sc;
	struct rig	 r;

	(void)state;
	rig_setup(&r, steps, sizeof steps / sizeof steps[0], false);
	r.info.features[4] = 0x60;
	sc = scan_new(r.host, &r.info, &sp, scan_report, &r);
	assert_non_null(sc);
	scan_start(sc, rig_done, &r);
	r.guard = loop_add_timer(r.loop, 500, rig_guard, &r);
	loop_run(r.loop);		/* until started */
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	loop_run(r.loop);		/* until the guard */
	rig_check_script(&r);
	assert_int_equal(r.reports, 1);
	assert_int_equal(r.last_rssi, -59);
	assert_false(scan_extended(sc));
	scan_free(sc);
	rig_teardown(&r);
}

/* Extended scan on 1M + Coded, then stop. */
static void
test_scan_extended_stop(void **state)
{
	static const struct step steps[] = {
		/* own 00, policy 00, PHYs 05, then 2 x (active, 30 ms,
		   30 ms) */
		{ 'E', "0141200d00000501300030000130003000", 0 },
		{ 'S', "040e0401412000", 0 },
		{ 'E', "01422006010000000000", 0 },
		{ 'S', "040e0401422000", 0 },
		{ 'E', "01422006000000000000", 0 },
		{ 'S', "040e0401422000", 0 },
	};
	struct scan_params sp = { 0 };
	struct scan	*sc;
	struct rig	 r;

	(void)state;
	rig_setup(&r, steps, sizeof steps / sizeof steps[0], false);
	r.info.extended_scan = true;
	r.info.coded_phy = true;
	sc = scan_new(r.host, &r.info, &sp, scan_report, &r);
	scan_start(sc, rig_done, &r);
	rig_run(&r);
	assert_int_equal(r.eb.code, LS_OK);
	r.done = false;
	scan_stop(sc, rig_done, &r);
	rig_run(&r);
	rig_check_script(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	assert_true(scan_extended(sc));
	scan_free(sc);
	rig_teardown(&r);
}

/* Shared controller: disable first, a refusal of that is fine. */
static void
test_scan_shared_disable_first(void **state)
{
	static const struct step steps[] = {
		{ 'E', "010c20020000", 0 },
		{ 'S', "040e04010c200c", 0 },	/* disallowed: ignored */
		{ 'E', "010b200701300030000000", 0 },
		{ 'S', "040e04010b2000", 0 },
		{ 'E', "010c20020100", 0 },
		{ 'S', "040e04010c2000", 0 },
	};
	struct scan_params sp = { 0 };
	struct scan	*sc;
	struct rig	 r;

	(void)state;
	rig_setup(&r, steps, sizeof steps / sizeof steps[0], true);
	sc = scan_new(r.host, &r.info, &sp, scan_report, &r);
	scan_start(sc, rig_done, &r);
	rig_run(&r);
	rig_check_script(&r);
	assert_int_equal(r.eb.code, LS_OK);
	scan_free(sc);
	rig_teardown(&r);
}

/* A refused scan enable is an error naming the command. */
static void
test_scan_refused(void **state)
{
	static const struct step steps[] = {
		{ 'E', "010b200701300030000000", 0 },
		{ 'S', "040e04010b200c", 0 },
	};
	struct scan_params sp = { 0 };
	struct scan	*sc;
	struct rig	 r;

	(void)state;
	rig_setup(&r, steps, 2, false);
	sc = scan_new(r.host, &r.info, &sp, scan_report, &r);
	scan_start(sc, scan_done_stop, &r);
	r.guard = loop_add_timer(r.loop, 300, rig_guard, &r);
	loop_run(r.loop);
	rig_check_script(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_EUNAVAIL);
	assert_non_null(strstr(r.eb.msg, "LE Set Scan Parameters"));
	assert_non_null(strstr(r.eb.msg, "command disallowed"));
	scan_free(sc);
	rig_teardown(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_exclusive),
		cmocka_unit_test(test_init_quirk_no_ext),
		cmocka_unit_test(test_init_dual_mode),
		cmocka_unit_test(test_init_reset_timeout),
		cmocka_unit_test(test_init_no_le),
		cmocka_unit_test(test_init_refused),
		cmocka_unit_test(test_init_shared),
		cmocka_unit_test(test_credits),
		cmocka_unit_test(test_zero_credits),
		cmocka_unit_test(test_hardware_error),
		cmocka_unit_test(test_hardware_error_link_up),
		cmocka_unit_test(test_static_random),
		cmocka_unit_test(test_heard_phy),
		cmocka_unit_test(test_hangup),
		cmocka_unit_test(test_malformed_event),
		cmocka_unit_test(test_scan_legacy),
		cmocka_unit_test(test_scan_extended_stop),
		cmocka_unit_test(test_scan_shared_disable_first),
		cmocka_unit_test(test_scan_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
