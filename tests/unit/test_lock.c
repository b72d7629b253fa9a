/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lock.c - combining lock signals (src/adv/lock.c): the most specific
 * family wins, the most specific signal with a pairing state gives it and
 * the evidence says which; battery levels against thresholds.
 *
 * Advertisements are whole AD data.  Sources: HomeKit regular advert per
 * HAP Specification R14 §7.4.2.1 as apple/HomeKitADK:HAP/
 * HAPBLEAccessoryServer+Advertising.c writes it; August manufacturer data
 * per bdraco/yalexs-ble:src/yalexs_ble/const.py (VALID_ADV_VALUES);
 * Appearance per Assigned Numbers §2.6.3.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "adv/devtab.h"
#include "adv/lock.h"
#include "util/hex.h"

static void
dev_from_hex(struct dev *d, const char *hex)
{
	uint8_t	b[128];
	long	n = hex_decode(hex, b, sizeof b);

	assert_true(n >= 0);
	memset(d, 0, sizeof *d);
	ad_parse(b, (size_t)n, &d->ad);
}

/* An advertisement and its scan response, merged as devtab.c does. */
static void
dev_from_hex2(struct dev *d, const char *adv, const char *rsp)
{
	struct ad_info	r;
	uint8_t		b[128];
	long		n;

	dev_from_hex(d, adv);
	n = hex_decode(rsp, b, sizeof b);
	assert_true(n >= 0);
	ad_parse(b, (size_t)n, &r);
	ad_merge(&d->ad, &r);
}

/* Appearance 0x0708 + name: generic lock, pairing not advertised. */
static void
test_generic_appearance(void **state)
{
	struct dev	d;

	(void)state;
	dev_from_hex(&d, "0201060319080709094c6f636b204f6e65");
	assert_true(lock_classify(&d));
	assert_true(d.lock.is_lock);
	assert_string_equal(d.lock.family, "generic");
	assert_string_equal(d.lock.pairing_state, "unknown");
	assert_non_null(strstr(d.lock.evidence, "Door Lock (0x0708)"));
	assert_non_null(strstr(d.lock.evidence, "not advertised"));
	assert_string_equal(d.lock.signals[0], "generic");
	/* Same data again: nothing changed. */
	assert_false(lock_classify(&d));
}

/* Lock-like names, and names that only contain the letters. */
static void
test_generic_names(void **state)
{
	struct dev	d;

	(void)state;
	dev_from_hex(&d, "0909446f6f724c6f636b");	/* "DoorLock" */
	lock_classify(&d);
	assert_true(d.lock.is_lock);
	dev_from_hex(&d, "0909537461726c6f636b");	/* "Starlock" */
	lock_classify(&d);
	assert_false(d.lock.is_lock);
	dev_from_hex(&d, "0b09416c61726d436c6f636b");	/* "AlarmClock" */
	lock_classify(&d);
	assert_false(d.lock.is_lock);
	assert_null(d.lock.family);
	assert_null(d.lock.pairing_state);
	dev_from_hex(&d, "0a094c6f636b2d31413242");	/* "Lock-1A2B" */
	lock_classify(&d);
	assert_true(d.lock.is_lock);
}

/* A lock maker's company ID: generic with the vendor's name. */
static void
test_generic_company(void **state)
{
	struct dev	d;

	(void)state;
	dev_from_hex(&d, "05ff4b01aabb");	/* Master Lock 0x014B */
	lock_classify(&d);
	assert_true(d.lock.is_lock);
	assert_string_equal(d.lock.vendor, "Master Lock");
}

/* Not a lock at all. */
static void
test_not_a_lock(void **state)
{
	struct dev	d;

	(void)state;
	dev_from_hex(&d, "02011a020af40b0957482d31303030584d34");
	lock_classify(&d);
	assert_false(d.lock.is_lock);
	assert_null(d.lock.family);
	assert_int_equal(d.lock.battery_percent, -1);
}

/*
 * A Yale lock also advertising HomeKit (the M1012LU vector of
 * home-assistant/core:tests/components/yalexs_ble/__init__.py): family
 * from the vendor, pairing state from HomeKit, and the evidence says so.
 */
static void
test_yale_with_homekit(void **state)
{
	struct dev	d;

	(void)state;
	dev_from_hex(&d, "02010616ff4c000631005a8f93b2ec8506006900020251ed1df0"
	    "15ffd1010000d1f0623bd81d45d6baee4cdd5df5b2e9");
	lock_classify(&d);
	assert_true(d.lock.is_lock);
	assert_string_equal(d.lock.family, "yale-august");
	assert_string_equal(d.lock.pairing_state, "paired");
	assert_non_null(strstr(d.lock.evidence, "HomeKit status flag"));
	assert_non_null(strstr(d.lock.evidence,
	    "yale-august lock also advertising homekit"));
}

/*
 * Two Apple (0x004C) entries: a HomeKit regular advert (HAP R14
 * §7.4.2.1, category 6 door lock, paired) in one packet and a Nuki
 * door-mode iBeacon (UUID a92ee200-5501-11e4-916c-0800200c9a66,
 * I-Connect/NukiBleEsp32:src/NukiLockConstants.h) in the other, as a
 * HomeKit-capable Nuki sends them.  Both decoders see their frame,
 * whichever packet carries which: the family is Nuki's.
 */
#define HK_PAIRED	"02010612ff4c00062d00a1b2c3d4e5f60600010001020608" \
	"4e756b69"
#define NUKI_BEACON	"1aff4c000215a92ee200550111e4916c0800200c9a66" \
	"2a1b3c4dc4"
static void
test_same_company_twice(void **state)
{
	struct dev	d;
	size_t		i;
	bool		hk, nk;

	(void)state;
	dev_from_hex2(&d, HK_PAIRED, NUKI_BEACON);
	assert_int_equal(d.ad.n_mfr, 2);
	lock_classify(&d);
	assert_true(d.lock.is_lock);
	assert_string_equal(d.lock.family, "nuki");
	assert_string_equal(d.lock.pairing_state, "paired");
	assert_non_null(strstr(d.lock.evidence, "Nuki door mode"));
	hk = nk = false;
	for (i = 0; i < 4 && d.lock.signals[i] != NULL; i++) {
		hk |= strcmp(d.lock.signals[i], "homekit") == 0;
		nk |= strcmp(d.lock.signals[i], "nuki") == 0;
	}
	assert_true(hk && nk);
	/* The other way round: the iBeacon first. */
	dev_from_hex2(&d, "020106" NUKI_BEACON, "12ff4c00062d00a1b2c3d4e5f6"
	    "060001000102");
	lock_classify(&d);
	assert_string_equal(d.lock.family, "nuki");
	assert_string_equal(d.lock.pairing_state, "paired");
	hk = false;
	for (i = 0; i < 4 && d.lock.signals[i] != NULL; i++)
		hk |= strcmp(d.lock.signals[i], "homekit") == 0;
	assert_true(hk);
	/* The HomeKit frame alone: a HomeKit lock. */
	dev_from_hex(&d, HK_PAIRED);
	lock_classify(&d);
	assert_string_equal(d.lock.family, "homekit");
}

/*
 * A vendor's "not a lock" beats a lock-like name: a Nuki Opener (pairing
 * service a92ae100-..., I-Connect/NukiBleEsp32:src/NukiOpenerConstants.h)
 * named "Door Lock".
 */
static void
test_vendor_non_lock_beats_name(void **state)
{
	struct dev	d;

	(void)state;
	dev_from_hex(&d, "1521669a0c2000086c91e41101550" "0e12aa91f2e3d4c"
	    "0a09446f6f72204c6f636b");
	lock_classify(&d);
	assert_false(d.lock.is_lock);
	assert_null(d.lock.family);
}

static void
test_battery_levels(void **state)
{
	struct dev_lock	l;

	(void)state;
	memset(&l, 0, sizeof l);
	l.battery_percent = -1;
	l.battery_mv = -1;
	assert_int_equal(lock_battery_level(&l), LOCK_BATT_UNKNOWN);
	assert_null(lock_battery_level_str(LOCK_BATT_UNKNOWN));
	l.battery_percent = 80;
	assert_int_equal(lock_battery_level(&l), LOCK_BATT_OK);
	l.battery_percent = 29;
	assert_int_equal(lock_battery_level(&l), LOCK_BATT_LOW);
	l.battery_percent = 14;
	assert_int_equal(lock_battery_level(&l), LOCK_BATT_CRITICAL);
	assert_string_equal(lock_battery_level_str(LOCK_BATT_CRITICAL),
	    "critical");
	/* Voltages: pyairbnk profiles.py breakpoints. */
	l.battery_percent = -1;
	l.battery_mv = 6000;	/* M series, 4 cells */
	assert_int_equal(lock_battery_level(&l), LOCK_BATT_OK);
	l.battery_mv = 5000;
	assert_int_equal(lock_battery_level(&l), LOCK_BATT_LOW);
	l.battery_mv = 4500;
	assert_int_equal(lock_battery_level(&l), LOCK_BATT_CRITICAL);
	l.battery_mv = 2800;	/* B100, 2 cells */
	assert_int_equal(lock_battery_level(&l), LOCK_BATT_OK);
	l.battery_mv = 2400;
	assert_int_equal(lock_battery_level(&l), LOCK_BATT_LOW);
	l.battery_mv = 2200;
	assert_int_equal(lock_battery_level(&l), LOCK_BATT_CRITICAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generic_appearance),
		cmocka_unit_test(test_generic_names),
		cmocka_unit_test(test_generic_company),
		cmocka_unit_test(test_not_a_lock),
		cmocka_unit_test(test_yale_with_homekit),
		cmocka_unit_test(test_vendor_non_lock_beats_name),
		cmocka_unit_test(test_same_company_twice),
		cmocka_unit_test(test_battery_levels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
