/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_usb_frame.c - libFuzzer harness for the USB HCI reassembler
 * (src/hci/usb_frame.c) and the "usb[:VID:PID]" spec parser.
 *
 * Input: byte 0 bit 0 picks the endpoint (0 event, 1 ACL); byte 1 low 4
 * bits give the transfer size (1-16, as an interrupt endpoint's
 * wMaxPacketSize); the rest is the bytes the device sends, cut into
 * transfers of that size.  Checks every packet: header + declared
 * payload == length, within H4_MAX_PKT; and that every byte fed is
 * delivered, dropped or still buffered.  The same bytes, as a string,
 * go through usbf_parse_spec.  Corpus: tests/fuzz/corpus/usb_frame/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hci/hcidef.h"
#include "hci/usb_frame.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fuzz_usbf_seen {
	uint8_t		type;
	uint64_t	bytes;
};

static void
fuzz_usbf_check(uint8_t type, const uint8_t *pkt, size_t len, void *arg)
{
	struct fuzz_usbf_seen	*s = arg;
	size_t			 hlen = h4_header_len(type);

	if (type != s->type || len < hlen || len > H4_MAX_PKT ||
	    len != hlen + h4_payload_len(type, pkt))
		abort();
	s->bytes += len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	static struct usbf_rx	rx;
	struct fuzz_usbf_seen	s;
	struct usbf_match	m;
	char			spec[64];
	size_t			chunk, off, k;

	if (n < 2)
		return 0;
	s.type = (p[0] & 1) ? HC_PKT_ACL : HC_PKT_EVT;
	s.bytes = 0;
	chunk = (size_t)(p[1] & 0x0f) + 1;
	usbf_rx_init(&rx, s.type);
	for (off = 2; off < n; off += k) {
		k = n - off < chunk ? n - off : chunk;
		usbf_rx_feed(&rx, p + off, k, fuzz_usbf_check, &s);
	}
	if (s.bytes + rx.dropped + rx.len != n - 2)
		abort();

	k = n - 2 < sizeof spec - 1 ? n - 2 : sizeof spec - 1;
	memcpy(spec, p + 2, k);
	spec[k] = '\0';
	(void)usbf_parse_spec(spec, "usb", &m, NULL);
	return 0;
}
