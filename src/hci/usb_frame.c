/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * usb_frame.c - HCI over USB framing (Bluetooth Core 5.4 Vol 4 Part B);
 * see usb_frame.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hci/hcidef.h"
#include "hci/usb_frame.h"

static bool
usbf_hex16(const char *s, size_t n, uint16_t *out)
{
	unsigned	v = 0;
	size_t		i;

	if (n == 0 || n > 4)
		return false;
	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return false;
		v = v << 4 | (unsigned)(isdigit((unsigned char)s[i]) ?
		    s[i] - '0' : tolower((unsigned char)s[i]) - 'a' + 10);
	}
	*out = (uint16_t)v;
	return true;
}

enum ls_err
usbf_parse_spec(const char *rest, const char *spec, struct usbf_match *m,
    struct ls_errbuf *eb)
{
	const char	*colon;

	memset(m, 0, sizeof *m);
	if (*rest == '\0') {
		m->any = true;
		return LS_OK;
	}
	if (*rest != ':' || (colon = strchr(rest + 1, ':')) == NULL ||
	    !usbf_hex16(rest + 1, (size_t)(colon - rest - 1), &m->vid) ||
	    !usbf_hex16(colon + 1, strlen(colon + 1), &m->pid))
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': bad USB spec "
		    "(want usb or usb:VID:PID, ids in hex, e.g. "
		    "usb:0a12:0001)", spec);
	return LS_OK;
}

bool
usbf_is_bt_class(uint8_t cls, uint8_t subclass, uint8_t protocol)
{
	return cls == USBF_CLASS && subclass == USBF_SUBCLASS &&
	    protocol == USBF_PROTOCOL;
}

uint8_t
usbf_ep_type(uint8_t address, uint8_t attributes)
{
	switch (attributes & 0x03) {
	case USBF_XFER_INTR:
		return (address & USBF_EP_IN) ? HC_PKT_EVT : 0;
	case USBF_XFER_BULK:
		return HC_PKT_ACL;
	default:
		return 0;
	}
}

bool
usbf_pick_eps(const struct usbf_ep *eps, size_t n, struct usbf_eps *out)
{
	size_t	i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < n; i++) {
		if (usbf_ep_type(eps[i].address, eps[i].attributes) ==
		    HC_PKT_EVT && out->evt_in == 0) {
			out->evt_in = eps[i].address;
			out->evt_max = eps[i].max_packet;
		} else if (usbf_ep_type(eps[i].address, eps[i].attributes) ==
		    HC_PKT_ACL) {
			if ((eps[i].address & USBF_EP_IN) && out->acl_in == 0)
				out->acl_in = eps[i].address;
			else if (!(eps[i].address & USBF_EP_IN) &&
			    out->acl_out == 0)
				out->acl_out = eps[i].address;
		}
	}
	return out->evt_in != 0 && out->evt_max != 0 && out->acl_in != 0 &&
	    out->acl_out != 0;
}

void
usbf_cmd_setup(uint8_t setup[8], uint16_t len, uint16_t interface)
{
	setup[0] = USBF_CMD_REQTYPE;
	setup[1] = 0;			/* bRequest */
	setup[2] = 0;			/* wValue */
	setup[3] = 0;
	setup[4] = (uint8_t)(interface & 0xff);
	setup[5] = (uint8_t)(interface >> 8);
	setup[6] = (uint8_t)(len & 0xff);
	setup[7] = (uint8_t)(len >> 8);
}

void
usbf_rx_init(struct usbf_rx *rx, uint8_t type)
{
	memset(rx, 0, sizeof *rx);
	rx->type = type;
}

void
usbf_rx_reset(struct usbf_rx *rx)
{
	rx->dropped += rx->len;
	rx->len = 0;
}

void
usbf_rx_feed(struct usbf_rx *rx, const uint8_t *p, size_t n,
    h4_packet_fn fn, void *arg)
{
	size_t	hlen = h4_header_len(rx->type), need, take;

	while (n > 0) {
		/* Header first, then the payload it declares. */
		need = hlen;
		if (rx->len >= hlen)
			need += h4_payload_len(rx->type, rx->buf);
		if (need > sizeof rx->buf) {
			rx->dropped += rx->len + n;
			rx->len = 0;
			return;
		}
		take = need - rx->len;
		if (take > n)
			take = n;
		memcpy(rx->buf + rx->len, p, take);
		rx->len += take;
		p += take;
		n -= take;
		if (rx->len < hlen)
			continue;
		if (rx->len == hlen + h4_payload_len(rx->type, rx->buf)) {
			rx->packets++;
			fn(rx->type, rx->buf, rx->len, arg);
			rx->len = 0;
		}
	}
}
