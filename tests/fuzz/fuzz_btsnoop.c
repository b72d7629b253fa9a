/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_btsnoop.c - libFuzzer harness for the btsnoop reader and what
 * replay does with its records (tests/fuzz/fuzz_replay.h).  The first
 * input byte picks the datalink (1001, 1002, 2001, or the input taken
 * as a whole file, header included); the rest follows a valid btsnoop
 * header (bluez/bluez:src/shared/btsnoop.h).  Corpus:
 * tests/fuzz/corpus/btsnoop/.
 */
#include "tests/fuzz/fuzz_replay.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t	links[3] = { 1001, 1002, 2001 };
	uint8_t			hdr[16] = { 'b', 't', 's', 'n', 'o', 'o', 'p',
				    0, 0, 0, 0, 1 };
	uint8_t			*b;
	uint32_t		link;

	if (size < 1)
		return 0;
	if (data[0] % 4 == 3) {
		fuzz_replay_mem(data + 1, size - 1);
		return 0;
	}
	link = links[data[0] % 4];
	hdr[12] = (uint8_t)(link >> 24);
	hdr[13] = (uint8_t)(link >> 16);
	hdr[14] = (uint8_t)(link >> 8);
	hdr[15] = (uint8_t)link;
	b = fuzz_replay_join(hdr, sizeof hdr, data + 1, size - 1);
	fuzz_replay_mem(b, sizeof hdr + size - 1);
	free(b);
	return 0;
}
