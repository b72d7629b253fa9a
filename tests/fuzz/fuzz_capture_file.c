/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_capture_file.c - libFuzzer harness for the capture reader
 * (src/capture/capture_file.c): the input is a whole btsnoop, pcap or pcapng
 * file, read from memory with capture_file_open_mem.  Corpus:
 * tests/fuzz/corpus/capture_file/.
 *
 * Checks: at most one more call than the input has bytes reaches the end
 * (every record consumes at least 12 bytes, so anything more is a loop);
 * every HCI packet has a known H4 type (link-layer records a known
 * link type), a direction of 0 or 1, at most
 * CAPTURE_FILE_MAX_RECORD bytes lying inside the input; records == packets +
 * skipped + other; the end, once reached, stays the end.
 */
#include <stdint.h>
#include <stdlib.h>

#include "capture/capture_file.h"
#include "hci/hcidef.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct capture_file			*r;
	struct capture_file_pkt		 pkt;
	const struct capture_file_stats	*st;
	volatile uint8_t		 sink = 0;
	uint64_t			 n = 0, i;
	bool				 eof = false;

	if (capture_file_open_mem(data, size, "fuzz", &r, NULL) != LS_OK) {
		if (r != NULL)
			abort();
		return 0;
	}
	if (capture_file_format(r) == NULL)
		abort();
	for (;;) {
		if (capture_file_next(r, &pkt, &eof, NULL) != LS_OK)
			abort();	/* memory input cannot fail to read */
		if (eof)
			break;
		if (++n > size)
			abort();
		if ((pkt.link == 0 && (pkt.type < HC_PKT_CMD ||
		    pkt.type > HC_PKT_ISO)) ||
		    (pkt.link != 0 && pkt.link != 192 && pkt.link != 251 &&
		    pkt.link != 256) ||
		    (pkt.dir != 0 && pkt.dir != 1) ||
		    pkt.len > CAPTURE_FILE_MAX_RECORD ||
		    pkt.data < data || pkt.data + pkt.len > data + size)
			abort();
		for (i = 0; i < pkt.len; i++)
			sink ^= pkt.data[i];
	}
	(void)sink;
	st = capture_file_stats(r);
	if (st->packets != n ||
	    st->records != st->packets + st->skipped + st->other)
		abort();
	if (capture_file_next(r, &pkt, &eof, NULL) != LS_OK || !eof)
		abort();
	capture_file_free(r);
	return 0;
}
