/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_doctor.c - doctor's parsers and checks (src/doctor/), over the
 * recorded fixtures in tests/doctor/<case>/ (sys/, proc/, etc/ and a
 * probe file; each case's README says what it records) and over inputs
 * built by hand.  Run from the top of the tree.
 *
 * CapEff layout: proc(5) "/proc/pid/status"; capability numbers:
 * include/uapi/linux/capability.h (CAP_NET_ADMIN 12, CAP_NET_RAW 13).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "adapters/system_probe.h"
#include "doctor/doctor.h"

static struct doctor_input	g_in;
static struct doctor_report	g_rep;

/* Probe a fixture and run the checks in mode. */
static void
run_case(const char *name, enum doctor_mode mode)
{
	char			path[256];
	struct ls_errbuf	eb;

	snprintf(path, sizeof path, "tests/doctor/%s", name);
	ls_err_clear(&eb);
	if (system_probe(path, &g_in, &eb) != LS_OK)
		fail_msg("%s: %s", name, eb.msg);
	doctor_run(&g_in, mode, &g_rep);
}

static const struct doctor_check *
find(const char *id)
{
	size_t	i;

	for (i = 0; i < g_rep.n; i++)
		if (strcmp(g_rep.check[i].id, id) == 0)
			return &g_rep.check[i];
	fail_msg("no check '%s'", id);
	return NULL;
}

/* Check id has status st, its finding contains what and its fix fix
   (NULL: no requirement). */
static void
expect(const char *id, enum doctor_status st, const char *what,
    const char *fix)
{
	const struct doctor_check	*c = find(id);

	if (c->status != st)
		fail_msg("%s: status %s, want %s (%s)", id,
		    doctor_status_name(c->status), doctor_status_name(st),
		    c->finding);
	if (what != NULL && strstr(c->finding, what) == NULL)
		fail_msg("%s: finding '%s' lacks '%s'", id, c->finding, what);
	if (fix != NULL && strstr(c->fix, fix) == NULL)
		fail_msg("%s: fix '%s' lacks '%s'", id, c->fix, fix);
}

static void
test_nothing(void **state)
{
	(void)state;
	run_case("nothing", DOCTOR_MODE_KERNEL);
	expect("bt-kernel", DOCTOR_FAIL, "no Bluetooth support", "modprobe");
	expect("bt-adapter", DOCTOR_FAIL, "no Bluetooth hardware",
	    "plug in a Bluetooth");
	expect("nfc-reader", DOCTOR_WARN, "no NFC reader", "plug in a USB NFC");
	expect("capabilities", DOCTOR_OK, NULL, NULL);
	expect("nfc-modules", DOCTOR_OK, NULL, NULL);
	assert_false(doctor_ready(&g_rep));
	assert_int_equal(g_rep.n, 12);
}

static void
test_ready(void **state)
{
	(void)state;
	run_case("ready", DOCTOR_MODE_KERNEL);
	expect("bt-adapter", DOCTOR_OK, "hci0", NULL);
	expect("bt-up", DOCTOR_OK, "hci0 up", NULL);
	expect("rfkill", DOCTOR_OK, NULL, NULL);
	expect("nfc-reader", DOCTOR_OK, "SCM SCL3711", NULL);
	expect("libnfc", DOCTOR_OK, "pn53x_usb:001:005", NULL);
	expect("udev", DOCTOR_OK, NULL, NULL);
	assert_true(doctor_ready(&g_rep));
	assert_int_equal(g_rep.count[DOCTOR_WARN], 0);
	assert_int_equal(g_rep.count[DOCTOR_FAIL], 0);
}

static void
test_adapter_down(void **state)
{
	(void)state;
	run_case("adapter-down", DOCTOR_MODE_KERNEL);
	expect("bt-up", DOCTOR_FAIL, "hci0 is down", "sudo hciconfig hci0 up");
	expect("rfkill", DOCTOR_OK, NULL, NULL);
	/* The same state is what the user channel wants. */
	run_case("adapter-down", DOCTOR_MODE_USER);
	expect("bt-up", DOCTOR_OK, "down", NULL);
}

static void
test_rfkill_soft(void **state)
{
	(void)state;
	run_case("rfkill-soft", DOCTOR_MODE_KERNEL);
	expect("rfkill", DOCTOR_FAIL, "soft blocked", "rfkill unblock "
	    "bluetooth");
	expect("bt-up", DOCTOR_FAIL, "rfkill", NULL);
}

static void
test_rfkill_hard(void **state)
{
	(void)state;
	run_case("rfkill-hard", DOCTOR_MODE_KERNEL);
	expect("rfkill", DOCTOR_FAIL, "hard blocked", "wireless switch");
}

static void
test_bluetoothd_owns(void **state)
{
	(void)state;
	run_case("bluetoothd-owns", DOCTOR_MODE_KERNEL);
	expect("bluetoothd", DOCTOR_INFO, "shares the controller", NULL);
	run_case("bluetoothd-owns", DOCTOR_MODE_USER);
	expect("bluetoothd", DOCTOR_FAIL, "bluetoothd owns hci0",
	    "sudo systemctl stop bluetooth");
	expect("bt-up", DOCTOR_FAIL, "needs the adapter down",
	    "sudo hciconfig hci0 down");
	run_case("bluetoothd-owns", DOCTOR_MODE_USB);
	expect("bluetoothd", DOCTOR_FAIL, "USB dongle", "--detach");
	expect("usb-bt", DOCTOR_INFO, "btusb", "--detach");
}

static void
test_no_caps(void **state)
{
	(void)state;
	run_case("no-caps", DOCTOR_MODE_KERNEL);
	expect("capabilities", DOCTOR_FAIL, "CAP_NET_RAW and CAP_NET_ADMIN "
	    "missing", "sudo setcap cap_net_raw,cap_net_admin+eip "
	    "/opt/lockscope/bin/lockscope");
	run_case("no-caps", DOCTOR_MODE_USB);
	expect("capabilities", DOCTOR_INFO, "not needed", NULL);
}

static void
test_pcscd(void **state)
{
	(void)state;
	run_case("pcscd-reader", DOCTOR_MODE_KERNEL);
	expect("pcscd", DOCTOR_FAIL, "holds the ACR122U",
	    "systemctl stop pcscd.socket pcscd");
	expect("libnfc", DOCTOR_FAIL, "sees no reader although", NULL);
	expect("nfc-reader", DOCTOR_OK, "ACS ACR122U", NULL);
}

static void
test_pn533_module(void **state)
{
	(void)state;
	run_case("pn533-module", DOCTOR_MODE_KERNEL);
	expect("nfc-modules", DOCTOR_FAIL, "pn533_usb",
	    "modprobe -r pn533_usb pn533 nfc");
	expect("pcscd", DOCTOR_OK, NULL, NULL);
}

static void
test_dongle_noperm(void **state)
{
	(void)state;
	run_case("dongle-noperm", DOCTOR_MODE_KERNEL);
	expect("usb-bt", DOCTOR_WARN, "cannot be opened: no permission",
	    "70-lockscope.rules");
	expect("nfc-reader", DOCTOR_FAIL, "no permission",
	    "70-lockscope.rules");
	expect("bt-adapter", DOCTOR_WARN, "only --adapter usb", NULL);
	run_case("dongle-noperm", DOCTOR_MODE_USB);
	expect("usb-bt", DOCTOR_FAIL, "0a12:0001", "udevadm trigger");
	expect("bt-kernel", DOCTOR_INFO, "not needed", NULL);
	expect("bt-adapter", DOCTOR_OK, NULL, NULL);
}

static void
test_malformed_fixture(void **state)
{
	struct ls_errbuf	eb;

	(void)state;
	ls_err_clear(&eb);
	assert_int_equal(system_probe("tests/doctor/malformed", &g_in, &eb),
	    LS_EINPUT);
	assert_non_null(strstr(eb.msg, "probe line 1"));
	ls_err_clear(&eb);
	assert_int_equal(system_probe("tests/doctor/no-such-case", &g_in,
	    &eb), LS_EINPUT);
}

static void
test_parse_capeff(void **state)
{
	static const char	ok[] = "Name:\tx\nCapPrm:\t0\n"
				    "CapEff:\t0000000000003000\nCapBnd:\t1\n";
	uint64_t		v = 0;

	(void)state;
	assert_true(doctor_parse_capeff(ok, sizeof ok - 1, &v));
	assert_int_equal(v, 0x3000);
	assert_false(doctor_parse_capeff("CapEff:\tzz\n", 11, &v));
	assert_false(doctor_parse_capeff("CapEff:\t\n", 9, &v));
	assert_false(doctor_parse_capeff("CapEff:\t00000000000000000\n", 26,
	    &v));
	assert_false(doctor_parse_capeff("Name: x\n", 8, &v));
	assert_false(doctor_parse_capeff("", 0, &v));
}

static void
test_parse_modules(void **state)
{
	static const char	m[] = "pn533_usb 20480 0 - Live 0x0\n"
				    "pn533x 1 0 - Live 0\n"
				    "nfc 1 2 pn533, Live 0";
	struct doctor_input	in;

	(void)state;
	memset(&in, 0, sizeof in);
	doctor_parse_modules(m, sizeof m - 1, &in);
	assert_true(in.modules_known);
	assert_true(in.mod_pn533_usb);
	assert_false(in.mod_pn533);	/* pn533x is another module */
	assert_true(in.mod_nfc);
}

static void
test_parse_probe(void **state)
{
	static const char *const bad[] = {
		"af_bluetooth\n", "hci hci9 up\n", "usb 0a12:0001 1:2 bt\n",
		"usb 0a12-0001 1:2 bt access driver\n",
		"usb 0a12:0001 1:256 bt access driver\n",
		"usb 0a12:0001 1:2 xx access driver\n",
		"usb 0a12:0001 1:2 bt maybe driver\n", "libnfc a b\n",
		"frobnicate\n", "exe\n",
	};
	static const char	good[] = "# comment\n\naf_bluetooth yes\r\n"
	    "usb 0A12:0001 1:2 bt access nodriver\nlibnfc acr122_usb:001:002\n"
	    "usb_error no bus here\nexe /x/lockscope\n";
	struct doctor_input	in;
	struct ls_errbuf	eb;
	size_t			i;

	(void)state;
	memset(&in, 0, sizeof in);
	assert_int_equal(doctor_parse_probe(good, sizeof good - 1, &in, NULL),
	    LS_OK);
	assert_true(in.af_bluetooth);
	assert_int_equal(in.nusb, 1);
	assert_int_equal(in.usb[0].vid, 0x0a12);
	assert_int_equal(in.usb[0].bus, 1);
	assert_int_equal(in.usb[0].addr, 2);
	assert_true(in.usb[0].bt_class && in.usb[0].access);
	assert_false(in.usb[0].driver);
	assert_int_equal(in.nnfc, 1);
	assert_string_equal(in.nfc[0], "acr122_usb:001:002");
	assert_false(in.usb_ok);
	assert_string_equal(in.usb_err, "no bus here");
	assert_string_equal(in.exe, "/x/lockscope");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&in, 0, sizeof in);
		ls_err_clear(&eb);
		if (doctor_parse_probe(bad[i], strlen(bad[i]), &in, &eb) !=
		    LS_EINPUT)
			fail_msg("accepted '%s'", bad[i]);
		assert_non_null(strstr(eb.msg, "probe line 1"));
	}
}

/* Hand-built: a dongle free for --adapter usb, no kernel at all. */
static void
test_usb_mode_free_dongle(void **state)
{
	struct doctor_input	in;
	struct doctor_report	r;

	(void)state;
	memset(&in, 0, sizeof in);
	in.usb_ok = in.libnfc_ok = true;
	in.nusb = 1;
	in.usb[0].vid = 0x0a12;
	in.usb[0].pid = 0x0001;
	in.usb[0].bt_class = true;
	in.usb[0].access = true;
	doctor_run(&in, doctor_mode_of("usb:0a12:0001"), &r);
	assert_int_equal(r.check[6].status, DOCTOR_OK);
	assert_string_equal(r.check[6].id, "usb-bt");
	assert_int_equal(r.count[DOCTOR_FAIL], 0);
}

static void
test_kinds_and_modes(void **state)
{
	struct doctor_usb	u;
	const char		*name;

	(void)state;
	memset(&u, 0, sizeof u);
	u.vid = 0x072f;
	u.pid = 0x2200;
	assert_int_equal(doctor_usb_kind(&u, &name), DOCTOR_USB_NFC_ACR122);
	assert_string_equal(name, "ACS ACR122U");
	u.vid = 0x04cc;
	u.pid = 0x2533;
	assert_int_equal(doctor_usb_kind(&u, NULL), DOCTOR_USB_NFC_PN53X);
	u.vid = 0x1d6b;
	u.pid = 0x0002;
	assert_int_equal(doctor_usb_kind(&u, NULL), DOCTOR_USB_OTHER);
	u.bt_class = true;
	assert_int_equal(doctor_usb_kind(&u, NULL), DOCTOR_USB_BT);
	assert_int_equal(doctor_mode_of(NULL), DOCTOR_MODE_KERNEL);
	assert_int_equal(doctor_mode_of("hci1"), DOCTOR_MODE_KERNEL);
	assert_int_equal(doctor_mode_of("user:hci0"), DOCTOR_MODE_USER);
	assert_int_equal(doctor_mode_of("usb"), DOCTOR_MODE_USB);
	assert_int_equal(doctor_mode_of("h4:unix:/x"), DOCTOR_MODE_OTHER);
}

/* The udev rule grants access to every reader the table knows. */
static void
test_udev_rule_in_step(void **state)
{
	char		 buf[8192], want[96];
	size_t		 n, i;
	uint16_t	 vid, pid;
	FILE		*f;

	(void)state;
	f = fopen("scripts/70-lockscope.rules", "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (i = 0; doctor_usb_known_at(i, &vid, &pid); i++) {
		snprintf(want, sizeof want, "ATTR{idVendor}==\"%04x\", "
		    "ATTR{idProduct}==\"%04x\"", vid, pid);
		if (strstr(buf, want) == NULL)
			fail_msg("70-lockscope.rules lacks %04x:%04x",
			    vid, pid);
	}
	assert_true(i >= 9);
	assert_non_null(strstr(buf, "ATTR{bDeviceClass}==\"e0\""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing),
		cmocka_unit_test(test_ready),
		cmocka_unit_test(test_adapter_down),
		cmocka_unit_test(test_rfkill_soft),
		cmocka_unit_test(test_rfkill_hard),
		cmocka_unit_test(test_bluetoothd_owns),
		cmocka_unit_test(test_no_caps),
		cmocka_unit_test(test_pcscd),
		cmocka_unit_test(test_pn533_module),
		cmocka_unit_test(test_dongle_noperm),
		cmocka_unit_test(test_malformed_fixture),
		cmocka_unit_test(test_parse_capeff),
		cmocka_unit_test(test_parse_modules),
		cmocka_unit_test(test_parse_probe),
		cmocka_unit_test(test_usb_mode_free_dongle),
		cmocka_unit_test(test_kinds_and_modes),
		cmocka_unit_test(test_udev_rule_in_step),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
