/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_pn532.c - unit tests for src/emu/pn532.c, the emulated PN532:
 * frames in, ACK and response frames out, byte for byte as in the PN532
 * User Manual UM0701-02 §6.2 and as libnfc 1.8 sends them
 * (nfc-tools/libnfc:libnfc/drivers/pn532_uart.c, libnfc/chips/pn53x.c);
 * bad frames dropped; listing loops end; faults.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "emu/pn532.h"
#include "emu/scenario.h"
#include "util/hex.h"

#define PT_SCN "{\"scenario\": 1, \"nfc\": [" \
	"{\"id\": \"ntag\", \"atqa\": \"0044\", \"sak\": \"00\", " \
	"\"uid\": \"04a1b2c3d4e5f6\", \"get_version\": \"0004040201000f03\", " \
	"\"pages\": \"04a1b29fc3d4e5f604480000e1101200\"}," \
	"{\"id\": \"card\", \"atqa\": \"0344\", \"sak\": \"20\", " \
	"\"uid\": \"04221144aa5b80\", \"ats\": \"067577810280\"}," \
	"{\"id\": \"f\", \"technology\": \"felica\", " \
	"\"uid\": \"0116040011a1b2c3\", \"system_code\": \"0003\"}," \
	"{\"id\": \"b\", \"technology\": \"nfc-b\", \"uid\": \"5a9e13c4\"}]}"

/* Tg 01, POL_RES 20 bytes: 01, IDm, PMm (zeros), system code 0003. */
#define FELICA_RSP "0000ff18e8d54b010114010116040011a1b2c3" \
	"000000000000000000038400"
/* Tg 01, ATQB 50 PUPI 00000000 008171, ATTRIB_RES length 1: 00. */
#define TYPEB_RSP "0000ff12eed54b0101505a9e13c4000000000081710100cc00"

static struct scn	*pt_scn;

static int
pt_setup(void **state)
{
	(void)state;
	return scn_parse("t.json", PT_SCN, strlen(PT_SCN), &pt_scn, NULL) ==
	    LS_OK ? 0 : -1;
}

static int
pt_teardown(void **state)
{
	(void)state;
	scn_free(pt_scn);
	return 0;
}

/* Frame d (hex: TFI-less command code and params) as the host does. */
static size_t
pt_frame(const char *hex, uint8_t *f)
{
	uint8_t	d[300];
	long	n = hex_decode(hex, d, sizeof d);
	size_t	i, o = 0;
	uint8_t	sum = 0xd4;

	assert_true(n > 0);
	f[o++] = 0x00;
	f[o++] = 0x00;
	f[o++] = 0xff;
	f[o++] = (uint8_t)(n + 1);
	f[o++] = (uint8_t)(0x100 - (n + 1));
	f[o++] = 0xd4;
	for (i = 0; i < (size_t)n; i++) {
		f[o++] = d[i];
		sum = (uint8_t)(sum + d[i]);
	}
	f[o++] = (uint8_t)(0x100 - sum);
	f[o++] = 0x00;
	return o;
}

/* Send a command; the output must be ACK + exactly want_hex. */
static void
pt_cmd(struct pemu *e, const char *cmd, const char *want_hex)
{
	uint8_t		 f[320];
	const uint8_t	*p;
	char		 got[700];
	size_t		 n;

	n = pt_frame(cmd, f);
	pemu_input(e, f, n);
	n = pemu_output(e, &p);
	hex_encode(p, n > 340 ? 340 : n, got);
	if (want_hex != NULL && strcmp(got, want_hex) != 0) {
		print_error("command %s: got %s want %s\n", cmd, got,
		    want_hex);
		fail();
	}
	pemu_consume(e, n);
}

static void
test_open_sequence(void **state)
{
	struct pemu	*e = pemu_new(pt_scn, 0);
	uint8_t		 wake[16] = { 0x55, 0x55 };

	(void)state;
	assert_non_null(e);
	pemu_input(e, wake, sizeof wake);
	/* SAMConfiguration normal mode -> D5 15. */
	pt_cmd(e, "1401", "0000ff00ff00" "0000ff02fed5151600");
	/* Diagnose 0 "libnfc" is echoed. */
	pt_cmd(e, "00006c69626e6663", "0000ff00ff00"
	    "0000ff09f7d501006c69626e6663bc00");
	/* GetFirmwareVersion: PN532 v1.6, support 07. */
	pt_cmd(e, "02", "0000ff00ff00" "0000ff06fad50332010607e800");
	pt_cmd(e, "1214", "0000ff00ff00" "0000ff02fed5131800");
	/* Registers: written values read back. */
	pt_cmd(e, "0863028063038a", "0000ff00ff00" "0000ff02fed5092200");
	pt_cmd(e, "0663026303", "0000ff00ff00" "0000ff04fcd507808a1a00");
	/* Unknown command: application error frame. */
	pt_cmd(e, "56", "0000ff00ff00" "0000ff01ff7f8100");
	/* PowerDown answers a status byte. */
	pt_cmd(e, "16f0", "0000ff00ff00" "0000ff03fdd517001400");
	assert_int_equal(pemu_stats(e)->frames, 8);
	assert_int_equal(pemu_stats(e)->unknown, 1);
	pemu_free(e);
}

static void
test_list_and_exchange(void **state)
{
	struct pemu	*e = pemu_new(pt_scn, 0);
	const uint8_t	*p;

	(void)state;
	pt_cmd(e, "1214", NULL);		/* automatic RATS */
	/* First tag; deselect halts it; second tag with ATS; then none. */
	pt_cmd(e, "4a0100", "0000ff00ff00"
	    "0000ff0ff1d54b01010044000704a1b2c3d4e5f6ca00");
	pt_cmd(e, "4400", "0000ff00ff00" "0000ff03fdd54500e600");
	pt_cmd(e, "4a0100", NULL);
	pt_cmd(e, "4400", NULL);
	pt_cmd(e, "4a0100", "0000ff00ff00" "0000ff03fdd54b00e000");
	/* FeliCa with the system code asked for, then type B. */
	pt_cmd(e, "4a010100ffff0100", "0000ff00ff00" FELICA_RSP);
	pt_cmd(e, "4a010300", "0000ff00ff00" TYPEB_RSP);
	/* Jewel finds nothing. */
	pt_cmd(e, "4a0104", "0000ff00ff00" "0000ff03fdd54b00e000");
	/* Field off wakes them; select the NTAG by cascade-tagged UID. */
	pt_cmd(e, "320100", NULL);
	pt_cmd(e, "320101", NULL);
	pt_cmd(e, "4a01008804a1b2c3d4e5f6", "0000ff00ff00"
	    "0000ff0ff1d54b01010044000704a1b2c3d4e5f6ca00");
	/* READ 3: the CC, then wrapping to page 0 (4 pages of memory). */
	pt_cmd(e, "40013003", "0000ff00ff00" "0000ff13edd54100"
	    "e110120004a1b29fc3d4e5f60448000033" "00");
	pt_cmd(e, "400160", "0000ff00ff00" "0000ff0bf5d541000004040201000f03"
	    "cd00");
	/* READ past the memory: timeout, and the tag stays mute. */
	pt_cmd(e, "40013010", "0000ff00ff00" "0000ff03fdd54101e900");
	pt_cmd(e, "40013000", "0000ff00ff00" "0000ff03fdd54101e900");
	/* The DESFire: SELECT answers 6A82, GET_VERSION nothing here. */
	pt_cmd(e, "4a01008804221144aa5b80", NULL);
	pt_cmd(e, "401100a4040009a000000909acce550100", NULL);
	pt_cmd(e, "400100a4040009a000000909acce550100",
	    "0000ff00ff00" "0000ff05fbd541006a82fe" "00");
	assert_int_equal(pemu_output(e, &p), 0);
	pemu_free(e);
}

static void
test_bad_frames(void **state)
{
	struct pemu	*e = pemu_new(pt_scn, 0);
	const uint8_t	*p;
	uint8_t		 f[64];
	size_t		 n;

	(void)state;
	/* Bad DCS, bad LCS, wrong TFI: dropped without an answer. */
	n = pt_frame("02", f);
	f[n - 2] ^= 1;
	pemu_input(e, f, n);
	n = pt_frame("02", f);
	f[4] ^= 1;
	pemu_input(e, f, n);
	n = pt_frame("02", f);
	f[5] = 0xd5;
	f[n - 2] = (uint8_t)(0x100 - 0xd5 - 0x02);
	pemu_input(e, f, n);
	assert_int_equal(pemu_output(e, &p), 0);
	assert_int_equal(pemu_stats(e)->bad_frames, 3);
	/* A good frame split byte by byte still works. */
	n = pt_frame("02", f);
	for (size_t i = 0; i < n; i++)
		pemu_input(e, f + i, 1);
	assert_int_equal(pemu_output(e, &p), 6 + 13);
	pemu_consume(e, 19);
	/* NACK: the last response again, without an ACK. */
	pemu_input(e, (const uint8_t *)"\x00\x00\xff\xff\x00\x00", 6);
	assert_int_equal(pemu_output(e, &p), 13);
	pemu_consume(e, 13);
	/* Host ACK (abort): nothing. */
	pemu_input(e, (const uint8_t *)"\x00\x00\xff\x00\xff\x00", 6);
	assert_int_equal(pemu_output(e, &p), 0);
	/* Garbage longer than the input buffer is skipped. */
	memset(f, 0x55, sizeof f);
	for (n = 0; n < 40; n++)
		pemu_input(e, f, sizeof f);
	assert_int_equal(pemu_output(e, &p), 0);
	pemu_free(e);
}

static void
test_faults(void **state)
{
	struct pemu	*e;
	const uint8_t	*p;
	uint8_t		 f[64];
	size_t		 n;

	(void)state;
	e = pemu_new(pt_scn, PEMU_FAULT_SILENT);
	n = pt_frame("02", f);
	pemu_input(e, f, n);
	assert_int_equal(pemu_output(e, &p), 0);
	pemu_free(e);

	e = pemu_new(pt_scn, PEMU_FAULT_NO_TAG);
	pt_cmd(e, "4a0100", "0000ff00ff00" "0000ff03fdd54b00e000");
	pemu_free(e);

	/* Malformed: ACK good, response broken three ways in turn. */
	e = pemu_new(pt_scn, PEMU_FAULT_MALFORMED);
	pt_cmd(e, "02", "0000ff00ff00" "0000ff06fad50332010607b200");
	pt_cmd(e, "02", "0000ff00ff00" "0000ff06fbd50332010607e800");
	pt_cmd(e, "02", "0000ff00ff00" "0000ff06fad40332010607e800");
	pemu_free(e);

	assert_int_equal(pemu_fault_parse("no-tag"), PEMU_FAULT_NO_TAG);
	assert_int_equal(pemu_fault_parse("bogus"), 0);
	assert_string_equal(pemu_cmd_name(0x4a), "InListPassiveTarget");
	assert_null(pemu_cmd_name(0x56));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_sequence),
		cmocka_unit_test(test_list_and_exchange),
		cmocka_unit_test(test_bad_frames),
		cmocka_unit_test(test_faults),
	};

	return cmocka_run_group_tests_name("pn532", tests, pt_setup,
	    pt_teardown);
}
