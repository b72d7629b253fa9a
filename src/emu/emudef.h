/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * emudef.h - the protocol constants only the controller side needs.
 * Everything the host also uses comes from the host's own headers, which
 * this file includes (hci/hcidef.h, gatt/l2cap.h, gatt/att.h): one
 * definition of each opcode, event, error and channel.  What is left here
 * is what a controller checks or answers and a host never sends or reads
 * (ED_ prefix).
 *
 * Values from the Bluetooth Core Specification 5.4; the section is named
 * next to each group.
 */
#ifndef LS_EMU_EMUDEF_H
#define LS_EMU_EMUDEF_H

#include "gatt/att.h"
#include "gatt/l2cap.h"
#include "hci/hcidef.h"

/* LE Connection Update (Vol 4 Part E §7.8.18): lockscope never sends it. */
#define ED_OP_LE_CONN_UPDATE		0x2013

/* Supported Commands bits: octet, bit (Vol 4 Part E §6.27). */
#define ED_CMDBIT_DISCONNECT		0, 5
#define ED_CMDBIT_READ_RSSI		15, 5
#define ED_CMDBIT_LE_CREATE_CONN	26, 4
#define ED_CMDBIT_LE_CREATE_CONN_CANCEL	26, 5
#define ED_CMDBIT_LE_CONN_UPDATE	27, 2

/* Parameter lengths: §7.8.12 (25 octets), §7.8.66 (10 + 16 per PHY). */
#define ED_CREATE_CONN_LEN		25
#define ED_EXT_CREATE_CONN_BASE		10
#define ED_EXT_CREATE_CONN_PHY		16

/* Set Event Mask bit of Disconnection Complete (§7.3.1). */
#define ED_EVMASK_DISCONN_BIT		4

/*
 * LE Enhanced Connection Complete [v2] subevent (§7.7.65.10); the LE
 * event mask bit of subevent n is n - 1 (§7.8.1).
 */
#define ED_LE_ENH_CONN_COMPLETE_V2	0x29

/* Connection parameter limits (§7.8.12). */
#define ED_CONN_INTERVAL_MIN		0x0006
#define ED_CONN_INTERVAL_MAX		0x0c80
#define ED_CONN_LATENCY_MAX		0x01f3
#define ED_SUPERVISION_MIN		0x000a
#define ED_SUPERVISION_MAX		0x0c80

/*
 * ACL data packets (Vol 4 Part E §5.4.2): Handle 12 bits, Packet_Boundary
 * flag 2 bits, Broadcast flag 2 bits, then a 16-bit length.
 */
#define ED_ACL_HDR			4
#define ED_HANDLE_MAX			0x0eff

/* L2CAP basic header (Vol 3 Part A §3.1). */
#define ED_L2CAP_HDR			4

/* Command Reject reason "Command not understood" (Vol 3 Part A §4.1). */
#define ED_SIG_REJECT_NOT_UNDERSTOOD	0x0000

/* SMP AuthReq: bonding (Vol 3 Part H §3.5.1). */
#define ED_SMP_AUTH_BONDING		0x01

/* Client Characteristic Configuration descriptor (Vol 3 Part G §3.3.3.3). */
#define ED_UUID_CCCD			0x2902

#endif
