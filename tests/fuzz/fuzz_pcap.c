/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_pcap.c - libFuzzer harness for the pcap reader and what replay
 * does with its records (tests/fuzz/fuzz_replay.h).  The first input
 * byte picks the link type (bits 0-2: 201, 254, 251, 256, 192), the byte
 * order (bit 3) and nanosecond timestamps (bit 4); the rest follows a
 * valid 24-byte pcap header (the-tcpdump-group/libpcap:sf-pcap.c).
 * Corpus: tests/fuzz/corpus/pcap/.
 */
#include "tests/fuzz/fuzz_replay.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_pcap_put32(uint8_t *p, uint32_t v, int le)
{
	int	i;

	for (i = 0; i < 4; i++)
		p[le ? i : 3 - i] = (uint8_t)(v >> (8 * i));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t	links[5] = { 201, 254, 251, 256, 192 };
	uint8_t			hdr[24] = { 0 };
	uint8_t			*b;
	int			le;

	if (size < 1)
		return 0;
	le = (data[0] >> 3) & 1;
	fuzz_pcap_put32(hdr, data[0] & 0x10 ? 0xa1b23c4dU : 0xa1b2c3d4U, le);
	hdr[le ? 4 : 5] = 2;		/* version 2.4 */
	hdr[le ? 6 : 7] = 4;
	fuzz_pcap_put32(hdr + 16, 65535, le);
	fuzz_pcap_put32(hdr + 20, links[(data[0] & 7) % 5], le);
	b = fuzz_replay_join(hdr, sizeof hdr, data + 1, size - 1);
	fuzz_replay_mem(b, sizeof hdr + size - 1);
	free(b);
	return 0;
}
