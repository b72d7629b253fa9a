/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * setup_payload.h - setup ("onboarding") payloads found on lock stickers and
 * setup tags, decoded without their secrets.
 *
 *  - Matter QR payload "MT:" + base-38 (Matter Core Specification 1.3
 *    §5.1.3 "QR Code", §5.1.3.1 payload bits, §5.1.3.2 Base-38).
 *  - HomeKit setup URI "X-HM://" + 9 base-36 digits + 4-character
 *    setup ID (HomeKit Accessory Protocol Specification R2 §4.2.1 setup
 *    payload; apple/HomeKitADK:HAP/HAPAccessorySetup.c
 *    HAPAccessorySetupGetSetupPayload).
 *  - Bluetooth LE OOB data in an NDEF MIME record
 *    application/vnd.bluetooth.le.oob (Bluetooth SIG "Bluetooth Secure
 *    Simple Pairing Using NFC" 1.1 §3.3: a sequence of AD structures,
 *    Core Specification Supplement Part A).
 *
 * Secrets: the Matter setup passcode (27 bits) and the HomeKit setup
 * code (27 bits) are skipped as bits and never assembled into a value;
 * the decoded bytes are wiped (sodium_memzero) before returning.  The
 * BLE OOB Security Manager TK and LE Secure Connections confirmation
 * and random values are reported as present, never copied.  The structs
 * below have no field that could hold one.
 */
#ifndef LS_NFC_SETUP_PAYLOAD_H
#define LS_NFC_SETUP_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Matter discovery capabilities bits (Core spec §5.1.1.3, Table 39). */
#define PAYLOAD_MATTER_SOFTAP	0x01
#define PAYLOAD_MATTER_BLE		0x02
#define PAYLOAD_MATTER_ONNETWORK	0x04
#define PAYLOAD_MATTER_WIFIPAF	0x08

struct payload_matter {
	uint8_t		version;	/* 3 bits; 0 is the only one defined */
	uint16_t	vendor_id;
	uint16_t	product_id;
	uint8_t		flow;		/* 0 standard, 1 user intent,
					   2 custom */
	uint8_t		capabilities;	/* PAYLOAD_MATTER_* */
	uint16_t	discriminator;	/* 12 bits */
	bool		has_tlv;	/* optional TLV data follows */
};

/* HomeKit setup payload flags (HAPAccessorySetup.c: bit 0 paired). */
#define PAYLOAD_HK_PAIRED		0x01
#define PAYLOAD_HK_IP		0x02
#define PAYLOAD_HK_BLE		0x04
#define PAYLOAD_HK_WAC		0x08

struct payload_homekit {
	uint8_t		version;	/* 3 bits */
	uint8_t		category;	/* HAP accessory category */
	uint8_t		flags;		/* PAYLOAD_HK_* */
};

struct payload_bleoob {
	bool		has_address;
	uint8_t		address[6];	/* little-endian, as on the air */
	uint8_t		address_type;	/* 0 public, 1 random */
	int		role;		/* LE Role AD value, -1 absent */
	bool		has_tk;		/* Security Manager TK present */
	bool		has_sc;		/* LE SC confirmation/random present */
	char		name[64];	/* local name, sanitised; "" absent */
};

/*
 * Decode a Matter QR string of n bytes ("MT:..." ; a '*' ends the first
 * payload of a concatenated code).  LS_EMALFORMED for anything else.
 */
enum ls_err	payload_matter_qr(const char *s, size_t n,
		    struct payload_matter *out, struct ls_errbuf *eb);

/* Decode "X-HM://..." (scheme case-insensitive).  LS_EMALFORMED else. */
enum ls_err	payload_homekit_uri(const char *s, size_t n,
		    struct payload_homekit *out, struct ls_errbuf *eb);

/* Decode an LE OOB record payload.  LS_EMALFORMED on a bad AD length. */
enum ls_err	payload_ble_oob(const uint8_t *p, size_t n,
		    struct payload_bleoob *out, struct ls_errbuf *eb);

/* True when s (n bytes) starts a Matter or HomeKit setup payload. */
bool		payload_is_setup_string(const char *s, size_t n);

/* HAP accessory category name ("door-lock"), or NULL when unknown. */
const char	*payload_homekit_category(uint8_t);

/* Matter custom flow name: "standard", "user-intent", "custom", NULL. */
const char	*payload_matter_flow(uint8_t);

#endif
