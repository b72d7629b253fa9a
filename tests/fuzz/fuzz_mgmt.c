/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_mgmt.c - libFuzzer harness for the management protocol decoders
 * (src/hci/mgmt.c): the input is one message as read from the socket.
 * mgmt_decode must accept exactly the messages whose length field
 * matches; a Device Found event's parameters must give an LE report with
 * data within the event, or nothing.  Corpus: tests/fuzz/corpus/mgmt/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hci/hcidef.h"
#include "hci/mgmt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct hcievt_adv_report	r;
	struct mgmt_msg			m;
	uint8_t				buf[MGMT_HDR_LEN + MGMT_MAX_PARAMS];

	if (mgmt_decode(p, n, &m, NULL) == LS_OK) {
		if (n < MGMT_HDR_LEN || m.plen != n - MGMT_HDR_LEN ||
		    m.params != p + MGMT_HDR_LEN)
			abort();
		if (m.code == MGMT_EV_DEVICE_FOUND &&
		    mgmt_device_found(m.params, m.plen, &r) &&
		    (r.data_len > m.plen - 14 ||
		    (r.addr_type != HC_ADDR_PUBLIC &&
		    r.addr_type != HC_ADDR_RANDOM) ||
		    memcmp(r.data, m.params + 14, r.data_len) != 0))
			abort();
		/* Encoding what was decoded gives the same bytes. */
		if (m.plen <= MGMT_MAX_PARAMS &&
		    (mgmt_encode(buf, sizeof buf, m.code, m.index, m.params,
		    m.plen) != n || memcmp(buf, p, n) != 0))
			abort();
	}
	(void)mgmt_device_found(p, n, &r);
	(void)mgmt_is_pairing_event(n > 1 ? (uint16_t)(p[0] | p[1] << 8) :
	    0);
	return 0;
}
