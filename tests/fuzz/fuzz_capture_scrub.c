/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_capture_scrub.c - libFuzzer harness for the capture scrubber
 * (src/capture/capture_scrub.c).
 *
 * Input: a sequence of packets, each one byte of direction and type
 * (bit 7: received; low bits: H4 type), two bytes of length
 * (little-endian, capped at what is left), then the bytes.  Checks that
 * scrubbing never changes a packet's length or its first four bytes
 * (the HCI ACL header: framing kept) and only ever turns bytes into
 * zeros.  Corpus: tests/fuzz/corpus/capture_scrub/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture_scrub.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct capture_scrub	*s = capture_scrub_new();
	uint8_t			*pkt;
	size_t			 off = 0, len, i;

	if (s == NULL)
		return 0;
	while (off + 3 <= n) {
		len = (size_t)(p[off + 1] | p[off + 2] << 8);
		if (len > n - off - 3)
			len = n - off - 3;
		if ((pkt = malloc(len + 1)) == NULL)
			break;
		memcpy(pkt, p + off + 3, len);
		capture_scrub_packet(s, p[off] >> 7, p[off] & 0x7f, pkt, len);
		for (i = 0; i < len; i++)
			if (pkt[i] != p[off + 3 + i] &&
			    (pkt[i] != 0 || i < 4))
				abort();
		free(pkt);
		off += 3 + len;
	}
	capture_scrub_free(s);
	return 0;
}
