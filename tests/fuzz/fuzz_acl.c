/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_acl.c - libFuzzer harness for ACL reassembly (conn_reassemble,
 * src/hci/conn.c) and the L2CAP signalling / SMP answers (src/gatt/l2cap.c).
 *
 * The input is a sequence of HCI ACL packets, each prefixed by one
 * length octet.  Every complete frame goes to the answer that its
 * channel would get.  Beyond ASan/UBSan it checks the contract: a frame
 * never exceeds the cap, the buffer never holds more than the cap, and
 * an answer is 0, 2 or 6 octets.  Corpus: tests/fuzz/corpus/acl/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gatt/l2cap.h"
#include "hci/conn.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	static uint8_t		 buf[CONN_MAX_FRAME];
	struct ls_errbuf	 eb;
	const uint8_t		*payload;
	uint8_t			 out[16];
	uint16_t		 handle, cid;
	size_t			 have = 0, plen, len, on;
	bool			 skipping = false;
	int			 r;

	while (n > 0) {
		len = p[0];
		p++;
		n--;
		if (len > n)
			len = n;
		ls_err_clear(&eb);
		r = conn_reassemble(buf, &have, &skipping, p, len, &handle,
		    &cid, &payload, &plen, &eb);
		if (have > CONN_MAX_FRAME)
			abort();
		if (r == 1) {
			if (plen > CONN_MAX_FRAME - 4)
				abort();
			if (cid == L2CAP_CID_LE_SIG)
				on = l2cap_sig_answer(payload, plen, out,
				    sizeof out);
			else
				on = l2cap_smp_answer(payload, plen, out,
				    sizeof out);
			if (on != 0 && on != 2 && on != 6)
				abort();
		} else if (r < 0 && eb.code == LS_OK && !skipping)
			abort();
		p += len;
		n -= len;
	}
	return 0;
}
