/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_usb_quirks.c - the usb adapter's table of controllers that
 * advertise what they cannot do (adapters/hci_usb.c, after the kernel's
 * drivers/bluetooth/btusb.c), and bring-up honouring it: a transport
 * flagged TRANSPORT_NO_EXT_SCAN scans and connects with legacy commands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

#include <cmocka.h>

#include "adapters/hci_usb.h"
#include "hci/transport.h"

static void
test_quirks(void **state)
{
	const char	*name = NULL;

	(void)state;
	assert_int_equal(usb_hci_quirks(0x10d7, 0xb012, &name),
	    TRANSPORT_NO_EXT_SCAN);
	assert_non_null(name);
	assert_non_null(strstr(name, "ATS2851"));
	name = NULL;
	assert_int_equal(usb_hci_quirks(0x8087, 0x0026, &name), 0);
	assert_null(name);
	assert_int_equal(usb_hci_quirks(0x10d7, 0xb013, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quirks),
	};

	return cmocka_run_group_tests_name("usb_quirks", tests, NULL, NULL);
}
