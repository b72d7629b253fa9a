/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_setup_payload.c - libFuzzer harness for src/nfc/setup_payload.c.
 *
 * The first byte picks the decoder (Matter QR, HomeKit URI, BLE OOB);
 * the rest is its input.  Checked: no crash or over-read (ASan), results
 * within their bit widths, a sanitised NUL-terminated OOB name.
 * Corpus: tests/fuzz/corpus/setup_payload/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nfc/setup_payload.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct payload_matter	 m;
	struct payload_homekit	 h;
	struct payload_bleoob	 o;
	char			*s;

	if (n == 0 || n > 2048)
		return 0;
	/* Exact-size copy so ASan sees any read past the string. */
	if ((s = malloc(n - 1 > 0 ? n - 1 : 1)) == NULL)
		abort();
	memcpy(s, p + 1, n - 1);
	switch (p[0] % 3) {
	case 0:
		if (payload_matter_qr(s, n - 1, &m, NULL) == LS_OK &&
		    (m.version != 0 || m.discriminator > 0x0fff ||
		    m.flow > 3))
			abort();
		break;
	case 1:
		if (payload_homekit_uri(s, n - 1, &h, NULL) == LS_OK &&
		    (h.version > 7 || h.flags > 0x0f))
			abort();
		break;
	default:
		if (payload_ble_oob((const uint8_t *)s, n - 1, &o, NULL) ==
		    LS_OK && (memchr(o.name, '\0', sizeof o.name) == NULL ||
		    o.address_type > 1 || o.role > 255))
			abort();
		break;
	}
	free(s);
	return 0;
}
