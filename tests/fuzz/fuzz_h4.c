/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_h4.c - libFuzzer harness for the H4 framer (src/hci/h4.c).
 *
 * Input: byte 0 low 3 bits = k, the number of chunk-size bytes that
 * follow (0: feed the stream in one call); then k sizes, used in turn
 * (size % 64; 0 means an empty feed followed by a 1-byte feed); then the
 * byte stream.  Checks every packet delivered: known type, length equal
 * to header + declared payload, within H4_MAX_PKT; event packets must
 * then pass hcievt_split.  Corpus: tests/fuzz/corpus/h4/.
 * Every byte fed must be delivered, dropped or still buffered (this
 * found the lost-byte bug now covered by test_resync_leftover_byte).
 */
#include <stdint.h>
#include <stdlib.h>

#include "hci/h4.h"
#include "hci/hcidef.h"
#include "hci/hcievt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fuzz_h4_seen {
	uint64_t	packets;
	uint64_t	bytes;		/* indicator + packet */
};

static void
fuzz_h4_check(uint8_t type, const uint8_t *pkt, size_t len, void *arg)
{
	struct fuzz_h4_seen	*s = arg;
	struct hcievt		 ev;
	size_t			 hlen;
	volatile uint8_t	 sink = 0;
	size_t			 i;

	s->packets++;
	s->bytes += 1 + len;
	hlen = h4_header_len(type);
	if (hlen == 0 || len < hlen || len > H4_MAX_PKT)
		abort();
	if (len != hlen + h4_payload_len(type, pkt))
		abort();
	/* Touch every byte so ASan sees a short buffer. */
	for (i = 0; i < len; i++)
		sink ^= pkt[i];
	(void)sink;
	if (type == HC_PKT_EVT && hcievt_split(pkt, len, &ev, NULL) != LS_OK)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct h4_framer	 f;
	struct fuzz_h4_seen	 s = { 0, 0 };
	const uint8_t		*sizes, *p;
	size_t			 k, n, i, chunk;
	uint64_t		 before;

	if (size < 1)
		return 0;
	k = data[0] & 7;
	if (size < 1 + k)
		return 0;
	sizes = data + 1;
	p = data + 1 + k;
	n = size - 1 - k;

	h4_init(&f);
	for (i = 0; n > 0; i++) {
		chunk = k == 0 ? n : sizes[i % k] % 64;
		if (chunk == 0) {
			before = f.packets;
			h4_feed(&f, p, 0, fuzz_h4_check, &s);
			if (f.packets != before)
				abort();
			chunk = 1;
		}
		if (chunk > n)
			chunk = n;
		h4_feed(&f, p, chunk, fuzz_h4_check, &s);
		p += chunk;
		n -= chunk;
	}
	if (s.packets != f.packets || f.len > 1 + H4_MAX_PKT)
		abort();
	if (s.bytes + f.dropped + f.len != size - 1 - k)
		abort();
	return 0;
}
