/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hcidef.h - HCI constants used by the host and the controller emulator.
 *
 * Values from the Bluetooth Core Specification 5.4, Vol 4 Part E §7
 * (commands and events) and Vol 4 Part A §2 (H4 packet indicators).
 * Names carry an HC_ prefix so they never clash with libbluetooth's
 * <bluetooth/hci.h> macros.
 */
#ifndef LS_HCI_HCIDEF_H
#define LS_HCI_HCIDEF_H

/* H4 packet indicators (Vol 4 Part A §2). */
#define HC_PKT_CMD		0x01
#define HC_PKT_ACL		0x02
#define HC_PKT_SCO		0x03
#define HC_PKT_EVT		0x04
#define HC_PKT_ISO		0x05

#define HC_OP(ogf, ocf)		((uint16_t)((ogf) << 10 | (ocf)))
#define HC_OGF(op)		((op) >> 10)
#define HC_OCF(op)		((op) & 0x03ff)

/* Link Control (OGF 0x01). */
#define HC_OP_DISCONNECT		HC_OP(0x01, 0x0006)
/* Controller & Baseband (OGF 0x03). */
#define HC_OP_SET_EVENT_MASK		HC_OP(0x03, 0x0001)
#define HC_OP_RESET			HC_OP(0x03, 0x0003)
#define HC_OP_WRITE_LE_HOST_SUPPORTED	HC_OP(0x03, 0x006d)
/* Informational (OGF 0x04). */
#define HC_OP_READ_LOCAL_VERSION	HC_OP(0x04, 0x0001)
#define HC_OP_READ_LOCAL_COMMANDS	HC_OP(0x04, 0x0002)
#define HC_OP_READ_LOCAL_FEATURES	HC_OP(0x04, 0x0003)
#define HC_OP_READ_BUFFER_SIZE		HC_OP(0x04, 0x0005)
#define HC_OP_READ_BD_ADDR		HC_OP(0x04, 0x0009)
/* Status parameters (OGF 0x05). */
#define HC_OP_READ_RSSI			HC_OP(0x05, 0x0005)
/* LE Controller (OGF 0x08). */
#define HC_OP_LE_SET_EVENT_MASK		HC_OP(0x08, 0x0001)
#define HC_OP_LE_READ_BUFFER_SIZE	HC_OP(0x08, 0x0002)
#define HC_OP_LE_READ_LOCAL_FEATURES	HC_OP(0x08, 0x0003)
#define HC_OP_LE_SET_RANDOM_ADDRESS	HC_OP(0x08, 0x0005)
#define HC_OP_LE_SET_SCAN_PARAMS	HC_OP(0x08, 0x000b)
#define HC_OP_LE_SET_SCAN_ENABLE	HC_OP(0x08, 0x000c)
#define HC_OP_LE_CREATE_CONN		HC_OP(0x08, 0x000d)
#define HC_OP_LE_CREATE_CONN_CANCEL	HC_OP(0x08, 0x000e)
#define HC_OP_LE_READ_SUPPORTED_STATES	HC_OP(0x08, 0x001c)
#define HC_OP_LE_REM_CONN_PARAM_REPLY	HC_OP(0x08, 0x0020)
#define HC_OP_LE_REM_CONN_PARAM_NEG	HC_OP(0x08, 0x0021)
#define HC_OP_LE_SET_EXT_SCAN_PARAMS	HC_OP(0x08, 0x0041)
#define HC_OP_LE_SET_EXT_SCAN_ENABLE	HC_OP(0x08, 0x0042)
#define HC_OP_LE_EXT_CREATE_CONN	HC_OP(0x08, 0x0043)
#define HC_OP_LE_READ_BUFFER_SIZE_V2	HC_OP(0x08, 0x0060)

/* Events (Vol 4 Part E §7.7). */
#define HC_EVT_DISCONN_COMPLETE		0x05
#define HC_EVT_CMD_COMPLETE		0x0e
#define HC_EVT_CMD_STATUS		0x0f
#define HC_EVT_HARDWARE_ERROR		0x10
#define HC_EVT_NUM_COMPLETED_PACKETS	0x13
#define HC_EVT_LE_META			0x3e
#define HC_EVT_VENDOR			0xff

/* LE Meta subevents (Vol 4 Part E §7.7.65). */
#define HC_LE_CONN_COMPLETE		0x01
#define HC_LE_ADV_REPORT		0x02
#define HC_LE_CONN_UPDATE_COMPLETE	0x03
#define HC_LE_REM_CONN_PARAM_REQ	0x06
#define HC_LE_ENH_CONN_COMPLETE		0x0a
#define HC_LE_EXT_ADV_REPORT		0x0d

/* Status codes (Vol 1 Part F). */
#define HC_SUCCESS			0x00
#define HC_ERR_UNKNOWN_COMMAND		0x01
#define HC_ERR_HARDWARE_FAILURE		0x03
#define HC_ERR_INVALID_PARAMS		0x12
#define HC_ERR_COMMAND_DISALLOWED	0x0c
#define HC_ERR_UNSUPPORTED_FEATURE	0x11
#define HC_ERR_REMOTE_USER_TERM		0x13
#define HC_ERR_LOCAL_HOST_TERM		0x16
#define HC_ERR_UNKNOWN_CONN_ID		0x02
#define HC_ERR_CONN_TIMEOUT		0x08
#define HC_ERR_UNKNOWN_ADVERTISING_ID	0x42
#define HC_ERR_CONN_FAILED_ESTABLISH	0x3e
#define HC_ERR_UNACCEPTABLE_CONN_PARAMS	0x3b
#define HC_ERR_LL_RESPONSE_TIMEOUT	0x22

/*
 * ACL data packet header (Vol 4 Part E §5.4.2): handle (12 bits), PB flag
 * (bits 12-13), BC flag (bits 14-15), then data total length (2).  PB
 * 0b00 first non-automatically-flushable (host to controller), 0b01
 * continuing fragment, 0b10 first automatically flushable (controller to
 * host on LE).
 */
#define HC_ACL_HANDLE(hf)		((hf) & 0x0fff)
#define HC_ACL_PB(hf)			(((hf) >> 12) & 0x3)
#define HC_ACL_PB_FIRST_NOFLUSH		0x0
#define HC_ACL_PB_CONT			0x1
#define HC_ACL_PB_FIRST_FLUSH		0x2

/*
 * Legacy advertising report event types (§7.7.65.2).  The extended report
 * (§7.7.65.13) uses a bit field; HC_EXT_EVT_* below.
 */
#define HC_ADV_IND			0x00
#define HC_ADV_DIRECT_IND		0x01
#define HC_ADV_SCAN_IND			0x02
#define HC_ADV_NONCONN_IND		0x03
#define HC_SCAN_RSP			0x04

#define HC_EXT_EVT_CONNECTABLE		0x0001
#define HC_EXT_EVT_SCANNABLE		0x0002
#define HC_EXT_EVT_DIRECTED		0x0004
#define HC_EXT_EVT_SCAN_RSP		0x0008
#define HC_EXT_EVT_LEGACY		0x0010
#define HC_EXT_EVT_DATA_STATUS(t)	(((t) >> 5) & 0x03)
#define HC_DATA_COMPLETE		0
#define HC_DATA_INCOMPLETE		1
#define HC_DATA_TRUNCATED		2

/* Address types in advertising reports (§7.7.65.2 and §7.7.65.13). */
#define HC_ADDR_PUBLIC			0x00
#define HC_ADDR_RANDOM			0x01
#define HC_ADDR_PUBLIC_ID		0x02
#define HC_ADDR_RANDOM_ID		0x03
#define HC_ADDR_ANONYMOUS		0xff

/* Supported-commands bits: octet, bit (§6.27). */
#define HC_CMDBIT_LE_SET_EXT_SCAN_PARAMS	37, 5
#define HC_CMDBIT_LE_SET_EXT_SCAN_ENABLE	37, 6
#define HC_CMDBIT_LE_EXT_CREATE_CONN		37, 7
#define HC_CMDBIT_LE_READ_BUFFER_SIZE_V2	41, 5
#define HC_CMDBIT_LE_REM_CONN_PARAM_REPLY	33, 4
#define HC_CMDBIT_LE_REM_CONN_PARAM_NEG		33, 5
/* LE feature bits (Vol 6 Part B §4.6). */
#define HC_LEFEAT_CONN_PARAM_REQ		1
#define HC_LEFEAT_EXT_ADV			12
#define HC_LEFEAT_CODED_PHY			11

/* Event-mask bits (§7.3.1): LE Meta event is bit 61. */
#define HC_EVMASK_LE_META_BIT		61

/* RSSI and TX power "not available" (§7.7.65.13). */
#define HC_RSSI_NONE			127
#define HC_TXPOWER_NONE			127

#endif
