/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * setup_payload.c - Matter QR, HomeKit setup URI and BLE OOB decoders; sources
 * and the secret-handling rules in setup_payload.h.
 *
 * Matter bit layout (Core spec 1.3 §5.1.3.1, Table 38), read LSB first
 * from the base-38-decoded bytes, as connectedhomeip reads it
 * (project-chip/connectedhomeip:src/setup_payload/
 * QRCodeSetupPayloadParser.cpp, readBits):
 *   version 3 | vendor ID 16 | product ID 16 | custom flow 2 |
 *   discovery capabilities 8 | discriminator 12 | passcode 27 (skipped) |
 *   padding 4 | optional TLV data
 * Base-38 (§5.1.3.2; connectedhomeip src/setup_payload/Base38Decode.cpp):
 * alphabet 0-9 A-Z - . ; 5 characters -> 3 bytes, 4 -> 2, 2 -> 1, the
 * first character least significant, bytes little-endian.
 *
 * HomeKit: 9 base-36 digits (0-9 A-Z, most significant first) hold 45
 * bits: version 3 | reserved 4 | category 8 | flags 4 | setup code 27
 * (skipped), then the 4-character setup ID (HomeKitADK
 * HAPAccessorySetupGetSetupPayload; the same layout in
 * espressif/esp-homekit-sdk tools/setup_payload_gen).
 */
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "nfc/setup_payload.h"
#include "util/cursor.h"
#include "util/text.h"

#define PAYLOAD_MT_BYTES		11	/* 88 bits without TLV data */
#define PAYLOAD_MT_MAX_BYTES	512	/* with TLV data; more is refused */

static const char payload_b38[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.";

static int
payload_b38_val(char ch)
{
	const char	*p;

	if (ch == '\0' || (p = strchr(payload_b38, ch)) == NULL)
		return -1;
	return (int)(p - payload_b38);
}

/* Base-38 decode n characters into out (cap bytes); bytes or -1. */
static long
payload_b38_decode(const char *s, size_t n, uint8_t *out, size_t cap)
{
	size_t		i, j, k, o = 0, nb;
	uint32_t	v;
	int		d;

	for (i = 0; i < n; i += k) {
		k = n - i >= 5 ? 5 : n - i;
		if (k == 5)
			nb = 3;
		else if (k == 4)
			nb = 2;
		else if (k == 2)
			nb = 1;
		else
			return -1;
		v = 0;
		for (j = k; j-- > 0;) {
			if ((d = payload_b38_val(s[i + j])) < 0)
				return -1;
			v = v * 38 + (uint32_t)d;
		}
		if (v >> (8 * nb) != 0 || o + nb > cap)
			return -1;
		for (j = 0; j < nb; j++)
			out[o++] = (uint8_t)(v >> (8 * j));
	}
	return (long)o;
}

/* LSB-first bit reader over the decoded bytes. */
struct payload_bits {
	const uint8_t	*p;
	size_t		 nbits;
	size_t		 pos;
};

static uint32_t
payload_bits_take(struct payload_bits *b, unsigned n)
{
	uint32_t	v = 0;
	unsigned	i;

	for (i = 0; i < n && b->pos < b->nbits; i++, b->pos++)
		v |= (uint32_t)((b->p[b->pos / 8] >> (b->pos % 8)) & 1) << i;
	return v;
}

static void
payload_bits_skip(struct payload_bits *b, unsigned n)
{
	b->pos += n;
}

enum ls_err
payload_matter_qr(const char *s, size_t n, struct payload_matter *out,
    struct ls_errbuf *eb)
{
	uint8_t		 buf[PAYLOAD_MT_MAX_BYTES];
	struct payload_bits	 b;
	const char	*star;
	long		 nb;

	memset(out, 0, sizeof *out);
	if (n < 3 || memcmp(s, "MT:", 3) != 0)
		return LS_MALFORMED(eb, "not a Matter QR payload (no 'MT:')");
	s += 3;
	n -= 3;
	/* A concatenated code separates payloads with '*' (§5.1.3). */
	if ((star = memchr(s, '*', n)) != NULL)
		n = (size_t)(star - s);
	nb = payload_b38_decode(s, n, buf, sizeof buf);
	if (nb < PAYLOAD_MT_BYTES) {
		sodium_memzero(buf, sizeof buf);
		return LS_MALFORMED(eb, "Matter QR payload: %s",
		    nb < 0 ? "bad base-38 text" : "too short");
	}
	b.p = buf;
	b.nbits = (size_t)nb * 8;
	b.pos = 0;
	out->version = (uint8_t)payload_bits_take(&b, 3);
	out->vendor_id = (uint16_t)payload_bits_take(&b, 16);
	out->product_id = (uint16_t)payload_bits_take(&b, 16);
	out->flow = (uint8_t)payload_bits_take(&b, 2);
	out->capabilities = (uint8_t)payload_bits_take(&b, 8);
	out->discriminator = (uint16_t)payload_bits_take(&b, 12);
	payload_bits_skip(&b, 27);		/* setup passcode: never read */
	payload_bits_skip(&b, 4);		/* padding */
	out->has_tlv = nb > PAYLOAD_MT_BYTES;
	sodium_memzero(buf, sizeof buf);
	if (out->version != 0)
		return LS_MALFORMED(eb, "Matter QR payload version %u (only 0 "
		    "is defined)", out->version);
	return LS_OK;
}

enum ls_err
payload_homekit_uri(const char *s, size_t n, struct payload_homekit *out,
    struct ls_errbuf *eb)
{
	uint64_t	v = 0;
	size_t		i;
	int		d;

	memset(out, 0, sizeof *out);
	if (n < 7 || strncasecmp(s, "X-HM://", 7) != 0)
		return LS_MALFORMED(eb, "not a HomeKit setup URI (no "
		    "'X-HM://')");
	s += 7;
	n -= 7;
	if (n != 13)
		return LS_MALFORMED(eb, "HomeKit setup URI: %zu characters "
		    "after the scheme (want 9 + 4)", n);
	for (i = 0; i < 9; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'A' && s[i] <= 'Z')
			d = s[i] - 'A' + 10;
		else {
			sodium_memzero(&v, sizeof v);
			return LS_MALFORMED(eb, "HomeKit setup URI: not a "
			    "base-36 digit at %zu", i + 7);
		}
		v = v * 36 + (uint64_t)d;
	}
	/* Bits 0-26 are the setup code: shifted out, never kept. */
	v >>= 27;
	out->flags = (uint8_t)(v & 0x0f);
	out->category = (uint8_t)((v >> 4) & 0xff);
	out->version = (uint8_t)((v >> 16) & 0x07);
	d = (int)((v >> 19) != 0);
	sodium_memzero(&v, sizeof v);
	if (d)
		return LS_MALFORMED(eb, "HomeKit setup URI: payload over 46 "
		    "bits");
	return LS_OK;
}

enum ls_err
payload_ble_oob(const uint8_t *p, size_t n, struct payload_bleoob *out,
    struct ls_errbuf *eb)
{
	const uint8_t	*d;
	struct cur	 c;
	uint8_t		 len, type;

	memset(out, 0, sizeof *out);
	out->role = -1;
	cur_init(&c, p, n);
	while (cur_left(&c) > 0) {
		len = cur_u8(&c);
		if (len == 0)
			break;		/* zero padding ends the data */
		if (len > cur_left(&c))
			return LS_MALFORMED(eb, "BLE OOB data: AD length %u "
			    "runs past the record", len);
		type = cur_u8(&c);
		d = cur_take(&c, (size_t)len - 1);
		/* AD types: Assigned Numbers §2.3 (CSS Part A §1.x). */
		switch (type) {
		case 0x1b:		/* LE Bluetooth Device Address */
			if (len - 1 == 7) {
				memcpy(out->address, d, 6);
				out->address_type = d[6] & 1;
				out->has_address = true;
			}
			break;
		case 0x1c:		/* LE Role */
			if (len - 1 == 1)
				out->role = d[0];
			break;
		case 0x10:		/* Security Manager TK Value */
			out->has_tk = true;
			break;
		case 0x22:		/* LE SC Confirmation Value */
		case 0x23:		/* LE SC Random Value */
			out->has_sc = true;
			break;
		case 0x08:		/* Shortened Local Name */
		case 0x09:		/* Complete Local Name */
			text_sanitize(d, (size_t)len - 1, out->name,
			    sizeof out->name);
			break;
		default:
			break;
		}
	}
	return LS_OK;
}

bool
payload_is_setup_string(const char *s, size_t n)
{
	return (n >= 3 && strncasecmp(s, "MT:", 3) == 0) ||
	    (n >= 7 && strncasecmp(s, "X-HM://", 7) == 0);
}

/* HAP accessory categories (HomeKitADK HAP/HAP.h, HAPAccessoryCategory). */
static const char *const payload_hk_cats[] = {
	NULL, "other", "bridge", "fan", "garage-door-opener", "lightbulb",
	"door-lock", "outlet", "switch", "thermostat", "sensor",
	"security-system", "door", "window", "window-covering",
	"programmable-switch", "range-extender", "ip-camera",
	"video-doorbell", "air-purifier", "heater", "air-conditioner",
	"humidifier", "dehumidifier", "apple-tv", "homepod", "speaker",
	"airport", "sprinkler", "faucet", "shower-system", "television",
	"remote"
};

const char *
payload_homekit_category(uint8_t c)
{
	if (c >= sizeof payload_hk_cats / sizeof payload_hk_cats[0])
		return NULL;
	return payload_hk_cats[c];
}

const char *
payload_matter_flow(uint8_t f)
{
	switch (f) {
	case 0:
		return "standard";
	case 1:
		return "user-intent";
	case 2:
		return "custom";
	}
	return NULL;
}
