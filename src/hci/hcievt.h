/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hcievt.h - pure decoders for the HCI events the LE host uses.
 * Bluetooth Core 5.4 Vol 4 Part E §7.7; layouts cross-checked against
 * bluez/bluez:monitor/bt.h (struct bt_hci_evt_*, bt_hci_le_*_adv_report).
 *
 * Every decoder takes the event parameters (after the 2-byte event header)
 * as (bytes, length), checks the length before reading, and copies what it
 * returns: nothing points into the input after the call.  Bad lengths give
 * LS_EMALFORMED with a message naming the event and the field.
 */
#ifndef LS_HCI_HCIEVT_H
#define LS_HCI_HCIEVT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* An event packet split into code and parameters (borrowed). */
struct hcievt {
	uint8_t		 code;
	const uint8_t	*params;	/* points into the packet passed in */
	size_t		 plen;
};

/*
 * Split an event packet (2-byte header + parameters, no H4 indicator).
 * Fails when shorter than the header or when the declared parameter
 * length differs from what is there.
 */
enum ls_err	hcievt_split(const uint8_t *pkt, size_t n, struct hcievt *out,
		    struct ls_errbuf *);

struct hcievt_cmd_complete {
	uint8_t		ncmd;		/* Num_HCI_Command_Packets */
	uint16_t	opcode;		/* 0 = credits only, no command */
	uint8_t		ret[255];	/* return parameters (status first) */
	size_t		ret_len;
};

struct hcievt_cmd_status {
	uint8_t		status;
	uint8_t		ncmd;
	uint16_t	opcode;
};

enum ls_err	hcievt_cmd_complete(const uint8_t *p, size_t n,
		    struct hcievt_cmd_complete *, struct ls_errbuf *);
enum ls_err	hcievt_cmd_status(const uint8_t *p, size_t n,
		    struct hcievt_cmd_status *, struct ls_errbuf *);

/*
 * One advertising report, legacy or extended, in one shape.  Legacy event
 * types are mapped to the extended bit field (Vol 4 Part E §7.7.65.13,
 * "legacy PDU" table), so callers test bits, not two vocabularies.
 */
#define HCIEVT_ADV_DATA_MAX	255

struct hcievt_adv_report {
	uint16_t	evt_type;	/* HC_EXT_EVT_* bits */
	bool		extended;	/* came from an Extended Adv Report */
	uint8_t		addr_type;	/* HC_ADDR_* */
	uint8_t		addr[6];	/* little-endian, as on the wire */
	int8_t		rssi;		/* dBm, HC_RSSI_NONE = unknown */
	int8_t		tx_power;	/* dBm, HC_TXPOWER_NONE = unknown */
	uint8_t		primary_phy;	/* 1 LE 1M, 3 Coded; 1 for legacy */
	uint8_t		secondary_phy;	/* 0 none */
	uint8_t		sid;		/* 0xff none */
	uint16_t	periodic_interval;
	uint8_t		data_len;
	uint8_t		data[HCIEVT_ADV_DATA_MAX];	/* bytes past data_len
						   are unspecified */
};

/* Called once per report, with a report that lives during the call. */
typedef void	(*hcievt_adv_fn)(const struct hcievt_adv_report *, void *arg);

/*
 * Decode the parameters of an LE Meta event whose subevent is
 * HC_LE_ADV_REPORT or HC_LE_EXT_ADV_REPORT (p starts at the subevent
 * code).  Every report is length-checked before fn is called for any of
 * them, so a malformed event delivers nothing.  Legacy data longer than 31
 * bytes and RSSI values the spec reserves are malformed.
 */
enum ls_err	hcievt_adv_reports(const uint8_t *p, size_t n, hcievt_adv_fn fn,
		    void *arg, struct ls_errbuf *);

/* Map a legacy event type (HC_ADV_IND...) to HC_EXT_EVT_* bits; 0 if bad. */
uint16_t	hcievt_legacy_to_ext(uint8_t legacy_type);

/* Static name of an event code or LE subevent, for logs; never NULL. */
const char	*hcievt_name(uint8_t code);
const char	*hcievt_le_name(uint8_t subevent);

#endif
