/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * att_server.h - the emulated peripheral's ATT server over the GATT
 * database of one scenario device (Bluetooth Core 5.4 Vol 3 Part F ATT,
 * Part G GATT).  Pure: one request PDU in, one response PDU out; no
 * timing, no transport (the controller emulator paces and carries PDUs).
 *
 * Database layout (Vol 3 Part G §3), handles from 0x0001 in file order,
 * with no gaps and no GAP/GATT services the scenario does not list:
 *
 *	service declaration	type 0x2800, value = service UUID
 *	  characteristic decl	type 0x2803, value = properties, value
 *				handle, characteristic UUID (§3.3.1)
 *	  characteristic value	type = characteristic UUID
 *	  CCCD (notify/indicate) type 0x2902, value 0x0000 (§3.3.3.3)
 *
 * Declarations and CCCDs are readable by anyone.  A value is readable when
 * the characteristic has the "read" property; security "encrypted"
 * answers Insufficient Encryption and "authenticated" Insufficient
 * Authentication, because the emulated link is never encrypted (the
 * emulator never pairs).
 *
 * Served: Exchange MTU, Find Information, Find By Type Value, Read By
 * Type, Read, Read Blob, Read Multiple, Read By Group Type, Read Multiple
 * Variable Length (when enabled), Write Request (answered, value kept
 * unchanged), Write Command and Signed Write Command (counted, no
 * answer), Handle Value Confirmation (counted).  Other requests get
 * Request Not Supported; other commands are ignored (§3.3.1).
 */
#ifndef LS_EMU_ATT_SERVER_H
#define LS_EMU_ATT_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/scenario.h"

/* Largest PDU eatt_handle() writes: ATT_MTU maximum. */
#define EATT_PDU_MAX	517

struct eatt_db;

/* Per-connection server state, embedded by the caller. */
struct eatt_srv {
	uint16_t	server_mtu;	/* what Exchange MTU offers */
	uint16_t	mtu;		/* ATT_MTU in force (23 at first) */
	bool		mtu_done;	/* Exchange MTU was answered */
	bool		read_mult_var;	/* serve Read Multiple Variable */
	uint64_t	requests;	/* request PDUs received */
	uint64_t	writes;		/* Write Requests and Commands */
	uint64_t	confirms;	/* Handle Value Confirmations */
	uint64_t	errors;		/* Error Responses sent */
	uint64_t	value_reads;	/* characteristic values answered */
	uint64_t	vendor_reads;	/*   of them with a UUID off the
					     Bluetooth Base UUID (vendor) */
};

/*
 * Attribute database of scenario device sb (borrowed: it must outlive the
 * database).  Returns NULL when out of memory.
 */
struct eatt_db	*eatt_db_new(const struct scn_ble *sb);

/* NULL is a no-op. */
void		 eatt_db_free(struct eatt_db *);

/* Number of attributes (the last handle). */
uint16_t	 eatt_db_count(const struct eatt_db *);

/* Value handle of characteristic chr (scn_ble.chars index), 0 if none. */
uint16_t	 eatt_value_handle(const struct eatt_db *, size_t chr);

/* Start a connection: ATT_MTU 23, counters zero. */
void		 eatt_srv_init(struct eatt_srv *, uint16_t server_mtu,
		    bool read_mult_var);

/* True for opcodes that expect a response (requests, §3.4.8). */
bool		 eatt_is_request(uint8_t op);

/*
 * Handle one PDU (pdu/n, borrowed) from the client.  vals[chr] are the
 * current characteristic values (borrowed, as the controller keeps them
 * per state); NULL means the values the file gives.  Writes the response
 * to rsp (EATT_PDU_MAX bytes) and returns its length, never more than the
 * ATT_MTU in force; 0 when the PDU gets no response (commands).
 */
size_t		 eatt_handle(const struct eatt_db *, struct eatt_srv *,
		    const struct scn_setval *const *vals, const uint8_t *pdu,
		    size_t n, uint8_t *rsp);

#endif
