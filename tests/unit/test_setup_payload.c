/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_setup_payload.c - unit tests for src/nfc/setup_payload.c: Matter QR
 * payloads, HomeKit setup URIs and BLE OOB records, with public test vectors,
 * and proof that no decoded result holds the passcode or setup code.
 *
 * Vectors:
 *  - "MT:Y.K9042C00KA0648G00": the connectedhomeip example apps' default
 *    onboarding payload: test VID 0xFFF1, PID 0x8000, discriminator 3840
 *    (0xF00) and passcode 20202021 (CHIP_DEVICE_CONFIG_USE_TEST_SETUP_*
 *    in project-chip/connectedhomeip src/include/platform/
 *    CHIPDeviceConfig.h), BLE; the same vector is the "all-clusters-app
 *    test vector" of independent implementations' test suites.
 *  - "MT:Y.K90EDH025-LI0IQ00": connectedhomeip src/tools/interop/idt
 *    fake-device defaults (discriminator 10, passcode 32966599, no
 *    discovery bits).
 *  - HomeKit: apple/HomeKitADK Tests/HAPAccessorySetupGetSetupPayloadTest.c
 *    TestArgs (setup code 518-08-582, setup ID 7OSX, category 7).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nfc/setup_payload.h"
#include "util/hex.h"

static void
payload_no_secret(const void *obj, size_t n, uint32_t secret)
{
	uint8_t	le[4];

	le[0] = (uint8_t)secret;
	le[1] = (uint8_t)(secret >> 8);
	le[2] = (uint8_t)(secret >> 16);
	le[3] = (uint8_t)(secret >> 24);
	assert_null(memmem(obj, n, le, 4));
	/* Nor the 27-bit field in its other byte order. */
	le[0] = (uint8_t)(secret >> 24);
	le[1] = (uint8_t)(secret >> 16);
	le[2] = (uint8_t)(secret >> 8);
	le[3] = (uint8_t)secret;
	assert_null(memmem(obj, n, le, 4));
}

static struct payload_matter
mt_ok(const char *s)
{
	struct ls_errbuf	eb;
	struct payload_matter	m;

	ls_err_clear(&eb);
	if (payload_matter_qr(s, strlen(s), &m, &eb) != LS_OK) {
		print_error("%s: %s\n", s, eb.msg);
		fail();
	}
	return m;
}

static void
test_matter_vectors(void **state)
{
	struct payload_matter	m;

	(void)state;
	m = mt_ok("MT:Y.K9042C00KA0648G00");
	assert_int_equal(m.version, 0);
	assert_int_equal(m.vendor_id, 0xfff1);
	assert_int_equal(m.product_id, 0x8000);
	assert_int_equal(m.flow, 0);
	assert_int_equal(m.capabilities, PAYLOAD_MATTER_BLE);
	assert_int_equal(m.discriminator, 3840);
	assert_false(m.has_tlv);
	payload_no_secret(&m, sizeof m, 20202021);
	assert_string_equal(payload_matter_flow(m.flow), "standard");

	m = mt_ok("MT:Y.K90EDH025-LI0IQ00");
	assert_int_equal(m.vendor_id, 0xfff1);
	assert_int_equal(m.product_id, 0x8000);
	assert_int_equal(m.capabilities, 0);
	assert_int_equal(m.discriminator, 10);
	payload_no_secret(&m, sizeof m, 32966599);

	/* A concatenated code: the first payload is decoded. */
	m = mt_ok("MT:Y.K9042C00KA0648G00*Y.K90EDH025-LI0IQ00");
	assert_int_equal(m.discriminator, 3840);
}

static void
test_matter_bad(void **state)
{
	static const char *const bad[] = {
		"", "MT", "MT:", "mt:Y.K9042C00KA0648G00",
		"MT:Y.K9042C00KA0648G0",	/* 3 chars in the last chunk */
		"MT:Y.K9042C00KA0648G0a",	/* lower case is not base-38 */
		"MT:Y.K9042C00KA06",		/* too short */
		"MT:.........................",	/* chunk value over 2^24 */
		"X-HM://0071WK4SM7OSX",
	};
	struct ls_errbuf	eb;
	struct payload_matter	m;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ls_err_clear(&eb);
		assert_int_equal(
		    payload_matter_qr(bad[i], strlen(bad[i]), &m, &eb),
		    LS_EMALFORMED);
		assert_int_equal(eb.code, LS_EMALFORMED);
	}
}

static void
test_homekit_vectors(void **state)
{
	static const struct {
		const char	*uri;
		uint8_t		 flags;
	} v[] = {
		/* code 518-08-582, ID 7OSX, not paired, IP, category 7 */
		{ "X-HM://0071WK4SM7OSX", PAYLOAD_HK_IP },
		/* no code, not paired, IP */
		{ "X-HM://00711PP1C0000", PAYLOAD_HK_IP },
		/* no code, paired, IP */
		{ "X-HM://00739MG3K0000", PAYLOAD_HK_PAIRED | PAYLOAD_HK_IP },
		/* code 518-08-582, BLE only */
		{ "X-HM://0076CDMX27OSX", PAYLOAD_HK_BLE },
	};
	struct ls_errbuf	eb;
	struct payload_homekit	h;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		ls_err_clear(&eb);
		assert_int_equal(payload_homekit_uri(v[i].uri, strlen(v[i].uri),
		    &h, &eb), LS_OK);
		assert_int_equal(h.version, 0);
		assert_int_equal(h.category, 7);
		assert_int_equal(h.flags, v[i].flags);
		payload_no_secret(&h, sizeof h, 51808582);
	}
	/* Scheme in lower case is accepted (URIs are case-insensitive). */
	assert_int_equal(payload_homekit_uri("x-hm://0071WK4SM7OSX", 20, &h,
	    NULL), LS_OK);
	assert_string_equal(payload_homekit_category(6), "door-lock");
	assert_string_equal(payload_homekit_category(7), "outlet");
	assert_null(payload_homekit_category(200));
}

static void
test_homekit_bad(void **state)
{
	static const char *const bad[] = {
		"X-HM://", "X-HM://0071WK4SM", "X-HM://0071wk4sm7OSX",
		"X-HM://0071WK4SM7OSXX", "X-HM://ZZZZZZZZZ7OSX", "MT:1234",
	};
	struct payload_homekit	h;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(payload_homekit_uri(bad[i], strlen(bad[i]), &h,
		    NULL), LS_EMALFORMED);
	assert_true(payload_is_setup_string("mt:x", 4));
	assert_true(payload_is_setup_string("X-HM://", 7));
	assert_false(payload_is_setup_string("https://x", 9));
}

static void
test_ble_oob(void **state)
{
	uint8_t			p[64];
	struct payload_bleoob	o;
	long			n;

	(void)state;
	/*
	 * LE address C4:7C:8D:6A:12:01 random (AD 0x1B), role peripheral
	 * (0x1C), TK (0x10, 16 bytes), name "Lock" (0x09): Bluetooth SSP
	 * Using NFC 1.1 §3.3 example layout.
	 */
	n = hex_decode("081b01126a8d7cc401021c00"
	    "1110000102030405060708090a0b0c0d0e0f" "05094c6f636b", p,
	    sizeof p);
	assert_true(n > 0);
	assert_int_equal(payload_ble_oob(p, (size_t)n, &o, NULL), LS_OK);
	assert_true(o.has_address);
	assert_int_equal(o.address[0], 0x01);
	assert_int_equal(o.address[5], 0xc4);
	assert_int_equal(o.address_type, 1);
	assert_int_equal(o.role, 0);
	assert_true(o.has_tk);
	assert_false(o.has_sc);
	assert_string_equal(o.name, "Lock");
	/* The TK value is not anywhere in the result. */
	assert_null(memmem(&o, sizeof o, p + 14, 16));
	/* A length running past the record. */
	assert_int_equal(payload_ble_oob(p, 5, &o, NULL), LS_EMALFORMED);
	/* Zero padding ends the data. */
	memset(p, 0, 8);
	assert_int_equal(payload_ble_oob(p, 8, &o, NULL), LS_OK);
	assert_false(o.has_address);
	assert_int_equal(o.role, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matter_vectors),
		cmocka_unit_test(test_matter_bad),
		cmocka_unit_test(test_homekit_vectors),
		cmocka_unit_test(test_homekit_bad),
		cmocka_unit_test(test_ble_oob),
	};

	return cmocka_run_group_tests_name("setup_payload", tests, NULL, NULL);
}
