/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * default_adapter.h - the adapter a command uses when none is named
 * (no --adapter, no LOCKSCOPE_ADAPTER): the only usable one.
 *
 * Usable, in this order: a kernel adapter (hciN) that is up; else a
 * Bluetooth USB dongle that lockscope may open and that no kernel driver
 * holds.  Exactly one usable adapter in the first tier that has any is
 * chosen; none, or two or more in that tier, is for the technician to
 * settle (lockscope doctor lists them).  The choice itself
 * (default_adapter_pick) and the candidates drawn from the doctor's
 * probe (default_adapter_candidates) are pure, tested over injected
 * lists; default_adapter_find runs the real probe.
 */
#ifndef LS_ADAPTERS_DEFAULT_ADAPTER_H
#define LS_ADAPTERS_DEFAULT_ADAPTER_H

#include <stdbool.h>
#include <stddef.h>

#include "doctor/doctor.h"
#include "util/err.h"

#define DEFAULT_ADAPTER_MAX	(DOCTOR_MAX_HCI + DOCTOR_MAX_USB)
#define DEFAULT_ADAPTER_SPEC	128

enum default_adapter_kind {
	DEFAULT_ADAPTER_KERNEL,		/* hciN; also any other spec */
	DEFAULT_ADAPTER_USB		/* usb:VID:PID */
};

struct default_adapter_cand {
	char				spec[DEFAULT_ADAPTER_SPEC];
	enum default_adapter_kind	kind;
	bool				usable;
	char				note[64];	/* why not usable, or
							   what it is */
};

enum default_adapter_result {
	DEFAULT_ADAPTER_ONE,		/* *chosen is the one */
	DEFAULT_ADAPTER_NONE,		/* nothing usable */
	DEFAULT_ADAPTER_SEVERAL		/* more than one to choose from */
};

/* Pure: which of c[0..n) to use (see the file comment). */
enum default_adapter_result default_adapter_pick(
		    const struct default_adapter_cand *c, size_t n,
		    size_t *chosen);

/*
 * Pure: the candidates in what the doctor's probe saw: every hciN (up
 * or not, known or not), then every Bluetooth-class USB device.  Fills
 * out[0..max) and returns how many.
 */
size_t		default_adapter_candidates(const struct doctor_input *in,
		    struct default_adapter_cand *out, size_t max);

/*
 * Pure: candidates from a list of words "SPEC" (usable) or "SPEC=down"
 * (not usable), hciN and others in the first tier, usb... in the
 * second.  For the test suite's LOCKSCOPE_TEST_ADAPTERS seam.
 */
size_t		default_adapter_parse(const char *list,
		    struct default_adapter_cand *out, size_t max);

/*
 * Find the adapter to use: from injected (a default_adapter_parse list)
 * when not NULL, else by probing the system (sysfs, HCI ioctls, libusb).
 * On success spec gets it and why a few words ("the only one up").
 * Errors: LS_EUNAVAIL when none or several, the message listing the
 * candidates and pointing at 'lockscope doctor'; LS_ENOMEM.
 */
enum ls_err	default_adapter_find(const char *injected, char *spec,
		    size_t speccap, char *why, size_t whycap,
		    struct ls_errbuf *eb);

#endif
