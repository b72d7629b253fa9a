/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * h4.c - H4 framing, Bluetooth Core 5.4 Vol 4 Part A §2.
 *
 * Header layouts (Vol 4 Part E §5.4): command = opcode(2) len(1); ACL =
 * handle/flags(2) len(2); SCO = handle(2) len(1); event = code(1) len(1);
 * ISO (§5.4.5) = handle/flags(2) len(2, low 14 bits).
 */
#include <stdbool.h>
#include <string.h>

#include "hci/h4.h"
#include "hci/hcidef.h"

void
h4_init(struct h4_framer *f)
{
	f->len = 0;
	f->packets = 0;
	f->dropped = 0;
}

size_t
h4_header_len(uint8_t type)
{
	switch (type) {
	case HC_PKT_CMD:
	case HC_PKT_SCO:
		return 3;
	case HC_PKT_ACL:
	case HC_PKT_ISO:
		return 4;
	case HC_PKT_EVT:
		return 2;
	default:
		return 0;
	}
}

size_t
h4_payload_len(uint8_t type, const uint8_t *hdr)
{
	switch (type) {
	case HC_PKT_CMD:
	case HC_PKT_SCO:
		return hdr[2];
	case HC_PKT_ACL:
		return (size_t)(hdr[2] | hdr[3] << 8);
	case HC_PKT_ISO:
		return (size_t)(hdr[2] | (hdr[3] & 0x3f) << 8);
	case HC_PKT_EVT:
		return hdr[1];
	default:
		return 0;
	}
}

/*
 * Could code/len start an event?  A stray byte that looks like the
 * event indicator 0x04 makes the real indicator read as event code 0x04
 * and the real code as a length, swallowing the next packet (often the
 * Reset's completion).  Events with a fixed parameter length (§7.7)
 * catch that: 0x04 Connection Request is always 10 octets.  Code 0x00 is
 * never used.  Variable-length events pass whatever their length (a
 * short Command Complete is the host's to count as malformed: resyncing
 * inside it could find a false indicator), and so do unknown codes:
 * newer controllers add events.
 */
bool
h4_event_plausible(uint8_t code, uint8_t len)
{
	switch (code) {
	case 0x00:
		return false;
	case 0x01:			/* Inquiry Complete */
	case HC_EVT_HARDWARE_ERROR:
	case 0x1a:			/* Data Buffer Overflow */
		return len == 1;
	case 0x02:			/* Inquiry Result: 1 + 14 per */
		return len >= 15 && (len - 1) % 14 == 0;
	case 0x03:			/* Connection Complete */
		return len == 11;
	case 0x04:			/* Connection Request */
		return len == 10;
	case HC_EVT_DISCONN_COMPLETE:
	case 0x08:			/* Encryption Change */
	case HC_EVT_CMD_STATUS:
		return len == 4;
	case 0x06:			/* Authentication Complete */
		return len == 3;
	default:
		return true;
	}
}

/* Drop the first buffered byte and look for a packet start after it. */
static void
h4_resync(struct h4_framer *f)
{
	size_t	i;

	f->dropped++;
	for (i = 1; i < f->len; i++) {
		if (h4_header_len(f->buf[i]) != 0)
			break;
		f->dropped++;
	}
	memmove(f->buf, f->buf + i, f->len - i);
	f->len -= i;
}

void
h4_feed(struct h4_framer *f, const uint8_t *p, size_t n, h4_packet_fn fn,
    void *arg)
{
	size_t	hlen, need, take;

	while (n > 0 || f->len > 0) {
		if (f->len == 0) {
			if (h4_header_len(p[0]) == 0) {
				f->dropped++;
				p++;
				n--;
				continue;
			}
		} else if (h4_header_len(f->buf[0]) == 0) {
			h4_resync(f);
			continue;
		}
		/* Fill up to the header, then up to the whole packet. */
		hlen = h4_header_len(f->len > 0 ? f->buf[0] : p[0]);
		need = 1 + hlen;
		if (f->len >= need) {
			if (f->buf[0] == HC_PKT_EVT &&
			    !h4_event_plausible(f->buf[1], f->buf[2])) {
				h4_resync(f);
				continue;
			}
			need += h4_payload_len(f->buf[0], f->buf + 1);
			if (need > sizeof f->buf) {
				h4_resync(f);
				continue;
			}
		}
		if (f->len < need) {
			if (n == 0)
				return;
			take = need - f->len;
			if (take > n)
				take = n;
			memcpy(f->buf + f->len, p, take);
			f->len += take;
			p += take;
			n -= take;
			continue;
		}
		f->packets++;
		fn(f->buf[0], f->buf + 1, need - 1, arg);
		/* After a resync the buffer may hold bytes past this packet. */
		memmove(f->buf, f->buf + need, f->len - need);
		f->len -= need;
	}
}
