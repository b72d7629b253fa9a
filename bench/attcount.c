/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * attcount.c - count the ATT requests a client sent in a btsnoop capture
 * (H4, datalink 1002, as lockscope --capture writes it), for
 * bench/inspect.
 *
 * btsnoop: 16-byte header "btsnoop\0", version and datalink (uint32 BE);
 * records of orig_len, incl_len, flags (bit 0 set = received), drops
 * (uint32 BE each) and a timestamp (int64 BE), then the packet
 * (bluez/bluez:src/shared/btsnoop.h).  An outgoing H4 ACL packet (0x02)
 * starting an L2CAP frame (PB 0b00 or 0b10, Core 5.4 Vol 4 Part E
 * §5.4.2) on channel 0x0004 (Vol 3 Part A §2.1) carries an ATT PDU; its
 * opcode is a request when it is one of the request opcodes of Vol 3
 * Part F §3.4.8 (commands, confirmations and notifications are not).
 *
 * Output: "REQUESTS" and, with -v, one line per request opcode.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t
attcount_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
attcount_is_request(unsigned op)
{
	static const unsigned char reqs[] = { 0x02, 0x04, 0x06, 0x08, 0x0a,
	    0x0c, 0x0e, 0x10, 0x12, 0x16, 0x18, 0x20 };

	return memchr(reqs, (int)op, sizeof reqs) != NULL;
}

int
main(int argc, char **argv)
{
	unsigned char	 hdr[24], pkt[2048];
	FILE		*f;
	uint32_t	 incl, flags;
	unsigned long	 n = 0;
	unsigned	 hf, pb;
	int		 verbose = 0;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		argc--;
		argv++;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: attcount [-v] FILE.btsnoop\n");
		return 64;
	}
	if ((f = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 66;
	}
	if (fread(hdr, 1, 16, f) != 16 || memcmp(hdr, "btsnoop", 8) != 0 ||
	    attcount_be32(hdr + 12) != 1002) {
		fprintf(stderr, "%s: not a btsnoop H4 (1002) capture\n",
		    argv[1]);
		return 65;
	}
	while (fread(hdr, 1, 24, f) == 24) {
		incl = attcount_be32(hdr + 4);
		flags = attcount_be32(hdr + 8);
		if (incl > sizeof pkt || fread(pkt, 1, incl, f) != incl)
			break;
		if ((flags & 1) != 0 || incl < 10 || pkt[0] != 0x02)
			continue;
		hf = pkt[1] | pkt[2] << 8;
		pb = (hf >> 12) & 3;
		if (pb != 0 && pb != 2)
			continue;
		if ((pkt[7] | pkt[8] << 8) != 0x0004)
			continue;
		if (attcount_is_request(pkt[9])) {
			n++;
			if (verbose)
				printf("request 0x%02x\n", pkt[9]);
		}
	}
	fclose(f);
	printf("%lu\n", n);
	return 0;
}
