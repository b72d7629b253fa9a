/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_mgmt.c - the Linux Bluetooth management protocol (src/hci/mgmt.c)
 * against a scripted kernel: a SOCK_SEQPACKET socketpair stands in for
 * the HCI_CHANNEL_CONTROL socket, and the script expects exact commands
 * (E), sends answers and events (S, or R for a Read Controller
 * Information answer with the given current settings), BlueZ's
 * unit/test-mgmt.c habit.  Layouts: BlueZ doc/mgmt-api.txt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "hci/hcidef.h"
#include "hci/mgmt.h"
#include "util/cursor.h"
#include "util/hex.h"
#include "util/loop.h"

struct step {
	char		 op;		/* E, S, R */
	const char	*hex;
	uint32_t	 settings;	/* R */
};

struct rig {
	struct loop		*loop;
	struct mgmt		*m;
	int			 peer;
	unsigned		 peer_id;
	const struct step	*steps;
	size_t			 n, i;
	char			 fail[2400];
	/* results */
	bool			 done;
	struct ls_errbuf	 eb;
	unsigned		 found, pairing, events;
	struct hcievt_adv_report last;
};

static void
rig_send_read_info(struct rig *r, uint32_t settings)
{
	uint8_t	msg[MGMT_HDR_LEN + 3 + 280];

	memset(msg, 0, sizeof msg);
	put_le16(msg, MGMT_EV_CMD_COMPLETE);
	put_le16(msg + 2, 0);
	put_le16(msg + 4, 3 + 280);
	put_le16(msg + 6, MGMT_OP_READ_INFO);
	msg[8] = MGMT_STATUS_SUCCESS;
	/* address(6) version(1) manufacturer(2) supported(4) current(4) */
	msg[9 + 6] = 0x0c;
	put_le32(msg + 9 + 9, 0x0001ffff);
	put_le32(msg + 9 + 13, settings);
	assert_int_equal(write(r->peer, msg, sizeof msg), sizeof msg);
}

static void
rig_run_steps(struct rig *r)
{
	uint8_t	buf[512];
	long	n;

	while (r->i < r->n && r->steps[r->i].op != 'E') {
		if (r->steps[r->i].op == 'R')
			rig_send_read_info(r, r->steps[r->i].settings);
		else {
			n = hex_decode(r->steps[r->i].hex, buf, sizeof buf);
			assert_true(n > 0);
			assert_int_equal(write(r->peer, buf, (size_t)n), n);
		}
		r->i++;
	}
}

static void
rig_readable(int fd, short revents, void *arg)
{
	struct rig	*r = arg;
	uint8_t		 buf[512];
	char		 got[2 * 512 + 1];
	ssize_t		 n;

	(void)revents;
	if ((n = read(fd, buf, sizeof buf)) <= 0)
		return;
	hex_encode(buf, (size_t)n, got);
	if (r->i >= r->n || r->steps[r->i].op != 'E') {
		snprintf(r->fail, sizeof r->fail, "step %zu: unexpected %s",
		    r->i, got);
		loop_stop(r->loop);
		return;
	}
	if (strcmp(got, r->steps[r->i].hex) != 0) {
		snprintf(r->fail, sizeof r->fail, "step %zu: want %s, got %s",
		    r->i, r->steps[r->i].hex, got);
		loop_stop(r->loop);
		return;
	}
	r->i++;
	rig_run_steps(r);
}

static void
rig_event(uint16_t code, const uint8_t *p, size_t n, void *arg)
{
	struct rig	*r = arg;

	r->events++;
	if (code == MGMT_EV_DEVICE_FOUND && mgmt_device_found(p, n, &r->last))
		r->found++;
	if (mgmt_is_pairing_event(code))
		r->pairing++;
}

static void
rig_setup(struct rig *r, const struct step *steps, size_t n)
{
	int	sv[2];

	memset(r, 0, sizeof *r);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC,
	    0, sv), 0);
	r->loop = loop_new();
	assert_non_null(r->loop);
	r->m = mgmt_new(r->loop, sv[0], 0);
	assert_non_null(r->m);
	mgmt_set_timeout(r->m, 100);
	mgmt_set_events(r->m, rig_event, r);
	r->peer = sv[1];
	r->peer_id = loop_add_fd(r->loop, r->peer, 0x001, rig_readable, r);
	r->steps = steps;
	r->n = n;
	rig_run_steps(r);
}

static void
rig_done(const struct ls_errbuf *eb, void *arg)
{
	struct rig	*r = arg;

	r->done = true;
	r->eb = *eb;
	loop_stop(r->loop);
}

static void
rig_stop(void *arg)
{
	loop_stop(arg);
}

/* Run until done (or 1 s), then let late messages arrive for 30 ms. */
static void
rig_run(struct rig *r)
{
	unsigned	guard;

	guard = loop_add_timer(r->loop, 1000, rig_stop, r->loop);
	r->done = false;
	loop_run(r->loop);
	loop_cancel_timer(r->loop, guard);
	loop_add_timer(r->loop, 30, rig_stop, r->loop);
	loop_run(r->loop);
}

static void
rig_check(struct rig *r)
{
	if (r->fail[0] != '\0')
		fail_msg("%s", r->fail);
	if (r->i != r->n)
		fail_msg("script stopped at step %zu of %zu", r->i, r->n);
}

static void
rig_teardown(struct rig *r)
{
	mgmt_free(r->m);
	loop_remove_fd(r->loop, r->peer_id);
	close(r->peer);
	loop_free(r->loop);
}

/* Start Discovery (LE), Device Found events, Stop Discovery. */
static const struct step discovery[] = {
	{ 'E', "23000000010006", 0 },
	/* a status for another opcode, and an event for hci1: ignored */
	{ 'S', "0200000003000500" "00", 0 },
	{ 'S', "120001001100010203" "0405c602c40000000003000201" "06", 0 },
	{ 'S', "010000000400230000" "06", 0 },
	/* Device Found: C6:05:04:03:02:01 random, -60 dBm, flags AD */
	{ 'S', "120000001100010203" "0405c602c40000000003000201" "06", 0 },
	/* BR/EDR: not an LE report */
	{ 'S', "1200000011000102030405c600c40000000003000201" "06", 0 },
	/* a pairing event */
	{ 'S', "0f0000000c000102030405c6020000000000", 0 },
	{ 'E', "24000000010006", 0 },
	{ 'S', "010000000400240000" "06", 0 },
};

static void
test_discovery(void **state)
{
	struct rig	r;

	(void)state;
	rig_setup(&r, discovery, sizeof discovery / sizeof discovery[0]);
	assert_true(mgmt_discovery(r.m, true, rig_done, &r));
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	assert_int_equal(r.found, 1);
	assert_int_equal(r.last.addr[5], 0xc6);
	assert_int_equal(r.last.addr_type, HC_ADDR_RANDOM);
	assert_int_equal(r.last.rssi, -60);
	assert_int_equal(r.last.data_len, 3);
	assert_true(r.last.evt_type & HC_EXT_EVT_CONNECTABLE);
	assert_int_equal(r.pairing, 1);
	assert_true(mgmt_discovery(r.m, false, rig_done, &r));
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	rig_check(&r);
	rig_teardown(&r);
}

/* Bondable on: turned off for the read, then restored. */
static const struct step bond_on[] = {
	{ 'E', "040000000000", 0 },
	{ 'R', NULL, MGMT_SETTING_POWERED | MGMT_SETTING_BONDABLE |
	    MGMT_SETTING_LE },
	{ 'E', "09000000010000", 0 },
	{ 'S', "0100000007000900000102" "0000", 0 },
	{ 'E', "09000000010001", 0 },
	{ 'S', "0100000007000900001102" "0000", 0 },
};

static void
test_bondable_off_restore(void **state)
{
	struct rig	r;
	bool		was_on = false;

	(void)state;
	rig_setup(&r, bond_on, sizeof bond_on / sizeof bond_on[0]);
	assert_true(mgmt_bondable_off(r.m, &was_on, rig_done, &r));
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	assert_true(was_on);
	assert_true(mgmt_bondable(r.m, true, rig_done, &r));
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	rig_check(&r);
	rig_teardown(&r);
}

/* Bondable already off: nothing is changed, nothing to restore. */
static const struct step bond_off[] = {
	{ 'E', "040000000000", 0 },
	{ 'R', NULL, MGMT_SETTING_POWERED | MGMT_SETTING_LE },
};

static void
test_bondable_already_off(void **state)
{
	struct rig	r;
	bool		was_on = true;

	(void)state;
	rig_setup(&r, bond_off, sizeof bond_off / sizeof bond_off[0]);
	assert_true(mgmt_bondable_off(r.m, &was_on, rig_done, &r));
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	assert_false(was_on);
	rig_check(&r);
	rig_teardown(&r);
}

/* Refused (Permission Denied, Command Status) and unanswered. */
static const struct step refused[] = {
	{ 'E', "23000000010006", 0 },
	{ 'S', "020000000300230014", 0 },
	{ 'E', "23000000010006", 0 },
};

static void
test_refused_and_timeout(void **state)
{
	struct rig	r;

	(void)state;
	rig_setup(&r, refused, sizeof refused / sizeof refused[0]);
	assert_true(mgmt_discovery(r.m, true, rig_done, &r));
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_EPERM);
	assert_non_null(strstr(r.eb.msg, "permission denied"));
	assert_true(mgmt_discovery(r.m, true, rig_done, &r));
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_EUNAVAIL);
	assert_non_null(strstr(r.eb.msg, "did not answer"));
	rig_check(&r);
	rig_teardown(&r);
}

static void
test_pure(void **state)
{
	static const uint8_t		 shortmsg[] = { 1, 0, 0, 0, 5 };
	static const uint8_t		 badlen[] = { 1, 0, 0, 0, 5, 0, 1 };
	struct mgmt_msg			 m;
	struct ls_errbuf		 eb;
	struct hcievt_adv_report	 r;
	uint8_t				 buf[64];
	size_t				 n;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(mgmt_decode(shortmsg, sizeof shortmsg, &m, &eb),
	    LS_EMALFORMED);
	assert_int_equal(mgmt_decode(badlen, sizeof badlen, &m, &eb),
	    LS_EMALFORMED);
	n = mgmt_encode(buf, sizeof buf, MGMT_OP_SET_BONDABLE, 3, "\1", 1);
	assert_int_equal(n, 7);
	assert_int_equal(mgmt_decode(buf, n, &m, &eb), LS_OK);
	assert_int_equal(m.code, MGMT_OP_SET_BONDABLE);
	assert_int_equal(m.index, 3);
	assert_int_equal(m.plen, 1);
	assert_int_equal(mgmt_encode(buf, 8, 1, 0, buf, 3), 0);
	assert_true(mgmt_is_pairing_event(MGMT_EV_NEW_LONG_TERM_KEY));
	assert_true(mgmt_is_pairing_event(MGMT_EV_PASSKEY_NOTIFY));
	assert_false(mgmt_is_pairing_event(MGMT_EV_DEVICE_FOUND));
	/* EIR length past the event: refused. */
	memset(buf, 0, sizeof buf);
	buf[6] = MGMT_ADDR_LE_PUBLIC;
	buf[12] = 5;
	assert_false(mgmt_device_found(buf, 16, &r));
	assert_true(mgmt_device_found(buf, 19, &r));
	assert_int_equal(r.addr_type, HC_ADDR_PUBLIC);
	assert_string_equal(mgmt_status_str(0x14), "permission denied");
	assert_string_equal(mgmt_status_str(0xee), "error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discovery),
		cmocka_unit_test(test_bondable_off_restore),
		cmocka_unit_test(test_bondable_already_off),
		cmocka_unit_test(test_refused_and_timeout),
		cmocka_unit_test(test_pure),
	};

	return cmocka_run_group_tests_name("mgmt", tests, NULL, NULL);
}
