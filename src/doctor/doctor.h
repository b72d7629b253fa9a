/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * doctor.h - is this laptop ready for lockscope?  What the system looks
 * like (a probe) and what that means (checks), kept apart so the checks
 * are pure functions tested over recorded inputs.
 *
 * The probe fills a struct doctor_input from the real system (sysfs,
 * /proc, an HCI ioctl, libusb enumeration, libnfc's device list) or from
 * a recorded fixture directory laid out like the system: sys/, proc/,
 * etc/udev/rules.d/, plus one text file "probe" for what is not a file
 * (see doctor_parse_probe()).  The checks turn an input into findings,
 * each with the command that fixes it.  Nothing here prints.
 *
 * Statuses: ok (ready), info (a fact, not a problem), warn (something
 * lockscope may trip over, or hardware missing for half of the job: no
 * NFC reader), fail (blocks the job).  The laptop is ready when no check
 * is warn or fail.
 */
#ifndef LS_DOCTOR_DOCTOR_H
#define LS_DOCTOR_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define DOCTOR_MAX_HCI		8
#define DOCTOR_MAX_RFKILL	16
#define DOCTOR_MAX_USB		64
#define DOCTOR_MAX_NFC		8

/* Linux capability numbers (include/uapi/linux/capability.h). */
#define DOCTOR_CAP_NET_ADMIN	12
#define DOCTOR_CAP_NET_RAW	13

struct doctor_hci {
	char		name[16];	/* "hci0", from /sys/class/bluetooth */
	bool		up_known;
	bool		up;		/* HCI_UP */
};

struct doctor_rfkill {
	char		name[32];	/* "rfkill0" */
	char		type[16];	/* "bluetooth", "nfc", "wlan", ... */
	bool		soft, hard;
};

struct doctor_usb {
	uint16_t	vid, pid;
	uint8_t		bus, addr;
	bool		bt_class;	/* E0/01/01 on device or interface 0 */
	bool		access;		/* we could open it */
	bool		driver;		/* a kernel driver has interface 0
					   (known only with access) */
};

struct doctor_input {
	bool			af_bluetooth;	/* kernel has AF_BLUETOOTH */
	struct doctor_hci	hci[DOCTOR_MAX_HCI];
	size_t			nhci;
	struct doctor_rfkill	rfkill[DOCTOR_MAX_RFKILL];
	size_t			nrfkill;
	bool			bluetoothd;	/* a process named so runs */
	bool			pcscd;
	bool			modules_known;	/* /proc/modules was read */
	bool			mod_pn533, mod_pn533_usb, mod_nfc;
	bool			caps_known;	/* CapEff was read */
	uint64_t		cap_eff;
	char			exe[256];	/* path for the setcap line */
	bool			usb_ok;		/* USB could be enumerated */
	char			usb_err[128];
	struct doctor_usb	usb[DOCTOR_MAX_USB];
	size_t			nusb;
	bool			libnfc_ok;
	char			libnfc_err[128];
	char			nfc[DOCTOR_MAX_NFC][128]; /* connstrings */
	size_t			nnfc;
	bool			udev_rule;	/* 70-lockscope.rules found */
};

/* --- pure parsers (fuzzed: tests/fuzz/fuzz_doctor.c) --------------- */

/*
 * The CapEff value of a /proc/PID/status text (hex).  False when the
 * line is missing or malformed.
 */
bool		doctor_parse_capeff(const char *text, size_t n, uint64_t *out);

/*
 * Flags for the NFC modules (pn533, pn533_usb, nfc) in a /proc/modules
 * text: one module per line, its name first.
 */
void		doctor_parse_modules(const char *text, size_t n,
		    struct doctor_input *in);

/*
 * Apply a probe file's text to *in.  One statement per line, '#'
 * comments, blank lines ignored:
 *   af_bluetooth yes|no
 *   hci NAME up|down              (the state of an adapter in sys/)
 *   usb VID:PID BUS:ADDR bt|- access|noaccess driver|nodriver
 *   usb_error TEXT                (enumeration failed)
 *   libnfc CONNSTRING             (one line per device libnfc lists)
 *   libnfc_error TEXT
 *   exe PATH
 * Errors: LS_EINPUT naming the line.  Sets in->usb_ok and
 * in->libnfc_ok to true unless an *_error line says otherwise.
 */
enum ls_err	doctor_parse_probe(const char *text, size_t n,
		    struct doctor_input *in, struct ls_errbuf *eb);

/* --- known USB devices ---------------------------------------------- */

enum doctor_usb_kind {
	DOCTOR_USB_OTHER,
	DOCTOR_USB_BT,		/* Bluetooth controller */
	DOCTOR_USB_NFC_PN53X,	/* PN531/PN533 family (libnfc pn53x_usb) */
	DOCTOR_USB_NFC_ACR122	/* ACR122U (libnfc acr122_usb, or pcscd) */
};

/* What a device is, and its name ("ACS ACR122U") or NULL. */
enum doctor_usb_kind doctor_usb_kind(const struct doctor_usb *,
		    const char **name);

/*
 * The i-th entry of the table of known NFC readers (for tests that keep
 * scripts/70-lockscope.rules in step).  False past the end.
 */
bool		doctor_usb_known_at(size_t i, uint16_t *vid, uint16_t *pid);

/* --- checks ---------------------------------------------------------- */

enum doctor_status {
	DOCTOR_OK,
	DOCTOR_INFO,
	DOCTOR_WARN,
	DOCTOR_FAIL
};

/* What the user means to use, for checks that depend on it. */
enum doctor_mode {
	DOCTOR_MODE_KERNEL,	/* hciN (the default) */
	DOCTOR_MODE_USER,	/* user:hciN */
	DOCTOR_MODE_USB,	/* usb[:VID:PID] */
	DOCTOR_MODE_OTHER	/* h4:..., replay:... */
};

struct doctor_check {
	const char		*id;		/* static, e.g. "bt-adapter" */
	enum doctor_status	 status;
	char			 finding[512];
	char			 fix[512];	/* "" when nothing to do */
};

#define DOCTOR_MAX_CHECKS	16

struct doctor_report {
	struct doctor_check	check[DOCTOR_MAX_CHECKS];
	size_t			n;
	unsigned		count[4];	/* per status */
};

/* The mode an adapter spec implies (NULL or "" = the default). */
enum doctor_mode doctor_mode_of(const char *spec);

/*
 * Run every check over in.  Pure: same input, same report.  The order
 * is fixed: bt-kernel, bt-adapter, bt-up, rfkill, bluetoothd,
 * capabilities, usb-bt, nfc-reader, libnfc, pcscd, nfc-modules, udev.
 */
void		doctor_run(const struct doctor_input *in, enum doctor_mode,
		    struct doctor_report *out);

/* True when nothing is warn or fail. */
bool		doctor_ready(const struct doctor_report *);

/* "ok", "info", "warn", "fail". */
const char	*doctor_status_name(enum doctor_status);

#endif
