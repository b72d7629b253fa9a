/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_pcapng.c - libFuzzer harness for the pcapng reader and what
 * replay does with its records (tests/fuzz/fuzz_replay.h).  The first
 * input byte picks the link type of a first interface (201, 254, 251,
 * 256, 192) described by a valid little-endian SHB and IDB
 * (draft-ietf-opsawg-pcapng §4.1, §4.2), or (5-7) takes the input as a
 * whole file; the rest is blocks.  Corpus: tests/fuzz/corpus/pcapng/.
 */
#include "tests/fuzz/fuzz_replay.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t	links[5] = { 201, 254, 251, 256, 192 };
	uint8_t			hdr[48] = {
		/* SHB: type, length 28, byte-order magic, 1.0, no size */
		0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a,
		1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		28, 0, 0, 0,
		/* IDB: type 1, length 20, link, reserved, snaplen 0 */
		1, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0
	};
	uint8_t			*b;

	if (size < 1)
		return 0;
	if (data[0] % 8 >= 5) {
		fuzz_replay_mem(data + 1, size - 1);
		return 0;
	}
	hdr[36] = (uint8_t)links[data[0] % 8];
	hdr[37] = (uint8_t)(links[data[0] % 8] >> 8);
	b = fuzz_replay_join(hdr, sizeof hdr, data + 1, size - 1);
	fuzz_replay_mem(b, sizeof hdr + size - 1);
	free(b);
	return 0;
}
