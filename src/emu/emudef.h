/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * emudef.h - protocol constants the emulator needs beyond src/hci/hcidef.h:
 * connection commands and events, ACL, L2CAP LE fixed channels, SMP and
 * ATT.  Emulator-only (ED_ prefix) so that they never clash with the
 * host's own definitions.
 *
 * Values from the Bluetooth Core Specification 5.4; the section is named
 * next to each group.
 */
#ifndef LS_EMU_EMUDEF_H
#define LS_EMU_EMUDEF_H

/*
 * Commands (Vol 4 Part E §7.1.6, §7.5.4, §7.8.12, §7.8.13, §7.8.18,
 * §7.8.66).
 */
#define ED_OP_DISCONNECT		0x0406	/* OGF 0x01 OCF 0x0006 */
#define ED_OP_READ_RSSI			0x1405	/* OGF 0x05 OCF 0x0005 */
#define ED_OP_LE_CREATE_CONN		0x200d
#define ED_OP_LE_CREATE_CONN_CANCEL	0x200e
#define ED_OP_LE_CONN_UPDATE		0x2013
#define ED_OP_LE_EXT_CREATE_CONN	0x2043

/* Supported Commands bits: octet, bit (Vol 4 Part E §6.27). */
#define ED_CMDBIT_DISCONNECT		0, 5
#define ED_CMDBIT_READ_RSSI		15, 5
#define ED_CMDBIT_LE_CREATE_CONN	26, 4
#define ED_CMDBIT_LE_CREATE_CONN_CANCEL	26, 5
#define ED_CMDBIT_LE_CONN_UPDATE	27, 2
#define ED_CMDBIT_LE_EXT_CREATE_CONN	37, 7

/* Parameter lengths: §7.8.12 (25 octets), §7.8.66 (10 + 16 per PHY). */
#define ED_CREATE_CONN_LEN		25
#define ED_EXT_CREATE_CONN_BASE		10
#define ED_EXT_CREATE_CONN_PHY		16

/* Events (Vol 4 Part E §7.7.5, §7.7.15, §7.7.19). */
#define ED_EVT_DISCONN_COMPLETE		0x05
#define ED_EVT_CMD_STATUS		0x0f
#define ED_EVT_NUM_COMPLETED		0x13
/* Set Event Mask bit of Disconnection Complete (§7.3.1). */
#define ED_EVMASK_DISCONN_BIT		4

/*
 * LE Meta subevents (§7.7.65.1, .3, .10 and .10 [v2] = 0x29); the LE
 * event mask bit of subevent n is n - 1 (§7.8.1).
 */
#define ED_LE_CONN_COMPLETE		0x01
#define ED_LE_CONN_UPDATE_COMPLETE	0x03
#define ED_LE_ENH_CONN_COMPLETE		0x0a
#define ED_LE_ENH_CONN_COMPLETE_V2	0x29

/* Status and reason codes (Vol 1 Part F §1.3). */
#define ED_ERR_UNKNOWN_CONN		0x02
#define ED_ERR_CONN_TIMEOUT		0x08
#define ED_ERR_REMOTE_USER		0x13
#define ED_ERR_LOCAL_HOST		0x16
/* Connection Failed to be Established. */
#define ED_ERR_CONN_FAILED		0x3e

/* Connection parameter limits (§7.8.12). */
#define ED_CONN_INTERVAL_MIN		0x0006
#define ED_CONN_INTERVAL_MAX		0x0c80
#define ED_CONN_LATENCY_MAX		0x01f3
#define ED_SUPERVISION_MIN		0x000a
#define ED_SUPERVISION_MAX		0x0c80

/*
 * ACL data packets (Vol 4 Part E §5.4.2): Handle 12 bits, Packet_Boundary
 * flag 2 bits, Broadcast flag 2 bits, then a 16-bit length.  On LE-U the
 * host starts a PDU with PB 0b00 and the controller with 0b10; 0b01
 * continues a fragment.
 */
#define ED_ACL_HDR			4
#define ED_PB_START_NOFLUSH		0x0
#define ED_PB_CONT			0x1
#define ED_PB_START_FLUSH		0x2
#define ED_HANDLE_MAX			0x0eff

/* L2CAP basic header and LE fixed channels (Vol 3 Part A §2.1, §3.1). */
#define ED_L2CAP_HDR			4
#define ED_CID_ATT			0x0004
#define ED_CID_LE_SIGNAL		0x0005
#define ED_CID_SMP			0x0006

/* LE signalling commands (Vol 3 Part A §4.1, §4.20, §4.21). */
#define ED_SIG_CMD_REJECT		0x01
#define ED_SIG_CONN_PARAM_REQ		0x12
#define ED_SIG_CONN_PARAM_RSP		0x13
#define ED_SIG_REJECT_NOT_UNDERSTOOD	0x0000

/* SMP (Vol 3 Part H §3.3, §3.5.5, §3.6.7). */
#define ED_SMP_PAIRING_REQ		0x01
#define ED_SMP_PAIRING_FAILED		0x05
#define ED_SMP_SECURITY_REQ		0x0b
#define ED_SMP_NOT_SUPPORTED		0x05	/* Pairing Not Supported */
#define ED_SMP_AUTH_BONDING		0x01	/* AuthReq: bonding */

/* ATT opcodes (Vol 3 Part F §3.4.8). */
#define ED_ATT_ERROR_RSP		0x01
#define ED_ATT_MTU_REQ			0x02
#define ED_ATT_MTU_RSP			0x03
#define ED_ATT_FIND_INFO_REQ		0x04
#define ED_ATT_FIND_INFO_RSP		0x05
#define ED_ATT_FIND_TYPE_REQ		0x06
#define ED_ATT_FIND_TYPE_RSP		0x07
#define ED_ATT_READ_TYPE_REQ		0x08
#define ED_ATT_READ_TYPE_RSP		0x09
#define ED_ATT_READ_REQ			0x0a
#define ED_ATT_READ_RSP			0x0b
#define ED_ATT_READ_BLOB_REQ		0x0c
#define ED_ATT_READ_BLOB_RSP		0x0d
#define ED_ATT_READ_MULT_REQ		0x0e
#define ED_ATT_READ_MULT_RSP		0x0f
#define ED_ATT_READ_GROUP_REQ		0x10
#define ED_ATT_READ_GROUP_RSP		0x11
#define ED_ATT_WRITE_REQ		0x12
#define ED_ATT_WRITE_RSP		0x13
#define ED_ATT_PREP_WRITE_REQ		0x16
#define ED_ATT_EXEC_WRITE_REQ		0x18
#define ED_ATT_NOTIFY			0x1b
#define ED_ATT_INDICATE			0x1d
#define ED_ATT_CONFIRM			0x1e
#define ED_ATT_READ_MULT_VL_REQ		0x20
#define ED_ATT_READ_MULT_VL_RSP		0x21
#define ED_ATT_WRITE_CMD		0x52
#define ED_ATT_SIGNED_WRITE_CMD		0xd2
/* Opcode bit 6: Command flag (§3.3.1). */
#define ED_ATT_CMD_FLAG			0x40

/* ATT error codes (Vol 3 Part F §3.4.1.1). */
#define ED_ATT_E_INVALID_HANDLE		0x01
#define ED_ATT_E_READ_NOT_PERMITTED	0x02
#define ED_ATT_E_WRITE_NOT_PERMITTED	0x03
#define ED_ATT_E_INVALID_PDU		0x04
#define ED_ATT_E_AUTHENTICATION		0x05
#define ED_ATT_E_NOT_SUPPORTED		0x06
#define ED_ATT_E_INVALID_OFFSET		0x07
#define ED_ATT_E_NOT_FOUND		0x0a
#define ED_ATT_E_NOT_LONG		0x0b
#define ED_ATT_E_ENCRYPTION		0x0f
#define ED_ATT_E_UNSUPPORTED_GROUP	0x10

/* ATT_MTU (Vol 3 Part F §3.2.8; Part G §5.2.1): LE default and maximum. */
#define ED_ATT_MTU_MIN			23
#define ED_ATT_MTU_MAX			517

/* GATT attribute types (Vol 3 Part G §3.1, §3.3.1, §3.3.3.3). */
#define ED_UUID_PRIMARY			0x2800
#define ED_UUID_SECONDARY		0x2801
#define ED_UUID_CHARACTERISTIC		0x2803
#define ED_UUID_CCCD			0x2902

#endif
