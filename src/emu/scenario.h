/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario.h - load and strictly validate an emulated-site scenario file
 * ("scenario": 1, format in lockscope-scenario(5)) into read-only C records.
 *
 * The file is JSON with // and block comments allowed.  Every key is
 * checked: an unknown key, a wrong type, a value out of range, a duplicate
 * id or address, a timeline entry naming a device or state that does not
 * exist - each is an LS_EINPUT error whose message names the file, the
 * path inside it and the line and column (util/json_check.h), e.g.
 *
 *	site.json: ble[2].adv: not a hex string (line 10, column 26)
 *	site.json: timeline[3].state: device 'front-door' has no state
 *	    'broken' (line 13, column 54)
 *
 * The loader validates every key of lockscope-scenario(5), including any
 * part an emulator does not use yet (gatt, connect, state values, nfc),
 * so later emulators (GATT/connection, PN532) can reuse it.
 *
 * Optional keys (lockscope-scenario(5) documents them too):
 *  - Optional device keys for the connection emulation: "mtu" (server
 *    ATT_MTU, 23..517, default 247), "read_multiple_variable" (boolean,
 *    default true: the server implements ATT Read Multiple Variable
 *    Length), "security_request" (boolean, default false: the device
 *    sends an SMP Security Request after connecting); and in "connect",
 *    "param_update_ms" (8..4000: after connecting the device asks for
 *    this connection interval with an L2CAP Connection Parameter Update
 *    Request) and "param_request_ms" (8..4000: after connecting the
 *    device's link layer asks for this interval with the Connection
 *    Parameters Request procedure, which the controller hands to the host
 *    as an LE Remote Connection Parameter Request event).
 *  - "ext_adv" (hex, 1..251 bytes): advertising data sent as a
 *    non-legacy extended advertisement to an extended scanner (a legacy
 *    scanner still sees "adv"), split into reports of "ext_adv_piece"
 *    bytes (1..229, default 229); states do not change it.
 *  - "phy": "1m" (default) or "coded": a coded device advertises only
 *    on the LE Coded PHY, with extended (non-legacy) PDUs; only an
 *    extended scan that includes Coded hears it, and only a create
 *    connection that initiates on Coded reaches it.
 *  - The state name "initial" is reserved.  Every device has it as
 *    states[0]: the top-level adv, scan_rsp and characteristic values.
 *    Switching to "initial" restores the device as the file describes it.
 *  - In a state, "scan_rsp": null removes the scan response; a key the
 *    state omits keeps the current value when switching.
 *  - Advertising bytes are not checked for well-formed AD structures, so
 *    a scenario can feed malformed advertisements to the host under test.
 *  - ADV_NONCONN_IND devices cannot have a scan response (not scannable).
 *  - Ids and state names are 1-64 characters of A-Z a-z 0-9 . _ - (the
 *    control socket protocol separates words by spaces).  Ids are unique
 *    across ble[] and nfc[]; (address, address_type) is unique in ble[].
 *  - Timeline entries are sorted by at_ms (stable: equal times keep file
 *    order).
 *
 * What it does not do: it never checks that advertising data decodes as
 * what the device claims to be; that is the job of lockscope's decoders.
 */
#ifndef LS_EMU_SCENARIO_H
#define LS_EMU_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Caps: a scenario cannot make the emulator grow past these. */
#define SCN_FILE_MAX		(16u * 1024 * 1024)	/* bytes */
#define SCN_MAX_BLE		10000
#define SCN_MAX_NFC		1000
#define SCN_MAX_TIMELINE	100000
#define SCN_MAX_STATES		256	/* per device, "initial" included */
#define SCN_MAX_SERVICES	64	/* per device */
#define SCN_MAX_CHARS		64	/* per service */
#define SCN_ID_MAX		64	/* characters in an id or state name */
#define SCN_NAME_MAX		256	/* bytes in the scenario name */
#define SCN_ADV_MAX		31	/* legacy advertising data */
/*
 * Extended advertising data ("ext_adv"), and the most a controller puts
 * in one LE Extended Advertising Report (255 - 26 octets of the report's
 * own fields, Vol 4 Part E §7.7.65.13): longer data comes in pieces.
 */
#define SCN_EXT_ADV_MAX		251
#define SCN_EXT_PIECE_MAX	229
#define SCN_VALUE_MAX		512	/* ATT attribute value,
					   Vol 3 Part F §3.2.9 */
#define SCN_ATS_MAX		254
#define SCN_PAGES_MAX		4096	/* bytes of Type 2 memory
					   (1024 pages) */
#define SCN_VERSION_MAX		8	/* GET_VERSION answer */
#define SCN_AT_MS_MAX		2147483647u
/* ATT_MTU of the emulated server: LE minimum and maximum (Vol 3 Part F
 * §3.2.8, §3.2.9: 512-byte values plus the 5-byte Read Blob overhead). */
#define SCN_MTU_MIN		23
#define SCN_MTU_MAX		517
#define SCN_MTU_DEFAULT		247	/* a 251-byte LL PDU minus L2CAP */

/* Legacy advertising PDU types (Vol 6 Part B §2.3). */
enum scn_adv_type {
	SCN_ADV_IND,
	SCN_ADV_NONCONN_IND,
	SCN_ADV_SCAN_IND
};

/* Address types, numbered as in HCI advertising reports. */
#define SCN_ADDR_PUBLIC		0
#define SCN_ADDR_RANDOM		1

/* Characteristic properties: the ATT property bits, Vol 3 Part G §3.3.1.1. */
#define SCN_PROP_READ		0x02
#define SCN_PROP_WRITE_NR	0x04	/* write-without-response */
#define SCN_PROP_WRITE		0x08
#define SCN_PROP_NOTIFY		0x10
#define SCN_PROP_INDICATE	0x20

enum scn_security {
	SCN_SEC_NONE,
	SCN_SEC_ENCRYPTED,	/* ATT answers Insufficient Encryption */
	SCN_SEC_AUTHENTICATED
};

enum scn_conn_fail {
	SCN_FAIL_NONE,
	SCN_FAIL_TIMEOUT,
	SCN_FAIL_REJECT
};

/* Advertising or scan response data. */
struct scn_adv {
	bool		present;	/* false: no scan response at all */
	uint8_t		len;		/* 0..SCN_ADV_MAX */
	uint8_t		data[SCN_ADV_MAX];
};

/* A 16-bit or 128-bit UUID, little-endian as on the ATT wire. */
struct scn_uuid {
	uint8_t		len;		/* 2 or 16 */
	uint8_t		b[16];
};

struct scn_char {
	struct scn_uuid	 uuid;
	unsigned	 props;		/* SCN_PROP_* */
	enum scn_security security;
	size_t		 service;	/* index into scn_ble.services */
	size_t		 len;		/* initial value */
	uint8_t		*value;		/* owned by the scenario;
					   NULL if len 0 */
};

/* A service; its characteristics are chars[first .. first + count). */
struct scn_service {
	struct scn_uuid	uuid;
	size_t		first;
	size_t		count;
};

struct scn_connect {
	unsigned		delay_ms;		/* 0..60000,
							   default 30 */
	unsigned		conn_interval_ms;	/* 8..4000,
							   default 30 */
	enum scn_conn_fail	fail;			/* default none */
	unsigned		param_update_ms;	/* 0: none (8..4000) */
	unsigned		param_request_ms;	/* 0: none (8..4000) */
};

/* One characteristic value a state sets. */
struct scn_setval {
	size_t		 chr;		/* index into scn_ble.chars */
	size_t		 len;
	uint8_t		*value;		/* owned by the scenario;
					   NULL if len 0 */
};

struct scn_state {
	char		*name;
	bool		 set_adv;	/* the state gives "adv" */
	struct scn_adv	 adv;
	bool		 set_scan_rsp;	/* the state gives "scan_rsp"
					   (maybe null) */
	struct scn_adv	 scan_rsp;
	size_t		 nvalues;
	struct scn_setval *values;
};

struct scn_ble {
	size_t		 index;		/* position in ble[] */
	char		*id;
	uint8_t		 addr[6];	/* little-endian, as on the HCI wire */
	uint8_t		 addr_type;	/* SCN_ADDR_* */
	enum scn_adv_type adv_type;
	bool		 coded;		/* "phy": "coded": LE Coded only */
	unsigned	 interval_ms;	/* 20..10240 */
	int		 rssi;		/* -127..20 dBm */
	unsigned	 rssi_jitter;	/* 0..40 dB */
	struct scn_adv	 adv;		/* present is always true */
	struct scn_adv	 scan_rsp;	/* present only if the file gives one */
	size_t		 nservices;
	struct scn_service *services;
	size_t		 nchars;	/* all services' characteristics */
	struct scn_char	*chars;
	bool		 has_connect;	/* the file gave "connect" */
	struct scn_connect connect;	/* defaults when !has_connect */
	unsigned	 mtu;		/* server ATT_MTU, SCN_MTU_DEFAULT */
	bool		 read_mult_var;	/* Read Multiple Variable
					   (default on) */
	bool		 security_request; /* SMP Security Request on connect */
	size_t		 ext_adv_len;	/* 0: no extended advertising */
	uint8_t		 ext_adv[SCN_EXT_ADV_MAX];
	unsigned	 ext_piece;	/* bytes per report, 1..229 */
	size_t		 nstates;	/* >= 1: states[0] is "initial" */
	struct scn_state *states;
};

/*
 * RF technology of a tag ("technology", optional; default nfc-a).
 * NFC-B and FeliCa tags have only id, uid (PUPI / IDm) and, for FeliCa,
 * "pmm" and "system_code".
 */
enum scn_tech {
	SCN_TECH_NFC_A,
	SCN_TECH_NFC_B,
	SCN_TECH_FELICA
};

struct scn_nfc {
	size_t		 index;		/* position in nfc[] */
	char		*id;
	enum scn_tech	 tech;
	uint8_t		 atqa[2];	/* as written: MSB first */
	uint8_t		 sak;
	uint8_t		 uid_len;	/* 4, 7 or 10; nfc-b 4; felica 8 */
	uint8_t		 uid[10];
	bool		 has_ats;	/* false for "ats": null */
	uint8_t		 ats_len;	/* 1..SCN_ATS_MAX */
	uint8_t		 ats[SCN_ATS_MAX];
	size_t		 pages_len;	/* multiple of 4, <= SCN_PAGES_MAX */
	uint8_t		*pages;		/* owned by the scenario; NULL if 0 */
	/*
	 * Optional keys (lockscope-scenario(5)): "get_version", the
	 * answer to GET_VERSION (8 bytes for a Type 2 tag's native 0x60,
	 * 7 bytes for the hardware frame of a DESFire's wrapped 90 60);
	 * "aliro": true when the credential answers SELECT of the Aliro
	 * AIDs with 90 00.
	 */
	uint8_t		 version_len;	/* 0: no GET_VERSION answer */
	uint8_t		 version[SCN_VERSION_MAX];
	bool		 aliro;
	uint8_t		 pmm[8];	/* FeliCa PMm; zeros if not given */
	uint8_t		 system_code[2];	/* FeliCa */
	bool		 has_system_code;
};

/* A timeline entry, resolved at load. */
struct scn_event {
	uint32_t	at_ms;		/* after the emulator's start */
	size_t		dev;		/* index into ble[] */
	size_t		state;		/* index into that device's states[] */
};

struct scn;

/*
 * Load and validate the scenario at path.  On success *out is a new
 * scenario the caller frees with scn_free().  On failure *out is NULL
 * and eb (may be NULL) holds "FILE: where: what (line L, column C)".
 * Returns LS_EINPUT for bad content or a missing file, LS_EPERM when it
 * cannot be read for permissions, LS_EIO for other read errors,
 * LS_ENOMEM.
 */
enum ls_err	 scn_load(const char *path, struct scn **out,
		    struct ls_errbuf *eb);

/*
 * The same from memory: text/len is the file's content (borrowed, need
 * not be NUL-terminated); name is used in messages only.
 */
enum ls_err	 scn_parse(const char *name, const char *text, size_t len,
		    struct scn **out, struct ls_errbuf *eb);

/* Free a scenario and every record in it.  NULL is a no-op. */
void		 scn_free(struct scn *);

/*
 * Accessors.  Returned records belong to the scenario and live until
 * scn_free(); indexes out of range give NULL.
 */
const char		*scn_name(const struct scn *);	/* "" if none */
size_t			 scn_ble_count(const struct scn *);
const struct scn_ble	*scn_ble(const struct scn *, size_t i);
size_t			 scn_nfc_count(const struct scn *);
const struct scn_nfc	*scn_nfc(const struct scn *, size_t i);
size_t			 scn_timeline_count(const struct scn *);
const struct scn_event	*scn_timeline(const struct scn *, size_t i);

/* The BLE device with this id, or NULL (binary search). */
const struct scn_ble	*scn_ble_find(const struct scn *, const char *id);

/* Index of the named state in dev->states, or -1. */
long			 scn_state_find(const struct scn_ble *dev,
			    const char *name);

/* "ADV_IND"... for an advertising type. */
const char		*scn_adv_type_str(enum scn_adv_type);

/*
 * Format a UUID as in the file: "2a19" or
 * "a92ee200-5501-11e4-916c-0800200c9a66".  out must hold 37 bytes.
 */
char			*scn_uuid_str(const struct scn_uuid *, char out[37]);

/*
 * Parse a UUID: 4 hex digits, 32 hex digits, or the dashed 36-character
 * form.  Returns false on anything else.
 */
bool			 scn_uuid_parse(const char *s, struct scn_uuid *out);

/*
 * True when two UUIDs name the same thing: a 16-bit UUID equals its
 * 128-bit form on the Bluetooth Base UUID (Vol 3 Part B §2.5.1).
 */
bool			 scn_uuid_eq(const struct scn_uuid *,
			    const struct scn_uuid *);

#endif
