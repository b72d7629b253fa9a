/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * att.h - Attribute Protocol (ATT) constants and PDU layouts, and the
 * pure helpers that name them.
 *
 * Bluetooth Core Specification 5.4, Vol 3, Part F (Attribute Protocol).
 * The shape follows bluez/bluez:src/shared/att-types.h (opcodes as
 * constants, error codes separate); values are from the specification.
 *
 * This header is shared by the GATT client (src/gatt/gatt_client.c), the ATT
 * bearers (src/gatt/att_bearer.c) and capture readers, so it holds no state and
 * no I/O.  Multi-byte fields are little-endian (Vol 3 Part F §3.3).
 */
#ifndef LS_GATT_ATT_H
#define LS_GATT_ATT_H

#include <stddef.h>
#include <stdint.h>

/* Fixed L2CAP channel for ATT on LE, Vol 3 Part A §2.1 Table 2.3. */
#define ATT_CID			0x0004

/*
 * ATT_MTU: the LE default (and minimum) is 23 octets, Vol 3 Part G §5.2.1
 * (GATT) and Vol 3 Part F §3.2.8.  An attribute value is at most 512
 * octets, Vol 3 Part F §3.2.9.  The transaction timeout is 30 s,
 * Vol 3 Part F §3.3.3.
 */
#define ATT_DEFAULT_LE_MTU	23
#define ATT_MAX_MTU		517	/* 512 value octets + opcode/handles */
#define ATT_MAX_VALUE_LEN	512
#define ATT_TRANSACTION_MS	30000

/*
 * Opcodes, Vol 3 Part F §3.4.8 Table 3.37 (Attribute Protocol PDUs).
 * Bit 6 is the Command flag and bit 7 the Authentication Signature flag
 * (§3.3.1); requests and responses differ by one.
 */
enum att_op {
	ATT_OP_ERROR_RSP		= 0x01,	/* §3.4.1.1 */
	ATT_OP_MTU_REQ			= 0x02,	/* §3.4.2.1 */
	ATT_OP_MTU_RSP			= 0x03,	/* §3.4.2.2 */
	ATT_OP_FIND_INFO_REQ		= 0x04,	/* §3.4.3.1 */
	ATT_OP_FIND_INFO_RSP		= 0x05,	/* §3.4.3.2 */
	ATT_OP_FIND_BY_TYPE_REQ		= 0x06,	/* §3.4.3.3 */
	ATT_OP_FIND_BY_TYPE_RSP		= 0x07,	/* §3.4.3.4 */
	ATT_OP_READ_BY_TYPE_REQ		= 0x08,	/* §3.4.4.1 */
	ATT_OP_READ_BY_TYPE_RSP		= 0x09,	/* §3.4.4.2 */
	ATT_OP_READ_REQ			= 0x0A,	/* §3.4.4.3 */
	ATT_OP_READ_RSP			= 0x0B,	/* §3.4.4.4 */
	ATT_OP_READ_BLOB_REQ		= 0x0C,	/* §3.4.4.5 */
	ATT_OP_READ_BLOB_RSP		= 0x0D,	/* §3.4.4.6 */
	ATT_OP_READ_MULT_REQ		= 0x0E,	/* §3.4.4.7 */
	ATT_OP_READ_MULT_RSP		= 0x0F,	/* §3.4.4.8 */
	ATT_OP_READ_BY_GROUP_REQ	= 0x10,	/* §3.4.4.9 */
	ATT_OP_READ_BY_GROUP_RSP	= 0x11,	/* §3.4.4.10 */
	ATT_OP_WRITE_REQ		= 0x12,	/* §3.4.5.1 */
	ATT_OP_WRITE_RSP		= 0x13,	/* §3.4.5.2 */
	ATT_OP_PREP_WRITE_REQ		= 0x16,	/* §3.4.6.1 */
	ATT_OP_PREP_WRITE_RSP		= 0x17,	/* §3.4.6.2 */
	ATT_OP_EXEC_WRITE_REQ		= 0x18,	/* §3.4.6.3 */
	ATT_OP_EXEC_WRITE_RSP		= 0x19,	/* §3.4.6.4 */
	ATT_OP_NOTIFY			= 0x1B,	/* §3.4.7.1 */
	ATT_OP_INDICATE			= 0x1D,	/* §3.4.7.2 */
	ATT_OP_CONFIRM			= 0x1E,	/* §3.4.7.3 */
	ATT_OP_READ_MULT_VAR_REQ	= 0x20,	/* §3.4.4.11 */
	ATT_OP_READ_MULT_VAR_RSP	= 0x21,	/* §3.4.4.12 */
	ATT_OP_MULT_NOTIFY		= 0x23,	/* §3.4.7.4 */
	ATT_OP_WRITE_CMD		= 0x52,	/* §3.4.5.3 */
	ATT_OP_SIGNED_WRITE_CMD		= 0xD2	/* §3.4.5.4 */
};

#define ATT_OP_CMD_FLAG		0x40	/* §3.3.1: no response expected */

/*
 * Error codes, Vol 3 Part F §3.4.1.1 Table 3.4.  0x80-0x9F are
 * application errors, 0xE0-0xFF common profile and service errors
 * (Core Specification Supplement Part B).
 */
enum att_ecode {
	ATT_E_INVALID_HANDLE		= 0x01,
	ATT_E_READ_NOT_PERMITTED	= 0x02,
	ATT_E_WRITE_NOT_PERMITTED	= 0x03,
	ATT_E_INVALID_PDU		= 0x04,
	ATT_E_AUTHENTICATION		= 0x05,	/* Insufficient
						   Authentication */
	ATT_E_REQ_NOT_SUPP		= 0x06,
	ATT_E_INVALID_OFFSET		= 0x07,
	ATT_E_AUTHORIZATION		= 0x08,	/* Insufficient Authorization */
	ATT_E_PREP_QUEUE_FULL		= 0x09,
	ATT_E_NOT_FOUND			= 0x0A,	/* Attribute Not Found */
	ATT_E_NOT_LONG			= 0x0B,	/* Attribute Not Long */
	ATT_E_KEY_SIZE			= 0x0C,	/* Encryption Key Size
						   Too Short */
	ATT_E_INVALID_VALUE_LEN		= 0x0D,
	ATT_E_UNLIKELY			= 0x0E,
	ATT_E_ENCRYPTION		= 0x0F,	/* Insufficient Encryption */
	ATT_E_UNSUPP_GROUP_TYPE		= 0x10,
	ATT_E_RESOURCES			= 0x11,	/* Insufficient Resources */
	ATT_E_DB_OUT_OF_SYNC		= 0x12,
	ATT_E_VALUE_NOT_ALLOWED		= 0x13
};

/*
 * PDU layouts (octet offsets; opcode at 0), Vol 3 Part F §3.4:
 *
 * Error Response (§3.4.1.1), 5 octets:
 *   0 opcode 0x01 | 1 request opcode in error | 2-3 handle in error |
 *   4 error code
 * Exchange MTU Request / Response (§3.4.2.1-2), 3 octets:
 *   0 opcode | 1-2 Client Rx MTU / Server Rx MTU
 * Read By Type Request (§3.4.4.1), 7 or 21 octets:
 *   0 opcode 0x08 | 1-2 starting handle | 3-4 ending handle |
 *   5.. attribute type (2 or 16 octets)
 * Read By Type Response (§3.4.4.2), 4.. octets:
 *   0 opcode 0x09 | 1 length of each pair (2 + value) |
 *   2.. pairs {handle (2), value (length - 2)}; at most ATT_MTU - 2
 * Read Request (§3.4.4.3): 0 opcode 0x0A | 1-2 handle
 * Read Response (§3.4.4.4): 0 opcode 0x0B | 1.. value (<= ATT_MTU - 1)
 * Read Blob Request (§3.4.4.5): 0 opcode 0x0C | 1-2 handle | 3-4 offset
 * Read Blob Response (§3.4.4.6): 0 opcode 0x0D | 1.. part value
 * Read Multiple Request (§3.4.4.7): 0 opcode 0x0E | 1.. handles (>= 2)
 * Read Multiple Response (§3.4.4.8): 0 opcode 0x0F | 1.. values
 *   concatenated, no lengths (so only for values of known size)
 * Read By Group Type Request (§3.4.4.9): as Read By Type, opcode 0x10,
 *   type 0x2800 Primary Service
 * Read By Group Type Response (§3.4.4.10): 0 opcode 0x11 | 1 length |
 *   2.. {handle (2), end group handle (2), value (length - 4)}
 * Read Multiple Variable Length Request (§3.4.4.11): 0 opcode 0x20 |
 *   1.. handles (>= 2)
 * Read Multiple Variable Length Response (§3.4.4.12): 0 opcode 0x21 |
 *   1.. tuples {value length (2), value (that many, truncated to what
 *   fits ATT_MTU - 1)}
 * Handle Value Notification / Indication (§3.4.7.1-2):
 *   0 opcode 0x1B / 0x1D | 1-2 handle | 3.. value
 * Handle Value Confirmation (§3.4.7.3): 0 opcode 0x1E
 * Multiple Handle Value Notification (§3.4.7.4): 0 opcode 0x23 |
 *   1.. tuples {handle (2), length (2), value}
 */
#define ATT_ERROR_RSP_LEN	5
#define ATT_MTU_PDU_LEN		3

/*
 * GATT attribute types, Vol 3 Part G §3.1-3.3 (Assigned Numbers §3.5):
 * service declarations, include, characteristic declaration.
 */
#define ATT_UUID_PRIMARY	0x2800
#define ATT_UUID_SECONDARY	0x2801
#define ATT_UUID_INCLUDE	0x2802
#define ATT_UUID_CHARACTERISTIC	0x2803

/*
 * Characteristic declaration value, Vol 3 Part G §3.3.1 Table 3.4:
 *   0 properties | 1-2 value handle | 3.. UUID (2 or 16 octets)
 * Properties bits, §3.3.1.1 Table 3.5.
 */
enum att_prop {
	ATT_PROP_BROADCAST	= 0x01,
	ATT_PROP_READ		= 0x02,
	ATT_PROP_WRITE_NO_RSP	= 0x04,
	ATT_PROP_WRITE		= 0x08,
	ATT_PROP_NOTIFY		= 0x10,
	ATT_PROP_INDICATE	= 0x20,
	ATT_PROP_SIGNED_WRITE	= 0x40,
	ATT_PROP_EXTENDED	= 0x80
};

/* Static name of an opcode ("Read By Type Request"), "unknown" else. */
const char	*att_op_name(uint8_t op);

/* Static specification name of an error code ("Insufficient Encryption"). */
const char	*att_ecode_name(uint8_t ecode);

/*
 * A reason a technician understands for an ATT error on a read, e.g.
 * "needs pairing or vendor authorization" for Insufficient Encryption,
 * Authentication, Authorization or Key Size.  Static string.
 */
const char	*att_ecode_reason(uint8_t ecode);

/*
 * True when op is a response that can complete a request (an Error
 * Response or an odd opcode in the request/response table), so a bearer
 * can tell responses from server-initiated PDUs.
 */
int		 att_op_is_response(uint8_t op);

/*
 * The property names of a properties octet ("read", "write",
 * "write-without-response", "notify", ...), in bit order, into names[]
 * (at most 8).  Returns how many.  Static strings.
 */
size_t		 att_prop_names(uint8_t props, const char *names[8]);

#endif
