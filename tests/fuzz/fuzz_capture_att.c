/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_capture_att.c - libFuzzer harness for the ATT observer
 * (src/capture/capture_att.c).  The input is a list of operations, each an op
 * byte, a length byte and that many bytes: HCI event, ACL from or to
 * the controller, a CONNECT_IND for access address 0x50654c4b, or a
 * data PDU of that connection (direction and "decrypted" from the op
 * byte).  An HCI connection (handle 0x040) and the LL connection exist
 * from the start, so the bytes reach L2CAP and ATT at once.  Corpus:
 * tests/fuzz/corpus/capture_att/.
 *
 * Checks: the JSON of every device can be built; caps hold.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "capture/capture_att.h"
#include "capture/sniffer_ll.h"
#include "hci/hcidef.h"

#define FUZZ_AA		0x50654c4bU

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t	conn[] = { HC_EVT_LE_META, 19,
	    HC_LE_CONN_COMPLETE, 0, 0x40, 0, 0, 1, 1, 2, 3, 4, 5, 6,
	    0, 0, 0, 0, 0, 0, 0 };
	struct capture_att		*ca;
	struct ll_connect	 con;
	struct ll_pkt		 p;
	const uint8_t		*b;
	size_t			 off = 0, n, i;
	uint8_t			 op;
	cJSON			*j;

	if ((ca = capture_att_new(4)) == NULL)
		abort();
	capture_att_hci_event(ca, 0, conn, sizeof conn);
	memset(&con, 0, sizeof con);
	con.aa = FUZZ_AA;
	con.adv_addr[0] = 9;
	capture_att_ll_connect(ca, &con);
	while (off + 2 <= size) {
		op = data[off];
		n = data[off + 1];
		off += 2;
		if (n > size - off)
			n = size - off;
		b = data + off;
		off += n;
		switch (op & 7) {
		case 0:
			capture_att_hci_event(ca, 0, b, n);
			break;
		case 1:
		case 2:
			capture_att_hci_acl(ca, 0, (op & 7) == 1, b, n, 1);
			break;
		case 3:
			if (n >= 10) {
				memcpy(con.adv_addr, b, 6);
				con.adv_type = b[6] & 1;
				con.aa = FUZZ_AA ^ (b[7] & 1);
				capture_att_ll_connect(ca, &con);
			}
			break;
		default:
			memset(&p, 0, sizeof p);
			p.aa = FUZZ_AA;
			p.pdu = b;
			p.pdu_len = n;
			p.dir = (int)((op >> 4) % 3) - 1;
			p.decrypted = (op & 0x08) != 0;
			p.aux = LL_AUX_NONE;
			p.rssi = HC_RSSI_NONE;
			capture_att_ll_data(ca, &p, 2);
			break;
		}
	}
	for (i = 0; i < capture_att_count(ca); i++) {
		if (capture_att_dev_at(ca, i)->nhandles >
		    CAPTURE_ATT_MAX_HANDLES ||
		    capture_att_dev_at(ca, i)->nwrites > CAPTURE_ATT_MAX_WRITES)
			abort();
		if ((j = capture_att_gatt_json(
		    capture_att_dev_at(ca, i))) == NULL)
			abort();
		cJSON_Delete(j);
		if ((j = capture_att_writes_json(
		    capture_att_dev_at(ca, i))) == NULL)
			abort();
		cJSON_Delete(j);
	}
	capture_att_free(ca);
	return 0;
}
